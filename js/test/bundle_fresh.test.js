// The committed bundle must be exactly what the sources build to (same config: build.mjs).
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { bundle, OUTFILE } from "../build.mjs"

test("the committed bundle matches the sources", async () => {
  const { text } = await bundle()
  const committed = readFileSync(OUTFILE, "utf8")
  assert.ok(committed === text, "bundle is stale: run `npm --prefix js run build`")
})
