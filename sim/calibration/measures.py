"""How a model value is read from one seed's world and run, and the calibrated tolerances."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.calibration.facts import TIERS
from sim.config.schema import SimConfig
from sim.model.vocabulary import KINDS, PATHS, SIZES
from sim.model.world import World

WORLD, Q1, Q4, Y21, CONFIG, CODE = ("world build", "run: 2020Q1 row", "run: 2020Q4 row",
                                    "run: 2021Q4 row", "config", "code")
RUN_END = "2021Q4"  # the last quarter any row reads; runs stop there to stay fast
SHARE_ROUNDING = 0.005  # the config rounds the MIIT shares to at most this


@dataclass
class Observation:
    """One seed: the world as built and (optionally) the run's tables up to RUN_END."""

    cfg: SimConfig
    world: World
    province: pd.DataFrame | None  # indexed by quarter label
    adoption: pd.DataFrame | None


Measure = Callable[[Observation], float]
Tolerance = Callable[[list[Observation], float, float], float]  # (obs, value, model value)


def exact_tolerance(obs: list[Observation], value: float, model: float) -> float:
    return 0.0


def share_tolerance(kind: str) -> Tolerance:
    """Config rounding plus 4 sd of Bernoulli sampling of the seed-mean share."""
    def tol(obs: list[Observation], value: float, model: float) -> float:
        f = obs[0].world.firms
        n = int((f.kind == KINDS.index(kind)).sum()) * len(obs)
        return SHARE_ROUNDING + 4 * math.sqrt(max(model * (1 - model), 1e-12) / n)
    return tol


def _revenue_sd(obs: Observation) -> float:
    """Standard deviation of one agent's revenue (亿元): lognormal per size, mixed."""
    w = obs.cfg.world
    share = np.array([w.size_shares[s] for s in SIZES])
    share = share / share.sum()
    median = np.array([w.revenue_yi[s] for s in SIZES])
    mean = (share * median).sum() * math.exp(w.revenue_sigma**2 / 2)
    second = (share * median**2).sum() * math.exp(2 * w.revenue_sigma**2)
    return math.sqrt(second - mean**2)


def revenue_tolerance(city: str | None) -> Tolerance:
    """5% for the hand-tuned revenue medians plus 4 sd of the seed-mean sum of revenue."""
    def tol(obs: list[Observation], value: float, model: float) -> float:
        f = obs[0].world.firms
        n = int(_manufacturers_in(obs[0], city).sum())
        return 0.05 * value + 4 * f.weight * _revenue_sd(obs[0]) * math.sqrt(n / len(obs))
    return tol


def _manufacturers_in(o: Observation, city: str | None) -> np.ndarray:
    f = o.world.firms
    mask = f.kind == KINDS.index("manufacturing")
    return mask if city is None else mask & (f.city == o.world.cities.index(city))


def manufacturing_revenue(city: str | None) -> Measure:
    return lambda o: float(o.world.firms.revenue_yi[_manufacturers_in(o, city)].sum()
                           * o.world.firms.weight)


def world_share(kind: str, path: str) -> Measure:
    k, j = KINDS.index(kind), PATHS.index(path)
    return lambda o: float(o.world.firms.adopted[o.world.firms.kind == k, j].mean())


def province_value(column: str, quarter: str) -> Measure:
    return lambda o: float(o.province.loc[quarter, column])


def kind_share(kind: str, path: str, quarter: str) -> Measure:
    def measure(o: Observation) -> float:
        a = o.adoption
        rows = a[(a["breakdown"] == "kind") & (a["group"] == kind) & (a["path"] == path)
                 & (a["quarter"] == quarter)]
        return float(rows["share"].iloc[0])
    return measure


def cities_in_tier(t: int) -> Measure:
    return lambda o: float(sum(c.name in TIERS[t] and c.informatization_tier == t
                               for c in o.cfg.world.cities))
