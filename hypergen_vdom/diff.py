"""Diff two target trees into a flat op list (wire.py documents the ops), moving ids to the new tree.

``diff(old, new, next_id)`` compares the target element the browser shows (``old``, carrying ids:
``nodeids.assign_ids(target, 0)`` at hydration, or the ``new`` of the previous diff) with a fresh
render (``new``) and returns ``Patch(ops, next_id)``. Afterwards ``new`` carries the ids of every
node (matched ones copied from ``old``, fresh ones for what the ops create), so it is the next
baseline. ``old`` is never modified: on an exception the caller still has a valid baseline.
The target is id 0; replacing it (other tag, or opaque content that changed) numbers the new
target from 0 again, as wire.py specifies.

- Children: keyed when every old and new child is an element with a ``key`` (or the old list is
  empty); otherwise positional, and at the same position an element is patched in place only if
  tag and key both match (else REPLACE). Duplicate keys in a keyed list raise DuplicateKeyError.
- Attributes diff as a dict; ``value``, ``checked`` and ``selected`` go as SET_PROP (``False`` when
  absent). A ``<select>``'s attributes are diffed after its children, so its value comes after
  its options.
- Text: SET_TEXT, or SPLICE_TEXT when the text is long and the splice is smaller.
- ``old_child is new_child``: skipped without looking inside (memoized components).
- An element with a ``Raw`` child is opaque: equal content → attributes only; else REPLACE.

Precondition, as a render guarantees it: no empty text and no two adjacent texts (a browser would
merge them, so hydration could not agree). An element object may be reused anywhere (memoized
components): one that already carries ids is copied before it is numbered (``nodeids.fresh``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any, NamedTuple

from .nodeids import MissingIdsError, assign_ids, fresh
from .tree import Element, Raw
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
_MOVE = int(Op.MOVE)
_REPLACE = int(Op.REPLACE)
_ORDER = int(Op.ORDER)

# Below this many characters a SET_TEXT is about as small as any splice and cheaper to compute.
_SPLICE_MIN = 48


class DuplicateKeyError(ValueError):
    """Two siblings of a keyed list share a key: the differ cannot tell them apart."""

    def __init__(self, key: Any) -> None:
        super().__init__(f"Duplicate key {key!r} among the children of one element")
        self.key = key


class Patch(NamedTuple):
    ops: list[Any]  # flat: op, args…, op, args…; INSERT/REPLACE nodes are the new tree's own nodes
    next_id: int


class _OpaqueContent(Exception):
    """Raised while diffing children that include Raw HTML; the enclosing element is redone whole."""


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
        differ.replace(_own(old), new)
    return Patch(differ.ops, differ.next_id)


def _own(element: Element) -> int:
    nid = element.nid
    if type(nid) is int:
        return nid
    if nid is None:  # inside an opaque element: no ids there
        raise _OpaqueContent
    return nid[0]  # type: ignore[index]


def _int_size(n: int) -> int:
    """Bytes msgpack spends on a non-negative int."""
    return 1 if n < 128 else 2 if n < 256 else 3 if n < 65536 else 5 if n < 4294967296 else 9


def _order_size(own: int, kept: list[int]) -> int:
    n = len(kept)
    return 1 + _int_size(own) + (1 if n < 16 else 3 if n < 65536 else 5) + sum(map(_int_size, kept))


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


def lis_positions(sources: list[int]) -> bytearray:
    """Mark (1) the positions of one longest increasing subsequence of ``sources``, skipping -1.

    Patience sorting with back links: O(n log n). The marked nodes stay; every other kept node
    moves, so a keyed diff emits exactly m − LIS moves.
    """
    tails: list[int] = []  # smallest tail value of an increasing run of each length
    tail_at: list[int] = []  # its position in sources
    back = [-1] * len(sources)
    for position, value in enumerate(sources):
        if value < 0:
            continue
        length = bisect_left(tails, value)
        if length:
            back[position] = tail_at[length - 1]
        if length == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[length] = value
            tail_at[length] = position
    marks = bytearray(len(sources))
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        marks[position] = 1
        position = back[position]
    return marks


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
        splice_size = _int_size(start) + _int_size(count) + _str_size(inserted)
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
                    text_id = own + 1 if type(onid) is int else onid[1]  # type: ignore[index]
                    self.text(text_id, old_text, new_text)
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
                and self.keyed(own, old_children, new_children)
            ):
                new.nid = own
            else:
                self.positional(own, onid, old_children, new_children, new)
        except _OpaqueContent:
            del self.ops[mark:]
            self.next_id = saved_next_id
            if len(old_children) == len(new_children) and all(
                _same(a, b) for a, b in zip(old_children, new_children, strict=True)
            ):
                if attrs_differ:
                    self.attrs(own, old_attrs, new_attrs)
                new.nid = own
            else:
                self.replace(own, new)
            return
        if attrs_differ and select:
            self.attrs(own, old_attrs, new_attrs)

    # -- positional children -----------------------------------------------------------------

    def positional(
        self, own: int, onid: Any, old_children: list[Any], new_children: list[Any], new: Element
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
                if new_child.nid is not None:
                    new_child = new_children[index] = fresh(new_child)
                if old_child.tag != new_child.tag or old_child.key != new_child.key:
                    self.replace(_own(old_child), new_child)
                    continue
                # Inlined patch() of a leaf holding one text (a table cell): no call, no setup.
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
                # int form: a text child can only be the first one, with id own + 1.
                text_id = own + 1 if type(onid) is int else onid[index + 1]
                if new_kind is str:
                    if old_child is not new_child and old_child != new_child:
                        self.text(text_id, old_child, new_child)
                    continue
                if new_child.nid is not None:
                    new_child = new_children[index] = fresh(new_child)
                self.replace(text_id, new_child)
                changed = True
            elif new_kind is Element:  # an Element subclass on one side: the general route
                if old_child is new_child:
                    continue
                if new_child.nid is not None:
                    new_child = new_children[index] = fresh(new_child)
                if old_child.tag == new_child.tag and old_child.key == new_child.key:
                    self.patch(old_child, new_child)
                else:
                    self.replace(_own(old_child), new_child)
            else:
                fresh_text[index] = self.replace(_own(old_child), new_child)
                changed = True
        if n_new > n_old:
            for index in range(n_old, n_new):
                new_child = new_children[index]
                new_kind = type(new_child)
                if new_kind is not str and new_kind is not Element:
                    new_kind = _kind(new_child)
                if new_kind is Element:
                    if new_child.nid is not None:
                        new_child = new_children[index] = fresh(new_child)
                    self.insert(own, None, new_child)
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
                    removed.append(_own(old_child))
                else:
                    removed.append(_text_id(own, onid, fresh_text, index))
            self.removals(
                own,
                removed,
                n_new,
                lambda: [
                    _own(child) if isinstance(child, Element) else _text_id(own, onid, fresh_text, index)
                    for index, child in enumerate(new_children)
                ],
            )
        if not changed:
            new.nid = onid
            return
        # Rebuild the record: the int form unless a text sits past index 0 or has a later id.
        texts = [
            (index, _text_id(own, onid, fresh_text, index))
            for index, child in enumerate(new_children)
            if not isinstance(child, Element)
        ]
        if not texts or (len(texts) == 1 and texts[0] == (0, own + 1)):
            new.nid = own
            return
        ids = [-1] * (n_new + 1)
        ids[0] = own
        for index, text_id in texts:
            ids[index + 1] = text_id
        new.nid = tuple(ids)

    def removals(self, own: int, removed: list[int], kept_count: int, kept: Callable[[], list[int]]) -> None:
        """Emit REMOVEs, or one ORDER of the ``kept`` ids when that is fewer bytes."""
        if self.allow_order and len(removed) > 1:
            remove_size = len(removed) + sum(map(_int_size, removed))
            # Every id is at least one byte: a quick bound before listing them.
            if kept_count + 4 < remove_size:
                kept_ids = kept()
                if _order_size(own, kept_ids) < remove_size:
                    self.ops += (_ORDER, own, kept_ids)
                    return
        ops = self.ops
        for node_id in removed:
            ops += (_REMOVE, node_id)

    # -- keyed children ----------------------------------------------------------------------

    def pair(self, old_child: Element, new_children: list[Any], index: int) -> None:
        new_child = new_children[index]
        if old_child is new_child:
            return
        if new_child.nid is not None:
            new_child = new_children[index] = fresh(new_child)
        if old_child.tag == new_child.tag:
            self.patch(old_child, new_child)
        else:
            self.replace(_own(old_child), new_child)

    # A worked trace. old = a b c d e f, new = a c e b g f (letters are keys):
    #   prefix: a = a, patched; old_start = new_start = 1.  suffix: f = f; old_end = new_end = 4.
    #   middle: old b c d e (1..4), new c e b g (1..4); new key index {c: 1, e: 2, b: 3, g: 4}.
    #   scan old: b → new 3, sources[2] = 1; c → new 1, sources[0] = 2 (1 < 3 seen before: moved);
    #   d → absent: REMOVE d; e → new 2, sources[1] = 4.  sources = [2, 4, 1, -1].
    #   LIS of sources (holes skipped): positions 0, 1 (old 2 < 4) — c and e stay put.
    #   place right to left, anchor = f: g (-1) → INSERT g before f, anchor = g;
    #   b (not in LIS) → MOVE b before g, anchor = b; e, c in LIS → stay, anchor = e, c.
    #   m = 3 kept in the middle, LIS = 2: one MOVE. If REMOVEs + MOVEs cost more bytes than
    #   listing the kept ids, one ORDER [a c e b f] replaces them (then INSERT g before f).
    def keyed(self, own: int, old_children: list[Any], new_children: list[Any]) -> bool:
        """Keyed diff if every old and new child is a keyed element; False → caller goes positional."""
        try:
            new_keys = [child.key for child in new_children]
            old_keys = [child.key for child in old_children]
        except AttributeError:  # a text or raw child: not a keyed list
            return False
        if None in new_keys or None in old_keys:
            return False
        if len(set(new_keys)) != len(new_keys):
            seen: set[Any] = set()
            for key in new_keys:
                if key in seen:
                    raise DuplicateKeyError(key)
                seen.add(key)
        old_start = new_start = 0
        old_end = len(old_children) - 1
        new_end = len(new_children) - 1
        pair = self.pair
        while old_start <= old_end and new_start <= new_end and old_keys[old_start] == new_keys[new_start]:
            pair(old_children[old_start], new_children, new_start)
            old_start += 1
            new_start += 1
        while old_start <= old_end and new_start <= new_end and old_keys[old_end] == new_keys[new_end]:
            pair(old_children[old_end], new_children, new_end)
            old_end -= 1
            new_end -= 1
        if old_start > old_end:
            # Pure insert: everything lands before the same anchor, left to right keeps the order.
            if new_start <= new_end:
                anchor = _own(new_children[new_end + 1]) if new_end + 1 < len(new_children) else None
                for index in range(new_start, new_end + 1):
                    self.insert_fresh(own, anchor, new_children, index)
            return True
        if new_start > new_end:
            removed = [_own(old_children[index]) for index in range(old_start, old_end + 1)]
            self.removals(own, removed, len(new_children), lambda: [_own(child) for child in new_children])
            return True
        # The middle: old_start..old_end against new_start..new_end.
        middle = new_end - new_start + 1
        new_index = {new_keys[index]: index for index in range(new_start, new_end + 1)}
        sources = [-1] * middle  # per new slot: the old index it comes from, -1 for a new node
        removed = []
        moved = False
        last = 0
        for index in range(old_start, old_end + 1):
            key = old_keys[index]
            found = new_index.get(key)
            if found is None:
                removed.append(_own(old_children[index]))
                continue
            slot = found - new_start
            if sources[slot] >= 0:
                raise DuplicateKeyError(key)
            sources[slot] = index
            if found < last:
                moved = True
            else:
                last = found
            pair(old_children[index], new_children, found)
        stays = lis_positions(sources) if moved else None
        use_order = False
        if self.allow_order and (moved or len(removed) > 1):
            # Every new child's id, -1 for the ones this frame inserts (a reused old object among
            # those still carries its old ids: sources is what tells).
            ids = [n if type(n := child.nid) is int else n[0] if n else -1 for child in new_children]
            for slot, source in enumerate(sources):
                if source < 0:
                    ids[new_start + slot] = -1
            use_order = self.order_is_smaller(own, ids, new_start, sources, stays, removed)
            if use_order:
                self.ops += (_ORDER, own, [node_id for node_id in ids if node_id >= 0])
        if not use_order:
            ops = self.ops
            for node_id in removed:
                ops += (_REMOVE, node_id)
        anchor = _own(new_children[new_end + 1]) if new_end + 1 < len(new_children) else None
        for slot in range(middle - 1, -1, -1):
            index = new_start + slot
            if sources[slot] < 0:
                anchor = self.insert_fresh(own, anchor, new_children, index)
                continue
            node_id = _own(new_children[index])
            if stays is not None and not stays[slot] and not use_order:
                self.ops += (_MOVE, node_id, anchor)
            anchor = node_id
        return True

    def insert_fresh(self, own: int, anchor: int | None, new_children: list[Any], index: int) -> int:
        new_child = new_children[index]
        if new_child.nid is not None:
            new_child = new_children[index] = fresh(new_child)
        return self.insert(own, anchor, new_child)

    def order_is_smaller(
        self,
        own: int,
        ids: list[int],
        new_start: int,
        sources: list[int],
        stays: bytearray | None,
        removed: list[int],
    ) -> bool:
        """Compare the bytes of REMOVEs + MOVEs with one ORDER listing every kept child."""
        cost = len(removed) + sum(map(_int_size, removed))
        sizes = list(map(_int_size, ids))
        if stays is not None:
            # A move's anchor is the next new sibling; one this frame inserts will have an id of
            # about next_id, so that size stands in for it.
            guess = _int_size(self.next_id)
            end = new_start + len(sources)
            anchor_size = sizes[end] if end < len(ids) else 1
            for slot in range(len(sources) - 1, -1, -1):
                if sources[slot] < 0:
                    anchor_size = guess
                    continue
                node_size = sizes[new_start + slot]
                if not stays[slot]:
                    cost += 1 + node_size + anchor_size
                anchor_size = node_size
        kept = len(ids) - sources.count(-1)
        if kept + 4 >= cost:  # every id is at least one byte: ORDER can't win
            return False
        kept_size = sum(sizes) - sources.count(-1)  # an inserted node's -1 counted 1 byte
        return 1 + _int_size(own) + (1 if kept < 16 else 3 if kept < 65536 else 5) + kept_size < cost


def _text_id(own: int, onid: Any, fresh_text: dict[int, int], index: int) -> int:
    """Id of the new text at ``index``: created by this frame, or kept from the old text there."""
    if index in fresh_text:
        return fresh_text[index]
    return own + 1 if type(onid) is int else onid[index + 1]


def _kind(node: object) -> type:
    """Classify a child that is not an exact ``str``/``Element``: Raw aborts to the opaque path."""
    if isinstance(node, Raw):
        raise _OpaqueContent
    if isinstance(node, Element):
        return Element
    if isinstance(node, str):
        return str
    raise TypeError(f"Unexpected child {node!r} in the tree")
