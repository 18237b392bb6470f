"""``hypergen.hypergen``: the helpers Hypergen's own modules and tests import from there."""

from __future__ import annotations

import html
from typing import Any

from django.utils.encoding import force_str

from ..urls import autourls

__all__ = ["autourls", "compare_funcs", "make_string", "t"]


def make_string(value: Any) -> str:
    """``None`` as ``""``, anything else as its text (lazy translations resolved)."""
    return "" if value is None else force_str(value)


def t(value: Any, quote: bool = True) -> str:
    """``value`` as escaped HTML text, the way Hypergen's helper of this name escapes it."""
    return html.escape(make_string(value), quote=quote)


def compare_funcs(a: Any, b: Any) -> bool:
    """Whether two functions are the same definition (same name, module, qualname and doc): how
    Hypergen tells two base templates apart across reloads."""
    return all(getattr(a, k) == getattr(b, k) for k in ("__doc__", "__name__", "__module__", "__qualname__"))
