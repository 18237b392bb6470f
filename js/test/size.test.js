// The size budget (DESIGN §7): the whole client stays within 8 KB min+gzip.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { gzipSync } from "node:zlib"
import { OUTFILE } from "../build.mjs"

const BUDGET = 8 * 1024

test("the bundle is within 8 KB min+gzip", () => {
  const size = gzipSync(readFileSync(OUTFILE), { level: 9 }).length
  assert.ok(size <= BUDGET, `bundle is ${size} bytes min+gzip, budget ${BUDGET}`)
})
