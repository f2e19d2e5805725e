"""ABC-SMC over the calibrated parameters with pyabc (Klinger, Rickert & Hasenauer 2018).

Likelihood-free: a particle is accepted when the weighted distance between its backcast
statistics and the national observations is below the generation's epsilon (the median
of the previous generation's distances). The single-core sampler draws every random
number from numpy's global generator, which ``fit`` seeds, and each backcast's model
seed comes from the same generator, so the whole calibration replays from its seed.
"""

from __future__ import annotations

import logging
import math
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.abc import simulate as sm
from sim.calibration.abc import targets as tg

log = logging.getLogger(__name__)


@dataclass
class FitResult:
    particles: pd.DataFrame  # final generation: parameters, weight, distance
    generations: pd.DataFrame  # t, epsilon, accepted particles, simulations, acceptance
    priors: dict[str, tuple[float, float]]
    observed: dict[str, float]
    seconds: float
    simulations: int
    setting: str
    seed: int
    info: dict = field(default_factory=dict)


def fit(setting: sm.Setting, seed: int, observed: dict[str, float] | None = None,
        priors: dict[str, tuple[float, float]] | None = None,
        base_overrides: tuple[str, ...] = ()) -> FitResult:
    """Run ABC-SMC; ``observed`` defaults to the national targets (a test passes synthetic
    observations made at a known parameter set instead)."""
    try:
        import pyabc
    except ModuleNotFoundError as exc:  # the lean install leaves the calibration out
        raise SystemExit("calibration needs pyabc: pip install -e '.[calibrate]' "
                         "(make calibrate installs it)") from exc

    observed = dict(observed or tg.observed())
    priors = dict(priors or sm.PRIORS)
    base = sm.base_config(setting.firms_per_agent, base_overrides)
    weights = {k: 1.0 / v for k, v in tg.scales().items() if k in observed}

    done = [0]

    def model(theta: dict) -> dict:
        done[0] += 1
        if done[0] % 200 == 0:
            log.info("ABC-SMC: %d simulations, %.0f s", done[0], time.perf_counter() - started)
        return sm.simulate(base, dict(theta), sm.seed_from_global_state())

    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo)
                                  for k, (lo, hi) in priors.items()})
    np.random.seed(seed)
    abc = pyabc.ABCSMC(model, prior, pyabc.PNormDistance(p=2, fixed_weights=weights),
                       population_size=setting.population,
                       sampler=pyabc.sampler.SingleCoreSampler())
    for name in ("ABC", "ABC.Sampler", "ABC.Distance", "ABC.Epsilon", "ABC.Transition",
                 "ABC.History", "ABC.Population", "ABC.Adaptation", "ABC.Acceptor"):
        logging.getLogger(name).setLevel(logging.WARNING)
    started = time.perf_counter()  # noqa: F841 (read by the model's progress line)
    with tempfile.TemporaryDirectory(prefix="abc-") as tmp:
        history = abc.new("sqlite:///" + str(Path(tmp) / "abc.db"), observed)
        history = abc.run(max_nr_populations=setting.generations,
                          min_acceptance_rate=setting.min_acceptance)
        frame, w = history.get_distribution(m=0, t=history.max_t)
        particles = frame.reset_index(drop=True)
        particles["weight"] = np.asarray(w) / np.sum(w)
        pops = history.get_all_populations()
        pops = pops[pops["t"] >= 0].reset_index(drop=True)
        simulations = int(history.total_nr_simulations)
    seconds = time.perf_counter() - started
    generations = pd.DataFrame({
        "generation": pops["t"].astype(int),
        "epsilon": pops["epsilon"].astype(float),
        "accepted": pops["particles"].astype(int),
        "simulations": pops["samples"].astype(int),
    })
    generations["acceptance_rate"] = generations["accepted"] / generations["simulations"]
    log.info("ABC-SMC: %d generations, %d simulations, %.0f s", len(generations),
             simulations, seconds)
    return FitResult(particles=particles, generations=generations, priors=priors,
                     observed=observed, seconds=seconds, simulations=simulations,
                     setting=setting.name, seed=seed)


def resample(result: FitResult, n: int, seed: int) -> pd.DataFrame:
    """``n`` parameter sets drawn from the weighted final population (systematic
    resampling, so every particle with weight ≥ 1/n appears), with their set index."""
    w = result.particles["weight"].to_numpy()
    u = (np.random.default_rng(seed).random() + np.arange(n)) / n
    idx = np.minimum(np.searchsorted(np.cumsum(w), u), len(w) - 1)
    keep = [k for k in result.priors]
    out = result.particles.iloc[idx][keep].reset_index(drop=True)
    out.insert(0, "set", np.arange(n))
    return out


def weighted_quantiles(result: FitResult, key: str, qs=(0.05, 0.5, 0.95)) -> list[float]:
    values = result.particles[key].to_numpy()
    w = result.particles["weight"].to_numpy()
    order = np.argsort(values)
    cdf = np.cumsum(w[order]) / w.sum()
    return [float(values[order][min(np.searchsorted(cdf, q), len(values) - 1)]) for q in qs]


def narrowing(result: FitResult, key: str) -> float:
    """Posterior sd over prior sd (uniform prior): < 1 means the data narrowed it."""
    lo, hi = result.priors[key]
    values = result.particles[key].to_numpy()
    w = result.particles["weight"].to_numpy()
    mean = np.sum(w * values)
    sd = math.sqrt(np.sum(w * (values - mean) ** 2))
    return sd / ((hi - lo) / math.sqrt(12.0))
