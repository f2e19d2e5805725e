"""The backcast: one model run from the end-2017 state to 2020Q4 for one parameter set.

The world starts from the 2017 levels of the path indicators (national, shifted by the
Zhejiang premium), runs without policy (the draft's levers and pilot programme start in
2020) and returns the summary statistics of ``targets.TARGETS`` on the national scale
(the simulated Zhejiang share shifted back by the premium), so the observed data the
distance compares with stay fixed while the premium is a parameter.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.calibration.abc import targets as tg
from sim.config.compose import compose_config
from sim.config.schema import SimConfig
from sim.config.validation import to_typed
from sim.model.vocabulary import PATH_INDICATORS, PATHS

# The calibrated parameters and their priors (uniform [lo, hi]); each with its reason in
# docs/calibration.md, "Priors". Keys are behaviour.* unless named otherwise.
PRIORS: dict[str, tuple[float, float]] = {
    "innovation_p": (0.005, 0.08),  # Sultan et al. 1990: 0.03; range widened 2–3× each way
    "imitation_q": (0.1, 0.8),  # same source: 0.38; widened
    "threshold_mean": (0.0, 1.0),  # documented prior (configs/behaviour/default.yaml)
    "threshold_sd": (0.2, 0.8),  # config range
    "premium": (0.0, tg.DELTA_MAX),  # Zhejiang premium, log-odds (targets.py)
    "platform_2017": (0.03, 0.1467),  # national platform application rate, end 2017:
    # above the 2015–16 start of industrial-internet platforms, below its 2020 value
}
BEHAVIOUR_KEYS = ("innovation_p", "imitation_q", "threshold_mean", "threshold_sd")


@dataclass(frozen=True)
class Setting:
    """How the backcast is run: the world's scale and what ABC-SMC spends."""

    name: str
    firms_per_agent: int
    population: int  # particles per generation
    generations: int  # at most; stops earlier at min_epsilon or min_acceptance
    min_acceptance: float
    ensemble: int  # parameter sets written to the posterior file


SETTINGS = {
    # CI-sized: seconds per generation; shows the machinery, not a usable posterior.
    "small": Setting("small", 200, 24, 3, 0.02, 24),
    # What the committed ensemble was made with on a shared 2-core machine.
    "medium": Setting("medium", 100, 80, 4, 0.02, 100),
    # The full setting, which made the committed ensemble: enough particles against the
    # medium setting's weight degeneracy, at 1/100 scale so it fits in an hour on 2 shared
    # cores (the 1/50 scale would take 1-2 h there); its scale bias is measured.
    "full": Setting("full", 100, 150, 6, 0.02, 150),
}


def base_config(firms_per_agent: int, overrides: tuple[str, ...] = ()) -> SimConfig:
    """The backcast's config: default world and behaviour, no policy, no pilots."""
    return to_typed(compose_config([
        "policy=none", "policy.pilots.enabled=false", f"run.start={tg.START}",
        f"run.end={tg.END}", f"world.firms_per_agent={firms_per_agent}", *overrides]))


def configure(base: SimConfig, theta: dict[str, float]) -> SimConfig:
    """A copy of ``base`` with the parameter set applied (2017 start levels included)."""
    cfg = copy.deepcopy(base)
    for key in BEHAVIOUR_KEYS:
        if key in theta:
            setattr(cfg.behaviour, key, float(theta[key]))
    delta = float(theta.get("premium", 0.0))
    manufacturing = dict(cfg.world.baseline_adoption["manufacturing"])
    for path, national in tg.START_LEVELS.items():
        manufacturing[path] = tg.to_zhejiang(national, delta)
    manufacturing["platformization"] = tg.to_zhejiang(
        float(theta.get("platform_2017", 0.08)), delta)
    cfg.world.baseline_adoption = {**cfg.world.baseline_adoption,
                                   "manufacturing": manufacturing}
    return cfg


def run_backcast(cfg: SimConfig, seed: int):
    """The province table of one backcast run."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    from sim.binding import model_arguments
    from sim.model.model import IntegrationModel

    model = IntegrationModel(**model_arguments(cfg, seed))
    return pd.DataFrame(model.run().province)  # the province rows only (the rest: unused)


def indicator_column(path: str) -> str:
    return "indicator_" + PATH_INDICATORS[path][0]


def statistics(province, delta: float) -> dict[str, float]:
    """The targets' summary statistics of one run, on the national scale."""
    by_q = province.set_index("quarter")
    out = {}
    for t in tg.TARGETS:
        col = by_q[indicator_column(t.path)]
        national = [tg.to_national(float(col[q]), delta) for q in t.quarters]
        if t.kind == "level":
            out[t.key] = national[0]
        else:
            years = _years(t.quarters[0], t.quarters[1])
            out[t.key] = (national[1] - national[0]) / years
    return out


def start_state(province) -> dict[str, float]:
    """Manufacturers' path shares at the start of 2020Q1 (end of 2019Q4), Zhejiang scale:
    the projection's world.baseline_adoption.manufacturing for this parameter set."""
    row = province.set_index("quarter").loc["2019Q4"]
    return {p: float(row[indicator_column(p)]) for p in PATHS}


def _years(a: str, b: str) -> float:
    from sim.model.vocabulary import quarter_index

    return (quarter_index(b) - quarter_index(a)) / 4.0


def simulate(base: SimConfig, theta: dict[str, float], seed: int) -> dict[str, float]:
    """Summary statistics of one backcast (the function ABC calls)."""
    province = run_backcast(configure(base, theta), seed)
    return statistics(province, float(theta.get("premium", 0.0)))


def seed_from_global_state() -> int:
    """A model seed from numpy's global generator, which pyabc's single-core sampler
    uses and the calibration seeds: the whole calibration replays from its seed."""
    return int(np.random.randint(0, 2**31 - 1))
