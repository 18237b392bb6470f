"""The ``/forms/`` demo (``sample_site/demos/forms.py``) without a browser: driven as a user with
``LivePage``, and forged frames sent with ``HypergenCommunicator`` the way an attacker would."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from hypergen_vdom import THIS, DuplicateIdError, callback, input_, li
from hypergen_vdom.coerce import MAX_FORM_FIELDS
from hypergen_vdom.testing import LivePage
from hypergen_vdom.testing.communicator import HypergenCommunicator
from hypergen_vdom.tree import rendering
from hypergen_vdom.wire import Op, Tag
from sample_site.demos import forms
from sample_site.demos.models import Booking

pytestmark = [pytest.mark.django_db(transaction=True)]  # handlers run in worker threads

VALID = {"title": "Retro", "day": "2027-01-05", "seats": "3", "room": "small"}


def rows() -> list[tuple[Any, ...]]:
    return list(Booking.objects.values_list("title", "day", "seats", "room"))


async def saved() -> list[tuple[Any, ...]]:
    return await sync_to_async(rows)()


def errors_by_field(page: LivePage) -> list[tuple[str | None, str]]:
    """Each error shown, with the id of the field it follows (the ``div.field`` just before it)."""
    return [
        (page.one(f"#booking > :nth-child({n}) input, #booking > :nth-child({n}) select").id, error.text)
        for n, error in enumerate(page.one("#booking").children)  # the error is child n + 1
        if "error" in error.classes
    ]


def as_form(fields: Any) -> dict[str, Any]:
    """An argument the way the client sends a <form> read whole (docs/protocol.md §1)."""
    return {"$v": fields, "as": "form"}


async def test_fill_submit_read_the_errors_fix_them_and_the_booking_is_listed() -> None:
    page = await LivePage.open(Client(), "/forms/")
    assert page.select("#bookings li") == []
    await page.fill("#day", "2027-01-05")
    await page.fill("#seats", "6")  # too many for the small room, and no title
    await page.submit("form")
    assert errors_by_field(page) == [
        ("title", "This field is required."),
        ("seats", "The small room seats 4; pick the hall or the garden."),
    ]
    # two INSERTs (one <p> under each field), nothing else: the typed values are the browser's
    ops = page.frames[-1][3:]
    assert [ops[0], ops[4]] == [Op.INSERT, Op.INSERT] and len(ops) == 8
    assert page.one("#day").value == "2027-01-05"
    await page.fill("#title", "Retro")
    await page.select_option("#room", "Hall (40)")
    await page.submit("form")
    assert page.select("#booking .error") == []
    listed = [row.text for row in page.select("#bookings li")]
    assert listed == ["Retro · 6 seats, Hall (40) · Tue 05 Jan 2027"]
    assert page.one(".saved").text == "Booked (1 this visit)."
    # a fresh form: what was typed is gone, the defaults are back
    assert [page.one(css).value for css in ("#title", "#day", "#seats", "#room")] == ["", "", "2", "small"]
    assert await saved() == [("Retro", datetime.date(2027, 1, 5), 6, "hall")]
    await page.close()


async def test_a_cleared_date_reaches_reschedule_as_none_and_is_stored_as_null() -> None:
    day = datetime.date(2027, 6, 1)
    booking = await Booking.objects.acreate(title="Party", day=day, seats=4, room="garden")
    page = await LivePage.open(Client(), "/forms/")
    assert page.one("#bookings li").text == "Party · 4 seats, Garden · Tue 01 Jun 2027"
    await page.fill(f"#day-{booking.pk}", "")
    assert page.one("#bookings li").text == "Party · 4 seats, Garden · date to be decided"
    assert await saved() == [("Party", None, 4, "garden")]
    await page.close()


async def test_forged_form_dicts_get_a_clear_error_or_the_forms_answer_never_a_crash() -> None:
    await Booking.objects.acreate(title="Mine", day=None, seats=2, room="small")
    page = await HypergenCommunicator.open(Client(), "/forms/")

    async def error_of(*args: Any) -> str:
        frame = await page.call(forms.book, *args)
        assert frame[:2] == [Tag.ERROR, page.seq], frame
        message: str = frame[2]
        return message

    # what the "form" coercion refuses: values that are no text, too many fields
    assert await error_of(as_form({**VALID, "title": {"nested": "dict"}})) == (
        "book: argument 1: {'title': {'nested': 'dict'}, 'day': '2027-01-05', 'seats': '3',"
        " 'room': 'small'} is not a valid form"
    )
    assert "is not a valid form" in await error_of(as_form({**VALID, "seats": ["3", ["4"]]}))
    many = {f"f{n}": "x" for n in range(10_000)}
    assert len(many) > MAX_FORM_FIELDS
    assert (await error_of(as_form(many))).endswith("is not a valid form")
    # the same shapes as a plain dict (no coercion asked): the demo refuses them itself
    assert await error_of({**VALID, "day": {"y": 2027}}) == "book(): every field's value must be text"
    assert await error_of({**VALID, "seats": [3]}) == "book(): every field's value must be text"
    assert await error_of(["title", "Retro"]) == "book(): the form's fields must be a {name: value} dict"
    assert await error_of({**many, **VALID}) == (
        "book(): more fields than a POST may have (DATA_UPLOAD_MAX_NUMBER_FIELDS)"
    )
    assert await error_of(as_form(VALID), "extra") == (
        "book() got 2 argument(s): too many positional arguments"
    )
    assert await saved() == [("Mine", None, 2, "small")]
    # unknown names are ignored, a name sent twice reads as its last value (as in a POST): the
    # form validates what it knows, and "id" can't make it overwrite someone else's booking
    frame = await page.call(forms.book, as_form({**VALID, "id": "1", "pk": "1", "seats": ["40", "5"]}))
    assert type(frame[0]) is int and frame[1] == page.seq, frame  # a diff frame answering it
    assert frame[3] == Op.INSERT and len(frame) == 7  # one op: the error <p>
    assert frame[6] == ["p", ["class", "error"], "The small room seats 4; pick the hall or the garden."]
    fields = {**VALID, "id": "1", "seats": ["40", "4"], "junk": "x" * 1000}
    frame = await page.call(forms.book, as_form(fields))
    assert type(frame[0]) is int and frame[1] == page.seq, frame
    assert await saved() == [("Mine", None, 2, "small"), ("Retro", datetime.date(2027, 1, 5), 4, "small")]
    # reschedule() takes a date or nothing
    frame = await page.call(forms.reschedule, 1, {"$v": "2027-13-45", "as": "date"})
    assert frame == [Tag.ERROR, page.seq, "reschedule: argument 2: '2027-13-45' is not a valid date"]
    frame = await page.call(forms.reschedule, 1, "2027-01-01")
    assert frame == [Tag.ERROR, page.seq, "reschedule(): the day must be a date or empty"]
    # and the connection carries on
    assert (await page.barrier()) == []
    await page.disconnect()


def test_the_form_rendered_twice_on_one_page_raises_naming_the_id() -> None:
    # a page that shows the booking form twice (at the top and the bottom, say) has two #title
    with pytest.raises(DuplicateIdError, match="'title'"), rendering():
        forms.template({}, 0)
        forms.template({}, 0)


async def test_a_duplicate_id_in_a_handlers_render_is_an_error_answer_and_the_page_carries_on(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.DEBUG = True

    def row_with_a_fixed_id(booking: Booking) -> None:  # the bug: every row's input is "day"
        li(booking.title, input_(type_="date", id="day", onchange=callback(forms.reschedule, 1, THIS)))

    monkeypatch.setattr(forms, "booking_row", row_with_a_fixed_id)
    page = await LivePage.open(Client(), "/forms/", raise_errors=False)
    await page.fill("#title", "Retro")
    await page.submit("form")
    assert page.errors == [
        "the server answered event 1:"
        " error in book: DuplicateIdError(\"Duplicate element id 'day' in one render\")"
    ]
    assert page.select("#bookings li") == []  # the page was not patched
    monkeypatch.undo()
    await page.fill("#title", "Retro 2")
    await page.submit("form")
    assert [row.text for row in page.select("#bookings li .title")] == ["Retro", "Retro 2"]
    await page.close()


async def test_the_list_shows_the_latest_bookings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for title in ("First", "Second", "Third"):
        await Booking.objects.acreate(title=title, day=None, seats=2, room="small")
    monkeypatch.setattr(forms, "SHOWN", 2)
    page = await LivePage.open(Client(), "/forms/")
    assert [row.text for row in page.select("#bookings li .title")] == ["Second", "Third"]
    await page.fill("#title", "Fourth")
    await page.submit("form")
    assert [row.text for row in page.select("#bookings li .title")] == ["Third", "Fourth"]
    await page.close()


async def test_changing_a_rows_date_keeps_the_forms_errors() -> None:
    booking = await Booking.objects.acreate(title="Party", day=None, seats=4, room="garden")
    page = await LivePage.open(Client(), "/forms/")
    await page.submit("form")
    assert errors_by_field(page) == [("title", "This field is required.")]
    await page.fill(f"#day-{booking.pk}", "2027-06-01")
    assert page.one("#bookings li").text == "Party · 4 seats, Garden · Tue 01 Jun 2027"
    assert errors_by_field(page) == [("title", "This field is required.")]
    await page.close()
