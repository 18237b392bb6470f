"""diff.py, unkeyed children: head/tail trimming, an element's id as an implicit key, the middle.

A form's fields are unkeyed siblings. A conditional error ``<p>`` appearing among them must cost
one INSERT whatever the number of fields (positionally it replaced or re-patched every later one,
and what the user had typed into them was lost); an input the server renders again with the same
attributes is never touched. Every diff here runs through the reference patcher (``run``), and the
Hypothesis properties check that a single insert or remove among random unkeyed siblings is
exactly one INSERT or REMOVE, that moving an element with an id is one MOVE, and that any edit
applies with the same ids on both sides.
"""

from __future__ import annotations

import random
from itertools import pairwise
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hypergen_vdom.diff import diff
from hypergen_vdom.nodeids import assign_ids, node_id, preorder_ids
from hypergen_vdom.tags import button, div, form, input_, label, p
from hypergen_vdom.testing.patcher import Patcher, shape
from hypergen_vdom.tree import Element, rendering
from hypergen_vdom.wire import Op, decode_frame, encode_frame
from tests.test_diff import E, run

# -- the form scenario --------------------------------------------------------------------------


def signup(fields: int, error: bool) -> Element:
    """The target of a form page: an e-mail input, maybe its error, then ``fields`` date fields."""
    with rendering():
        with div(id="content") as target:
            with form(method="post"):
                input_(name="email", type="email", value="not an address")
                if error:
                    p("Enter a valid e-mail address.", class_="error")
                for index in range(fields):
                    label(f"Date {index}", input_(type="date", name=f"date{index}"))
                button("Save", type="submit")
    return target


def form_frame(fields: int, before: bool, after: bool) -> tuple[bytes, Patcher, Element, Element]:
    old = signup(fields, before)
    next_id = assign_ids(old, 0)
    client = Patcher(old)
    # The user typed a date into the last field (not focused any more).
    last_input = old.children[0].children[-2].children[1]  # type: ignore[union-attr]
    client.by_id[node_id(last_input)].props["value"] = "2026-12-24"  # type: ignore[arg-type]
    new = signup(fields, after)
    patch = diff(old, new, next_id)
    frame = encode_frame(1, 1, patch.next_id, patch.ops)
    return frame, client, old, new


def field_ids(tree: Element) -> list[int]:
    """The ids of every date field's label, text and input."""
    (form_element,) = tree.children
    return [
        node
        for child in form_element.children  # type: ignore[union-attr]
        if isinstance(child, Element) and child.tag == "label"
        for node in preorder_ids(child)
    ]


def test_a_conditional_error_among_form_fields_is_one_insert_whatever_their_number(capsys):
    sizes = {}
    for fields in (3, 50):
        frame, client, old, new = form_frame(fields, before=False, after=True)
        ops = decode_frame(frame).ops
        # content 0, form 1, input 2; the error goes before the first label (id 3).
        assert ops == [(Op.INSERT, 1, 3, ["p", ["class", "error"], "Enter a valid e-mail address."])]
        assert len(frame) <= 80
        sizes[fields] = len(frame)
        kept = {node_id: client.by_id[node_id] for node_id in field_ids(old)}
        client.apply(frame)
        assert shape(client.to_element()) == shape(new)
        assert client.preorder_ids() == preorder_ids(new)
        # Every field is the very node it was, ids and all; the typed date is still there.
        assert field_ids(new) == field_ids(old)
        assert all(client.by_id[node_id] is node for node_id, node in kept.items())
        assert list(kept.values())[-1].props["value"] == "2026-12-24"
    assert sizes[50] <= sizes[3] + 2  # only the frame header's id counter takes more bytes
    with capsys.disabled():
        print(f"\n[frame] form error shown: {sizes[3]} B with 3 fields, {sizes[50]} B with 50", end="")


def test_the_error_going_away_is_one_remove():
    for fields in (3, 50):
        frame, client, old, new = form_frame(fields, before=True, after=False)
        error_id = node_id(old.children[0].children[1])  # type: ignore[union-attr,arg-type]
        assert decode_frame(frame).ops == [(Op.REMOVE, error_id)]
        client.apply(frame)
        assert shape(client.to_element()) == shape(new)
        assert client.preorder_ids() == preorder_ids(new)
        assert client.by_id[field_ids(new)[-1]].props["value"] == "2026-12-24"


