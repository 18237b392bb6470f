// The diff-mode patcher (src/patch.js), run in the built hypergen-diff.min.js: each op, the
// focused-input rule, focus/selection/scroll kept, foreign nodes, and resync.
import { test } from "node:test"
import assert from "node:assert/strict"
import vm from "node:vm"
import { diffPage, record } from "../harness/diff.js"
import { boot, bundleText } from "../harness/page.js"
import { longestIncreasing } from "../src/patch.js"
import * as Op from "../src/ops.js"

const { SET_TEXT, SPLICE_TEXT, SET_ATTR, DEL_ATTR, SET_PROP, INSERT, REMOVE, MOVE, REPLACE, ORDER } = Op

// ids: div#t 0, p 1, "hello" 2, ul 3, li 4, "a" 5, li 6, "b" 7, li 8, "c" 9, input 10; next 11
const BODY = `<div id="t"><p>hello</p><ul><li>a</li><li>b</li><li>c</li></ul><input id="in" value="x"></div>`
const NEXT = 11

const page = (body = BODY, options = {}) => diffPage(body, { nextId: body == BODY ? NEXT : undefined, ...options })
const html = p => p.target().innerHTML

test("SET_TEXT sets a text node's data", () => {
  const p = page()
  p.receive([1, 0, NEXT, SET_TEXT, 2, "bye"])
  assert.equal(html(p), `<p>bye</p><ul><li>a</li><li>b</li><li>c</li></ul><input id="in" value="x">`)
  assert.deepEqual(p.errors, [])
})

test("SPLICE_TEXT counts UTF-16 units, as JS strings do", () => {
  const p = page()
  p.receive([1, 0, NEXT, SET_TEXT, 2, "a🙂b", SPLICE_TEXT, 2, 3, 1, "c!"]) // 🙂 is two units
  assert.equal(p.node(2).data, "a🙂c!")
  p.receive([2, 0, NEXT, SPLICE_TEXT, 2, 0, 0, "<"])
  assert.equal(p.node(2).data, "<a🙂c!")
})

test("SET_ATTR sets a value, true as an empty value; DEL_ATTR removes", () => {
  const p = page()
  p.receive([1, 0, NEXT, SET_ATTR, 1, "class", "big", SET_ATTR, 3, "hidden", true, DEL_ATTR, 10, "id"])
  assert.equal(html(p), `<p class="big">hello</p><ul hidden=""><li>a</li><li>b</li><li>c</li></ul><input value="x">`)
})

test("SET_PROP writes the attribute, then the live property where it is state of its own", () => {
  const p = page(`<div id="t"><input id="text" value="a"><input id="box" type="checkbox" value="v">
    <select id="s"><option value="1">1</option><option id="two" value="2">2</option></select>
    <textarea id="area">t</textarea></div>`)
  const [text, box, select, two, area] = ["text", "box", "s", "two", "area"].map(p.$)
  text.value = "typed" // dirty: the attribute no longer drives the value
  box.checked = true
  p.receive([1, 0, p.diff.next,
    SET_PROP, p.idOf(text), "value", "server",
    SET_PROP, p.idOf(box), "checked", false,
    SET_PROP, p.idOf(box), "value", false, // a checkbox's value only reflects the attribute
    SET_PROP, p.idOf(two), "selected", true,
    SET_PROP, p.idOf(area), "value", "new"])
  assert.deepEqual(p.errors, [])
  assert.equal(text.getAttribute("value"), "server")
  assert.equal(text.value, "server")
  assert.equal(box.hasAttribute("checked"), false)
  assert.equal(box.checked, false)
  assert.equal(box.hasAttribute("value"), false, "the value property was not written back")
  assert.equal(two.getAttribute("selected"), "")
  assert.equal(select.value, "2")
  assert.equal(area.value, "new")
  // true/false for value: "" as the property
  p.receive([2, 0, p.diff.next, SET_PROP, p.idOf(text), "value", false])
  assert.equal(text.hasAttribute("value"), false)
  assert.equal(text.value, "")
})

