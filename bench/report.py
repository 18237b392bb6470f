"""The benchmark's results as JSON, Markdown (with the goals met or missed) and one PNG chart."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .bytes import PEER_NAMES, PEERS

__all__ = ["evaluate_goals", "write_chart", "write_json", "write_markdown"]

KB = 1024


def _n(value: float | None, digits: int = 0) -> str:
    """A number for a table: thousands separated by a thin space; '–' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u202f")


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return _n(value, 3 if value < 1 else 2 if value < 10 else 1)


def _spread(summary: dict[str, float] | None) -> str:
    if not summary or not summary.get("n"):
        return "–"
    return f"{_ms(summary['median'])} ({_ms(summary['p10'])}–{_ms(summary['p90'])})"


def _row(*cells: object) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _head(*cells: str) -> list[str]:
    """A Markdown table header: the first column left-aligned, the others right-aligned (numbers)."""
    return [_row(*cells), "|---|" + "---:|" * (len(cells) - 1)]


def _kb(value: float | None) -> str:
    return "–" if value is None else _n(value / KB, 1)


# -- goals -----------------------------------------------------------------------------------


def _goal(
    goal: str,
    target: str,
    measured: float | None,
    limit: float,
    unit: str,
    higher_is_better: bool = False,
    shown: str | None = None,
) -> dict[str, Any]:
    if measured is None:
        return {
            "goal": goal,
            "target": target,
            "measured": None,
            "shown": "not measured",
            "met": None,
            "verdict": "not measured",
        }
    met = measured >= limit if higher_is_better else measured <= limit
    if met:
        verdict = "met"
    elif higher_is_better:
        verdict = (
            f"missed: {_n(measured, 1)}{unit} is {_n(limit / measured if measured else math.inf, 1)}× short"
        )
    else:
        verdict = f"missed by {_n(measured - limit, 1)}{unit} ({_n(measured / limit, 1)}× the target)"
    return {
        "goal": goal,
        "target": target,
        "measured": measured,
        "shown": shown or f"{_n(measured, 3)}{unit}",
        "met": met,
        "verdict": verdict,
    }


def evaluate_goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    server = results.get("server") or {}
    client = results.get("client") or {}
    memory = results.get("memory") or {}
    load = results.get("load") or []
    bundle = results.get("bundle") or {}

    def core(name: str, mode: str) -> float | None:
        entry = server.get(name, {}).get(mode)
        return entry["core_ms"]["median"] if entry else None

    goals = [
        _goal("server time, S3a table sort (diff mode)", "≤ 12 ms", core("S3a", "diff"), 12, " ms"),
        _goal("server time, S1 counter (diff mode)", "≤ 0.2 ms", core("S1", "diff"), 0.2, " ms"),
        _goal("server time, S3a table sort (classic mode)", "≤ 12 ms", core("S3a", "classic"), 12, " ms"),
    ]
    ratios = {name: entry["ratio"] for name, entry in client.items() if not name.startswith("_")}
    goals.append(
        _goal(
            "patcher vs morphing, S3b one cell",
            "≥ 10× faster",
            ratios.get("S3b"),
            10,
            "×",
            higher_is_better=True,
        )
    )
    if ratios:
        slowest = min(ratios, key=lambda name: ratios[name])
        goals.append(
            _goal(
                "patcher never slower than morphing",
                "every ratio ≥ 1×",
                ratios[slowest],
                1,
                "×",
                higher_is_better=True,
                shown=f"lowest {_n(ratios[slowest], 1)}× ({slowest})",
            )
        )
    else:
        goals.append(_goal("patcher never slower than morphing", "every ratio ≥ 1×", None, 1, "×"))
    s3 = [memory[name]["diff"]["connected_bytes"] for name in ("S3a", "S3b", "S3c") if name in memory]
    goals.append(
        _goal(
            "memory per connection, S3 table (diff mode, connected)",
            "≤ 350 KB",
            max(s3) / KB if s3 else None,
            350,
            " KB",
        )
    )
    top = next((level for level in load if level["clients"] == 1000), None)
    if top is None:
        goals.append(
            _goal("load: 1 000 connections × 1 event/s, p99", "< 100 ms, 0 errors, 0 lost", None, 100, " ms")
        )
    else:
        p99 = top["latency_ms"].get("p99")
        clean = top["errors"] == 0 and top["lost"] == 0
        entry = _goal(
            "load: 1 000 connections × 1 event/s, p99",
            "< 100 ms, 0 errors, 0 lost",
            p99,
            100,
            " ms",
            shown=f"p99 {_ms(p99)} ms, {top['errors']} errors, {top['lost']} lost",
        )
        if not clean:
            entry["met"] = False
            entry["verdict"] = (entry["verdict"] if entry["verdict"] != "met" else "p99 met") + (
                f"; {top['errors']} errors, {top['lost']} lost (answered {top['answered']} of {top['sent']})"
            )
        goals.append(entry)
    files = bundle.get("files", {})
    loaded = {
        name: files[name]["gzip"] for name in ("hypergen.min.js", "hypergen-diff.min.js") if name in files
    }
    if loaded:
        largest = max(loaded, key=lambda name: loaded[name])
        goals.append(
            _goal(
                "client, what a page loads (min+gzip)",
                "≤ 8 KB",
                loaded[largest] / KB,
                8,
                " KB",
                shown=f"{_n(loaded[largest])} B ({largest})",
            )
        )
    else:
        goals.append(_goal("client, what a page loads (min+gzip)", "≤ 8 KB", None, 8, " KB"))
    patcher = bundle.get("patcher", {})
    goals.append(
        _goal(
            "diff-mode part (patcher alone, min+gzip)",
            "≤ 4 KB",
            patcher["gzip"] / KB if patcher.get("available") else None,
            4,
            " KB",
            shown=f"{_n(patcher['gzip'])} B" if patcher.get("available") else None,
        )
    )
    return goals


