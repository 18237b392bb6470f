// Loading states (protocol §1): while an event waits for the server, the element it came from and
// the form around it carry the class `hypergen-loading` and `aria-busy="true"`; with the binding
// option `disable_with` the element (on a form: its submit button) is also disabled and shows that
// text. All of it is undone when the event is answered (before the answer is applied, so the
// server patches its own DOM) or rejected: a class attribute left empty goes, and a button gets
// back its own child nodes (which diff mode addresses by id), not copies.
const LOADING = "hypergen-loading"
const waiting = new Map() // element → events in flight

function mark(el, add) {
  const n = (waiting.get(el) || 0) + add
  waiting.set(el, n)
  el.classList.toggle(LOADING, n > 0)
  if (n) return el.setAttribute("aria-busy", "true")
  waiting.delete(el)
  el.removeAttribute("aria-busy")
  el.classList.length || el.removeAttribute("class")
}

// Marks `el` (and its form) as waiting; returns what unmarks them, once however often it is called.
export function loading(el, text) {
  const marked = [...new Set([el, el.closest("form")])].filter(Boolean)
  marked.forEach(m => mark(m, 1))
  // on a form (its submit binding) the text goes on its submit button, never over its fields
  const shown = el.localName == "form" ? el.querySelector("[type=submit],button:not([type])") : el
  const undo = text != null && shown && waiting.get(el) == 1 && swap(shown, text)
  let done
  return () => {
    if (done) return
    done = marked.forEach(m => mark(m, -1)) || 1
    waiting.has(el) || undo && undo()
  }
}

// disable_with: `el` disabled, showing `text` (an <input>'s value attribute, else its children).
function swap(el, text) {
  const input = el.localName == "input"
  const saved = input ? el.getAttribute("value") : [...el.childNodes]
  el.disabled = true
  if (input) el.setAttribute("value", text)
  else el.textContent = text
  return () => {
    el.disabled = false
    if (!input) el.replaceChildren(...saved)
    else if (saved == null) el.removeAttribute("value")
    else el.setAttribute("value", saved)
  }
}
