"""Views used by the Django-level tests (not part of the sample site)."""

from __future__ import annotations

from contextlib import contextmanager

from django.http import HttpResponseRedirect

from hypergen_vdom import (
    NO_PERM_REQUIRED,
    THIS,
    action,
    body,
    button,
    callback,
    command,
    consumer,
    div,
    doctype,
    html,
    input_,
    liveview,
    p,
    span,
)


@contextmanager
def base_template():
    doctype()
    with html(), body(), div(id="content"):
        yield


base_template.target_id = "content"  # type: ignore[attr-defined]


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)
def page(request):
    count = input_(id="count", value=1)
    button("Go", onclick=callback(bump, count))


@liveview(perm="auth.view_user", base_template=base_template)
def secret_page(request):
    p("secret")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, path="items/<int:item_id>/")
def item_page(request, item_id):
    p(f"item {item_id}")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)
def redirecting_page(request):
    return HttpResponseRedirect("/elsewhere/")


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def bump(request, count: int):
    span(count + 1)
    command("console.log", "bumped", count)


@action(perm=NO_PERM_REQUIRED, base_view=page)
def rerender_page(request):
    pass


@action(perm=NO_PERM_REQUIRED)
def go_away(request):
    return HttpResponseRedirect("/away/")


@action(perm=["auth.change_user", "auth.view_user"], any_perm=True, base_template=base_template)
def needs_any(request):
    p("allowed")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def ws_handler(consumer, request, value):
    p(value)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)
def ws_page(request):
    input_(id="x", oninput=callback(ws_handler, THIS))


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def add_item(consumer, request, item: str):
    consumer.items = [*getattr(consumer, "items", []), item]
    p(", ".join(consumer.items))


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def clear_items(consumer, request):
    consumer.items = []
    p("cleared")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def where_am_i(consumer, request):
    p(request.path, request.GET.get("q", ""), sep=" ")


@consumer(perm="auth.view_user", base_template=base_template)
def secret_handler(consumer, request):
    p("secret")


@consumer(perm=NO_PERM_REQUIRED)
def failing(consumer, request):
    raise RuntimeError("boom")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template, groups=["room"])
def announce(consumer, request, text: str):
    p(text)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, groups=lambda request: ["lobby"])
def room_page(request):
    button("hi", onclick=callback(announce, "hi"))


def diff_counter_template(n: int) -> None:
    count = input_(id="dcount", value=n, disabled=True)
    button("Increment", onclick=callback(diff_increment, count))
    p(f"clicked {n - 1} times")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True)
def diff_page(request):
    diff_counter_template(1)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def diff_increment(consumer, request, count: int):
    diff_counter_template(count + 1)
    if count >= 9:
        command("console.log", "ten")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def diff_nothing(consumer, request):
    pass
