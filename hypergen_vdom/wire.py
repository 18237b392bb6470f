"""Diff-mode frames on the wire: the opcodes, the node format, msgpack encoding and decoding.

This docstring is the contract the JS patcher implements; golden tests pin the bytes.

Frame
-----
One websocket message = one msgpack array, flat::

    [seq, acked_event_seq, next_id, op, args…, op, args…, …]

``seq`` numbers server frames (> 0), ``acked_event_seq`` is the client event this frame answers
(0: none), ``next_id`` is the value of the client's id counter AFTER applying every op of the frame.
Each opcode has a fixed number of arguments (``ARITY``), so the client walks the array without
any nesting. Ops are applied in frame order; ids referenced by an op exist at that point of the
frame (an op may address a node created by an earlier op of the same frame).

Node ids
--------
Every element and text node the client can be asked to touch has an integer id. Ids are allocated
from one counter per page in PREORDER (a node, then its children left to right, depth first):

- Hydration: the target element is id 0, its descendants (elements AND text nodes, in document
  order) get 1, 2, 3 …; the counter ends at the number of nodes numbered. (html.py writes no
  comments and no stray whitespace, so the DOM under the target is exactly the server's tree.)
- INSERT and REPLACE: the node built from the op gets the counter's next ids, preorder over the new
  subtree, in the order the ops appear in the frame.
- Opaque elements: an element carrying the attribute ``hv-raw`` (it has raw HTML among its children;
  ``html.py`` writes the marker and wire nodes carry it) gets an id itself, but nothing inside it
  does, at hydration or when built. Any change inside it comes as a REPLACE of the element.
- Client-owned elements: an element carrying the bare attribute ``hv-ignore`` (``hv_ignore=True``)
  also gets an id itself and nothing inside it does, at hydration or when built. On the wire it is
  an ordinary element with its children: INSERT and REPLACE build its initial content (allocating
  no ids there). No op ever addresses its content (the server never patches inside it, and a
  change there is no reason to resync); its own attributes still come as SET_ATTR/DEL_ATTR/SET_PROP.
  One that gains or loses ``hv-ignore`` comes as a REPLACE.
- The target is always id 0. A REPLACE of id 0 starts over: the client forgets every id, and the
  new target is numbered like a hydration (0, 1, 2 …, the counter restarts). That is how a
  resync is answered — the server cannot know a drifted client's counter.
- Otherwise REMOVE, REPLACE and ORDER forget the ids of the nodes they drop; ids are not reused.
- After the frame, the counter must equal ``next_id``. If it does not, or an op names an unknown
  opcode or a missing id, or a node of the wrong kind, stop applying and send ``["resync"]``; the
  server answers with one REPLACE of the target.

Nodes
-----
A node on the wire is one of:

- a string: a text node (``document.createTextNode``), one id;
- ``[tag, [name, value, name, value, …], child, child, …]`` (an array of length ≥ 2): an element.
  ``value`` is a string, or ``true`` for a bare boolean attribute (``setAttribute(name, "")``);
  children are nodes. Build the element, set its attributes in order, then append its children
  (so a ``<select>``'s options exist before anything reads its value);
- an opaque element (one with raw HTML among its children) is ``[tag, [name, value, …, "hv-raw",
  true], [html]]``: its only child is a ONE-element array holding its whole inner HTML, exactly as
  the page's HTML has it. Set ``element.innerHTML = html``, so the browser parses it as it parsed
  the page (adjacent texts merged and all); allocate no ids inside.

Ops (arguments in order; ``before`` is an id or nil)
----------------------------------------------------
=========== ====================== ==========================================================
op          args                   client action
=========== ====================== ==========================================================
SET_TEXT    id, text               ``node.data = text`` (id names a text node)
SPLICE_TEXT id, start, count, text ``node.replaceData(start, count, text)``; ``start`` and
                                   ``count`` are UTF-16 code units, as JS strings count them
SET_ATTR    id, name, value        ``setAttribute(name, value)``; value ``true`` → ``""``
DEL_ATTR    id, name               ``removeAttribute(name)``
SET_PROP    id, name, value        name is ``value``, ``checked`` or ``selected``; value is a
                                   string, ``true`` or ``false`` (false: the attribute is gone).
                                   First the attribute, always: string → ``setAttribute(name,
                                   value)``, true → ``setAttribute(name, "")``, false →
                                   ``removeAttribute(name)`` — so the serialized DOM equals the
                                   server's HTML. Then the live property, where it is state of
                                   its own: ``checked`` of ``<input>`` and ``selected`` of
                                   ``<option>`` ← ``value !== false``; ``value`` of
                                   ``<textarea>``, ``<select>`` and of ``<input>`` types other
                                   than checkbox, radio, hidden, submit, reset, button, image ←
                                   the string (``""`` for true/false). Only if it differs from
                                   the live DOM and the focused-input rule allows (never
                                   overwrite the value of a focused input the user typed into
                                   after the event this frame answers). Elsewhere the property
                                   just reflects the attribute (``<option value>``, a
                                   checkbox's ``value``): writing it would re-create a removed
                                   attribute, so don't
INSERT      parent, before, node   build ``node`` (allocating ids) and
                                   ``parent.insertBefore(built, before ? byId(before) : null)``;
                                   ``before`` is a child of ``parent``
REMOVE      id                     remove the node and its subtree; forget their ids
MOVE        id, before             move the node within its parent: ``moveBefore`` where the
                                   browser has it, else ``insertBefore``; nil → to the end;
                                   ``before`` is a sibling, never the node itself
REPLACE     id, node               build ``node`` (allocating ids) and replace the node with it;
                                   forget the old subtree's ids. ``id`` 0 (the target): forget
                                   all ids and number the new target from 0
ORDER       parent, [ids] or bin   the parent's children become exactly these nodes in this
                                   order; children not listed are removed (ids forgotten).
                                   The client picks the fewest moves (e.g. keep a longest
                                   increasing subsequence in place). Listed ids are children
                                   of ``parent``; later INSERTs of the frame add new children.
                                   A bin instead of the array names them by position in the
                                   parent's current child list: see "Compact ORDER" below
=========== ====================== ==========================================================

Compact ORDER
-------------
ORDER's second argument is either the array of kept ids or a msgpack bin (bin 8 or bin 16, so at
most 65 535 bytes) that names the kept children by their position among the parent's current
children — ``n`` of them, all its child nodes when the op is applied, which earlier ops of the
frame only patched or replaced in place. A variant of ORDER rather than an opcode of its own: the
client's type check on the argument is the whole switch, and the semantics are ORDER's. The
server sends whichever form is fewer bytes (``wire_order.py`` writes the bin,
``diff_keyed.smallest_order`` picks; a tie goes to the bin)::

    [flags] bits…      flags: 1 = KEEP, 2 = PERMUTE, 3 = both; bits MSB first, zero-padded

- KEEP: ``n`` bits, bit ``i`` set when current child ``i`` stays (``k`` = the bits set). Without
  KEEP every child stays (``k = n``).
- PERMUTE: a Lehmer code of the kept children's new order: for j = 0 … k − 1, a digit ``d`` in
  ``bit_length(k − j − 1)`` bits (0 bits for the last) picks the ``d``-th (0-based) of the kept
  children not placed yet, in their current order, as the next one. Without PERMUTE the kept
  children keep their current order.
- Strict: flags other than 1, 2, 3, a digit ``d ≥ k − j``, a bin longer or shorter than
  ``1 + ceil(bits / 8)`` bytes, or a set padding bit mean the client's children are not the
  server's: stop and resync. (A Lehmer code cannot name a child twice.)

Example: 10 children, keep 0, 3, 6, 9 → ``01 92 40`` (KEEP, ``1001001001`` + 6 zero bits);
3 children reordered to 2, 0, 1 → ``02 80`` (digit 2 in 2 bits, digit 0 in 1 bit); sorting
1 000 rows takes 1 124 bytes, keeping 332 of them 126.

The opcodes are small ints (one msgpack byte); ``Op`` here and the JS module must agree (a test
checks it). Attribute order: a new attribute is appended by ``setAttribute``, so compare DOMs
with attributes as a set, not by serialization order.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any, NamedTuple

import msgpack

from .exceptions import HypergenError
from .html import RAW_MARKER, to_html
from .tree import Element, Raw

__all__ = [
    "ARITY",
    "RAW_MARKER",
    "Close",
    "Frame",
    "MalformedFrameError",
    "Op",
    "Tag",
    "UnknownOpError",
    "decode_frame",
    "encode_frame",
    "encode_message",
    "encode_node",
    "event_seq",
    "inner_html",
    "is_diff_frame",
]


class Tag(StrEnum):
    """The first element of every websocket frame that is not a diff frame (docs/protocol.md §5)."""

    HELLO = "hello"  # client: ["hello", token, last_applied_server_seq, page_path]
    RESYNC = "resync"  # client: ["resync"]
    PING = "ping"  # client: ["ping"]
    ACK = "ack"  # client: ["ack", bytes_received_on_this_socket]
    UPLOAD = "u"  # client: ["u", upload_id, handler_id, name, size, content_type] (uploads.py)
    CHUNK = "u+"  # client: ["u+", upload_id, offset, bytes]
    COMMANDS = "c"  # server: ["c", acked_event_seq, [[command, *args], ...]]
    ERROR = "e"  # server: ["e", acked_event_seq, message]
    PONG = "pong"  # server: ["pong"]
    TOKEN = "t"  # server: ["t", new_token] — this tab's page was forked under a token of its own
    # server: ["U", upload_id, received(, chunk_bytes, chunk_interval_ms)] or ["U", upload_id, nil, message]
    UPLOADED = "U"


class Close(IntEnum):
    """Websocket close codes the server uses (4000–4999 are the application's own)."""

    # Applications may only send 1000 and 3000–4999 (RFC 6455 §7.4.2): not 1009 "message too big".
    TOO_BIG = 4009  # a frame over HYPERGEN_MAX_MESSAGE_BYTES that is not an event
    RELOAD = 4001  # the page token is invalid, expired or someone else's: reload over HTTP
    NO_HELLO = 4002  # no hello within HYPERGEN_HELLO_TIMEOUT
    DEAUTHORISED = 4003  # the user logged out or the session changed: reload over HTTP
    SUPERSEDED = 4004  # a newer connection of the same tab took the page over (a half-open leftover)
    TOO_MANY = 4029  # over HYPERGEN_MAX_CONNECTIONS_PER_SESSION / _PER_ADDRESS open sockets
    NOT_READING = 4008  # over HYPERGEN_MAX_UNACKED_BYTES of output left unacknowledged


class Op(IntEnum):
    SET_TEXT = 0
    SPLICE_TEXT = 1
    SET_ATTR = 2
    DEL_ATTR = 3
    SET_PROP = 4
    INSERT = 5
    REMOVE = 6
    MOVE = 7
    REPLACE = 8
    ORDER = 9


ARITY: dict[Op, int] = {
    Op.SET_TEXT: 2,
    Op.SPLICE_TEXT: 4,
    Op.SET_ATTR: 3,
    Op.DEL_ATTR: 2,
    Op.SET_PROP: 3,
    Op.INSERT: 3,
    Op.REMOVE: 1,
    Op.MOVE: 2,
    Op.REPLACE: 2,
    Op.ORDER: 2,
}
# Indexed by the plain int opcode: decoding looks arities up without building an enum member.
_ARITY_BY_CODE = [ARITY[Op(code)] for code in range(len(Op))]


class MalformedFrameError(HypergenError, ValueError):
    """A frame that is not a well-formed diff frame."""


class UnknownOpError(MalformedFrameError):
    """An opcode this side does not know: the two sides run different protocol versions."""

    def __init__(self, code: object, position: int) -> None:
        super().__init__(f"Unknown opcode {code!r} at frame position {position}")
        self.code = code
        self.position = position


class Frame(NamedTuple):
    seq: int
    acked_event_seq: int
    next_id: int
    ops: list[tuple[Any, ...]]  # (Op, *args); nodes in wire form (str or list)


def _flat_attrs(attrs: dict[str, str | bool]) -> list[Any]:
    return [part for item in attrs.items() for part in item] if attrs else []


def _marked(attrs: dict[str, str | bool]) -> dict[str, str | bool]:
    return attrs if RAW_MARKER in attrs else {**attrs, RAW_MARKER: True}


def inner_html(element: Element) -> str:
    """An element's content exactly as ``to_html`` writes it inside the element."""
    closer = f"</{element.tag}>"
    # The same start tag without children tells where the content begins (attribute values may
    # hold ">", so it can't be searched for).
    opener = len(to_html(Element(element.tag, _marked(element.attrs)))) - len(closer)
    return to_html(element)[opener : -len(closer)]


def _opaque(element: Element) -> list[Any]:
    """``[tag, [attrs…, "hv-raw", true], [inner html]]``."""
    return [element.tag, _flat_attrs(_marked(element.attrs)), [inner_html(element)]]


def _default(obj: Any) -> Any:
    """msgpack hook for what the differ leaves in op lists: elements.

    Called one level at a time (an element's children come back here), so encoding a subtree
    builds no intermediate copy of it. ``strict_types`` routes str/int subclasses here too.
    """
    if isinstance(obj, Element):
        children = obj.children
        # inlined from nodeids.is_opaque for speed (exact type: Raw is never subclassed here)
        if children and Raw in map(type, children):
            return _opaque(obj)
        return [obj.tag, _flat_attrs(obj.attrs), *children]
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, int):  # IntEnum members (bools are packed before this hook is asked)
        return int(obj)
    if isinstance(obj, tuple):
        return list(obj)
    raise TypeError(f"Cannot put {type(obj).__name__} on the wire: {obj!r}")


