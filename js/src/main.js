// Entry point of the bundle: publishes window.hypergen and starts listening.
//
// window.hypergen
//   morph, redirect, append, prepend, remove, hide, display
//                        the built-in commands of protocol §3
// Internal, for tests and for the diff patcher:
//   applyPatch(frame)    not set here: the diff patcher sets it. Called with every server frame
//                        whose first element is an int ([seq, acked_event_seq, next_id, op, args…]).
//                        Returning marks `seq` as applied (sent in the next hello); throwing leaves
//                        it unapplied and reports hypergen:error. Without it such frames are errors.
//   socket.send(frame)   msgpack-encode and send a raw frame (e.g. ["resync"]); false when not open
//   socket.connect()     open the websocket now; no-op while one is open or connecting
//   socket.state         "none" (never opened) | "connecting" | "open" | "closed" (waiting to retry)
//   socket.seq           seq of the last event frame sent
import { hypergen } from "./commands.js"
import { listen } from "./bindings.js"
import { socket, connect } from "./socket.js"
import { config } from "./config.js"

window.hypergen = Object.assign(hypergen, { socket })
listen()
if (config.ws) connect()
