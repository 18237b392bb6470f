// Hypergen's events: every DOM event its templates bind (`onmousedown=callback(...)` renders
// `hv-mousedown`), its key filter and its keypress shortcut.

// The client listens for the common ones (bindings.js); these are the rest. They bubble …
const BUBBLING = "mousedown mouseup mouseover mouseout mousemove keypress contextmenu auxclick wheel " +
  "pointerdown pointerup pointerover pointerout pointermove touchstart touchend touchmove " +
  "dragstart drag dragend dragenter dragleave dragover drop copy cut paste select reset"
// … and these don't: they only count on the element itself
const OWN = "scroll load error play pause ended toggle"

export function listenMore(ext) {
  ext.listen(BUBBLING, OWN)
}

// `when=["hypergen.when.keycode", "Enter"]`: true for that key (KeyboardEvent.code, as Hypergen).
const when = {
  keycode: (code, event) => event.code == code,
}

// Our client calls a `when` function as f(event, ...args); Hypergen as f(...args, event). The compat
// callback renders `when` as ["hypergen.compat.when", path, ...args] (hypergen_vdom/compat/client.py),
// which lands here.
const compat = {
  when: (event, path, ...args) => window.hypergen.ext.call(path, [...args, event]),
}

// Hypergen's keyboard shortcut: every keydown on the page calls `url` with [event.key, ...args].
let pressed = null
function keypressToCallback(url, args = [], options = {}) {
  keypressToCallbackRemove()
  pressed = e => window.hypergen.callback(url, [e.key, ...args], options)
  addEventListener("keydown", pressed)
}

function keypressToCallbackRemove() {
  removeEventListener("keydown", pressed)
  pressed = null
}

export const api = { when, compat, keypressToCallback, keypressToCallbackRemove }
