"""What a job does differently inside a sweep, and the sweep's overall progress line.

Jobs of a sweep may run in other processes or on other machines (joblib, SLURM, Ray), so
progress is counted through the sweep folder, the one thing they all share: each job
that finishes drops a marker in ``<sweep>/.progress/`` and prints ``k/N jobs done``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from omegaconf import DictConfig, open_dict

log = logging.getLogger("sim.sweep")
_ONE_JOB_PER_CORE = ("joblib", "ray")


def adapt_to_sweep(cfg: DictConfig, launcher_target: str) -> None:
    """No per-job progress bars (they would interleave). Launchers that pack one job per
    core (joblib, Ray) already use the cores side by side, so there ``run.workers=0``
    means one worker; under SLURM a job owns its allocation and uses all of it."""
    with open_dict(cfg):
        cfg.run.progress = False
        if cfg.run.workers == 0 and any(k in launcher_target for k in _ONE_JOB_PER_CORE):
            cfg.run.workers = 1


def report_progress(sweep_dir: Path, job_num: int, overrides: list[str], seconds: float) -> str:
    """Mark this job done and log the sweep's overall progress; returns the message."""
    marks = sweep_dir / ".progress"
    marks.mkdir(exist_ok=True)
    (marks / f"{job_num}.done").touch()
    done = sum(1 for _ in marks.glob("*.done"))
    total, swept = _manifest_entry(sweep_dir, job_num)
    shown = swept or " ".join(o for o in overrides if not o.startswith("experiment="))
    message = f"sweep progress: {done}/{total} jobs done (job #{job_num}: {shown}, {seconds:.0f} s)"
    log.info(message)
    return message


def _manifest_entry(sweep_dir: Path, job_num: int) -> tuple[str, str]:
    """(number of jobs, this job's swept overrides) from the sweep's manifest."""
    try:
        jobs = json.loads((sweep_dir / "sweep.json").read_text("utf-8"))["jobs"]
        mine = next((j for j in jobs if j["num"] == job_num), {})
        return str(len(jobs)), mine.get("key", "")
    except (OSError, ValueError, KeyError, TypeError):
        return "?", ""  # a sweep started by another sweeper has no manifest
