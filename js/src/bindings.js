// Event bindings (protocol §1): one listener per event type on document finds the element carrying
// `hv-<type>='[target, args, opts]'` and runs it. No inline JavaScript anywhere, so pages work
// under `Content-Security-Policy: script-src 'self'`.
import { resolve } from "./values.js"
import { call } from "./commands.js"
import { post } from "./http.js"
import { event } from "./socket.js"
import { fail } from "./events.js"
import { loading } from "./loading.js"

// These bubble: the closest element with the attribute handles them.
const BUBBLING = "click dblclick change input submit keydown keyup focusin focusout"
// These don't: they are caught in the capture phase and only count on the element itself.
const OWN = "focus blur mouseenter mouseleave"

const busy = new WeakSet() // elements of `blocks` bindings waiting for their answer
const timers = new WeakMap() // element → {event type: debounce timer}

// `hypergen.ext.listen(bubbling, own)` adds more types (the compat bundle: Hypergen's mousedown,
// keypress …): only types not listened for yet, or one event runs its binding twice.
export function listen(bubbling = BUBBLING, own = OWN) {
  for (const type of bubbling.split(" ")) {
    document.addEventListener(type, e => handle(e, e.target.closest?.(`[hv-${type}]`)))
  }
  for (const type of own.split(" ")) {
    document.addEventListener(type, e => e.target.matches?.(`[hv-${type}]`) && handle(e, e.target), true)
  }
}

function handle(e, el) {
  if (!el) return
  const { type } = e
  if (type == "submit" || type == "click" && el.tagName == "A") e.preventDefault()
  try {
    const [target, args, opts = {}] = JSON.parse(el.getAttribute("hv-" + type))
    if (opts.when && !call(opts.when[0], [e, ...opts.when.slice(1)])) return
    const go = () => fire(el, target, args, opts)
    if (!opts.debounce) return go()
    const pending = timers.get(el) || {}
    timers.set(el, pending)
    clearTimeout(pending[type])
    pending[type] = setTimeout(go, opts.debounce)
  } catch (err) {
    fail(err.message)
  }
}

// `clear`: empty what the user typed the value in — THIS when it is a field, else (a form, a
// button) the fields the args referred to. Returns what puts the values back (fields the user
// typed into again meanwhile keep what they have).
function clear(el, args) {
  const fields = "value" in el && el.tagName != "BUTTON" && el.tagName != "FORM" ? [el]
    : args.filter(arg => arg?.$el).map(arg => document.getElementById(arg.$el))
  const values = fields.map(field => field.value)
  for (const field of fields) field.value = ""
  return () => fields.forEach((field, i) => (field.value ||= values[i]))
}

// Runs after the debounce: element values are read now, not when the event fired.
function fire(el, target, args, opts) {
  if (opts.blocks && busy.has(el)) return
  if (opts.confirm && !confirm(opts.confirm)) return
  let done, queued, idle
  try {
    const values = resolve(args, el)
    if (target.startsWith("js:")) done = call(target.slice(3), values)
    else {
      // in flight until answered or rejected (loading.js); read the values first: disable_with
      // disables the element
      idle = loading(el, opts.disable_with)
      if (target[0] == "/") done = post(target, values, idle)
      else if (!(done = queued = event(target, values, el, idle))) return idle() // rejected at once: keep the input
    }
  } catch (err) {
    idle?.()
    return fail(err.message)
  }
  if (opts.clear) {
    const undo = clear(el, args)
    // a websocket event rejected later (it waited too long for a connection): give the input back
    queued?.then(answered => answered || undo())
  }
  if (opts.blocks) {
    busy.add(el)
    Promise.resolve(done).finally(() => busy.delete(el))
  }
}
