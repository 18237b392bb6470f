"""A stored page in a form Python's garbage collector doesn't walk: the bytes of one pickle.

``MemoryPageStore`` keeps a page that no connection is using (served, its websocket not there yet;
or left by its connection) as ``pack_state``'s bytes, and ``unpack_state`` rebuilds it when a
connection asks for it. Why: a kept tree is ~2 tracked objects per element (the ``Element`` and its
children list), and every full collection walks every tracked object — a stored 100-todo page was
846 of them and 154 KB, its pickle is one untracked ``bytes`` of ~21 KB. (Measured, and the
alternatives: ``bench/memory.py``'s ``gc_pause`` and the README's Benchmarks section.)

Unlike the snapshot a shared cache store gets (``DiffSession.__getstate__`` leaves the ``@memo``
cache out), a packed page keeps its memo cache: a node that the tree and the cache share is
pickled once and comes back as one object (pickle's memo), and a memo key's function is pickled by
reference, which pickle checks is the very object its module names. So the first event after
connecting still skips the page's memoized rows by identity.

A page that can't be pickled (a ``@memo`` function or a ``@consumer`` defined inside another
function, a key that is a lambda) is kept as it is: ``pack_state`` returns None.

These bytes never leave this process's memory and nothing a client sends becomes one, so
unpickling them is safe.
"""

from __future__ import annotations

import copyreg
import io
import pickle
from typing import Any

from .diffmode import DiffSession
from .memo import MemoCache
from .tree import Element

__all__ = ["pack_state", "unpack_state"]

_new_element = Element.__new__


def _element(tag: str, attrs: Any, children: Any, key: Any, coerce: Any, nid: Any) -> Element:
    element = _new_element(Element)
    element.tag = tag
    element.attrs = attrs
    # A copy: unpickling builds a list by appending, which over-allocates (88 B for one text
    # child, where the render's ``[text]`` is 64 B: +30 % for the 1000-row table); a slice is exact.
    element.children = children[:]
    element.key = key
    element.coerce = coerce
    element.nid = nid
    return element


def _reduce_element(element: Element) -> tuple[Any, ...]:
    # The default reduction of a slotted object pickles a dict of slot names per element and sets
    # them one by one with setattr: measured on the 1000-row table, this halves dumps (17 → 7 ms)
    # and loads (13 → 4 ms) and the size (294 → 186 KB).
    fields = (element.tag, element.attrs, element.children, element.key, element.coerce, element.nid)
    return (_element, fields)


def _session(tree: Element, next_id: int, seq: int, entries: dict[Any, Any]) -> DiffSession:
    return DiffSession(tree, next_id, seq, MemoCache(entries))


def _reduce_session(session: DiffSession) -> tuple[Any, ...]:
    return (_session, (session.tree, session.next_id, session.seq, session.memo.entries))


_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH[Element] = _reduce_element
_DISPATCH[DiffSession] = _reduce_session


def pack_state(state: Any) -> bytes | None:
    """``state`` (a ``store.PageState``: tree, ids, seq, memo cache, app state…) as bytes; None when
    it can't be pickled."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    try:
        pickler.dump(state)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None  # a local function, an unpicklable key, a tree deeper than pickle recurses
    return buffer.getvalue()


def unpack_state(data: bytes) -> Any:
    """The state ``pack_state`` packed: a new object graph, sharing nothing with other copies."""
    return pickle.loads(data)  # safe: bytes this process made (see the module docstring)
