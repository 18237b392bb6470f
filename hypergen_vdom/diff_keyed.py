"""Keyed children for the differ (``diff.py``): match by key, keep a longest increasing run, move the rest.

``keyed_children`` runs when every old and new child of an element is an element with a ``key``;
it patches each kept child in place (through the differ), inserts and removes the others, and
puts the kept ones in order with m − LIS MOVEs, or one ORDER when that costs fewer bytes.
It also owns the msgpack byte estimates such choices rest on (``int_size``, ``order_size``) and the
choice of ORDER's form (``smallest_order``: the kept ids, or the compact positions of
``wire_order``), which ``diff.py`` uses too (REMOVEs or one ORDER for an unkeyed run, MOVEs or
ORDER for an unkeyed middle whose implicit keys moved, SET_TEXT or SPLICE_TEXT).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any, Protocol

from .exceptions import HypergenError
from .nodeids import copy_if_numbered, fresh, node_id
from .sealed import SealedElement, fresh_packed, rows_min, same_packed, same_record
from .tree import Element
from .wire import Op
from .wire_order import compact_order_size, encode_order

__all__ = [
    "DuplicateKeyError",
    "KeyedDiffer",
    "int_size",
    "keyed_children",
    "lis_positions",
    "order_arg",
    "order_size",
    "smallest_order",
]

_REMOVE = int(Op.REMOVE)
_MOVE = int(Op.MOVE)
_ORDER = int(Op.ORDER)


class DuplicateKeyError(HypergenError, ValueError):
    """Two siblings of a keyed list share a key: the differ cannot tell them apart."""

    def __init__(self, key: Any) -> None:
        super().__init__(f"Duplicate key {key!r} among the children of one element")
        self.key = key


class KeyedDiffer(Protocol):
    """What the keyed diff uses of ``diff._Differ``."""

    ops: list[Any]
    next_id: int
    allow_order: bool
    # The child lists of long keyed lists, whose rows the caller seals once the frame is written
    # (None: don't collect them), see ``sealed.seal_rows``.
    rows: list[list[Any]] | None

    def patch(self, old: Element, new: Element) -> None: ...

    def replace(self, node_id: int, new: Element | str) -> int: ...

    def insert(self, parent_id: int, before: int | None, new: Element | str) -> int: ...

    def removals(
        self, own: int, removed: list[int], n_old: int, first: int, kept: Callable[[], list[int]]
    ) -> None: ...


def int_size(n: int) -> int:
    """Bytes msgpack spends on a non-negative int."""
    return 1 if n < 128 else 2 if n < 256 else 3 if n < 65536 else 5 if n < 4294967296 else 9


def order_size(own: int, kept: list[int]) -> int:
    """Bytes of one ORDER of ``own``'s children listing the ids ``kept``."""
    return _order_head_size(own, len(kept)) + sum(map(int_size, kept))


def smallest_order(
    own: int, n_old: int, positions: list[int], kept_ids: Callable[[], list[int]], limit: int
) -> Any:
    """ORDER's argument in its smaller form (the compact positions on a tie), or None when
    neither is under ``limit`` bytes. ``positions``: the old index of each kept child, in the new
    order (the client's current list: what the frame did before the ORDER only patched or
    replaced children in place); ``kept_ids``: their ids, asked for only when they might win."""
    head = 1 + int_size(own)
    compact = head + compact_order_size(n_old, positions)
    listed_floor = _order_head_size(own, len(positions)) + len(positions)  # every id ≥ 1 byte
    if compact <= listed_floor or listed_floor >= limit:
        return encode_order(n_old, positions) if compact < limit else None
    ids = kept_ids()
    listed = _order_head_size(own, len(ids)) + sum(map(int_size, ids))
    if min(compact, listed) >= limit:
        return None
    return ids if listed < compact else encode_order(n_old, positions)


def _order_head_size(own: int, n: int) -> int:
    return 1 + int_size(own) + (1 if n < 16 else 3 if n < 65536 else 5)


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


def _pair(differ: KeyedDiffer, old_child: Element, new_children: list[Any], index: int) -> None:
    """Patch ``old_child`` into the new child of the same key at ``index`` (REPLACE if the tag differs).

    A sealed old row (``sealed.py``) that the new one would seal to byte for byte (attributes
    included), with the same tag and coerce, stays as it is: it takes the new row's place,
    undecoded."""
    new_child = new_children[index]
    if old_child is new_child:
        return
    if (
        type(old_child) is SealedElement
        and type(new_child) is Element
        and old_child.packed is not None
        and new_child.nid is None
        and old_child.tag == new_child.tag
        and old_child.coerce == new_child.coerce
    ):
        would_be = fresh_packed(new_child)
        if (
            would_be is not None
            and same_packed(old_child, would_be[0])
            and same_record(old_child.nid, would_be[1])
        ):
            new_children[index] = old_child
            return
    # Inlined from nodeids.copy_if_numbered for speed (once per kept child).
    if new_child.nid is not None:
        new_child = new_children[index] = fresh(new_child)
    if old_child.tag == new_child.tag:
        differ.patch(old_child, new_child)
    else:
        differ.replace(node_id(old_child), new_child)


