// Hypergen's client commands and JS API beyond our built-ins (commands.js of the client).
//
// Commands that arrive through Hypergen's own channels — its websockets (websocket.js), and the
// command lists of intervalSet and addEventListener — go through `applyCommands`, which runs only
// an allowlist: the hypergen commands below, a few browser functions Hypergen apps send
// (ALLOWED), and paths the page allowed itself with `hypergen.allowCommand("app.fn")`. A forged
// ["eval", …] or ["hypergen.ext.call", "eval", …] from such a channel is refused, not run.
import { send } from "./websocket.js"

const HYPERGEN = "morph redirect append prepend remove hide display reset visible hidden setClientState " +
  "intervalSet intervalClear addEventListener callback partialLoad onpushstate keypressToCallback " +
  "keypressToCallbackRemove applyCommands"
const ALLOWED = new Set(["console.log", "console.info", "console.warn", "console.error", "alert",
  "history.pushState", "history.replaceState", ...HYPERGEN.split(" ").map(name => "hypergen." + name)])

const ext = () => window.hypergen.ext
const el = id => {
  const found = document.getElementById(id)
  if (!found) throw Error(`hypergen: no element with id "${id}"`)
  return found
}

export const allowCommand = path => void ALLOWED.add(path)

export function applyCommands(commands) {
  // Hypergen's JSON encodes a deque as {_: ["deque", [...]]}
  if (commands?._?.[0] == "deque") commands = commands._[1]
  if (!Array.isArray(commands)) throw Error("hypergen: commands must be a list")
  for (const [path] of commands) {
    if (!ALLOWED.has(path)) throw Error(`hypergen: command "${String(path).slice(0, 80)}" is not allowed (hypergen.allowCommand)`)
  }
  ext().run(commands)
}

export const visible = id => { el(id).style.visibility = "visible" }
export const hidden = id => { el(id).style.visibility = "hidden" }
// Hypergen's default is "block" (our client's own `display` restores the stylesheet's: "")
export const display = (id, value) => { el(id).style.display = value || "block" }

// `hypergen.clientState`, a tree of plain objects the server writes into by dotted path.
export const clientState = {}
const UNSAFE = /^(__proto__|constructor|prototype)$/
export function setClientState(at, value) {
  let node = clientState
  for (const key of String(at).split(".")) {
    if (UNSAFE.test(key)) throw Error(`hypergen: setClientState: "${key}" can't be a key`)
    node = Object.hasOwn(node, key) && node[key] && typeof node[key] == "object" ? node[key] : (node[key] = {})
  }
  for (const [key, v] of Object.entries(value || {})) if (!UNSAFE.test(key)) node[key] = v
}

const intervals = {}
export function intervalSet(commands, ms, name) {
  const run = () => {
    try {
      applyCommands(commands)
    } catch (err) {
      ext().fail(err.message)
    }
  }
  if (name != null) intervalClear(name) // one interval per name: setting it again replaces it
  const id = setInterval(run, ms)
  if (name != null) intervals[name] = id
}
export function intervalClear(name) {
  clearInterval(intervals[name])
  delete intervals[name]
}

export function addEventListener(selector, type, commands, options) {
  document.querySelector(selector).addEventListener(type, () => applyCommands(commands), options || {})
}

// Runs `func` `delay` ms after the last call of its group (a debounce, as Hypergen names it).
const groups = {}
export function throttle(func, { delay = 0, group = "global", confirm_ = false } = {}) {
  cancelThrottle(group)
  groups[group] = setTimeout(() => {
    delete groups[group]
    if (confirm_ === false || confirm(confirm_)) func()
  }, delay)
}
export function cancelThrottle(group) {
  clearTimeout(groups[group])
  delete groups[group]
}

// `fn` once the document is parsed (now if it is); with `partial`, again after every partial load.
export function ready(fn, { partial = false } = {}) {
  if (document.readyState != "loading") fn()
  else document.addEventListener("DOMContentLoaded", fn)
  if (partial) document.addEventListener("hypergen.pushstate", fn)
}

// Hypergen's JS entry point for a callback: an @action URL ("/…") is posted, anything else is a
// @consumer handler id sent over the page's websocket. Options: debounce, confirm_ (as Hypergen).
export function callback(url, args = [], { debounce = 0, confirm_ = false } = {}) {
  const go = () => {
    const { post, event, resolve } = ext()
    const values = resolve(args, document.body)
    if (/^wss?:/.test(url)) send(url, values)
    // a path of this origin: "//host/…" is another origin, which must never get the CSRF token
    else if (url[0] == "/" && url[1] != "/") post(url, values)
    else event(url, values, document.body)
  }
  if (debounce) throttle(go, { delay: debounce, group: url, confirm_ })
  else if (confirm_ === false || confirm(confirm_)) go()
}
