// Unit tests of src/msgpack.js. The expected bytes are what Python's msgpack.packb produces
// (the server side), computed once with `python -c 'import msgpack; print(msgpack.packb(v).hex())'`.
import { test } from "node:test"
import assert from "node:assert/strict"
import { encode, decode } from "../src/msgpack.js"

const hex = bytes => Buffer.from(bytes).toString("hex")
const fromHex = h => new Uint8Array(Buffer.from(h, "hex"))

const PYTHON = [
  [[1, "hello", null, true, -1, 300, 70000, 1.5, [], {}], "9a01a568656c6c6fc0c3ffcd012cce00011170cb3ff80000000000009080"],
  [-33, "d0df"],
  [-129, "d1ff7f"],
  [-32769, "d2ffff7fff"],
  [-(2 ** 31) - 1, "d3ffffffff7fffffff"],
  [255, "ccff"],
  [65535, "cdffff"],
  [65536, "ce00010000"],
  [2 ** 32, "cf0000000100000000"],
  [Number.MAX_SAFE_INTEGER, "cf001fffffffffffff"],
  [-Number.MAX_SAFE_INTEGER, "d3ffe0000000000001"],
  [0.1, "cb3fb999999999999a"],
  ["é€😀", "a9c3a9e282acf09f9880"],
  [{ a: [1, { b: false }] }, "81a161920181a162c2"],
  [["hello", "tok", 7], "93a568656c6c6fa3746f6b07"],
  [[3, "counter.inc", [{ $v: "5", as: "int" }]], "9303ab636f756e7465722e696e639182a22476a135a26173a3696e74"],
  [new Uint8Array([1, 2]), "c4020102"],
]

test("encodes exactly as Python's msgpack.packb", () => {
  for (const [value, expected] of PYTHON) assert.equal(hex(encode(value)), expected, JSON.stringify(value))
})

test("decodes Python's bytes back", () => {
  for (const [value, bytes] of PYTHON) assert.deepEqual(decode(fromHex(bytes)), value)
})

test("round trips ints at every size boundary", () => {
  const edges = [0, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER,
    -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, Number.MIN_SAFE_INTEGER]
  for (const n of edges) assert.equal(decode(encode(n)), n)
  // the first byte shows which form was picked
  assert.deepEqual([127, 128, -32, -33].map(n => encode(n)[0]), [0x7f, 0xcc, 0xe0, 0xd0])
})

test("unsafe integers and non-integers go as float64", () => {
  for (const n of [2 ** 60, -(2 ** 60), 1.5, -0.25, Infinity, 1e300]) {
    assert.equal(encode(n)[0], 0xcb)
    assert.equal(decode(encode(n)), n)
  }
})

test("decodes float32", () => {
  // Python: msgpack.packb(1.5, use_single_float=True)
  assert.equal(decode(fromHex("ca3fc00000")), 1.5)
})

test("round trips strings, bins, arrays and maps across their length forms", () => {
  const cases = [
    ["x".repeat(31), 0xbf], ["x".repeat(32), 0xd9], ["x".repeat(255), 0xd9], ["x".repeat(256), 0xda],
    ["x".repeat(65535), 0xda], ["x".repeat(65536), 0xdb], ["x".repeat(200000), 0xdb],
    [new Uint8Array(255), 0xc4], [new Uint8Array(256), 0xc5], [new Uint8Array(65536), 0xc6],
    [Array(15).fill(1), 0x9f], [Array(16).fill(1), 0xdc], [Array(65536).fill(1), 0xdd],
    [Object.fromEntries(Array.from({ length: 15 }, (_, i) => ["k" + i, i])), 0x8f],
    [Object.fromEntries(Array.from({ length: 16 }, (_, i) => ["k" + i, i])), 0xde],
    [Object.fromEntries(Array.from({ length: 65536 }, (_, i) => ["k" + i, i])), 0xdf],
  ]
  for (const [value, tag] of cases) {
    const bytes = encode(value)
    assert.equal(bytes[0], tag, `tag for length ${value.length ?? Object.keys(value).length}`)
    assert.deepEqual(decode(bytes), value)
  }
})

test("decodes from an ArrayBuffer and from a view into a larger buffer", () => {
  const bytes = encode(["c", 1, [["hypergen.morph", "t", "<b>é</b>"]]])
  assert.deepEqual(decode(bytes.buffer), ["c", 1, [["hypergen.morph", "t", "<b>é</b>"]]])
  const padded = new Uint8Array(bytes.length + 4)
  padded.set(bytes, 2)
  assert.deepEqual(decode(padded.subarray(2, 2 + bytes.length)), ["c", 1, [["hypergen.morph", "t", "<b>é</b>"]]])
})

test("decoded bins are copies, not views into the frame", () => {
  const frame = encode(new Uint8Array([7, 8]))
  const bin = decode(frame)
  frame[2] = 0
  assert.deepEqual([...bin], [7, 8])
})

test("undefined encodes as nil; unsupported values and types throw", () => {
  assert.equal(hex(encode(undefined)), "c0")
  assert.throws(() => encode(() => 1), /cannot encode function/)
  assert.throws(() => decode(fromHex("d40100")), /unsupported type 0xd4/) // fixext 1
  assert.throws(() => decode(new Uint8Array()), /unsupported type/)
})