test("SET_PROP writes the property only when it differs from the live DOM", () => {
  const p = page(`<div id="t"><input value="a"><input type="checkbox" checked></div>`)
  p.node(2).checked = false // the user unchecked it: the attribute no longer drives it
  const calls = record(p)
  p.receive([1, 0, 3, SET_PROP, 1, "value", "a", SET_PROP, 2, "checked", true])
  assert.deepEqual(calls, [["setAttribute", "#1", "value", "a"], ["setAttribute", "#2", "checked", ""], ["setProperty", "#2", "checked", true]])
})

test("SET_PROP of another name is refused", () => {
  const p = page()
  p.receive([1, 0, NEXT, SET_PROP, 10, "title", "x"])
  assert.deepEqual(p.sent(), [["resync"]])
})

test("focused input: no overwrite when the user typed after sending the event this frame answers", () => {
  const p = page(`<div id="t"><input id="i" value="" hv-input='["h.type",[{"$el":null}]]'></div>`)
  const input = p.$("i")
  input.focus()
  const type = text => {
    input.value = text
    input.dispatchEvent(new p.window.Event("input", { bubbles: true }))
  }
  type("ab") // sends event 1
  assert.deepEqual(p.sent(), [[1, "h.type", [{ $v: "ab" }]]])
  // the answer to event 1 while nothing was typed since: written (the server may normalize)
  p.receive([1, 1, 2, SET_PROP, 1, "value", "AB"])
  assert.equal(input.value, "AB")
  type("ABc") // event 2 sent
  type("ABcd") // typed after event 2 was sent (its own event 3 goes out too)
  p.receive([2, 2, 2, SET_PROP, 1, "value", "ABC"])
  assert.equal(input.value, "ABcd", "kept: typed after event 2")
  assert.equal(input.getAttribute("value"), "ABC", "the attribute still follows the server")
  p.receive([3, 0, 2, SET_PROP, 1, "value", "pushed"]) // answers nothing (a group push)
  assert.equal(input.value, "ABcd")
  p.receive([4, 3, 2, SET_PROP, 1, "value", "ABCD"]) // answers the last event: nothing typed since
  assert.equal(input.value, "ABCD")
  input.blur()
  p.receive([5, 0, 2, SET_PROP, 1, "value", "unfocused"])
  assert.equal(input.value, "unfocused", "the rule is for the focused input only")
})

test("INSERT builds the node, numbering it in preorder, before a child or at the end", () => {
  const p = page()
  p.receive([1, 0, 16, INSERT, 3, null, ["li", ["class", "new", "hidden", true], "d", ["b", [], "e"]], INSERT, 0, 1, "first"])
  assert.equal(html(p), `first<p>hello</p><ul><li>a</li><li>b</li><li>c</li><li class="new" hidden="">d<b>e</b></li></ul><input id="in" value="x">`)
  assert.equal(p.node(11).outerHTML, `<li class="new" hidden="">d<b>e</b></li>`)
  assert.deepEqual([12, 13, 14, 15].map(id => p.node(id).textContent), ["d", "e", "e", "first"])
  p.receive([2, 0, 17, SET_TEXT, 15, "1st", INSERT, 11, 12, "c"]) // new nodes are addressable
  assert.equal(p.node(11).outerHTML, `<li class="new" hidden="">cd<b>e</b></li>`)
  assert.equal(p.target().firstChild.data, "1st")
  assert.equal(p.diff.next, 17)
})

test("INSERT of an opaque (hv-raw) element: innerHTML, one id", () => {
  const p = page()
  p.receive([1, 0, 12, INSERT, 0, null, ["div", ["hv-raw", true], ["<i>raw</i> &amp; <b>html</b>"]]])
  assert.deepEqual(p.errors, [])
  assert.equal(p.node(11).outerHTML, `<div hv-raw=""><i>raw</i> &amp; <b>html</b></div>`)
  p.receive([2, 0, 12, INSERT, 11, null, "x"])
  assert.deepEqual(p.sent(), [["resync"]], "nothing goes into an opaque element but a REPLACE")
})

