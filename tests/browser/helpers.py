"""What several browser tests share: watching the page's websockets, dropping them, comparing the
patched DOM with a fresh render, and talking to the server over a raw socket from the page."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import msgpack
from playwright.sync_api import Page, expect

__all__ = [
    "SNAPSHOT",
    "WATCH_SOCKETS",
    "RawSocketResult",
    "drop_socket",
    "fresh_snapshot",
    "hello",
    "open_live_page",
    "raw_socket",
    "reconnect_now",
    "wait_reconnected",
]

# An init script (``page.add_init_script``): every WebSocket the page opens is kept in
# ``window.__sockets`` and its close code in ``window.__closes`` (and in sessionStorage, which
# outlives the reload a 4001/4003 close triggers); the client's own events are kept in
# ``window.__hv_events`` as [type, message or handler]. While ``window.__offline`` is true, a new
# socket fails as it would with the network down: it never opens and closes with 1006 (a stand-in
# object: a real socket to a dead port is refused by the page's Content-Security-Policy instead).
WATCH_SOCKETS = """(() => {
  window.__sockets = []
  window.__closes = []
  window.__hv_events = []
  window.__offline = false
  const closedWith = code => {
    window.__closes.push(code)
    const kept = JSON.parse(sessionStorage.getItem("__closes") || "[]")
    sessionStorage.setItem("__closes", JSON.stringify([...kept, code]))
  }
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      if (window.__offline) {
        const down = Object.assign(new EventTarget(), { readyState: 0, send() {}, close() {} })
        setTimeout(() => {
          down.readyState = 3
          closedWith(1006)
          down.onclose?.(new CloseEvent("close", { code: 1006 }))
        }, 10)
        window.__sockets.push(down)
        return down
      }
      super(url, protocols)
      window.__sockets.push(this)
      this.addEventListener("close", e => closedWith(e.code))
    }
  }
  for (const type of ["hypergen:error", "hypergen:rejected", "hypergen:reset"]) {
    document.addEventListener(type, e => {
      window.__hv_events.push([type, e.detail?.message ?? e.detail?.handler ?? null])
    })
  }
})()"""

# The target's DOM as data: tags, attributes as sorted pairs (setAttribute appends, so order can
# differ from the server's HTML), texts. Compares what the patcher built with a fresh render.
SNAPSHOT = """() => {
  const walk = node => node.nodeType === 3 ? node.data : [
    node.tagName.toLowerCase(),
    [...node.attributes].map(a => [a.name, a.value]).sort(),
    ...[...node.childNodes].map(walk),
  ]
  return walk(document.getElementById("content"))
}"""

# Opens a socket of its own to the page's websocket URL (same origin, so the page's cookies: the
# same session), sends each frame (["bin", base64] or ["text", string]), waits ``waitMs`` after the
# last one or until the socket closes, and returns the server's frames (base64) and the close code
# (null if the socket was still open; it is closed then). ``raw_socket()`` is the Python side.
_RAW_SOCKET = """async ([frames, waitMs]) => {
  const url = new URL(document.getElementById("hypergen-client")?.dataset.ws || "/ws/hypergen/",
                      location.href).href.replace(/^http/, "ws")
  const ws = new WebSocket(url)
  ws.binaryType = "arraybuffer"
  const received = []
  let code = null
  const closed = new Promise(resolve => ws.addEventListener("close", e => resolve(code = e.code)))
  ws.addEventListener("message", e => {
    received.push(btoa(Array.from(new Uint8Array(e.data), b => String.fromCharCode(b)).join("")))
  })
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve)
    ws.addEventListener("close", () => reject(new Error("the socket did not open")))
  })
  for (const [kind, data] of frames) {
    ws.send(kind == "text" ? data : Uint8Array.from(atob(data), c => c.charCodeAt(0)))
  }
  await Promise.race([closed, new Promise(resolve => setTimeout(resolve, waitMs))])
  if (code === null) ws.close()
  return { received, code }
}"""


@dataclass
class RawSocketResult:
    received: list[bytes]  # the server's frames, as sent
    code: int | None  # the close code, None when the server left the socket open

    @property
    def frames(self) -> list[Any]:
        return [msgpack.unpackb(data, raw=False) for data in self.received]

    @property
    def errors(self) -> list[tuple[int, str]]:
        """The error frames (``["e", seq, message]``), as (seq, message)."""
        return [(frame[1], frame[2]) for frame in self.frames if frame[0] == "e"]


def raw_socket(page: Page, frames: list[bytes | str], wait_ms: int = 1500) -> RawSocketResult:
    """Talk to the server over a websocket the page opens but its client doesn't own: ``frames``
    are sent as they are (bytes as binary frames, str as text frames); see ``_RAW_SOCKET``."""
    wire = [["text", f] if isinstance(f, str) else ["bin", base64.b64encode(f).decode()] for f in frames]
    result = page.evaluate(_RAW_SOCKET, [wire, wait_ms])
    return RawSocketResult([base64.b64decode(data) for data in result["received"]], result["code"])


def hello(token: str, path: str, tab: str = "f" * 32) -> bytes:
    """A hello frame (protocol §5)."""
    return bytes(msgpack.packb(["hello", token, 0, path, tab]))


def open_live_page(page: Page, path: str) -> None:
    """Go to ``path`` and wait until its websocket is up."""
    page.goto(path)
    expect(page.locator("html")).to_have_class("hypergen-connected")


def drop_socket(page: Page, *, reconnect_at_once: bool = False) -> int:
    """Close the page's current websocket from the browser side, as a network drop would, and
    return how many sockets the page had opened before. With ``reconnect_at_once`` the page is
    told the network is back (the ``online`` event) as soon as the close is seen, so it reconnects
    without the backoff's random wait."""
    return int(
        page.evaluate(
            """reconnectAtOnce => {
              const ws = window.__sockets.at(-1)
              if (reconnectAtOnce) ws.addEventListener("close", () => dispatchEvent(new Event("online")))
              ws.close()
              return window.__sockets.length
            }""",
            reconnect_at_once,
        )
    )


def wait_reconnected(page: Page, sockets_before: int, timeout: float = 10_000) -> None:
    """Wait until the page opened a new socket after ``sockets_before`` ones, and it is open."""
    page.wait_for_function(
        "n => window.__sockets.length > n && window.__sockets.at(-1).readyState === 1"
        " && document.documentElement.classList.contains('hypergen-connected')",
        arg=sockets_before,
        timeout=timeout,
    )


def reconnect_now(page: Page) -> None:
    """The network is back: clear ``window.__offline`` and fire the ``online`` event (on which the
    client reconnects at once instead of waiting out its backoff) until a socket is open. Fired
    again every 100 ms, because an attempt still under way makes the client ignore it."""
    page.evaluate(
        """() => {
          window.__offline = false
          const poke = () => {
            if (window.hypergen.socket.state == "open") return
            dispatchEvent(new Event("online"))
            setTimeout(poke, 100)
          }
          poke()
        }"""
    )


def fresh_snapshot(page: Page, path: str) -> object:
    """``SNAPSHOT`` of ``path`` loaded afresh in a new tab of the same browser context."""
    other = page.context.new_page()
    other.goto(path)
    expect(other.locator("html")).to_have_class("hypergen-connected")
    snapshot = other.evaluate(SNAPSHOT)
    other.close()
    return snapshot
