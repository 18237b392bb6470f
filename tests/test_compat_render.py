"""hypergen_vdom.compat.render: hypergen() and its returns, plugin hooks, multi-target rendering."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from hypergen_vdom.compat.context import context
from hypergen_vdom.compat.liveview import command
from hypergen_vdom.compat.render import (
    COMMANDS,
    FULL,
    HTML,
    CommandList,
    hypergen,
    hypergen_to_response,
    join_html,
)
from hypergen_vdom.compat.template import body, div, html, p, span


def test_returns_html_by_default_and_commands_or_everything_on_request():
    def template(n):
        p(n)
        command("console.log", n)
        return "result"

    assert hypergen(template, 1) == hypergen(template, 1, settings={"returns": HTML}) == "<p>1</p>"
    assert hypergen(template, 2, settings={"returns": COMMANDS}) == [["console.log", 2]]
    full = hypergen(template, 3, settings={"returns": FULL})
    assert full["html"] == "<p>3</p>" and full["template_result"] == "result"
    assert full["context"].hypergen.commands == [["console.log", 3]]


def test_base_template_wraps_the_template():
    @contextmanager
    def base():
        with html(), body(), div(id_="content"):
            yield

    assert hypergen(lambda: p("x"), settings={"base_template": base}) == (
        '<html><body><div id="content"><p>x</p></div></body></html>'
    )


def test_hypergen_to_response():
    response = hypergen_to_response(lambda: p("ok"))
    assert response.status_code == 200 and response.content == b"<p>ok</p>"


def test_bad_settings_are_refused_with_the_alternative():
    with pytest.raises(TypeError, match="unknown setting"):
        hypergen(lambda: None, settings={"retruns": HTML})
    with pytest.raises(ValueError, match="must be one of"):
        hypergen(lambda: None, settings={"returns": "XML"})
    with pytest.raises(TypeError, match="@action"):
        hypergen(lambda: None, settings={"base_view": object()})
    with pytest.raises(TypeError, match="@liveview/@action"):
        hypergen(lambda: None, settings={"appstate": dict})


def test_plugin_hooks_run_in_order_around_the_template():
    calls = []

    class Recorder:
        @contextmanager
        def context(self):
            calls.append("context")
            with context(at="hypergen", recorder=True):
                yield
            calls.append("context exit")

        def template_before(self):
            calls.append("before")

        def template_after(self, template_result):
            calls.append(("after", template_result))

        def process_html(self, text):
            calls.append("process")
            return text.upper()

    def template():
        calls.append(("template", context.hypergen.recorder))
        span("x")
        return 7

    assert hypergen(template, settings={"user_plugins": [Recorder()]}) == "<SPAN>X</SPAN>"
    assert calls == ["context", "before", ("template", True), ("after", 7), "process", "context exit"]


def test_multi_target_rendering_collects_each_target():
    def template():
        p("main")
        with context(at="hypergen", target_id="side"):
            p("s1")
            with context(at="hypergen", target_id="side"):  # the same target again: no new level
                span("s2")
        with div():
            with context(at="hypergen", target_id="footer"):
                p("f")
            span("back in div")

    full = hypergen(template, settings={"returns": FULL, "target_id": "content"})
    into = full["context"].hypergen.into
    assert full["html"] == "<p>main</p><div><span>back in div</span></div>"
    assert {k: join_html(v) for k, v in into.contexts.items()} == {
        "content": "<p>main</p><div><span>back in div</span></div>",
        "side": "<p>s1</p><span>s2</span>",
        "footer": "<p>f</p>",
    }
    assert set(into.extra_targets()) == {"side", "footer"}


def test_command_list_has_the_deque_methods_hypergen_code_uses():
    commands = CommandList([["b"]])
    commands.appendleft(["a"])
    commands.extendleft([["y"], ["x"]])
    assert commands == [["x"], ["y"], ["a"], ["b"]]


def test_nested_hypergen_calls_render_separately():
    def inner():
        span("inner")

    def outer():
        p("before")
        text = hypergen(inner)
        p(text)

    assert hypergen(outer) == "<p>before</p><p>&lt;span&gt;inner&lt;/span&gt;</p>"
