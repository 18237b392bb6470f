"""hypergen_vdom.compat.templatetags.hypergen: {% callback %} and the media tags (group 10)."""

from __future__ import annotations

import json

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.test import RequestFactory

from . import support_compat_urls  # noqa: F401  # runs autourls, as the first request would

pytestmark = pytest.mark.urls("tests.support_compat_urls")

ENGINE = Engine(libraries={"hypergen": "hypergen_vdom.compat.templatetags.hypergen"})


def render(source, **values):
    return ENGINE.from_string("{% load hypergen %}" + source).render(Context(values))


def test_callback_writes_the_id_and_the_binding():
    html = render('<button{% callback "compat:bump" "#count.int" 5 id="inc" event="onclick" %}>+</button>')
    assert html == (
        '<button id="inc" hv-click=\'["/compat/bump/",[{"$el":"count","as":"int"},5]]\'>+</button>'
    )
    html = render(
        '<input{% callback url "#q" id="q" event="oninput" debounce=200 add_id=False %}>', url="/s/"
    )
    assert html == """<input hv-input='["/s/",[{"$el":"q","as":"trim"}],{"debounce":200}]'>"""


def test_callback_values_are_escaped():
    html = render(
        '<b{% callback "/s/" text id=ident event="onclick" %}></b>', text="'><script>", ident='"><x'
    )
    attributes = html[len("<b") : -len("></b>")]
    assert attributes.startswith(' id="&quot;&gt;&lt;x" hv-click=')
    binding = attributes.split("hv-click=", 1)[1]
    assert binding[0] == '"' and json.loads(binding[1:-1].replace("&quot;", '"').replace("&amp;", "&")) == [
        "/s/",
        ["'><script>"],
    ]


def test_callback_needs_id_and_event():
    with pytest.raises(TemplateSyntaxError, match="needs id"):
        render('{% callback "/s/" event="onclick" %}')
    with pytest.raises(TemplateSyntaxError, match="needs id"):
        render('{% callback "/s/" id="x" event="click" %}')


def test_media_tags():
    request = RequestFactory().get("/")
    html = render("{% hypergen_media_header %}|{% hypergen_media_footer %}", request=request)
    header, footer = html.split("|")
    assert header.startswith(
        '<script src="/static/hypergen_vdom/hypergen.min.js" defer id="hypergen-client" data-csrf="'
    )
    assert footer == ""


def test_load_hypergen_works_with_the_compat_app_installed(settings):
    from django.apps import apps
    from django.template.backends.django import get_installed_libraries

    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "hypergen_vdom.compat"]
    assert apps.is_installed("hypergen_vdom.compat")
    assert get_installed_libraries()["hypergen"] == "hypergen_vdom.compat.templatetags.hypergen"


def test_render_to_hypergen_writes_a_django_template_into_the_page(settings):
    from hypergen_vdom.compat.render import hypergen
    from hypergen_vdom.compat.template import div
    from hypergen_vdom.compat.templatetags.hypergen import render_to_hypergen

    loader = ("django.template.loaders.locmem.Loader", {"hello.html": "<p>{{ name }}</p>"})
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"loaders": [loader]}}
    ]

    def template():
        with div(id_="box"):
            render_to_hypergen("hello.html", context={"name": "<b>Ann</b>"})

    assert hypergen(template) == '<div id="box"><p>&lt;b&gt;Ann&lt;/b&gt;</p></div>'  # the engine escaped it
    with pytest.raises(TypeError, match="block"):
        hypergen(lambda: render_to_hypergen("hello.html", block="content"))
