"""What a hypergen decorator attaches to a function: one typed ``HypergenSpec``, ``func.hypergen``.

``@liveview`` and ``@action`` return a Django view, ``@consumer`` the function itself; each carries
its spec (what kind it is, its options, its URL facts, its handler id), and the views a
``reverse()``. The Protocols below are what type checkers see, so a decorated function keeps its
signature and ``view.reverse()`` type-checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, Protocol, TypeVar

from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase

from .bindings import NotCallableError

if TYPE_CHECKING:
    from .urls import Routable

__all__ = [
    "Action",
    "BaseTemplate",
    "ConsumerFunction",
    "HypergenSpec",
    "LiveView",
    "handler_id_of",
    "spec_of",
    "targets",
]

P = ParamSpec("P")
R_co = TypeVar("R_co", covariant=True)


@dataclass(eq=False)
class HypergenSpec:
    """``options`` is the ``LiveviewSpec`` of a liveview, the ``CallbackOptions`` of a callback."""

    kind: Literal["liveview", "action", "consumer"]
    qualified_name: str
    options: Any
    routable: Routable | None = None
    handler_id: str | None = None  # consumers: the id a client invokes it by
    target: Callable[[], str] | None = None  # callbacks: where a binding sends the event

    def callback_target(self) -> str:
        if self.target is None:
            raise NotCallableError(
                f"callback() needs an @action or @consumer function, not {self.kind} {self.qualified_name}"
            )
        return self.target()


def spec_of(obj: object) -> HypergenSpec | None:
    spec = getattr(obj, "hypergen", None)
    return spec if isinstance(spec, HypergenSpec) else None


def handler_id_of(func: object) -> str:
    """The handler id of a ``@consumer`` function."""
    spec = spec_of(func)
    if spec is None or spec.handler_id is None:
        raise TypeError(f"{func!r} is not a @consumer function")
    return spec.handler_id


class LiveView(Protocol[P]):
    """A ``@liveview`` page: a Django view ``view(request, *url_args)``."""

    hypergen: HypergenSpec

    def __call__(self, request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase: ...

    def reverse(self, *args: Any, **kwargs: Any) -> str: ...


class Action(Protocol[P]):
    """An ``@action``: a Django POST view answering with client commands."""

    hypergen: HypergenSpec

    def __call__(self, request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> JsonResponse: ...

    def reverse(self, *args: Any, **kwargs: Any) -> str: ...


class ConsumerFunction(Protocol[P, R_co]):
    """A ``@consumer`` function: still callable as written, ``func(consumer, request, *args)``."""

    hypergen: HypergenSpec

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...


class BaseTemplate(Protocol):
    """A base template: a context manager function that knows the id of its target element."""

    target_id: str

    def __call__(self) -> AbstractContextManager[Any]: ...


TemplateFunction = Callable[[], Iterator[Any]] | Callable[[], AbstractContextManager[Any]]


def targets(target_id: str) -> Callable[[TemplateFunction], BaseTemplate]:
    """``@targets("content")`` above ``@contextmanager``: the typed spelling of Hypergen's
    ``base_template.target_id = "content"`` (which works too)."""

    def decorate(func: Any) -> BaseTemplate:
        func.target_id = target_id
        template: BaseTemplate = func
        return template

    return decorate
