"""The one place where a typed config becomes the model's arguments.

Everything downstream of this function is the model (``sim.model``), which never sees a
config object. The run store's code version hashes this function's source together with
``sim/model/`` and the data files the model reads (``MODEL_DATA_FILES``), so a change to
how configs reach the model invalidates stored runs, and a change anywhere else does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.config.schema import SimConfig
from sim.parameters import POSTERIOR_FILE
from sim.world_data import COUNTIES_CSV, ZONES_CSV, region_data

# Data files the model's numbers depend on: the county table and the named zones, and the
# posterior ensemble (its rows become the parameter sets of sim/parameters.py). The run
# store hashes their bytes into every key.
MODEL_DATA_FILES: tuple[Path, ...] = (COUNTIES_CSV, ZONES_CSV, POSTERIOR_FILE)


def model_arguments(cfg: SimConfig, seed: int) -> dict[str, Any]:
    """Keyword arguments of ``sim.model.model.IntegrationModel`` for one replicate."""
    return {
        "world": cfg.world,
        "regions": region_data(cfg.world),
        "policy": cfg.policy,
        "behaviour": cfg.behaviour,
        "start": cfg.run.start,
        "end": cfg.run.end,
        "engine": cfg.run.engine,
        "rng": seed,
    }