test("INSERT of a select: options are in before its value is read", () => {
  const p = page()
  p.receive([1, 0, 16, INSERT, 0, null, ["select", ["id", "s"], ["option", ["value", "a"], "A"], ["option", ["value", "b", "selected", true], "B"]]])
  assert.equal(p.$("s").value, "b")
})

test("INSERT under <svg> creates SVG elements, HTML again inside <foreignObject>", () => {
  const p = page()
  p.receive([1, 0, 16, INSERT, 0, null, ["svg", ["viewBox", "0 0 1 1"], ["circle", ["r", "1"]], ["foreignObject", [], ["div", [], "x"]]]])
  const SVG = "http://www.w3.org/2000/svg"
  assert.equal(p.node(11).namespaceURI, SVG)
  assert.equal(p.node(12).namespaceURI, SVG)
  assert.equal(p.node(13).namespaceURI, SVG)
  assert.equal(p.node(14).namespaceURI, "http://www.w3.org/1999/xhtml")
  p.receive([2, 0, 17, INSERT, 11, 12, ["rect", []]])
  assert.equal(p.node(16).namespaceURI, SVG)
  assert.equal(p.node(11).outerHTML, `<svg viewBox="0 0 1 1"><rect></rect><circle r="1"></circle><foreignObject><div>x</div></foreignObject></svg>`)
})

test("REMOVE removes the subtree and forgets its ids", () => {
  const p = page()
  p.receive([1, 0, NEXT, REMOVE, 4])
  assert.equal(html(p), `<p>hello</p><ul><li>b</li><li>c</li></ul><input id="in" value="x">`)
  assert.equal(p.node(4), undefined)
  assert.equal(p.node(5), undefined)
  p.receive([2, 0, NEXT, SET_TEXT, 5, "gone"])
  assert.deepEqual(p.sent(), [["resync"]])
})

test("MOVE: insertBefore where the browser has no moveBefore", () => {
  const p = page()
  p.receive([1, 0, NEXT, MOVE, 8, 4, MOVE, 4, null])
  assert.equal(p.target().querySelector("ul").innerHTML, "<li>c</li><li>b</li><li>a</li>")
})

test("MOVE: moveBefore where the browser has it", () => {
  const p = page()
  const moved = []
  p.window.Element.prototype.moveBefore = function (node, before) {
    moved.push(node.textContent)
    this.insertBefore(node, before)
  }
  p.receive([1, 0, NEXT, MOVE, 8, 4, ORDER, 3, [4, 6, 8]])
  assert.deepEqual(moved, ["c", "c"])
  assert.equal(p.target().querySelector("ul").innerHTML, "<li>a</li><li>b</li><li>c</li>")
})

test("MOVE: a moveBefore that throws falls back to insertBefore", () => {
  const p = page()
  p.window.Element.prototype.moveBefore = () => {
    throw new p.window.DOMException("no", "HierarchyRequestError")
  }
  p.receive([1, 0, NEXT, MOVE, 8, 4])
  assert.equal(p.target().querySelector("ul").innerHTML, "<li>c</li><li>a</li><li>b</li>")
  assert.deepEqual(p.errors, [])
})

test("REPLACE builds the new node in the old one's place and forgets the old ids", () => {
  const p = page()
  p.receive([1, 0, 13, REPLACE, 6, ["li", ["class", "n"], "B"], REPLACE, 2, "bye"])
  assert.equal(html(p), `<p>bye</p><ul><li>a</li><li class="n">B</li><li>c</li></ul><input id="in" value="x">`)
  assert.deepEqual([6, 7, 2].map(p.node), [undefined, undefined, undefined])
  assert.equal(p.node(11).textContent, "B")
})

