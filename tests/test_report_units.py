"""Small pieces of the sweep comparison: labels, intervals, the lever delay, the counterfactual."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from hydra_plugins.sim_sweeper.paired_sweeper import with_counterfactual
from sim.labels import scenario_labels
from sim.model.levers import channels_at
from sim.model.vocabulary import quarter_index
from sim.report.stats import paired_difference, wilson_interval
from tests.conftest import typed_cfg


def test_labels_name_what_the_sweep_varied():
    draft = {"policy": {"name": "draft", "label_zh": "征求意见稿", "label_en": "Draft as written"}}
    assert scenario_labels({"swept": {"policy": "draft"}}, draft) == ("征求意见稿",
                                                                      "Draft as written")
    zh, en = scenario_labels({"swept": {"policy.fund.budget_yi": "45"}}, draft)
    assert zh == "专项资金45亿元" and "¥4.5 bn" in en
    assert scenario_labels({"swept": {"policy.delay_quarters": "-2"}}, draft)[0] == "提前2个季度"
    assert scenario_labels({"swept": {"policy.delay_quarters": "4"}}, draft)[1] == "4 quarters later"
    assert scenario_labels({"swept": {"behaviour.imitation_q": "0.3"}}, draft)[0] == (
        "behaviour.imitation_q=0.3")
    none = {"policy": {"name": "none", "label_zh": "无新增措施", "label_en": "No new measures"}}
    assert scenario_labels({"swept": {}, "counterfactual": True}, none)[0] == "无新增措施"


def test_wilson_interval_is_sane_at_the_edges():
    lo, hi = wilson_interval(0, 20)
    assert lo == 0 and 0.1 < hi < 0.2  # never the degenerate [0, 0] of the Wald interval
    lo, hi = wilson_interval(20, 20)
    assert hi == 1 and 0.8 < lo < 0.9
    lo, hi = wilson_interval(10, 20)
    assert lo < 0.5 < hi and hi - 0.5 == pytest.approx(0.5 - lo)


def test_paired_difference_matches_a_hand_computation():
    a, b = np.array([3.0, 5.0, 4.0, 6.0]), np.array([1.0, 2.0, 2.0, 3.0])
    d = paired_difference(a, b)
    diffs = a - b  # 2, 3, 2, 3 → mean 2.5, sd 0.577, t(0.975, 3) = 3.182
    half = 3.182446 * diffs.std(ddof=1) / 2
    assert d["mean"] == 2.5 and d["n"] == 4
    assert d["lo"] == pytest.approx(2.5 - half, rel=1e-5)
    assert d["hi"] == pytest.approx(2.5 + half, rel=1e-5)


def test_delay_shifts_every_lever_by_whole_quarters():
    cfg = typed_cfg("policy=draft")
    late = dataclasses.replace(cfg.policy, delay_quarters=4)
    for q in range(quarter_index("2020Q1"), quarter_index("2025Q4") + 1):
        assert channels_at(late, cfg.behaviour, q) == channels_at(cfg.policy, cfg.behaviour, q - 4)
    # and it does make a difference in 2021
    q = quarter_index("2021Q1")
    assert channels_at(late, cfg.behaviour, q) != channels_at(cfg.policy, cfg.behaviour, q)


def test_counterfactual_keeps_fixed_overrides_and_drops_swept_ones():
    grid = [["policy.fund.budget_yi=10", "run.replicates=2"],
            ["policy.fund.budget_yi=30", "run.replicates=2"]]
    jobs, index = with_counterfactual(grid, {"policy.fund.budget_yi"}, ["policy=none"])
    assert index == 2 and jobs[2] == ["run.replicates=2", "policy=none"]
    already = [["policy=none"], ["policy=draft"]]
    assert with_counterfactual(already, {"policy"}, ["policy=none"]) == (already, 0)
    assert with_counterfactual(grid, set(), []) == (grid, None)
