"""The peers' clients: one event on a freshly served page, through the peer's real server, the way
its browser client sends it; the size of the answer on the wire. Loopback only, bounded.

- Hypergen 1.5.6: GET the page (its ``csrftoken`` cookie), then POST the ``@action`` as
  ``hypergen.js`` does (form field ``hypergen_data`` = ``{"args": [...], "meta": {}}``, headers
  ``X-CSRFToken``, ``X-Pathname``, ``X-Requested-With``). The answer is the response body (JSON
  commands); its headers are counted apart.
- pyview 0.9: GET the page (its CSRF token, ``data-phx-session``, the view's id), open
  ``/live/websocket?_csrf_token=…&vsn=2.0.0``, ``phx_join`` the view's topic as
  phoenix_live_view.js does, then send the ``event``; the answer is the ``phx_reply`` text
  message with the event's ref (its diff).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from .peer_common import PeerEvent

__all__ = ["HOST", "hypergen_answer", "pyview_answer"]

HOST = "127.0.0.1"
TIMEOUT = 60.0


def hypergen_answer(port: int, event: PeerEvent) -> dict[str, Any]:
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        connection.request("GET", event.page, headers={"Host": f"{HOST}:{port}"})
        response = connection.getresponse()
        page = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"GET {event.page}: {response.status}")
        cookies = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookies.load(value)
        token = cookies["csrftoken"].value
        url = f"/{event.name}/"
        body = urlencode({"hypergen_data": json.dumps({"args": event.args, "meta": {}})})
        headers = {
            "Host": f"{HOST}:{port}",
            "Origin": f"http://{HOST}:{port}",
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
            "X-Pathname": event.page,
            "X-Requested-With": "XMLHttpRequest",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connection.request("POST", url, body=body.encode(), headers=headers)
        response = connection.getresponse()
        answer = response.read()
        if response.status != 200:
            raise RuntimeError(f"POST {url}: {response.status} {answer[:200]!r}")
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        head += sum(len(f"{k}: {v}\r\n") for k, v in response.getheaders())
        commands = json.loads(answer)
        morphs = [c for c in commands["_"][1] if c[0] == "hypergen.morph"]
        if len(morphs) != 1:
            raise RuntimeError(f"POST {url}: {len(morphs)} morphs")
        return {
            "bytes": len(answer),
            "header_bytes": head,
            "page_bytes": len(page.encode()),
            "bound": f'"{url}"' in page,  # the page's callbacks name the action (not S3b's edit)
        }
    finally:
        connection.close()


async def _pyview(port: int, event: PeerEvent) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        request = f"GET {event.page} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n"
        writer.write(request.encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), TIMEOUT)
    finally:
        writer.close()
    page = raw.partition(b"\r\n\r\n")[2].decode()
    found = {
        key: re.search(pattern, page)
        for key, pattern in {
            "csrf": r'name="csrf-token" content="([^"]+)"',
            "session": r'data-phx-session="([^"]*)"',
            "static": r'data-phx-static="([^"]*)"',
            "id": r'id="(phx-[^"]+)"',
        }.items()
    }
    missing = [key for key, match in found.items() if match is None]
    if missing:
        raise RuntimeError(f"GET {event.page}: no {missing} in {page[:300]!r}")
    csrf, session, static, view_id = (found[k].group(1) for k in ("csrf", "session", "static", "id"))  # type: ignore[union-attr]
    topic = f"lv:{view_id}"
    url = f"ws://{HOST}:{port}/live/websocket?" + urlencode({"_csrf_token": csrf, "vsn": "2.0.0"})
    async with connect(url, compression=None, proxy=None, open_timeout=TIMEOUT, max_size=2**24) as ws:
        join = {
            "url": f"http://{HOST}:{port}{event.page}",
            "params": {"_csrf_token": csrf, "_mounts": 0},
            "session": session,
            "static": static,
        }
        await ws.send(json.dumps(["4", "4", topic, "phx_join", join]))
        joined = await asyncio.wait_for(ws.recv(), TIMEOUT)
        reply = json.loads(joined)
        if reply[3] != "phx_reply" or reply[4].get("status") != "ok":
            raise RuntimeError(f"phx_join: {joined[:200]!r}")
        payload = {"type": "click", "event": event.name, "value": event.args}
        await ws.send(json.dumps(["4", "5", topic, "event", payload]))
        while True:
            message = await asyncio.wait_for(ws.recv(), TIMEOUT)
            answer = json.loads(message)
            if answer[1] == "5":
                break
        if answer[4].get("status") != "ok" or "diff" not in answer[4].get("response", {}):
            raise RuntimeError(f"event {event.name}: {message[:200]!r}")
        data = message.encode() if isinstance(message, str) else message
        return {
            "bytes": len(data),
            "join_bytes": len(joined.encode() if isinstance(joined, str) else joined),
            "page_bytes": len(page.encode()),
            "bound": f'phx-click="{event.name}"' in page,
        }


def pyview_answer(port: int, event: PeerEvent) -> dict[str, Any]:
    return asyncio.run(asyncio.wait_for(_pyview(port, event), TIMEOUT * 2))
