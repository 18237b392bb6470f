"""``@memo``: a template function whose output is reused while its arguments are unchanged.

::

    @memo
    def todo_row(todo_id: int, text: str, done: bool) -> None:
        li(input_(type_="checkbox", checked=done, onchange=callback(toggle, todo_id)),
           label(text), key=todo_id)

    with ul():
        for todo in todos:
            todo_row(todo["id"], todo["text"], todo["done"])

**The contract.** A memo function's output may depend only on its arguments (and on constants:
module-level functions, the element functions). Its arguments must be values that cannot change
after the call, checked at every call:

- ``None``, ``bool``, ``int``, ``float``, ``complex``, ``str``, ``bytes``, ``Decimal``, ``Fraction``,
  ``date``, ``datetime``, ``time``, ``timedelta``, ``UUID``, enum members;
- ``tuple`` (named tuples too) and ``frozenset`` of such values;
- instances of a ``@dataclass(frozen=True)`` whose fields are such values;
- functions and classes (by identity: ``callback(toggle, …)`` inside the row needs ``toggle``);
- any object whose class has a ``memo_key`` (a method or property): the object is passed to the
  function and ``memo_key`` stands for it in the cache key, so it must change whenever anything the
  function shows of the object changes, e.g. ``(self.pk, self.version)``.

Anything else (a ``list``, a ``dict``, a model instance, a mutable object) raises ``TypeError``
naming the argument: mutated in place after the call, it would leave a stale row behind, so it is
refused instead. Pass the values the row shows, a tuple, or a frozen dataclass.

The cache key is the function and the arguments *as typed values*: ``1``, ``1.0`` and ``True`` are
equal in Python but render differently, so they are different keys (so are ``Decimal("1.0")`` and
``Decimal("1.00")``, ``0.0`` and ``-0.0``, ``"<b>"`` and ``raw``-like ``str`` subclasses).

**What reuse means.** On a hit the function does not run: the nodes it made last time (the *same*
``Element`` objects) are appended to the open parent, and what its render registered is replayed
(element ids, so ``DuplicateIdError`` still fires; the ``@consumer`` handlers its callbacks bind).
The differ skips a node that is the very object already shown (``old is new``), so an unchanged row
costs a dictionary look-up instead of a render and a diff. Inside a memo function ``command()`` is
refused (a command is an effect of the event, not output) and so is a ``callback()`` that refers to
an element without an explicit ``id_=`` (automatic ids depend on render order).

**The cache** (``MemoCache``) lives with the connection, in its ``DiffSession``: the HTTP render of a
diff-mode page fills it, so the first event already reuses the baseline's rows. After a render that
became the kept tree, only the entries that render used are kept: the cache is bounded by the page.
Only numbered outputs (in the kept tree, which nothing changes in place; ``nodeids.fresh`` copies
a reused node before numbering it elsewhere) are kept, so snapshots and forked tabs may share them.
A pickled snapshot (``CachePageStore``) leaves the cache out: after a reconnect the first render just
misses. Renders without a connection (classic pages, actions, tests) reuse within the render only.
An output that is one element is kept sealed once numbered (``sealed.py``: its inside as bytes),
and the cache holds that row itself, per function, under the arguments' own tuple.

Give memoized rows a ``key=`` (keyed children): a keyed move keeps each row's identity, so the
differ skips it; in an unkeyed list a row that shifts position is compared in full (still right).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import inspect
import types
import uuid
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, ParamSpec

from .sealed import SealedElement, open_element, seal, seal_rows
from .tree import Element, Fragment, RenderState, _state, append_child

__all__ = ["MemoCache", "entry_nodes", "memo", "numbered"]

P = ParamSpec("P")


class _Entry:
    """One memoized output: its nodes, and what its render registered (replayed on reuse).

    A 1000-row list keeps 1000 of these: one node is kept as itself and one registered id as
    itself, not in a tuple of one (48 B each)."""

    __slots__ = ("_ids", "_nodes", "consumers")

    def __init__(self, nodes: tuple[Element | str, ...], ids: tuple[str, ...], consumers: dict[str, Any]):
        self._nodes: Any = nodes[0] if len(nodes) == 1 else nodes
        self._ids: Any = ids[0] if len(ids) == 1 else ids
        self.consumers = consumers

    @property
    def nodes(self) -> tuple[Element | str, ...]:
        nodes = self._nodes
        return nodes if type(nodes) is tuple else (nodes,)

    @property
    def ids(self) -> tuple[str, ...]:
        ids = self._ids
        return ids if type(ids) is tuple else (ids,)

    def __reduce__(self) -> tuple[type[_Entry], tuple[Any, ...]]:
        # A packed page (packing.py) keeps its cache: three fields, not a dict of slot names.
        return (_Entry, (self.nodes, self.ids, self.consumers))

    def numbered(self) -> bool:
        """Whether every element of the output carries node ids: it is in a kept tree, where
        nothing is changed in place any more."""
        return all(node.nid is not None for node in self.nodes if isinstance(node, Element))


def entry_nodes(entry: _Entry | SealedElement) -> tuple[Element | str, ...]:
    """A cache entry's output (an entry is a row itself, or an ``_Entry``)."""
    return (entry,) if type(entry) is SealedElement else entry.nodes  # type: ignore[union-attr]


