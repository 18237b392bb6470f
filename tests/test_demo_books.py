"""The ``/books/`` demo (sample_site/demos/books.py) on the real consumer: unkeyed rows filtered and
sorted, each change answered by one frame whose ORDER names the rows in compact form; hostile
form values are ignored, not crashed on."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hypergen_vdom.testing.communicator import HypergenCommunicator
from hypergen_vdom.wire import Op, decode_frame
from hypergen_vdom.wire_order import KEEP, PERMUTE
from sample_site.demos.books import books, shown, update

pytestmark = [pytest.mark.django_db(transaction=True)]


def form(**fields: object) -> dict[str, object]:
    return {"$v": fields, "as": "form"}


def row_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="book-(\d+)"', html)]


async def send(page: HypergenCommunicator, **fields: object) -> tuple[bytes, list[tuple[object, ...]]]:
    await page.event(update, form(**fields))
    raw = await page.receive_from(timeout=5)
    return raw, decode_frame(raw).ops


def test_the_page_renders_the_query_it_is_given():
    html = Client().get("/books/?q=salt&sort=year").content.decode()
    expected = shown("salt", "year")
    assert 0 < len(expected) < len(books())
    assert row_ids(html) == [book["id"] for book in expected]
    assert f"{len(expected)} books" in html
    assert row_ids(Client().get("/books/").content.decode()) == [book["id"] for book in shown("", "title")]


@pytest.mark.asyncio
async def test_a_filter_then_a_sort_are_one_compact_order_each():
    page = await HypergenCommunicator.open(Client(), "/books/")
    raw, ops = await send(page, q="the s", sort="title")
    orders = [op for op in ops if op[0] is Op.ORDER]
    assert len(orders) == 1 and orders[0][2][0] == KEEP  # a keep-bitmap: 240 rows in 30 bytes
    assert len(raw) < 120
    raw, ops = await send(page, q="the s", sort="year")
    orders = [op for op in ops if op[0] is Op.ORDER]
    assert len(orders) == 1 and orders[0][2][0] == PERMUTE
    raw, ops = await send(page, q="", sort="author")  # every row back: the kept ones move, the rest come
    assert [op[0] for op in ops].count(Op.INSERT) == len(books()) - len(shown("the s", "year"))
    await page.disconnect()


@pytest.mark.asyncio
async def test_hostile_form_values_render_the_defaults_or_get_an_error_frame():
    page = await HypergenCommunicator.open(Client(), "/books/?q=salt")
    _, ops = await send(page, q=["salt", "x"], sort="year")  # a repeated name: a list, ignored
    assert sum(op[0] is Op.INSERT for op in ops) == len(books()) - len(shown("salt", "title"))
    await page.event(update, form(q="a" * 100_000, sort="no-such-column"))  # clipped, title order
    frame = await page.receive_frame()
    assert isinstance(frame[0], int), frame[:3]
    await page.event(update, form(q="x", sort={"$el": "x"}))  # not a form: the coercion refuses it
    frame = await page.receive_frame()
    assert frame[0] == "e" and "is not a valid form" in frame[2]
    await page.disconnect()
