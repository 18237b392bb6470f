"""sealed.py: memoized rows kept as bytes once numbered, decoded afresh on every read."""

from __future__ import annotations

import datetime
import pickle
import sys
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypergen_vdom.diff import diff
from hypergen_vdom.diffmode import baseline
from hypergen_vdom.nodeids import assign_ids, preorder_ids
from hypergen_vdom.sealed import (
    SealedElement,
    fresh_packed,
    open_element,
    same_packed,
    same_record,
    seal,
)
from hypergen_vdom.tags import div, input_, label, li, span, ul
from hypergen_vdom.testing.patcher import Patcher, shape
from hypergen_vdom.tree import NO_ATTRS, Element, Fragment, Raw, rendering, write
from hypergen_vdom.wire import Op, encode_frame


def cell(text: str) -> Element:
    return Element("td", NO_ATTRS, [text])


def table_row(key: object = 7) -> Element:
    return Element("tr", NO_ATTRS, [cell("7"), cell("Ada"), cell("ada@example.com")], key=key)


def sealed(element: Element, first_id: int = 40) -> SealedElement:
    row = open_element(element)
    assign_ids(row, first_id)
    seal(row)
    return row


def test_a_sealed_row_reads_back_equal_with_its_ids():
    original = table_row()
    assign_ids(original, 40)
    row = sealed(table_row())
    assert row.packed is not None
    assert row == original
    assert preorder_ids(row) == preorder_ids(original) == list(range(40, 47))
    assert [child.nid for child in row.children] == [41, 43, 45]  # type: ignore[union-attr]


def test_the_encoding_of_a_table_row_is_exact():
    # An array: the row's own attributes (none: nil), then per cell a 3-array of "td", its id as
    # the difference from the row's and its text; then the row's own id (40) in four bytes,
    # little-endian.
    assert sealed(table_row()).packed == (
        b"\x94\xc0\x93\xa2td\x01\xa17\x93\xa2td\x03\xa3Ada\x93\xa2td\x05\xafada@example.com(\x00\x00\x00"
    )


def test_every_kind_of_content_comes_back():
    inner = Element("span", {"class": "x"}, ["a ", Element("b", NO_ATTRS, ["bold"]), " c"], key="k")
    opaque = Element("div", NO_ATTRS, [Raw("<i>raw</i>")])
    ignored = Element("div", {"hv-ignore": True}, [Element("p", NO_ATTRS, ["client's"])])
    field = Element("input", {"type": "number", "value": "3"})
    field.coerce = "int"
    element = Element("li", {"id": "row-1"}, ["lead", inner, opaque, ignored, field], key=1)
    reference = Element("li", {"id": "row-1"}, ["lead", inner, opaque, ignored, field], key=1)
    assign_ids(reference, 3)
    row = sealed(element, 3)
    children = row.children
    assert children == reference.children
    assert [type(child) for child in children] == [str, Element, Element, Element, Element]
    assert type(children[2].children[0]) is Raw  # type: ignore[union-attr]
    assert children[1].nid == reference.children[1].nid  # type: ignore[union-attr]  # the tuple form
    assert isinstance(children[1].nid, tuple)  # type: ignore[union-attr]
    assert children[3].children[0].nid is None  # type: ignore[union-attr]  # client-owned inside
    assert children[4].coerce == "int"  # type: ignore[union-attr]
    assert row.attrs == {"id": "row-1"} and row.key == 1
    assert row.attrs is not row.attrs  # in the bytes too: each read decodes a dict of its own
    with pytest.raises(TypeError, match="sealed"):
        row.attrs = {}


@pytest.mark.parametrize(
    "key", [datetime.date(2026, 12, 2), uuid.UUID(int=5), 2**70, ("a", 1)], ids=repr
)
def test_keys_msgpack_cannot_carry_keep_their_type(key: object):
    inner = Element("li", NO_ATTRS, ["x"], key=key)
    row = sealed(Element("ul", NO_ATTRS, [inner]))
    [child] = row.children
    assert child.key == key and type(child.key) is type(key)  # type: ignore[union-attr]


