"""pagestate.py: the server-side state a rendered page registers, and rebuilding it for a token."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseRedirect
from django.test import RequestFactory
from django.urls import include, path

from hypergen_vdom import NO_PERM_REQUIRED, button, callback, liveview, p
from hypergen_vdom.pagestate import page_state_for, rebuild_page, register_page
from hypergen_vdom.spec import handler_id_of
from hypergen_vdom.store import page_store
from hypergen_vdom.tokens import read_token

from . import support_views


@liveview(perm=NO_PERM_REQUIRED, base_template=support_views.base_template)
def moved(request):
    button("x", onclick=callback(support_views.ws_handler, 1))  # would need a websocket, but:
    return HttpResponseRedirect("/elsewhere/")


# This module is the URLconf of its tests: the support views, and `moved`.
urlpatterns = [path("", include("tests.support_urls")), path("moved/", moved)]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def get(path, user=None):
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request.user = user or AnonymousUser()
    return request


def render(view, path="/any/", *args):
    request = get(path)
    spec = view.hypergen.options
    state, response = spec.render_page(request, args, {})
    assert response is None
    return spec, request, state


def test_a_page_binding_no_consumer_needs_no_state_and_no_session():
    spec, request, state = render(support_views.page)  # binds an @action only
    assert page_state_for(spec, request, state) is None
    assert register_page(spec, request, state) == {}
    assert request.session.session_key is None


def test_handlers_are_the_rendered_bindings_and_the_declared_consumers():
    page = page_state_for(*render(support_views.ws_page))
    assert page.handlers == {handler_id_of(support_views.ws_handler)}
    assert page.target_id == "content" and page.session is None and page.groups == []
    declared = page_state_for(*render(support_views.diff_list))  # binds nothing, declares one
    assert declared.handlers == {handler_id_of(support_views.add_to_diff_list)}


def test_groups_of_the_liveview_and_of_its_bound_consumers_are_merged():
    assert page_state_for(*render(support_views.room_page)).groups == ["lobby", "room"]


def test_a_diff_page_without_its_target_is_a_configuration_error():
    @liveview(perm=NO_PERM_REQUIRED, diff=True, target_id="missing")
    def no_target(request):
        p("no element with that id")

    with pytest.raises(ImproperlyConfigured, match="no element with id 'missing'"):
        page_state_for(*render(no_target))


def test_register_page_stores_the_state_under_a_signed_token():
    spec, request, state = render(support_views.diff_page, "/diff_page/?x=1")
    data = register_page(spec, request, state)
    assert data["ws"] == "/ws/hypergen/" and data["diff"] == "1" and int(data["next-id"]) > 0
    claims = read_token(data["token"], request.session.session_key, request.user)
    assert claims.path == "/diff_page/?x=1" and claims.user is None
    stored = page_store().get(claims.key)
    assert stored is not None and stored.session.next_id == int(data["next-id"])


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere/",  # no URL
        "/bump/",  # an @action, not a liveview
        "/login_only/",  # perm=LOGIN_REQUIRED, and the user is anonymous
        "/moved/",  # the page answers with a redirect
        "/items/3/",  # a liveview that needs no websocket
    ],
)
def test_rebuild_page_gives_nothing_for_a_path_it_may_not_serve(path):
    assert rebuild_page(get(path)) is None


def test_rebuild_page_rechecks_perm_for_the_requests_user():
    user = User.objects.create_user("ann")
    assert rebuild_page(get("/login_only/")) is None
    rebuilt = rebuild_page(get("/login_only/", user))
    assert rebuilt.state.handlers == {handler_id_of(support_views.logged_in_handler)}


def test_rebuild_page_renders_a_classic_page_again():
    rebuilt = rebuild_page(get("/ws_page/"))
    ident = handler_id_of(support_views.ws_handler)
    assert rebuilt.state.handlers == {ident}
    assert rebuilt.target_html.startswith('<input id="x" hv-input=') and ident in rebuilt.target_html


def test_rebuild_page_of_a_diff_page_sends_its_tree_instead_of_html():
    rebuilt = rebuild_page(get("/diff_page/"))
    assert rebuilt.target_html is None and rebuilt.state.session is not None
