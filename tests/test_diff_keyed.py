"""diff_keyed.py: keyed children (m − LIS moves, ORDER, inserts, removes, duplicate keys), LIS, and
the byte estimates behind the ORDER choice. Every diff runs through the reference patcher (``run``).
"""

from __future__ import annotations

from typing import Any

import msgpack
import pytest

from hypergen_vdom.diff import diff
from hypergen_vdom.diff_keyed import DuplicateKeyError, int_size, lis_positions, order_size
from hypergen_vdom.nodeids import assign_ids
from hypergen_vdom.tree import Element
from hypergen_vdom.wire import Op
from hypergen_vdom.wire_order import decode_order, encode_order
from tests.test_diff import E, run


def keyed_list(keys: str | list[Any], tag: str = "li") -> Element:
    return E("ul", *[E(tag, str(k), key=k) for k in keys])


def test_the_worked_trace_above_the_keyed_diff():
    old = keyed_list("abcdef")
    new = keyed_list("acebgf")
    # ul 0; li a 1 ("a" 2), b 3, c 5, d 7, e 9, f 11; g gets 13 (and its text 14).
    assert run(old, new, allow_order=False) == [
        (Op.REMOVE, 7),
        (Op.INSERT, 0, 11, ["li", [], "g"]),
        (Op.MOVE, 3, 13),
    ]


def test_pure_inserts_and_removes_move_nothing():
    # Placed right to left: d before e, then b before c.
    assert run(keyed_list("ace"), keyed_list("abcde")) == [
        (Op.INSERT, 0, 5, ["li", [], "d"]),
        (Op.INSERT, 0, 3, ["li", [], "b"]),
    ]
    assert run(keyed_list("abc"), keyed_list("xyabc")) == [
        (Op.INSERT, 0, 1, ["li", [], "x"]),
        (Op.INSERT, 0, 1, ["li", [], "y"]),
    ]
    assert run(keyed_list("abcde"), keyed_list("ace")) == [(Op.REMOVE, 3), (Op.REMOVE, 7)]


def test_moving_the_last_item_to_the_front_is_one_move():
    keys = list(range(100))
    assert run(keyed_list(keys), keyed_list([99, *keys[:-1]])) == [(Op.MOVE, 199, 1)]


def test_a_reversal_is_one_compact_order_when_that_is_smaller():
    keys = list(range(20))
    # PERMUTE (2), then the Lehmer digits 19, 18, … 1 in 5, 5, 5, 5, 4 … 1 bits: 69 bits, 9 bytes
    # (listing the ids would take 20 bytes).
    code = bytes.fromhex("029ca30fedcba98face8")
    assert code == encode_order(20, keys[::-1])
    assert run(keyed_list(keys), keyed_list(keys[::-1])) == [(Op.ORDER, 0, code)]
    moves = run(keyed_list(keys), keyed_list(keys[::-1]), allow_order=False)
    assert [op[0] for op in moves] == [Op.MOVE] * 19


def test_a_filter_is_one_keep_bitmap():
    keys = list(range(30))
    survivors = [k for k in keys if k % 3 == 0]
    # KEEP (1), then 30 bits 100100…1 and two zero bits: 5 bytes where 10 ids take 11.
    assert run(keyed_list(keys), keyed_list(survivors)) == [(Op.ORDER, 0, bytes.fromhex("0192492490"))]


def test_the_id_list_stays_when_it_is_smaller():
    # Two of 200 kept, swapped: a bitmap of 200 bits costs 26 bytes, the two ids 4.
    keys = list(range(200))
    assert run(keyed_list(keys), keyed_list([150, 3])) == [(Op.ORDER, 0, [301, 7])]


def test_order_then_inserts_for_a_shuffle_with_new_items():
    keys = list(range(12))
    new_keys = [*keys[6:], "n", *keys[:6]]
    ops = run(keyed_list(keys), keyed_list(new_keys))
    assert ops[0] == (Op.ORDER, 0, encode_order(12, [*keys[6:], *keys[:6]]))
    assert decode_order(12, ops[0][2]) == [*keys[6:], *keys[:6]]
    assert ops[1] == (Op.INSERT, 0, 1, ["li", [], "n"])


