// Failures surface twice: a `hypergen:error` CustomEvent on document for the page to show, and
// console.error for the developer.
export function fail(message, detail) {
  console.error("hypergen:", message)
  document.dispatchEvent(new CustomEvent("hypergen:error", { detail: { message, ...detail } }))
}
