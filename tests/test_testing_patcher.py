"""patch.py, the reference patcher, and the committed cross-language fixtures it backs."""

from __future__ import annotations

import base64
import json
from typing import Any

import msgpack
import pytest

from hypergen_vdom.testing.patcher import (
    IdMismatchError,
    Patcher,
    PatchError,
    UnknownNodeIdError,
    WrongNodeError,
    shape,
)
from hypergen_vdom.tree import Element, Raw
from hypergen_vdom.wire import Frame, Op, UnknownOpError, encode_frame
from tests.js_fixtures.export_pairs import COUNT, LIST_COUNT, PAIRS_PATH, generate, pair_for, render


def target() -> Element:
    # div 0, p 1, "hello" 2, ul 3, li 4, "a" 5, li 6, "b" 7, input 8
    return Element(
        "div",
        {"id": "t"},
        [
            Element("p", {}, ["hello"]),
            Element("ul", {}, [Element("li", {}, ["a"]), Element("li", {}, ["b"])]),
            Element("input", {"value": "1"}),
        ],
    )


def applied(*ops: Any, next_id: int = 9, tree: Element | None = None) -> Patcher:
    client = Patcher(tree or target())
    client.apply(Frame(1, 0, next_id, [(Op(op[0]), *op[1:]) for op in ops]))
    return client


def html_of(client: Patcher) -> Any:
    return shape(client.to_element())


def test_hydration_numbers_in_preorder_and_skips_opaque_content():
    client = Patcher(Element("div", {}, [Element("p", {}, ["a", Raw("<b>x</b>")]), "t"]))
    assert client.preorder_ids() == [0, 1, 2] and client.next_id == 3
    assert client.by_id[1].attrs == {"hv-raw": True}


def test_text_ops():
    client = applied((Op.SET_TEXT, 2, "bye"), (Op.SPLICE_TEXT, 5, 0, 1, "A!"))
    assert client.by_id[2].text == "bye" and client.by_id[5].text == "A!"
    tree = Element("p", {}, ["🙂ab"])
    assert applied((Op.SPLICE_TEXT, 1, 2, 1, "X"), next_id=2, tree=tree).by_id[1].text == "🙂Xb"
    with pytest.raises(PatchError, match="surrogate pair"):
        applied((Op.SPLICE_TEXT, 1, 1, 1, ""), next_id=2, tree=tree)
    with pytest.raises(PatchError, match="outside a text"):
        applied((Op.SPLICE_TEXT, 2, 3, 9, ""))


def test_attribute_and_property_ops():
    client = applied(
        (Op.SET_ATTR, 0, "class", "c"),
        (Op.SET_ATTR, 1, "hidden", True),
        (Op.DEL_ATTR, 0, "id"),
        (Op.SET_PROP, 8, "value", "2"),
    )
    assert client.root.attrs == {"class": "c"} and client.by_id[1].attrs == {"hidden": True}
    assert client.by_id[8].attrs == {"value": "2"} and client.by_id[8].props == {"value": "2"}
    client = applied((Op.SET_PROP, 8, "value", False), (Op.SET_PROP, 8, "checked", True))
    assert client.by_id[8].attrs == {"checked": True}
    assert client.by_id[8].props == {"value": "", "checked": True}
    with pytest.raises(WrongNodeError, match="no property"):
        applied((Op.SET_PROP, 8, "title", "x"))


def test_insert_allocates_ids_in_preorder_before_an_anchor_or_at_the_end():
    client = applied(
        (Op.INSERT, 3, 6, ["li", ["class", "n"], "new", ["b", [], "x"]]),
        (Op.INSERT, 3, None, "tail"),
        next_id=14,
    )
    ul = client.by_id[3]
    assert [child.id for child in ul.children] == [4, 9, 6, 13]
    assert client.preorder_ids() == [0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 6, 7, 13, 8]


def test_opaque_wire_nodes_are_built_from_their_inner_html():
    client = applied((Op.REPLACE, 1, ["p", ["hv-raw", True], ["<b>x</b> y"]]), next_id=10)
    assert client.to_element() == Element(
        "div",
        {"id": "t"},
        [
            Element("p", {}, [Raw("<b>x</b> y")]),
            Element("ul", {}, [Element("li", {}, ["a"]), Element("li", {}, ["b"])]),
            Element("input", {"value": "1"}),
        ],
    )
    with pytest.raises(WrongNodeError, match="INSERT into opaque"):
        applied((Op.REPLACE, 1, ["p", ["hv-raw", True], ["x"]]), (Op.INSERT, 9, None, "y"))
    with pytest.raises(PatchError, match="exactly"):
        applied((Op.REPLACE, 1, ["p", ["hv-raw", True], "x"]))


