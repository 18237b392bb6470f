"""sealed.py: memoized rows kept as bytes once numbered, decoded afresh on every read."""

from __future__ import annotations

import datetime
import pickle
import sys
import uuid

import pytest

from hypergen_vdom.nodeids import assign_ids, preorder_ids
from hypergen_vdom.sealed import SealedElement, open_element, seal
from hypergen_vdom.tree import NO_ATTRS, Element, Raw


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
    # Per cell: a 3-array, "td", its id as the difference from the row's, its text.
    assert sealed(table_row()).packed == (
        b"\x93\x93\xa2td\x01\xa17\x93\xa2td\x03\xa3Ada\x93\xa2td\x05\xafada@example.com"
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
