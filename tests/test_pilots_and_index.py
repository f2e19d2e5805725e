"""Pilot selection rules and the integration index, on inputs with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import pilots
from sim.model.metrics import attainment, coupling_coordination, entropy_weights, grade
from sim.model.params import PilotRules
from sim.run import run_replicate
from tests.conftest import SMALL, typed_cfg


def test_select_ranks_applicants_and_designates_the_highest_scores_within_the_quota():
    ready = np.array([0.5, 1.0, 2.0, 3.0, 1.5, 1.2])
    score = np.array([0.9, 0.2, 0.5, 0.9, 0.8, 0.7])
    is_pilot = np.array([False, False, False, True, False, False])
    draws = np.array([0.0, 0.0, 0.0, 0.0, 0.9, 0.0])  # index 4 does not apply
    cand, appl, new, bound = pilots.select(ready, score, is_pilot, draws, 0.5, quota=0)
    assert cand.tolist() == [1, 2, 4, 5] and appl.tolist() == [1, 2, 5]
    assert new.tolist() == [1, 2, 5] and not bound  # no quota: every applicant
    _, _, new, bound = pilots.select(ready, score, is_pilot, draws, 0.5, quota=2)
    assert new.tolist() == [2, 5] and bound  # the two highest scores; the quota binds
    _, _, new, bound = pilots.select(ready, score, is_pilot, draws, 0.5, quota=5)
    assert new.tolist() == [1, 2, 5] and not bound  # candidates, not the quota, limit


def test_zones_take_at_most_their_share_of_a_regional_batch():
    ready = np.ones(6)
    score = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    zone = np.array([True, True, True, False, False, False])
    _, _, new, bound = pilots.select(ready, score, np.zeros(6, bool), np.zeros(6), 1.0,
                                     quota=4, is_zone=zone, zone_share=0.5)
    assert new.tolist() == [0, 1, 3, 4] and bound  # two zones, then the best counties


def test_a_pilot_region_is_revoked_when_its_score_falls():
    rules = PilotRules(region_min_platforms=2, region_min_adoption=0.3, revoke_drop=0.02)
    platforms = np.array([[1, 1, 1, 0, 0]] * 2, bool)
    is_pilot = np.array([True, True])
    last = pilots.region_score(platforms, np.array([0.5, 0.5]), np.zeros(2), rules)
    now_adoption = np.array([0.5, 0.4])  # region 1: firms abandoned paths
    now = pilots.region_score(platforms, now_adoption, np.zeros(2), rules)
    ready = pilots.region_readiness(platforms, now_adoption, np.zeros(2), np.ones(2, bool),
                                    np.ones(2, bool), rules)
    assert (ready >= rules.revoke_margin).all()  # both still meet the entry criteria
    assert pilots.evaluate(ready, now, last, is_pilot, rules).tolist() == [1]
    assert pilots.evaluate(ready, now, last, is_pilot, PilotRules(review=False)).tolist() == []
    low = np.array([0.5, 0.9])  # readiness below the margin also revokes
    assert pilots.evaluate(low, last, last, is_pilot, rules).tolist() == [0]


def test_region_readiness_needs_a_strong_economy_a_key_field_and_every_criterion():
    rules = PilotRules(region_min_platforms=2, region_min_adoption=0.4)
    platforms = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0],
                          [1, 1, 0, 0, 0]], bool)
    adoption = np.array([0.4, 0.8, 0.9, 0.9])
    strong = np.array([True, False, True, True])
    key = np.array([True, True, True, False])
    ready = pilots.region_readiness(platforms, adoption, np.zeros(4), strong, key, rules)
    assert ready[0] == pytest.approx(1.0)  # just meets both bars
    assert ready[1] == 0.0  # not a strong economy
    assert ready[2] == pytest.approx(0.5)  # platforms are the weakest criterion
    assert ready[3] == 0.0  # no key field


def test_region_batches_never_exceed_the_quota_and_the_quota_binds():
    t = run_replicate(typed_cfg(*SMALL, "policy=all_in",
                                "policy.pilots.region_quota_per_year=2"), 5)["province"]
    reviews = t[t["review"]]
    assert reviews["new_pilot_regions"].max() <= 2
    assert reviews["region_quota_bound"].any()
    bound = reviews[reviews["region_quota_bound"]]
    assert (bound["applied_regions"] > bound["new_pilot_regions"]).all()


def test_enterprise_quota_caps_each_yearly_batch():
    t = run_replicate(typed_cfg(*SMALL, "policy=all_in",
                                "policy.pilots.enterprise_quota_per_year=2"), 5)
    batches = t["province"]["new_pilot_enterprises"]
    assert batches.max() <= 2 and batches.sum() > 0


def test_disabling_pilots_designates_none():
    t = run_replicate(typed_cfg(*SMALL, "policy=all_in", "policy.pilots.enabled=false"), 5)
    assert t["province"][["pilot_regions", "pilot_enterprises"]].to_numpy().sum() == 0


def test_coupling_coordination_known_values():
    c, t, d = coupling_coordination(np.array([0.36, 0.0, 0.8]), np.array([0.36, 0.5, 0.2]))
    assert c[0] == pytest.approx(1.0) and d[0] == pytest.approx(0.6)  # balanced: D = sqrt(U)
    assert c[1] == 0.0 and d[1] == 0.0  # one subsystem absent: no coordination
    assert c[2] == pytest.approx(0.8) and t[2] == pytest.approx(0.5)
    assert d[2] == pytest.approx(np.sqrt(0.4))
    assert [grade(x) for x in (0.05, 0.59, 0.6, 1.0)] == [0, 5, 6, 9]


def test_attainment_counts_seeds_at_or_above_threshold():
    a = attainment(np.array([40, 50, 60, 70]), 50)
    assert a["probability"] == 0.75 and a["median"] == 55 and a["n"] == 4


def test_results_break_down_by_direction_region_group_and_city_coupling():
    t = run_replicate(typed_cfg(*SMALL, "policy=all_in"), 5)
    prov, city, ad = t["province"], t["city"], t["adoption"]
    # directions add up to the pilot enterprises; the groups are subsets of the regions
    by_kind = prov["pilot_enterprises_manufacturing"] + prov["pilot_enterprises_services"]
    assert (by_kind == prov["pilot_enterprises"]).all()
    assert (prov["pilot_regions_mountain"] + prov["pilot_regions_qianyi"]
            <= prov["pilot_regions_counties"]).all()
    assert prov["pilot_regions_qianyi"].iloc[-1] > 0
    # region groups: overlapping subsets of all firms, their shares within 0-1
    rg = ad[(ad["breakdown"] == "region_group") & (ad["path"] == "any")]
    everyone = ad[(ad["breakdown"] == "all") & (ad["path"] == "any")]
    assert set(rg["group"]) == {"mountain_26", "qianyi_county", "zone"}
    assert (rg.groupby("t")["firms"].max() < everyone.set_index("t")["firms"]).all()
    assert rg["share"].between(0, 1).all() and (rg["adopters"] <= rg["firms"]).all()
    # mountain counties and 千亿级 counties do not adopt alike at the end
    last = rg[rg["t"] == rg["t"].max()].set_index("group")["share"]
    assert last["mountain_26"] != last["qianyi_county"]
    # the coupling term C is recorded per city and differs between cities
    end = city[city["t"] == city["t"].max()]
    assert end["coupling_C"].between(0, 1).all() and end["coupling_C"].std() > 0
    np.testing.assert_allclose(end["integration_index"],
                               np.sqrt(end["coupling_C"] * end["development_T"]))


def test_entropy_weights_favour_the_indicator_that_varies():
    x = np.array([[0.5, 0.1], [0.5, 0.9], [0.5, 0.5]])
    w = entropy_weights(x)
    assert w.sum() == pytest.approx(1.0)
    assert w[0] == pytest.approx(0.0) and w[1] == pytest.approx(1.0)
    assert np.allclose(entropy_weights(np.ones((4, 3))), 1 / 3)  # nothing varies: equal


def test_coupling_varies_across_cities_and_packages():
    ends = {}
    for pol in ("none", "draft"):
        t = run_replicate(typed_cfg(*SMALL, f"policy={pol}", "run.parameters=fixed",
                                    "run.end=2022Q4"), 3)
        city, prov = t["city"], t["province"]
        last = city[city["t"] == city["t"].max()]
        assert last["coupling_C"].std() > 0  # C differs between cities
        ends[pol] = prov["coupling_C"].iloc[-1]
        w = prov.filter(like="weight_U1_").iloc[0]
        assert w.sum() == pytest.approx(1.0)
        # The weights are fixed for the run, and the same for every package on a seed.
        assert prov.filter(like="weight_").nunique().eq(1).all()
        ends[pol + "_w"] = tuple(prov.filter(like="weight_").iloc[0])
    assert ends["none"] != ends["draft"]  # and between packages
    assert ends["none_w"] == ends["draft_w"]
