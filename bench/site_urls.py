"""The benchmark server's urlconf: the sample site, plus the benchmark pages under ``/bench/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from sample_site.urls import urlpatterns as site_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/", include("bench.urls")),
    *site_urlpatterns,
]
