// The websocket (protocol §5) in the built bundle, driven through a fake WebSocket and fake timers.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush } from "../harness/page.js"
import { diffPage } from "../harness/diff.js"
import { encode } from "../src/msgpack.js"

const COUNTER = `<input id=n value=5><button id=inc hv-click='["counter.inc", [{"$el": "n", "as": "int"}]]'>+</button>`

// A page with data-ws whose first socket is open.
function connected(options = {}) {
  const page = boot({ body: COUNTER, data: { ws: "/ws/hypergen/", token: "page-1" }, ...options })
  page.ws = () => page.sockets.at(-1)
  page.ws().open()
  return page
}
const classes = page => [...page.document.documentElement.classList].sort()

// A hello's 5th element, the tab id: 32 hex digits (128 random bits), one per page load.
const TAB_ID = /^[0-9a-f]{32}$/
const TAB = "<the page's tab id>"
// What a socket (by default the page's last) sent, decoded, with each hello's tab id checked and
// then replaced by TAB, so that whole frame lists still compare exactly: a hello has exactly 5
// elements, its tab id the shape above and the same as in every other hello of this page load.
function sent(page, socket = page.sockets.at(-1)) {
  return socket.frames.map(frame => {
    if (frame[0] != "hello") return frame
    assert.equal(frame.length, 5, `a hello has 5 elements: ${JSON.stringify(frame)}`)
    assert.match(frame[4], TAB_ID)
    page.tab ??= frame[4]
    assert.equal(frame[4], page.tab, "one tab id in every hello of a page load")
    return [...frame.slice(0, 4), TAB]
  })
}

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
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/todo/?filter=open", TAB]])
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
  assert.deepEqual(sent(page, page.sockets[0]), [["hello", "t", 0, "/page", TAB], [1, "counter.inc", [{ $v: "5", as: "int" }]]])
})

test("an event queued during a first connect that fails waits for the next socket", () => {
  const page = boot({ body: COUNTER, data: { ws: "/ws/hypergen/", token: "t" } })
  const rejected = page.events("hypergen:rejected")
  page.$("inc").click()
  page.sockets[0].serverClose()
  page.clock.tick(500)
  page.sockets[1].open()
  assert.deepEqual(rejected, [])
  assert.deepEqual(sent(page, page.sockets[1]), [["hello", "t", 0, "/page", TAB], [1, "counter.inc", [{ $v: "5", as: "int" }]]])
})