def test_each_read_decodes_fresh_objects_and_a_sealed_row_refuses_changes():
    row = sealed(table_row())
    first, second = row.children, row.children
    assert first == second and first is not second and first[0] is not second[0]
    first.clear()  # a reader's own list: the row is unchanged
    assert len(row.children) == 3
    with pytest.raises(TypeError, match="sealed"):
        row.children = []


def test_an_open_row_is_an_ordinary_element_until_sealed():
    row = open_element(table_row())
    children = row.children
    assert row.children is children  # the render's own list, numbered in place by the differ
    seal(row)
    assert row.packed is None  # not numbered: nothing to seal yet
    assign_ids(row, 0)
    seal(row)
    packed = row.packed
    seal(row)
    assert row.packed is packed


def test_pickles_keep_a_sealed_row_sealed():
    row = sealed(table_row())
    back = pickle.loads(pickle.dumps(row))
    assert type(back) is SealedElement and back.packed == row.packed and back.nid == row.nid
    assert back == row
    opened = pickle.loads(pickle.dumps(open_element(table_row())))
    assert type(opened) is SealedElement and opened.packed is None and opened == table_row()


def test_a_sealed_row_is_a_fraction_of_its_elements():
    rows = [table_row(n) for n in range(50)]
    for n, row in enumerate(rows):
        assign_ids(row, 10 * n)
    packed = [sealed(table_row(n), 10 * n) for n in range(50)]

    def size(row: Element) -> int:
        total = sys.getsizeof(row) + sys.getsizeof(row.children)
        return total + sum(size(child) if isinstance(child, Element) else 0 for child in row.children)

    plain = sum(map(size, rows))
    compact = sum(sys.getsizeof(row) + sys.getsizeof(row.packed) for row in packed)
    assert compact * 3 < plain


def test_hostile_content_stays_open_rather_than_failing_the_event():
    # Nesting deeper than the encoders recurse: the row stays an ordinary open element.
    deep: Element = Element("i", NO_ATTRS, ["x"])
    for _ in range(sys.getrecursionlimit() + 10):
        deep = Element("b", NO_ATTRS, [deep])
    row = open_element(Element("li", NO_ATTRS, [deep]))
    row.nid = 0  # numbered (assign_ids itself would recurse as deep)
    seal(row)
    assert row.packed is None and row.children[0] is deep
    # A megabyte of text seals and comes back whole.
    big = sealed(Element("li", NO_ATTRS, ["y" * 1_000_000]))
    assert big.children == ["y" * 1_000_000]


# -- fresh_packed: what a new row would seal to, without numbering it --------------------------

texts = st.text("ab <", min_size=1, max_size=3)
leaf = st.builds(lambda tag, text: Element(tag, NO_ATTRS, [text]), st.sampled_from(["td", "b"]), texts)


def _node(children: st.SearchStrategy[list[Element | str]]) -> st.SearchStrategy[Element]:
    return st.builds(
        lambda tag, attrs, key, kids: Element(tag, attrs, _no_adjacent_texts(kids), key=key),
        st.sampled_from(["div", "span", "li"]),
        st.sampled_from([NO_ATTRS, {"class": "x"}, {"id": "n", "hidden": True}]),
        st.sampled_from([None, 1, "k"]),
        children,
    )


def _no_adjacent_texts(children: list[Element | str]) -> list[Element | str]:
    out: list[Element | str] = []
    for child in children:
        if isinstance(child, str) and out and isinstance(out[-1], str):
            continue
        out.append(child)
    return out


def _nested(inner: st.SearchStrategy[Element]) -> st.SearchStrategy[Element]:
    return _node(st.lists(st.one_of(texts, inner), max_size=4))


trees = st.recursive(leaf, _nested, max_leaves=12)


@given(st.lists(st.one_of(texts, trees), min_size=1, max_size=5), st.integers(0, 5000))
def test_fresh_packed_is_what_the_row_seals_to_once_numbered(children: list[Element | str], first_id: int):
    row = Element("tr", NO_ATTRS, _no_adjacent_texts(children), key=1)
    fresh = fresh_packed(row)
    assert fresh is not None
    assign_ids(row, first_id)
    sealed_row = open_element(row)
    seal(sealed_row)
    assert same_packed(sealed_row, fresh[0])
    assert same_record(sealed_row.nid, fresh[1])
    assert not same_record(first_id + 1 if fresh[1] else (first_id, first_id + 1), fresh[1])


