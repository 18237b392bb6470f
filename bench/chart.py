"""One PNG, four panels (bytes, server time, client time, memory per scenario), log scales."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .bytes import PEERS
from .fmt import KB

__all__ = ["write_chart"]


def write_chart(results: dict[str, Any], path: Path) -> bool:
    """Four panels, one per question (bytes, server time, client time, memory); log scales."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = list(results["bytes"])
    x = range(len(names))
    fig, axes = plt.subplots(2, 2, figsize=(13, 8.5))

    def bars(ax: Any, series: list[tuple[str, list[float | None]]], title: str, unit: str) -> None:
        width = 0.8 / len(series)
        for i, (label, values) in enumerate(series):
            ax.bar(
                [k + (i - (len(series) - 1) / 2) * width for k in x],
                [v if v else float("nan") for v in values],
                width,
                label=label,
            )
        ax.set_yscale("log")
        ax.set_xticks(list(x), names)
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.grid(axis="y", which="major", alpha=0.3)
        ax.set_ylim(top=ax.get_ylim()[1] * 30)  # head room for the legend above the bars
        ax.legend(fontsize=8, loc="upper left", ncol=2)

    table = results["bytes"]
    bars(
        axes[0][0],
        [
            ("hypergen_vdom diff", [table[n]["diff"] for n in names]),
            ("hypergen_vdom classic", [table[n]["classic"] for n in names]),
            ("LiveView", [PEERS[n]["LiveView"][0] for n in names]),
            ("Hypergen 1.5.6", [PEERS[n]["Hypergen"][0] for n in names]),
        ],
        "Bytes on the wire per event",
        "bytes",
    )
    server = results.get("server") or {}
    if server:
        bars(
            axes[0][1],
            [
                (
                    "diff mode",
                    [server[n]["diff"]["core_ms"]["median"] if n in server else None for n in names],
                ),
                (
                    "classic mode",
                    [server[n]["classic"]["core_ms"]["median"] if n in server else None for n in names],
                ),
            ],
            "Server time per event (median)",
            "ms",
        )
    client = results.get("client") or {}
    if any(n in client for n in names):
        bars(
            axes[1][0],
            [
                ("patcher", [client[n]["patch"]["event_ms"] if n in client else None for n in names]),
                (
                    "morph (idiomorph)",
                    [client[n]["morph"]["event_ms"] if n in client else None for n in names],
                ),
            ],
            "Client time per event incl. layout (Chromium)",
            "ms",
        )
    else:
        axes[1][0].set_title("Client time: not measured")
    memory = results.get("memory") or {}
    if memory:
        bars(
            axes[1][1],
            [
                (
                    "diff mode",
                    [memory[n]["diff"]["connected_bytes"] / KB if n in memory else None for n in names],
                ),
                (
                    "classic mode",
                    [memory[n]["classic"]["connected_bytes"] / KB if n in memory else None for n in names],
                ),
            ],
            "Memory kept per connection",
            "KB",
        )
    fig.suptitle(
        f"hypergen_vdom benchmark — {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['date']}"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True
