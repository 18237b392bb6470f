"""Diff-mode partial loads (hypergen_vdom/partial.py, ``continue_diff``) through Django's test
client and the page websocket, on the sample site's ``/compat/dnav/`` pages: the answer is one diff
frame against the page the client shows, the new token continues that diff state, and anything
that doesn't fit — another session's token above all — gets the HTML, as before."""

from __future__ import annotations

import base64
import json
import logging

import msgpack
import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from hypergen_vdom.partial import base_key
from hypergen_vdom.spec import handler_id_of, spec_of
from hypergen_vdom.store import page_store
from hypergen_vdom.testing.communicator import HypergenCommunicator, client_script_data, cookie_header
from hypergen_vdom.tokens import read_token
from hypergen_vdom.wire import Op, decode_frame
from sample_site.demos import compat_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sample_site.urls")]

KEY = base_key(spec_of(compat_client.dnav_one).options)  # type: ignore[union-attr]


def full_get(client, url):
    """A full page load: the client script's data (token, next-id …)."""
    response = client.get(url)
    assert response.status_code == 200
    return client_script_data(response.content.decode())


def partial_get(client, url, token=None, seq="0"):
    headers = {"HTTP_X_HYPERGEN_PARTIAL": "1", "HTTP_X_HYPERGEN_BASE": KEY}
    if token is not None:
        headers.update(HTTP_X_HYPERGEN_TOKEN=token, HTTP_X_HYPERGEN_SEQ=seq)
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def patch_of(body):
    return base64.b64decode(body["patch"])


def stored(token, client):
    claims = read_token(token, client.session.session_key, AnonymousUser())
    return page_store().get(claims.key)


def test_a_partial_load_between_two_counter_pages_is_a_frame_of_three_ops(client):
    token = full_get(client, "/compat/dnav/one/")["token"]
    body = partial_get(client, "/compat/dnav/two/", token)
    assert set(body) == {"target", "patch", "title", "data", "commands"}  # no "html"
    frame = patch_of(body)
    handler = handler_id_of(compat_client.dnav_increment)
    binding = f'["{handler}",["two",{{"$el":"count","as":"int"}}]]'
    assert decode_frame(frame) == (1, 0, 6, [
        (Op.SET_TEXT, 2, "diff page two"),
        (Op.SET_PROP, 3, "value", "20"),
        (Op.SET_ATTR, 4, "hv-click", binding),
    ])
    assert len(frame) == 89
    html = partial_get(client, "/compat/dnav/two/")["html"]  # what the same load was without a token
    assert len(html.encode()) == 153
    assert body["data"]["next-id"] == "6"  # the client's counter after the frame: the ids continue


def test_between_two_record_pages_the_frame_is_a_small_part_of_the_targets_html(client):
    # real-page markup: an unkeyed form whose labels have no ids, a <select>, a <textarea>, and an
    # error paragraph only odd items have
    token = full_get(client, "/compat/dnav/item/1/")["token"]
    body = partial_get(client, "/compat/dnav/item/2/", token)
    frame = decode_frame(patch_of(body))
    ops = [op[0] for op in frame.ops]
    assert ops.count(Op.REMOVE) == 1  # the conditional error, and nothing else left or came
    assert Op.INSERT not in ops and Op.REPLACE not in ops
    html = partial_get(client, "/compat/dnav/item/2/")["html"]
    assert (len(patch_of(body)), len(html.encode())) == (FRAME_1_2, HTML_2)
    # and on to item 3: the error comes back as one INSERT, continuing from the frame before
    body3 = partial_get(client, "/compat/dnav/item/3/", body["data"]["token"], seq="1")
    frame3 = decode_frame(patch_of(body3))
    assert frame3.seq == 2 and [op[0] for op in frame3.ops].count(Op.INSERT) == 1

    assert frame3.seq == 2 and [op[0] for op in frame3.ops].count(Op.INSERT) == 1


FRAME_1_2 = 156  # 8 ops: heading, name, a splice of the notes, two options, the binding, the error, next
HTML_2 = 597


def test_history_goes_back_the_same_way(client):
    token = full_get(client, "/compat/dnav/one/")["token"]
    two = partial_get(client, "/compat/dnav/two/", token)
    back = partial_get(client, "/compat/dnav/one/", two["data"]["token"], seq="1")
    frame = decode_frame(patch_of(back))
    assert (frame.seq, frame.next_id) == (2, 6)
    assert [op[:3] for op in frame.ops] == [
        (Op.SET_TEXT, 2, "diff page one"),
        (Op.SET_PROP, 3, "value"),
        (Op.SET_ATTR, 4, "hv-click"),
    ]


