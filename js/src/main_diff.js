// Entry of hypergen-diff.min.js, the client of diff-mode pages (`data-diff` on the script tag):
// everything main.js starts, plus the patcher (patch.js). Built without idiomorph: the commands
// a diff page may still get (an @action's, a consumer rendering into another element) morph with
// hypergen-morph.min.js, loaded on demand (morph_load.js stands in for morph.js in this bundle).
import "./main.js"
import { hypergen } from "./commands.js"
import { socket } from "./socket.js"
import { config } from "./config.js"
import { start } from "./patch.js"

if (config.diff != null) Object.assign(hypergen, start(config, socket))
