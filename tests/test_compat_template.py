"""hypergen_vdom.compat.template: the template helpers (raw, write, doctype, hprint, rst, on_url)."""

from __future__ import annotations

import importlib.util

import pytest
from django.test import RequestFactory

from hypergen_vdom.compat.context import context
from hypergen_vdom.compat.render import hypergen
from hypergen_vdom.compat.template import (
    a,
    div,
    doctype,
    hprint,
    on_url,
    raw,
    rst,
    write,
)


def test_raw_write_and_doctype():
    assert (
        hypergen(lambda: [doctype(), raw("<b>", "</b>"), write("<i>", 1)])
        == "<!DOCTYPE html><b></b>&lt;i&gt;1"
    )


def test_hprint_shows_values_with_their_type():
    html = hypergen(lambda: hprint({"a": 1}, b="<x>"))
    assert "&amp;#x27;" not in html  # no double escaping
    assert '<pre style=""><code>{&#x27;a&#x27;: 1}</code></pre>' in html  # as Hypergen writes it
    assert "<b>arg 1</b>" in html and "(builtins.dict)" in html
    assert "<b>b</b>" in html and "&#x27;&lt;x&gt;&#x27;" in html


def test_rst_renders_with_docutils_and_says_what_to_install_without():
    if importlib.util.find_spec("docutils") is None:
        with pytest.raises(ImportError, match="pip install docutils"):
            hypergen(lambda: rst("*hi*"))
    else:
        assert "<em>hi</em>" in hypergen(lambda: rst("*hi*"))


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
