"""hypergen_vdom.compat.decorators: Hypergen's @liveview and @action over HTTP (groups 1, 2, 6)."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission, User

from hypergen_vdom.compat.liveview import NO_PERM_REQUIRED, action, liveview
from hypergen_vdom.compat.template import p

from . import support_compat_views as views

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support_compat_urls")]


def post(client, url, args, **extra):
    return client.post(url, json.dumps({"args": args}), content_type="application/json", **extra)


def test_liveview_renders_the_page_with_context_request(client):
    page = client.get("/compat/counter/").content.decode()
    assert '<div id="content"><input id="count" value="1" type="number">' in page
    assert "<p>user: AnonymousUser</p>" in page


def test_action_gets_coerced_arguments_and_morphs_its_target(client):
    response = post(client, "/compat/bump/", [{"$v": "41", "as": "int"}])
    assert response.status_code == 200
    (morph,) = response.json()
    assert morph[:2] == ["hypergen.morph", "content"]
    assert morph[2].startswith('<input id="count" value="42" type="number">')


def test_an_empty_number_arrives_as_none(client):
    (morph,) = post(client, "/compat/bump/", [{"$v": "", "as": "int"}]).json()
    assert 'value="1"' in morph[2]


def test_base_view_rerenders_the_page_with_its_url_arguments(client):
    response = post(client, "/compat/rename/", ["new"], HTTP_REFERER="http://testserver/compat/item/7/")
    morph, log = response.json()
    assert morph[:2] == ["hypergen.morph", "content"] and morph[2].startswith("<p>item 7</p>")
    assert log == ["console.log", "new"]
    # Hypergen's X-Pathname header wins over the Referer.
    response = post(
        client, "/compat/rename/", ["x"], HTTP_X_PATHNAME="/compat/item/8/", HTTP_REFERER="/compat/item/7/"
    )
    assert response.json()[0][2].startswith("<p>item 8</p>")


def test_an_action_returning_commands_sends_only_those(client):
    assert post(client, "/compat/only_commands/", []).json() == [["console.log", "just this"]]


def test_an_action_returning_a_response_sends_it_as_is(client):
    response = post(client, "/compat/own_response/", [])
    assert (response.status_code, response["Content-Type"], response.content) == (200, "text/plain", b"mine")


def test_an_action_returning_a_redirect_sends_the_redirect_command(client):
    assert post(client, "/compat/go_away/", []).json() == [["hypergen.redirect", "/away/"]]


def test_multi_target_action_morphs_each_target_before_its_commands(client):
    assert post(client, "/compat/two_targets/", []).json() == [
        ["hypergen.morph", "content", "<p>main</p>"],
        ["hypergen.morph", "sidebar", "<span>side</span>"],
        ["console.log", "after"],
    ]


def test_appstate_lives_in_the_session_and_is_shared_by_the_liveview_and_its_actions(client):
    assert '<span id="clicks">0</span>' in client.get("/compat/clicks/").content.decode()
    assert post(client, "/compat/click/", []).json()[0][2] == '<span id="clicks">1</span>'
    assert post(client, "/compat/click/", []).json()[0][2] == '<span id="clicks">2</span>'
    assert '<span id="clicks">2</span>' in client.get("/compat/clicks/").content.decode()
    assert client.session["hypergen_appstate_compat"] == {"clicks": 2}


def test_login_url_redirect_field_name_and_raise_exception(client):
    response = client.get("/compat/private/")
    assert (response.status_code, response["Location"]) == (302, "/my-login/?then=/compat/private/")
    assert client.get("/compat/private_403/").status_code == 403
    assert post(client, "/compat/private_action/", []).status_code == 403
    user = User.objects.create_user("u", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(user)
    assert "<p>secret</p>" in client.get("/compat/private/").content.decode()
    assert client.get("/compat/private_403/").status_code == 200
    assert post(client, "/compat/private_action/", []).json()[0][2] == "<p>secret</p>"


def test_autourl_false_leaves_routing_to_the_app(client):
    assert client.get("/compat/not_routed/").status_code == 404
    assert "<p>manual</p>" in client.get("/manual/").content.decode()
    assert views.not_routed.hypergen.routable is None


def test_partial_is_recorded_for_partial_loading():
    assert views.counter.hypergen.options.extra["partial"] is True
    assert views.bump.hypergen.options.extra["partial"] is True


def test_hostile_action_input_is_a_400(client):
    assert client.post("/compat/bump/", "[[[[", content_type="application/json").status_code == 400
    assert post(client, "/compat/bump/", [{"$v": "2024-13", "as": "month"}]).status_code == 400
    assert post(client, "/compat/bump/", [1, 2]).status_code == 400


@contextmanager
def base():
    yield


def test_decoration_time_errors_name_the_alternative():
    with pytest.raises(TypeError, match="needs perm="):
        liveview(lambda request: None)  # a bare @liveview
    with pytest.raises(TypeError, match="needs perm="):
        action()
    with pytest.raises(TypeError, match="unexpected keyword"):
        liveview(perm=NO_PERM_REQUIRED, login_rul="/x/")
    with pytest.raises(TypeError, match="unexpected keyword"):
        action(perm=NO_PERM_REQUIRED, user_plugin=[])  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="belongs on the @liveview"):
        action(perm=NO_PERM_REQUIRED, login_url="/login/")
    with pytest.raises(TypeError, match="compat @liveview"):
        action(perm=NO_PERM_REQUIRED, base_view=p)
    with pytest.raises(TypeError, match="needs a target_id"):
        liveview(perm=NO_PERM_REQUIRED, base_template=base)
    with pytest.raises(TypeError, match="keyword arguments only"):
        liveview("not a function")
    # partial=False needs no target.
    liveview(perm=NO_PERM_REQUIRED, base_template=base, partial=False)(lambda request: None)


def test_matched_perms_and_the_page_are_in_the_context(client):
    user = User.objects.create_user("v", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="add_user"))
    client.force_login(user)
    page = client.get("/compat/some_perms/").content.decode()
    assert '<p id="matched">auth.add_user</p><p id="page">some_perms</p>' in page


def test_base_view_never_shows_a_page_the_user_may_not_see(client):
    # The action itself is open, but the page it would re-render needs a permission: 403, and the
    # action doesn't run.
    response = post(client, "/compat/open_action/", [], HTTP_REFERER="http://testserver/compat/private/")
    assert response.status_code == 403
    assert "secret" not in response.content.decode()


@pytest.mark.parametrize("referer", ["http://testserver/compat/counter/", "http://testserver/nowhere/", None])
def test_base_view_needs_the_page_that_posted_to_be_that_view(client, referer):
    extra = {"HTTP_REFERER": referer} if referer else {}
    response = post(client, "/compat/rename/", ["x"], **extra)
    assert response.status_code == 400
    assert "is not it" in response.json()["error"]
