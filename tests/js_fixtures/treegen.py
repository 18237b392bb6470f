"""Random target trees and random edits of them, for the differ's properties and the JS fixtures.

Driven by a ``random.Random`` so the same code serves Hypothesis (``st.randoms()``) and the
seeded fixture export. Trees are what a render could produce and what an HTML parser gives back
unchanged: no empty or adjacent texts, tags whose nesting the parser never repairs (no ``<p>``,
``<table>`` or ``<a>``), ``<select>`` holding only ``<option>``s, raw HTML that parses the same
in any context. Edits rebuild the tree with fresh elements, sometimes reusing an old subtree
object as is (memoized components), at the same place or elsewhere.
"""

from __future__ import annotations

import random
from typing import Any

from hypergen_vdom.tree import Element, Raw

__all__ = ["LIST_CHANGES", "edit_tree", "list_page", "random_list_pair", "random_pair", "random_tree"]

# No <li>/<p>/<a>: the parser closes or reparents those when nested, so HTML would not round-trip.
CONTAINERS = ["div", "span", "section", "b", "i", "em", "strong", "ul"]
WORDS = ["a", "b", "hello", "wörld", "x y", " ", "<&>", "🙂", "tab\tbed", '"q"', "zz"]
ATTR_NAMES = ["class", "title", "data-k", "hv-click", "lang"]
ATTR_VALUES = ["x", "y z", "", '["ab12c",[1]]', "a'b", 'q"r', "&amp;", "ü"]
RAWS = ["<i>raw</i>", "r<b>a</b>w", "plain &amp; raw", "<span>1</span><span>2</span>"]


def _text(rng: random.Random) -> str:
    if rng.random() < 0.08:
        # Long enough for SPLICE_TEXT to be considered.
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 40)))
    return "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def _attrs(rng: random.Random) -> dict[str, str | bool]:
    attrs: dict[str, str | bool] = {}
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
        attrs[rng.choice(ATTR_NAMES)] = True if rng.random() < 0.15 else rng.choice(ATTR_VALUES)
    return attrs


def _edit_text(rng: random.Random, text: str) -> str:
    if len(text) < 40 or rng.random() < 0.3:
        return _text(rng)
    start = rng.randrange(len(text))
    end = min(len(text), start + rng.randint(0, 5))
    return text[:start] + rng.choice(WORDS) * rng.randint(0, 2) + text[end:]


def _normalize(children: list[Element | str]) -> list[Element | str]:
    """Merge adjacent texts and drop empty ones, as a render (and a parser) would."""
    out: list[Element | str] = []
    for child in children:
        if type(child) is str:
            if not child:
                continue
            if out and type(out[-1]) is str:
                out[-1] = out[-1] + child  # type: ignore[operator]
                continue
        out.append(child)
    return out


def _input(rng: random.Random, key: Any = None) -> Element:
    attrs: dict[str, str | bool] = {}
    if rng.random() < 0.5:
        attrs["type"] = "checkbox"
        if rng.random() < 0.5:
            attrs["checked"] = True
    else:
        attrs["type"] = "text"
    if rng.random() < 0.6:
        attrs["value"] = rng.choice(ATTR_VALUES)
    return Element("input", attrs, [], key)


def _select(rng: random.Random, key: Any = None) -> Element:
    keyed = rng.random() < 0.5
    options: list[Element | str] = []
    for index in range(rng.randint(0, 4)):
        attrs: dict[str, str | bool] = {"value": f"v{index}"}
        if rng.random() < 0.3:
            attrs["selected"] = True
        options.append(Element("option", attrs, [_text(rng)], index if keyed else None))
    return Element("select", {}, options, key)


def random_tree(rng: random.Random, depth: int = 0, key: Any = None, tag: str | None = None) -> Element:
    roll = rng.random()
    if tag is None and depth and roll < 0.08:
        return _input(rng, key)
    if tag is None and depth and roll < 0.13:
        return _select(rng, key)
    element = Element(tag or rng.choice(CONTAINERS), _attrs(rng), [], key)
    if depth >= 3:
        if rng.random() < 0.7:
            element.children = [_text(rng)]
        return element
    if rng.random() < 0.3:
        element.children = _keyed_children(rng, depth + 1, rng.randint(0, 7))
    else:
        element.children = _mixed_children(rng, depth + 1)
    return element


