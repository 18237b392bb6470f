"""The in-memory element tree that templates build.

Pure Python: no Django import, so the differ and the wire encoder can be tested without settings.

A node is an ``Element`` (tag, attributes, key, children), a ``str`` (text) or a ``Raw`` (HTML that
is written as is). Element functions (``div``, ``span`` …, see ``elements.py``) create an Element
and append it to the innermost open parent of the current render; ``with div():`` makes it the
open parent. An element passed as a positional child to another element is moved there (Hypergen
semantics: ``div(span("a"))`` nests, it does not duplicate).

The render state lives in a ``ContextVar`` so concurrent renders in threads or asyncio tasks never
see each other's trees.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from .exceptions import HypergenError

if TYPE_CHECKING:
    from .memo import MemoCache

__all__ = [
    "NO_ATTRS",
    "OMIT",
    "VOID_TAGS",
    "DuplicateIdError",
    "Element",
    "Fragment",
    "Node",
    "Raw",
    "RenderState",
    "append_child",
    "attribute_name",
    "children_of",
    "clean_text",
    "current_state",
    "detach",
    "doctype",
    "find_element",
    "finished_render",
    "make_element",
    "raw",
    "rendering",
    "write",
]


class _Omit:
    """An attribute or child value that means "leave it out"."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> bool:
        return False


OMIT: Any = _Omit()


class _NoAttrs(dict):  # type: ignore[type-arg]
    """The one attribute dict shared by every element that has no attributes.

    Most elements of a big page have none (``<td>42</td>``); an empty dict each would cost 64 bytes
    per element in every tree a connection keeps. Shared, so it refuses to be changed: give the
    element a new dict instead.
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("NO_ATTRS is shared by every element without attributes; assign a new dict")

    __setitem__ = __delitem__ = __ior__ = update = setdefault = pop = popitem = clear = _refuse

    def __reduce__(self) -> str:
        return "NO_ATTRS"  # unpickles as this very object: a stored tree keeps sharing it


NO_ATTRS: dict[str, str | bool] = _NoAttrs()

VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


class DuplicateIdError(HypergenError, ValueError):
    """Two elements of one render share an id: the DOM and the diff would both go wrong."""

    def __init__(self, element_id: str) -> None:
        super().__init__(f"Duplicate element id {element_id!r} in one render")
        self.element_id = element_id


class Raw(str):
    """HTML written as is, unescaped. The only way around escaping; never pass user input."""

    __slots__ = ()


Node = "Element | str"


class Element:
    """One HTML element.

    ``attrs`` maps final attribute names to ``str`` values or ``True`` (a bare boolean attribute);
    event bindings are ordinary attributes (``hv-click`` …) so they diff like attributes.
    ``coerce`` is the Python type the element's value is read back as (see ``bindings.py``).
    ``nid`` is diff mode's node id bookkeeping, owned by ``nodeids.py`` (None until assigned).
    """

    __slots__ = ("attrs", "children", "coerce", "key", "nid", "tag")

    def __init__(
        self,
        tag: str,
        attrs: dict[str, str | bool] | None = None,
        children: list[Element | str] | None = None,
        key: Any = None,
        coerce: str | None = None,
    ) -> None:
        # make_element() below, Fragment.__init__ and elements.make_element_function's hot path
        # set these same slots without calling __init__: keep the four in step.
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}
        self.children = children if children is not None else []
        self.key = key
        self.coerce = coerce
        self.nid: int | tuple[int, ...] | None = None

    # Used as ``with div(): ...``: the element becomes the open parent.
    def __enter__(self) -> Element:
        state = _state.get()
        if state is None:
            raise RuntimeError("Elements can only be used as context managers while rendering")
        state.stack.append(self)
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        state = _state.get()
        assert state is not None
        popped = state.stack.pop()
        assert popped is self, "element context managers closed out of order"
        if self.tag == "table":
            _wrap_table_rows(self)

    def __eq__(self, other: object) -> bool:
        # Structural equality, for tests and the differ's properties; key and coerce count too.
        if not isinstance(other, Element):
            return NotImplemented
        return (
            self.tag == other.tag
            and self.attrs == other.attrs
            and self.key == other.key
            and self.children == other.children
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        key = f" key={self.key!r}" if self.key is not None else ""
        return f"<{self.tag}{key} {self.attrs!r} {self.children!r}>"

    @property
    def id(self) -> str | None:
        value = self.attrs.get("id")
        return value if isinstance(value, str) else None


_new_element = Element.__new__


def make_element(
    tag: str, attrs: dict[str, str | bool], children: list[Element | str], key: Any = None
) -> Element:
    """``Element(tag, attrs, children, key)`` for the render's hot path: it sets the slots that
    ``Element.__init__`` sets, without the cost of calling it (~0.3 µs of ~1 µs per element)."""
    element = _new_element(Element)
    element.tag = tag
    element.attrs = attrs
    element.children = children
    element.key = key
    element.coerce = None
    element.nid = None
    return element


class Fragment(Element):
    """A parentless list of nodes: the root of a render, or a component's output."""

    __slots__ = ()

    def __init__(self, children: list[Element | str] | None = None) -> None:
        # Element.__init__'s slots, set here without the super() call: every @memo call returns a
        # fragment, so a memoized 1000-row page makes 1000 of them per render. A fragment has no
        # attributes of its own: the shared NO_ATTRS, not a new dict.
        self.tag = ""
        self.attrs = NO_ATTRS
        self.children = children if children is not None else []
        self.key = None
        self.coerce = None
        self.nid = None


