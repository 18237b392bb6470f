// Hypergen's own websockets (hypergen_vdom/compat/websocket.py, HypergenWebsocketConsumer), beside
// the page's websocket: `hypergen.websocket.open(url)` opens one per URL (reopened after a drop,
// with backoff), `close(url)` closes it. The server sends JSON lists of commands, run through the
// allowlist (commands.js: applyCommands); `hypergen.callback("ws://…", args)` sends
// `{"args": [...], "meta": {}}` with element references read now.
import { applyCommands } from "./commands.js"

export const WEBSOCKETS = {} // url → {socket, closed}

export function open(url) {
  if (WEBSOCKETS[url]) return
  const entry = (WEBSOCKETS[url] = { attempt: 0 })
  const connect = () => {
    const ws = (entry.socket = new WebSocket(url))
    ws.onopen = () => (entry.attempt = 0)
    ws.onmessage = e => {
      try {
        applyCommands(JSON.parse(e.data))
      } catch (err) {
        window.hypergen.ext.fail(err.message)
      }
    }
    ws.onclose = () => {
      if (WEBSOCKETS[url] == entry) entry.timer = setTimeout(connect, Math.random() * Math.min(10000, 500 * 2 ** entry.attempt++))
    }
  }
  connect()
}

export function close(url) {
  const entry = WEBSOCKETS[url]
  if (!entry) return
  delete WEBSOCKETS[url]
  clearTimeout(entry.timer)
  entry.socket.close()
}

export function send(url, args) {
  const ws = WEBSOCKETS[url]?.socket
  if (ws?.readyState != 1) throw Error(`hypergen: websocket ${url} is not open`)
  ws.send(JSON.stringify({ args, meta: {} }))
}
