"""``/compat/…``: the client side of Hypergen compatibility, one small page per feature.

- ``/compat/events/``: Hypergen's mouse and key events (``onmousedown``, ``onmouseup``,
  ``onmouseover``, ``onkeypress``), the key filter ``hypergen.when.keycode`` and client commands
  (``hypergen.hidden`` / ``visible``, ``display(id, value)``, ``setClientState``), and the
  notifier AlertifyPlugin's Django messages show with (``alertify.notify``).
- ``/compat/upload/``: ``upload_files=True``, files in ``request.FILES``, a progress bar.
- ``/compat/wsupload/``: the same to a ``@consumer``, over the websocket; a contenteditable text.
- ``/compat/nav/one/`` … ``three/``: partial loading (classic); ``other/`` has another base template,
  ``secret/`` needs a permission. ``/compat/dnav/one/`` and ``two/``: the same in diff mode, with a
  websocket counter that keeps working after a partial load; ``/compat/dnav/item/<n>/``: record
  pages (an unkeyed form, a conditional error) whose partial loads are a diff of the target.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    THIS,
    a,
    action,
    b,
    body,
    button,
    callback,
    command,
    consumer,
    div,
    doctype,
    form,
    h2,
    head,
    html,
    input_,
    label,
    meta,
    nav,
    option,
    p,
    progress,
    select,
    span,
    textarea,
    title,
)
from hypergen_vdom.compat.client import compat_liveview, compat_when, upload_callback


@contextmanager
def events_template() -> Iterator[None]:
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            title("compat events")
        with body(), div(id="content"):
            yield


events_template.target_id = "content"  # type: ignore[attr-defined]


def events_content(log: str = "") -> None:
    p("log: ", span(log, id="log"))
    button("press", id="press", onmousedown=callback(pressed, "down"), onmouseup=callback(pressed, "up"))
    div("hover me", id="hover", onmouseover=callback(pressed, "over"))
    input_(id="typed", placeholder="keypress", onkeypress=callback(pressed, THIS))
    input_(
        id="search",
        placeholder="Enter searches",
        onkeyup=callback(searched, THIS, when=compat_when(["hypergen.when.keycode", "Enter"])),
    )
    div("box", id="box")
    button("commands", id="commands", onclick=callback(commands))
    button("notify", id="notify", onclick=callback(notify))


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=events_template, path="compat/events/")
def compat_events(request: Any) -> None:
    events_content()


@action(perm=NO_PERM_REQUIRED, base_template=events_template)
def pressed(request: Any, what: str | None) -> None:
    events_content(f"pressed {what}")


@action(perm=NO_PERM_REQUIRED, base_template=events_template)
def searched(request: Any, query: str | None) -> None:
    events_content(f"searched {query}")


@action(perm=NO_PERM_REQUIRED)
def notify(request: Any) -> None:
    # What compat's AlertifyPlugin sends for each Django message (text, level, seconds, position).
    command("alertify.notify", "Saved <b>it</b>", "success", 1, "top-center")


@action(perm=NO_PERM_REQUIRED)
def commands(request: Any) -> None:
    command("hypergen.hidden", "box")
    command("hypergen.display", "commands", "inline-flex")
    command("hypergen.setClientState", "demo.user", {"name": "ann"})


@contextmanager
def nav_template() -> Iterator[None]:
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            title("compat nav")
        with body():
            nav(
                a("one", href="/compat/nav/one/", id="to-one"),
                " ",
                a("two", href="/compat/nav/two/", id="to-two"),
                " ",
                a("three", href="/compat/nav/three/", id="to-three"),
                " ",
                a("other", href="/compat/nav/other/", id="to-other"),
                " ",
                a("secret", href="/compat/nav/secret/", id="to-secret"),
            )
            with div(id="content"):
                yield


nav_template.target_id = "content"  # type: ignore[attr-defined]


@contextmanager
def other_template() -> Iterator[None]:
    doctype()
    with html(lang="en"), body():
        p("another layout", id="other-layout")
        with div(id="main"):
            yield


other_template.target_id = "main"  # type: ignore[attr-defined]


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=nav_template, path="compat/nav/one/")
def nav_one(request: Any) -> None:
    p("page one", id="page")


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=nav_template, path="compat/nav/two/")
def nav_two(request: Any) -> None:
    p("page two", id="page")
    input_(id="kept", placeholder="a field")


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=nav_template, path="compat/nav/three/")
def nav_three(request: Any) -> None:
    p("page three", id="page")


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=other_template, path="compat/nav/other/")
def nav_other(request: Any) -> None:
    p("page other", id="page")


@compat_liveview(perm="auth.view_user", base_template=nav_template, path="compat/nav/secret/")
def nav_secret(request: Any) -> None:
    p("page secret", id="page")


@contextmanager
def dnav_template() -> Iterator[None]:
    doctype()
    with html(lang="en"):
        with head():
            meta(charset="utf-8")
            title("compat diff nav")
        with body():
            nav(
                a("one", href="/compat/dnav/one/", id="to-one"),
                " ",
                a("two", href="/compat/dnav/two/", id="to-two"),
                " ",
                a("items", href="/compat/dnav/item/1/", id="to-items"),
            )
            with div(id="content"):
                yield


dnav_template.target_id = "content"  # type: ignore[attr-defined]


def dnav_counter(page: str, n: int) -> None:
    p(f"diff page {page}", id="page")
    count = input_(id="count", value=n, disabled=True)
    button("+1", id="inc", onclick=callback(dnav_increment, page, count))


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=dnav_template, diff=True, path="compat/dnav/one/")
def dnav_one(request: Any) -> None:
    dnav_counter("one", 1)


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=dnav_template, diff=True, path="compat/dnav/two/")
def dnav_two(request: Any) -> None:
    dnav_counter("two", 20)


@consumer(perm=NO_PERM_REQUIRED, base_template=dnav_template)
def dnav_increment(consumer: Any, request: Any, page: str, count: int) -> None:
    dnav_counter(page, count + 1)


# ``/compat/dnav/item/<n>/``: pages of one record each, as a CRUD app has them. Going from one to
# the next changes a few texts and values of the same form: the partial load's diff is those.
COLOURS = ("red", "green", "blue")


def dnav_item_content(n: int, saved: str = "") -> None:
    h2(f"Item {n}", id="heading")
    with form(id="item-form"):
        label("Name", for_="name")
        name = input_(id="name", name="name", value=f"item {n}")
        label("Notes")
        textarea(f"Notes about item {n}: delivered in a box of {n * 3} parts.", name="notes")
        label("Colour")
        with select(name="colour"):
            for colour in COLOURS:
                option(colour, value=colour, selected=colour == COLOURS[n % 3])
        if n % 2:
            p("Odd items need a second review before they ship.", class_="error")
        button("Save", type_="button", id="save", onclick=callback(dnav_save, n, name))
    if saved:
        p(saved, id="saved")
    nav(
        a("previous", href=f"/compat/dnav/item/{max(n - 1, 1)}/", id="prev"),
        " ",
        a("next", href=f"/compat/dnav/item/{n + 1}/", id="next"),
    )


@compat_liveview(
    perm=NO_PERM_REQUIRED, base_template=dnav_template, diff=True, path="compat/dnav/item/<int:n>/"
)
def dnav_item(request: Any, n: int) -> None:
    dnav_item_content(n)


@consumer(perm=NO_PERM_REQUIRED, base_template=dnav_template)
def dnav_save(consumer: Any, request: Any, n: int, name: str) -> None:
    dnav_item_content(n, saved=f"saved {name}")


# ``/compat/upload/``: a file input sent with ``upload_files=True``; the action reads
# ``request.FILES`` and reports each file's name and size.
def upload_content(report: str = "") -> None:
    p("uploaded: ", span(report, id="report"))
    picked = input_(type_="file", id="picked", multiple=True)
    note = input_(id="note", placeholder="a note")
    button("Upload", id="upload", onclick=upload_callback(uploaded, picked, note))
    progress(id="hypergen-upload-progress-bar", value="0", max="1")


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=events_template, path="compat/upload/")
def compat_upload(request: Any) -> None:
    upload_content()


@action(perm=NO_PERM_REQUIRED, base_template=events_template)
def uploaded(request: Any, name: str | None, note: str | None) -> None:
    files = request.FILES.getlist("picked")
    sizes = ", ".join(f"{f.name} {f.size} B" for f in files)
    upload_content(f"{sizes} ({note})")


# ``/compat/wsupload/``: the same over the page's websocket, to a ``@consumer`` (diff mode): the
# files go up in chunks (hypergen_vdom/uploads.py) and the handler gets Django ``UploadedFile``
# objects where the file input was passed. And a contenteditable text, read as its markup.
def wsupload_content(report: str = "", edited: str = "") -> None:
    p("uploaded: ", span(report, id="report"))
    picked = input_(type_="file", id="picked", multiple=True)
    note = input_(id="note", placeholder="a note")
    button("Upload", id="upload", onclick=upload_callback(ws_uploaded, picked, note))
    progress(id="hypergen-upload-progress-bar", value="0", max="1")
    # client-owned (hv_ignore): what the user types there is not the server's to patch
    editor = div("edit ", b("me"), id="editor", contenteditable=True, hv_ignore=True)
    button("Save text", id="save", onclick=callback(ws_edited, editor))
    p("saved: ", span(edited, id="edited"))


@compat_liveview(perm=NO_PERM_REQUIRED, base_template=events_template, diff=True, path="compat/wsupload/")
def compat_wsupload(request: Any) -> None:
    wsupload_content()


@consumer(perm=NO_PERM_REQUIRED, base_template=events_template)
def ws_uploaded(consumer: Any, request: Any, files: list[UploadedFile[Any]], note: str | None) -> None:
    def where(f: UploadedFile[Any]) -> str:
        return "on disk" if isinstance(f, TemporaryUploadedFile) else "in memory"

    described = (f"{f.name} {f.size} B {hashlib.sha256(f.read()).hexdigest()[:8]} {where(f)}" for f in files)
    wsupload_content(f"{', '.join(described)} ({note})")


@consumer(perm=NO_PERM_REQUIRED, base_template=events_template)
def ws_edited(consumer: Any, request: Any, text: str | None) -> None:
    wsupload_content(edited=text or "")
