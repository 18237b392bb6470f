"""``LivePage``: test your own pages the way a user drives them, modelled on Phoenix's ``LiveViewTest``.

::

    from hypergen_vdom.testing import LivePage

    @pytest.mark.django_db(transaction=True)
    async def test_todo(client):
        page = await LivePage.open(client, "/todo/")
        await page.fill("#new-todo", "milk")      # the input's value, in the model DOM
        await page.submit("form")                  # its hv-submit binding: event sent, answer applied
        assert "milk" in page.select("#todo-list")[-1].text
        await page.close()

    def test_todo_sync(client):                    # the same without async (``LivePage.sync``)
        with LivePage.sync(client, "/todo/") as page:
            page.click("#todo-list li:first-child button")

What happens, end to end:

- ``open`` GETs the page with the Django test ``Client`` (or ``AsyncClient``) you pass, so
  middleware, view decorators and ``perm=`` decide, and parses the HTML into a model DOM (the
  reference patcher's ``DomNode``s). In diff mode the target (the element whose id is the client
  script's ``data-target``) is hydrated exactly like the JS client does it, numbered in preorder,
  and checked against the server's ``data-next-id``. When the page has a websocket (``data-ws``),
  it is opened with the client's cookies (``HypergenCommunicator``) and the hello is said, with
  the real consumer behind it.
- Events are fired like the browser does: ``click`` finds the closest ``hv-click`` on the element
  or its ancestors (delegation), a checkbox toggles first and then fires ``input``/``change``, a
  submit button submits its form. Arguments are read from the model DOM at that moment
  (``js/src/values.js``: checkbox → bool, radio → its group's value, ``select multiple`` → list,
  a form → its fields as a dict, else ``.value``; ``{"$el": …}`` becomes ``{"$v": raw, "as": …}``).
  The event goes over the websocket (or is POSTed for an ``@action`` URL), then every frame up to
  the one answering it is applied, plus any frame already waiting: diff frames by the reference patcher
  (``testing/patcher.py``), commands (``["c", …]``) here (``hypergen.morph``, ``append``,
  ``prepend``, ``remove``, ``hide``, ``display``, ``redirect`` → ``redirected_to``; every command is
  recorded in ``commands``). Binding options: ``clear`` empties the field(s) as the client does;
  ``confirm`` is answered by the ``confirm=`` argument (default True, the text is recorded in
  ``confirms``); ``when`` (client JavaScript) by the ``when=`` argument or a Python stand-in given
  in ``js=``; ``debounce`` is ignored (sent at once); ``blocks`` needs nothing (each event is
  awaited).
- An error frame (``["e", seq, message]``) raises ``LivePageError`` (``raise_errors=False``: it is
  only recorded in ``errors``). A frame the reference patcher refuses always raises: the server
  sent something a correct client cannot apply.
- ``await page.receive()`` applies server pushes (``group_send``) that arrive later;
  ``await page.wait_for(condition)`` applies frames until ``condition`` holds.

Frames are paced to ``HYPERGEN_FRAMES_PER_SECOND`` and acknowledged like the JS client does
(``["ack", bytes]``), so long tests are neither rate-limited nor closed for not reading. Like any
Channels test, use ``pytest.mark.django_db(transaction=True)``: handlers run in worker threads.

For protocol-level tests (raw frames, seqs, reconnect edge cases) use
``hypergen_vdom.testing.communicator.HypergenCommunicator`` directly.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import secrets
import threading
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from html.parser import HTMLParser
from types import TracebackType
from typing import Any, Generic, Never, TypeVar, cast, overload

import msgpack
from asgiref.sync import sync_to_async

from ..conf import setting
from ..html import RAW_MARKER, escape_attribute, escape_text, to_html
from ..ratelimit import TokenBucket
from ..tree import VOID_TAGS, Element, Fragment, Raw, append_child, find_element
from ..wire import Tag
from .communicator import HypergenCommunicator, cookie_header
from .patcher import DomNode, Patcher, PatchError

__all__ = ["LivePage", "LivePageError", "PageNode", "SyncLivePage", "parse_html"]

T = TypeVar("T")

# The event types the client listens to (js/src/bindings.js): these bubble to the closest
# element carrying hv-<type>; the others count only on the element itself.
BUBBLING = frozenset(
    ("click", "dblclick", "change", "input", "submit", "keydown", "keyup", "focusin", "focusout")
)
OWN = frozenset(("focus", "blur", "mouseenter", "mouseleave"))

ACK_EVERY = 65_536  # the client acknowledges received bytes at least this often (protocol §5)
_DOCUMENT = "#document"
_LEADING_NEWLINE_TAGS = frozenset(("pre", "textarea", "listing"))
_RAW_TEXT_TAGS = frozenset(("script", "style"))
_FORM_CONTROLS = frozenset(("button", "input", "select", "textarea", "optgroup", "option", "fieldset"))
# form.elements: the listed elements (an <input type=image> is not among them).
_LISTED = frozenset(("button", "fieldset", "input", "object", "output", "select", "textarea"))
# Elements with a `value` property (`"value" in el` in the client's `clear`).
_VALUE_ELEMENTS = frozenset(
    ("input", "textarea", "select", "button", "option", "output", "data", "li", "meter", "progress", "param")
)
# <input> types whose value is the `value` attribute (their .value only reflects it).
_VALUE_IS_ATTRIBUTE = frozenset(("checkbox", "radio", "hidden", "submit", "reset", "button", "image"))
_INPUT_TYPES = frozenset(
    ("hidden", "text", "search", "tel", "url", "email", "password", "date", "month", "week", "time",
     "datetime-local", "number", "range", "color", "checkbox", "radio", "file", "submit", "image",
     "reset", "button")
)  # fmt: skip
_NO_NEWLINES = frozenset(("text", "search", "tel", "password", "url", "email"))
_FLOAT = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?")


class LivePageError(AssertionError):
    """What a user of the page would have seen go wrong: no such element, nothing bound to it, an
    error answer from the server, a frame a correct client could not apply, a closed socket.

    An ``AssertionError``, so pytest shows it as a failed expectation."""


# --- HTML → tree ---------------------------------------------------------------------------------


class _TreeBuilder(HTMLParser):
    """The stdlib parser, building ``Element``s the way a browser's parser builds the DOM for the
    HTML ``html.py`` writes: entities decoded, CR LF normalised, the newline right after ``<pre>``
    and ``<textarea>`` dropped, ``<br/>`` and ``<div/>`` read as start tags, comments left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Fragment()
        self.stack: list[Element] = [self.root]
        self.doctype = ""
        self._drop_newline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes: dict[str, str | bool] = {}
        for name, value in attrs:
            attributes.setdefault(name, True if value is None else value)  # the first one wins
        element = Element(tag, attributes)
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)
        self._drop_newline = tag in _LEADING_NEWLINE_TAGS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        # "/>" closes only foreign (SVG, MathML) elements; an HTML parser ignores it elsewhere.
        if tag not in VOID_TAGS and any(open_.tag in ("svg", "math") for open_ in self.stack):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._drop_newline = False
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self._drop_newline and data.startswith("\n"):
            data = data[1:]
        self._drop_newline = False
        append_child(self.stack[-1], data)  # merges adjacent text, normalises CR and NUL

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype"):
            self.doctype = f"<!{decl}>"


def parse_html(html: str) -> Fragment:
    """``html`` parsed into a tree of ``Element``s and text (a ``Fragment`` holding the top nodes)."""
    return _parse(html)[0]


def _parse(html: str) -> tuple[Fragment, str]:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root, builder.doctype


def _to_dom(node: Element | str) -> DomNode:
    """A model DOM node without node ids (outside the diff target, or morphed in)."""
    if isinstance(node, str):
        return DomNode(None, str(node))
    built = DomNode(node.tag)
    built.attrs = dict(node.attrs)
    for child in node.children:
        _adopt(built, _to_dom(child))
    return built


