"""hypergen_vdom.compat.hypergen and .imports: helpers and the star import's names."""

from __future__ import annotations

from hypergen_vdom import autourls
from hypergen_vdom.compat import imports
from hypergen_vdom.compat.hypergen import autourls as compat_autourls
from hypergen_vdom.compat.hypergen import compare_funcs


def test_compare_funcs_compares_definitions():
    def make():
        def inner():
            """doc"""

        return inner

    assert compare_funcs(make(), make())
    assert not compare_funcs(make(), make)
    assert compat_autourls is autourls


def test_the_star_import_gives_what_hypergens_does():
    names = set(imports.__all__)
    assert {
        "div",
        "input_",
        "template",
        "hypergen",
        "callback",
        "THIS",
        "context",
        "liveview",
        "OMIT",
    } <= names
    # Not Python's input() shadowed, and nothing private.
    assert "input" not in names and not any(name.startswith("_") for name in names)
    for name in imports.__all__:
        assert getattr(imports, name) is not None


def test_t_escapes_text_as_hypergens_helper_does():
    from django.utils.translation import gettext_lazy

    from hypergen_vdom.compat.hypergen import make_string, t

    assert t("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    assert t("\"q\"", quote=False) == "\"q\""
    assert t(None) == "" and make_string(None) == "" and make_string(3) == "3"
    assert t(gettext_lazy("yes")) == "yes"  # lazy strings resolved
