"""hypergen_vdom.testing.communicator: a page's websocket in tests, opened as a browser opens it."""

from __future__ import annotations

import pytest
from django.test import Client

from hypergen_vdom.testing.communicator import HypergenCommunicator, client_script_data, cookie_header
from hypergen_vdom.wire import Tag

from . import support_views

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.support_root_urls")]


def test_client_script_data_reads_the_data_attributes_of_the_client_script_only():
    html = (
        '<script src="other.js" data-token="not-this"></script>'
        '<p id="hypergen-client" data-token="nor-this"></p>'
        '<script id="hypergen-client" defer data-token="t&amp;k" data-ws="/ws/" data-diff></script>'
    )
    assert client_script_data(html) == {"token": "t&k", "ws": "/ws/", "diff": ""}
    assert client_script_data("<p>no script</p>") == {}


def test_cookie_header_joins_the_clients_cookies():
    client = Client()
    client.cookies["sessionid"] = "abc"
    client.cookies["csrftoken"] = "x1"
    assert cookie_header(client) == "sessionid=abc; csrftoken=x1"
    assert cookie_header(Client()) == ""


async def test_open_says_clearly_when_the_page_is_not_served():
    with pytest.raises(AssertionError, match="GET /secret_page/ answered 302"):
        await HypergenCommunicator.open(Client(), "/secret_page/")


async def test_open_reads_the_pages_token_and_speaks_with_the_session_cookie():
    page = await HypergenCommunicator.open(Client(), "/workbench/")
    assert page.token and page.token == client_script_data(page.page_html)["token"]
    assert "sessionid=" in page.cookies
    await page.disconnect()


async def test_barrier_returns_the_frames_that_arrived_before_the_pong():
    page = await HypergenCommunicator.open(Client(), "/workbench/")
    assert await page.event(support_views.add_item, "a") == 1
    assert await page.event(support_views.add_item, "b") == 2
    frames = await page.barrier()
    assert [frame[:2] for frame in frames] == [["c", 1], ["c", 2]]
    assert frames[1][2] == [["hypergen.morph", "content", "<p>a, b</p>"]]
    assert await page.barrier() == []
    await page.disconnect()


async def test_reconnect_is_the_same_tab_with_its_event_seq():
    page = await HypergenCommunicator.open(Client(), "/workbench/")
    await page.call(support_views.add_item, "a")
    again = await page.reconnect(last_seq=1)  # the old connection still open, like a half-open socket
    assert (again.tab, again.seq, again.token) == (page.tab, 1, page.token)
    assert await again.barrier() == []  # the same tab takes its page over: no fork, no new token
    assert await again.call(support_views.add_item, "b") == [
        "c",
        2,
        [["hypergen.morph", "content", "<p>a, b</p>"]],
    ]

    other_tab = HypergenCommunicator(page.cookies)  # the same token from another tab: a fork
    other_tab.token = page.token
    await other_tab.connect()
    await other_tab.send_frame([Tag.HELLO, other_tab.token, 0, "/", other_tab.tab])
    assert (await other_tab.receive_frame())[0] == Tag.TOKEN
    for communicator in (page, again, other_tab):
        await communicator.disconnect()
