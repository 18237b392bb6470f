"""hypergen_vdom.compat.plugins: Hypergen's plugin classes."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from hypergen_vdom.compat.context import context
from hypergen_vdom.compat.plugins import ActionPlugin, AlertifyPlugin, AppstatePlugin, LiveviewPlugin
from hypergen_vdom.compat.render import FULL, hypergen
from hypergen_vdom.compat.template import p


def test_liveview_plugin_changes_no_html():
    assert hypergen(lambda: p("x"), settings={"plugins": [LiveviewPlugin()]}) == "<p>x</p>"
    assert LiveviewPlugin().process_html("<p>x</p>") == "<p>x</p>"


def test_action_plugin_sets_the_target():
    def template():
        p(context.hypergen.target_id)

    full = hypergen(template, settings={"plugins": [ActionPlugin(target_id="main")], "returns": FULL})
    assert full["html"] == "<p>main</p>"
    for kwargs, message in (
        ({"base_view": object()}, "@action"),
        ({"morph": False}, "list of commands"),
        ({"prepend_commands": False}, "first"),
    ):
        with pytest.raises(TypeError, match=message):
            ActionPlugin(**kwargs)


class _Request:
    def __init__(self, session):
        self.session = session


def test_appstate_is_made_once_then_read_back_from_the_session():
    session = SessionStore()
    made = []

    def initial():
        made.append(1)
        return {"items": []}

    def template():
        context.hypergen.appstate["items"].append(len(context.hypergen.appstate["items"]))

    for _ in range(2):
        with context(request=_Request(session)):
            hypergen(template, settings={"user_plugins": [AppstatePlugin("todo", initial)]})
    assert made == [1]
    assert session["hypergen_appstate_todo"] == {"items": [0, 1]}


def test_appstate_is_stored_as_data_not_as_a_pickle():
    # A signed-cookie session round-trips through JSON: state a pickle would smuggle can't be stored.
    session = SessionStore()
    with context(request=_Request(session)):
        hypergen(lambda: None, settings={"user_plugins": [AppstatePlugin("x", lambda: {1, 2})]})
    with pytest.raises(TypeError, match="not JSON serializable"):
        session.save()


@pytest.mark.django_db
def test_alertify_sends_each_django_message_as_a_notify_command(rf):
    from django.contrib.messages import add_message, constants
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore as DbSession

    from hypergen_vdom.compat.render import COMMANDS

    request = rf.get("/")
    request.session = DbSession()
    request._messages = FallbackStorage(request)
    add_message(request, constants.SUCCESS, "Saved <b>it</b>")
    add_message(request, constants.ERROR, "and this")
    plugin = AlertifyPlugin(position="top-right", delay=2)
    assert plugin.process_html("<html><head></head></html>") == "<html><head></head></html>"  # no CDN
    with context(request=request):
        commands = hypergen(lambda: p("page"), settings={"user_plugins": [plugin], "returns": COMMANDS})
    notified = [c for c in commands if c[0] == "alertify.notify"]
    assert notified == [
        ["alertify.notify", "Saved <b>it</b>", "success", 2, "top-right"],  # text, shown as text
        ["alertify.notify", "and this", "error", 2, "top-right"],
    ]
    assert request._messages.used  # read: MessageMiddleware drops them with the response