def numbered(entry: _Entry | SealedElement) -> bool:
    """Whether a cache entry's output is numbered (an entry is a row itself, or an ``_Entry``)."""
    return entry.nid is not None if type(entry) is SealedElement else entry.numbered()  # type: ignore[union-attr]


class MemoCache:
    """One connection's ``@memo`` outputs: ``entries`` those of the render that made the kept
    tree (never changed in place, so copies share it), ``used`` the render in progress."""

    __slots__ = ("entries", "missed", "opened", "rows", "used")

    def __init__(self, entries: dict[Any, dict[Any, _Entry | SealedElement]] | None = None) -> None:
        # Per memo function, its outputs by argument key (a key without the function in it: a
        # 1000-row table keeps 1000 keys).
        self.entries: dict[Any, dict[Any, _Entry | SealedElement]] = entries if entries is not None else {}
        self.used: dict[Any, dict[Any, _Entry | SealedElement]] | None = None
        # Outputs rendered since the last seal_opened(), still open (sealed.py): a render's own.
        self.opened: list[SealedElement] = []
        # (function, key) of the outputs the render in progress made (not reused): commit() checks them.
        self.missed: list[tuple[Any, Any]] = []
        # Places of rows of long keyed lists to seal with the outputs (``sealed.seal_rows``).
        self.rows: list[list[Any]] = []

    def __len__(self) -> int:
        return sum(map(len, self.entries.values()))

    def items(self) -> list[tuple[Any, Any, _Entry | SealedElement]]:
        """Every committed output as (memo function, argument key, entry)."""
        entries = self.entries
        return [(func, key, entry) for func, outputs in entries.items() for key, entry in outputs.items()]

    def __reduce__(self) -> tuple[type[MemoCache], tuple[()]]:
        return (MemoCache, ())  # pickled snapshots leave the cache out: the next render misses

    def begin(self) -> None:
        """A render starts: it reuses ``entries`` and records what it uses in ``used``."""
        self.used = {}
        self.missed = []

    def commit(self) -> None:
        """The render that began last became the kept tree: keep what it used (numbered).

        Reused entries are numbered (committed before, never changed in place): only the outputs
        this render made are checked (one outside the target, or inside opaque content, is not)."""
        used = self.used
        if used is None:
            return
        self.used = None
        for func, key in self.missed:
            outputs = used[func]
            entry = outputs.get(key)
            if entry is not None and not numbered(entry):
                del outputs[key]
        self.missed = []
        self.entries = used

    def seal_opened(self) -> None:
        """Seal the outputs rendered since the last call that are now numbered (in a kept tree):
        their insides become bytes (``sealed.py``). Call it once what reads the new tree this
        time (the frame, the page's HTML) is written: a sealed row is decoded on every read."""
        for element in self.opened:
            seal(element)
        self.opened = []
        seal_rows(self.rows)
        self.rows = []

    def copy(self) -> MemoCache:
        """A cache of its own with the same committed entries (shared: never changed in place)."""
        return MemoCache(self.entries)


