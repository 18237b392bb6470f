// The committed bundles must be exactly what the sources build to (same config: build.mjs).
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { BUNDLES, bundle, outfile } from "../build.mjs"

for (const [name, { file }] of Object.entries(BUNDLES)) {
  test(`the committed ${file} matches the sources`, async () => {
    const { text } = await bundle({}, name)
    const committed = readFileSync(outfile(name), "utf8")
    assert.ok(committed === text, `${file} is stale: run \`npm --prefix js run build\``)
  })
}
