// The websocket (protocol §5) in the built bundle, driven through a fake WebSocket and fake timers.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush } from "../harness/page.js"

const COUNTER = `<input id=n value=5><button id=inc hv-click='["counter.inc", [{"$el": "n", "as": "int"}]]'>+</button>`

// A page with data-ws whose first socket is open.
function connected(options = {}) {
  const page = boot({ body: COUNTER, data: { ws: "/ws/hypergen/", token: "page-1" }, ...options })
  page.ws = () => page.sockets.at(-1)
  page.ws().open()
  return page
}
const classes = page => [...page.document.documentElement.classList].sort()

test("opens one socket at data-ws on the page's host, wss: for https", () => {
  const page = boot({ data: { ws: "/ws/hypergen/" } })
  assert.equal(page.sockets.length, 1)
  assert.equal(page.sockets[0].url, "wss://app.test/ws/hypergen/")
  assert.equal(page.sockets[0].binaryType, "arraybuffer")
  assert.equal(boot({ data: { ws: "/ws/x/" }, url: "http://localhost:8000/p" }).sockets[0].url, "ws://localhost:8000/ws/x/")
})

test("no data-ws: no socket until a consumer binding fires", () => {
  const page = boot({ body: COUNTER })
  assert.equal(page.sockets.length, 0)
  assert.equal(page.window.hypergen.socket.state, "none")
  page.$("inc").click()
  assert.equal(page.sockets.length, 1)
  assert.equal(page.sockets[0].url, "wss://app.test/ws/hypergen/")
})

test("hello with the token, last applied server seq and page path is the first frame; <html> shows connected", () => {
  const page = connected({ url: "https://app.test/todo/?filter=open" })
  assert.deepEqual(page.ws().frames, [["hello", "page-1", 0, "/todo/?filter=open"]])
  assert.deepEqual(classes(page), ["hypergen-connected"])
  assert.equal(page.window.hypergen.socket.state, "open")
})

test("an event is one frame [seq, handler_id, args] with seq increasing", () => {
  const page = connected()
  page.$("inc").click()
  page.$("n").value = "6"
  page.$("inc").click()
  assert.deepEqual(page.ws().frames.slice(1), [
    [1, "counter.inc", [{ $v: "5", as: "int" }]],
    [2, "counter.inc", [{ $v: "6", as: "int" }]],
  ])
  assert.equal(page.window.hypergen.socket.seq, 2)
})

test("events fired during the first connect are sent right after hello", () => {
  const page = boot({ body: COUNTER, data: { ws: "/ws/hypergen/", token: "t" } })
  page.$("inc").click()
  assert.deepEqual(page.sockets[0].frames, [])
  page.sockets[0].open()
  assert.deepEqual(page.sockets[0].frames, [["hello", "t", 0, "/page"], [1, "counter.inc", [{ $v: "5", as: "int" }]]])
})

test("events queued during a first connect that fails are rejected", () => {
  const page = boot({ body: COUNTER, data: { ws: "/ws/hypergen/" } })
  const rejected = page.events("hypergen:rejected")
  page.$("inc").click()
  page.sockets[0].serverClose()
  assert.equal(rejected.length, 1)
  assert.ok(page.$("inc").classList.contains("hypergen-rejected"))
})

test('["c", ack, commands] runs the commands', () => {
  const page = connected({ body: COUNTER + "<p id=out>0</p>" })
  page.ws().receive(["c", 1, [["hypergen.morph", "out", "<b>6</b>"], ["hypergen.hide", "n"]]])
  assert.equal(page.$("out").innerHTML, "<b>6</b>")
  assert.equal(page.$("n").style.display, "none")
})

test('["e", ack, message] fires hypergen:error and logs it', () => {
  const page = connected()
  const errors = page.events("hypergen:error")
  page.ws().receive(["e", 3, "count: not an int"])
  assert.deepEqual(errors, [{ message: "count: not an int", seq: 3 }])
  assert.deepEqual(page.logs, [["error", "hypergen: count: not an int"]])
})

test("blocks waits for the answer frame acking the event", async () => {
  const page = connected({ body: `<button id=b hv-click='["slow", [], {"blocks": true}]'>x</button>` })
  page.$("b").click()
  page.$("b").click()
  assert.equal(page.ws().frames.length, 2) // hello + one event
  page.ws().receive(["c", 1, []])
  await flush()
  page.$("b").click()
  assert.deepEqual(page.ws().frames.at(-1), [2, "slow", []])
})

test("blocks is released when the connection drops", async () => {
  const page = connected({ body: `<button id=b hv-click='["slow", [], {"blocks": true}]'>x</button>` })
  page.$("b").click()
  page.ws().serverClose()
  page.clock.tick(500)
  page.ws().open()
  await flush()
  page.$("b").click()
  assert.deepEqual(page.ws().frames.at(-1), [2, "slow", []])
})

test("reconnects with exponential backoff capped at 10 s, hello again, seq kept", () => {
  const page = connected()
  page.$("inc").click()
  page.ws().serverClose()
  assert.deepEqual(classes(page), ["hypergen-disconnected"])
  assert.equal(page.window.hypergen.socket.state, "closed")
  const delays = []
  for (let i = 0; i < 7; i++) {
    delays.push(...page.clock.pending())
    page.clock.tick(page.clock.pending()[0])
    page.ws().serverClose() // the reconnect attempt fails
  }
  // Math.random() is 1 here, so each full-jitter delay is its upper bound
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000])
  assert.equal(page.sockets.length, 8)
  page.clock.tick(10000)
  page.ws().open()
  assert.deepEqual(classes(page), ["hypergen-connected"])
  page.$("inc").click()
  assert.deepEqual(page.ws().frames, [["hello", "page-1", 0, "/page"], [2, "counter.inc", [{ $v: "5", as: "int" }]]])
  page.clock.tick(5000) // up long enough to count as a good connection
  page.ws().serverClose()
  assert.deepEqual(page.clock.pending(), [500]) // a successful connect resets the backoff
})

