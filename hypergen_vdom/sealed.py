"""Kept rows as bytes: the compact form of a row in a connection's kept tree.

A connection keeps the tree its browser shows, and a kept 1000-row table as ``Element`` objects
is ~1.2 MB (an element, its children list and its id int per cell, ~1.1 KB per row) and ~12 000
objects for the garbage collector to walk. A row is the unit that moves, goes and comes whole and
otherwise changes rarely: so once it is numbered, its inside is stored as one ``bytes`` (msgpack,
~90 B for a five-cell row, its own id in the last four), decoded only when something reads it
(the differ, when the row changed; the HTML writer). Which rows: a ``@memo`` output that is one
element (``memo.py``), and each row of a keyed list at least ``rows_min()`` long (the setting
HYPERGEN_SEALED_ROWS_MIN; the differ collects them, ``diff(rows=…)``, ``DiffSession`` seals them
after the frame). An unchanged plain row is recognised by what it would seal to
(``fresh_packed``) and the sealed one kept in its place (``diff_keyed._pair``).

``SealedElement`` is an ``Element`` whose ``children`` are in one of two states:

- *open*: a render made it (``@memo`` wraps each single-element output in one; ``sealed_copy``
  makes one of a numbered plain row); its children are an ordinary list that the differ numbers
  in place, like any new node's;
- *sealed* (``seal()``, once numbered, when its render became the kept tree): the children list
  is gone, ``packed`` holds it encoded, and every read of ``children`` decodes a fresh list of
  fresh, numbered elements. Its own fields (tag, attrs, key, coerce, id) stay readable without
  decoding, so the differ's keyed matching, moves and ids never decode it.

A sealed element is never changed again: one object may be shared by copies of the page state
that run in different threads (``DiffSession.copy``), so decoding never caches into it. Its
children are rebuilt on each read; nothing relies on their identity (identity is the memoized
row's own, the sealed element's).

Pure core: no Django import.
"""

from __future__ import annotations

import pickle
import struct
import threading
from typing import Any

import msgpack

from .nodeids import IGNORE_MARKER, fresh_record, shifted
from .tree import NO_ATTRS, Element, Raw

__all__ = [
    "SealedElement",
    "configure",
    "fresh_packed",
    "long_list_rows",
    "open_element",
    "rows_min",
    "same_packed",
    "same_record",
    "seal",
    "seal_rows",
    "sealed_copy",
]

# Whether, and from how many rows, a keyed list keeps its rows sealed: the HYPERGEN_SEALED_ROWS_MIN
# setting, which ``configure`` applies (the Django app does at start-up). Off by default: telling
# an unchanged plain row by its bytes costs about twice what diffing it as objects does (~9 vs
# ~5 µs for a five-cell row on the benchmark's VM), so it is the project's choice of memory over
# CPU (1000 rows: ~1.2 MB → ~0.23 MB per connection); a short list (100 todo rows: ~140 KB) is
# not worth it (conf.py suggests 128).
_rows_min: float = float("inf")


def configure(rows_min: int | None) -> None:
    """Seal the rows of keyed lists of at least ``rows_min`` rows (None: never; ``@memo``
    outputs are sealed either way)."""
    global _rows_min
    if rows_min is not None and (type(rows_min) is not int or rows_min < 1):
        raise ValueError(f"a number of rows (an int ≥ 1) or None, not {rows_min!r}")
    _rows_min = float("inf") if rows_min is None else rows_min


def rows_min() -> float:
    """The length from which a keyed list's rows are kept sealed (``configure``)."""
    return _rows_min

_CHILDREN: Any = Element.__dict__["children"]  # the slots' own descriptors, shadowed below
_NID: Any = Element.__dict__["nid"]
_ATTRS: Any = Element.__dict__["attrs"]
_trailing_id = struct.Struct("<I").unpack_from  # a sealed row's own id: its bytes' last four
_new_element = Element.__new__
_PICKLED = 0x80  # a pickle's first byte (PROTO); msgpack output here always starts with an array


