"""The benchmark's results as JSON and Markdown (with the goals met or missed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fmt import num
from .sections import SECTIONS, glance

__all__ = ["write_json", "write_markdown"]


def write_json(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=1, sort_keys=False, default=str) + "\n")


def write_markdown(results: dict[str, Any], path: Path, chart: str | None) -> None:
    machine = results["machine"]
    lines = [
        "# hypergen_vdom benchmark",
        "",
        f"Written by `bash scripts/bench.sh` (`python -m bench.run`) on {machine['date']}, in "
        f"{num(results['elapsed_s'] / 60, 1)} min. Scenarios S1–S6 with the data of "
        "`bench/scenario_data.json`; pages in `bench/pages.py` (`/bench/s1/` … diff mode, "
        "`/bench/s1-classic/` … classic). Raw numbers: [`latest.json`](latest.json).",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, {machine['os']}; "
        f"Python {machine['python']}, Django {machine['django']}, Channels {machine['channels']}, "
        f"daphne {machine['daphne']}, msgpack {machine['msgpack']}, websockets {machine['websockets']}, "
        f"{machine['chromium']}, Playwright {machine['playwright']}, Node {machine['node']}; "
        f"commit {machine['commit']}.",
        "",
        "## At a glance",
        "",
    ]
    if chart:
        lines += [f"![bytes, server time, client time and memory per scenario]({chart})", ""]
    lines += glance(results)
    lines += ["", "### Goals", "", "| goal | target | measured | verdict |", "|---|---|---|---|"]
    for goal in results["goals"]:
        mark = {True: "✅", False: "❌", None: "⏳"}[goal["met"]]
        lines.append(f"| {goal['goal']} | {goal['target']} | {goal['shown']} | {mark} {goal['verdict']} |")
    for section in SECTIONS:
        lines += ["", *section(results)]
    notes = results.get("notes") or []
    if notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    timings = results.get("timings") or {}
    if timings:
        lines += [
            "",
            "Section run times: " + ", ".join(f"{k} {num(v, 0)} s" for k, v in timings.items()) + ".",
        ]
    path.write_text("\n".join(lines) + "\n")
