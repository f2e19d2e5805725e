"""A sampled study's sweep folder → one table of points (mean outcomes over seeds)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.outcomes import OUTCOME_NAMES
from sim.results import (
    ResultsError,
    is_done,
    is_sample,
    job_dir,
    read_config,
    read_manifest,
    read_sample,
)


@dataclass
class Study:
    folder: Path
    method: str
    n: int
    names: list[str]
    bounds: list[tuple[float, float]]
    runs: pd.DataFrame  # one row per point × seed: parameters and outcomes
    points: pd.DataFrame  # one row per point, in sample order: parameters, mean outcomes
    config: dict  # the study's settings (of chunk 0)


def load_study(folder: str | Path) -> Study:
    folder = Path(folder)
    jobs = read_manifest(folder)["jobs"]
    summaries, frames, missing = [], [], []
    for job in jobs:
        chunk = job_dir(folder, job["num"])
        if not is_done(chunk):
            missing.append(job["key"])
            continue
        if not is_sample(chunk):
            raise ResultsError(f"'{folder}' is a scenario sweep, not a sampled study; compare "
                               "it with python -m sim.report")
        summary, points = read_sample(chunk)
        summaries.append(summary)
        frames.append(points)
    if missing:
        raise ResultsError(f"the study is incomplete: {len(missing)} of {len(jobs)} chunks "
                           f"have no results ({', '.join(missing[:5])}); resume the sweep with "
                           f"hydra.sweep.dir={folder}")
    first = summaries[0]
    for other in summaries[1:]:
        if (other["method"], other["n"], other["parameters"]) != (
                first["method"], first["n"], first["parameters"]):
            raise ResultsError(f"the chunks of '{folder}' come from different samples")
    runs = pd.concat(frames, ignore_index=True).sort_values(["point", "seed"],
                                                            ignore_index=True)
    names = list(first["parameters"])
    means = runs.groupby("point")[[*OUTCOME_NAMES]].mean()
    params = runs.groupby("point")[names].first()
    points = params.join(means)
    if list(points.index) != list(range(len(points))):
        raise ResultsError(f"the chunks of '{folder}' do not cover the sample (points "
                           f"{len(points)}, largest index {points.index.max()})")
    config = read_config(job_dir(folder, jobs[0]["num"]))
    return Study(folder=folder, method=first["method"], n=int(first["n"]), names=names,
                 bounds=[tuple(b) for b in first["bounds"]], runs=runs, points=points,
                 config=config)
