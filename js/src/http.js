// HTTP actions (protocol §2): POST the args as JSON, run the returned commands.
import { config } from "./config.js"
import { run } from "./commands.js"
import { fail } from "./events.js"

// Never rejects: every failure (network, status, a command that throws) becomes hypergen:error.
export async function post(url, args) {
  let status = 0
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf },
      body: JSON.stringify({ args }),
    })
    status = response.status
    // an HTML error page or a login redirect is not JSON: report the status instead
    const body = await response.json().catch(() => ({}))
    if (!response.ok || !Array.isArray(body)) throw Error(body.error || `${url}: HTTP ${status}`)
    run(body)
  } catch (e) {
    fail(e.message, { status })
  }
}
