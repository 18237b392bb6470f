// `alertify.notify(text, level, delay, position)`: what Hypergen's AlertifyPlugin shows its Django
// messages with, without loading AlertifyJS from a CDN (strict CSP): a toast per message, its
// text as text, gone after `delay` seconds. Styled through CSSOM (allowed under a strict
// style-src, unlike style attributes in HTML); `.ajs-message.ajs-<level>` to restyle.
const placement = { top: "top", bottom: "bottom" }

function notifier(position) {
  let box = document.getElementById("hypergen-notifier")
  if (!box) {
    box = document.createElement("div")
    box.id = "hypergen-notifier"
    box.setAttribute("role", "status")
    Object.assign(box.style, { position: "fixed", left: "50%", transform: "translateX(-50%)", zIndex: 2147483000, display: "grid", gap: "6px" })
    document.body.append(box)
  }
  const edge = placement[String(position).split("-")[0]] || "bottom"
  box.style.top = box.style.bottom = ""
  box.style[edge] = "12px"
  return box
}

export const alertify = {
  notify(text, level = "info", delay = 5, position = "bottom-center") {
    const toast = document.createElement("div")
    toast.className = `ajs-message ajs-${String(level).replace(/[^\w-]/g, "")}`
    toast.textContent = String(text)
    Object.assign(toast.style, { background: "rgba(245,245,245,.95)", color: "#222", padding: "8px 14px", borderRadius: "4px", boxShadow: "0 1px 4px rgba(0,0,0,.3)" })
    notifier(position).append(toast)
    setTimeout(() => toast.remove(), Math.max(0, Number(delay) || 0) * 1000)
    return toast
  },
  set() {}, // AlertifyJS's settings call: position and delay come with each notify here
}
