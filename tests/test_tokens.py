"""Signed page tokens: bound to session and user, expiring, unforgeable."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from hypergen_vdom.tokens import TokenError, issue_token, read_token, session_binding, user_key


def request_with_session(user=None):
    request = RequestFactory().get("/page/?q=1")
    request.session = SessionStore()
    request.user = user or AnonymousUser()
    return request


pytestmark = pytest.mark.django_db


def test_a_token_names_the_page_and_is_read_back_for_the_same_session_and_user():
    request = request_with_session()
    token, claims = issue_token(request)
    assert request.session.session_key  # an anonymous user got a session to bind to
    read = read_token(token, request.session.session_key, AnonymousUser())
    assert read == claims and read.path == "/page/?q=1" and read.user is None


def test_another_session_or_user_is_refused():
    user = User.objects.create_user("ann")
    request = request_with_session(user)
    token, _ = issue_token(request)
    with pytest.raises(TokenError, match="another session"):
        read_token(token, "some-other-session", user)
    with pytest.raises(TokenError, match="another user"):
        read_token(token, request.session.session_key, AnonymousUser())


@pytest.mark.parametrize("token", [None, "", 42, "made-up", "a:b:c", "x" * 10_000])
def test_forged_tokens_are_refused(token):
    with pytest.raises(TokenError):
        read_token(token, "k", AnonymousUser())


def test_a_tampered_token_is_refused():
    request = request_with_session()
    token, _ = issue_token(request)
    with pytest.raises(TokenError, match="invalid"):
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        read_token(tampered, request.session.session_key, None)


def test_tokens_expire(settings):
    request = request_with_session()
    token, _ = issue_token(request)
    settings.HYPERGEN_PAGE_TTL = -1
    with pytest.raises(TokenError, match="expired"):
        read_token(token, request.session.session_key, AnonymousUser())


def test_the_session_key_itself_is_not_in_the_token():
    request = request_with_session()
    token, claims = issue_token(request)
    assert request.session.session_key not in token
    assert claims.session == session_binding(request.session.session_key) and len(claims.session) == 32
    assert session_binding(None) == ""


def test_user_keys_are_strings_and_none_for_anonymous():
    assert user_key(AnonymousUser()) is None and user_key(None) is None
