// Delegated event bindings (protocol §1) in the built bundle.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { boot, flush, jsonResponse } from "../harness/page.js"
import { OUTFILE } from "../build.mjs"

const bind = (target, args = [], opts) => JSON.stringify(opts ? [target, args, opts] : [target, args])

test("a click anywhere inside the bound element posts its action once", async () => {
  const page = boot({ body: `<button id=b hv-click='${bind("/inc/", [1, "two"])}'><span id=inner>+</span></button>` })
  page.$("inner").click()
  await flush()
  assert.deepEqual(page.posts.map(p => [p.url, p.body]), [["/inc/", '{"args":[1,"two"]}']])
})

test("elements added after load are bound too (delegation, no per-element setup)", async () => {
  const page = boot()
  page.document.body.insertAdjacentHTML("beforeend", `<button id=late hv-click='${bind("/late/")}'>x</button>`)
  page.$("late").click()
  await flush()
  assert.equal(page.posts[0].url, "/late/")
})

test("events of other types, or on unbound elements, do nothing", async () => {
  const page = boot({ body: `<button id=b hv-dblclick='${bind("/dbl/")}'>x</button><p id=p>text</p>` })
  page.$("b").click()
  page.$("p").click()
  await flush()
  assert.equal(page.posts.length, 0)
  page.$("b").dispatchEvent(new page.window.MouseEvent("dblclick", { bubbles: true }))
  await flush()
  assert.equal(page.posts[0].url, "/dbl/")
})

