"""hypergen_vdom.compat.tags: every Hypergen tag, and the special ones (a, input_, link)."""

from __future__ import annotations

from hypergen_vdom.compat import tags
from hypergen_vdom.compat.render import hypergen
from hypergen_vdom.compat.tags import acronym, center, dir_, div, font, link, param, strike, tt

# Hypergen 1.5.6's element names (its tags.__all__, minus helpers); written out here so a
# missing or renamed tag fails this test.
HYPERGEN_TAGS = [
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


def test_every_hypergen_tag_is_exported_and_renders_its_tag():
    assert set(HYPERGEN_TAGS) <= set(tags.__all__)
    for name in HYPERGEN_TAGS:
        element_class = getattr(tags, name)
        html = hypergen(lambda cls=element_class: cls())
        tag = name.rstrip("_")
        assert html.startswith(f"<{tag}"), name


def test_obsolete_tags_and_template_render():
    html = hypergen(
        lambda: [acronym("a"), center("c"), dir_("d"), font("f", color="red"), strike("s"), tt("t")]
    )
    assert (
        html == '<acronym>a</acronym><center>c</center><dir>d</dir><font color="red">f</font>'
        "<strike>s</strike><tt>t</tt>"
    )
    assert hypergen(lambda: tags.template(div("x"))) == "<template><div>x</div></template>"
    # The core writes no void end tag only for the living void elements; a parser drops </param>.
    assert hypergen(lambda: param(name="n", value="v")) == '<param name="n" value="v"></param>'


def test_link_has_hypergens_stylesheet_defaults():
    assert (
        hypergen(lambda: link("/static/x.css"))
        == '<link rel="stylesheet" type="text/css" href="/static/x.css">'
    )
    assert hypergen(lambda: link(href="/i.png", rel="icon", type="image/png")) == (
        '<link rel="icon" type="image/png" href="/i.png">'
    )


def test_link_href_is_checked_like_any_url():
    assert hypergen(lambda: link("javascript:alert(1)")) == (
        '<link rel="stylesheet" type="text/css" href="about:invalid#hypergen-unsafe-url">'
    )
