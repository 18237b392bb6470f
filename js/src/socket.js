// The page's one websocket (protocol §5): msgpack frames, a hello on every (re)connect, heartbeat,
// reconnect with backoff, and visible rejection of events fired while disconnected.
import { config } from "./config.js"
import { encode, decode } from "./msgpack.js"
import { hypergen, run } from "./commands.js"
import { fail } from "./events.js"

const PING_EVERY = 20000
const PONG_WITHIN = 5000
const BACKOFF_BASE = 500
const BACKOFF_CAP = 10000
const REJECTED_FOR = 2000

let url // set by the first connect(): from then on this page keeps a socket
let ws = null // the current socket, null while waiting to reconnect
let opened = false // until the first connection succeeds, events wait in `queue` instead of being rejected
const queue = [] // [frame, element] of events fired during the first connect
let seq = 0 // last event seq, increasing per page load (kept across reconnects)
let serverSeq = 0 // last diff frame applied, told to the server in hello
let attempt = 0 // failed connects in a row, for the backoff
let retry, ping, pong, stable // timers
// A connection counts as good (and resets the backoff) only once it stayed up this long: a server
// that accepts and drops at once must not be hammered every few hundred milliseconds.
const STABLE_AFTER = 5000
const answers = new Map() // event seq → resolve(), settled by the server's answer (for `blocks`)

export function connect() {
  if (ws) return
  if (!url) {
    url = new URL(config.ws || "/ws/hypergen/", location.href).href.replace(/^http/, "ws")
    const now = () => ws || connect()
    addEventListener("online", now)
    document.addEventListener("visibilitychange", () => document.visibilityState == "visible" && now())
  }
  clearTimeout(retry)
  ws = new WebSocket(url)
  ws.binaryType = "arraybuffer"
  ws.onopen = () => {
    opened = true
    stable = setTimeout(() => (attempt = 0), STABLE_AFTER)
    connected(true)
    // the path lets the server rebuild the page state when it no longer knows the token
    send(["hello", config.token, serverSeq, location.pathname + location.search])
    queue.splice(0).forEach(([frame]) => send(frame))
    ping = setInterval(() => {
      send(["ping"])
      pong = setTimeout(drop, PONG_WITHIN)
    }, PING_EVERY)
  }
  ws.onmessage = e => {
    try {
      receive(decode(e.data))
      // for on-page meters and debugging: what each update cost on the wire
      document.dispatchEvent(new CustomEvent("hypergen:frame", { detail: { bytes: e.data.byteLength } }))
    } catch (err) {
      fail(err.message)
    }
  }
  ws.onclose = closed
}

// Sends a raw frame; false when the socket is not open.
export function send(frame) {
  if (ws?.readyState != 1) return false
  ws.send(encode(frame))
  return true
}

// Sends an event frame. Returns a promise settled by the server's answer (or by losing the
// connection), or null when the event was rejected because the socket is down.
export function event(handler, args, el) {
  if (!url) connect() // lazily, for a page whose script tag has no data-ws
  const frame = [seq + 1, handler, args]
  if (!send(frame)) {
    if (opened || !ws) return reject(el, handler)
    queue.push([frame, el])
  }
  seq++
  return new Promise(resolve => answers.set(seq, resolve))
}

// Internal API published as window.hypergen.socket (documented in main.js).
export const socket = {
  send,
  connect,
  get state() {
    return ws?.readyState == 1 ? "open" : ws ? "connecting" : url ? "closed" : "none"
  },
  get seq() {
    return seq
  },
}

function receive(frame) {
  const [kind, ack, body] = frame
  // settle first: a command that throws must not leave a `blocks` binding blocked
  for (const [s, resolve] of answers) {
    if (s <= ack) {
      answers.delete(s)
      resolve()
    }
  }
  if (typeof kind == "number") {
    if (!hypergen.applyPatch) throw Error("diff frame received but no patcher is set (hypergen.applyPatch)")
    hypergen.applyPatch(frame)
    serverSeq = kind
  } else if (kind == "c") run(body)
  else if (kind == "e") fail(body, { seq: ack })
  else if (kind == "pong") clearTimeout(pong)
  else throw Error("unknown frame " + JSON.stringify(frame))
}

function closed() {
  ws = null
  clearInterval(ping)
  clearTimeout(pong)
  clearTimeout(stable)
  connected(false)
  queue.splice(0).forEach(([frame, el]) => reject(el, frame[1])) // the first connect failed
  answers.forEach(resolve => resolve()) // no answer will come
  answers.clear()
  // full jitter: anywhere between 0 and the capped exponential delay
  retry = setTimeout(connect, Math.random() * Math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt++))
}

// A socket that stopped answering pings may take long to report its close: give up on it now.
function drop() {
  ws.onclose = null
  ws.close()
  closed()
}

function connected(on) {
  const classes = document.documentElement.classList
  classes.toggle("hypergen-connected", on)
  classes.toggle("hypergen-disconnected", !on)
}

function reject(el, handler) {
  console.warn(`hypergen: not connected, event for "${handler}" rejected`)
  el.classList.add("hypergen-rejected")
  setTimeout(() => el.classList.remove("hypergen-rejected"), REJECTED_FOR)
  document.dispatchEvent(new CustomEvent("hypergen:rejected", { detail: { element: el, handler } }))
  return null
}
