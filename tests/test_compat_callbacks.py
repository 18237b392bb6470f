"""hypergen_vdom.compat.callbacks: callback()/call_js()/command() and Hypergen's keywords (group 2)."""

from __future__ import annotations

import json

import pytest

from hypergen_vdom.bindings import THIS
from hypergen_vdom.coerce import decode_args
from hypergen_vdom.compat.callbacks import call_js, callback, command
from hypergen_vdom.compat.render import hypergen
from hypergen_vdom.compat.serialization import EVENT
from hypergen_vdom.compat.template import button, div, input_

from . import support_compat_urls  # noqa: F401  # runs autourls, as the first request would
from .support_compat_views import bump, counter

pytestmark = pytest.mark.urls("tests.support_compat_urls")


def binding_of(make):
    """The JSON of the hv-click binding ``make()`` renders on a button."""
    out = {}

    def template():
        out["node"] = button("b", onclick=make()).node

    hypergen(template)
    return json.loads(out["node"].attrs["hv-click"])


def test_url_strings_and_reversed_urls_post_to_that_path():
    assert binding_of(lambda: callback("/compat/bump/", 1)) == ["/compat/bump/", [1]]
    assert binding_of(lambda: callback(bump.reverse(), 2)) == ["/compat/bump/", [2]]
    assert binding_of(lambda: callback(bump, 3)) == ["/compat/bump/", [3]]


@pytest.mark.parametrize("url", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "alert", ""])
def test_urls_off_this_site_are_refused(url):
    with pytest.raises(ValueError, match="path on this site"):
        callback(url)


def test_a_websocket_url_sends_over_hypergens_websocket_api():
    # Hypergen's callback(ws_url(...), ...): the compat client's hypergen.callback(url, [args]).
    assert binding_of(lambda: callback("wss://example.org/ws/chat/", 1, debounce=5)) == [
        "js:hypergen.callback",
        ["wss://example.org/ws/chat/", [1]],
        {"debounce": 5},
    ]


def test_a_liveview_or_a_plain_function_is_refused():
    with pytest.raises(TypeError, match="only to an @action"):
        callback(counter)
    with pytest.raises(TypeError, match="needs an @action"):
        callback(print)


def test_options_map_to_the_core_binding():
    assert binding_of(lambda: callback(bump, debounce=300, confirm_="Sure?", blocks=True, clear=True)) == [
        "/compat/bump/",
        [],
        {"debounce": 300, "confirm": "Sure?", "clear": True, "blocks": True},
    ]
    assert binding_of(lambda: callback(bump, confirm="Really?"))[2] == {"confirm": "Really?"}
    # Hypergen's key filter; with the compat client installed it is wrapped so the client calls
    # it Hypergen's way (compat.client.compat_when), and it stays a list starting with a path.
    when = binding_of(lambda: callback(bump, when=["hypergen.when.keycode", "Enter"]))[2]["when"]
    assert when[-2:] == ["hypergen.when.keycode", "Enter"] and isinstance(when[0], str)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"confirm_": True}, "the question to ask"),
        ({"headers": {"X-A": "1"}}, "no custom headers"),
        ({"meta": {"a": 1}}, "callback arguments"),
        ({"timeout": 5}, "settings"),
        ({"not_a_keyword": 1}, "unexpected keyword"),
    ],
)
def test_keywords_without_an_equivalent_are_refused_when_the_callback_is_made(kwargs, message):
    with pytest.raises(TypeError, match=message):
        callback(bump, **kwargs)


def test_upload_files_posts_the_file_inputs_among_the_args_to_the_action():
    def make():
        picked = input_(type_="file", id_="picked")
        return callback(bump, picked, 7, upload_files=True)

    assert binding_of(make) == [
        "js:hypergen.compat.upload", ["/compat/bump/", [{"$el": "picked", "as": "filename"}, 7], ["picked"]]
    ]


def test_upload_files_is_refused_where_files_cannot_go():
    # a Hypergen websocket url (hypergen.websocket.open's): plain text frames, no files
    with pytest.raises(TypeError, match="takes no files"):
        callback("ws://example.test/ws/", upload_files=True)


def test_upload_files_to_a_consumer_goes_over_the_page_websocket():
    from hypergen_vdom import NO_PERM_REQUIRED, consumer
    from hypergen_vdom.spec import handler_id_of

    @consumer(perm=NO_PERM_REQUIRED)
    def over_ws(consumer, request, files, n):
        pass

    def make():
        picked = input_(type_="file", id_="picked")
        return callback(over_ws, picked, 7, upload_files=True)

    args = [handler_id_of(over_ws), [{"$upload": "picked"}, 7]]
    assert binding_of(make) == ["js:hypergen.compat.wsupload", args]


def test_event_is_refused_with_the_alternative():
    with pytest.raises(TypeError, match="pass THIS"):
        callback(bump, EVENT)
    with pytest.raises(TypeError, match="pass THIS"):
        callback(bump, [1, EVENT])


def test_set_frozenset_and_range_arguments_come_back_as_themselves():
    sent = binding_of(lambda: callback(bump, {3, 1, 2}, frozenset({"b", "a"}), range(1, 10, 2)))[1]
    assert sent == [
        {"$v": [1, 2, 3], "as": "set"},
        {"$v": ["a", "b"], "as": "frozenset"},
        {"$v": [1, 10, 2], "as": "range"},
    ]
    assert decode_args(sent) == [{1, 2, 3}, frozenset({"a", "b"}), range(1, 10, 2)]


def test_element_arguments_are_read_with_hypergens_coercions():
    def make():
        when = input_(type_="month", id_="month")
        pick = input_(type_="file", id_="upload")
        return callback(bump, when, pick, div(contenteditable=True, id_="text"), THIS)

    assert binding_of(make)[1] == [
        {"$el": "month", "as": "month"},
        {"$el": "upload", "as": "filename"},
        {"$el": "text"},
        {"$el": None, "as": "trim"},
    ]


def test_an_element_with_a_custom_reader_is_refused_when_a_callback_reads_it():
    def template():
        custom = input_(js_value_func="myapp.read")
        with pytest.raises(TypeError, match="no inline JS"):
            callback(bump, custom)
        with pytest.raises(TypeError, match="no inline JS"):
            input_(js_value_func="myapp.read", onclick=callback(bump, THIS))

    hypergen(template)


def test_call_js_and_command():
    assert binding_of(lambda: call_js("console.log", THIS, 1)) == [
        "js:console.log",
        [{"$el": None, "as": "trim"}, 1],
    ]
    assert repr(call_js("a.b", 1)) == 'call_js("a.b", 1)'

    def template():
        command("console.log", "first")
        command("console.log", "zeroth", prepend=True)
        assert command("x", 1, return_=True) == ["x", 1]

    assert hypergen(template, settings={"returns": "COMMANDS"}) == [
        ["console.log", "zeroth"],
        ["console.log", "first"],
    ]
