"""State A of the scenarios, from ``bench/scenario_data.json``."""

from __future__ import annotations

import json
from pathlib import Path

DATA = json.loads((Path(__file__).resolve().parents[2] / "scenario_data.json").read_text(encoding="utf-8"))
