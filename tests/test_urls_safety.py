"""urls_safety.py: script-running URLs are refused the way a browser's URL parser would read them."""

from __future__ import annotations

import pytest

from hypergen_vdom.urls_safety import UNSAFE_URL, URL_ATTRIBUTES, is_unsafe_url, safe_url, trusted_url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",  # the URL parser drops tabs and newlines anywhere
        "j\na\rv\ta\nscript:alert(1)",
        "\x01javascript:alert(1)",  # and C0 controls and spaces at both ends
        "\x00 \x1f\x7fjavascript:alert(1)\x00 ",
        "\u00a0javascript:alert(1)",  # not stripped by a browser (so harmless), refused anyway
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        " DATA:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_hostile_urls_are_unsafe_on_a_link(url):
    assert is_unsafe_url(url, "a", "href")
    assert safe_url(url, "a", "href") == UNSAFE_URL


@pytest.mark.parametrize(
    "url",
    [
        "",
        "/relative/path?next=javascript:alert(1)",
        "relative",
        "javascript",  # no scheme: a relative URL
        "#fragment",
        "https://example.com/",
        "http://example.com/javascript:",
        "mailto:someone@example.com",
        "tel:+4512345678",
        "//example.com/",
    ],
)
def test_ordinary_urls_pass(url):
    assert not is_unsafe_url(url, "a", "href")
    assert safe_url(url, "a", "href") is url


@pytest.mark.parametrize(
    ("tag", "attribute", "unsafe"),
    [
        ("img", "src", False),
        ("audio", "src", False),
        ("video", "src", False),
        ("source", "src", False),
        ("track", "src", False),
        ("video", "poster", False),
        ("iframe", "src", True),  # a document: a data: URL there is a page of its own
        ("embed", "src", True),
        ("script", "src", True),
        ("object", "data", True),
        ("a", "href", True),
        ("form", "action", True),
        ("button", "formaction", True),
    ],
)
def test_data_urls_only_where_they_load_as_media(tag, attribute, unsafe):
    assert is_unsafe_url("data:image/png;base64,iVBORw0KGgo=", tag, attribute) is unsafe
    assert is_unsafe_url("javascript:alert(1)", tag, attribute)  # never, on any of them


def test_trusted_url_is_the_escape_hatch():
    url = trusted_url("javascript:void(0)")
    assert isinstance(url, str) and url == "javascript:void(0)"
    assert not is_unsafe_url(url, "a", "href")
    assert safe_url(url, "a", "href") is url


def test_the_attribute_list():
    assert {"href", "src", "action", "formaction", "xlink:href", "poster", "data"} <= URL_ATTRIBUTES
    assert "srcset" not in URL_ATTRIBUTES and "title" not in URL_ATTRIBUTES
