"""diff.py: every op, positional children, ORDER, opaque content, client-owned content, identity,
errors (keyed children: test_diff_keyed.py; unkeyed ones in depth: test_diff_unkeyed.py).

Each case also runs the frame through the reference patcher (patch.py), so every expected op
list here is one a correct client turns into the new tree with the same ids.
"""

from __future__ import annotations

from typing import Any

import pytest

from hypergen_vdom.diff import diff
from hypergen_vdom.nodeids import MissingIdsError, assign_ids, node_id, preorder_ids
from hypergen_vdom.testing.patcher import Patcher, shape
from hypergen_vdom.tree import Element, Raw
from hypergen_vdom.wire import Op, decode_frame, encode_frame


def E(tag: str, *children: Element | str, key: Any = None, **attrs: str | bool) -> Element:
    return Element(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}, list(children), key)


def run(old: Element, new: Element, **options: Any) -> list[tuple[Any, ...]]:
    """Diff (hydrating ``old`` from 0), check the frame on the reference patcher, return its ops."""
    next_id = assign_ids(old, 0) if old.nid is None else 1000
    client = Patcher(old) if next_id != 1000 else None
    patch = diff(old, new, next_id, **options)
    frame = encode_frame(1, 1, patch.next_id, patch.ops)
    if client is not None:
        client.apply(frame)
        assert shape(client.to_element()) == shape(new)
        assert client.preorder_ids() == preorder_ids(new)
    return decode_frame(frame).ops


# -- no change ------------------------------------------------------------------------------


def test_identical_trees_give_no_ops_and_the_new_tree_takes_the_ids():
    old = E("div", E("p", "a", E("b", "c"), "d"), E("ul", *[E("li", str(i), key=i) for i in range(5)]))
    new = E("div", E("p", "a", E("b", "c"), "d"), E("ul", *[E("li", str(i), key=i) for i in range(5)]))
    assert run(old, new) == []
    assert preorder_ids(new) == preorder_ids(old)
    assert diff(old, old, 99) == ([], 99)


# -- text, attributes, properties -------------------------------------------------------------


def test_set_text_in_a_leaf_and_in_mixed_content():
    old = E("div", E("td", "1"), E("p", E("b", "x"), " and ", E("i", "y")))
    new = E("div", E("td", "2"), E("p", E("b", "x"), " or ", E("i", "y")))
    # div 0, td 1, "1" 2, p 3, b 4, "x" 5, " and " 6
    assert run(old, new) == [(Op.SET_TEXT, 2, "2"), (Op.SET_TEXT, 6, " or ")]


def test_long_texts_are_spliced_in_utf16_units():
    before = "🙂 " + "word " * 20
    old = E("p", before + "old ending")
    new = E("p", before + "new ending")
    # "🙂" is two UTF-16 code units: the splice starts at len(before) + 1 in JS terms.
    assert run(old, new) == [(Op.SPLICE_TEXT, 1, len(before) + 1, 3, "new")]


def test_a_splice_that_saves_nothing_is_a_set_text():
    old = E("p", "a" * 60)
    new = E("p", "b" * 60)
    assert run(old, new) == [(Op.SET_TEXT, 1, "b" * 60)]


def test_attributes_diff_as_a_dict():
    old = E("div", class_="a", title="t", hidden=True)
    new = E("div", class_="b", hidden=True, lang="en", hv_click='["abcde",[]]')
    assert run(old, new) == [
        (Op.SET_ATTR, 0, "class", "b"),
        (Op.SET_ATTR, 0, "lang", "en"),
        (Op.SET_ATTR, 0, "hv-click", '["abcde",[]]'),
        (Op.DEL_ATTR, 0, "title"),
    ]


def test_value_checked_selected_are_properties():
    old = E("div", E("input", value="1"), E("input", type="checkbox"), E("option", "o", selected=True))
    new = E("div", E("input", value="2"), E("input", type="checkbox", checked=True), E("option", "o"))
    assert run(old, new) == [
        (Op.SET_PROP, 1, "value", "2"),
        (Op.SET_PROP, 2, "checked", True),
        (Op.SET_PROP, 3, "selected", False),
    ]
    assert run(E("input", value="x"), E("input")) == [(Op.SET_PROP, 0, "value", False)]


