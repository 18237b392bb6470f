"""``/notes/``: text and links that users typed, shown as they should be (diff mode).

The note is kept in the session with CRLF line ends, the way a browser posts a form's textarea
(and the way email and CSV want them). The browser's HTML parser turns CRLF into LF, and so does
hypergen_vdom, so the server's text and the page's agree: saving an edit sends only the changed
characters (a SPLICE_TEXT op), at offsets that land where they should.

A link is rendered with the URL you typed as its ``href``. URLs that would run script when
followed (``javascript:``, ``vbscript:``, ``data:``) are replaced by
``about:invalid#hypergen-unsafe-url``: try ``javascript:alert(1)``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hypergen_vdom import *  # noqa: F403

from .base import demo_layout

base_template = demo_layout("/notes/")
SESSION_KEY = "demo_note"
FIRST_NOTE = (
    "Shopping list\r\n"
    "- milk\r\n"
    "- eggs\r\n"
    "- bread\r\n"
    "\r\n"
    "Call the plumber on Monday about the kitchen tap.\r\n"
)
FIRST_LINKS = ["https://www.djangoproject.com/"]


def note_of(request: HttpRequest) -> str:
    note: str = request.session.get(SESSION_KEY, FIRST_NOTE)
    return note


def template(note: str, links: list[str]) -> None:
    h2("A note, kept with CRLF line ends")
    pre(note, id="note")
    label("Edit the note", for_="note-edit")
    box = textarea(note, id="note-edit", rows=7, cols=60)
    p(button("Save", id="save-note", onclick=callback(save_note, box)))
    h2("Links")
    p("Add a link; a URL that would run script is neutralised. Try javascript:alert(1).")
    with div(class_="row"):
        label("URL", for_="link-url")
        url = input_(id="link-url", placeholder="https://…", autocomplete="off")
        button("Add link", id="add-link", onclick=callback(add_link, url, clear=True))
    with ul(id="links"):
        for n, link in enumerate(links):
            li(a(link, href=link), key=n)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True)
def notes(request: HttpRequest) -> None:
    template(note_of(request), FIRST_LINKS)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def save_note(consumer: Any, request: HttpRequest, text: str | None) -> None:
    # Stored the way an HTML form posts a textarea: CRLF line ends.
    note = (text or "")[:5000].replace("\r\n", "\n").replace("\n", "\r\n")
    request.session[SESSION_KEY] = note
    request.session.save()  # a websocket has no response to save the session on
    template(note, getattr(consumer, "links", FIRST_LINKS))


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def add_link(consumer: Any, request: HttpRequest, url: str | None) -> None:
    url = (url or "").strip()[:500]  # an empty field arrives as None
    if url:
        consumer.links = [*getattr(consumer, "links", FIRST_LINKS), url]
    template(note_of(request), getattr(consumer, "links", FIRST_LINKS))
