"""Decode the arguments a client sends back into Python values.

The client sends element values as ``{"$v": raw, "as": name}`` (docs/protocol.md §1); coercion
happens here, on the server, so a bad value gives one clear error instead of a client-side guess.

Everything here is client input, so every failure is a ``CoercionError`` (a 400 or an error frame,
never a 500): nesting is bounded before anything recurses, JSON strings and numbers are bounded in
length, and error messages quote the value through ``clip`` so a hostile value can neither flood
nor forge log lines.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from .clip import clip
from .exceptions import HypergenError

__all__ = [
    "MAX_FORM_FIELDS",
    "MAX_JSON_CHARS",
    "MAX_NESTING",
    "MAX_NUMBER_CHARS",
    "CoercionError",
    "decode_args",
]

# How deeply lists and dicts may nest inside one argument (the argument list itself not counted),
# also inside a "json" value. Real arguments nest a few levels; a limit far below Python's
# recursion limit means decoding (and whatever the callback does with the value) never hits it.
MAX_NESTING = 32

# The longest string a "json" coercion parses: an element value, not a document upload.
MAX_JSON_CHARS = 256 * 1024

# The longest string read as an int, float or decimal: Python's own limit for int (4300 digits),
# so a decimal cannot smuggle in a number that is huge to print or convert.
MAX_NUMBER_CHARS = 4300

# The most values a "form" coercion takes (each item of a multi-value field counts); each name and
# value is at most MAX_JSON_CHARS long, like the one string a "json" coercion parses.
MAX_FORM_FIELDS = 1000


class CoercionError(HypergenError, ValueError):
    """A client value that can't be read as the type its element asked for."""


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw in ("true", "on", "1", 1):
        return True
    if raw in ("false", "off", "0", "", 0, None):
        return False
    raise ValueError("not a bool")


def _number_text(raw: Any) -> Any:
    if isinstance(raw, str) and len(raw) > MAX_NUMBER_CHARS:
        raise ValueError("too long")
    return raw


def _to_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("a bool is not an int")
    if isinstance(raw, float):
        if not raw.is_integer():  # also false for inf and nan
            raise ValueError("not integral")
        return int(raw)
    return int(_number_text(raw))


def _to_float(raw: Any) -> float:
    # "1e999", "inf" and "nan" parse, but no form field means them, and they break comparisons,
    # sums and database writes downstream: refused.
    value = float(_number_text(raw))
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def _to_decimal(raw: Any) -> Decimal:
    try:
        value = Decimal(_number_text(str(raw)))
    except InvalidOperation:
        raise ValueError("not a decimal") from None
    # Finite, and an exponent no bigger than the digits allowed: "1e999999999" is a short string
    # whose int() or "{:f}" would take gigabytes.
    if not value.is_finite() or abs(value.adjusted()) > MAX_NUMBER_CHARS:
        raise ValueError("out of range")
    return value


def _to_list(raw: Any) -> list[Any]:
    if not isinstance(raw, list):
        raise ValueError("not a list")
    return raw


