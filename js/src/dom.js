// The one object through which the patcher changes the DOM (snabbdom's htmldomapi): tests swap
// its methods for recorders to see the exact calls an op makes. It only writes; reading
// (childNodes, parentNode, activeElement …) goes straight to the DOM.
export const dom = {
  element: (tag, ns) => ns ? document.createElementNS(ns, tag) : document.createElement(tag),
  text: data => document.createTextNode(data),
  setAttribute: (el, name, value) => el.setAttribute(name, value),
  removeAttribute: (el, name) => el.removeAttribute(name),
  setProperty: (el, name, value) => { el[name] = value },
  setData: (node, data) => { node.data = data },
  replaceData: (node, start, count, data) => node.replaceData(start, count, data),
  setInnerHTML: (el, html) => { el.innerHTML = html },
  insertBefore: (parent, node, before) => parent.insertBefore(node, before),
  // moveBefore keeps a moved subtree's state (focus, iframes, animations, transitions); it
  // throws where it can't move (nodes in different trees), so fall back then too
  moveBefore(parent, node, before) {
    if (parent.moveBefore) try { return parent.moveBefore(node, before) } catch {}
    parent.insertBefore(node, before)
  },
  remove: node => node.remove(),
  replaceWith: (old, node) => old.replaceWith(node),
  focus: el => el.focus({ preventScroll: true }),
  setSelectionRange: (el, start, end, direction) => el.setSelectionRange(start, end, direction),
  scroll: (el, left, top) => el.scrollTo(left, top), // an element or window
}
