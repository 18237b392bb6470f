// What pages get for free (the "real pages" issue): loading states and disable_with, the default
// stylesheet, connection events, forms as one value, client hooks, hv-ignore regions in classic
// morphs, and the DEBUG error overlay and frame log. Run in the built bundles.
import { test } from "node:test"
import assert from "node:assert/strict"
import vm from "node:vm"
import { boot, bundleText, flush, jsonResponse } from "../harness/page.js"
import { diffPage } from "../harness/diff.js"
import * as Op from "../src/ops.js"

const bind = (target, args = [], opts) => JSON.stringify(opts ? [target, args, opts] : [target, args])

// A classic page with data-ws whose socket is open.
function live(body, options = {}) {
  const page = boot({ body, data: { ws: "/ws/hypergen/", token: "t" }, ...options })
  page.ws = () => page.sockets.at(-1)
  page.ws().open()
  return page
}
const events = page => page.ws().frames.filter(frame => typeof frame[0] == "number")

// -- loading states -------------------------------------------------------------------------------

const FORM = `<form id=f><input name=x value=1><button id=save hv-click='${bind("h.save", [], { disable_with: "Saving…" })}'><b id=label>Save</b></button></form>`

test("an event in flight marks its element and its form (class, aria-busy) until the answer frame", () => {
  const page = live(FORM)
  const [form, save] = [page.$("f"), page.$("save")]
  save.click()
  assert.deepEqual(events(page), [[1, "h.save", []]])
  for (const el of [form, save]) {
    assert.equal(el.className, "hypergen-loading")
    assert.equal(el.getAttribute("aria-busy"), "true")
  }
  page.ws().receive(["c", 1, []])
  for (const el of [form, save]) {
    assert.equal(el.hasAttribute("class"), false, "no class attribute left behind")
    assert.equal(el.hasAttribute("aria-busy"), false)
  }
})

test("disable_with disables the element and shows the text; the answer puts back its own child nodes", () => {
  const page = live(FORM)
  const [save, label] = [page.$("save"), page.$("label")]
  save.click()
  assert.equal(save.disabled, true)
  assert.equal(save.textContent, "Saving…")
  page.ws().receive(["c", 1, []])
  assert.equal(save.disabled, false)
  assert.equal(save.hasAttribute("disabled"), false)
  assert.equal(save.firstChild, label, "the same <b>, not a copy")
  assert.equal(save.innerHTML, `<b id="label">Save</b>`)
})

test("disable_with on an <input type=submit> swaps its value attribute", () => {
  const page = live(`<input id=go type=submit hv-click='${bind("h.go", [], { disable_with: "Wait" })}'>`)
  const go = page.$("go")
  go.click()
  assert.equal(go.getAttribute("value"), "Wait")
  page.ws().receive(["c", 1, []])
  assert.equal(go.hasAttribute("value"), false)
})

test("the loading state is undone before the answer's commands run (they may change the element)", () => {
  const page = live(`<div id=box>${FORM}</div>`)
  page.$("save").click()
  page.ws().receive(["c", 1, [["hypergen.morph", "box", `<form id="f"><button id="save" class="done">Saved</button></form>`]]])
  assert.equal(page.$("box").innerHTML, `<form id="f"><button id="save" class="done">Saved</button></form>`)
})

test("two events of one element in flight: marked until both are answered", () => {
  const page = live(`<input id=q hv-input='${bind("h.q")}'>`)
  const q = page.$("q")
  q.dispatchEvent(new page.window.Event("input", { bubbles: true }))
  q.dispatchEvent(new page.window.Event("input", { bubbles: true }))
  page.ws().receive(["c", 1, []])
  assert.equal(q.className, "hypergen-loading")
  page.ws().receive(["c", 2, []])
  assert.equal(q.hasAttribute("class"), false)
})

test("a class the element had stays; only hypergen-loading comes and goes", () => {
  const page = live(`<button id=b class="btn big" hv-click='${bind("h.b")}'>b</button>`)
  page.$("b").click()
  assert.equal(page.$("b").className, "btn big hypergen-loading")
  page.ws().receive(["c", 1, []])
  assert.equal(page.$("b").className, "btn big")
})

