// Node ids (wire.py, "Node ids"): one table id → node, its inverse, and the counter. Both sides
// number nodes in preorder as they come to exist: hydration numbers the target (0) and its
// descendants, elements and text nodes alike; INSERT and REPLACE number what they build (patch.js).
// An `hv-raw` element (raw HTML) and an `hv-ignore` element (a region the page's scripts own, e.g.
// a widget) get an id but nothing inside them does. Nodes without an id (comments, or nodes other
// scripts put into the page) are never addressed, so they can't misdirect an op.
export const RAW = "hv-raw"
export const IGNORE = "hv-ignore"
export const opaque = el => el.hasAttribute(RAW) || el.hasAttribute(IGNORE)

export const ids = new Map() // id → node
const idOf = new WeakMap() // node → id
export const counter = { next: 0 }

export function number(node) {
  ids.set(counter.next, node)
  idOf.set(node, counter.next++)
}

// Numbers `node` and its subtree from the counter on.
export function hydrate(node) {
  number(node)
  if (!opaque(node)) {
    for (const child of node.childNodes) {
      if (child.nodeType == 1) hydrate(child)
      else if (child.nodeType == 3) number(child)
    }
  }
}

// The target afresh: ids from `next` (0 for a page's hydration).
export function reset(target, next = 0) {
  ids.clear()
  counter.next = next
  if (target) hydrate(target)
}

// `to` takes over the id of `from` (a live hv-ignore element kept in place of its rebuilt twin).
export function adopt(from, to) {
  ids.set(idOf.get(from), to)
  idOf.set(to, idOf.get(from))
}

// Forgets the ids of `node` and its subtree (REMOVE, REPLACE, ORDER). Ids are never reused.
export function forget(node) {
  if (ids.get(idOf.get(node)) == node) ids.delete(idOf.get(node))
  node.childNodes.forEach(forget)
}
