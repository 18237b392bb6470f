"""Client → server websocket frames for the protocol fuzzer (``tests/test_fuzz_protocol.py``).

Hypothesis draws each frame as a ``Recipe``: its kind and a seed; ``build`` makes the frame from
them with ``random.Random(seed)``. Hypothesis so chooses, mixes and shrinks the sequences (which
frames, of what kind, in what order, how many), and a seeded generator fills in the content: a
Hypothesis draw costs some 150 µs here and a test case holds 8 KB of choices, so frames drawn
value by value (a few hundred choices each) would take ~30 ms apiece and overrun any long
sequence. ``build`` is deterministic, so Hypothesis replays and shrinks as usual.

Three families of frames:

- random msgpack values as whole frames (nested lists/dicts, str, bytes, ints up to the 64-bit
  edges, floats with nan/±inf, None, bools, ext types and timestamps, nesting up to 60);
- mutations of valid frames: hello/event/resync/ping/ack with the page's real handler ids, whose
  arguments, seqs, tokens and arity are mutated (wrong types, wrong arity, ``{"$v": …, "as": …}``
  with any coercer name, strings or not, JSON strings, nesting up to 60, strings up to 100 KB,
  unknown handler ids, seqs 0/negative/float/huge/going back);
- raw bytes: random garbage, msgpack headers announcing huge containers, valid frames cut,
  bit-flipped or with bytes added, and text (not binary) messages.

What only the harness knows (the page's token, the next event seq) is a placeholder here
(``NEXT``, ``Back``, ``Token``), resolved when the frame is sent. At most one string of up to
100 KB goes into a frame, so every frame stays well under ``HYPERGEN_MAX_MESSAGE_BYTES``.
"""

from __future__ import annotations

import json
import math
import random
import string
import struct
from collections import Counter
from dataclasses import dataclass
from typing import Any

import msgpack
from hypothesis import strategies as st

from hypergen_vdom.coerce import CoercionError, decode_args
from hypergen_vdom.spec import handler_id_of

from . import support_views as views

# --- placeholders the harness resolves --------------------------------------------------------


class _Next:
    def __repr__(self) -> str:
        return "NEXT"


NEXT = _Next()  # an event seq one above every seq sent so far


@dataclass(frozen=True)
class Back:
    """An event seq ``k`` below the highest sent so far: a re-sent (or stale) event."""

    k: int


@dataclass(frozen=True)
class Token:
    """A page token: ``"own"`` (the current page load's), ``"old"`` (the example's first page
    load's), ``"bystander"`` (another session's); maybe mangled."""

    whose: str
    mangle: tuple[Any, ...] = ()  # ("cut", n) | ("flip", i, char) | ("append", text)

    def apply(self, token: str) -> str:
        if not self.mangle:
            return token
        kind, *args = self.mangle
        if kind == "cut":
            return token[: args[0]]
        if kind == "flip":
            i = args[0] % max(len(token), 1)
            return token[:i] + args[1] + token[i + 1 :]
        return token + args[0]


@dataclass
class Msg:
    """A msgpack frame (top-level placeholders resolved at send time), maybe damaged as bytes."""

    value: Any
    # ("cut", at) | ("flip", at, mask) | ("trail", bytes) | ("insert", at, bytes)
    damage: tuple[Any, ...] = ()

    def damaged(self, data: bytes) -> bytes:
        if not self.damage:
            return data
        kind, *args = self.damage
        if kind == "cut":
            return data[: args[0] % len(data)]
        if kind == "flip":
            i = args[0] % len(data)
            return data[:i] + bytes([data[i] ^ args[1]]) + data[i + 1 :]
        if kind == "trail":
            return data + args[0]
        i = args[0] % (len(data) + 1)
        return data[:i] + args[1] + data[i:]


@dataclass
class Raw:
    data: bytes


@dataclass
class Text:
    data: str


@dataclass
class Reconnect:
    """Not a frame: the harness drops the socket and reconnects with the page's token, as a
    browser does after a network drop (its events then go on from the stored state)."""

    resume: bool  # the hello names the last diff frame received (else 0: the whole target again)


# --- the pages and their handlers ----------------------------------------------------------------