def test_fresh_packed_leaves_out_what_it_does_not_number_alike():
    assert fresh_packed(Element("li", NO_ATTRS, [Element("p", NO_ATTRS, [Raw("<i>x</i>")])])) is None
    ignored = Element("p", {"hv-ignore": True}, ["client's"])
    assert fresh_packed(Element("li", NO_ATTRS, [ignored])) is None
    dated = Element("i", NO_ATTRS, ["x"], key=datetime.date(2026, 1, 1))
    assert fresh_packed(Element("li", NO_ATTRS, [dated])) is None
    assert fresh_packed(Element("li", NO_ATTRS, ["lead", Element("b", NO_ATTRS, ["x"])])) is not None


# -- long keyed lists: kept sealed, the frames of a differ that never seals ----------------------

SHORT_MIN = 16  # these tests seal lists from 16 rows (the default is longer: quicker examples)


@pytest.fixture(autouse=True)
def _lists_from_16_rows() -> Iterator[None]:
    from hypergen_vdom import sealed as sealing

    before = sealing.rows_min()
    sealing.configure(SHORT_MIN)
    yield
    sealing.configure(None if before == float("inf") else int(before))


def todo_list(items: list[dict[str, object]]) -> None:
    with ul(id="todos"):
        for item in items:
            with li(key=item["id"], class_="done" if item["done"] else None):
                input_(type="checkbox", checked=item["done"])
                write(" ")
                label(item["text"])
                if item["extra"]:
                    span("!", class_="flag")
                if item["tail"]:
                    write(str(item["tail"]))


def render_list(items: list[dict[str, object]]) -> Element:
    with rendering(), div(id="content") as target:
        todo_list(items)
    return target


row_change = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 40), st.text("ab ", max_size=3)),
    st.tuples(st.just("delete"), st.integers(0, 40)),
    st.tuples(st.just("move"), st.integers(0, 40), st.integers(0, 40)),
    st.tuples(st.just("edit"), st.integers(0, 40), st.text("ab ", max_size=3)),
    st.tuples(st.just("toggle"), st.integers(0, 40)),
    st.tuples(st.just("extra"), st.integers(0, 40)),
    st.tuples(st.just("tail"), st.integers(0, 40), st.sampled_from(["", "x", "yz"])),
    st.tuples(st.just("reverse")),
    st.tuples(st.just("snapshot"), st.booleans()),
    st.tuples(st.just("resync")),
)


def change(items: list[dict[str, object]], step: tuple[object, ...], next_key: list[int]) -> None:
    kind = step[0]
    if kind == "insert":
        next_key[0] += 1
        item = {"id": next_key[0], "text": step[2], "done": False, "extra": False, "tail": ""}
        items.insert(int(step[1]) % (len(items) + 1), item)  # type: ignore[call-overload]
    elif kind == "reverse":
        items.reverse()
    elif items and kind == "delete":
        del items[int(step[1]) % len(items)]  # type: ignore[call-overload]
    elif items and kind == "move":
        items.insert(int(step[2]) % len(items), items.pop(int(step[1]) % len(items)))  # type: ignore[call-overload]
    elif items and kind in ("edit", "toggle", "extra", "tail"):
        item = items[int(step[1]) % len(items)]  # type: ignore[call-overload]
        if kind == "edit":
            item["text"] = step[2]
        elif kind == "tail":
            item["tail"] = step[2]
        else:
            field = "done" if kind == "toggle" else "extra"
            item[field] = not item[field]


