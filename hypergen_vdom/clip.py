"""Client-supplied values made safe for log lines and error messages.

A hostile client controls frame contents; echoing them unabridged let one socket write hundreds of
megabytes of log and forge log lines with embedded newlines. Every message that quotes a client
value goes through ``clip``: bounded length, and ``repr``-style escaping so a value never spans
lines or carries control characters.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["CLIP_CHARS", "clip", "clip_text"]

# Enough to recognise a value in a log line, small enough that a flood of errors stays cheap.
CLIP_CHARS = 120


def clip(value: Any, limit: int = CLIP_CHARS) -> str:
    """``repr(value)`` on one line, cut to about ``limit`` characters (the cut is marked)."""
    try:
        text = repr(value)
    except Exception:  # a hostile object's __repr__ must not take the error path down with it
        text = f"<unprintable {type(value).__name__}>"
    return _cut(text, limit)


def clip_text(text: str, limit: int = CLIP_CHARS * 2) -> str:
    """A message that may embed client data: control characters escaped, length bounded."""
    return _cut(_CONTROL.sub(_escape, text), limit)


# C0 and C1 controls, DEL, and the Unicode line/paragraph separators: anything that could end or
# disguise a log line. Printable non-ASCII text stays readable.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…[{len(text) - limit} more chars]"