test("REPLACE of the target itself: the new element is the target (and keeps its page id)", () => {
  const p = page()
  const old = p.$("t")
  // within a frame of other ops the counter runs on, as for any REPLACE
  p.receive([1, 0, 14, SET_TEXT, 2, "x", REPLACE, 0, ["section", ["id", "t"], ["p", [], "new"]]])
  assert.deepEqual(p.errors, [])
  assert.equal(old.isConnected, false)
  assert.equal(p.$("t").outerHTML, `<section id="t"><p>new</p></section>`)
  assert.equal(p.target(), p.$("t"))
  assert.equal(p.node(0), undefined)
  p.receive([2, 0, 15, INSERT, 11, null, ["b", []]])
  assert.equal(p.$("t").outerHTML, `<section id="t"><p>new</p><b></b></section>`)
})

test("ORDER: the children become exactly the listed ones, unlisted ones removed and forgotten", () => {
  const p = page()
  p.receive([1, 0, 12, ORDER, 3, [8, 4], INSERT, 3, 4, "t"])
  assert.equal(p.target().querySelector("ul").innerHTML, "<li>c</li>t<li>a</li>")
  assert.equal(p.node(6), undefined)
  assert.equal(p.node(7), undefined)
})

test("ORDER moves only the nodes off a longest increasing subsequence, right to left", () => {
  const items = "abcdefghij".split("")
  const p = page(`<div id="t"><ul>${items.map(x => `<li>${x}</li>`).join("")}</ul></div>`)
  const id = x => 2 + 2 * items.indexOf(x) // ul 1, li 2, "a" 3, li 4 …
  const want = "jbcadefgih".split("") // LIS b c d e f g h: 3 moves (j, a, i)
  const calls = record(p)
  p.receive([1, 0, p.diff.next, ORDER, 1, want.map(id)])
  assert.equal(p.target().textContent, want.join(""))
  const move = (node, anchor) => ["moveBefore", "#1", `#${id(node)}`, `#${id(anchor)}`]
  assert.deepEqual(calls, [move("i", "h"), move("a", "d"), move("j", "b")])
})

// The compact ORDER's golden bytes are tests/test_wire_order.py's (wire_order.py writes them).
const bin = (...bytes) => Uint8Array.from(bytes)

test("compact ORDER, keep-bitmap: the children whose bit is set stay, in order", () => {
  const p = page()
  p.receive([1, 0, 12, ORDER, 3, bin(0b01, 0b1010_0000), INSERT, 3, 8, "t"]) // keep a and c of a b c
  assert.deepEqual(p.errors, [])
  assert.equal(p.target().querySelector("ul").innerHTML, "<li>a</li>t<li>c</li>")
  assert.equal(p.node(6), undefined)
  assert.equal(p.node(7), undefined)
})

test("compact ORDER, Lehmer code: the kept children in the coded order, LIS moves only", () => {
  const p = page()
  const calls = record(p)
  p.receive([1, 0, NEXT, ORDER, 3, bin(0b10, 0b1000_0000)]) // [2, 0, 1]: c a b, one move
  assert.deepEqual(p.errors, [])
  assert.equal(p.target().querySelector("ul").innerHTML, "<li>c</li><li>a</li><li>b</li>")
  assert.deepEqual(calls, [["moveBefore", "#3", "#8", "#4"]])
  // both: of c a b keep b and c, b first → bitmap 101, then digit 1 of 2 → 101 1
  p.receive([2, 0, NEXT, ORDER, 3, bin(0b11, 0b1011_0000)])
  assert.equal(p.target().querySelector("ul").innerHTML, "<li>b</li><li>c</li>")
  assert.equal(p.node(4), undefined)
})

