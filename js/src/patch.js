// Diff mode (DESIGN §4–§5): applies the server's frames to the target, node by node, addressing
// nodes by id. The contract is the docstring of hypergen_vdom/wire.py; this file follows it op
// by op. Anything unexpected (an unknown op, a missing id, a node of the wrong kind, an id counter
// that ends elsewhere than the frame's next_id) means the DOM is not what the server thinks: stop,
// and ask for the whole target again with ["resync"].
//
// Resync. The server answers with a frame holding exactly one REPLACE of the target (id 0), and
// sends the same kind of frame on its own when it can't know the client's state (a reconnect
// that missed frames, a page rebuilt after a lost token). Such a frame re-hydrates both sides:
// the client forgets every id, takes the page's target as 0, and numbers the new target from
// next_id − (number of ids the new target takes), which is where the server started numbering
// it (diffmode.py numbers it from 0). Until that frame comes, other frames are skipped: they
// describe a DOM this page doesn't have.
import { ARITY, SET_TEXT, SPLICE_TEXT, SET_ATTR, DEL_ATTR, SET_PROP, INSERT, REMOVE, MOVE, REPLACE, ORDER } from "./ops.js"
import { dom } from "./dom.js"
import { RAW, IGNORE, opaque, ids, counter, number, reset, forget, adopt } from "./hydrate.js"

const SVG = "http://www.w3.org/2000/svg"
const MATHML = "http://www.w3.org/1998/Math/MathML"
// <input> types whose `value` property is not state of its own (it reflects the attribute)
const VALUE_REFLECTS = /^(checkbox|radio|hidden|submit|reset|button|image)$/
const PROPS = /^(value|checked|selected)$/

let root // the target element as the patcher knows it (a REPLACE of it makes a new one)
let targetId // data-target: where to find the target again if `root` left the page
let socket
let awaiting = false // a resync was asked for and not answered yet
let sent = false // … and the ["resync"] went out on the current connection
const typed = new WeakMap() // input → socket.seq when the user last typed into it

// Starts diff mode: hydrates the target and returns what main_diff.js publishes on
// window.hypergen (applyPatch, and `diff` for tests and debugging).
export function start(config, sock) {
  socket = sock
  targetId = config.target
  root = document.getElementById(targetId)
  reset(root)
  // the server counted the ids its HTML makes; another count means another DOM (a script or an
  // extension changed it before we ran, or the HTML didn't parse as the server's tree)
  if (config.nextId != null && counter.next != config.nextId) {
    resync(`hydration counted ${counter.next} ids, the server ${config.nextId}`)
  }
  // before the bindings' listener (which may send the event this typing belongs to)
  document.addEventListener("input", e => typed.set(e.target, socket.seq), true)
  // <html> gets the class hypergen-connected on every (re)connect, after the hello: a resync asked
  // for while disconnected, or whose connection dropped before the answer came, goes out then
  new MutationObserver(records => {
    if (socket.state == "open" && records.some(record => !record.oldValue?.includes("hypergen-connected"))) {
      sent = awaiting && socket.send(["resync"])
    }
  }).observe(document.documentElement, { attributeFilter: ["class"], attributeOldValue: true })
  return {
    applyPatch,
    diff: {
      ids,
      dom,
      resync,
      hydrate: target => (reset(root = target), counter.next),
      get next() {
        return counter.next
      },
      get target() {
        return root
      },
      get awaiting() {
        return awaiting
      },
    },
  }
}

// Asks the server for the whole target again, once until the answer arrives.
export function resync(why = "asked for") {
  console.warn("hypergen: resync:", why)
  awaiting = true
  sent ||= socket.send(["resync"])
}

