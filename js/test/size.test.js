// The size budget (DESIGN §7): whatever a page loads stays within 8 KB min+gzip, and diff mode's
// own runtime (the patcher with hydration; msgpack decoding is shared) within 4 KB.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { BUNDLES, outfile, patcher, gzipSize } from "../build.mjs"

const BUDGET = 8 * 1024
const PATCHER_BUDGET = 4 * 1024

for (const [name, { file }] of Object.entries(BUNDLES)) {
  test(`${file} is within 8 KB min+gzip`, () => {
    const size = gzipSize(readFileSync(outfile(name)))
    assert.ok(size <= BUDGET, `${file} is ${size} bytes min+gzip, budget ${BUDGET}`)
  })
}

test("the diff-mode patcher alone is within 4 KB min+gzip", async () => {
  const size = gzipSize(await patcher())
  assert.ok(size <= PATCHER_BUDGET, `the patcher is ${size} bytes min+gzip, budget ${PATCHER_BUDGET}`)
})
