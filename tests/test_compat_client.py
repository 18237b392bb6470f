"""hypergen_vdom/compat/client.py: the compat bundle on a page, Hypergen's events rendered as
bindings the bundle listens for, and ``when`` in Hypergen's argument order."""

from __future__ import annotations

import json

import lxml.html
import pytest

from hypergen_vdom import NO_PERM_REQUIRED, command, div, p
from hypergen_vdom.compat.client import EXTRA_EVENTS, add_compat_script, compat_liveview, compat_when
from hypergen_vdom.html import to_html
from hypergen_vdom.tree import rendering
from sample_site.demos.compat_client import commands, compat_events

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sample_site.urls")]

# What the client itself listens for (js/src/bindings.js BUBBLING and OWN).
CLIENT_EVENTS = (
    "click", "dblclick", "change", "input", "submit", "keydown", "keyup", "focusin", "focusout",
    "focus", "blur", "mouseenter", "mouseleave",
)
SCRIPT = '<script src="/static/hypergen_vdom/hypergen-compat.min.js" defer id="hypergen-compat"></script>'



def test_extra_events_add_to_the_clients_own_and_cover_hypergens_templates():
    assert not set(EXTRA_EVENTS) & set(CLIENT_EVENTS)
    assert len(set(EXTRA_EVENTS)) == len(EXTRA_EVENTS)
    # the ones Hypergen's examples and docs bind (onmousedown in its counter …)
    for name in ("mousedown", "mouseup", "mouseover", "mouseout", "keypress", "contextmenu", "scroll"):
        assert name in EXTRA_EVENTS


def test_compat_when_puts_hypergens_order_behind_one_client_function():
    keycode = ["hypergen.when.keycode", "Enter"]
    assert compat_when(keycode) == ["hypergen.compat.when", *keycode]
    assert compat_when("app.ok") == ["hypergen.compat.when", "app.ok"]
    for bad in ([], [3, "x"], None):
        with pytest.raises(TypeError, match=r"when= takes \[js_path, \*args\]"):
            compat_when(bad)


def test_the_events_page_renders_hypergens_events_as_bindings(client):
    document = lxml.html.fromstring(client.get("/compat/events/").content)
    press = document.get_element_by_id("press")
    assert json.loads(press.get("hv-mousedown"))[1] == ["down"]
    assert json.loads(press.get("hv-mouseup"))[1] == ["up"]
    assert document.get_element_by_id("hover").get("hv-mouseover") is not None
    assert json.loads(document.get_element_by_id("typed").get("hv-keypress"))[1] == [{"$el": None}]
    search = json.loads(document.get_element_by_id("search").get("hv-keyup"))
    assert search[2] == {"when": ["hypergen.compat.when", "hypergen.when.keycode", "Enter"]}
    # no inline JavaScript anywhere: every binding is an hv- attribute
    assert not [a for el in document.iter() for a in el.attrib if a.startswith("on")]


def test_an_action_sends_hypergens_client_commands(client):
    response = client.post(commands.reverse(), "{}", content_type="application/json")
    assert json.loads(response.content) == [
        ["hypergen.hidden", "box"],
        ["hypergen.display", "commands", "inline-flex"],
        ["hypergen.setClientState", "demo.user", {"name": "ann"}],
    ]


def test_a_page_without_a_base_template_gets_the_script_but_no_partial_loading(client):
    @compat_liveview(perm=NO_PERM_REQUIRED)
    def bare(request):
        div("x")

    with rendering() as state:
        p("x")
    add_compat_script(state, None, bare.hypergen.options)
    assert to_html(state.root) == "<p>x</p>" + SCRIPT


def test_commands_queued_by_the_page_go_with_it_as_json_data_that_cant_end_the_script(client):
    with rendering() as state:
        p("x")
        command("hypergen.websocket.open", "ws://testserver/ws/x/")
        command("console.log", "</script><!-- <b>")
    add_compat_script(state, None, compat_events.hypergen.options)
    html = to_html(state.root)
    data = (
        '<script type="application/json" id="hypergen-commands">[["hypergen.websocket.open",'
        '"ws://testserver/ws/x/"],["console.log","\\u003c/script>\\u003c!-- \\u003cb>"]]</script>'
    )
    assert html.startswith("<p>x</p>" + data + '<script src="/static/hypergen_vdom/hypergen-compat.min.js"')
    document = lxml.html.fromstring(html)
    queued = json.loads(document.get_element_by_id("hypergen-commands").text)
    assert queued[1] == ["console.log", "</script><!-- <b>"]


def test_compat_liveview_keeps_page_scripts_of_its_own(rf):
    seen = []

    def mine(root, request, spec):
        seen.append(spec.func.__name__)

    @compat_liveview(perm=NO_PERM_REQUIRED, page_scripts=[mine])
    def page(request):
        div("x")

    html = page(rf.get("/x/")).content.decode()
    assert seen == ["page"]
    assert html.endswith(SCRIPT)
