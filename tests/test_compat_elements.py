"""hypergen_vdom.compat.elements: Hypergen's element semantics over the core tree (issue 12, group 4)."""

from __future__ import annotations

import pytest

from hypergen_vdom.compat.elements import (
    UnsupportedValueReader,
    base_element,
    component,
    core_coerce_name,
    python_repr,
)
from hypergen_vdom.compat.render import hypergen
from hypergen_vdom.compat.template import div, input_, li, p, script, select, span, table, td, tr, ul
from hypergen_vdom.tree import DuplicateIdError


def html_of(template):
    return hypergen(template)


def test_an_element_used_as_a_decorator_wraps_each_call_in_a_fresh_copy():
    def template():
        @div(class_="card")
        def card(text):
            p(text)

        with ul():
            card("one")
        card("two")

    assert (
        html_of(template) == '<ul><div class="card"><p>one</p></div></ul><div class="card"><p>two</p></div>'
    )


def test_a_decorating_element_with_an_id_is_still_unique_per_render():
    def template():
        @div(id_="once")
        def f():
            pass

        f()
        f()

    with pytest.raises(DuplicateIdError, match="once"):
        html_of(template)


def test_callable_children_are_called_and_what_they_write_or_return_is_the_content():
    def writes():
        span("w")

    def returns():
        return "r<"

    assert html_of(lambda: div(writes, returns, "x")) == "<div><span>w</span>r&lt;x</div>"


def test_sep_goes_between_flattened_children_and_end_inside_the_element():
    assert html_of(lambda: div("a", ["b", None, "c"], (x for x in "d"), sep=", ", end="!")) == (
        "<div>a, b, c, d!</div>"
    )
    assert html_of(lambda: p(end="\n")) == "<p>\n</p>"


def test_a_component_returning_its_element_renders_it_once():
    @component
    def item(n):
        return li(n)

    assert html_of(lambda: ul(item(1), item(2))) == "<ul><li>1</li><li>2</li></ul>"

    # Its text output moves too.
    @component
    def text():
        span("a")
        p("b")

    assert html_of(lambda: div(text(), "c")) == "<div><span>a</span><p>b</p>c</div>"


def test_id_tuples_and_class_sets():
    assert (
        html_of(lambda: div(id_=("toggle", 7), class_={"b", "a", ""}))
        == '<div id="toggle-7" class="a b"></div>'
    )
    assert (
        html_of(lambda: div(id=["x", 1, "y"], class_=["z", "a"])) == '<div class="z a" id="x-1-y"></div>'
    )  # id= goes last


def test_repr_is_python_source():
    def template():
        element = div('it\'s "quoted"', 42, span("x"), class_="c", id_=None)
        assert repr(element) == 'div("it\'s \\"quoted\\"", 42, span("x"), class_="c")'
        rebuilt = eval(repr(element), {"div": div, "span": span})
        assert rebuilt.as_string() == element.as_string()

    html_of(template)
    assert python_repr("a\\b") == '"a\\\\b"'


def test_subclasses_name_their_tag_and_void_subclasses_refuse_children():
    class my_widget(base_element):
        pass

    class hr_(base_element):
        void = True

    assert html_of(lambda: my_widget("x")) == "<my-widget>x</my-widget>".replace("my-widget", "my_widget")
    with pytest.raises(TypeError, match="void element"):
        html_of(lambda: hr_("x"))


def test_script_children_are_not_escaped_but_cannot_close_the_script():
    # Hypergen writes script text as is; so do we, except that "</" can't end the element early.
    assert html_of(lambda: script("if (a < b && c) x('</script>')")) == (
        "<script>if (a < b && c) x('<\\/script>')</script>"
    )


def test_tables_get_a_tbody_like_the_browser_gives_them():
    assert html_of(lambda: table(tr(td(1)))) == "<table><tbody><tr><td>1</td></tr></tbody></table>"


def test_value_readers_map_to_server_coercions():
    assert core_coerce_name("hypergen.read.value", None) == "trim"
    assert core_coerce_name("hypergen.read.value", "hypergen.coerce.str") == "trim"
    assert core_coerce_name("hypergen.read.value", "hypergen.coerce.week") == "week"
    assert core_coerce_name("hypergen.read.selectMultiple", "hypergen.coerce.intlist") == "intlist"
    assert core_coerce_name("hypergen.read.file", None) == "filename"
    assert core_coerce_name("hypergen.read.radio", "hypergen.coerce.str") is None
    with pytest.raises(UnsupportedValueReader, match="no inline JS"):
        core_coerce_name("myapp.read", None)
    with pytest.raises(UnsupportedValueReader, match="coerce_to"):
        core_coerce_name("hypergen.read.value", "myapp.coerce")


def test_select_multiple_coerce_to_int_reads_a_list_of_ints_and_other_types_are_refused():
    def template():
        assert select(multiple=True, coerce_to=int).node.coerce == "intlist"
        assert select(multiple=True).node.coerce == "list"
        with pytest.raises(TypeError, match="use int or str"):
            select(multiple=True, coerce_to=float)

    html_of(template)


def test_an_attribute_value_that_is_some_other_callable_is_refused():
    with pytest.raises(TypeError, match="only callback"):
        html_of(lambda: div(onclick=lambda *a: "alert(1)"))
    with pytest.raises(TypeError, match="raw"):
        html_of(lambda: div("x", t=lambda s: s))


def test_plugins_wrap_element_creation():
    from contextlib import contextmanager

    class Upper:
        @contextmanager
        def wrap_element_init(self, element, children, attrs):
            children[:] = [c.upper() if isinstance(c, str) else c for c in children]
            attrs.setdefault("data_seen", True)
            yield

    html = hypergen(lambda: p("hi"), settings={"user_plugins": [Upper()]})
    assert html == "<p data-seen>HI</p>"


def test_hostile_text_and_attribute_values_are_escaped():
    html = html_of(lambda: div("<img src=x onerror=alert(1)>", title="\"'><script>"))
    # html.escape, byte for byte as Hypergen's hypergen() (test_compat_snippets.py)
    assert html == '<div title="&quot;&#x27;&gt;&lt;script&gt;">&lt;img src=x onerror=alert(1)&gt;</div>'


def test_input_month_week_and_datetime_values_are_formatted_as_the_browser_expects():
    import datetime

    def template():
        input_(type_="month", value={"year": 2024, "month": 5})
        input_(type="week", value={"year": 2024, "week": 7})
        input_(type_="datetime-local", value=datetime.datetime(2024, 5, 1, 9, 30))

    assert html_of(template) == (
        '<input type="month" value="2024-05"><input value="2024-W07" type="week">'  # type= goes last
        '<input type="datetime-local" value="2024-05-01T09:30:00">'
    )


def test_coerce_to_beyond_hypergens_three_is_the_cores():
    import datetime

    def template():
        assert input_(coerce_to="int").node.coerce == "int"
        assert input_(coerce_to=datetime.date).node.coerce == "date"
        assert input_(coerce_to=float).node.coerce == "float"
        assert input_(coerce_to=str).node.coerce == "trim"  # Hypergen's str: the trimmed text
        with pytest.raises(ValueError, match="Unknown coerce_to"):
            input_(coerce_to="nonsense")
        with pytest.raises(ValueError, match="Unknown coerce_to"):
            input_(coerce_to=[int])

    html_of(template)
