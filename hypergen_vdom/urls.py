"""``autourls(module, namespace)``: URL patterns for every ``@liveview`` and ``@action`` of a module.

Each decorated function gets ``path=``/``re_path=`` of its own or ``<function name>/``; after
``autourls`` ran, ``func.reverse(*args)`` gives its URL.

    # myapp/urls.py
    from hypergen_vdom import autourls
    from myapp import views

    app_name = "myapp"
    urlpatterns = autourls(views, namespace="myapp")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.urls import URLPattern, path, re_path, reverse

from .spec import spec_of

__all__ = ["Routable", "autourls"]


@dataclass
class Routable:
    """The URL facts of one decorated view; ``namespace`` is filled in by ``autourls``."""

    name: str
    path: str | None
    re_path: str | None
    namespace: str | None = None

    def pattern(self, view: Callable[..., Any]) -> URLPattern:
        if self.re_path is not None:
            return re_path(self.re_path, view, name=self.name)
        return path(self.path if self.path is not None else f"{self.name}/", view, name=self.name)

    def reverse(self, *args: Any, **kwargs: Any) -> str:
        name = f"{self.namespace}:{self.name}" if self.namespace else self.name
        return reverse(name, args=args or None, kwargs=kwargs or None)


def autourls(module: ModuleType, namespace: str | None = None) -> list[URLPattern]:
    patterns = []
    for value in vars(module).values():
        spec = spec_of(value)
        routable = spec.routable if spec is not None else None
        # Only the module's own views: an imported view belongs to its own module's urls.
        if routable is not None and getattr(value, "__module__", None) == module.__name__:
            routable.namespace = namespace
            patterns.append(routable.pattern(value))
    return patterns
