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
    from .spec import BaseTemplate, targets
    from .urls import autourls

from . import html as _html_module  # noqa: F401  # bound now, so the `html` tag below wins
from .bindings import THIS, NotCallableError, call_js, callback
from .commands import command
from .diff_keyed import DuplicateKeyError
from .elements import component
from .exceptions import HypergenError
from .memo import memo
from .perms import LOGIN_REQUIRED, NO_PERM_REQUIRED, MissingPermError
from .tags import *  # noqa: F403  # one function per HTML tag
from .tree import OMIT, DuplicateIdError, doctype, raw, write
from .urls_safety import trusted_url

__version__ = "0.1.0"

__all__ = [
    "LOGIN_REQUIRED",
    "NO_PERM_REQUIRED",
    "OMIT",
    "THIS",
    "BaseTemplate",
    "DuplicateIdError",
    "DuplicateKeyError",
    "HypergenError",
    "MissingPermError",
    "NotCallableError",
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
    "memo",
    "raw",
    "targets",
    "trusted_url",
    "write",
    # Every element function (tags.__all__), spelled out: type checkers read only a literal list
    # through a star import. tests/test_pure_core.py checks the two lists agree.
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote",
    "body", "br", "button", "canvas", "caption", "circle", "cite", "code", "col", "colgroup", "data",
    "datalist", "dd", "defs", "del_", "details", "dfn", "dialog", "div", "dl", "dt", "ellipse", "em",
    "embed", "fieldset", "figcaption", "figure", "footer", "form", "g", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "input_", "ins", "kbd",
    "label", "legend", "li", "line", "link", "main", "map_", "mark", "menu", "meta", "meter", "nav",
    "noscript", "object_", "ol", "optgroup", "option", "output", "p", "path", "picture", "polygon",
    "polyline", "pre", "progress", "q", "rect", "rp", "rt", "ruby", "s", "samp", "script", "search",
    "section", "select", "slot", "small", "source", "span", "strong", "style", "sub", "summary", "sup",
    "svg", "table", "tbody", "td", "template_", "textarea", "tfoot", "th", "thead", "time_", "title", "tr",
    "track", "u", "ul", "use", "var", "video", "wbr",
]
