"""Hypergen's plugins: ``LiveviewPlugin``, ``ActionPlugin``, ``AppstatePlugin``, ``AlertifyPlugin``.

A plugin is an object with any of the hooks ``context()`` (a context manager around the render),
``template_before()``, ``template_after(template_result=...)``, ``process_html(html)`` and
``wrap_element_init(element, children, attrs)`` (a context manager around each element's
creation). ``hypergen()`` and the ``@liveview``/``@action`` decorators (``user_plugins=``) call them.

Here the template, liveview and action machinery are always on, so ``LiveviewPlugin`` and
``ActionPlugin`` carry no behaviour of their own; their options that would change something
are either honoured or refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .context import context
from .render import TemplatePlugin

__all__ = ["ActionPlugin", "AlertifyPlugin", "AppstatePlugin", "LiveviewPlugin", "TemplatePlugin"]


class LiveviewPlugin:
    """A page render. The client script is added by ``@liveview`` (``process_html`` changes
    nothing: no inline script, strict CSP)."""

    @contextmanager
    def context(self) -> Iterator[None]:
        yield

    def process_html(self, html: str) -> str:
        return html


class ActionPlugin:
    """An action render whose output goes to ``target_id``."""

    def __init__(
        self,
        target_id: str | None = None,
        base_view: Any = None,
        morph: bool = True,
        prepend_commands: bool = True,
    ) -> None:
        if base_view is not None:
            raise TypeError("ActionPlugin(base_view=...): use @action(base_view=...)")
        if not morph:
            raise TypeError("ActionPlugin(morph=False): return a list of commands from the @action instead")
        if not prepend_commands:
            raise TypeError("ActionPlugin(prepend_commands=False): the target's content always comes first")
        self.target_id = target_id

    @contextmanager
    def context(self) -> Iterator[None]:
        if self.target_id is None:
            yield
            return
        with context(at="hypergen", target_id=self.target_id):
            yield


def appstate_key(namespace: str) -> str:
    return f"hypergen_appstate_{namespace}"


class AppstatePlugin:
    """``context.hypergen.appstate``: state kept in the user's session under ``namespace``,
    made by ``appstate()`` the first time. Stored through Django's session serializer (JSON by
    default), not pickled: a session cookie backend must never hand the server a pickle."""

    def __init__(self, namespace: str, appstate: Callable[[], Any]) -> None:
        self.namespace = namespace
        self.appstate = appstate

    @contextmanager
    def context(self) -> Iterator[None]:
        session = context.request.session
        key = appstate_key(self.namespace)
        state = session[key] if key in session else self.appstate()
        with context(at="hypergen", appstate=state):
            yield
            session[key] = context.hypergen.appstate
            session.modified = True  # the value may have been changed in place


class AlertifyPlugin:
    """``django.contrib.messages`` as notifications after each render: a
    ``["alertify.notify", text, level_tag, delay, position]`` command per message. AlertifyJS
    itself is not loaded from its CDN with an inline script (strict CSP): the compat client has a
    small notifier of its own under that name (a page that loads the real AlertifyJS gets that).
    The message is text, shown as text (Hypergen sent it HTML-escaped to be shown as HTML)."""

    def __init__(self, position: str = "bottom-center", delay: float = 5) -> None:
        self.position = position
        self.delay = delay

    def process_html(self, html: str) -> str:
        return html

    def template_after(self, template_result: Any = None, **kwargs: Any) -> None:
        from django.contrib.messages import get_messages
        from django.http import HttpResponseRedirect

        from .callbacks import command

        # A redirect shows the messages on the page it goes to: leave them stored.
        if isinstance(template_result, HttpResponseRedirect):
            return
        for message in get_messages(context.request):
            command("alertify.notify", str(message), message.level_tag, self.delay, self.position)