test("compact ORDER of 1000 children, reversed: a Lehmer code of 1 123 bytes", () => {
  const n = 1000
  const p = page(`<div id="t"><ol>${Array.from({ length: n }, (_, i) => `<li>${i}</li>`).join("")}</ol></div>`)
  // reversed: digit j is n - j - 1, the last of those left, in bit_length(n - j - 1) bits
  const digits = Array.from({ length: n }, (_, j) => n - j - 1)
  const bits = digits.map(d => (d ? d.toString(2) : "")).join("")
  const bytes = [2, ...(bits + "0".repeat(-bits.length & 7)).match(/.{8}/g).map(b => parseInt(b, 2))]
  assert.equal(bytes.length, 1 + 1123)
  p.receive([1, 0, p.diff.next, ORDER, 1, Uint8Array.from(bytes)])
  assert.deepEqual(p.errors, [])
  const ol = p.target().firstChild
  assert.equal(ol.firstChild.textContent, "999")
  assert.equal(ol.lastChild.textContent, "0")
  assert.deepEqual([...ol.childNodes].map(li => +li.textContent), Array.from({ length: n }, (_, i) => n - 1 - i))
})

test("compact ORDER: random filters and orders of 300 children, coded by a naive encoder", () => {
  let seed = 7
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  for (let round = 0; round < 20; round++) {
    const n = 300
    const p = page(`<div id="t"><ol>${Array.from({ length: n }, (_, i) => `<li>${i}</li>`).join("")}</ol></div>`)
    const keepBits = Array.from({ length: n }, () => (round % 2 ? random() < 0.7 : true))
    const kept = [...keepBits.keys()].filter(i => keepBits[i])
    const want = [...kept].sort(() => random() - 0.5)
    // the naive encoder: each digit is the index of the next one among those not placed yet
    let bits = round % 2 ? keepBits.map(b => (b ? "1" : "0")).join("") : ""
    const rest = [...kept]
    for (const x of want) {
      const width = 32 - Math.clz32(rest.length - 1)
      const digit = rest.indexOf(x)
      rest.splice(digit, 1)
      if (width) bits += digit.toString(2).padStart(width, "0")
    }
    const bytes = [round % 2 ? 3 : 2, ...(bits + "0".repeat(-bits.length & 7)).match(/.{8}/g).map(b => parseInt(b, 2))]
    p.receive([1, 0, p.diff.next, ORDER, 1, Uint8Array.from(bytes)]) // ids are never reused
    assert.deepEqual(p.errors, [], `round ${round}`)
    assert.deepEqual([...p.target().firstChild.childNodes].map(li => +li.textContent), want, `round ${round}`)
  }
})

test("a malformed compact ORDER changes nothing and asks for a resync", () => {
  const frames = [
    ["flags 0", bin(0, 0)],
    ["flags 7", bin(7, 0)],
    ["of 1 bytes for 3 children", bin(1)], // the bitmap is missing
    ["of 3 bytes for 3 children", bin(1, 0b1010_0000, 0)], // a byte too many
    ["of 2 bytes for 3 children", bin(1, 0b1011_0000)], // a padding bit set
    ["digit 3 of 3 left", bin(2, 0b1100_0000)], // an index out of range (a duplicate can't be coded)
    ["of 3 bytes for 3 children", bin(2, 0b1000_0000, 0)], // a code for more children
  ]
  for (const [why, code] of frames) {
    const p = page()
    p.receive([1, 0, NEXT, ORDER, 3, code])
    assert.deepEqual(p.sent(), [["resync"]], why)
    assert.ok(p.errors[0]?.message.includes(why), `${why}: ${p.errors[0]?.message}`)
    assert.equal(p.target().querySelector("ul").innerHTML, "<li>a</li><li>b</li><li>c</li>", why)
  }
})

