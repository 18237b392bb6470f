"""Signed page tokens: the websocket's proof that Django's HTTP stack served this page.

Only a successful HTTP render issues a token, so the view's decorators (``@login_required`` …),
the middleware and ``perm=`` have all said yes before a websocket can see anything of the page.
The token is signed with ``SECRET_KEY`` (``django.core.signing``), expires with
``HYPERGEN_PAGE_TTL``, and names the page's path, the user, and a keyed hash of the session key:
a token copied into another browser session, or kept past a logout, opens nothing.

The store key inside the token is where the page's server state lives; the rest of the token is
the one owner of the page's path and user (the stored state does not repeat them).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .conf import setting
from .exceptions import HypergenError

__all__ = [
    "PageClaims",
    "TokenError",
    "ensure_session_key",
    "issue_token",
    "read_token",
    "session_binding",
    "sign",
    "user_key",
]

_SALT = "hypergen_vdom.page-token"


class TokenError(HypergenError):
    """A page token that must not open anything: forged, expired, or someone else's."""


@dataclass(frozen=True)
class PageClaims:
    key: str  # where the page's state is stored
    path: str  # the page's path and query, as served
    user: str | None  # user_key() of the user it was served to
    session: str  # session_binding() of the session it was served in ("" without sessions)


def user_key(user: Any) -> Any:
    """Who a page was served to: the user's pk as a string (UUID keys too), None for anonymous."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return str(user.pk)


def session_binding(session_key: str | None) -> str:
    """A keyed hash of the session key: binds a token to a session without putting the session
    key (a credential) into the page's HTML."""
    if not session_key:
        return ""
    # sha256 named: Django's default algorithm changes (sha1 → sha256), a token must not
    return salted_hmac(_SALT, session_key, algorithm="sha256").hexdigest()[:32]


def ensure_session_key(request: Any) -> str | None:
    """The request's session key, creating the session if it has none yet (anonymous users
    too: their tokens are bound to a session as well). None when sessions are not installed."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session.save()  # SessionMiddleware then sets the cookie on this very response
    key: str | None = session.session_key
    return key


def issue_token(request: Any, key: str | None = None) -> tuple[str, PageClaims]:
    """A signed token for the page ``request`` just rendered; a fresh store key unless given."""
    claims = PageClaims(
        key=key or secrets.token_urlsafe(16),
        path=request.get_full_path(),
        user=user_key(getattr(request, "user", None)),
        session=session_binding(ensure_session_key(request)),
    )
    return sign(claims), claims


def sign(claims: PageClaims) -> str:
    payload = {"k": claims.key, "p": claims.path, "u": claims.user, "s": claims.session}
    return signing.dumps(payload, salt=_SALT, compress=True)


def read_token(token: Any, session_key: str | None, user: Any) -> PageClaims:
    """The claims of a token presented by a websocket with this session and user.

    Raises ``TokenError`` (the reason in words) for anything but a valid token of this very
    session and user."""
    if not isinstance(token, str) or not token:
        raise TokenError("no page token")
    if len(token) > setting("HYPERGEN_MAX_TOKEN_CHARS"):
        raise TokenError("page token too long")
    try:
        payload = signing.loads(token, salt=_SALT, max_age=setting("HYPERGEN_PAGE_TTL"))
    except signing.SignatureExpired:
        raise TokenError("page token expired") from None
    except Exception:  # BadSignature, and whatever garbage that happens to verify decodes to
        raise TokenError("page token invalid") from None
    try:
        served_to = payload["u"]
        claims = PageClaims(
            str(payload["k"]),
            str(payload["p"]),
            None if served_to is None else str(served_to),
            str(payload["s"]),
        )
    except (KeyError, TypeError):
        raise TokenError("page token invalid") from None
    if not constant_time_compare(claims.session, session_binding(session_key)):
        raise TokenError("page token belongs to another session")
    if claims.user != user_key(user):
        raise TokenError("page token belongs to another user")
    return claims