test("an event rejected later (no connection within 5 s) is unmarked and restored too", () => {
  const page = boot({ body: FORM, data: { ws: "/ws/hypergen/" } }) // never opens
  page.$("save").click()
  assert.equal(page.$("save").textContent, "Saving…")
  page.clock.tick(5000)
  assert.equal(page.$("save").textContent, "Save")
  assert.equal(page.$("save").className, "hypergen-rejected")
  assert.equal(page.$("f").hasAttribute("class"), false)
  assert.equal(page.$("f").hasAttribute("aria-busy"), false)
})

test("an event rejected at once leaves no loading state", () => {
  const page = boot({ body: `<button id=b hv-click='${bind("h.b")}'>b</button>`, data: { ws: "/ws/hypergen/" } })
  for (let i = 0; i < 11; i++) page.$("b").click() // the 11th: over the queue bound
  assert.equal(page.$("b").className, "hypergen-loading hypergen-rejected")
  page.clock.tick(5000)
  assert.equal(page.$("b").className, "hypergen-rejected")
})

test("an HTTP action gets the same treatment, undone before its commands run", async () => {
  let answer
  const page = boot({
    body: `<p id=out>0</p>${FORM.replace('"h.save"', '"/save/"')}`,
    fetch: () => new Promise(resolve => (answer = resolve)),
  })
  page.$("save").click()
  await flush()
  assert.equal(page.$("save").className, "hypergen-loading")
  assert.equal(page.$("f").getAttribute("aria-busy"), "true")
  assert.equal(page.$("save").textContent, "Saving…")
  answer(jsonResponse(page.window, [["hypergen.morph", "out", "1"]]))
  await flush()
  assert.equal(page.$("out").textContent, "1")
  assert.equal(page.$("save").textContent, "Save")
  assert.equal(page.$("save").hasAttribute("class"), false)
  assert.equal(page.$("f").hasAttribute("aria-busy"), false)
})

test("a failed HTTP action is unmarked too", async () => {
  const page = boot({ body: FORM.replace('"h.save"', '"/save/"'), fetch: () => Promise.reject(new TypeError("offline")) })
  page.$("save").click()
  await flush()
  assert.equal(page.$("save").hasAttribute("class"), false)
  assert.equal(page.$("save").disabled, false)
})

test("call_js bindings get no loading state", () => {
  const page = boot({ body: `<button id=b hv-click='${bind("js:console.log", ["x"])}'>b</button>` })
  page.$("b").click()
  assert.equal(page.$("b").hasAttribute("class"), false)
})

// -- default style, connection events ------------------------------------------------------------

test("a default stylesheet is adopted: low specificity rules for the client's classes", () => {
  const page = boot()
  const sheets = page.document.adoptedStyleSheets
  assert.equal(sheets.length, 1)
  const css = [...sheets[0].cssRules].map(rule => rule.cssText).join("\n")
  for (const name of ["hypergen-disconnected", "hypergen-rejected", "hypergen-loading"]) {
    assert.match(css, new RegExp(`:where\\(\\.${name}`))
  }
  assert.equal(page.document.querySelector("style"), null, "no <style> element")
})

test("window.hypergen.defaultStyle = false before the client runs: no default style", () => {
  const page = boot({ before: window => (window.hypergen = { defaultStyle: false }) })
  assert.equal(page.document.adoptedStyleSheets.length, 0)
})

test("hypergen:connected / hypergen:disconnected fire when the state changes, not on every retry", () => {
  const page = boot({ data: { ws: "/ws/hypergen/" } })
  const seen = []
  for (const name of ["hypergen:connected", "hypergen:disconnected"]) page.document.addEventListener(name, () => seen.push(name))
  page.sockets[0].open()
  page.sockets[0].serverClose()
  page.clock.tick(10000)
  page.sockets.at(-1).serverClose() // a failed retry: still disconnected
  page.clock.tick(10000)
  page.sockets.at(-1).open()
  assert.deepEqual(seen, ["hypergen:connected", "hypergen:disconnected", "hypergen:connected"])
})