def test_a_selects_value_comes_after_its_options():
    old = E("select", E("option", "a", value="a"), value="a")
    new = E("select", E("option", "a", value="a"), E("option", "b", value="b"), value="b")
    ops = run(old, new)
    assert [op[0] for op in ops] == [Op.INSERT, Op.SET_PROP]
    assert ops[1] == (Op.SET_PROP, 0, "value", "b")


# -- positional children ---------------------------------------------------------------------


def test_positional_extras_are_inserted_at_the_end_and_removed():
    old = E("div", E("b", "1"), "t")
    assert run(old, E("div", E("b", "1"), "t", E("i"), "u")) == [
        (Op.INSERT, 0, None, ["i", []]),
        (Op.INSERT, 0, None, "u"),
    ]
    old = E("div", E("b", "1"), "t", E("i"))
    assert run(old, E("div", E("b", "1"))) == [(Op.REMOVE, 3), (Op.REMOVE, 4)]


def test_a_long_positional_tail_removal_is_one_order():
    old = E("div", *[E("span", str(i)) for i in range(40)])
    new = E("div", *[E("span", str(i)) for i in range(3)])
    assert run(old, new) == [(Op.ORDER, 0, [1, 3, 5])]
    old = E("div", *[E("span", str(i)) for i in range(40)])
    assert run(old, E("div"), allow_order=False) == [(Op.REMOVE, i) for i in range(1, 80, 2)]


def test_other_tag_or_other_key_at_a_position_is_a_replace():
    old = E("div", E("b", "x"), E("i", "y", key=1), "t")
    new = E("div", E("em", "x"), E("i", "y", key=2), E("br"))
    assert run(old, new) == [
        (Op.REPLACE, 1, ["em", [], "x"]),
        (Op.REPLACE, 3, ["i", [], "y"]),
        (Op.REPLACE, 5, ["br", []]),
    ]
    # The new ids continue the counter in frame order: em 6, "x" 7, i 8, "y" 9, br 10.
    assert preorder_ids(new) == [0, 6, 7, 8, 9, 10]


def test_an_element_replaced_by_a_text_keeps_the_text_id_on_record():
    old = E("div", E("b", "x"), E("i"))
    new = E("div", "plain", E("i"))
    assert run(old, new) == [(Op.REPLACE, 1, "plain")]
    assert new.nid == (0, 4, -1)  # text at index 0 with an id other than 0 + 1
    assert run(new, E("div", "changed", E("i")))[0] == (Op.SET_TEXT, 4, "changed")


def test_mixed_keyed_and_unkeyed_children_match_by_key_and_occurrence():
    # Not every child has a key: the unkeyed diff (test_diff_unkeyed.py), where a key still
    # tells elements apart. ul 0, li a 1, li 3: the unkeyed one moves before the keyed one.
    old = E("ul", E("li", "a", key="a"), E("li", "b"))
    new = E("ul", E("li", "b"), E("li", "a", key="a"))
    assert run(old, new) == [(Op.MOVE, 3, 1)]


# -- identity and shared subtrees ----------------------------------------------------------


def test_identical_subtree_objects_are_skipped():
    memo = E("section", E("h1", "title"), "text")
    old = E("div", memo, E("p", "1"))
    assign_ids(old, 0)
    new = E("div", memo, E("p", "2"))
    # section 1, h1 2, "title" 3, "text" 4, p 5, "1" 6
    assert diff(old, new, 100).ops == [int(Op.SET_TEXT), 6, "2"]


def test_a_reused_subtree_at_another_place_is_copied_and_the_old_tree_is_untouched():
    moving = E("b", "m")
    old = E("div", E("i", "x"), moving)
    assign_ids(old, 0)
    old_ids = preorder_ids(old)
    new = E("div", moving, E("i", "x"))  # positional: b where i was and vice versa
    client = Patcher(old)
    patch = diff(old, new, 5)
    client.apply(encode_frame(1, 1, patch.next_id, patch.ops))
    assert preorder_ids(old) == old_ids and moving.nid == 3
    assert new.children[0] is not moving and client.preorder_ids() == preorder_ids(new)


# -- opaque (raw HTML) content ------------------------------------------------------------


