// Test harness: a happy-dom page running the built bundle (not the sources), with fakes for the
// things a test must control: fetch, WebSocket, timers, Math.random and the console.
import vm from "node:vm"
import { readFileSync } from "node:fs"
import { Window } from "happy-dom"
import { outfile } from "../build.mjs"
import { encode, decode } from "../src/msgpack.js"

const bundles = {} // build.mjs BUNDLES name → text, read once
export const bundleText = name => (bundles[name] ??= readFileSync(outfile(name), "utf8"))

// boot({body, data, fetch, random, url, bundle, after, before}): `data` becomes the script tag's
// data-* attributes; `bundle` names the file that runs (build.mjs BUNDLES: "classic", or "diff" for
// diff-mode pages), then the bundles named in `after` (["compat"]); `before(window)` runs first,
// as a page script before the client would.
// happy-dom's own JavaScript evaluation stays off (its default), so inline handlers could never
// run: whatever works here works under a strict Content-Security-Policy.
export function boot({ body = "", data = {}, fetch, random = 1, url = "https://app.test/page", bundle = "classic", after = [], before } = {}) {
  const window = new Window({ url })
  const { document } = window
  const clock = fakeClock(window)
  const sockets = []
  window.WebSocket = fakeSocketClass(sockets)
  window.Math.random = () => random
  const logs = []
  window.console = {
    error: (...a) => logs.push(["error", a.join(" ")]),
    warn: (...a) => logs.push(["warn", a.join(" ")]),
    log: (...a) => logs.push(["log", a.join(" ")]),
    debug: (...a) => logs.push(["debug", ...a]),
  }
  const posts = []
  window.fetch = async (url, init) => {
    posts.push({ url, method: init.method, headers: { ...init.headers }, body: init.body, json: init.body && JSON.parse(init.body) })
    return fetch ? fetch(url, init) : new window.Response("[]", { status: 200 })
  }
  const attrs = Object.entries(data).map(([k, v]) => ` data-${k}="${v}"`).join("")
  document.body.innerHTML = `${body}<script id="hypergen-client"${attrs}></script>`
  before?.(window)
  for (const name of [bundle, ...after]) new vm.Script(bundleText(name)).runInContext(window)

  // details of the CustomEvents `name` fired from now on, copied into this realm (flat) so
  // deepStrictEqual compares them with plain objects
  const events = name => {
    const seen = []
    document.addEventListener(name, e => seen.push({ ...e.detail }))
    return seen
  }
  return { window, document, clock, sockets, logs, posts, events, $: id => document.getElementById(id) }
}

// Lets promise callbacks (fetch mocks, .finally) run.
export const flush = () => new Promise(resolve => setImmediate(resolve))

export const jsonResponse = (window, body, status = 200) =>
  new window.Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } })

function fakeClock(window) {
  let now = 0
  let lastId = 0
  const timers = new Map()
  const add = (fn, ms = 0, every) => (timers.set(++lastId, { at: now + ms, fn, every }), lastId)
  window.setTimeout = (fn, ms) => add(fn, ms)
  window.setInterval = (fn, ms) => add(fn, ms, ms)
  window.clearTimeout = window.clearInterval = id => timers.delete(id)
  return {
    get now() {
      return now
    },
    // delays of the pending one-shot timers, from now
    pending: () => [...timers.values()].filter(t => !t.every).map(t => t.at - now),
    tick(ms) {
      const end = now + ms
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort(([, a], [, b]) => a.at - b.at)[0]
        if (!due) break
        const [id, t] = due
        now = t.at
        if (t.every) t.at += t.every
        else timers.delete(id)
        t.fn()
      }
      now = end
    },
  }
}

// A WebSocket the test drives from the server's side: open(), receive(frame), receiveBytes(bytes),
// serverClose(code).
function fakeSocketClass(sockets) {
  return class FakeSocket {
    constructor(url) {
      this.url = url
      this.readyState = 0
      this.frames = [] // what the client sent, decoded
      sockets.push(this)
    }
    send(data) {
      this.frames.push(decode(data))
    }
    close() {
      this.readyState = 3
      this.onclose?.()
    }
    open() {
      this.readyState = 1
      this.onopen()
    }
    receive(frame) {
      this.receiveBytes(encode(frame))
    }
    // any bytes, e.g. not msgpack at all
    receiveBytes(bytes) {
      this.onmessage({ data: new Uint8Array(bytes).buffer })
    }
    serverClose(code = 1006) {
      this.readyState = 3
      this.onclose({ code })
    }
  }
}
