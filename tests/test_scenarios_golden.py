"""Golden frames for the benchmark scenarios S1–S6: exact ops, exact bytes, and the size bar.

Each frame is the diff of state A → state B of the scenario's target (``<div id="content">``),
with seq 1 and acked_event_seq 1. The S3 table frames (one compact ORDER: a Lehmer code of the
1000 rows' new order, a keep-bitmap of the 332 rows of 1000 kept) are pinned by their sha256; every
other frame by its hex. Node ids follow from hydration order, e.g. S3: content
0, table 1, thead 2, tr 3, five th + text 4–13, tbody 14, then 11 ids per row (tr, 5 × td + text).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from bench.scenarios import load_data, scenario
from hypergen_vdom.diff import diff
from hypergen_vdom.html import to_html
from hypergen_vdom.nodeids import assign_ids
from hypergen_vdom.testing.patcher import Patcher, shape
from hypergen_vdom.wire import Op, decode_frame, encode_frame
from hypergen_vdom.wire_order import decode_order, encode_order

LIMITS = {
    "S1": 24, "S2a": 160, "S2b": 60, "S2c": 40, "S3a": 1500,
    "S3b": 24, "S3c": 250, "S4": 280, "S5": 16, "S6": 64,
}  # fmt: skip

GOLDEN_HEX = {
    "S1": "970101040401a576616c7565a132",
    "S2a": (
        "9a0101cd032e0503c097a26c699092a5696e70757494a474797065a8636865636b626f78a968762d6368616e6765"
        "af5b22746f676c31222c5b3130315d5da12093a56c6162656c90a8427579206d696c6ba12093a6627574746f6e92"
        "a868762d636c69636baf5b2264656c7431222c5b3130315d5da17800cd0325ae313031206974656d73206c656674"
    ),
    "S2b": (
        "9e0101cd032602cd018ca5636c617373a9636f6d706c6574656404cd018da7636865636b6564c300cd0325ad3939"
        "206974656d73206c656674"
    ),
    "S2c": "980101cd032606cd018c00cd0325ad3939206974656d73206c656674",
    "S3b": "960101cd2b0700cd1588a434323432",
    "S4": (
        "970101cd07150501c097a364697692a5636c617373a36d736793a16290a44976616ea12093a47370616e90d9ba666f"
        "726573742064656c746120636c6f75642064656c746120686172626f7220676f6c662063616e796f6e2062726176"
        "6f2064656c74612076616c6c657920686f74656c206170706c65206368657272792079616e6b656520686f74656c"
        "20706c756d20717565626563206c656d6f6e2076616c6c6579206a756c696574206e6f76656d6265722076616c6c"
        "65792069736c616e64206d6561646f7720616c7068612074616e676f206170706c6520686172626f7220676f6c66"
        "a12093a474696d6590a531323a3334"
    ),
    "S5": "960101cd07d207cd07d002",
    "S6": "980101030102cd09b204a74348414e474544",
}
GOLDEN_SHA256 = {
    "S3a": "6121443fc3338a7d931b576ac22ba924add2d9866c241863150cfc89cdffc0cf",
    "S3c": "39fb9b088f7d474d71df9af6a5a269fc23e47d42d0aa9f6bd8bb46316587576d",
}


def _row_id(index: int) -> int:
    """Id of the ``<tr>`` of row ``index`` (0-based, in state A's order)."""
    return 15 + 11 * index


def _todo_li(index: int) -> int:
    # content 0, form 1, input 2, ul 3; per todo 8 ids: li, input, " ", label, text, " ", button, "x"
    return 4 + 8 * index


def expected_ops(name: str) -> list[tuple[Any, ...]]:
    data = load_data()
    footer_text = _todo_li(100) + 1
    if name == "S1":
        return [(Op.SET_PROP, 1, "value", "2")]
    if name == "S2a":
        li = [
            "li",
            [],
            ["input", ["type", "checkbox", "hv-change", '["togl1",[101]]']],
            " ",
            ["label", [], data["new_todo_text"]],
            " ",
            ["button", ["hv-click", '["delt1",[101]]'], "x"],
        ]
        return [(Op.INSERT, 3, None, li), (Op.SET_TEXT, footer_text, "101 items left")]
    if name == "S2b":
        li = _todo_li(49)  # todo 50 starts undone
        return [
            (Op.SET_ATTR, li, "class", "completed"),
            (Op.SET_PROP, li + 1, "checked", True),
            (Op.SET_TEXT, footer_text, "99 items left"),
        ]
    if name == "S2c":
        return [(Op.REMOVE, _todo_li(49)), (Op.SET_TEXT, footer_text, "99 items left")]
    rows = data["rows"]
    if name == "S3a":
        order = sorted(range(len(rows)), key=lambda index: -rows[index]["score"])
        return [(Op.ORDER, 14, encode_order(len(rows), order))]
    if name == "S3b":
        index = next(i for i, row in enumerate(rows) if row["id"] == data["s3b_row_id"])
        return [(Op.SET_TEXT, _row_id(index) + 8, str(data["s3b_new_score"]))]
    if name == "S3c":
        kept = [i for i, row in enumerate(rows) if "an" in row["name"]]
        return [(Op.ORDER, 14, encode_order(len(rows), kept))]
    if name == "S4":
        new = data["chat_new"]
        message = [
            "div",
            ["class", "msg"],
            ["b", [], new["author"]],
            " ",
            ["span", [], new["text"]],
            " ",
            ["time", [], new["time"]],
        ]
        return [(Op.INSERT, 1, None, message)]
    if name == "S5":
        # content 0, ul 1, li k → 2 + 2k; the last one (k = 999) moves before the first.
        return [(Op.MOVE, 2 + 2 * 999, 2)]
    assert name == "S6"
    a, b = data["prose_a"], data["prose_b"]
    start = next(i for i in range(len(a)) if a[i] != b[i])
    end_a, end_b = len(a), len(b)
    while a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    return [(Op.SPLICE_TEXT, 2, start, end_a - start, b[start:end_b])]


def frame_of(name: str) -> tuple[bytes, Any, Any]:
    s = scenario(name)
    a = s.render_a()
    html_a = to_html(a)
    next_id = assign_ids(a, 0)
    client = Patcher(a)
    b = s.render_b()
    patch = diff(a, b, next_id)
    frame = encode_frame(1, 1, patch.next_id, patch.ops)
    client.apply(frame)
    assert shape(client.to_element()) == shape(b)
    assert html_a.startswith('<div id="content">')
    return frame, client, b


@pytest.mark.parametrize("name", list(LIMITS))
def test_scenario_frame(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    frame, _, _ = frame_of(name)
    with capsys.disabled():
        print(f"\n[frame] {name}: {len(frame)} B (bar {LIMITS[name]} B)", end="")
    assert len(frame) <= LIMITS[name]
    assert decode_frame(frame).ops == expected_ops(name)
    if name in GOLDEN_HEX:
        assert frame.hex() == GOLDEN_HEX[name]
    else:
        assert hashlib.sha256(frame).hexdigest() == GOLDEN_SHA256[name]


def test_s3_sort_keeps_every_row_and_moves_no_cell():
    frame, client, _ = frame_of("S3a")
    (order,) = decode_frame(frame).ops
    assert sorted(decode_order(1000, order[2])) == list(range(1000))
    assert client.preorder_ids()[:15] == list(range(15))
