"""Run one scenario: the replicate seeds of one config, in parallel, into tidy tables.

The config becomes the model's arguments in ``sim.binding`` only.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.binding import model_arguments
from sim.config.schema import SimConfig
from sim.parameters import ParameterSet, apply, design, parameter_sets
from sim.store import RunStore, run_key

log = logging.getLogger(__name__)
TABLES = ("province", "city", "adoption", "county")


def replicate_seeds(root_seed: int, replicates: int) -> list[int]:
    """Independent, reproducible seeds spawned from the root seed.

    Every scenario run with the same ``run.seed`` gets the same list, so differences
    between scenarios are paired (common random numbers).
    """
    children = np.random.SeedSequence(root_seed).spawn(replicates)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def run_replicate(cfg: SimConfig, seed: int, parameter_set: int = -1) -> dict[str, pd.DataFrame]:
    """One model run for one seed; returns its tidy tables (``parameter_set``: the set's
    index in a posterior-mode run, -1 for fixed parameters; written beside the seed)."""
    logging.getLogger("MESA").setLevel(logging.WARNING)  # mesa 3.3 logs every step
    from sim.model.model import IntegrationModel  # imported here: workers pay for mesa once

    model = IntegrationModel(**model_arguments(cfg, seed))
    try:
        tables = model.run().tables(seed)
    finally:
        model.release()  # else Mesa 3.3 keeps every replicate a worker ran in memory
    for df in tables.values():
        df.insert(1, "parameter_set", parameter_set)
    return tables


@dataclass(frozen=True)
class RunPlan:
    """Every run of a scenario: its seed, its parameter set and the config it runs."""

    seeds: list[int]
    set_of_run: list[int]  # parameter set index per run (-1: fixed parameters)
    configs: list[SimConfig]
    sets: list[ParameterSet]

    def parameter_table(self) -> pd.DataFrame:
        """One row per parameter set (index = set), one column per drawn parameter."""
        rows = {s.index: s.values for s in self.sets if s.values}
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("parameter_set")


def plan_runs(cfg: SimConfig) -> RunPlan:
    """N sets × M seeds; the same for every policy package with the same run.seed (and
    posterior file), so scenarios are compared on common random numbers and draws."""
    n, m = design(cfg)
    sets = parameter_sets(cfg)
    seeds = replicate_seeds(cfg.run.seed, n * m)
    configs_by_set = [apply(cfg, s) for s in sets]
    set_of_run = [r // m for r in range(n * m)]
    return RunPlan(seeds=seeds, set_of_run=[sets[i].index for i in set_of_run],
                   configs=[configs_by_set[i] for i in set_of_run], sets=sets)


@dataclass
class ScenarioResult:
    seeds: list[int]
    tables: dict[str, pd.DataFrame]  # replicates stacked, ordered by seed index
    run_keys: list[str]  # each replicate's key in the run store
    reused: int  # replicates taken from the run store rather than computed
    plan: RunPlan | None = None  # the parameter sets behind the runs


def _workers(cfg: SimConfig, runs: int) -> int:
    wanted = cfg.run.workers or _usable_cores()
    return max(1, min(wanted, runs))


def _usable_cores() -> int:
    """Cores this process may use (a SLURM or container allotment, not the whole node)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="replicates", unit="run", leave=True, dynamic_ncols=True)


def store_for(cfg: SimConfig) -> RunStore:
    return RunStore(Path(cfg.run.store or Path(cfg.run.output_root) / ".store"))


def run_scenario(cfg: SimConfig, use_store: bool = True,
                 log_level: int = logging.INFO) -> ScenarioResult:
    """All replicates of one scenario: finished ones from the run store, the rest on up to
    ``run.workers`` processes, each filed in the store as soon as it is done (so an
    interrupted scenario or sweep resumes where it stopped). ``use_store=False`` neither
    reads nor writes the store (regression checks must recompute). Sampled studies run
    hundreds of points and log each one at ``logging.DEBUG``."""
    plan = plan_runs(cfg)
    seeds = plan.seeds
    keys = [run_key(c, s) for c, s in zip(plan.configs, seeds, strict=True)]
    store = store_for(cfg) if use_store else None
    results: list[dict[str, pd.DataFrame] | None] = [
        store.get(k) if store and cfg.run.reuse else None for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    workers = _workers(cfg, len(todo))
    log.log(log_level, "'%s': %d replicates, %d reused from the run store, %d to compute "
            "on %d process(es)", cfg.policy.name, len(seeds), len(seeds) - len(todo),
            len(todo), workers)

    def finish(i: int, tables: dict[str, pd.DataFrame]) -> None:
        results[i] = tables
        if store:
            store.put(keys[i], tables, {"seed": seeds[i], "policy": cfg.policy.name,
                                        "parameter_set": plan.set_of_run[i]})

    bar = _progress(len(todo), cfg.run.progress)
    try:
        if workers <= 1:
            for i in todo:
                finish(i, run_replicate(plan.configs[i], seeds[i], plan.set_of_run[i]))
                if bar:
                    bar.update()
        else:
            # spawn, not fork: the parent may hold threads (pyarrow, tqdm), and forking a
            # threaded process can deadlock; each worker pays the imports once.
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                futures = {pool.submit(run_replicate, plan.configs[i], seeds[i],
                                       plan.set_of_run[i]): i for i in todo}
                for fut in as_completed(futures):
                    finish(futures[fut], fut.result())
                    if bar:
                        bar.update()
    finally:
        if bar:
            bar.close()
    tables = {
        name: pd.concat([r[name] for r in results], ignore_index=True) for name in TABLES
    }
    return ScenarioResult(seeds=seeds, tables=tables, run_keys=keys,
                          reused=len(seeds) - len(todo), plan=plan)