def test_remove_move_replace_order():
    client = applied((Op.REMOVE, 4), (Op.MOVE, 1, None))
    assert [c.id for c in client.root.children] == [3, 8, 1]
    assert 4 not in client.by_id and 5 not in client.by_id
    client = applied((Op.REPLACE, 3, ["ol", []]), next_id=10)
    assert client.root.children[1].tag == "ol" and 6 not in client.by_id and client.by_id[9].tag == "ol"
    # The target: every id is forgotten and numbering starts over, as at hydration.
    client = applied((Op.REPLACE, 0, ["main", [], "new", ["b", []]]), next_id=3)
    assert client.preorder_ids() == [0, 1, 2] and set(client.by_id) == {0, 1, 2}
    client = applied((Op.ORDER, 3, [6]), (Op.ORDER, 0, [8, 1]))
    assert client.preorder_ids() == [0, 8, 1, 2] and set(client.by_id) == {0, 1, 2, 8}


@pytest.mark.parametrize(
    ("op", "error", "message"),
    [
        ((Op.SET_TEXT, 99, "x"), UnknownNodeIdError, "No node with id 99"),
        ((Op.SET_TEXT, 1, "x"), WrongNodeError, "is an element"),
        ((Op.SET_ATTR, 2, "a", "b"), WrongNodeError, "is a text node"),
        ((Op.INSERT, 3, 1, "x"), WrongNodeError, "#1 is not a child of #3"),
        ((Op.MOVE, 4, 4), WrongNodeError, "before itself"),
        ((Op.MOVE, 4, 1), WrongNodeError, "not a child"),
        ((Op.MOVE, 0, None), WrongNodeError, "MOVE of the target"),
        ((Op.REMOVE, 0), WrongNodeError, "cannot be removed"),
        ((Op.ORDER, 3, [4, 4]), WrongNodeError, "distinct"),
        ((Op.ORDER, 3, [1]), WrongNodeError, "not a child"),
        ((Op.INSERT, 0, None, ["p"]), PatchError, "Not a wire node"),
        ((Op.INSERT, 0, None, [1, []]), PatchError, "Not a wire element"),
        ((Op.SET_TEXT, 2, 5), PatchError, "must be a string"),
    ],
)
def test_refuses_what_a_client_must_refuse(op, error, message):
    with pytest.raises(error, match=message):
        applied(op)


def test_an_id_counter_mismatch_is_an_error():
    with pytest.raises(IdMismatchError, match="next_id 10, the client counted 9"):
        applied(next_id=10)


def test_unknown_opcodes_are_refused_from_bytes():
    with pytest.raises(UnknownOpError):
        Patcher(target()).apply(msgpack.packb([1, 0, 9, 10, 0]))
    client = Patcher(target())
    client.apply(encode_frame(1, 0, 9, [int(Op.SET_TEXT), 2, "via bytes"]))
    assert client.by_id[2].text == "via bytes"


# -- cross-language fixtures -------------------------------------------------------------


@pytest.fixture(scope="module")
def regenerated() -> list[dict[str, Any]]:
    return generate()


def test_committed_fixtures_are_up_to_date(regenerated):
    assert len(regenerated) == COUNT + LIST_COUNT and COUNT >= 500
    committed = PAIRS_PATH.read_text(encoding="utf-8")
    assert committed == render(regenerated), (
        "tests/js_fixtures/pairs.json is stale: run `python -m tests.js_fixtures.export_pairs`"
    )


def test_every_fixture_frame_applies():
    for pair in json.loads(PAIRS_PATH.read_text(encoding="utf-8")):
        a, b = pair_for(pair["seed"])  # the same seeds as the export
        client = Patcher(a)
        assert client.next_id == pair["next_id_a"]
        client.apply(base64.b64decode(pair["frame_b64"]))
        assert shape(client.to_element()) == shape(b), pair["seed"]
