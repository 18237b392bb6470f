"""revocation.py: logout and password changes reach the open pages of that session and user."""

from __future__ import annotations

import asyncio
import logging

import pytest
from asgiref.sync import sync_to_async
from channels.layers import BaseChannelLayer, get_channel_layer
from django.contrib.auth import login, logout
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from hypergen_vdom import revocation
from hypergen_vdom.revocation import session_authenticates, session_group, user_group
from hypergen_vdom.tokens import session_binding


@pytest.mark.parametrize("key", ["1", "0" * 5000, "a b/c:ü", "3f2c1a9e-5b7d-4e2a-9c1b-123456789abc"])
def test_user_groups_are_valid_channels_group_names_of_bounded_length(key):
    name = user_group(key)
    assert BaseChannelLayer().require_valid_group_name(name) and len(name) < 50
    assert user_group(key) == name and user_group(key + "x") != name


def test_session_groups_are_valid_channels_group_names():
    name = session_group(session_binding("k" * 200))
    assert BaseChannelLayer().require_valid_group_name(name) and len(name) < 50


@pytest.mark.django_db
def test_a_session_authenticates_its_user_until_logout_or_a_password_change():
    user = User.objects.create_user("ann", password="old")
    client = Client()
    client.force_login(user)
    key = client.session.session_key
    assert session_authenticates(key, str(user.pk))
    assert not session_authenticates(key, None) and not session_authenticates(key, str(user.pk + 1))
    user.set_password("new")
    user.save()
    assert not session_authenticates(key, str(user.pk))

    client.force_login(user)
    key = client.session.session_key
    assert session_authenticates(key, str(user.pk))
    client.logout()
    assert not session_authenticates(key, str(user.pk))


def test_no_session_authenticates_only_the_anonymous_user():
    assert session_authenticates(None, None) and session_authenticates("", None)
    assert not session_authenticates(None, "1")


def logged_in_request():
    user = User.objects.create_user("ann")
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = None  # login() and logout() set it
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return request, user


@pytest.mark.django_db(transaction=True)
async def test_logout_sends_deauth_to_the_sessions_group_and_a_save_recheck_to_the_users():
    layer = get_channel_layer()
    request, user = await sync_to_async(logged_in_request)()
    page, other_user_page = await layer.new_channel(), await layer.new_channel()
    await layer.group_add(session_group(session_binding(request.session.session_key)), page)
    await layer.group_add(user_group(str(user.pk)), page)
    await layer.group_add(user_group(str(user.pk + 1)), other_user_page)

    await sync_to_async(user.save)()
    assert await asyncio.wait_for(layer.receive(page), 3) == {"type": "hypergen.recheck"}
    await sync_to_async(logout)(request)
    assert await asyncio.wait_for(layer.receive(page), 3) == {"type": "hypergen.deauth"}
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(layer.receive(other_user_page), 0.2)


class BrokenLayer:
    async def group_send(self, group, message):
        raise ConnectionError("the channel layer is down")


@pytest.mark.django_db
def test_logout_succeeds_when_the_channel_layer_is_down(monkeypatch, caplog):
    request, _ = logged_in_request()
    monkeypatch.setattr(revocation, "get_channel_layer", BrokenLayer)
    with caplog.at_level(logging.ERROR, logger="hypergen_vdom"):
        logout(request)
    assert request.user.is_anonymous and request.session.session_key is None  # logged out all the same
    assert "could not notify hypergen-s-" in caplog.text