def test_the_new_token_names_a_state_that_continues_the_diff(client):
    token = full_get(client, "/compat/dnav/one/")["token"]
    body = partial_get(client, "/compat/dnav/two/", token)
    old, new = stored(token, client), stored(body["data"]["token"], client)
    assert old is not None and new is not None and old.session and new.session
    assert (old.session.seq, new.session.seq, new.session.next_id) == (0, 1, 6)
    claims = read_token(body["data"]["token"], client.session.session_key, AnonymousUser())
    assert claims.path == "/compat/dnav/two/"


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_websocket_resumes_the_new_page_without_a_payload_and_answers_its_events():
    client = Client()
    data = await sync_to_async(full_get)(client, "/compat/dnav/one/")
    page = HypergenCommunicator(cookie_header(client))
    assert (await page.connect())[0]
    await page.hello(data["token"])
    increment = handler_id_of(compat_client.dnav_increment)
    answer = await page.call(increment, "one", {"$v": "1", "as": "int"})
    assert answer[:3] == [1, 1, 6]  # server frame 1, answering event 1
    body = await sync_to_async(partial_get)(client, "/compat/dnav/two/", data["token"], "1")
    assert decode_frame(patch_of(body)).seq == 2
    await page.disconnect()
    # what socket.page(token, seq) does: a new socket whose hello names the frame it applied
    again = HypergenCommunicator(cookie_header(client))
    again.seq, again.tab = page.seq, page.tab
    assert (await again.connect())[0]
    await again.send_frame(["hello", body["data"]["token"], 2, "/compat/dnav/two/", again.tab])
    assert await again.barrier() == []  # no REPLACE, no reset: the state was already there
    answer = await again.call(increment, "two", {"$v": "20", "as": "int"})
    assert decode_frame(bytes_of(answer)) == (3, 2, 6, [(Op.SET_PROP, 3, "value", "21")])
    await again.disconnect()


def bytes_of(frame):
    return msgpack.packb(frame)


# --- what does not fit gets the HTML --------------------------------------------------------


def test_another_sessions_token_gets_no_diff_of_that_page(client, caplog):
    victim = Client()
    victim_token = full_get(victim, "/compat/dnav/item/1/")["token"]
    before = stored(victim_token, victim)
    full_get(client, "/compat/dnav/one/")
    with caplog.at_level(logging.INFO, logger="hypergen_vdom"):
        body = partial_get(client, "/compat/dnav/item/2/", victim_token)
    assert "patch" not in body
    assert body["html"] == partial_get(client, "/compat/dnav/item/2/")["html"]  # nothing of the victim's
    assert "no diff, page token belongs to another session" in caplog.text
    after = stored(victim_token, victim)
    assert after is not None and after.session is not None
    assert before is not None and before.session is not None
    assert (after.session.seq, after.session.tree) == (0, before.session.tree)  # untouched


@pytest.mark.parametrize(
    ("token", "seq"),
    [
        ("forged", "0"),
        ("TAMPER", "0"),
        ("OWN", "-1"),
        ("OWN", "1" * 16),
        ("OWN", "0.0"),
        ("OWN", " 0"),
        ("OWN", ""),
        ("OWN", "3"),  # frames the client claims but the page never sent
        ("OWN", "\u0660"),  # an Arabic-Indic zero: int() would take it
    ],
)
def test_a_bad_token_or_seq_gets_the_html(client, token, seq):
    own = full_get(client, "/compat/dnav/one/")["token"]
    token = {"OWN": own, "TAMPER": own[:-2] + ("AA" if own[-2:] != "AA" else "BB")}.get(token, token)
    body = partial_get(client, "/compat/dnav/two/", token, seq)
    assert set(body) == {"target", "html", "title", "data", "commands"}
    assert body["data"]["next-id"] == "6"  # numbered afresh from 0, as before


def test_a_page_whose_state_is_gone_gets_the_html(client):
    token = full_get(client, "/compat/dnav/one/")["token"]
    page_store().discard(read_token(token, client.session.session_key, AnonymousUser()).key)
    assert "html" in partial_get(client, "/compat/dnav/two/", token)


def test_a_classic_page_ignores_the_token(client):
    token = full_get(client, "/compat/dnav/one/")["token"]
    nav_key = base_key(spec_of(compat_client.nav_one).options)  # type: ignore[union-attr]
    response = client.get(
        "/compat/nav/two/",
        HTTP_X_HYPERGEN_PARTIAL="1",
        HTTP_X_HYPERGEN_BASE=nav_key,
        HTTP_X_HYPERGEN_TOKEN=token,
        HTTP_X_HYPERGEN_SEQ="0",
    )
    assert "html" in json.loads(response.content)
