"""wire.py: opcodes, frame layout, node format, decoding errors."""

from __future__ import annotations

import msgpack
import pytest

from hypergen_vdom.html import to_html
from hypergen_vdom.tree import Element, Raw
from hypergen_vdom.wire import (
    ARITY,
    RAW_MARKER,
    MalformedFrameError,
    Op,
    UnknownOpError,
    decode_frame,
    encode_frame,
    encode_node,
    inner_html,
)


def test_opcodes_are_the_design_table_in_order():
    assert [op.name for op in Op] == [
        "SET_TEXT", "SPLICE_TEXT", "SET_ATTR", "DEL_ATTR", "SET_PROP",
        "INSERT", "REMOVE", "MOVE", "REPLACE", "ORDER",
    ]  # fmt: skip
    assert [int(op) for op in Op] == list(range(10))  # each one msgpack byte
    assert ARITY == {
        Op.SET_TEXT: 2, Op.SPLICE_TEXT: 4, Op.SET_ATTR: 3, Op.DEL_ATTR: 2, Op.SET_PROP: 3,
        Op.INSERT: 3, Op.REMOVE: 1, Op.MOVE: 2, Op.REPLACE: 2, Op.ORDER: 2,
    }  # fmt: skip


def test_frame_is_one_flat_array():
    ops = [int(Op.SET_TEXT), 3, "hi", int(Op.REMOVE), 7, int(Op.MOVE), 4, None, int(Op.ORDER), 1, [4, 2]]
    data = encode_frame(5, 2, 9, ops)
    assert msgpack.unpackb(data) == [5, 2, 9, 0, 3, "hi", 6, 7, 7, 4, None, 9, 1, [4, 2]]
    frame = decode_frame(data)
    assert (frame.seq, frame.acked_event_seq, frame.next_id) == (5, 2, 9)
    assert frame.ops == [(Op.SET_TEXT, 3, "hi"), (Op.REMOVE, 7), (Op.MOVE, 4, None), (Op.ORDER, 1, [4, 2])]


def test_enum_members_and_empty_frames_encode():
    assert encode_frame(1, 0, 3, [Op.REMOVE, 2]) == encode_frame(1, 0, 3, [6, 2])
    assert encode_frame(1, 1, 4, []) == bytes([0x93, 1, 1, 4])


def test_element_node_format():
    node = Element("li", {"class": "a", "hidden": True}, ["x", Element("b", {}, ["y"]), Element("br")])
    assert encode_node(node) == ["li", ["class", "a", "hidden", True], "x", ["b", [], "y"], ["br", []]]
    assert encode_node("text") == "text"
    # The op list holds the tree's own elements; the packer converts them one level at a time.
    frame = decode_frame(encode_frame(1, 0, 9, [int(Op.INSERT), 0, None, node]))
    assert frame.ops == [(Op.INSERT, 0, None, encode_node(node))]


def test_opaque_element_carries_its_inner_html_and_the_marker():
    node = Element("div", {"id": "x"}, ["a < b", Raw("<i>r</i>"), Element("b", {}, ["c"])])
    assert to_html(node) == '<div id="x" hv-raw>a &lt; b<i>r</i><b>c</b></div>'
    assert inner_html(node) == "a &lt; b<i>r</i><b>c</b>"
    assert encode_node(node) == ["div", ["id", "x", RAW_MARKER, True], ["a &lt; b<i>r</i><b>c</b>"]]
    frame = decode_frame(encode_frame(1, 0, 1, [int(Op.REPLACE), 0, node]))
    assert frame.ops[0][2] == encode_node(node)


def test_a_client_owned_element_goes_on_the_wire_with_its_content():
    # hv-ignore: the client builds the content (numbering nothing in it) and owns it from then on.
    node = Element("div", {"hv-ignore": True}, ["a", Element("b", {}, ["c"])])
    assert to_html(node) == "<div hv-ignore>a<b>c</b></div>"
    assert encode_node(node) == ["div", ["hv-ignore", True], "a", ["b", [], "c"]]
    frame = decode_frame(encode_frame(1, 0, 2, [int(Op.INSERT), 0, None, node]))
    assert frame.ops == [(Op.INSERT, 0, None, encode_node(node))]


def test_inner_html_is_not_fooled_by_a_closing_bracket_in_an_attribute():
    node = Element("p", {"title": "a>b"}, [Raw("<b>x</b>")])
    assert inner_html(node) == "<b>x</b>"


def test_str_subclasses_go_as_plain_strings():
    class Safe(str):
        pass

    assert msgpack.unpackb(encode_frame(1, 0, 1, [int(Op.SET_TEXT), 2, Safe("s")])) == [1, 0, 1, 0, 2, "s"]


def test_unencodable_values_are_refused():
    with pytest.raises(TypeError, match="Cannot put"):
        encode_frame(1, 0, 1, [int(Op.SET_TEXT), 2, object()])


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"\xc1", MalformedFrameError, "Not a msgpack frame"),
        (msgpack.packb({"a": 1}), MalformedFrameError, "array"),
        (msgpack.packb([1, 2]), MalformedFrameError, "array"),
        (msgpack.packb(["c", 1, 2]), MalformedFrameError, "three ints"),
        (msgpack.packb([1, 1, 1, 42, 0]), UnknownOpError, "Unknown opcode 42 at frame position 3"),
        (msgpack.packb([1, 1, 1, True, 0]), UnknownOpError, "Unknown opcode True"),
        (msgpack.packb([1, 1, 1, 0, 5]), MalformedFrameError, "Truncated SET_TEXT"),
    ],
)
def test_bad_frames(data, error, message):
    with pytest.raises(error, match=message):
        decode_frame(data)


def test_unknown_opcode_error_names_code_and_position():
    with pytest.raises(UnknownOpError) as caught:
        decode_frame(msgpack.packb([1, 1, 1, 6, 3, 99]))
    assert (caught.value.code, caught.value.position) == (99, 5)
