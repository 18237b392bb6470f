// Stands in for morph.js in hypergen-diff.min.js (build.mjs swaps it in): idiomorph is half of the
// classic client's size and a diff page rarely morphs. The first morph loads hypergen-morph.min.js
// (morph_file.js) from `data-morph`, else from next to the client's own script, same origin, so
// `script-src 'self'` allows it. Morphs asked for meanwhile run in order once it is there; the
// commands after them in the same batch don't wait.
import { config } from "./config.js"
import { fail } from "./events.js"
import { changing } from "./hooks.js"

let queue // [el, html] waiting for the file; null: not loading

export function morph(el, html) {
  const loaded = window.hypergen.morphElement
  if (loaded) return loaded(el, html)
  if (!queue) {
    queue = []
    const script = document.createElement("script")
    script.src = config.morph || document.getElementById("hypergen-client").src.replace(/[^/]*$/, "hypergen-morph.min.js")
    // not in a batch of commands any more: run the hooks after these morphs (hooks.js)
    script.onload = () => changing(() => queue.splice(0).forEach(([el, html]) => window.hypergen.morphElement(el, html)))
    script.onerror = () => {
      queue = null
      fail("could not load " + script.src)
    }
    document.head.append(script)
  }
  queue.push([el, html])
}
