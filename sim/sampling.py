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

import copy
import fnmatch
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.config import ConfigError, SimConfig
from sim.summary import TARGET_NAMES, target_values

log = logging.getLogger(__name__)
METHODS = ("sobol", "morris", "lhs")
SCALE_SUFFIX = ".scale"  # a problem name "behaviour.path_fit.scale" is a table multiplier


@dataclass(frozen=True)
class Problem:
    names: list[str]  # dotted config keys (or "<table>.scale")
    bounds: list[tuple[float, float]]

    def salib(self) -> dict:
        return {"num_vars": len(self.names), "names": self.names,
                "bounds": [list(b) for b in self.bounds]}


def problem_of(cfg: SimConfig) -> Problem:
    names, bounds = [], []
    if cfg.sample.config_ranges:
        for section in ("world", "behaviour"):
            part = getattr(cfg, section)
            for key, (lo, hi) in sorted(part.ranges.items()):
                names.append(f"{section}.{key}")
                bounds.append((float(lo), float(hi)))
            for table, (lo, hi) in sorted(part.scales.items()):
                names.append(f"{section}.{table}{SCALE_SUFFIX}")
                bounds.append((float(lo), float(hi)))
    for key, (lo, hi) in cfg.sample.params.items():
        names.append(key)
        bounds.append((float(lo), float(hi)))
    if not names:
        raise ConfigError("sample: no parameters to sweep; set sample.config_ranges=true "
                          "or give sample.params")
    return Problem(names, bounds)


def draw(problem: Problem, method: str, n: int, seed: int) -> np.ndarray:
    """The whole sample (rows = points), identical in every job for the same inputs."""
    spec = problem.salib()
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(spec, n, calc_second_order=False, seed=seed)
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(spec, n, num_levels=4, seed=seed)
    if method == "lhs":
        from SALib.sample import latin

        return latin.sample(spec, n, seed=seed)
    raise ConfigError(f"sample.method='{method}' is unknown; allowed: none, {', '.join(METHODS)}")


def point_config(base: DictConfig, names: list[str], row: np.ndarray) -> DictConfig:
    """The composed config with one point's values written in (then validated as usual)."""
    cfg = copy.deepcopy(base)
    with open_dict(cfg):
        cfg.sample.method = "none"  # the point itself is an ordinary scenario
        for name, value in zip(names, row, strict=True):
            if name.endswith(SCALE_SUFFIX):
                table = OmegaConf.select(cfg, name[: -len(SCALE_SUFFIX)])
                _scale(table, float(value))
                continue
            for key in _expand(cfg, name):
                current = OmegaConf.select(cfg, key)
                OmegaConf.update(cfg, key, int(round(value)) if isinstance(current, int)
                                 and not isinstance(current, bool) else float(value))
    return cfg


def _scale(node, factor: float) -> None:
    for k in list(node.keys()):
        if isinstance(node[k], DictConfig):
            _scale(node[k], factor)
        else:
            node[k] = float(node[k]) * factor


def _expand(cfg: DictConfig, pattern: str) -> list[str]:
    if "*" not in pattern:
        return [pattern]
    flat = _leaves(OmegaConf.to_container(cfg, resolve=False), "")
    found = [k for k in flat if fnmatch.fnmatchcase(k, pattern)]
    if not found:
        raise ConfigError(f"sample.params: '{pattern}' matches no config key")
    return found


def _leaves(node, prefix: str) -> list[str]:
    if isinstance(node, dict):
        return [k for key, v in node.items() for k in _leaves(v, f"{prefix}{key}.")]
    return [prefix[:-1]]


def chunk_rows(n_rows: int, chunk: int, chunks: int) -> list[int]:
    return list(range(chunk, n_rows, chunks))


def evaluate_chunk(base: DictConfig, typed: SimConfig) -> pd.DataFrame:
    """Run this job's rows of the sample; one row per point × seed with the outcomes."""
    from sim.run import run_scenario  # the model: imported only when points are run
    from sim.validation import to_typed

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


def run_sample_job(cfg: DictConfig, out_dir, overrides: list[str] | None = None) -> dict:
    """Evaluate this job's chunk and write its folder (points.parquet/csv, summary.json,
    config.yaml, provenance.json), atomically like a scenario's folder."""
    import shutil
    import time
    from pathlib import Path

    from sim.outputs import commit_folder, provenance, staging_folder, write_json
    from sim.run import replicate_seeds
    from sim.validation import to_typed

    typed = to_typed(cfg)
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
