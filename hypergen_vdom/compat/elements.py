"""Hypergen's element classes (``div``, ``input_`` …) over hypergen_vdom's tree.

Each compat element is a thin object holding one core ``Element`` (``.node``): the tree, the HTML
and the diff are the core's; this layer only gives Hypergen's calling conventions:

- an element is a class (``isinstance(x, input_)``, ``class my_tag(base_element): pass``);
- used as a decorator (``@div(class_="card")`` wraps the function's output in a fresh copy);
- ``sep=`` goes between the flattened children and ``end=`` inside the element, at its end;
- callable children are called (what they write or return becomes the children);
- ``id_=("toggle", 7)`` is ``id="toggle-7"``, a ``set`` of classes is sorted into ``class``;
- ``repr(element)`` is Python source that builds it again.

Hypergen's ``js_value_func``/``js_coerce_func`` names (how the client reads and coerces a value)
are kept for introspection and map to the core's coercion names; a name the server can't coerce
is refused when a callback refers to the element (``UnsupportedValueReader``).
"""

from __future__ import annotations

import copy
import datetime
import functools
import html
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from types import GeneratorType
from typing import Any

from django.utils.encoding import force_str

from ..bindings import Binding
from ..elements import make_element_function
from ..html import _LEADING_NEWLINE_TAGS, _RAW_TEXT_TAGS, RAW_MARKER, _defuse_raw_text, escape_attribute
from ..tree import (
    OMIT,
    VOID_TAGS,
    Element,
    Fragment,
    Raw,
    _wrap_table_rows,
    append_child,
    children_of,
    current_state,
    detach,
)
from .context import context

__all__ = [
    "COERCE",
    "JS_COERCE_FUNCS",
    "JS_VALUE_FUNCS",
    "Component",
    "UnsupportedValueReader",
    "base_element",
    "base_element_void",
    "component",
    "core_coerce_name",
    "format_input_value",
    "hypergen_html",
    "python_repr",
]

# Hypergen's client function names, kept so templates that read them work.
COERCE: dict[Any, str] = {
    str: "hypergen.coerce.str",
    int: "hypergen.coerce.int",
    float: "hypergen.coerce.float",
}
JS_VALUE_FUNCS = {
    "checkbox": "hypergen.read.checked",
    "radio": "hypergen.read.radio",
    "file": "hypergen.read.file",
}
JS_COERCE_FUNCS = {
    "month": "hypergen.coerce.month",
    "number": "hypergen.coerce.int",
    "range": "hypergen.coerce.float",
    "week": "hypergen.coerce.week",
    "date": "hypergen.coerce.date",
    "time": "hypergen.coerce.time",
    "datetime-local": "hypergen.coerce.datetime",
}

# (value reader, coercion) → the core coercion name the server applies ("trim": Hypergen reads
# text trimmed). A reader not listed here is one the client doesn't have.
_READER_COERCE: dict[str, str | None] = {
    "hypergen.read.value": "trim",
    "hypergen.read.checked": "bool",
    "hypergen.read.radio": None,
    "hypergen.read.selectMultiple": "list",
    "hypergen.read.file": "filename",
    "hypergen.read.contenteditable": None,
}
_COERCE_FUNC_NAMES: dict[str, str | None] = {
    "hypergen.coerce.str": None,
    "hypergen.coerce.int": "int",
    "hypergen.coerce.intlist": "intlist",
    "hypergen.coerce.float": "float",
    "hypergen.coerce.date": "date",
    "hypergen.coerce.datetime": "datetime",
    "hypergen.coerce.time": "time",
    "hypergen.coerce.month": "month",
    "hypergen.coerce.week": "week",
}


class UnsupportedValueReader(TypeError):
    """A ``js_value_func``/``js_coerce_func`` that names client code hypergen_vdom doesn't run."""


