// The one esbuild config, shared by `npm run build`, `npm run size` and the tests.
//   node build.mjs          write the bundles
//   node build.mjs --size   print raw / min / min+gzip bytes of each bundle and each module's share,
//                           and the diff-mode patcher alone
//
// Three files (README "Which file a page loads"), each ≤ 8 KB min+gzip:
//   hypergen.min.js        classic pages: the client with idiomorph
//   hypergen-diff.min.js   diff-mode pages: the client with the patcher, morph.js swapped for
//                          morph_load.js (idiomorph loaded on demand)
//   hypergen-morph.min.js  idiomorph + morph.js, loaded by hypergen-diff.min.js when it morphs
import * as esbuild from "esbuild"
import { writeFileSync } from "node:fs"
import { gzipSync } from "node:zlib"
import { fileURLToPath } from "node:url"
import { relative } from "node:path"

const here = path => fileURLToPath(new URL(path, import.meta.url))

export const BUNDLES = {
  classic: { entry: "src/main.js", file: "hypergen.min.js" },
  diff: { entry: "src/main_diff.js", file: "hypergen-diff.min.js", lazyMorph: true },
  morph: { entry: "src/morph_file.js", file: "hypergen-morph.min.js" },
}

export const outfile = name => here(`../hypergen_vdom/static/hypergen_vdom/${BUNDLES[name].file}`)
export const OUTFILE = outfile("classic")

// commands.js imports morph.js; in the diff bundle that import gets morph_load.js instead
const lazyMorph = {
  name: "lazy-morph",
  setup(build) {
    build.onResolve({ filter: /^\.\/morph\.js$/ }, args =>
      args.importer.endsWith("commands.js") ? { path: here("src/morph_load.js") } : undefined)
  },
}

const options = {
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  write: false, // we write ourselves: no sourcemap, no absolute paths, same bytes everywhere
}

// Returns a bundle's text (and esbuild's metafile); `overrides` e.g. {minify: false}.
export async function bundle(overrides = {}, name = "classic") {
  const { entry, lazyMorph: lazy } = BUNDLES[name]
  const result = await esbuild.build({
    ...options,
    entryPoints: [here(entry)],
    plugins: lazy ? [lazyMorph] : [],
    metafile: true,
    ...overrides,
  })
  return { text: result.outputFiles[0].text, metafile: result.metafile }
}

// The diff-mode runtime alone (patch.js and what it imports: ops, dom, hydrate), minified as a
// module: what diff mode adds to the shared client.
export async function patcher() {
  const result = await esbuild.build({ ...options, format: "esm", entryPoints: [here("src/patch.js")] })
  return result.outputFiles[0].text
}

export const gzipSize = text => gzipSync(text, { level: 9 }).length

async function size() {
  for (const name of Object.keys(BUNDLES)) {
    const raw = (await bundle({ minify: false }, name)).text
    const { text, metafile } = await bundle({}, name)
    console.log(`${BUNDLES[name].file}: raw ${Buffer.byteLength(raw)}  min ${Buffer.byteLength(text)}  min+gzip ${gzipSize(text)} bytes`)
    for (const [path, { bytesInOutput }] of Object.entries(Object.values(metafile.outputs)[0].inputs)) {
      console.log(`  ${String(bytesInOutput).padStart(6)}  ${relative(".", path)}`)
    }
  }
  const alone = await patcher()
  const raw = (await esbuild.build({ ...options, format: "esm", minify: false, entryPoints: [here("src/patch.js")] })).outputFiles[0].text
  console.log(`patcher alone (patch, ops, dom, hydrate): raw ${Buffer.byteLength(raw)}  min ${Buffer.byteLength(alone)}  min+gzip ${gzipSize(alone)} bytes`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--size")) await size()
  else for (const name of Object.keys(BUNDLES)) writeFileSync(outfile(name), (await bundle({}, name)).text)
}