test("works with JavaScript evaluation off: no inline handlers, no eval in the bundle", async () => {
  const page = boot({ body: `<button id=b hv-click='${bind("/a/")}'>x</button>` })
  assert.equal(page.window.happyDOM.settings.enableJavaScriptEvaluation, false)
  page.$("b").click()
  await flush()
  assert.equal(page.posts.length, 1)
  assert.equal(page.$("b").getAttribute("onclick"), null)
  const bundle = readFileSync(OUTFILE, "utf8")
  assert.doesNotMatch(bundle, /\beval\(|new Function\(|setAttribute\("on/)
})

test("submit and clicks on <a> call preventDefault; other clicks don't", () => {
  const page = boot({
    body: `<form id=f hv-submit='${bind("/save/")}'><input name=x></form>
      <a id=a href="/elsewhere" hv-click='${bind("/a/")}'>go</a><a id=plain href="#x">plain</a>
      <button id=b hv-click='${bind("/b/")}'>b</button>`,
  })
  const fire = (id, type) => page.$(id).dispatchEvent(new page.window.Event(type, { bubbles: true, cancelable: true }))
  assert.equal(fire("f", "submit"), false)
  assert.equal(fire("a", "click"), false)
  assert.equal(fire("plain", "click"), true)
  assert.equal(fire("b", "click"), true)
})

test("js: targets call a window function with the resolved args, without a request", async () => {
  const page = boot({ body: `<input id=i value=v><button id=b hv-click='${bind("js:app.show", [{ $el: "i" }, 2])}'>x</button>` })
  const calls = []
  page.window.app = { show(...args) { calls.push([this === page.window.app, ...args]) } }
  page.$("b").click()
  await flush()
  assert.deepEqual(JSON.parse(JSON.stringify(calls)), [[true, { $v: "v" }, 2]])
  assert.equal(page.posts.length, 0)
})

test("debounce sends once, after the pause, with the value at that time", async () => {
  const page = boot({ body: `<input id=q hv-input='${bind("/search/", [{ $el: null }], { debounce: 300 })}'>` })
  const type = text => {
    page.$("q").value = text
    page.$("q").dispatchEvent(new page.window.Event("input", { bubbles: true }))
  }
  type("a")
  page.clock.tick(200)
  type("ab")
  page.clock.tick(299)
  await flush()
  assert.equal(page.posts.length, 0)
  page.clock.tick(1)
  await flush()
  assert.deepEqual(page.posts.map(p => p.json.args), [[{ $v: "ab" }]])
})

test("debounce timers are per element", async () => {
  const input = id => `<input id=${id} hv-input='${bind("/s/", [id], { debounce: 100 })}'>`
  const page = boot({ body: input("x") + input("y") })
  for (const id of ["x", "y"]) page.$(id).dispatchEvent(new page.window.Event("input", { bubbles: true }))
  page.clock.tick(100)
  await flush()
  assert.deepEqual(page.posts.map(p => p.json.args).sort(), [["x"], ["y"]])
})

test("confirm asks with the text; cancel drops the event", async () => {
  const page = boot({ body: `<button id=b hv-click='${bind("/delete/", [], { confirm: "Really?" })}'>x</button>` })
  const asked = []
  let answer = false
  page.window.confirm = text => (asked.push(text), answer)
  page.$("b").click()
  await flush()
  assert.equal(page.posts.length, 0)
  answer = true
  page.$("b").click()
  await flush()
  assert.deepEqual(asked, ["Really?", "Really?"])
  assert.equal(page.posts.length, 1)
})

test("when is called with the event and its args; falsy drops the event", async () => {
  const page = boot({ body: `<input id=i hv-keyup='${bind("/enter/", [], { when: ["keyIs", "Enter"] })}'>` })
  page.window.keyIs = (e, key) => e.key == key
  for (const key of ["a", "Enter"]) page.$("i").dispatchEvent(new page.window.KeyboardEvent("keyup", { key, bubbles: true }))
  await flush()
  assert.equal(page.posts.length, 1)
})

test("clear empties THIS after sending its value", async () => {
  const page = boot({ body: `<input id=msg value=hello hv-change='${bind("/say/", [{ $el: null }], { clear: true })}'>` })
  page.$("msg").dispatchEvent(new page.window.Event("change", { bubbles: true }))
  await flush()
  assert.deepEqual(page.posts[0].json.args, [{ $v: "hello" }])
  assert.equal(page.$("msg").value, "")
})

test("clear on a form or a button empties the fields it sent", async () => {
  const page = boot({
    body:
      `<form id=f hv-submit='${bind("/add/", [{ $el: "t" }], { clear: true })}'><input id=t value=milk></form>` +
      `<input id=e value=eggs><button id=b hv-click='${bind("/add/", [{ $el: "e" }], { clear: true })}'>+</button>`,
  })
  page.$("f").dispatchEvent(new page.window.Event("submit", { bubbles: true, cancelable: true }))
  page.$("b").click()
  await flush()
  assert.deepEqual(page.posts.map(p => p.json.args), [[{ $v: "milk" }], [{ $v: "eggs" }]])
  assert.equal(page.$("t").value, "")
  assert.equal(page.$("e").value, "")
})

test("blocks ignores the binding's events until the answer arrived", async () => {
  let answer
  const page = boot({
    body: `<button id=b hv-click='${bind("/slow/", [], { blocks: true })}'>x</button>`,
    fetch: () => new Promise(resolve => { answer = resolve }),
  })
  page.$("b").click()
  page.$("b").click()
  await flush()
  assert.equal(page.posts.length, 1)
  answer(jsonResponse(page.window, []))
  await flush()
  page.$("b").click()
  await flush()
  assert.equal(page.posts.length, 2)
})

test("without blocks, events are sent while an answer is pending", async () => {
  const page = boot({ body: `<button id=b hv-click='${bind("/slow/")}'>x</button>`, fetch: () => new Promise(() => {}) })
  page.$("b").click()
  page.$("b").click()
  await flush()
  assert.equal(page.posts.length, 2)
})

test("focus and blur only count on the element itself", async () => {
  const page = boot({ body: `<div id=box hv-focus='${bind("/box/")}'><input id=i hv-blur='${bind("/left/")}'></div>` })
  page.$("i").focus()
  page.$("i").blur()
  await flush()
  assert.deepEqual(page.posts.map(p => p.url), ["/left/"])
})

test("a malformed binding reports hypergen:error", () => {
  const page = boot({ body: `<button id=b hv-click='["/a/", [1'>x</button>` })
  const errors = page.events("hypergen:error")
  page.$("b").click()
  assert.equal(errors.length, 1)
  assert.match(page.logs[0][1], /hypergen:/)
})
