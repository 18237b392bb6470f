// Partial loading and history (hypergen_vdom/partial.py has the server's half). A plain left click
// on a same-origin link of a page whose compat script has `data-partial` (its base key) fetches the
// URL with `X-Hypergen-Partial: 1` and `X-Hypergen-Base: <key>`. When the server answers with the
// target of a page of the same base template, that goes into the target and the URL is pushed on
// the history; any other answer (another base template, a login redirect, a page that is not ours)
// loads the URL in full. Back and forward between such entries load the same way, not in full.
// Diff mode: the GET also carries the page's token and last applied frame (`X-Hypergen-Token`,
// `X-Hypergen-Seq`), and the server may answer with one diff frame against this very DOM
// (`patch`, base64 msgpack) instead of the target's HTML.
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
  const detail = { event, url, pushState }
  dispatchEvent(new CustomEvent("hypergen.partialLoad.before", { detail }))
  busy = url
  let body = await get(url, true)
  // a frame of the old page came (or an event left) while the GET ran: the patch no longer fits
  // the DOM, so take the HTML (one more GET, rare)
  if (busy == url && body?.patch && !fits(body)) body = await get(url, false)
  if (busy != url) return // another link was clicked meanwhile
  if (!body?.target) return location.assign(url) // not a page of this base template
  if (pushState) history.pushState({ hypergen: url }, "", url)
  swap(body)
  if (pushState) scrollTo(0, 0) // a new page starts at its top (back and forward: the browser restores)
  onpushstate()
  dispatchEvent(new CustomEvent("hypergen.partialLoad.after", { detail }))
}

// The JSON answer of a partial GET, or false (not JSON, an error, a failed request).
async function get(url, diffable) {
  const headers = { "X-Hypergen-Partial": "1", "X-Hypergen-Base": base }
  const { diff, socket, ext } = window.hypergen
  // a diff only against a DOM nothing is about to change: no unanswered event, no resync asked for
  if (diffable && diff && !diff.awaiting && !socket.pending && socket.token) {
    Object.assign(headers, { "X-Hypergen-Token": socket.token, "X-Hypergen-Seq": String(socket.serverSeq) })
  }
  try {
    const response = await fetch(url, { headers })
    return (response.headers.get("Content-Type") || "").includes("json") && response.ok && await response.json()
  } catch (err) {
    ext.fail(`partial load of ${url}: ${err.message}`)
  }
}

// Decodes the answer's frame into `body.frame`; true when it follows the last frame applied.
function fits(body) {
  const { socket, diff, ext } = window.hypergen
  try {
    body.frame = ext.decode(Uint8Array.from(atob(body.patch), c => c.charCodeAt(0)))
  } catch {
    return false
  }
  return body.frame[0] === socket.serverSeq + 1 && !socket.pending && !diff.awaiting
}

// The new page's target into this one. Diff mode with a frame: the socket moves to the new page's
// token first (so no frame of the old page lands after the patch), then the patcher applies it; a
// frame that doesn't apply asks for a resync, which the new socket answers. Diff mode with HTML:
// the target's HTML as the server rendered it, numbered afresh for the new page's diff session
// (the patcher's hydrate); a count that differs from the server's asks for a resync. Classic: a
// morph (focus and typed values kept, hooks run).
function swap({ target, html, frame, title, data, commands = [] }) {
  const { hypergen } = window
  if (title != null) document.title = title
  if (frame) {
    hypergen.socket.page(data.token, frame[0])
    try {
      hypergen.applyPatch(frame)
    } catch (err) {
      hypergen.ext.fail(err.message)
    }
  } else {
    if (hypergen.diff) {
      const el = document.getElementById(target)
      el.innerHTML = html
      hypergen.ext.run([]) // the hooks: mount, destroy
      if (hypergen.diff.hydrate(el) != data["next-id"]) hypergen.diff.resync()
    } else hypergen.ext.run([["hypergen.morph", target, html]])
    if (data.token) hypergen.socket.page(data.token)
  }
  hypergen.ext.run(commands) // what the new page queued, as on a full load
}

export const onpushstate = () => document.dispatchEvent(new Event("hypergen.pushstate"))
