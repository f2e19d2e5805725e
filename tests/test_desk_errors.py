"""One-line errors for what analysts actually type wrong (issue 13, "friction removed")."""

from __future__ import annotations

import json

from sim.cli import check_overrides
from sim.report.__main__ import main as report_main
from tests.conftest import SMALL


def test_non_numeric_value_gets_one_line_naming_the_type():
    problem = check_overrides(["policy.fund.budget_yi=三十"])
    assert problem == ("policy.fund.budget_yi=三十 is not a number; policy.fund.budget_yi "
                       "takes a number (float), e.g. policy.fund.budget_yi=30.0")
    assert "hydra.cc" not in check_overrides(["run.replicates=二十"])
    assert "in quotes" in check_overrides(["run.name=测试"])


def test_lever_starting_after_the_simulated_period_is_refused():
    problem = check_overrides([*SMALL, "run.end=2021Q4", "policy.land.mixed_use.start=2023Q1"])
    assert problem.startswith("policy.land.mixed_use.start=2023Q1 is after the simulated "
                              "period 2020Q1–2021Q4")
    delayed = check_overrides([*SMALL, "run.end=2021Q4", "policy.delay_quarters=8"])
    assert "policy.delay_quarters=8" in delayed
    # Switched off, a late start is harmless; inside the period it is accepted.
    assert check_overrides([*SMALL, "run.end=2021Q4", "policy.land.mixed_use.start=2023Q1",
                            "policy.land.mixed_use.intensity=0"]) is None
    assert check_overrides([*SMALL, "policy.land.mixed_use.start=2023Q1"]) is None


def test_missing_sweep_folder_lists_the_existing_ones(tmp_path, capsys):
    root = tmp_path / "sweeps"
    for name in ("budget_sweep/20260101-1", "timing/20260102-1"):
        (root / name).mkdir(parents=True)
        (root / name / "sweep.json").write_text(json.dumps({"jobs": []}))
    code = report_main([str(tmp_path / "no_such_sweep"), "--sweeps-root", str(root)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err
    assert err.startswith(f"error: sweep folder '{tmp_path / 'no_such_sweep'}' does not exist")
    assert "budget_sweep/20260101-1" in err and "timing/20260102-1" in err


def test_sweep_progress_gives_an_overall_eta(tmp_path):
    import os
    import time

    from sim.sweeps import overall_eta

    (tmp_path / "sweep.json").write_text("{}")
    past = time.time() - 120
    os.utime(tmp_path / "sweep.json", (past, past))
    eta = overall_eta(tmp_path, done=2, total=6)
    assert eta.startswith("elapsed 2m0") and "about 4m0" in eta and eta.endswith("left")
    assert overall_eta(tmp_path, done=6, total=6).startswith("elapsed")
    assert "left" not in overall_eta(tmp_path, done=6, total=6)
