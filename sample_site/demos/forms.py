"""``/forms/``: a Django ``ModelForm`` on a live page (diff mode), written the way a newcomer would.

- The ``<form>`` is sent whole: ``callback(book, THIS)`` on its submit calls ``book(consumer,
  request, data)`` with the fields as a ``{name: value}`` dict, which ``BookingForm`` validates
  like a POST.
- When it is invalid the page shows each error right under its field: a ``<p>`` among the form's
  unkeyed children, without an id. The differ matches the fields before and after it, so it
  inserts the ``<p>`` (one op) and leaves every field alone: what the user typed (a date in a later
  field, say) stays. (Matched by position, every later field would be rebuilt.)
- The inputs are rendered without the values the user typed: the browser holds them. After a
  successful save the form gets a new ``key`` (React's way to reset a form), so the differ builds a
  fresh, empty one.
- Below it, the latest bookings (a long list is fine: an error in the form costs the same few bytes
  whatever the list's length). A row's date can be changed or cleared in place: an empty date
  input reaches ``reschedule`` as ``None`` and is saved as NULL.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.datastructures import MultiValueDict

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    THIS,
    button,
    callback,
    consumer,
    div,
    form,
    h2,
    input_,
    label,
    li,
    link,
    liveview,
    option,
    p,
    select,
    span,
    ul,
)
from hypergen_vdom.signature import BadArgumentsError

from .base import demo_layout
from .models import Booking

base_template = demo_layout("/forms/")

__all__ = ["BookingForm", "book", "forms_demo", "reschedule"]

SHOWN = 200  # bookings listed


class BookingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Booking
        fields = ("title", "day", "seats", "room")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        seats, room = cleaned.get("seats"), cleaned.get("room")
        if room == "small" and seats is not None and seats > 4:
            self.add_error("seats", "The small room seats 4; pick the hall or the garden.")
        return cleaned


def post_data(data: Any) -> MultiValueDict[str, Any]:
    """The fields as Django hands a view ``request.POST``: a name sent twice reads as its last value.

    The dict is client input like any POST: the browser sends only text (``"form"`` coercion), but
    a forged frame can carry anything, and a non-text value would make a form field raise instead
    of answering "invalid". Refused with a clear error frame, as are more fields than Django takes
    in a POST.
    """
    if not isinstance(data, dict):
        raise BadArgumentsError("book(): the form's fields must be a {name: value} dict")
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if limit is not None and len(data) > limit:
        raise BadArgumentsError("book(): more fields than a POST may have (DATA_UPLOAD_MAX_NUMBER_FIELDS)")
    fields: MultiValueDict[str, Any] = MultiValueDict()
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        if not isinstance(name, str) or not all(isinstance(item, str) for item in values):
            raise BadArgumentsError("book(): every field's value must be text")
        fields.setlist(name, values)
    return fields


def field(text: str, widget: Any, errors: list[str]) -> None:
    """A labelled field, then its errors if it has any: plain siblings of the form's other fields."""
    div(label(text, for_=widget.id), widget, class_="field")  # the widget made earlier moves in here
    for message in errors:
        p(message, class_="error")


def booking_row(booking: Booking) -> None:
    day = booking.day.isoformat() if booking.day else None
    li(
        span(booking.title, class_="title"),
        span(f"{booking.seats} seats, {booking.get_room_display()}"),
        label(
            booking.day.strftime("%a %d %b %Y") if booking.day else "date to be decided",
            input_(
                type_="date",
                id=f"day-{booking.pk}",
                value=day,
                onchange=callback(reschedule, booking.pk, THIS),
            ),
        ),
        sep=" · ",
        key=booking.pk,  # rows insert, move and go by key
    )


def template(errors: dict[str, list[str]], saved: int) -> None:
    link(rel="stylesheet", href="/static/demos/forms.css")
    h2("Book a room")
    p("A Django ModelForm, validated on the server. Try a date and no title, or 6 seats in the small room.")
    # The widgets first, laid out below: each moves into its field (never a copy of it).
    title = input_(id="title", name="title", maxlength=80, autocomplete="off")
    day = input_(id="day", name="day", type_="date")
    seats = input_(id="seats", name="seats", type_="number", min=1, max=40, value=2)
    with select(id="room", name="room") as room:
        for value, text in Booking.ROOMS:
            option(text, value=value)
    # novalidate: the Django form is the one place that says what is wrong, in one style.
    with form(id="booking", novalidate=True, onsubmit=callback(book, THIS), key=saved):
        field("What", title, errors.get("title", []))
        field("Day", day, errors.get("day", []))
        field("Seats", seats, errors.get("seats", []))
        field("Room", room, errors.get("room", []))
        for message in errors.get("__all__", []):
            p(message, class_="error")
        button("Book", id="book", type_="submit")
    if saved:
        p(f"Booked ({saved} this visit).", class_="saved")
    h2("Bookings")
    with ul(id="bookings"):
        # A public page: the latest bookings, not every one that visitors ever made.
        for booking in reversed(Booking.objects.order_by("-id")[:SHOWN]):
            booking_row(booking)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True, path="forms/")
def forms_demo(request: Any) -> None:
    template({}, 0)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def book(consumer: Any, request: Any, data: dict[str, Any]) -> None:
    # What the page shows besides the database is kept on the consumer (with the page's state):
    # the form's errors, and how many bookings this page made.
    booking_form = BookingForm(post_data(data))
    if booking_form.is_valid():
        booking_form.save()
        consumer.bookings_saved = getattr(consumer, "bookings_saved", 0) + 1
        consumer.booking_errors = {}
    else:
        consumer.booking_errors = {name: list(messages) for name, messages in booking_form.errors.items()}
    render_page(consumer)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def reschedule(consumer: Any, request: Any, booking_id: int, day: datetime.date | None) -> None:
    # ``day`` is a date, or None when the user cleared the input: the booking's date is undecided.
    if day is not None and type(day) is not datetime.date:  # a forged frame; the browser sends a date
        raise BadArgumentsError("reschedule(): the day must be a date or empty")
    Booking.objects.filter(pk=booking_id).update(day=day)
    render_page(consumer)  # the form's errors, if any, stay


def render_page(consumer: Any) -> None:
    template(getattr(consumer, "booking_errors", {}), getattr(consumer, "bookings_saved", 0))
