// Element references in binding args (protocol §1), read by the built bundle.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush } from "../harness/page.js"

// Clicks a button whose binding posts `args`; returns the args as the server receives them.
async function sent(html, args) {
  const page = boot({ body: `${html}<button id=go hv-click='${JSON.stringify(["/a/", args])}'>go</button>` })
  page.$("go").click()
  await flush()
  return page.posts[0].json.args
}

test("text input, textarea and select send .value; `as` is passed through", async () => {
  const html = `<input id=n value=41><textarea id=t>hi</textarea>
    <select id=s><option>a</option><option selected>b</option></select>`
  assert.deepEqual(
    await sent(html, [{ $el: "n", as: "int" }, { $el: "t" }, { $el: "s" }]),
    [{ $v: "41", as: "int" }, { $v: "hi" }, { $v: "b" }],
  )
})

test("checkbox sends checked", async () => {
  const html = "<input type=checkbox id=on checked><input type=checkbox id=off value=x>"
  assert.deepEqual(await sent(html, [{ $el: "on", as: "bool" }, { $el: "off" }]), [{ $v: true, as: "bool" }, { $v: false }])
})

test("radio sends the value of the checked radio of its group, or null", async () => {
  const html = `<input type=radio name=size id=s value=s><input type=radio name=size id=m value=m checked>
    <input type=radio name=color id=red value=red>
    <form><input type=radio name=size id=f value=form-s checked></form>`
  assert.deepEqual(await sent(html, [{ $el: "s" }, { $el: "red" }, { $el: "f" }]), [{ $v: "m" }, { $v: null }, { $v: "form-s" }])
})

test("select multiple sends the list of selected values", async () => {
  const html = `<select id=tags multiple><option selected>a</option><option>b</option><option selected>c</option></select>
    <select id=none multiple><option>a</option></select>`
  assert.deepEqual(await sent(html, [{ $el: "tags", as: "list" }, { $el: "none" }]), [{ $v: ["a", "c"], as: "list" }, { $v: [] }])
})

test("$el null is THIS, the element carrying the binding", async () => {
  const page = boot({ body: `<input id=q value=typed hv-change='["/search/", [{"$el": null}, "x"]]'>` })
  page.$("q").dispatchEvent(new page.window.Event("change", { bubbles: true }))
  await flush()
  assert.deepEqual(page.posts[0].json.args, [{ $v: "typed" }, "x"])
})

test("tagged literals and plain values pass through; references inside lists and objects resolve", async () => {
  const html = "<input id=a value=1>"
  assert.deepEqual(
    await sent(html, [{ $v: "2026-01-02", as: "date" }, null, [{ $el: "a" }], { k: { $el: "a", as: "int" } }]),
    [{ $v: "2026-01-02", as: "date" }, null, [{ $v: "1" }], { k: { $v: "1", as: "int" } }],
  )
})

test("values are read when the event fires, not when the page loaded", async () => {
  const page = boot({ body: `<input id=a value=old><button id=go hv-click='["/a/", [{"$el": "a"}]]'>go</button>` })
  page.$("a").value = "new"
  page.$("go").click()
  await flush()
  assert.deepEqual(page.posts[0].json.args, [{ $v: "new" }])
})

test("a reference to a missing element sends nothing and reports hypergen:error", async () => {
  const page = boot({ body: `<button id=go hv-click='["/a/", [{"$el": "gone"}]]'>go</button>` })
  const errors = page.events("hypergen:error")
  page.$("go").click()
  await flush()
  assert.equal(page.posts.length, 0)
  assert.deepEqual(errors, [{ message: 'hypergen: no element with id "gone"' }])
})

test("a contenteditable element sends its markup (innerHTML), as Hypergen reads it; a plain div null", async () => {
  // contenteditable=true: happy-dom takes a bare contenteditable (what the server renders for
  // contenteditable=True) for "inherit"; browsers for true (the Chromium test covers that one)
  const html = `<div id=ed contenteditable=true>edit <b>me</b></div><div id=in contenteditable=true><p id=p>x</p></div>
    <div id=off contenteditable=false>no</div><div id=plain>plain</div>`
  const page = boot({ body: `${html}<button id=go hv-click='${JSON.stringify(["/a/", [{ $el: "ed" }, { $el: "p" }, { $el: "off" }, { $el: "plain" }]])}'>go</button>` })
  page.$("ed").innerHTML = "edit <b>me</b> <i>now</i>" // what the user typed
  page.$("go").click()
  await flush()
  // an element inside an editable one is editable too (the browser's isContentEditable)
  assert.deepEqual(page.posts[0].json.args, [{ $v: "edit <b>me</b> <i>now</i>" }, { $v: "x" }, { $v: null }, { $v: null }])
})
