// Hydration (src/hydrate.js): preorder ids over the target, text nodes included, nothing inside
// hv-raw; and the check of the client's count against the server's data-next-id.
import { test } from "node:test"
import assert from "node:assert/strict"
import { Window } from "happy-dom"
import { ids, counter, reset, forget } from "../src/hydrate.js"
import { diffPage } from "../harness/diff.js"

const TARGET = `<div id="t">a<ul><li>one <b>two</b></li><li></li></ul><!-- c --><p hv-raw="">raw <i>inside</i></p>end</div>`
// preorder: div 0, "a" 1, ul 2, li 3, "one " 4, b 5, "two" 6, li 7, p 8 (opaque), "end" 9
const EXPECTED = [
  [0, "DIV"], [1, "a"], [2, "UL"], [3, "LI"], [4, "one "], [5, "B"], [6, "two"], [7, "LI"], [8, "P"], [9, "end"],
]
const describe = map => [...map].map(([id, node]) => [id, node.nodeType == 3 ? node.data : node.tagName])

test("module: preorder ids, text nodes included, comments skipped, nothing inside hv-raw", () => {
  const { document } = new Window()
  document.body.innerHTML = TARGET
  reset(document.getElementById("t"))
  assert.deepEqual(describe(ids), EXPECTED)
  assert.equal(counter.next, 10)
  forget(ids.get(2)) // the ul and all inside it
  assert.deepEqual([...ids.keys()], [0, 1, 8, 9])
  reset(null)
  assert.equal(ids.size, 0)
})

test("bundle: the page's target hydrates the same, published as hypergen.diff.ids", () => {
  const p = diffPage(TARGET, { nextId: 10 })
  assert.deepEqual(describe(p.diff.ids), EXPECTED)
  assert.equal(p.diff.next, 10)
  assert.equal(p.diff.target, p.$("t"))
  assert.deepEqual(p.sent(), [], "the counts agree: no resync")
})

test("a count other than data-next-id asks for a resync once the socket is open", async () => {
  // a stray whitespace text the server's tree doesn't have: one id more
  const p = diffPage(TARGET.replace("<ul>", "<ul> "), { nextId: 10, open: false })
  assert.equal(p.diff.next, 11)
  assert.equal(p.diff.awaiting, true)
  assert.match(p.logs.at(-1)[1], /hydration counted 11 ids, the server 10/)
  p.ws.open()
  await Promise.resolve()
  assert.deepEqual(p.ws.frames.map(f => f[0]), ["hello", "resync"], "after the hello")
  p.receive([1, 0, 10, 0, 1, "skipped: the answer is on its way"])
  assert.equal(p.$("t").firstChild.data, "a")
  p.receive([2, 0, 3, 8, 0, ["div", ["id", "t"], ["ul", [], "ok"]]])
  assert.equal(p.$("t").outerHTML, `<div id="t"><ul>ok</ul></div>`)
  assert.equal(p.diff.awaiting, false)
  assert.deepEqual(p.errors, [])
})

test("a target that left the page: resync, and the answer goes where data-target points now", () => {
  const p = diffPage(TARGET, { nextId: 10 })
  p.$("t").replaceWith(Object.assign(p.document.createElement("div"), { id: "t", textContent: "morphed by someone" }))
  p.receive([1, 0, 10, 0, 1, "x"])
  assert.deepEqual(p.sent(), [["resync"]])
  assert.match(p.errors[0].message, /the target is not in the page/)
  p.receive([2, 0, 2, 8, 0, ["div", ["id", "t"], "back"]])
  assert.equal(p.document.body.firstChild.outerHTML, `<div id="t">back</div>`)
  assert.equal(p.document.querySelectorAll("#t").length, 1)
})