def memo(func: Callable[P, Any]) -> Callable[P, Element]:
    """Memoize a template function (see the module docstring for the contract).

    Its output is appended to the open parent and returned (the element, or a fragment of
    several nodes), so it nests like a ``@component``: ``div(todo_row(1, "milk", False))``.
    """
    if not callable(func):
        raise TypeError(f"@memo decorates a template function, got {func!r}")
    name = getattr(func, "__qualname__", repr(func))

    @functools.wraps(func)
    def memoized(*args: P.args, **kwargs: P.kwargs) -> Element:
        state = _state.get()
        if state is None:
            raise RuntimeError(f"@memo {name}() is only available while rendering")
        # The key among this function's outputs. The common row (str, int and function arguments,
        # no keywords): the arguments' own tuple. With bools among them (True == 1 and hashes
        # alike, but renders otherwise): (that tuple, a mask of which are bools), or with keywords
        # (that tuple, the mask, the keywords). Any other argument: (a tuple of typed keys, the
        # keywords or None). A flat key never holds a tuple, the others start with one; the
        # second item is an int in one form and a tuple or None in the other: no two collide.
        try:
            mask = 0
            bit = 1
            for arg in args:
                kind = type(arg)
                if kind is bool:
                    mask |= bit
                elif kind is not str and kind is not int and kind is not _FUNCTION:
                    key: Any = (tuple(map(_key, args)), _kwargs_key(kwargs) if kwargs else None)
                    break
                bit <<= 1
            else:
                if kwargs:
                    key = (args, mask, _kwargs_key(kwargs))
                else:
                    key = (args, mask) if mask else args
        except _Unkeyable as error:
            raise TypeError(_refusal(func, name, args, kwargs, error)) from None
        cache = state.memo
        if cache is None:
            cache = state.memo = MemoCache()
        used = cache.used
        if used is None:
            used = cache.used = {}
        mine = used.get(memoized)
        if mine is None:
            mine = used[memoized] = {}
        entry = mine.get(key)
        if entry is None:
            committed = cache.entries.get(memoized)
            entry = committed.get(key) if committed is not None else None
            if entry is None:
                entry = _render(state, func, name, args, kwargs, cache)
                cache.missed.append((memoized, key))
            elif type(entry) is _Entry:
                _replay(state, entry)
            mine[key] = entry
        elif type(entry) is _Entry:
            _replay(state, entry)
        parent = state.stack[-1]
        if type(entry) is SealedElement:  # one element that registered nothing: the usual row
            parent.children.append(entry)
            return entry
        output = entry._nodes  # type: ignore[union-attr]  # an _Entry here
        if type(output) is SealedElement:
            parent.children.append(output)
            return output
        nodes = entry.nodes  # type: ignore[union-attr]
        for node in nodes:
            append_child(parent, node)
        return Fragment(list(nodes))

    return memoized


