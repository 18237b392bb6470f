"""One connection's page: its claims, its own copy of the page state, and what runs on it.

Everything here runs in a worker thread (``workers.in_worker``): opening a page (store look-up,
maybe a rebuild render), running a handler (user code, render, diff, encode) and saving the
page's snapshot back to the store after every event, so a reconnect — to this process or, with a
shared store, to another — resumes exactly where the user was. The exception is ``arun``: an
``async def`` handler runs on the event loop (see there).
"""

from __future__ import annotations

import io
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from django.core.handlers.asgi import ASGIRequest

from .appstate import dump_app_state, load_app_state, user_attributes
from .callbacks import CallbackResult, PermissionDeniedError, arun_callback, result_commands, run_callback
from .clip import clip_text
from .commands import morph
from .conf import setting
from .pagestate import rebuild_page
from .signature import BadArgumentsError
from .store import MemoryPageStore, PageState, page_store
from .tokens import PageClaims, sign
from .wire import Tag, encode_message, is_diff_frame

__all__ = ["LivePage", "build_request", "open_page"]

logger = logging.getLogger("hypergen_vdom")

# An async handler's diff, frame and snapshot run on the event loop up to these sizes, in one
# worker-thread hop beyond (LivePage.arun; the measurements are in README "async def consumers").
ASYNC_INLINE_NODES = 2000
ASYNC_INLINE_STATE_BYTES = 64 * 1024

RESET = ["hypergen.reset"]  # the client fires `hypergen:reset`: the page started afresh


def build_request(scope: dict[str, Any], path: str) -> ASGIRequest:
    """A Django request for the page at ``path``, with the websocket's user, session and headers."""
    page_path, _, query = path.partition("?")
    http_scope = {**scope, "type": "http", "method": "GET", "path": page_path, "query_string": query.encode()}
    http_scope.setdefault("root_path", "")
    request = ASGIRequest(http_scope, io.BytesIO())
    if "user" in scope:
        request.user = scope["user"]
    if "session" in scope:
        request.session = scope["session"]
    return request


