"""Node ids in the server's tree: where they live and how fresh ones are allocated.

Both sides number nodes in preorder as they create them (see ``wire.py``). The server keeps the
id of every node of the tree the browser shows, text nodes included, in ONE slot per element,
``Element.nid``, so a kept tree costs one pointer per element plus the int objects:

- ``nid`` is an ``int``: the element's own id. If its first child is a text node, that text's id
  is ``nid + 1``; it has no other text children. This is how every freshly built element with at
  most a leading text looks (``<td>42</td>``, ``<li>text<ul>…</ul></li>``), since preorder puts
  the first child right after its parent — so most elements store nothing but their own id.
- ``nid`` is a ``tuple``: ``(own id, one entry per child)``, the entry of a text child being its
  id and that of an element child ``-1`` (elements carry their own ``nid``; keeping ``-1`` there
  means a child's REPLACE never leaves a stale copy behind). Used for mixed content
  (``<div><b>a</b> <span>b</span></div>``) and when a text was created after its parent.
- ``None``: not assigned (a fresh render), or inside an opaque or client-owned element.

An element with a ``Raw`` child is opaque, and one carrying ``hv-ignore`` (``IGNORE_MARKER``) is
owned by the client: either has an id (the int form), nothing inside it does
(``numbers_nothing_inside``).

Read and write records through the functions here (``node_id``, ``text_id``, ``set_ids``, …). The
differ's hottest paths inline a few of them; each such place names the function it mirrors.

Copy on write: an element that already has ids (``nid is not None``) and is placed somewhere new
(a memoized subtree reused at another position) may still be read as part of the old tree during
the same diff, so it is never relabelled in place; ``fresh()`` makes a shallow copy first and the
copy takes its place in the new tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from .exceptions import HypergenError
from .tree import Element, Raw

__all__ = [
    "IGNORE_MARKER",
    "IdRecord",
    "MissingIdsError",
    "assign_ids",
    "child_id",
    "copy_if_numbered",
    "fresh",
    "fresh_record",
    "is_ignored",
    "is_opaque",
    "makes_opaque",
    "node_id",
    "numbers_nothing_inside",
    "preorder_ids",
    "set_ids",
    "shifted",
    "text_id",
]

IdRecord: TypeAlias = int | tuple[int, ...]
"""An assigned ``Element.nid``: the int form or the tuple form (see above)."""

_ELEMENT = -1  # a tuple record's entry for an element child

IGNORE_MARKER = "hv-ignore"
"""The bare attribute (``hv_ignore=True``) of an element whose content the client owns: rendered
once, never patched inside; its own attributes still are."""


class MissingIdsError(HypergenError, ValueError):
    """A node the caller expected to carry ids has none: its tree was never hydrated, or the node
    lies inside an opaque element."""


def makes_opaque(child: object) -> bool:
    """Whether ``child`` makes its parent element opaque (it is raw HTML)."""
    return isinstance(child, Raw)


def is_opaque(element: Element) -> bool:
    return any(map(makes_opaque, element.children))


def is_ignored(element: Element) -> bool:
    """Whether the client owns ``element``'s content (it carries ``hv-ignore``)."""
    return IGNORE_MARKER in element.attrs


def numbers_nothing_inside(element: Element) -> bool:
    """Opaque or client-owned: the element has an id, its descendants have none."""
    return is_ignored(element) or is_opaque(element)


def node_id(element: Element) -> int:
    """The element's own id."""
    nid = element.nid
    if nid is None:
        raise MissingIdsError(f"<{element.tag}> has no node id")
    return nid if type(nid) is int else nid[0]  # type: ignore[index]


def text_id(record: IdRecord, index: int) -> int:
    """The id of the text child at ``index``, read from its parent's record.

    Unchecked (the differ asks only for texts it knows are there): in the int form the only text
    is the first child. ``child_id`` is the checked way for any child.
    """
    return record + 1 if type(record) is int else record[index + 1]  # type: ignore[index]


def child_id(parent: Element, index: int) -> int:
    """The id of ``parent.children[index]`` (element or text)."""
    child = parent.children[index]
    if isinstance(child, Element):
        return node_id(child)
    nid = parent.nid
    if nid is None or numbers_nothing_inside(parent):
        raise MissingIdsError(f"<{parent.tag}> has no node ids")
    if (type(nid) is int and index != 0) or (type(nid) is tuple and nid[index + 1] == _ELEMENT):
        raise MissingIdsError(f"<{parent.tag}> keeps no id for its text child {index}")
    return text_id(nid, index)


