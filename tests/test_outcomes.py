"""The outcomes are declared once (sim/outcomes.py) and everyone reads the declaration."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.__main__ import print_table
from sim.config.schema import TargetsConfig
from sim.outcomes import (
    BY_NAME,
    FISCAL_COST,
    INTEGRATION,
    OUTCOME_NAMES,
    PILOT_REGIONS,
    TARGET_NAMES,
    TARGETS,
    first_quarter,
    fiscal_cost,
    measure_all,
    thresholds,
)
from sim.summary import markdown, summarize, target_rows

SIM = Path(__file__).resolve().parent.parent / "sim"


def _quarter(t: int) -> str:
    return f"{2020 + t // 4}Q{t % 4 + 1}"


@pytest.fixture(scope="module")
def province() -> pd.DataFrame:
    """3 seeds x 24 quarters with known values."""
    frames = []
    for seed in (11, 12, 13):
        t = np.arange(24)
        frames.append(pd.DataFrame({
            "seed": seed, "t": t, "quarter": [_quarter(i) for i in t],
            "pilot_regions": 3 * t + seed, "pilot_enterprises": 6 * t + seed,
            "integration_index": 0.5 + 0.01 * t + seed / 1000,
            "subsidy_spent_cum_yi": 0.5 * t + seed, "awards_spent_cum_yi": 0.1 * t,
            "fund_remaining_yi": 30.0 - 0.5 * t,
        }))
    return pd.concat(frames, ignore_index=True)


def test_each_outcome_is_measured_as_declared(province):
    values = measure_all(province, TargetsConfig())
    assert list(values.columns) == list(OUTCOME_NAMES)
    assert list(values.index) == [11, 12, 13]
    t22, t25 = 11, 23  # 2022Q4 and 2025Q4
    assert values["pilot_regions_2022"].tolist() == [3 * t22 + s for s in (11, 12, 13)]
    assert values["pilot_enterprises_2022"].tolist() == [6 * t22 + s for s in (11, 12, 13)]
    # no common-baseline column: the rise of D over the base quarter 2020Q1 (t = 0)
    assert np.allclose(values["integration_2025"], 0.01 * t25)
    # fiscal cost: subsidies + awards at the last quarter, the one computation of it
    assert values["cost_yi"].tolist() == [0.5 * t25 + s + 0.1 * t25 for s in (11, 12, 13)]
    assert fiscal_cost(province).tolist() == values["cost_yi"].tolist()


def test_thresholds_come_from_the_declared_keys():
    targets = TargetsConfig(pilot_regions_2022=7, pilot_enterprises_2022=8,
                            integration_rise_2025=0.2)
    assert thresholds(targets) == {"pilot_regions_2022": 7, "pilot_enterprises_2022": 8,
                                   "integration_2025": 0.2}
    assert TARGET_NAMES == tuple(thresholds(targets))
    with pytest.raises(ValueError, match="no target"):
        FISCAL_COST.threshold(targets)


def test_direction_and_format():
    assert PILOT_REGIONS.met(50, 50) and not PILOT_REGIONS.met(49, 50)
    assert FISCAL_COST.met(10, 12) and not FISCAL_COST.met(13, 12)
    assert INTEGRATION.fmt(0.12345) == "0.123" and PILOT_REGIONS.fmt(49.6) == "50"
    assert PILOT_REGIONS.fmt(float("nan")) == "–" and PILOT_REGIONS.fmt(None) == "–"
    assert {o.unit_zh for o in TARGETS} == {"个", "家", "指数点"}


def test_first_quarter_for_a_level_and_a_rise(province):
    targets = TargetsConfig(pilot_regions_2022=30, integration_rise_2025=0.045)
    # median regions 3t + 12 >= 30 first at t = 6 (2021Q3)
    assert first_quarter(province, PILOT_REGIONS, targets) == "2021Q3"
    # the median rise over 2020Q1 (t = 0), 0.01 a quarter, passes 0.045 at t = 5 (2021Q2)
    assert first_quarter(province, INTEGRATION, targets) == "2021Q2"
    never = replace(targets, pilot_regions_2022=10_000)
    assert first_quarter(province, PILOT_REGIONS, never) is None


def test_the_rise_is_measured_from_the_common_baseline_when_recorded(province):
    # D of the world as built, per seed, the same in every row of a seed
    based = province.assign(integration_index_base=0.45 + province["seed"] / 1000)
    values = measure_all(based, TargetsConfig())
    assert np.allclose(values["integration_2025"], 0.5 + 0.23 - 0.45)
    # rise 0.05 + 0.01 t passes 0.095 first at t = 5 (2021Q2): from the base, not t = 0
    targets = TargetsConfig(integration_rise_2025=0.095)
    assert first_quarter(based, INTEGRATION, targets) == "2021Q2"
    assert first_quarter(province, INTEGRATION, targets) == "2022Q3"  # 0.01 t, t = 10


def test_a_short_run_leaves_the_2025_target_unevaluated(province):
    short = province[province["t"] <= 11]
    values = measure_all(short, TargetsConfig())
    assert values["integration_2025"].isna().all()
    assert values["pilot_regions_2022"].notna().all()
    summary = summarize(short, TargetsConfig())
    assert summary["targets"]["integration_2025"]["evaluated"] is False
    assert summary["all_targets"]["evaluated"] is False


def test_summary_reads_the_declaration(province):
    targets = TargetsConfig(pilot_regions_2022=45, pilot_enterprises_2022=79)
    summary = summarize(province, targets)
    assert tuple(summary["targets"]) == TARGET_NAMES
    for o in TARGETS:
        entry = summary["targets"][o.name]
        assert entry["threshold"] == o.threshold(targets)
        assert (entry["label_zh"], entry["label_en"]) == (o.label_zh, o.label_en)
    # regions at 2022Q4: 44, 45, 46 -> 2 of 3 meet 45; enterprises 77, 78, 79 -> 1 of 3
    assert summary["targets"]["pilot_regions_2022"]["probability"] == pytest.approx(2 / 3)
    assert summary["all_targets"]["probability"] == pytest.approx(1 / 3)
    assert summary["fiscal_cost_yi"]["median"] == pytest.approx(fiscal_cost(province).median())


def test_the_summary_file_and_the_terminal_show_the_same_cells(province, capsys):
    summary = summarize(province, TargetsConfig())
    summary["scenario"] = {"policy": "draft", "label_zh": "征求意见稿", "label_en": "Draft"}
    text = markdown(summary, "Draft")
    print_table(summary)
    shown = capsys.readouterr().out
    for row in target_rows(summary):
        for cell in (row["threshold"], row["probability"], row["median"], row["band"]):
            assert cell in text and cell in shown
    assert target_rows(summary)[2]["median"] == INTEGRATION.fmt(
        summary["targets"]["integration_2025"]["median"])


def _literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


@pytest.mark.parametrize("literal, owners", [
    # The fiscal cost is summed in one place (the model's recorder names the columns).
    ("subsidy_spent_cum_yi", {"outcomes.py", "results.py"}),
    ("awards_spent_cum_yi", {"outcomes.py", "results.py"}),
    # The key of a threshold is named by its outcome only.
    ("integration_rise_2025", {"outcomes.py"}),
    # "A job is done when it has summary.json" is said by the results contract only.
    ("summary.json", {"results.py"}),
])
def test_one_owner_per_rule(literal, owners):
    found = {str(p.relative_to(SIM)) for p in SIM.rglob("*.py")
             if not p.is_relative_to(SIM / "model") and literal in _literals(p)}
    assert found == owners


def test_every_outcome_has_labels_a_unit_and_a_format():
    for o in BY_NAME.values():
        assert o.label_zh and o.label_en and o.short_zh and o.short_en
        assert o.unit_zh and o.unit_en and o.digits >= 0
        assert o.direction in ("maximize", "minimize")
        if o.is_target:
            assert o.goal_zh and o.goal_en


def test_summary_reports_coupling_spread_across_cities(province):
    frame = province.assign(coupling_C=0.95, development_T=0.3 + 0.01 * province["t"])
    city = pd.concat([frame.assign(city=name, coupling_C=c)[["seed", "t", "quarter", "city",
                                                              "coupling_C"]]
                      for name, c in (("hangzhou", 0.99), ("lishui", 0.90), ("ningbo", 0.96))])
    summary = summarize(frame, TargetsConfig(), city=city)
    ii = summary["integration_index"]
    assert ii["C_city_min"] == pytest.approx(0.90) and ii["C_city_lowest"] == "lishui"
    assert ii["C_city_max"] == pytest.approx(0.99) and ii["C_city_highest"] == "hangzhou"
    assert ii["C_end_median"] == pytest.approx(0.95)
    assert ii["T_end_median"] == pytest.approx(0.3 + 0.23)
    text = markdown(summary, "t")
    assert "Coupling C across cities in 2025Q4: 0.900 (lishui) to 0.990 (hangzhou)" in text