def _adopt(parent: DomNode, child: DomNode, index: int | None = None) -> None:
    child.parent = parent
    if index is None:
        parent.children.append(child)
    else:
        parent.children.insert(index, child)


def _dom_fragment(html: str) -> list[DomNode]:
    return [_to_dom(child) for child in parse_html(html).children]


def _make_opaque(element: Element) -> None:
    """Give elements marked ``hv-raw`` their content back as one ``Raw``, as the server's tree has
    it: the patcher hydrates them as opaque (an id for the element, none inside)."""
    if RAW_MARKER in element.attrs:
        element.children = [Raw(to_html(element.children))]
        return
    for child in element.children:
        if isinstance(child, Element):
            _make_opaque(child)


def _expand_raw(node: DomNode) -> None:
    """Replace opaque content (one raw-HTML node) by its parsed nodes, id-less, so selectors and
    values see inside it. Nothing inside an opaque element is ever addressed by a frame."""
    if node.tag is None:
        return
    if any(child.raw for child in node.children):
        html = "".join(child.text if child.raw else escape_text(child.text) for child in node.children)
        node.children = []
        for built in _dom_fragment(html):
            _adopt(node, built)
        return
    for child in node.children:
        _expand_raw(child)


# --- model DOM → HTML ----------------------------------------------------------------------------


def _write(node: DomNode, out: list[str], raw_text: bool = False) -> None:
    if node.tag is None:
        out.append(node.text if node.raw or raw_text else escape_text(node.text))
        return
    tag = node.tag
    out.append("<" + tag)
    for name, value in node.attrs.items():
        if value is True:
            out.append(" " + name)
        elif value is not False:
            out.append(f" {name}={escape_attribute(value)}")
    out.append(">")
    if tag in VOID_TAGS:
        return
    _write_children(node, out)
    out.append(f"</{tag}>")


def _write_children(node: DomNode, out: list[str]) -> None:
    children = node.children
    first = children[0] if children else None
    if node.tag in _LEADING_NEWLINE_TAGS and first and first.tag is None and first.text[:1] == "\n":
        out.append("\n")  # the parser drops the first newline: write one more, as html.py does
    raw_text = node.tag in _RAW_TEXT_TAGS
    for child in children:
        _write(child, out, raw_text)


def _outer_html(node: DomNode) -> str:
    out: list[str] = []
    _write(node, out)
    return "".join(out)


def _inner_html(node: DomNode) -> str:
    out: list[str] = []
    _write_children(node, out)
    return "".join(out)


def _text_content(node: DomNode) -> str:
    if node.tag is None:
        return node.text
    return "".join(_text_content(child) for child in node.children)


# --- CSS selectors -------------------------------------------------------------------------------

# A compiled selector: a list (the comma alternatives) of complex selectors; a complex selector is
# a list of (combinator, compound) from left to right, the first combinator ""; a compound is a
# list of simple selectors, tuples whose first item says which kind.
_Simple = tuple[Any, ...]
_Compound = list[_Simple]
_Complex = list[tuple[str, _Compound]]

_IDENT = re.compile(r"(?:[-\w]|\\.)+")
_ESCAPE = re.compile(r"\\(.)")
_ATTR_OP = re.compile(r"[~|^$*]?=")
_NTH = re.compile(r"([+-]?\d*)n\s*(?:([+-])\s*(\d+))?")
_PSEUDOS = frozenset(
    ("first-child", "last-child", "only-child", "nth-child", "nth-last-child", "checked", "disabled",
     "enabled", "empty", "not", "contains")
)  # fmt: skip
_WS = " \t\n\r\f"


class _CssParser:
    """A practical subset of CSS selectors: ``tag``, ``*``, ``#id``, ``.class``, ``[attr]``,
    ``[attr=value]`` (also ``~= |= ^= $= *=``), the combinators `` ``, ``>``, ``+``, ``~``, comma
    lists, and ``:first-child :last-child :only-child :nth-child(an+b) :nth-last-child(an+b)
    :checked :disabled :enabled :empty :not(…) :contains("text")``."""

    def __init__(self, css: str) -> None:
        self.css = css
        self.at = 0

    def fail(self, message: str) -> LivePageError:
        return LivePageError(f"selector {self.css!r}, at {self.at}: {message}")

    def peek(self) -> str:
        return self.css[self.at] if self.at < len(self.css) else ""

    def skip_ws(self) -> bool:
        start = self.at
        while self.at < len(self.css) and self.css[self.at] in _WS:
            self.at += 1
        return self.at > start

    def ident(self) -> str:
        match = _IDENT.match(self.css, self.at)
        if match is None:
            raise self.fail("expected a name")
        self.at = match.end()
        return _ESCAPE.sub(r"\1", match.group())

    def string(self) -> str:
        quote = self.peek()
        if quote not in ("'", '"'):
            return self.ident()
        out: list[str] = []
        self.at += 1
        while self.at < len(self.css):
            char = self.css[self.at]
            self.at += 1
            if char == "\\" and self.at < len(self.css):
                out.append(self.css[self.at])
                self.at += 1
            elif char == quote:
                return "".join(out)
            else:
                out.append(char)
        raise self.fail("unterminated string")

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.fail(f"expected {char!r}")
        self.at += 1

    def parse(self) -> list[_Complex]:
        alternatives = self.selector_list()
        if self.at != len(self.css):
            raise self.fail(f"unexpected {self.peek()!r}")
        return alternatives

    def selector_list(self) -> list[_Complex]:
        alternatives = [self.complex()]
        self.skip_ws()
        while self.peek() == ",":
            self.at += 1
            alternatives.append(self.complex())
            self.skip_ws()
        return alternatives

    def complex(self) -> _Complex:
        self.skip_ws()
        parts: _Complex = [("", self.compound())]
        while True:
            spaced = self.skip_ws()
            char = self.peek()
            if char in (">", "+", "~") and char:
                self.at += 1
                self.skip_ws()
                parts.append((char, self.compound()))
            elif spaced and char not in ("", ",", ")"):
                parts.append((" ", self.compound()))
            else:
                return parts

    def compound(self) -> _Compound:
        simples: _Compound = []
        if self.peek() == "*":
            self.at += 1
            simples.append(("any",))
        elif _IDENT.match(self.css, self.at):
            simples.append(("tag", self.ident().lower()))
        while True:
            char = self.peek()
            if char == "#":
                self.at += 1
                simples.append(("id", self.ident()))
            elif char == ".":
                self.at += 1
                simples.append(("class", self.ident()))
            elif char == "[":
                self.at += 1
                simples.append(self.attribute())
            elif char == ":":
                self.at += 1
                simples.append(self.pseudo())
            else:
                break
        if not simples:
            raise self.fail("expected a selector")
        return simples

    def attribute(self) -> _Simple:
        self.skip_ws()
        name = self.ident().lower()
        self.skip_ws()
        if self.peek() == "]":
            self.at += 1
            return ("attr", name, "", "", False)
        match = _ATTR_OP.match(self.css, self.at)
        if match is None:
            raise self.fail("expected ], =, ~=, |=, ^=, $= or *=")
        self.at = match.end()
        self.skip_ws()
        value = self.string()
        self.skip_ws()
        ignore_case = False
        if self.peek() in ("i", "I"):
            self.at += 1
            ignore_case = True
            self.skip_ws()
        self.expect("]")
        return ("attr", name, match.group(), value, ignore_case)

    def pseudo(self) -> _Simple:
        name = self.ident().lower()
        if name not in _PSEUDOS:
            raise self.fail(f"unsupported pseudo-class :{name} (supported: {', '.join(sorted(_PSEUDOS))})")
        takes_argument = name in ("nth-child", "nth-last-child", "not", "contains")
        if not takes_argument:
            return ("pseudo", name, None)
        self.expect("(")
        self.skip_ws()
        argument: Any
        if name == "not":
            argument = self.selector_list()
        elif name == "contains":
            argument = self.string()
        else:
            end = self.css.find(")", self.at)
            if end < 0:
                raise self.fail("expected )")
            argument = self.nth(self.css[self.at : end].strip().lower())
            self.at = end
        self.skip_ws()
        self.expect(")")
        return ("pseudo", name, argument)

    def nth(self, text: str) -> tuple[int, int]:
        if text == "odd":
            return (2, 1)
        if text == "even":
            return (2, 0)
        if re.fullmatch(r"[+-]?\d+", text):
            return (0, int(text))
        match = _NTH.fullmatch(text)
        if match is None:
            raise self.fail(f"can't read {text!r} as an+b")
        a_text, sign, b_text = match.groups()
        a = -1 if a_text == "-" else 1 if a_text in ("", "+") else int(a_text)
        b = int(b_text) * (-1 if sign == "-" else 1) if b_text else 0
        return (a, b)


