"""The parameter sets a projection runs: N sets × M seeds (issue 12).

``run.parameters=posterior`` (the default): ``run.parameter_sets`` (N) sets, each run
with ``run.replicates / N`` (M) seeds. A set takes the parameters the calibration
identified from one row of the posterior ensemble (``POSTERIOR_FILE``), and draws those
the training data cannot identify — lever effects, service firms, pilot applications
and demonstration — uniformly from their documented ranges (the ``ranges``/``scales``
of the behaviour and world configs). ``run.parameters=fixed`` runs every seed with the
config's own values (the mode before issue 12; for debugging and sampled studies).

The sets depend only on ``run.seed``, N and the posterior file, never on the policy, so
every package of a comparison runs the same sets with the same seeds (common random
numbers); the run store's key hashes each run's full config, which includes its set.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.schema import SimConfig
from sim.model.vocabulary import PATHS

ROOT = Path(__file__).resolve().parent.parent
POSTERIOR_FILE = ROOT / "data" / "posterior" / "posterior.parquet"
MODES = ("posterior", "fixed")

# Posterior columns -> config keys (what the calibration identified).
IDENTIFIED = {
    "innovation_p": "behaviour.innovation_p",
    "imitation_q": "behaviour.imitation_q",
    "threshold_mean": "behaviour.threshold_mean",
    "threshold_sd": "behaviour.threshold_sd",
    **{f"start_{p}": f"world.baseline_adoption.manufacturing.{p}" for p in PATHS},
}
# What the 2017–2020 series cannot identify: drawn from the configs' documented ranges.
UNIDENTIFIED_PREFIXES = ("behaviour.lever_effect.",)
UNIDENTIFIED_KEYS = ("behaviour.application_rate", "behaviour.region_application_rate",
                     "behaviour.pilot_demonstration", "behaviour.demo_saturation")
UNIDENTIFIED_SCALES = ("world.baseline_adoption.services",)
# Service firms' own mechanisms (issue 11): unidentified too, drawn after the keys above
# so adding them left every earlier draw (and so the manufacturers' sets) unchanged.
UNIDENTIFIED_SERVICE_KEYS = ("behaviour.contract_mfg_fit_gain",
                             "behaviour.contract_mfg_share_gain",
                             "behaviour.supply_chain_fit_gain",
                             "behaviour.supply_chain_share_gain")
SCALE = ".scale"


@dataclass(frozen=True)
class ParameterSet:
    index: int  # 0..N-1; -1 in fixed mode
    values: dict[str, float]  # dotted config key (or "<table>.scale") -> value
    posterior_row: int  # row of the posterior file, -1 if none


def design(cfg: SimConfig) -> tuple[int, int]:
    """(N sets, M seeds per set) of a run; fixed mode is one set of all seeds."""
    if cfg.run.parameters == "fixed":
        return 1, cfg.run.replicates
    n = min(cfg.run.parameter_sets, cfg.run.replicates)
    return n, cfg.run.replicates // n


def unidentified_bounds(cfg: SimConfig) -> dict[str, tuple[float, float]]:
    out = {}
    for key, (lo, hi) in sorted(cfg.behaviour.ranges.items()):
        name = f"behaviour.{key}"
        if name.startswith(UNIDENTIFIED_PREFIXES) or name in UNIDENTIFIED_KEYS:
            out[name] = (float(lo), float(hi))
    for name in UNIDENTIFIED_SCALES:
        section, table = name.split(".", 1)
        lo, hi = getattr(cfg, section).scales[table]
        out[name + SCALE] = (float(lo), float(hi))
    for name in UNIDENTIFIED_SERVICE_KEYS:
        key = name.split(".", 1)[1]
        if key in cfg.behaviour.ranges:
            lo, hi = cfg.behaviour.ranges[key]
            out[name] = (float(lo), float(hi))
    return out


def read_posterior(path: Path | None = None) -> pd.DataFrame:
    path = Path(path or POSTERIOR_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"posterior ensemble {path} is missing; run `make calibrate` "
                                "or set run.parameters=fixed")
    return pd.read_parquet(path)


def parameter_sets(cfg: SimConfig, posterior: pd.DataFrame | None = None) -> list[ParameterSet]:
    """The N sets of a run, reproducible from run.seed and the posterior file."""
    n, _ = design(cfg)
    if cfg.run.parameters == "fixed":
        return [ParameterSet(-1, {}, -1)]
    post = read_posterior() if posterior is None else posterior
    bounds = unidentified_bounds(cfg)
    sets = []
    for i in range(n):
        # Set i has its own stream, so more sets extend the list (like more seeds): a row
        # of the ensemble (drawn with replacement: a posterior sample) and the
        # unidentified parameters, uniform over their ranges.
        rng = np.random.default_rng(np.random.SeedSequence([cfg.run.seed, 12, i]))
        row = int(rng.integers(len(post)))
        values = {key: float(post[col].iloc[row]) for col, key in IDENTIFIED.items()
                  if col in post.columns}
        for name, (lo, hi) in bounds.items():
            values[name] = lo + (hi - lo) * float(rng.random())
        sets.append(ParameterSet(i, values, row))
    return sets


def apply(cfg: SimConfig, pset: ParameterSet) -> SimConfig:
    """A copy of the typed config with the set's values written in."""
    if not pset.values:
        return cfg
    out = copy.deepcopy(cfg)
    for name, value in pset.values.items():
        if name.endswith(SCALE):
            _scale(_get(out, name[: -len(SCALE)]), value)
        else:
            _set(out, name, value)
    return out


def _get(obj, dotted: str):
    for part in dotted.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def _set(obj, dotted: str, value: float) -> None:
    head, _, last = dotted.rpartition(".")
    parent = _get(obj, head)
    current = parent[last] if isinstance(parent, dict) else getattr(parent, last)
    if isinstance(current, int) and not isinstance(current, bool):
        value = int(round(value))
    if isinstance(parent, dict):
        parent[last] = value
    else:
        setattr(parent, last, value)


def _scale(table: dict, factor: float) -> None:
    for key, value in table.items():
        if isinstance(value, dict):
            _scale(value, factor)
        else:
            table[key] = float(value) * factor
