"""Diff two target trees into a flat op list (wire.py documents the ops), moving ids to the new tree.

``diff(old, new, next_id)`` compares the target element the browser shows (``old``, carrying ids:
``nodeids.assign_ids(target, 0)`` at hydration, or the ``new`` of the previous diff) with a fresh
render (``new``) and returns ``Patch(ops, next_id)``. Afterwards ``new`` carries the ids of every
node (matched ones copied from ``old``, fresh ones for what the ops create), so it is the next
baseline. ``old`` is never modified: on an exception the caller still has a valid baseline.
The target is id 0; replacing it (other tag, or opaque content that changed) numbers the new
target from 0 again, as wire.py specifies.

- Children: keyed (``diff_keyed.py``) when every old and new child is an element with a ``key``
  (or the old list is empty); duplicate keys there raise DuplicateKeyError. Otherwise unkeyed,
  as snabbdom and Vue match unkeyed vnodes: two siblings match if both are texts, or elements with
  the same tag, ``key`` and ``id`` attribute (an id is an implicit key). The common head and tail
  of matching siblings are patched in place (an element rendered again with the same attributes
  gets no op, so what the user typed into an input stays). A count changed by one run inserted or
  removed is that run's INSERTs or REMOVEs and nothing else, whatever the number of siblings (a
  conditional error ``<p>`` among a form's inputs touches no input); among same-tag siblings,
  equality tells where the run is. What is left in the middle matches by implicit key numbered
  by occurrence (the second ``<label>`` without id is the second ``<label>``): matched nodes are
  patched and, with an identity (key, id) or unchanged, moved (m − LIS); the others pair by
  position between the nodes that stay (REPLACE where they don't match), and the rest is
  inserted or removed.
- Attributes diff as a dict; ``value``, ``checked`` and ``selected`` go as SET_PROP (``False`` when
  absent). A ``<select>``'s attributes are diffed after its children, so its value comes after
  its options.
- Text: SET_TEXT, or SPLICE_TEXT when the text is long and the splice is smaller.
- ``old_child is new_child``: skipped without looking inside (memoized components).
- A sealed old row of a keyed list (``sealed.py``) that the new row would seal to byte for byte
  is kept as it is, undecoded, in the new row's place (``diff_keyed._pair``).
- An element with a ``Raw`` child is opaque: equal content → attributes only; else REPLACE.
- An element carrying ``hv-ignore`` is client-owned: its attributes are diffed, its children never
  (the new tree keeps the new render's, unnumbered); gaining or losing the marker is a REPLACE.

Precondition, as a render guarantees it: no empty text and no two adjacent texts (a browser would
merge them, so hydration could not agree). An element object may be reused anywhere (memoized
components): one that already carries ids is copied before it is numbered
(``nodeids.copy_if_numbered``). Ids are read and recorded through ``nodeids``, which owns their format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .diff_keyed import (
    DuplicateKeyError,
    int_size,
    keyed_children,
    lis_positions,
    order_arg,
    smallest_order,
)
from .nodeids import (
    IGNORE_MARKER,
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
_MOVE = int(Op.MOVE)
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


def diff(
    old: Element,
    new: Element,
    next_id: int,
    *,
    allow_order: bool = True,
    rows: list[list[Any]] | None = None,
) -> Patch:
    """The ops that turn the browser's ``old`` target into ``new``; ``next_id`` is the id counter.

    ``allow_order=False`` never emits ORDER (tests use it to count moves). ``rows``: a list that
    receives the child lists of the new tree's long keyed lists, for ``sealed.seal_rows``.
    """
    if old is new:
        return Patch([], next_id)
    if old.nid is None:
        raise MissingIdsError("the old tree has no node ids (hydrate it with nodeids.assign_ids)")
    differ = _Differ(next_id, allow_order, rows)
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
    if not isinstance(a, Element):
        return type(a) is type(b) and a == b
    if not isinstance(b, Element):
        return False
    assert isinstance(b, Element)
    return (
        a.tag == b.tag
        and list(a.attrs.items()) == list(b.attrs.items())
        and len(a.children) == len(b.children)
        and all(_same(x, y) for x, y in zip(a.children, b.children, strict=True))
    )


class _Differ:
    __slots__ = ("allow_order", "next_id", "ops", "rows")

    def __init__(
        self, next_id: int, allow_order: bool, rows: list[list[Any]] | None = None
    ) -> None:
        self.ops: list[Any] = []
        self.next_id = next_id
        self.allow_order = allow_order
        self.rows = rows

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
        # Client-owned content (hv-ignore): its attributes patch, its children never do. With
        # equal attributes both are client-owned or neither: asked below only where it matters.
        if attrs_differ and (IGNORE_MARKER in old_attrs or IGNORE_MARKER in new_attrs):
            if IGNORE_MARKER in old_attrs and IGNORE_MARKER in new_attrs:
                self.attrs(own, old_attrs, new_attrs)
                new.nid = own
            else:
                self.replace(own, new)  # gained or lost hv-ignore: built anew
            return
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
                if old_text != new_text and not (old_attrs and IGNORE_MARKER in old_attrs):
                    self.text(text_id(onid, 0), old_text, new_text)
                new.nid = onid
                return
        if old_attrs and IGNORE_MARKER in old_attrs:  # (and in new_attrs: equal attributes)
            new.nid = own
            return
        mark = len(self.ops)
        saved_next_id = self.next_id
        select = new.tag == "select"
        if attrs_differ and not select:
            self.attrs(own, old_attrs, new_attrs)
        try:
            first = new_children[0] if n_new else None
            if (
                isinstance(first, Element)  # a sealed memoized row is an Element subclass
                and first.key is not None
                and keyed_children(self, own, old_children, new_children)
            ):
                set_ids(new, own)  # no texts among keyed children
            else:
                # Unkeyed. Equal counts pair by position while the nodes match (the hot path: a
                # row's cells); the first mismatch, or a changed count, goes on in unkeyed_rest.
                done = self.in_place(onid, old_children, new_children, 0, n_old) if n_old == n_new else 0
                if done == n_old == n_new:
                    new.nid = onid  # every child kept its place: the record stands
                else:
                    self.unkeyed_rest(own, onid, old_children, new_children, new, done)
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

    # -- unkeyed children --------------------------------------------------------------------

    def in_place(
        self, onid: IdRecord, old_children: list[Any], new_children: list[Any], start: int, end: int
    ) -> int:
        """Pair each child from ``start`` to ``end`` with the one at the same index while they
        match (``_matches``); returns the index where it stopped (``end``: all paired). The hot
        path of unkeyed children (a row's cells): the commonest pairs are inlined; ``run`` is its
        twin for shifted pairs."""
        for index in range(start, end):
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
                    return index
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
                        # Equal attributes: the same id (they match), both client-owned or neither.
                        if old_text != new_text and IGNORE_MARKER not in old_child.attrs:
                            self.text(leaf_id + 1, old_text, new_text)
                        new_child.nid = leaf_id
                        continue
                # The rest of _matches, inlined: the same id (an element's id is an implicit key).
                old_attrs = old_child.attrs
                new_attrs = new_child.attrs
                if (
                    old_attrs is not new_attrs
                    and ("id" in old_attrs or "id" in new_attrs)
                    and old_attrs.get("id") != new_attrs.get("id")
                ):
                    return index
                self.patch(old_child, new_child)
                continue
            if old_kind is str and new_kind is str:
                if old_child is not new_child and old_child != new_child:
                    self.text(text_id(onid, index), old_child, new_child)
                continue
            # A text against an element, raw HTML, an Element subclass: the general route.
            if not _matches(old_child, new_child):
                return index
            self.pair(onid, old_children, index, new_children, index, {})  # a text stays in place
        return end

    def run(
        self,
        onid: IdRecord,
        old_children: list[Any],
        old_from: int,
        new_children: list[Any],
        new_from: int,
        count: int,
        tids: dict[int, int],
    ) -> None:
        """Pair ``count`` old children from ``old_from`` with new ones from ``new_from`` (``pair``:
        patched where they match, else REPLACE); each new text's id goes into ``tids``. The
        commonest pairs are inlined, as in ``in_place``."""
        shift = new_from - old_from
        for old_index in range(old_from, old_from + count):
            new_index = old_index + shift
            old_child = old_children[old_index]
            new_child = new_children[new_index]
            old_kind = type(old_child)
            new_kind = type(new_child)
            if old_kind is Element and new_kind is Element:
                if old_child is new_child:
                    continue
                if new_child.nid is not None:
                    new_child = new_children[new_index] = fresh(new_child)
                old_attrs = old_child.attrs
                new_attrs = new_child.attrs
                if old_child.tag == new_child.tag and old_child.key == new_child.key:
                    leaf_id = old_child.nid
                    old_grand = old_child.children
                    new_grand = new_child.children
                    if type(leaf_id) is int and len(old_grand) == 1 == len(new_grand):
                        old_text = old_grand[0]
                        new_text = new_grand[0]
                        if (
                            type(old_text) is str
                            and type(new_text) is str
                            and (old_attrs is new_attrs or old_attrs == new_attrs)
                        ):
                            if old_text != new_text and IGNORE_MARKER not in old_attrs:
                                self.text(leaf_id + 1, old_text, new_text)
                            new_child.nid = leaf_id
                            continue
                    if old_attrs is new_attrs or old_attrs.get("id") == new_attrs.get("id"):
                        self.patch(old_child, new_child)
                        continue
                self.replace(node_id(old_child), new_child)
                continue
            if old_kind is str and new_kind is str:
                own_text = text_id(onid, old_index)
                if old_child is not new_child and old_child != new_child:
                    self.text(own_text, old_child, new_child)
                tids[new_index] = own_text
                continue
            self.pair(onid, old_children, old_index, new_children, new_index, tids)

    def unkeyed_rest(
        self,
        own: int,
        onid: IdRecord,
        old_children: list[Any],
        new_children: list[Any],
        new: Element,
        start: int,
    ) -> None:
        """Unkeyed children from ``start`` on (those before it are patched, same index both sides).

        A changed count first tries the likeliest: one run inserted or removed, where ``_split``
        puts it by equality, the children before it matching in place and those after it matching
        shifted. Else trim the common head and tail of matching nodes (``_matches``): if they cover
        the shorter list, it is still one run, somewhere between them (``_split`` again); if not,
        what is left in the middle goes to ``middle``. Gives ``new`` its record at the end.
        """
        n_old = len(old_children)
        n_new = len(new_children)
        short = n_old if n_old < n_new else n_new
        shift = n_new - n_old
        tids: dict[int, int] = {}  # new index (≥ start) → id of the text there
        if shift:
            split = _split(old_children, new_children, start, short, shift)
            start = self.in_place(onid, old_children, new_children, start, split)
            if (
                start == split
                and _matching(old_children, n_old - 1, new_children, n_new - 1, -1, short - split)
                == short - split
            ):
                self.one_run(own, onid, old_children, new_children, split, shift, tids, start)
                self.record(own, onid, new_children, new, tids, start)
                return
        head = start + _matching(old_children, start, new_children, start, 1, short - start)
        tail = _matching(old_children, n_old - 1, new_children, n_new - 1, -1, short - start)
        run = self.run
        if shift and head + tail >= short:
            split = _split(old_children, new_children, max(start, short - tail), head, shift)
            run(onid, old_children, start, new_children, start, split - start, tids)
            self.one_run(own, onid, old_children, new_children, split, shift, tids, start)
        else:
            run(onid, old_children, start, new_children, start, head - start, tids)
            run(onid, old_children, n_old - tail, new_children, n_new - tail, tail, tids)
            if head + tail < short:
                self.middle(
                    own, onid, old_children, new_children, head, n_old - tail, head, n_new - tail, tids, start
                )
        self.record(own, onid, new_children, new, tids, start)

    def one_run(
        self,
        own: int,
        onid: IdRecord,
        old_children: list[Any],
        new_children: list[Any],
        split: int,
        shift: int,
        tids: dict[int, int],
        start: int,
    ) -> None:
        """The children from ``split`` on pair shifted (the ones before it are done), and the run
        of ``shift`` new children at ``split`` is inserted (> 0) or old ones removed (< 0)."""
        n_old = len(old_children)
        n_new = len(new_children)
        if shift > 0:
            self.run(onid, old_children, split, new_children, split + shift, n_old - split, tids)
            anchor = _new_id(new_children, split + shift, onid, tids, start) if split < n_old else None
            for index in range(split, split + shift):
                self.put(own, anchor, new_children, index, tids)
            return
        self.run(onid, old_children, split - shift, new_children, split, n_new - split, tids)
        removed = [_old_id(old_children, index, onid) for index in range(split, split - shift)]
        self.removals(
            own,
            removed,
            n_old,
            split,
            lambda: [_new_id(new_children, index, onid, tids, start) for index in range(n_new)],
        )

    @staticmethod
    def record(
        own: int, onid: IdRecord, new_children: list[Any], new: Element, tids: dict[int, int], start: int
    ) -> None:
        """Give ``new`` its id record: every new text from ``start`` on has its id in ``tids``,
        those before it kept theirs."""
        texts = [
            (index, text_id(onid, index))
            for index in range(start)
            if not isinstance(new_children[index], Element)
        ]
        texts += tids.items()
        set_ids(new, own, texts)

    def middle(
        self,
        own: int,
        onid: IdRecord,
        old_children: list[Any],
        new_children: list[Any],
        old_start: int,
        old_end: int,
        new_start: int,
        new_end: int,
        tids: dict[int, int],
        start: int,
    ) -> None:
        """Unkeyed children between the trimmed head and tail, neither side empty.

        1. Implicit keys: (tag, key, id), all texts alike, numbered by occurrence (the second
           ``<label>`` without id matches the second one). Matched nodes are patched.
        2. Those in a longest increasing run stay; the others move, if they have an identity (a
           key or an id) or are equal to the node they matched. Any other is unmatched again: a
           node without identity that changed AND moved is more likely another node.
        3. Between two staying nodes, the unmatched old and new nodes pair by position (patched if
           they match, else REPLACE); what is left over is removed or inserted.
        4. REMOVEs and MOVEs, or one ORDER when that is smaller, then the INSERTs, right to left.
        """
        counts: dict[Any, int] = {}
        old_at: dict[Any, int] = {}
        for index in range(old_start, old_end):
            base = _base(old_children[index])
            seen = counts.get(base, 0)
            counts[base] = seen + 1
            old_at[base, seen] = index
        counts.clear()
        count = new_end - new_start
        sources = [-1] * count  # per new slot: the old index it comes from, -1 for none
        moved = False
        last = -1
        for slot in range(count):
            base = _base(new_children[new_start + slot])
            seen = counts.get(base, 0)
            counts[base] = seen + 1
            source = old_at.pop((base, seen), -1)
            if source >= 0:
                sources[slot] = source
                if source < last:
                    moved = True
                else:
                    last = source
        unmatched = list(old_at.values())
        if moved:
            stays = lis_positions(sources)
            for slot, source in enumerate(sources):
                if source >= 0 and not stays[slot]:
                    node = new_children[new_start + slot]
                    if not _has_identity(node) and not _equal(old_children[source], node):
                        sources[slot] = -1
                        unmatched.append(source)
            unmatched.sort()
        else:
            stays = bytearray(b"\x01") * count  # every matched slot stays (unmatched ones: ignored)
        pair = self.pair
        # Pair the unmatched by position between staying nodes (old gap g: between the g-th and
        # the g+1-th staying node). A paired slot stays too (its node is REPLACEd in place).
        gap_starts = [source for slot, source in enumerate(sources) if source >= 0 and stays[slot]]
        gaps: list[list[int]] = [[] for _ in range(len(gap_starts) + 1)]
        gap = 0
        for index in unmatched:
            while gap < len(gap_starts) and gap_starts[gap] < index:
                gap += 1
            gaps[gap].append(index)
        removed_old: list[int] = []
        gap = taken = 0
        for slot in range(count):
            source = sources[slot]
            if source >= 0:
                pair(onid, old_children, source, new_children, new_start + slot, tids)
                if stays[slot]:
                    removed_old += gaps[gap][taken:]
                    gap += 1
                    taken = 0
            elif taken < len(gaps[gap]):
                source = sources[slot] = gaps[gap][taken]
                stays[slot] = 1
                taken += 1
                pair(onid, old_children, source, new_children, new_start + slot, tids)
        removed_old += gaps[gap][taken:]
        removed = [_old_id(old_children, index, onid) for index in removed_old]
        use_order = False
        if self.allow_order and (moved or len(removed) > 1):
            # Every new child's id, -1 for the ones this frame inserts.
            ids = [
                -1
                if new_start <= index < new_end and sources[index - new_start] < 0
                else _new_id(new_children, index, onid, tids, start)
                for index in range(len(new_children))
            ]
            stays_if = stays if moved else None
            arg = order_arg(self.next_id, own, len(old_children), ids, new_start, sources, stays_if, removed)
            if arg is not None:
                use_order = True
                self.ops += (_ORDER, own, arg)
        ops = self.ops
        if not use_order:
            for removed_id in removed:
                ops += (_REMOVE, removed_id)
        anchor = _new_id(new_children, new_end, onid, tids, start) if new_end < len(new_children) else None
        for slot in range(count - 1, -1, -1):
            index = new_start + slot
            if sources[slot] < 0:
                anchor = self.put(own, anchor, new_children, index, tids)
                continue
            kept_id = _new_id(new_children, index, onid, tids, start)
            if not stays[slot] and not use_order:
                ops += (_MOVE, kept_id, anchor)
            anchor = kept_id

    def pair(
        self,
        onid: IdRecord,
        old_children: list[Any],
        old_index: int,
        new_children: list[Any],
        new_index: int,
        tids: dict[int, int],
    ) -> None:
        """Turn the old child at ``old_index`` into the new one at ``new_index``: patched if they
        match (a text's id goes into ``tids``), else REPLACE."""
        old_child = old_children[old_index]
        new_child = new_children[new_index]
        old_kind = _kind_of(old_child)
        new_kind = _kind_of(new_child)
        if old_kind is str:
            own_text = text_id(onid, old_index)
            if new_kind is str:
                if old_child is not new_child and old_child != new_child:
                    self.text(own_text, old_child, new_child)
                tids[new_index] = own_text
            else:
                self.replace(own_text, copy_if_numbered(new_children, new_index))
        elif new_kind is str:
            tids[new_index] = self.replace(node_id(old_child), new_child)
        elif old_child is not new_child:
            new_child = copy_if_numbered(new_children, new_index)
            if _matches(old_child, new_child):
                self.patch(old_child, new_child)
            else:
                self.replace(node_id(old_child), new_child)

    def put(
        self, own: int, anchor: int | None, new_children: list[Any], index: int, tids: dict[int, int]
    ) -> int:
        """INSERT the new child at ``index`` before ``anchor``; returns its id."""
        if _kind_of(new_children[index]) is Element:
            return self.insert(own, anchor, copy_if_numbered(new_children, index))
        tids[index] = self.insert(own, anchor, new_children[index])
        return tids[index]

    def removals(
        self, own: int, removed: list[int], n_old: int, first: int, kept: Callable[[], list[int]]
    ) -> None:
        """Emit REMOVEs of the old children ``first`` … (``removed``: their ids), or one ORDER
        when that is fewer bytes (``kept``: the ids of the others)."""
        if self.allow_order and len(removed) > 1:
            remove_size = len(removed) + sum(map(int_size, removed))
            # A quick bound first: a listed id is at least a byte, a keep-bitmap n / 8 bytes.
            if min(n_old - len(removed), n_old // 8) + 4 < remove_size:
                positions = [*range(first), *range(first + len(removed), n_old)]
                arg = smallest_order(own, n_old, positions, kept, remove_size)
                if arg is not None:
                    self.ops += (_ORDER, own, arg)
                    return
        ops = self.ops
        for removed_id in removed:
            ops += (_REMOVE, removed_id)


_TEXT: tuple[()] = ()  # the implicit key of every text (numbered by occurrence like the rest)


def _kind_of(node: object) -> type:
    kind = type(node)
    return kind if kind is str or kind is Element else _kind(node)


def _matches(old: object, new: object) -> bool:
    """Whether two unkeyed siblings are the same node to the differ: two texts, or elements with the
    same tag, key and ``id`` attribute (an id is an implicit key, as in snabbdom)."""
    kind = _kind_of(old)
    if kind is not _kind_of(new):
        return False
    if kind is str:
        return True
    a: Element = old  # type: ignore[assignment]
    b: Element = new  # type: ignore[assignment]
    return (
        a.tag == b.tag and a.key == b.key and (a.attrs is b.attrs or a.attrs.get("id") == b.attrs.get("id"))
    )


def _base(node: object) -> Any:
    """The implicit key of an unkeyed sibling, before numbering by occurrence."""
    if _kind_of(node) is str:
        return _TEXT
    element: Element = node  # type: ignore[assignment]
    return (element.tag, element.key, element.attrs.get("id"))


def _has_identity(node: object) -> bool:
    """A key or an id: an element the page says is this one (a text has none)."""
    return isinstance(node, Element) and (node.key is not None or node.attrs.get("id") is not None)


def _equal(a: object, b: object) -> bool:
    # Any two elements compare by content (a sealed memoized row is an Element subclass); a text
    # equals only a text (``Raw("x") == "x"`` for plain ``==``).
    return a is b or ((type(a) is type(b) or (isinstance(a, Element) and isinstance(b, Element))) and a == b)


def _matching(old: list[Any], old_from: int, new: list[Any], new_from: int, step: int, limit: int) -> int:
    """How many pairs match (``_matches``, inlined for the common kinds) going from ``old_from`` and
    ``new_from`` by ``step`` (1 or -1), at most ``limit``."""
    shift = new_from - old_from
    old_index = old_from
    for _ in range(limit):
        a = old[old_index]
        b = new[old_index + shift]
        kind = type(a)
        if kind is Element and type(b) is Element:
            if a.tag != b.tag or a.key != b.key:
                break
            attrs = a.attrs
            other = b.attrs
            if attrs is not other and ("id" in attrs or "id" in other) and attrs.get("id") != other.get("id"):
                break
        elif not (kind is str and type(b) is str) and not _matches(a, b):
            break
        old_index += step
    return abs(old_index - old_from)


def _split(old: list[Any], new: list[Any], low: int, high: int, shift: int) -> int:
    """Where in ``low..high`` a run of ``shift`` inserted (> 0) or removed (< 0) children goes: the
    children before it pair with the same index, those after it with the index + shift (whether
    those pairs match, the caller sees to). Aims for the place where the pairs are equal.

    Compares from both ends alternately. Where a side meets an unequal pair, the other alignment
    of that pair decides: equal, and the run goes there (a single insert or remove among otherwise
    equal siblings costs exactly its one op, an append or a prepend compares a few pairs);
    unequal, and that side is done. When both are, the places between them are scored by their
    equal pairs (an edit next to the run).
    """
    short, long = (old, new) if shift > 0 else (new, old)
    run = abs(shift)
    head, tail = low, high  # short[:head] equal to long[:head]; short[tail:] to long[tail + run:]
    head_open = tail_open = True
    while head < tail and (head_open or tail_open):
        if head_open:
            if _equal(short[head], long[head]):
                head += 1
            elif _equal(short[head], long[head + run]):
                return head
            else:
                head_open = False
        if tail_open and head < tail:
            if _equal(short[tail - 1], long[tail - 1 + run]):
                tail -= 1
            elif _equal(short[tail - 1], long[tail - 1]):
                return tail
            else:
                tail_open = False
    if head >= tail:
        return head
    # Between head and tail, score each place by its equal pairs (outside, a place can only do
    # worse) and take the best, the latest on a tie (nothing equal: the run at tail).
    shifted = [_equal(short[index], long[index + run]) for index in range(head, tail)]
    score = sum(shifted)  # the run at head: every pair between is shifted
    best, best_score = head, score
    for place in range(head + 1, tail + 1):
        before = place - 1  # now paired unshifted
        score += _equal(short[before], long[before]) - shifted[before - head]
        if score >= best_score:
            best, best_score = place, score
    return best


def _old_id(old_children: list[Any], index: int, onid: IdRecord) -> int:
    child = old_children[index]
    return node_id(child) if _kind_of(child) is Element else text_id(onid, index)


def _new_id(new_children: list[Any], index: int, onid: IdRecord, tids: dict[int, int], start: int) -> int:
    """Id of the new child at ``index``, once patched or put: its own, or a text's from ``tids`` (or
    kept in place, before ``start``)."""
    child = new_children[index]
    if isinstance(child, Element):
        return node_id(child)
    return tids[index] if index >= start else text_id(onid, index)


def _kind(node: object) -> type:
    """Classify a child that is not an exact ``str``/``Element``: Raw aborts to the opaque path."""
    if makes_opaque(node):
        raise _OpaqueContent
    if isinstance(node, Element):
        return Element
    if isinstance(node, str):
        return str
    raise TypeError(f"Unexpected child {node!r} in the tree")
