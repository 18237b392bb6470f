"""``from hypergen.imports import *``: everything a Hypergen template or view uses."""

from __future__ import annotations

from .context import context
from .liveview import *  # noqa: F403
from .liveview import __all__ as _liveview_all
from .template import *  # noqa: F403
from .template import __all__ as _template_all
from .websocket import *  # noqa: F403
from .websocket import __all__ as _websocket_all

__all__ = [*_template_all, *_liveview_all, "context", *_websocket_all]