HANDLERS = {
    handler_id_of(func): func
    for func in (
        views.add_item, views.clear_items, views.where_am_i, views.secret_handler, views.failing,
        views.announce, views.big_output, views.ws_handler, views.keep_unpicklable,
        views.diff_increment, views.add_to_diff_list, views.diff_nothing, views.reveal_secret,
        views.logged_in_handler,
    )
}
# Bound on each page (declared by the liveview or bound by its render). /workbench/ also binds
# slow_handler (waits 10 s for release_handler) and release_handler (sets a global event): their
# ids are never sent, so the fuzzer spends no time waiting.
BOUND = {
    "/workbench/": frozenset(
        handler_id_of(f)
        for f in (
            views.add_item, views.clear_items, views.where_am_i, views.secret_handler, views.failing,
            views.announce, views.slow_handler, views.release_handler, views.keep_unpicklable,
            views.big_output, views.ws_handler,
        )
    ),
    "/diff_page/": frozenset({handler_id_of(views.diff_increment)}),
    "/diff_list/": frozenset({handler_id_of(views.add_to_diff_list)}),
}
DIFF_PAGES = {"/diff_page/", "/diff_list/"}
NEVER_SENT = {handler_id_of(views.slow_handler), handler_id_of(views.release_handler)}
SENDABLE = {path: sorted(bound - NEVER_SENT) for path, bound in BOUND.items()}
ELSEWHERE = {path: sorted(set(HANDLERS) - bound) for path, bound in BOUND.items()}

TEXT = "text"
INT = "int"
ANY = "any"
VALID_ARGS: dict[str, list[str]] = {
    handler_id_of(views.add_item): [TEXT],
    handler_id_of(views.announce): [TEXT],
    handler_id_of(views.big_output): [INT],
    handler_id_of(views.ws_handler): [ANY],
    handler_id_of(views.diff_increment): [INT],
    handler_id_of(views.add_to_diff_list): [TEXT],
}
BIG_OUTPUT = handler_id_of(views.big_output)

# --- content ------------------------------------------------------------------------------------

EDGE_INTS = [0, 1, -1, 2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63, 2**64 - 1, -(2**31), -(2**63)]
EDGE_FLOATS = [0.0, -0.0, 0.5, 1.0, -1.5, 1e308, -1e308, 5e-324, 2.0**53, math.nan, math.inf, -math.inf]
CHARS = [
    string.ascii_letters + string.digits,
    " \t\n\r\x00\x01\x1b\x7f\x85",
    "<>&\"'/\\=;:{}[],",
    "éñüß中文日本語한국어",
    "\u2028\u2029\u200b\u200e\ufeff\ufffd",
    "😀🎉\U0001f9ea\U0010ffff",
]
COERCERS = ["str", "int", "float", "bool", "date", "datetime", "time", "list", "json", "decimal"]
ODD_COERCERS = ["", "INT", "Int", "str ", "eval", "__class__", "__init__", "get", "$v", "json\x00"]
NUMBER_TEXTS = [
    "1", "-0", "007", "1e999", "-1e999", "nan", "inf", "-inf", "0x10", "1_000", " 7 ", "1e999999999",
    "9" * 4300, "9" * 4301, "1." + "0" * 5000, "2024-01-01", "2024-02-30", "2024-01-01T25:00", "12:61",
    "23:59:59.999999", "2024-01-01T00:00:00+14:00", "true", "on", "off", "", "１２",
]
JSON_TEXTS = ["NaN", "Infinity", "1e999", '"\\ud800"', "[1,]", "{", "", "null", '{"$v": 1, "as": "int"}']
HUGE_HEADERS = [b"\xdd", b"\xdf", b"\xdb", b"\xc6", b"\xc9"]  # array32 map32 str32 bin32 ext32
SHORT_GARBAGE = [b"", b"\x91\xc1", b"\x93\x01", b"\xc1", b"\x90", b"\x80", b"\x81\x01\x02", b"\xd4\xff\x00"]
UNKNOWN_HEADS = ["pong", "c", "e", "t", "HELLO", "hello ", "", "Ping", "resync\x00", b"hello", b"ping"]
PATHS = ["/", "/workbench/", "/diff_page/", "/diff_list/", "/members_only/", "/../", "//evil.example/"]


