// The page's one websocket (protocol §5): msgpack frames, a hello on every (re)connect, heartbeat,
// reconnect with backoff, flow-control acks, and exactly-once events: every event stays pending
// until a server frame acknowledges it, is re-sent (same seq) after a reconnect, and is either
// applied once or visibly rejected.
import { config } from "./config.js"
import { encode, decode } from "./msgpack.js"
import { hypergen, run } from "./commands.js"
import { fail } from "./events.js"

const PING_EVERY = 20000
const PONG_WITHIN = 5000
const BACKOFF_BASE = 500
const BACKOFF_CAP = 10000
const REJECTED_FOR = 2000
// A connection counts as good (and resets the backoff) only once it stayed up this long: a server
// that accepts and drops at once must not be hammered every few hundred milliseconds.
const STABLE_AFTER = 5000
const MAX_QUEUED = 10 // pending events at most while disconnected: more are rejected at once
const QUEUE_FOR = 5000 // an event never sent is rejected after waiting this long for a connection
const ACK_EVERY = 65536 // bytes received between two ["ack", total] frames
// close codes after which reconnecting can't help: the token is no good (4001) or the session
// ended (4003); reloading over HTTP gets a fresh page (or Django's login redirect)
const RELOAD = [4001, 4003]

let url // set by the first connect(): from then on this page keeps a socket
let ws = null // the current socket, null while waiting to reconnect
let gone = false // closed with a RELOAD code: no more sockets, the page reloads
// The page is navigating away (a form post, say the logout that closed this very socket):
// reloading now would cancel that navigation, so a RELOAD close waits to see if it happens.
let leaving = false
const LEAVE_GRACE = 3000
let token = config.token // replaced by the server's ["t", token]
// This page load's tab id, 32 random hex digits, the same in every hello of it (every reconnect).
// With it the server lets a reconnect of this same tab take over its page state (and de-duplicate
// re-sent events) even while it still thinks the old connection is alive (half-open TCP after a
// network drop); a duplicated tab (the same token in copied HTML, but a new page load, hence a new
// tab id) gets a fork of the state under a token of its own (["t", token]).
const tab = [...crypto.getRandomValues(new Uint8Array(16))].map(b => (b | 256).toString(16).slice(1)).join("")
let seq = 0 // last event seq, increasing per page load (kept across reconnects)
let serverSeq = 0 // last diff frame applied, told to the server in hello
let attempt = 0 // failed connects in a row, for the backoff
let received, acked // bytes of server frames on the current socket, and in the last ack sent
let retry, ping, pong, stable // timers
// event seq → {frame, el, resolve, timer, idle}: every event sent or queued and not answered yet, in
// seq order. `timer`, while it was never sent: rejects it QUEUE_FOR after it was fired. Once sent, an
// event is never rejected for waiting (the server may have applied it): it is re-sent instead.
// `idle` undoes the binding's loading state (loading.js), synchronously, before the answering frame
// is applied.
const pending = new Map()