class LivePage:
    """The page a connection serves, after a successful hello."""

    def __init__(
        self, claims: PageClaims, state: PageState, request: Any, own: frozenset[str], owner: str
    ) -> None:
        self.claims = claims
        self.owner = owner  # who holds the page's claim: the tab …
        self.connection = ""  # … through this connection (its channel name)
        self.state = state  # this connection's own copy; the store gets snapshots of it
        self.request = request
        self._where = clip_text(claims.path, 100)  # the page, as log lines name it (once, not per save)
        self._own = own  # the consumer's own attribute names: the rest is app state
        self._restored: bytes | None = None
        self._warned = False
        # Set when a save found that a newer connection of this tab took the page over: this one is
        # a half-open leftover, and the consumer closes it (Close.SUPERSEDED).
        self.superseded = False

    def restored_attributes(self) -> dict[str, Any]:
        """The app state to set on the consumer (what user code had set before the reconnect)."""
        attributes = load_app_state(self._restored)
        self._restored = None
        return {name: value for name, value in attributes.items() if name not in self._own}

    def release(self) -> None:
        page_store().release(self.claims.key, self.owner, self.connection)

    def save(self, consumer: Any) -> None:
        if not page_store().owns(self.claims.key, self.owner, self.connection):
            # A newer connection of this tab took the page over (this one is a half-open leftover
            # that a group message still reached): its state is the page's now, not ours.
            self.superseded = True
            return
        state = self.state
        state.app_state, state.app_state_complete = dump_app_state(
            user_attributes(consumer, self._own),
            setting("HYPERGEN_MAX_APP_STATE_BYTES"),
            self._where,
            warn=not self._warned,
        )
        self._warned = self._warned or not state.app_state_complete
        page_store().put(self.claims.key, state.copy())

    def resync(self) -> bytes:
        assert self.state.session is not None
        frame = self.state.session.replace_all()
        page_store().put(self.claims.key, self.state.copy())
        return frame

    def answer_again(self, seq: int) -> list[bytes]:
        """An event the client re-sent after a reconnect, applied before: never run twice. Its
        answer is sent again if it was the last one (the client may never have seen it)."""
        if seq == self.state.last_event_seq and self.state.last_answer:
            return list(self.state.last_answer)
        return [encode_message([Tag.COMMANDS, seq, []])]

    def run_event(
        self, handler: Any, consumer: Any, args: list[Any], seq: int, debug: bool
    ) -> tuple[list[bytes], str]:
        """``run``, with event ``seq`` marked in flight in the page store meanwhile (a reconnect of
        the tab waits for it: ``open_page``). Synchronous: called in a worker thread."""
        if not seq:
            return self.run(handler, consumer, args, seq, debug)
        store = page_store()
        store.begin_event(self.claims.key, seq)
        try:
            return self.run(handler, consumer, args, seq, debug)
        finally:
            store.end_event(self.claims.key)

    def run(
        self, handler: Any, consumer: Any, args: list[Any], seq: int, debug: bool
    ) -> tuple[list[bytes], str]:
        """Run ``handler`` for event ``seq`` (0: a group message); its answer frames and, when it
        failed, what to log. Synchronous: called in a worker thread."""
        problem = ""
        memo = self.state.session.memo if self.state.session is not None else None
        leading = (consumer, self.request)
        try:
            result = run_callback(handler.hypergen.options, self.request, leading, args, memo)
        except Exception as error:
            frames, problem = self._failed(handler, error, seq, debug)
        else:
            frames = self._answer(result, seq)
        self._record(seq, frames)
        self.save(consumer)
        return frames, problem

    async def arun(
        self,
        handler: Any,
        consumer: Any,
        args: list[Any],
        seq: int,
        debug: bool,
        offload: Callable[..., Awaitable[Any]],
    ) -> tuple[list[bytes], str]:
        """``run`` for an ``async def`` handler, on the event loop: no thread hop for the user's
        code (nor for what it renders, which it does itself).

        Then the diff, the frame and the page's snapshot: on the loop too for a small page (its kept
        tree at most ``ASYNC_INLINE_NODES`` ids, its last app state at most ``ASYNC_INLINE_STATE_BYTES``,
        the in-process store), where a worker-thread hop would cost more than the work; otherwise
        in one ``offload`` hop, so a big page's diff or a pickled state or a Redis round trip
        never blocks the other connections' events.
        """
        problem = ""
        frames: list[bytes] | None = None
        result: CallbackResult | None = None
        session = self.state.session
        try:
            result = await arun_callback(
                handler.hypergen.options,
                self.request,
                (consumer, self.request),
                args,
                offload,
                session.memo if session is not None else None,
            )
        except Exception as error:
            frames, problem = self._failed(handler, error, seq, debug)
        if self._finish_inline():
            return self._finish(result, consumer, seq, frames), problem
        return await offload(self._finish, result, consumer, seq, frames), problem

    def _finish(
        self, result: CallbackResult | None, consumer: Any, seq: int, frames: list[bytes] | None
    ) -> list[bytes]:
        if frames is None:
            assert result is not None
            frames = self._answer(result, seq)
        self._record(seq, frames)
        self.save(consumer)
        return frames

    def _finish_inline(self) -> bool:
        session = self.state.session
        return (
            (session is None or session.next_id <= ASYNC_INLINE_NODES)
            and len(self.state.app_state or b"") <= ASYNC_INLINE_STATE_BYTES
            and isinstance(page_store(), MemoryPageStore)
        )

    def _failed(self, handler: Any, error: Exception, seq: int, debug: bool) -> tuple[list[bytes], str]:
        if isinstance(error, (PermissionDeniedError, BadArgumentsError)):
            problem = str(error)
            # a broadcast simply skips connections that may not see it
            return ([encode_message([Tag.ERROR, seq, problem])] if seq else []), problem
        logger.exception("hypergen consumer %s failed", handler.hypergen.qualified_name)  # in its except
        detail = f": {clip_text(repr(error))}" if debug else ""
        return [encode_message([Tag.ERROR, seq, f"error in {handler.__name__}{detail}"])], ""

    def _record(self, seq: int, frames: list[bytes]) -> None:
        if seq:
            # Recorded whatever the outcome: a handler that failed half-way must not run again.
            self.state.last_event_seq = seq
            self.state.last_answer = tuple(frames)

    def _answer(self, result: CallbackResult, seq: int) -> list[bytes]:
        self.state.handlers |= result.bound_handlers
        session = self.state.session
        if session is None or (result.content is not None and result.target_id != self.state.target_id):
            # classic page, or a consumer rendering into another element: morph
            return [encode_message([Tag.COMMANDS, seq, result_commands(result)])]
        frames = [session.update(result.content if result.redirect is None else None, seq)]
        if result.commands or result.redirect is not None:
            frames.append(encode_message([Tag.COMMANDS, seq, result_commands(result, with_content=False)]))
        return frames