def test_an_input_rendered_again_with_other_attributes_is_patched_not_replaced():
    # form 0, input a 1, input b 2, button 3
    old = E("form", E("input", name="a", value="1"), E("input", name="b"), E("button", "Go"))
    new = E("form", E("input", name="a", value="1"), E("p", "!"), E("input", name="b", required=True))
    assert run(old, new) == [
        (Op.SET_ATTR, 2, "required", True),
        (Op.REMOVE, 3),
        (Op.INSERT, 0, 2, ["p", [], "!"]),
    ]


# -- head and tail ----------------------------------------------------------------------------


def test_inserts_and_removes_anywhere_among_same_tag_siblings():
    # Which <li> is the new one can't be told by tag: equality around the run places it.
    def ul(*texts: str) -> Element:
        return E("ul", *[E("li", text) for text in texts])

    # ul 0, li k → 1 + 2k
    assert run(ul(*"012345"), ul(*"0123x45")) == [(Op.INSERT, 0, 9, ["li", [], "x"])]
    assert run(ul(*"012345"), ul(*"x012345")) == [(Op.INSERT, 0, 1, ["li", [], "x"])]
    assert run(ul(*"012345"), ul(*"012345x")) == [(Op.INSERT, 0, None, ["li", [], "x"])]
    assert run(ul(*"012345"), ul(*"01345")) == [(Op.REMOVE, 5)]
    assert run(ul(*"012345"), ul(*"12345")) == [(Op.REMOVE, 1)]
    assert run(ul(*"012345"), ul(*"01xy2345")) == [
        (Op.INSERT, 0, 5, ["li", [], "x"]),
        (Op.INSERT, 0, 5, ["li", [], "y"]),
    ]
    assert run(ul(*"012345"), ul(*"0145")) == [(Op.REMOVE, 5), (Op.REMOVE, 7)]


def test_an_append_and_a_changed_sibling_still_pair_by_position():
    old = E("ul", E("li", "a"), E("li", "b"))
    new = E("ul", E("li", "A"), E("li", "b"), E("li", "c"))
    assert run(old, new) == [(Op.SET_TEXT, 2, "A"), (Op.INSERT, 0, None, ["li", [], "c"])]


def test_an_id_is_an_implicit_key():
    # Same tag at the same place but another id: another element (REPLACE), as in snabbdom.
    old = E("div", E("input", id="a", name="a"), E("i"))
    new = E("div", E("input", id="b", name="a"), E("i"))
    assert run(old, new) == [(Op.REPLACE, 1, ["input", ["id", "b", "name", "a"]])]


# -- the middle -------------------------------------------------------------------------------


def fields(*names: str, error_after: str | None = None) -> Element:
    children: list[Element | str] = []
    for name in names:
        children += [E("label", name.upper()), E("input", name=name)]
        if name == error_after:
            children.append(E("p", "wrong", id="error"))
    return E("form", *children, E("button", "Save"))


def test_an_element_with_an_id_moving_among_unkeyed_siblings_is_one_move():
    old = fields("a", "b", "c", "d", error_after="a")
    new = fields("a", "b", "c", "d", error_after="c")
    # form 0; label a 1 ("A" 2), input a 3, p#error 4 ("wrong" 5), label b 6 ("B" 7), input b 8,
    # label c 9, input c 11, label d 12, input d 14, button 15: the error goes before label d.
    assert run(old, new, allow_order=False) == [(Op.MOVE, 4, 12)]
    assert [node_id(child) for child in new.children] == [1, 3, 6, 8, 9, 11, 4, 12, 14, 15]  # type: ignore[arg-type]
    old = fields("a", "b", "c", "d", error_after="a")
    assert run(old, fields("a", "b", "c", "d", error_after="c")) == [(Op.MOVE, 4, 12)]


def test_unmatched_siblings_between_matched_ones_are_replaced_in_place():
    old = E("div", E("b", "1"), E("hr", id="rule"), E("i", "2"), E("em", "3"))
    new = E("div", E("s", "1"), E("hr", id="rule"), E("u", "2"), E("u", "x"), E("em", "3"))
    # div 0, b 1, hr 3, i 4, em 6: b → s in place, i → u in place, the second u before em.
    assert run(old, new) == [
        (Op.REPLACE, 1, ["s", [], "1"]),
        (Op.REPLACE, 4, ["u", [], "2"]),
        (Op.INSERT, 0, 6, ["u", [], "x"]),
    ]
    old = E("div", E("b", "1"), E("hr", id="rule"), E("i", "2"), E("s", "3"), E("em", "4"))
    new = E("div", E("u", "1"), E("hr", id="rule"), E("u", "2"), E("em", "4"))
    assert run(old, new) == [
        (Op.REPLACE, 1, ["u", [], "1"]),
        (Op.REPLACE, 4, ["u", [], "2"]),
        (Op.REMOVE, 6),
    ]