def test_opaque_elements():
    old = E("div", E("article", "a", Raw("<b>x</b>"), class_="c"), E("p", "t"))
    same = E("div", E("article", "a", Raw("<b>x</b>"), class_="d"), E("p", "u"))
    # div 0, article 1 (nothing inside numbered), p 2, "t" 3
    assert run(old, same) == [(Op.SET_ATTR, 1, "class", "d"), (Op.SET_TEXT, 3, "u")]
    old = E("div", E("article", "a", Raw("<b>x</b>")))
    changed = E("div", E("article", "a", Raw("<b>y</b>")))
    assert run(old, changed) == [(Op.REPLACE, 1, ["article", ["hv-raw", True], ["a<b>y</b>"]])]
    assert preorder_ids(changed) == [0, 2]


def test_raw_is_not_text_even_when_the_characters_agree():
    old = E("div", E("p", "<b>x</b>"))
    new = E("div", E("p", Raw("<b>x</b>")))
    assert run(old, new) == [(Op.REPLACE, 1, ["p", ["hv-raw", True], ["<b>x</b>"]])]
    assert run(new, E("div", E("p", "<b>x</b>")))[0][0] is Op.REPLACE


def test_nothing_inside_an_opaque_element_is_addressed():
    # The old article's children have no ids: patching, replacing or swapping one for a text
    # there redoes the article whole.
    for inner in (E("b", "y"), E("i", "x"), "t"):
        old = E("div", E("article", E("b", "x"), Raw("<hr>"), E("p")))
        new = E("div", E("article", inner, Raw("<hr>")))
        assert [op[:2] for op in run(old, new)] == [(Op.REPLACE, 1)]


def test_becoming_opaque_deep_inside_rolls_back_the_ops_already_made():
    old = E("div", E("section", E("b", "1"), E("i", "2")))
    new = E("div", E("section", E("b", "changed"), Raw("<hr>")))
    assert run(old, new) == [(Op.REPLACE, 1, ["section", ["hv-raw", True], ["<b>changed</b><hr>"]])]


def test_the_target_itself_can_be_opaque_or_replaced():
    old = E("div", Raw("<p>1</p>"), id="content")
    assert run(old, E("div", Raw("<p>2</p>"), id="content")) == [
        (Op.REPLACE, 0, ["div", ["id", "content", "hv-raw", True], ["<p>2</p>"]])
    ]
    new = E("main", "x", E("b", "y"))
    assert run(E("div", E("p", "long gone"), "x"), new) == [
        (Op.REPLACE, 0, ["main", [], "x", ["b", [], "y"]])
    ]
    # Replacing the target starts the numbering over, like a hydration (a resync relies on it).
    assert preorder_ids(new) == [0, 1, 2, 3]


# -- client-owned content (hv-ignore) ------------------------------------------------------------


def widget(*content: Element | str, **attrs: str | bool) -> Element:
    return E("div", *content, hv_ignore=True, **attrs)


def test_nothing_inside_a_client_owned_element_is_diffed():
    # div 0, widget 1 (nothing inside numbered), p 2, "t" 3
    old = E("div", widget(E("canvas"), "chart", class_="w"), E("p", "t"))
    assert assign_ids(old, 0) == 4 and preorder_ids(old) == [0, 1, 2, 3]
    client = Patcher(old)
    canvas = client.by_id[1].children[0]
    new = E("div", widget(E("svg", E("g")), E("b", "other"), class_="w"), E("p", "u"))
    patch = diff(old, new, 4)
    frame = encode_frame(1, 1, patch.next_id, patch.ops)
    assert decode_frame(frame).ops == [(Op.SET_TEXT, 3, "u")] and patch.next_id == 4
    client.apply(frame)
    assert client.by_id[1].children[0] is canvas  # the client's content is left alone
    assert client.preorder_ids() == preorder_ids(new) == [0, 1, 2, 3]
    # The kept tree holds the new render's element, its content unnumbered.
    kept: Element = new.children[0]  # type: ignore[assignment]
    assert kept.nid == 1 and [child.nid for child in kept.children] == [None, None]  # type: ignore[union-attr]


