"""Pilot selection rules and the integration index, on inputs with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import pilots
from sim.model.metrics import attainment, coupling_coordination, grade
from sim.model.params import PilotRules
from sim.run import run_replicate
from tests.conftest import SMALL, typed_cfg


def test_select_admits_eligible_applicants_within_quota_readiest_first():
    ready = np.array([0.5, 1.0, 2.0, 3.0, 1.5])
    is_pilot = np.array([False, False, False, True, False])
    draws = np.array([0.0, 0.0, 0.0, 0.0, 0.9])  # the last one does not apply
    assert pilots.select(ready, is_pilot, draws, 0.5, quota=0).tolist() == [1, 2]
    assert pilots.select(ready, is_pilot, draws, 0.5, quota=1).tolist() == [2]
    assert pilots.select(ready, is_pilot, draws, 1.0, quota=2).tolist() == [2, 4]


def test_revoke_only_pilots_below_the_margin_and_only_with_review_on():
    ready = np.array([0.5, 0.9, 0.5])
    is_pilot = np.array([True, True, False])
    assert pilots.revoke(ready, is_pilot, PilotRules(revoke_margin=0.8)).tolist() == [0]
    assert pilots.revoke(ready, is_pilot, PilotRules(review=False)).tolist() == []


def test_region_readiness_needs_a_strong_economy_and_every_criterion():
    rules = PilotRules(region_min_platforms=2, region_min_adoption=0.4)
    platforms = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]], bool)
    adoption = np.array([0.4, 0.8, 0.9])
    ready = pilots.region_readiness(platforms, adoption, np.zeros(3), np.array([True, False,
                                                                                True]), rules)
    assert ready[0] == pytest.approx(1.0)  # just meets both bars
    assert ready[1] == 0.0  # not a strong economy
    assert ready[2] == pytest.approx(0.5)  # platforms are the weakest criterion


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
