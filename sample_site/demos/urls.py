"""URLs of the demo pages, included by ``sample_site.urls`` at the site root."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