// -- forms ------------------------------------------------------------------------------------------

test("a form sends {name: value} of its fields as the browser would submit them", async () => {
  const page = boot({
    body: `<form id=f hv-submit='${bind("/save/", [{ $el: null, as: "form" }])}'>
      <input name=title value="Hi"><input name=empty value="">
      <input type=checkbox name=agree><input type=checkbox name=news checked><input type=checkbox name=v value=yes checked>
      <input type=radio name=size value=s><input type=radio name=size value=m checked>
      <input type=checkbox name=tags value=a checked><input type=checkbox name=tags value=b>
      <input name=pair value=1><input name=pair value=2>
      <select name=one><option>x</option><option selected>y</option></select>
      <select name=many multiple><option selected>p</option><option>q</option></select>
      <textarea name=text>line</textarea>
      <input name=off value=no disabled><input type=file name=upload>
      <button name=btn value=b>go</button><input type=submit name=sub value=s>
    </form>`,
  })
  page.$("f").dispatchEvent(new page.window.Event("submit", { bubbles: true, cancelable: true }))
  await flush()
  assert.deepEqual(page.posts[0].json, {
    args: [{
      $v: {
        title: "Hi", empty: "", news: "on", v: "yes", size: "m", tags: ["a"], pair: ["1", "2"],
        one: "y", many: ["p"], text: "line",
      },
      as: "form",
    }],
  })
})

test("a form referenced by id from a button; a field named __proto__ is a plain key", async () => {
  const page = boot({
    body: `<form id=f><input name="__proto__" value=x></form><button id=b hv-click='${bind("/save/", [{ $el: "f", as: "form" }])}'>b</button>`,
  })
  page.$("b").click()
  await flush()
  assert.equal(page.posts[0].body, '{"args":[{"$v":{"__proto__":"x"},"as":"form"}]}')
})

// -- hooks ------------------------------------------------------------------------------------------

// Registers hook `Name` before the client runs, logging its calls into window.__hookLog.
const withHook = (name = "Chart", extra = {}) => window => {
  window.__hookLog = []
  const note = (what, hook) => window.__hookLog.push([what, hook.el.id])
  window.hypergen = {
    hooks: {
      [name]: {
        mounted() { note("mounted", this) },
        updated() { note("updated", this) },
        destroyed() { note("destroyed", this) },
        ...extra,
      },
    },
  }
}

test("classic: hooks are mounted on load, updated by a morph that changes them, destroyed when removed", () => {
  const page = live(`<div id=box><div id=c1 hv-hook=Chart data-n=1><span>1</span></div><p id=other>x</p></div><div id=out></div>`, { before: withHook() })
  const log = page.window.__hookLog
  assert.deepEqual(log, [["mounted", "c1"]])
  page.ws().receive(["c", 0, [["hypergen.morph", "out", "<p>unrelated</p>"]]])
  assert.deepEqual(log, [["mounted", "c1"]], "a change elsewhere doesn't update it")
  page.ws().receive(["c", 0, [["hypergen.morph", "box", `<div id="c1" hv-hook="Chart" data-n="2"><span>1</span></div><p id="other">x</p>`]]])
  assert.deepEqual(log.at(-1), ["updated", "c1"])
  page.ws().receive(["c", 0, [["hypergen.morph", "box", `<div id="c1" hv-hook="Chart" data-n="2"><span>2</span></div><p id="other">x</p>`]]])
  assert.deepEqual(log.at(-1), ["updated", "c1"], "its content changed")
  assert.equal(log.length, 3)
  page.ws().receive(["c", 0, [["hypergen.morph", "box", `<p id="other">x</p><div id="c2" hv-hook="Chart"></div>`]]])
  assert.deepEqual(log.slice(3), [["destroyed", "c1"], ["mounted", "c2"]])
  page.ws().receive(["c", 0, [["hypergen.remove", "c2"]]])
  assert.deepEqual(log.at(-1), ["destroyed", "c2"])
})

