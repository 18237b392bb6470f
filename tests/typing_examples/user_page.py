"""A user's page module, written the way the README shows: star import, typed base template,
decorated views and consumers. tests/test_typing.py runs mypy --strict over it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest

from hypergen_vdom import *  # noqa: F403


@targets("content")  # noqa: F405
@contextmanager
def base_template() -> Iterator[None]:
    doctype()  # noqa: F405
    with html(), body(), div(id="content"):  # noqa: F405
        yield


def layout(page_title: str) -> BaseTemplate:  # noqa: F405
    """A base template made per page (a title each): the type a factory returns is exported."""

    @targets("content")  # noqa: F405
    @contextmanager
    def base() -> Iterator[None]:
        doctype()  # noqa: F405
        with html():  # noqa: F405
            head(title(page_title))  # noqa: F405
            with body(), main(id="content"):  # noqa: F405
                yield

    return base


titled = layout("Items")


def template(n: int) -> None:
    count = input_(id="count", value=n, disabled=True)  # noqa: F405
    button("Increment", onclick=callback(increment, count))  # noqa: F405
    a("docs", href=trusted_url("https://example.com/"))  # noqa: F405


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)  # noqa: F405
def counter(request: HttpRequest) -> None:
    template(1)


@liveview(perm=LOGIN_REQUIRED, base_template=titled, path="items/<int:item_id>/")  # noqa: F405
def item(request: HttpRequest, item_id: int) -> None:
    p(f"item {item_id}")  # noqa: F405


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)  # noqa: F405
def increment(consumer: object, request: HttpRequest, count: int) -> None:
    template(count + 1)


url: str = counter.reverse()
page_url: str = item.reverse(7)
target: str = base_template.target_id
titled_target: str = titled.target_id
increment(None, HttpRequest(), 1)  # still callable as written