// frame: [seq, acked_event_seq, next_id, op, args…, op, args…]
export function applyPatch(frame) {
  const [seq, acked, next, op, id, node] = frame
  const isReset = frame.length == 6 && op === REPLACE && id === 0
  if (awaiting && !isReset) return // superseded by the resync answer on its way
  const saved = save()
  try {
    if (isReset) {
      // {0: the target}, numbering where the server started (see the top of this file)
      if (!root?.isConnected) root = document.getElementById(targetId)
      reset()
      if (root) number(root)
      counter.next = next - size(node)
    }
    if (!root?.isConnected) throw Error("the target is not in the page")
    for (let i = 3; i < frame.length; ) i = step(frame, i, acked)
    if (counter.next !== next) throw Error(`next_id is ${next}, the client counted ${counter.next}`)
    awaiting = sent = false
  } catch (err) {
    resync(err.message)
    throw Error(`hypergen: diff frame ${seq} not applied (${err.message}); resync requested`)
  } finally {
    restore(saved)
  }
}

// Applies the op at frame[i]; returns the index of the next one.
function step(frame, i, acked) {
  const op = frame[i]
  const arity = ARITY[op]
  if (arity == null) throw Error(`unknown op ${op}`)
  if (i + arity >= frame.length) throw Error(`truncated op ${op}`)
  const [a, b, c, d] = frame.slice(i + 1, i + 1 + arity)
  switch (op) {
    case SET_TEXT:
      dom.setData(text(a), b)
      break
    case SPLICE_TEXT: {
      const node = text(a)
      // UTF-16 units, as JS counts; out of range means the server's text is not this one
      if (b + c > node.length) throw Error(`splice ${b}+${c} of #${a}, ${node.length} long`)
      dom.replaceData(node, b, c, d)
      break
    }
    case SET_ATTR:
      dom.setAttribute(element(a), b, c === true ? "" : c)
      break
    case DEL_ATTR:
      dom.removeAttribute(element(a), b)
      break
    case SET_PROP:
      setProp(element(a), b, c, acked)
      break
    case INSERT: {
      const parent = element(a)
      if (opaque(parent)) throw Error(`insert into opaque #${a}`)
      dom.insertBefore(parent, build(c, parent), b == null ? null : childOf(parent, b))
      break
    }
    case REMOVE: {
      const node = movable(a)
      forget(node)
      dom.remove(node)
      break
    }
    case MOVE: {
      const node = movable(a)
      const before = b == null ? null : childOf(node.parentNode, b)
      if (before == node) throw Error(`move #${a} before itself`)
      dom.moveBefore(node.parentNode, node, before)
      break
    }
    case REPLACE: {
      const old = byId(a)
      forget(old)
      replace(old, build(b, old.parentNode))
      break
    }
    case ORDER:
      order(element(a), b)
      break
    default:
      throw Error(`unknown op ${op}`)
  }
  return i + 1 + arity
}

// Every node an op names is in the target: one another script took out is drift, not a place
// to apply ops where nobody sees them.
function byId(id) {
  const node = ids.get(id)
  if (!node) throw Error(`no node #${id}`)
  if (!root.contains(node)) throw Error(`#${id} is not in the target`)
  return node
}

function element(id) {
  const node = byId(id)
  if (node.nodeType != 1) throw Error(`#${id} is not an element`)
  return node
}

function text(id) {
  const node = byId(id)
  if (node.nodeType != 3) throw Error(`#${id} is not a text node`)
  return node
}

function childOf(parent, id) {
  const node = byId(id)
  if (node.parentNode != parent) throw Error(`#${id} is not a child of the node it should be`)
  return node
}

// REMOVE and MOVE take a node out of its place: never the target itself.
function movable(id) {
  const node = byId(id)
  if (node == root) throw Error(`#${id} is the target`)
  return node
}

