"""Protocol fuzzing: Hypothesis drives the page websocket with random and mutated frames.

Each Hypothesis example is one page load (``/workbench/``, ``/diff_page/`` or ``/diff_list/``, a
fresh session) and a sequence of 50–80 frames from ``tests/fuzz_frames.py`` sent over its
socket, with the odd reconnect of the same page load in between. After every frame a barrier
(``["ping"]`` → ``["pong"]``) collects what answered it, and the answers are checked against what
``websocket.py`` does for that very frame:

- every answer is well-formed: a diff frame (``wire.decode_frame`` accepts it), or a ``"c"``,
  ``"e"`` (message under 500 characters, one line) or ``"t"`` frame;
- every frame is answered as its kind demands. An event (first element an int) gets at least one
  frame acknowledging exactly its seq, and precisely the answer the state calls for: "say hello
  first", "[seq > 0 …]", a re-sent event its recorded answer again or ``["c", seq, []]`` (applied
  once, across reconnects too), "not bound" for a handler the page didn't bind, the coercion error
  ``decode_args`` gives, or the handler's run (its render, or its error). A hello after the hello
  gets "hello was already said", a hello with a token this session wasn't served an error and
  4001; garbage one "malformed frame"/"non-empty msgpack array" error; an unknown kind its error;
  ping, ack and resync what they promise;
- the socket closes only cleanly and only for cause (``wire.Close``): 4001 after a bad hello, 4008
  when more than ``HYPERGEN_MAX_UNACKED_BYTES`` of output went unacknowledged, 4002 when no hello
  came in time; never 1011, never an exception out of the consumer. After a close the rest of the
  sequence goes to a fresh page load;
- a bystander page (another session, open from before the first example to after the last)
  receives nothing it didn't ask for, and after every example its state is exactly its own;
- every ``hypergen_vdom`` log record is one line of at most 1 000 characters, and none says
  "internal error".

The main run raises the rate limits so frames reach the handlers; a smaller run keeps the default
limits and checks less (the limiter silently drops non-event frames, so its barrier is an event
with a seq of its own, which is always answered). 200 examples send at least 10 000 frames;
``HYPERGEN_FUZZ_EXAMPLES=2000`` runs ten times as many, and ``HYPERGEN_FUZZ_STATS=1`` adds a count
of each error message to the summary the runs print.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import msgpack
import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from hypergen_vdom.clip import clip
from hypergen_vdom.coerce import CoercionError, decode_args
from hypergen_vdom.conf import setting
from hypergen_vdom.registry import lookup
from hypergen_vdom.spec import handler_id_of
from hypergen_vdom.testing.communicator import HypergenCommunicator, client_script_data, cookie_header
from hypergen_vdom.websocket import HypergenConsumer
from hypergen_vdom.wire import Close, Op, decode_frame

from . import support_views as views
from .fuzz_frames import BOUND, DIFF_PAGES, NEXT, Back, Example, Msg, Raw, Reconnect, Text, Token, examples

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.support_root_urls")]

EXAMPLES = int(os.environ.get("HYPERGEN_FUZZ_EXAMPLES", "200"))
MIN_FRAMES, MAX_FRAMES = 50, 80  # per example: 200 examples send at least 10 000 frames
REQUIRED_FRAMES = 10_000
ANSWER_TIMEOUT = 10.0  # seconds a frame may go unanswered before the test says it never will
MAX_LOG_CHARS = 1_000
MAX_ERROR_CHARS = 500
ERROR_STATS = bool(os.environ.get("HYPERGEN_FUZZ_STATS"))  # the summary counts each error message

BINARY_ONLY = ["e", 0, "hypergen_vdom speaks binary msgpack frames only"]
NOT_AN_ARRAY = ["e", 0, "a frame must be a non-empty msgpack array"]
ALREADY = ["e", 0, "hello was already said on this connection"]
NO_RESYNC = ["e", 0, "resync needs a diff-mode page (after hello)"]
SAY_HELLO = "say hello first: no page is open on this connection"
BAD_EVENT = "an event frame is [seq > 0, handler_id, args]"
TOO_MANY = "too many frames: slow down"

def _unhashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return True
    return False


class _Malformed:
    def __repr__(self) -> str:
        return "MALFORMED"


MALFORMED = _Malformed()


def server_view(data: bytes) -> Any:
    """What the consumer's own decoder makes of ``data``: a non-empty list, MALFORMED, or the
    (non-list or empty) value."""
    try:
        return HypergenConsumer.decode_msgpack(data)
    except Exception:
        return MALFORMED


# --- plumbing ------------------------------------------------------------------------------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def hypergen_log() -> Iterator[_Records]:
    handler = _Records()
    logger = logging.getLogger("hypergen_vdom")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


async def next_output(ws: HypergenCommunicator, timeout: float) -> dict[str, Any] | None:
    """The consumer's next message, or None after ``timeout``. Unlike ``receive_output`` a timeout
    doesn't cancel the application; an exception that escaped it is raised here."""
    if not ws.output_queue.empty():
        return ws.output_queue.get_nowait()
    if ws.future.done():
        ws.future.result()
        raise AssertionError("the consumer ended without closing the socket")
    getter = asyncio.ensure_future(ws.output_queue.get())
    done, _ = await asyncio.wait({getter, ws.future}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if getter in done:
        return getter.result()
    getter.cancel()
    if ws.future.done():
        ws.future.result()
        raise AssertionError("the consumer ended without closing the socket")
    return None


async def open_page(client: Client, path: str) -> HypergenCommunicator:
    """``HypergenCommunicator.open(client, path, hello=False)`` with this module's patience: on a
    busy machine accepting a socket can take longer than Channels' default second."""
    response = await sync_to_async(client.get)(path)
    assert response.status_code == 200, response.status_code
    ws = HypergenCommunicator(cookie_header(client))
    ws.page_html = response.content.decode()
    ws.token = client_script_data(ws.page_html).get("token")
    connected, _ = await ws.connect(timeout=ANSWER_TIMEOUT)
    assert connected, "the websocket refused the connection"
    return ws


async def receive(ws: HypergenCommunicator) -> Any:
    """The next frame, decoded (a timeout fails, it doesn't cancel the consumer)."""
    output = await next_output(ws, ANSWER_TIMEOUT)
    assert output is not None, f"nothing within {ANSWER_TIMEOUT} s"
    assert output["type"] == "websocket.send", output
    return msgpack.unpackb(output["bytes"], raw=False)


async def disconnect(ws: HypergenCommunicator) -> None:
    await ws.disconnect(timeout=ANSWER_TIMEOUT)


def check_shape(frame: Any, data: bytes) -> None:
    """A server frame is one of the kinds docs/protocol.md §5 lists, well-formed."""
    assert isinstance(frame, list) and frame, frame
    head = frame[0]
    if type(head) is int:
        decoded = decode_frame(data)  # raises FrameError on a malformed diff frame
        assert decoded.seq > 0, frame
    elif head == "c":
        assert len(frame) == 3 and type(frame[1]) is int and isinstance(frame[2], list), frame
        assert all(isinstance(c, list) and c and isinstance(c[0], str) for c in frame[2]), frame
    elif head == "e":
        assert len(frame) == 3 and type(frame[1]) is int and isinstance(frame[2], str), frame
        assert len(frame[2]) < MAX_ERROR_CHARS and "\n" not in frame[2], frame
    elif head == "t":
        assert len(frame) == 2 and isinstance(frame[1], str), frame
    else:
        assert frame == ["pong"], frame


def short(value: Any) -> str:
    return clip(value, 300)


# --- the bystander ---------------------------------------------------------------------------------


class Bystander:
    """A page of another session, open across the whole run; its state must only change by its
    own events, and nothing may reach it unasked."""

    def __init__(self, ws: HypergenCommunicator) -> None:
        self.ws = ws
        self.items: list[str] = []
        self.broken = ""  # why the bystander failed: later examples fail at once, saying so
        self.received = self.acked = 0  # bytes, for ["ack", n] like a browser (else 4008 in the end)

    @classmethod
    async def open(cls) -> Bystander:
        ws = await open_page(Client(), "/workbench/")
        await ws.send_frame(["hello", ws.token, 0, "/workbench/", ws.tab])
        await ws.send_frame(["ping"])
        assert await receive(ws) == ["pong"]
        bystander = cls(ws)
        await bystander.add("kept")
        return bystander

    async def add(self, item: str) -> None:
        await self.ws.event(views.add_item, item)
        output = await next_output(self.ws, ANSWER_TIMEOUT)
        assert output is not None and output["type"] == "websocket.send", output
        self.received += len(output["bytes"])
        if self.received - self.acked >= 65_536:
            await self.ws.send_frame(["ack", self.received])
            self.acked = self.received
        frame = msgpack.unpackb(output["bytes"], raw=False)
        self.items.append(item)
        expected = ["c", self.ws.seq, [["hypergen.morph", "content", f"<p>{', '.join(self.items)}</p>"]]]
        assert frame == expected, ("the bystander's state changed under it", short(frame))

    def assert_alive(self) -> None:
        assert not self.broken, f"the bystander broke in an earlier example: {self.broken}"

    async def check(self) -> None:
        self.assert_alive()
        try:
            unasked = not await self.ws.receive_nothing(timeout=0.02, interval=0.005)
            assert not unasked, "the bystander got frames it didn't ask for"
            await self.add(str(len(self.items)))
        except BaseException as error:
            self.broken = clip(error, 1000)
            raise


# --- one fuzzed connection ------------------------------------------------------------------------


class Conn:
    def __init__(self, ws: HypergenCommunicator) -> None:
        self.ws = ws
        self.opened_at = time.monotonic()
        self.page_open: bool | None = False  # None: unknown (a hello the rate limiter may have dropped)
        self.state_token: str | None = None  # whose stored state the open page continues
        self.server_seq = 0  # the last diff frame received (by this page load)
        self.received = 0  # bytes of server frames on this socket
        self.acked = 0  # bytes the server has certainly seen acknowledged


class Fuzzer:
    """Runs examples against the server. ``strict``: rate limits raised, every answer predicted."""

    def __init__(self, strict: bool, bystander: Bystander, log: _Records) -> None:
        self.strict = strict
        self.bystander = bystander
        self.log = log
        self.frames = 0
        self.examples = 0
        self.nonce = 0
        self.stats: Counter[str] = Counter()

    async def run(self, example: Example) -> None:
        self.bystander.assert_alive()
        self.log.records.clear()  # what an earlier, failed example left
        run = ExampleRun(self, example)
        conn = await run.open()
        try:
            for recipe, frame in example.frames():
                if isinstance(frame, Reconnect):
                    conn = await run.reconnect(conn, frame.resume)
                else:
                    conn = await run.step(conn, frame, recipe)
        finally:
            await disconnect(conn.ws)
        self.examples += 1
        self.check_log()
        await self.bystander.check()

    def check_log(self) -> None:
        internal = 0
        for record in self.log.records:
            message = record.getMessage()
            assert len(message) <= MAX_LOG_CHARS and "\n" not in message, short(message)
            internal += "internal error on a frame" in message
        assert internal == 0, f"{internal} internal errors logged"
        self.log.records.clear()


class ExampleRun:
    def __init__(self, fuzzer: Fuzzer, example: Example) -> None:
        self.fuzzer = fuzzer
        self.strict = fuzzer.strict
        self.path = example.path
        self.hello_first = example.hello_first
        self.client = Client()
        self.tokens: list[str] = []  # every token this page load got (GET, "t" frames)
        # per token: the last event seq its stored state applied, and the answers it recorded
        self.applied: dict[str, tuple[int, list[Any] | None]] = {}
        self.max_seq = 0

    # --- connections

    async def open(self) -> Conn:
        ws = await open_page(self.client, self.path)
        assert ws.token
        self.tokens.append(ws.token)
        self.applied[ws.token] = (0, None)
        conn = Conn(ws)
        if self.hello_first:
            answers, code = await self.exchange(conn, Msg(["hello", Token("own"), 0, self.path, ws.tab]))
            assert code is None and not [a for a in answers if a[0] == "e"], short(answers)
            if not self.strict:
                self.hello_succeeded(conn, ws.token, answers)
            assert conn.page_open, short(answers)
        return conn

    async def reconnect(self, conn: Conn, resume: bool) -> Conn:
        """A new socket of the same page load (cookies, token, tab), hello said with the token the
        page's state lives under, and the last diff frame received (``resume``) or 0."""
        await disconnect(conn.ws)
        ws = HypergenCommunicator(conn.ws.cookies, conn.ws.application)
        ws.token, ws.tab = conn.ws.token, conn.ws.tab
        connected, _ = await ws.connect(timeout=ANSWER_TIMEOUT)
        assert connected
        again = Conn(ws)
        again.server_seq = conn.server_seq
        token = conn.state_token or ws.token
        last = conn.server_seq if resume else 0
        answers, code = await self.exchange(again, Msg(["hello", token, last, self.path, ws.tab]))
        assert code is None and not [a for a in answers if a[0] == "e"], short(answers)
        if not self.strict:
            self.hello_succeeded(again, token, answers)
        self.fuzzer.stats["reconnects"] += 1
        return again

    async def step(self, conn: Conn, spec: Any, recipe: Any) -> Conn:
        self.fuzzer.frames += 1  # fuzzed frames (barriers and acks not counted)
        _, code = await self.exchange(conn, spec, recipe)
        if code is not None:
            self.fuzzer.stats[f"close {code}"] += 1
            await disconnect(conn.ws)
            return await self.open()
        if conn.received - conn.acked >= 65_536:  # what the client does after every 64 KiB
            await conn.ws.send_frame(["ack", conn.received])
            if self.strict:  # never dropped by the limiter, so the server has it before what follows
                conn.acked = conn.received
        return conn

    # --- one frame

    def payload(self, conn: Conn, spec: Any) -> tuple[bytes | None, str | None]:
        if isinstance(spec, Text):
            return None, spec.data
        if isinstance(spec, Raw):
            return spec.data, None
        assert isinstance(spec, Msg)
        value = spec.value
        if isinstance(value, list):
            value = [self.resolve(conn, item) for item in value]
        return spec.damaged(msgpack.packb(value, use_bin_type=True)), None

    def resolve(self, conn: Conn, item: Any) -> Any:
        if item is NEXT:
            return min(self.max_seq + 1, 2**64 - 1)
        if isinstance(item, Back):
            return self.max_seq - item.k
        if isinstance(item, Token):
            whose = {"own": conn.ws.token, "old": self.tokens[0], "bystander": self.fuzzer.bystander.ws.token}
            return item.apply(whose[item.whose])
        return item

    async def exchange(self, conn: Conn, spec: Any, recipe: Any = None) -> tuple[list[Any], int | None]:
        """Send one frame and a barrier; check what answered it. The answers and the close code."""
        data, text = self.payload(conn, spec)
        view = server_view(data) if data is not None else None
        if data is not None:
            assert len(data) <= setting("HYPERGEN_MAX_MESSAGE_BYTES"), "fuzz frames stay under the limit"
        # send_input, not send_to: an empty message is a message too
        message = {"bytes": data} if data is not None else {"text": text}
        await conn.ws.send_input({"type": "websocket.receive", **message})
        head = view[0] if isinstance(view, list) and view else None
        if type(head) is int and head > self.max_seq:
            self.max_seq = min(head, 2**64 - 1)

        if self.strict:
            await conn.ws.send_frame(["ping"])
            pongs = 2 if isinstance(view, list) and view and type(head) is not int and head == "ping" else 1
            answers, code = await self.collect(conn, pong_count(pongs), spec)
        else:
            self.fuzzer.nonce += 1
            nonce = -(10**15 + self.fuzzer.nonce)  # an event seq no fuzzed frame uses: always answered
            await conn.ws.send_frame([nonce, "", []])
            answers, code = await self.collect(conn, lambda f: f[0] == "e" and f[1] == nonce, spec)
        for answer in answers:
            self.fuzzer.stats[f"answer {answer[0] if isinstance(answer[0], str) else 'diff'}"] += 1
            if answer[0] == "e" and ERROR_STATS:
                self.fuzzer.stats["e: " + answer[2][:40]] += 1
        try:
            self.check(conn, spec, view, answers, code)
        except AssertionError as error:
            raise AssertionError(
                f"frame {short(view if data is not None else text)} ({recipe}) on {self.path}, "
                f"page open: {conn.page_open} → answers {short(answers)}, close {code}: {error}"
            ) from None
        return answers, code

    async def collect(
        self, conn: Conn, done: Callable[[Any], bool], spec: Any
    ) -> tuple[list[Any], int | None]:
        answers: list[Any] = []
        while True:
            output = await next_output(conn.ws, ANSWER_TIMEOUT)
            assert output is not None, f"unanswered: nothing within {ANSWER_TIMEOUT} s after {short(spec)}"
            if output["type"] == "websocket.close":
                return answers, output.get("code", 1000)
            assert output["type"] == "websocket.send" and output.get("text") is None, output
            data = output["bytes"]
            conn.received += len(data)
            frame = msgpack.unpackb(data, raw=False)
            check_shape(frame, data)
            if type(frame[0]) is int:
                conn.server_seq = max(conn.server_seq, frame[0])
            if done(frame):
                return answers, None
            if frame != ["pong"]:  # the pongs of fuzzed pings are counted by `done`
                answers.append(frame)

    # --- what the answers must be

    def check(self, conn: Conn, spec: Any, view: Any, answers: list[Any], code: int | None) -> None:
        if code is not None:
            self.check_close(conn, view, answers, code)
            if code != Close.RELOAD:  # 4008 or 4002: a clean close for cause may cut any answer short
                if isinstance(view, list) and view and type(view[0]) is int:
                    self.closed_mid_event(conn, view)
                return
        if isinstance(spec, Text):
            assert answers == [BINARY_ONLY] and code is None
        elif view is MALFORMED:
            assert len(answers) == 1 and answers[0][:2] == ["e", 0], "one error"
            assert answers[0][2].startswith("malformed frame: ")
            assert code is None
        elif not isinstance(view, list) or not view:
            assert answers == [NOT_AN_ARRAY] and code is None
        elif type(view[0]) is int:
            self.check_event(conn, view, answers, code)
        elif view[0] == "hello":
            self.check_hello(conn, view, answers, code)
        elif not self.strict and not answers:
            return  # dropped by the rate limiter
        elif view[0] in ("ping", "ack"):
            assert answers == []
        elif view[0] == "resync":
            if self.strict and conn.page_open and self.path in DIFF_PAGES:
                assert len(answers) == 1 and type(answers[0][0]) is int, "one REPLACE of the target"
                frame = decode_frame(msgpack.packb(answers[0]))
                assert frame.acked_event_seq == 0 and [op[:2] for op in frame.ops] == [(Op.REPLACE, 0)]
            elif self.strict:
                assert answers == [NO_RESYNC]
            else:
                assert len(answers) == 1 and answers[0][1] == 0
        else:
            assert answers == [["e", 0, f"unknown frame type {clip(view[0])}"]]

    def check_close(self, conn: Conn, view: Any, answers: list[Any], code: int) -> None:
        assert code != 1011, "closed with 1011 (internal error)"
        if code == Close.NOT_READING:
            limit = setting("HYPERGEN_MAX_UNACKED_BYTES")
            assert conn.received - conn.acked > limit, "4008 though the client acknowledged its output"
        elif code == Close.NO_HELLO:
            assert conn.page_open is not True, "4002 on a connection that said hello"
            assert time.monotonic() - conn.opened_at >= setting("HYPERGEN_HELLO_TIMEOUT") - 0.5
        else:
            assert code == Close.RELOAD, f"closed with {code}"
            assert isinstance(view, list) and view and view[0] == "hello", "4001 after something not a hello"
            assert conn.page_open is not True, "4001 after a second hello"
            assert answers and answers[-1][:2] == ["e", 0] and answers[-1][2].endswith(": reload the page")

    def check_event(self, conn: Conn, frame: list[Any], answers: list[Any], code: int | None) -> None:
        seq = frame[0]
        assert code is None
        if not self.strict:
            self.check_answered(seq, answers)
            if answers != [["e", seq, TOO_MANY]] and conn.page_open is None:
                conn.page_open = answers[0][2:] != [SAY_HELLO]
            return
        expected: list[Any] | None = None
        if not conn.page_open:
            expected = [["e", seq, SAY_HELLO]]
        elif len(frame) != 3 or seq <= 0:
            expected = [["e", seq, BAD_EVENT]]
        else:
            assert conn.state_token is not None
            last, recorded = self.applied[conn.state_token]
            ident = frame[1]
            if seq < last:
                expected = [["c", seq, []]]  # applied already: acknowledged, never run twice
                self.fuzzer.stats["re-sent event acknowledged"] += 1
            elif seq == last:
                # its answer again (None: not known, checked above only)
                expected = recorded if recorded != [] else [["c", seq, []]]
                self.fuzzer.stats["re-sent event answered again"] += 1
            elif _unhashable(ident) or ident not in BOUND[self.path]:
                expected = [["e", seq, f"handler {clip(ident)} is not bound on this page"]]
            else:
                handler = lookup(ident)
                try:
                    decode_args(frame[2])
                except CoercionError as error:
                    expected = [["e", seq, f"{handler.__name__}: {error}"]]
                else:
                    self.ran(conn, seq, answers)
        self.check_answered(seq, answers)
        if expected is not None:
            assert answers == expected, f"expected {short(expected)}"

    def check_answered(self, seq: int, answers: list[Any]) -> None:
        assert answers, "an event must be answered"
        assert all(a[0] != "t" and a[1] == seq for a in answers), "every answer acknowledges the event's seq"
        if answers == [["e", seq, TOO_MANY]]:
            self.fuzzer.stats["rate limited"] += 1

    def ran(self, conn: Conn, seq: int, answers: list[Any]) -> None:
        """The handler ran: its answer (or the error it raised) acknowledges the event."""
        assert conn.state_token is not None
        kinds = [a[0] if isinstance(a[0], str) else "diff" for a in answers]
        if self.path in DIFF_PAGES:
            assert kinds in (["e"], ["diff"], ["diff", "c"]), kinds
        else:
            assert kinds in (["e"], ["c"]), kinds
        self.applied[conn.state_token] = (seq, answers)
        self.fuzzer.stats["handler ran"] += 1

    def closed_mid_event(self, conn: Conn, frame: list[Any]) -> None:
        """4008 while answering: if the event ran, its recorded answer is unknown to us."""
        if self.strict and conn.page_open and conn.state_token is not None and len(frame) == 3:
            last, _ = self.applied[conn.state_token]
            if frame[0] > last:
                self.applied[conn.state_token] = (frame[0], None)

    def check_hello(self, conn: Conn, frame: list[Any], answers: list[Any], code: int | None) -> None:
        if conn.page_open:
            assert answers == [ALREADY] or (not self.strict and answers == []), "hello was already said"
            assert code is None
            return
        if not self.strict:
            if code == Close.RELOAD:
                return
            if answers == [ALREADY] or any(a[0] != "e" for a in answers):
                conn.page_open = True
            elif not answers:
                conn.page_open = None  # said, or dropped by the limiter
            return
        token = frame[1] if len(frame) > 1 else None
        if isinstance(token, str) and token in self.tokens:  # a token this session was served
            assert code is None and not [a for a in answers if a[0] == "e"], "a valid hello opens the page"
            if token != conn.ws.token:
                self.fuzzer.stats["hello with an earlier token"] += 1
            self.hello_succeeded(conn, token, answers)
        else:
            assert code == Close.RELOAD and len(answers) == 1, "a bad token gets one error and 4001"
            if token == self.fuzzer.bystander.ws.token:
                assert "another session" in answers[0][2]

    def hello_succeeded(self, conn: Conn, token: str, answers: list[Any]) -> None:
        state = token
        for answer in answers:
            if answer[0] == "t":  # a fork under a token of its own: its events start afresh
                state = answer[1]
                self.tokens.append(state)
                self.applied[state] = (0, None)
            elif answer[0] == "c":
                assert answer[1] == 0
                if ["hypergen.reset"] in answer[2]:  # state rebuilt: a page afresh
                    self.applied[state] = (0, None)
            else:
                assert answer[0] != "e" and answer[1] == 0, "a hello's frames acknowledge no event"
        last, recorded = self.applied[state]
        if recorded and any(type(answer[0]) is int for answer in answers):
            # The hello's REPLACE renumbered the target: a kept diff frame would land on the wrong
            # nodes, so a re-sent event gets only the rest of its answer (livepage.open_page).
            self.applied[state] = (last, [frame for frame in recorded if type(frame[0]) is not int])
        conn.page_open = True
        conn.state_token = state


def pong_count(n: int) -> Callable[[Any], bool]:
    left = [n]

    def done(frame: Any) -> bool:
        if frame == ["pong"]:
            left[0] -= 1
        return left[0] == 0

    return done


# --- the runs ---------------------------------------------------------------------------------------


def fuzz(strict: bool, max_examples: int, min_size: int, max_size: int) -> Fuzzer:
    """Run ``max_examples`` Hypothesis examples on one event loop, the bystander open throughout."""
    loop = asyncio.new_event_loop()
    try:
        with hypergen_log() as log:
            bystander = loop.run_until_complete(Bystander.open())
            fuzzer = Fuzzer(strict, bystander, log)

            @hypothesis_settings(
                max_examples=max_examples,
                deadline=None,
                suppress_health_check=[
                    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example
                ],
            )
            @given(examples(min_size, max_size))
            def one_example(example: Example) -> None:
                loop.run_until_complete(fuzzer.run(example))

            try:
                one_example()
            finally:
                loop.run_until_complete(disconnect(bystander.ws))
        return fuzzer
    finally:
        loop.close()


def report(name: str, fuzzer: Fuzzer, started: float) -> str:
    stats = "\n  ".join(f"{key!r}: {n}" for key, n in sorted(fuzzer.stats.items(), key=lambda kv: -kv[1]))
    return (
        f"{name}: {fuzzer.frames} frames in {fuzzer.examples} examples, {time.monotonic() - started:.1f} s\n"
        f"  {stats}"
    )


def test_fuzzed_frames_are_all_answered_and_leave_a_bystander_alone(settings, capsys):
    settings.HYPERGEN_FRAMES_PER_SECOND = 10**6
    settings.HYPERGEN_RESYNCS_PER_MINUTE = 10**6
    started = time.monotonic()
    fuzzer = fuzz(True, EXAMPLES, MIN_FRAMES, MAX_FRAMES)
    summary = report("strict fuzz", fuzzer, started)
    with capsys.disabled():
        print("\n" + summary)
    assert fuzzer.frames >= min(REQUIRED_FRAMES, MIN_FRAMES * EXAMPLES), summary
    assert fuzzer.stats["handler ran"] > fuzzer.frames // 20, "the fuzzer must reach the handlers"


def test_fuzzed_frames_at_the_default_rate_limits(capsys):
    started = time.monotonic()
    fuzzer = fuzz(False, max(10, EXAMPLES // 10), 30, 90)
    summary = report("default-limits fuzz", fuzzer, started)
    with capsys.disabled():
        print("\n" + summary)
    assert fuzzer.frames >= 30 * max(10, EXAMPLES // 10), summary
    assert fuzzer.stats["rate limited"] > 0, "the fuzzer must meet the rate limiter"


# --- oversize frames: Close.TOO_BIG ---------------------------------------------------------------


def _event_of_size(size: int, seq: int) -> bytes:
    """An add_item event of exactly ``size`` bytes."""
    ident = handler_id_of(views.add_item)
    probe = len(msgpack.packb([seq, ident, ["x" * 70_000]]))
    data = msgpack.packb([seq, ident, ["x" * (70_000 + size - probe)]])
    assert len(data) == size
    return data


@pytest.mark.asyncio
async def test_frames_over_the_limit_close_the_socket_and_frames_at_it_are_served():
    """A frame over ``HYPERGEN_MAX_MESSAGE_BYTES`` closes the socket with ``Close.TOO_BIG`` (4009:
    an application may not send 1009), unless its head says it is an event: that one is refused
    with an error for its seq and the socket stays."""
    limit = setting("HYPERGEN_MAX_MESSAGE_BYTES")
    with hypergen_log() as log:
        bystander = await Bystander.open()
        page = await open_page(Client(), "/workbench/")
        await page.send_frame(["hello", page.token, 0, "/workbench/", page.tab])
        await page.send_to(bytes_data=_event_of_size(limit, seq=1))  # exactly at the limit: served
        answer = await receive(page)
        assert answer[:2] == ["c", 1] and len(answer[2][0][2]) > limit - 100
        await page.send_to(bytes_data=_event_of_size(limit + 1, seq=2))
        assert await receive(page) == ["e", 2, f"event of {limit + 1} bytes is over the limit"]
        oversize = [
            b"\x00" * (limit + 1),  # no array
            msgpack.packb(["ping", b"\x00" * limit]),
            msgpack.packb([0, "x" * limit]),  # seq 0: no event
            b"\xdd" + (2**32 - 1).to_bytes(4, "big") + b"\xc1" * limit,  # an array of 4 G items
            b"\xc1" + bytes(range(256)) * (limit // 256 + 256),
        ]
        for data in oversize:
            assert len(data) > limit
            await page.send_to(bytes_data=data)
            output = await next_output(page, ANSWER_TIMEOUT)
            assert output == {"type": "websocket.close", "code": Close.TOO_BIG}, short(output)
            await disconnect(page)
            await bystander.check()
            page = await open_page(Client(), "/workbench/")
        await disconnect(page)
        await disconnect(bystander.ws)
    messages = [record.getMessage() for record in log.records]
    assert sum("over HYPERGEN_MAX_MESSAGE_BYTES" in m for m in messages) == len(oversize) + 1
    assert all(len(m) <= MAX_LOG_CHARS and "\n" not in m for m in messages)


# --- the bug the fuzzer found (fixed): a non-str handler id is "not bound", answered with its seq ---


@pytest.mark.asyncio
async def test_an_unhashable_handler_id_is_answered_with_its_seq():
    with hypergen_log() as log:
        page = await open_page(Client(), "/workbench/")
        await page.send_frame(["hello", page.token, 0, "/workbench/", page.tab])
        await page.send_frame([1, [], []])
        answer = await receive(page)
        await disconnect(page)
    assert answer == ["e", 1, "handler [] is not bound on this page"]
    assert not [r for r in log.records if r.levelno >= logging.ERROR]