def _keyed_children(rng: random.Random, depth: int, count: int) -> list[Element | str]:
    keys = rng.sample(range(1000), count)
    if rng.random() < 0.3:
        keys = [f"k{k}" for k in keys]  # type: ignore[misc]
    return [random_tree(rng, depth + 1, key) for key in keys]


def _mixed_children(rng: random.Random, depth: int) -> list[Element | str]:
    children: list[Element | str] = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 4, 5])):
        roll = rng.random()
        if roll < 0.35:
            children.append(_text(rng))
        elif roll < 0.38:
            children.append(Raw(rng.choice(RAWS)))
        else:
            children.append(random_tree(rng, depth))
    return _normalize(children)


def _copy(node: Element | str) -> Element | str:
    """A fresh deep copy without ids."""
    if not isinstance(node, Element):
        return node
    return Element(node.tag, dict(node.attrs), [_copy(child) for child in node.children], node.key)


def _edit_attrs(rng: random.Random, element: Element) -> dict[str, str | bool]:
    attrs = dict(element.attrs)
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 2)):
            roll = rng.random()
            if roll < 0.4 and attrs:
                del attrs[rng.choice(list(attrs))]
            else:
                attrs[rng.choice(ATTR_NAMES)] = rng.choice([*ATTR_VALUES, True])
    if element.tag == "input" and rng.random() < 0.4:
        prop = rng.choice(["value", "checked"])
        if prop in attrs and rng.random() < 0.5:
            del attrs[prop]
        else:
            attrs[prop] = True if prop == "checked" else rng.choice(ATTR_VALUES)
    # Toggle an option's selected (pop it, or add it if it was not there).
    if element.tag == "option" and rng.random() < 0.4 and attrs.pop("selected", None) is None:
        attrs["selected"] = True
    return attrs


def edit_tree(rng: random.Random, element: Element, rate: float = 0.3, depth: int = 0) -> Element:
    """A fresh tree like ``element`` with random edits (``rate`` ≈ how much changes)."""
    if element.tag in ("input", "select") and rng.random() < rate * 0.3:
        return _copy(random_tree(rng, max(depth, 1), element.key))  # type: ignore[return-value]
    children = element.children
    is_keyed = bool(children) and all(isinstance(c, Element) and c.key is not None for c in children)
    if is_keyed:
        new_children = _edit_keyed(rng, children, rate, depth)  # type: ignore[arg-type]
    else:
        new_children = _edit_mixed(rng, element, rate, depth)
    return Element(element.tag, _edit_attrs(rng, element), new_children, element.key)


def _edit_child(rng: random.Random, child: Element, rate: float, depth: int) -> Element:
    roll = rng.random()
    if roll < 0.15:
        return child  # the very same object: skipped by identity (or copied on write if moved)
    if roll < 0.15 + rate * 0.1 and child.tag in CONTAINERS:
        # Same key, other tag: a REPLACE.
        return Element(rng.choice([t for t in CONTAINERS if t != child.tag]), {}, [_text(rng)], child.key)
    return edit_tree(rng, child, rate, depth + 1)


def _edit_keyed(rng: random.Random, children: list[Element], rate: float, depth: int) -> list[Element | str]:
    kept = [c for c in children if rng.random() > rate * 0.5]
    style = rng.random()
    if style < 0.2:
        rng.shuffle(kept)
    elif style < 0.3:
        kept.reverse()
    elif style < 0.45 and len(kept) > 1:
        kept.insert(rng.randrange(len(kept)), kept.pop(rng.randrange(len(kept))))
    used = {c.key for c in children}
    out: list[Element | str] = [_edit_child(rng, c, rate, depth) for c in kept]
    string_keys = bool(children) and isinstance(children[0].key, str)
    for _ in range(rng.choice([0, 0, 1, 2, 4]) if rng.random() < rate * 2 else 0):
        key: Any = rng.randrange(1000, 2000)
        key = f"k{key}" if string_keys else key
        if key in used:
            continue
        used.add(key)
        out.insert(rng.randint(0, len(out)), random_tree(rng, depth + 2, key))
    if children and children[0].tag == "option":
        out = [c if isinstance(c, Element) and c.tag == "option" else _option(rng, c) for c in out]
    return out


def _option(rng: random.Random, child: Element | str) -> Element:
    key = child.key if isinstance(child, Element) else None
    return Element("option", {"value": "new"}, [_text(rng)], key)


