// Entry of hypergen-debug.min.js, which the client loads on DEBUG pages (`data-debug` on its script
// tag; main.js): never part of what a production page runs.
//   - an overlay listing every `hypergen:error` (its message; an @action's HTML error page, e.g.
//     Django's debug page for a 500, in an iframe running no script), dismissed with its button or
//     Escape;
//   - every server frame logged with console.debug, decoded (diff ops by name, ops.js): DevTools
//     show the binary msgpack frames as bytes only.
// Its look is a constructable stylesheet like style.js's, so a strict CSP allows it.
import * as ops from "./ops.js"

const NAMES = []
for (const [name, op] of Object.entries(ops)) if (typeof op == "number") NAMES[op] = name

// [seq, acked_event_seq, next_id, op, args…] → [[NAME, args…], …]; the rest raw after an op it doesn't know
export function decodeOps(frame) {
  const out = []
  for (let i = 3; i < frame.length; ) {
    const arity = ops.ARITY[frame[i]]
    if (arity == null) return [...out, frame.slice(i)]
    out.push([NAMES[frame[i]], ...frame.slice(i + 1, (i += arity + 1))])
  }
  return out
}

// One line per op (each cut at 300 characters), and the decoded ops to expand.
window.hypergen.logFrame = frame => {
  if (typeof frame[0] == "number") {
    const [seq, acked, next] = frame
    const ops = decodeOps(frame)
    const lines = ops.map(([name, ...args]) => `\n  ${name} ${JSON.stringify(args).slice(1, -1)}`.slice(0, 300))
    console.debug(`hypergen: diff frame ${seq} (answers event ${acked}, next id ${next}):${lines.join("")}`, ops)
  } else console.debug(`hypergen: frame ${JSON.stringify(frame).slice(0, 300)}`)
}

const sheet = new CSSStyleSheet()
sheet.replaceSync(`.hypergen-overlay{position:fixed;z-index:2147483647;right:1rem;bottom:1rem;box-sizing:border-box;width:min(48rem,calc(100vw - 2rem));max-height:calc(100vh - 2rem);overflow:auto;padding:.75rem 1rem;background:#fff;color:#222;border:2px solid #c33;border-radius:6px;box-shadow:0 4px 24px #0005;font:14px/1.4 system-ui,sans-serif}
.hypergen-overlay>button{float:right;font:inherit;cursor:pointer}
.hypergen-overlay>pre{margin:.25rem 0;white-space:pre-wrap;color:#b00}
.hypergen-overlay>iframe{display:block;width:100%;height:60vh;border:1px solid #ccc;background:#fff}`)
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]

let overlay = null

function dismiss() {
  overlay?.remove()
  overlay = null
}

document.addEventListener("keydown", e => e.key == "Escape" && dismiss())

document.addEventListener("hypergen:error", ({ detail }) => {
  if (!overlay) {
    overlay = document.createElement("div")
    overlay.className = "hypergen-overlay"
    overlay.setAttribute("role", "alertdialog")
    overlay.setAttribute("aria-label", "hypergen error")
    const close = document.createElement("button")
    close.textContent = "Dismiss"
    close.onclick = dismiss
    overlay.append(close)
    document.body.append(overlay)
  }
  const message = document.createElement("pre")
  message.textContent = detail.message
  overlay.append(message)
  if (detail.html) overlay.append(errorPage(detail.html))
})

// An HTML error page (Django's debug page) in an iframe that runs no script (sandbox). A srcdoc
// document inherits the page's CSP, which would refuse its inline <style>, style attributes and
// inline handlers, each with a console error: they are cut from the HTML text (parsing it into a
// document first would meet the same CSP), and its CSS adopted into the frame's document instead
// (a constructable stylesheet, which CSP allows). Good enough for a page Django escaped: quotes and
// "<" in its text are entities, so the patterns only meet real tags and attributes.
function errorPage(html) {
  let css = ""
  const clean = html
    .replace(/<style\b[^>]*>([\s\S]*?)<\/style>/gi, (_, text) => ((css += text + "\n"), ""))
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/\s(on\w+|style)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "")
  const frame = document.createElement("iframe")
  frame.setAttribute("sandbox", "allow-same-origin") // no scripts; the same origin, to adopt the CSS
  frame.srcdoc = clean
  frame.onload = () => {
    const sheet = new frame.contentWindow.CSSStyleSheet()
    sheet.replaceSync(css)
    frame.contentDocument.adoptedStyleSheets = [sheet]
  }
  return frame
}
