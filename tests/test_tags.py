"""tags.py: one element function per HTML tag, trailing underscore where Python needs one."""

from __future__ import annotations

import pytest

import hypergen_vdom
from hypergen_vdom import tags
from hypergen_vdom.html import to_html
from hypergen_vdom.tree import VOID_TAGS, Element, rendering


@pytest.mark.parametrize("name", tags.__all__)
def test_each_name_makes_its_tag(name):
    tag = name.removesuffix("_")
    with rendering() as state:
        element = getattr(tags, name)()
    assert isinstance(element, Element) and element.tag == tag
    assert state.root.children == [element]  # rendered into the current render
    assert to_html(state.root) == (f"<{tag}>" if tag in VOID_TAGS else f"<{tag}></{tag}>")


@pytest.mark.parametrize(
    ("name", "tag"),
    [("input_", "input"), ("del_", "del"), ("map_", "map"), ("object_", "object"),
     ("time_", "time"), ("template_", "template")],
)  # fmt: skip
def test_names_that_clash_with_python_drop_their_underscore(name, tag):
    assert name in tags.__all__
    assert to_html(getattr(tags, name)(id="x")) == f'<{tag} id="x">' + ("" if tag == "input" else f"</{tag}>")


def test_input_is_also_spelled_like_hypergens_docs():
    assert tags.input is tags.input_
    assert to_html(tags.input(type_="text", value=1)) == '<input type="text" value="1">'


def test_the_package_exports_every_tag():
    assert set(tags.__all__) <= set(hypergen_vdom.__all__)
    assert all(getattr(hypergen_vdom, name) is getattr(tags, name) for name in tags.__all__)
