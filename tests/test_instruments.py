"""Paired tests on common seeds: each instrument moves what the draft aims it at."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.binding import model_arguments
from sim.model.levers import channels_at
from sim.model.model import IntegrationModel
from sim.run import run_replicate
from tests.conftest import SMALL, typed_cfg

SEEDS = (11, 12)
DRAFT = (*SMALL, "policy=draft")


def _run(*overrides: str, seed: int) -> IntegrationModel:
    model = IntegrationModel(**model_arguments(typed_cfg(*DRAFT, *overrides), seed))
    model.run()
    return model


def test_the_fund_raises_adoption_over_an_empty_fund():
    gain = []
    for seed in SEEDS:
        funded = _run("policy.fund.budget_yi=30", seed=seed)
        empty = _run("policy.fund.budget_yi=0", seed=seed)
        assert funded.province.spent_subsidy_yi > 0 and empty.province.spent_subsidy_yi == 0
        assert 0 < funded.province.additional_subsidy_yi < funded.province.spent_subsidy_yi
        gain.append(funded.firms.adopted.sum() - empty.firms.adopted.sum())
    assert sum(gain) > 0


def test_promotion_acts_through_applications_only():
    cfg = typed_cfg(*DRAFT)
    off = typed_cfg(*DRAFT, "policy.organization.pilot_promotion.intensity=0")
    for q in range(8080, 8104):  # every quarter 2020-2025: only the promotion channel moves
        on_ch = channels_at(cfg.policy, cfg.behaviour, q)
        off_ch = channels_at(off.policy, off.behaviour, q)
        assert on_ch.__dict__ | {"promotion": 0.0} == off_ch.__dict__ | {"promotion": 0.0}
    a = run_replicate(cfg, SEEDS[0])["province"].set_index("quarter")
    b = run_replicate(off, SEEDS[0])["province"].set_index("quarter")
    # Up to the first review nothing differs (promotion has no other channel) …
    # (its own cost, staff, does differ: economic_cost_cum_yi)
    before = ["adoption_any", "integration_index", "pilot_regions", "subsidy_spent_cum_yi"]
    pd.testing.assert_frame_equal(a.loc[:"2020Q3", before], b.loc[:"2020Q3", before])
    # … and at the first review the same candidates apply more often with promotion.
    assert a.loc["2020Q4", "candidate_regions"] == b.loc["2020Q4", "candidate_regions"]
    assert a["applied_regions"].sum() + a["applied_enterprises"].sum() > (
        b["applied_regions"].sum() + b["applied_enterprises"].sum())


def test_land_for_pilots_moves_targeted_firms_more_than_others():
    land_off = ("policy.land.mixed_use.intensity=0", "policy.land.flexible_lease.intensity=0")
    rise_targeted, rise_others = [], []
    for seed in SEEDS:
        on = _run(seed=seed)
        off = _run(*land_off, seed=seed)
        targeted = on.firms.ever_pilot | on._in_pilot_region()
        assert 0 < targeted.sum() < on.firms.n and on.province.land_used_mu > 0
        paths_on, paths_off = on.firms.adopted.sum(axis=1), off.firms.adopted.sum(axis=1)
        rise_targeted.append((paths_on - paths_off)[targeted].mean())
        rise_others.append((paths_on - paths_off)[~targeted].mean())
    assert np.mean(rise_targeted) > np.mean(rise_others)


def test_the_land_quota_limits_land_used():
    tight = _run("policy.land_use.quota_mu_per_year=1", seed=SEEDS[0])
    loose = _run(seed=SEEDS[0])
    # The quota closes once a year's use passes it; a year can overshoot by one quarter.
    assert tight.province.land_used_mu < loose.province.land_used_mu


def test_targeting_follows_every_pilot_change():
    """The fund's offer, the land access and the counties' demonstration multipliers are
    kept between quarters while the pilots stay the same; a designation made anywhere
    (not only in the yearly review) is seen at the next quarter, and an unchanged quarter
    reuses them."""
    model = IntegrationModel(**model_arguments(typed_cfg(*DRAFT), SEEDS[0]))
    for _ in range(24):  # to the first quarter in which the fund pays
        model.prepare_quarter()
        if model.subsidy_rate > 0:
            break
        model.step()
    assert model.subsidy_rate > 0
    first = model.quarter_inputs
    outsider = int(np.flatnonzero(~(model.firms.pilot | model._in_pilot_region()))[0])
    assert not first.subsidy_yi[outsider].any() and first.land_access[outsider] == 0.0
    model.prepare_quarter()
    assert model.quarter_inputs.subsidy_yi is first.subsidy_yi  # nothing changed: reused
    assert model.quarter_inputs.demo is first.demo
    model.firms.pilot[outsider] = True
    model.prepare_quarter()
    now = model.quarter_inputs
    county = model.firms.county[outsider]
    assert np.array_equal(now.demo, model._demonstration())  # as if worked out afresh
    assert now.demo[county] > first.demo[county] or first.demo[county] == \
        1.0 + model.behaviour.pilot_demonstration  # more pilots nearby, unless saturated
    assert now.subsidy_yi[outsider].all() and first.subsidy_yi.sum() < now.subsidy_yi.sum()
    assert now.land_access[outsider] == float(model.province.land_open(model.quarter))
    with pytest.raises(ValueError):  # kept across quarters, so nobody may write into it
        now.subsidy_yi[outsider, 0] = 0.0
    with pytest.raises(ValueError):
        now.demo[county] = 1.0
