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
    copy_if_numbered,
    fresh,
    is_ignored,
    is_opaque,
    makes_opaque,
    node_id,
    numbers_nothing_inside,
    preorder_ids,
    set_ids,
    text_id,
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


def test_client_owned_elements_get_one_id_and_none_inside():
    inner = Element("b", {}, ["x"])
    owned = Element("div", {"hv-ignore": True, "class": "chart"}, [inner, "t"])
    root = Element("div", {}, [owned, "after", Element("i")])
    # root 5, the client-owned div 6, "after" 7, i 8: like an opaque element.
    assert assign_ids(root, 5) == 9
    assert is_ignored(owned) and not is_opaque(owned) and numbers_nothing_inside(owned)
    assert not numbers_nothing_inside(root)
    assert preorder_ids(root) == [5, 6, 7, 8]
    assert owned.nid == 6 and inner.nid is None and child_id(root, 1) == 7
    for index in (0, 1):
        with pytest.raises(MissingIdsError):
            child_id(owned, index)


def test_a_subclass_of_raw_makes_its_parent_opaque_everywhere():
    class Html(Raw):
        __slots__ = ()

    opaque = Element("div", {}, ["t", Html("<hr>")])
    root = Element("div", {}, [opaque])
    assert makes_opaque(Html("x")) and not makes_opaque("x") and is_opaque(opaque)
    assert assign_ids(root, 0) == 2 and preorder_ids(root) == [0, 1]


def test_set_ids_builds_the_record_assign_ids_builds():
    tree = Element("div", {}, [Element("p", {}, ["a", Element("b", {}, ["c"]), "d"]), "e", Element("br")])
    assign_ids(tree, 0)
    p, _, br = tree.children
    for element in (tree, p, p.children[1], br):  # type: ignore[union-attr]
        texts = [(i, child_id(element, i)) for i, c in enumerate(element.children) if isinstance(c, str)]
        copy = fresh(element)  # type: ignore[arg-type]
        set_ids(copy, node_id(element), texts)  # type: ignore[arg-type]
        assert copy.nid == element.nid  # type: ignore[union-attr]


def test_text_ids_in_either_form():
    leaf = Element("td", {}, ["42"])
    set_ids(leaf, 7, [(0, 8)])
    assert leaf.nid == 7 and text_id(leaf.nid, 0) == 8 and child_id(leaf, 0) == 8
    set_ids(leaf, 7, [(0, 20)])  # a text created after its parent: the tuple form
    assert leaf.nid == (7, 20) and child_id(leaf, 0) == 20
    mixed = Element("p", {}, [Element("b"), " and ", Element("i"), "!"])
    set_ids(mixed, 3, [(1, 5), (3, 9)])
    assert mixed.nid == (3, -1, 5, -1, 9) and text_id(mixed.nid, 3) == 9
    keyed = Element("ul", {}, [Element("li", key=1)])
    set_ids(keyed, 4)
    assert keyed.nid == 4


def test_copy_if_numbered_copies_only_what_carries_ids():
    plain, numbered = Element("b"), Element("i")
    numbered.nid = 5
    children: list[Element | str] = [plain, numbered]
    assert copy_if_numbered(children, 0) is plain
    copy = copy_if_numbered(children, 1)
    assert copy is children[1] and copy is not numbered and copy == numbered
    assert copy.nid is None and numbered.nid == 5


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


def test_fresh_record_is_what_assign_ids_gives_and_shifted_moves_every_id():
    from hypergen_vdom.nodeids import fresh_record, shifted
    from hypergen_vdom.tree import NO_ATTRS

    shapes = [
        ["42"],
        [Element("b", NO_ATTRS, ["x"]), Element("i", NO_ATTRS, [])],
        ["lead", Element("b", NO_ATTRS, ["x", Element("i", NO_ATTRS, ["y"])]), " tail"],
        [Element("b", NO_ATTRS, []), " ", Element("i", NO_ATTRS, ["z"]), " "],
    ]
    for children in shapes:
        element = Element("li", NO_ATTRS, list(children))
        expected = fresh_record(element.children, 7)
        assign_ids(element, 7)
        assert element.nid == expected
        assert shifted(shifted(expected, -7), 7) == expected
    assert fresh_record(["a", Element("b", NO_ATTRS, ["x"]), "c"], 0) == (0, 1, -1, 4)
    assert shifted((10, 11, -1, 14), -10) == (0, 1, -1, 4) and shifted(10, 5) == 15
