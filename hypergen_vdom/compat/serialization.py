"""Hypergen's ``dumps``/``loads``: JSON that round-trips dates, sets, ranges, tuples and deques.

A value JSON lacks is written as ``{"_": [type name, value]}`` (Hypergen's format), so data made
with Hypergen's ``dumps`` reads back here and the other way round. The wire protocol of
hypergen_vdom itself is msgpack (docs/protocol.md); this module is for application code.
"""

from __future__ import annotations

import datetime
import json
from collections import deque
from collections.abc import Callable
from typing import Any

__all__ = ["EVENT", "dumps", "loads"]


class _Event:
    """Hypergen's ``EVENT`` marker. Hypergen 1.5.6's own client never sends the event either, so a
    callback refuses it (``liveview.callback``); ``dumps`` writes it as Hypergen does."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EVENT"


EVENT: Any = _Event()


def _ordered(items: Any) -> list[Any]:
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"_": ["datetime", str(value)]}
    if isinstance(value, datetime.date):
        return {"_": ["date", str(value)]}
    if isinstance(value, datetime.time):
        return {"_": ["time", str(value)]}
    if isinstance(value, deque):
        return {"_": ["deque", list(value)]}
    if isinstance(value, (set, frozenset)):
        return {"_": [type(value).__name__, _ordered(value)]}
    if isinstance(value, range):
        return {"_": ["range", [value.start, value.stop, value.step]]}
    if value is EVENT:
        return {"_": ["EVENT", None]}
    node = getattr(value, "node", None)
    if node is not None and getattr(value, "js_value_func", None):
        return ["_", "element_value", [value.js_value_func, value.js_coerce_func, node.id]]
    raise TypeError(f"{value!r} is not JSON serializable")


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "float": float,
    "date": datetime.date.fromisoformat,
    "datetime": datetime.datetime.fromisoformat,
    "time": datetime.time.fromisoformat,
    "tuple": tuple,
    "deque": deque,
    "set": set,
    "frozenset": frozenset,
    "range": lambda value: range(*value),
}


def _decode(obj: dict[Any, Any]) -> Any:
    tagged = obj.get("_")
    if type(tagged) is not list or len(tagged) != 2:
        return obj
    name, value = tagged
    decoder = _DECODERS.get(name)
    if decoder is None:
        raise ValueError(f"loads(): unknown datatype {name!r}")
    return decoder(value)


def dumps(data: Any, default: Callable[[Any], Any] = _encode, indent: int | None = None) -> str:
    return json.dumps(data, default=default, separators=(",", ":"), indent=indent)


def loads(data: str | bytes, integer_keys: bool = False) -> Any:
    if integer_keys:
        return json.loads(
            data, object_pairs_hook=lambda pairs: _decode({int(k) if k.isdigit() else k: v for k, v in pairs})
        )
    return json.loads(data, object_hook=_decode)
