"""The page websocket over Channels' test communicator: the access decision, bounded resources,
robust decoding, state across reconnects, exactly-once events, no head-of-line blocking.

Every page is opened as a browser would: a GET through Django (middleware and decorators run and
the page gets its signed token), then the websocket with that client's session cookie.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import msgpack
import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from django.test import Client

from hypergen_vdom.groups import agroup_send
from hypergen_vdom.store import page_store
from hypergen_vdom.testing.communicator import HypergenCommunicator, client_script_data, cookie_header
from hypergen_vdom.tokens import read_token
from hypergen_vdom.wire import Close

from . import support_views

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.support_root_urls"),
]


async def workbench(client=None):
    return await HypergenCommunicator.open(client or Client(), "/workbench/")


async def closed_with(page, code):
    output = await page.receive_output(timeout=3)
    while output["type"] == "websocket.send":
        output = await page.receive_output(timeout=3)
    assert output == {"type": "websocket.close", "code": code}


def content(frame):
    """The HTML a classic answer morphs into the target."""
    assert frame[0] == "c", frame
    return frame[2][0][2]


async def logged_in_client(username="ann", password="pw"):
    user = await sync_to_async(User.objects.create_user)(username, password=password)
    client = Client()
    await sync_to_async(client.force_login)(user)
    return client, user


# --- basics ---------------------------------------------------------------------------------


async def test_invoking_a_bound_handler_morphs_its_target():
    page = await workbench()
    answer = await page.call(support_views.add_item, "a")
    assert answer == ["c", 1, [["hypergen.morph", "content", "<p>a</p>"]]]
    await page.disconnect()


async def test_state_on_the_consumer_lasts_and_is_shared_by_handlers():
    page = await workbench()
    await page.call(support_views.add_item, "a")
    assert content(await page.call(support_views.add_item, "b")) == "<p>a, b</p>"
    assert content(await page.call(support_views.clear_items)) == "<p>cleared</p>"
    assert content(await page.call(support_views.add_item, "c")) == "<p>c</p>"
    other = await workbench()  # another page has its own state
    assert content(await other.call(support_views.add_item, "z")) == "<p>z</p>"
    await page.disconnect()
    await other.disconnect()


async def test_request_is_the_pages_request():
    page = await HypergenCommunicator.open(Client(), "/workbench/?q=hello")
    assert content(await page.call(support_views.where_am_i)) == "<p>/workbench/ hello</p>"
    await page.disconnect()


async def test_ping_pong():
    page = await workbench()
    assert await page.barrier() == []
    await page.disconnect()


async def test_permission_is_checked_on_every_invocation():
    page = await workbench()
    assert await page.call(support_views.secret_handler) == ["e", 1, "Permission denied for secret_handler"]
    await page.disconnect()


# --- 1. one access decision, made by Django's HTTP stack --------------------------------------


async def test_an_anonymous_forged_hello_for_a_login_required_page_receives_nothing_of_it():
    response = await sync_to_async(Client().get)("/members_only/")
    assert response.status_code == 302  # @login_required said no over HTTP
    page = HypergenCommunicator()
    await page.connect()
    await page.send_frame(["hello", "made-up-token", 0, "/members_only/"])
    frame = await page.receive_frame()
    assert frame[0] == "e" and "page token invalid" in frame[2]
    await closed_with(page, Close.RELOAD)
    assert b"members-only" not in msgpack.packb(frame)


async def test_a_real_token_of_a_logged_in_user_opens_nothing_for_another_session():
    client, _ = await logged_in_client()
    member = await HypergenCommunicator.open(client, "/members_only/")
    assert "members-only content" in member.page_html
    thief = HypergenCommunicator()  # anonymous, no cookies, holding the stolen token
    await thief.connect()
    await thief.send_frame(["hello", member.token, 0, "/members_only/"])
    assert "another session" in (await thief.receive_frame())[2]
    await closed_with(thief, Close.RELOAD)
    await member.disconnect()


async def test_an_anonymous_token_is_bound_to_its_session():
    victim = await workbench()
    other_session = await workbench()  # a different anonymous session with a cookie of its own
    intruder = HypergenCommunicator(cookie_header(Client()))
    await intruder.connect()
    await intruder.send_frame(["hello", victim.token, 0, "/workbench/"])
    assert "another session" in (await intruder.receive_frame())[2]
    assert victim.token != other_session.token
    for page in (victim, other_session):
        await page.disconnect()


async def test_tokens_expire(settings):
    page = await workbench()
    settings.HYPERGEN_PAGE_TTL = -1
    second = HypergenCommunicator(page.cookies)
    await second.connect()
    await second.send_frame(["hello", page.token, 0, "/"])
    assert "expired" in (await second.receive_frame())[2]
    await page.disconnect()


async def test_a_public_pages_socket_cannot_run_another_pages_handler():
    page = await HypergenCommunicator.open(Client(), "/ws_page/")
    frame = await page.call(support_views.reveal_secret)
    assert frame[0] == "e" and "not bound on this page" in frame[2]
    assert content(await page.call(support_views.ws_handler, "mine")) == "<p>mine</p>"
    await page.disconnect()


async def test_no_handler_runs_before_hello():
    page = await HypergenCommunicator.open(Client(), "/workbench/", hello=False)
    frame = await page.call(support_views.add_item, "early")
    assert frame[0] == "e" and "say hello first" in frame[2]
    await page.disconnect()


async def test_handlers_a_consumer_renders_become_invokable():
    page = await HypergenCommunicator.open(Client(), "/room_page/")
    assert content(await page.call(support_views.announce, "hi")) == "<p>hi</p>"
    await page.disconnect()


async def test_logout_closes_the_users_open_pages():
    client, _ = await logged_in_client()
    page = await HypergenCommunicator.open(client, "/members_only/")
    await sync_to_async(client.logout)()
    await closed_with(page, Close.DEAUTHORISED)


async def test_a_password_change_closes_the_users_other_sessions():
    client, user = await logged_in_client()
    page = await HypergenCommunicator.open(client, "/login_only/")

    def change_password():
        user.set_password("new")
        user.save()

    await sync_to_async(change_password)()
    await closed_with(page, Close.DEAUTHORISED)


async def test_login_required_is_checked_over_http_and_on_every_call():
    assert (await sync_to_async(Client().get)("/login_only/")).status_code == 302
    client, _ = await logged_in_client("bob")
    page = await HypergenCommunicator.open(client, "/login_only/")
    assert content(await page.call(support_views.logged_in_handler)) == "<p>hello bob</p>"
    await page.disconnect()


async def test_a_valid_token_whose_state_is_gone_is_rebuilt_for_the_same_user_only():
    client, user = await logged_in_client()
    page = await HypergenCommunicator.open(client, "/members_only/")
    await page.disconnect()
    session_key = client.session.session_key
    page_store().discard(read_token(page.token, session_key, user).key)
    again = HypergenCommunicator(cookie_header(client))
    await again.connect()
    await again.send_frame(["hello", page.token, 0, "/"])
    replace, reset = await again.receive_frame(), await again.receive_frame()
    assert replace[3] == 8 and "members-only content" in str(replace)  # REPLACE of the target, id 0
    assert reset == ["c", 0, [["hypergen.reset"]]]
    await again.disconnect()


# --- 2. bounded resources ---------------------------------------------------------------------


async def test_the_in_process_store_stays_within_its_byte_budget(settings):
    import gc
    import tracemalloc

    settings.HYPERGEN_MEMORY_STORE_MAX_BYTES = 2_000_000
    settings.HYPERGEN_UNCONNECTED_MAX_BYTES = 1_000_000
    store = page_store()
    user = await HypergenCommunicator.open(Client(), "/diff_list/")  # a connected user's page

    def many_anonymous_gets():
        for _ in range(2000):
            assert Client().get("/diff_list/").status_code == 200

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    await sync_to_async(many_anonymous_gets)()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert store.total_bytes <= 2_000_000 and store.unconnected_bytes <= 1_000_000
    # the flood churned only pages nobody connected to: the user's page goes on without a payload
    frame = await user.call(support_views.add_to_diff_list, "still here")
    assert isinstance(frame[0], int) and frame[0] == 1
    await user.disconnect()
    # What the store counts is close to what it holds: all 2 000 pages would be far more.
    assert grown < 6_000_000, grown


async def test_a_hello_must_come_in_time(settings):
    settings.HYPERGEN_HELLO_TIMEOUT = 0.1
    page = await HypergenCommunicator.open(Client(), "/workbench/", hello=False)
    await closed_with(page, Close.NO_HELLO)


async def test_oversized_tokens_are_refused():
    page = await HypergenCommunicator.open(Client(), "/workbench/", hello=False)
    await page.send_frame(["hello", "x" * 5000, 0, "/"])
    assert "too long" in (await page.receive_frame())[2]
    await closed_with(page, Close.RELOAD)


async def test_an_oversized_event_is_refused_visibly_and_the_connection_stays(settings, caplog):
    page = await workbench()
    settings.HYPERGEN_MAX_MESSAGE_BYTES = 100
    await page.event(support_views.add_item, "x" * 200)
    assert await page.receive_frame() == ["e", 1, "event of 212 bytes is over the limit"]
    assert "over HYPERGEN_MAX_MESSAGE_BYTES" in caplog.text
    assert content(await page.call(support_views.add_item, "ok")) == "<p>ok</p>"
    await page.disconnect()


async def test_any_other_oversized_frame_closes_with_a_clear_code(settings, caplog):
    page = await workbench()
    settings.HYPERGEN_MAX_MESSAGE_BYTES = 100
    await page.send_frame(["resync", "x" * 200])
    await closed_with(page, Close.TOO_BIG)
    assert Close.TOO_BIG == 4009 and "over HYPERGEN_MAX_MESSAGE_BYTES" in caplog.text


async def test_event_floods_are_answered_with_an_error(settings):
    settings.HYPERGEN_FRAMES_PER_SECOND = 5  # burst 10
    page = await workbench()
    for _ in range(30):
        await page.event(support_views.add_item, "x")
    answers = [await page.receive_frame() for _ in range(30)]
    refused = [a for a in answers if a[0] == "e"]
    assert len(refused) >= 15 and all("too many frames" in a[2] for a in refused)
    assert sorted(a[1] for a in answers) == list(range(1, 31))  # every event answered once
    await page.disconnect()


async def test_resyncs_are_rate_limited():
    page = await HypergenCommunicator.open(Client(), "/diff_page/")
    answers = []
    for _ in range(6):
        await page.send_frame(["resync"])
        answers.append(await page.receive_frame())
    assert [type(a[0]) for a in answers[:4]] == [int] * 4  # four REPLACEs (the hello took one token)
    assert answers[5][0] == "e" and "too many hellos and resyncs" in answers[5][2]
    await page.disconnect()


async def test_one_session_can_hold_only_so_many_sockets(settings):
    settings.HYPERGEN_MAX_CONNECTIONS_PER_SESSION = 2
    client = Client()
    first, second = await workbench(client), await workbench(client)
    third = await HypergenCommunicator.open(client, "/workbench/", hello=False)
    assert (await third.receive_frame())[2] == "too many open connections: close other tabs of this site"
    await closed_with(third, Close.TOO_MANY)
    other = await workbench()  # another session is not affected
    assert content(await other.call(support_views.add_item, "mine")) == "<p>mine</p>"
    await first.disconnect()  # a tab closes: its slot is free again
    fourth = await workbench(client)
    assert content(await fourth.call(support_views.add_item, "back")) == "<p>back</p>"
    assert content(await second.call(support_views.add_item, "still")) == "<p>still</p>"
    for page in (second, fourth, other):
        await page.disconnect()


async def test_one_address_can_hold_only_so_many_sockets_even_without_a_session(settings):
    settings.HYPERGEN_MAX_CONNECTIONS_PER_ADDRESS = 3

    async def from_address(ip):
        page = HypergenCommunicator()  # no cookie: no session at all
        page.scope["client"] = (ip, 40000)
        connected, _ = await page.connect()
        assert connected
        return page

    held = [await from_address("203.0.113.9") for _ in range(3)]
    refused = await from_address("203.0.113.9")
    assert "too many open connections" in (await refused.receive_frame())[2]
    await closed_with(refused, Close.TOO_MANY)
    elsewhere = await from_address("198.51.100.7")
    await elsewhere.send_frame(["ping"])
    assert await elsewhere.receive_frame() == ["pong"]
    for page in (*held, elsewhere):
        await page.disconnect()


async def test_a_client_that_does_not_read_is_closed(settings):
    settings.HYPERGEN_MAX_UNACKED_BYTES = 50_000
    page = await workbench()
    await page.call(support_views.big_output, 40_000)
    await page.send_frame(["ack", 10**9])  # acknowledges what it got (capped at what was sent)
    await page.call(support_views.big_output, 40_000)
    await page.call(support_views.big_output, 40_000)  # 80 000 unacknowledged now
    await page.event(support_views.big_output, 10)
    await closed_with(page, Close.NOT_READING)


# --- 3. robust decoding -----------------------------------------------------------------------

add_item_id = support_views.add_item.hypergen.handler_id


def _nested(depth):
    value = ["deep"]
    for _ in range(depth):
        value = [value]
    return value


NESTED_40 = _nested(40)
BAD_FRAMES = [
    (b"\xc1\xff garbage", "malformed frame"),
    (msgpack.packb({"a": 1}), "non-empty msgpack array"),
    (msgpack.packb([]), "non-empty msgpack array"),
    (msgpack.packb(["bogus"]), "unknown frame type 'bogus'"),
    (msgpack.packb([3, "nope!!", []]), "handler 'nope!!' is not bound"),
    (msgpack.packb([3, add_item_id]), "[seq > 0, handler_id, args]"),
    (msgpack.packb([-3, add_item_id, []]), "[seq > 0, handler_id, args]"),
    (msgpack.packb([3, add_item_id, []]), "add_item() got 0 argument"),
    (msgpack.packb([3, add_item_id, [1]]), "'item' must be str, got int"),
    (msgpack.packb([3, add_item_id, "x"]), "arguments must be a list"),
    (msgpack.packb([3, add_item_id, [{"$v": "x", "as": "int"}]]), "'x' is not a valid int"),
    (msgpack.packb([3, add_item_id, [{"$v": 1, "as": ["int"]}]]), "coercion"),
    (msgpack.packb([3, add_item_id, [{"$v": "[" * 100_000, "as": "json"}]]), "json"),
    (msgpack.packb([3, add_item_id, [NESTED_40]]), "nest"),
    (msgpack.packb([3, support_views.failing.hypergen.handler_id, []]), "error in failing"),
    (msgpack.packb(["hello", "again"]), "hello was already said"),
    (msgpack.packb(["resync"]), "resync needs a diff-mode page"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FRAMES)
async def test_bad_input_gets_an_error_frame_and_the_connection_stays_usable(data, message, caplog):
    page = await workbench()
    await page.call(support_views.add_item, "kept")
    await page.send_to(bytes_data=data)
    kind, _seq, text = await page.receive_frame()
    assert kind == "e" and message in text, text
    assert len(text) < 400
    page.seq = 3  # a client's seqs only grow
    # the connection and the state on the consumer survived
    assert content(await page.call(support_views.add_item, "more")) == "<p>kept, more</p>"
    await page.disconnect()


async def test_deeply_nested_msgpack_is_refused_cleanly():
    page = await workbench()
    nested: list = ["x"]
    for _ in range(500):  # msgpack's own packer stops at 512
        nested = [nested]
    await page.send_to(bytes_data=msgpack.packb([1, add_item_id, nested]))
    assert (await page.receive_frame())[0] == "e"
    assert content(await page.call(support_views.add_item, "ok")) == "<p>ok</p>"
    await page.disconnect()


async def test_log_lines_are_clipped_and_stay_on_one_line(caplog):
    page = await workbench()
    with caplog.at_level(logging.WARNING, logger="hypergen_vdom"):
        await page.send_frame([1, "evil\nFAKE LOG LINE " + "x" * 200_000, []])
        await page.receive_frame()
    lines = [r.getMessage() for r in caplog.records if r.name == "hypergen_vdom"]
    assert lines and all(len(line) < 600 and "\n" not in line for line in lines)
    await page.disconnect()


async def test_a_text_frame_is_refused():
    page = await workbench()
    await page.send_to(text_data="[1]")
    assert (await page.receive_frame())[2] == "hypergen_vdom speaks binary msgpack frames only"
    await page.disconnect()


# --- 4. diff state per connection: a duplicated tab ------------------------------------------


async def test_a_duplicated_tab_gets_a_token_of_its_own_and_both_stay_correct():
    client = Client()
    first = await HypergenCommunicator.open(client, "/diff_list/")
    assert isinstance((await first.call(support_views.add_to_diff_list, "a"))[0], int)
    second = HypergenCommunicator(cookie_header(client))
    await second.connect()
    await second.send_frame(["hello", first.token, 0, "/diff_list/"])
    token_frame, replace = await second.receive_frame(), await second.receive_frame()
    assert token_frame[0] == "t" and token_frame[1] != first.token
    assert replace[3] == 8  # REPLACE: this tab's DOM is the page as served, not the first tab's
    # each tab goes on from its own state
    assert "b" in str(await second.call(support_views.add_to_diff_list, "b"))
    frame = await first.call(support_views.add_to_diff_list, "c")
    assert frame[:2] == [2, 2] and "c" in str(frame) and "b" not in str(frame)
    for page in (first, second):
        await page.disconnect()


# --- 5. state survives reconnects -------------------------------------------------------------


async def test_consumer_state_survives_a_dropped_connection():
    page = await workbench()
    await page.call(support_views.add_item, "a")
    await page.disconnect()
    again = await page.reconnect()
    assert content(await again.call(support_views.add_item, "b")) == "<p>a, b</p>"
    await again.disconnect()


async def test_unpicklable_state_is_reported_and_the_page_starts_afresh(caplog):
    page = await workbench()
    await page.call(support_views.keep_unpicklable)
    assert "'lock' can't be kept across reconnects" in caplog.text
    await page.disconnect()
    again = await page.reconnect()
    morph, reset = (await again.receive_frame())[2]
    assert morph == ["hypergen.morph", "content", "<p>workbench</p>"] and reset == ["hypergen.reset"]
    assert content(await again.call(support_views.add_item, "x")) == "<p>x</p>"  # fresh state
    await again.disconnect()


# --- 6. exactly-once events ---------------------------------------------------------------------


async def test_an_event_in_flight_during_a_drop_is_applied_exactly_once():
    page = await workbench()
    await page.event(support_views.add_item, "a")
    await asyncio.sleep(0.2)  # applied on the server; the answer is lost with the connection
    await page.disconnect()
    again = await page.reconnect()
    await again.send_frame([1, add_item_id, ["a"]])  # the client re-sends what it saw no answer to
    assert await again.receive_frame() == ["c", 1, [["hypergen.morph", "content", "<p>a</p>"]]]
    assert content(await again.call(support_views.add_item, "b")) == "<p>a, b</p>"  # not "a, a, b"
    await again.send_frame([1, add_item_id, ["a"]])  # an older one again: acknowledged, not run
    assert await again.receive_frame() == ["c", 1, []]
    await again.disconnect()


async def test_a_reconnect_while_the_old_connection_still_runs_the_event_does_not_run_it_twice():
    support_views.release_slow.clear()
    support_views.slow_runs.clear()
    page = await workbench()
    await page.event(support_views.slow_handler)  # seq 1, blocks until released
    await asyncio.sleep(0.1)
    again = await page.reconnect()  # the same tab, while its old connection is still running seq 1
    await again.send_frame([1, support_views.slow_handler.hypergen.handler_id, []])  # the client re-sends it
    await asyncio.sleep(0.2)
    support_views.release_slow.set()  # now the first run finishes
    assert content(await again.receive_frame()) == "<p>released</p>"  # its answer, not a second run
    assert content(await page.receive_frame()) == "<p>released</p>"  # (the old connection's own)
    assert await again.barrier() == []
    assert len(support_views.slow_runs) == 1  # run once, not again for the re-sent event
    await page.disconnect()
    await again.disconnect()


async def test_a_lost_diff_answer_is_not_replayed_over_a_replace():
    client = Client()
    page = await HypergenCommunicator.open(client, "/diff_list/")
    await page.event(support_views.add_to_diff_list, "a")
    await asyncio.sleep(0.2)  # applied; the answer (a diff frame) is lost with the connection
    await page.disconnect()
    again = await page.reconnect(last_seq=0)  # the client never applied that frame
    replace = await again.receive_frame()
    assert replace[3] == 8 and "a" in str(replace)  # one REPLACE with the item
    await again.send_frame([1, support_views.add_to_diff_list.hypergen.handler_id, ["a"]])
    assert await again.receive_frame() == ["c", 1, []]  # acknowledged, no stale diff frame
    await again.disconnect()


# --- 7. no head-of-line blocking --------------------------------------------------------------


async def test_a_slow_handler_does_not_stall_another_tab():
    support_views.release_slow.clear()
    slow, fast = await workbench(), await workbench()
    await slow.event(support_views.slow_handler)
    await asyncio.sleep(0.1)
    assert content(await fast.call(support_views.release_handler)) == "<p>released the other tab</p>"
    assert content(await slow.receive_frame()) == "<p>released</p>"
    for page in (slow, fast):
        await page.disconnect()


# --- groups --------------------------------------------------------------------------------------


async def test_group_send_reaches_every_connection_of_the_group_and_no_other():
    client = Client()
    first = await HypergenCommunicator.open(client, "/room_page/")
    second = await HypergenCommunicator.open(Client(), "/room_page/")
    outsider = await workbench()
    await agroup_send("room", support_views.announce, "hello all")
    for page in (first, second):
        assert await page.receive_frame() == ["c", 0, [["hypergen.morph", "content", "<p>hello all</p>"]]]
    assert await outsider.receive_nothing(timeout=0.2)
    for page in (first, second, outsider):
        await page.disconnect()


async def test_a_half_open_leftover_reached_by_a_group_message_is_closed_once_superseded():
    page = await HypergenCommunicator.open(Client(), "/room_page/")
    again = await page.reconnect()  # the same tab; the old socket lingers, still in the group
    await again.barrier()
    await agroup_send("room", support_views.announce, "hello all")
    expected = ["c", 0, [["hypergen.morph", "content", "<p>hello all</p>"]]]
    assert await again.receive_frame() == expected
    await closed_with(page, Close.SUPERSEDED)  # it ran the handler once, found it lost the page
    await agroup_send("room", support_views.announce, "again")
    assert (await again.receive_frame())[2][0][2] == "<p>again</p>"  # the live one carries on
    await again.disconnect()


async def test_the_client_script_names_the_token():
    response = await sync_to_async(Client().get)("/room_page/")
    data = client_script_data(response.content.decode())
    assert data["ws"] == "/ws/hypergen/" and data["token"].count(":") == 2


# --- stale database connections ----------------------------------------------------------------


@pytest.mark.urls("tests.test_livepage")
async def test_stale_database_connections_are_closed_where_the_orm_runs_not_per_frame(monkeypatch):
    """Channels closes stale database connections before every message, in a thread hop of its own;
    the consumer does it where the ORM can run: around every worker-thread call (Channels'
    ``DatabaseSyncToAsync``, which closes before and after), and on the loop right before an
    ``async def`` handler."""
    import channels.consumer
    import channels.db

    from hypergen_vdom import websocket

    from .test_livepage import async_users, sync_increment

    on_loop: list[str] = []
    hops: list[str] = []  # worker-thread calls that close stale connections around them
    real_hop = channels.db.DatabaseSyncToAsync.thread_handler

    async def loop_close(where: str) -> None:
        on_loop.append(where)

    def hop(self: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(threading.current_thread().name)
        return real_hop(self, *args, **kwargs)

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", lambda: loop_close("channels"))
    monkeypatch.setattr(websocket, "aclose_old_connections", lambda: loop_close("async handler"))
    monkeypatch.setattr(channels.db.DatabaseSyncToAsync, "thread_handler", hop)
    page = await HypergenCommunicator.open(Client(), "/async_all/")
    assert await page.barrier() == []  # the hello was handled
    assert on_loop == ["channels"]  # websocket.connect keeps Channels' own close
    # Channels' AuthMiddleware reads the user in a hop of its own; the hello opens the page in ours
    assert sum(name.startswith("hypergen") for name in hops) == 1
    on_loop.clear(), hops.clear()
    for _ in range(3):
        assert await page.barrier() == []  # pings: no database, no hop
    await page.send_to(bytes_data=b"\x93\xff")  # hostile: garbage is answered, still no hop
    assert (await page.receive_frame())[0] == "e"
    assert (on_loop, hops) == ([], [])
    assert (await page.call(sync_increment, 1))[0] == 1  # a sync handler: in its one worker hop
    assert (on_loop, len(hops)) == ([], 1)
    hops.clear()
    frame = await page.call(async_users)  # the ORM through sync_to_async works after the close
    assert frame[0] == 2 and "0 users" in repr(frame)
    assert (on_loop, hops) == (["async handler"], [])
    await page.disconnect()
