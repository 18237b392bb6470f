"""Keep script-running URLs that came from user data out of URL attributes.

Escaping stops a value from breaking out of its attribute, but not from being a URL that runs
script when followed: ``a(href=user_value)`` with ``user_value = "javascript:alert(1)"`` is an XSS
that no amount of quoting prevents. So, where attribute values enter the tree (``elements.py``),
a URL attribute whose value uses the ``javascript:`` or ``vbscript:`` scheme, or ``data:`` outside
the media attributes that only ever load it as media, is replaced by ``UNSAFE_URL`` (a harmless,
recognisable value in the spirit of Closure's ``about:invalid#zClosurez``).

The scheme is read the way a browser's URL parser reads it: leading and trailing C0 controls and
spaces are stripped, tabs and newlines anywhere are ignored, and the scheme is case-insensitive,
so ``" JaVaScRiPt:"``, ``"java\\tscript:"`` and ``"\\x01javascript:"`` are all caught. Unicode
whitespace and DEL are stripped too, which only ever refuses more.

A developer who really means a ``javascript:`` or ``data:`` URL wraps it in ``trusted_url(...)``:
the wrapper says, at the call site, that the value is not user data, and it passes unchanged.

Pure Python, no Django import, like the rest of the tree-building core.
"""

from __future__ import annotations

__all__ = [
    "MEDIA_DATA_TAGS",
    "UNSAFE_URL",
    "URL_ATTRIBUTES",
    "is_unsafe_url",
    "safe_url",
    "trusted_url",
]

# What an unsafe URL becomes: navigating to it does nothing, and it says why when inspected.
UNSAFE_URL = "about:invalid#hypergen-unsafe-url"

# Attributes whose value a browser resolves as a URL that it navigates to, submits to, or loads a
# document, script or plugin from (HTML, obsolete HTML still parsed, and SVG's xlink:href).
# ``cite``, ``longdesc``, ``usemap`` and ``ping`` are followed rarely or never, but they are URL
# attributes and cheap to check. Not here: ``srcset`` (a comma-separated list that browsers only
# ever fetch as images, which never run a javascript: or data: document) and ``style`` (CSS
# ``url(...)`` never runs script in current browsers).
URL_ATTRIBUTES = frozenset(
    (
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "src",
        "usemap",
        "xlink:href",
    )
)

# ``src`` of these tags is loaded only as media (an image, audio, video, text track), never as a
# document, so ``data:`` there is the common inline-image idiom, not a script vector. Same for
# ``poster`` (an image) on any tag.
MEDIA_DATA_TAGS = frozenset(("img", "audio", "video", "source", "track"))

_ALWAYS_UNSAFE = ("javascript:", "vbscript:")

# What the URL parser strips from both ends (C0 controls and space); DEL too, to err on refusing.
_STRIP = "".join(map(chr, range(0x21))) + "\x7f"


# Lower case, like ``str``: at the call site it reads as a conversion, not as an object being built.
class trusted_url(str):
    """A URL the developer vouches for: passed to a URL attribute unchanged, even ``javascript:``.

    ``a("run", href=trusted_url("javascript:void(0)"))``. Never wrap user data in it.
    """

    __slots__ = ()


def is_unsafe_url(value: str, tag: str, attribute: str) -> bool:
    """Whether ``value`` in ``attribute`` of ``<tag>`` could run script (see the module doc)."""
    if isinstance(value, trusted_url):
        return False
    # Only the scheme matters, and it is short: look at the start once the browser's own
    # stripping is done (strip() also drops Unicode whitespace, which only refuses more).
    url = value.strip(_STRIP).strip()
    if "\t" in url or "\n" in url or "\r" in url:
        url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    if ":" not in url:
        return False  # no scheme: a relative URL
    url = url.lower()
    if url.startswith(_ALWAYS_UNSAFE):
        return True
    if url.startswith("data:"):
        return not (attribute == "poster" or (attribute == "src" and tag in MEDIA_DATA_TAGS))
    return False


def safe_url(value: str, tag: str, attribute: str) -> str:
    """``value`` unchanged, or ``UNSAFE_URL`` when it could run script."""
    return UNSAFE_URL if is_unsafe_url(value, tag, attribute) else value
