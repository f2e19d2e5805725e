"""Sampled studies: known answers for the indices and the rules, and each experiment end
to end at a tiny size (through the joblib launcher and the run store, like any sweep)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.config.sample_space import Problem, draw, point_config, problem_of
from sim.labels import parameter_label
from sim.sensitivity.discovery import discover
from sim.sensitivity.indices import morris_indices, sobol_indices
from tests.conftest import (
    PYTHON,
    ROOT,
    SMALL,
    compose_cfg,
    run_module,
    subprocess_env,
    typed_cfg,
)

SYNTH = Problem(["a", "b", "c", "d"], [(0.0, 1.0)] * 4)


def _only_b(x: np.ndarray) -> np.ndarray:
    """An outcome that depends on parameter b alone (non-linearly)."""
    return np.sin(3 * x[:, 1]) + x[:, 1] ** 2


def test_sobol_ranks_the_only_influential_parameter_first():
    x = draw(SYNTH, "sobol", 256, seed=3)
    table = sobol_indices(SYNTH, _only_b(x))
    assert table["parameter"].iloc[0] == "b"
    st = table.set_index("parameter")["ST"]
    assert st["b"] > 0.9 and (st.drop("b").abs() < 0.05).all()


def test_morris_ranks_the_only_influential_parameter_first():
    x = draw(SYNTH, "morris", 30, seed=3)
    table = morris_indices(SYNTH, x, _only_b(x))
    mu = table.set_index("parameter")["mu_star"]
    assert table["parameter"].iloc[0] == "b" and (mu.drop("b") < 1e-9).all()


def test_discovery_finds_the_threshold_of_the_only_influential_parameter():
    x = draw(SYNTH, "lhs", 1000, seed=3)
    missed = x[:, 2] < 0.35  # the target is missed exactly when c < 0.35
    result = discover(pd.DataFrame(x, columns=SYNTH.names), missed,
                      dict(zip(SYNTH.names, SYNTH.bounds, strict=True)), "目标", "the target")
    (name, (lo, hi)), = result["best"]["limits"].items()
    assert name == "c" and abs(hi - 0.35) < 0.03
    assert result["best"]["density"] > 0.95 and result["best"]["coverage"] > 0.9
    assert "c < 0.3" in result["rule"]["en"]


def test_points_write_sampled_values_into_the_config():
    base = compose_cfg("experiment=sensitivity")
    typed = typed_cfg("experiment=sensitivity")
    problem = problem_of(typed)
    assert len(problem.names) == (len(typed.behaviour.ranges) + len(typed.behaviour.scales)
                                  + len(typed.world.ranges) + len(typed.world.scales)
                                  + len(typed.policy.ranges) + 7)
    assert all(parameter_label(n, "zh") != n for n in problem.names)  # every one has a name
    row = np.array([hi for _, hi in problem.bounds])
    point = point_config(base, problem.names, row)
    assert point.behaviour.imitation_q == pytest.approx(0.6)
    assert point.behaviour.talent_lag_quarters == 8 and isinstance(
        point.behaviour.talent_lag_quarters, int)
    assert point.policy.market.equal_treatment.intensity == 2.0
    assert point.policy.market.access_relaxation.intensity == 2.0
    # a table scale multiplies every entry
    assert point.behaviour.path_cost_yi.small.sharing == pytest.approx(
        1.5 * base.behaviour.path_cost_yi.small.sharing)
    assert point.world.manufacturers == 52000 and isinstance(point.world.manufacturers, int)
    assert point.world.baseline_adoption.services.sharing == pytest.approx(
        1.5 * base.world.baseline_adoption.services.sharing)


@pytest.mark.parametrize("bad, message", [
    ("sample.method=sobl", "sample.method='sobl' is unknown; allowed: none, sobol, morris, lhs"),
    ("sample.chunk=9", "sample.chunk=9 must be below sample.chunks=8"),
    ("+behaviour.ranges.imitation_qq=[0.5,0.9]", "behaviour.ranges.imitation_qq: no such "
                                                 "behaviour parameter"),
    ("behaviour.ranges.imitation_q=[0.5,0.4]", "must be [lo, hi] with lo < hi"),
    ("behaviour.ranges.imitation_q=[0.3,4.0]", "a sweep range reaches a value that is not "
                                               "allowed: behaviour.imitation_q=4.0"),
])
def test_bad_sample_settings_are_refused(bad, message):
    from sim.cli import check_overrides

    problem = check_overrides(["experiment=sensitivity", bad])
    assert problem is not None and message in problem


def _study(experiment: str, root: Path, *extra: str) -> Path:
    proc = subprocess.run(
        [PYTHON, "-m", "sim", "-m", f"experiment={experiment}", *SMALL, "run.replicates=1",
         "sample.config_ranges=false", "sample.chunks=2",
         "hydra.sweeper.params={sample.chunk: 'range(0,2)'}", f"run.output_root={root}",
         *extra], cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (folder,) = [p.parent for p in (root / "sweeps" / experiment).glob("*/sweep.json")]
    return folder


def _analyse(folder: Path) -> Path:
    proc = run_module("sim.sensitivity", str(folder))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Path(proc.stdout.strip().splitlines()[-1]).parent


@pytest.mark.slow
@pytest.mark.parametrize("experiment, n, points", [
    ("sensitivity", 4, 4 * (7 + 2)),  # Sobol: N·(D+2), D = 7 lever/fund parameters
    ("screening", 2, 2 * (7 + 1)),  # Morris: r·(D+1)
    ("discovery", 12, 12),  # Latin hypercube
])
def test_each_experiment_runs_end_to_end(experiment, n, points, tmp_path):
    folder = _study(experiment, tmp_path, f"sample.n={n}")
    out = _analyse(folder)
    evaluated = pd.read_csv(out / "points.csv")
    assert len(evaluated) == points
    discovery = json.loads((out / "discovery.json").read_text("utf-8"))
    assert set(discovery) == {"pilot_regions_2022", "pilot_enterprises_2022",
                              "integration_2025"}
    assert all(d["rule"]["zh"] and d["rule"]["en"] for d in discovery.values())
    if experiment != "discovery":
        indices = pd.read_csv(out / "indices.csv")
        assert indices.groupby("outcome")["parameter"].nunique().eq(7).all()
        for ext in ("svg", "pdf", "png"):
            assert (out / f"tornado.{ext}").stat().st_size > 0
    else:
        assert not (out / "indices.csv").exists()  # an lhs sample has no indices
        # The scenario report refuses a sampled study, pointing at the right command.
        proc = run_module("sim.report", str(folder))
        assert proc.returncode == 2 and "python -m sim.sensitivity" in proc.stderr



@pytest.mark.slow
def test_a_repeated_study_takes_every_run_from_the_store(tmp_path):
    store = f"run.store={tmp_path / '.store'}"
    _study("discovery", tmp_path / "first", "sample.n=12", store)
    again = _study("discovery", tmp_path / "again", "sample.n=12", store)
    prov = [json.loads((again / str(i) / "provenance.json").read_text("utf-8"))["run_store"]
            for i in range(2)]
    assert sum(p["reused"] for p in prov) == 12 and sum(p["computed"] for p in prov) == 0