def encode_node(node: Element | str) -> Any:
    """The wire form of a node as plain Python data (str, or nested lists)."""
    if isinstance(node, Element):
        children = node.children
        if children and Raw in map(type, children):
            return _opaque(node)
        return [node.tag, _flat_attrs(node.attrs), *[encode_node(child) for child in children]]
    return str(node)


def _head(data: bytes) -> Any:
    unpacker = msgpack.Unpacker(raw=False)
    unpacker.feed(data[:16])
    unpacker.read_array_header()
    return unpacker.unpack()


def event_seq(data: bytes) -> int:
    """The seq of a client event frame (``[seq, handler_id, args]``) read from its head alone,
    0 when it is no event: how a frame too big to decode is still answered."""
    try:
        head = _head(data)
    except Exception:
        return 0
    return head if type(head) is int and head > 0 else 0


def is_diff_frame(data: bytes) -> bool:
    """Whether a server frame is a diff frame (its first element an int), reading only its head."""
    try:
        return type(_head(data)) is int
    except Exception:  # not an array, or a head longer than 16 bytes: a string-tagged frame
        return False


def encode_message(content: list[Any]) -> bytes:
    """Any other websocket frame (``Tag``-headed) as msgpack."""
    data: bytes = msgpack.packb(content, use_bin_type=True)
    return data


