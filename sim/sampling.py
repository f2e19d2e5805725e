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
from sim.outcomes import measure_all

log = logging.getLogger(__name__)


def evaluate_chunk(base: DictConfig, typed: SimConfig) -> tuple[pd.DataFrame, dict[str, int]]:
    """Run this job's rows of the sample: one row per point × seed with every outcome of
    :mod:`sim.outcomes`, and how many replicates the run store supplied and how many were
    computed (``{"reused": .., "computed": ..}``)."""
    from sim.config.validation import to_typed
    from sim.run import run_scenario  # the model: imported only when points are run

    problem = problem_of(typed)
    sample = draw(problem, typed.sample.method, typed.sample.n, typed.sample.seed)
    rows = chunk_rows(len(sample), typed.sample.chunk, typed.sample.chunks)
    log.info("sample: %d points of %d parameters (%s); this job evaluates %d of them",
             len(sample), len(problem.names), typed.sample.method, len(rows))
    frames, counts = [], {"reused": 0, "computed": 0}
    for done, i in enumerate(rows, 1):
        point = to_typed(point_config(base, problem.names, sample[i]))
        result = run_scenario(point, log_level=logging.DEBUG)  # progress: every 10 points
        counts["reused"] += result.reused
        counts["computed"] += len(result.seeds) - result.reused
        values = measure_all(result.tables["province"], point.targets)
        values = values.rename_axis("seed").reset_index()
        values.insert(0, "point", i)
        for name, value in zip(problem.names, sample[i], strict=True):
            values[name] = value
        frames.append(values)
        if done % 10 == 0 or done == len(rows):
            log.info("sample: %d/%d points of this chunk done", done, len(rows))
    return pd.concat(frames, ignore_index=True), counts


def run_sample_job(cfg: DictConfig, out_dir, overrides: list[str] | None = None,
                   typed=None) -> dict:
    """Evaluate this job's chunk and write its folder (the sampled-study chunk of
    :mod:`sim.results`), atomically like a scenario's folder."""
    import shutil
    import time
    from pathlib import Path

    from sim.config.validation import to_typed
    from sim.outputs import commit_folder, provenance, staging_folder
    from sim.results import SAMPLE_KIND, write_sample
    from sim.run import replicate_seeds

    typed = typed if typed is not None else to_typed(cfg)  # checked once by the caller
    tic = time.perf_counter()
    points, counts = evaluate_chunk(cfg, typed)
    problem = problem_of(typed)
    summary = {"kind": SAMPLE_KIND, "method": typed.sample.method, "n": typed.sample.n,
               "chunk": typed.sample.chunk, "chunks": typed.sample.chunks,
               "parameters": problem.names, "bounds": problem.bounds,
               "points": int(points["point"].nunique()), "seeds": int(points["seed"].nunique()),
               "seconds": round(time.perf_counter() - tic, 1)}
    staging = staging_folder(Path(out_dir))
    try:
        prov = provenance(replicate_seeds(typed.run.seed, typed.run.replicates),
                          overrides or [])
        prov["run_store"] = counts
        write_sample(staging, points, summary, OmegaConf.to_yaml(cfg, resolve=True), prov)
        commit_folder(staging, Path(out_dir))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary
