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


def test_alertify_is_refused_with_the_alternative():
    with pytest.raises(TypeError, match=r"django\.contrib\.messages"):
        AlertifyPlugin()
