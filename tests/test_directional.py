"""Directional behaviour: more support never lowers expected adoption or pilot counts.

Each comparison runs the same seeds (common random numbers) at a low and a high
intensity of one lever, other levers as in the draft, and compares means over seeds.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

from sim.model.params import PolicyConfig
from sim.model.vocabulary import LEVER_GROUPS
from sim.run import replicate_seeds, run_replicate
from tests.conftest import SMALL, typed_cfg

SEEDS = replicate_seeds(99, 6)
LEVERS = [
    f"{group}.{lever.name}"
    for group in LEVER_GROUPS
    for lever in fields(PolicyConfig.__dataclass_fields__[group].default_factory())
]


def _outcomes(*overrides: str) -> dict[str, float]:
    cfg = typed_cfg(*SMALL, *overrides)
    adoption, pilots_2022, pilots_end = [], [], []
    for seed in SEEDS:
        t = run_replicate(cfg, seed)
        end = t["adoption"].query("breakdown == 'all' and t == t.max()")
        adoption.append(end["share"].mean())
        p = t["province"].set_index("quarter")
        pilots_2022.append(p.loc["2022Q4", "pilot_regions"] + p.loc["2022Q4", "pilot_enterprises"])
        pilots_end.append(p["pilot_regions"].iloc[-1] + p["pilot_enterprises"].iloc[-1])
    return {"adoption": float(np.mean(adoption)), "pilots_2022": float(np.mean(pilots_2022)),
            "pilots_2025": float(np.mean(pilots_end))}


def test_every_lever_is_covered():
    assert len(LEVERS) == 12


@pytest.mark.slow
@pytest.mark.parametrize("lever", LEVERS)
def test_raising_a_lever_never_lowers_adoption_or_pilots(lever):
    low = _outcomes(f"policy.{lever}.intensity=0.25")
    high = _outcomes(f"policy.{lever}.intensity=1.75")
    for key in low:
        assert high[key] >= low[key], (lever, key, low, high)


@pytest.mark.slow
def test_packages_are_ordered_none_draft_all_in():
    none, draft, all_in = (_outcomes(f"policy={p}") for p in ("none", "draft", "all_in"))
    for key in none:
        assert none[key] <= draft[key] <= all_in[key], (key, none, draft, all_in)
    assert none["adoption"] < all_in["adoption"]  # and the ordering is not a tie
