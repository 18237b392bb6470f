// Partial loading and history (src/compat/partial.js) in the built bundles.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush, jsonResponse } from "../harness/page.js"

const LINKS = `<nav><a id=two href="/two/">two</a><a id=out href="https://other.test/">out</a>
  <a id=blank href="/three/" target=_blank>3</a><a id=skip href="/four/" hv-nopartial>4</a></nav>`

// A compat page with partial loading on; `answers` maps a URL path to the server's JSON (or a
// Response maker), and `gets` records each GET with its headers.
function site({ answers = {}, bundle = "classic", data = {}, body = `<div id=content><p>one</p></div>` } = {}) {
  const gets = []
  const page = boot({
    bundle,
    data,
    after: ["compat"],
    url: "https://app.test/one/",
    body: `${LINKS}${body}<script id="hypergen-compat" data-partial="k1"></script>`,
    fetch: (url, init) => {
      const path = new URL(url, "https://app.test/").pathname
      gets.push([path, { ...init.headers }])
      const answer = answers[path]
      return typeof answer == "function" ? answer(page.window) : jsonResponse(page.window, answer ?? { full: true })
    },
  })
  const assigned = []
  page.window.location.assign = url => assigned.push(url)
  return { page, gets, assigned }
}

const answer = (html, extra = {}) => ({ target: "content", html, title: "Two", data: {}, ...extra })

test("a same-origin link loads into the target and pushes its URL; back restores without a full load", async () => {
  const { page, gets, assigned } = site({ answers: { "/two/": answer("<p>two</p>"), "/one/": answer("<p>one again</p>") } })
  const seen = []
  page.window.scrollTo = (x, y) => seen.push(`scroll ${x} ${y}`)
  page.document.addEventListener("hypergen.pushstate", () => seen.push("pushstate"))
  page.window.addEventListener("hypergen.partialLoad.after", e => seen.push(e.detail.url))
  page.$("two").click()
  await flush()
  await flush()
  assert.deepEqual(gets, [["/two/", { "X-Hypergen-Partial": "1", "X-Hypergen-Base": "k1" }]])
  assert.equal(page.$("content").innerHTML, "<p>two</p>")
  assert.equal(page.window.location.pathname, "/two/")
  assert.equal(page.document.title, "Two")
  assert.deepEqual(seen, ["scroll 0 0", "pushstate", "https://app.test/two/"])
  page.window.history.back()
  await new Promise(resolve => setTimeout(resolve, 20))
  await flush()
  assert.equal(page.window.location.pathname, "/one/")
  assert.deepEqual(gets.map(g => g[0]), ["/two/", "/one/"])
  assert.equal(page.$("content").innerHTML, "<p>one again</p>")
  assert.deepEqual(assigned, [])
  assert.equal(seen.filter(s => s.startsWith("scroll")).length, 1) // not on back
})

test("another base template, a login page or a failed request: a full load of the URL", async () => {
  const { page, assigned } = site({
    answers: { "/two/": { full: true } },
  })
  page.$("two").click()
  await flush()
  await flush()
  assert.deepEqual(assigned, ["https://app.test/two/"])
  assert.equal(page.window.location.pathname, "/one/") // nothing pushed
  assert.equal(page.$("content").innerHTML, "<p>one</p>")
})

test("an HTML answer (a redirect to a login page) is a full load too, and puts nothing in the target", async () => {
  const { page, assigned } = site({
    answers: { "/two/": w => new w.Response("<html>login</html>", { headers: { "Content-Type": "text/html" } }) },
  })
  page.$("two").click()
  await flush()
  await flush()
  assert.deepEqual(assigned, ["https://app.test/two/"])
  assert.equal(page.$("content").innerHTML, "<p>one</p>")
})

test("other origins, target=_blank, hv-nopartial and modified clicks are left to the browser", async () => {
  const { page, gets } = site()
  for (const id of ["out", "blank", "skip"]) page.$(id).click()
  page.$("two").dispatchEvent(new page.window.MouseEvent("click", { bubbles: true, ctrlKey: true }))
  await flush()
  assert.deepEqual(gets, [])
})

test("without data-partial no link is intercepted", async () => {
  const page = boot({ after: ["compat"], body: `${LINKS}<script id="hypergen-compat"></script>` })
  const gets = []
  page.window.fetch = url => gets.push(url)
  page.$("two").click()
  await flush()
  assert.deepEqual(gets, [])
})

test("the new page's token: the page socket reconnects with it (hello carries it)", async () => {
  const { page } = site({
    data: { ws: "/ws/", token: "old" },
    answers: { "/two/": answer("<p>two</p>", { data: { token: "new", ws: "/ws/" } }) },
  })
  page.sockets[0].open()
  assert.equal(page.sockets[0].frames[0][1], "old")
  page.$("two").click()
  await flush()
  await flush()
  page.clock.tick(1000)
  const hello = page.sockets.at(-1)
  hello.open()
  assert.equal(page.sockets.length, 2)
  assert.deepEqual(hello.frames[0].slice(0, 4), ["hello", "new", 0, "/two/"])
})

test("diff mode: the target is replaced and numbered afresh; a count unlike the server's asks for a resync", async () => {
  const target = `<div id=content><p>one</p></div>`
  const { page } = site({
    bundle: "diff",
    body: target,
    data: { diff: "1", target: "content", "next-id": 3, ws: "/ws/", token: "old" },
    answers: {
      "/two/": answer("<ul><li>a</li><li>b</li></ul>", { data: { token: "new", "next-id": "6" } }),
      "/bad/": answer("<p>x</p>", { data: { token: "new2", "next-id": "9" } }),
    },
  })
  const { hypergen } = page.window
  page.$("two").click()
  await flush()
  await flush()
  assert.equal(page.$("content").innerHTML, "<ul><li>a</li><li>b</li></ul>")
  assert.equal(hypergen.diff.next, 6)
  assert.equal(hypergen.diff.awaiting, false)
  await hypergen.partialLoad(null, "/bad/", true)
  assert.equal(hypergen.diff.awaiting, true)
})

test("the commands the new page queued run after the swap", async () => {
  const { page } = site({ answers: { "/two/": answer("<p id=x>two</p>", { commands: [["hypergen.hidden", "x"]] }) } })
  page.$("two").click()
  await flush()
  await flush()
  assert.equal(page.$("x").style.visibility, "hidden")
})