def core_coerce_name(value_func: str | None, coerce_func: str | None) -> str | None:
    """The core coercion for Hypergen's reader and coercion names (raises for unknown ones)."""
    if value_func not in _READER_COERCE:
        raise UnsupportedValueReader(
            f"js_value_func={value_func!r} is client code hypergen_vdom doesn't run (no inline JS);"
            " read the value with a standard reader and convert it in the action, or use coerce_to="
        )
    if coerce_func is None:
        name = _READER_COERCE[value_func]
        return "str" if value_func == "hypergen.read.value" and name is None else name
    if coerce_func not in _COERCE_FUNC_NAMES:
        raise UnsupportedValueReader(
            f"js_coerce_func={coerce_func!r} is client code hypergen_vdom doesn't run;"
            " use coerce_to=int/float/str, or convert the value in the action"
        )
    name = _COERCE_FUNC_NAMES[coerce_func]
    if name is None:  # coerce.str: the reader's own (trimmed text stays trimmed)
        return _READER_COERCE[value_func] if value_func == "hypergen.read.value" else None
    return name


def python_repr(value: Any) -> str:
    """Hypergen's repr of an argument: strings in double quotes, callbacks and elements as source."""
    if isinstance(value, str):
        return '"{}"'.format(value.replace("\\", "\\\\").replace('"', '\\"'))
    return repr(value)


_CORE_FUNCTIONS: dict[str, Callable[..., Element]] = {}


def _core_function(tag: str) -> Callable[..., Element]:
    function = _CORE_FUNCTIONS.get(tag)
    if function is None:
        function = _CORE_FUNCTIONS[tag] = make_element_function(tag)
    return function


class Component:
    """What a ``@component`` call returns: its output, so passing it as a child moves it there."""

    __slots__ = ("nodes",)

    def __init__(self, nodes: list[Element | str]) -> None:
        self.nodes = nodes

    def delete(self) -> None:
        detach(Fragment(self.nodes))


def component(func: Callable[..., Any]) -> Callable[..., Component]:
    """A template function usable as a child: ``div(card(x))`` moves its output into the div.

    Its return value is ignored (as in Hypergen): an element it made is already in its output."""

    @functools.wraps(func)
    def render_component(*args: Any, **kwargs: Any) -> Component:
        state = current_state()
        if state is None:
            raise RuntimeError("components are only available while rendering")
        fragment = Fragment()
        state.stack.append(fragment)
        try:
            func(*args, **kwargs)
        finally:
            state.stack.pop()
        parent = state.stack[-1]
        for child in fragment.children:
            append_child(parent, child)
        return Component(list(fragment.children))

    return render_component


def _hypergen_coercion(coerce_to: Any) -> bool:
    try:
        return coerce_to in COERCE
    except TypeError:  # unhashable: not one of Hypergen's, the core will say what is wrong
        return False


def _flatten(items: Any, out: list[Element | str]) -> None:
    """Hypergen's children: None and "" dropped, lists/tuples/generators flattened, elements and
    components moved, callables called, anything else as text."""
    for item in items:
        if item is None or item is OMIT or (type(item) is str and not item):
            continue
        if isinstance(item, base_element):
            out.append(item.node)
        elif isinstance(item, Component):
            item.delete()
            out.extend(item.nodes)
        elif isinstance(item, Element):
            out.extend(item.children if type(item) is Fragment else [item])
        elif isinstance(item, (list, tuple, GeneratorType)):
            _flatten(item, out)
        elif isinstance(item, str):
            out.append(item)
        elif callable(item):
            out.extend(children_of(_unwrapped_result(item)).children)
        else:
            out.append(force_str(item))  # as Hypergen: bytes decoded (UTF-8), lazy translations resolved


def _unwrapped_result(func: Callable[[], Any]) -> Callable[[], Any]:
    """``lambda: b("x")``: the element it made is in its output already; don't add it again as text."""

    def call() -> Any:
        result = func()
        if isinstance(result, base_element):
            return result.node
        if isinstance(result, Component):
            return None
        return result

    return call


def hypergen_html(nodes: Element | str | Iterable[Element | str]) -> str:
    """HTML as Hypergen's ``hypergen()`` writes it: text and attribute values escaped with
    ``html.escape`` (quotes too: ``'`` → ``&#x27;``), attributes double-quoted, no diff-mode
    markers; our ``hv-*`` event bindings keep the core's encoding (they aren't Hypergen's).
    The tree is the one the core's ``to_html`` writes (a browser parses both into the same DOM);
    pages and diffs keep the core's shorter form. Void elements end ``>`` and ``</`` in
    ``<script>``/``<style>`` is defused, as in the core (README: deliberate differences)."""
    out: list[str] = []
    for node in [nodes] if isinstance(nodes, (Element, str)) else nodes:
        _write_hypergen(node, out)
    return "".join(out)


