"""The sample site with ``HYPERGEN_PACK_AFTER = 0``: every page no connection uses is packed at the
next store call, so a browser test goes through packing and unpacking on every hello."""

from __future__ import annotations

from sample_site.settings import *  # noqa: F403

HYPERGEN_PACK_AFTER = 0
