"""The draft scenario still gives the committed baseline (tolerance in standard deviations)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from sim.baseline import OVERRIDES, baseline_metrics
from tests.conftest import typed_cfg

BASELINE = Path(__file__).parent / "baseline" / "draft.json"


@pytest.mark.slow
def test_draft_scenario_matches_committed_baseline():
    committed = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert committed["overrides"] == OVERRIDES, "baseline was made with other overrides"
    current = baseline_metrics(typed_cfg(*OVERRIDES))
    assert set(current) == set(committed["metrics"])
    k = committed["tolerance_sd"]
    for name, base in committed["metrics"].items():
        allowed = k * base["sd"] + 1e-9 * max(1.0, abs(base["mean"]))
        moved = abs(current[name]["mean"] - base["mean"])
        assert moved <= allowed, (
            f"{name}: mean {current[name]['mean']:.4f} vs baseline {base['mean']:.4f} "
            f"(moved {moved / base['sd'] if base['sd'] else math.inf:.2f} SD, allowed {k} SD);"
            " if the change is intended, run `make baseline` and commit tests/baseline/draft.json"
        )
