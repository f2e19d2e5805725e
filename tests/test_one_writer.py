"""One writer per run, sweep and report folder; no silent mixing of code versions.

Races need separate processes: the second writer starts once the first holds its lock,
so the two really overlap, and must fail at once (one `error:` line, exit 2, nothing
computed) while the first completes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PYTHON, ROOT, SMALL, subprocess_env

RUN = [*SMALL, "run.replicates=3", "run.end=2022Q4", "run.workers=1", "run.progress=false"]
SWEEP = ["-m", "experiment=timing", "hydra.sweeper.params={policy.delay_quarters: '0,4'}",
         *SMALL, "run.replicates=2", "run.end=2022Q4", "run.seed=5"]


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, "-m", *args], cwd=ROOT, env=subprocess_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not path.exists():
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _race(first: list[str], second: list[str], lock: Path) -> tuple[tuple, tuple]:
    """Start `first`, and `second` once `first` holds `lock`; (rc, stdout, stderr) of each."""
    a = _start(first)
    _wait_for(lock, a)
    b = _start(second)
    b_out = b.communicate(timeout=300)
    a_out = a.communicate(timeout=600)
    return (a.returncode, *a_out), (b.returncode, *b_out)


def _refused_at_once(result: tuple) -> str:
    rc, _, err = result
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert rc == 2 and len(errors) == 1, err[-2000:]
    assert "Traceback" not in err
    assert "to compute" not in err and "sweep of" not in err  # nothing was started
    return errors[0]


def test_two_runs_into_one_folder(tmp_path):
    folder = tmp_path / "results" / "shared"
    args = ["sim", *RUN, f"run.output_root={tmp_path / 'results'}", f"hydra.run.dir={folder}"]
    winner, loser = _race(args, args, folder.parent / ".shared.lock")
    assert winner[0] == 0, winner[2][-2000:]
    assert "another process is writing the run folder" in _refused_at_once(loser)
    assert (folder / "summary.json").is_file() and (folder / "charts").is_dir()
    assert not [p for p in folder.parent.iterdir()
                if p.name.startswith(".") and p.name != ".store"]  # no lock, no staging left


@pytest.fixture(scope="module")
def raced_sweep(tmp_path_factory) -> tuple[Path, tuple, tuple]:
    root = tmp_path_factory.mktemp("sweeps")
    folder = root / "sweep"
    args = ["sim", *SWEEP, f"run.output_root={root}", f"hydra.sweep.dir={folder}"]
    winner, loser = _race(args, args, root / ".sweep.lock")
    return folder, winner, loser


def test_two_sweeps_into_one_folder(raced_sweep):
    folder, winner, loser = raced_sweep
    assert winner[0] == 0, winner[2][-2000:]
    assert "another process is writing the sweep folder" in _refused_at_once(loser)
    for num in ("0", "1", "2"):
        assert (folder / num / "summary.json").is_file()


def test_two_reports_on_one_sweep(raced_sweep, tmp_path):
    sweep = tmp_path / "sweep"
    shutil.copytree(raced_sweep[0], sweep)
    winner, loser = _race(["sim.report", str(sweep), "--lang", "en"],
                          ["sim.report", str(sweep), "--lang", "zh"], sweep / ".report.lock")
    assert winner[0] == 0, winner[2][-2000:]
    assert "another process is writing the report folder" in _refused_at_once(loser)
    reports = sorted(p.name for p in sweep.iterdir() if p.name.startswith("report"))
    assert reports == ["report"]
    assert "Scenario comparison" in (sweep / "report" / "report.md").read_text("utf-8")


def _set_version(job: Path, version: str) -> None:
    prov = json.loads((job / "provenance.json").read_text("utf-8"))
    prov["code_version"] = prov["run_store"]["code_version"] = version
    (job / "provenance.json").write_text(json.dumps(prov), "utf-8")


def test_resume_with_another_code_version_refuses_then_recomputes_on_request(raced_sweep,
                                                                             tmp_path):
    sweep = tmp_path / "sweep"
    shutil.copytree(raced_sweep[0], sweep)
    _set_version(sweep / "1", "0123456789abcdef")  # as if made by an older model
    args = [PYTHON, "-m", "sim", *SWEEP, f"run.output_root={raced_sweep[0].parent}",
            f"hydra.sweep.dir={sweep}"]
    refused = subprocess.run(args, cwd=ROOT, env=subprocess_env(), capture_output=True,
                             text=True, timeout=300)
    line = _refused_at_once((refused.returncode, refused.stdout, refused.stderr))
    assert "#1 (0123456789abcdef)" in line and "hydra.sweeper.recompute_changed=true" in line
    redone = subprocess.run([*args, "hydra.sweeper.recompute_changed=true"], cwd=ROOT,
                            env=subprocess_env(), capture_output=True, text=True, timeout=600)
    assert redone.returncode == 0, redone.stderr[-2000:]
    assert [p.name.split("-")[0] for p in (sweep / ".replaced").iterdir()] == ["1"]
    versions = {json.loads((sweep / n / "provenance.json").read_text())["code_version"]
                for n in ("0", "1", "2")}
    assert len(versions) == 1 and "0123456789abcdef" not in versions


def test_the_report_refuses_mixed_versions_unless_asked(raced_sweep, tmp_path):
    from sim.report.assumptions import cautions
    from sim.report.compare import compare
    from sim.report.load import SweepError, load_sweep

    sweep = tmp_path / "sweep"
    shutil.copytree(raced_sweep[0], sweep)
    _set_version(sweep / "2", "0123456789abcdef")
    with pytest.raises(SweepError, match="different code or package versions.*--mixed"):
        load_sweep(sweep)
    said = cautions(compare(load_sweep(sweep, allow_mixed_versions=True)))  # in report.md
    assert any("different code or package versions" in en and "0123456789abcdef" in en
               for _, en in said)
