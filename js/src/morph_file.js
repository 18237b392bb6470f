// Entry of hypergen-morph.min.js: the classic client's morph (morph.js, idiomorph), for the diff
// client to load on demand (morph_load.js). Publishes it as window.hypergen.morphElement(el, html).
import { morph } from "./morph.js"

window.hypergen.morphElement = morph
