from __future__ import annotations

from django.apps import AppConfig

__all__ = ["HypergenVdomConfig"]


class HypergenVdomConfig(AppConfig):
    name = "hypergen_vdom"
    verbose_name = "hypergen_vdom"

    def ready(self) -> None:
        from django.apps import apps

        from . import checks  # noqa: F401  # registers the system checks
        from .conf import apply_to_core

        apply_to_core()

        if apps.is_installed("django.contrib.auth"):
            from .revocation import connect_signals

            connect_signals()
