"""hypergen_vdom.compat.liveview: the module's names, and url_is_active."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import resolve

from hypergen_vdom.compat import liveview
from hypergen_vdom.compat.context import context

pytestmark = pytest.mark.urls("tests.support_compat_urls")


def test_exports_hypergens_names():
    hypergens = "command call_js callback THIS EVENT dumps loads liveview action NO_PERM_REQUIRED"
    assert set(liveview.__all__) == set(hypergens.split())


def test_url_is_active_for_the_page_and_for_an_action_posted_from_it():
    get = RequestFactory().get("/compat/item/1/")
    get.resolver_match = resolve("/compat/item/1/")
    with context(request=get):
        assert liveview.url_is_active("/compat/item/2/")
        assert not liveview.url_is_active("/compat/counter/")
        assert not liveview.url_is_active("/nowhere/")
        assert liveview.liveview_resolver_match().url_name == "item"
    post = RequestFactory().post("/compat/bump/", HTTP_REFERER="http://testserver/compat/counter/")
    with context(request=post):
        assert liveview.url_is_active("/compat/counter/")
        assert liveview.liveview_resolver_match(for_action=True).url_name == "counter"
    bad = RequestFactory().post("/compat/bump/", HTTP_REFERER="http://testserver/nowhere/")
    with context(request=bad):
        assert not liveview.url_is_active("/compat/counter/")
    assert not liveview.url_is_active("/compat/counter/")  # no request at all
