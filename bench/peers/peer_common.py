"""What the peers' timing scripts and the client share (standard library only: this module is
imported by our benchmark and, as a top-level module, inside the peers' venvs).

``SCENARIOS``: the events measured on the peers, each as the peer's client sends it: for Hypergen
the page, the ``@action`` (its URL is ``/<name>/``) and its arguments; for pyview the page, the
``phx`` event name and its value (``phx-value-*`` attributes arrive as strings).
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["SCENARIOS", "PeerEvent", "data", "events", "repeat", "summary_ms"]

SCENARIOS = ("S1", "S2b", "S3a", "S3b")
DATA_PATH = Path(__file__).resolve().parent.parent / "scenario_data.json"


class PeerEvent(NamedTuple):
    page: str  # the page's path
    name: str  # Hypergen: the @action; pyview: the phx event
    args: Any  # Hypergen: the action's arguments (list); pyview: the event's value (dict)


def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    return loaded


def events(peer: str) -> dict[str, PeerEvent]:
    d = data()
    row, score = d["s3b_row_id"], d["s3b_new_score"]
    if peer == "hypergen":
        return {
            "S1": PeerEvent("/s1/", "increment", [1]),
            "S2b": PeerEvent("/s2/", "toggle_todo", [50]),
            "S3a": PeerEvent("/s3/", "sort_rows", ["score"]),
            "S3b": PeerEvent("/s3/", "set_score", [row, score]),
        }
    if peer == "pyview":
        return {
            "S1": PeerEvent("/s1/", "increment", {}),
            "S2b": PeerEvent("/s2/", "toggle", {"id": "50"}),
            "S3a": PeerEvent("/s3/", "sort", {"column": "score"}),
            "S3b": PeerEvent("/s3/", "set_score", {"row_id": str(row), "score": str(score)}),
        }
    raise KeyError(peer)


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    """Median, p10, p90, min (milliseconds) and count, as ``bench.harness.summary`` gives them."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000

    return {
        "n": len(ordered),
        "median": statistics.median(ordered) * 1000,
        "p10": pct(0.10),
        "p90": pct(0.90),
        "min": ordered[0] * 1000,
    }


def repeat(
    prepare: Callable[[], Any],
    run: Callable[[Any], bytes],
    budget: float,
    min_runs: int,
    max_runs: int,
    warmup: int,
) -> tuple[list[float], set[bytes]]:
    """``run(prepare())`` over and over (``prepare`` untimed: back to state A); the times of the
    runs after ``warmup``, and the set of answers (one, if every run answered the same)."""
    answers: set[bytes] = set()
    for _ in range(warmup):
        answers.add(run(prepare()))
    gc.collect()
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < max_runs and (len(samples) < min_runs or time.perf_counter() < deadline):
        state = prepare()
        start = time.perf_counter()
        answer = run(state)
        samples.append(time.perf_counter() - start)
        answers.add(answer)
    return samples, answers
