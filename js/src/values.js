// Element values and element references in binding args (protocol §1).

export function byId(id) {
  const el = document.getElementById(id)
  if (!el) throw Error(`hypergen: no element with id "${id}"`)
  return el
}

export function readValue(el) {
  const { type } = el
  if (el.localName == "form") return readForm(el)
  if (type == "checkbox") return el.checked
  if (type == "radio") {
    // the group: radios of the same name in the same form; an unnamed radio is a group of one
    const on = [...document.querySelectorAll("input[type=radio]")].find(r =>
      r.checked && (r == el || el.name && r.name == el.name && r.form == el.form))
    return on ? on.value : null
  }
  if (type == "select-multiple") return [...el.selectedOptions].map(o => o.value)
  // elements without a value: a contenteditable one sends its markup, as Hypergen reads it; others
  // (a <div> as THIS) send null, not nothing
  return el.value ?? (el.isContentEditable ? el.innerHTML : null)
}

// A form's fields as the browser submits them (FormData: named fields, not disabled, no buttons,
// checkboxes and radios only when checked, a checkbox without a value "on"), files left out, as
// `{name: value}`; `select multiple`, and a name that several fields share (radios aside), give lists.
function readForm(form) {
  const out = new Map()
  for (const [name, value] of new FormData(form)) {
    if (typeof value != "string") continue
    const field = form.elements.namedItem(name) // null for an entry no field is named after (dirname)
    const many = field && (field.type == "select-multiple" || !field.tagName && field[0].type != "radio")
    out.set(name, many ? [...(out.get(name) || []), value] : value)
  }
  return Object.fromEntries(out) // own keys, also for a field named __proto__
}

// Replaces each `{"$el": id | null, "as"?}` (null: `self`, the element carrying the binding) with
// `{"$v": value, "as"?}`, read now. Walks nested lists and objects so a reference can sit anywhere.
export function resolve(value, self) {
  if (Array.isArray(value)) return value.map(v => resolve(v, self))
  if (!value || typeof value != "object") return value
  if ("$el" in value) {
    const { $el, ...rest } = value
    return { $v: readValue($el == null ? self : byId($el)), ...rest }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, self)]))
}
