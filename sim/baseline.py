"""The committed regression baseline of the draft scenario (tests/baseline/).

``scripts/refresh_baseline.py`` writes it; ``tests/test_baseline.py`` re-runs the same
scenario and checks each metric's mean against it, with a tolerance in standard
deviations of the baseline's replicates.  Refresh it deliberately, when a model change
is meant to move results, and say so in the commit message.
"""

from __future__ import annotations

import numpy as np

from sim.config.schema import SimConfig
from sim.model.vocabulary import PATHS
from sim.outcomes import TARGETS, fiscal_cost
from sim.run import run_scenario

# A quarter-scale world keeps the check fast; the rules are those of full scale.
OVERRIDES = ["policy=draft", "world.firms_per_agent=4", "run.replicates=12", "run.seed=2022",
             "run.progress=false"]
# A metric's mean may move at most this many replicate standard deviations (at n = 12
# that is about 3.5 standard errors: unchanged code gives an exact match; a change that
# only reshuffles random numbers stays inside; a real shift of behaviour does not).
TOLERANCE_SD = 1.0


def baseline_metrics(cfg: SimConfig) -> dict[str, dict[str, float]]:
    """Mean, sd and n over replicates of the metrics the baseline pins down."""
    tables = run_scenario(cfg, use_store=False).tables  # recompute: that is the check
    province = tables["province"]
    per_seed = {o.name: o.measure(province, cfg.targets).to_numpy(float) for o in TARGETS}
    last = province[province["t"] == province["t"].max()].sort_values("seed")
    per_seed["integration_index_end"] = last["integration_index"].to_numpy(float)
    per_seed["fiscal_cost_yi"] = fiscal_cost(province).to_numpy(float)
    for path in PATHS:
        per_seed[f"adoption_{path}_end"] = last[f"adoption_{path}"].to_numpy(float)
    return {name: {"mean": float(np.mean(v)), "sd": float(np.std(v, ddof=1)), "n": len(v)}
            for name, v in per_seed.items()}
