"""Diff mode on the server: the tree the browser shows, kept per connection, and the frames that
move it forward (DESIGN §3–§5, the wire contract in ``wire.py``).

The HTTP render numbers the target (``baseline``) and stores it with the page, so connecting costs
no second render and no payload. Each consumer run renders the target's new content, diffs it
against the kept tree and sends one frame. A REPLACE of the target (id 0) re-hydrates both sides:
ids restart at 0 with the new target, which is how a resync and a page rebuilt after a lost token
are answered — the server can't know the client's counter then, so both sides start over.
"""

from __future__ import annotations

from typing import Any

from .diff import diff
from .memo import MemoCache
from .nodeids import assign_ids, fresh
from .sealed import long_list_rows, seal_rows
from .tree import Element, Fragment, find_element, finished_render
from .wire import Op, encode_frame

__all__ = ["DiffSession", "baseline"]


def baseline(root: Fragment, target_id: str | None) -> DiffSession | None:
    """The session of a freshly rendered page: its target numbered for hydration, the id counter
    the client's hydration will end at, and the render's ``@memo`` outputs (so the first event
    already reuses the page's rows); None when the page has no such element."""
    if not target_id:
        return None
    target = find_element(root, lambda element: element.attrs.get("id") == target_id)
    if target is None:
        return None
    next_id = assign_ids(target, 0)
    render = finished_render(root)
    memo = render.memo if render is not None else None
    if memo is None:
        memo = MemoCache()
        if render is not None:
            render.memo = memo
    # the rows of long keyed lists: sealed with the memoized rows once the page's HTML is written
    memo.rows += long_list_rows(target)
    return DiffSession(target, next_id, memo=memo)


class DiffSession:
    """One connection's view of one diff-mode page: the one owner of the kept tree, the id counter,
    the last frame's seq and the ``@memo`` cache of the render that made the kept tree.

    A kept tree is never changed in place (the differ and ``replace_all`` copy what they renumber),
    so ``copy()`` is a few references: the page store keeps one copy, each connection its own.
    """

    __slots__ = ("memo", "next_id", "seq", "tree")

    def __init__(self, tree: Element, next_id: int, seq: int = 0, memo: MemoCache | None = None) -> None:
        self.tree = tree
        self.next_id = next_id
        self.seq = seq  # the last server frame's seq
        if memo is None:
            memo = MemoCache()
        # ``memo`` is the cache the render of ``tree`` used: keep what that render used (numbered).
        memo.commit()
        self.memo = memo

    def copy(self) -> DiffSession:
        return DiffSession(self.tree, self.next_id, self.seq, self.memo.copy())

    def __getstate__(self) -> dict[str, Any]:
        # The memo cache stays out of pickled snapshots: after a reconnect the first render misses.
        return {"tree": self.tree, "next_id": self.next_id, "seq": self.seq}

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple):  # the default slots pickle: (None, {slot: value})
            state = state[1]
        self.tree, self.next_id, self.seq = state["tree"], state["next_id"], state["seq"]
        self.memo = MemoCache()

    def _frame(self, acked_event_seq: int, ops: list[Any]) -> bytes:
        self.seq += 1
        return encode_frame(self.seq, acked_event_seq, self.next_id, ops)

    def update(self, content: Fragment | None, acked_event_seq: int) -> bytes:
        """The frame for a run that rendered ``content`` into the target (None: nothing rendered,
        an empty frame that still acknowledges the event).

        ``content`` rendered with ``rendering(self.memo)`` becomes the kept tree, and the memo
        cache keeps what that render used."""
        if content is None:
            return self._frame(acked_event_seq, [])
        old = self.tree
        new = Element(old.tag, old.attrs, content.children, old.key)
        rows: list[list[Any]] = []
        patch = diff(old, new, self.next_id, rows=rows)
        self.tree, self.next_id = new, patch.next_id
        self.memo.commit()
        frame = self._frame(acked_event_seq, patch.ops)
        # after the frame, which may carry new rows (it reads them): kept rows become bytes
        seal_rows(rows)
        self.memo.seal_opened()
        return frame

    def seal(self) -> None:
        """Seal the memoized rows the tree's render made (``sealed.py``): once the page's HTML
        is written (the HTTP render) or its frame encoded (``update`` does it itself)."""
        self.memo.seal_opened()

    def replace_all(self, acked_event_seq: int = 0, tree: Element | None = None) -> bytes:
        """One REPLACE of the target: the whole kept tree (or ``tree``) again, ids from 0."""
        # A copy: the old tree may be shared with the page store or another connection's session.
        self.tree = fresh(tree if tree is not None else self.tree)
        self.next_id = assign_ids(self.tree, 0)
        # Every node was copied to be renumbered: cached outputs are no longer the shown objects.
        self.memo = MemoCache()
        frame = self._frame(acked_event_seq, [Op.REPLACE, 0, self.tree])
        seal_rows(long_list_rows(self.tree))  # the copies, once written, kept sealed again
        return frame