class SealedElement(Element):
    """An element whose children are kept encoded once it is sealed (see the module docstring)."""

    __slots__ = ("packed",)

    packed: bytes | None

    @property
    def children(self) -> list[Element | str]:
        packed = self.packed
        if packed is None:
            children: list[Element | str] = _CHILDREN.__get__(self, SealedElement)
            return children
        nid = _NID.__get__(self, SealedElement)
        if nid is None:  # the own id in the last four bytes
            items = _items(memoryview(packed)[:-4])
            return [_decode(item, _trailing_id(packed, len(packed) - 4)[0]) for item in items[1:]]
        base = _own_id(nid)
        return [_decode(item, base) for item in _items(packed)[1:]]

    @children.setter
    def children(self, value: list[Element | str]) -> None:
        if self.packed is not None:
            raise TypeError("a sealed element is never changed: it may be shared by other copies")
        _CHILDREN.__set__(self, value)

    # A sealed row's own attributes are its bytes' first item (a dict each would be ~200 B more
    # per row); the slot keeps the shared NO_ATTRS when it has none, None when they are there.
    @property
    def attrs(self) -> dict[str, str | bool]:
        attrs: dict[str, str | bool] | None = _ATTRS.__get__(self, SealedElement)
        if attrs is None:
            packed = self.packed
            assert packed is not None
            body = memoryview(packed)[:-4] if _NID.__get__(self, SealedElement) is None else packed
            found: dict[str, str | bool] = _items(body)[0]  # a dict of its own, fresh from decoding
            return found
        return attrs

    @attrs.setter
    def attrs(self, value: dict[str, str | bool]) -> None:
        if self.packed is not None:
            raise TypeError("a sealed element is never changed: it may be shared by other copies")
        _ATTRS.__set__(self, value)

    # A sealed row's own int id is kept in its bytes' last four (an int object is 28 B more per
    # row): ``nid`` reads it from there; the tuple form stays in the slot.
    @property
    def nid(self) -> int | tuple[int, ...] | None:
        nid: int | tuple[int, ...] | None = _NID.__get__(self, SealedElement)
        if nid is None:
            packed = self.packed
            if packed is not None:
                return _trailing_id(packed, len(packed) - 4)[0]  # type: ignore[no-any-return]
        return nid

    @nid.setter
    def nid(self, value: int | tuple[int, ...] | None) -> None:
        if self.packed is not None:
            raise TypeError("a sealed element is never changed: it may be shared by other copies")
        _NID.__set__(self, value)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (snapshots, packed pages) as it is: sealed stays a few bytes.
        if self.packed is None:
            return (_open_from, (self.tag, self.attrs, self.children, self.key, self.coerce, self.nid))
        own = _NID.__get__(self, SealedElement)  # None: in the bytes
        attrs = _ATTRS.__get__(self, SealedElement)  # None: in the bytes
        return (_sealed_from, (self.tag, attrs, self.key, self.coerce, own, self.packed))


def open_element(element: Element) -> SealedElement:
    """``element`` (a render's, unnumbered) as an open ``SealedElement`` with the same fields."""
    copy: SealedElement = _new_element(SealedElement)
    copy.packed = None
    copy.tag = element.tag
    copy.attrs = element.attrs
    _CHILDREN.__set__(copy, element.children)
    copy.key = element.key
    copy.coerce = element.coerce
    copy.nid = element.nid
    return copy


def seal(element: SealedElement) -> None:
    """Encode the children of a numbered open element and drop the list; sealed stays sealed."""
    if element.packed is not None or element.nid is None:
        return
    children = _CHILDREN.__get__(element, SealedElement)
    base = _own_id(element.nid)
    attrs = _ATTRS.__get__(element, SealedElement)
    try:
        encoded = [attrs or None, *[_encode(child, base) for child in children]]
        try:
            # msgpack (C, compact) for the usual row: str, int, None, bool, lists, str→str dicts
            packed: bytes = msgpack.packb(encoded)
        except (TypeError, ValueError, OverflowError):
            # a key msgpack can't carry as itself (a date, a UUID, a big int): pickle keeps its type
            packed = pickle.dumps(encoded, pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError, TypeError, AttributeError):
        return  # nested deeper than the encoders go, or a key pickle refuses: it stays open
    nid = element.nid
    if type(nid) is int and 0 <= nid < 1 << 32:
        packed += nid.to_bytes(4, "little")
        _NID.__set__(element, None)
    element.packed = packed
    _CHILDREN.__set__(element, None)
    _ATTRS.__set__(element, None if attrs else NO_ATTRS)


