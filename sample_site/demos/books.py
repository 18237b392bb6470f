"""``/books/``: a reading list of 240 books, filtered and sorted in diff mode, with no keys.

The rows are plain ``<li id="book-N">`` (an id is an implicit key), some with a "new" badge, and a
"no match" paragraph comes and goes above the list. A sort is one ORDER naming the rows by
position (a Lehmer code), a filter one ORDER with a keep-bitmap: a few hundred bytes where the
rows' ids would take about three per row. The view state is in the URL's query (``?q=&sort=``), so
a fresh page shows what a patched one does.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    THIS,
    callback,
    consumer,
    em,
    form,
    input_,
    label,
    li,
    liveview,
    option,
    p,
    select,
    span,
    ul,
)

from .base import demo_layout

base_template = demo_layout("/books/")

WORDS = ["River", "Glass", "Winter", "Orchard", "Silent", "Harbour", "Paper", "Lantern", "North", "Salt",
         "Copper", "Garden", "Distant", "Hollow", "Amber", "Night"]  # fmt: skip
AUTHORS = ["Ada Lind", "Bo Strand", "Cai Moreau", "Dina Sato", "Eli Novak", "Fay Olsen", "Gus Rossi"]
SORTS = {"title": "Title", "year": "Year", "author": "Author"}


@cache
def books() -> list[dict[str, Any]]:
    rng = random.Random(7)
    return [
        {
            "id": n,
            "title": f"The {rng.choice(WORDS)} {rng.choice(WORDS).lower()}",
            "author": rng.choice(AUTHORS),
            "year": rng.randint(1950, 2025),
        }
        for n in range(1, 241)
    ]


def shown(q: str, sort: str) -> list[dict[str, Any]]:
    sort = sort if sort in SORTS else "title"
    needle = q.strip().lower()
    rows = [book for book in books() if needle in f"{book['title']} {book['author']}".lower()]
    return sorted(rows, key=lambda book: (book[sort], book["id"]))


def template(q: str, sort: str) -> None:
    rows = shown(q, sort)
    # One binding on the form: every field's input event sends all fields ({"q": …, "sort": …}).
    with form(id="controls", oninput=callback(update, THIS, debounce=100)):
        label("Search ", input_(id="q", name="q", type_="search", value=q, autocomplete="off"))
        with label("Sort by "), select(id="sort", name="sort"):
            for value, name in SORTS.items():
                option(name, value=value, selected=value == sort)
    if not rows:
        p("No book matches ", em(q), ".", class_="empty")
    p(f"{len(rows)} books", id="count")
    with ul(id="books"):
        for book in rows:
            with li(id=f"book-{book['id']}"):
                span(book["title"], class_="title")
                span(f" by {book['author']}, {book['year']}")
                if book["year"] >= 2020:
                    span("new", class_="badge")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True, path="books/")
def books_page(request: Any) -> None:
    template(request.GET.get("q", ""), request.GET.get("sort", "title"))


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def update(consumer: Any, request: Any, fields: dict[str, Any]) -> None:
    q, sort = fields.get("q"), fields.get("sort")
    # a form's values are strings, or lists of them for a repeated name: anything else is ignored
    template(q[:200] if isinstance(q, str) else "", sort if isinstance(sort, str) else "title")
