"""Permission checks shared by ``@liveview``, ``@action`` and ``@consumer``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .exceptions import HypergenError

__all__ = ["LOGIN_REQUIRED", "NO_PERM_REQUIRED", "MissingPermError", "has_perms", "normalize_perms"]


class _NoPermRequired:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_PERM_REQUIRED"


NO_PERM_REQUIRED: Any = _NoPermRequired()


class _LoginRequired:
    __slots__ = ()

    def __repr__(self) -> str:
        return "LOGIN_REQUIRED"


# Any logged-in user, no particular permission: checked on the HTTP render, when a page is rebuilt
# for its websocket, and on every handler call.
LOGIN_REQUIRED: Any = _LoginRequired()


class MissingPermError(HypergenError, TypeError):
    """A view or callback was declared without ``perm=``: we never guess that it is public."""


def normalize_perms(perm: Any, where: str) -> tuple[str, ...] | None:
    """``None`` means no permission needed; otherwise the tuple of permission names (empty: any
    logged-in user)."""
    if perm is NO_PERM_REQUIRED:
        return None
    if perm is LOGIN_REQUIRED:
        return ()
    if perm is None:
        raise MissingPermError(
            f"{where} needs perm=: a permission string or list, LOGIN_REQUIRED,"
            " or NO_PERM_REQUIRED for a public one"
        )
    if isinstance(perm, str):
        return (perm,)
    if isinstance(perm, Sequence) and perm and all(isinstance(p, str) for p in perm):
        return tuple(perm)
    raise MissingPermError(f"{where}: perm= must be a permission string, a list of them or NO_PERM_REQUIRED")


def has_perms(user: Any, perms: tuple[str, ...] | None, any_perm: bool = False) -> bool:
    if perms is None:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not perms:
        return True
    if any_perm:
        return any(user.has_perm(p) for p in perms)
    return bool(user.has_perms(perms))
