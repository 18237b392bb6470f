// The default look of the client's classes, meant to be overridden: a constructable stylesheet
// (document.adoptedStyleSheets: no <style> element, no style attribute, so a strict
// Content-Security-Policy allows it) whose selectors sit inside :where(), specificity 0, so any rule
// of the site's own CSS for the same property wins. Off with `window.hypergen = {defaultStyle: false}`
// set by a script that runs before the client (README "The websocket").
//   hypergen-disconnected (on <html>)  a thin amber bar along the top
//   hypergen-rejected                  a red outline while the class is on (2 s)
//   hypergen-loading                   a progress cursor, dimmed after 150 ms (no flicker on fast answers)
const CSS = `:where(.hypergen-disconnected)::before{content:"";position:fixed;inset:0 0 auto;height:3px;background:#e0a030;z-index:99999}
:where(.hypergen-rejected){outline:2px solid #d33}
:where(.hypergen-loading){cursor:progress;opacity:.6;transition:opacity 0s .15s}`

export function defaultStyle(wanted) {
  if (wanted === false || !document.adoptedStyleSheets) return
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(CSS)
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
}