test("hooks: this.el, this.pushEvent sends a websocket event, state kept on the instance", () => {
  const page = live(`<canvas id=c hv-hook=Chart data-handler="widgets.pick"></canvas>`, {
    before: withHook("Chart", {
      mounted() {
        this.count = 1
        this.el.addEventListener("click", () => this.pushEvent(this.el.dataset.handler, this.count++, "bar"))
      },
    }),
  })
  page.$("c").click()
  page.$("c").click()
  assert.deepEqual(events(page), [[1, "widgets.pick", [1, "bar"]], [2, "widgets.pick", [2, "bar"]]])
})

test("a hook that throws is reported (hypergen:error) and breaks nothing", () => {
  const page = live(`<div id=c hv-hook=Bad></div><p id=n>0</p>`, {
    before: withHook("Bad", { mounted() { throw Error("boom") } }),
  })
  const errors = page.events("hypergen:error")
  assert.match(page.logs[0][1], /mounted: boom/)
  page.ws().receive(["c", 0, [["hypergen.morph", "n", "1"]]])
  assert.equal(page.$("n").textContent, "1")
  assert.deepEqual(errors, [])
})

test("diff mode: hooks follow the frames (mounted, updated by ops on or inside them, destroyed)", () => {
  // ids: div#t 0, div#c 1, span 2, "1" 3, p 4, "x" 5; next 6
  const p = diffPage(`<div id="t"><div id="c" hv-hook="Chart"><span>1</span></div><p>x</p></div>`, { nextId: 6, before: withHook() })
  const log = p.window.__hookLog
  assert.deepEqual(log, [["mounted", "c"]])
  p.receive([1, 0, 6, Op.SET_TEXT, 5, "y"])
  assert.equal(log.length, 1)
  p.receive([2, 0, 6, Op.SET_ATTR, 1, "data-n", "2"])
  p.receive([3, 0, 6, Op.SET_TEXT, 3, "2"])
  assert.deepEqual(log.slice(1), [["updated", "c"], ["updated", "c"]])
  p.receive([4, 0, 6, Op.REMOVE, 1])
  assert.deepEqual(log.at(-1), ["destroyed", "c"])
  p.receive([5, 0, 8, Op.INSERT, 0, null, ["div", ["id", "d", "hv-hook", "Chart"], "z"]])
  assert.deepEqual(log.at(-1), ["mounted", "d"])
  assert.deepEqual(p.errors, [])
})

// -- hv-ignore --------------------------------------------------------------------------------------

test("classic: a morph patches an hv-ignore element's attributes and leaves its children alone", () => {
  const page = live(`<div id=box><div id=w hv-ignore class=a><canvas id=cv></canvas></div><p>1</p></div>`)
  const canvas = page.$("cv")
  page.ws().receive(["c", 0, [["hypergen.morph", "box", `<div id="w" hv-ignore="" class="b" title="t"></div><p>2</p>`]]])
  assert.equal(page.$("box").innerHTML, `<div id="w" hv-ignore="" class="b" title="t"><canvas id="cv"></canvas></div><p>2</p>`)
  assert.equal(page.$("cv"), canvas)
})

