// The exact DOM calls a few ops make, recorded on the patcher's one DOM adapter (src/dom.js).
// Nodes the patcher knows show as "#id", others as their HTML (a text node as its JSON string).
import { test } from "node:test"
import assert from "node:assert/strict"
import { diffPage, record } from "../harness/diff.js"
import * as Op from "../src/ops.js"

// div#t 0, ul 1, li 2, "a" 3, li 4, "b" 5, input 6; next 7
const BODY = `<div id="t"><ul><li>a</li><li>b</li></ul><input id="i" value="v"></div>`

function run(frame) {
  const p = diffPage(BODY, { nextId: 7 })
  const calls = record(p)
  p.receive(frame)
  assert.deepEqual(p.errors, [])
  return calls
}

test("INSERT: create, attributes in order, number, append children, then insert", () => {
  assert.deepEqual(run([1, 0, 11, Op.INSERT, 1, 4, ["li", ["class", "x", "hidden", true], "c", ["b", [], "d"]]]), [
    ["element", "li", ""],
    ["setAttribute", "<li></li>", "class", "x"],
    ["setAttribute", `<li class="x"></li>`, "hidden", ""],
    ["text", "c"],
    ["insertBefore", "#7", "#8", null],
    ["element", "b", ""],
    ["text", "d"],
    ["insertBefore", "#9", "#10", null],
    ["insertBefore", "#7", "#9", null],
    ["insertBefore", "#1", "#7", "#4"],
  ])
})

test("INSERT of an opaque element: one innerHTML", () => {
  assert.deepEqual(run([1, 0, 8, Op.INSERT, 0, null, ["div", ["hv-raw", true], ["<i>x</i>y"]]]), [
    ["element", "div", ""],
    ["setAttribute", "<div></div>", "hv-raw", ""],
    ["setInnerHTML", "#7", "<i>x</i>y"],
    ["insertBefore", "#0", "#7", null],
  ])
})

test("SET_TEXT, SPLICE_TEXT, SET_ATTR, DEL_ATTR: one call each", () => {
  assert.deepEqual(run([1, 0, 7, Op.SET_TEXT, 3, "abc", Op.SPLICE_TEXT, 3, 1, 1, "X", Op.SET_ATTR, 1, "a", true, Op.DEL_ATTR, 6, "id"]), [
    ["setData", "#3", "abc"],
    ["replaceData", "#3", 1, 1, "X"],
    ["setAttribute", "#1", "a", ""],
    ["removeAttribute", "#6", "id"],
  ])
})

test("SET_PROP on a typed-in input: the attribute, then the property", () => {
  const p = diffPage(BODY, { nextId: 7 })
  p.$("i").value = "typed"
  const calls = record(p)
  p.receive([1, 0, 7, Op.SET_PROP, 6, "value", "w", Op.SET_PROP, 6, "value", false])
  assert.deepEqual(calls, [
    ["setAttribute", "#6", "value", "w"],
    ["setProperty", "#6", "value", "w"],
    ["removeAttribute", "#6", "value"],
    ["setProperty", "#6", "value", ""],
  ])
})

test("REMOVE, MOVE, REPLACE", () => {
  assert.deepEqual(run([1, 0, 8, Op.MOVE, 4, 2, Op.REMOVE, 2, Op.REPLACE, 5, "B"]), [
    ["moveBefore", "#1", "#4", "#2"],
    ["remove", "<li>a</li>"], // its ids are forgotten first
    ["text", "B"],
    ["replaceWith", `"b"`, "#7"], // #5 is forgotten before the new node is numbered
  ])
})

test("ORDER: removals, then the moves off the LIS", () => {
  assert.deepEqual(run([1, 0, 7, Op.ORDER, 0, [6, 1]]), [["moveBefore", "#0", "#6", "#1"]])
  assert.deepEqual(run([1, 0, 7, Op.ORDER, 1, [4]]), [["remove", "<li>a</li>"]])
  assert.deepEqual(run([1, 0, 7, Op.ORDER, 1, [2, 4]]), [])
})
