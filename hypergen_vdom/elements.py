"""One callable per HTML element: ``div(...)``, ``with div(...):``.

Hypergen's conventions: positional arguments are children (elements, text, numbers, iterables),
``sep=`` goes between them, ``end=`` after the element; keyword arguments are attributes
(``id_``/``class_`` and other trailing underscores stripped, ``_`` → ``-``), ``class_`` may be a
list, ``style`` a dict, ``True`` is a bare attribute, ``False``/``None``/``OMIT`` leave it out;
``on<event>=callback(...)`` binds an event; ``key=`` keys the element for the differ and
``coerce_to=`` says what Python type its value is read back as.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from .bindings import Binding, coerce_name
from .tree import (
    NO_ATTRS,
    OMIT,
    VOID_TAGS,
    Element,
    _new_element,
    _state,
    _wrap_table_rows,
    append_child,
    attribute_name,
    children_of,
    clean_text,
    detach,
)
from .urls_safety import URL_ATTRIBUTES, safe_url, trusted_url

__all__ = ["ElementFunction", "component", "make_element_function"]

ElementFunction = Callable[..., Element]

# The value's Python type says what it comes back as (an input rendered with an int returns an int).
_VALUE_COERCE: dict[type, str] = {
    int: "int",
    float: "float",
    datetime.date: "date",
    datetime.datetime: "datetime",
    datetime.time: "time",
}
_INPUT_TYPE_COERCE = {
    "checkbox": "bool",
    "date": "date",
    "datetime-local": "datetime",
    "time": "time",
}


def _style(value: dict[str, Any]) -> str:
    return ";".join(
        f"{attribute_name(k)}:{v}"
        for k, v in value.items()
        if v is not None and v is not OMIT and v is not False
    )


def _coerce_for(tag: str, attrs: dict[str, Any], value: Any) -> str | None:
    if tag == "select" and attrs.get("multiple"):
        return "list"
    input_type = attrs.get("type")
    if input_type in ("number", "range"):
        step = str(attrs.get("step", ""))
        return "float" if isinstance(value, float) or "." in step or step == "any" else "int"
    if input_type in _INPUT_TYPE_COERCE:
        return _INPUT_TYPE_COERCE[input_type]
    return _VALUE_COERCE.get(type(value)) if value is not None else None


# Tags whose value a callback can read; others only get a coercion from an explicit coerce_to=.
_VALUE_TAGS = frozenset(("input", "select", "textarea", "option", "button"))


# What ``_build`` does with a keyword argument, by name (built once per distinct name): one of the
# special names below, an event (``on<event>=`` → the ``hv-<event>`` attribute a binding renders
# into) or an attribute's final name. One dict look-up per keyword replaces the four ``pop``s and
# the name conversion every call used to pay.
_ATTRIBUTE, _SEP, _END, _KEY, _COERCE_TO = range(5)
_SPECIAL_NAMES = {"sep": _SEP, "end": _END, "key": _KEY, "coerce_to": _COERCE_TO}
# (what: _ATTRIBUTE or a special name, final attribute name, "hv-<event>" for an on<event> name)
_NamePlan = tuple[int, str, str]
_PLANS: dict[str, _NamePlan] = {}


def _plan(name: str) -> _NamePlan:
    special = _SPECIAL_NAMES.get(name)
    if special is not None:
        plan: _NamePlan = (special, "", "")
    else:
        # The final name is checked (attribute_name raises) even for an event's name: ``**{"on x":
        # callback(...)}`` is refused, it does not make an ``hv- x`` attribute.
        plan = (_ATTRIBUTE, attribute_name(name), "hv-" + name[2:] if name.startswith("on") else "")
    if len(_PLANS) < 4096:  # names are code, not data, but **kwargs from data must not grow this
        _PLANS[name] = plan
    return plan


def _build(tag: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Element:
    # (The hot paths of ``td(value)`` and ``tr(key=k)`` are in ``make_element_function``.)
    sep = end = ""
    key = coerce_to = None
    attrs: dict[str, str | bool] = {}
    bindings: list[tuple[str, Binding]] | None = None
    for name, value in kwargs.items():
        what, final, event = _PLANS.get(name) or _plan(name)
        if what:
            if what == _SEP:
                sep = value
            elif what == _END:
                end = value
            elif what == _KEY:
                key = value
            else:
                coerce_to = value
            continue
        if value is None or value is False or value is OMIT:
            continue
        if type(value) is str:  # the common case first: no conversion
            text = value
            if final in URL_ATTRIBUTES:
                text = safe_url(text, tag, final)
        elif isinstance(value, Binding):
            if not event:
                raise TypeError(f"{tag}({name}=...): bindings go on on<event> attributes")
            if bindings is None:
                bindings = []
            bindings.append((event, value))
            continue
        elif value is True:
            attrs[final] = True
            continue
        elif final == "style" and isinstance(value, dict):
            text = _style(value)
        elif final == "class" and isinstance(value, (list, tuple)):
            text = " ".join(str(c) for c in value if c)
        else:
            text = _attr_text(value)
            # Checked on the value as given: str() would drop the trusted_url wrapper.
            if final in URL_ATTRIBUTES and not isinstance(value, trusted_url):
                text = safe_url(text, tag, final)
        # Like text: the value the browser's parser hands back (CR LF → LF, NUL → U+FFFD);
        # clean_text's first checks inlined.
        if not text.isascii() or "\r" in text or "\x00" in text:
            text = clean_text(text)
        attrs[final] = text
    element = _new_element(Element)  # make_element(tag, attrs, [], key), inlined
    element.tag = tag
    element.attrs = attrs
    element.children = []
    element.key = key
    element.coerce = None
    element.nid = None
    if coerce_to is not None:
        element.coerce = coerce_name(coerce_to)
    elif tag in _VALUE_TAGS:
        element.coerce = _coerce_for(tag, attrs, kwargs.get("value"))
    state = _state.get()
    if state is not None and "id" in attrs:
        element_id = attrs["id"]
        if isinstance(element_id, str):
            state.register_id(element_id)
    if bindings is not None:
        for attr_name, binding in bindings:
            attrs[attr_name] = binding.render(element)  # already clean (see Binding.render)
    if not attrs:
        element.attrs = NO_ATTRS
    if args:
        if tag in VOID_TAGS:
            raise TypeError(f"<{tag}> is a void element and takes no children")
        first = args[0]
        kind = type(first)
        if len(args) == 1 and (kind is str or kind is int):
            text = first if kind is str else str(first)
            if text:
                element.children.append(clean_text(text))
        elif state is not None and _created_last(state.stack[-1].children, args):
            # ``li(input_(...), label(...))``: the children were just created, in this order, as
            # the open parent's last children; move them in one go (what _adopt does one by one).
            del state.stack[-1].children[-len(args) :]
            children = element.children
            between = clean_text(sep) if sep else ""
            for index, child in enumerate(args):
                if index and between:
                    children.append(between)
                children.append(child)
            if tag == "table":
                _wrap_table_rows(element)
        else:
            for index, child in enumerate(args):
                if index and sep:
                    append_child(element, sep)
                _adopt(element, child)
            if tag == "table":
                _wrap_table_rows(element)
    if state is not None:
        parent = state.stack[-1]
        parent.children.append(element)
        if end:
            append_child(parent, end)
    return element


def _created_last(children: list[Element | str], args: tuple[Any, ...]) -> bool:
    """Whether ``args`` are all plain elements and exactly the last ``len(args)`` of ``children``."""
    count = len(args)
    if count > len(children):
        return False
    offset = len(children) - count
    for index, arg in enumerate(args):
        if type(arg) is not Element or children[offset + index] is not arg:
            return False
    return True


def _adopt(element: Element, child: Any) -> None:
    """Append an argument child, moving elements (also inside lists/generators) out of the
    open parent they were appended to when they were created."""
    if isinstance(child, Element):
        detach(child)
    elif isinstance(child, Iterable) and not isinstance(child, str):
        for item in child:
            _adopt(element, item)
        return
    append_child(element, child)


def _attr_text(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def make_element_function(tag: str) -> ElementFunction:
    void = tag in VOID_TAGS

    def element_function(*children: Any, **attributes: Any) -> Element:
        # Hot path (a 1000-row table builds 6000 elements per render): ``td(value)``, ``td()`` and
        # ``tr(key=k)`` — no attribute but a key, no child or one text or number — skip the
        # general machinery of _build (which makes the same element, ~3× slower), and make the
        # element inline: the slots make_element() sets, without its call (~0.15 µs of ~0.6).
        if not attributes:
            key = None
        elif len(attributes) == 1 and "key" in attributes:
            key = attributes["key"]
        else:
            return _build(tag, children, attributes)
        if children:
            if len(children) != 1 or void:
                return _build(tag, children, attributes)
            text = children[0]
            kind = type(text)
            if kind is int:
                text = str(text)  # digits: never needs clean_text
            elif kind is not str:
                return _build(tag, children, attributes)
            # clean_text's first checks inlined: ~50 ns against ~600 ns for the whole element.
            elif not text.isascii() or "\r" in text or "\x00" in text:
                text = clean_text(text)
            element = _new_element(Element)
            element.children = [text] if text else []
        else:
            element = _new_element(Element)
            element.children = []
        element.tag = tag
        element.attrs = NO_ATTRS
        element.key = key
        element.coerce = None
        element.nid = None
        state = _state.get()
        if state is not None:
            state.stack[-1].children.append(element)
        return element

    element_function.__name__ = element_function.__qualname__ = tag
    element_function.__doc__ = f"The <{tag}> element."
    return element_function


def component(func: Callable[..., Any]) -> Callable[..., Element]:
    """Make a template function usable as a child: ``div(my_component(x))`` nests its output."""

    def render_component(*args: Any, **kwargs: Any) -> Element:
        fragment = children_of(func, *args, **kwargs)
        state = _state.get()
        assert state is not None  # children_of raised otherwise
        for child in fragment.children:
            append_child(state.stack[-1], child)
        return fragment

    render_component.__name__ = getattr(func, "__name__", "component")
    render_component.__qualname__ = getattr(func, "__qualname__", "component")
    render_component.__doc__ = func.__doc__
    render_component.__wrapped__ = func  # type: ignore[attr-defined]
    return render_component