def test_a_client_owned_elements_attributes_still_patch():
    old = E("div", widget("x", class_="a", title="t"))
    new = E("div", widget("y", class_="b", title="t"))
    assert run(old, new) == [(Op.SET_ATTR, 1, "class", "b")]
    # A leaf's single text goes through the differ's inlined leaf path: still not patched.
    assert run(E("div", widget("x"), E("i")), E("div", widget("y"), E("i"))) == []
    # Keyed, and as the target itself.
    old = E("ul", widget("x", key=1), widget("y", key=2))
    assert run(old, E("ul", widget("y", key=2), widget("z", key=1, lang="en"))) == [
        (Op.SET_ATTR, 1, "lang", "en"),
        (Op.MOVE, 2, 1),
    ]
    assert run(widget(E("b", "1"), id="content"), widget(E("b", "2"), "3", id="content")) == []


def test_gaining_or_losing_hv_ignore_is_a_replace_and_built_content_is_not_numbered():
    old = E("div", E("section", E("b", "server")), E("p", "t"))
    new = E("div", widget(E("b", "server"), "more"), E("p", "t"))
    # div 0, section 1, b 2, "server" 3, p 4, "t" 5; the widget gets 6 and nothing inside it does.
    assert run(old, new) == [(Op.REPLACE, 1, ["div", ["hv-ignore", True], ["b", [], "server"], "more"])]
    assert preorder_ids(new) == [0, 6, 4, 5]
    assert diff(new, E("div", widget("changed"), E("p", "t")), 7).ops == []
    back = E("div", E("section", E("b", "server")), E("p", "t"))
    assert run(new, back)[0][:2] == (Op.REPLACE, 6)
    empty = E("div")
    client = Patcher(empty)
    patch = diff(empty, E("div", widget(E("b", "x"), "y"), "z"), assign_ids(empty, 0))
    client.apply(encode_frame(1, 1, patch.next_id, patch.ops))
    # INSERT built the widget with its content; ids: widget 1, "z" 2, nothing inside.
    assert patch.next_id == 3 and client.preorder_ids() == [0, 1, 2]
    assert [child.tag or child.text for child in client.by_id[1].children] == ["b", "y"]


def test_the_old_tree_needs_ids():
    with pytest.raises(MissingIdsError, match="assign_ids"):
        diff(E("div"), E("div", "x"), 0)


def test_next_id_counts_every_created_node():
    old = E("div")
    patch = diff(old, E("div", E("ul", E("li", "a"), E("li", "b")), "t"), assign_ids(old, 0))
    # ul, li, "a", li, "b", "t"
    assert patch.next_id == 7
    assert node_id(old) == 0


# -- the tree agrees with the DOM the browser parsed ---------------------------------------------


def test_a_splice_in_crlf_text_lands_on_the_parsed_dom_text():
    # A <textarea> submits CR LF; the HTML parser gives the DOM LF. Text offsets count in the tree,
    # so the tree must hold what the DOM holds or every edit after the first CR goes astray.
    import lxml.html

    from hypergen_vdom.html import to_html
    from hypergen_vdom.tags import div, pre
    from hypergen_vdom.tree import rendering

    def render(text: str) -> Element:
        with rendering() as state:
            div(pre(text))
        (target,) = state.root.children
        return target

    def parsed(tree: Element) -> Element:
        """What a browser hydrates: our HTML through an HTML parser, as a tree."""
        (pre_node,) = lxml.html.fragment_fromstring(to_html(tree))
        return Element("div", {}, [Element("pre", {}, [pre_node.text])])

    lines = "".join(f"line {n} of the submitted text\r\n" for n in range(20))
    old = render(lines + "old ending\r\n")
    new = render(lines + "new ending\r\n")
    next_id = assign_ids(old, 0)
    client = Patcher(parsed(old))  # hydrated from the DOM, not from our tree
    patch = diff(old, new, next_id)
    frame = encode_frame(1, 1, patch.next_id, patch.ops)
    ((op, text_id, start, count, inserted),) = decode_frame(frame).ops
    assert op == Op.SPLICE_TEXT and (count, inserted) == (3, "new")
    assert start == len(lines) - 20  # an offset into the DOM's text, which has no CRs
    client.apply(frame)
    assert client.by_id[text_id].text == parsed(new).children[0].children[0] == lines.replace("\r", "") + (
        "new ending\n"
    )
