"""nodeids.py: preorder allocation, the compact id record, and what keeping a tree costs."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from bench.scenarios import load_data, scenario
from hypergen_vdom.diff import diff
from hypergen_vdom.nodeids import (
    MissingIdsError,
    assign_ids,
    child_id,
    fresh,
    is_opaque,
    node_id,
    preorder_ids,
)
from hypergen_vdom.tree import Element, Raw


def test_hydration_numbers_elements_and_texts_in_preorder():
    tree = Element("div", {}, [Element("p", {}, ["a", Element("b", {}, ["c"]), "d"]), "e", Element("br")])
    assert assign_ids(tree, 0) == 8
    # div 0, p 1, "a" 2, b 3, "c" 4, "d" 5, "e" 6, br 7
    assert preorder_ids(tree) == list(range(8))
    p, _, br = tree.children
    assert node_id(p) == 1 and child_id(p, 0) == 2 and child_id(p, 1) == 3 and child_id(p, 2) == 5
    assert child_id(tree, 1) == 6 and node_id(br) == 7


def test_the_record_is_an_int_unless_a_text_sits_past_the_first_child():
    cell = Element("td", {}, ["42"])
    row = Element("tr", {}, [cell, Element("td")])
    leading = Element("label", {}, ["x", Element("input")])
    mixed = Element("div", {}, [Element("b", {}, ["a"]), " ", Element("i")])
    assign_ids(Element("div", {}, [row, leading, mixed]), 0)
    assert type(cell.nid) is int and type(row.nid) is int and type(leading.nid) is int
    # Mixed content: (own id, per child: a text's id, -1 for an element).
    assert mixed.nid == (node_id(mixed), -1, node_id(mixed) + 3, -1)


def test_opaque_elements_get_one_id_and_none_inside():
    inner = Element("b", {}, ["x"])
    opaque = Element("div", {}, [inner, Raw("<i>r</i>"), "t"])
    root = Element("div", {}, [opaque, "after"])
    assert assign_ids(root, 10) == 13
    assert is_opaque(opaque) and not is_opaque(root)
    assert preorder_ids(root) == [10, 11, 12]
    assert node_id(opaque) == 11 and child_id(root, 1) == 12


def test_reused_elements_are_copied_not_relabelled():
    shared = Element("span", {}, ["s"])
    assign_ids(Element("div", {}, [shared]), 0)
    before = shared.nid
    other = Element("div", {}, [shared])
    assign_ids(other, 50)
    assert shared.nid == before  # the old tree still reads its own ids
    copy = other.children[0]
    assert copy is not shared and copy == shared and node_id(copy) == 51  # type: ignore[arg-type]


def test_fresh_copies_shallowly_without_ids():
    element = Element("a", {"href": "/"}, ["x"], key=3)
    element.nid = 4
    copy = fresh(element)
    assert copy == element and copy.nid is None and copy.children is not element.children


def test_missing_ids_are_named():
    with pytest.raises(MissingIdsError, match="<p> has no node id"):
        node_id(Element("p"))
    tree = Element("p", {}, [Element("b"), "x"])
    assign_ids(tree, 0)
    tree.nid = 0  # pretend the record lost its tuple form
    with pytest.raises(MissingIdsError, match="keeps no id for its text child 1"):
        child_id(tree, 1)


def _kept_bytes(build) -> tuple[int, object]:  # type: ignore[no-untyped-def]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        kept = build()
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    return sum(stat.size_diff for stat in after.compare_to(before, "filename")), kept


def test_memory_kept_per_connection_for_the_1000_row_table(capsys):
    load_data()  # cached, not part of any connection
    s3a = scenario("S3a")
    tree_bytes, tree = _kept_bytes(s3a.render_a)
    ids_bytes, _ = _kept_bytes(lambda: assign_ids(tree, 0))  # type: ignore[arg-type]
    nodes = len(preorder_ids(tree))  # type: ignore[arg-type]
    elements = _count_elements(tree)  # type: ignore[arg-type]

    # After a diff the new tree is the baseline; its ids are the old tree's int objects.
    def next_baseline() -> Element:
        new = s3a.render_b()
        diff(tree, new, 20000)  # type: ignore[arg-type]
        return new

    baseline_bytes, _ = _kept_bytes(next_baseline)
    with capsys.disabled():
        print(
            f"\n[memory] S3 1000×5 table target: tree {tree_bytes / 1024:.0f} KiB + ids "
            f"{ids_bytes / 1024:.0f} KiB ({ids_bytes / nodes:.1f} B per node, {nodes} nodes); "
            f"next baseline after a sort: {baseline_bytes / 1024:.0f} KiB"
        )
    # One int object (32 B) per element; the texts ride on their parent's int: no tuple needed.
    assert ids_bytes <= 32 * elements + 4096


def _count_elements(element: Element) -> int:
    return 1 + sum(_count_elements(c) for c in element.children if isinstance(c, Element))
