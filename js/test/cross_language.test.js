// Cross-language: every pair of tests/js_fixtures/pairs.json (written by the Python differ's
// export_pairs.py) applied by the built diff bundle. Parse html_a, take its top element as the
// target, hydrate it, feed the frame's bytes to the client's socket and compare the result with
// html_b parsed the same way: tag, attributes as a set, children in order, text data.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { diffPage } from "../harness/diff.js"

const PAIRS = JSON.parse(readFileSync(new URL("../../tests/js_fixtures/pairs.json", import.meta.url), "utf8"))

// A comparable form of a DOM node.
export function shape(node) {
  if (node.nodeType == 3) return node.data
  if (node.nodeType != 1) return `<!--${node.nodeName}-->`
  const attrs = Object.fromEntries([...node.attributes].map(a => [a.name, a.value]).sort(([a], [b]) => (a < b ? -1 : 1)))
  return [node.localName, attrs, ...[...node.childNodes].map(shape)]
}

test(`the ${PAIRS.length} pairs of pairs.json: the frame turns html_a into html_b`, () => {
  assert.ok(PAIRS.length >= 500, `only ${PAIRS.length} pairs`)
  const page = diffPage(`<div id="box"></div><template id="expected"></template>`, { target: "box" })
  const box = page.$("box")
  const expected = page.$("expected")
  const failures = []
  for (const { seed, html_a, html_b, next_id_a, frame_b64 } of PAIRS) {
    box.innerHTML = html_a
    const next = page.diff.hydrate(box.firstChild)
    const before = page.errors.length
    page.receiveBytes(Buffer.from(frame_b64, "base64"))
    expected.innerHTML = html_b
    const problem = next != next_id_a ? `hydration counted ${next}, the server ${next_id_a}`
      : page.errors.length != before ? page.errors.at(-1).message
      : box.childNodes.length != 1 ? `${box.childNodes.length} nodes where the target was`
      : !deepEqual(shape(box.firstChild), shape(expected.content.firstChild)) ? `differs:\n  got      ${box.innerHTML}\n  expected ${html_b}`
      : page.diff.awaiting ? "waiting for a resync" : null
    if (problem) failures.push(`seed ${seed}: ${problem}`)
  }
  assert.deepEqual(page.sent(), [], "no resync asked for")
  assert.deepEqual(failures, [], `${failures.length} of ${PAIRS.length} pairs failed`)
})

function deepEqual(a, b) {
  try {
    assert.deepStrictEqual(a, b)
    return true
  } catch {
    return false
  }
}