// A wire node → a DOM node, numbered in preorder (`quiet`: not numbered, inside an hv-ignore
// element). `parent` (where it goes) gives the namespace.
function build(node, parent, quiet) {
  if (typeof node == "string") {
    const built = dom.text(node)
    quiet || number(built)
    return built
  }
  const [tag, attrs, ...children] = node
  // children of <svg>/<math> are in its namespace, except inside <foreignObject>
  const inherited = parent?.localName == "foreignObject" ? "" : parent?.namespaceURI
  const ns = tag == "svg" ? SVG : tag == "math" ? MATHML : inherited == SVG || inherited == MATHML ? inherited : ""
  const el = dom.element(tag, ns)
  for (let i = 0; i < attrs.length; i += 2) dom.setAttribute(el, attrs[i], attrs[i + 1] === true ? "" : attrs[i + 1])
  quiet || number(el)
  // attributes, then children: a <select>'s options exist before anything reads its value
  if (el.hasAttribute(RAW)) dom.setInnerHTML(el, children[0][0])
  else for (const child of children) dom.insertBefore(el, build(child, el, quiet || el.hasAttribute(IGNORE)), null)
  return el
}

// REPLACE: `built` takes the place of `old`. An hv-ignore element of `old` whose id an hv-ignore
// element of `built` has stays, with its subtree and its state (a widget survives a resync): it is
// moved into `built` in place of its twin, whose attributes and node id it takes.
function replace(old, built) {
  const selector = `[${IGNORE}][id]`
  const live = new Map([...old.querySelectorAll?.(selector) || []].map(el => [el.id, el]))
  const twins = [...built.querySelectorAll?.(selector) || []].filter(el => live.has(el.id))
  if (twins.length) {
    // both in the page while the kept elements move: moveBefore keeps their state
    dom.insertBefore(old.parentNode, built, old)
    for (const twin of twins) {
      const kept = live.get(twin.id)
      if (!built.contains(twin) || !old.contains(kept)) continue // nested in one moved already
      for (const { name } of [...kept.attributes]) twin.hasAttribute(name) || dom.removeAttribute(kept, name)
      for (const { name, value } of twin.attributes) kept.getAttribute(name) != value && dom.setAttribute(kept, name, value)
      adopt(twin, kept)
      dom.moveBefore(twin.parentNode, kept, twin)
      dom.remove(twin)
    }
    dom.remove(old)
  } else dom.replaceWith(old, built)
  if (old == root) root = built
}

// How many ids building `node` takes.
function size(node) {
  if (typeof node == "string") return 1
  const [, attrs, ...children] = node
  return attrs.some((name, i) => i % 2 == 0 && (name == RAW || name == IGNORE)) ? 1 : children.reduce((sum, child) => sum + size(child), 1)
}

function setProp(el, name, value, acked) {
  if (!PROPS.test(name)) throw Error(`SET_PROP of ${name}`)
  // the attribute first, always, so the DOM serializes as the server's HTML
  if (value === false) dom.removeAttribute(el, name)
  else dom.setAttribute(el, name, value === true ? "" : value)
  const tag = el.localName
  const own = name == "value"
    ? tag == "textarea" || tag == "select" || tag == "input" && !VALUE_REFLECTS.test(el.type)
    : name == "checked" ? tag == "input" : tag == "option"
  if (!own) return
  const live = name == "value" ? (typeof value == "string" ? value : "") : value !== false
  // the user typed into the focused input after sending the event answered here: keep their text
  if (el == document.activeElement && typed.get(el) >= acked) return
  if (el[name] !== live) dom.setProperty(el, name, live)
}

// ORDER: the parent's children become exactly `list`, in that order, with the fewest moves:
// the children whose current positions form a longest increasing subsequence stay, the others
// move, right to left, each before its right neighbour (`anchor`), already in place by then.
// `list` is the kept children's ids, or their positions in compact form (a bin: see `compact`).
function order(parent, list) {
  const nodes = Array.isArray(list) ? list.map(id => childOf(parent, id)) : compact([...parent.childNodes], list)
  const keep = new Set(nodes)
  if (keep.size != nodes.length) throw Error("ORDER lists a node twice")
  for (const child of [...parent.childNodes]) {
    if (!keep.has(child)) {
      forget(child)
      dom.remove(child)
    }
  }
  const position = new Map([...parent.childNodes].map((child, i) => [child, i]))
  const stay = longestIncreasing(nodes.map(node => position.get(node)))
  for (let i = nodes.length - 1, anchor = null; i >= 0; anchor = nodes[i--]) {
    if (!stay.has(i)) dom.moveBefore(parent, nodes[i], anchor)
  }
}

