"""``hypergen()``: render a template to a string, and the render context every compat view uses.

A compat render is a core render (``tree.rendering``) plus Hypergen's ``context.hypergen``:
``into`` (the render's targets), ``ids``, ``commands``, ``plugins``, ``target_id``, and the plugin
hooks Hypergen calls (``context()``, ``template_before``, ``template_after``, ``process_html``;
``wrap_element_init`` is called by each element, see ``elements.py``).

Multi-target rendering: inside ``with context(at="hypergen", target_id="sidebar"):`` elements go
to that target instead of the render's own (``RenderTargets``); an ``@action`` morphs each one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from ..tree import Element, Fragment, RenderState, rendering
from .context import context
from .elements import base_element, hypergen_html

__all__ = [
    "COMMANDS",
    "DEFAULT_TARGET",
    "FULL",
    "HTML",
    "CommandList",
    "RenderTargets",
    "TemplatePlugin",
    "hypergen",
    "hypergen_to_response",
    "join_html",
    "render_context",
    "run_plugins",
]

HTML = "HTML"
FULL = "FULL"
COMMANDS = "COMMANDS"
_RETURNS = (HTML, FULL, COMMANDS)
DEFAULT_TARGET = "__default_context__"

_SETTINGS = frozenset(
    (
        "returns",
        "plugins",
        "user_plugins",
        "liveview",
        "action",
        "target_id",
        "base_template",
        "base_view",
        "prepend_commands",
        "appstate",
        "namespace",
        "indent",
    )
)


class CommandList(list):  # type: ignore[type-arg]
    """The render's client commands; Hypergen's code treats them as a deque (``appendleft``)."""

    def appendleft(self, item: Any) -> None:
        self.insert(0, item)

    def extendleft(self, items: Any) -> None:
        for item in items:
            self.insert(0, item)


class RenderTargets:
    """``context.hypergen.into``: the render's output per target id (``contexts``)."""

    def __init__(self, state: RenderState, target_id: str | None) -> None:
        self._state = state
        self.default = target_id or DEFAULT_TARGET
        self._targets: dict[str, Fragment] = {self.default: state.root}
        self._active: list[tuple[str, bool]] = [(self.default, False)]

    @property
    def contexts(self) -> dict[str, list[Element | str]]:
        return {key: fragment.children for key, fragment in self._targets.items()}

    def extra_targets(self) -> dict[str, Fragment]:
        """The targets other than the render's own that got content."""
        return {k: f for k, f in self._targets.items() if k != self.default and f.children}

    def enter_target(self, target_id: str | None) -> None:
        key = target_id or self.default
        if key == self._active[-1][0]:
            self._active.append((key, False))
            return
        fragment = self._targets.setdefault(key, Fragment())
        self._state.stack.append(fragment)
        self._active.append((key, True))

    def exit_target(self) -> None:
        _, pushed = self._active.pop()
        if pushed:
            self._state.stack.pop()

    def _current(self) -> list[Element | str]:
        return self._targets[self._active[-1][0]].children

    def __iter__(self) -> Iterator[Element | str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def __repr__(self) -> str:
        return f"RenderTargets({self.contexts!r})"


class TemplatePlugin:
    """Hypergen's template plugin. Rendering is always on here, so it adds nothing; it exists so
    ``settings=dict(plugins=[TemplatePlugin(), ...])`` keeps working."""

    @contextmanager
    def context(self) -> Iterator[None]:
        yield


def run_plugins(method: str, *args: Any, **kwargs: Any) -> None:
    for plugin in context.hypergen.plugins:
        hook = getattr(plugin, method, None)
        if hook is not None:
            hook(*args, **kwargs)


def _pipeline(method: str, data: Any) -> Any:
    for plugin in context.hypergen.plugins:
        hook = getattr(plugin, method, None)
        if hook is not None:
            data = hook(data)
    return data


@contextmanager
def render_context(
    state: RenderState,
    target_id: str | None = None,
    plugins: list[Any] | tuple[Any, ...] = (),
    base_template: Callable[..., Any] | None = None,
    **extra: Any,
) -> Iterator[RenderTargets]:
    """``context.hypergen`` for the render ``state``, with each plugin's ``context()`` entered;
    ``extra`` items go into ``context.hypergen`` too (the decorators' ``matched_perms`` …)."""
    into = RenderTargets(state, target_id)
    if not isinstance(state.commands, CommandList):
        state.commands = CommandList(state.commands)
    with (
        context(
            at="hypergen",
            into=into,
            ids=state.ids,
            commands=state.commands,
            event_handler_callbacks={},
            plugins=list(plugins),
            target_id=target_id,
            base_template=base_template,
            **extra,
        ),
        ExitStack() as stack,
    ):
        for plugin in plugins:
            if hasattr(plugin, "context"):
                stack.enter_context(plugin.context())
        yield into


def hypergen(
    template: Callable[..., Any], *args: Any, settings: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    """Render ``template(*args, **kwargs)``; returns its HTML (``returns=HTML``), its commands
    (``COMMANDS``) or ``{"html", "context", "template_result"}`` (``FULL``)."""
    settings = dict(settings or {})
    unknown = set(settings) - _SETTINGS
    if unknown:
        raise TypeError(
            f"hypergen(settings=...): unknown setting(s) {sorted(unknown)}; known: {sorted(_SETTINGS)}"
        )
    returns = settings.get("returns", HTML)
    if returns not in _RETURNS:
        raise ValueError(f"hypergen(settings=dict(returns=...)) must be one of {_RETURNS}, got {returns!r}")
    if settings.get("indent"):
        raise TypeError(
            "hypergen(settings=dict(indent=True)) isn't supported: the HTML has no added whitespace so the"
            " browser's DOM and the server's tree agree node for node; indent it in your test if needed"
        )
    if settings.get("base_view") is not None:
        raise TypeError("hypergen(settings=dict(base_view=...)): use @action(base_view=...)")
    if settings.get("appstate") is not None:
        raise TypeError("hypergen(settings=dict(appstate=...)): use @liveview/@action(appstate=...)")
    from .plugins import ActionPlugin, LiveviewPlugin  # the plugins module imports this one

    plugins = list(settings.get("plugins") or [TemplatePlugin()])
    if settings.get("liveview"):
        plugins.append(LiveviewPlugin())
    if settings.get("action"):
        plugins.append(ActionPlugin(target_id=settings.get("target_id")))
    plugins.extend(settings.get("user_plugins") or [])
    base_template = settings.get("base_template")
    target_id = settings.get("target_id")
    with rendering() as state, render_context(state, target_id, plugins, base_template) as into:
        run_plugins("template_before")
        if base_template is not None:
            with base_template():
                result = template(*args, **kwargs)
        else:
            result = template(*args, **kwargs)
        run_plugins("template_after", template_result=result)
        # The current target's output (a plugin's context may have switched it, as ActionPlugin does).
        html = _pipeline("process_html", join_html(into))
        full = context.clone()
    if returns == HTML:
        return html
    if returns == COMMANDS:
        return state.commands
    return {"html": html, "context": full, "template_result": result}


def hypergen_to_response(template: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse(hypergen(template, *args, **kwargs))


def join_html(nodes: Any) -> str:
    """The HTML of rendered nodes (``context.hypergen.into``, a target's list, elements …)."""
    if isinstance(nodes, base_element):
        return hypergen_html(nodes.node)
    if isinstance(nodes, (Element, str)):
        return hypergen_html(nodes)
    out = []
    for node in nodes:
        if isinstance(node, base_element):
            out.append(hypergen_html(node.node))
        elif isinstance(node, (Element, str)):
            out.append(hypergen_html(node))
        elif callable(node):
            out.append(str(node()))
        else:
            out.append(str(node))
    return "".join(out)
