"""urls.py: autourls() routes a module's @liveview and @action views; view.reverse() finds them."""

from __future__ import annotations

import textwrap
import types

import pytest
from django.urls import include, path, resolve

from hypergen_vdom.urls import autourls

from . import support_views

VIEWS = textwrap.dedent(
    """
    from hypergen_vdom import NO_PERM_REQUIRED, action, consumer, liveview
    from tests.support_views import page as imported_page

    @liveview(perm=NO_PERM_REQUIRED)
    def home(request):
        pass

    @liveview(perm=NO_PERM_REQUIRED, path="items/<int:pk>/")
    def item(request, pk):
        pass

    @liveview(perm=NO_PERM_REQUIRED, re_path=r"^archive/(?P<year>[0-9]{4})/$")
    def archive(request, year):
        pass

    @action(perm=NO_PERM_REQUIRED)
    def save(request):
        pass

    @consumer(perm=NO_PERM_REQUIRED)
    def live(consumer, request):
        pass

    def helper(request):
        pass
    """
)


def views_module(name):
    module = types.ModuleType(name)
    exec(VIEWS, module.__dict__)  # functions defined here have __module__ == name
    return module


@pytest.fixture
def views(settings):
    views = views_module("fake_views")
    urlconf = types.ModuleType("fake_urlconf")
    urlconf.urlpatterns = [path("app/", include((autourls(views, namespace="fake"), "fake")))]
    settings.ROOT_URLCONF = urlconf
    return views


def test_only_the_modules_own_liveviews_and_actions_are_routed():
    before = support_views.page.hypergen.routable.namespace
    patterns = autourls(views_module("own_views"), namespace="own")
    assert sorted(pattern.name for pattern in patterns) == ["archive", "home", "item", "save"]
    assert support_views.page.hypergen.routable.namespace == before  # the imported view is untouched


def test_default_path_is_the_function_name(views):
    assert views.home.reverse() == "/app/home/"
    assert views.save.reverse() == "/app/save/"
    assert resolve("/app/home/").func is views.home


def test_path_and_re_path(views):
    assert views.item.reverse(5) == "/app/items/5/"
    assert resolve("/app/items/5/").kwargs == {"pk": 5}
    assert views.archive.reverse(year="2024") == "/app/archive/2024/"
    assert resolve("/app/archive/2024/").func is views.archive


def test_without_a_namespace_views_reverse_by_their_bare_name(settings):
    views = views_module("plain_views")
    urlconf = types.ModuleType("plain_urlconf")
    urlconf.urlpatterns = autourls(views)
    settings.ROOT_URLCONF = urlconf
    assert views.item.reverse(pk=7) == "/items/7/"
