"""What ``@action`` and ``@consumer`` share: their options, and running one into its target.

Running a callback renders whatever it writes into a fresh tree; that tree is the new content of
the target element (``base_template.target_id`` or ``target_id=``). With ``base_view=`` the page's
own template is rendered into the target after the callback ran (Hypergen's ``base_view``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .commands import commands_of
from .perms import has_perms, normalize_perms
from .signature import check_arguments
from .tree import Fragment, rendering

__all__ = ["CallbackOptions", "CallbackResult", "PermissionDeniedError", "run_callback"]


class PermissionDeniedError(PermissionError):
    """The user lacks the callback's permission."""


@dataclass(frozen=True)
class CallbackOptions:
    func: Callable[..., Any]
    perms: tuple[str, ...] | None
    any_perm: bool = False
    base_template: Callable[..., Any] | None = None
    target_id: str | None = None
    base_view: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        func: Callable[..., Any],
        kind: str,
        perm: Any,
        any_perm: bool = False,
        base_template: Callable[..., Any] | None = None,
        target_id: str | None = None,
        base_view: Any = None,
        **extra: Any,
    ) -> CallbackOptions:
        perms = normalize_perms(perm, f"@{kind} {func.__module__}.{func.__qualname__}")
        if target_id is None and base_template is not None:
            target_id = getattr(base_template, "target_id", None)
        if target_id is None and base_view is not None:
            target_id = base_view.hypergen.target_id
        return cls(func, perms, any_perm, base_template, target_id, base_view, extra)

    def check_perms(self, user: Any) -> None:
        if not has_perms(user, self.perms, self.any_perm):
            raise PermissionDeniedError(f"Permission denied for {self.func.__name__}")


@dataclass
class CallbackResult:
    """What one run produced: the target's new content (None: nothing rendered), commands, redirect."""

    target_id: str | None
    content: Fragment | None
    commands: list[list[Any]]
    redirect: str | None = None
    # Ids of the @consumer handlers the rendered content binds: the page may invoke them from now on.
    bound_handlers: frozenset[str] = frozenset()


def run_callback(
    options: CallbackOptions, request: Any, leading: tuple[Any, ...], args: list[Any]
) -> CallbackResult:
    """Check permission and arguments, call the function, collect what it rendered.

    Raises ``PermissionDeniedError`` or ``signature.BadArgumentsError`` before calling user code.
    """
    options.check_perms(getattr(request, "user", None))
    check_arguments(options.func, leading, args)
    with rendering() as state:
        state.extra["request"] = request
        result = options.func(*leading, *args)
        redirect = _redirect_url(result)
        if redirect is None and options.base_view is not None:
            # The page template renders the whole target afresh; drop what the callback wrote.
            state.root.children.clear()
            options.base_view.hypergen.render_content(request)
    content = state.root if state.root.children else None
    return CallbackResult(
        options.target_id,
        content,
        commands_of(state.extra),
        redirect,
        frozenset(state.extra.get("consumers", ())),
    )


def _redirect_url(result: Any) -> str | None:
    # Django's HttpResponseRedirect (or any response with a Location) means "go there".
    if result is not None and getattr(result, "status_code", None) in (301, 302, 303, 307, 308):
        location = result.get("Location") if hasattr(result, "get") else None
        return str(location) if location else None
    return None