test("longestIncreasing: indices of one longest increasing run", () => {
  const cases = [[[], []], [[0], [0]], [[2, 1, 0], [2]], [[0, 1, 2], [0, 1, 2]], [[9, 1, 2, 0, 3, 4, 5, 6, 8, 7], [1, 2, 4, 5, 6, 7, 9]]]
  for (const [sources, expected] of cases) assert.deepEqual([...longestIncreasing(sources)].sort((a, b) => a - b), expected)
  // moves == m − LIS on random permutations, and the kept ones really increase
  let seed = 1
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  for (let n = 1; n < 60; n++) {
    const perm = [...Array(n).keys()]
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[perm[i], perm[j]] = [perm[j], perm[i]]
    }
    const kept = [...longestIncreasing(perm)].sort((a, b) => a - b)
    for (let i = 1; i < kept.length; i++) assert.ok(perm[kept[i - 1]] < perm[kept[i]])
    assert.equal(kept.length, lisLength(perm))
  }
})

function lisLength(a) {
  const best = a.map(() => 1)
  for (let i = 0; i < a.length; i++) for (let j = 0; j < i; j++) if (a[j] < a[i]) best[i] = Math.max(best[i], best[j] + 1)
  return Math.max(0, ...best)
}

test("focus and selection come back after a MOVE of the focused input's row", () => {
  const p = page(`<div id="t"><ul><li>one</li><li><input id="i" value="hello world"></li></ul></div>`)
  const input = p.$("i")
  input.focus()
  input.setSelectionRange(2, 7, "backward")
  const calls = record(p)
  p.receive([1, 0, 6, MOVE, 4, 2]) // the row with the input before the first row
  assert.equal(p.target().querySelector("li").firstChild, input)
  assert.equal(p.document.activeElement, input)
  assert.deepEqual([input.selectionStart, input.selectionEnd, input.selectionDirection], [2, 7, "backward"])
  // happy-dom blurs an input moved with insertBefore, as browsers do: focused again by the patcher
  assert.deepEqual(calls.map(c => c[0]), ["moveBefore", "focus"])
})

test("a selection lost during a frame is set again", () => {
  const p = page(`<div id="t"><ul><li>one</li><li><input id="i" value="hello world"></li></ul></div>`)
  const input = p.$("i")
  input.focus()
  input.setSelectionRange(2, 7, "backward")
  const calls = record(p)
  const move = p.diff.dom.moveBefore
  p.diff.dom.moveBefore = (...args) => {
    input.setSelectionRange(11, 11) // as a browser may do to an input it re-inserts
    return move(...args)
  }
  p.receive([1, 0, 6, MOVE, 4, 2])
  assert.deepEqual([input.selectionStart, input.selectionEnd, input.selectionDirection], [2, 7, "backward"])
  assert.deepEqual(calls.at(-1), ["setSelectionRange", "#5", 2, 7, "backward"])
})

test("scroll positions come back: the window and the focused element's scrolled ancestors", () => {
  const p = page(`<div id="t"><div id="box"><input id="i"></div><p>x</p></div>`)
  const box = p.$("box")
  p.$("i").focus()
  box.scrollTop = 40
  p.window.scrollTo(0, 300)
  // a frame whose DOM changes made the browser scroll
  const calls = record(p)
  const insert = p.diff.dom.insertBefore
  p.diff.dom.insertBefore = (...args) => {
    p.window.scrollTo(0, 0)
    box.scrollTop = 0
    return insert(...args)
  }
  p.receive([1, 0, p.diff.next + 1, INSERT, 0, null, "more"])
  assert.equal(p.window.scrollY, 300)
  assert.equal(box.scrollTop, 40)
  assert.deepEqual(calls.filter(c => c[0] == "scroll").length, 2)
})

test("foreign nodes (no ids) don't misdirect ops", () => {
  const p = page()
  const ul = p.target().querySelector("ul")
  const foreign = p.document.createElement("li")
  foreign.textContent = "ad"
  ul.insertBefore(foreign, ul.children[1]) // a script puts an element between a and b
  ul.prepend(p.document.createComment("extension"))
  p.receive([1, 0, 12, INSERT, 3, 6, "new", MOVE, 8, 4, REMOVE, 6, SET_TEXT, 5, "A"])
  assert.deepEqual(p.errors, [])
  assert.equal(ul.innerHTML, "<!--extension--><li>c</li><li>A</li><li>ad</li>new")
  p.receive([2, 0, 12, ORDER, 3, [4, 11, 8]]) // ORDER: exactly these children, foreign ones go
  assert.equal(ul.innerHTML, "<li>A</li>new<li>c</li>")
  assert.deepEqual(p.sent(), [])
})

