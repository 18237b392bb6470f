"""The Markdown sections of the report, one function per benchmark section."""

from __future__ import annotations

from typing import Any

from .bytes import PEER_NAMES, PEERS
from .fmt import KB, head, kb, ms, num, row, spread
from .peers.report import peer_bytes_cells, peer_headers, peer_notes, peer_server_cells

__all__ = ["SECTIONS", "glance"]


def _bytes_section(results: dict[str, Any]) -> list[str]:
    table = results["bytes"]
    measured = peer_headers(results)  # Hypergen and pyview, measured this run (if the peers section ran)
    header = (
        "| scenario | **diff mode** | classic mode | diff ops as JSON | target HTML | "
        + "".join(f"{title} | " for title in measured)
        + " | ".join(f"{peer} (published)" if measured else peer for peer in PEER_NAMES)
        + " |"
    )
    lines = [
        "## 1. Bytes per event",
        "",
        "One websocket message answering the scenario's event, through the real consumer "
        "(`HypergenCommunicator`: the page's GET, its session cookie through `AuthMiddlewareStack`, "
        "hello, event): the diff-mode frame (msgpack), the classic frame (`hypergen.morph` "
        "of the target's HTML, msgpack), the diff frame's content as compact JSON, and the target's "
        "new HTML alone. Peers: Hypergen 1.5.6 and pyview 0.9 **measured this run** where the run had "
        "the peers section (S1, S2b, S3a, S3b: how, below the table), and the published numbers for "
        "the same markup and data (LiveView 1.2.10, Hypergen 1.5.6, ReactPy 1.1.0, pyview 0.9.0; "
        "variants in brackets).",
        "",
        header,
        "|---|" + "---:|" * (4 + len(measured) + len(PEER_NAMES)),
    ]
    for name, line in table.items():
        peers = []
        for peer in PEER_NAMES:
            value, note = PEERS[name][peer]
            peers.append(num(value) + (f" ({note})" if note else ""))
        title = f"{name} {line['title']}"
        lines.append(
            row(
                title,
                f"**{num(line['diff'])}**",
                num(line["classic"]),
                num(line["json"]),
                num(line["html"]),
                *(peer_bytes_cells(results, name) if measured else []),
                *peers,
            )
        )
    quiet = all(entry["quiet"] for entry in table.values())
    lines += [
        "",
        "Connecting a freshly served diff page sent nothing in every scenario: "
        f"**{'yes' if quiet else 'NO'}**.",
        *peer_notes(results, "bytes"),
    ]
    return lines


def _server_section(results: dict[str, Any]) -> list[str]:
    server, http = results.get("server"), results.get("http") or {}
    if not server:
        return ["## 2. Server time per event", "", "Not measured in this run."]
    lines = [
        "## 2. Server time per event",
        "",
        "A `HypergenConsumer` instance in-process, past its real hello (with the page's session) on a "
        "freshly served page, runs the event from state A over and over after warm-up. **core**: "
        "`decode_args` + `LivePage.run` (permission and argument checks, the real handler rendering "
        "the target, then in diff mode `DiffSession.update`: diff + encode, in classic mode "
        "`result_commands` (the HTML) and the msgpack encoding; then **save**: the page's snapshot, "
        "the consumer's app state pickled, put in the page store). **receive**: the whole "
        "`await consumer.receive(bytes_data=…)`, with the protocol checks, the hop to a worker thread "
        "and the send. The server's abuse limits are raised while measuring. Milliseconds, median "
        "(p10–p90).",
        "",
        *head(
            "scenario",
            "diff core",
            "of which diff + encode",
            "of which save (diff)",
            "classic core",
            "of which save (classic)",
            "diff receive",
            "classic receive",
            "runs",
            *peer_headers(results),
        ),
    ]
    for name, entry in server.items():
        d, c = entry["diff"], entry["classic"]
        runs = f"{d['core_ms']['n']} / {c['core_ms']['n']}"
        # save_ms: "–" in results measured before the page snapshot existed
        cells = [f"**{spread(d['core_ms'])}**", spread(d["diff_encode_ms"]), spread(d.get("save_ms"))]
        cells += [spread(c["core_ms"]), spread(c.get("save_ms"))]
        receive = [spread(d["receive_ms"]), spread(c["receive_ms"])]
        lines.append(row(name, *cells, *receive, runs, *peer_server_cells(results, name)))
    lines += peer_notes(results, "server")
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
                lines.append(row(page, spread(diff["ms"]), spread(classic["ms"]), num(diff["bytes"])))
    return lines


