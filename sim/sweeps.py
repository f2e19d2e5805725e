"""Sweep bookkeeping shared by the sweeper (in the main process) and its jobs (anywhere).

Jobs of a sweep may run in other processes or on other machines (joblib, SLURM, Ray), so
they coordinate only through the sweep folder:
- ``sweep.json``: the manifest (every job, its overrides, what it varies);
- ``.progress/<num>.done``: a marker per finished job, for ``k/N jobs done``;
- ``<num>/``: a job's results, renamed into place only when complete.

A sweep that was interrupted or killed is resumed by running the same command with
``hydra.sweep.dir=<that folder>``: finished jobs are kept as they are, and the jobs that
were cut off take their finished replicates from the run store (``sim/store.py``).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shlex
import sys
import time
from pathlib import Path

from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.outputs import write_atomic
from sim.results import CONFIG, MANIFEST, is_done, job_dir, manifest_problem

log = logging.getLogger("sim.sweep")
_ONE_JOB_PER_CORE = ("joblib", "ray")


class SweepFolderError(ValueError):
    """The sweep folder holds another sweep; the message says what differs."""


# ------------------------------------------------------------------ the manifest
def write_manifest(sweep_dir: Path, manifest: dict) -> None:
    write_atomic(sweep_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))


def read_manifest(sweep_dir: Path) -> dict | None:
    """The manifest, or None if there is none or it is not a usable one."""
    try:
        manifest = json.loads((sweep_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return None if manifest_problem(manifest) else manifest


def check_resumable(sweep_dir: Path, jobs: list[list[str]]) -> set[int]:
    """The finished jobs if ``sweep_dir`` already holds this very sweep (empty if it is
    new); raises SweepFolderError if it holds a different one (never mix two sweeps)."""
    old = read_manifest(sweep_dir)
    if old is None:
        if sweep_dir.exists() and any(p for p in sweep_dir.iterdir() if p.name != ".progress"):
            raise SweepFolderError(f"'{sweep_dir}' already holds files but no {MANIFEST}; "
                                   "choose a new or empty folder for hydra.sweep.dir")
        return set()
    before = [j["overrides"] for j in old.get("jobs", [])]
    if before != jobs:
        raise SweepFolderError(
            f"'{sweep_dir}' holds a different sweep ({len(before)} jobs, other overrides); "
            "resume it with its own command, or choose a new folder for hydra.sweep.dir")
    return {i for i in range(len(jobs)) if is_done(job_dir(sweep_dir, i))}


def resume_command(sweep_dir: Path, argv: list[str] | None = None) -> str:
    """The command that resumes this sweep in place."""
    args = [a for a in (sys.argv[1:] if argv is None else argv)
            if not a.startswith("hydra.sweep.dir=")]
    return shlex.join(["python", "-m", "sim", *args, f"hydra.sweep.dir={sweep_dir}"])


# ------------------------------------------------------------------ inside a job
def adapt_to_sweep(cfg: DictConfig, launcher_target: str) -> None:
    """No per-job progress bars (they would interleave) and no per-job chart (no sweep
    report uses it; it cost about a second per job). Launchers that pack one job per
    core (joblib, Ray) already use the cores side by side, so there ``run.workers=0``
    means one worker; under SLURM a job owns its allocation and uses all of it."""
    with open_dict(cfg):
        cfg.run.progress = False
        cfg.run.charts = False
        if cfg.run.workers == 0 and any(k in launcher_target for k in _ONE_JOB_PER_CORE):
            cfg.run.workers = 1


def already_finished(out_dir: Path, cfg: DictConfig) -> bool:
    """True if ``out_dir`` holds this job's complete results (a resumed sweep keeps them)."""
    saved = out_dir / CONFIG
    if not is_done(out_dir) or not saved.is_file():
        return False
    return saved.read_text("utf-8") == OmegaConf.to_yaml(cfg, resolve=True)


def report_progress(sweep_dir: Path, job_num: int, overrides: list[str], seconds: float,
                    kept: bool = False) -> str:
    """Mark this job done and log the sweep's overall progress; returns the message."""
    marks = sweep_dir / ".progress"
    marks.mkdir(exist_ok=True)
    (marks / f"{job_num}.done").touch()
    done = sum(1 for _ in marks.glob("*.done"))
    manifest = read_manifest(sweep_dir) or {}
    jobs = manifest.get("jobs", [])
    mine = next((j for j in jobs if j.get("num") == job_num), {})
    shown = mine.get("key") or " ".join(o for o in overrides if not o.startswith("experiment="))
    how = "kept from before" if kept else f"{seconds:.0f} s"
    message = f"sweep progress: {done}/{len(jobs) or '?'} jobs done (job #{job_num}: {shown}, {how})"
    eta = overall_eta(sweep_dir, done, len(jobs))
    if eta:
        message += f"; {eta}"
    log.info(message)
    return message