class Gen:
    """Random content from one seed."""

    def __init__(self, seed: str) -> None:
        self.r = random.Random(seed)
        self.huge_left = True  # one string of up to 100 KB per frame

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, items: Any) -> Any:
        return self.r.choice(items)

    # --- values

    def text(self, longest: int = 12) -> str:
        pool = self.pick(CHARS) if self.chance(0.7) else "".join(CHARS)
        return "".join(self.r.choice(pool) for _ in range(self.r.randint(0, longest)))

    def integer(self) -> int:
        kind = self.r.randrange(4)
        if kind == 0:
            return int(self.pick(EDGE_INTS))
        if kind == 1:
            return self.r.randint(-1000, 1000)
        if self.chance(0.5):
            return self.r.randint(0, 2**64 - 1) >> self.r.randrange(64)
        return -(self.r.randint(0, 2**63) >> self.r.randrange(64))

    def floating(self) -> float:
        if self.chance(0.5):
            return float(self.pick(EDGE_FLOATS))
        if self.chance(0.5):
            return self.r.uniform(-1e6, 1e6)
        return float(struct.unpack("<d", self.r.randbytes(8))[0])  # any bit pattern, nan payloads too

    def leaf(self) -> Any:
        kind = self.r.randrange(10)
        if kind == 0:
            return None
        if kind == 1:
            return self.chance(0.5)
        if kind in (2, 3):
            return self.integer()
        if kind == 4:
            return self.floating()
        if kind in (5, 6):
            return self.text()
        if kind == 7:
            return self.r.randbytes(self.r.randint(0, 12))
        if kind == 8:
            return msgpack.ExtType(self.r.randrange(128), self.r.randbytes(self.r.randint(0, 8)))
        return msgpack.Timestamp(self.r.randint(-(2**33), 2**33), self.r.randrange(1_000_000_000))

    def key(self) -> Any:
        return self.text(8) if self.chance(0.8) else self.r.randbytes(self.r.randint(0, 6))

    def value(self, depth: int = 0) -> Any:
        if depth >= 3 or self.chance(0.6):
            return self.leaf()
        size = self.r.randint(0, 4)
        if self.chance(0.5):
            return [self.value(depth + 1) for _ in range(size)]
        return {self.key(): self.value(depth + 1) for _ in range(size)}

    def not_list(self) -> Any:
        value = self.value()
        return value if not isinstance(value, list) else {"a": value}

    def nested(self) -> Any:
        value = self.leaf()
        for _ in range(self.r.randint(1, 60)):
            kind = self.r.randrange(3)
            value = [value] if kind == 0 else {"k": value} if kind == 1 else {"$v": value, "as": "list"}
        return value

    def huge(self) -> str:
        if not self.huge_left:
            return self.text(40)
        self.huge_left = False
        size = self.r.randint(1_000, 100_000)  # bytes of UTF-8
        if self.chance(0.2):
            return "[" * size  # a JSON nesting bomb
        char = self.pick(self.pick(CHARS))
        return char * max(1, size // len(char.encode()))

    def json_text(self) -> str:
        kind = self.r.randrange(5)
        if kind == 0:
            return json.dumps(self.json_value())
        if kind == 1:
            depth = self.r.randint(1, 3000)  # beyond MAX_NESTING, and beyond the recursion limit
            return "[" * depth + "]" * depth
        if kind == 2:
            depth = self.r.randint(1, 60)
            return '{"a":' * depth + "1" + "}" * depth
        return self.text() if kind == 3 else self.pick(JSON_TEXTS)

    def json_value(self, depth: int = 0) -> Any:
        if depth >= 3 or self.chance(0.5):
            return self.pick([None, True, self.r.randint(-(10**20), 10**20), self.floating(), self.text()])
        if self.chance(0.5):
            return [self.json_value(depth + 1) for _ in range(self.r.randint(0, 4))]
        return {self.text(6): self.json_value(depth + 1) for _ in range(self.r.randint(0, 4))}

    def coercer(self) -> Any:
        kind = self.r.randrange(8)
        if kind < 5:
            return self.pick(COERCERS)
        if kind == 5:
            return self.pick(ODD_COERCERS)
        return self.text(8) if kind == 6 else self.value()  # not a string: list, dict, int, None …

    def coerce_input(self) -> Any:
        kind = self.r.randrange(5)
        if kind == 0:
            return self.value()
        if kind in (1, 2):
            return self.pick(NUMBER_TEXTS)
        return self.json_text() if kind == 3 else self.nested()

    def coerced(self, value: Any) -> dict[Any, Any]:
        """``value`` (or another) as an element value ``{"$v": …, "as": …}``, maybe malformed."""
        raw = value if self.chance(0.5) else self.coerce_input()
        shape = self.r.randrange(6)
        if shape == 0:
            return {"$v": raw}  # "as" missing: str
        if shape == 1:
            return {"as": self.coercer(), "x": raw}  # no "$v": a plain dict
        if shape == 2:
            return {"$v": raw, "as": self.coercer(), self.key(): self.value()}
        return {"$v": raw, "as": self.coercer()}

    # --- frames

    def ident(self, path: str) -> Any:
        kind = self.r.randrange(20)
        if kind < 14:
            return self.pick(SENDABLE[path])
        if kind < 16:
            return self.pick(ELSEWHERE[path])
        if kind < 18:
            ident = self.pick(sorted(HANDLERS))
            text = self.text(6)
            cut = ident[: len(text) % len(ident)]
            return self.pick([ident + text, cut, ident.upper(), text + ident, ident + "\x00"])
        return self.value()  # anything, lists and dicts too

    def valid_args(self, ident: Any) -> list[Any]:
        kinds = VALID_ARGS.get(ident, []) if isinstance(ident, str) else []
        make = {TEXT: lambda: self.text(30), INT: lambda: self.r.randint(0, 3000), ANY: self.value}
        return [make[kind]() for kind in kinds]

    def args(self, ident: Any) -> Any:
        args = self.valid_args(ident)
        for _ in range(0 if self.chance(0.45) else self.r.randint(1, 3)):
            op = self.r.randrange(9)
            at = self.r.randint(0, len(args))
            i = min(at, len(args) - 1)
            if op == 0 and args:  # a wrong type
                args[i] = self.value()
            elif op == 1 and args:  # an element value for a coercer
                args[i] = self.coerced(args[i])
            elif op == 2:  # one argument too many
                args.insert(at, self.value() if self.chance(0.75) else self.coerced(None))
            elif op == 3 and args:  # one too few
                del args[i]
            elif op == 4 and args:  # deeply nested
                args[i] = self.nested()
            elif op == 5:  # a huge string, plain or for a coercer
                text = self.huge()
                item = text if self.chance(0.6) else {"$v": text, "as": self.coercer()}
                if args and self.chance(0.5):
                    args[i] = item
                else:
                    args.insert(at, item)
            elif op == 6:  # a JSON string for the "json" coercer
                args.insert(at, {"$v": self.json_text(), "as": "json"})
            elif op == 7 and args:  # a coercion of the right value into a wrong type
                args[i] = {"$v": args[i], "as": self.coercer()}
            elif op == 8:  # not a list at all
                return self.not_list()
        if ident == BIG_OUTPUT:
            # big_output(size) builds "x" * size by design: a size the fuzzer may make huge (10**9
            # is a gigabyte) would test the test page, not the server.
            try:
                decoded = decode_args(args)
            except CoercionError:
                decoded = []
            if any(type(v) is int and abs(v) > 100_000 for v in decoded):
                args = [3000]
        return args

    def seq(self) -> Any:
        kind = self.r.randrange(20)
        if kind < 15:
            return NEXT
        if kind < 17:
            return Back(self.r.randint(0, 4))
        if kind == 17:
            return self.pick([*EDGE_INTS, -5])
        if kind == 18:
            return self.integer()
        return self.pick([self.floating(), True, False, None, "1", b"1", [1], 1.0])

    def extra(self, p: float = 0.2) -> list[Any]:
        return [self.value() for _ in range(self.r.randint(1, 3))] if self.chance(p) else []

    def event(self, path: str) -> Msg:
        ident = self.ident(path)
        frame = [self.seq(), ident, self.args(ident)]
        if self.chance(0.08):
            frame = frame[: self.r.randint(1, 2)] if self.chance(0.5) else frame + self.extra(1)
        return Msg(frame)

    def token(self) -> Any:
        kind = self.r.randrange(20)
        if kind < 9:
            return Token("own")
        if kind < 11:
            return Token("old")
        if kind < 13:
            return Token("bystander")
        if kind == 13:
            return Token(self.pick(["own", "bystander"]), ("cut", self.r.randint(0, 300)))
        if kind == 14:
            return Token("own", ("flip", self.r.randint(0, 300), self.pick("Z:0-")))
        if kind == 15:
            return Token("own", ("append", self.text(4) or "x"))
        if kind == 16:
            return "a" * self.r.randint(4000, 6000)  # around HYPERGEN_MAX_TOKEN_CHARS
        return self.value()

    def hello(self) -> Msg:
        last = self.r.randint(-1, 5) if self.chance(0.8) else self.value()
        path = self.pick(PATHS) if self.chance(0.8) else self.value()
        tab = self.r.randbytes(16).hex() if self.chance(0.6) else self.text(70)
        tab = tab if self.chance(0.9) else self.value()
        frame = ["hello", self.token(), last, path, tab]
        if self.chance(0.15):
            frame = frame[: self.r.randint(1, 4)] if self.chance(0.6) else frame + self.extra(1)
        return Msg(frame)

    def ack(self) -> Msg:
        if self.chance(0.05):
            return Msg(["ack"])
        n = self.r.randint(0, 10**7) if self.chance(0.6) else self.integer()
        n = n if self.chance(0.8) else self.leaf()
        return Msg(["ack", n, *self.extra(0.1)])

    def unknown(self) -> Msg:
        head = self.pick(UNKNOWN_HEADS) if self.chance(0.6) else self.leaf()
        if type(head) is int or head in ("hello", "ping", "ack", "resync"):
            head = "nope"
        return Msg([head, *self.extra(0.5)])

    def random_frame(self) -> Msg:
        kind = self.r.randrange(5)
        if kind == 0:
            return Msg([self.value() for _ in range(self.r.randint(1, 5))])
        if kind == 1:
            return Msg(self.not_list())  # not an array
        if kind == 2:
            return Msg([])
        return Msg([self.nested()]) if kind == 3 else Msg(self.value())

    def raw(self) -> Raw | Text:
        kind = self.r.randrange(6)
        if kind == 0:
            return Raw(self.r.randbytes(self.r.randint(0, 64)))
        if kind == 1:
            return Raw(self.r.randbytes(self.r.randint(0, 4096)))
        if kind == 2:  # a header announcing up to 4 G items, then a little data
            size = self.r.randint(0, 2**32 - 1).to_bytes(4, "big")
            return Raw(self.pick(HUGE_HEADERS) + size + self.r.randbytes(self.r.randint(0, 32)))
        if kind == 3:
            return Raw(self.pick(SHORT_GARBAGE))
        return Text(self.text(40)) if kind == 4 else Text('["ping"]')

    def damaged(self, path: str) -> Msg:
        kind = self.r.randrange(4)
        if kind < 2:
            frame = self.event(path)
        else:
            frame = self.hello() if kind == 2 else self.ack()
        at = self.r.randint(0, 2**16)
        kind = self.r.randrange(4)
        if kind == 0:
            frame.damage = ("cut", at)
        elif kind == 1:
            frame.damage = ("flip", at, self.r.randint(1, 255))
        elif kind == 2:
            frame.damage = ("trail", self.r.randbytes(self.r.randint(1, 16)))
        else:
            frame.damage = ("insert", at, self.r.randbytes(self.r.randint(1, 16)))
        return frame


KIND_WEIGHTS = {
    "event": 12, "hello": 2, "resync": 1, "ping": 1, "ack": 1, "unknown": 1, "random": 2, "raw": 1,
    "damaged": 2, "reconnect": 1,
}


@dataclass(frozen=True)
class Recipe:
    kind: str
    seed: int


def build(recipe: Recipe, path: str, salt: int = 0, repeat: int = 0) -> Msg | Raw | Text | Reconnect:
    """The frame a recipe makes for a connection to ``path``: the same for the same arguments.

    Hypothesis repeats recipes a lot (it copies spans of choices, and favours seeds like 0), so
    the content also depends on the example's ``salt`` and on how often the same recipe came
    before in the sequence (``repeat``): not on the frame's position, so shrinking a sequence by
    deleting frames leaves the others as they were."""
    gen = Gen(f"{salt}:{recipe.seed}:{repeat}")
    kind = recipe.kind
    if kind == "reconnect":
        return Reconnect(gen.chance(0.5))
    if kind == "event":
        return gen.event(path)
    if kind == "hello":
        return gen.hello()
    if kind in ("resync", "ping"):
        return Msg([kind, *gen.extra()])
    if kind == "ack":
        return gen.ack()
    if kind == "unknown":
        return gen.unknown()
    if kind == "random":
        return gen.random_frame()
    if kind == "raw":
        return gen.raw()
    return gen.damaged(path)


recipes = st.builds(
    Recipe,
    st.sampled_from([kind for kind, weight in KIND_WEIGHTS.items() for _ in range(weight)]),
    st.integers(0, 2**32 - 1),
)

PAGES = ["/workbench/", "/workbench/", "/workbench/", "/diff_page/", "/diff_list/"]


@dataclass
class Example:
    path: str
    hello_first: bool  # the harness says hello before the fuzzed frames (else the frames must)
    salt: int
    recipes: list[Recipe]

    def frames(self) -> list[tuple[Recipe, Msg | Raw | Text | Reconnect]]:
        seen: Counter[Recipe] = Counter()
        frames = []
        for recipe in self.recipes:
            frames.append((recipe, build(recipe, self.path, self.salt, seen[recipe])))
            seen[recipe] += 1
        return frames


def examples(min_size: int, max_size: int) -> st.SearchStrategy[Example]:
    return st.builds(
        Example,
        st.sampled_from(PAGES),
        st.sampled_from([True] * 9 + [False]),
        st.integers(0, 2**64 - 1),
        st.lists(recipes, min_size=min_size, max_size=max_size),
    )
