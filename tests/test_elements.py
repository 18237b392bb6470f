"""Hypergen's attribute and child conventions."""

from __future__ import annotations

import datetime

import pytest

import hypergen_vdom
from hypergen_vdom import OMIT
from hypergen_vdom.html import to_html
from hypergen_vdom.tags import a, br, del_, div, img, input, input_, label, select, span, td, template_
from hypergen_vdom.tree import rendering
from hypergen_vdom.urls_safety import UNSAFE_URL, trusted_url


def render(func):
    with rendering() as state:
        func()
    return to_html(state.root)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"id_": "x"}, '<div id="x"></div>'),
        ({"id": "x"}, '<div id="x"></div>'),
        ({"class_": "a b"}, '<div class="a b"></div>'),
        ({"class_": ["a", None, "b", ""]}, '<div class="a b"></div>'),
        ({"style": {"font_size": "12px", "color": None}}, '<div style="font-size:12px"></div>'),
        ({"data_foo_bar": 1}, '<div data-foo-bar="1"></div>'),
        ({"for_": "x"}, '<div for="x"></div>'),
        ({"hidden": True}, "<div hidden></div>"),
        ({"hidden": False, "title": None, "lang": OMIT}, "<div></div>"),
        ({"title": 'say "hi"'}, "<div title='say \"hi\"'></div>"),
        ({"title": "a'b\"c"}, '<div title="a\'b&quot;c"></div>'),
    ],
)
def test_attribute_conventions(kwargs, expected):
    assert render(lambda: div(**kwargs)) == expected


def test_sep_goes_between_children_and_end_after_the_element():
    assert render(lambda: span("a", "b", "c", sep=", ", end="!")) == "<span>a, b, c</span>!"


def test_void_elements_have_no_closing_tag_and_take_no_children():
    assert render(lambda: (br(), input_(value="v"))) == '<br><input value="v">'
    with pytest.raises(TypeError, match="void"), rendering():
        br("child")


def test_input_is_input_():
    assert input is input_
    assert "input" in hypergen_vdom.__all__ and "input_" in hypergen_vdom.__all__


def test_renamed_tags():
    assert render(lambda: (del_("x"), template_("y"))) == "<del>x</del><template>y</template>"


def test_key_is_kept_but_not_rendered():
    with rendering() as state:
        div(key=7)
    assert state.root.children[0].key == 7
    assert to_html(state.root) == "<div></div>"


def test_invalid_attribute_names_are_refused():
    with pytest.raises(ValueError, match="Invalid attribute name"), rendering():
        div(**{'x" onload="alert(1)': 1})


@pytest.mark.parametrize(
    ("make", "coerce"),
    [
        (lambda: input_(value=1), "int"),
        (lambda: input_(value=1.5), "float"),
        (lambda: input_(value="1"), None),
        (lambda: input_(type_="number"), "int"),
        (lambda: input_(type_="number", step="0.1"), "float"),
        (lambda: input_(type_="checkbox"), "bool"),
        (lambda: input_(type_="date"), "date"),
        (lambda: input_(value=datetime.date(2026, 1, 2)), "date"),
        (lambda: input_(type_="datetime-local"), "datetime"),
        (lambda: select(multiple=True), "list"),
        (lambda: input_(value="3", coerce_to=int), "int"),
        (lambda: input_(value=3, coerce_to=str), None),
    ],
)
def test_value_coercion_is_inferred(make, coerce):
    with rendering():
        assert make().coerce == coerce


def test_date_values_render_iso():
    assert render(lambda: input_(value=datetime.date(2026, 1, 2))) == '<input value="2026-01-02">'


def test_public_api_is_complete():
    for name in ("liveview", "action", "callback", "THIS", "NO_PERM_REQUIRED", "autourls", "command",
                 "call_js", "raw", "write", "doctype", "component", "OMIT", "div", "a", "label"):
        assert name in hypergen_vdom.__all__, name
        assert getattr(hypergen_vdom, name) is not None
    assert a is hypergen_vdom.a and label is hypergen_vdom.label


# -- text and attribute values as the HTML parser gives them back ------------------------------


def test_text_is_normalised_on_every_path_including_the_td_fast_path():
    with rendering() as state:
        td("a\r\nb\x00")  # the fast path: one str child, no attributes
        td("é\r\ud800")  # the fast path, non-ASCII
        td("a\rb", class_="c")  # attributes: the general path with one str child
        td("a\r", "\nb")  # several children: append_child, each normalised on its own
        td("ok")
    assert [element.children for element in state.root.children] == [
        ["a\nb\ufffd"],
        ["é\n\ufffd"],
        ["a\nb"],
        ["a\n\nb"],
        ["ok"],
    ]


def test_attribute_values_are_normalised():
    with rendering() as state:
        div(
            title="a\r\nb\x00",
            lang="\ud800",
            style={"content": "'\r'"},
            class_=["a\x00", "b"],
            value=1,
        )
    assert state.root.children[0].attrs == {
        "title": "a\nb\ufffd",
        "lang": "\ufffd",
        "style": "content:'\n'",
        "class": "a\ufffd b",
        "value": "1",
    }


