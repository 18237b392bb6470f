"""Client commands collected during a render: ``command("hypergen.redirect", url)`` and friends.

A command is ``[js_path, *args]``; the client resolves the dotted path on ``window`` and calls it
(docs/protocol.md §3).
"""

from __future__ import annotations

from typing import Any

from .tree import current_state

__all__ = ["command", "morph"]


def command(js_path: str, *args: Any, prepend: bool = False) -> None:
    """Queue a client command for the response of the running action or consumer."""
    state = current_state()
    if state is None:
        raise RuntimeError("command() is only available inside a liveview, action or consumer")
    commands = state.commands
    item = [js_path, *args]
    if prepend:
        commands.insert(0, item)
    else:
        commands.append(item)


def morph(target_id: str, html: str) -> list[Any]:
    return ["hypergen.morph", target_id, html]
