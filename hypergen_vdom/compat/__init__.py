"""Hypergen 1.5.6 compatibility: Hypergen's module layout over hypergen_vdom.

Either change the imports (``from hypergen_vdom.compat.imports import *``), or call
``hypergen_vdom.compat.install()`` once, before the app's modules are imported (e.g. at the top of
``settings.py``), and keep ``from hypergen.imports import *`` as it is. See README, "Coming from
Hypergen", for what works and every deliberate difference.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

__all__ = ["ALIASES", "HypergenAlreadyInstalled", "install"]

# Hypergen's module → ours. Importing is eager: each alias is the very same module object.
ALIASES = {
    "hypergen": "hypergen_vdom.compat",
    "hypergen.context": "hypergen_vdom.compat.context",
    "hypergen.template": "hypergen_vdom.compat.template",
    "hypergen.liveview": "hypergen_vdom.compat.liveview",
    "hypergen.websocket": "hypergen_vdom.compat.websocket",
    "hypergen.imports": "hypergen_vdom.compat.imports",
    "hypergen.hypergen": "hypergen_vdom.compat.hypergen",
    "hypergen.plugins": "hypergen_vdom.compat.plugins",
    "hypergen.plugins.appstate": "hypergen_vdom.compat.plugins",
    "hypergen.plugins.alertify": "hypergen_vdom.compat.plugins",
    "hypergen.templatetags": "hypergen_vdom.compat.templatetags",
    "hypergen.templatetags.hypergen": "hypergen_vdom.compat.templatetags.hypergen",
}


class HypergenAlreadyInstalled(ImportError):
    """The real django-hypergen is importable: aliasing over it would hide which one runs."""


def install() -> None:
    """Make ``import hypergen.*`` give this package's modules (idempotent)."""
    current = sys.modules.get("hypergen")
    if current is not None:
        if getattr(current, "__name__", None) == __name__:
            return
        raise HypergenAlreadyInstalled(
            f"a real 'hypergen' ({getattr(current, '__file__', '?')}) is already imported;"
            " uninstall django-hypergen or import hypergen_vdom.compat.imports directly"
        )
    spec = importlib.util.find_spec("hypergen")
    if spec is not None:
        raise HypergenAlreadyInstalled(
            f"django-hypergen is installed ({spec.origin}); uninstall it to run on hypergen_vdom,"
            " or import hypergen_vdom.compat.imports directly"
        )
    for alias, real in ALIASES.items():
        sys.modules[alias] = importlib.import_module(real)
