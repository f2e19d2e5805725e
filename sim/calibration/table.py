"""The calibration table: every figure against the model value, averaged over seeds."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from sim.calibration.counterparts import MODEL, NOT_REPRESENTED, UNSOURCED
from sim.calibration.facts import FACTS, NAN
from sim.calibration.measures import RUN_END, WORLD, Observation
from sim.config.schema import SimConfig
from sim.model.world import build_world
from sim.world_data import region_data


def _config_value(cfg: SimConfig, dotted: str) -> object:
    node: object = cfg
    for part in dotted.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


def observe(cfg: SimConfig, seed: int, run: bool = True) -> Observation:
    """The world of ``seed`` as built and, if ``run``, the run's tables from 2020Q1 to
    RUN_END (quarters do not depend on a later end, so this is the run's start)."""
    from sim.run import run_replicate  # imports mesa

    world = build_world(cfg.world, region_data(cfg.world), np.random.default_rng(seed))  # the model's first draws
    if not run:
        return Observation(cfg, world, None, None)
    short = replace(cfg, run=replace(cfg.run, start="2020Q1", end=RUN_END))
    tables = run_replicate(short, seed)
    return Observation(cfg, world, tables["province"].set_index("quarter"),
                       tables["adoption"])


def calibration_table(cfg: SimConfig, seeds: list[int], run: bool = True) -> pd.DataFrame:
    """One row per figure of the facts file (and per model counterpart of it); model
    values are means over ``seeds``. ``run=False`` skips the runs (their rows get NaN)."""
    return table_from([observe(cfg, s, run) for s in seeds])


def table_from(obs: list[Observation]) -> pd.DataFrame:
    facts = {f.key: f for f in FACTS}
    rows = []
    for c in sorted(MODEL, key=lambda c: list(facts).index(c.fact)):
        f = facts[c.fact]
        needs_run = c.when.startswith("run")
        usable = c.measure is not None and not (needs_run and obs[0].province is None)
        model = _mean([c.measure(o) for o in obs]) if usable else NAN
        diff = model - f.value
        tol = c.tolerance(obs, f.value, model) if c.tolerance and usable else NAN
        rows.append({
            "fact": f.key, "figure": f.figure, "figure_zh": f.figure_zh, "source": f.source,
            "year": f.year, "unit": f.unit, "value": f.value,
            "model_quantity": "" if c.status == NOT_REPRESENTED else c.quantity,
            "when": c.when if c.measure else "—", "model_value": model, "difference": diff,
            "relative_difference": diff / abs(f.value) if f.value else NAN,
            "tolerance": tol,
            "within_tolerance": pd.NA if math.isnan(tol) else bool(abs(diff) <= tol + 1e-9),
            "status": c.status, "config_keys": c.keys,
            "note": c.quantity if c.status == NOT_REPRESENTED else c.note,
        })
    table = pd.DataFrame(rows)
    table["within_tolerance"] = table["within_tolerance"].astype("boolean")
    return table


def _mean(values: list[float]) -> float:
    """Mean over seeds; a value equal in every seed is kept exactly (no float noise)."""
    return float(values[0]) if len(set(values)) == 1 else float(np.mean(values))


def unsourced_table(obs: list[Observation]) -> pd.DataFrame:
    """Assumed starting values: config value, its range, and the built world's value."""
    return pd.DataFrame([{"quantity": q, "config_key": k,
                          "config_value": _config_value(obs[0].cfg, k),
                          "assumption_range": r, "when": WORLD,
                          "model_value": _mean([m(o) for o in obs])}
                         for q, k, r, m in UNSOURCED])