# -- output ----------------------------------------------------------------------------------


def write_json(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=1, sort_keys=False, default=str) + "\n")


def _bytes_section(results: dict[str, Any]) -> list[str]:
    table = results["bytes"]
    head = (
        "| scenario | **diff mode** | classic mode | diff ops as JSON | target HTML | "
        + " | ".join(PEER_NAMES)
        + " |"
    )
    lines = [
        "## 1. Bytes per event",
        "",
        "One websocket message answering the scenario's event, through the real consumer "
        "(`WebsocketCommunicator`): the diff-mode frame (msgpack), the classic frame (`hypergen.morph` "
        "of the target's HTML, msgpack), the diff frame's content as compact JSON, and the target's "
        "new HTML alone. Peers: published numbers for the same markup and data (LiveView 1.2.10, "
        "Hypergen 1.5.6, ReactPy 1.1.0, pyview 0.9.0; variants in brackets).",
        "",
        head,
        "|---|" + "---:|" * (4 + len(PEER_NAMES)),
    ]
    for name, row in table.items():
        peers = []
        for peer in PEER_NAMES:
            value, note = PEERS[name][peer]
            peers.append(_n(value) + (f" ({note})" if note else ""))
        title = f"{name} {row['title']}"
        lines.append(
            _row(
                title, f"**{_n(row['diff'])}**", _n(row["classic"]), _n(row["json"]), _n(row["html"]), *peers
            )
        )
    quiet = all(row["quiet"] for row in table.values())
    lines += [
        "",
        "Connecting a freshly served diff page sent nothing in every scenario: "
        f"**{'yes' if quiet else 'NO'}**.",
    ]
    return lines


def _server_section(results: dict[str, Any]) -> list[str]:
    server, http = results["server"], results.get("http") or {}
    lines = [
        "## 2. Server time per event",
        "",
        "A `HypergenConsumer` instance in-process, past its hello on a freshly served page, runs the "
        "event from state A over and over after warm-up. **core**: `decode_args` + `_run` (permission "
        "and argument checks, the real handler rendering the target, then in diff mode "
        "`DiffSession.update`: diff + encode); classic mode adds `result_commands` (the HTML) and the "
        "msgpack encoding. **receive**: the whole `await consumer.receive(bytes_data=…)`, with the hop "
        "to the worker thread and the send. Milliseconds, median (p10–p90).",
        "",
        *_head(
            "scenario",
            "diff core",
            "of which diff + encode",
            "classic core",
            "diff receive",
            "classic receive",
            "runs",
        ),
    ]
    for name, entry in server.items():
        d, c = entry["diff"], entry["classic"]
        runs = f"{d['core_ms']['n']} / {c['core_ms']['n']}"
        cells = [f"**{_spread(d['core_ms'])}**", _spread(d["diff_encode_ms"]), _spread(c["core_ms"])]
        lines.append(_row(name, *cells, _spread(d["receive_ms"]), _spread(c["receive_ms"]), runs))
    if http:
        lines += [
            "",
            "Rendering each page over HTTP (`django.test.Client` GET: middleware, render, HTML, storing "
            "the page's state), milliseconds, median (p10–p90):",
            "",
            "| page | diff mode | classic mode | page bytes (diff) |",
            "|---|---:|---:|---:|",
        ]
        for number in range(1, 7):
            diff = http.get(f"/bench/s{number}/")
            classic = http.get(f"/bench/s{number}-classic/")
            if diff and classic:
                page = f"`/bench/s{number}/`"
                lines.append(_row(page, _spread(diff["ms"]), _spread(classic["ms"]), _n(diff["bytes"])))
    return lines