def _to_json(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw  # already structured (nesting checked with the arguments)
    if len(raw) > MAX_JSON_CHARS:
        raise ValueError("too long")
    # json's C parser raises RecursionError (cleanly, at the recursion limit) for deep input; the
    # length bound keeps that cheap, and the result is held to MAX_NESTING like any argument.
    value = json.loads(raw)
    if _too_deep(value, MAX_NESTING):
        raise ValueError("nested too deeply")
    return value


def _to_form(raw: Any) -> dict[str, str | list[str]]:
    """A form's fields, ``{name: value or [values]}``, all strings: what ``MyForm(data)`` takes
    (a blank field stays "", as Django forms expect)."""
    if not isinstance(raw, dict):
        raise ValueError("not a form")
    form: dict[str, str | list[str]] = {}
    count = 0
    for name, value in raw.items():
        values = value if isinstance(value, list) else [value]
        count += len(values)
        if count > MAX_FORM_FIELDS:
            raise ValueError("too many fields")
        for text in (name, *values):
            if not isinstance(text, str) or len(text) > MAX_JSON_CHARS:
                raise ValueError("not a string, or too long")
        form[name] = list(values) if isinstance(value, list) else value
    return form


def _to_trimmed(raw: Any) -> str | None:
    # Hypergen reads text fields trimmed; blank after trimming is "no value", like "".
    return str(raw).strip() or None


def _to_month(raw: Any) -> dict[str, int]:
    # <input type="month">: "2024-05" → {"year": 2024, "month": 5}, as Hypergen gives it.
    year, month = str(raw).split("-")
    value = datetime.date(int(year), int(month), 1)  # range-checks both
    return {"year": value.year, "month": value.month}


def _to_week(raw: Any) -> dict[str, int]:
    # <input type="week">: "2024-W07" → {"year": 2024, "week": 7}.
    year, week = str(raw).split("-W")
    value = datetime.date.fromisocalendar(int(year), int(week), 1)  # range-checks both
    return {"year": value.isocalendar()[0], "week": int(week)}


def _to_intlist(raw: Any) -> list[int]:
    return [_to_int(item) for item in _to_list(raw)]


def _to_filename(raw: Any) -> str:
    # A file input's value is "C:\\fakepath\\name" in every browser: the name is what's meant.
    return str(raw).replace("\\", "/").rsplit("/", 1)[-1]


def _to_range(raw: Any) -> range:
    items = _to_list(raw)
    if len(items) != 3 or not all(type(item) is int for item in items):
        raise ValueError("not [start, stop, step]")
    return range(*items)


_COERCERS: dict[str, Callable[[Any], Any]] = {
    "str": str,
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "date": lambda raw: datetime.date.fromisoformat(raw),
    "datetime": lambda raw: datetime.datetime.fromisoformat(raw),
    "time": lambda raw: datetime.time.fromisoformat(raw),
    "list": _to_list,
    "json": _to_json,
    "decimal": _to_decimal,
    "form": _to_form,
    # Hypergen's value types (hypergen_vdom.compat uses them; any page may).
    "trim": _to_trimmed,
    "month": _to_month,
    "week": _to_week,
    "intlist": _to_intlist,
    "filename": _to_filename,
    # set, frozenset and range arguments a callback was rendered with (bindings._encode_arg);
    # the items are JSON scalars, so an unhashable one is a bad value, not a crash.
    "set": lambda raw: set(_to_list(raw)),
    "frozenset": lambda raw: frozenset(_to_list(raw)),
    "range": _to_range,
}

# What a coercer raises on bad input: ValueError (int("x"), fromisoformat, json), TypeError (a list
# where a str was expected), ArithmeticError (OverflowError from float(10**400), decimal's
# InvalidOperation), RecursionError (a parser's own depth limit).
_BAD_VALUE = (ValueError, TypeError, ArithmeticError, RecursionError)


def _too_deep(value: Any, limit: int) -> bool:
    """Whether more than ``limit`` lists/dicts enclose one another in ``value`` (``[]`` is one
    level, ``[[1]]`` two). Iterative, so input of any depth is measured without recursing."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (list, dict)):
            continue
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))
    return False


def _decode(value: Any, position: str) -> Any:
    # Recursion is bounded: decode_args checked the nesting first.
    if isinstance(value, list):
        return [_decode(item, position) for item in value]
    if isinstance(value, dict):
        if "$v" in value:
            raw = value["$v"]
            name = value.get("as") or "str"
            coercer = _COERCERS.get(name) if isinstance(name, str) else None
            if coercer is None:
                raise CoercionError(f"{position}: unknown coercion {clip(name)}")
            if raw is None or raw == "":
                # An empty field is "no value" whatever its type (as in Hypergen): an optional date
                # or number the user left blank reaches the handler, which can say "required".
                # (A form is a dict, never "": its blank fields stay "" inside it.)
                return None
            try:
                return coercer(raw)
            except _BAD_VALUE:
                raise CoercionError(f"{position}: {clip(raw)} is not a valid {name}") from None
        return {key: _decode(item, position) for key, item in value.items()}
    return value


def decode_args(args: Any) -> list[Any]:
    """The callback's argument list, coerced; raises ``CoercionError`` naming the bad argument."""
    if not isinstance(args, list):
        raise CoercionError(f"arguments must be a list, got {type(args).__name__}")
    for index, arg in enumerate(args):
        if _too_deep(arg, MAX_NESTING):
            raise CoercionError(f"argument {index + 1}: lists and dicts nest more than {MAX_NESTING} deep")
    return [_decode(arg, f"argument {index + 1}") for index, arg in enumerate(args)]
