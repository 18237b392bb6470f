"""Decode the arguments a client sends back into Python values.

The client sends element values as ``{"$v": raw, "as": name}`` (docs/protocol.md §1); coercion
happens here, on the server, so a bad value gives one clear error instead of a client-side guess.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["CoercionError", "decode_args"]


class CoercionError(ValueError):
    """A client value that can't be read as the type its element asked for."""


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw in ("true", "on", "1", 1):
        return True
    if raw in ("false", "off", "0", "", 0, None):
        return False
    raise ValueError(raw)


def _to_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(raw)
        return int(raw)
    return int(raw)


def _to_decimal(raw: Any) -> Decimal:
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise ValueError(raw) from None


def _to_list(raw: Any) -> list[Any]:
    if not isinstance(raw, list):
        raise ValueError(raw)
    return raw


_COERCERS: dict[str, Callable[[Any], Any]] = {
    "str": str,
    "int": _to_int,
    "float": float,
    "bool": _to_bool,
    "date": lambda raw: datetime.date.fromisoformat(raw),
    "datetime": lambda raw: datetime.datetime.fromisoformat(raw),
    "time": lambda raw: datetime.time.fromisoformat(raw),
    "list": _to_list,
    "json": lambda raw: json.loads(raw) if isinstance(raw, str) else raw,
    "decimal": _to_decimal,
}


def _decode(value: Any, position: str) -> Any:
    if isinstance(value, list):
        return [_decode(item, position) for item in value]
    if isinstance(value, dict):
        if "$v" in value:
            raw = value["$v"]
            name = value.get("as") or "str"
            coercer = _COERCERS.get(name)
            if coercer is None:
                raise CoercionError(f"{position}: unknown coercion {name!r}")
            try:
                return coercer(raw)
            except (ValueError, TypeError):
                raise CoercionError(f"{position}: {raw!r} is not a valid {name}") from None
        return {key: _decode(item, position) for key, item in value.items()}
    return value


def decode_args(args: Any) -> list[Any]:
    """The callback's argument list, coerced; raises ``CoercionError`` naming the bad argument."""
    if not isinstance(args, list):
        raise CoercionError(f"arguments must be a list, got {type(args).__name__}")
    return [_decode(arg, f"argument {index + 1}") for index, arg in enumerate(args)]
