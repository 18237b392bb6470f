"""Diff two target trees into a flat op list (wire.py documents the ops), moving ids to the new tree.

``diff(old, new, next_id)`` compares the target element the browser shows (``old``, carrying ids:
``nodeids.assign_ids(target, 0)`` at hydration, or the ``new`` of the previous diff) with a fresh
render (``new``) and returns ``Patch(ops, next_id)``. Afterwards ``new`` carries the ids of every
node (matched ones copied from ``old``, fresh ones for what the ops create), so it is the next
baseline. ``old`` is never modified: on an exception the caller still has a valid baseline.
The target is id 0; replacing it (other tag, or opaque content that changed) numbers the new
target from 0 again, as wire.py specifies.

- Children: keyed (``diff_keyed.py``) when every old and new child is an element with a ``key``
  (or the old list is empty); otherwise positional, and at the same position an element is
  patched in place only if tag and key both match (else REPLACE). Duplicate keys in a keyed
  list raise DuplicateKeyError.
- Attributes diff as a dict; ``value``, ``checked`` and ``selected`` go as SET_PROP (``False`` when
  absent). A ``<select>``'s attributes are diffed after its children, so its value comes after
  its options.
- Text: SET_TEXT, or SPLICE_TEXT when the text is long and the splice is smaller.
- ``old_child is new_child``: skipped without looking inside (memoized components).
- An element with a ``Raw`` child is opaque: equal content → attributes only; else REPLACE.

Precondition, as a render guarantees it: no empty text and no two adjacent texts (a browser would
merge them, so hydration could not agree). An element object may be reused anywhere (memoized
components): one that already carries ids is copied before it is numbered
(``nodeids.copy_if_numbered``). Ids are read and recorded through ``nodeids``, which owns their format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .diff_keyed import DuplicateKeyError, int_size, keyed_children, lis_positions, order_size
from .nodeids import (
    IdRecord,
    MissingIdsError,
    assign_ids,
    copy_if_numbered,
    fresh,
    makes_opaque,
    node_id,
    set_ids,
    text_id,
)
from .tree import Element
from .wire import Op

__all__ = ["PROPERTIES", "DuplicateKeyError", "Patch", "diff", "lis_positions"]

PROPERTIES = frozenset(("value", "checked", "selected"))

# Plain ints in the op list: msgpack packs them without a detour through IntEnum.
_SET_TEXT = int(Op.SET_TEXT)
_SPLICE_TEXT = int(Op.SPLICE_TEXT)
_SET_ATTR = int(Op.SET_ATTR)
_DEL_ATTR = int(Op.DEL_ATTR)
_SET_PROP = int(Op.SET_PROP)
_INSERT = int(Op.INSERT)
_REMOVE = int(Op.REMOVE)
_REPLACE = int(Op.REPLACE)
_ORDER = int(Op.ORDER)

# Below this many characters a SET_TEXT is about as small as any splice and cheaper to compute.
_SPLICE_MIN = 48


class Patch(NamedTuple):
    ops: list[Any]  # flat: op, args…, op, args…; INSERT/REPLACE nodes are the new tree's own nodes
    next_id: int


class _OpaqueContent(Exception):
    """Raised while diffing children that include Raw HTML; the enclosing element is redone whole.

    Its twin is ``MissingIdsError`` from ``node_id``: below the old target (which ``diff`` checks
    has ids) only the inside of an opaque element lacks them.
    """


_OPAQUE = (_OpaqueContent, MissingIdsError)


def diff(old: Element, new: Element, next_id: int, *, allow_order: bool = True) -> Patch:
    """The ops that turn the browser's ``old`` target into ``new``; ``next_id`` is the id counter.

    ``allow_order=False`` never emits ORDER (tests use it to count moves).
    """
    if old is new:
        return Patch([], next_id)
    if old.nid is None:
        raise MissingIdsError("the old tree has no node ids (hydrate it with nodeids.assign_ids)")
    differ = _Differ(next_id, allow_order)
    if old.tag == new.tag:
        differ.patch(old, new)
    else:
        differ.replace(node_id(old), new)
    return Patch(differ.ops, differ.next_id)


def _str_size(text: str) -> int:
    n = len(text) if text.isascii() else len(text.encode())
    return n + (1 if n < 32 else 2 if n < 256 else 3 if n < 65536 else 5)


def _utf16_len(text: str) -> int:
    # JS counts UTF-16 code units; only astral characters (emoji …) take two.
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _common_prefix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:  # binary search on C-speed slice compares
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    la, lb = len(a), len(b)
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid :] == b[lb - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _same(a: Element | str, b: Element | str) -> bool:
    """Equality of opaque content as the browser has it: tells Raw from text (``Raw("x") == "x"``
    for plain ``==``), and attribute ORDER counts — the client holds this content as the HTML it
    was sent, so the same attributes in another order are another HTML."""
    if type(a) is not type(b):
        return False
    if not isinstance(a, Element):
        return a == b
    assert isinstance(b, Element)
    return (
        a.tag == b.tag
        and list(a.attrs.items()) == list(b.attrs.items())
        and len(a.children) == len(b.children)
        and all(_same(x, y) for x, y in zip(a.children, b.children, strict=True))
    )


class _Differ:
    __slots__ = ("allow_order", "next_id", "ops")

    def __init__(self, next_id: int, allow_order: bool) -> None:
        self.ops: list[Any] = []
        self.next_id = next_id
        self.allow_order = allow_order

    # -- nodes -------------------------------------------------------------------------------

    def replace(self, node_id: int, new: Element | str) -> int:
        """REPLACE ``node_id`` with ``new`` (fresh, in place in the new tree); returns new's id."""
        # Replacing the target (always id 0) renumbers from 0, as a hydration would.
        first = self.next_id if node_id else 0
        self.ops += (_REPLACE, node_id, new)
        if isinstance(new, Element):
            self.next_id = assign_ids(new, first)
        else:
            self.next_id = first + 1
        return first

    def insert(self, parent_id: int, before: int | None, new: Element | str) -> int:
        first = self.next_id
        self.ops += (_INSERT, parent_id, before, new)
        if isinstance(new, Element):
            self.next_id = assign_ids(new, first)
        else:
            self.next_id = first + 1
        return first

    def text(self, text_id: int, old: str, new: str) -> None:
        if len(new) < _SPLICE_MIN or len(old) < _SPLICE_MIN:
            self.ops += (_SET_TEXT, text_id, new)
            return
        limit = min(len(old), len(new))
        prefix = _common_prefix(old, new, limit)
        suffix = _common_suffix(old, new, limit - prefix)
        inserted = new[prefix : len(new) - suffix]
        start = _utf16_len(old[:prefix])
        count = _utf16_len(old[prefix : len(old) - suffix])
        splice_size = int_size(start) + int_size(count) + _str_size(inserted)
        if splice_size < _str_size(new):
            self.ops += (_SPLICE_TEXT, text_id, start, count, inserted)
        else:
            self.ops += (_SET_TEXT, text_id, new)

    def attrs(self, node_id: int, old: dict[str, str | bool], new: dict[str, str | bool]) -> None:
        ops = self.ops
        for name, value in new.items():
            if old.get(name) != value:
                ops += (_SET_PROP if name in PROPERTIES else _SET_ATTR, node_id, name, value)
        if not old.keys() <= new.keys():
            for name in old:
                if name not in new:
                    if name in PROPERTIES:
                        ops += (_SET_PROP, node_id, name, False)
                    else:
                        ops += (_DEL_ATTR, node_id, name)

    def patch(self, old: Element, new: Element) -> None:
        """Patch same-tag ``old`` into ``new`` (fresh: nid None) and give ``new`` its ids."""
        onid = old.nid
        # Inlined from nodeids.node_id for speed (once per patched element): the own id.
        if type(onid) is int:
            own = onid
        elif onid is None:
            raise _OpaqueContent  # old lies inside an opaque element: the caller redoes it whole
        else:
            own = onid[0]  # type: ignore[index]
        old_attrs = old.attrs
        new_attrs = new.attrs
        attrs_differ = old_attrs is not new_attrs and old_attrs != new_attrs
        old_children = old.children
        new_children = new.children
        n_old = len(old_children)
        n_new = len(new_children)
        # The commonest element of all (<td>42</td>, <label>x</label>): one text on both sides.
        if n_old == 1 and n_new == 1:
            old_text = old_children[0]
            new_text = new_children[0]
            if type(old_text) is str and type(new_text) is str:
                if attrs_differ:
                    self.attrs(own, old_attrs, new_attrs)
                if old_text != new_text:
                    self.text(text_id(onid, 0), old_text, new_text)
                new.nid = onid
                return
        mark = len(self.ops)
        saved_next_id = self.next_id
        select = new.tag == "select"
        if attrs_differ and not select:
            self.attrs(own, old_attrs, new_attrs)
        try:
            first = new_children[0] if n_new else None
            if (
                type(first) is Element
                and first.key is not None
                and keyed_children(self, own, old_children, new_children)
            ):
                set_ids(new, own)  # no texts among keyed children
            else:
                self.positional(own, onid, old_children, new_children, new)
        except _OPAQUE:
            del self.ops[mark:]
            self.next_id = saved_next_id
            if len(old_children) == len(new_children) and all(
                _same(a, b) for a, b in zip(old_children, new_children, strict=True)
            ):
                if attrs_differ:
                    self.attrs(own, old_attrs, new_attrs)
                set_ids(new, own)  # opaque: nothing inside has ids
            else:
                self.replace(own, new)
            return
        if attrs_differ and select:
            self.attrs(own, old_attrs, new_attrs)

    # -- positional children -----------------------------------------------------------------

    def positional(
        self, own: int, onid: IdRecord, old_children: list[Any], new_children: list[Any], new: Element
    ) -> None:
        n_old = len(old_children)
        n_new = len(new_children)
        changed = n_old != n_new  # does the text layout (which index is a text, its id) change?
        fresh_text: dict[int, int] = {}  # index → id of a text node this frame creates
        for index in range(n_old if n_old < n_new else n_new):
            old_child = old_children[index]
            new_child = new_children[index]
            old_kind = type(old_child)
            new_kind = type(new_child)
            if old_kind is Element and new_kind is Element:  # the hot path, first
                if old_child is new_child:
                    continue
                # Inlined from nodeids.copy_if_numbered for speed: the common case is one test.
                if new_child.nid is not None:
                    new_child = new_children[index] = fresh(new_child)
                if old_child.tag != new_child.tag or old_child.key != new_child.key:
                    self.replace(node_id(old_child), new_child)
                    continue
                # Inlined patch() of a leaf holding one text (a table cell): no call, no setup.
                # The record reads are inlined from nodeids for speed: an int record is the
                # element's own id (node_id) and its first text's id is one more (text_id).
                leaf_id = old_child.nid
                old_grand = old_child.children
                new_grand = new_child.children
                if type(leaf_id) is int and len(old_grand) == 1 == len(new_grand):
                    old_text = old_grand[0]
                    new_text = new_grand[0]
                    if type(old_text) is str and type(new_text) is str and old_child.attrs == new_child.attrs:
                        if old_text != new_text:
                            self.text(leaf_id + 1, old_text, new_text)
                        new_child.nid = leaf_id
                        continue
                self.patch(old_child, new_child)
                continue
            if old_kind is not str and old_kind is not Element:
                old_kind = _kind(old_child)
            if new_kind is not str and new_kind is not Element:
                new_kind = _kind(new_child)
            if old_kind is str:
                if new_kind is str:
                    if old_child is not new_child and old_child != new_child:
                        self.text(text_id(onid, index), old_child, new_child)
                    continue
                self.replace(text_id(onid, index), copy_if_numbered(new_children, index))
                changed = True
            elif new_kind is Element:  # an Element subclass on one side: the general route
                if old_child is new_child:
                    continue
                new_child = copy_if_numbered(new_children, index)
                if old_child.tag == new_child.tag and old_child.key == new_child.key:
                    self.patch(old_child, new_child)
                else:
                    self.replace(node_id(old_child), new_child)
            else:
                fresh_text[index] = self.replace(node_id(old_child), new_child)
                changed = True
        if n_new > n_old:
            for index in range(n_old, n_new):
                new_child = new_children[index]
                new_kind = type(new_child)
                if new_kind is not str and new_kind is not Element:
                    new_kind = _kind(new_child)
                if new_kind is Element:
                    self.insert(own, None, copy_if_numbered(new_children, index))
                else:
                    fresh_text[index] = self.insert(own, None, new_child)
        elif n_old > n_new:
            removed = []
            for index in range(n_new, n_old):
                old_child = old_children[index]
                old_kind = type(old_child)
                if old_kind is not str and old_kind is not Element:
                    old_kind = _kind(old_child)
                if old_kind is Element:
                    removed.append(node_id(old_child))
                else:
                    removed.append(text_id(onid, index))
            self.removals(
                own,
                removed,
                n_new,
                lambda: [
                    node_id(child) if isinstance(child, Element) else _text_id(onid, fresh_text, index)
                    for index, child in enumerate(new_children)
                ],
            )
        if not changed:
            new.nid = onid
            return
        texts = [
            (index, _text_id(onid, fresh_text, index))
            for index, child in enumerate(new_children)
            if not isinstance(child, Element)
        ]
        set_ids(new, own, texts)

    def removals(self, own: int, removed: list[int], kept_count: int, kept: Callable[[], list[int]]) -> None:
        """Emit REMOVEs, or one ORDER of the ``kept`` ids when that is fewer bytes."""
        if self.allow_order and len(removed) > 1:
            remove_size = len(removed) + sum(map(int_size, removed))
            # Every id is at least one byte: a quick bound before listing them.
            if kept_count + 4 < remove_size:
                kept_ids = kept()
                if order_size(own, kept_ids) < remove_size:
                    self.ops += (_ORDER, own, kept_ids)
                    return
        ops = self.ops
        for removed_id in removed:
            ops += (_REMOVE, removed_id)


def _text_id(onid: IdRecord, fresh_text: dict[int, int], index: int) -> int:
    """Id of the new text at ``index``: created by this frame, or kept from the old text there."""
    if index in fresh_text:
        return fresh_text[index]
    return text_id(onid, index)


def _kind(node: object) -> type:
    """Classify a child that is not an exact ``str``/``Element``: Raw aborts to the opaque path."""
    if makes_opaque(node):
        raise _OpaqueContent
    if isinstance(node, Element):
        return Element
    if isinstance(node, str):
        return str
    raise TypeError(f"Unexpected child {node!r} in the tree")
