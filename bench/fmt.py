"""Numbers and table rows for the Markdown report."""

from __future__ import annotations

import math

__all__ = ["KB", "head", "kb", "ms", "num", "row", "spread"]

KB = 1024


def num(value: float | None, digits: int = 0) -> str:
    """A number for a table: thousands separated by a thin space; '–' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u202f")


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    return num(value, 3 if value < 1 else 2 if value < 10 else 1)


def spread(summary: dict[str, float] | None) -> str:
    if not summary or not summary.get("n"):
        return "–"
    return f"{ms(summary['median'])} ({ms(summary['p10'])}–{ms(summary['p90'])})"


def row(*cells: object) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def head(*cells: str) -> list[str]:
    """A Markdown table header: the first column left-aligned, the others right-aligned (numbers)."""
    return [row(*cells), "|---|" + "---:|" * (len(cells) - 1)]


def kb(value: float | None) -> str:
    return "–" if value is None else num(value / KB, 1)
