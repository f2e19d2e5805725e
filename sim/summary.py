"""From a scenario's tidy tables to the target summary (pure; no model, no I/O)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config.schema import TargetsConfig
from sim.model.metrics import GRADES_EN, GRADES_ZH, attainment, grade

TARGET_NAMES = ("pilot_regions_2022", "pilot_enterprises_2022", "integration_2025")
TARGET_LABELS = {
    "pilot_regions_2022": ("试点区域（2022年底）", "Pilot regions, end 2022"),
    "pilot_enterprises_2022": ("试点企业（2022年底）", "Pilot enterprises, end 2022"),
    "integration_2025": ("融合发展水平提升（2025年底）", "Integration index rise, end 2025"),
}


def _at(province: pd.DataFrame, quarter: str, column: str) -> pd.Series:
    return province[province["quarter"] == quarter].set_index("seed")[column].sort_index()


def target_values(province: pd.DataFrame, targets: TargetsConfig) -> dict[str, pd.Series]:
    """Per-seed value of each target's measure."""
    base = _at(province, targets.integration_base, "integration_index")
    end = _at(province, targets.checkpoint_2025, "integration_index")
    return {
        "pilot_regions_2022": _at(province, targets.checkpoint_2022, "pilot_regions"),
        "pilot_enterprises_2022": _at(province, targets.checkpoint_2022, "pilot_enterprises"),
        "integration_2025": end - base,
    }


def first_quarter_reaching(province: pd.DataFrame, column: str, threshold: float) -> str | None:
    """First quarter in which the median over seeds reaches the threshold, if any."""
    median = province.groupby("t")[column].median()
    hit = median[median >= threshold]
    if hit.empty:
        return None
    return str(province.loc[province["t"] == hit.index[0], "quarter"].iloc[0])


def summarize(province: pd.DataFrame, targets: TargetsConfig) -> dict:
    values = target_values(province, targets)
    thresholds = {
        "pilot_regions_2022": targets.pilot_regions_2022,
        "pilot_enterprises_2022": targets.pilot_enterprises_2022,
        "integration_2025": targets.integration_rise_2025,
    }
    out: dict = {"targets": {}}
    for name in TARGET_NAMES:
        if values[name].dropna().empty:  # checkpoint outside the simulated quarters
            out["targets"][name] = {
                "threshold": float(thresholds[name]), "evaluated": False,
                "probability": None, "median": None, "p05": None, "p95": None, "mean": None,
                "n": 0, "label_zh": TARGET_LABELS[name][0], "label_en": TARGET_LABELS[name][1],
            }
            continue
        entry = attainment(values[name].dropna().to_numpy(), thresholds[name])
        entry["evaluated"] = True
        entry["label_zh"], entry["label_en"] = TARGET_LABELS[name]
        out["targets"][name] = entry
    out["targets"]["pilot_regions_2022"]["median_first_quarter"] = first_quarter_reaching(
        province, "pilot_regions", targets.pilot_regions_2022)
    out["targets"]["pilot_enterprises_2022"]["median_first_quarter"] = first_quarter_reaching(
        province, "pilot_enterprises", targets.pilot_enterprises_2022)
    last = province["t"].max()
    final = province[province["t"] == last].set_index("seed").sort_index()
    final_quarter = str(final["quarter"].iloc[0])
    spend = final["subsidy_spent_cum_yi"] + final["awards_spent_cum_yi"]
    # A short run that misses a checkpoint reports its first and last quarters instead.
    simulated = set(province["quarter"])
    both = {targets.integration_base, targets.checkpoint_2025} <= simulated
    base_q = targets.integration_base if both else province["quarter"].iloc[0]
    end_q = targets.checkpoint_2025 if both else final_quarter
    d_base = _at(province, base_q, "integration_index")
    d_end = _at(province, end_q, "integration_index")
    g0, g1 = grade(float(np.median(d_base))), grade(float(np.median(d_end)))
    out["integration_index"] = {
        "base_quarter": base_q, "base_median": float(np.median(d_base)),
        "end_quarter": end_q, "end_median": float(np.median(d_end)),
        "base_grade_zh": GRADES_ZH[g0], "base_grade_en": GRADES_EN[g0],
        "end_grade_zh": GRADES_ZH[g1], "end_grade_en": GRADES_EN[g1],
    }
    out["fiscal_cost_yi"] = {
        "median": float(spend.median()), "p05": float(spend.quantile(0.05)),
        "p95": float(spend.quantile(0.95)),
        "subsidies_median": float(final["subsidy_spent_cum_yi"].median()),
        "awards_median": float(final["awards_spent_cum_yi"].median()),
        # Only runs that had a fund to spend can exhaust it.
        "fund_exhausted_share": float(((final["fund_remaining_yi"] <= 1e-9)
                                       & (final["subsidy_spent_cum_yi"] > 0)).mean()),
    }
    out["replicates"] = int(province["seed"].nunique())
    out["all_targets"] = all_targets_met(values, thresholds)
    return out


def all_targets_met(values: dict[str, pd.Series], thresholds: dict[str, float]) -> dict:
    """Share of seeds meeting every target at once (only if every target was evaluated)."""
    frame = pd.DataFrame(values)
    if frame.empty or frame.isna().any().any():
        return {"probability": None, "n": 0, "evaluated": False}
    met = np.column_stack([frame[n].to_numpy() >= thresholds[n] for n in TARGET_NAMES])
    return {"probability": float(met.all(axis=1).mean()), "n": int(len(frame)),
            "evaluated": True}


def markdown(summary: dict, title: str) -> str:
    """A short report of the summary, for summary.md and the terminal."""
    lines = [f"# {title}", "", f"Replicates: {summary['replicates']}", "",
             "| target | threshold | P(attained) | median | 5–95% |",
             "|---|---:|---:|---:|---:|"]
    for name in TARGET_NAMES:
        t = summary["targets"][name]
        fmt = "{:.3f}" if name == "integration_2025" else "{:.0f}"
        if not t["evaluated"]:
            lines.append(f"| {t['label_en']} ({t['label_zh']}) | ≥ {fmt.format(t['threshold'])}"
                         " | not evaluated: checkpoint outside the run | | |")
            continue
        lines.append(
            f"| {t['label_en']} ({t['label_zh']}) | ≥ {fmt.format(t['threshold'])} | "
            f"{t['probability']:.2f} | {fmt.format(t['median'])} | "
            f"{fmt.format(t['p05'])}–{fmt.format(t['p95'])} |")
    ii, fc = summary["integration_index"], summary["fiscal_cost_yi"]
    lines += [
        "",
        f"Integration index D: {ii['base_median']:.3f} ({ii['base_grade_zh']}, "
        f"{ii['base_grade_en']}) in {ii['base_quarter']} → {ii['end_median']:.3f} "
        f"({ii['end_grade_zh']}, {ii['end_grade_en']}) in {ii['end_quarter']} (medians).",
        f"Fiscal cost (special-fund subsidies + pilot awards), 亿元: median {fc['median']:.2f} "
        f"(5–95%: {fc['p05']:.2f}–{fc['p95']:.2f}); subsidies {fc['subsidies_median']:.2f}, "
        f"pilot awards {fc['awards_median']:.2f}; fund exhausted in "
        f"{fc['fund_exhausted_share']:.0%} of replicates.",
        "",
        "P(attained) is the share of replicate seeds in which the target is met; with few "
        "replicates it is coarse (n = 20 gives steps of 0.05).",
    ]
    return "\n".join(lines) + "\n"
