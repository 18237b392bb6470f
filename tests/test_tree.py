"""The render context and tree building: nesting, text merging, detaching, ids, threads."""

from __future__ import annotations

import asyncio
import threading

import pytest

from hypergen_vdom.elements import component
from hypergen_vdom.html import to_html
from hypergen_vdom.tags import b, div, li, span, table, td, tr, ul
from hypergen_vdom.tree import DuplicateIdError, Element, Raw, clean_text, doctype, raw, rendering, write


def test_with_block_nests_and_call_appends():
    with rendering() as state:
        with div(id="a"):
            span("x")
            span("y")
    (root,) = state.root.children
    assert isinstance(root, Element) and root.tag == "div"
    assert [c.children for c in root.children] == [["x"], ["y"]]


def test_element_passed_as_child_moves_instead_of_duplicating():
    with rendering() as state:
        div(span("a"), b("b"), "c")
    (root,) = state.root.children
    assert [getattr(c, "tag", c) for c in root.children] == ["span", "b", "c"]


def test_element_created_earlier_moves_from_the_middle():
    with rendering() as state:
        first = span("first")
        span("second")
        div(first)
    assert [getattr(c, "tag", c) for c in state.root.children] == ["span", "div"]
    assert state.root.children[0].children == ["second"]


def test_adjacent_text_merges_and_empty_text_vanishes():
    with rendering() as state:
        with div():
            write("a", "b")
            write("")
            write(1, 2.5, sep="-")
    assert state.root.children[0].children == ["ab1-2.5"]


def test_none_false_and_nested_iterables_as_children():
    with rendering() as state:
        ul(None, False, [li(i) for i in range(2)], (x for x in ["t"]))
    assert [getattr(c, "tag", c) for c in state.root.children[0].children] == ["li", "li", "t"]


def test_duplicate_ids_raise_with_the_id_named():
    with pytest.raises(DuplicateIdError, match="'dup'"), rendering():
        div(id="dup")
        span(id_="dup")


def test_ids_of_separate_renders_do_not_clash():
    for _ in range(2):
        with rendering():
            div(id="same")


def test_table_rows_are_wrapped_in_tbody_like_the_html_parser_does():
    with rendering() as state:
        with table():
            tr(td(1))
            tr(td(2))
    (tbl,) = state.root.children
    assert [c.tag for c in tbl.children] == ["tbody"]
    assert len(tbl.children[0].children) == 2


def test_raw_and_doctype_are_raw_nodes():
    with rendering() as state:
        doctype()
        raw("<b>x</b>")
    assert state.root.children == [Raw("<!DOCTYPE html>"), Raw("<b>x</b>")]
    assert all(isinstance(c, Raw) for c in state.root.children)


def test_component_output_nests_when_passed_as_child():
    @component
    def badge(text):
        span(text, class_="badge")
        b("!")

    with rendering() as state:
        badge("standalone")
        div(badge("nested"))
    top = state.root.children
    assert [getattr(c, "tag", c) for c in top] == ["span", "b", "div"]
    assert [c.tag for c in top[2].children] == ["span", "b"]
    assert top[2].children[0].children == ["nested"]


def test_a_component_returning_its_element_renders_it_once():
    @component
    def item(n):
        return li(n)

    @component
    def card():
        with div() as outer:
            span("x")
        return outer

    with rendering() as state:
        ul(item(1), item(2))
        card()
    assert to_html(state.root) == "<ul><li>1</li><li>2</li></ul><div><span>x</span></div>"


def test_write_outside_render_is_a_clear_error():
    with pytest.raises(RuntimeError, match="rendering"):
        write("x")
    with pytest.raises(RuntimeError, match="rendering"), div():
        pass