def test_a_long_unkeyed_run_removed_from_the_middle_is_one_order():
    old = E("div", E("h1", "t"), *[E("p", str(i)) for i in range(30)], E("footer", "f"))
    new = E("div", E("h1", "t"), E("hr"), E("footer", "f"))
    ops = run(old, new)
    # h1 1, p k → 3 + 2k, footer 63: the rule replaces the first <p> (and gets id 65), one ORDER
    # drops the other 29.
    assert ops == [(Op.REPLACE, 3, ["hr", []]), (Op.ORDER, 0, [1, 65, 63])]
    assert len(run(E("div", E("h1", "t"), *[E("p", str(i)) for i in range(30)]), E("div", E("hr")))) == 2


def test_ids_reordered_without_keys_move_like_keyed_ones():
    def items(order: list[int]) -> Element:
        return E("ul", *[E("li", str(i), id=f"item-{i}") for i in order])

    keys = list(range(100))
    assert run(items(keys), items([99, *keys[:-1]])) == [(Op.MOVE, 199, 1)]
    reversed_ops = run(items(keys[:20]), items(keys[:20][::-1]))
    assert [op[0] for op in reversed_ops] == [Op.ORDER]


# -- texts among elements -----------------------------------------------------------------------


def test_mixed_text_and_element_siblings():
    # p 0, "Total: " 1, b 2 ("3" 3), " items" 4
    old = E("p", "Total: ", E("b", "3"), " items")
    assert run(old, E("p", "Total: ", E("b", "3"), " items", E("i", "(filtered)"))) == [
        (Op.INSERT, 0, None, ["i", [], "(filtered)"])
    ]
    old = E("p", "Total: ", E("b", "3"), " items")
    assert run(old, E("p", E("i", "!"), "Total: ", E("b", "3"), " items")) == [
        (Op.INSERT, 0, 1, ["i", [], "!"])
    ]
    # p 0, "a" 1, b 2, i 3, "c" 4
    old = E("p", "a", E("b"), E("i"), "c")
    new = E("p", "a", E("i"), "c")
    assert run(old, new) == [(Op.REMOVE, 2)]
    assert new.nid == (0, 1, -1, 4)
    # A text and an element trade places: one move, the text keeps its id.
    old = E("p", "x", E("b", "y"))
    new = E("p", E("b", "y"), "x")
    assert run(old, new) == [(Op.MOVE, 2, 1)]
    assert new.nid == (0, -1, 1)
    # The text and the <b> trade places while the count changes: the text stays (and changes), the
    # unchanged <b> moves, nothing is replaced. p 0, "a" 1, b 2 ("y" 3), i 4; s gets 5.
    old = E("p", "a", E("b", "y"), E("i"))
    new = E("p", E("b", "y"), "z", E("i"), E("s"))
    assert run(old, new) == [(Op.SET_TEXT, 1, "z"), (Op.INSERT, 0, None, ["s", []]), (Op.MOVE, 2, 1)]


def test_a_chain_of_unkeyed_diffs_stays_in_step():
    steps = [
        fields("a", "b", "c"),
        fields("a", "b", "c", error_after="a"),
        fields("a", "b", "c", error_after="b"),
        fields("b", "c", error_after="b"),
        fields("x", "b", "c", "d"),
        fields("d", "c", "b", "x", error_after="x"),
        fields(),
    ]
    old = steps[0]
    next_id = assign_ids(old, 0)
    client = Patcher(old)
    for new in steps[1:]:
        patch = diff(old, new, next_id)
        client.apply(encode_frame(1, 1, patch.next_id, patch.ops))
        assert shape(client.to_element()) == shape(new)
        assert client.preorder_ids() == preorder_ids(new)
        old, next_id = new, patch.next_id


# -- properties ---------------------------------------------------------------------------------

TAGS = ["li", "label", "input", "p", "span"]


