// A small msgpack encoder and decoder for the websocket frames (protocol §5).
//
// Hand-written on purpose: the whole client has a budget of 8 KB min+gzip (the diff runtime 4 KB),
// and @msgpack/msgpack alone is larger than that. This covers what frames carry: nil, bool, ints
// (64-bit ones exact up to Number.MAX_SAFE_INTEGER), float32/float64, str, bin, array and map.
// Like Python's msgpack it picks the smallest form; non-integers and unsafe integers go as float64.
// Ext types are not used by the protocol and throw.

const utf8 = new TextEncoder()
const text = new TextDecoder()

export function encode(value) {
  const bytes = []
  const view = new DataView(new ArrayBuffer(8))
  // tag byte, then the first `size` bytes that DataView's set<type> wrote (big-endian)
  const put = (tag, type, size, v) => {
    view["set" + type](0, v)
    bytes.push(tag, ...new Uint8Array(view.buffer, 0, size))
  }
  // the length header of str/bin/array/map: a fix form below `fixEnd`, else 8 (if the type has
  // one), 16 or 32-bit lengths; the 32-bit tag always follows the 16-bit one
  const head = (n, fix, fixEnd, tag8, tag16) =>
    n < fixEnd ? bytes.push(fix | n)
      : tag8 && n < 256 ? put(tag8, "Uint8", 1, n)
        : n < 65536 ? put(tag16, "Uint16", 2, n)
          : put(tag16 + 1, "Uint32", 4, n)
  const raw = b => { for (const x of b) bytes.push(x) } // no push(...b): large strings overflow the stack

  const pack = v => {
    if (v == null) bytes.push(0xc0)
    else if (typeof v == "boolean") bytes.push(v ? 0xc3 : 0xc2)
    else if (typeof v == "number") {
      if (!Number.isSafeInteger(v)) put(0xcb, "Float64", 8, v)
      else if (v >= 0) {
        v < 128 ? bytes.push(v)
          : v < 256 ? put(0xcc, "Uint8", 1, v)
            : v < 65536 ? put(0xcd, "Uint16", 2, v)
              : v < 2 ** 32 ? put(0xce, "Uint32", 4, v)
                : put(0xcf, "BigUint64", 8, BigInt(v))
      } else {
        v >= -32 ? bytes.push(v & 255)
          : v >= -128 ? put(0xd0, "Int8", 1, v)
            : v >= -32768 ? put(0xd1, "Int16", 2, v)
              : v >= -(2 ** 31) ? put(0xd2, "Int32", 4, v)
                : put(0xd3, "BigInt64", 8, BigInt(v))
      }
    } else if (typeof v == "string") {
      const b = utf8.encode(v)
      head(b.length, 0xa0, 32, 0xd9, 0xda)
      raw(b)
    } else if (v instanceof Uint8Array) {
      head(v.length, 0, 0, 0xc4, 0xc5)
      raw(v)
    } else if (Array.isArray(v)) {
      head(v.length, 0x90, 16, 0, 0xdc)
      v.forEach(pack)
    } else if (typeof v == "object") {
      const entries = Object.entries(v)
      head(entries.length, 0x80, 16, 0, 0xde)
      entries.forEach(([k, x]) => { pack(k); pack(x) })
    } else throw Error("msgpack: cannot encode " + typeof v)
  }
  pack(value)
  return Uint8Array.from(bytes)
}

// Maps decode to plain objects, so their keys become strings.
export function decode(buffer) {
  const bytes = new Uint8Array(buffer)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let pos = 0
  const skip = n => (pos += n) - n // advance, returning where we were
  const read = (type, size) => view["get" + type](skip(size))
  const str = n => text.decode(bytes.subarray(pos, skip(n) + n))
  const bin = n => bytes.slice(pos, skip(n) + n) // a copy, not a view into the frame
  const array = n => Array.from({ length: n }, unpack)
  const map = n => {
    const o = {}
    while (n--) o[unpack()] = unpack() // the key is evaluated first
    return o
  }

  function unpack() {
    const t = bytes[skip(1)]
    if (t < 0x80) return t
    if (t < 0x90) return map(t & 15)
    if (t < 0xa0) return array(t & 15)
    if (t < 0xc0) return str(t & 31)
    if (t > 0xdf) return t - 256
    switch (t) {
      case 0xc0: return null
      case 0xc2: return false
      case 0xc3: return true
      case 0xc4: return bin(read("Uint8", 1))
      case 0xc5: return bin(read("Uint16", 2))
      case 0xc6: return bin(read("Uint32", 4))
      case 0xca: return read("Float32", 4)
      case 0xcb: return read("Float64", 8)
      case 0xcc: return read("Uint8", 1)
      case 0xcd: return read("Uint16", 2)
      case 0xce: return read("Uint32", 4)
      case 0xcf: return Number(read("BigUint64", 8))
      case 0xd0: return read("Int8", 1)
      case 0xd1: return read("Int16", 2)
      case 0xd2: return read("Int32", 4)
      case 0xd3: return Number(read("BigInt64", 8))
      case 0xd9: return str(read("Uint8", 1))
      case 0xda: return str(read("Uint16", 2))
      case 0xdb: return str(read("Uint32", 4))
      case 0xdc: return array(read("Uint16", 2))
      case 0xdd: return array(read("Uint32", 4))
      case 0xde: return map(read("Uint16", 2))
      case 0xdf: return map(read("Uint32", 4))
    }
    throw Error(`msgpack: unsupported type 0x${t?.toString(16)} at byte ${pos - 1}`)
  }
  return unpack()
}
