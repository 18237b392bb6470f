// Classic mode (DESIGN §3) morphs server HTML into the page with idiomorph.
//
// The input the user is typing in must come out as it went in: same focus, value and selection,
// even when the server rendered an older value (the binding option `clear` exists for the
// opposite). idiomorph's own ignoreActiveValue/restoreFocus miss a case: an input that has to move
// (new wrapper, new order) loses focus on the way, so its value is morphed as if inactive. Hence
// one mechanism of our own: save before the morph, restore after.
//
// An `hv-ignore` element belongs to the page's scripts inside (a widget): its attributes are
// morphed, its children never.
import { Idiomorph } from "idiomorph"

const callbacks = {
  beforeNodeMorphed(old, now) {
    if (!old.hasAttribute?.("hv-ignore")) return
    for (const { name } of [...old.attributes]) now.hasAttribute(name) || old.removeAttribute(name)
    for (const { name, value } of now.attributes) old.getAttribute(name) != value && old.setAttribute(name, value)
    return false
  },
}

export function morph(el, html) {
  const active = document.activeElement
  const { value, selectionStart: start, selectionEnd: end } = active || {}
  Idiomorph.morph(el, html, { morphStyle: "innerHTML", restoreFocus: false, callbacks })
  if (!el.contains(active) || value == null) return // nothing typed into was in the morphed part
  if (document.activeElement != active) active.focus()
  if (active.value != value) active.value = value
  // selectionStart is null on inputs without a text selection (number, checkbox …)
  if (start != null && (active.selectionStart != start || active.selectionEnd != end)) active.setSelectionRange(start, end)
}
