"""``hypergen.hypergen``: the helpers Hypergen's own modules and tests import from there."""

from __future__ import annotations

from typing import Any

from ..urls import autourls

__all__ = ["autourls", "compare_funcs"]


def compare_funcs(a: Any, b: Any) -> bool:
    """Whether two functions are the same definition (same name, module, qualname and doc): how
    Hypergen tells two base templates apart across reloads."""
    return all(getattr(a, k) == getattr(b, k) for k in ("__doc__", "__name__", "__module__", "__qualname__"))
