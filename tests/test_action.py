"""@action over HTTP: commands, morphing the target, base_view, redirects, bad input, CSRF."""

from __future__ import annotations

import json
import logging

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.support_root_urls")]


def post(client, url, args, **extra):
    return client.post(url, json.dumps({"args": args}), content_type="application/json", **extra)


def test_action_morphs_the_target_and_returns_commands(client):
    response = post(client, "/bump/", [{"$v": "3", "as": "int"}])
    assert response.status_code == 200
    assert response.json() == [
        ["hypergen.morph", "content", "<span>4</span>"],
        ["console.log", "bumped", 3],
    ]


def test_base_view_rerenders_the_page_into_the_target(client):
    (morph,) = post(client, "/rerender_page/", []).json()
    assert morph[:2] == ["hypergen.morph", "content"]
    assert morph[2].startswith('<input id="count" value="1">')


def test_redirect_becomes_a_command(client):
    assert post(client, "/go_away/", []).json() == [["hypergen.redirect", "/away/"]]


def test_get_is_not_allowed(client):
    assert client.get("/bump/").status_code == 405


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "Bad request"),
        (json.dumps({"args": "x"}), "arguments must be a list"),
        (json.dumps({"args": [{"$v": "abc", "as": "int"}]}), "'abc' is not a valid int"),
        (json.dumps({"args": []}), "got 0 argument"),
        (json.dumps({"args": [1, 2]}), "got 2 argument"),
        (json.dumps({"args": ["3"]}), "'count' must be int, got str"),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message_and_a_log_line(client, caplog, body, message):
    with caplog.at_level(logging.WARNING, logger="hypergen_vdom"):
        response = client.post("/bump/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert message in caplog.text


def test_missing_permission_is_a_403(client):
    response = post(client, "/needs_any/", [])
    assert response.status_code == 403
    assert "Permission denied" in response.json()["error"]


def test_any_perm_accepts_one_of_the_permissions(client):
    user = User.objects.create_user("u", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(user)
    assert post(client, "/needs_any/", []).json() == [["hypergen.morph", "content", "<p>allowed</p>"]]


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    assert post(client, "/bump/", [1]).status_code == 403
    page = client.get("/page/")
    token = page.cookies["csrftoken"].value
    assert post(client, "/bump/", [1], HTTP_X_CSRFTOKEN=token).status_code == 200


def deep(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (deep(100_000), "Bad request"),  # RecursionError in json.loads
        (b"\xff\xfe{", "Bad request"),  # not UTF-8
        (json.dumps({"args": [{"$v": 1, "as": ["int"]}]}), "unknown coercion ['int']"),
        (json.dumps({"args": [{"$v": "[" * 100_000, "as": "json"}]}), "is not a valid json"),
        ('{"args": [' + deep(490) + "]}", "nest more than 32"),
        (json.dumps({"args": [{"$v": "9" * 5000, "as": "int"}]}), "is not a valid int"),
        (json.dumps({"args": [{"$v": "1e999", "as": "float"}]}), "'1e999' is not a valid float"),
        (json.dumps({"args": [{"$v": "x\n" * 500_000, "as": "int"}]}), "is not a valid int"),  # 1 MB
        (json.dumps({"args": ["\n" * 1_000_000]}), "'count' must be int"),
    ],
)
def test_hostile_input_is_a_400_and_one_short_log_line(client, caplog, body, message):
    with caplog.at_level(logging.WARNING, logger="hypergen_vdom"):
        response = client.post("/bump/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert len(response.json()["error"]) < 500
    (record,) = [r for r in caplog.records if r.name == "hypergen_vdom"]
    logged = record.getMessage()
    assert message in logged or "Bad request" in logged
    assert len(logged) < 500 and "\n" not in logged and "\r" not in logged
