// Commands (protocol §3): `[path, ...args]` with `path` resolved on window and called. The
// built-ins live on `hypergen`, which main.js publishes as window.hypergen.
import { morph } from "./morph.js"
import { byId } from "./values.js"
import { changing } from "./hooks.js"

export const hypergen = {
  morph: (id, html) => morph(byId(id), html),
  redirect: url => { location.href = url },
  append: (id, html) => byId(id).insertAdjacentHTML("beforeend", html),
  prepend: (id, html) => byId(id).insertAdjacentHTML("afterbegin", html),
  remove: id => byId(id).remove(),
  hide: id => { byId(id).style.display = "none" },
  display: (id, value = "") => { byId(id).style.display = value },
  // the server re-rendered a page whose state it could not restore: the page's scripts may reset theirs
  reset: () => document.dispatchEvent(new CustomEvent("hypergen:reset")),
}

// Calls with `this` bound to the owner, so paths like "console.log" work.
export function call(path, args) {
  let owner
  let fn = window
  for (const key of path.split(".")) fn = (owner = fn)?.[key]
  if (typeof fn != "function") throw Error(`hypergen: ${path} is not a function`)
  return fn.apply(owner, args)
}

// A batch of commands from the server; the hooks run after it (hooks.js). Each command that ran
// fires Hypergen's `hypergen.applyCommand.after` on document (detail: {path, args}).
export const run = commands => changing(() => commands.forEach(([path, ...args]) => {
  call(path, args)
  document.dispatchEvent(new CustomEvent("hypergen.applyCommand.after", { detail: { path, args } }))
}))