def test_a_filter_with_prefix_and_suffix_kept_counts_positions_from_the_old_list():
    # a and z stay in place around the middle, which drops half and reverses the rest.
    keys = ["a", *range(40), "z"]
    new_keys = ["a", *[k for k in range(40) if k % 2][::-1], "z"]
    ops = run(keyed_list(keys), keyed_list(new_keys))
    assert [op[0] for op in ops] == [Op.ORDER]
    assert decode_order(42, ops[0][2]) == [0, *[1 + k for k in range(40) if k % 2][::-1], 41]


@pytest.mark.parametrize(
    ("old_keys", "new_keys"),
    [("abcdefgh", "hgfedcba"), ("abcdefgh", "badcfehg"), ("abcdefgh", "bcdefgha"), ("abcdefgh", "ahbgcfde")],
)
def test_keyed_moves_are_m_minus_lis(old_keys, new_keys):
    ops = run(keyed_list(old_keys), keyed_list(new_keys), allow_order=False)
    positions = [old_keys.index(k) for k in new_keys]
    assert sum(op[0] is Op.MOVE for op in ops) == len(positions) - sum(lis_positions(positions))


def test_same_key_other_tag_is_a_replace():
    old = E("ul", E("li", "a", key=1), E("li", "b", key=2))
    new = E("ul", E("li", "a", key=1), E("p", "b", key=2))
    assert run(old, new) == [(Op.REPLACE, 3, ["p", [], "b"])]


def test_keyed_children_are_patched_in_place():
    old = E("ul", E("li", "a", key=1, class_="x"), E("li", "b", key=2))
    new = E("ul", E("li", "b!", key=2), E("li", "a", key=1, class_="y"))
    # Patches in old order while scanning, then the placement pass.
    assert run(old, new) == [(Op.SET_ATTR, 1, "class", "y"), (Op.SET_TEXT, 4, "b!"), (Op.MOVE, 3, 1)]


def test_reused_numbered_children_are_copied_not_relabelled():
    other = keyed_list("bx")
    assign_ids(other, 100)  # another tree's objects, carrying its ids
    b, x = other.children
    before = (b.nid, x.nid)
    new = E("ul", E("li", "a", key="a"), x, b)
    # ul 0, a 1 ("a" 2), b 3: b is patched from the copy of other's b, x inserted before it.
    assert run(keyed_list("ab"), new) == [(Op.INSERT, 0, 3, ["li", [], "x"])]
    assert (b.nid, x.nid) == before
    assert new.children[1] is not x and new.children[2] is not b


def test_duplicate_keys_raise_naming_the_key():
    with pytest.raises(DuplicateKeyError, match="Duplicate key 'b'"):
        run(keyed_list("abc"), keyed_list("abcb"))
    old = keyed_list("abc")
    old.children.insert(1, E("li", "x", key="c"))  # a baseline that was never diffed as new
    assign_ids(old, 0)
    with pytest.raises(DuplicateKeyError) as caught:
        diff(old, keyed_list("cab"), 100)
    assert caught.value.key == "c"


def test_lis_positions():
    assert list(lis_positions([])) == []
    assert list(lis_positions([-1, -1])) == [0, 0]
    assert list(lis_positions([2, 4, 1, -1])) == [1, 1, 0, 0]
    assert sum(lis_positions([9, 1, 8, 2, 7, 3, 6, 4, 5])) == 5


def test_byte_estimates_are_msgpacks_sizes():
    for n in (0, 127, 128, 255, 256, 65535, 65536, 2**32 - 1, 2**32):
        assert int_size(n) == len(msgpack.packb(n)), n
    for kept in ([], [5], list(range(15)), list(range(16)), list(range(300, 70000))):
        # An ORDER in the flat op list: the opcode, the parent's id, the array of kept ids.
        assert order_size(300, kept) == len(msgpack.packb([int(Op.ORDER), 300, kept])) - 1
