"""@liveview over HTTP: rendering, the client script, permissions, URLs."""

from __future__ import annotations

import json

import lxml.html
import pytest
from django.contrib.auth.models import Permission, User

from hypergen_vdom.perms import MissingPermError

from . import support_views

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support_root_urls")]


def test_page_renders_inside_its_base_template(client):
    response = client.get("/page/")
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    content = document.get_element_by_id("content")
    assert [child.tag for child in content] == ["input", "button"]
    assert response.content.startswith(b"<!DOCTYPE html><html><body>")
    binding = json.loads(content[1].get("hv-click"))
    assert binding == ["/bump/", [{"$el": "count", "as": "int"}]]


def test_client_script_is_external_with_csrf_and_target(client):
    document = lxml.html.fromstring(client.get("/page/").content)
    script = document.get_element_by_id("hypergen-client")
    assert script.getparent().tag == "body"
    assert script.get("src").endswith("hypergen_vdom/hypergen.min.js")
    assert script.text is None and script.get("defer") is not None
    assert script.get("data-target") == "content"
    assert len(script.get("data-csrf")) > 20
    assert script.get("data-ws") is None  # no consumer on this page: no websocket


def test_page_binding_a_consumer_gets_a_websocket_and_token(client):
    document = lxml.html.fromstring(client.get("/ws_page/").content)
    script = document.get_element_by_id("hypergen-client")
    assert script.get("data-ws") == "/ws/hypergen/"
    assert len(script.get("data-token")) >= 20


def test_missing_permission_redirects_to_login(client):
    response = client.get("/secret_page/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/secret_page/")


def test_permission_granted_renders(client):
    user = User.objects.create_user("u", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(user)
    assert b"secret" in client.get("/secret_page/").content


def test_path_and_reverse(client):
    assert support_views.item_page.reverse(7) == "/items/7/"
    assert b"<p>item 7</p>" in client.get("/items/7/").content


def test_a_page_may_return_a_response(client):
    response = client.get("/redirecting_page/")
    assert response.status_code == 302 and response["Location"] == "/elsewhere/"


def test_perm_is_required():
    from hypergen_vdom import liveview

    with pytest.raises(MissingPermError, match="NO_PERM_REQUIRED"):
        liveview()(lambda request: None)