// The compact ORDER (wire.py, "Compact ORDER"; wire_order.py writes it): a flags byte, then bits,
// MSB first. Flag 1: a keep-bitmap, one bit per current child. Flag 2: a Lehmer code of the kept
// ones' new order, digit j in bit_length(k - j - 1) bits naming which of the k - j not placed yet
// comes next (a Fenwick tree finds it). Bits to the byte's end are zero, and there is no other
// byte: a code that doesn't fit these children exactly throws, and the frame asks for a resync.
function compact(children, bin) {
  const flags = bin[0]
  if (!(flags > 0 && flags < 4) || !ArrayBuffer.isView(bin)) throw Error(`compact ORDER flags ${flags}`)
  let at = 8
  const read = width => {
    let value = 0
    for (; width > 0; width--, at++) value = value * 2 + ((bin[at >> 3] >> (7 - (at & 7))) & 1)
    return value
  }
  let kept = flags & 1 ? children.filter(() => read(1)) : children
  if (flags & 2) {
    const k = kept.length
    const tree = new Int32Array(k + 1) // tree[i]: how many of positions (i - lowbit(i), i] are left
    for (let i = 1; i <= k; i++) {
      tree[i]++
      if (i + (i & -i) <= k) tree[i + (i & -i)] += tree[i]
    }
    const order = []
    for (let left = k; left > 0; left--) {
      let digit = read(32 - Math.clz32(left - 1))
      if (digit >= left) throw Error(`compact ORDER digit ${digit} of ${left} left`)
      let pos = 0
      for (let step = 1 << (31 - Math.clz32(k)); step; step >>= 1) {
        if (pos + step <= k && tree[pos + step] <= digit) digit -= tree[(pos += step)]
      }
      order.push(kept[pos])
      for (let i = pos + 1; i <= k; i += i & -i) tree[i]--
    }
    kept = order
  }
  if ((at + 7) >> 3 != bin.length || read(bin.length * 8 - at)) throw Error(`compact ORDER of ${bin.length} bytes for ${children.length} children`)
  return kept
}

// The indices of a longest increasing subsequence of `sources` (Vue's getSequence): `tails[k]`
// is the index ending the best run of length k + 1, `previous[i]` the index before i in its run.
export function longestIncreasing(sources) {
  const tails = []
  const previous = []
  sources.forEach((value, i) => {
    let low = 0
    let high = tails.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (sources[tails[middle]] < value) low = middle + 1
      else high = middle
    }
    previous[i] = low ? tails[low - 1] : -1
    tails[low] = i
  })
  const out = new Set()
  for (let i = tails[tails.length - 1]; i >= 0; i = previous[i]) out.add(i)
  return out
}

// Focus, selection and scroll positions, before a frame: moving or rebuilding nodes may lose them.
function save() {
  const active = document.activeElement
  const scrolled = [[window, scrollX, scrollY]]
  for (let el = active; (el = el?.parentElement); ) {
    if (el.scrollTop || el.scrollLeft) scrolled.push([el, el.scrollLeft, el.scrollTop])
  }
  // selectionStart is null where there is no text selection (checkbox, number …)
  return [active, active?.selectionStart, active?.selectionEnd, active?.selectionDirection, scrolled]
}

function restore([active, start, end, direction, scrolled]) {
  if (active?.isConnected && document.activeElement != active) dom.focus(active)
  const moved = active?.selectionStart != start || active?.selectionEnd != end
  if (start != null && document.activeElement == active && moved) dom.setSelectionRange(active, start, end, direction)
  for (const [el, left, top] of scrolled) {
    const [x, y] = el == window ? [scrollX, scrollY] : [el.scrollLeft, el.scrollTop]
    if (x != left || y != top) dom.scroll(el, left, top)
  }
}
