// hypergen-compat.min.js (src/compat/) on top of the classic client, in the built bundles.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { boot, flush, jsonResponse } from "../harness/page.js"

const bind = (target, args = [], opts) => JSON.stringify(opts ? [target, args, opts] : [target, args])
const compat = (options = {}) => boot({ ...options, after: ["compat"] })

test("the compat bundle refuses to run without the client", () => {
  assert.throws(() => boot({ bundle: "compat" }), /must run after the hypergen client/)
})

test("every DOM event Hypergen templates bind fires its binding", async () => {
  const types = ["mousedown", "mouseup", "mouseover", "mouseout", "keypress", "contextmenu", "wheel", "paste"]
  const body = types.map(t => `<p id=${t} hv-${t}='${bind("/" + t + "/")}'>x</p>`).join("")
  const plain = boot({ body })
  const page = compat({ body })
  for (const p of [plain, page]) {
    for (const type of types) p.$(type).dispatchEvent(new p.window.Event(type, { bubbles: true }))
  }
  await flush()
  assert.deepEqual(plain.posts, []) // the client alone listens for none of these
  assert.deepEqual(page.posts.map(p => p.url), types.map(t => `/${t}/`))
})

test("the Python side lists the same extra events as the bundle", () => {
  const python = readFileSync(new URL("../../hypergen_vdom/compat/client.py", import.meta.url), "utf8")
  const js = readFileSync(new URL("../src/compat/events.js", import.meta.url), "utf8")
  const words = text => text.match(/"([a-z ]+)"/g).join(" ").replaceAll('"', "").split(/\s+/).filter(Boolean)
  const listed = python.slice(python.indexOf("EXTRA_EVENTS = ("), python.indexOf("\n)\n", python.indexOf("EXTRA_EVENTS = (")))
  const bubbling = js.slice(js.indexOf("const BUBBLING"), js.indexOf("export function listenMore"))
  assert.ok(words(listed).length > 30)
  assert.deepEqual(words(listed), words(bubbling))
})

test("scroll does not bubble: only the element's own scroll fires its binding", async () => {
  const page = compat({ body: `<div id=box hv-scroll='${bind("/s/")}'><div id=inner>x</div></div>` })
  page.$("inner").dispatchEvent(new page.window.Event("scroll"))
  await flush()
  assert.equal(page.posts.length, 0)
  page.$("box").dispatchEvent(new page.window.Event("scroll"))
  await flush()
  assert.deepEqual(page.posts.map(p => p.url), ["/s/"])
})

test("when=['hypergen.when.keycode', 'Enter'] in Hypergen's order lets only Enter through", async () => {
  const opts = { when: ["hypergen.compat.when", "hypergen.when.keycode", "Enter"] }
  const page = compat({ body: `<input id=q hv-keyup='${bind("/go/", [], opts)}'>` })
  for (const code of ["KeyA", "Enter", "Space"]) {
    page.$("q").dispatchEvent(new page.window.KeyboardEvent("keyup", { code, bubbles: true }))
  }
  await flush()
  assert.equal(page.posts.length, 1)
})

test("a page's own when function is called as f(...args, event), as Hypergen calls it", async () => {
  const seen = []
  const opts = { when: ["hypergen.compat.when", "app.allow", 7, "x"] }
  const page = compat({
    body: `<button id=b hv-click='${bind("/go/", [], opts)}'>b</button>`,
    before: window => { window.app = { allow: (...args) => (seen.push(args.slice(0, 2), args[2].type), false) } },
  })
  page.$("b").click()
  await flush()
  assert.deepEqual(seen, [[7, "x"], "click"])
  assert.equal(page.posts.length, 0) // falsy: dropped
})