def same_packed(element: SealedElement, packed: bytes) -> bool:
    """Whether a sealed element's bytes are ``packed`` (``fresh_packed``'s), its own id aside."""
    mine = element.packed
    if mine is None:
        return False
    if _NID.__get__(element, SealedElement) is None:  # the own id in the last four bytes
        return len(mine) == len(packed) + 4 and mine.startswith(packed)
    return mine == packed


def sealed_copy(element: Element) -> Element:
    """A numbered element as a sealed ``SealedElement`` (the element itself if it can't be)."""
    copy = open_element(element)
    seal(copy)
    return copy if copy.packed is not None else element


def seal_rows(lists: list[list[Any]]) -> None:
    """Seal each numbered plain element of each list, in place (the rows of long keyed lists,
    ``diff(rows=…)``): call once the frame that may carry them is encoded."""
    for children in lists:
        for index, child in enumerate(children):
            if type(child) is Element and child.nid is not None:
                children[index] = sealed_copy(child)


def long_list_rows(root: Element) -> list[list[Any]]:
    """The child lists of every long keyed list in ``root`` (what ``diff(rows=…)`` collects while
    diffing): the baseline of a page seals their rows as its diffs will."""
    rows: list[list[Any]] = []
    stack = [root]
    while stack:
        element = stack.pop()
        if type(element) is SealedElement and element.packed is not None:
            continue
        children = element.children
        if len(children) >= _rows_min and all(
            isinstance(child, Element) and child.key is not None for child in children
        ):
            rows.append(children)
            continue
        stack.extend(child for child in children if isinstance(child, Element))
    return rows


class _Unsupported(Exception):
    """Content ``fresh_packed`` does not number the way ``nodeids.assign_ids`` does by itself."""


def fresh_packed(element: Element) -> tuple[bytes, tuple[int, ...] | None] | None:
    """What ``element`` (a fresh render's, unnumbered) would be once numbered from its own id and
    sealed: its ``packed`` bytes without the id (``same_packed`` compares), and its own record's
    offsets from its id when that is the tuple form (a text after its first child; nodeids.py),
    else None. Equal to a sealed row's exactly when its children are the same and numbered alike,
    so the differ can keep that sealed row without decoding it. None for content this does not
    cover (raw HTML, client-owned parts, keys msgpack can't carry)."""
    children = element.children
    try:
        items, _, late = _fresh_items(children, 1)
        items.insert(0, element.attrs or None)
        packed: bytes = _pack(items)
    except (_Unsupported, TypeError, ValueError, OverflowError, RecursionError):
        return None
    return packed, fresh_record(children, 0) if late else None  # type: ignore[return-value]


def same_record(nid: Any, offsets: tuple[int, ...] | None) -> bool:
    """Whether a sealed row's own record ``nid`` is ``fresh_packed``'s ``offsets`` from its id."""
    if offsets is None:
        return type(nid) is int
    return type(nid) is tuple and nid == shifted(offsets, nid[0])


# A packer per thread for the hot path: msgpack.packb makes one per call (~0.3 µs of ~3 per row),
# and msgpack's maintainers don't promise a Packer is safe to share between threads (users'
# handlers run in HYPERGEN_WORKER_THREADS threads).
_threads = threading.local()


def _pack(items: Any) -> bytes:
    try:
        packer = _threads.packer
    except AttributeError:
        packer = _threads.packer = msgpack.Packer()
    packed: bytes = packer.pack(items)
    return packed


def _fresh_items(children: list[Any], next_offset: int) -> tuple[list[Any], int, bool]:
    """``_encode``'s items for children numbered in preorder from ``next_offset`` (as
    ``nodeids.assign_ids`` numbers a fresh subtree), the offset after them, and whether a text
    comes after the first child (the parent's record is then the tuple form)."""
    items: list[Any] = []
    append = items.append
    late = False
    for child in children:
        kind = type(child)
        if kind is str:
            if items:
                late = True
            append(child)
            next_offset += 1
            continue
        if kind is not Element and kind is not SealedElement:
            raise _Unsupported  # raw HTML (opaque), a str subclass
        attrs = child.attrs
        grandchildren = child.children
        key = child.key
        coerce = child.coerce
        if not grandchildren:  # <input …>: its own id, no children
            if attrs or key is not None or coerce is not None:
                append([child.tag, next_offset, attrs or None, key, coerce])
            else:
                append([child.tag, next_offset])
            next_offset += 1
            continue
        simple = not attrs and key is None and coerce is None
        if len(grandchildren) == 1 and type(grandchildren[0]) is str:  # <td>42</td>: id, text id + 1
            if simple:
                append([child.tag, next_offset, grandchildren[0]])
            else:
                if attrs and IGNORE_MARKER in attrs:
                    raise _Unsupported
                append([child.tag, next_offset, attrs or None, key, coerce, grandchildren[0]])
            next_offset += 2
            continue
        if attrs and IGNORE_MARKER in attrs:
            raise _Unsupported  # client-owned: nothing inside is numbered
        own = next_offset
        inner, next_offset, inner_late = _fresh_items(grandchildren, own + 1)
        ids: Any = list(fresh_record(grandchildren, own)) if inner_late else own  # type: ignore[arg-type]
        if simple:
            append([child.tag, ids, *inner])
        else:
            append([child.tag, ids, attrs or None, key, coerce, *inner])
    return items, next_offset, late