test("an unknown op: resync asked for, the rest of the frame not applied, reported", () => {
  const p = page()
  p.receive([1, 0, NEXT, SET_TEXT, 2, "applied", 42, 1, 2, SET_TEXT, 5, "not applied"])
  assert.deepEqual(p.sent(), [["resync"]])
  assert.equal(p.node(2).data, "applied")
  assert.equal(p.node(5).data, "a")
  assert.match(p.errors[0].message, /diff frame 1 not applied \(unknown op 42\); resync requested/)
  assert.equal(p.diff.awaiting, true)
})

test("a missing id, a node of the wrong kind, a child elsewhere, a counter mismatch: resync", () => {
  const frames = {
    "no node #99": [1, 0, NEXT, SET_ATTR, 99, "a", "b"],
    "#1 is not a text node": [1, 0, NEXT, SET_TEXT, 1, "x"],
    "#2 is not an element": [1, 0, NEXT, SET_ATTR, 2, "a", "b"],
    "#5 is not a child": [1, 0, NEXT + 1, INSERT, 3, 5, "x"],
    "is the target": [1, 0, NEXT, REMOVE, 0],
    "before itself": [1, 0, NEXT, MOVE, 4, 4],
    "splice 3+9 of #2": [1, 0, NEXT, SPLICE_TEXT, 2, 3, 9, ""],
    "next_id is 12, the client counted 11": [1, 0, 12, SET_TEXT, 2, "x"],
    "lists a node twice": [1, 0, NEXT, ORDER, 3, [4, 4]],
    "truncated op": [1, 0, NEXT, SET_ATTR, 1, "a"],
  }
  for (const [why, frame] of Object.entries(frames)) {
    const p = page()
    p.receive(frame)
    assert.deepEqual(p.sent(), [["resync"]], why)
    assert.ok(p.errors[0]?.message.includes(why), `${why}: ${p.errors[0]?.message}`)
  }
})

test("resync goes out once until answered; frames in between are skipped", () => {
  const p = page()
  p.receive([1, 0, NEXT, SET_TEXT, 99, "x"])
  p.receive([2, 0, NEXT, SET_TEXT, 2, "skipped"]) // sent by the server before it got the resync
  p.receive([3, 0, NEXT, SET_TEXT, 98, "x"])
  assert.deepEqual(p.sent(), [["resync"]])
  assert.equal(p.node(2).data, "hello")
  assert.equal(p.errors.length, 1)
})

test("the resync answer (one REPLACE of the target) repairs a corrupted DOM and restarts the ids", () => {
  const p = page()
  const target = p.$("t")
  target.querySelector("ul").remove() // a script wrecked the target
  target.append("junk")
  p.receive([1, 0, NEXT, MOVE, 6, 4]) // fails: #6 is no longer in the target
  assert.deepEqual(p.sent(), [["resync"]])
  // diffmode.py numbers the answer's target from 0: next_id = number of ids it takes
  p.receive([2, 0, 5, REPLACE, 0, ["div", ["id", "t"], ["ul", [], ["li", [], "fresh"]], "end"]])
  assert.deepEqual(p.errors.length, 1)
  assert.equal(p.$("t").outerHTML, `<div id="t"><ul><li>fresh</li></ul>end</div>`)
  assert.equal(target.isConnected, false)
  assert.deepEqual([...p.diff.ids.keys()], [0, 1, 2, 3, 4])
  assert.equal(p.node(0), p.$("t"))
  assert.equal(p.diff.awaiting, false)
  p.receive([3, 0, 6, INSERT, 1, null, ["li", []], SET_TEXT, 3, "ok"])
  assert.equal(p.$("t").outerHTML, `<div id="t"><ul><li>ok</li><li></li></ul>end</div>`)
  p.receive([4, 0, 6, SET_TEXT, 99, "x"]) // a later drift asks again
  assert.deepEqual(p.sent(), [["resync"], ["resync"]])
})