def _insert(differ: KeyedDiffer, own: int, anchor: int | None, new_children: list[Any], index: int) -> int:
    return differ.insert(own, anchor, copy_if_numbered(new_children, index))


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
def keyed_children(differ: KeyedDiffer, own: int, old_children: list[Any], new_children: list[Any]) -> bool:
    """Keyed diff if every old and new child is a keyed element; False → caller goes positional."""
    try:
        new_keys = [child.key for child in new_children]
        old_keys = [child.key for child in old_children]
    except AttributeError:  # a text or raw child: not a keyed list
        return False
    if None in new_keys or None in old_keys:
        return False
    if differ.rows is not None and len(new_children) >= rows_min():
        # sealed after the diff: whichever plain element is at each place then (a kept sealed
        # row or a reused memoized one is passed over by ``seal_rows``)
        differ.rows.append(new_children)
    if len(set(new_keys)) != len(new_keys):
        seen: set[Any] = set()
        for key in new_keys:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    old_start = new_start = 0
    old_end = len(old_children) - 1
    new_end = len(new_children) - 1
    while old_start <= old_end and new_start <= new_end and old_keys[old_start] == new_keys[new_start]:
        old_child = old_children[old_start]
        if old_child is not new_children[new_start]:  # a reused (memoized) row: nothing to do
            _pair(differ, old_child, new_children, new_start)
        old_start += 1
        new_start += 1
    while old_start <= old_end and new_start <= new_end and old_keys[old_end] == new_keys[new_end]:
        old_child = old_children[old_end]
        if old_child is not new_children[new_end]:
            _pair(differ, old_child, new_children, new_end)
        old_end -= 1
        new_end -= 1
    if old_start > old_end:
        # Pure insert: everything lands before the same anchor, left to right keeps the order.
        if new_start <= new_end:
            anchor = node_id(new_children[new_end + 1]) if new_end + 1 < len(new_children) else None
            for index in range(new_start, new_end + 1):
                _insert(differ, own, anchor, new_children, index)
        return True
    if new_start > new_end:
        removed = [node_id(old_children[index]) for index in range(old_start, old_end + 1)]
        differ.removals(
            own, removed, len(old_children), old_start, lambda: [node_id(child) for child in new_children]
        )
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
            removed.append(node_id(old_children[index]))
            continue
        slot = found - new_start
        if sources[slot] >= 0:
            raise DuplicateKeyError(key)
        sources[slot] = index
        if found < last:
            moved = True
        else:
            last = found
        old_child = old_children[index]
        if old_child is not new_children[found]:  # a reused (memoized) row: nothing to patch
            _pair(differ, old_child, new_children, found)
    stays = lis_positions(sources) if moved else None
    use_order = False
    ids: list[int] | None = None
    if differ.allow_order and (moved or len(removed) > 1):
        # Every new child's id, -1 for the ones this frame inserts (a reused old object among
        # those still carries its old ids: sources is what tells). Inlined from nodeids.node_id
        # for speed (once per child): an int record is the id, a tuple's first entry is.
        ids = [n if type(n := child.nid) is int else n[0] if n else -1 for child in new_children]
        for slot, source in enumerate(sources):
            if source < 0:
                ids[new_start + slot] = -1
        arg = order_arg(differ.next_id, own, len(old_children), ids, new_start, sources, stays, removed)
        if arg is not None:
            use_order = True
            differ.ops += (_ORDER, own, arg)
    if not use_order:
        ops = differ.ops
        for removed_id in removed:
            ops += (_REMOVE, removed_id)
    anchor = node_id(new_children[new_end + 1]) if new_end + 1 < len(new_children) else None
    for slot in range(middle - 1, -1, -1):
        index = new_start + slot
        if sources[slot] < 0:
            anchor = _insert(differ, own, anchor, new_children, index)
            continue
        if ids is not None:  # read once already (a sealed row's id is decoded from its bytes)
            kept_id = ids[index]
        else:
            nid = new_children[index].nid  # node_id, inlined: once per kept child
            kept_id = nid if type(nid) is int else node_id(new_children[index])
        if stays is not None and not stays[slot] and not use_order:
            differ.ops += (_MOVE, kept_id, anchor)
        anchor = kept_id
    return True


def order_arg(
    next_id: int,
    own: int,
    n_old: int,
    ids: list[int],
    new_start: int,
    sources: list[int],
    stays: bytearray | None,
    removed: list[int],
) -> Any:
    """One ORDER's argument if it costs fewer bytes than the REMOVEs + MOVEs, else None.

    ``ids``: every new child's id, -1 for the ones this frame inserts; ``sources``: per slot of the
    middle (from ``new_start``), the old index it comes from or -1; ``stays``: the LIS marks. The
    children before the middle kept their old index, those after it are as far from the end.
    """
    cost = len(removed) + sum(map(int_size, removed))
    if stays is not None:
        # A move's anchor is the next new sibling; one this frame inserts will have an id of
        # about next_id, so that size stands in for it.
        # int_size per id, inlined (a call per child costs more than the rest of this loop)
        sizes = [1 if n < 128 else 2 if n < 256 else 3 if n < 65536 else int_size(n) for n in ids]
        guess = int_size(next_id)
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
    # ORDER's floor: op, parent, a bin header and flag byte, or an array header and a byte per id.
    if 4 + min(kept, (n_old // 8 if removed else 0) + 2) >= cost:
        return None
    after = new_start + len(sources) + n_old - len(ids)  # old index of the first child after it
    positions = [*range(new_start), *[source for source in sources if source >= 0], *range(after, n_old)]
    return smallest_order(own, n_old, positions, lambda: [kept for kept in ids if kept >= 0], cost)