def _write_hypergen(node: Element | str, out: list[str]) -> None:
    if isinstance(node, Raw):
        out.append(node)
        return
    if isinstance(node, str):
        out.append(html.escape(node))
        return
    tag = node.tag
    if tag:
        out.append("<" + tag)
        for name, value in node.attrs.items():
            if name == RAW_MARKER:  # the core's diff-mode marker for raw content
                continue
            if value is True:
                out.append(" " + name)
            elif name.startswith("hv-"):  # our event bindings: the core's encoding (README)
                out.append(f" {name}={escape_attribute(str(value))}")
            else:
                out.append(f' {name}="{html.escape(str(value))}"')
        out.append(">")
        if tag in VOID_TAGS:
            return
        if tag in _RAW_TEXT_TAGS:
            out.extend(_defuse_raw_text(str(child)) for child in node.children)
            out.append(f"</{tag}>")
            return
        first = node.children[0] if node.children else None
        if tag in _LEADING_NEWLINE_TAGS and isinstance(first, str) and first[:1] == "\n":
            out.append("\n")
    for child in node.children:
        _write_hypergen(child, out)
    if tag:
        out.append(f"</{tag}>")


def _attribute_value(element: base_element, name: str, value: Any) -> Any:
    if isinstance(value, (set, frozenset)) and name in ("class_", "class"):
        return sorted(str(item) for item in value if item)
    binding = getattr(value, "hypergen_binding", None)
    if binding is not None:
        return binding(element)
    if callable(value) and not isinstance(value, Binding) and name.startswith("on"):
        raise TypeError(
            f"{element.tag}({name}=...): only callback() and call_js() bind events (no inline JavaScript)"
        )
    return value


