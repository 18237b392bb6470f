"""The benchmark scenarios S1–S6 end to end on the real consumer: the pages of ``bench/pages.py``
(served under ``/bench/`` by ``bench.site_urls``), ``HypergenCommunicator`` (the page's GET, its
session cookie, hello), real handler ids. A fresh page connects without a payload; its event is
answered by exactly one frame, within the scenario's size bar and with pinned bytes (hex, or
sha256 for the two 1000-row compact ORDER frames).

The frames equal the pure golden frames of ``test_scenarios_golden.py`` except where a handler id
is on the wire: the goldens use 5-character stand-ins, the registry's ids have 6 (S2a: +2 bytes).
"""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from bench.pages import EVENTS
from hypergen_vdom.store import page_store
from hypergen_vdom.testing.communicator import HypergenCommunicator
from hypergen_vdom.tokens import read_token
from hypergen_vdom.wire import Close, Op, decode_frame

from .test_scenarios_golden import GOLDEN_HEX, LIMITS

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("bench.site_urls"),  # the sample site plus /bench/ (bench/settings.py)
]

# blake2b of the handler's qualified name, 6 url-safe base64 characters (hypergen_vdom.registry)
HANDLER_IDS = {
    "S1": "Cj2bch", "S2a": "o8HImK", "S2b": "3DjEbD", "S2c": "ahkYzr", "S3a": "j978fH",
    "S3b": "r9yOOl", "S3c": "mcdOVb", "S4": "InoUOJ", "S5": "Fih365", "S6": "buq3lv",
}  # fmt: skip

# The same frames as the pure golden test, but for S2a, whose inserted bindings carry the real
# 6-character handler ids instead of the stand-ins' 5.
FRAME_HEX = {
    **GOLDEN_HEX,
    "S2a": (
        "9a0101cd032e0503c097a26c699092a5696e70757494a474797065a8636865636b626f78a968762d6368616e6765"
        "b05b2233446a456244222c5b3130315d5da12093a56c6162656c90a8427579206d696c6ba12093a6627574746f6e"
        "92a868762d636c69636bb05b2261686b597a72222c5b3130315d5da17800cd0325ae313031206974656d73206c65"
        "6674"
    ),
}
FRAME_SHA256 = {
    "S3a": "6121443fc3338a7d931b576ac22ba924add2d9866c241863150cfc89cdffc0cf",
    "S3c": "39fb9b088f7d474d71df9af6a5a269fc23e47d42d0aa9f6bd8bb46316587576d",
}


async def open_page(client, path):
    """GET the page with ``client`` and connect its websocket with the client's cookies; no hello yet."""
    page = await HypergenCommunicator.open(client, path, hello=False)
    assert page.token
    return page


async def hello(page, path):
    """Say hello; every frame the server sent for it (all arrive before the pong of a ping)."""
    await page.send_frame(["hello", page.token, 0, path, page.tab])
    return await page.barrier()


async def test_the_handler_ids_are_the_registrys():
    assert {name: event.handler.hypergen.handler_id for name, event in EVENTS.items()} == HANDLER_IDS


@pytest.mark.parametrize("name", list(LIMITS))
async def test_one_event_one_frame_within_the_bar(name):
    event = EVENTS[name]
    page = await open_page(Client(), event.path)
    assert 'data-diff="1"' in page.page_html
    assert await hello(page, event.path) == [], "a fresh page must connect without a payload"
    await page.send_frame([1, HANDLER_IDS[name], event.args])
    raw = await page.receive_from(timeout=5)
    assert await page.receive_nothing(timeout=0.1), "one event, one frame"
    await page.disconnect()

    frame = decode_frame(raw)
    assert (frame.seq, frame.acked_event_seq) == (1, 1)
    assert frame.ops, "state B differs from state A"
    assert len(raw) <= LIMITS[name]
    if name in FRAME_SHA256:
        assert hashlib.sha256(raw).hexdigest() == FRAME_SHA256[name]
        assert [op[:2] for op in frame.ops] == [(Op.ORDER, 14)]  # the tbody's rows, reordered
    else:
        assert raw.hex() == FRAME_HEX[name]


async def test_an_unknown_token_is_refused():
    page = await open_page(Client(), EVENTS["S2b"].path)
    await page.send_frame(["hello", "no-such-token", 0, EVENTS["S2b"].path, page.tab])
    frame = await page.receive_frame()
    assert frame[0] == "e" and "page token invalid" in frame[2]
    assert await page.receive_output(timeout=3) == {"type": "websocket.close", "code": Close.RELOAD}


async def test_a_valid_token_whose_state_is_gone_gets_one_replace_of_the_target():
    event = EVENTS["S2b"]
    client = Client()
    page = await open_page(client, event.path)
    session_key = client.cookies["sessionid"].value  # the session the GET started
    page_store().discard(read_token(page.token, session_key, AnonymousUser()).key)
    await page.send_frame(["hello", page.token, 0, event.path, page.tab])
    frame = decode_frame(await page.receive_from(timeout=5))
    assert await page.receive_frame() == ["c", 0, [["hypergen.reset"]]]
    assert await page.barrier() == []
    ((op, target, node),) = frame.ops
    assert (op, target) == (Op.REPLACE, 0) and int(Op.REPLACE) == 8
    assert node[:2] == ["div", ["id", "content"]]
    # content 0, form 1, input 2, ul 3, 100 todos × 8 ids, footer and its text
    assert frame.next_id == 4 + 8 * 100 + 2
    # the rebuilt page takes the scenario's event like a served one: the same frame, as seq 2
    await page.send_frame([1, HANDLER_IDS["S2b"], event.args])
    assert (await page.receive_from(timeout=5)).hex() == "9e0201" + FRAME_HEX["S2b"][6:]
    await page.disconnect()
