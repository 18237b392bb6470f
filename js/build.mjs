// The one esbuild config, shared by `npm run build`, `npm run size` and test/bundle_fresh.test.js.
//   node build.mjs          write the bundle
//   node build.mjs --size   print raw / min / min+gzip bytes and each module's share
import * as esbuild from "esbuild"
import { writeFileSync } from "node:fs"
import { gzipSync } from "node:zlib"
import { fileURLToPath } from "node:url"
import { relative } from "node:path"

export const OUTFILE = fileURLToPath(new URL("../hypergen_vdom/static/hypergen_vdom/hypergen.min.js", import.meta.url))

const options = {
  entryPoints: [fileURLToPath(new URL("src/main.js", import.meta.url))],
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  write: false, // we write ourselves: no sourcemap, no absolute paths, same bytes everywhere
}

// Returns the bundle's text (and esbuild's metafile); `overrides` e.g. {minify: false}.
export async function bundle(overrides = {}) {
  const result = await esbuild.build({ ...options, metafile: true, ...overrides })
  return { text: result.outputFiles[0].text, metafile: result.metafile }
}

async function size() {
  const raw = (await bundle({ minify: false })).text
  const { text, metafile } = await bundle()
  console.log(`raw ${Buffer.byteLength(raw)}  min ${Buffer.byteLength(text)}  min+gzip ${gzipSync(text, { level: 9 }).length} bytes`)
  for (const [path, { bytesInOutput }] of Object.entries(Object.values(metafile.outputs)[0].inputs)) {
    console.log(`  ${String(bytesInOutput).padStart(6)}  ${relative(".", path)}`)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--size")) await size()
  else writeFileSync(OUTFILE, (await bundle()).text)
}