class RenderState:
    """Everything one render accumulates; one per ``rendering()`` block."""

    __slots__ = (
        "__weakref__",
        "commands",
        "consumers",
        "ids",
        "memo",
        "memo_consumers",
        "memo_ids",
        "next_auto_id",
        "root",
        "stack",
    )

    def __init__(self, memo: MemoCache | None = None) -> None:
        self.root = Fragment()
        self.stack: list[Element] = [self.root]
        self.ids: set[str] = set()
        self.next_auto_id = 0
        # Client commands queued by ``command()``, sent after the render's content.
        self.commands: list[list[Any]] = []
        # The @consumer handlers this render's callbacks bind, by handler id (their options): a page
        # may invoke exactly these, and binding one is what tells the page to open its websocket.
        self.consumers: dict[str, Any] = {}
        # ``@memo`` outputs (memo.py): the connection's cache, or one made for this render alone.
        self.memo = memo
        # While a ``@memo`` function runs: the ids it registers (replayed when its output is reused).
        self.memo_ids: list[str] | None = None
        # The handler dict a reused ``@memo`` output merged into ``consumers`` last: rows of one
        # list share one, merged once (memo._replay).
        self.memo_consumers: dict[str, Any] | None = None

    def discard_output(self) -> None:
        """Forget what was rendered so far (``base_view`` renders the whole target afresh): its
        elements, the ids they took and the handlers they bound. Queued commands stay."""
        self.root.children.clear()
        self.ids.clear()
        self.next_auto_id = 0
        self.consumers.clear()
        self.memo_consumers = None

    def register_id(self, element_id: str) -> None:
        if element_id in self.ids:
            raise DuplicateIdError(element_id)
        self.ids.add(element_id)
        if self.memo_ids is not None:
            self.memo_ids.append(element_id)

    def auto_id(self) -> str:
        """A deterministic id for an element a callback refers to: stable across re-renders."""
        if self.memo_ids is not None:
            # An automatic id depends on what the page rendered before, so a reused output would
            # carry another render's id: inside @memo the element needs an id of its own.
            raise ValueError(
                "callback() refers to an element without an id inside a @memo function;"
                " give it one with id_= (automatic ids depend on render order)"
            )
        while True:
            self.next_auto_id += 1
            candidate = f"hv{self.next_auto_id}"
            if candidate not in self.ids:
                return candidate