def _edit_mixed(rng: random.Random, element: Element, rate: float, depth: int) -> list[Element | str]:
    if element.tag == "select":
        options = [
            _edit_child(rng, c, rate, depth) if isinstance(c, Element) else c for c in element.children
        ]
        if rng.random() < rate:
            options.append(Element("option", {"value": "added"}, [_text(rng)]))
        return [_option(rng, c) if not (isinstance(c, Element) and c.tag == "option") else c for c in options]
    if element.tag == "option":
        return [_text(rng)] if rng.random() < rate else list(element.children)
    if element.tag == "input":
        return []  # void
    if depth >= 2 and element.children and rng.random() < rate:
        return _normalize([_edit_text(rng, c) if type(c) is str else c for c in element.children])
    out: list[Element | str] = []
    for child in element.children:
        roll = rng.random()
        if roll < rate * 0.15:
            continue  # removed
        if roll < rate * 0.3:
            out.append(_text(rng) if rng.random() < 0.5 else random_tree(rng, depth + 1))  # replaced
            continue
        if isinstance(child, Raw):
            out.append(Raw(rng.choice(RAWS)) if rng.random() < rate else child)
        elif isinstance(child, str):
            out.append(_edit_text(rng, child) if rng.random() < rate else child)
        else:
            out.append(_edit_child(rng, child, rate, depth))
    for _ in range(rng.choice([0, 0, 1, 2]) if rng.random() < rate else 0):
        out.insert(
            rng.randint(0, len(out)), _text(rng) if rng.random() < 0.4 else random_tree(rng, depth + 1)
        )
    if rng.random() < rate * 0.1:
        out.append(Raw(rng.choice(RAWS)))
    return _normalize(out)


def random_pair(rng: random.Random) -> tuple[Element, Element]:
    """A target tree and an edit of it (both roots are ``<div>``)."""
    a = random_tree(rng, tag="div")
    b = edit_tree(rng, a, rate=rng.choice([0.0, 0.1, 0.3, 0.6, 0.9]))
    b.tag = "div"
    return a, b


# -- long child lists, sorted and filtered (ORDER and its compact forms) -------------------------

LIST_CHANGES = ["sort", "filter", "filter-sort", "shuffle-insert"]


def _row(key: int, keyed: bool) -> Element:
    # A real page's row: an id, a link, a conditional badge; a key only in a keyed list.
    children: list[Element | str] = [Element("a", {"href": f"/items/{key}/"}, [f"item {key}"])]
    if key % 5 == 0:
        children.append(Element("span", {"class": "badge"}, ["new"]))
    return Element("li", {"id": f"item-{key}"}, children, key=key if keyed else None)


def list_page(keys: list[int], keyed: bool, error: bool = False) -> Element:
    """A page around a list of rows: a heading, a conditional error, a search form, the list."""
    items = Element("ul", {"class": "items"}, [_row(key, keyed) for key in keys])
    head = [Element("p", {"class": "error"}, ["Choose one"])] if error else []
    search = Element("form", {}, [Element("input", {"name": "q", "type": "search"}, [])])
    return Element("div", {}, [Element("h1", {}, ["Items"]), *head, search, items])


def list_change(rng: random.Random, keys: list[int], change: str) -> list[int]:
    """The rows after a sort, a filter, both, or a shuffle with a few new rows."""
    shuffled = keys[:]
    rng.shuffle(shuffled)
    if change == "sort":
        return shuffled
    if change == "filter":
        return [key for key in keys if rng.random() < 0.4]
    if change == "filter-sort":
        return [key for key in shuffled if rng.random() < 0.6]
    new_keys = [key for key in shuffled if rng.random() < 0.8]
    for extra in range(len(keys), len(keys) + rng.randint(1, 5)):
        new_keys.insert(rng.randint(0, len(new_keys)), extra)
    return new_keys


def random_list_pair(rng: random.Random) -> tuple[Element, Element]:
    """A page with a long list (keyed or not) and the same page after a ``list_change``."""
    keys = list(range(rng.randint(2, 120)))
    keyed = rng.random() < 0.5
    new_keys = list_change(rng, keys, rng.choice(LIST_CHANGES))
    return list_page(keys, keyed), list_page(new_keys, keyed, error=rng.random() < 0.5)
