"""Sampled studies: a deterministic sample of parameter points, evaluated chunk by chunk.

A study (``sample.method`` sobol, morris or lhs) sweeps uncertain parameters over their
ranges: every ``ranges`` entry of the world and behaviour configs (a value), every
``scales`` entry (a multiplier on a whole table), and any ``sample.params`` (a value; ``*`` in a key sets
every match, e.g. ``policy.market.*.intensity``). SALib draws the sample from
``sample.seed``; every job draws the same one and evaluates rows ``chunk, chunk + chunks,
...`` of it, so the jobs of a sweep split the work without talking to each other. Every
point runs the same replicate seeds (common random numbers) through the run store.
"""

from __future__ import annotations

import logging

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.config.sample_space import chunk_rows, draw, point_config, problem_of
from sim.config.schema import SimConfig
from sim.summary import TARGET_NAMES, target_values

log = logging.getLogger(__name__)


def evaluate_chunk(base: DictConfig, typed: SimConfig) -> pd.DataFrame:
    """Run this job's rows of the sample; one row per point × seed with the outcomes."""
    from sim.config.validation import to_typed
    from sim.run import run_scenario  # the model: imported only when points are run

    problem = problem_of(typed)
    sample = draw(problem, typed.sample.method, typed.sample.n, typed.sample.seed)
    rows = chunk_rows(len(sample), typed.sample.chunk, typed.sample.chunks)
    log.info("sample: %d points of %d parameters (%s); this job evaluates %d of them",
             len(sample), len(problem.names), typed.sample.method, len(rows))
    frames = []
    for done, i in enumerate(rows, 1):
        point = to_typed(point_config(base, problem.names, sample[i]))
        result = run_scenario(point, log_level=logging.DEBUG)  # progress: every 10 points
        STORE_COUNTS["reused"] += result.reused
        STORE_COUNTS["computed"] += len(result.seeds) - result.reused
        province = result.tables["province"]
        values = pd.DataFrame(target_values(province, point.targets))
        final = province[province["t"] == province["t"].max()].set_index("seed").sort_index()
        values["cost_yi"] = final["subsidy_spent_cum_yi"] + final["awards_spent_cum_yi"]
        values = values.rename_axis("seed").reset_index()
        values.insert(0, "point", i)
        for name, value in zip(problem.names, sample[i], strict=True):
            values[name] = value
        frames.append(values)
        if done % 10 == 0 or done == len(rows):
            log.info("sample: %d/%d points of this chunk done", done, len(rows))
    return pd.concat(frames, ignore_index=True)


OUTCOMES = (*TARGET_NAMES, "cost_yi")
STORE_COUNTS = {"reused": 0, "computed": 0}  # over this process's points, for provenance


def run_sample_job(cfg: DictConfig, out_dir, overrides: list[str] | None = None,
                   typed=None) -> dict:
    """Evaluate this job's chunk and write its folder (points.parquet/csv, summary.json,
    config.yaml, provenance.json), atomically like a scenario's folder."""
    import shutil
    import time
    from pathlib import Path

    from sim.config.validation import to_typed
    from sim.outputs import commit_folder, provenance, staging_folder, write_json
    from sim.run import replicate_seeds

    typed = typed if typed is not None else to_typed(cfg)  # checked once by the caller
    tic = time.perf_counter()
    STORE_COUNTS.update(reused=0, computed=0)
    points = evaluate_chunk(cfg, typed)
    problem = problem_of(typed)
    summary = {"kind": "sample", "method": typed.sample.method, "n": typed.sample.n,
               "chunk": typed.sample.chunk, "chunks": typed.sample.chunks,
               "parameters": problem.names, "bounds": problem.bounds,
               "points": int(points["point"].nunique()), "seeds": int(points["seed"].nunique()),
               "seconds": round(time.perf_counter() - tic, 1)}
    staging = staging_folder(Path(out_dir))
    try:
        points.to_parquet(staging / "points.parquet", index=False)
        points.to_csv(staging / "points.csv", index=False)
        write_json(staging / "summary.json", summary)
        (staging / "config.yaml").write_text(OmegaConf.to_yaml(cfg, resolve=True), "utf-8")
        prov = provenance(replicate_seeds(typed.run.seed, typed.run.replicates),
                          overrides or [])
        prov["run_store"] = dict(STORE_COUNTS)
        write_json(staging / "provenance.json", prov)
        commit_folder(staging, Path(out_dir))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary
