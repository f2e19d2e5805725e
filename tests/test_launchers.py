"""Scale-out: a tiny sweep on a real local Ray cluster; the SLURM preset composes."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from sim.config.compose import compose_config
from tests.conftest import PYTHON, ROOT, SMALL, subprocess_env

TINY = [*SMALL, "run.replicates=2", "run.seed=11", "run.end=2022Q4",
        "hydra.sweeper.params={policy.delay_quarters: '0,4'}"]
RAY = str(Path(PYTHON).parent / "ray")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sweep(root: Path, *extra: str) -> tuple[Path, str]:
    proc = subprocess.run([PYTHON, "-m", "sim", "-m", "experiment=timing", *TINY, *extra,
                           f"run.output_root={root}"], cwd=ROOT, env=subprocess_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (folder,) = [p.parent for p in (root / "sweeps" / "timing").glob("*/sweep.json")]
    return folder, proc.stderr


@pytest.fixture
def ray_cluster():
    """A real Ray cluster on this machine (`ray start --head`), stopped afterwards."""
    env = subprocess_env()
    subprocess.run([RAY, "start", "--head", f"--port={_free_port()}", "--num-cpus=2",
                    "--include-dashboard=false", "--disable-usage-stats"], env=env,
                   check=True, capture_output=True, timeout=180)
    try:
        yield
    finally:
        subprocess.run([RAY, "stop", "--force"], env=env, capture_output=True, timeout=180)


@pytest.mark.slow
def test_sweep_on_a_local_ray_cluster_matches_the_joblib_sweep(ray_cluster, tmp_path):
    on_ray, log = _sweep(tmp_path / "ray", "hydra/launcher=ray_cluster")
    assert "RayLauncher" in log and "Connecting to existing Ray cluster" in log
    on_joblib, _ = _sweep(tmp_path / "joblib")
    for job in ("0", "1", "2"):  # delay 0, delay 4, and the added policy=none
        a = pd.read_parquet(on_ray / job / "province.parquet")
        b = pd.read_parquet(on_joblib / job / "province.parquet")
        pd.testing.assert_frame_equal(a, b)  # same seeds → same results, wherever run


def _hydra_cfg(*overrides: str):
    return compose_config(overrides, hydra_config=True)


def test_slurm_preset_composes_to_the_submitit_launcher():
    cfg = _hydra_cfg("experiment=policy_comparison", "hydra/launcher=slurm",
                     "hydra.launcher.partition=cpu")
    launcher = cfg.hydra.launcher
    assert launcher._target_.endswith("submitit_launcher.SlurmLauncher")
    assert launcher.partition == "cpu" and launcher.cpus_per_task >= 1


def test_default_sweep_uses_joblib_and_the_paired_sweeper():
    cfg = _hydra_cfg("experiment=budget_sweep")
    assert cfg.hydra.launcher._target_.endswith("JoblibLauncher")
    assert cfg.hydra.sweeper._target_.endswith("PairedSweeper")
    assert cfg.hydra.sweeper.counterfactual == ["policy=none"]
    assert cfg.hydra.sweeper.params["policy.fund.budget_yi"] == "0,10,20,30,45,60"