def test_a_lone_surrogate_in_a_binding_argument_still_encodes():
    from types import SimpleNamespace

    from hypergen_vdom.bindings import callback

    def handler(request, *args):
        """Stands in for an @action/@consumer function."""

    handler.hypergen = SimpleNamespace(callback_target=lambda: "h1")  # type: ignore[attr-defined]
    with rendering() as state:
        button = span(onclick=callback(handler, "x\ud800"))
    assert button.attrs["hv-click"] == '["h1",["x\ufffd"]]'
    to_html(state.root).encode("utf-8")


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscr\ript:alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_script_urls_from_data_are_replaced(hostile):
    with rendering() as state:
        a("x", href=hostile)
        div(**{"xlink:href": hostile})
        img(src=hostile)  # data: is only fine on media src; javascript: never
    link, svg_link, image = state.root.children
    assert link.attrs == {"href": UNSAFE_URL}
    assert svg_link.attrs == {"xlink:href": UNSAFE_URL}
    assert image.attrs["src"] == (hostile if hostile.startswith("data:") else UNSAFE_URL)
    assert "script" not in to_html([link, svg_link])


@pytest.mark.parametrize(
    ("make", "attribute", "value"),
    [
        (lambda: img(src="data:image/png;base64,iVBORw0KGgo="), "src", "data:image/png;base64,iVBORw0KGgo="),
        (lambda: a("x", href="/items/?q=javascript:x"), "href", "/items/?q=javascript:x"),
        (lambda: a("x", href="javascript"), "href", "javascript"),  # a relative URL
        (lambda: a("x", href="https://example.com/"), "href", "https://example.com/"),
        (lambda: a("x", href="mailto:a@example.com"), "href", "mailto:a@example.com"),
        (lambda: a("x", title="javascript:alert(1)"), "title", "javascript:alert(1)"),  # not a URL
        (lambda: a("x", href=trusted_url("javascript:void(0)")), "href", "javascript:void(0)"),
    ],
)
def test_other_urls_pass(make, attribute, value):
    with rendering():
        assert make().attrs[attribute] == value


def test_children_created_just_before_move_in_one_go_and_others_one_by_one():
    from hypergen_vdom.tags import li, ul

    with rendering() as state:
        with ul():
            early = span("early")
            li(input_(type_="checkbox"), label("a"), span("b"), sep=" ", key=1)  # the fast path
            li(label("c"), early, sep=" ")  # not the last children in order: moved one by one
            both = label("d")
            li(both, both)  # one element twice: moved once, appended twice, as always
    assert to_html(state.root) == (
        '<ul><li><input type="checkbox"> <label>a</label> <span>b</span></li>'
        "<li><label>c</label> <span>early</span></li><li><label>d</label><label>d</label></li></ul>"
    )


def test_the_td_fast_path_makes_the_same_element_as_the_general_one():
    with rendering() as state:
        fast = td(42)
        general = td("42", class_=None)
    assert fast == general and fast.coerce is None and fast.key is None and fast.nid is None
    assert state.root.children == [fast, general]


def test_an_event_name_that_is_no_attribute_name_is_refused_not_bound():
    from types import SimpleNamespace

    from hypergen_vdom.bindings import callback

    def handler(request, *args):
        """Stands in for an @action/@consumer function."""

    handler.hypergen = SimpleNamespace(callback_target=lambda: "h1")  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="Invalid attribute name"), rendering():
        div(**{'on"x': callback(handler)})
    with pytest.raises(TypeError, match="bindings go on on<event> attributes"), rendering():
        div(title=callback(handler))


def test_keyword_names_from_data_do_not_grow_the_name_plans_without_bound():
    from hypergen_vdom import elements

    with rendering() as state:
        for index in range(5000):
            div(**{f"data_n{index}": index})
    assert len(elements._PLANS) <= 4096
    assert state.root.children[-1].attrs == {"data-n4999": "4999"}


def test_hot_path_and_general_path_make_the_same_elements():
    # td("x") and tr(key=...) take the inline hot path; an explicit sep= or attribute takes _build.
    # Both must give identical trees (slots included), also for text the parser would change.
    def both():
        td("a\r\nb")
        td("a\r\nb", sep="")
        td(7)
        td(7, end="")
        td()
        td(end="")
        td("", key=3)
        td("", key=3, sep="")

    with rendering() as state:
        both()
    hot, general = state.root.children[0::2], state.root.children[1::2]
    assert hot == general
    for left, right in zip(hot, general, strict=True):
        assert (left.key, left.coerce, left.nid) == (right.key, right.coerce, right.nid)
    assert [c.children for c in hot] == [["a\nb"], ["7"], [], []]
    with pytest.raises(TypeError, match="void"), rendering():
        br(7)
