"""Views used by the Django-level tests (not part of the sample site)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect

from hypergen_vdom import (
    LOGIN_REQUIRED,
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


# --- security and reliability (tests/test_websocket.py) -------------------------------------------


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def reveal_secret(consumer, request):
    p("members-only content")


@login_required
@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True)
def members_only(request):
    p("members-only content")
    button("reveal", onclick=callback(reveal_secret))


@consumer(perm=LOGIN_REQUIRED, base_template=base_template)
def logged_in_handler(consumer, request):
    p(f"hello {request.user.username}")


@liveview(perm=LOGIN_REQUIRED, base_template=base_template)
def login_only(request):
    button("who", onclick=callback(logged_in_handler))


# A slow handler blocks on this until a handler of another connection releases it: with one shared
# worker thread the two would deadlock (and the test time out).
release_slow = threading.Event()
slow_runs: list[int] = []  # one entry per run of slow_handler


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def slow_handler(consumer, request):
    slow_runs.append(1)
    p("released" if release_slow.wait(10) else "never released")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def release_handler(consumer, request):
    release_slow.set()
    p("released the other tab")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def keep_unpicklable(consumer, request):
    consumer.lock = threading.Lock()
    consumer.items = ["kept"]
    p("holding a lock")


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def big_output(consumer, request, size: int):
    p("x" * size)


@consumer(perm=NO_PERM_REQUIRED, base_template=base_template)
def add_to_diff_list(consumer, request, item: str):
    consumer.items = [*getattr(consumer, "items", []), item]
    from hypergen_vdom import li, ul

    with ul():
        for entry in consumer.items:
            li(entry)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, diff=True, consumers=[add_to_diff_list])
def diff_list(request):
    p("empty")


# A page that declares every test handler, so the protocol tests can invoke them by id.
@liveview(
    perm=NO_PERM_REQUIRED,
    base_template=base_template,
    consumers=[
        add_item, clear_items, where_am_i, secret_handler, failing, announce, slow_handler,
        release_handler, keep_unpicklable, big_output, ws_handler,
    ],
)
def workbench(request):
    p("workbench")
