// Command dispatch and the built-in commands (protocol §3) in the built bundle.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush, jsonResponse } from "../harness/page.js"

// Boots a page whose button's action answers with `commands`, and clicks it.
async function answer(body, commands, setup = () => {}) {
  const page = boot({
    body: `${body}<button id=go hv-click='["/a/", []]'>go</button>`,
    fetch: () => jsonResponse(page.window, commands),
  })
  setup(page)
  page.$("go").click()
  await flush()
  return page
}

test("window.hypergen has the built-in commands", () => {
  const page = boot()
  for (const name of ["morph", "redirect", "append", "prepend", "remove", "hide", "display", "reset"]) {
    assert.equal(typeof page.window.hypergen[name], "function", name)
  }
})

test("commands resolve a dotted path on window and run in order", async () => {
  const seen = []
  await answer("", [["app.log", 1, [2]], ["app.log", "b"]], page => {
    page.window.app = { log(...args) { seen.push(this === page.window.app, ...args) } }
  })
  assert.deepEqual(JSON.parse(JSON.stringify(seen)), [true, 1, [2], true, "b"])
})

test("an unknown command path reports hypergen:error", async () => {
  let errors
  await answer("", [["nope.missing", 1]], page => { errors = page.events("hypergen:error") })
  assert.deepEqual(errors, [{ message: "hypergen: nope.missing is not a function", status: 200 }])
})

test("append, prepend, remove, hide, display", async () => {
  const page = await answer(`<ul id=list><li>b</li></ul><p id=gone>x</p><p id=shy>y</p><p id=back style="display: none">z</p>`, [
    ["hypergen.append", "list", "<li>c</li>"],
    ["hypergen.prepend", "list", "<li>a</li>"],
    ["hypergen.remove", "gone"],
    ["hypergen.hide", "shy"],
    ["hypergen.display", "back"],
  ])
  assert.equal(page.$("list").innerHTML, "<li>a</li><li>b</li><li>c</li>")
  assert.equal(page.$("gone"), null)
  assert.equal(page.$("shy").style.display, "none")
  assert.equal(page.$("back").style.display, "")
})

test("a command on a missing element reports which id", async () => {
  let errors
  await answer("", [["hypergen.morph", "nowhere", "<p>x</p>"]], page => { errors = page.events("hypergen:error") })
  assert.equal(errors[0].message, 'hypergen: no element with id "nowhere"')
})

test("redirect sets location.href", () => {
  const page = boot()
  page.window.hypergen.redirect("#done")
  assert.equal(page.window.location.href, "https://app.test/page#done")
})
