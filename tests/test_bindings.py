"""Event bindings render as JSON in hv-<event> attributes (docs/protocol.md §1)."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest

from hypergen_vdom.bindings import THIS, NotCallableError, call_js, callback
from hypergen_vdom.html import to_html
from hypergen_vdom.tags import button, div, form, input_, select
from hypergen_vdom.tree import rendering


def handler(request, *args):
    """Stands in for an @action/@consumer function."""


handler.hypergen = SimpleNamespace(callback_target=lambda: "h1")  # type: ignore[attr-defined]


def binding(element, event="hv-click"):
    return json.loads(element.attrs[event])


def test_plain_args_and_element_reference():
    with rendering():
        count = input_(id="count", value=1, disabled=True)
        btn = button("Increment", onclick=callback(handler, count, "x", 2, None, [1, True]))
    assert binding(btn) == ["h1", [{"$el": "count", "as": "int"}, "x", 2, None, [1, True]]]
    assert "onclick" not in btn.attrs


def test_this_uses_the_bound_elements_coercion():
    with rendering():
        box = input_(type_="checkbox", onchange=callback(handler, THIS))
    assert binding(box, "hv-change") == ["h1", [{"$el": None, "as": "bool"}]]


def test_set_frozenset_and_range_arguments_are_tagged_and_sorted():
    with rendering():
        el = div(onclick=callback(handler, {"b", "a"}, frozenset({2, 1}), {1, "x"}, range(0, 6, 3)))
    assert binding(el) == [
        "h1",
        [
            {"$v": ["a", "b"], "as": "set"},
            {"$v": [1, 2], "as": "frozenset"},
            {"$v": ["x", 1], "as": "set"},  # unorderable: by repr, still the same every run
            {"$v": [0, 6, 3], "as": "range"},
        ],
    ]


def test_hypergens_value_types_are_known_coercions():
    with rendering():
        month = input_(type_="month", coerce_to="month")
        files = select(multiple=True, coerce_to="intlist")
    assert (month.coerce, files.coerce) == ("month", "intlist")


def test_element_without_id_gets_a_stable_auto_id():
    def render():
        with rendering() as state:
            field = input_()
            button(onclick=callback(handler, field))
        return to_html(state.root)

    first = render()
    assert first == render()
    assert '<input id="hv1">' in first


def test_options_are_included_only_when_set():
    with rendering():
        el = div(
            oninput=callback(handler, debounce=300, confirm="Sure?", when="app.ok", clear=True, blocks=True)
        )
    assert binding(el, "hv-input") == [
        "h1", [], {"debounce": 300, "confirm": "Sure?", "when": ["app.ok"], "clear": True, "blocks": True}
    ]


def test_tagged_literals():
    with rendering():
        el = div(onclick=callback(handler, datetime.date(2026, 1, 2)))
    assert binding(el) == ["h1", [{"$v": "2026-01-02", "as": "date"}]]


def test_unsendable_argument_is_a_clear_error():
    with pytest.raises(TypeError, match="object"), rendering():
        div(onclick=callback(handler, object()))


def test_plain_function_is_refused():
    with pytest.raises(NotCallableError, match="@action or @consumer"):
        callback(lambda: None)


def test_binding_on_a_non_event_attribute_is_refused():
    with pytest.raises(TypeError, match="on<event>"), rendering():
        div(title=callback(handler))


def test_call_js_needs_no_server():
    with rendering():
        el = div(onclick=call_js("console.log", "hi"))
    assert binding(el) == ["js:console.log", ["hi"]]


def test_rendered_binding_is_single_quoted_json_and_no_inline_javascript():
    with rendering() as state:
        select(multiple=True, id="s", onchange=callback(handler, THIS))
    html = to_html(state.root)
    assert html == """<select multiple id="s" hv-change='["h1",[{"$el":null,"as":"list"}]]'></select>"""
    assert "onchange" not in html


def test_disable_with_is_a_binding_option():
    with rendering():
        el = button("Save", onclick=callback(handler, disable_with="Saving…"))
    assert binding(el) == ["h1", [], {"disable_with": "Saving…"}]
    with rendering():
        plain = button("Save", onclick=callback(handler))
    assert binding(plain) == ["h1", []]


def test_a_form_is_read_whole_as_form():
    with rendering():
        signup = form(input_(name="name"), id="signup", onsubmit=callback(handler, THIS))
        btn = button("Save", onclick=callback(handler, signup))
    assert binding(signup, "hv-submit") == ["h1", [{"$el": None, "as": "form"}]]
    assert binding(btn) == ["h1", [{"$el": "signup", "as": "form"}]]


def test_coerce_to_form_is_known_and_other_elements_keep_their_coercion():
    with rendering():
        box = div(id="fields", coerce_to="form")
        count = input_(id="n", value=1)
        btn = button(onclick=callback(handler, box, count))
    assert binding(btn) == ["h1", [{"$el": "fields", "as": "form"}, {"$el": "n", "as": "int"}]]
    with pytest.raises(ValueError, match="Unknown coerce_to"):
        div(coerce_to="forms")


# -- the JSON of a binding with plain arguments is encoded once --------------------------------


@pytest.mark.parametrize("args", [(1,), ("1",), (True,), (1.0,), (None,), (1, "a", None), (), ([1],)])
@pytest.mark.parametrize("options", [{}, {"debounce": 1}, {"clear": True, "blocks": True}, {"when": "x"}])
def test_the_cached_json_is_the_json_encoded_afresh(args, options):
    for _ in range(2):  # the second time from the cache
        with rendering():
            bound = callback(handler, *args, **options)
            btn = button("x", onclick=bound)
        assert btn.attrs["hv-click"] == bound.encode(btn)


def test_values_equal_in_python_never_share_a_cached_json():
    rendered = []
    for value in (1, True, 1.0, "1", 1, True):
        with rendering():
            rendered.append(button(onclick=callback(handler, value)).attrs["hv-click"])
    assert rendered == [
        '["h1",[1]]', '["h1",[true]]', '["h1",[1.0]]', '["h1",["1"]]', '["h1",[1]]', '["h1",[true]]'
    ]


def test_the_json_cache_is_bounded():
    from hypergen_vdom.bindings import _plain_json

    assert _plain_json.cache_info().maxsize == 8192


def test_a_plain_binding_is_encoded_once_and_the_same_text_reused():
    # Re-rendering a page serializes none of its plain bindings again: each distinct one's text is
    # made once and the very same string handed to every render (the differ compares by identity).
    handler = SimpleNamespace(hypergen=SimpleNamespace(callback_target=lambda: "tog1"))

    def page():
        for todo_id in (1, 2, 1):
            button("x", onclick=callback(handler, todo_id))
            button("y", onclick=callback(handler, todo_id, confirm="Sure?"))

    texts = []
    for _ in range(2):
        with rendering() as state:
            page()
        texts.append([b.attrs["hv-click"] for b in state.root.children])
    first, second = texts
    one, two = '["tog1",[1]]', '["tog1",[2]]'
    sure_one, sure_two = '["tog1",[1],{"confirm":"Sure?"}]', '["tog1",[2],{"confirm":"Sure?"}]'
    assert first == [one, sure_one, two, sure_two, one, sure_one]
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert first[0] is first[4]
    # True and 1 are different arguments and different options: never one cache entry.
    with rendering():
        assert button(onclick=callback(handler, True)).attrs["hv-click"] == '["tog1",[true]]'
        cleared = button(onclick=callback(handler, 1, clear=True))
        assert cleared.attrs["hv-click"] == '["tog1",[1],{"clear":true}]'


def test_this_bindings_are_cached_per_coercion_of_the_bound_element():
    # ``callback(save, THIS, row_id)`` on every row's input: cached like plain arguments, but the
    # text depends on what THIS reads (a checkbox's bool, a number input's int), never mixed up.
    handler = SimpleNamespace(hypergen=SimpleNamespace(callback_target=lambda: "save1"))

    def rows():
        for row_id in (1, 2):
            input_(type_="checkbox", onchange=callback(handler, THIS, row_id))
            input_(type_="number", onchange=callback(handler, THIS, row_id))
            input_(name="note", onchange=callback(handler, THIS, row_id))
            form(onsubmit=callback(handler, THIS, row_id))

    texts = []
    for _ in range(2):
        with rendering() as state:
            rows()
        texts.append([element.attrs["hv-change" if element.tag == "input" else "hv-submit"]
                      for element in state.root.children])
    first, second = texts
    assert first[:4] == [
        '["save1",[{"$el":null,"as":"bool"},1]]',
        '["save1",[{"$el":null,"as":"int"},1]]',
        '["save1",[{"$el":null},1]]',
        '["save1",[{"$el":null,"as":"form"},1]]',
    ]
    assert first[4] == '["save1",[{"$el":null,"as":"bool"},2]]'
    assert all(a is b for a, b in zip(first, second, strict=True))
    # the cached text is the one a fresh encoding gives
    with rendering():
        box = input_(type_="checkbox")
    assert callback(handler, THIS, 1).encode(box) == first[0]
