"""``/bench/``: the benchmark pages (``bench/pages.py``), diff mode and classic."""

from __future__ import annotations

from hypergen_vdom import autourls

from . import pages

app_name = "bench"
urlpatterns = autourls(pages, "bench")