def _nth_matches(a: int, b: int, position: int) -> bool:
    if a == 0:
        return position == b
    n, remainder = divmod(position - b, a)
    return remainder == 0 and n >= 0


# --- the page ------------------------------------------------------------------------------------


class PageNode:
    """An element of the page's model DOM, as ``LivePage.select`` finds it.

    Live: it reflects later frames as long as the element stays in the page."""

    __slots__ = ("_node", "_page")

    def __init__(self, page: LivePage, node: DomNode) -> None:
        self._page = page
        self._node = node

    @property
    def tag(self) -> str:
        return self._node.tag or ""

    @property
    def attrs(self) -> dict[str, str | bool]:
        """The attributes (a copy; a bare attribute is ``True``)."""
        return dict(self._node.attrs)

    @property
    def id(self) -> str | None:
        value = self._node.attrs.get("id")
        return value if isinstance(value, str) else None

    @property
    def classes(self) -> list[str]:
        value = self._node.attrs.get("class")
        return value.split() if isinstance(value, str) else []

    @property
    def text(self) -> str:
        """The text content (``textContent``)."""
        return _text_content(self._node)

    @property
    def html(self) -> str:
        """The element's HTML (``outerHTML``)."""
        return _outer_html(self._node)

    @property
    def inner_html(self) -> str:
        return _inner_html(self._node)

    @property
    def value(self) -> Any:
        """What the client sends for a reference to this element (``js/src/values.js``):
        checkbox → bool, radio → the value of its group's checked radio (or None),
        ``select multiple`` → list of the selected values, a form field → its current value,
        a form → its fields as a dict, an element without a value → None."""
        return self._page._read_value(self._node)

    @property
    def checked(self) -> bool:
        """A checkbox's or radio's checkedness, an option's selectedness."""
        node = self._node
        return self._page._selected(node) if node.tag == "option" else self._page._checked(node)

    @property
    def disabled(self) -> bool:
        return self._page._disabled(self._node)

    @property
    def parent(self) -> PageNode | None:
        parent = self._page._up(self._node)
        return None if parent is None or parent.tag == _DOCUMENT else PageNode(self._page, parent)

    @property
    def children(self) -> list[PageNode]:
        return [PageNode(self._page, child) for child in self._node.children if child.tag is not None]

    def select(self, css: str, text: str | None = None) -> list[PageNode]:
        """The elements inside this one that match ``css``."""
        return self._page._select(css, text, self._node)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageNode) and other._node is self._node

    def __hash__(self) -> int:
        return id(self._node)

    def __repr__(self) -> str:
        html = self.html
        return f"<PageNode {html[:100] + '…' if len(html) > 100 else html}>"


