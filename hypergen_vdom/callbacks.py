"""What ``@action`` and ``@consumer`` share: their options, and running one into its target.

Running a callback renders whatever it writes into a fresh tree; that tree is the new content of
the target element (``base_template.target_id`` or ``target_id=``). With ``base_view=`` the page's
own template is rendered into the target after the callback ran (Hypergen's ``base_view``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .commands import morph
from .exceptions import HypergenError
from .html import to_html
from .perms import has_perms, normalize_perms
from .signature import check_arguments
from .tree import Fragment, RenderState, rendering

if TYPE_CHECKING:
    from .memo import MemoCache

__all__ = [
    "CallbackOptions",
    "CallbackResult",
    "PermissionDeniedError",
    "arun_callback",
    "is_async",
    "morph_command",
    "result_commands",
    "run_callback",
]


class PermissionDeniedError(HypergenError, PermissionError):
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
            target_id = base_view.hypergen.options.target_id
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
    options: CallbackOptions,
    request: Any,
    leading: tuple[Any, ...],
    args: list[Any],
    memo: MemoCache | None = None,
) -> CallbackResult:
    """Check permission and arguments, call the function, collect what it rendered.

    Raises ``PermissionDeniedError`` or ``signature.BadArgumentsError`` before calling user code.
    ``memo``: the connection's ``@memo`` cache (diff mode), handed to the render.
    """
    options.check_perms(getattr(request, "user", None))
    check_arguments(options.func, leading, args)
    with rendering(memo) as state:
        result = options.func(*leading, *args)
        redirect = _redirect_url(result)
        if redirect is None and options.base_view is not None:
            # The page template renders the whole target afresh; drop what the callback wrote.
            state.discard_output()
            options.base_view.hypergen.options.render_content(request)
    return _result(options, state, redirect)


async def arun_callback(
    options: CallbackOptions,
    request: Any,
    leading: tuple[Any, ...],
    args: list[Any],
    offload: Callable[..., Awaitable[Any]],
    memo: MemoCache | None = None,
) -> CallbackResult:
    """``run_callback`` for an ``async def`` function, awaited on the running event loop.

    What may touch the database runs through ``offload`` (an awaitable "run this sync function in a
    worker thread"): a permission check that needs the user's permissions, and a ``base_view``'s
    page template. The function itself, and what it renders, run on the loop.
    """
    user = getattr(request, "user", None)
    if options.perms:  # named permissions: the auth backend queries the database
        await offload(options.check_perms, user)
    else:
        options.check_perms(user)
    check_arguments(options.func, leading, args)
    with rendering(memo) as state:
        result = await options.func(*leading, *args)
        redirect = _redirect_url(result)
        if redirect is None and options.base_view is not None:
            state.discard_output()
            # In the worker thread the render state is the same (asgiref copies the context).
            await offload(options.base_view.hypergen.options.render_content, request)
    return _result(options, state, redirect)


def is_async(options: CallbackOptions) -> bool:
    """Whether the callback is an ``async def`` function (it runs on the event loop)."""
    return _is_coroutine_function(options.func)


# Asked on every event; inspect's answer (a few attribute look-ups and unwrapping) never changes
# for a function. Handlers are decorated code, so the cache stays small; bounded all the same.
_is_coroutine_function = functools.lru_cache(maxsize=1024)(inspect.iscoroutinefunction)


def _result(options: CallbackOptions, state: RenderState, redirect: str | None) -> CallbackResult:
    content = state.root if state.root.children else None
    return CallbackResult(
        options.target_id,
        content,
        state.commands,
        redirect,
        frozenset(state.consumers),
    )


def _redirect_url(result: Any) -> str | None:
    # Django's HttpResponseRedirect (or any response with a Location) means "go there".
    if result is not None and getattr(result, "status_code", None) in (301, 302, 303, 307, 308):
        location = result.get("Location") if hasattr(result, "get") else None
        return str(location) if location else None
    return None


def morph_command(result: CallbackResult) -> list[Any] | None:
    """Classic mode: the command that morphs the rendered content into the target (None when the
    run rendered nothing)."""
    if result.content is None:
        return None
    if not result.target_id:
        raise ValueError(
            f"{result.content!r} was rendered but there is no target: set base_template= or target_id="
        )
    return morph(result.target_id, to_html(result.content))


def result_commands(result: CallbackResult, with_content: bool = True) -> list[list[Any]]:
    """What a run sends as commands: the morph of its content (classic mode; diff mode sends the
    content as a patch and passes ``with_content=False``), the queued commands, a redirect."""
    commands = list(result.commands)
    if result.redirect is not None:
        commands.append(["hypergen.redirect", result.redirect])
        return commands
    morphed = morph_command(result) if with_content else None
    if morphed is not None:
        commands.insert(0, morphed)
    return commands