def _render(
    state: RenderState,
    func: Callable[..., Any],
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    cache: MemoCache,
) -> _Entry | SealedElement:
    """Run ``func`` into a fragment of its own, recording the ids and handlers it registers."""
    outer_consumers, outer_ids, outer_commands = state.consumers, state.memo_ids, state.commands
    outer_merged = state.memo_consumers
    fragment = Fragment()
    ids: list[str] = []
    state.consumers, state.memo_ids, state.commands, state.memo_consumers = {}, ids, [], None
    state.stack.append(fragment)
    try:
        result = func(*args, **kwargs)
    finally:
        state.stack.pop()
        consumers, commands = state.consumers, state.commands
        state.consumers, state.memo_ids, state.commands = outer_consumers, outer_ids, outer_commands
        state.memo_consumers = outer_merged
        outer_consumers.update(consumers)
        if outer_ids is not None:
            outer_ids.extend(ids)
    if commands:
        raise TypeError(f"@memo {name}() queued a command(): queue commands outside memoized functions")
    if result is not None and not (isinstance(result, Element) and _holds(fragment, result)):
        append_child(fragment, result)  # a returned value is output, as for @component
    nodes = fragment.children
    if len(nodes) == 1 and type(nodes[0]) is Element:  # the usual row: sealed once numbered
        row = open_element(nodes[0])
        cache.opened.append(row)
        if not ids and not consumers:
            return row  # nothing to replay: the cache holds the row itself
        nodes = [row]
    return _Entry(tuple(nodes), tuple(ids), _shared(consumers))


# Rows of one list bind the same handlers: their entries share one dict (bounded, never changed).
_CONSUMER_SETS: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
_CONSUMER_SETS_MAX = 1024


def _shared(consumers: dict[str, Any]) -> dict[str, Any]:
    try:
        items = tuple(consumers.items())
        shared = _CONSUMER_SETS.get(items)
    except TypeError:  # unhashable options: keep the entry's own
        return consumers
    if shared is None:
        if len(_CONSUMER_SETS) >= _CONSUMER_SETS_MAX:
            _CONSUMER_SETS.clear()
        shared = _CONSUMER_SETS[items] = consumers
    return shared


def _holds(fragment: Fragment, element: Element) -> bool:
    """Whether ``element`` (returned by the function) is what it wrote: ``return li(...)``."""
    if type(element) is Fragment:
        return all(any(child is node for child in fragment.children) for node in element.children)
    return any(child is element for child in fragment.children)


def _replay(state: RenderState, entry: _Entry) -> None:
    """What the entry's render registered, registered again in this render."""
    ids = entry._ids
    if ids:
        if type(ids) is str:
            state.register_id(ids)
        else:
            for element_id in ids:
                state.register_id(element_id)
    consumers = entry.consumers
    # Rows of one list share one dict (``_shared``): merged once per render, not once per row.
    if consumers and consumers is not state.memo_consumers:
        state.consumers.update(consumers)
        state.memo_consumers = consumers


# -- keys ------------------------------------------------------------------------------------


class _Unkeyable(Exception):
    def __init__(self, value: Any, path: str = "") -> None:
        super().__init__(value, path)
        self.value = value
        self.path = path


# A module-level function is a constant: it is its own key (by identity).
_FUNCTION = types.FunctionType
# Immutable values whose equality agrees with how they render: keyed as (type, value).
_TYPED = frozenset((bool, bytes, Fraction, datetime.date, datetime.timedelta, uuid.UUID))
_FIELDS: dict[type, tuple[str, ...]] = {}


def _key(value: Any) -> Any:
    """The cache key of one argument; raises ``_Unkeyable`` for a value that could change."""
    kind = type(value)
    if kind is str or kind is int or kind is types.FunctionType:
        return value  # a function by identity: a module-level function is a constant
    if value is None:
        return None
    if kind in _TYPED:
        return (kind, value)
    if kind is float or kind is complex:
        return (kind, repr(value))  # 0.0 == -0.0, but they render differently
    if kind is tuple:
        return (tuple, _items_key(value))
    return _general_key(value, kind)


def _items_key(items: tuple[Any, ...]) -> tuple[Any, ...]:
    try:
        return tuple(map(_key, items))
    except _Unkeyable as error:
        index = next(index for index, item in enumerate(items) if _contains(item, error.value))
        raise _Unkeyable(error.value, f"[{index}]{error.path}") from None


