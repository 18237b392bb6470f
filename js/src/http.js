// HTTP actions (protocol §2): POST the args as JSON, run the returned commands.
import { config } from "./config.js"
import { run } from "./commands.js"
import { fail } from "./events.js"

// Never rejects: every failure (network, status, a command that throws) becomes hypergen:error.
// `idle` (the binding's loading state, loading.js) is undone as soon as the answer is there, before
// its commands run.
export async function post(url, args, idle) {
  let status = 0
  let html
  // Hypergen's `hypergen.post.before` / `hypergen.post.after` on window, around every action post
  const signal = when => dispatchEvent(new Event("hypergen.post." + when))
  signal("before")
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf },
      body: JSON.stringify({ args }),
    })
    status = response.status
    signal("after")
    const text = await response.text()
    idle?.()
    let body = {}
    // an HTML error page or a login redirect is not JSON: report the status instead (and on DEBUG
    // pages hand the page, e.g. Django's debug page, to the error overlay)
    try {
      body = JSON.parse(text)
    } catch {
      html = text
    }
    if (!response.ok || !Array.isArray(body)) throw Error(body?.error || `${url}: HTTP ${status}`)
    run(body)
  } catch (e) {
    status || signal("after") // no answer at all (network): "after" was not signalled yet
    idle?.()
    fail(e.message, config.debug && html ? { status, html } : { status })
  }
}
