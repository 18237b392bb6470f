// Entry point of the classic bundle (hypergen.min.js): publishes window.hypergen and starts
// listening. The diff-mode bundle (hypergen-diff.min.js) is main_diff.js: this file, plus the
// patcher, which it starts when the script tag has data-diff.
//
// window.hypergen (what a page's script set on it before the client ran is kept: hooks, defaultStyle)
//   morph, redirect, append, prepend, remove, hide, display, reset
//                        the built-in commands of protocol §3 (reset fires `hypergen:reset` on document)
//   hooks                {Name: {mounted, updated, destroyed}} for `hv-hook="Name"` elements (hooks.js)
//   defaultStyle         false (set before the client runs): no default style (style.js)
//   ext                  the extension point of bundles loaded after this one (hypergen-compat.min.js):
//                        listen(bubbling, own) more event types (space-separated), call(path, args)
//                        a command, run(commands) a batch, post(url, args, idle) an action,
//                        event(handler, args, el, idle) a websocket event, resolve(args, el) element
//                        references into values, fail(message, detail) report hypergen:error,
//                        decode(bytes) a msgpack value (a partial load's diff frame)
// Internal, for tests and for the diff patcher:
//   applyPatch(frame)    not set here: the diff patcher (patch.js) sets it. Called with every
//                        server frame whose first element is an int ([seq, acked_event_seq, next_id, op, args…]).
//                        Returning marks `seq` as applied (sent in the next hello); throwing leaves
//                        it unapplied and reports hypergen:error. Without it such frames are errors.
//   socket.send(frame)   msgpack-encode and send a raw frame (e.g. ["resync"]); false when not open
//   socket.connect()     open the websocket now; no-op while one is open or connecting
//   socket.state         "none" (never opened) | "connecting" | "open" | "closed" (waiting to retry)
//   socket.seq           seq of the last event (sent, or queued while disconnected)
//   socket.pending       how many events are sent or queued and not answered yet (read-only)
//   socket.frames        {tag: handle(frame)}: server frames of other tags a bundle handles (the compat
//                        bundle's upload answers, "U")
//   socket.reload()      what a 4001/4003 close calls (location.reload()); tests replace it
//   socket.token, socket.serverSeq  the page's token and the seq of the last diff frame applied
//   socket.page(token, seq)  the page was replaced in place (a partial load): reconnect with this
//                        token, at this diff frame (0: the target was numbered afresh)
// Diff mode only (hypergen-diff.min.js with data-diff; see patch.js):
//   diff.ids             Map id → node of the hydrated target (text nodes included)
//   diff.next            the id counter; diff.target the target element; diff.awaiting true
//                        while a ["resync"] is unanswered
//   diff.resync()        ask the server for the whole target again
//   diff.hydrate(el)     number `el` afresh as the target (ids from 0); returns the counter
//   diff.dom             the adapter every DOM write goes through (tests record its calls)
//   morphElement(el, html)  set by hypergen-morph.min.js, which the diff bundle loads on demand
// DEBUG pages (data-debug; the client loads hypergen-debug.min.js from next to its own script):
//   logFrame(frame)      set by hypergen-debug.min.js: called with every decoded server frame
import { hypergen, call, run } from "./commands.js"
import { listen } from "./bindings.js"
import { socket, connect, event } from "./socket.js"
import { post } from "./http.js"
import { resolve } from "./values.js"
import { fail } from "./events.js"
import { decode } from "./msgpack.js"
import { config } from "./config.js"
import { sync } from "./hooks.js"
import { defaultStyle } from "./style.js"

// `ext`: what a bundle extending the client (hypergen-compat.min.js) builds on
window.hypergen = Object.assign(hypergen, { hooks: {} }, window.hypergen, { socket, ext: { listen, call, run, post, event, resolve, fail, decode } })
defaultStyle(hypergen.defaultStyle)
listen()
if (config.ws) connect()
// the page's hooks: now, and again once every deferred script ran (one may register hooks)
sync()
document.addEventListener("DOMContentLoaded", () => sync())
// DEBUG pages: the error overlay and frame log (debug.js), from next to this script
if (config.debug) {
  document.head.append(Object.assign(document.createElement("script"), { src: document.getElementById("hypergen-client").src.replace(/[^/]*$/, "hypergen-debug.min.js") }))
}
