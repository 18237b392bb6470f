// HTTP actions (protocol §2) in the built bundle.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush, jsonResponse } from "../harness/page.js"

const BUTTON = `<button id=go hv-click='["/act/", [{"$el": "n", "as": "int"}]]'>go</button><input id=n value=3>`

test("posts JSON with the CSRF token from the script tag", async () => {
  const page = boot({ body: BUTTON, data: { csrf: "secret-token" } })
  page.$("go").click()
  await flush()
  const [post] = page.posts
  assert.equal(post.url, "/act/")
  assert.equal(post.method, "POST")
  assert.deepEqual(post.headers, { "Content-Type": "application/json", "X-CSRFToken": "secret-token" })
  assert.equal(post.body, '{"args":[{"$v":"3","as":"int"}]}')
})

test("a 200 answer's commands run", async () => {
  const page = boot({ body: BUTTON + "<p id=out>0</p>", fetch: () => jsonResponse(page.window, [["hypergen.morph", "out", "4"]]) })
  page.$("go").click()
  await flush()
  assert.equal(page.$("out").textContent, "4")
})

for (const status of [400, 403, 404]) {
  test(`a ${status} answer fires hypergen:error with its message and logs it`, async () => {
    const page = boot({ body: BUTTON, fetch: () => jsonResponse(page.window, { error: "n: not an int" }, status) })
    const errors = page.events("hypergen:error")
    page.$("go").click()
    await flush()
    assert.deepEqual(errors, [{ message: "n: not an int", status }])
    assert.deepEqual(page.logs, [["error", "hypergen: n: not an int"]])
  })
}

test("a non-JSON error page is reported by status", async () => {
  const page = boot({ body: BUTTON, fetch: () => new page.window.Response("<h1>Server Error</h1>", { status: 500 }) })
  const errors = page.events("hypergen:error")
  page.$("go").click()
  await flush()
  assert.deepEqual(errors, [{ message: "/act/: HTTP 500", status: 500 }])
})

test("a network failure is reported with status 0", async () => {
  const page = boot({ body: BUTTON, fetch: () => Promise.reject(new TypeError("Failed to fetch")) })
  const errors = page.events("hypergen:error")
  page.$("go").click()
  await flush()
  assert.deepEqual(errors, [{ message: "Failed to fetch", status: 0 }])
})
