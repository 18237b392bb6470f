"""hypergen_vdom: live Django pages written in pure Python, with a server-side virtual DOM.

``from hypergen_vdom import *`` gives the whole public API: the element functions, ``@liveview``,
``@action``, ``@consumer``, ``callback``, ``THIS`` and friends.
"""

from __future__ import annotations

# First: importing a submodule binds its name on the package (``hypergen_vdom.html`` the module);
# the element functions imported below must win over those names (``html`` the tag).
try:
    import django  # noqa: F401
except ImportError:  # the pure core (tree, elements, diff, wire …) works without Django installed
    pass
else:
    from .action import action
    from .consumer import consumer
    from .groups import agroup_send, group_send
    from .liveview import liveview
    from .urls import autourls

from . import html as _html_module  # noqa: F401  # bound now, so the `html` tag below wins
from .bindings import THIS, call_js, callback
from .commands import command
from .elements import component
from .perms import LOGIN_REQUIRED, NO_PERM_REQUIRED
from .tags import *  # noqa: F403  # one function per HTML tag
from .tags import __all__ as _tag_names
from .tree import OMIT, DuplicateIdError, doctype, raw, write
from .urls_safety import trusted_url

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
    "trusted_url",
    "write",
    *_tag_names,
]
