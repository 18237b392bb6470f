"""Event bindings: ``callback()``, ``call_js()``, ``THIS`` and element references.

A binding is rendered as the JSON value of an ``hv-<event>`` attribute (docs/protocol.md §1), so it
is plain data in the tree and diffs like any other attribute. Pure Python, no Django import: the
Django layer gives every ``@action``/``@consumer`` function a spec (``func.hypergen``) whose
``callback_target()`` names where the client sends the event (an action URL or a handler id).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .exceptions import HypergenError
from .tree import Element, clean_text, current_state

__all__ = [
    "THIS",
    "Binding",
    "NotCallableError",
    "call_js",
    "callback",
    "coerce_name",
]


class NotCallableError(HypergenError, TypeError):
    """``callback()`` was given a function the client cannot reach."""


class _This:
    """Stands for the element that carries the binding; its value is read when the event fires."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "THIS"


THIS: Any = _This()

# What the client is told to coerce a value to; ``str`` needs no tag.
_COERCE_NAMES: dict[Any, str | None] = {
    str: None,
    int: "int",
    float: "float",
    bool: "bool",
    datetime.date: "date",
    datetime.datetime: "datetime",
    datetime.time: "time",
    list: "list",
    dict: "json",
    Decimal: "decimal",
}
# "form": a <form> element's fields as one ``{name: value}`` dict (the client reads the form; the
# coercion every form element gets, see ``_coerce_of``).
# Hypergen's value types (coerce.py): "trim" is a text field read trimmed, "month"/"week" dicts, …
_KNOWN_NAMES = frozenset(name for name in _COERCE_NAMES.values() if name) | {
    "str", "form", "trim", "month", "week", "intlist", "filename"
}


def coerce_name(coerce_to: Any) -> str | None:
    """Normalize ``coerce_to=int`` / ``"int"`` to the protocol's name (None for plain str)."""
    if isinstance(coerce_to, str):
        if coerce_to not in _KNOWN_NAMES:
            raise ValueError(f"Unknown coerce_to {coerce_to!r}; use one of {sorted(_KNOWN_NAMES)}")
        return None if coerce_to == "str" else coerce_to
    try:
        return _COERCE_NAMES[coerce_to]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown coerce_to {coerce_to!r}") from None


class Binding:
    """An event binding; ``render(element)`` gives the ``hv-<event>`` attribute value."""

    __slots__ = ("args", "options", "target")

    def __init__(self, target: str, args: tuple[Any, ...], options: dict[str, Any]) -> None:
        self.target = target
        self.args = args
        self.options = options

    def render(self, element: Element) -> str:
        """The attribute value: the binding's JSON as the HTML parser hands it back (``clean_text``:
        JSON escapes CR and NUL, but with ensure_ascii=False a lone surrogate stays raw)."""
        # Hot path (a row per item, a binding or two per row, every render): a binding whose
        # arguments are all str/int/None/THIS (``callback(save, THIS, row_id)`` on every row's
        # input) is encoded once and its text reused (bounded LRU), so
        # re-rendering a page serializes none of them again and hands the differ the very same
        # string objects (compared by identity first).
        args = self.args
        this_as: str | None = None  # THIS reads the bound element, whose coercion is part of the key
        for arg in args:
            kind = type(arg)
            if kind is not str and kind is not int and arg is not None:
                if arg is not THIS:
                    return clean_text(self.encode(element))
                this_as = _coerce_of(element)
        options = self.options
        if not options:
            return _plain_json(self.target, args, (), this_as)
        # Option values by type too: a cache key must never confuse True with 1.
        key = tuple([(k, type(v), v) for k, v in options.items()])
        try:
            return _plain_json(self.target, args, key, this_as)
        except TypeError:  # an unhashable option value (when=[...]): encoded, not cached
            return clean_text(self.encode(element))

    def encode(self, element: Element) -> str:
        """The JSON, built afresh (what ``render`` caches for plain arguments)."""
        args = [_encode_arg(arg, element) for arg in self.args]
        value: list[Any] = [self.target, args, self.options] if self.options else [self.target, args]
        return _JSON.encode(value)

    def __repr__(self) -> str:
        return f"Binding({self.target!r}, {self.args!r}, {self.options!r})"


# json.dumps with these options builds an encoder per call; one is enough (it keeps no state).
_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


