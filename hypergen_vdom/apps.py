from __future__ import annotations

from django.apps import AppConfig

__all__ = ["HypergenVdomConfig"]


class HypergenVdomConfig(AppConfig):
    name = "hypergen_vdom"
    verbose_name = "hypergen_vdom"
