"""Client values in log lines and error messages: bounded and on one line."""

from __future__ import annotations

from hypergen_vdom.clip import CLIP_CHARS, clip, clip_text


def test_clip_bounds_and_escapes():
    text = clip("line\nFAKE " + "x" * 10_000)
    assert "\n" not in text and len(text) < CLIP_CHARS + 40
    assert text.endswith("more chars]")


def test_clip_survives_a_hostile_repr():
    class Evil:
        def __repr__(self):
            raise RuntimeError("no")

    assert clip(Evil()) == "<unprintable Evil>"


def test_clip_text_escapes_controls_but_keeps_readable_text():
    assert clip_text("naïve\r\nnext\x00\u2028") == "naïve\\r\\nnext\\x00\\u2028"
    assert len(clip_text("y" * 100_000)) < 300