test("keypressToCallback posts every key until removed", async () => {
  const page = compat()
  page.window.hypergen.keypressToCallback("/keys/", [1])
  page.window.dispatchEvent(new page.window.KeyboardEvent("keydown", { key: "a" }))
  page.window.hypergen.keypressToCallbackRemove()
  page.window.dispatchEvent(new page.window.KeyboardEvent("keydown", { key: "b" }))
  await flush()
  assert.deepEqual(page.posts.map(p => [p.url, p.json]), [["/keys/", { args: ["a", 1] }]])
})

// Boots a compat page whose button's action answers with `commands`, and clicks it.
async function answer(body, commands, setup = () => {}) {
  const page = compat({
    body: `${body}<button id=go hv-click='["/a/", []]'>go</button>`,
    fetch: () => jsonResponse(page.window, commands),
  })
  setup(page)
  page.$("go").click()
  await flush()
  return page
}

test("visible, hidden, display with and without its value", async () => {
  const page = await answer(`<p id=a>a</p><p id=b>b</p><p id=c>c</p><p id=d>d</p>`, [
    ["hypergen.hidden", "a"], ["hypergen.visible", "b"], ["hypergen.display", "c", "flex"], ["hypergen.display", "d"],
  ])
  assert.equal(page.$("a").style.visibility, "hidden")
  assert.equal(page.$("b").style.visibility, "visible")
  assert.equal(page.$("c").style.display, "flex")
  assert.equal(page.$("d").style.display, "block") // Hypergen's default
})

test("the client alone: display(id, value) takes its value too", async () => {
  const page = boot({
    body: `<p id=c>c</p><button id=go hv-click='["/a/", []]'>go</button>`,
    fetch: () => jsonResponse(page.window, [["hypergen.display", "c", "grid"]]),
  })
  page.$("go").click()
  await flush()
  assert.equal(page.$("c").style.display, "grid")
})

