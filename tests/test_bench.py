"""Smoke test of the benchmark harness (``python -m bench.run``) on tiny repetition counts: the bytes
and server-time sections through the real consumer, written as JSON and Markdown; the peers' runner
(reported, not installed, when their venvs are missing; never a pip install here); the two-daphne
Redis load level on a tiny size when ``HYPERGEN_TEST_REDIS_URL`` names a Redis. No Chromium
(``scripts/bench.sh`` runs that)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.run import main

from .test_scenarios_consumer import FRAME_HEX, LIMITS

pytestmark = [
    # The benchmark pages are served by the benchmark's urlconf (bench/settings.py), not the sample site's.
    pytest.mark.urls("bench.site_urls"),
    # Serving a page saves its session (page tokens are bound to it), from the harness's threads.
    pytest.mark.django_db(transaction=True),
]

# the two 1000-row ORDER frames are pinned by sha256 in test_scenarios_consumer; their sizes here
GOLDEN_SIZES = {name: len(hex_) // 2 for name, hex_ in FRAME_HEX.items()} | {"S3a": 1135, "S3c": 136}


def test_the_harness_writes_the_bytes_table_with_the_golden_frame_sizes(tmp_path):
    assert main(["--only", "bytes,server", "--quick", "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "latest.json").read_text())

    table = results["bytes"]
    assert list(table) == list(LIMITS)
    assert {name: row["diff"] for name, row in table.items()} == GOLDEN_SIZES
    for name, row in table.items():
        assert row["quiet"], f"{name}: connecting a fresh page sent something"
        assert row["diff"] < row["json"] < row["classic"], name
        assert row["html"] < row["classic"], name
    assert table["S1"]["diff_hex"] == FRAME_HEX["S1"]

    for name, entry in results["server"].items():
        for mode in ("diff", "classic"):
            assert entry[mode]["core_ms"]["median"] > 0, (name, mode)
            # the page's snapshot is saved after every event, within core
            assert 0 < entry[mode]["save_ms"]["median"] < entry[mode]["core_ms"]["median"], (name, mode)
            assert entry[mode]["frame_bytes"] == (
                table[name]["diff"] if mode == "diff" else table[name]["classic"]
            )

    markdown = (tmp_path / "latest.md").read_text()
    assert "| S1 counter | **14** | 145 |" in markdown
    assert "| S3a table sort | **1\u202f135** |" in markdown
    assert "## 2. Server time per event" in markdown
    goals = {goal["goal"]: goal for goal in results["goals"]}
    assert goals["server time, S1 counter (diff mode)"]["measured"] > 0
    assert (tmp_path / "latest.png").exists()


# -- the peers (Hypergen 1.5.6, pyview 0.9 in venvs of their own) ---------------------------------


def test_peers_without_their_venvs_are_reported_as_not_installed_and_the_run_goes_on(tmp_path, monkeypatch):
    """No venv (or a failed install) is a clear "not installed" line with the reason, in the
    results and in the report's tables; the runner never installs anything itself."""
    venvs = tmp_path / "venvs"
    failed = venvs / "pyview"
    failed.mkdir(parents=True)
    (failed / "bench-install.log").write_text(
        "$ pip install pyview-web==0.9.*\nERROR: no matching distribution\n"
    )
    monkeypatch.setenv("HYPERGEN_BENCH_VENVS", str(venvs))
    out = tmp_path / "out"

    assert main(["--only", "peers", "--quick", "--out", str(out)]) == 0

    peers = json.loads((out / "latest.json").read_text())["peers"]
    assert peers["hypergen"]["status"] == "not installed"
    assert "no venv at" in peers["hypergen"]["reason"]
    assert "bench.peers.install hypergen" in peers["hypergen"]["reason"]
    assert peers["pyview"]["status"] == "not installed"
    assert "its install failed" in peers["pyview"]["reason"]
    assert "no matching distribution" in peers["pyview"]["reason"]
    assert not (venvs / "hypergen").exists(), "the runner must not create (or pip install) a venv"
    assert sorted(p.name for p in failed.iterdir()) == ["bench-install.log"]

    markdown = (out / "latest.md").read_text()
    assert "| Hypergen, measured this run | pyview, measured this run | LiveView (published) |" in markdown
    assert "| S1 counter | **14** | 145 | 23 | 114 | – | – | 104 |" in markdown
    assert "- **Hypergen: not installed** — no venv at" in markdown
    assert "- **pyview: not installed** — its install failed" in markdown


@pytest.mark.skipif(
    not (Path(__file__).resolve().parent.parent / ".bench-venvs" / "pyview" / ".bench-requirements").exists(),
    reason="no .bench-venvs/pyview here (scripts/bench.sh makes it; the tests never pip install)",
)
def test_a_peer_with_its_venv_is_measured_side_by_side():
    """pyview 0.9 (when scripts/bench.sh made its venv on this machine): its server's answer on the
    wire is the frame its in-process timing encodes, for every scenario."""
    from bench.peers.runner import peer_results

    result = peer_results(quick=True, only=("pyview",))["pyview"]
    assert result["status"] == "measured", result
    assert result["version"].startswith("0.9")
    for name in ("S1", "S2b", "S3a", "S3b"):
        entry = result["scenarios"][name]
        assert entry["bytes"] == entry["frame_bytes"] > 0, name
        assert entry["core_ms"]["median"] > 0, name
    assert result["scenarios"]["S1"]["bound"]


# -- load: two daphne processes sharing a Redis ---------------------------------------------------


@pytest.mark.redis
@pytest.mark.skipif(
    not os.environ.get("HYPERGEN_TEST_REDIS_URL"), reason="HYPERGEN_TEST_REDIS_URL is not set"
)
def test_the_two_daphne_load_level_on_redis_answers_every_event():
    """The Redis level on a tiny size: two daphnes on the Redis of HYPERGEN_TEST_REDIS_URL (channel
    layer and page store), 4 clients split between them, 2 events each."""
    from bench.load import load_levels

    (level,) = load_levels(
        (), duration=2, drain=10, redis_levels=(4,), redis_url=os.environ["HYPERGEN_TEST_REDIS_URL"]
    )
    assert "skipped" not in level, level
    assert (level["servers"], level["channel_layer"], level["connected"]) == (2, "redis", 4), level
    assert level["sent"] == 8, level
    assert (level["errors"], level["lost"], level["answered"]) == (0, 0, 8), level
    assert level["server_cpu_ms_per_event"] > 0
    assert level["redis_cpu_ms_per_event"] is None  # the test's Redis is not ours to measure


# -- load: one daphne, the plain page and the page with @memo rows -------------------------------


def test_the_load_levels_run_the_plain_and_the_memo_page_side_by_side():
    """Two tiny levels on one daphne each: 3 clients, 2 events each, on ``/bench/s2/`` and on
    ``/bench/s2-memo/``; every event answered, and the load table shows both pages."""
    from bench.load import load_levels
    from bench.sections import _load_section

    levels = load_levels((3,), duration=2, drain=10, redis_levels=(), memo_levels=(3,))
    assert [(level["clients"], level["page"]) for level in levels] == [(3, "plain"), (3, "memo")]
    for level in levels:
        assert (level["connected"], level["sent"], level["answered"]) == (3, 6, 6), level
        assert (level["errors"], level["lost"], level["unexpected_frames"]) == (0, 0, 0), level
        assert level["server_cpu_ms_per_event"] > 0
    rows = [line for line in _load_section({"load": levels}) if line.startswith("| 3 |")]
    assert [line.split(" | ")[1] for line in rows] == ["plain", "@memo"]