class LivePage:
    """A page opened in a test: the HTML a GET served, its websocket, and a model DOM kept up to
    date the way the browser client would. Open one with ``await LivePage.open(client, path)``
    (or ``LivePage.sync(client, path)`` in synchronous tests); ``LivePage(client, path, html)``
    only builds the model DOM of ``html`` (no request, no websocket)."""

    def __init__(
        self,
        client: Any,
        path: str,
        html: str,
        *,
        raise_errors: bool = True,
        js: Mapping[str, Callable[..., Any]] | None = None,
        timeout: float = 5.0,
    ) -> None:
        self.client = client
        self.path = path
        self.served_html = html
        self.raise_errors = raise_errors
        self.js: dict[str, Callable[..., Any]] = dict(js or {})
        self.timeout = timeout
        tree, self.doctype = _parse(html)
        script = find_element(tree, lambda node: node.tag == "script" and node.id == "hypergen-client")
        # The client script's data-* attributes: token, ws, target, diff, next-id, csrf …
        self.script: dict[str, str] = {
            name[5:]: value if isinstance(value, str) else ""
            for name, value in (script.attrs.items() if script is not None else ())
            if name.startswith("data-")
        }
        self.target_id: str | None = self.script.get("target")
        # What happened, for assertions:
        self.commands: list[list[Any]] = []  # every command run, [path, *args]
        self.errors: list[str] = []  # error answers (and failed commands)
        self.frames: list[Any] = []  # every frame received, decoded
        self.sent: list[list[Any]] = []  # every event sent: [seq, handler id, args]
        self.confirms: list[str] = []  # the texts of the confirm() dialogs answered
        self.js_calls: list[list[Any]] = []  # call_js bindings fired: [path, *args]
        self.redirected_to: str | None = None
        self.closed_with: int | None = None  # the close code, once the server closed the socket
        self.server_seq = 0  # the last diff frame applied
        self._acked = 0  # the highest event seq a frame answered
        self._ws: HypergenCommunicator | None = None
        self._bucket: TokenBucket | None = None
        self._received = 0  # bytes received on this socket …
        self._ack_sent = 0  # … and acknowledged
        self._pong = False

        self._doc = DomNode(_DOCUMENT)
        self._patcher: Patcher | None = None
        self._holder: DomNode | None = None  # the target's parent, in diff mode
        self._mounted: DomNode | None = None  # the patcher's root as it sits in the holder
        target = None
        if self.diff and self.target_id is not None:
            target = find_element(tree, lambda element: element.id == self.target_id)
            if target is None:
                raise LivePageError(f"{path}: no element with the target id {self.target_id!r}")
            _make_opaque(target)
            self._patcher = Patcher(target)
            expected = self.script.get("next-id")
            if expected is not None and int(expected) != self._patcher.next_id:
                raise LivePageError(
                    f"{path}: hydrating the target counted {self._patcher.next_id} nodes, the server "
                    f"{expected}: the page's HTML does not parse back into the server's tree"
                )
            _expand_raw(self._patcher.root)
        self._build(tree, target)

    def _build(self, tree: Element, target: Element | None) -> None:
        def build(node: Element | str, parent: DomNode) -> None:
            if node is target and self._patcher is not None:
                self._mounted = self._patcher.root
                self._holder = parent
                parent.children.append(self._patcher.root)  # its parent stays None: the patcher's root
                return
            if isinstance(node, str):
                _adopt(parent, DomNode(None, str(node)))
                return
            built = DomNode(node.tag)
            built.attrs = dict(node.attrs)
            _adopt(parent, built)
            for child in node.children:
                build(child, built)

        for child in tree.children:
            build(child, self._doc)

    # -- opening and closing --------------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        client: Any,
        path: str,
        *,
        application: Any = None,
        raise_errors: bool = True,
        js: Mapping[str, Callable[..., Any]] | None = None,
        timeout: float = 5.0,
    ) -> LivePage:
        """GET ``path`` with ``client`` (a Django test ``Client`` or ``AsyncClient``), build the model
        DOM, and connect the page's websocket (if it has one) with the client's cookies.

        ``application``: your websocket ASGI app, if it is more than ``AuthMiddlewareStack`` around
        ``hypergen_vdom.routing``. ``raise_errors=False`` records error answers in ``errors``
        instead of raising. ``js``: Python stand-ins for client functions by dotted path, called for
        ``when=`` options (with the event as a dict, then the option's arguments), ``call_js``
        bindings and commands. ``timeout``: seconds to wait for an answer."""
        response = await _http(client, "get", path)
        status = response.status_code
        if status != 200:
            where = f" (to {response['Location']})" if response.has_header("Location") else ""
            raise LivePageError(f"GET {path} answered {status}{where}")
        page = cls(client, path, response.content.decode(), raise_errors=raise_errors, js=js, timeout=timeout)
        if page.script.get("ws") and page.script.get("token"):
            await page._connect(application)
        return page

    @classmethod
    def sync(
        cls,
        client: Any,
        path: str,
        *,
        application: Any = None,
        raise_errors: bool = True,
        js: Mapping[str, Callable[..., Any]] | None = None,
        timeout: float = 5.0,
    ) -> SyncLivePage:
        """``open`` for synchronous tests: the page runs on an event loop in a background thread
        (one for every synchronous page, so they can talk through the channel layer)."""
        runner = _runner()
        page = runner.run(
            cls.open(client, path, application=application, raise_errors=raise_errors, js=js, timeout=timeout)
        )
        return SyncLivePage(page, runner)

    async def _connect(self, application: Any, last_seq: int = 0, tab: str | None = None) -> None:
        ws = HypergenCommunicator(cookie_header(self.client), application, path=self.script["ws"])
        ws.page_html = self.served_html
        ws.token = self._ws.token if self._ws is not None else self.script["token"]
        ws.seq = self._ws.seq if self._ws is not None else 0
        ws.tab = tab or secrets.token_hex(8)
        connected, code = await ws.connect()
        if not connected:
            raise LivePageError(f"{self.path}: the websocket refused the connection ({code})")
        self._ws = ws
        rate = setting("HYPERGEN_FRAMES_PER_SECOND")
        # The server's bucket, less a little: it counts from its accept, a moment after ours.
        self._bucket = TokenBucket(rate, max(1, 2 * rate - 2))
        self._received = self._ack_sent = 0
        self.closed_with = None
        await self._send([Tag.HELLO, ws.token, last_seq, self.path, ws.tab])
        await self.settle()

    async def close(self) -> None:
        """Close the websocket (as the browser does when the page is left)."""
        ws = self._ws
        if ws is not None and self.closed_with is None:
            self.closed_with = 1000
            try:
                await ws.disconnect()
            except (TimeoutError, asyncio.CancelledError):  # pragma: no cover - the app hung
                pass

    async def reconnect(self) -> None:
        """Drop the websocket and open a new one for the same tab, saying hello with the last diff
        frame applied, as the client does after a network loss; apply what the server sends."""
        ws = self._ws
        if ws is None:
            raise LivePageError(f"{self.path} has no websocket")
        await self.close()
        await self._connect(ws.application, self.server_seq, ws.tab)

    async def __aenter__(self) -> LivePage:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.close()

    # -- reading the page -----------------------------------------------------------------------

    @property
    def diff(self) -> bool:
        """Whether the page is in diff mode."""
        return "diff" in self.script

    @property
    def html(self) -> str:
        """The target's current HTML (its content: what the page's handlers render); the whole
        document's HTML when the page names no target."""
        target = self._target()
        if target is None:
            return self.full_html
        return _inner_html(target)

    @property
    def full_html(self) -> str:
        """The whole page as served, with every frame and command applied since."""
        return self.doctype + _inner_html(self._doc)

    def select(self, css: str, text: str | None = None) -> list[PageNode]:
        """Every element of the page matching ``css``, in document order; with ``text``, only
        those whose text content contains it."""
        return self._select(css, text, self._doc)

    def one(self, css: str, text: str | None = None) -> PageNode:
        """The one element matching ``css`` (and ``text``); LivePageError if none or several do."""
        return PageNode(self, self._one(css, text, "one"))

    def __repr__(self) -> str:
        return f"<LivePage {self.path}{' (diff mode)' if self.diff else ''}>"

    # -- events ---------------------------------------------------------------------------------

    async def click(
        self, css: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        """Click the element, like a user: its (or an ancestor's) ``hv-click`` fires; a checkbox or
        radio changes first and fires ``input`` and ``change``; a submit button submits its form.
        LivePageError when nothing at all is bound to the click."""
        node = self._one(css, text, "click")
        self._enabled(node, "click")
        changed = False
        kind = self._type(node)
        if node.tag == "input" and kind == "checkbox":
            self._set_checked(node, not self._checked(node))
            changed = True
        elif node.tag == "input" and kind == "radio" and not self._checked(node):
            self._choose(node)
            changed = True
        fired = await self._dispatch(node, "click", {}, confirm, when)
        if changed:
            fired = await self._dispatch(node, "input", {}, confirm, when) or fired
            fired = await self._dispatch(node, "change", {}, confirm, when) or fired
        if self._submits(node):
            form = self._form_of(node)
            if form is not None:
                fired = await self._dispatch(form, "submit", {}, confirm, when) or fired
        await self._answers()
        if not fired and not changed:
            raise LivePageError(f"click({css!r}): nothing is bound to it (no hv-click on it or above it)")

    async def fill(
        self, css: str, value: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        """Type ``value`` into a text field (``<input>``, ``<textarea>``): its value changes, then
        its ``input`` and ``change`` bindings fire (on it or above it), if there are any."""
        node = self._one(css, text, "fill")
        self._enabled(node, "fill")
        kind = self._type(node)
        if node.tag == "input" and kind in _VALUE_IS_ATTRIBUTE | {"file"}:
            raise LivePageError(f"fill({css!r}): an input of type {kind} takes no typing (click it)")
        if node.tag not in ("input", "textarea"):
            raise LivePageError(f"fill({css!r}): <{node.tag}> is no text field (select_option for a select)")
        if "readonly" in node.attrs:
            raise LivePageError(f"fill({css!r}): the field is read-only")
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if kind in _NO_NEWLINES and node.tag == "input":
            value = value.replace("\n", "")
            if kind in ("url", "email"):
                value = value.strip()
        if kind == "number" and node.tag == "input" and value and not _FLOAT.fullmatch(value):
            raise LivePageError(f"fill({css!r}): {value!r} can't be typed into a number field")
        node.props["value"] = value
        await self._dispatch(node, "input", {}, confirm, when)
        await self._dispatch(node, "change", {}, confirm, when)
        await self._answers()

    async def check(
        self,
        css: str,
        checked: bool = True,
        *,
        text: str | None = None,
        confirm: bool = True,
        when: bool | None = None,
    ) -> None:
        """Make a checkbox (or radio) checked (``checked=False``: unchecked) by clicking it, unless
        it already is."""
        node = self._one(css, text, "check")
        if node.tag != "input" or self._type(node) not in ("checkbox", "radio"):
            raise LivePageError(f"check({css!r}): not a checkbox or radio")
        if self._type(node) == "radio" and not checked:
            raise LivePageError(f"check({css!r}, False): a radio is unchecked by choosing another one")
        if self._checked(node) != checked:
            await self.click(css, text=text, confirm=confirm, when=when)

    async def uncheck(
        self, css: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        await self.check(css, False, text=text, confirm=confirm, when=when)

    async def choose(
        self, css: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        """Choose a radio button (the others of its group get unchecked), unless it already is."""
        node = self._one(css, text, "choose")
        if node.tag != "input" or self._type(node) != "radio":
            raise LivePageError(f"choose({css!r}): not a radio button")
        if not self._checked(node):
            await self.click(css, text=text, confirm=confirm, when=when)

    async def select_option(
        self,
        css: str,
        value: str | Sequence[str],
        *,
        text: str | None = None,
        confirm: bool = True,
        when: bool | None = None,
    ) -> None:
        """Select the option(s) with this value or label in a ``<select>`` (a list for ``multiple``),
        then fire its ``input`` and ``change`` bindings."""
        node = self._one(css, text, "select_option")
        self._enabled(node, "select_option")
        if node.tag != "select":
            raise LivePageError(f"select_option({css!r}): <{node.tag}> is not a select")
        wanted = [value] if isinstance(value, str) else list(value)
        multiple = "multiple" in node.attrs
        if not multiple and len(wanted) != 1:
            raise LivePageError(f"select_option({css!r}): a single select takes one value, got {wanted!r}")
        options = [option for option in self._descendants(node) if option.tag == "option"]
        chosen = [o for o in options if self._option_value(o) in wanted or _text_content(o).strip() in wanted]
        found = {self._option_value(o) for o in chosen} | {_text_content(o).strip() for o in chosen}
        missing = [item for item in wanted if item not in found]
        if missing:
            raise LivePageError(f"select_option({css!r}): no option with value or label {missing!r}")
        if not multiple:
            chosen = chosen[:1]
        for option in options:
            option.props["selected"] = option in chosen
        await self._dispatch(node, "input", {}, confirm, when)
        await self._dispatch(node, "change", {}, confirm, when)
        await self._answers()

    async def submit(
        self, css: str = "form", *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        """Submit a form (``css`` names it, or an element inside it): its ``hv-submit`` fires."""
        node = self._one(css, text, "submit")
        form = node if node.tag == "form" else self._form_of(node)
        if form is None:
            raise LivePageError(f"submit({css!r}): not a form, nor inside one")
        if not await self._dispatch(form, "submit", {}, confirm, when):
            raise LivePageError(f"submit({css!r}): the form has no hv-submit binding (on it or above it)")
        await self._answers()

    async def press(
        self, css: str, key: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        """Press a key in the element: ``keydown`` and ``keyup`` bindings fire (the event's ``key``
        is ``key``, for ``when=`` stand-ins); Enter in a form's text field submits the form."""
        node = self._one(css, text, "press")
        event = {"key": key}
        await self._dispatch(node, "keydown", event, confirm, when)
        if key == "Enter" and node.tag == "input" and self._type(node) not in _VALUE_IS_ATTRIBUTE:
            form = self._form_of(node)
            if form is not None:
                await self._dispatch(form, "submit", {}, confirm, when)
        await self._dispatch(node, "keyup", event, confirm, when)
        await self._answers()

    async def trigger(
        self,
        css: str,
        event: str,
        event_init: Mapping[str, Any] | None = None,
        *,
        text: str | None = None,
        confirm: bool = True,
        when: bool | None = None,
    ) -> None:
        """Fire one event of type ``event`` (``"keyup"``, ``"blur"``, ``"dblclick"`` …) on the
        element, nothing else; ``event_init`` is the event's properties, for ``when=`` stand-ins.
        LivePageError when no binding handles it."""
        node = self._one(css, text, "trigger")
        if event not in BUBBLING and event not in OWN:
            raise LivePageError(f"trigger({css!r}, {event!r}): the client does not listen to {event} events")
        if not await self._dispatch(node, event, dict(event_init or {}), confirm, when):
            where = "on it" if event in OWN else "on it or above it"
            raise LivePageError(f"trigger({css!r}, {event!r}): no hv-{event} binding {where}")
        await self._answers()

    # -- frames from the server -----------------------------------------------------------------

    async def receive(self, timeout: float | None = None) -> list[Any]:
        """Wait for the next frame from the server (a push: ``group_send``, a handler of another
        page …), apply it and whatever else already arrived; the frames, decoded."""
        count = len(self.frames)
        await self._receive_one(self.timeout if timeout is None else timeout)
        await self._drain()
        return self.frames[count:]

    async def wait_for(self, condition: str | Callable[[], object], timeout: float | None = None) -> None:
        """Apply frames as they arrive until ``condition`` holds: a CSS selector that matches
        something, or a callable returning true. LivePageError after ``timeout`` seconds."""
        if isinstance(condition, str):
            css = condition

            def check() -> object:
                return self.select(css)

        else:
            check = condition
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.timeout if timeout is None else timeout)
        await self._drain()
        while not check():
            left = deadline - loop.time()
            if left <= 0:
                raise LivePageError(f"{self.path}: still waiting for {condition!r}; the page: {self.html!r}")
            try:
                await self._receive_one(left)
            except LivePageError:
                if self.closed_with is not None or loop.time() < deadline:
                    raise
        await self._drain()

    async def settle(self) -> list[Any]:
        """Ping and apply every frame that arrives before the pong (the server handles a
        connection's frames in order, so everything it owes for earlier frames has come)."""
        count = len(self.frames)
        if self._ws is not None and self.closed_with is None:
            self._pong = False
            await self._send([Tag.PING])
            while not self._pong:
                await self._receive_one(self.timeout)
        return self.frames[count:]

    async def _answers(self) -> None:
        """Apply frames until every event sent is answered, then what else already arrived."""
        ws = self._ws
        if ws is not None:
            while self._acked < ws.seq:
                await self._receive_one(self.timeout)
            await self._drain()

    async def _drain(self) -> None:
        ws = self._ws
        if ws is None or self.closed_with is not None:
            return
        await asyncio.sleep(0)  # let a frame the server is sending right now arrive
        while not ws.output_queue.empty():
            self._handle_message(ws.output_queue.get_nowait())

    async def _receive_one(self, timeout: float) -> None:
        ws = self._ws
        if ws is None:
            raise LivePageError(f"{self.path} has no websocket: nothing will arrive")
        if self.closed_with is not None:
            raise LivePageError(f"{self.path}: the websocket is closed ({self.closed_with})")
        getter = asyncio.ensure_future(ws.output_queue.get())
        done, _ = await asyncio.wait(
            {getter, ws.future}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if getter in done:
            self._handle_message(getter.result())
            return
        getter.cancel()
        if ws.future.done():
            error = ws.future.exception()
            self.closed_with = self.closed_with or 1006
            raise LivePageError(f"{self.path}: the websocket application ended: {error!r}")
        raise LivePageError(f"{self.path}: no frame from the server within {timeout:g} s")

    def _handle_message(self, message: dict[str, Any]) -> None:
        if message["type"] == "websocket.close":
            self.closed_with = message.get("code", 1000)
            raise LivePageError(f"{self.path}: the server closed the websocket ({self.closed_with})")
        data = message.get("bytes")
        if data is None:
            raise LivePageError(f"{self.path}: the server sent a text frame: {message.get('text')!r}")
        self._received += len(data)
        frame = msgpack.unpackb(data, raw=False)
        self.frames.append(frame)
        if not isinstance(frame, list) or not frame:
            raise LivePageError(f"{self.path}: a frame that is no array: {frame!r}")
        head = frame[0]
        if type(head) is int:
            self._apply_diff(data)
            self._answered(frame[1])
        elif head == Tag.COMMANDS:
            self._answered(frame[1])
            self._run_commands(frame[2])
        elif head == Tag.ERROR:
            self._answered(frame[1])
            self._fail(f"the server answered {'event ' + str(frame[1]) if frame[1] else ''}: {frame[2]}")
        elif head == Tag.TOKEN:
            assert self._ws is not None
            self._ws.token = frame[1]
        elif head == Tag.PONG:
            self._pong = True
        else:
            raise LivePageError(f"{self.path}: a frame of unknown kind: {frame!r}")

    def _answered(self, seq: Any) -> None:
        if type(seq) is not int:
            raise LivePageError(f"{self.path}: a frame answering a seq that is no int: {seq!r}")
        self._acked = max(self._acked, seq)

    def _apply_diff(self, data: bytes) -> None:
        patcher = self._patcher
        if patcher is None:
            raise LivePageError(f"{self.path} is no diff-mode page, yet got a diff frame")
        try:
            patcher.apply(data)
        except PatchError as error:
            raise LivePageError(f"{self.path}: a diff frame a correct client can't apply: {error}") from error
        self.server_seq = msgpack.unpackb(data, raw=False)[0]
        if patcher.root is not self._mounted:  # REPLACE of the target: put the new one in its place
            holder = self._holder
            if holder is not None:
                holder.children = [patcher.root if c is self._mounted else c for c in holder.children]
            self._mounted = patcher.root
        _expand_raw(patcher.root)

    def _fail(self, message: str) -> None:
        self.errors.append(message)
        if self.raise_errors:
            raise LivePageError(f"{self.path}: {message}")

    # -- commands -------------------------------------------------------------------------------

    def _run_commands(self, commands: Any) -> None:
        if not isinstance(commands, list):
            raise LivePageError(f"{self.path}: commands must be a list, got {commands!r}")
        for command in commands:
            if not isinstance(command, list) or not command or not isinstance(command[0], str):
                raise LivePageError(f"{self.path}: not a command: {command!r}")
            self.commands.append(command)
            self._run_command(command[0], command[1:])

    def _run_command(self, path: str, args: list[Any]) -> None:
        if path == "hypergen.redirect":
            self.redirected_to = args[0]
        elif path in ("hypergen.morph", "hypergen.append", "hypergen.prepend"):
            node = self._by_id_or_fail(path, args[0])
            if node is None:
                return
            built = _dom_fragment(args[1])
            if path == "hypergen.morph":
                node.children = []
            for index, child in enumerate(built):
                _adopt(node, child, index if path == "hypergen.prepend" else None)
        elif path == "hypergen.remove":
            node = self._by_id_or_fail(path, args[0])
            parent = self._up(node) if node is not None else None
            if node is not None and parent is not None:
                parent.children.remove(node)
                node.parent = None
        elif path in ("hypergen.hide", "hypergen.display"):
            node = self._by_id_or_fail(path, args[0])
            if node is not None:
                style = node.attrs.get("style")
                rules = [r for r in (style.split(";") if isinstance(style, str) else []) if r.strip()]
                rules = [r.strip() for r in rules if r.split(":")[0].strip().lower() != "display"]
                if path == "hypergen.hide":
                    rules.append("display: none")
                node.attrs["style"] = "".join(rule + ";" for rule in rules)
        elif path in self.js:
            self.js[path](*args)
        # Anything else (hypergen.reset, your own client functions) is only recorded.

    def _by_id_or_fail(self, path: str, element_id: Any) -> DomNode | None:
        node = self._by_id(element_id) if isinstance(element_id, str) else None
        if node is None:
            self._fail(f"{path}: no element with id {element_id!r}")
        return node

    # -- firing a binding -----------------------------------------------------------------------

    async def _dispatch(
        self, node: DomNode, event: str, event_init: dict[str, Any], confirm: bool, when: bool | None
    ) -> bool:
        """What the client's listener does for one event on ``node``; whether a binding took it."""
        bound = self._bound(node, event)
        if bound is None:
            return False
        source = bound.attrs[f"hv-{event}"]
        try:
            target, args, *rest = json.loads(str(source))
            options: dict[str, Any] = rest[0] if rest else {}
            if not isinstance(target, str) or not isinstance(args, list) or not isinstance(options, dict):
                raise TypeError("not [target, args, opts]")
        except (ValueError, TypeError) as error:
            raise LivePageError(f"hv-{event}={source!r} is no binding: {error}") from error
        if options.get("when") and not self._when(options["when"], event, event_init, when):
            return True
        if options.get("confirm"):
            self.confirms.append(options["confirm"])
            if not confirm:
                return True
        values = self._resolve(args, bound)
        if options.get("clear"):
            self._clear(bound, args)  # the client empties the field as it sends
        if target.startswith("js:"):
            self.js_calls.append([target[3:], *values])
            stand_in = self.js.get(target[3:])
            if stand_in is not None:
                stand_in(*values)
        elif target.startswith("/"):
            await self._post(target, values)
        else:
            await self._event(target, values)
        return True

    def _bound(self, node: DomNode, event: str) -> DomNode | None:
        attribute = f"hv-{event}"
        if event in OWN:
            return node if attribute in node.attrs else None
        current: DomNode | None = node
        while current is not None and current.tag not in (None, _DOCUMENT):
            if attribute in current.attrs:
                return current
            current = self._up(current)
        return None

    def _when(self, spec: Any, event: str, event_init: dict[str, Any], answer: bool | None) -> bool:
        if answer is not None:
            return answer
        path, *args = spec
        stand_in = self.js.get(path)
        if stand_in is None:
            raise LivePageError(
                f"the hv-{event} binding has when={path!r}, client JavaScript: pass when=True or "
                f"False, or give a stand-in with LivePage.open(..., js={{{path!r}: function}})"
            )
        return bool(stand_in({"type": event, **event_init}, *args))

    def _resolve(self, value: Any, bound: DomNode) -> Any:
        """``resolve`` of js/src/values.js: element references become ``{"$v": value, …}``."""
        if isinstance(value, list):
            return [self._resolve(item, bound) for item in value]
        if not isinstance(value, dict):
            return value
        if "$el" in value:
            ref = value["$el"]
            node = bound if ref is None else self._by_id(ref)
            if node is None:
                raise LivePageError(f'the binding refers to no element: no element with id "{ref}"')
            return {"$v": self._read_value(node), **{k: v for k, v in value.items() if k != "$el"}}
        return {key: self._resolve(item, bound) for key, item in value.items()}

    def _clear(self, bound: DomNode, args: Any) -> None:
        """The client's ``clear``: THIS when it is a field, else the fields the arguments name."""
        if bound.tag in _VALUE_ELEMENTS and bound.tag not in ("button", "form"):
            fields: list[DomNode | None] = [bound]
        else:
            fields = [self._by_id(arg["$el"]) for arg in args if isinstance(arg, dict) and arg.get("$el")]
        for field in fields:
            if field is None:
                continue
            if field.tag == "select":
                for option in self._descendants(field):
                    if option.tag == "option":
                        option.props["selected"] = False
            elif field.tag == "input" and self._type(field) in _VALUE_IS_ATTRIBUTE:
                field.attrs["value"] = ""
            elif field.tag in ("input", "textarea"):
                field.props["value"] = ""

    async def _event(self, handler: str, values: list[Any]) -> None:
        ws = self._ws
        if ws is None or self.closed_with is not None:
            raise LivePageError(f"{self.path}: an event for a @consumer, but the page has no open websocket")
        ws.seq += 1
        frame = [ws.seq, handler, values]
        self.sent.append(frame)
        await self._send(frame)

    async def _post(self, url: str, values: list[Any]) -> None:
        body = json.dumps({"args": values})
        headers = {"X-CSRFToken": self.script.get("csrf", "")}
        response = await _http(
            self.client, "post", url, body, content_type="application/json", headers=headers
        )
        status = response.status_code
        try:
            answer = json.loads(response.content)
        except ValueError:
            answer = None
        if status != 200 or not isinstance(answer, list):
            message = answer.get("error") if isinstance(answer, dict) else None
            self._fail(f"POST {url}: {message or f'HTTP {status}'}")
            return
        self._run_commands(answer)

    async def _send(self, frame: list[Any]) -> None:
        ws = self._ws
        assert ws is not None and self._bucket is not None
        while not self._bucket.allow():  # as fast as the server lets a connection send
            await asyncio.sleep(1 / self._bucket.rate)
        await ws.send_frame(frame)
        if self._received - self._ack_sent >= ACK_EVERY and frame[0] != Tag.ACK:
            self._ack_sent = self._received
            await self._send([Tag.ACK, self._received])

    # -- the model DOM --------------------------------------------------------------------------

    def _target(self) -> DomNode | None:
        if self._patcher is not None:
            return self._patcher.root
        return self._by_id(self.target_id) if self.target_id is not None else None

    def _up(self, node: DomNode) -> DomNode | None:
        if node.parent is not None:
            return node.parent
        if self._patcher is not None and node is self._patcher.root:
            return self._holder
        return None

    def _descendants(self, node: DomNode) -> Iterator[DomNode]:
        """The elements below ``node``, in document order."""
        stack = [child for child in reversed(node.children) if child.tag is not None]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(child for child in reversed(current.children) if child.tag is not None)

    def _by_id(self, element_id: str) -> DomNode | None:
        for node in self._descendants(self._doc):
            if node.attrs.get("id") == element_id:
                return node
        return None

    def _select(self, css: str, text: str | None, scope: DomNode) -> list[PageNode]:
        alternatives = _CssParser(css).parse()
        return [
            PageNode(self, node)
            for node in self._descendants(scope)
            if any(self._matches(node, parts, len(parts) - 1) for parts in alternatives)
            and (text is None or text in _text_content(node))
        ]

    def _one(self, css: str, text: str | None, action: str) -> DomNode:
        found = self._select(css, text, self._doc)
        with_text = f" with text {text!r}" if text is not None else ""
        if len(found) != 1:
            some = "; ".join(node.html[:80] for node in found[:3])
            raise LivePageError(
                f"{action}({css!r}): {len(found)} elements match{with_text}, not 1"
                + (f": {some}{' …' if len(found) > 3 else ''}" if found else "")
            )
        return found[0]._node

    def _element_siblings(self, node: DomNode) -> list[DomNode]:
        parent = self._up(node)
        return [c for c in parent.children if c.tag is not None] if parent is not None else [node]

    def _matches(self, node: DomNode, parts: _Complex, index: int) -> bool:
        combinator, compound = parts[index]
        if not all(self._simple(node, simple) for simple in compound):
            return False
        if index == 0:
            return True
        if combinator in (">", " "):
            parent = self._up(node)
            while parent is not None and parent.tag != _DOCUMENT:
                if self._matches(parent, parts, index - 1):
                    return True
                if combinator == ">":
                    return False
                parent = self._up(parent)
            return False
        siblings = self._element_siblings(node)
        before = siblings[: siblings.index(node)]
        if combinator == "+":
            return bool(before) and self._matches(before[-1], parts, index - 1)
        return any(self._matches(sibling, parts, index - 1) for sibling in before)

    def _simple(self, node: DomNode, simple: _Simple) -> bool:
        kind = simple[0]
        attrs = node.attrs
        if kind == "any":
            return True
        if kind == "tag":
            return bool(node.tag == simple[1])
        if kind == "id":
            return bool(attrs.get("id") == simple[1])
        if kind == "class":
            value = attrs.get("class")
            return isinstance(value, str) and simple[1] in value.split()
        if kind == "attr":
            return _attribute_matches(attrs, *simple[1:])
        name, argument = simple[1], simple[2]
        if name in ("first-child", "last-child", "only-child", "nth-child", "nth-last-child"):
            siblings = self._element_siblings(node)
            position = siblings.index(node) + 1
            from_end = len(siblings) - position + 1
            if name == "first-child":
                return position == 1
            if name == "last-child":
                return from_end == 1
            if name == "only-child":
                return len(siblings) == 1
            a, b = argument
            return _nth_matches(a, b, position if name == "nth-child" else from_end)
        if name == "checked":
            if node.tag == "option":
                return self._selected(node)
            return node.tag == "input" and self._type(node) in ("checkbox", "radio") and self._checked(node)
        if name == "disabled":
            return node.tag in _FORM_CONTROLS and self._disabled(node)
        if name == "enabled":
            return node.tag in _FORM_CONTROLS and not self._disabled(node)
        if name == "empty":
            return not any(child.tag is not None or child.text for child in node.children)
        if name == "not":
            return not any(self._matches(node, parts, len(parts) - 1) for parts in argument)
        if name == "contains":
            return bool(argument in _text_content(node))
        raise LivePageError(f"unsupported pseudo-class :{name}")  # pragma: no cover - the parser refuses it

    # -- values (js/src/values.js) --------------------------------------------------------------

    def _type(self, node: DomNode) -> str:
        """The element's ``type`` property, as the client reads it."""
        if node.tag == "input":
            kind = node.attrs.get("type")
            kind = kind.lower() if isinstance(kind, str) else "text"
            return kind if kind in _INPUT_TYPES else "text"
        if node.tag == "select":
            return "select-multiple" if "multiple" in node.attrs else "select-one"
        if node.tag == "button":
            kind = node.attrs.get("type")
            kind = kind.lower() if isinstance(kind, str) else "submit"
            return kind if kind in ("submit", "reset", "button") else "submit"
        return node.tag or ""

    def _checked(self, node: DomNode) -> bool:
        if "checked" in node.props:
            return bool(node.props["checked"])
        return "checked" in node.attrs

    def _set_checked(self, node: DomNode, checked: bool) -> None:
        node.props["checked"] = checked

    def _selected(self, node: DomNode) -> bool:
        if "selected" in node.props:
            return bool(node.props["selected"])
        return "selected" in node.attrs

    def _disabled(self, node: DomNode) -> bool:
        if "disabled" in node.attrs:
            return True
        ancestor = self._up(node)
        while ancestor is not None and ancestor.tag != _DOCUMENT:
            if ancestor.tag == "fieldset" and "disabled" in ancestor.attrs:
                return True
            ancestor = self._up(ancestor)
        return False

    def _enabled(self, node: DomNode, action: str) -> None:
        if node.tag in _FORM_CONTROLS and self._disabled(node):
            raise LivePageError(f"{action}: {_outer_html(node)[:80]} is disabled")

    def _submits(self, node: DomNode) -> bool:
        if node.tag == "button":
            return self._type(node) == "submit"
        return node.tag == "input" and self._type(node) in ("submit", "image")

    def _form_of(self, node: DomNode) -> DomNode | None:
        """The form owner: the ``form`` attribute's form, else the closest enclosing form."""
        form_id = node.attrs.get("form")
        if isinstance(form_id, str) and node.tag in _FORM_CONTROLS:
            owner = self._by_id(form_id)
            return owner if owner is not None and owner.tag == "form" else None
        ancestor = self._up(node)
        while ancestor is not None and ancestor.tag != _DOCUMENT:
            if ancestor.tag == "form":
                return ancestor
            ancestor = self._up(ancestor)
        return None

    def _radio_group(self, node: DomNode) -> list[DomNode]:
        name = node.attrs.get("name")
        if not name:
            return [node]
        form = self._form_of(node)
        return [
            radio
            for radio in self._descendants(self._doc)
            if radio.tag == "input"
            and self._type(radio) == "radio"
            and (radio is node or (radio.attrs.get("name") == name and self._form_of(radio) is form))
        ]

    def _choose(self, node: DomNode) -> None:
        for radio in self._radio_group(node):
            radio.props["checked"] = radio is node

    def _option_value(self, option: DomNode) -> str:
        value = option.attrs.get("value")
        if isinstance(value, str):
            return value
        if value is True:
            return ""
        return " ".join(_text_content(option).split())

    def _selected_options(self, select: DomNode) -> list[DomNode]:
        options = [option for option in self._descendants(select) if option.tag == "option"]
        selected = [option for option in options if self._selected(option)]
        if "multiple" in select.attrs:
            return selected
        if selected:
            return selected[-1:]  # a single select: the last one selected wins
        size = select.attrs.get("size")
        if isinstance(size, str) and size.strip().isdigit() and int(size) > 1:
            return []
        enabled = [option for option in options if not self._disabled(option)]
        return enabled[:1]  # a drop-down shows (and sends) its first option

    def _read_value(self, node: DomNode) -> Any:
        """``readValue`` of js/src/values.js on the model DOM."""
        if node.tag == "form":
            return self._read_form(node)
        kind = self._type(node)
        if node.tag == "input" and kind == "checkbox":
            return self._checked(node)
        if node.tag == "input" and kind == "radio":
            on = next((r for r in self._radio_group(node) if self._checked(r)), None)
            return self._value_property(on) if on is not None else None
        if node.tag == "select" and kind == "select-multiple":
            return [self._option_value(option) for option in self._selected_options(node)]
        return self._value_property(node)

    def _listed(self, form: DomNode) -> list[DomNode]:
        """``form.elements``: its listed elements (the ``form`` attribute counts), in tree order."""
        return [
            node
            for node in self._descendants(self._doc)
            if node.tag in _LISTED
            and not (node.tag == "input" and self._type(node) == "image")
            and self._form_of(node) is form
        ]

    def _read_form(self, form: DomNode) -> dict[str, Any]:
        """``readForm`` of js/src/values.js: the fields as the browser submits them (``FormData``:
        named, not disabled, no buttons, checkboxes and radios only when checked, no files) as
        ``{name: value}``; ``select multiple`` and a name several fields share (radios aside) give
        lists."""
        listed = self._listed(form)
        out: dict[str, Any] = {}
        for node in listed:
            name = node.attrs.get("name")
            if not isinstance(name, str) or not name or self._disabled(node):
                continue
            kind = self._type(node)
            if node.tag == "button" or node.tag in ("fieldset", "object", "output"):
                continue
            if node.tag == "select":
                values = [self._option_value(option) for option in self._selected_options(node)]
            elif kind in ("submit", "reset", "button", "file"):
                continue
            elif kind in ("checkbox", "radio"):
                if not self._checked(node):
                    continue
                values = [self._value_property(node)]
            else:
                values = [self._value_property(node)]
            namesakes = [n for n in listed if n.attrs.get("id") == name or n.attrs.get("name") == name]
            first = namesakes[0] if namesakes else node
            many = (
                self._type(first) == "select-multiple"
                if len(namesakes) < 2
                else not (first.tag == "input" and self._type(first) == "radio")
            )
            for value in values:
                out[name] = [*out.get(name, []), value] if many else value
        return out

    def _value_property(self, node: DomNode) -> Any:
        """The element's ``.value`` (None for elements that have none)."""
        tag = node.tag
        attribute = node.attrs.get("value")
        text_value = attribute if isinstance(attribute, str) else "" if attribute is True else None
        if tag == "input":
            kind = self._type(node)
            if kind in _VALUE_IS_ATTRIBUTE:
                if text_value is None:
                    return "on" if kind in ("checkbox", "radio") else ""
                return text_value
            current = node.props.get("value")
            if isinstance(current, str):
                return current
            return text_value or ""
        if tag == "textarea":
            current = node.props.get("value")
            return current if isinstance(current, str) else _text_content(node)
        if tag == "select":
            chosen = self._selected_options(node)
            return self._option_value(chosen[0]) if chosen else ""
        if tag == "option":
            return self._option_value(node)
        if tag in ("button", "data", "param"):
            return text_value or ""
        if tag == "output":
            return _text_content(node)
        if tag == "li":
            try:
                return int(text_value or "0")
            except ValueError:
                return 0
        if tag in ("meter", "progress"):
            try:
                return float(text_value or "0")
            except ValueError:
                return 0.0
        return None


def _attribute_matches(
    attrs: dict[str, str | bool], name: str, op: str, expected: str, ignore_case: bool
) -> bool:
    if name not in attrs:
        return False
    if not op:
        return True
    raw = attrs[name]
    value = "" if raw is True else str(raw)
    if ignore_case:
        value, expected = value.lower(), expected.lower()
    if op == "=":
        return value == expected
    if op == "~=":
        return expected in value.split()
    if op == "|=":
        return value == expected or value.startswith(expected + "-")
    if not expected:
        return False
    if op == "^=":
        return value.startswith(expected)
    if op == "$=":
        return value.endswith(expected)
    return expected in value  # *=


async def _http(client: Any, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
    """A request with a Django test ``Client`` (in a thread) or ``AsyncClient`` (awaited)."""
    call = getattr(client, method)
    if inspect.iscoroutinefunction(call):
        return await call(path, *args, **kwargs)
    return await sync_to_async(call)(path, *args, **kwargs)


# --- synchronous tests ---------------------------------------------------------------------------


class _Runner:
    """An event loop in a daemon thread, shared by every synchronous page."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="hypergen-livepage", daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()


_RUNNER: _Runner | None = None
_RUNNER_LOCK = threading.Lock()


def _runner() -> _Runner:
    global _RUNNER
    with _RUNNER_LOCK:
        if _RUNNER is None:
            _RUNNER = _Runner()
        return _RUNNER


class _FromPage(Generic[T]):
    """A read-only attribute of :class:`SyncLivePage`: the attribute of the same name of its ``page``."""

    name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _FromPage[T]: ...
    @overload
    def __get__(self, instance: SyncLivePage, owner: type | None = None) -> T: ...
    def __get__(self, instance: SyncLivePage | None, owner: type | None = None) -> _FromPage[T] | T:
        if instance is None:
            return self
        return cast(T, getattr(instance.page, self.name))

    def __set__(self, instance: SyncLivePage, value: Never) -> None:
        raise AttributeError(f"{type(instance).__name__}.{self.name} is read-only (it is the page's)")


class SyncLivePage:
    """``LivePage`` for synchronous tests (``LivePage.sync(client, path)``): the same methods,
    each run to completion. ``page`` is the ``LivePage`` behind it."""

    def __init__(self, page: LivePage, runner: _Runner) -> None:
        self.page = page
        self._runner = runner

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self._runner.run(coroutine)

    # reading: the page's own attributes
    html = _FromPage[str]()
    full_html = _FromPage[str]()
    commands = _FromPage[list[list[Any]]]()
    errors = _FromPage[list[str]]()
    frames = _FromPage[list[Any]]()
    sent = _FromPage[list[list[Any]]]()
    confirms = _FromPage[list[str]]()
    js_calls = _FromPage[list[list[Any]]]()
    redirected_to = _FromPage[str | None]()
    closed_with = _FromPage[int | None]()

    def select(self, css: str, text: str | None = None) -> list[PageNode]:
        return self.page.select(css, text)

    def one(self, css: str, text: str | None = None) -> PageNode:
        return self.page.one(css, text)

    # acting
    def click(
        self, css: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        self._run(self.page.click(css, text=text, confirm=confirm, when=when))

    def fill(
        self, css: str, value: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        self._run(self.page.fill(css, value, text=text, confirm=confirm, when=when))

    def check(
        self,
        css: str,
        checked: bool = True,
        *,
        text: str | None = None,
        confirm: bool = True,
        when: bool | None = None,
    ) -> None:
        self._run(self.page.check(css, checked, text=text, confirm=confirm, when=when))

    def uncheck(
        self, css: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        self._run(self.page.uncheck(css, text=text, confirm=confirm, when=when))

    def choose(
        self, css: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        self._run(self.page.choose(css, text=text, confirm=confirm, when=when))

    def select_option(
        self,
        css: str,
        value: str | Sequence[str],
        *,
        text: str | None = None,
        confirm: bool = True,
        when: bool | None = None,
    ) -> None:
        self._run(self.page.select_option(css, value, text=text, confirm=confirm, when=when))

    def submit(
        self, css: str = "form", *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        self._run(self.page.submit(css, text=text, confirm=confirm, when=when))

    def press(
        self, css: str, key: str, *, text: str | None = None, confirm: bool = True, when: bool | None = None
    ) -> None:
        self._run(self.page.press(css, key, text=text, confirm=confirm, when=when))

    def trigger(
        self,
        css: str,
        event: str,
        event_init: Mapping[str, Any] | None = None,
        *,
        text: str | None = None,
        confirm: bool = True,
        when: bool | None = None,
    ) -> None:
        self._run(self.page.trigger(css, event, event_init, text=text, confirm=confirm, when=when))

    def receive(self, timeout: float | None = None) -> list[Any]:
        return self._run(self.page.receive(timeout))

    def wait_for(self, condition: str | Callable[[], object], timeout: float | None = None) -> None:
        self._run(self.page.wait_for(condition, timeout))

    def settle(self) -> list[Any]:
        return self._run(self.page.settle())

    def reconnect(self) -> None:
        self._run(self.page.reconnect())

    def close(self) -> None:
        self._run(self.page.close())

    def __enter__(self) -> SyncLivePage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SyncLivePage {self.page.path}>"