export function connect() {
  if (ws || gone) return
  if (!url) {
    url = new URL(config.ws || "/ws/hypergen/", location.href).href.replace(/^http/, "ws")
    const now = () => ws || connect()
    addEventListener("online", now)
    addEventListener("beforeunload", () => (leaving = true))
    document.addEventListener("visibilitychange", () => document.visibilityState == "visible" && now())
  }
  clearTimeout(retry)
  received = acked = 0
  ws = new WebSocket(url)
  ws.binaryType = "arraybuffer"
  ws.onopen = () => {
    stable = setTimeout(() => (attempt = 0), STABLE_AFTER)
    connected(true)
    // the path lets the server rebuild the page state when it no longer knows the token
    send(["hello", token, serverSeq, location.pathname + location.search, tab])
    // then every unanswered event, unchanged: the server applies each (token, seq) once and
    // answers a duplicate with its ack again
    for (const p of pending.values()) {
      send(p.frame)
      clearTimeout(p.timer)
    }
    ping = setInterval(() => {
      send(["ping"])
      pong = setTimeout(drop, PONG_WITHIN)
    }, PING_EVERY)
  }
  ws.onmessage = e => {
    // counted whether or not the frame makes sense: the server counts what it sent
    received += e.data.byteLength | 0
    if (received - acked >= ACK_EVERY) send(["ack", (acked = received)])
    try {
      const frame = decode(e.data)
      hypergen.logFrame?.(frame) // set by hypergen-debug.min.js on DEBUG pages
      receive(frame)
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

// Sends an event frame, or queues it while disconnected. Returns a promise resolved with true
// when the server answers it, false when it is rejected later; null when it is rejected at once.
// `idle` is called (once, synchronously) when it is answered or rejected later.
export function event(handler, args, el, idle) {
  if (!url) connect() // lazily, for a page whose script tag has no data-ws
  const open = ws?.readyState == 1
  if (gone || (!open && pending.size >= MAX_QUEUED)) return reject(el, handler)
  const frame = [++seq, handler, args]
  return new Promise(resolve => {
    const p = { frame, el, resolve, idle }
    pending.set(seq, p)
    if (open) send(frame)
    else p.timer = setTimeout(() => finish(p, true), QUEUE_FOR)
  })
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
  get pending() {
    return pending.size
  },
  // {tag: handle(frame)}: server frames of other kinds, handled by a bundle loaded after this one
  frames: {},
  // what a RELOAD close does; tests replace it
  reload: () => location.reload(),
  // the page's token and the last diff frame applied: what a diff-mode partial load is diffed
  // against (hypergen-compat.min.js)
  get token() {
    return token
  },
  get serverSeq() {
    return serverSeq
  },
  // the page became another one in place (a partial load, hypergen-compat.min.js): hello with its
  // token on a new socket; `s`, the new page's frame the client is at (a diffed partial load
  // continues the diff state; 0: its target was numbered afresh). The old socket is closed first:
  // a frame of the old page arriving after this is dropped by the browser, never applied.
  page(t, s = 0) {
    token = t
    serverSeq = s
    ws ? ws.close() : connect()
  },
}

// Answers the pending events up to seq `upto` (or, with `rejected`, rejects them visibly).
function settle(upto, rejected) {
  for (const [s, p] of pending) {
    if (s > upto) break
    finish(p, rejected)
  }
}

function finish(p, rejected) {
  pending.delete(p.frame[0])
  clearTimeout(p.timer)
  p.idle?.()
  if (rejected) reject(p.el, p.frame[1])
  p.resolve(!rejected)
}

function receive(frame) {
  const [kind, ack, body] = Array.isArray(frame) ? frame : []
  if (kind == "pong") return clearTimeout(pong)
  if (kind == "t" && typeof ack == "string") return void (token = ack)
  if (socket.frames[kind]) return socket.frames[kind](frame)
  const diff = typeof kind == "number"
  if (!diff && kind != "c" && kind != "e" || typeof ack != "number") throw Error("unknown frame " + JSON.stringify(frame)?.slice(0, 99))
  // settle first: a command that throws must not leave a `blocks` binding blocked
  settle(ack)
  if (diff) {
    if (!hypergen.applyPatch) throw Error("diff frame received but no patcher is set (hypergen.applyPatch)")
    hypergen.applyPatch(frame)
    serverSeq = kind
  } else if (kind == "c") run(body)
  else fail(body, { seq: ack })
}

function closed(e) {
  ws = null
  clearInterval(ping)
  clearTimeout(pong)
  clearTimeout(stable)
  connected(false)
  if (RELOAD.includes(e?.code)) {
    gone = true
    settle(seq, true)
    if (leaving) return setTimeout(() => socket.reload(), LEAVE_GRACE)
    return socket.reload()
  }
  // pending events stay: they are re-sent after the hello of the next socket
  // full jitter: anywhere between 0 and the capped exponential delay
  retry = setTimeout(connect, Math.random() * Math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt++))
}

// A socket that stopped answering pings may take long to report its close: give up on it now.
function drop() {
  ws.onclose = null
  ws.close()
  closed()
}

// <html> carries the state as a class; `hypergen:connected` / `hypergen:disconnected` fire on
// document when it changes (not on every failed retry).
let up
function connected(on) {
  const classes = document.documentElement.classList
  classes.toggle("hypergen-connected", on)
  classes.toggle("hypergen-disconnected", !on)
  if (on !== up) document.dispatchEvent(new CustomEvent(`hypergen:${(up = on) ? "" : "dis"}connected`))
}

function reject(el, handler) {
  console.warn(`hypergen: not connected, event for "${handler}" rejected`)
  el.classList.add("hypergen-rejected")
  setTimeout(() => el.classList.remove("hypergen-rejected"), REJECTED_FOR)
  document.dispatchEvent(new CustomEvent("hypergen:rejected", { detail: { element: el, handler } }))
  return null
}
