"""``/private/``: notes only their owner sees (log in through ``/admin/login/``, which admits
staff users only: ``manage.py createsuperuser`` makes one).

Django decides who may see the page: ``@login_required`` on the view, like any Django view. The
page's websocket serves only what that HTTP render allowed: its token is signed, bound to your
session, and opens nothing once you log out; then every open tab of the page is closed and
reloads, which sends it to the login page. ``perm=LOGIN_REQUIRED`` makes each handler check the
login again on every call.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.middleware.csrf import get_token

from hypergen_vdom import *  # noqa: F403

from .base import demo_layout
from .models import PrivateNote

base_template = demo_layout("/private/")


def signed_in(request: HttpRequest) -> User:
    """The request's user; only signed-in users get here (``@login_required``, ``LOGIN_REQUIRED``)."""
    if not isinstance(request.user, User):  # the anonymous user (and a typed `User` for mypy)
        raise PermissionDenied
    return request.user


def notes_template(request: HttpRequest) -> None:
    with div(class_="row"):
        label("Note", for_="private-note")
        note = input_(id="private-note", placeholder="A private note", autocomplete="off")
        button("Add", id="add-private-note", onclick=callback(add_private_note, note, clear=True))
    with ul(id="private-notes"):
        for private_note in PrivateNote.objects.filter(owner=signed_in(request)):
            li(private_note.text)


@login_required(login_url="/admin/login/")  # the demos have no login page of their own
@liveview(perm=LOGIN_REQUIRED, base_template=base_template)
def private(request: HttpRequest) -> None:
    p(f"Signed in as {request.user.get_username()}. Only you see these notes.", id="who")
    with div(id="notes-box"):
        notes_template(request)
    with form(method="post", action="/admin/logout/"):
        input_(type_="hidden", name="csrfmiddlewaretoken", value=get_token(request))
        button("Log out", id="logout")


@consumer(perm=LOGIN_REQUIRED, target_id="notes-box")
def add_private_note(consumer: Any, request: HttpRequest, text: str | None) -> None:
    text = (text or "").strip()[:200]  # an empty field arrives as None
    if text:
        PrivateNote.objects.create(owner=signed_in(request), text=text)
    notes_template(request)
