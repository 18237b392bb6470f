"""``hypergen.template``: Hypergen's element classes (``tags.py``), ``hypergen()`` (``render.py``)
and the template helpers (``raw``, ``write``, ``doctype``, ``rst``, ``hprint``, ``on_url``).
``elements.py`` has the calling conventions every element follows.
"""

from __future__ import annotations

import pprint
from typing import Any

from ..tree import OMIT
from ..tree import doctype as _core_doctype
from ..tree import raw as _core_raw
from ..tree import write as _core_write
from . import tags
from .context import contextlist
from .elements import Component, base_element, base_element_void, component
from .render import (
    COMMANDS,
    FULL,
    HTML,
    TemplatePlugin,
    hypergen,
    hypergen_to_response,
    join_html,
)
from .tags import *  # noqa: F403  # every element class
from .tags import b, code, div, pre, span

__all__ = [
    "COMMANDS",
    "FULL",
    "HTML",
    "OMIT",
    "component",
    "doctype",
    "hprint",
    "hypergen",
    "hypergen_to_response",
    "on_url",
    "raw",
    "rst",
    "write",
]
__all__ += tags.__all__  # `+=`: the form type checkers read for a star import

# Also importable from here, as in Hypergen (not star-exported there either).
_ALSO = (Component, TemplatePlugin, base_element, base_element_void, contextlist, join_html, component)


def raw(*children: Any) -> None:
    """Write HTML as is (never user input)."""
    _core_raw(*(str(child) for child in children))


def write(*children: Any) -> None:
    """Write text, escaped."""
    _core_write(*children)


def doctype(type_: str = "html") -> None:
    _core_doctype(type_)


def rst(restructured_text: str, report_level: int | None = None) -> None:
    """Render reStructuredText (needs ``pip install docutils``)."""
    try:
        import docutils.core  # type: ignore[import-untyped]  # optional, like in Hypergen
        import docutils.utils  # type: ignore[import-untyped]
    except ImportError:
        raise ImportError("rst() needs docutils: pip install docutils") from None
    level = report_level if report_level is not None else docutils.utils.Reporter.SEVERE_LEVEL + 1
    parts = docutils.core.publish_parts(
        restructured_text,
        writer_name="html",
        settings_overrides={"_disable_config": True, "report_level": level},
    )
    raw(parts["html_body"])


def hprint(*args: Any, **kwargs: Any) -> None:
    """Debug print into the page: each value pretty-printed, with its type."""

    def typeinfo(value: Any) -> None:
        span(f" ({type(value).__module__}.{type(value).__name__})", style={"color": "darkgrey"})

    def show(label: Any, value: Any) -> None:
        with div():
            if label is not None:
                b(label)
            typeinfo(value)
        pre(code(pprint.pformat(value, width=120)), style="")  # style="": byte for byte as Hypergen

    with div(
        style={
            "padding": "8px",
            "margin": "4px 0 0 0",
            "background": "#ffc",
            "color": "black",
            "font_family": "sans-serif",
        }
    ):
        if len(args) == 1 and not kwargs:
            show(None, args[0])
        else:
            for index, value in enumerate(args, 1):
                show(f"arg {index}", value)
        for name, value in kwargs.items():
            show(name, value)


def on_url(url: str, value_on_url: Any = True, value_not_on_url: Any = False) -> Any:
    """``value_on_url`` when ``url`` is the page being rendered (menu "active" classes)."""
    from .liveview import url_is_active

    return value_on_url if url_is_active(url) else value_not_on_url