@settings(max_examples=120, deadline=None)
@given(st.integers(10, 30), st.lists(row_change, min_size=1, max_size=10))
def test_a_sealed_list_sends_the_frames_of_a_differ_that_never_seals(
    count: int, steps: list[tuple[object, ...]]
) -> None:
    items: list[dict[str, object]] = [
        {"id": n, "text": f"t{n}", "done": n % 3 == 0, "extra": n % 5 == 0, "tail": "z" if n % 7 == 0 else ""}
        for n in range(count)
    ]
    next_key = [count]
    with rendering() as state, div(id="content"):
        todo_list(items)
    session = baseline(state.root, "content")
    assert session is not None
    session.seal()  # what the page's HTTP view does once the HTML is written
    reference = render_list(items)
    reference_next = assign_ids(reference, 0)
    client = Patcher(session.tree)
    seq = 0
    for step in steps:
        change(items, step, next_key)
        if step[0] == "snapshot":
            session = pickle.loads(pickle.dumps(session)) if step[1] else session.copy()
            continue
        seq += 1
        if step[0] == "resync":
            frame = session.replace_all(seq)
            reference = render_list(items)
            reference_next = assign_ids(reference, 0)
            assert frame == encode_frame(seq, seq, reference_next, [Op.REPLACE, 0, reference])
            client = Patcher(session.tree)
            continue
        new = render_list(items)
        patch = diff(reference, new, reference_next)  # never seals: plain elements throughout
        reference, reference_next = new, patch.next_id
        frame = session.update(Fragment(render_list(items).children), seq)
        assert frame == encode_frame(seq, seq, reference_next, patch.ops)
        client.apply(frame)
        assert shape(client.to_element()) == shape(reference) == shape(session.tree)
        assert client.preorder_ids() == preorder_ids(session.tree) == preorder_ids(reference)
        rows = session.tree.children[0].children  # type: ignore[union-attr]
        sealed_rows = [row for row in rows if type(row) is SealedElement and row.packed is not None]
        if len(rows) >= SHORT_MIN:  # (a shorter list keeps the sealed rows it has)
            assert len(sealed_rows) == len(rows)


def test_an_unchanged_sealed_row_is_kept_undecoded_and_a_changed_one_sealed_anew():
    items = [{"id": n, "text": f"t{n}", "done": False, "extra": False, "tail": ""} for n in range(20)]
    with rendering() as state, div(id="content"):
        todo_list(items)
    session = baseline(state.root, "content")
    assert session is not None
    session.seal()
    before = list(session.tree.children[0].children)  # type: ignore[union-attr]
    items[3]["done"] = True
    frame = session.update(Fragment(render_list(items).children), 1)
    after = session.tree.children[0].children  # type: ignore[union-attr]
    assert [a is b for a, b in zip(before, after, strict=True)].count(False) == 1
    assert after[3] is not before[3] and type(after[3]) is SealedElement and after[3].packed is not None
    # one class attribute (SET_ATTR 2) and one checked property (SET_PROP 4), nothing else
    assert frame == b"\x9b\x01\x01f\x02\x11\xa5class\xa4done\x04\x12\xa7checked\xc3"


def test_sealing_long_lists_can_be_turned_off():
    from hypergen_vdom import sealed as sealing

    items = [{"id": n, "text": f"t{n}", "done": False, "extra": False, "tail": ""} for n in range(20)]
    sealing.configure(None)
    try:
        with rendering() as state, div(id="content"):
            todo_list(items)
        session = baseline(state.root, "content")
        assert session is not None
        session.seal()
        items[0]["done"] = True
        session.update(Fragment(render_list(items).children), 1)
        rows = session.tree.children[0].children  # type: ignore[union-attr]
        assert all(type(row) is Element for row in rows)
    finally:
        sealing.configure(SHORT_MIN)
    with pytest.raises(ValueError, match="an int"):
        sealing.configure(0)


def test_a_resync_writes_every_row_and_keeps_them_sealed_again():
    items = [{"id": n, "text": f"t{n}", "done": False, "extra": False, "tail": ""} for n in range(20)]
    with rendering() as state, div(id="content"):
        todo_list(items)
    session = baseline(state.root, "content")
    assert session is not None
    session.seal()
    frame = session.replace_all(3)
    reference = render_list(items)
    assert frame == encode_frame(1, 3, assign_ids(reference, 0), [Op.REPLACE, 0, reference])
    rows = session.tree.children[0].children  # type: ignore[union-attr]
    assert all(type(row) is SealedElement and row.packed is not None for row in rows)