test("a connection dropped right after opening does not reset the backoff", () => {
  const page = connected()
  page.ws().serverClose()
  page.clock.tick(page.clock.pending()[0]) // 500
  page.ws().serverClose() // failed attempt: next delay 1000
  page.clock.tick(page.clock.pending()[0])
  page.ws().open()
  page.clock.tick(100)
  page.ws().serverClose() // accepted, then dropped at once
  assert.deepEqual(page.clock.pending(), [2000])
})

test("the backoff delay is jittered over the whole range", () => {
  const page = connected({ random: 0.25 })
  page.ws().serverClose()
  assert.deepEqual(page.clock.pending(), [125])
})

test("an event while disconnected is rejected visibly and not sent", () => {
  const page = connected({ body: `<input id=msg value=hi hv-change='["chat.say", [{"$el": null}], {"clear": true}]'>` })
  const rejected = page.events("hypergen:rejected")
  page.ws().serverClose()
  page.$("msg").dispatchEvent(new page.window.Event("change", { bubbles: true }))
  assert.deepEqual(rejected, [{ element: page.$("msg"), handler: "chat.say" }])
  assert.ok(page.$("msg").classList.contains("hypergen-rejected"))
  assert.equal(page.$("msg").value, "hi") // not cleared: nothing was sent
  assert.deepEqual(page.logs, [["warn", 'hypergen: not connected, event for "chat.say" rejected']])
  assert.equal(page.sockets[0].frames.length, 1) // only hello
  page.clock.tick(1999)
  assert.ok(page.$("msg").classList.contains("hypergen-rejected"))
  page.clock.tick(1)
  assert.ok(!page.$("msg").classList.contains("hypergen-rejected"))
})

test("an event while reconnecting is rejected too", () => {
  const page = connected()
  const rejected = page.events("hypergen:rejected")
  page.ws().serverClose()
  page.clock.tick(500) // the retry socket is connecting
  page.$("inc").click()
  assert.equal(rejected.length, 1)
  page.ws().open()
  assert.deepEqual(page.ws().frames, [["hello", "page-1", 0, "/page"]])
})

test("pings every 20 s; a pong within 5 s keeps the socket", () => {
  const page = connected()
  page.clock.tick(20000)
  assert.deepEqual(page.ws().frames.at(-1), ["ping"])
  page.clock.tick(4999)
  page.ws().receive(["pong"])
  page.clock.tick(10000)
  assert.equal(page.sockets.length, 1)
  assert.equal(page.ws().readyState, 1)
})

test("no pong within 5 s closes the socket and reconnects", () => {
  const page = connected()
  page.clock.tick(25000)
  assert.equal(page.sockets[0].readyState, 3)
  assert.deepEqual(classes(page), ["hypergen-disconnected"])
  assert.deepEqual(page.clock.pending(), [500]) // one retry scheduled, not two
  page.clock.tick(500)
  assert.equal(page.sockets.length, 2)
})

test("the browser's online event and the page becoming visible reconnect at once", () => {
  const page = connected()
  page.ws().serverClose()
  page.window.dispatchEvent(new page.window.Event("online"))
  assert.equal(page.sockets.length, 2)
  assert.deepEqual(page.clock.pending(), [])
  page.ws().serverClose()
  page.document.dispatchEvent(new page.window.Event("visibilitychange"))
  assert.equal(page.document.visibilityState, "visible")
  assert.equal(page.sockets.length, 3)
  page.window.dispatchEvent(new page.window.Event("online")) // connecting already: no second socket
  assert.equal(page.sockets.length, 3)
})

test("int-first frames go to hypergen.applyPatch; the next hello names the last applied seq", () => {
  const page = connected()
  const patches = []
  page.window.hypergen.applyPatch = frame => {
    if (frame[0] == 8) throw Error("id mismatch")
    patches.push(frame)
  }
  page.ws().receive([7, 0, 12, 1, 3, "text"])
  page.ws().receive([8, 0, 12, 99])
  assert.deepEqual(JSON.parse(JSON.stringify(patches)), [[7, 0, 12, 1, 3, "text"]])
  assert.deepEqual(page.logs, [["error", "hypergen: id mismatch"]])
  page.ws().serverClose()
  page.clock.tick(500)
  page.ws().open()
  assert.deepEqual(page.ws().frames, [["hello", "page-1", 7, "/page"]])
})

test("an int-first frame without a patcher is an error", () => {
  const page = connected()
  const errors = page.events("hypergen:error")
  page.ws().receive([1, 0, 5, 1, 2, "x"])
  assert.match(errors[0].message, /no patcher/)
  assert.equal(page.logs[0][0], "error")
})

test("hypergen.socket.send sends a raw frame when open, false otherwise", () => {
  const page = connected()
  assert.equal(page.window.hypergen.socket.send(["resync"]), true)
  assert.deepEqual(page.ws().frames.at(-1), ["resync"])
  page.ws().serverClose()
  assert.equal(page.window.hypergen.socket.send(["resync"]), false)
})
