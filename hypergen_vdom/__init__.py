"""hypergen_vdom: live Django pages written in pure Python, with a server-side virtual DOM.

``from hypergen_vdom import *`` gives the whole public API: the element functions, ``@liveview``,
``@action``, ``@consumer``, ``callback``, ``THIS`` and friends.
"""

from __future__ import annotations

from .action import action
from .bindings import THIS, call_js, callback
from .commands import command
from .consumer import consumer
from .elements import component
from .groups import agroup_send, group_send
from .liveview import liveview
from .perms import LOGIN_REQUIRED, NO_PERM_REQUIRED
from .tags import *  # noqa: F403  # one function per HTML tag
from .tags import __all__ as _tag_names
from .tree import OMIT, DuplicateIdError, doctype, raw, write
from .urls import autourls

__version__ = "0.1.0"

__all__ = [
    "LOGIN_REQUIRED",
    "NO_PERM_REQUIRED",
    "OMIT",
    "THIS",
    "DuplicateIdError",
    "action",
    "agroup_send",
    "autourls",
    "call_js",
    "callback",
    "command",
    "component",
    "consumer",
    "doctype",
    "group_send",
    "liveview",
    "raw",
    "write",
    *_tag_names,
]
