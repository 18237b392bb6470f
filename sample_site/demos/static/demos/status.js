// The demos' header: the connection indicator and the bytes meter (sample_site/demos/base.py renders
// them outside the live target, so no server frame ever touches them). Loaded with a plain
// <script src defer> before the hypergen client: the sample site's CSP allows no inline script.
const connection = document.getElementById("connection")
const meter = document.getElementById("meter")

function show(state, text) {
  connection.dataset.state = state
  connection.textContent = text
}

// Websocket pages: the client fires hypergen:connected / hypergen:disconnected on document when
// the socket comes up or goes down, and keeps the state as a class on <html> (read once here, in
// case it connected before this ran).
if (connection && connection.dataset.state != "http") {
  document.addEventListener("hypergen:connected", () => show("connected", "connected"))
  document.addEventListener("hypergen:disconnected", () => show("disconnected", "reconnecting…"))
  if (document.documentElement.classList.contains("hypergen-connected")) show("connected", "connected")
}

const report = (bytes, what) => {
  if (meter) meter.textContent = `last update: ${bytes.toLocaleString("en")} bytes ${what}`
}

// Every server frame, diff or classic: its size on the wire.
document.addEventListener("hypergen:frame", event => report(event.detail.bytes, "on the wire"))

// @action pages: each event is a fetch() POST; the browser's resource timing has its body size.
if (meter?.dataset.transport == "http") {
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.initiatorType == "fetch") report(entry.encodedBodySize, "in the HTTP answer")
    }
  }).observe({ type: "resource" })
}