def set_ids(element: Element, own: int, texts: Sequence[tuple[int, int]] = ()) -> None:
    """Give ``element`` its record: its own id and, as ``(index, id)`` pairs, those of its text
    children (its element children carry their own). An opaque or client-owned element passes no
    texts."""
    if not texts or (len(texts) == 1 and texts[0] == (0, own + 1)):
        element.nid = own
        return
    ids = [_ELEMENT] * (len(element.children) + 1)
    ids[0] = own
    for index, text in texts:
        ids[index + 1] = text
    element.nid = tuple(ids)


def fresh(element: Element) -> Element:
    """A shallow copy without ids (its own children list; attrs are shared, never mutated)."""
    return Element(element.tag, element.attrs, list(element.children), element.key, element.coerce)


def copy_if_numbered(children: list[Element | str], index: int) -> Element:
    """``children[index]``, an element, ready to be numbered: if it already carries ids (an object
    reused from the old tree), a ``fresh`` copy, which takes its place in ``children``."""
    child: Element = children[index]  # type: ignore[assignment]
    if child.nid is not None:
        child = children[index] = fresh(child)
    return child


def assign_ids(element: Element, next_id: int) -> int:
    """Number ``element`` and its subtree in preorder from ``next_id``; returns the next free id.

    Used for hydration (``assign_ids(target, 0)``) and by the differ for every INSERT/REPLACE.
    """
    own = next_id
    next_id += 1
    attrs = element.attrs
    if attrs and IGNORE_MARKER in attrs:  # client-owned: nothing inside is numbered
        element.nid = own
        return next_id
    children = element.children
    ids: list[int] | None = None
    for index, child in enumerate(children):
        kind = type(child)
        if kind is not Element and kind is not str:
            if makes_opaque(child):
                element.nid = own
                return own + 1  # opaque: whatever was numbered inside is void
            kind = Element if isinstance(child, Element) else str
        if kind is Element:
            # copy_if_numbered, inlined: this loop numbers every element of a hydration.
            if child.nid is not None:  # type: ignore[union-attr]
                child = children[index] = fresh(child)  # type: ignore[arg-type]
            next_id = assign_ids(child, next_id)  # type: ignore[arg-type]
            if ids is not None:
                ids.append(_ELEMENT)
        else:
            if index and ids is None:
                # The first text after index 0: switch to the tuple form and back-fill.
                ids = [own, _ELEMENT if isinstance(children[0], Element) else own + 1]
                ids += [_ELEMENT] * (index - 1)
            if ids is not None:
                ids.append(next_id)
            next_id += 1
    element.nid = own if ids is None else tuple(ids)
    return next_id


def shifted(record: IdRecord, by: int) -> IdRecord:
    """``record`` with every id in it moved by ``by`` (the tuple form's element entries stay):
    how a sealed row stores its ids relative to its own (``sealed.py``)."""
    if type(record) is int:
        return record + by
    return tuple(entry + by if entry != _ELEMENT else entry for entry in record)  # type: ignore[union-attr]


def fresh_record(children: Sequence[Element | str], own: int) -> IdRecord:
    """The record ``assign_ids`` gives an element numbered from ``own`` whose (unnumbered, not
    opaque, not client-owned) children these are: the int form, or the tuple form when a text
    comes after the first child."""
    if not any(type(child) is str for child in children[1:]):
        return own
    ids = [own]
    next_id = own + 1
    for child in children:
        if type(child) is str:
            ids.append(next_id)
            next_id += 1
        else:
            ids.append(_ELEMENT)
            next_id += _fresh_count(child)
    return tuple(ids)


def _fresh_count(node: Element | str) -> int:
    """How many ids ``assign_ids`` gives a fresh subtree (no opaque or client-owned part)."""
    if not isinstance(node, Element):
        return 1
    return 1 + sum(_fresh_count(child) for child in node.children)


def preorder_ids(root: Element) -> list[int]:
    """Every id in the tree in preorder (what a client's hydration of it would allocate)."""
    out: list[int] = []

    def walk(element: Element) -> None:
        out.append(node_id(element))
        if numbers_nothing_inside(element):
            return
        for index, child in enumerate(element.children):
            if isinstance(child, Element):
                walk(child)
            else:
                out.append(child_id(element, index))

    walk(root)
    return out
