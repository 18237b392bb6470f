"""Packed pages: a real page (unkeyed form, conditional errors, raw HTML, mixed text, memoized
rows) comes back equal, ids and all; the memo cache still skips rows by identity after unpacking;
what can't be pickled is refused, not half-kept; the bytes are one untracked object."""

from __future__ import annotations

import gc
from typing import Any

from hypergen_vdom.bindings import callback
from hypergen_vdom.diffmode import baseline
from hypergen_vdom.memo import entry_nodes, memo
from hypergen_vdom.nodeids import preorder_ids
from hypergen_vdom.packing import pack_state, unpack_state
from hypergen_vdom.store import PageState
from hypergen_vdom.tags import b, button, div, form, input_, label, li, p, span, ul
from hypergen_vdom.tree import Element, Raw, raw, rendering, write
from hypergen_vdom.wire import decode_frame

from . import support_views

calls: list[Any] = []


@memo
def todo(todo_id: int, text: str, done: bool) -> None:
    calls.append(todo_id)
    li(input_(type_="checkbox", checked=done), label(text), key=todo_id)


def signup_form(errors: dict[str, str], todos: list[tuple[int, str, bool]]) -> None:
    # Real-page markup: an unkeyed form whose error paragraphs come and go, a number input read
    # back as int, raw HTML, mixed text and elements, and memoized keyed rows.
    with form():
        label("Name")
        name = input_(id_="name", value="Ann <script>")
        if "name" in errors:
            p(errors["name"], class_="error")
        age = input_(id_="age", type_="number", value=3)
        button("Save", onclick=callback(support_views.diff_nothing, name, age))
    with div(class_="help"):
        raw("<em>raw &amp; opaque</em>")
    with p():
        write("Hello ")
        b("you")
        write(", welcome")
    with ul():
        for todo_id, text, done in todos:
            todo(todo_id, text, done)


def page(errors: dict[str, str], todos: list[tuple[int, str, bool]]) -> PageState:
    with rendering() as state, div(id="content"):
        signup_form(errors, todos)
    session = baseline(state.root, "content")
    assert session is not None
    return PageState(
        groups=["g"],
        target_id="content",
        handlers=frozenset({"h"}),
        session=session,
        app_state=b"app",
        last_event_seq=4,
        last_answer=(b"frame",),
    )


TODOS = [(n, f"todo {n}", n % 2 == 0) for n in range(20)]


def test_a_real_page_comes_back_equal_with_its_ids_raw_html_and_coercion():
    state = page({"name": "Required"}, TODOS)
    packed = pack_state(state)
    assert isinstance(packed, bytes)
    back = unpack_state(packed)
    assert back is not state and back.session is not state.session
    tree, original = back.session.tree, state.session.tree
    assert tree == original and tree is not original
    assert preorder_ids(tree) == preorder_ids(original)  # tuple-form and int-form ids alike
    assert (back.session.next_id, back.session.seq) == (state.session.next_id, state.session.seq)
    raw_html = tree.children[1].children[0]
    assert type(raw_html) is Raw
    age = tree.children[0].children[3]
    assert age.attrs["id"] == "age" and age.coerce is not None
    assert age.coerce == original.children[0].children[3].coerce
    assert (back.groups, back.handlers, back.app_state, back.last_event_seq, back.last_answer) == (
        ["g"],
        frozenset({"h"}),
        b"app",
        4,
        (b"frame",),
    )


def test_the_memo_cache_comes_back_sharing_the_trees_nodes_so_rows_are_still_skipped():
    state = page({}, TODOS)
    back = unpack_state(pack_state(state))
    session = back.session
    rows = session.tree.children[3].children
    assert len(session.memo) == len(TODOS)
    for _, _, entry in session.memo.items():
        assert any(entry_nodes(entry)[0] is row for row in rows)  # the very objects of the tree
    # One todo toggled and the name error shown: only that row renders again, and the frame is
    # the one the never-packed session sends.
    changed = [(n, text, not done if n == 7 else done) for n, text, done in TODOS]
    frames = []
    for current in (state.session, session):
        calls.clear()
        with rendering(current.memo) as render, div(id="content") as target:
            signup_form({"name": "Required"}, changed)
        del render
        frames.append(current.update(target, 1))
        assert calls == [7]
    assert frames[0] == frames[1]
    assert decode_frame(frames[1])  # a well-formed frame


def test_a_page_that_cannot_be_pickled_is_refused_whole():
    @memo
    def local_row(text: str) -> None:  # defined in a function: pickle can't name it
        span(text)

    with rendering() as state, div(id="content"):
        local_row("x")
    session = baseline(state.root, "content")
    assert pack_state(PageState(session=session)) is None
    deep = Element("div")
    node = deep
    for _ in range(50_000):  # hostile depth: pickle's recursion limit, not a crash
        child = Element("div")
        node.children.append(child)
        node = child
    assert pack_state(PageState(app_state=b"x", session=None, groups=[deep])) is None  # type: ignore[list-item]


def test_the_packed_form_is_one_untracked_object_where_the_tree_is_hundreds():
    state = page({}, [(n, f"todo {n}", False) for n in range(100)])
    packed = pack_state(state)
    assert packed is not None and not gc.is_tracked(packed)
    gc.collect()
    before = len(gc.get_objects())
    kept = [unpack_state(packed) for _ in range(10)]
    gc.collect()
    per_page = (len(gc.get_objects()) - before) / len(kept)
    assert per_page > 300  # the object form: Elements and their children lists
