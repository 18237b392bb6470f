"""wire_order.py: the compact ORDER argument — golden bytes for a filter, a permutation, both and
the id-list fallback; hostile inputs refused; round trips; and, on the reference patcher, random
keyed and unkeyed child-list changes on real-page markup applied through whichever form the
differ chose."""

from __future__ import annotations

import base64
import json
import math
import random
from typing import Any

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypergen_vdom.diff import diff
from hypergen_vdom.nodeids import assign_ids, preorder_ids
from hypergen_vdom.testing.patcher import Patcher, WrongNodeError, shape
from hypergen_vdom.wire import Op, decode_frame, encode_frame
from hypergen_vdom.wire_order import (
    KEEP,
    MAX_COMPACT_BYTES,
    PERMUTE,
    MalformedOrderError,
    compact_order_size,
    decode_order,
    encode_order,
    lehmer_bits,
)
from tests.js_fixtures.export_pairs import PAIRS_PATH
from tests.js_fixtures.treegen import LIST_CHANGES, list_change, list_page
from tests.test_diff import E

# -- golden bytes ------------------------------------------------------------------------------


def test_a_filter_is_a_keep_bitmap():
    # KEEP, then 1001001001 and six zero bits
    assert encode_order(10, [0, 3, 6, 9]) == b"\x01\x92\x40"
    assert encode_order(1, []) == b"\x01\x00"  # the last child goes


def test_a_permutation_is_a_lehmer_code():
    # [2, 0, 1]: child 2 of {0,1,2} in 2 bits, then child 0 of {0,1} in 1 bit, the last implied
    assert encode_order(3, [2, 0, 1]) == bytes([0b10, 0b1000_0000])
    # a reversal of 4: digits 3, 2, 1 in 2, 2, 1 bits → 11 10 1
    assert encode_order(4, [3, 2, 1, 0]) == bytes([0b10, 0b1110_1000])


def test_a_filter_and_a_permutation_is_the_bitmap_then_the_code_of_the_kept():
    # keep 4 and 1 of 5, 4 first: bitmap 01001, then digit 1 of 2 kept → 01001 1
    assert encode_order(5, [4, 1]) == bytes([0b11, 0b0100_1100])


def test_a_whole_frame_with_a_compact_order():
    frame = encode_frame(7, 3, 40, [int(Op.ORDER), 12, encode_order(10, [0, 3, 6, 9])])
    # fixarray 6, seq, acked, next_id, ORDER, parent, bin 8 of 3 bytes
    assert frame == bytes.fromhex("96 07 03 28 09 0c c403 019240")
    assert decode_frame(frame).ops == [(Op.ORDER, 12, b"\x01\x92\x40")]


def test_nothing_to_say_is_refused():
    with pytest.raises(ValueError, match="says nothing"):
        encode_order(3, [0, 1, 2])
    assert compact_order_size(3, [0, 1, 2]) > 2**60


# -- sizes near the information limit ----------------------------------------------------------


def test_sizes_of_the_benchmarks_orders_and_their_information_limits():
    rng = random.Random(42)
    rows = list(range(1000))
    rng.shuffle(rows)
    sort = encode_order(1000, rows)
    assert len(sort) == 1 + 1123  # log2(1000!) / 8 ≈ 1 066
    assert lehmer_bits(1000) == 8977 and math.lgamma(1001) / math.log(2) / 8 > 1066
    kept = sorted(rng.sample(range(1000), 332))
    assert len(encode_order(1000, kept)) == 1 + 125  # log2 C(1000, 332) / 8 ≈ 115
    assert compact_order_size(1000, rows) == len(sort) + 3  # bin 16 header
    assert compact_order_size(1000, kept) == 126 + 2  # bin 8 header


def test_lehmer_bits_is_the_sum_of_the_digit_widths():
    for k in range(0, 300):
        assert lehmer_bits(k) == sum((r - 1).bit_length() for r in range(1, k + 1)), k


def test_sizes_are_msgpacks():
    rng = random.Random(1)
    for n in (1, 2, 9, 200, 2047, 3000):
        kept = rng.sample(range(n), rng.randint(0, n))
        if kept == list(range(n)):
            continue
        assert compact_order_size(n, kept) == len(msgpack.packb(encode_order(n, kept), use_bin_type=True))


