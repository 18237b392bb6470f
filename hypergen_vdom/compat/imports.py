"""``from hypergen.imports import *``: everything a Hypergen template or view uses."""

from __future__ import annotations

from . import liveview as _liveview_module
from . import template as _template_module
from . import websocket as _websocket_module
from .context import context
from .liveview import *  # noqa: F403
from .template import *  # noqa: F403
from .websocket import *  # noqa: F403

# Written as `+=` of each module's `__all__`: the form type checkers read for a star import.
__all__ = ["context"]
__all__ += _template_module.__all__
__all__ += _liveview_module.__all__
__all__ += _websocket_module.__all__
