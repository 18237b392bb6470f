"""Test helpers for hypergen_vdom's own tests and for your project's tests.

- ``LivePage`` (``testing/livepage.py``): drive your pages as a user would — GET, websocket,
  ``click``/``fill``/``submit`` …, a model DOM kept up to date by the server's frames.
- ``HypergenCommunicator`` (``testing/communicator.py``): a page's websocket at the protocol level.
- ``DaphneProcess`` (``testing/daphne.py``): a real server in a subprocess.
- ``Patcher`` (``testing/patcher.py``): the reference patcher, what the JS client does with a frame.

``from hypergen_vdom.testing import LivePage`` works; the names are imported when first used, so
importing this package itself costs nothing (and needs no configured Django settings).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .communicator import HypergenCommunicator
    from .livepage import LivePage, LivePageError, PageNode, SyncLivePage

__all__ = ["HypergenCommunicator", "LivePage", "LivePageError", "PageNode", "SyncLivePage"]

_HOMES = {
    "HypergenCommunicator": ".communicator",
    "LivePage": ".livepage",
    "LivePageError": ".livepage",
    "PageNode": ".livepage",
    "SyncLivePage": ".livepage",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
