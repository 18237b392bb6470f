"""Memoized rows kept as bytes: the compact form of a ``@memo`` output in a connection's kept tree.

A connection keeps the tree its browser shows, and a kept 1000-row table as ``Element`` objects
is ~1.2 MB (an element, its children list and its id int per cell, ~1.1 KB per row). A memoized
row is the unit that is reused whole, by identity, and otherwise not looked into: so once it is
numbered, its inside is stored as one ``bytes`` (msgpack, ~90 B for a five-cell row), and
decoded only when something reads it (the differ, when the row changed; the HTML writer).

``SealedElement`` is an ``Element`` whose ``children`` are in one of two states:

- *open*: a render made it (``@memo`` wraps each single-element output in one, see ``memo.py``);
  its children are an ordinary list that the differ numbers in place, like any new node's;
- *sealed* (``seal()``, once numbered, when its render became the kept tree): the children list
  is gone, ``packed`` holds it encoded, and every read of ``children`` decodes a fresh list of
  fresh, numbered elements. Its own fields (tag, attrs, key, coerce, ids) stay as they are, so
  the differ's keyed matching, moves and ids never decode it.

A sealed element is never changed again: one object may be shared by copies of the page state
that run in different threads (``DiffSession.copy``), so decoding never caches into it. Its
children are rebuilt on each read; nothing relies on their identity (identity is the memoized
row's own, the sealed element's).

Pure core: no Django import.
"""

from __future__ import annotations

import pickle
from typing import Any

import msgpack

from .tree import NO_ATTRS, Element, Raw

__all__ = ["SealedElement", "open_element", "seal"]

_CHILDREN: Any = Element.__dict__["children"]  # the slot's own descriptor, shadowed below
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
        return _decode_children(packed, _own_id(self.nid))

    @children.setter
    def children(self, value: list[Element | str]) -> None:
        if self.packed is not None:
            raise TypeError("a sealed element is never changed: it may be shared by other copies")
        _CHILDREN.__set__(self, value)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (snapshots, packed pages) as it is: sealed stays a few bytes.
        if self.packed is None:
            return (_open_from, (self.tag, self.attrs, self.children, self.key, self.coerce, self.nid))
        return (_sealed_from, (self.tag, self.attrs, self.key, self.coerce, self.nid, self.packed))


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
    try:
        encoded = [_encode(child, base) for child in children]
        try:
            # msgpack (C, compact) for the usual row: str, int, None, bool, lists, str→str dicts
            packed: bytes = msgpack.packb(encoded)
        except (TypeError, ValueError, OverflowError):
            # a key msgpack can't carry as itself (a date, a UUID, a big int): pickle keeps its type
            packed = pickle.dumps(encoded, pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError, TypeError, AttributeError):
        return  # nested deeper than the encoders go, or a key pickle refuses: it stays open
    element.packed = packed
    _CHILDREN.__set__(element, None)


def _own_id(nid: Any) -> int:
    return nid if type(nid) is int else nid[0]


# The encoding, per node (``base``: the sealed element's own id; the ids inside a row are a few
# more, so an id is stored as its difference, one byte in msgpack):
# - text: itself; raw HTML: ``[html]`` (one item);
# - an element without attributes, key or coerce (``<td>42</td>``): ``[tag, id, *children]``;
# - any other element: ``[tag, id, attrs or None, key, coerce, *children]`` (its third item is
#   None or a dict, which no child is).
# ``id`` is the difference for an int record, the record itself as a list for the tuple form
# (nodeids.py), None for an unnumbered element (inside opaque or client-owned content).


def _encode(node: Element | str, base: int) -> Any:
    if type(node) is str:
        return node
    if isinstance(node, Raw):
        return [str(node)]
    if isinstance(node, str):
        return str(node)  # a str subclass (SafeString …) renders as its text
    assert isinstance(node, Element)
    nid = node.nid
    ids = nid - base if type(nid) is int else list(nid) if nid is not None else None  # type: ignore[arg-type]
    children = [_encode(child, base) for child in node.children]
    attrs = node.attrs
    if not attrs and node.key is None and node.coerce is None:
        return [node.tag, ids, *children]
    return [node.tag, ids, attrs or None, node.key, node.coerce, *children]


def _decode_children(packed: bytes, base: int) -> list[Element | str]:
    if packed[0] == _PICKLED:
        items = pickle.loads(packed)  # safe: bytes this process made, never a client's
    else:
        items = msgpack.unpackb(packed, use_list=False)
    return [_decode(item, base) for item in items]


def _decode(item: Any, base: int) -> Element | str:
    if type(item) is str:
        return item
    if len(item) == 1:
        return Raw(item[0])
    element = _new_element(Element)
    element.tag = item[0]
    ids = item[1]
    element.nid = base + ids if type(ids) is int else tuple(ids) if ids is not None else None
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
    element.tag, element.attrs, element.key, element.coerce, element.nid = tag, attrs, key, coerce, nid
    element.packed = packed
    _CHILDREN.__set__(element, None)
    return element