@functools.lru_cache(maxsize=8192)
def _plain_json(
    target: str,
    args: tuple[Any, ...],
    options: tuple[tuple[str, type, Any], ...],
    this_as: str | None,
) -> str:
    """The attribute text of a binding with str/int/None/THIS arguments (str, int and None never
    compare equal to one another, so the key is exact; THIS is a singleton, read as the bound
    element, coerced as ``this_as``)."""
    encoded = [_element_ref(None, this_as) if arg is THIS else arg for arg in args]
    if not options:
        return clean_text(_JSON.encode([target, encoded]))
    return clean_text(_JSON.encode([target, encoded, {name: value for name, _, value in options}]))


def callback(
    func: Callable[..., Any],
    *args: Any,
    debounce: int | None = None,
    confirm: str | None = None,
    when: Any = None,
    clear: bool = False,
    blocks: bool = False,
    disable_with: str | None = None,
) -> Binding:
    """Bind an event to an ``@action`` or ``@consumer`` function, called with ``args``.

    Elements (and ``THIS``) among ``args`` are read on the client when the event fires; a
    ``<form>`` element is read as a whole, ``{name: value}`` of its fields. While the event is in
    flight the element (and its form) has the class ``hypergen-loading``; ``disable_with="Saving…"``
    also disables it and shows that text until the answer arrives.
    """
    spec = getattr(func, "hypergen", None)
    target_of = getattr(spec, "callback_target", None)
    if target_of is None:
        raise NotCallableError(
            f"callback() needs a function decorated with @action or @consumer, got {func!r}"
        )
    options: dict[str, Any] = {}
    if debounce:
        options["debounce"] = int(debounce)
    if confirm:
        options["confirm"] = str(confirm)
    if when is not None:
        options["when"] = [when] if isinstance(when, str) else list(when)
    if clear:
        options["clear"] = True
    if blocks:
        options["blocks"] = True
    if disable_with is not None:
        options["disable_with"] = str(disable_with)
    return Binding(target_of(), args, options)


def call_js(js_path: str, *args: Any) -> Binding:
    """Bind an event to a client-side function (dotted path on ``window``); no server trip."""
    return Binding("js:" + js_path, args, {})


def _encode_arg(arg: Any, bound: Element) -> Any:
    if arg is None or isinstance(arg, (str, bool, int, float)):
        return arg
    if arg is THIS:
        return _element_ref(None, _coerce_of(bound))
    if isinstance(arg, Element):
        return _element_ref(_ensure_id(arg), _coerce_of(arg))
    if isinstance(arg, (list, tuple)):
        return [_encode_arg(item, bound) for item in arg]
    if isinstance(arg, dict):
        return {str(k): _encode_arg(v, bound) for k, v in arg.items()}
    if isinstance(arg, datetime.datetime):
        return {"$v": arg.isoformat(), "as": "datetime"}
    if isinstance(arg, datetime.date):
        return {"$v": arg.isoformat(), "as": "date"}
    if isinstance(arg, datetime.time):
        return {"$v": arg.isoformat(), "as": "time"}
    if isinstance(arg, Decimal):
        return {"$v": str(arg), "as": "decimal"}
    if isinstance(arg, (set, frozenset)):
        return {"$v": [_encode_arg(item, bound) for item in _ordered(arg)], "as": type(arg).__name__}
    if isinstance(arg, range):
        return {"$v": [arg.start, arg.stop, arg.step], "as": "range"}
    raise TypeError(f"callback() argument {arg!r} of type {type(arg).__name__} can't be sent to the client")


def _ordered(items: set[Any] | frozenset[Any]) -> list[Any]:
    # Sorted, so the rendered attribute is the same in every process (str hashes are salted).
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _coerce_of(element: Element) -> str | None:
    # A <form> (elements.py gives it no coercion of its own) is read whole: "form".
    if element.coerce is None and element.tag == "form":
        return "form"
    return element.coerce


def _element_ref(element_id: str | None, coerce: str | None) -> dict[str, Any]:
    return {"$el": element_id, "as": coerce} if coerce else {"$el": element_id}


def _ensure_id(element: Element) -> str:
    element_id = element.id
    if element_id is not None:
        return element_id
    state = current_state()
    if state is None:
        raise ValueError(f"callback() refers to <{element.tag}> which has no id; give it one with id_=")
    element_id = state.auto_id()
    state.register_id(element_id)
    element.attrs = {**element.attrs, "id": element_id}  # a new dict: it may be the shared NO_ATTRS
    return element_id
