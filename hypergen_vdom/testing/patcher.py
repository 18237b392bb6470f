"""A reference patcher in Python: what the JS client does with a frame, on a model DOM.

It follows ``wire.py`` to the letter, strict where the client must be strict (unknown op, missing
id, wrong node kind, a ``before`` that is not a child of the parent, an id counter that ends up
elsewhere than ``next_id``), so the property tests can check that ``diff`` only ever emits frames
a correct client accepts, and that both sides allocate the same ids.

The model DOM (``DomNode``) knows only what the protocol can observe: element tag, attributes
(in the order a real DOM would have them), the ``value``/``checked``/``selected`` properties,
text data, children, and ids. Hydration numbers a tree exactly like the client numbers the
target's DOM. A client-owned element (``hv-ignore``) is built with its children, numbered itself
and nothing inside it.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import HypergenError
from ..html import RAW_MARKER
from ..nodeids import IGNORE_MARKER, is_opaque
from ..tree import Element, Raw
from ..wire import Frame, Op, decode_frame, inner_html
from ..wire_order import MalformedOrderError, decode_order

__all__ = [
    "DomNode",
    "IdMismatchError",
    "PatchError",
    "Patcher",
    "UnknownNodeIdError",
    "WrongNodeError",
    "shape",
]


class PatchError(HypergenError, ValueError):
    """The frame cannot be applied; a real client would ask for a resync."""


class UnknownNodeIdError(PatchError):
    def __init__(self, node_id: object) -> None:
        super().__init__(f"No node with id {node_id!r}")
        self.node_id = node_id


class WrongNodeError(PatchError):
    """An op addressed a node of the wrong kind or in the wrong place."""


class IdMismatchError(PatchError):
    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"Frame says next_id {expected}, the client counted {actual}")
        self.expected = expected
        self.actual = actual


class DomNode:
    """An element (``tag`` set), a text node (``tag`` None) or raw HTML (``raw`` True)."""

    __slots__ = ("attrs", "children", "id", "parent", "props", "raw", "tag", "text")

    def __init__(self, tag: str | None, text: str = "", raw: bool = False) -> None:
        self.tag = tag
        self.text = text
        self.raw = raw
        self.attrs: dict[str, str | bool] = {}
        self.props: dict[str, str | bool] = {}
        self.children: list[DomNode] = []
        self.parent: DomNode | None = None
        self.id: int | None = None

    def __repr__(self) -> str:
        if self.tag is None:
            return f"#{self.id}:{self.text!r}"
        return f"#{self.id}:<{self.tag} {self.attrs!r} {self.children!r}>"


class Patcher:
    """A hydrated target plus the id counter; ``apply`` a frame, read it back with ``to_element``."""

    def __init__(self, target: Element) -> None:
        self.by_id: dict[int, DomNode] = {}
        self.next_id = 0
        self.root = self._from_element(target)

    # -- building ------------------------------------------------------------------------------

    def _number(self, node: DomNode, number: bool = True) -> None:
        if not number:  # inside a client-owned element
            return
        node.id = self.next_id
        self.by_id[self.next_id] = node
        self.next_id += 1

    def _from_element(self, node: Element | str, number: bool = True) -> DomNode:
        """Hydration: what the client finds in the DOM, numbered in preorder."""
        if isinstance(node, str):
            if isinstance(node, Raw):
                raise WrongNodeError("Raw HTML outside an element")
            built = DomNode(None, node)
            self._number(built, number)
            return built
        built = DomNode(node.tag)
        built.attrs = dict(node.attrs)
        self._number(built, number)
        if is_opaque(node):
            # Opaque: html.py marks it and nothing inside gets an id.
            built.attrs[RAW_MARKER] = True
            self._append(built, DomNode(None, inner_html(node), raw=True))
            return built
        number = number and IGNORE_MARKER not in built.attrs  # client-owned: nothing inside
        for child in node.children:
            self._append(built, self._from_element(child, number))
        return built

    def _from_wire(self, node: Any, number: bool = True) -> DomNode:
        """INSERT/REPLACE: build a wire node, numbering it in preorder."""
        if isinstance(node, str):
            built = DomNode(None, node)
            self._number(built, number)
            return built
        if not isinstance(node, list) or len(node) < 2:
            raise PatchError(f"Not a wire node: {node!r}")
        tag, flat = node[0], node[1]
        if not isinstance(tag, str) or not isinstance(flat, list) or len(flat) % 2:
            raise PatchError(f"Not a wire element: {node!r}")
        built = DomNode(tag)
        for index in range(0, len(flat), 2):
            built.attrs[flat[index]] = flat[index + 1]
        self._number(built, number)
        if RAW_MARKER in built.attrs:
            content = node[2:]
            if len(content) != 1 or not isinstance(content[0], list) or len(content[0]) != 1:
                raise PatchError(f"An opaque element carries exactly [inner html]: {node!r}")
            self._append(built, DomNode(None, _text(content[0][0]), raw=True))
            return built
        number = number and IGNORE_MARKER not in built.attrs  # client-owned: nothing inside
        for child in node[2:]:
            self._append(built, self._from_wire(child, number))
        return built

    @staticmethod
    def _append(parent: DomNode, child: DomNode, before: DomNode | None = None) -> None:
        child.parent = parent
        if before is None:
            parent.children.append(child)
        else:
            parent.children.insert(parent.children.index(before), child)

    def _forget(self, node: DomNode) -> None:
        if node.id is not None:
            del self.by_id[node.id]
        for child in node.children:
            self._forget(child)

    def _detach(self, node: DomNode) -> None:
        parent = node.parent
        if parent is None:
            raise WrongNodeError(f"#{node.id} is the target; it cannot be removed or moved")
        parent.children.remove(node)
        node.parent = None

    # -- ops -----------------------------------------------------------------------------------

    def node(self, node_id: Any) -> DomNode:
        if type(node_id) is not int or node_id not in self.by_id:
            raise UnknownNodeIdError(node_id)
        return self.by_id[node_id]

    def element(self, node_id: Any) -> DomNode:
        node = self.node(node_id)
        if node.tag is None:
            raise WrongNodeError(f"#{node_id} is a text node, not an element")
        return node

    def text_node(self, node_id: Any) -> DomNode:
        node = self.node(node_id)
        if node.tag is not None:
            raise WrongNodeError(f"#{node_id} is an element, not a text node")
        return node

    def child_of(self, parent: DomNode, node_id: Any) -> DomNode | None:
        if node_id is None:
            return None
        node = self.node(node_id)
        if node.parent is not parent:
            raise WrongNodeError(f"#{node_id} is not a child of #{parent.id}")
        return node

    def apply(self, frame: Frame | bytes) -> None:
        if isinstance(frame, bytes):
            frame = decode_frame(frame)
        for op, *args in frame.ops:
            self.apply_op(op, args)
        if self.next_id != frame.next_id:
            raise IdMismatchError(frame.next_id, self.next_id)

    def apply_op(self, op: Op, args: list[Any]) -> None:
        if op is Op.SET_TEXT:
            self.text_node(args[0]).text = _text(args[1])
        elif op is Op.SPLICE_TEXT:
            node = self.text_node(args[0])
            node.text = _splice_utf16(node.text, args[1], args[2], _text(args[3]))
        elif op is Op.SET_ATTR:
            self.element(args[0]).attrs[args[1]] = args[2]
        elif op is Op.DEL_ATTR:
            self.element(args[0]).attrs.pop(args[1], None)
        elif op is Op.SET_PROP:
            node = self.element(args[0])
            name, value = args[1], args[2]
            if name not in ("value", "checked", "selected"):
                raise WrongNodeError(f"SET_PROP of {name!r}, which is no property")
            # The attribute always (so the DOM serializes like the server's HTML), then the property.
            if value is False:
                node.attrs.pop(name, None)
            else:
                node.attrs[name] = value
            node.props[name] = (
                ("" if isinstance(value, bool) else value) if name == "value" else value is not False
            )
        elif op is Op.INSERT:
            parent = self.element(args[0])
            if RAW_MARKER in parent.attrs or IGNORE_MARKER in parent.attrs:
                raise WrongNodeError(f"INSERT into opaque or client-owned #{parent.id}")
            before = self.child_of(parent, args[1])
            self._append(parent, self._from_wire(args[2]), before)
        elif op is Op.REMOVE:
            node = self.node(args[0])
            self._detach(node)
            self._forget(node)
        elif op is Op.MOVE:
            node = self.node(args[0])
            siblings = node.parent
            if siblings is None:
                raise WrongNodeError(f"MOVE of the target #{node.id}")
            before = self.child_of(siblings, args[1])
            if before is node:
                raise WrongNodeError(f"MOVE #{node.id} before itself")
            siblings.children.remove(node)
            self._append(siblings, node, before)
        elif op is Op.REPLACE:
            node = self.node(args[0])
            holder = node.parent
            self._forget(node)
            if args[0] == 0:  # the target: start over, numbered like a hydration
                self.by_id.clear()
                self.next_id = 0
            built = self._from_wire(args[1])
            if holder is None:
                self.root = built
            else:
                holder.children[holder.children.index(node)] = built
                built.parent = holder
        elif op is Op.ORDER:
            parent = self.element(args[0])
            if IGNORE_MARKER in parent.attrs:
                raise WrongNodeError(f"ORDER of client-owned #{parent.id}")
            ids = args[1]
            if isinstance(ids, bytes):  # the compact form: positions in the current child list
                try:
                    positions = decode_order(len(parent.children), ids)
                except MalformedOrderError as error:
                    raise WrongNodeError(f"ORDER of #{parent.id}: {error}") from error
                order: list[DomNode | None] = [parent.children[position] for position in positions]
            elif not isinstance(ids, list) or len(set(ids)) != len(ids):
                raise WrongNodeError(f"ORDER needs a list of distinct ids or a compact order, got {ids!r}")
            else:
                order = [self.child_of(parent, node_id) for node_id in ids]
            staying = set(order)
            for child in parent.children:
                if child not in staying:
                    self._forget(child)
                    child.parent = None
            parent.children = [child for child in order if child is not None]
        else:  # pragma: no cover - decode_frame already refuses unknown opcodes
            raise PatchError(f"Unknown op {op!r}")

    # -- reading back --------------------------------------------------------------------------

    def preorder_ids(self) -> list[int]:
        out: list[int] = []

        def walk(node: DomNode) -> None:
            if node.id is None:
                return
            out.append(node.id)
            for child in node.children:
                walk(child)

        walk(self.root)
        return out

    def to_element(self) -> Element | str:
        """The model DOM as a tree (raw HTML back as ``Raw``; the opaque marker dropped)."""
        return _to_element(self.root)


def _to_element(node: DomNode) -> Element | str:
    if node.tag is None:
        return Raw(node.text) if node.raw else node.text
    attrs = dict(node.attrs)
    if any(child.raw for child in node.children):
        attrs.pop(RAW_MARKER, None)  # html.py adds it back
    return Element(node.tag, attrs, [_to_element(child) for child in node.children])


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PatchError(f"Text must be a string, got {value!r}")
    return value


def _splice_utf16(text: str, start: int, count: int, inserted: str) -> str:
    units = text.encode("utf-16-le")
    if start < 0 or count < 0 or 2 * (start + count) > len(units):
        raise PatchError(f"SPLICE_TEXT {start}+{count} outside a text of {len(units) // 2} units")
    spliced = units[: 2 * start] + inserted.encode("utf-16-le") + units[2 * (start + count) :]
    try:
        return spliced.decode("utf-16-le")
    except UnicodeDecodeError as error:  # the splice cut a surrogate pair in half
        raise PatchError(f"SPLICE_TEXT splits a surrogate pair: {error}") from error


def shape(node: Element | str) -> Any:
    """A comparable form of a tree as a browser sees it: no keys, attributes unordered, an opaque
    element's content as its HTML, a client-owned element's content left out (the server's
    render and the client's DOM may differ there by design)."""
    if isinstance(node, str):
        return node
    attrs = frozenset(node.attrs.items())
    if IGNORE_MARKER in node.attrs:
        return ("client-owned", node.tag, attrs)
    if is_opaque(node):
        return ("opaque", node.tag, attrs, inner_html(node))
    return (node.tag, attrs, tuple(shape(child) for child in node.children))