def test_renders_in_threads_do_not_see_each_other():
    results: dict[int, int] = {}
    barrier = threading.Barrier(4)

    def work(n: int) -> None:
        with rendering() as state:
            with div(id="same"):
                barrier.wait()
                for i in range(n):
                    span(i)
        results[n] = len(state.root.children[0].children)

    threads = [threading.Thread(target=work, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {1: 1, 2: 2, 3: 3, 4: 4}


def test_renders_in_asyncio_tasks_do_not_see_each_other():
    async def work(n: int) -> int:
        with rendering() as state:
            with div(id="same"):
                for i in range(n):
                    await asyncio.sleep(0)
                    span(i)
        return len(state.root.children[0].children)

    async def main() -> list[int]:
        return await asyncio.gather(*(work(n) for n in (3, 1, 2)))

    assert asyncio.run(main()) == [3, 1, 2]


def test_structural_equality_includes_key():
    assert Element("li", {}, ["a"], key=1) == Element("li", {}, ["a"], key=1)
    assert Element("li", {}, ["a"], key=1) != Element("li", {}, ["a"], key=2)


def test_elements_without_attributes_share_one_immutable_dict():
    import pickle

    from hypergen_vdom.tree import NO_ATTRS

    with rendering() as state:
        div("a")
        span()
        b("c", title="t")
    first, second, third = state.root.children
    assert first.attrs is NO_ATTRS and second.attrs is NO_ATTRS and third.attrs == {"title": "t"}
    with pytest.raises(TypeError, match="assign a new dict"):
        first.attrs["id"] = "x"
    assert pickle.loads(pickle.dumps(first)).attrs is NO_ATTRS


# -- text the HTML parser would rewrite -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("plain", "plain"),
        ("héllo 🙂", "héllo 🙂"),
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("\r\r\n\n", "\n\n\n"),
        ("nul\x00here", "nul\ufffdhere"),
        ("lone \ud800 high, lone \udc00 low", "lone \ufffd high, lone \ufffd low"),
        ("\ud83d\ude42", "🙂"),  # a pair given as two code points is the character it encodes
        ("é\r\n\x00\udfff", "é\n\ufffd\ufffd"),
    ],
)
def test_clean_text(text, clean):
    assert clean_text(text) == clean
    clean.encode("utf-8")  # what the response and the msgpack frame need


def test_clean_text_returns_clean_text_itself():
    for text in ("x", "a\nb", "héllo \ufffd"):
        assert clean_text(text) is text


def test_text_children_are_normalised_and_raw_is_not():
    with rendering() as state:
        with div():
            write("a\r\nb", "\x00")
            write(7)
            span("x\ry", "\ud800", sep="\r\n")  # several children and sep: the append_child path
            raw("<b>\r\n\x00</b>")
    (root,) = state.root.children
    assert root.children[0] == "a\nb\ufffd7"
    assert root.children[1].children == ["x\ny\n\ufffd"]
    assert root.children[2] == Raw("<b>\r\n\x00</b>")


def test_nesting_an_element_created_in_an_outer_open_parent_moves_it():
    from hypergen_vdom import div, form, input_
    from hypergen_vdom.html import to_html

    with rendering() as state:
        field = input_(id="when", type_="date")
        with form(id="f"):
            div(field)
    assert to_html(state.root) == '<form id="f"><div><input id="when" type="date"></div></form>'


def test_nesting_an_element_created_inside_a_closed_element_moves_it():
    from hypergen_vdom import div, p, span
    from hypergen_vdom.html import to_html

    with rendering() as state:
        with div(id="first"):
            moved = span("x", id="s")
        p(moved)
    assert to_html(state.root) == '<div id="first"></div><p><span id="s">x</span></p>'


def test_an_element_placed_twice_is_moved_not_duplicated():
    from hypergen_vdom import div, span
    from hypergen_vdom.html import to_html

    with rendering() as state:
        item = span("x", id="one")
        div(item, id="a")
        div(item, id="b")
    assert to_html(state.root) == '<div id="a"></div><div id="b"><span id="one">x</span></div>'