def open_page(
    claims: PageClaims,
    scope: dict[str, Any],
    owner: str,
    connection: str,
    last_seq: int,
    own: frozenset[str],
) -> tuple[LivePage, list[bytes]] | None:
    """The page a valid token names, and the frames to send first; None when it can't be served.

    - Its stored state, if the client's DOM is where the store says (no payload at all), or one
      REPLACE of the target if the client missed frames.
    - A tab whose token another live connection holds (a duplicated tab) gets a fork: a token of
      its own (a ``"t"`` frame) and a copy of the state, so neither can corrupt the other.
    - No stored state (a restart with the in-process store, an evicted entry) or app state that
      could not be kept: the page is rendered afresh for this user (``perm=`` checked again) and
      sent whole, with ``hypergen.reset`` — never stale content over fresh state.
    """
    request = build_request(scope, claims.path)
    store = page_store()
    # First: an event the old connection still runs must finish and be saved by it — once this
    # connection holds the claim, the old one may no longer save.
    _await_event_in_flight(claims.key)
    claimed = store.claim(claims.key, owner, connection)
    stored = store.get(claims.key)
    frames: list[bytes] = []
    if not claimed:
        claims = replace(claims, key=secrets.token_urlsafe(16))
        store.claim(claims.key, owner, connection)
        frames.append(encode_message([Tag.TOKEN, sign(claims)]))
        if stored is not None:
            # Another tab: its events are numbered from its own page load, not the original's.
            stored = replace(stored, last_event_seq=0, last_answer=())
    restored = None
    if stored is None or not stored.app_state_complete:
        rebuilt = rebuild_page(request)
        if rebuilt is None:
            store.release(claims.key, owner, connection)
            return None
        state = rebuilt.state
        if state.session is not None:
            frames.append(state.session.replace_all())
            commands = [RESET]
        else:
            html = rebuilt.target_html
            commands = [RESET]
            if html is not None and state.target_id:
                commands.insert(0, morph(state.target_id, html))
        frames.append(encode_message([Tag.COMMANDS, 0, commands]))
    else:
        state = stored.copy()
        restored = state.app_state
        if state.session is not None and last_seq != state.session.seq:
            frames.append(state.session.replace_all())
            # The REPLACE renumbers the target: a diff frame kept to answer a re-sent event again
            # would now land on the wrong nodes. Its commands (a redirect …) still count.
            state.last_answer = tuple(frame for frame in state.last_answer if not is_diff_frame(frame))
    page = LivePage(claims, state, request, own, owner)
    page.connection = connection
    page._restored = restored
    if frames:
        store.put(claims.key, state.copy())
    return page, frames


# How long a reconnecting tab waits for an event its old connection is still running.
_IN_FLIGHT_WAIT = 30.0


def _await_event_in_flight(key: str) -> None:
    """A tab that reconnects while its old connection still runs an event (the answer was lost
    with the connection, the user code is slow) waits for that event to finish and be saved, so
    the re-sent event is recognised as applied instead of running twice."""
    store = page_store()
    deadline = time.monotonic() + _IN_FLIGHT_WAIT
    while store.event_in_flight(key) and time.monotonic() < deadline:
        time.sleep(0.02)
