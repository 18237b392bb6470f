// Entry of hypergen-diff.min.js, the client of diff-mode pages (`data-diff` on the script tag):
// everything main.js starts, plus the patcher (patch.js). Built without idiomorph: the commands
// a diff page may still get (an @action's, a consumer rendering into another element) morph with
// hypergen-morph.min.js, loaded on demand (morph_load.js stands in for morph.js in this bundle).
import "./main.js"
import { hypergen } from "./commands.js"
import { socket } from "./socket.js"
import { config } from "./config.js"
import { start } from "./patch.js"
import { changing } from "./hooks.js"

if (config.diff != null) {
  const patcher = start(config, socket)
  // the hooks run after every frame (hooks.js)
  Object.assign(hypergen, patcher, { applyPatch: frame => changing(() => patcher.applyPatch(frame)) })
}
