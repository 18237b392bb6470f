// Uploads over the page's websocket (src/compat/upload.js `wsupload`, protocol §5 "Uploads") in
// the built bundles, the server played through the fake WebSocket and fake timers.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush } from "../harness/page.js"

const BINDING = JSON.stringify(["js:hypergen.compat.wsupload", ["up.h", [{ $upload: "f" }, { $el: "n" }]]])
const BODY = `<input id=f type=file multiple><input id=n value=hi><progress id=hypergen-upload-progress-bar></progress>
  <button id=b hv-click='${BINDING}'>b</button>`

// A compat page with an open socket and `files` chosen in #f.
function page(files) {
  const p = boot({ body: BODY, data: { ws: "/ws/hypergen/", token: "t" }, after: ["compat"] })
  p.ws = p.sockets.at(-1)
  p.ws.open()
  const chosen = files.map(([text, name]) => new p.window.File([text], name, { type: "text/plain" }))
  Object.defineProperty(p.$("f"), "files", { value: chosen })
  // what the client sent after its hello, bins as plain arrays
  p.sent = () => p.ws.frames.slice(1).map(f => f.map(x => (x instanceof Uint8Array ? [...x] : x)))
  // lets the client's promises and its chunk pacing timer run
  p.settle = async () => {
    for (let i = 0; i < 6; i++) {
      await flush()
      p.clock.tick(100)
    }
  }
  return p
}
const bytes = text => [...new TextEncoder().encode(text)]

test("files go up in acknowledged chunks, with progress, then the event names their upload ids", async () => {
  const p = page([["hello world", "a.txt"], ["", "empty"]])
  const progress = p.events("hypergen:upload-progress")
  p.$("b").click()
  await p.settle()
  assert.deepEqual(p.sent(), [["u", 1, "up.h", "a.txt", 11, "text/plain"]])
  assert.equal(p.$("hypergen-upload-progress-bar").style.visibility, "visible")
  p.ws.receive(["U", 1, 0, 4, 100]) // chunks of 4 bytes, at most one per 100 ms
  await p.settle()
  assert.deepEqual(p.sent().slice(1), [["u+", 1, 0, bytes("hell")]]) // stop and wait: one chunk
  for (const [got, next] of [[4, "o wo"], [8, "rld"]]) {
    p.ws.receive(["U", 1, got])
    await p.settle()
    assert.deepEqual(p.sent().at(-1), ["u+", 1, got, bytes(next)])
  }
  p.ws.receive(["U", 1, 11])
  await p.settle()
  assert.deepEqual(p.sent().at(-1), ["u", 2, "up.h", "empty", 0, "text/plain"])
  p.ws.receive(["U", 2, 0, 4, 100]) // nothing to send: done at once
  await p.settle()
  assert.deepEqual(p.sent().at(-1), [1, "up.h", [{ $upload: [1, 2] }, { $v: "hi" }]])
  assert.deepEqual(progress, [{ loaded: 0, total: 11 }, { loaded: 4, total: 11 }, { loaded: 8, total: 11 }, { loaded: 11, total: 11 }])
  assert.equal(p.$("hypergen-upload-progress-bar").style.visibility, "hidden")
  assert.equal(p.window.hypergen.socket.pending, 1) // the event waits for its answer like any other
})

test("the chunks keep the pace the server asked for", async () => {
  const p = page([["abcdefgh", "a.txt"]])
  p.$("b").click()
  await p.settle()
  p.ws.receive(["U", 1, 0, 4, 500])
  await p.settle() // first chunk: no wait
  p.ws.receive(["U", 1, 4])
  await flush()
  await flush()
  assert.equal(p.sent().length, 2) // acknowledged, but 500 ms have not passed
  await p.settle()
  assert.deepEqual(p.sent().at(-1), ["u+", 1, 4, bytes("efgh")])
})

test("a refused upload reports the server's reason and sends no event", async () => {
  const p = page([["x", "a.txt"]])
  const errors = p.events("hypergen:error")
  p.$("b").click()
  await p.settle()
  p.ws.receive(["U", 1, null, "a.txt: 1 bytes is over HYPERGEN_MAX_UPLOAD_BYTES (0)"])
  await p.settle()
  assert.deepEqual(errors.map(e => e.message), ["a.txt: a.txt: 1 bytes is over HYPERGEN_MAX_UPLOAD_BYTES (0)"])
  assert.equal(p.sent().length, 1)
  assert.equal(p.$("hypergen-upload-progress-bar").style.visibility, "hidden")
})

test("a dropped connection or a server that never answers fails the upload", async () => {
  const p = page([["hello", "a.txt"]])
  const errors = p.events("hypergen:error")
  p.$("b").click()
  await p.settle()
  p.ws.serverClose()
  await p.settle()
  assert.deepEqual(errors.map(e => e.message), ["a.txt: connection lost"])
  const q = page([["hello", "b.txt"]])
  const silent = q.events("hypergen:error")
  q.$("b").click()
  await q.settle()
  q.clock.tick(10000)
  await q.settle()
  assert.deepEqual(silent.map(e => e.message), ["b.txt: no answer from the server"])
})

test("other frames of unknown tags are still errors", async () => {
  const p = page([])
  const errors = p.events("hypergen:error")
  p.ws.receive(["X", 1])
  assert.match(errors[0].message, /unknown frame/)
})
