"""The demo pages (``@liveview`` / ``@consumer`` functions)."""

from __future__ import annotations
