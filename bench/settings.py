"""Settings of the benchmark's server: the sample site's, plus the benchmark pages under ``/bench/``.

The sample site does not know about the benchmark; the benchmark serves its pages with its own
urlconf (``bench.site_urls``) on top of the sample site's settings. ``bench/daphne.py`` and
``bench/harness.py`` use this module; so does ``DJANGO_SETTINGS_MODULE=bench.settings python -m
daphne sample_site.asgi:application`` by hand.
"""

from __future__ import annotations

from sample_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.site_urls"
