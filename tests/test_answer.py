"""The answer stated in one sentence (zh + en): terminal, summary.md, reports."""

from __future__ import annotations

import pandas as pd

from sim.answer import binding_target, scenario_sentence, sweep_sentence


def _summary(p_all: float, probs: dict[str, float], n: int = 20) -> dict:
    labels = {"pilot_regions_2022": ("试点区域", "pilot regions"),
              "pilot_enterprises_2022": ("试点企业", "pilot enterprises"),
              "integration_2025": ("融合水平", "integration")}
    targets = {name: {"evaluated": True, "probability": p, "threshold": 100.0,
                      "median": 100.0 + 10 * p, "label_zh": labels[name][0],
                      "label_en": labels[name][1]} for name, p in probs.items()}
    return {"scenario": {"policy": "draft", "label_zh": "征求意见稿", "label_en": "Draft"},
            "replicates": n, "targets": targets,
            "all_targets": {"probability": p_all, "evaluated": True}}


def test_sentence_says_verdict_probability_and_binding_target():
    s = _summary(0.3, {"pilot_regions_2022": 1.0, "pilot_enterprises_2022": 0.6,
                       "integration_2025": 0.3})
    zh, en = scenario_sentence(s)
    assert "不能稳定达成" in zh and "0.30" in zh and "融合水平" in zh and "20个随机种子中6个" in zh
    assert en.startswith("'Draft' does not reliably meet all targets")
    assert "P(all targets met) = 0.30" in en and "binding target is integration" in en


def test_sentence_when_the_package_meets_the_bar():
    s = _summary(0.95, {"pilot_regions_2022": 1.0, "pilot_enterprises_2022": 0.95,
                        "integration_2025": 1.0})
    zh, en = scenario_sentence(s)
    assert "能够达成全部目标" in zh and " meets all targets" in en
    assert "pilot enterprises" in en  # the least likely target still binds


def test_sentence_in_posterior_mode_counts_runs_and_the_parameters_share():
    s = _summary(0.3, {"pilot_regions_2022": 1.0, "pilot_enterprises_2022": 0.6,
                       "integration_2025": 0.3}, n=40)
    s["parameter_sets"] = 20
    s["uncertainty"] = {"integration_2025": {"attainment_split": {
        "estimable": True, "parameter_share": 0.75, "stochastic_share": 0.25}}}
    zh, en = scenario_sentence(s)
    assert "40次运行中12次：20组参数×2个随机种子" in zh and "参数不确定性占75%" in zh
    assert "12 of 40 runs: 20 parameter sets × 2 seeds" in en
    assert "75% of the variance of its attainment comes from the parameters" in en
    s["uncertainty"]["integration_2025"]["attainment_split"] = {"estimable": False}
    zh, en = scenario_sentence(s)
    assert "参数不确定性" not in zh and "comes from the parameters" not in en


def test_binding_target_ties_broken_by_margin():
    targets = {"a": {"probability": 1.0, "threshold": 50, "median": 90},
               "b": {"probability": 1.0, "threshold": 50, "median": 55}}
    assert binding_target(targets) == "b"


def test_sentence_for_a_run_that_misses_a_checkpoint():
    s = _summary(None, {"pilot_regions_2022": 1.0})
    zh, en = scenario_sentence(s)
    assert "无法判断" in zh and "cannot be said" in en


def _table(rows):
    cols = ["label_zh", "label_en", "reference", "all_targets_p", "cost_yi_median",
            "t1_p", "t1_median"]
    return pd.DataFrame(rows, columns=cols)


def test_sweep_sentence_names_packages_over_the_bar_and_the_cheapest():
    table = _table([["无", "None", False, 0.0, 0.0, 0.0, 10],
                    ["草案", "Draft", True, 0.3, 37.5, 0.3, 90],
                    ["全面", "All in", False, 1.0, 71.5, 1.0, 150],
                    ["市场", "Market first", False, 0.95, 20.0, 0.95, 120]])
    zh, en = sweep_sentence(table, {"t1": ("目标一", "target one")})
    assert "“全面”、“市场”" in zh and "最省的是“市场”" in zh
    assert "'All in', 'Market first'" in en and "the cheapest is 'Market first'" in en
    assert "reference 'Draft' has P(all targets met) = 0.30" in en and "target one" in en


def test_sweep_sentence_when_no_package_reaches_the_bar():
    table = _table([["草案", "Draft", True, 0.3, 37.5, 0.3, 90],
                    ["全面", "All in", False, 0.8, 71.5, 0.8, 150]])
    zh, en = sweep_sentence(table, {"t1": ("目标一", "target one")})
    assert en.startswith("No package meets all targets with P >= 0.9 (the highest is 'All in'")
    assert zh.startswith("没有方案")