class base_element:  # Hypergen's name
    """One element; subclasses name the tag (``class div(base_element)``)."""

    void = False

    def __init__(self, *children: Any, **attrs: Any) -> None:
        self.tag: str = type(self).__name__.rstrip("_")
        child_list = list(children)
        plugins = _element_plugins()
        with ExitStack() as stack:
            for plugin in plugins:
                stack.enter_context(plugin.wrap_element_init(self, child_list, attrs))
            self._build(child_list, attrs)

    def _build(self, children: list[Any], attrs: dict[str, Any]) -> None:
        if "t" in attrs:
            raise TypeError(f"{self.tag}(t=...): use raw() for unescaped HTML")
        self.sep = attrs.pop("sep", "")
        self.end_char = attrs.pop("end", None)
        element_id = attrs.get("id_", attrs.pop("id", None))
        if isinstance(element_id, (tuple, list)):
            element_id = "-".join(str(part) for part in element_id)
        attrs["id_"] = element_id
        coerce_to = attrs.pop("coerce_to", None)
        value_func = attrs.pop("js_value_func", None)
        coerce_func = attrs.pop("js_coerce_func", None)
        self.children = tuple(children)
        self.attrs = attrs
        self.js_value_func, self.js_coerce_func = self._value_funcs(value_func, coerce_func, coerce_to)
        try:
            core_coerce: str | None = core_coerce_name(self.js_value_func, self.js_coerce_func)
            self.value_error: UnsupportedValueReader | None = None
        except UnsupportedValueReader as error:
            core_coerce, self.value_error = None, error
        if coerce_to is not None and not _hypergen_coercion(coerce_to):
            # Beyond Hypergen's str/int/float: a core coercion (date, bool, "month" …), checked there.
            core_attrs: dict[str, Any] = {"coerce_to": coerce_to}
        else:
            core_attrs = {"coerce_to": core_coerce or "str"}
        for name, value in attrs.items():
            if name == "id_":
                if element_id is not None:
                    core_attrs["id_"] = str(element_id)
                continue
            core_attrs[name] = _attribute_value(self, name, self.attribute_value(name, value))
        flat: list[Element | str] = []
        _flatten(children, flat)
        if self.sep and flat:
            separated: list[Element | str] = []
            for index, child in enumerate(flat):
                if index:
                    separated.append(str(self.sep))
                separated.append(child)
            flat = separated
        if self.end_char:
            flat.append(str(self.end_char))
        tag = self.tag
        if flat and (self.void or tag in VOID_TAGS):
            raise TypeError(f"<{tag}> is a void element and takes no children")
        # Detach first (they sit in the open parent), then make the element, then fill it.
        for child in flat:
            if isinstance(child, Element):
                detach(child)
        self.node = _core_function(tag)(**core_attrs)
        for child in flat:
            append_child(self.node, child)
        if tag == "table":
            _wrap_table_rows(self.node)

    def _value_funcs(
        self, value_func: str | None, coerce_func: str | None, coerce_to: Any
    ) -> tuple[str | None, str | None]:
        attrs = self.attrs
        if coerce_to is not None and _hypergen_coercion(coerce_to):
            coerce_func = COERCE[coerce_to]
        if self.tag == "select" and attrs.get("multiple") is True:
            if coerce_to is int:
                coerce_func = "hypergen.coerce.intlist"
            elif coerce_to not in (None, str):
                raise TypeError(f"select(multiple=True, coerce_to={coerce_to!r}): use int or str")
            return value_func or "hypergen.read.selectMultiple", coerce_func
        if self.tag == "input":
            input_type = attrs.get("type_", "text")
            value_func = value_func or JS_VALUE_FUNCS.get(input_type, "hypergen.read.value")
            return value_func, coerce_func or JS_COERCE_FUNCS.get(input_type)
        if attrs.get("contenteditable") is True:
            return value_func or "hypergen.read.contenteditable", coerce_func
        return value_func or "hypergen.read.value", coerce_func

    def attribute_value(self, name: str, value: Any) -> Any:
        """A hook for subclasses (``input_`` formats month/week/datetime values)."""
        return value

    # --- used as ``with div():`` and as ``@div()`` ---------------------------------------------
    def __enter__(self) -> base_element:
        self.node.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.node.__exit__(*exc_info)

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """``@div(class_="card")``: each call of ``func`` renders inside a fresh copy of this div."""
        self.delete()
        state = current_state()
        if state is not None and self.node.id is not None:
            state.ids.discard(self.node.id)  # the copies take it, one per call

        @functools.wraps(func)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            node = copy.deepcopy(self.node)
            render = current_state()
            if render is not None:
                if node.id is not None:
                    render.register_id(node.id)
                render.stack[-1].children.append(node)
            with node:
                return func(*args, **kwargs)

        return wrapped

    # --- Hypergen's helpers --------------------------------------------------------------------
    def delete(self) -> None:
        """Take this element out of where it was rendered (it is about to be nested elsewhere)."""
        detach(self.node)

    def as_string(self) -> str:
        return hypergen_html(self.node)

    def ensure_id(self) -> None:
        if self.node.id is None:
            raise ValueError(f"This element needs an id_='myid' attribute: {self!r}")

    def __repr__(self) -> str:
        parts = [python_repr(child) for child in self.children]
        parts += [f"{name}={python_repr(value)}" for name, value in self.attrs.items() if value is not None]
        return f"{type(self).__name__}({', '.join(parts)})"


class base_element_void(base_element):
    void = True


def _element_plugins() -> list[Any]:
    hypergen = context.get("hypergen")
    plugins = hypergen.get("plugins") if hypergen is not None else None
    if not plugins:
        return []
    return [plugin for plugin in plugins if hasattr(plugin, "wrap_element_init")]


def format_input_value(input_type: str | None, value: Any) -> Any:
    """Hypergen's value formats: month/week dicts and datetime-local datetimes."""
    if input_type == "datetime-local" and isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if input_type == "month" and isinstance(value, dict):
        return "{:04}-{:02}".format(value["year"], value["month"])
    if input_type == "week" and isinstance(value, dict):
        return "{:04}-W{:02}".format(value["year"], value["week"])
    return value
