"""gcsetup.py: the collector set up once per process, at the first websocket connection, as
``HYPERGEN_GC_FREEZE`` and ``HYPERGEN_GC_THRESHOLD`` say."""

from __future__ import annotations

import gc

import pytest
from django.test import Client

from hypergen_vdom import gcsetup, websocket
from hypergen_vdom.gcsetup import GcSetup
from hypergen_vdom.testing.communicator import HypergenCommunicator

from . import support_views


@pytest.fixture
def gc_calls(monkeypatch):
    """What the set-up asked of the collector, in order (nothing is really frozen or changed)."""
    calls: list[object] = []
    monkeypatch.setattr(gcsetup.gc, "collect", lambda *args: calls.append("collect") or 0)
    monkeypatch.setattr(gcsetup.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gcsetup.gc, "set_threshold", lambda *args: calls.append(args))
    return calls


def test_by_default_it_raises_the_threshold_then_collects_and_freezes_once(gc_calls):
    setup = GcSetup()
    assert [setup(), setup(), setup()] == [True, False, False]
    assert gc_calls == [(50_000, 10, 10), "collect", "freeze"]


def test_it_honours_the_settings(settings, gc_calls):
    settings.HYPERGEN_GC_FREEZE = False
    settings.HYPERGEN_GC_THRESHOLD = None
    setup = GcSetup()
    assert [setup(), setup()] == [True, False]
    assert gc_calls == []  # Python's own collector, untouched
    settings.HYPERGEN_GC_THRESHOLD = (2000, 5, 5)
    assert [GcSetup()(), gc_calls] == [True, [(2000, 5, 5)]]
    gc_calls.clear()
    settings.HYPERGEN_GC_FREEZE = True
    settings.HYPERGEN_GC_THRESHOLD = None
    assert [GcSetup()(), gc_calls] == [True, ["collect", "freeze"]]


def test_a_real_set_up_freezes_the_survivors_and_sets_the_threshold(settings):
    settings.HYPERGEN_GC_THRESHOLD = (1234, 7, 8)
    before = gc.get_threshold()
    gc.unfreeze()
    kept = [[n] for n in range(1000)]  # tracked containers alive across the freeze
    try:
        assert GcSetup()() is True
        assert gc.get_threshold() == (1234, 7, 8)
        assert gc.get_freeze_count() >= len(kept)
        walked = {id(obj) for generation in range(3) for obj in gc.get_objects(generation=generation)}
        assert id(kept) not in walked and id(kept[0]) not in walked
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    assert id(kept) in {id(obj) for obj in gc.get_objects(generation=2)}  # back where collections look


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.support_root_urls")
async def test_the_first_websocket_connection_sets_it_up_and_later_ones_do_not(monkeypatch, gc_calls):
    monkeypatch.setattr(websocket, "setup_gc", GcSetup())
    first = await HypergenCommunicator.open(Client(), "/workbench/")
    assert gc_calls == [(50_000, 10, 10), "collect", "freeze"]  # before the hello was answered
    # hostile: a second connection that sends garbage instead of a hello, and a third normal one
    rude = HypergenCommunicator(first.cookies, None)
    assert (await rude.connect())[0]
    await rude.send_to(bytes_data=b"\xc1 not msgpack")
    assert (await rude.receive_frame())[0] == "e"
    second = await HypergenCommunicator.open(Client(), "/workbench/")
    answer = await second.call(support_views.add_item, "a")
    assert answer == ["c", 1, [["hypergen.morph", "content", "<p>a</p>"]]]
    assert gc_calls == [(50_000, 10, 10), "collect", "freeze"]
    for page in (first, rude, second):
        await page.disconnect()