def encode_frame(seq: int, acked_event_seq: int, next_id: int, ops: list[Any]) -> bytes:
    """Pack a flat op list (as ``diff()`` returns it) into one frame."""
    frame: list[Any] = [seq, acked_event_seq, next_id]
    frame += ops
    packed: bytes = msgpack.packb(frame, default=_default, strict_types=True, use_bin_type=True)
    return packed


def decode_frame(data: bytes) -> Frame:
    """Unpack and split a frame into ``(Op, *args)`` tuples; raises ``MalformedFrameError`` on bad input."""
    try:
        items = msgpack.unpackb(data, raw=False, use_list=True)
    except Exception as error:  # msgpack raises several unrelated types for garbage input
        raise MalformedFrameError(f"Not a msgpack frame: {error}") from error
    if not isinstance(items, list) or len(items) < 3:
        raise MalformedFrameError("A frame is an array [seq, acked_event_seq, next_id, ops…]")
    seq, acked, next_id = items[0], items[1], items[2]
    if not all(type(value) is int for value in (seq, acked, next_id)):
        raise MalformedFrameError(f"Frame header must be three ints, got {items[:3]!r}")
    ops: list[tuple[Any, ...]] = []
    position = 3
    end = len(items)
    while position < end:
        code = items[position]
        if type(code) is not int or not 0 <= code < len(_ARITY_BY_CODE):
            raise UnknownOpError(code, position)
        arity = _ARITY_BY_CODE[code]
        if position + 1 + arity > end:
            raise MalformedFrameError(f"Truncated {Op(code).name} at frame position {position}")
        ops.append((Op(code), *items[position + 1 : position + 1 + arity]))
        position += 1 + arity
    return Frame(seq, acked, next_id, ops)