def overall_eta(sweep_dir: Path, done: int, total: int) -> str:
    """Elapsed time and the estimated time left for the whole sweep: the pace so far
    (jobs finished per second since the manifest was written, which folds in how many
    jobs run in parallel) applied to the jobs left."""
    try:
        started = (sweep_dir / MANIFEST).stat().st_mtime
    except OSError:
        return ""
    elapsed = max(0.0, time.time() - started)
    if not total or done <= 0:
        return ""
    left = elapsed / done * max(total - done, 0)
    return (f"elapsed {_clock(elapsed)}, about {_clock(left)} left" if done < total
            else f"elapsed {_clock(elapsed)}")


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


# ------------------------------------------------------------------ after the sweep
def replicate_counts(sweep_dir: Path, nums: list[int]) -> tuple[int, int]:
    """(reused, computed) replicates over the given jobs, from their provenance."""
    reused = computed = 0
    for num in nums:
        try:
            prov = json.loads((sweep_dir / str(num) / "provenance.json").read_text("utf-8"))
            reused += prov["run_store"]["reused"]
            computed += prov["run_store"]["computed"]
        except (OSError, ValueError, KeyError):
            continue
    return reused, computed


# ------------------------------------------------------------------ code versions
RECOMPUTE_FLAG = "hydra.sweeper.recompute_changed=true"


def job_version(job_dir: Path) -> str | None:
    """The code version (sim/store.py: model code, data, mesa and numpy) a finished job
    was computed with, from its provenance; None if it does not say."""
    try:
        prov = json.loads((job_dir / "provenance.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return prov.get("code_version") or (prov.get("run_store") or {}).get("code_version")


def changed_jobs(sweep_dir: Path, nums: set[int], current: str) -> dict[int, str | None]:
    """The finished jobs (of ``nums``) computed with another code version than ``current``."""
    versions = {n: job_version(sweep_dir / str(n)) for n in sorted(nums)}
    return {n: v for n, v in versions.items() if v != current}


def changed_jobs_message(sweep_dir: Path, changed: dict[int, str | None], current: str) -> str:
    shown = ", ".join(f"#{n} ({v or 'unknown'})" for n, v in sorted(changed.items()))
    return (f"'{sweep_dir}' holds jobs computed with another code or package version than "
            f"this one ({current}): {shown}; resuming would mix versions. Add "
            f"{RECOMPUTE_FLAG} to recompute them (their folders are moved to .replaced/), "
            "or resume with the code they were made with")


def set_aside(sweep_dir: Path, nums: list[int]) -> None:
    """Move finished job folders out of the way (to ``.replaced/``) so they are recomputed;
    nothing is deleted."""
    aside = sweep_dir / ".replaced"
    aside.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in nums:
        os.rename(sweep_dir / str(n), aside / f"{n}-{stamp}-p{os.getpid()}")
        (sweep_dir / ".progress" / f"{n}.done").unlink(missing_ok=True)


def mixed_versions(versions: dict[str, str | None]) -> str | None:
    """None if every job (scenario key -> code version) was computed with one version,
    else a line naming the groups."""
    groups: dict[str | None, list[str]] = {}
    for key, version in versions.items():
        groups.setdefault(version, []).append(key)
    if len(groups) <= 1:
        return None
    parts = [f"{v or 'unknown'}: {', '.join(keys)}" for v, keys in groups.items()]
    return "its jobs were computed with different code or package versions (" + \
        "; ".join(parts) + ")"


# ------------------------------------------------------------------ one sweep per folder
_HELD: list[OneSweepPerFolder] = []


def release_sweep_locks() -> None:
    """Let go of the sweep locks this process holds (a sweep that stopped early, e.g. on a
    bad job, in a process that goes on: tests, a notebook)."""
    while _HELD:
        _HELD.pop()._release()


class OneSweepPerFolder(Callback):
    """Hydra callback (``hydra.callbacks`` in configs/config.yaml): the process running a
    sweep, with whichever sweeper, holds the OS lock of its folder from before the first
    job to the end, so a second sweep into the same ``hydra.sweep.dir`` stops at once
    with one line and exit 2. The lock goes with the process (Ctrl-C, kill -9)."""

    # Plain values only: Hydra pickles its callbacks into the launcher's workers.
    def __init__(self) -> None:
        self._folder: str | None = None
        self._fd: int | None = None
        self._pid = os.getpid()

    def on_multirun_start(self, config: DictConfig, **kwargs: object) -> None:
        from sim.outputs import FolderBusyError, acquire_lock

        self._folder, self._pid = str(config.hydra.sweep.dir), os.getpid()
        # Folders made only to hold the lock file go again if the sweep writes nothing
        # (a bad job stops it before it starts).
        self._made = [str(p) for p in Path(self._folder).parents if not p.exists()]
        try:
            self._fd = acquire_lock(Path(self._folder), "the sweep folder")
        except (FolderBusyError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)
        atexit.register(self._release)  # also when the sweep exits early
        _HELD.append(self)

    def on_multirun_end(self, config: DictConfig, **kwargs: object) -> None:
        self._release()

    def _release(self) -> None:
        from sim.outputs import release_lock

        if self._fd is not None and os.getpid() == self._pid:
            release_lock(Path(self._folder), self._fd)
            self._fd = None
            for folder in self._made:  # deepest first
                try:
                    os.rmdir(folder)
                except OSError:
                    break