def test_an_order_too_long_for_a_bin_16_is_never_the_smaller():
    n = 8 * MAX_COMPACT_BYTES + 8
    assert compact_order_size(n, list(range(n - 1))) > 2**60


# -- hostile input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "data", "message"),
    [
        (3, b"", "flags"),
        (3, b"\x00\x00", "flags"),
        (3, b"\x04\x00", "flags"),
        (10, b"\x01\x92", "bitmap of 8 bits for 10"),  # one byte short
        (10, b"\x01\x92\x40\x00", "3 bytes for 10"),  # one byte too many
        (10, b"\x01\x92\x41", "2 bytes for 10"),  # a padding bit set
        (3, b"\x02\xc0", "digit 3 of 3"),  # index out of range: 11 where 0…2 fit
        (2, b"\x02\x80\x00", "2 bytes for 2"),  # a code for 3 children meets 2
    ],
)
def test_malformed_compact_orders_are_refused(n: int, data: bytes, message: str):
    with pytest.raises(MalformedOrderError, match=message):
        decode_order(n, data)


def test_a_code_written_for_another_child_count_is_refused():
    code = encode_order(1000, list(range(999, -1, -1)))
    for n in (999, 1001, 500):
        with pytest.raises(MalformedOrderError):
            decode_order(n, code)


def test_the_patcher_refuses_a_malformed_compact_order_as_a_wrong_node():
    tree = E("ul", *[E("li", str(i)) for i in range(4)])
    client = Patcher(tree)
    # wrong bitmap length, a digit out of range (3 of the 3 left), unknown flags
    for data in (b"\x01\x92\x40", b"\x02\xf8", b"\x07\x00"):
        with pytest.raises(WrongNodeError, match="ORDER of #0"):
            client.apply(encode_frame(1, 1, 9, [int(Op.ORDER), 0, data]))


# -- round trips -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 70).flatmap(lambda n: st.tuples(st.just(n), st.permutations(range(n)), st.integers(0, n)))
)
def test_decode_inverts_encode(case: tuple[int, list[int], int]):
    n, order, cut = case
    kept = order[:cut]
    if kept == list(range(n)):
        return
    assert decode_order(n, encode_order(n, kept)) == kept
    sorted_kept = sorted(kept)
    if sorted_kept != list(range(n)):
        assert decode_order(n, encode_order(n, sorted_kept)) == sorted_kept


# -- the differ's choice, applied by the reference patcher --------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 300), st.sampled_from(LIST_CHANGES), st.booleans(), st.booleans(), st.randoms())
def test_child_list_changes_apply_to_the_new_render(n, change, keyed, error, rng) -> None:
    keys = list(range(n))
    old = list_page(keys, keyed)
    new = list_page(list_change(rng, keys, change), keyed, error)
    next_id = assign_ids(old, 0)
    client = Patcher(old)
    patch = diff(old, new, next_id)
    client.apply(encode_frame(1, 1, patch.next_id, patch.ops))
    assert shape(client.to_element()) == shape(new)
    assert client.preorder_ids() == preorder_ids(new)


def _forms(frames: list[bytes]) -> set[Any]:
    orders = [op[2] for frame in frames for op in decode_frame(frame).ops if op[0] is Op.ORDER]
    return {arg[0] if isinstance(arg, bytes) else "ids" for arg in orders}


def test_the_property_meets_every_form():
    """The markup of the property above does reach the compact forms and the id list."""
    frames = []
    for keyed in (True, False):
        reverse, thirds, two = [*range(299, -1, -1)], list(range(0, 300, 3)), [250, 4]
        for new_keys in (reverse, thirds, two, [*range(150, 300, 2), *range(150)]):
            old = list_page(list(range(300)), keyed)
            patch = diff(old, list_page(new_keys, keyed, error=True), assign_ids(old, 0))
            frames.append(encode_frame(1, 1, patch.next_id, patch.ops))
    assert _forms(frames) == {KEEP, PERMUTE, KEEP | PERMUTE, "ids"}


def test_the_js_fixture_pairs_carry_every_form():
    """js/test/cross_language.test.js applies these frames with the JS patcher."""
    pairs = json.loads(PAIRS_PATH.read_text(encoding="utf-8"))
    assert _forms([base64.b64decode(pair["frame_b64"]) for pair in pairs]) == {1, 2, 3, "ids"}
