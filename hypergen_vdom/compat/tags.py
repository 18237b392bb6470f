"""Hypergen 1.5.6's element classes: every tag it has, obsolete ones included (``center``,
``font``, ``tt`` …), spelled as Hypergen spells them (``template``, ``input_``, ``del_``, ``dir_``).

Plain subclasses of ``elements.base_element``; ``a``, ``input_`` and ``link`` add Hypergen's
special behaviour (``class_active``, month/week values, stylesheet defaults).
"""

from __future__ import annotations

from typing import Any

from ..tree import OMIT
from .elements import base_element, base_element_void, format_input_value

__all__ = [
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del_",
    "details",
    "dfn",
    "dialog",
    "dir_",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input_",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map_",
    "mark",
    "meta",
    "meter",
    "nav",
    "noframes",
    "noscript",
    "object_",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time_",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
]


class a(base_element):
    """``a(href=..., class_active="active")`` adds the class when ``href`` is the current page."""

    def __init__(self, *children: Any, **attrs: Any) -> None:
        class_active = attrs.pop("class_active", None)
        href = attrs.get("href")
        if class_active and href:
            from .liveview import url_is_active

            if url_is_active(href):
                current = attrs.pop("class_", attrs.pop("class", None))
                attrs["class_"] = _add_class(current, class_active)
        super().__init__(*children, **attrs)


def _add_class(current: Any, extra: str) -> Any:
    if current in (None, "", OMIT):
        return extra
    if isinstance(current, str):
        return current.strip() + " " + extra
    if isinstance(current, (set, frozenset)):
        return {*current, extra}
    return [*current, extra]


class input_(base_element_void):
    """``type=``/``type_=``; month and week values may be ``{"year", "month"|"week"}`` dicts."""

    def __init__(self, *children: Any, **attrs: Any) -> None:
        input_type = attrs.get("type_", attrs.pop("type", None))
        if input_type:
            attrs["type_"] = input_type
        if input_type == "radio" and not attrs.get("name"):
            raise ValueError("input_(type_='radio') needs a name=")
        super().__init__(*children, **attrs)

    def attribute_value(self, name: str, value: Any) -> Any:
        return format_input_value(self.attrs.get("type_"), value) if name == "value" else value


class link(base_element_void):
    """``link("style.css")``: Hypergen's defaults ``rel="stylesheet" type="text/css"``."""

    def __init__(self, href: Any = OMIT, rel: str = "stylesheet", **attrs: Any) -> None:
        attrs["type_"] = attrs.get("type_", attrs.pop("type", "text/css"))
        attrs["href"] = href
        super().__init__(rel=rel, **attrs)


class abbr(base_element):
    pass


class acronym(base_element):
    pass


class address(base_element):
    pass


class applet(base_element):
    pass


class area(base_element_void):
    pass


class article(base_element):
    pass


class aside(base_element):
    pass


class audio(base_element):
    pass


class b(base_element):
    pass


class base(base_element_void):
    pass


class basefont(base_element):
    pass


class bdi(base_element):
    pass


class bdo(base_element):
    pass


class big(base_element):
    pass


class blockquote(base_element):
    pass


class body(base_element):
    pass


class br(base_element_void):
    pass


class button(base_element):
    pass


class canvas(base_element):
    pass


class caption(base_element):
    pass


class center(base_element):
    pass


class cite(base_element):
    pass


class code(base_element):
    pass


class col(base_element_void):
    pass


class colgroup(base_element):
    pass


class data(base_element):
    pass


class datalist(base_element):
    pass


class dd(base_element):
    pass


class del_(base_element):
    pass


class details(base_element):
    pass


class dfn(base_element):
    pass


class dialog(base_element):
    pass


class dir_(base_element):
    pass


class div(base_element):
    pass


class dl(base_element):
    pass


class dt(base_element):
    pass


class em(base_element):
    pass


class embed(base_element_void):
    pass


class fieldset(base_element):
    pass


class figcaption(base_element):
    pass


class figure(base_element):
    pass


class font(base_element):
    pass


class footer(base_element):
    pass


class form(base_element):
    pass


class frame(base_element):
    pass


class frameset(base_element):
    pass


class h1(base_element):
    pass


class h2(base_element):
    pass


class h3(base_element):
    pass


class h4(base_element):
    pass


class h5(base_element):
    pass


class h6(base_element):
    pass


class head(base_element):
    pass


class header(base_element):
    pass


class hr(base_element_void):
    pass


class html(base_element):
    pass


class i(base_element):
    pass


class iframe(base_element):
    pass


class img(base_element_void):
    pass


class ins(base_element):
    pass


class kbd(base_element):
    pass


class label(base_element):
    pass


class legend(base_element):
    pass


class li(base_element):
    pass


class main(base_element):
    pass


class map_(base_element):
    pass


class mark(base_element):
    pass


class meta(base_element_void):
    pass


class meter(base_element):
    pass


class nav(base_element):
    pass


class noframes(base_element):
    pass


class noscript(base_element):
    pass


class object_(base_element):
    pass


class ol(base_element):
    pass


class optgroup(base_element):
    pass


class option(base_element):
    pass


class output(base_element):
    pass


class p(base_element):
    pass


class param(base_element_void):
    pass


class picture(base_element):
    pass


class pre(base_element):
    pass


class progress(base_element):
    pass


class q(base_element):
    pass


class rp(base_element):
    pass


class rt(base_element):
    pass


class ruby(base_element):
    pass


class s(base_element):
    pass


class samp(base_element):
    pass


class script(base_element):
    pass


class section(base_element):
    pass


class select(base_element):
    pass


class small(base_element):
    pass


class source(base_element_void):
    pass


class span(base_element):
    pass


class strike(base_element):
    pass


class strong(base_element):
    pass


class style(base_element):
    pass


class sub(base_element):
    pass


class summary(base_element):
    pass


class sup(base_element):
    pass


class svg(base_element):
    pass


class table(base_element):
    pass


class tbody(base_element):
    pass


class td(base_element):
    pass


class template(base_element):
    pass


class textarea(base_element):
    pass


class tfoot(base_element):
    pass


class th(base_element):
    pass


class thead(base_element):
    pass


class time_(base_element):
    pass


class title(base_element):
    pass


class tr(base_element):
    pass


class track(base_element_void):
    pass


class tt(base_element):
    pass


class u(base_element):
    pass


class ul(base_element):
    pass


class var(base_element):
    pass


class video(base_element):
    pass


class wbr(base_element_void):
    pass
