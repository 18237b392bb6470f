// Partial loading and history (src/compat/partial.js) in the built bundles.
import { test } from "node:test"
import assert from "node:assert/strict"
import { boot, flush, jsonResponse } from "../harness/page.js"
import { encode } from "../src/msgpack.js"

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

// Diff mode with a patch: the page's target is ids 0 (div), 1 (p), 2 (its text); the server's
// frames are base64 msgpack, as hypergen_vdom/partial.py sends them.
const SET_TEXT = 0
const REMOVE = 6
const b64 = frame => Buffer.from(encode(frame)).toString("base64")
const TOKEN_HEADERS = ["X-Hypergen-Token", "X-Hypergen-Seq"]

function diffSite(answers) {
  const made = site({
    bundle: "diff",
    data: { diff: "1", target: "content", "next-id": 3, ws: "/ws/", token: "old" },
    answers,
  })
  made.page.sockets[0].open()
  return made
}

test("diff mode: the GET names the page's token and frame; a patch is applied to the same nodes and the socket moves on at its seq", async () => {
  const { page, gets, assigned } = diffSite({
    "/two/": answer(undefined, { patch: b64([1, 0, 3, SET_TEXT, 2, "two"]), data: { token: "new", "next-id": "3" } }),
  })
  const p = page.$("content").firstChild
  page.$("two").click()
  await flush()
  await flush()
  assert.deepEqual(gets[0][1], { "X-Hypergen-Partial": "1", "X-Hypergen-Base": "k1", "X-Hypergen-Token": "old", "X-Hypergen-Seq": "0" })
  assert.equal(page.$("content").innerHTML, "<p>two</p>")
  assert.equal(page.$("content").firstChild, p) // patched in place, not rebuilt
  assert.equal(page.window.location.pathname, "/two/")
  assert.equal(page.document.title, "Two")
  assert.deepEqual(assigned, [])
  assert.equal(page.sockets[0].readyState, 3) // the old page's socket is closed
  page.clock.tick(1000)
  page.sockets.at(-1).open()
  // the hello continues the diff state: the server's kept tree is at frame 1 already
  assert.deepEqual(page.sockets.at(-1).frames[0].slice(0, 4), ["hello", "new", 1, "/two/"])
  assert.equal(page.window.hypergen.socket.serverSeq, 1)
  // and back: the next GET names the new token and frame 1
  gets.length = 0
  page.window.history.back()
  await new Promise(resolve => setTimeout(resolve, 20))
  await flush()
  assert.deepEqual(gets.map(([path, h]) => [path, h["X-Hypergen-Token"], h["X-Hypergen-Seq"]]), [["/one/", "new", "1"]])
})

test("diff mode: a patch that doesn't follow the last frame, or isn't msgpack, is not applied: the HTML is fetched instead", async () => {
  for (const patch of [b64([7, 0, 3, SET_TEXT, 2, "two"]), "%%not base64", b64([])]) {
    const { page, gets } = diffSite({
      "/two/": (w) => jsonResponse(w, gets.length == 1
        ? answer(undefined, { patch, data: { token: "new", "next-id": "3" } })
        : answer("<p>html</p>", { data: { token: "new2", "next-id": "3" } })),
    })
    page.$("two").click()
    for (let i = 0; i < 4; i++) await flush()
    assert.equal(gets.length, 2, patch)
    assert.deepEqual(TOKEN_HEADERS.map(h => gets[1][1][h]), [undefined, undefined]) // the second asks for HTML
    assert.equal(page.$("content").innerHTML, "<p>html</p>")
    assert.equal(page.window.hypergen.socket.serverSeq, 0)
  }
})

test("diff mode: with an event unanswered the GET names no token (the DOM is about to change)", async () => {
  const { page, gets } = diffSite({ "/two/": answer("<p>two</p>", { data: { token: "new", "next-id": "3" } }) })
  page.window.hypergen.ext.event("h", [], page.$("content"))
  assert.equal(page.window.hypergen.socket.pending, 1)
  page.$("two").click()
  await flush()
  await flush()
  assert.deepEqual(TOKEN_HEADERS.map(h => gets[0][1][h]), [undefined, undefined])
  assert.equal(page.$("content").innerHTML, "<p>two</p>")
})

test("diff mode: a patch naming a node this page lacks asks the new socket for a resync", async () => {
  const { page } = diffSite({
    "/two/": answer(undefined, { patch: b64([1, 0, 3, REMOVE, 99]), data: { token: "new", "next-id": "3" } }),
  })
  const errors = page.events("hypergen:error")
  page.$("two").click()
  await flush()
  await flush()
  assert.equal(page.window.hypergen.diff.awaiting, true)
  assert.equal(errors.length, 1)
  page.clock.tick(1000)
  page.sockets.at(-1).open()
  await flush() // the resync goes out once <html> shows the connection (a MutationObserver)
  assert.deepEqual(page.sockets.at(-1).frames.map(f => f[0]), ["hello", "resync"])
})
