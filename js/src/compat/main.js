// Entry of hypergen-compat.min.js: what Hypergen 1.5.6 pages use beyond our client (README "Coming
// from Hypergen"). Only pages rendered through hypergen_vdom.compat load it, after the client
// (both scripts are deferred, so they run in document order); it builds on `hypergen.ext`
// (main.js) and adds to window.hypergen:
//   when.keycode, compat.when, keypressToCallback(Remove)          events.js
//   visible, hidden, display(id, value), setClientState, clientState, intervalSet, intervalClear,
//   addEventListener, throttle, cancelThrottle, ready, callback, applyCommands, allowCommand
//                                                                  commands.js
//   partialLoad, onpushstate                                       partial.js
//   websocket.open, websocket.close                                websocket.js
//   compat.upload, compat.wsupload, socket.frames.U                upload.js
// and window.alertify (unless the page loaded AlertifyJS itself)    notify.js
import { api as events, listenMore } from "./events.js"
import * as commands from "./commands.js"
import { start, partialLoad, onpushstate } from "./partial.js"
import * as websocket from "./websocket.js"
import { upload, wsupload, answer } from "./upload.js"
import { alertify } from "./notify.js"

const hypergen = window.hypergen
if (!hypergen?.ext) throw Error("hypergen-compat.min.js must run after the hypergen client (hypergen.min.js or hypergen-diff.min.js)")
Object.assign(hypergen, events, commands, { partialLoad, onpushstate, websocket })
Object.assign(hypergen.compat, { upload, wsupload })
hypergen.socket.frames.U = answer
window.alertify ??= alertify
listenMore(hypergen.ext)
start(hypergen.ext)
// the commands the page queued while it rendered (hypergen_vdom/compat/client.py), run now as
// Hypergen runs them at load: they come with the page, as trusted as its HTML
const queued = document.getElementById("hypergen-commands")
if (queued) hypergen.ext.run(JSON.parse(queued.textContent))
