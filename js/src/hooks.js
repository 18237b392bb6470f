// Client hooks (protocol §6): page JS registers `hypergen.hooks.Name = {mounted, updated,
// destroyed}`, and every element with `hv-hook="Name"` gets an instance of it (an object whose
// prototype is the registered one): `this.el` is the element, `this.pushEvent(handler, ...args)`
// sends a websocket event to a @consumer handler bound on the page. After each change the server
// makes (a diff frame, a batch of commands, a morph: `changing`) the hooks of elements that left
// the page are destroyed, those of new elements mounted, and those whose element (its attributes
// or anything inside it) the change touched are updated. What the page's own scripts change calls
// nothing, so a widget redrawing itself never loops through `updated`.
import { event } from "./socket.js"
import { fail } from "./events.js"

const live = new Map() // element → its hook instance

// Runs `change`, then the hooks. While some hook is mounted the change is watched (a
// MutationObserver whose records are taken synchronously) to see which elements it touched.
export function changing(change) {
  const watch = live.size && new MutationObserver(() => {})
  watch && watch.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
  try {
    return change()
  } finally {
    sync(watch ? watch.takeRecords() : [])
    watch && watch.disconnect()
  }
}

// Destroys, mounts and updates hooks; `records`: the mutations of the change just made.
export function sync(records = []) {
  for (const [el, hook] of live) {
    if (!el.isConnected) {
      live.delete(el)
      run(hook, "destroyed")
    }
  }
  for (const el of document.querySelectorAll("[hv-hook]")) {
    const hook = live.get(el)
    const made = window.hypergen.hooks?.[el.getAttribute("hv-hook")]
    if (hook) records.some(r => el.contains(r.target)) && run(hook, "updated")
    else if (made) {
      live.set(el, Object.assign(Object.create(made), { el, pushEvent: (handler, ...args) => event(handler, args, el) }))
      run(live.get(el), "mounted")
    }
  }
}

function run(hook, method) {
  try {
    hook[method]?.()
  } catch (err) {
    fail(`${method}: ${err.message}`)
  }
}
