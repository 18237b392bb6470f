"""Smoke test of the benchmark harness (``python -m bench.run``) on tiny repetition counts: the bytes
and server-time sections through the real consumer, written as JSON and Markdown. No load test,
no Chromium (``scripts/bench.sh`` runs those)."""

from __future__ import annotations

import json

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
GOLDEN_SIZES = {name: len(hex_) // 2 for name, hex_ in FRAME_HEX.items()} | {"S3a": 2978, "S3c": 981}


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
    assert "| S3a table sort | **2\u202f978** |" in markdown
    assert "## 2. Server time per event" in markdown
    goals = {goal["goal"]: goal for goal in results["goals"]}
    assert goals["server time, S1 counter (diff mode)"]["measured"] > 0
    assert (tmp_path / "latest.png").exists()