test("setClientState merges into hypergen.clientState by dotted path; unsafe keys are refused", async () => {
  let errors
  const page = await answer("", [
    ["hypergen.setClientState", "app.user", { name: "ann" }],
    ["hypergen.setClientState", "app.user", { age: 3 }],
    ["hypergen.setClientState", "__proto__.polluted", { yes: 1 }],
  ], p => { errors = p.events("hypergen:error") })
  assert.deepEqual(JSON.parse(JSON.stringify(page.window.hypergen.clientState)), { app: { user: { name: "ann", age: 3 } } })
  assert.equal(page.window.Object.prototype.polluted, undefined)
  assert.match(errors[0].message, /"__proto__" can't be a key/)
})

test("intervalSet runs its commands every interval until intervalClear; the same name replaces", async () => {
  const page = await answer(`<ul id=l></ul>`, [
    ["hypergen.intervalSet", [["hypergen.append", "l", "<li>x</li>"]], 100, "tick"],
    ["hypergen.intervalSet", [["hypergen.append", "l", "<li>y</li>"]], 100, "tick"],
  ])
  page.clock.tick(250)
  assert.equal(page.$("l").textContent, "yy")
  page.window.hypergen.intervalClear("tick")
  page.clock.tick(500)
  assert.equal(page.$("l").textContent, "yy")
})

test("addEventListener runs commands on a DOM event", async () => {
  const page = await answer(`<p id=t>t</p>`, [["hypergen.addEventListener", "#t", "click", [["hypergen.hide", "t"]]]])
  page.$("t").click()
  assert.equal(page.$("t").style.display, "none")
})

test("commands from Hypergen's channels are an allowlist: a forged eval is refused, not run", () => {
  const page = compat({ body: `<p id=t>t</p>` })
  const { hypergen } = page.window
  let ran = 0
  page.window.evil = () => ran++
  for (const forged of [["eval", "1"], ["evil"], ["hypergen.ext.call", "evil", []], ["constructor.constructor", "x"]]) {
    assert.throws(() => hypergen.applyCommands([forged]), /is not allowed/)
  }
  assert.equal(ran, 0)
  hypergen.allowCommand("evil")
  hypergen.applyCommands({ _: ["deque", [["hypergen.hide", "t"], ["evil"]]] })
  assert.equal(ran, 1)
  assert.equal(page.$("t").style.display, "none")
})

test("throttle runs the last call of a group once, after the delay", () => {
  const page = compat()
  const runs = []
  for (const n of [1, 2, 3]) page.window.hypergen.throttle(() => runs.push(n), { delay: 50, group: "g" })
  page.window.hypergen.throttle(() => runs.push("other"), { delay: 10, group: "h" })
  page.window.hypergen.cancelThrottle("h")
  page.clock.tick(49)
  assert.deepEqual(runs, [])
  page.clock.tick(1)
  assert.deepEqual(runs, [3])
})

test("ready runs now on a parsed document, and again after partial loads with {partial: true}", () => {
  const page = compat()
  let n = 0
  page.window.hypergen.ready(() => n++, { partial: true })
  assert.equal(n, 1)
  page.window.hypergen.onpushstate()
  assert.equal(n, 2)
})

test("hypergen.callback: debounced by URL, confirm_, and never posts to another origin", async () => {
  const page = compat({ body: `<input id=v value=7>` })
  const { hypergen } = page.window
  hypergen.callback("/cb/", [{ $el: "v" }], { debounce: 100 })
  hypergen.callback("/cb/", [{ $el: "v" }, 2], { debounce: 100 })
  page.clock.tick(100)
  await flush()
  assert.deepEqual(page.posts.map(p => [p.url, p.json]), [["/cb/", { args: [{ $v: "7" }, 2] }]])
  page.window.confirm = () => false
  hypergen.callback("/no/", [], { confirm_: "sure?" })
  hypergen.callback("//evil.test/x", [])
  await flush()
  assert.equal(page.posts.length, 1)
})

test("post before/after and applyCommand.after fire as on Hypergen", async () => {
  const seen = []
  const page = await answer(`<p id=t>t</p>`, [["hypergen.hide", "t"]], p => {
    p.window.addEventListener("hypergen.post.before", () => seen.push("before"))
    p.window.addEventListener("hypergen.post.after", () => seen.push("after"))
    p.document.addEventListener("hypergen.applyCommand.after", e => seen.push([e.detail.path, ...e.detail.args]))
  })
  assert.equal(page.$("t").style.display, "none")
  assert.deepEqual(seen, ["before", "after", ["hypergen.hide", "t"]])
})

test("hypergen.websocket: commands from the server run through the allowlist; callback sends JSON", async () => {
  const page = compat({ body: `<ul id=l></ul><input id=m value=hi>` })
  const { hypergen } = page.window
  const errors = page.events("hypergen:error")
  hypergen.websocket.open("wss://app.test/ws/chat/")
  hypergen.websocket.open("wss://app.test/ws/chat/") // once per URL
  assert.equal(page.sockets.length, 1)
  const ws = page.sockets[0]
  ws.readyState = 1
  ws.onopen()
  const sent = []
  ws.send = data => sent.push(JSON.parse(data))
  hypergen.callback("wss://app.test/ws/chat/", [{ $el: "m" }])
  assert.deepEqual(sent, [{ args: [{ $v: "hi" }], meta: {} }])
  ws.onmessage({ data: JSON.stringify([["hypergen.append", "l", "<li>hi</li>"]]) })
  ws.onmessage({ data: JSON.stringify([["eval", "1"]]) })
  assert.equal(page.$("l").innerHTML, "<li>hi</li>")
  assert.match(errors[0].message, /"eval" is not allowed/)
  ws.readyState = 3
  ws.onclose()
  page.clock.tick(10000)
  assert.equal(page.sockets.length, 2) // reopened after the drop
  hypergen.websocket.close("wss://app.test/ws/chat/")
  page.clock.tick(20000)
  assert.equal(page.sockets.length, 2)
})

test("the commands a page queued while it rendered run at load", () => {
  const page = compat({
    body: `<p id=t>t</p><script type="application/json" id="hypergen-commands">[["hypergen.hide","t"],["hypergen.setClientState","a",{"b":1}]]</script>`,
  })
  assert.equal(page.$("t").style.display, "none")
  assert.equal(page.window.hypergen.clientState.a.b, 1)
})

// An XMLHttpRequest the test answers: records what was sent, `respond(status, body)`.
function fakeXhr(window, sent) {
  window.XMLHttpRequest = class {
    constructor() {
      this.upload = {}
      this.headers = {}
      sent.push(this)
    }
    open(method, url) { Object.assign(this, { method, url }) }
    setRequestHeader(name, value) { this.headers[name] = value }
    send(body) { this.body = body }
    respond(status, body) {
      this.upload.onprogress?.({ loaded: 50, total: 100 })
      Object.assign(this, { status, responseText: JSON.stringify(body) })
      this.onload()
    }
  }
}

test("an upload binding posts the args and the files as multipart, with progress, and runs the answer", async () => {
  const sent = []
  const page = compat({
    data: { csrf: "tok" },
    body: `<input id=f type=file><input id=n value=hi><progress id=hypergen-upload-progress-bar></progress><p id=t>t</p>
      <button id=b hv-click='${bind("js:hypergen.compat.upload", ["/up/", [{ $el: "f" }, { $el: "n" }], ["f"]])}'>b</button>`,
    before: window => fakeXhr(window, sent),
  })
  const progress = page.events("hypergen:upload-progress")
  const file = new page.window.File(["hello"], "a.txt")
  Object.defineProperty(page.$("f"), "files", { value: [file] })
  page.$("b").click()
  const [xhr] = sent
  assert.equal(xhr.method, "POST")
  assert.equal(xhr.url, "/up/")
  assert.equal(xhr.headers["X-CSRFToken"], "tok")
  assert.deepEqual(JSON.parse(xhr.body.get("hypergen_data")), { args: [{ $v: "" }, { $v: "hi" }] })
  assert.equal(xhr.body.getAll("f")[0].name, "a.txt")
  xhr.respond(200, [["hypergen.hide", "t"]])
  assert.deepEqual(progress, [{ loaded: 50, total: 100 }])
  assert.equal(page.$("hypergen-upload-progress-bar").style.visibility, "hidden")
  assert.equal(page.$("t").style.display, "none")
})

test("an upload refused by the server (413) reports its error", () => {
  const sent = []
  const page = compat({ before: window => fakeXhr(window, sent) })
  const errors = page.events("hypergen:error")
  page.window.hypergen.compat.upload("/up/", [], [])
  sent[0].respond(413, { error: "upload of 2000 bytes is over HYPERGEN_MAX_UPLOAD_BYTES (1000)" })
  assert.deepEqual(errors, [{ message: "upload of 2000 bytes is over HYPERGEN_MAX_UPLOAD_BYTES (1000)", status: 413 }])
})

test("alertify.notify shows a Django message as text and removes it after its delay", async () => {
  const page = compat({ body: "<p>page</p>" })
  const w = page.window
  const toast = w.alertify.notify("<img src=x onerror=alert(1)> saved", "success", 0.01, "top-center")
  const box = page.$("hypergen-notifier")
  assert.equal(box.style.top, "12px")
  assert.equal(toast.className, "ajs-message ajs-success")
  assert.equal(toast.textContent, "<img src=x onerror=alert(1)> saved") // text, never markup
  assert.equal(box.querySelectorAll("img").length, 0)
  page.clock.tick(9)
  assert.equal(box.children.length, 1)
  page.clock.tick(1)
  assert.equal(box.children.length, 0)
  assert.equal(w.alertify.notify("x", 'bad" level').className, "ajs-message ajs-badlevel")
})

test("a page's own AlertifyJS is left in place", () => {
  const own = { notify: () => "theirs" }
  const page = compat({ before: window => { window.alertify = own } })
  assert.equal(page.window.alertify, own)
})
