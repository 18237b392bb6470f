// The one esbuild config, shared by `npm run build`, `npm run size` and the tests.
//   node build.mjs          write the bundles
//   node build.mjs --size   print raw / min / min+gzip bytes of each bundle and each module's share,
//                           and the diff-mode patcher alone
//
// Five files (README "Which file a page loads"), each ≤ 8 KB min+gzip:
//   hypergen.min.js        classic pages: the client with idiomorph
//   hypergen-diff.min.js   diff-mode pages: the client with the patcher, morph.js swapped for
//                          morph_load.js (idiomorph loaded on demand)
//   hypergen-morph.min.js  idiomorph + morph.js, loaded by hypergen-diff.min.js when it morphs
//   hypergen-debug.min.js  the error overlay and frame log of DEBUG pages (debug.js), loaded by
//                          both clients when their script tag has data-debug
//   hypergen-compat.min.js Hypergen 1.5.6's client features (src/compat/), loaded after either
//                          client by pages of hypergen_vdom.compat only
import * as esbuild from "esbuild"
import { readFileSync, writeFileSync } from "node:fs"
import { gzipSync } from "node:zlib"
import { fileURLToPath } from "node:url"
import { relative } from "node:path"

const here = path => fileURLToPath(new URL(path, import.meta.url))

export const BUNDLES = {
  classic: { entry: "src/main.js", file: "hypergen.min.js" },
  diff: { entry: "src/main_diff.js", file: "hypergen-diff.min.js", lazyMorph: true },
  morph: { entry: "src/morph_file.js", file: "hypergen-morph.min.js" },
  debug: { entry: "src/debug.js", file: "hypergen-debug.min.js" },
  compat: { entry: "src/compat/main.js", file: "hypergen-compat.min.js" },
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

// idiomorph code the client can never reach, cut out of the bundles (~680 B min+gzip of the classic
// client, the room its features need within 8 KB). morph.js always morphs an element's children
// (morphStyle "innerHTML") from an HTML string, with restoreFocus off and no <head> in it, so:
//   handleHeadElement, withHeadBlocking   <head> merging (whole documents only)
//   saveAndRestoreFocus                   restoreFocus (morph.js keeps focus, value and caret itself)
//   morphOuterHTML, SlicedParentNode      morphStyle "outerHTML", and new content given as a DOM node
// Each body is replaced by what it does in our configuration, or a throw where it can't run. The
// build fails if a cut no longer matches exactly once (e.g. after an idiomorph upgrade): then look
// again at what the new version does.
const IDIOMORPH_CUTS = [
  ["function handleHeadElement(", "return []"],
  ["function withHeadBlocking(", "return callback(ctx)"],
  ["function saveAndRestoreFocus(", "return fn()"],
  ["function morphOuterHTML(", 'throw Error("idiomorph: outerHTML morphing is not in this build")'],
  ["class SlicedParentNode ", 'constructor() { throw Error("idiomorph: morphing from a DOM node is not in this build") }'],
]

// The body of the function or class starting at `head` (exactly once in `text`) → `{ body }`.
// Brace counting is enough: these bodies hold no unbalanced brace in a string or a regex.
function cut(text, head, body) {
  const start = text.indexOf(head)
  if (start < 0 || text.indexOf(head, start + 1) >= 0) throw Error(`idiomorph cut: "${head}" is not in the source exactly once`)
  const open = head.startsWith("class") ? start + head.length : text.indexOf(") {", start) + 2
  if (text[open] != "{") throw Error(`idiomorph cut: no body after "${head}"`)
  let end = open
  for (let depth = 0; end < text.length; end++) {
    if (text[end] == "{") depth++
    else if (text[end] == "}" && !--depth) break
  }
  return `${text.slice(0, open)}{ ${body} }${text.slice(end + 1)}`
}

const trimIdiomorph = {
  name: "trim-idiomorph",
  setup(build) {
    build.onLoad({ filter: /idiomorph[\\/]dist[\\/]idiomorph\.esm\.js$/ }, args => ({
      contents: IDIOMORPH_CUTS.reduce((text, [head, body]) => cut(text, head, body), readFileSync(args.path, "utf8")),
      loader: "js",
    }))
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
    plugins: lazy ? [lazyMorph, trimIdiomorph] : [trimIdiomorph],
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
