"""Hypothesis: for random sequences of mutations, the memoized render sends the same frames, byte
for byte, as the plain render of the same template, and the client's DOM (the reference patcher)
is the plain render's tree, with the same node ids.

The state is a list of mutable dicts, changed in place the way handlers do (the trap ``@memo``
must never fall into); rows are keyed or not, carry ids or not, nest a memoized badge, may end and
begin with text (merged across rows), and may appear twice (one output at two places). Between
events the connection may render without diffing (an event rendering elsewhere), be resynced
(``replace_all``) or resume from a snapshot (``copy()``, or a pickle, which drops the cache).
"""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.scenarios import StandIn
from hypergen_vdom.bindings import callback
from hypergen_vdom.diffmode import DiffSession
from hypergen_vdom.memo import MemoCache, memo, numbered
from hypergen_vdom.nodeids import assign_ids, preorder_ids
from hypergen_vdom.tags import div, input_, label, li, span, ul
from hypergen_vdom.testing.patcher import Patcher, shape
from hypergen_vdom.tree import Element, Fragment, rendering, write

TOGGLE = StandIn("togl1")


def badge(done: bool) -> None:
    span("done" if done else "open", class_="badge")


def row(item_id: int, text: str, done: bool, keyed: bool, with_id: bool, texty: bool, memoized: bool) -> None:
    if texty:
        write(f"{text}:")  # text at the edge of the output: merges with the row before
    with li(key=item_id if keyed else None, id=f"row{item_id}" if with_id else None):
        input_(type_="checkbox", checked=done, onchange=callback(TOGGLE, item_id))
        label(text)
        (badge_memo if memoized else badge)(done)
    if texty:
        write("/")


badge_memo = memo(badge)
row_memo = memo(row)


def page(items: list[dict[str, Any]], options: dict[str, bool], memoized: bool) -> None:
    keyed = options["keyed"]
    render_row = row_memo if memoized else row
    with ul(id="list"):
        for item in items:
            render_row(
                item["id"], item["text"], item["done"], keyed, options["ids"], options["texty"] and not keyed,
                memoized,
            )
    if options["pinned"] and items and not options["ids"]:
        with div(id="pinned"):  # the first row once more: one output at two places
            first = items[0]
            render_row(first["id"], first["text"], first["done"], keyed, False, False, memoized)


def render(items: list[dict[str, Any]], options: dict[str, bool], memo_cache: MemoCache | None) -> Element:
    with rendering(memo_cache), div(id="content") as target:
        page(items, options, memo_cache is not None)
    return target


mutation = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 30), st.text("abc ", max_size=4)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 30)),
    st.tuples(st.just("edit"), st.integers(0, 30), st.text("abc ", max_size=4)),
    st.tuples(st.just("toggle"), st.integers(0, 30)),
    st.tuples(st.just("reverse")),
    st.tuples(st.just("options"), st.sampled_from(["keyed", "ids", "texty", "pinned"])),
    st.tuples(st.just("undiffed")),  # a render that never becomes the kept tree
    st.tuples(st.just("resync")),
    st.tuples(st.just("snapshot"), st.booleans()),  # reconnect: from a copy, or from a pickle
)


def apply(
    items: list[dict[str, Any]], options: dict[str, bool], step: tuple[Any, ...], next_key: list[int]
) -> None:
    kind = step[0]
    if kind == "insert":
        next_key[0] += 1
        items.insert(step[1] % (len(items) + 1), {"id": next_key[0], "text": step[2], "done": False})
    elif kind == "options":
        options[step[1]] = not options[step[1]]
    elif kind == "reverse":
        items.reverse()
    elif items and kind == "delete":
        del items[step[1] % len(items)]
    elif items and kind == "move":
        items.insert(step[2] % len(items), items.pop(step[1] % len(items)))
    elif items and kind == "edit":
        items[step[1] % len(items)]["text"] = step[2]  # in place
    elif items and kind == "toggle":
        item = items[step[1] % len(items)]
        item["done"] = not item["done"]  # in place


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("abc ", max_size=3), max_size=12),
    st.fixed_dictionaries({name: st.booleans() for name in ("keyed", "ids", "texty", "pinned")}),
    st.lists(mutation, min_size=1, max_size=12),
)
def test_memoized_render_sends_the_plain_frames_and_the_client_shows_the_plain_tree(
    texts: list[str], options: dict[str, bool], steps: list[tuple[Any, ...]]
) -> None:
    items = [{"id": n, "text": text, "done": n % 3 == 0} for n, text in enumerate(texts)]
    next_key = [len(items)]
    cache = MemoCache()
    target = render(items, options, cache)
    session = DiffSession(target, assign_ids(target, 0), memo=cache)
    plain_target = render(items, options, None)
    plain = DiffSession(plain_target, assign_ids(plain_target, 0))
    client = Patcher(target)
    seq = 0
    for step in steps:
        apply(items, options, step, next_key)
        if step[0] == "undiffed":
            render(items, options, session.memo)
            continue
        if step[0] == "resync":
            frame = session.replace_all()
            assert frame == plain.replace_all()
            client = Patcher(session.tree)
            continue
        if step[0] == "snapshot":
            session = pickle.loads(pickle.dumps(session)) if step[1] else session.copy()
            continue
        seq += 1
        frame = session.update(Fragment(render(items, options, session.memo).children), seq)
        assert frame == plain.update(Fragment(render(items, options, None).children), seq)
        client.apply(frame)
        assert shape(client.to_element()) == shape(plain.tree) == shape(session.tree)
        assert client.preorder_ids() == preorder_ids(session.tree)
        assert all(numbered(entry) for _, _, entry in session.memo.items())
    # and the state the user sees is the state: nothing stale after any sequence
    fresh = render(items, options, None)
    assert shape(client.to_element()) == shape(fresh)
