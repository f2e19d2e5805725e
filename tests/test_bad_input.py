"""Bad input, single runs and sweeps: one clear line, exit 2, no traceback, nothing written.

The commands run in this process (their exit code is what ``cli``/``main`` return);
test_cli.py checks once that a real ``python -m sim`` process exits with that code.

The config-file cases use a folder added with hydra.searchpath, exactly as an analyst's
own config folder would be, so the repository's configs/ stay untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, run_module


@pytest.fixture(scope="module")
def extra_configs(tmp_path_factory) -> Path:
    extra = tmp_path_factory.mktemp("configs")
    (extra / "policy").mkdir()
    (extra / "world").mkdir()
    (extra / "policy" / "broken.yaml").write_text(
        "name: broken\nmarket: {equal_treatment: {intensity: 1.0\n  ramp: [\n", "utf-8")
    (extra / "policy" / "empty.yaml").write_text("", "utf-8")
    (extra / "world" / "garbled.yaml").write_bytes(bytes(range(128, 256)) * 3)
    return extra


CASES = {
    # name: (arguments, text the one line must contain)
    "unknown key": (["run.replicatse=3"], "run.replicatse"),
    "unknown key with +": (["+policy.magic=1"], "unknown config key 'policy.magic'"),
    "unknown nested key": (["world.nonsense=1"], "unknown config key 'world.nonsense'"),
    "int key given a float": (["world.firms_per_agent=1.5"], "world.firms_per_agent"),
    "wrong type": (["run.replicates=many"], "run.replicates takes an integer"),
    "out of range": (["policy.fund.subsidy_rate=1.5"], "allowed: 0.0 to 1.0"),
    "unknown option": (["policy=draf"], "policy=draf is not a known option; allowed: all_in"),
    "bad quarter": (["run.end=2025Q5"], "run.end='2025Q5' is not a quarter"),
    "sweep: unknown option in one job": (["-m", "policy=draft,draf"], "job #1"),
    "sweep: out of range in one job": (["-m", "policy.fund.budget_yi=10,-1"],
                                       "policy.fund.budget_yi=-1.0 is out of range"),
    "sweep: unknown experiment": (["-m", "experiment=budget"], "allowed: budget_sweep"),
    "sweep: unknown launcher": (["-m", "policy=draft,none", "hydra/launcher=slurmm"],
                                "hydra/launcher=slurmm is not a known option"),
    "malformed YAML": (["policy=broken"], "broken.yaml is malformed YAML, line 3"),
    "empty YAML": (["policy=empty"], "empty.yaml is empty"),
    "unreadable world data file": (["world=garbled"], "garbled.yaml is not UTF-8 text"),
    "sweep: malformed YAML in one job": (["-m", "policy=draft,broken"],
                                         "broken.yaml is malformed YAML"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_in_one_line(case, extra_configs, tmp_path):
    args, expected = CASES[case]
    out = tmp_path / "results"
    proc = run_module("sim", *args, *SMALL, f"run.output_root={out}",
                      f"hydra.searchpath=[file://{extra_configs}]")
    assert proc.returncode == 2, proc.stderr[-2000:]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors and expected in " ".join(errors), proc.stderr
    assert "Traceback" not in proc.stderr
    if "-m" not in args:
        assert proc.stderr.strip() == errors[0]  # exactly one line
    assert not out.exists()  # nothing written


def test_report_of_a_folder_that_is_not_a_sweep(tmp_path):
    (tmp_path / "notes.txt").write_text("not a sweep", "utf-8")
    proc = run_module("sim.report", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:") and "no sweep.json" in proc.stderr
    assert "\n" not in proc.stderr.strip()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
