"""`python -m sim` end to end: a new folder with every promised file, never overwriting."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import PYTHON, ROOT, SMALL, Ran, run_module, subprocess_env

TINY = [*SMALL, "run.replicates=2", "run.workers=2", "run.progress=false"]


def _run(args: list[str]) -> Ran:
    proc = run_module("sim", *args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("results")
    first = _run([*TINY, f"run.output_root={root}"])
    second = _run([*TINY, f"run.output_root={root}"])
    return root, first, second


def test_a_refused_command_exits_with_status_2_in_a_real_process(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run([PYTHON, "-m", "sim", "run.replicates=0", f"run.output_root={out}"],
                          cwd=ROOT, env=subprocess_env(), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("error: run.replicates=0 is out of range; allowed: "
                                   "1 to 10000")
    assert not out.exists()


def _folder(proc: Ran) -> Path:
    return Path(proc.stdout.strip().splitlines()[-1])


def test_prints_target_table_and_folder_last(two_runs):
    root, first, _ = two_runs
    out = first.stdout
    for label in ("Pilot regions, end 2022", "Pilot enterprises, end 2022",
                  "Integration index rise, end 2025", "P(met)"):
        assert label in out
    folder = _folder(first)
    assert folder.is_dir() and folder.parent == root / "draft"


def test_folder_holds_tables_summary_config_provenance_and_charts(two_runs):
    _, first, _ = two_runs
    folder = _folder(first)
    for name in ("province", "city", "adoption"):
        pq = pd.read_parquet(folder / f"{name}.parquet")
        csv = pd.read_csv(folder / f"{name}.csv")
        assert len(pq) == len(csv) > 0 and sorted(pq["seed"].unique()) == sorted(
            csv["seed"].unique())
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["targets"]) == {"pilot_regions_2022", "pilot_enterprises_2022",
                                       "integration_2025"}
    for t in summary["targets"].values():
        assert 0.0 <= t["probability"] <= 1.0 and t["p05"] <= t["median"] <= t["p95"]
    assert summary["fiscal_cost_yi"]["median"] >= 0
    assert "| target |" in (folder / "summary.md").read_text(encoding="utf-8")
    assert "replicates: 2" in (folder / "config.yaml").read_text(encoding="utf-8")
    prov = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    assert len(prov["seeds"]) == 2 and prov["packages"]["mesa"] and prov["git_commit"]
    for ext in ("svg", "pdf", "png"):
        assert (folder / "charts" / f"pilot_trajectories.{ext}").stat().st_size > 1000
        assert (folder / "charts" / f"coupling.{ext}").stat().st_size > 1000
    assert "C_city_sd" in summary["integration_index"]


def test_second_run_gets_a_new_folder_and_identical_tables(two_runs):
    root, first, second = two_runs
    a, b = _folder(first), _folder(second)
    assert a != b and a.is_dir() and b.is_dir()
    for name in ("province", "city", "adoption"):
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes()
        assert pd.read_parquet(a / f"{name}.parquet").equals(pd.read_parquet(b / f"{name}.parquet"))
    assert not list(root.rglob("*.partial"))  # no half-written staging folders remain
