// Test harness for diff mode: a happy-dom page running hypergen-diff.min.js on a target, with its
// socket open, plus helpers to send frames, record the patcher's DOM calls and read ids back.
import { boot } from "./page.js"
import { encode } from "../src/msgpack.js"

// diffPage(body, {target, nextId, open}): `body` holds the target element (id `target`);
// `nextId` becomes data-next-id (left out: no check of the client's count at load).
export function diffPage(body, { target = "t", nextId, open = true, data = {}, ...options } = {}) {
  if (nextId != null) data = { "next-id": nextId, ...data }
  const page = boot({ ...options, body, bundle: "diff", data: { ws: "/ws/", diff: 1, target, ...data } })
  const hypergen = page.window.hypergen
  const ws = page.sockets[0]
  if (open) ws.open()
  const errors = page.events("hypergen:error")
  return {
    ...page,
    ws,
    errors,
    hypergen,
    diff: hypergen.diff,
    // frames the client sent other than hello and flow control (["resync"], events)
    sent: () => ws.frames.filter(frame => frame[0] != "hello" && frame[0] != "ack"),
    // a server frame, through the socket and the bundle's msgpack decoder
    receive: frame => ws.receive(frame),
    receiveBytes: bytes => ws.onmessage({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }),
    // the node with patcher id `id`, and the id of a node
    node: id => hypergen.diff.ids.get(id),
    idOf: node => [...hypergen.diff.ids].find(([, n]) => n == node)?.[0],
    target: () => hypergen.diff.target,
  }
}

// Swaps each method of the patcher's DOM adapter for one that records [method, ...args] (nodes
// described by `describe`) and then does the real thing. Returns the log.
export function record(page, describe = defaultDescribe(page)) {
  const { dom } = page.diff
  const calls = []
  for (const [name, real] of Object.entries(dom)) {
    dom[name] = (...args) => {
      calls.push([name, ...args.map(describe)])
      return real(...args)
    }
  }
  return calls
}

// A node as "#id" when the patcher knows it, else as its HTML ("text" for a text node): readable
// logs that don't depend on object identity.
const defaultDescribe = page => value => {
  if (!value || typeof value != "object" || !("nodeType" in value)) return value
  const id = page.idOf(value)
  if (id != null) return `#${id}`
  return value.nodeType == 3 ? JSON.stringify(value.data) : value.outerHTML ?? String(value)
}

export { encode }
