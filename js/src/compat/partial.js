// Partial loading and history (hypergen_vdom/partial.py has the server's half). A plain left click
// on a same-origin link of a page whose compat script has `data-partial` (its base key) fetches the
// URL with `X-Hypergen-Partial: 1` and `X-Hypergen-Base: <key>`. When the server answers with the
// target of a page of the same base template, that goes into the target and the URL is pushed on
// the history; any other answer (another base template, a login redirect, a page that is not ours)
// loads the URL in full. Back and forward between such entries load the same way, not in full.
// Events on window: `hypergen.partialLoad.before` / `.after` (detail: {event, url, pushState}); on
// document: `hypergen.pushstate` after every partial load (what `ready(fn, {partial: true})` waits for).
let base // this page's base key: null, no partial loading
let busy // the URL being loaded (a newer click wins)

export function start(ext) {
  base = document.getElementById("hypergen-compat")?.dataset.partial
  if (!base) return
  history.replaceState({ hypergen: location.href }, "")
  document.addEventListener("click", e => {
    const a = e.target.closest?.("a[href]")
    if (!a || e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    if (a.target && a.target != "_self" || a.hasAttribute("download") || a.hasAttribute("hv-nopartial")) return
    if (a.origin != location.origin || a.hash && a.pathname == location.pathname && a.search == location.search) return
    partialLoad(e, a.href, true)
  })
  addEventListener("popstate", e => {
    if (e.state?.hypergen) partialLoad(e, e.state.hypergen, false)
  })
}

export async function partialLoad(event, url, pushState) {
  event?.preventDefault?.()
  const { fail } = window.hypergen.ext
  const detail = { event, url, pushState }
  dispatchEvent(new CustomEvent("hypergen.partialLoad.before", { detail }))
  busy = url
  let body
  try {
    const response = await fetch(url, { headers: { "X-Hypergen-Partial": "1", "X-Hypergen-Base": base } })
    body = (response.headers.get("Content-Type") || "").includes("json") && response.ok && await response.json()
  } catch (err) {
    fail(`partial load of ${url}: ${err.message}`)
  }
  if (busy != url) return // another link was clicked meanwhile
  if (!body?.target) return location.assign(url) // not a page of this base template
  if (pushState) history.pushState({ hypergen: url }, "", url)
  swap(body)
  if (pushState) scrollTo(0, 0) // a new page starts at its top (back and forward: the browser restores)
  onpushstate()
  dispatchEvent(new CustomEvent("hypergen.partialLoad.after", { detail }))
}

// The new page's target into this one. Classic: a morph (focus and typed values kept, hooks run).
// Diff mode: the target's HTML as the server rendered it, numbered afresh for the new page's diff
// session (the patcher's hydrate); a count that differs from the server's asks for a resync.
function swap({ target, html, title, data, commands = [] }) {
  const { hypergen } = window
  if (title != null) document.title = title
  if (hypergen.diff) {
    const el = document.getElementById(target)
    el.innerHTML = html
    hypergen.ext.run([]) // the hooks: mount, destroy
    if (hypergen.diff.hydrate(el) != data["next-id"]) hypergen.diff.resync()
  } else hypergen.ext.run([["hypergen.morph", target, html]])
  if (data.token) hypergen.socket.page(data.token)
  hypergen.ext.run(commands) // what the new page queued, as on a full load
}

export const onpushstate = () => document.dispatchEvent(new Event("hypergen.pushstate"))
