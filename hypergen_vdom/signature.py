"""Check a client's arguments against the callback's signature before calling it.

Clients can send anything, so a wrong count or an argument of the wrong annotated type must give a
clear 400/error frame, not a ``TypeError`` from deep inside user code.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, get_type_hints

from .exceptions import HypergenError

__all__ = ["BadArgumentsError", "check_arguments"]


class BadArgumentsError(HypergenError, ValueError):
    """The client's arguments don't fit the callback."""


_CHECKABLE = (str, int, float, bool, list, dict, datetime.date, datetime.datetime, datetime.time, Decimal)


@cache
def _signature(func: Callable[..., Any]) -> tuple[inspect.Signature, dict[str, Any], tuple[str, ...] | None]:
    """The signature, the type hints and, when every parameter is a plain positional one without a
    default (``def toggle(consumer, request, todo_id)``, the usual handler), their names."""
    try:
        hints = get_type_hints(func)
    except Exception:  # unresolvable annotations only lose the type check, never the call
        hints = {}
    signature = inspect.signature(func)
    plain = all(
        p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty for p in signature.parameters.values()
    )
    return signature, hints, tuple(signature.parameters) if plain else None


def check_arguments(func: Callable[..., Any], leading: tuple[Any, ...], args: list[Any]) -> None:
    """Raise ``BadArgumentsError`` unless ``func(*leading, *args)`` fits the signature."""
    signature, hints, names = _signature(func)
    if names is not None and len(names) == len(leading) + len(args):
        # Checked on every event: for plain parameters the right count is all that binding
        # checks (inspect's bind() costs ~20 µs, a fifth of a small page's whole event).
        arguments: Any = zip(names[len(leading) :], args, strict=True)
    else:
        try:
            bound = signature.bind(*leading, *args)
        except TypeError as error:
            raise BadArgumentsError(f"{func.__name__}() got {len(args)} argument(s): {error}") from None
        arguments = list(bound.arguments.items())[len(leading) :]
    if not hints:
        return
    for name, value in arguments:
        expected = hints.get(name)
        if expected in _CHECKABLE and not _fits(value, expected):
            raise BadArgumentsError(
                f"{func.__name__}() argument {name!r} must be {expected.__name__}, got {type(value).__name__}"
            )


def _fits(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is datetime.date:
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    return isinstance(value, expected)
