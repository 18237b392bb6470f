"""gcfreeze.py: one collect-then-freeze per process, at the first websocket connection, and only
with ``HYPERGEN_GC_FREEZE`` on."""

from __future__ import annotations

import gc

import pytest
from django.test import Client

from hypergen_vdom import gcfreeze, websocket
from hypergen_vdom.gcfreeze import FreezeOnce
from hypergen_vdom.testing.communicator import HypergenCommunicator

from . import support_views


@pytest.fixture
def gc_calls(monkeypatch):
    """What the freezer asked of the collector, in order (nothing is really frozen)."""
    calls: list[str] = []
    monkeypatch.setattr(gcfreeze.gc, "collect", lambda *args: calls.append("collect") or 0)
    monkeypatch.setattr(gcfreeze.gc, "freeze", lambda: calls.append("freeze"))
    return calls


def test_it_collects_then_freezes_once(gc_calls):
    freeze = FreezeOnce()
    assert [freeze(), freeze(), freeze()] == [True, False, False]
    assert gc_calls == ["collect", "freeze"]


def test_it_honours_the_setting(settings, gc_calls):
    freeze = FreezeOnce()
    settings.HYPERGEN_GC_FREEZE = False
    assert [freeze(), freeze()] == [False, False]
    assert gc_calls == [] and not freeze.done
    settings.HYPERGEN_GC_FREEZE = True  # turned on later: the next connection freezes, once
    assert [freeze(), freeze()] == [True, False]
    assert gc_calls == ["collect", "freeze"]


def test_a_real_freeze_moves_the_survivors_out_of_the_collectors_reach():
    gc.unfreeze()
    kept = [[n] for n in range(1000)]  # tracked containers alive across the freeze
    try:
        assert FreezeOnce()() is True
        assert gc.get_freeze_count() >= len(kept)
        walked = {id(obj) for generation in range(3) for obj in gc.get_objects(generation=generation)}
        assert id(kept) not in walked and id(kept[0]) not in walked
    finally:
        gc.unfreeze()
    assert id(kept) in {id(obj) for obj in gc.get_objects(generation=2)}  # back where collections look


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.support_root_urls")
async def test_the_first_websocket_connection_freezes_and_later_ones_do_not(monkeypatch, gc_calls):
    monkeypatch.setattr(websocket, "freeze_after_startup", FreezeOnce())
    first = await HypergenCommunicator.open(Client(), "/workbench/")
    assert gc_calls == ["collect", "freeze"]  # before the hello was answered
    # hostile: a second connection that sends garbage instead of a hello, and a third normal one
    rude = HypergenCommunicator(first.cookies, None)
    assert (await rude.connect())[0]
    await rude.send_to(bytes_data=b"\xc1 not msgpack")
    assert (await rude.receive_frame())[0] == "e"
    second = await HypergenCommunicator.open(Client(), "/workbench/")
    answer = await second.call(support_views.add_item, "a")
    assert answer == ["c", 1, [["hypergen.morph", "content", "<p>a</p>"]]]
    assert gc_calls == ["collect", "freeze"]
    for page in (first, rude, second):
        await page.disconnect()