test("diff mode: nothing inside an hv-ignore element is numbered, at hydration or when built", () => {
  // ids: div#t 0, div#w 1 (its canvas none), p 2, "x" 3; next 4
  const p = diffPage(`<div id="t"><div id="w" hv-ignore=""><canvas></canvas>text</div><p>x</p></div>`, { nextId: 4 })
  assert.deepEqual(p.errors, [])
  assert.equal(p.diff.awaiting, false, "the count agreed with the server's")
  assert.equal(p.node(2).localName, "p")
  p.receive([1, 0, 5, Op.INSERT, 0, null, ["div", ["id", "v", "hv-ignore", true], ["b", [], "initial"]], Op.SET_TEXT, 3, "y"])
  assert.deepEqual(p.errors, [])
  assert.equal(p.$("v").innerHTML, "<b>initial</b>", "children are built, not numbered")
  assert.equal(p.node(4), p.$("v"))
  assert.equal(p.node(5), undefined)
  p.receive([2, 0, 5, Op.SET_ATTR, 1, "class", "on"])
  assert.equal(p.$("w").className, "on", "its own attributes still patch")
  p.receive([3, 0, 6, Op.INSERT, 1, null, "no"])
  assert.match(p.errors[0].message, /insert into opaque #1/)
})

test("diff mode: a REPLACE of the target keeps the live hv-ignore element of the same id, subtree and all", () => {
  // ids: div#t 0, h1 1, "a" 2, div#w 3, p 4, "x" 5; next 6
  const p = diffPage(`<div id="t"><h1>a</h1><div id="w" hv-ignore="" class="old" data-x="1"></div><p>x</p></div>`, { nextId: 6 })
  const widget = p.$("w")
  widget.innerHTML = "<canvas id=cv></canvas>" // the page's script draws its widget
  const canvas = p.$("cv")
  // the resync answer: the whole target again, numbered from 0
  p.receive([1, 0, 7, Op.REPLACE, 0, ["div", ["id", "t"], ["h1", [], "b"], ["section", [], ["div", ["id", "w", "hv-ignore", true, "class", "new"]]], ["p", [], "x"]]])
  assert.deepEqual(p.errors, [])
  assert.equal(p.$("w"), widget, "the same element")
  assert.equal(p.$("cv"), canvas, "its subtree untouched")
  assert.equal(widget.parentNode.localName, "section", "moved to where the new content has it")
  assert.equal(widget.className, "new")
  assert.equal(widget.hasAttribute("data-x"), false, "the server's attributes")
  assert.equal(p.target().outerHTML, `<div id="t"><h1>b</h1><section><div id="w" hv-ignore="" class="new"><canvas id="cv"></canvas></div></section><p>x</p></div>`)
  assert.equal(p.idOf(widget), 4, "it took its twin's id")
  p.receive([2, 0, 7, Op.SET_ATTR, 4, "title", "t", Op.SET_TEXT, 6, "y"])
  assert.deepEqual(p.errors, [])
  assert.equal(widget.title, "t")
  assert.equal(p.target().querySelector("p").textContent, "y")
})

test("diff mode: a hooked widget in an hv-ignore region survives a resync: not destroyed, not mounted again", () => {
  const p = diffPage(`<div id="t"><div id="w" hv-ignore="" hv-hook="Chart"></div></div>`, { nextId: 2, before: withHook() })
  p.receive([1, 0, 3, Op.REPLACE, 0, ["div", ["id", "t"], ["div", ["id", "w", "hv-ignore", true, "hv-hook", "Chart"]], "new"]])
  assert.deepEqual(p.errors, [])
  assert.deepEqual(p.window.__hookLog, [["mounted", "w"]])
})

// -- DEBUG --------------------------------------------------------------------------------------------

// A page with data-debug and hypergen-debug.min.js run (happy-dom loads no script by itself).
function debugPage(options = {}) {
  const page = live(options.body ?? "", { ...options, data: { ws: "/ws/hypergen/", token: "t", debug: 1, ...options.data } })
  new vm.Script(bundleText("debug")).runInContext(page.window)
  return page
}

test("data-debug loads hypergen-debug.min.js from next to the client's script", () => {
  const page = boot({ data: { debug: 1 } })
  const scripts = [...page.document.head.querySelectorAll("script")].map(s => s.getAttribute("src"))
  assert.equal(scripts.length, 1)
  assert.match(scripts[0], /hypergen-debug\.min\.js$/)
  assert.equal(boot().document.head.querySelector("script"), null, "not without data-debug")
})

test("DEBUG: an error shows in an overlay, which its button dismisses", () => {
  const page = debugPage()
  page.ws().receive(["e", 0, "handler crashed: ZeroDivisionError"])
  page.ws().receive(["e", 0, "second"])
  const overlay = page.document.querySelector(".hypergen-overlay")
  assert.equal(overlay.getAttribute("role"), "alertdialog")
  assert.deepEqual([...overlay.querySelectorAll("pre")].map(pre => pre.textContent), ["handler crashed: ZeroDivisionError", "second"])
  overlay.querySelector("button").click()
  assert.equal(page.document.querySelector(".hypergen-overlay"), null)
  page.ws().receive(["e", 0, "third"])
  assert.equal(page.document.querySelectorAll(".hypergen-overlay pre").length, 1)
})

test("DEBUG: an @action's HTML error page (Django's debug page) is shown in a sandboxed iframe", async () => {
  const html = `<!DOCTYPE html><title>ZeroDivisionError at /act/</title><style>h1 { color: red }</style>
    <script>alert(1)</script><h1 style="x" onclick="alert(2)">ZeroDivisionError</h1>`
  const page = debugPage({
    body: `<button id=b hv-click='${bind("/act/")}'>b</button>`,
    fetch: () => new page.window.Response(html, { status: 500 }),
  })
  page.$("b").click()
  await flush()
  const frame = page.document.querySelector(".hypergen-overlay iframe")
  // no script, no inline style or handler (the page's CSP would refuse them, noisily); the CSS is
  // adopted into the frame once it loaded (the browser test sees that)
  const srcdoc = frame.getAttribute("srcdoc")
  assert.equal(srcdoc, `<!DOCTYPE html><title>ZeroDivisionError at /act/</title>\n    <h1>ZeroDivisionError</h1>`)
  assert.doesNotMatch(srcdoc, /<script|<style|onclick|style=/)
  assert.equal(frame.getAttribute("sandbox"), "allow-same-origin")
  assert.equal(page.document.querySelector(".hypergen-overlay pre").textContent, "/act/: HTTP 500")
})

test("without DEBUG an HTML error page is reported by status only", async () => {
  const page = boot({ body: `<button id=b hv-click='${bind("/act/")}'>b</button>`, fetch: () => new page.window.Response("<h1>x</h1>", { status: 500 }) })
  const errors = page.events("hypergen:error")
  page.$("b").click()
  await flush()
  assert.deepEqual(errors, [{ message: "/act/: HTTP 500", status: 500 }])
})

test("DEBUG: every frame is logged decoded with console.debug, diff ops by name", () => {
  const p = diffPage(`<div id="t"><p>x</p></div>`, { nextId: 3, data: { debug: 1 } })
  new vm.Script(bundleText("debug")).runInContext(p.window)
  p.receive([1, 0, 3, Op.SET_TEXT, 2, "y", Op.SET_ATTR, 1, "class", "a"])
  p.receive(["c", 0, []])
  const debug = p.logs.filter(([level]) => level == "debug").map(([, ...args]) => args)
  assert.deepEqual(JSON.parse(JSON.stringify(debug)), [
    [`hypergen: diff frame 1 (answers event 0, next id 3):\n  SET_TEXT 2,"y"\n  SET_ATTR 1,"class","a"`, [["SET_TEXT", 2, "y"], ["SET_ATTR", 1, "class", "a"]]],
    [`hypergen: frame ["c",0,[]]`],
  ])
})

test("disable_with on a form's submit binding goes on its submit button, never over its fields", () => {
  const page = live(`<form id=f hv-submit='${bind("h.sign", [{ $el: null, as: "form" }], { disable_with: "Signing…" })}'>
    <input id=name name=name value=Ada><button id=go>Sign</button></form>`)
  page.$("f").dispatchEvent(new page.window.Event("submit", { bubbles: true, cancelable: true }))
  assert.deepEqual(events(page), [[1, "h.sign", [{ $v: { name: "Ada" }, as: "form" }]]])
  assert.equal(page.$("go").textContent, "Signing…")
  assert.equal(page.$("go").disabled, true)
  assert.equal(page.$("name").value, "Ada")
  assert.equal(page.$("f").className, "hypergen-loading")
  page.ws().receive(["c", 1, []])
  assert.equal(page.$("go").textContent, "Sign")
  assert.equal(page.$("go").disabled, false)
})
