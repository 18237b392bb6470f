"""hypergen_vdom.compat.template: the tag list, special tags and template helpers."""

from __future__ import annotations

import importlib.util

import pytest
from django.test import RequestFactory

from hypergen_vdom.compat import template
from hypergen_vdom.compat.context import context
from hypergen_vdom.compat.render import hypergen
from hypergen_vdom.compat.template import (
    a,
    acronym,
    center,
    dir_,
    div,
    doctype,
    font,
    hprint,
    link,
    on_url,
    param,
    raw,
    rst,
    strike,
    tt,
    write,
)

# Hypergen 1.5.6's element names (its template.__all__, minus helpers); written out here so a
# missing or renamed tag fails this test.
HYPERGEN_TAGS = [
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del_",
    "details",
    "dfn",
    "dialog",
    "dir_",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input_",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map_",
    "mark",
    "meta",
    "meter",
    "nav",
    "noframes",
    "noscript",
    "object_",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time_",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
]


def test_every_hypergen_tag_is_exported_and_renders_its_tag():
    assert set(HYPERGEN_TAGS) <= set(template.__all__)
    for name in HYPERGEN_TAGS:
        element_class = getattr(template, name)
        html = hypergen(lambda cls=element_class: cls())
        tag = name.rstrip("_")
        assert html.startswith(f"<{tag}"), name


def test_obsolete_tags_and_template_render():
    html = hypergen(
        lambda: [acronym("a"), center("c"), dir_("d"), font("f", color="red"), strike("s"), tt("t")]
    )
    assert (
        html == '<acronym>a</acronym><center>c</center><dir>d</dir><font color="red">f</font>'
        "<strike>s</strike><tt>t</tt>"
    )
    assert hypergen(lambda: template.template(div("x"))) == "<template><div>x</div></template>"
    # The core writes no void end tag only for the living void elements; a parser drops </param>.
    assert hypergen(lambda: param(name="n", value="v")) == '<param name="n" value="v"></param>'


def test_link_has_hypergens_stylesheet_defaults():
    assert (
        hypergen(lambda: link("/static/x.css"))
        == '<link rel="stylesheet" type="text/css" href="/static/x.css">'
    )
    assert hypergen(lambda: link(href="/i.png", rel="icon", type="image/png")) == (
        '<link rel="icon" type="image/png" href="/i.png">'
    )


def test_link_href_is_checked_like_any_url():
    assert hypergen(lambda: link("javascript:alert(1)")) == (
        '<link rel="stylesheet" type="text/css" href="about:invalid#hypergen-unsafe-url">'
    )


def test_raw_write_and_doctype():
    assert (
        hypergen(lambda: [doctype(), raw("<b>", "</b>"), write("<i>", 1)])
        == "<!DOCTYPE html><b></b>&lt;i&gt;1"
    )


def test_hprint_shows_values_with_their_type():
    html = hypergen(lambda: hprint({"a": 1}, b="<x>"))
    assert "<pre><code>{&#x27;a&#x27;: 1}</code></pre>" not in html  # no double escaping
    assert "<pre><code>{'a': 1}</code></pre>" in html
    assert "<b>arg 1</b>" in html and "(builtins.dict)" in html
    assert "<b>b</b>" in html and "&#x27;&lt;x&gt;&#x27;" not in html and "'&lt;x&gt;'" in html


@pytest.mark.skipif(importlib.util.find_spec("docutils") is not None, reason="docutils is installed here")
def test_rst_without_docutils_says_what_to_install():
    with pytest.raises(ImportError, match="pip install docutils"):
        hypergen(lambda: rst("*hi*"))


@pytest.mark.urls("tests.support_compat_urls")
def test_class_active_and_on_url_follow_the_current_page():
    from django.urls import resolve

    request = RequestFactory().get("/compat/item/3/")
    request.resolver_match = resolve("/compat/item/3/")

    def template():
        a("here", href="/compat/item/3/", class_active="on", class_="nav")
        a("there", href="/compat/counter/", class_active="on")
        a("elsewhere", href="/not/routed/", class_active="on")
        div(on_url("/compat/item/9/", "same view", "other"), on_url("/compat/counter/", "same view", "other"))

    with context(request=request):
        html = hypergen(template)
    assert html == (
        '<a href="/compat/item/3/" class="nav on">here</a><a href="/compat/counter/">there</a>'
        '<a href="/not/routed/">elsewhere</a><div>same viewother</div>'
    )
