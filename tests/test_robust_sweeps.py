"""Sweeps survive Ctrl-C, kill -9 and a failing job, losing nothing and duplicating nothing."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.report.compare import compare
from tests.conftest import PYTHON, ROOT, SMALL, subprocess_env

SWEEP = ["-m", "experiment=timing", "hydra.sweeper.params={policy.delay_quarters: '0,4'}",
         *SMALL, "run.replicates=3", "run.seed=5"]  # 3 jobs: delay 0, delay 4, policy=none


def _command(root: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "sim", *SWEEP, f"run.output_root={root}", *extra]


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=subprocess_env(), capture_output=True, text=True,
                          timeout=600)


def _sweep_dir(root: Path) -> Path:
    (folder,) = [p.parent for p in (root / "sweeps" / "timing").glob("*/sweep.json")]
    return folder


def _start_and_stop(root: Path, sig: int, jobs_done: int = 1) -> tuple[subprocess.Popen, float]:
    """Start a sweep in its own process group; once `jobs_done` jobs have finished, send
    `sig` to the whole group (as a terminal's Ctrl-C does). Returns the process and the
    seconds it took to exit after the signal."""
    proc = subprocess.Popen(_command(root), cwd=ROOT, env=subprocess_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        marks = list(root.glob("sweeps/timing/*/.progress/*.done"))
        if len(marks) >= jobs_done:
            break
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        time.sleep(0.1)
    os.killpg(proc.pid, sig)
    tic = time.monotonic()
    proc.wait(timeout=60)
    return proc, time.monotonic() - tic


def _tables(sweep: Path) -> dict[str, pd.DataFrame]:
    manifest = json.loads((sweep / "sweep.json").read_text("utf-8"))
    return {j["key"]: pd.read_parquet(sweep / str(j["num"]) / "province.parquet")
            for j in manifest["jobs"]}


@pytest.fixture(scope="module")
def clean_sweep(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("clean")
    proc = _run(_command(root))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return _sweep_dir(root)


def _assert_same_as_clean(sweep: Path, clean: Path) -> None:
    resumed, reference = _tables(sweep), _tables(clean)
    assert resumed.keys() == reference.keys()
    for key in reference:
        pd.testing.assert_frame_equal(resumed[key], reference[key])
    numbered = sorted(p.name for p in sweep.iterdir() if p.name.isdigit())
    assert numbered == sorted(p.name for p in clean.iterdir() if p.name.isdigit())
    assert not [p for p in sweep.iterdir() if p.name.endswith(".partial")]  # no leftovers
    a, b = compare(sweep).table, compare(clean).table
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.slow
def test_killed_sweep_resumes_to_exactly_the_clean_result(tmp_path, clean_sweep):
    proc, _ = _start_and_stop(tmp_path, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    sweep = _sweep_dir(tmp_path)
    unfinished = [p for p in sweep.iterdir() if p.name.isdigit()
                  and not (p / "summary.json").is_file() and any(p.iterdir())]
    assert unfinished == []  # a job folder is either complete or empty, never truncated
    resumed = _run(_command(tmp_path, f"hydra.sweep.dir={sweep}"))
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "resuming:" in resumed.stderr and "kept from before" in resumed.stderr
    _assert_same_as_clean(sweep, clean_sweep)


@pytest.mark.slow
def test_ctrl_c_stops_within_seconds_and_says_how_to_resume(tmp_path, clean_sweep):
    proc, seconds = _start_and_stop(tmp_path, signal.SIGINT)
    err = proc.stderr.read()
    assert proc.returncode == 130, err[-2000:]
    assert seconds < 15
    assert "interrupted:" in err and "To resume, run:" in err
    # The resume line is the last thing the sweep says (a worker pool's shutdown warning
    # may still follow it on stderr).
    resume = [ln.strip() for ln in err.splitlines() if ln.strip().startswith("python -m sim ")][-1]
    sweep = _sweep_dir(tmp_path)
    assert resume.startswith("python -m sim ") and resume.endswith(f"hydra.sweep.dir={sweep}")
    resumed = _run([PYTHON, *shlex.split(resume)[1:]])  # as a shell would run it
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    _assert_same_as_clean(sweep, clean_sweep)


def test_failing_job_is_listed_and_the_others_are_kept(tmp_path):
    first = _run(_command(tmp_path))
    assert first.returncode == 0, first.stderr[-2000:]
    sweep = _sweep_dir(tmp_path)
    # Job 1's folder now holds results of another config (as after editing a policy file
    # between two runs of a sweep): the job must refuse to overwrite it, and fail alone.
    config = sweep / "1" / "config.yaml"
    config.write_text(config.read_text("utf-8") + "# edited\n", "utf-8")
    before = {p.name: p.read_bytes() for p in (sweep / "1").iterdir() if p.is_file()}
    proc = _run(_command(tmp_path, f"hydra.sweep.dir={sweep}"))
    assert proc.returncode == 1
    assert "1 of 3 jobs failed" in proc.stderr
    failure = [line for line in proc.stderr.splitlines() if line.startswith("  job #1 (")]
    assert len(failure) == 1 and "refusing to overwrite" in failure[0]
    assert "policy.delay_quarters=4" in failure[0]
    assert {p.name: p.read_bytes() for p in (sweep / "1").iterdir() if p.is_file()} == before
    for num in ("0", "2"):
        assert (sweep / num / "summary.json").is_file()


def test_a_folder_holding_another_sweep_is_refused(tmp_path, clean_sweep):
    proc = _run([PYTHON, "-m", "sim", "-m", "experiment=budget_sweep", *SMALL,
                 "run.replicates=2", f"hydra.sweep.dir={clean_sweep}"])
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error:") and "holds a different sweep" in proc.stderr
    assert "\n" not in proc.stderr.strip()


def test_extending_a_sweep_computes_only_the_new_runs(tmp_path):
    first = _run(_command(tmp_path))
    assert first.returncode == 0
    more = _run([*_command(tmp_path), "run.replicates=4"])
    assert more.returncode == 0, more.stderr[-2000:]
    # 3 jobs: 3 replicates each are in the store; only the 4th seed is new.
    assert "replicates: 9 reused from the run store, 3 computed" in more.stderr