def _own_id(nid: Any) -> int:
    return nid if type(nid) is int else nid[0]


# The encoding, per node (``base``: the sealed element's own id; the ids inside a row are a few
# more, so an id is stored as its difference, one byte in msgpack):
# - text: itself; raw HTML: ``[html]`` (one item);
# - an element without attributes, key or coerce (``<td>42</td>``): ``[tag, id, *children]``;
# - any other element: ``[tag, id, attrs or None, key, coerce, *children]`` (its third item is
#   None or a dict, which no child is).
# ``id`` is the difference for an int record, the tuple form's entries as differences in a list
# (its -1 entries as they are; nodeids.py), None for an unnumbered element (inside opaque or
# client-owned content). Differences make two equal rows numbered alike (each from its own id, as
# a fresh render numbers them) equal bytes: ``fresh_packed`` is what a new row would seal to.


def _encode(node: Element | str, base: int) -> Any:
    if type(node) is str:
        return node
    if isinstance(node, Raw):
        return [str(node)]
    if isinstance(node, str):
        return str(node)  # a str subclass (SafeString …) renders as its text
    assert isinstance(node, Element)
    nid = node.nid
    if type(nid) is int:
        ids: Any = nid - base
    elif nid is not None:
        ids = list(shifted(nid, -base))  # type: ignore[arg-type]
    else:
        ids = None
    children = [_encode(child, base) for child in node.children]
    attrs = node.attrs
    if not attrs and node.key is None and node.coerce is None:
        return [node.tag, ids, *children]
    return [node.tag, ids, attrs or None, node.key, node.coerce, *children]


def _items(packed: bytes | memoryview) -> Any:
    """A sealed row's items without its id: its own attributes, then one per child."""
    if packed[0] == _PICKLED:
        return pickle.loads(packed)  # safe: bytes this process made, never a client's
    return msgpack.unpackb(packed, use_list=False)


def _decode(item: Any, base: int) -> Element | str:
    if type(item) is str:
        return item
    if len(item) == 1:
        return Raw(item[0])
    element = _new_element(Element)
    element.tag = item[0]
    ids = item[1]
    if type(ids) is int:
        element.nid = base + ids
    elif ids is not None:
        element.nid = shifted(tuple(ids), base)
    else:
        element.nid = None
    if len(item) > 2 and (item[2] is None or type(item[2]) is dict):
        attrs = item[2]
        element.attrs = attrs if attrs else NO_ATTRS  # a dict of its own, fresh from decoding
        element.key = item[3]
        element.coerce = item[4]
        element.children = [_decode(child, base) for child in item[5:]]
    else:
        element.attrs = NO_ATTRS
        element.key = None
        element.coerce = None
        element.children = [_decode(child, base) for child in item[2:]]
    return element


def _open_from(tag: str, attrs: Any, children: Any, key: Any, coerce: Any, nid: Any) -> SealedElement:
    element = _new_element(Element)
    element.tag, element.attrs, element.children = tag, attrs, children
    element.key, element.coerce, element.nid = key, coerce, nid
    return open_element(element)


def _sealed_from(tag: str, attrs: Any, key: Any, coerce: Any, nid: Any, packed: bytes) -> SealedElement:
    element: SealedElement = _new_element(SealedElement)
    element.tag, element.key, element.coerce = tag, key, coerce
    _ATTRS.__set__(element, attrs)
    _NID.__set__(element, nid)
    element.packed = packed
    _CHILDREN.__set__(element, None)
    return element
