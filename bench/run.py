"""Run the benchmark and write ``bench/results/latest.md``, ``latest.json`` and ``latest.png``.

    python -m bench.run                     # everything (scripts/bench.sh runs this), ~10 min
    python -m bench.run --only bytes,server # some sections
    python -m bench.run --quick --out /tmp  # tiny repetition counts (the smoke test)

Sections: bytes (through the real consumer), server (time per event in-process, and HTTP page
renders), peers (Hypergen 1.5.6 and pyview 0.9 in their own venvs, ``.bench-venvs/``: the same
events' server time and bytes, measured in this run), memory (tracemalloc per connection), bundle
(client sizes), load (one daphne with 100 / 500 / 1 000 / 2 000 websocket clients, and 100 / 500 /
1 000 on the page with @memo rows, two daphnes on Redis with 1 000, and the RSS of 1 000 idle
ones), client (Chromium: patcher vs morph). The client section runs last: Playwright's sync API
leaves its event loop behind.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import Any

SECTIONS = ("bytes", "server", "peers", "memory", "bundle", "load", "client")
RESULTS = Path(__file__).resolve().parent / "results"

NOTES = [
    "Times are wall-clock on a shared 2-core virtual machine: between runs the medians of the "
    "1000-row table scenarios move by up to a third (S3a diff mode measured 15–21 ms); their p90 "
    "includes Python's garbage collector walking every stored tree (section 4).",
    "One daphne process runs the handlers of its connections in a pool of worker threads "
    "(`HYPERGEN_WORKER_THREADS`) under one GIL: it answers about 1 000 / (daphne CPU ms per event) "
    "events per second. Offered more, events queue and latency grows, but each still gets its frame.",
    "The server's abuse limits (frame and resync rates, the hello deadline, unacknowledged output) "
    "are raised for the benchmark (`bench/settings.py`, `harness.BENCH_LIMITS`) so that they never "
    "throttle a measurement; everything else (signed session-bound tokens, the bound-handler "
    "check, the page snapshot saved after every event) runs as in production.",
    "The load clients run on the same machine as daphne and share its two cores; their latency "
    "includes their own scheduling (their CPU use is in the table).",
    "Client: reordering or re-laying out a 1000-row table costs Chromium ~70–100 ms of layout "
    "whoever changes the DOM, which bounds the S3a/S3c ratios.",
    "Hypergen 1.5.6 and pyview 0.9 are measured in this run for S1, S2b, S3a and S3b (their own venvs "
    "in `.bench-venvs/`, their pages in `bench/peers/`, written in each framework's idiom); the other "
    "peer columns (LiveView, ReactPy, and Hypergen/pyview for the other scenarios) are the published "
    "numbers of the shared benchmark notes, not re-measured here.",
    "Load levels are bounded: 15 s of events, then up to 15 s for the answers still outstanding; an "
    "event unanswered by then counts as lost (an overloaded daphne would still answer it later).",
]


def _section(name: str, timings: dict[str, float], run: Any) -> Any:
    print(f"==> {name}", flush=True)
    start = time.perf_counter()
    try:
        return run()
    finally:
        timings[name] = time.perf_counter() - start
        print(f"    {name}: {timings[name]:.0f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--quick", action="store_true", help="tiny repetition counts (smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="directory for latest.md/json/png")
    parser.add_argument("--report-only", action="store_true", help="rewrite latest.md/png from latest.json")
    args = parser.parse_args(argv)
    if args.report_only:
        return _report_only(args.out)
    sections = SECTIONS if not args.only else tuple(s.strip() for s in args.only.split(","))
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}")
    quick = args.quick

    from .harness import setup_django

    setup_django()
    from .chart import write_chart
    from .goals import evaluate_goals
    from .pages import EVENTS
    from .report import write_json, write_markdown

    names = list(EVENTS)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    from .machine import describe

    results: dict[str, Any] = {"machine": describe(), "quick": quick, "sections": list(sections)}

    results["bytes"] = _section("bytes", timings, lambda: __import__("bench.bytes").bytes.bytes_table(names))
    if "server" in sections:
        from .server_time import http_times, server_times

        if quick:
            results["server"] = _section(
                "server", timings, lambda: server_times(names, budget=0.0, min_runs=2, max_runs=2, warmup=1)
            )
            paths = [p for n in (1, 3) for p in (f"/bench/s{n}/", f"/bench/s{n}-classic/")]
            results["http"] = http_times(paths, budget=0.0, min_runs=2, max_runs=2, warmup=1)
        else:
            results["server"] = _section("server", timings, lambda: server_times(names, budget=1.0))
            paths = [p for n in range(1, 7) for p in (f"/bench/s{n}/", f"/bench/s{n}-classic/")]
            results["http"] = _section("http", timings, lambda: http_times(paths, budget=1.0))
    if "peers" in sections:
        from .peers.runner import peer_results

        results["peers"] = _section("peers", timings, lambda: peer_results(quick))
    if "memory" in sections:
        from .memory import gc_pause, memory_per_connection

        results["memory"] = _section(
            "memory", timings, lambda: memory_per_connection(names, k=1 if quick else 4)
        )
        results["gc_pause"] = _section("gc pause", timings, lambda: gc_pause(pages=10 if quick else 1000))
        if not quick:  # a daphne of its own: the pause of a real server's process
            from .memory import gc_pause_daphne

            results["gc_pause_daphne"] = _section("gc pause (daphne)", timings, gc_pause_daphne)
    if "bundle" in sections:
        from .bundle import bundle_sizes

        results["bundle"] = _section("bundle", timings, bundle_sizes)
    if "load" in sections:
        from .load import load_levels
        from .rss import idle_rss

        if quick:
            results["idle_rss"] = _section("idle RSS", timings, lambda: idle_rss(20))
            results["load"] = _section(
                "load",
                timings,
                lambda: load_levels((10,), duration=2, drain=5, redis_levels=(10,), memo_levels=(10,)),
            )
        else:
            results["idle_rss"] = _section("idle RSS", timings, lambda: idle_rss(1000))
            results["load"] = _section(
                "load",
                timings,
                lambda: load_levels(
                    (100, 500, 1000, 2000),
                    duration=15,
                    drain=15,
                    redis_levels=(1000,),
                    memo_levels=(100, 500, 1000),
                ),
            )
    if "client" in sections:
        results["client"] = _section("client", timings, lambda: _client(names, quick))

    results["elapsed_s"] = time.perf_counter() - started
    results["timings"] = {k: round(v, 1) for k, v in timings.items()}
    results["goals"] = evaluate_goals(results)
    results["notes"] = NOTES
    args.out.mkdir(parents=True, exist_ok=True)
    chart = "latest.png" if write_chart(results, args.out / "latest.png") else None
    write_json(results, args.out / "latest.json")
    write_markdown(results, args.out / "latest.md", chart)
    print(f"==> wrote {args.out / 'latest.md'} and latest.json in {results['elapsed_s'] / 60:.1f} min")
    for goal in results["goals"]:
        print(
            f"    {'met ' if goal['met'] else 'MISS' if goal['met'] is False else '  ? '} {goal['goal']}: "
            f"{goal['shown']} ({goal['verdict']})"
        )
    return 0


def _report_only(out: Path) -> int:
    """Render the Markdown and the chart again from the JSON of the last run (no measuring)."""
    import json

    from .chart import write_chart
    from .goals import evaluate_goals
    from .report import write_markdown

    results = json.loads((out / "latest.json").read_text())
    results["goals"] = evaluate_goals(results)
    chart = "latest.png" if write_chart(results, out / "latest.png") else None
    write_markdown(results, out / "latest.md", chart)
    print(f"==> rewrote {out / 'latest.md'} from latest.json")
    return 0


def _client(names: list[str], quick: bool) -> dict[str, Any]:
    """Chromium against a daphne with DEBUG on (it serves the client files); pending if the
    browser or the patcher isn't there."""
    from .client_time import CHROMIUM, client_times, transitions
    from .daphne import Daphne

    if not Path(CHROMIUM).exists():
        return {"pending": f"no Chromium at {CHROMIUM}"}
    pairs = dict.fromkeys(names, 2) if quick else None
    try:
        data = transitions(names, pairs)
        with Daphne(debug=True) as server:
            return client_times(server.url, data, pairs)
    except Exception as error:  # report, don't lose the other sections' results
        traceback.print_exc()
        return {"pending": f"client measurement failed: {error!r}"[:500]}


if __name__ == "__main__":
    sys.exit(main())