@st.composite
def unkeyed_node(draw: Any, element_id: int) -> Element | str:
    """A text, or an element of a few tags (so neighbours often share one), sometimes with an id
    (unique: ``element_id``), an attribute, a key, and a text or a nested element inside."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(["a", "b", "some text"]))
    tag = draw(st.sampled_from(TAGS))
    attrs: dict[str, str | bool] = {}
    if draw(st.integers(0, 3)) == 0:
        attrs["id"] = f"n{element_id}"
    if draw(st.booleans()):
        attrs["class"] = draw(st.sampled_from(["x", "y"]))
    if tag == "input":
        return Element(tag, attrs, [], draw(st.sampled_from([None, None, None, element_id])))
    inside = draw(st.sampled_from(["text", "other", "nested", "none"]))
    children: list[Element | str] = (
        [inside] if inside in ("text", "other") else [Element("b", {}, ["x"])] if inside == "nested" else []
    )
    return Element(tag, attrs, children, draw(st.sampled_from([None, None, None, element_id])))


@st.composite
def unkeyed_lists(draw: Any) -> list[Element | str]:
    nodes: list[Element | str] = []
    for index in range(draw(st.integers(0, 12))):
        node = draw(unkeyed_node(index))
        if not (nodes and _is_text(node) and _is_text(nodes[-1])):  # a render merges adjacent texts
            nodes.append(node)
    return nodes


def _is_text(node: object) -> bool:
    return isinstance(node, str)


def _copy(node: Element | str) -> Element | str:
    if isinstance(node, str):
        return node
    return Element(node.tag, dict(node.attrs), [_copy(child) for child in node.children], node.key)


def _valid(children: list[Element | str]) -> bool:
    return not any(_is_text(a) and _is_text(b) for a, b in pairwise(children))


def _check(old_children: list[Element | str], new_children: list[Element | str]) -> list[Any]:
    old = Element("div", {}, old_children)
    new = Element("div", {}, new_children)
    next_id = assign_ids(old, 0)
    client = Patcher(old)
    patch = diff(old, new, next_id, allow_order=False)
    frame = encode_frame(1, 1, patch.next_id, patch.ops)
    client.apply(frame)
    assert shape(client.to_element()) == shape(new)
    assert client.preorder_ids() == preorder_ids(new)
    return decode_frame(frame).ops


@settings(max_examples=400, deadline=None)
@given(unkeyed_lists(), st.data())
def test_a_single_insert_among_unkeyed_siblings_is_one_insert(nodes: list[Element | str], data: Any) -> None:
    position = data.draw(st.integers(0, len(nodes)))
    inserted = data.draw(unkeyed_node(1000))
    new_children = [_copy(node) for node in nodes]
    new_children.insert(position, inserted)
    assume(_valid(new_children))
    ops = _check(nodes, new_children)
    assert [op[0] for op in ops] == [Op.INSERT]


@settings(max_examples=400, deadline=None)
@given(unkeyed_lists(), st.data())
def test_a_single_remove_among_unkeyed_siblings_is_one_remove(nodes: list[Element | str], data: Any) -> None:
    assume(nodes)
    position = data.draw(st.integers(0, len(nodes) - 1))
    new_children = [_copy(node) for index, node in enumerate(nodes) if index != position]
    assume(_valid(new_children))
    ops = _check(nodes, new_children)
    assert [op[0] for op in ops] == [Op.REMOVE]


@settings(max_examples=300, deadline=None)
@given(unkeyed_lists(), st.data())
def test_an_element_with_an_id_moved_among_unkeyed_siblings_is_one_move(
    nodes: list[Element | str], data: Any
) -> None:
    with_id = [index for index, node in enumerate(nodes) if isinstance(node, Element) and "id" in node.attrs]
    assume(with_id)
    source = data.draw(st.sampled_from(with_id))
    new_children = [_copy(node) for node in nodes]
    moving = new_children.pop(source)
    target = data.draw(st.integers(0, len(new_children)))
    assume(target != source)
    new_children.insert(target, moving)
    assume(_valid(new_children))
    ops = _check(nodes, new_children)
    assert [op[0] for op in ops] == [Op.MOVE]


@settings(max_examples=300, deadline=None)
@given(unkeyed_lists(), st.randoms(use_true_random=False))
def test_any_edit_of_unkeyed_siblings_applies_with_the_same_ids(
    nodes: list[Element | str], rng: random.Random
) -> None:
    new_children = [_copy(node) if rng.random() < 0.8 else node for node in nodes]
    for step in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.3 and new_children:
            new_children.pop(rng.randrange(len(new_children)))
        elif roll < 0.55:
            new_children.insert(rng.randint(0, len(new_children)), Element("em", {"id": f"new{step}"}, ["n"]))
        elif roll < 0.8 and new_children:
            moving = new_children.pop(rng.randrange(len(new_children)))
            new_children.insert(rng.randint(0, len(new_children)), moving)
        elif new_children:
            index = rng.randrange(len(new_children))
            new_children[index] = rng.choice(["t", Element("s", {}, ["s"])])
    merged: list[Element | str] = []
    for child in new_children:
        if not (merged and _is_text(child) and _is_text(merged[-1])):
            merged.append(child)
    _check(nodes, merged)
