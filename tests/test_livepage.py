"""``LivePage`` through the real consumer: ``async def`` handlers on the event loop (state, render,
diff frame, exceptions, permissions, the snapshot), and the ``@memo`` cache a diff-mode page keeps
per connection, filled by its HTTP render.

Every page is opened as a browser opens it (``HypergenCommunicator``): a GET through Django, then
the websocket with that client's session cookie and a hello naming the page's signed token.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    autourls,
    button,
    callback,
    command,
    consumer,
    input_,
    li,
    liveview,
    p,
    ul,
)
from hypergen_vdom import livepage as livepage_module
from hypergen_vdom.memo import memo
from hypergen_vdom.store import page_store
from hypergen_vdom.testing.communicator import HypergenCommunicator
from hypergen_vdom.tokens import read_token
from hypergen_vdom.wire import Op, Tag, decode_frame

from .support_views import base_template

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.test_livepage"),
]

threads: dict[str, str] = {}  # handler → the name of the thread it ran in


def counter(n: int) -> None:
    box = input_(id="n", value=n, disabled=True)
    button("+1", onclick=callback(async_increment, box))
    p(f"count {n}")


@liveview(
    perm=NO_PERM_REQUIRED,
    base_template=base_template,
    diff=True,
    consumers=[],
)
def async_page(request: Any) -> None:
    counter(1)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, path="async_classic/")
def async_classic(request: Any) -> None:
    counter(1)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
async def async_increment(consumer: Any, request: Any, n: int) -> None:
    threads["async_increment"] = threading.current_thread().name
    await asyncio.sleep(0)  # a real await inside the render
    consumer.total = getattr(consumer, "total", 0) + 1
    counter(n + 1)
    if n + 1 == 3:
        command("console.log", "three")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
async def async_users(consumer: Any, request: Any) -> None:
    # The ORM from async code: through sync_to_async, as Django requires.
    count = await sync_to_async(User.objects.count)()
    p(f"{count} users")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
async def async_boom(consumer: Any, request: Any) -> None:
    consumer.before_boom = True
    p("half")
    raise ValueError("boom")


@consumer(perm="auth.view_user", base_template=base_template)
async def async_secret(consumer: Any, request: Any) -> None:
    p("secret")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template, base_view=async_page)
async def async_base_view(consumer: Any, request: Any) -> None:
    consumer.seen = True  # the page's own template renders the target afterwards


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def sync_increment(consumer: Any, request: Any, n: int) -> None:
    threads["sync_increment"] = threading.current_thread().name
    counter(n + 1)


in_flight: dict[str, Any] = {}  # what sync_in_flight saw while it ran


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def sync_in_flight(consumer: Any, request: Any, n: int) -> None:
    in_flight["seq"] = page_store().event_in_flight(consumer._hv_page.claims.key)
    in_flight["thread"] = threading.current_thread().name
    counter(n)


@liveview(
    perm=NO_PERM_REQUIRED,
    base_template=base_template,
    diff=True,
    path="async_all/",
    consumers=[async_users, async_boom, async_secret, async_base_view, sync_increment, sync_in_flight],
)
def async_all(request: Any) -> None:
    counter(1)


# -- memoized rows -----------------------------------------------------------------------------

rendered_rows: list[int] = []


@memo
def memo_row(item_id: int, done: bool) -> None:
    rendered_rows.append(item_id)
    li(f"item {item_id}", class_="done" if done else None, key=item_id,
       onclick=callback(memo_toggle, item_id))  # fmt: skip


def memo_list(done: frozenset[int]) -> None:
    with ul(id="rows"):
        for item_id in range(20):
            memo_row(item_id, item_id in done)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True, path="memo_page/")
def memo_page(request: Any) -> None:
    memo_list(frozenset())


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def memo_toggle(consumer: Any, request: Any, item_id: int) -> None:
    consumer.done = getattr(consumer, "done", frozenset()) ^ {item_id}
    memo_list(consumer.done)


urlpatterns = autourls(sys.modules[__name__], namespace="livepage")
app_name = "livepage"


def stored(page: HypergenCommunicator, client: Client) -> Any:
    key = read_token(page.token, client.cookies["sessionid"].value, AnonymousUser()).key
    return page_store().get(key)


async def answer(page: HypergenCommunicator, handler: Any, *args: Any) -> Any:
    """Send an event; the diff frame that answers it, decoded."""
    await page.event(handler, *args)
    return decode_frame(await page.receive_from(timeout=5))


async def open_page(path: str, client: Client | None = None) -> tuple[HypergenCommunicator, Client]:
    client = client or Client()
    return await HypergenCommunicator.open(client, path), client


# -- async def handlers ----------------------------------------------------------------------


async def test_an_async_handler_runs_on_the_event_loop_and_answers_one_diff_frame():
    page, client = await open_page("/async_page/")
    frame = await answer(page, async_increment, 1)
    assert frame.acked_event_seq == 1
    assert frame.ops == [(Op.SET_PROP, 1, "value", "2"), (Op.SET_TEXT, 5, "count 2")]
    assert not threads["async_increment"].startswith("hypergen")  # no worker thread
    state = await sync_to_async(stored)(page, client)
    assert state.last_event_seq == 1 and state.session.seq == 1
    assert state.app_state and b"total" in state.app_state  # app state saved with the snapshot
    await page.disconnect()


async def test_async_handler_state_lasts_across_events_and_reconnects_and_commands_follow():
    page, _ = await open_page("/async_page/")
    await page.call(async_increment, 1)
    frame = await answer(page, async_increment, 2)
    assert frame.ops[-1][-1] == "count 3"
    assert await page.receive_frame() == [Tag.COMMANDS, 2, [["console.log", "three"]]]
    await page.disconnect()
    again = await page.reconnect(last_seq=2)
    assert await again.barrier() == []  # resumed with no payload
    frame = await answer(again, async_increment, 3)
    assert frame.ops[-1][-1] == "count 4"
    await again.disconnect()


async def test_an_async_handler_on_a_classic_page_morphs():
    page, _ = await open_page("/async_classic/")
    answer = await page.call(async_increment, 5)
    assert answer[0] == Tag.COMMANDS and answer[2][0][:2] == ["hypergen.morph", "content"]
    assert "count 6" in answer[2][0][2]
    await page.disconnect()


async def test_an_exception_in_an_async_handler_is_an_error_frame_and_the_connection_lives(caplog):
    page, client = await open_page("/async_all/")
    assert await page.call(async_boom) == [Tag.ERROR, 1, "error in async_boom"]
    assert "hypergen consumer tests.test_livepage.async_boom failed" in caplog.text
    assert "ValueError: boom" in caplog.text
    state = await sync_to_async(stored)(page, client)
    assert state.last_event_seq == 1  # recorded: never run twice
    assert state.session.seq == 0  # no frame came from the half render
    frame = await answer(page, sync_increment, 1)
    assert frame.ops[-1][-1] == "count 2"
    await page.disconnect()


async def test_an_async_handlers_permission_and_arguments_are_checked():
    page, _ = await open_page("/async_all/")
    assert await page.call(async_secret) == [Tag.ERROR, 1, "Permission denied for async_secret"]
    error = await page.call(async_increment, "x")
    assert error[0] == Tag.ERROR and "async_increment() argument 'n' must be int" in error[2]
    await page.disconnect()


async def test_an_async_handler_with_named_permissions_for_a_user_who_has_them():
    user = await sync_to_async(User.objects.create_superuser)("root", password="pw")
    client = Client()
    await sync_to_async(client.force_login)(user)
    page, _ = await open_page("/async_all/", client)
    frame = await answer(page, async_secret)
    assert "'secret'" in repr(frame.ops)
    await page.disconnect()


async def test_an_async_handler_can_use_the_orm_through_sync_to_async_and_base_view_renders():
    page, _ = await open_page("/async_all/")
    frame = await answer(page, async_users)
    assert "'0 users'" in repr(frame.ops)
    await page.call(sync_increment, 1)
    frame = await answer(page, async_base_view)
    assert frame.ops[-1][-1] == "count 1"  # the page's template, rendered in a worker thread
    await page.disconnect()


async def test_a_big_page_finishes_an_async_event_in_a_worker_thread(monkeypatch):
    finished_in = []
    real = livepage_module.LivePage._finish

    def spy(self: Any, *args: Any) -> Any:
        finished_in.append(threading.current_thread().name)
        return real(self, *args)

    monkeypatch.setattr(livepage_module.LivePage, "_finish", spy)
    page, _ = await open_page("/async_page/")
    await page.call(async_increment, 1)
    monkeypatch.setattr(livepage_module, "ASYNC_INLINE_NODES", 3)  # this page now counts as big
    frame = await answer(page, async_increment, 2)
    assert frame.ops[-1][-1] == "count 3"
    assert not finished_in[0].startswith("hypergen") and finished_in[1].startswith("hypergen")
    await page.disconnect()


async def test_sync_handlers_keep_their_worker_thread():
    page, _ = await open_page("/async_all/")
    await page.call(sync_increment, 1)
    assert threads["sync_increment"].startswith("hypergen")
    await page.disconnect()


# -- the memo cache of a connection ------------------------------------------------------------


async def test_the_first_event_reuses_the_rows_of_the_http_render():
    rendered_rows.clear()
    page, client = await open_page("/memo_page/")
    assert rendered_rows == list(range(20))
    assert len((await sync_to_async(stored)(page, client)).session.memo) == 20
    rendered_rows.clear()
    frame = await answer(page, memo_toggle, 7)
    assert rendered_rows == [7]  # the other 19 rows were the HTTP render's own objects
    assert frame.ops == [(Op.SET_ATTR, 2 + 2 * 7, "class", "done")]
    rendered_rows.clear()
    frame = await answer(page, memo_toggle, 7)
    assert rendered_rows == [7] and frame.ops == [(Op.DEL_ATTR, 2 + 2 * 7, "class")]
    state = await sync_to_async(stored)(page, client)
    assert len(state.session.memo) == 20  # bounded by the page: the rows of the last render
    await page.disconnect()


async def test_after_a_reconnect_to_a_pickled_snapshot_the_first_render_just_misses(settings):
    settings.HYPERGEN_PAGE_STORE = "hypergen_vdom.store.CachePageStore"
    page, _ = await open_page("/memo_page/")
    await page.disconnect()
    rendered_rows.clear()
    again = await page.reconnect()
    assert await again.barrier() == []
    frame = await answer(again, memo_toggle, 3)
    assert sorted(rendered_rows) == list(range(20))  # nothing reused: the cache was not pickled
    assert frame.ops == [(Op.SET_ATTR, 2 + 2 * 3, "class", "done")]
    rendered_rows.clear()
    await again.call(memo_toggle, 4)
    assert rendered_rows == [4]  # and the next event reuses again
    await again.disconnect()


@pytest.mark.parametrize("store", ["MemoryPageStore", "CachePageStore"])
async def test_a_sync_handler_runs_marked_in_flight_in_its_one_worker_hop(settings, monkeypatch, store):
    # The store's in-flight mark (a reconnect of the tab waits for the event instead of running
    # it again) is set in the same worker-thread hop as the run, and cleared after it: with a
    # shared store (a cache, Redis) the marks are round trips that used to take two hops more.
    from hypergen_vdom import websocket

    settings.HYPERGEN_PAGE_STORE = f"hypergen_vdom.store.{store}"
    page, client = await open_page("/async_all/")
    hops: list[str] = []
    real_in_worker = websocket.in_worker

    async def counted(func: Any, *args: Any) -> Any:
        hops.append(getattr(func, "__name__", repr(func)))
        return await real_in_worker(func, *args)

    monkeypatch.setattr(websocket, "in_worker", counted)
    frame = await answer(page, sync_in_flight, 5)
    assert frame.acked_event_seq == 1
    assert in_flight["seq"] == 1 and in_flight["thread"].startswith("hypergen")
    assert hops == ["run_event"]

    def key() -> str:
        return read_token(page.token, client.cookies["sessionid"].value, AnonymousUser()).key

    assert page_store().event_in_flight(await sync_to_async(key)()) == 0
    await page.disconnect()