def _client_section(results: dict[str, Any]) -> list[str]:
    client = results.get("client") or {}
    lines = ["## 3. Client time in Chromium", ""]
    if "pending" in client:
        return [*lines, f"Not measured: {client['pending']}"]
    lines += [
        f"Chromium {client.get('_chromium', '?')} headless. In one page load: the patcher "
        "(`window.hypergen.applyPatch(frame)`) on the diff page, with frames the server's real "
        "consumer and `DiffSession` made (A→B is exactly the event's frame; then B→A, A→B … continuing "
        'the ids); idiomorph (`window.hypergen.morph("content", html)`) on the classic page with the '
        "same two HTML strings. **event**: A→B followed by a forced layout, mean of the warm runs "
        "(layout is in on both sides: the patcher reads scroll positions around each frame, which "
        "flushes layout inside it). **way back**: B→A, the same way. **first**: the page load's first "
        "A→B (cold code) + layout. Milliseconds.",
        "",
        *_head(
            "scenario",
            "patch event",
            "morph event",
            "**morph / patch**",
            "patch way back",
            "morph way back",
            "way back ratio",
            "patch first",
            "morph first",
            "runs",
        ),
    ]
    for name, entry in client.items():
        if name.startswith("_"):
            continue
        p, m = entry["patch"], entry["morph"]
        event = [_ms(p["event_ms"]), _ms(m["event_ms"]), f"**{_n(entry['ratio'], 1)}×**"]
        back = [_ms(p["back_ms"]), _ms(m["back_ms"]), f"{_n(entry['back_ratio'], 1)}×"]
        lines.append(_row(name, *event, *back, _ms(p["first_ms"]), _ms(m["first_ms"]), p["pairs"]))
    if client.get("_errors"):
        lines += ["", "Console errors/warnings seen: " + "; ".join(f"`{e[:120]}`" for e in client["_errors"])]
    return lines


def _memory_section(results: dict[str, Any]) -> list[str]:
    memory = results.get("memory") or {}
    idle = results.get("idle_rss")
    lines = [
        "## 4. Memory per connection",
        "",
        "`tracemalloc` in-process, per page/connection (several served and connected, divided): "
        "after the page was served (its stored state: in diff mode the numbered target tree), after "
        "its websocket connected (hello: a `DiffSession` on that tree), and after the scenario's "
        "event (state B kept, plus the handler's per-connection data). KB (1 024 B), Python objects only.",
        "",
        *_head(
            "scenario",
            "diff: served",
            "**diff: connected**",
            "diff: after event",
            "classic: connected",
            "classic: after event",
        ),
    ]
    for name, entry in memory.items():
        d, c = entry["diff"], entry["classic"]
        diff = [_kb(d["page_bytes"]), f"**{_kb(d['connected_bytes'])}**", _kb(d["after_event_bytes"])]
        lines.append(_row(name, *diff, _kb(c["connected_bytes"]), _kb(c["after_event_bytes"])))
    if idle:
        lines += [
            "",
            f"One daphne process (DEBUG off), {_n(idle['connections'])} S1 pages served and their "
            f"websockets connected and idle: RSS {_n(idle['rss_started_bytes'] / KB / KB, 1)} MB at start, "
            f"{_n(idle['rss_pages_served_bytes'] / KB / KB, 1)} MB after serving the pages, "
            f"**{_n(idle['rss_connected_bytes'] / KB / KB, 1)} MB** with the connections open: "
            f"{_kb(idle['per_connection_bytes'])} KB per page + connection, of which "
            f"{_kb(idle['per_socket_bytes'])} KB for the open websocket.",
        ]
    return lines


