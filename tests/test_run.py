"""Running replicates: a worker's memory does not grow with the replicates it has run."""

from __future__ import annotations

import gc

import mesa
import psutil

from sim.model.model import IntegrationModel
from sim.run import run_replicate
from tests.conftest import typed_cfg

# A quarter of full scale over two quarters: each leaked model would hold ~5 MB.
QUARTER_SCALE = ["world.manufacturers=12000", "world.service_firms=10000", "run.end=2020Q3"]


def _live_models() -> int:
    return sum(isinstance(o, IntegrationModel) for o in gc.get_objects())


def _held_by_mesa() -> int:
    """Models in Mesa 3.3's class-level id counters (gone in later Mesa releases)."""
    return sum(isinstance(m, IntegrationModel) for m in getattr(mesa.Agent, "_ids", {}))


def test_ten_replicates_in_one_process_leave_no_model_behind():
    cfg = typed_cfg(*QUARTER_SCALE)
    process = psutil.Process()
    run_replicate(cfg, 1)  # the first replicate pays for imports and caches
    gc.collect()
    before = process.memory_info().rss
    models_before, held_before = _live_models(), _held_by_mesa()  # other tests' models
    for seed in range(2, 12):
        tables = run_replicate(cfg, seed)
        assert len(tables["province"]) == 3  # 2020Q1-2020Q3
    gc.collect()
    grown_mb = (process.memory_info().rss - before) / 2**20
    assert _live_models() == models_before
    assert _held_by_mesa() == held_before
    # Mesa 3.3 without the release kept ~5 MB per replicate here (> 50 MB over ten).
    assert grown_mb < 15, f"memory grew by {grown_mb:.0f} MB over 10 replicates"
