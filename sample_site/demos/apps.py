from __future__ import annotations

from django.apps import AppConfig

__all__ = ["DemosConfig"]


class DemosConfig(AppConfig):
    name = "sample_site.demos"
    label = "demos"
    verbose_name = "hypergen_vdom demos"