def _item_key(value: Any, part: str) -> Any:
    """``_key`` of a part of an argument (``part``: where it is, for the error message)."""
    try:
        return _key(value)
    except _Unkeyable as error:
        raise _Unkeyable(error.value, f"{part}{error.path}") from None


def _general_key(value: Any, kind: type) -> Any:
    if isinstance(value, (types.FunctionType, type)):
        return value  # by identity: a module-level function or class is a constant (and hashable)
    memo_key = getattr(kind, "memo_key", None)
    if memo_key is not None:
        given = value.memo_key
        if callable(given):
            given = given()
        try:
            return (kind, "memo_key", _key(given))
        except _Unkeyable as error:
            raise _Unkeyable(error.value, f".memo_key{error.path}") from None
    if isinstance(value, enum.Enum):
        return (kind, value.name, _item_key(value.value, ".value"))
    if isinstance(value, Decimal):
        return (kind, str(value))  # Decimal("1.0") == Decimal("1.00"), but they render differently
    if isinstance(value, (datetime.datetime, datetime.time)):
        # equal instants in other zones (or folds) are equal, but render differently
        return (kind, value.isoformat(), value.tzinfo, value.fold)
    if dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen:  # type: ignore[union-attr]
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(value))
        return (kind, tuple(_item_key(getattr(value, field), f".{field}") for field in names))
    if getattr(value, "__dict__", None):
        raise _Unkeyable(value)  # a subclass instance that carries attributes of its own
    if isinstance(value, tuple):
        return (kind, _items_key(value))
    if isinstance(value, frozenset):
        return (kind, frozenset(_item_key(item, " (an item)") for item in value))
    # Subclasses of the plain types (a str subclass may render differently: the type is in the key).
    if isinstance(value, (str, int, bytes)):
        return (kind, _plain(value))
    if isinstance(value, (float, complex)):
        return (kind, repr(_plain(value)))
    if isinstance(value, (datetime.date, datetime.timedelta)):
        return (kind, value)
    raise _Unkeyable(value)


def _plain(value: Any) -> Any:
    """A subclass instance of a plain type as that plain type (its value without the subclass)."""
    base: type[Any]
    for base in (str, int, bytes, float, complex):
        if isinstance(value, base):
            return base(value)
    raise AssertionError(value)


def _kwargs_key(kwargs: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((name, _key(value)) for name, value in kwargs.items())


def _refusal(func: Callable[..., Any], name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
             error: _Unkeyable) -> str:
    """The TypeError message: which argument, what it is, what to pass instead."""
    where = "an argument"
    for index, value in enumerate(args):
        if _contains(value, error.value):
            try:
                params = list(inspect.signature(func).parameters)
                where = f"argument {params[index]!r}" if index < len(params) else f"argument {index}"
            except (TypeError, ValueError):
                where = f"argument {index}"
            break
    else:
        for kw, value in kwargs.items():
            if _contains(value, error.value):
                where = f"argument {kw!r}"
                break
    found = type(error.value).__name__
    return (
        f"@memo {name}(): {where}{error.path} is a {found}, which can change after the call and leave"
        " a stale output in the cache. Pass immutable values instead: the values it shows, a tuple,"
        " a frozenset or a frozen dataclass, or give its class a memo_key() that changes whenever it does."
    )


def _contains(value: Any, needle: Any) -> bool:
    if value is needle:
        return True
    if isinstance(value, (tuple, frozenset)):
        return any(_contains(item, needle) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_contains(getattr(value, f.name), needle) for f in dataclasses.fields(value))
    memo_key = getattr(type(value), "memo_key", None)
    if memo_key is not None:
        given = value.memo_key
        return _contains(given() if callable(given) else given, needle)
    if isinstance(value, enum.Enum):
        return _contains(value.value, needle)
    return False
