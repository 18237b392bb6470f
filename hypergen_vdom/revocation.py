"""Logout and password changes reach open page connections.

Every page connection joins two channel groups of its own: one for its session, one for its user.
Django's ``user_logged_out`` signal closes the session's connections; saving a user (a password
change rotates the session auth hash) makes that user's connections re-check their session, and
those whose session no longer authenticates the same user close. Closed with ``Close.DEAUTHORISED``,
the client reloads over HTTP, where Django decides what the user may see now.

Needs a channel layer (``CHANNEL_LAYERS``); without one, a logged-out user's open pages keep
their connection until it drops (the token no longer opens anything after that).
"""

from __future__ import annotations

import hashlib
import logging
from importlib import import_module
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

from .tokens import session_binding, user_key

__all__ = ["connect_signals", "session_authenticates", "session_group", "user_group"]

logger = logging.getLogger("hypergen_vdom")


def session_group(binding: str) -> str:
    return f"hypergen-s-{binding}"


def user_group(key: str) -> str:
    # Hashed: a pk may hold characters a group name can't (and its length is unbounded).
    return "hypergen-u-" + hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def _send(group: str, kind: str) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": kind})
    except Exception:  # a logout must not fail because the channel layer is down
        logger.exception("hypergen: could not notify %s", group)


def _logged_out(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    binding = session_binding(getattr(session, "session_key", None))
    if binding:
        _send(session_group(binding), "hypergen.deauth")


def _user_saved(sender: Any, instance: Any = None, created: bool = False, **kwargs: Any) -> None:
    if not created and instance is not None and instance.pk is not None:
        _send(user_group(str(instance.pk)), "hypergen.recheck")


def session_authenticates(session_key: str | None, expected_user: str | None) -> bool:
    """Whether the session still logs in the user it logged in (Django's own check: the session
    exists, names that user, and carries their current session auth hash)."""
    from django.contrib.auth import get_user

    if not session_key:
        return expected_user is None

    class _Request:
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)

    return bool(user_key(get_user(_Request())) == expected_user)  # type: ignore[arg-type]


def connect_signals() -> None:
    """Called from the app's ``ready()``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.signals import user_logged_out
    from django.db.models.signals import post_save

    user_logged_out.connect(_logged_out, dispatch_uid="hypergen_vdom.logged_out")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="hypergen_vdom.user_saved")
