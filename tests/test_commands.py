"""commands.py: client commands queued during a render."""

from __future__ import annotations

import pytest

from hypergen_vdom.commands import command, morph
from hypergen_vdom.tree import rendering


def test_command_outside_a_render_raises():
    with pytest.raises(RuntimeError, match="only available inside"):
        command("console.log", "lost")


def test_commands_queue_in_order_with_their_arguments():
    with rendering() as state:
        command("hypergen.redirect", "/next/")
        command("console.log", 1, [2, 3], {"k": None})
        command("window.focus")
    assert state.commands == [
        ["hypergen.redirect", "/next/"],
        ["console.log", 1, [2, 3], {"k": None}],
        ["window.focus"],
    ]


def test_prepend_puts_a_command_first():
    with rendering() as state:
        command("a")
        command("b")
        command("first", prepend=True)
    assert [c[0] for c in state.commands] == ["first", "a", "b"]


def test_each_render_has_its_own_queue():
    with rendering() as outer:
        command("outer")
        with rendering() as inner:
            command("inner")
        command("outer again")
    assert inner.commands == [["inner"]]
    assert outer.commands == [["outer"], ["outer again"]]
    with pytest.raises(RuntimeError):
        command("after the render")


def test_morph_is_the_clients_morph_command():
    assert morph("content", "<p>x</p>") == ["hypergen.morph", "content", "<p>x</p>"]
