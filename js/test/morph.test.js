// hypergen.morph (protocol §3) in the built bundle: idiomorph plus keeping the user's input.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot } from "../harness/page.js"

test("morph replaces the target's children and keeps untouched nodes", () => {
  const page = boot({ body: `<div id=t><p id=keep>old</p><span>x</span></div>` })
  const keep = page.$("keep")
  page.window.hypergen.morph("t", `<p id=keep>new</p><b>added</b>`)
  assert.equal(page.$("t").innerHTML, `<p id="keep">new</p><b>added</b>`)
  assert.equal(page.$("keep"), keep)
})

test("morph keeps focus, the focused input's value and its selection", () => {
  const page = boot({ body: `<div id=t><h1>0</h1><input id=name value=server><input id=other value=a></div>` })
  const input = page.$("name")
  input.focus()
  input.value = "typed by user"
  input.setSelectionRange(2, 5)
  page.window.hypergen.morph("t", `<h1>1</h1><input id=name value=stale><input id=other value=b>`)
  assert.equal(page.$("t").querySelector("h1").textContent, "1")
  assert.equal(page.document.activeElement, input)
  assert.equal(input.value, "typed by user")
  assert.deepEqual([input.selectionStart, input.selectionEnd], [2, 5])
  assert.equal(page.$("other").value, "b") // not focused: takes the server's value
})

test("morph keeps them too when the focused input has to move to a new parent", () => {
  const page = boot({ body: `<div id=t><p><input id=name value=server></p></div>` })
  const input = page.$("name")
  input.focus()
  input.value = "typed"
  input.setSelectionRange(1, 3)
  page.window.hypergen.morph("t", `<section><label>Name <input id=name value=stale></label></section>`)
  assert.equal(page.$("t").querySelector("label > input"), input)
  assert.equal(page.document.activeElement, input)
  assert.equal(input.value, "typed")
  assert.deepEqual([input.selectionStart, input.selectionEnd], [1, 3])
})

test("morph leaves focus alone when the focused element is outside the target", () => {
  const page = boot({ body: `<input id=search value=q><div id=t><p>1</p></div>` })
  page.$("search").focus()
  page.window.hypergen.morph("t", "<p>2</p>")
  assert.equal(page.document.activeElement, page.$("search"))
  assert.equal(page.$("t").innerHTML, "<p>2</p>")
})
