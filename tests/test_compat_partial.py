"""Partial loading (hypergen_vdom/partial.py) through Django's test client, on the sample site's
``/compat/nav/`` and ``/compat/dnav/`` pages: the answer's shape, the base-key check, and that a
partial GET goes through the same permission checks as a full one."""

from __future__ import annotations

import json

import lxml.html
import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User

from hypergen_vdom.partial import base_key
from hypergen_vdom.spec import spec_of
from hypergen_vdom.tokens import read_token
from sample_site.demos import compat_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sample_site.urls")]

NAV_KEY = base_key(spec_of(compat_client.nav_one).options)  # type: ignore[union-attr]
DNAV_KEY = base_key(spec_of(compat_client.dnav_one).options)  # type: ignore[union-attr]


def partial_get(client, url, key=NAV_KEY):
    return client.get(url, HTTP_X_HYPERGEN_PARTIAL="1", HTTP_X_HYPERGEN_BASE=key)


def test_the_full_page_names_its_base_key_on_the_compat_script(client):
    document = lxml.html.fromstring(client.get("/compat/nav/one/").content)
    scripts = [s.get("id") for s in document.iter("script")]
    assert scripts == ["hypergen-client", "hypergen-compat"]  # the compat bundle runs after the client
    compat = document.get_element_by_id("hypergen-compat")
    assert compat.get("src").endswith("hypergen_vdom/hypergen-compat.min.js")
    assert compat.get("data-partial") == NAV_KEY
    assert len(NAV_KEY) == 16 and NAV_KEY != DNAV_KEY


def test_a_partial_get_answers_the_target_title_and_data(client):
    response = partial_get(client, "/compat/nav/two/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Vary"] == "X-Hypergen-Partial"
    assert response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    assert body == {
        "target": "content",
        "html": '<p id="page">page two</p><input id="kept" placeholder="a field">',
        "title": "compat nav",
        "data": {"target": "content"},
        "commands": [],
    }


def test_another_base_template_or_a_forged_key_asks_for_a_full_load(client):
    assert json.loads(partial_get(client, "/compat/nav/other/").content) == {"full": True}
    assert json.loads(partial_get(client, "/compat/nav/two/", key="forged").content) == {"full": True}
    assert json.loads(partial_get(client, "/compat/nav/two/", key=DNAV_KEY).content) == {"full": True}
    # without the header: the whole page, as always
    assert client.get("/compat/nav/two/")["Content-Type"].startswith("text/html")


def test_a_partial_get_for_a_page_the_user_may_not_see_is_refused_as_a_full_get_is(client):
    response = partial_get(client, "/compat/nav/secret/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/compat/nav/secret/")
    assert b"page secret" not in response.content
    user = User.objects.create_user("u", password="pw")
    client.force_login(user)
    assert partial_get(client, "/compat/nav/secret/").status_code == 302  # logged in, no permission
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    body = json.loads(partial_get(client, "/compat/nav/secret/").content)
    assert body["html"] == '<p id="page">page secret</p>'


def test_a_post_with_the_header_is_no_partial_load(client):
    # partial loads are GETs; a liveview answers other methods as it always did
    response = client.post("/compat/nav/two/", HTTP_X_HYPERGEN_PARTIAL="1", HTTP_X_HYPERGEN_BASE=NAV_KEY)
    assert response["Content-Type"].startswith("text/html")


def test_diff_mode_answers_a_fresh_token_bound_to_the_user_and_the_new_ids(client):
    body = json.loads(partial_get(client, "/compat/dnav/two/", DNAV_KEY).content)
    data = body["data"]
    assert set(data) == {"target", "ws", "token", "diff", "next-id"}
    assert body["html"].startswith('<p id="page">diff page two</p><input id="count" value="20" disabled>')
    # the ids the new target takes: the server numbered it from 0 (target, p, text, input, button, text)
    assert data["next-id"] == "6"
    claims = read_token(data["token"], session_key=client.session.session_key, user=AnonymousUser())
    assert claims.path == "/compat/dnav/two/"
