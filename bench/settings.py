"""Settings of the benchmark's server: the sample site's, plus the benchmark pages under ``/bench/``.

The sample site does not know about the benchmark; the benchmark serves its pages with its own
urlconf (``bench.site_urls``) on top of the sample site's settings. ``bench/daphne.py`` and
``bench/harness.py`` use this module; so does ``DJANGO_SETTINGS_MODULE=bench.settings python -m
daphne sample_site.asgi:application`` by hand.

The server's abuse limits are raised (``harness.BENCH_LIMITS``): a measurement must never be
throttled or cut off by them (an overloaded load-test server may read a hello after the default
deadline; the in-process loops send thousands of unacknowledged events on one connection). The
load clients still acknowledge what they receive, as the browser does.
"""

from __future__ import annotations

from sample_site.settings import *  # noqa: F403

from .harness import BENCH_LIMITS

# The library's default, not the sample site's choice: plain rows of long keyed lists stay
# objects (README "Kept rows are sealed" gives the figures with HYPERGEN_SEALED_ROWS_MIN = 128).
HYPERGEN_SEALED_ROWS_MIN = None

ROOT_URLCONF = "bench.site_urls"

globals().update(BENCH_LIMITS)  # HYPERGEN_FRAMES_PER_SECOND, HYPERGEN_RESYNCS_PER_MINUTE, …
