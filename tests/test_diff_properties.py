"""Hypothesis properties of the differ, checked on the reference patcher.

- ``apply(diff(a, b), a) == b``, and the ids the patcher allocates are the ids the differ wrote
  on ``b`` (so the next diff, from ``b``, addresses the right nodes);
- ``diff(a, a) == []`` for equal trees built separately;
- keyed lists: exactly m − LIS moves, and pure inserts or removes move nothing;
- a chain of diffs (a → b → c) keeps working: the new tree really is the next baseline.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hypergen_vdom.diff import diff, lis_positions
from hypergen_vdom.nodeids import assign_ids, preorder_ids
from hypergen_vdom.testing.patcher import Patcher, shape
from hypergen_vdom.tree import Element
from hypergen_vdom.wire import Op, decode_frame, encode_frame
from tests.js_fixtures.treegen import edit_tree, random_pair, random_tree

EXAMPLES = settings(max_examples=300, deadline=None)


def check(client: Patcher, old: Element, new: Element, next_id: int, **options: Any) -> tuple[list[Any], int]:
    patch = diff(old, new, next_id, **options)
    frame = encode_frame(1, 1, patch.next_id, patch.ops)
    client.apply(frame)
    assert shape(client.to_element()) == shape(new)
    assert client.preorder_ids() == preorder_ids(new)
    return decode_frame(frame).ops, patch.next_id


@EXAMPLES
@given(st.randoms(use_true_random=False), st.booleans())
def test_apply_diff_gives_b_with_the_same_ids(rng: random.Random, allow_order: bool) -> None:
    a, b = random_pair(rng)
    next_id = assign_ids(a, 0)
    check(Patcher(a), a, b, next_id, allow_order=allow_order)


@EXAMPLES
@given(st.randoms(use_true_random=False))
def test_a_chain_of_diffs_stays_in_step(rng: random.Random) -> None:
    tree = random_tree(rng, tag="div")
    next_id = assign_ids(tree, 0)
    client = Patcher(tree)
    for _ in range(3):
        new = edit_tree(rng, tree, rate=rng.choice([0.1, 0.4, 0.8]))
        new.tag = "div"
        _, next_id = check(client, tree, new, next_id)
        tree = new


@EXAMPLES
@given(st.integers(0, 2**32))
def test_equal_trees_give_no_ops(seed: int) -> None:
    a = random_tree(random.Random(seed), tag="div")
    same = random_tree(random.Random(seed), tag="div")
    next_id = assign_ids(a, 0)
    assert diff(a, same, next_id) == ([], next_id)
    assert diff(a, a, next_id) == ([], next_id)
    assert preorder_ids(same) == preorder_ids(a)


def _list(keys: list[int]) -> Element:
    return Element("ul", {}, [Element("li", {}, [f"item {k}"], k) for k in keys])


keyed_edits = st.lists(st.integers(0, 60), unique=True, max_size=40).flatmap(
    lambda old: st.tuples(
        st.just(old),
        st.permutations(old).flatmap(
            lambda order: st.lists(st.booleans(), min_size=len(order), max_size=len(order)).map(
                lambda keep: [k for k, kept in zip(order, keep, strict=True) if kept]
            )
        ),
        st.lists(st.integers(100, 160), unique=True, max_size=8),
        st.randoms(use_true_random=False),
    )
)


@EXAMPLES
@given(keyed_edits)
def test_keyed_moves_are_exactly_m_minus_lis(
    edit: tuple[list[int], list[int], list[int], random.Random],
) -> None:
    old_keys, kept, added, rng = edit
    new_keys = list(kept)
    for key in added:
        new_keys.insert(rng.randint(0, len(new_keys)), key)
    old = _list(old_keys)
    ops, _ = check(Patcher(old), old, _list(new_keys), assign_ids(old, 0), allow_order=False)
    sources = [old_keys.index(k) if k in old_keys else -1 for k in new_keys]
    m = sum(source >= 0 for source in sources)
    assert sum(op[0] is Op.MOVE for op in ops) == m - sum(lis_positions(sources))
    assert sum(op[0] is Op.INSERT for op in ops) == len(added)
    assert sum(op[0] is Op.REMOVE for op in ops) == len(old_keys) - m


@EXAMPLES
@given(
    st.lists(st.integers(0, 200), unique=True, max_size=60), st.randoms(use_true_random=False), st.booleans()
)
def test_pure_inserts_and_removes_move_nothing(
    keys: list[int], rng: random.Random, allow_order: bool
) -> None:
    subset = [k for k in keys if rng.random() < 0.6]
    for old_keys, new_keys in ((subset, keys), (keys, subset)):
        old = _list(old_keys)
        ops, _ = check(Patcher(old), old, _list(new_keys), assign_ids(old, 0), allow_order=allow_order)
        assert not any(op[0] is Op.MOVE for op in ops)
        if old_keys == subset:
            assert all(op[0] is Op.INSERT for op in ops)  # inserts never need an ORDER