test("an event queued during a first connect is rejected when no socket opened within 5 s", () => {
  const page = boot({ body: COUNTER, data: { ws: "/ws/hypergen/", token: "t" } })
  const rejected = page.events("hypergen:rejected")
  page.$("inc").click()
  page.sockets[0].serverClose()
  page.clock.tick(4999)
  assert.equal(rejected.length, 0)
  assert.equal(page.window.hypergen.socket.pending, 1)
  page.clock.tick(1)
  assert.deepEqual(rejected, [{ element: page.$("inc"), handler: "counter.inc" }])
  assert.ok(page.$("inc").classList.contains("hypergen-rejected"))
  assert.equal(page.window.hypergen.socket.pending, 0)
  page.ws = () => page.sockets.at(-1)
  page.ws().open()
  assert.deepEqual(sent(page), [["hello", "t", 0, "/page", TAB]]) // not sent after all
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

test("blocks stays across a reconnect until the re-sent event is answered", async () => {
  const page = connected({ body: `<button id=b hv-click='["slow", [], {"blocks": true}]'>x</button>` })
  page.$("b").click()
  page.ws().serverClose()
  page.clock.tick(500)
  page.ws().open()
  await flush()
  page.$("b").click()
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/page", TAB], [1, "slow", []]])
  page.ws().receive(["c", 1, []]) // the server had applied it already: its ack again
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
  assert.deepEqual(sent(page), [
    ["hello", "page-1", 0, "/page", TAB],
    [1, "counter.inc", [{ $v: "5", as: "int" }]], // never answered: sent again
    [2, "counter.inc", [{ $v: "5", as: "int" }]],
  ])
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

test("an event fired while disconnected waits 5 s for a connection, then is rejected visibly", async () => {
  const page = connected({ body: `<input id=msg value=hi hv-change='["chat.say", [{"$el": null}], {"clear": true}]'>` })
  const rejected = page.events("hypergen:rejected")
  page.ws().serverClose()
  page.clock.tick(500) // the retry socket is connecting, and never opens
  page.$("msg").dispatchEvent(new page.window.Event("change", { bubbles: true }))
  assert.equal(page.$("msg").value, "") // queued, as good as sent
  page.clock.tick(4999)
  assert.deepEqual(rejected, [])
  page.clock.tick(1)
  assert.deepEqual(rejected, [{ element: page.$("msg"), handler: "chat.say" }])
  assert.ok(page.$("msg").classList.contains("hypergen-rejected"))
  assert.deepEqual(page.logs, [["warn", 'hypergen: not connected, event for "chat.say" rejected']])
  await flush()
  assert.equal(page.$("msg").value, "hi") // what the user typed is given back
  page.clock.tick(1999)
  assert.ok(page.$("msg").classList.contains("hypergen-rejected"))
  page.clock.tick(1)
  assert.ok(!page.$("msg").classList.contains("hypergen-rejected"))
  page.ws().open()
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/page", TAB]]) // never sent
  assert.equal(page.sockets[0].frames.length, 1)
})

test("a rejected queued event leaves a field alone that the user typed into again", async () => {
  const page = connected({ body: `<input id=msg value=hi hv-change='["chat.say", [{"$el": null}], {"clear": true}]'>` })
  page.ws().serverClose()
  page.$("msg").dispatchEvent(new page.window.Event("change", { bubbles: true }))
  page.$("msg").value = "more"
  page.clock.tick(5000)
  await flush()
  assert.equal(page.$("msg").value, "more")
})

test("an event while reconnecting is sent after the hello", () => {
  const page = connected()
  const rejected = page.events("hypergen:rejected")
  page.ws().serverClose()
  page.clock.tick(500) // the retry socket is connecting
  page.$("inc").click()
  assert.deepEqual(page.ws().frames, [])
  page.ws().open()
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/page", TAB], [1, "counter.inc", [{ $v: "5", as: "int" }]]])
  assert.deepEqual(rejected, [])
  page.clock.tick(10000)
  assert.deepEqual(rejected, []) // sent in time: no rejection later
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
  assert.deepEqual(sent(page), [["hello", "page-1", 7, "/page", TAB]])
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

// --- exactly-once events -------------------------------------------------------------------------

const reconnect = page => {
  page.ws().serverClose()
  page.clock.tick(page.clock.pending().at(-1))
  page.ws().open()
}

test("unanswered events are re-sent after a reconnect, hello first, same seq, in seq order", () => {
  const page = connected()
  for (const v of ["5", "6", "7"]) {
    page.$("n").value = v
    page.$("inc").click()
  }
  page.ws().receive(["c", 1, []]) // event 1 answered before the drop
  assert.equal(page.window.hypergen.socket.pending, 2)
  reconnect(page)
  assert.deepEqual(sent(page), [
    ["hello", "page-1", 0, "/page", TAB],
    [2, "counter.inc", [{ $v: "6", as: "int" }]],
    [3, "counter.inc", [{ $v: "7", as: "int" }]],
  ])
  page.ws().receive(["c", 3, []]) // acks everything up to 3
  assert.equal(page.window.hypergen.socket.pending, 0)
  reconnect(page)
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/page", TAB]])
})

test("an event answered before the drop is not re-sent; an error answer counts as one", () => {
  const page = connected()
  page.$("inc").click()
  page.$("inc").click()
  page.ws().receive(["c", 1, []])
  page.ws().receive(["e", 2, "nope"])
  reconnect(page)
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/page", TAB]])
})

test("a sent event is never rejected for waiting: it is re-sent however long the outage", async () => {
  const page = connected({ body: `<button id=b hv-click='["slow", [], {"blocks": true}]'>x</button>` })
  const rejected = page.events("hypergen:rejected")
  page.$("b").click()
  page.ws().serverClose()
  page.clock.tick(60000)
  assert.deepEqual(rejected, [])
  page.ws().open()
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/page", TAB], [1, "slow", []]])
})

test("diff frames acknowledge events too (the bundle of diff pages)", () => {
  const p = diffPage(`<div id=t>x</div>`, { data: { token: "d" } })
  p.$("t").setAttribute("hv-click", '["e.go", []]')
  p.$("t").click()
  p.$("t").click()
  p.receive([1, 1, 2]) // server seq 1 answers event 1, no ops
  assert.equal(p.hypergen.socket.pending, 1)
  p.ws.serverClose()
  p.clock.tick(500)
  p.sockets[1].open()
  assert.deepEqual(sent(p, p.sockets[1]), [["hello", "d", 1, "/page", TAB], [2, "e.go", []]])
})

test("at most 10 events wait for a connection: the 11th is rejected at once", () => {
  const page = connected()
  const rejected = page.events("hypergen:rejected")
  page.ws().serverClose()
  for (let i = 0; i < 10; i++) page.$("inc").click()
  assert.deepEqual(rejected, [])
  assert.equal(page.window.hypergen.socket.pending, 10)
  page.$("inc").click()
  assert.deepEqual(rejected, [{ element: page.$("inc"), handler: "counter.inc" }])
  assert.ok(page.$("inc").classList.contains("hypergen-rejected"))
  assert.equal(page.window.hypergen.socket.seq, 10) // the rejected one took no seq
  page.clock.tick(500)
  page.ws().open()
  assert.deepEqual(page.ws().frames.map(f => f[0]), ["hello", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  page.$("inc").click() // open again: no bound on events in flight
  assert.equal(page.window.hypergen.socket.pending, 11)
})

test("events waiting longer than 5 s are rejected one by one, each when its time is up", async () => {
  const page = connected({ body: COUNTER + `<button id=b hv-click='["slow", [], {"blocks": true}]'>x</button>` })
  const rejected = page.events("hypergen:rejected")
  page.ws().serverClose()
  page.$("b").click()
  page.clock.tick(2000)
  page.$("inc").click()
  page.$("b").click() // blocked
  page.clock.tick(3000)
  assert.deepEqual(rejected, [{ element: page.$("b"), handler: "slow" }])
  assert.ok(page.$("b").classList.contains("hypergen-rejected"))
  await flush()
  page.$("b").click() // the rejection unblocked it
  assert.equal(page.window.hypergen.socket.pending, 2)
  page.clock.tick(2000)
  assert.deepEqual(rejected.map(r => r.handler), ["slow", "counter.inc"])
  assert.equal(page.window.hypergen.socket.pending, 1)
  page.ws().open() // the retry socket (500 ms after the drop)
  assert.deepEqual(sent(page), [["hello", "page-1", 0, "/page", TAB], [3, "slow", []]])
})

// --- the server's token, the tab id, close codes ------------------------------------------------

test('["t", token] replaces the page token in every later hello', () => {
  const page = connected()
  const errors = page.events("hypergen:error")
  page.ws().receive(["t", "page-2"])
  assert.deepEqual(errors, [])
  reconnect(page)
  assert.deepEqual(sent(page), [["hello", "page-2", 0, "/page", TAB]])
  page.ws().receive(["t", 7]) // not a token
  assert.equal(errors.length, 1)
  reconnect(page)
  assert.deepEqual(sent(page), [["hello", "page-2", 0, "/page", TAB]])
})

test("the tab id is one per page load: the same in the hello of every reconnect, a new one in the next page load", () => {
  const page = connected()
  page.ws().receive(["t", "page-2"]) // a new token is not a new tab
  reconnect(page)
  reconnect(page)
  const hellos = page.sockets.map(socket => socket.frames[0])
  assert.deepEqual(hellos.map(hello => hello.slice(0, 4)), [
    ["hello", "page-1", 0, "/page"],
    ["hello", "page-2", 0, "/page"],
    ["hello", "page-2", 0, "/page"],
  ])
  const tab = hellos[0][4]
  assert.match(tab, TAB_ID)
  assert.deepEqual(hellos.map(hello => hello[4]), [tab, tab, tab])
  // the same HTML loaded again (a duplicated tab): the same token, but another page load. Math.random
  // is the same fake in both pages: the id must not come from it.
  const again = connected()
  const [hello] = again.ws().frames
  assert.deepEqual(hello.slice(0, 4), ["hello", "page-1", 0, "/page"])
  assert.match(hello[4], TAB_ID)
  assert.notEqual(hello[4], tab)
})

test("a 4003 close while the page is navigating away (the logout post) waits before reloading", () => {
  const page = connected()
  let reloads = 0
  page.window.hypergen.socket.reload = () => reloads++
  page.window.dispatchEvent(new page.window.Event("beforeunload"))
  page.ws().serverClose(4003)
  assert.equal(reloads, 0) // the navigation goes on; reloading now would cancel it
  page.clock.tick(3000)
  assert.equal(reloads, 1) // still here after all: reload then
  assert.equal(page.sockets.length, 1)
})

for (const code of [4001, 4003]) {
  test(`close ${code}: pending events rejected, the page reloads once, no reconnect`, () => {
    const page = connected()
    let reloads = 0
    page.window.hypergen.socket.reload = () => reloads++
    const rejected = page.events("hypergen:rejected")
    page.$("inc").click()
    page.ws().serverClose(code)
    assert.equal(reloads, 1)
    assert.deepEqual(rejected, [{ element: page.$("inc"), handler: "counter.inc" }])
    assert.equal(page.window.hypergen.socket.pending, 0)
    page.clock.tick(60000)
    page.window.dispatchEvent(new page.window.Event("online"))
    page.$("inc").click() // rejected at once: no socket will come
    assert.equal(rejected.length, 2)
    assert.equal(page.sockets.length, 1)
    assert.equal(page.window.hypergen.socket.connect(), undefined)
    assert.equal(page.sockets.length, 1)
    assert.equal(reloads, 1)
  })
}

for (const code of [4008, 1009, 1000, 1006, 1011]) {
  test(`close ${code}: reconnect with backoff, events kept`, () => {
    const page = connected()
    let reloads = 0
    page.window.hypergen.socket.reload = () => reloads++
    page.$("inc").click()
    page.ws().serverClose(code)
    assert.equal(reloads, 0)
    assert.deepEqual(page.clock.pending(), [500])
    page.clock.tick(500)
    page.ws().open()
    assert.deepEqual(page.ws().frames.map(f => f[0]), ["hello", 1])
  })
}

// --- flow control --------------------------------------------------------------------------------

test('["ack", total] after each 64 KiB received on the socket; the count restarts on a new socket', () => {
  const page = connected()
  const big = n => ["c", 0, [["console.log", "x".repeat(n)]]] // a harmless frame of about n bytes
  const size = frame => encode(frame).length
  const acks = () => page.ws().frames.filter(f => f[0] == "ack")
  let total = 0
  const feed = frame => {
    page.ws().receive(frame)
    total += size(frame)
  }
  feed(big(30000))
  feed(big(30000))
  assert.ok(total < 65536)
  assert.deepEqual(acks(), [])
  feed(big(10000))
  assert.deepEqual(acks(), [["ack", total]])
  const first = total
  feed(big(60000))
  assert.ok(total - first < 65536)
  assert.deepEqual(acks(), [["ack", first]])
  feed(["pong"])
  feed(big(6000))
  assert.deepEqual(acks(), [["ack", first], ["ack", total]])
  feed(big(50000)) // 50 KB unacknowledged when the socket drops
  reconnect(page)
  total = 0
  feed(big(30000)) // would make 80 KB on the old count
  assert.deepEqual(acks(), [])
  feed(big(40000))
  assert.deepEqual(acks(), [["ack", total]])
})

test("frames that make no sense count as received bytes too", () => {
  const page = connected()
  page.ws().receiveBytes(new Uint8Array(70000).fill(0xc1))
  assert.deepEqual(page.ws().frames.at(-1), ["ack", 70000])
})

// --- commands and hostile frames -----------------------------------------------------------------

test("the hypergen.reset command dispatches hypergen:reset on document", () => {
  const page = connected()
  const resets = page.events("hypergen:reset")
  page.ws().receive(["c", 0, [["hypergen.reset"]]])
  assert.equal(resets.length, 1)
})

test("a hostile frame is reported and breaks nothing: later frames work", () => {
  const page = connected()
  const errors = page.events("hypergen:error")
  const frames = page.events("hypergen:frame")
  page.$("inc").click()
  page.ws().receive(5) // not an array
  page.ws().receive("c")
  page.ws().receive({ c: 1 })
  page.ws().receive(["zz", 1, []]) // unknown kind
  page.ws().receive([]) // no kind
  page.ws().receive(["c", "1", [["hypergen.hide", "n"]]]) // not an int ack: not run, acknowledges nothing
  page.ws().receive(["c", null, 5]) // commands not a list
  page.ws().receiveBytes([0xc1]) // not msgpack
  page.ws().receiveBytes([0x93, 0xa1]) // truncated
  assert.equal(errors.length, 9)
  assert.equal(page.logs.filter(([level]) => level == "error").length, 9)
  assert.equal(page.window.hypergen.socket.pending, 1)
  assert.deepEqual(frames, [])
  assert.equal(page.$("n").style.display, "")
  page.ws().receive(["c", 1, [["hypergen.hide", "n"]]])
  assert.equal(page.$("n").style.display, "none")
  assert.equal(page.window.hypergen.socket.pending, 0)
  assert.equal(errors.length, 9)
  assert.equal(frames.length, 1)
  assert.equal(page.ws().readyState, 1)
})

test("the report of an unknown frame is clipped", () => {
  const page = connected()
  const errors = page.events("hypergen:error")
  page.ws().receive(["zz", "x".repeat(100000)])
  assert.ok(errors[0].message.startsWith('unknown frame ["zz","xxx'))
  assert.ok(errors[0].message.length < 150)
})