_state: ContextVar[RenderState | None] = ContextVar("hypergen_vdom_render_state", default=None)
# The render that finished last in this context (weakly): how the page's diff session finds the memo
# cache of the HTTP render it starts from (``diffmode.baseline``).
_finished: ContextVar[weakref.ref[RenderState] | None] = ContextVar("hypergen_vdom_finished", default=None)


def current_state() -> RenderState | None:
    return _state.get()


def finished_render(root: Element) -> RenderState | None:
    """The state of the render whose root is ``root``, if it is the last one that finished here."""
    ref = _finished.get()
    state = ref() if ref is not None else None
    return state if state is not None and state.root is root else None


@contextmanager
def rendering(memo: MemoCache | None = None) -> Iterator[RenderState]:
    """Collect every element created inside the block into ``state.root``.

    ``memo``: the connection's ``memo.MemoCache``, so ``@memo`` functions reuse what the previous
    render made (without one, a render reuses only within itself)."""
    state = RenderState(memo)
    if memo is not None:
        memo.begin()
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)
        _finished.set(weakref.ref(state))


# What an HTML parser would not hand back unchanged, so the tree must not hold it either: a diff-mode
# SPLICE_TEXT counts characters in the tree, the browser applies it to its DOM, and any character
# the two disagree on shifts every edit after it. The parser turns CR LF and a lone CR into LF
# (input stream preprocessing) and NUL into U+FFFD or nothing, depending on where it appears; a
# lone surrogate cannot even be encoded as UTF-8 (the response or the msgpack frame would fail).
def clean_text(text: str) -> str:
    """``text`` as an HTML parser would give it back: CR LF and CR → LF, NUL and lone surrogates →
    U+FFFD (which every parser keeps as is). Returns ``text`` itself when it is already clean."""
    # Cheapest checks first (this runs for every text node): ``in`` is a memchr-speed scan and
    # isascii() is O(1). Only non-ASCII text can hold a surrogate; printable text holds none
    # (they are category Cs), and for the rest a strict UTF-8 encode, which fails on exactly
    # surrogates, is still several times faster than a regex character class.
    if "\r" in text or "\x00" in text:
        return _repair_text(text)
    if text.isascii() or text.isprintable() or not _has_surrogate(text):
        return text
    return _repair_text(text)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _repair_text(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    if not text.isascii() and _has_surrogate(text):
        # A high+low pair (from a UTF-16 source) is the character it encodes; through UTF-16 it
        # becomes that, and the decoder's "replace" turns each lone one into U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def append_child(parent: Element, child: Any) -> None:
    """Append a child value (element, text, number, iterable of those) with text merging."""
    if child is None or child is OMIT or child is False:
        return
    children = parent.children
    if isinstance(child, Element):
        if type(child) is Fragment:
            for grandchild in child.children:
                append_child(parent, grandchild)
            return
        children.append(child)
        return
    if isinstance(child, str):
        if not child:
            return  # a browser never makes an empty text node: keep tree and DOM in step
        if isinstance(child, Raw):
            children.append(child)  # opaque: written as is, never diffed inside
            return
        child = clean_text(child)
        if children and type(children[-1]) is str:
            children[-1] = children[-1] + child
        else:
            children.append(child)
        return
    if isinstance(child, (int, float)):
        append_child(parent, str(child))
        return
    if isinstance(child, Iterable):
        for item in child:
            append_child(parent, item)
        return
    append_child(parent, str(child))


def detach(element: Element) -> None:
    """Take an element out of wherever this render appended it, so nesting it elsewhere moves it
    (Hypergen semantics) and never duplicates it.

    Called when the element is passed as an argument child. It was almost always created just
    before the call, so it is the open parent's last child; else it sits in another open parent
    (``el = input_(); with form(): div(el)``); only an element created inside an element that is
    closed by now needs a walk of the whole render.
    """
    state = _state.get()
    if state is None:
        return
    pieces = element.children if type(element) is Fragment else [element]
    # A component's output was spliced into the open parent; take each piece back out.
    for piece in reversed(pieces):
        if isinstance(piece, str):  # text: only ever just written into the open parent
            _detach_from(state.stack[-1].children, piece)
        elif not any(_detach_from(parent.children, piece) for parent in reversed(state.stack)):
            _detach_nested(state.root, piece)


def _detach_from(children: list[Element | str], node: Element | str) -> bool:
    for index in range(len(children) - 1, -1, -1):
        child = children[index]
        if child is node or (type(node) is str and child == node):
            del children[index]
            return True
    return False


def _detach_nested(root: Element, node: Element) -> None:
    stack = [root]
    while stack:
        parent = stack.pop()
        for index, child in enumerate(parent.children):
            if child is node:
                del parent.children[index]
                return
            if isinstance(child, Element):
                stack.append(child)


def _wrap_table_rows(table: Element) -> None:
    """Put ``<tr>`` children of a ``<table>`` into a ``<tbody>``, as the HTML parser would."""
    if not any(isinstance(c, Element) and c.tag == "tr" for c in table.children):
        return
    wrapped: list[Element | str] = []
    body: Element | None = None
    for child in table.children:
        if isinstance(child, Element) and child.tag == "tr":
            if body is None:
                body = Element("tbody")
                wrapped.append(body)
            body.children.append(child)
        else:
            body = None
            wrapped.append(child)
    table.children = wrapped


def attribute_name(name: str) -> str:
    """Hypergen's attribute naming: ``class_`` → ``class``, ``data_x`` → ``data-x``."""
    if name in _NAME_CACHE:
        return _NAME_CACHE[name]
    final = name.rstrip("_").replace("_", "-") if name not in ("id_", "class_") else name[:-1]
    if not final or any(c in final for c in ' "\'>/=<\t\n\f\r'):
        raise ValueError(f"Invalid attribute name {name!r}")
    _NAME_CACHE[name] = final
    return final


_NAME_CACHE: dict[str, str] = {}


def write(*texts: Any, sep: str = "") -> None:
    """Append text (escaped when serialized) to the open parent."""
    state = _state.get()
    if state is None:
        raise RuntimeError("write() is only available while rendering")
    parent = state.stack[-1]
    for index, text in enumerate(texts):
        if index and sep:
            append_child(parent, sep)
        append_child(parent, text if isinstance(text, str) else str(text))


def raw(*htmls: str) -> None:
    """Append HTML as is. Diff mode treats an element with raw content as one opaque unit."""
    state = _state.get()
    if state is None:
        raise RuntimeError("raw() is only available while rendering")
    for html in htmls:
        append_child(state.stack[-1], Raw(html))


def doctype(kind: str = "html") -> None:
    raw(f"<!DOCTYPE {kind}>")


def children_of(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Fragment:
    """Run ``func`` with a fresh open parent and return what it appended (used by components)."""
    state = _state.get()
    if state is None:
        raise RuntimeError("components are only available while rendering")
    fragment = Fragment()
    state.stack.append(fragment)
    try:
        result = func(*args, **kwargs)
    finally:
        state.stack.pop()
    # An element the function made and returns (``return li(x)``) is in its output already.
    if result is not None and not (isinstance(result, Element) and _holds(fragment, result)):
        append_child(fragment, result)
    return fragment


def _holds(root: Element, node: Element) -> bool:
    return find_element(root, lambda element: element is node) is not None


def find_element(root: Element, predicate: Callable[[Element], bool]) -> Element | None:
    """Depth-first search; the first element for which ``predicate(element)`` is true."""
    stack = [root]
    while stack:
        node = stack.pop()
        if predicate(node):
            return node
        stack.extend(reversed([c for c in node.children if isinstance(c, Element)]))
    return None
