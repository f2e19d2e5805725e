"""The draft scenario against its committed baseline, in two tiers (sim/baseline.py):
exact per-seed tables under the pinned dependency set, and a tolerance in standard
deviations for deliberate refreshes and dependency upgrades."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.baseline import EXACT_OVERRIDES, OVERRIDES, baseline_metrics, exact_table, numeric_versions
from tests.conftest import ROOT, typed_cfg

FOLDER = Path(__file__).parent / "baseline"
BASELINE = FOLDER / "draft.json"
TAG = f"py{sys.version_info.major}{sys.version_info.minor}"
LOCK = ROOT / f"constraints-{TAG}.txt"
HOW_TO_REFRESH = ("if the change is intended, run `make baseline` and commit tests/baseline/ "
                  "saying why the numbers moved")


def _pinned(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text("utf-8").splitlines():
        name, sep, ver = line.partition("==")
        if sep:
            pins[name.strip().lower()] = ver.strip()
    return pins


def test_numeric_packages_are_the_pinned_ones():
    """Tier 1 holds only under the lock that `make venv` installs."""
    pins = _pinned(LOCK)
    for name, installed in numeric_versions().items():
        if name != "python":
            assert pins[name] == installed, (
                f"{name} {installed} is installed but {LOCK.name} pins {pins[name]}: install "
                "the lock (make venv); after a deliberate upgrade the tolerance test decides, "
                "then regenerate the lock and the baseline")


def test_draft_per_seed_tables_are_exactly_the_committed_ones():
    note = json.loads((FOLDER / f"draft_per_seed-{TAG}.json").read_text("utf-8"))
    assert note["overrides"] == EXACT_OVERRIDES, "baseline was made with other overrides"
    assert note["versions"] == numeric_versions(), (
        f"baseline made with {note['versions']}, running {numeric_versions()}: "
        "exact equality holds under the pinned set only")
    committed = pd.read_csv(FOLDER / f"draft_per_seed-{TAG}.csv", float_precision="round_trip")
    current = exact_table(typed_cfg(*EXACT_OVERRIDES))
    assert committed["seed"].nunique() == 4 and len(committed) == 4 * 24
    try:
        pd.testing.assert_frame_equal(current.reset_index(drop=True), committed,
                                      check_exact=True, check_dtype=False)
    except AssertionError as exc:
        raise AssertionError(f"per-seed results changed: {exc}\n{HOW_TO_REFRESH}") from None


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
            f" {HOW_TO_REFRESH}"
        )