test("a REPLACE-of-the-target frame re-hydrates whatever its numbering start (e.g. after a reconnect)", () => {
  const p = page()
  // unsolicited, counting from 7: the new target gets 7, its text 8
  p.receive([1, 0, 9, REPLACE, 0, ["div", ["id", "t"], "x"]])
  assert.deepEqual(p.errors, [])
  assert.deepEqual([...p.diff.ids.keys()], [7, 8])
  assert.equal(p.node(7), p.$("t"))
})

test("a resync asked for while disconnected goes out on the next connect, and again after a drop", async () => {
  const p = page(BODY, { open: false })
  p.diff.resync()
  assert.deepEqual(p.sent(), [])
  p.ws.open()
  await Promise.resolve() // the class flip is seen by a MutationObserver (a microtask)
  assert.deepEqual(p.ws.frames.map(f => f[0]), ["hello", "resync"])
  p.ws.serverClose() // before the answer came
  p.clock.tick(1000)
  const second = p.sockets[1]
  second.open()
  await Promise.resolve()
  assert.deepEqual(second.frames.map(f => f[0]), ["hello", "resync"], "the answer may have been lost with the connection")
})

test("diff mode off without data-diff: no patcher", () => {
  const p = boot({ body: BODY, bundle: "diff", data: { ws: "/ws/", target: "t" } })
  assert.equal(p.window.hypergen.applyPatch, undefined)
  assert.equal(p.window.hypergen.diff, undefined)
})

// happy-dom runs no script files: the test plays the browser's part (load, run, onload)
function catchScripts(p) {
  const appended = []
  p.document.head.append = el => appended.push(el)
  return appended
}

test("the diff bundle loads the morph file on demand, and morphs in order once it is there", () => {
  const p = page(BODY, { data: { morph: "/static/hypergen_vdom/hypergen-morph.min.js" } })
  const scripts = catchScripts(p)
  p.document.body.insertAdjacentHTML("beforeend", `<div id="other"><span>old</span></div>`)
  p.receive(["c", 0, [["hypergen.morph", "other", "<b>1</b>"], ["hypergen.morph", "other", "<b>2</b><i>3</i>"]]])
  const [script] = scripts
  assert.equal(scripts.length, 1)
  assert.equal(script.getAttribute("src"), "/static/hypergen_vdom/hypergen-morph.min.js")
  assert.equal(p.$("other").innerHTML, "<span>old</span>")
  new vm.Script(bundleText("morph")).runInContext(p.window) // what the browser does with it
  script.onload()
  assert.equal(p.$("other").innerHTML, "<b>2</b><i>3</i>")
  p.receive(["c", 0, [["hypergen.morph", "other", "<b>4</b>"]]]) // now at once
  assert.equal(p.$("other").innerHTML, "<b>4</b>")
  assert.equal(scripts.length, 1)
})

test("the morph file's URL defaults to next to the client's script; a failed load is reported", () => {
  const p = page(BODY)
  const scripts = catchScripts(p)
  p.$("hypergen-client").setAttribute("src", "/static/hypergen_vdom/hypergen-diff.min.js?v=3")
  p.receive(["c", 0, [["hypergen.morph", "t", "<b>1</b>"]]])
  assert.equal(scripts[0].src, "https://app.test/static/hypergen_vdom/hypergen-morph.min.js")
  scripts[0].onerror()
  assert.match(p.errors[0].message, /could not load https:\/\/app.test\/static\/hypergen_vdom\/hypergen-morph.min.js/)
  p.receive(["c", 0, [["hypergen.morph", "t", "<b>1</b>"]]])
  assert.equal(scripts.length, 2, "the next morph tries again")
})
