"""Tree → HTML. The one serializer: what a browser parses back is exactly the tree.

So that HTML and tree agree node for node: no whitespace is added, text is escaped, ``<tbody>`` is
already in the tree (``tree._wrap_table_rows``), and a ``<pre>``/``<textarea>`` whose text starts
with a newline gets one more, because the HTML parser drops the first. What the parser would rewrite
(CR, NUL, lone surrogates) never reaches here: ``tree.clean_text`` normalised it when the tree was
built, so text is written as is (U+FFFD included, which every parser keeps).
"""

from __future__ import annotations

from collections.abc import Iterable

from .tree import VOID_TAGS, Element, Raw

__all__ = ["RAW_MARKER", "escape_attribute", "escape_text", "to_html"]

# An element with a Raw child is opaque in diff mode (see wire.py); it is written with this bare attribute.
RAW_MARKER = "hv-raw"

# Elements whose content the parser does not decode (raw text): entities would show literally.
_RAW_TEXT_TAGS = frozenset(("script", "style"))
_LEADING_NEWLINE_TAGS = frozenset(("pre", "textarea", "listing"))
_SPECIAL_TAGS = _RAW_TEXT_TAGS | _LEADING_NEWLINE_TAGS | VOID_TAGS


def escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(value: str) -> str:
    """Quote an attribute value, picking the quote that needs no escaping (JSON bindings are full
    of double quotes; single-quoting them keeps classic-mode HTML small)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def _defuse_raw_text(text: str) -> str:
    if "<" not in text:
        return text
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def to_html(nodes: Element | str | Iterable[Element | str]) -> str:
    out: list[str] = []
    if isinstance(nodes, (Element, str)):
        _write(nodes, out)
    else:
        for node in nodes:
            _write(node, out)
    return "".join(out)


def _write(node: Element | str, out: list[str]) -> None:
    if type(node) is str:
        out.append(escape_text(node))
        return
    if isinstance(node, Raw):
        out.append(node)
        return
    assert isinstance(node, Element)
    tag = node.tag
    if not tag:  # a Fragment: just its children
        for child in node.children:
            _write(child, out)
        return
    children = node.children
    if not node.attrs and len(children) == 1 and type(children[0]) is str and tag not in _SPECIAL_TAGS:
        out.append(f"<{tag}>{escape_text(children[0])}</{tag}>")  # <td>42</td>: the common case
        return
    out.append("<" + tag)
    for name, value in node.attrs.items():
        if value is True:
            out.append(" " + name)
        else:
            out.append(f" {name}={escape_attribute(value)}")  # type: ignore[arg-type]
    # inlined from nodeids.is_opaque for speed (exact type: Raw is never subclassed here)
    if children and Raw in map(type, children) and RAW_MARKER not in node.attrs:
        # Diff mode: raw content gets no node ids; the marker tells the client's hydration to skip it.
        out.append(" " + RAW_MARKER)
    out.append(">")
    if tag in VOID_TAGS:
        return
    if tag in _RAW_TEXT_TAGS:
        for child in children:
            # Two things break out of raw text: a closing tag, and "<!--" followed by "<script",
            # which puts the parser in "script data double escaped" state where the real
            # </script> no longer ends the element and the rest of the page becomes script.
            # Defuse both with a backslash that JS and CSS strings read as nothing.
            out.append(_defuse_raw_text(str(child)))
    else:
        if tag in _LEADING_NEWLINE_TAGS and children and type(children[0]) is str and children[0][:1] == "\n":
            out.append("\n")
        for child in children:
            # The two commonest children written here, without a call each (a 1000-row table
            # has 6000 of them): text, and an attribute-less element holding one text (<td>42</td>).
            if type(child) is str:
                out.append(escape_text(child))
            elif (
                type(child) is Element
                and not child.attrs
                and len(grandchildren := child.children) == 1
                and type(text := grandchildren[0]) is str
                and (child_tag := child.tag)  # "": a fragment's children only (see _write)
                and child_tag not in _SPECIAL_TAGS
            ):
                out.append(f"<{child_tag}>{escape_text(text)}</{child_tag}>")
            else:
                _write(child, out)
    out.append(f"</{tag}>")