def _load_section(results: dict[str, Any]) -> list[str]:
    load = results.get("load") or []
    if not load:
        return ["## 5. Load", "", "Not measured in this run."]
    first = load[0]
    lines = [
        "## 5. Load",
        "",
        f"One daphne process on 127.0.0.1 (DEBUG off, in-memory channel layer); N clients (Python "
        f"`websockets`, same machine) each GET `/bench/s2/` (the 100-todo diff page), connect, say "
        f"hello, then send the S2b event (toggle todo 50) once per second for {first['duration_s']} s "
        f"at their own offset within the second. Latency: send → the frame acknowledging that event "
        f"(acked_event_seq), measured by the client. After the last send each client keeps waiting "
        f"for its outstanding answers, up to {_n(first['drain_s'])} s (an overloaded server works "
        f"through its backlog meanwhile); events still unanswered then count as lost. CPU: user + "
        f"system time over the level's wall time (100 % = one core), of daphne and of the client "
        f"process; per event: daphne's CPU time / answered events.",
        "",
        *_head(
            "clients",
            "connected",
            "events sent",
            "answered",
            "answered/s",
            "p50 ms",
            "p90 ms",
            "**p99 ms**",
            "errors",
            "lost",
            "server CPU",
            "CPU ms / event",
            "client CPU",
            "RSS connected",
        ),
    ]
    for level in load:
        lat = level["latency_ms"]
        counts = [_n(level[key]) for key in ("clients", "connected", "sent", "answered")]
        latency = [_ms(lat.get("median")), _ms(lat.get("p90")), f"**{_ms(lat.get('p99'))}**"]
        outcome = [level["errors"], level["lost"], f"{_n(level['server_cpu_percent'])} %"]
        outcome += [_ms(level.get("server_cpu_ms_per_event")), f"{_n(level.get('client_cpu_percent'))} %"]
        rss = f"{_n(level['rss_connected_bytes'] / KB / KB, 1)} MB"
        lines.append(_row(*counts, _n(level["events_per_s"], 1), *latency, *outcome, rss))
    messages = [m for level in load for m in level.get("messages", [])]
    if messages:
        lines += ["", "First error messages: " + "; ".join(f"`{m[:120]}`" for m in messages[:3])]
    return lines


def _bundle_section(results: dict[str, Any]) -> list[str]:
    bundle = results.get("bundle") or {}
    lines = [
        "## 6. Client bundle",
        "",
        "The built files in `hypergen_vdom/static/hypergen_vdom/` "
        f"(gzip: {bundle.get('gzip_by', '?')}). A page loads exactly one of the first two.",
        "",
        "| file | loaded by | min | min+gzip |",
        "|---|---|---:|---:|",
    ]
    for name, entry in bundle.get("files", {}).items():
        lines.append(f"| `{name}` | {entry['role']} | {_n(entry['min'])} | **{_n(entry['gzip'])}** |")
    patcher = bundle.get("patcher", {})
    if patcher.get("available"):
        what = "patcher alone (`patch.js` + `ops`, `dom`, `hydrate`)"
        lines.append(_row(what, "the diff-mode part", _n(patcher["min"]), f"**{_n(patcher['gzip'])}**"))
    else:
        lines += ["", f"Patcher alone: not measured ({patcher.get('error', 'unavailable')})."]
    return lines


def _glance(results: dict[str, Any]) -> list[str]:
    table, server = results["bytes"], results.get("server") or {}
    client, memory = results.get("client") or {}, results.get("memory") or {}
    lines = _head(
        "scenario",
        "diff bytes",
        "classic bytes",
        "LiveView bytes",
        "server ms (diff / classic)",
        "client morph÷patch",
        "KB per connection (diff)",
    )
    for name, row in table.items():
        s = server.get(name)
        times = (
            f"{_ms(s['diff']['core_ms']['median'])} / {_ms(s['classic']['core_ms']['median'])}" if s else "–"
        )
        c = client.get(name)
        ratio = f"{_n(c['ratio'], 1)}×" if c else "–"
        m = memory.get(name)
        kb = _kb(m["diff"]["connected_bytes"]) if m else "–"
        wire = [f"**{_n(row['diff'])}**", _n(row["classic"]), _n(PEERS[name]["LiveView"][0])]
        lines.append(_row(f"{name} {row['title']}", *wire, times, ratio, kb))
    return lines


def write_markdown(results: dict[str, Any], path: Path, chart: str | None) -> None:
    machine = results["machine"]
    lines = [
        "# hypergen_vdom benchmark",
        "",
        f"Written by `bash scripts/bench.sh` (`python -m bench.run`) on {machine['date']}, in "
        f"{_n(results['elapsed_s'] / 60, 1)} min. Scenarios S1–S6 with the data of "
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
    lines += _glance(results)
    lines += ["", "### Goals", "", "| goal | target | measured | verdict |", "|---|---|---|---|"]
    for goal in results["goals"]:
        mark = {True: "✅", False: "❌", None: "⏳"}[goal["met"]]
        lines.append(f"| {goal['goal']} | {goal['target']} | {goal['shown']} | {mark} {goal['verdict']} |")
    for section in (
        _bytes_section,
        _server_section,
        _client_section,
        _memory_section,
        _load_section,
        _bundle_section,
    ):
        lines += ["", *section(results)]
    notes = results.get("notes") or []
    if notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    timings = results.get("timings") or {}
    if timings:
        lines += [
            "",
            "Section run times: " + ", ".join(f"{k} {_n(v, 0)} s" for k, v in timings.items()) + ".",
        ]
    path.write_text("\n".join(lines) + "\n")


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
        ax.legend(fontsize=8)

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