def _client_section(results: dict[str, Any]) -> list[str]:
    client = results.get("client") or {}
    lines = ["## 3. Client time in Chromium", ""]
    if not client:
        return [*lines, "Not measured in this run."]
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
        *head(
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
        event = [ms(p["event_ms"]), ms(m["event_ms"]), f"**{num(entry['ratio'], 1)}×**"]
        back = [ms(p["back_ms"]), ms(m["back_ms"]), f"{num(entry['back_ratio'], 1)}×"]
        lines.append(row(name, *event, *back, ms(p["first_ms"]), ms(m["first_ms"]), p["pairs"]))
    if client.get("_errors"):
        lines += ["", "Console errors/warnings seen: " + "; ".join(f"`{e[:120]}`" for e in client["_errors"])]
    return lines


def _memory_section(results: dict[str, Any]) -> list[str]:
    memory = results.get("memory") or {}
    idle = results.get("idle_rss")
    if not memory and not idle:
        return ["## 4. Memory per connection", "", "Not measured in this run."]
    lines = [
        "## 4. Memory per connection",
        "",
        "`tracemalloc` in-process, per page/connection (several served, each in a session of its "
        "own, and connected, divided): after the page was served (its stored state: in diff mode the "
        "numbered target tree), after its websocket connected (the scope with its session and user; "
        "hello: the connection's own copy of the page state, a `DiffSession` on that tree), and after "
        "the scenario's event (state B kept, plus the handler's per-connection data, and the page's "
        "snapshot in the store: that data pickled, the answer kept for a re-sent event). The pages "
        "connect right after their GET, as a browser's do; **idle**: a page served and left "
        "`HYPERGEN_PACK_AFTER` without a connection, so kept packed (one `bytes`). KB "
        "(1 024 B), Python objects only.",
        "",
        *head(
            "scenario",
            "diff: served",
            "diff: idle (packed)",
            "**diff: connected**",
            "diff: after event",
            "**@memo rows: connected**",
            "@memo rows: after event",
            "classic: connected",
            "classic: after event",
        ),
    ]
    for name, entry in memory.items():
        d, c = entry["diff"], entry["classic"]
        packed = kb(d["idle_page_bytes"]) if d.get("idle_page_bytes") is not None else "–"
        diff = [kb(d["page_bytes"]), packed, f"**{kb(d['connected_bytes'])}**", kb(d["after_event_bytes"])]
        m = entry.get("memo")
        memoized = [f"**{kb(m['connected_bytes'])}**", kb(m["after_event_bytes"])] if m else ["–", "–"]
        lines.append(row(name, *diff, *memoized, kb(c["connected_bytes"]), kb(c["after_event_bytes"])))
    pause = results.get("gc_pause")
    if pause:
        lines += ["", *_pause_lines(pause)]
    daphne = results.get("gc_pause_daphne")
    if daphne:
        before, fresh, packed = daphne["before"], daphne["fresh"], daphne["packed"]
        frozen, unfrozen = daphne.get("frozen_packed"), daphne.get("unfrozen")
        lines += [
            "",
            f"The same in a real daphne (DEBUG off, `/bench-gc/`): {ms(before['full_gc_ms'])} ms with "
            f"{num(before['tracked_objects'])} objects tracked before serving; right after serving "
            f"{num(daphne['pages'])} pages of `{daphne['path']}` {ms(fresh['full_gc_ms'])} ms "
            f"({num(fresh['packed_pages'])} packed, the youngest not yet: `HYPERGEN_PACK_AFTER`); once "
            f"all are packed **{ms(packed['full_gc_ms'])} ms** with {num(packed['tracked_objects'])} "
            f"objects: the pages add {ms(daphne['added_ms'])} ms, the rest is the process itself "
            "(Django, daphne, the site's modules).",
        ]
        if frozen and unfrozen:
            lines += [
                "",
                f"With the process's objects frozen once (`gc.collect(); gc.freeze()`, here while "
                f"serving the request that froze them) and {num(daphne['pages'])} more pages served "
                f"and packed: **{ms(frozen['full_gc_ms'])} ms** ({num(frozen['tracked_objects'])} objects "
                f"tracked, {num(frozen['frozen_objects'])} frozen). Unfrozen afterwards, a collection "
                f"freed {num(unfrozen['freed_after_unfreeze'])} objects: the cyclic garbage the freeze had "
                "kept, the freezing request's own, not growing with the requests served after it.",
            ]
        defaults = daphne.get("defaults_packed")
        if defaults:
            lines += [
                "",
                f"As deployed, in a daphne of its own: its first websocket connection set the collector "
                f"up (`hypergen_vdom/gcsetup.py`, `HYPERGEN_GC_FREEZE` and `HYPERGEN_GC_THRESHOLD` at "
                f"their defaults), then {num(daphne['pages'])} pages served and packed: "
                f"**{ms(defaults['full_gc_ms'])} ms** ({num(defaults['tracked_objects'])} objects tracked, "
                f"{num(defaults['frozen_objects'])} frozen).",
            ]
    if idle:
        lines += [
            "",
            f"One daphne process (DEBUG off), {num(idle['connections'])} S1 pages served and their "
            f"websockets connected and idle: RSS {num(idle['rss_started_bytes'] / KB / KB, 1)} MB at start, "
            f"{num(idle['rss_pages_served_bytes'] / KB / KB, 1)} MB after serving the pages, "
            f"**{num(idle['rss_connected_bytes'] / KB / KB, 1)} MB** with the connections open: "
            f"{kb(idle['per_connection_bytes'])} KB per page + connection, of which "
            f"{kb(idle['per_socket_bytes'])} KB for the open websocket.",
        ]
    return lines


def _pause_lines(pause: dict[str, Any]) -> list[str]:
    """What stored pages cost in time: the full-collection pause with them, and what they add."""
    if "added_ms" not in pause:  # results from before the pause was measured against a baseline
        return [
            f"What kept trees cost in time: one full `gc.collect()` in-process with {num(pause['pages'])} "
            f"pages of `{pause['path']}` stored ({num(pause['tracked_objects'])} objects tracked) takes "
            f"**{ms(pause['full_gc_ms'])} ms**; {ms(pause['full_gc_ms_without'])} ms after dropping them "
            f"({num(pause['tracked_objects_without'])} objects)."
        ]
    packed, stored = pause.get("packed_pages"), pause.get("stored_pages")
    kept = f"{num(packed)} of the store's {num(stored)} pages" if packed is not None and stored else "pages"
    return [
        f"What stored pages cost in time: a full `gc.collect()` in-process (median of 3) with "
        f"{num(pause['pages'])} pages of `{pause['path']}` served and stored, never connected, and "
        f"left idle `HYPERGEN_PACK_AFTER` ({kept} packed: one untracked `bytes` each, "
        f"`hypergen_vdom/packing.py`) takes **{ms(pause['full_gc_ms'])} ms** with "
        f"{num(pause['tracked_objects'])} objects tracked; before serving them "
        f"{ms(pause['full_gc_ms_without'])} ms with {num(pause['tracked_objects_without'])}: the pages "
        f"add **{ms(pause['added_ms'])} ms** and {num(pause['added_objects'])} objects, of which the "
        f"store holds {num(pause['stored_objects'])} (the rest is the harness's: Django's test client "
        "connects signal receivers per request). The baseline is the benchmark process itself "
        "(Django, every section's modules and leftovers). Python runs a full collection when enough "
        "objects have survived; the server's event loop waits meanwhile.",
    ]


def _load_section(results: dict[str, Any]) -> list[str]:
    everything = results.get("load") or []
    load = [level for level in everything if "skipped" not in level]
    skipped = [level for level in everything if "skipped" in level]
    if not load:
        reasons = [f"{num(level['clients'])} clients on two daphnes: {level['skipped']}" for level in skipped]
        return ["## 5. Load", "", "Not measured in this run.", *reasons]
    first = load[0]
    lines = [
        "## 5. Load",
        "",
        "One daphne process on 127.0.0.1 (DEBUG off, in-memory channel layer and page store); "
        "**2 + Redis**: two daphne processes sharing a scratch `redis-server` on 127.0.0.1 (channel "
        "layer and page store on Redis, `HYPERGEN_REDIS_URL`), client i talking to daphne i mod 2 "
        "(its GET and its websocket). N clients (Python "
        f"`websockets`, same machine) each GET `/bench/s2/` (the 100-todo diff page; **@memo**: "
        f"`/bench/s2-memo/`, its rows as `@memo` functions), connect with "
        f"the GET's session cookie, say hello, then send the S2b event (toggle todo 50) once per "
        f"second for {first['duration_s']} s at their own offset within the second, acknowledging "
        f"every 64 KiB received as the browser does. Latency: send → the frame acknowledging that event "
        f"(acked_event_seq), measured by the client. After the last send each client keeps waiting "
        f"for its outstanding answers, up to {num(first['drain_s'])} s (an overloaded server works "
        f"through its backlog meanwhile); events still unanswered then count as lost. CPU: user + "
        f"system time over the level's wall time (100 % = one core), of daphne (both, with two) and "
        f"of the client process; per event: daphne's (both daphnes') CPU time / answered events, and "
        f"redis-server's. RSS: daphne's (the sum, with two) with the clients connected.",
        "",
        *head(
            "clients",
            "page",
            "daphnes",
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
            "Redis CPU ms / event",
            "client CPU",
            "RSS connected",
        ),
    ]
    for level in load:
        lat = level["latency_ms"]
        counts = [num(level[key]) for key in ("clients", "connected", "sent", "answered")]
        servers = level.get("servers", 1)
        counts.insert(1, f"{servers}{' + Redis' if level.get('channel_layer') == 'redis' else ''}")
        counts.insert(1, "@memo" if level.get("page") == "memo" else "plain")
        latency = [ms(lat.get("median")), ms(lat.get("p90")), f"**{ms(lat.get('p99'))}**"]
        outcome = [level["errors"], level["lost"], f"{num(level['server_cpu_percent'])} %"]
        outcome += [ms(level.get("server_cpu_ms_per_event")), ms(level.get("redis_cpu_ms_per_event"))]
        outcome.append(f"{num(level.get('client_cpu_percent'))} %")
        rss = f"{num(level['rss_connected_bytes'] / KB / KB, 1)} MB"
        lines.append(row(*counts, num(level["events_per_s"], 1), *latency, *outcome, rss))
    for level in skipped:
        what = f"{num(level['clients'])} clients on two daphnes + Redis"
        lines += ["", f"{what}: **not run** — {level['skipped']}"]
    messages = [m for level in load for m in level.get("messages", [])]
    if messages:
        lines += ["", "First error messages: " + "; ".join(f"`{m[:120]}`" for m in messages[:3])]
    return lines


def _bundle_section(results: dict[str, Any]) -> list[str]:
    bundle = results.get("bundle") or {}
    if not bundle:
        return ["## 6. Client bundle", "", "Not measured in this run."]
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
        lines.append(f"| `{name}` | {entry['role']} | {num(entry['min'])} | **{num(entry['gzip'])}** |")
    patcher = bundle.get("patcher", {})
    if patcher.get("available"):
        what = "patcher alone (`patch.js` + `ops`, `dom`, `hydrate`)"
        lines.append(row(what, "the diff-mode part", num(patcher["min"]), f"**{num(patcher['gzip'])}**"))
    else:
        lines += ["", f"Patcher alone: not measured ({patcher.get('error', 'unavailable')})."]
    return lines


def glance(results: dict[str, Any]) -> list[str]:
    table, server = results["bytes"], results.get("server") or {}
    client, memory = results.get("client") or {}, results.get("memory") or {}
    lines = head(
        "scenario",
        "diff bytes",
        "classic bytes",
        "LiveView bytes",
        "server ms (diff / classic)",
        "client morph÷patch",
        "KB per connection (diff)",
    )
    for name, line in table.items():
        s = server.get(name)
        times = (
            f"{ms(s['diff']['core_ms']['median'])} / {ms(s['classic']['core_ms']['median'])}" if s else "–"
        )
        c = client.get(name)
        ratio = f"{num(c['ratio'], 1)}×" if c else "–"
        m = memory.get(name)
        per_connection = kb(m["diff"]["connected_bytes"]) if m else "–"
        wire = [f"**{num(line['diff'])}**", num(line["classic"]), num(PEERS[name]["LiveView"][0])]
        lines.append(row(f"{name} {line['title']}", *wire, times, ratio, per_connection))
    return lines


SECTIONS = (_bytes_section, _server_section, _client_section, _memory_section, _load_section, _bundle_section)
