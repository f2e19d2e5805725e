"""A sampled study's sweep folder → one table of points (mean outcomes over seeds)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

from sim.report.load import SweepError
from sim.sampling import OUTCOMES


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
    manifest_path = folder / "sweep.json"
    if not manifest_path.is_file():
        raise SweepError(f"'{folder}' is not a sweep folder: it has no sweep.json")
    jobs = json.loads(manifest_path.read_text("utf-8"))["jobs"]
    summaries, frames, missing = [], [], []
    for job in jobs:
        job_dir = folder / str(job["num"])
        summary_path = job_dir / "summary.json"
        if not summary_path.is_file():
            missing.append(job["key"])
            continue
        summary = json.loads(summary_path.read_text("utf-8"))
        if summary.get("kind") != "sample":
            raise SweepError(f"'{folder}' is a scenario sweep, not a sampled study; compare "
                             "it with python -m sim.report")
        summaries.append(summary)
        frames.append(pd.read_parquet(job_dir / "points.parquet"))
    if missing:
        raise SweepError(f"the study is incomplete: {len(missing)} of {len(jobs)} chunks have "
                         f"no results ({', '.join(missing[:5])}); resume the sweep with "
                         f"hydra.sweep.dir={folder}")
    first = summaries[0]
    for other in summaries[1:]:
        if (other["method"], other["n"], other["parameters"]) != (
                first["method"], first["n"], first["parameters"]):
            raise SweepError(f"the chunks of '{folder}' come from different samples")
    runs = pd.concat(frames, ignore_index=True).sort_values(["point", "seed"],
                                                            ignore_index=True)
    names = list(first["parameters"])
    means = runs.groupby("point")[[*OUTCOMES]].mean()
    params = runs.groupby("point")[names].first()
    points = params.join(means)
    if list(points.index) != list(range(len(points))):
        raise SweepError(f"the chunks of '{folder}' do not cover the sample (points "
                         f"{len(points)}, largest index {points.index.max()})")
    config = OmegaConf.to_container(OmegaConf.load(folder / str(jobs[0]["num"]) / "config.yaml"))
    return Study(folder=folder, method=first["method"], n=int(first["n"]), names=names,
                 bounds=[tuple(b) for b in first["bounds"]], runs=runs, points=points,
                 config=config)
