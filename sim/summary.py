"""From a scenario's tidy tables to the target summary (pure; no model, no I/O)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config.schema import TargetsConfig
from sim.escaping import md
from sim.model.metrics import GRADES_EN, GRADES_ZH, attainment, grade
from sim.outcomes import (
    FISCAL_COST_COLUMNS,
    PILOT_ENTERPRISES,
    PILOT_REGIONS,
    TARGETS,
    first_quarter,
    fiscal_cost,
)
from sim.uncertainty import markdown_lines, target_uncertainty


def _at(province: pd.DataFrame, quarter: str, column: str) -> pd.Series:
    return province[province["quarter"] == quarter].set_index("seed")[column].sort_index()


def summarize(province: pd.DataFrame, targets: TargetsConfig,
              parameters: pd.DataFrame | None = None,
              city: pd.DataFrame | None = None) -> dict:
    """``parameters``: one row per parameter set (sim.run.RunPlan.parameter_table), for the
    split of the spread into parameter and stochastic parts and its drivers. ``city``:
    the city table, for the spread of the coupling term C across cities."""
    values = {o.name: o.measure(province, targets) for o in TARGETS}
    out: dict = {"targets": {}}
    for o in TARGETS:
        threshold = o.threshold(targets)
        if values[o.name].dropna().empty:  # checkpoint outside the simulated quarters
            out["targets"][o.name] = {
                "threshold": threshold, "evaluated": False,
                "probability": None, "median": None, "p05": None, "p95": None, "mean": None,
                "n": 0, "label_zh": o.label_zh, "label_en": o.label_en,
                "median_first_quarter": first_quarter(province, o, targets),
            }
            continue
        entry = attainment(values[o.name].dropna().to_numpy(), threshold)
        entry["evaluated"] = True
        entry["label_zh"], entry["label_en"] = o.label_zh, o.label_en
        entry["median_first_quarter"] = first_quarter(province, o, targets)
        out["targets"][o.name] = entry
    last = province["t"].max()
    final = province[province["t"] == last].set_index("seed").sort_index()
    final_quarter = str(final["quarter"].iloc[0])
    spend = fiscal_cost(province)
    subsidies, awards = FISCAL_COST_COLUMNS
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
    if {"coupling_C", "development_T"} <= set(province.columns):
        out["integration_index"].update({
            f"{name}_{when}_median": float(np.median(_at(province, q, column)))
            for name, column in (("C", "coupling_C"), ("T", "development_T"))
            for when, q in (("base", base_q), ("end", end_q))})
    groups = ("mountain_26", "qianyi_county", "zone")
    if all(f"integration_index_{g}" in province.columns for g in groups):
        out["integration_index"]["by_region_group"] = {
            g: {f"{name}_{when}_median": float(np.median(_at(province, q, f"{col}_{g}")))
                for name, col in (("D", "integration_index"), ("C", "coupling_C"))
                for when, q in (("base", base_q), ("end", end_q))}
            for g in groups}
    if city is not None and "coupling_C" in city.columns:
        out["integration_index"].update(coupling_spread(city, end_q))
    out["fiscal_cost_yi"] = {
        "median": float(spend.median()), "p05": float(spend.quantile(0.05)),
        "p95": float(spend.quantile(0.95)),
        "subsidies_median": float(final[subsidies].median()),
        "awards_median": float(final[awards].median()),
        # Only runs that had a fund to spend can exhaust it.
        "fund_exhausted_share": float(((final["fund_remaining_yi"] <= 1e-9)
                                       & (final[subsidies] > 0)).mean()),
    }
    if "economic_cost_cum_yi" in final.columns:
        econ = final["economic_cost_cum_yi"]
        subsidy = final[subsidies].sum()
        out["economic_cost_yi"] = {
            "median": float(econ.median()), "p05": float(econ.quantile(0.05)),
            "p95": float(econ.quantile(0.95)),
            "land_used_mu_median": float(final["land_used_cum_mu"].median()),
            "forgone_tax_median": float(final["forgone_tax_cum_yi"].median()),
            # Share of fund spending that bought adoptions that would not have happened.
            "subsidy_additionality": (float(final["additional_subsidy_cum_yi"].sum() / subsidy)
                                      if subsidy > 0 else None),
        }
    for name, bound in ((PILOT_REGIONS.name, "region_quota_bound"),
                        (PILOT_ENTERPRISES.name, "enterprise_quota_bound")):
        if bound in province.columns and out["targets"][name]["evaluated"]:
            out["targets"][name].update(_limited_by(province, bound, targets.checkpoint_2022))
    out["replicates"] = int(province["seed"].nunique())
    out["all_targets"] = all_targets_met(values, targets)
    if "parameter_set" in province.columns:
        sets = province.groupby("seed")["parameter_set"].first().sort_index()
        out["parameter_sets"] = int(sets[sets >= 0].nunique())
        thresholds = {o.name: o.threshold(targets) for o in TARGETS}
        out["uncertainty"] = target_uncertainty(values, thresholds, sets, parameters)
    return out


def coupling_spread(city: pd.DataFrame, quarter: str) -> dict:
    """How far the coupling term C differs between cities at ``quarter``: the median over
    seeds of each city's C, their lowest, highest and standard deviation."""
    rows = city[city["quarter"] == quarter]
    per_city = rows.groupby("city")["coupling_C"].median()
    return {"C_city_min": float(per_city.min()), "C_city_max": float(per_city.max()),
            "C_city_sd": float(per_city.std(ddof=0)),
            "C_city_lowest": str(per_city.idxmin()), "C_city_highest": str(per_city.idxmax())}


def _limited_by(province: pd.DataFrame, bound: str, checkpoint: str) -> dict:
    """Whether a pilot count was limited by the batch quota (applicants turned away in a
    review up to the checkpoint) or by qualifying candidates, over seeds."""
    t_end = province.loc[province["quarter"] == checkpoint, "t"].iloc[0]
    upto = province[(province["t"] <= t_end) & province["review"]]
    share = float(upto.groupby("seed")[bound].any().mean()) if len(upto) else 0.0
    return {"quota_bound_share": share, "limited_by": "quota" if share >= 0.5 else "candidates"}


def all_targets_met(values: dict[str, pd.Series], targets: TargetsConfig) -> dict:
    """Share of seeds meeting every target at once (only if every target was evaluated)."""
    frame = pd.DataFrame(values)
    if frame.empty or frame.isna().any().any():
        return {"probability": None, "n": 0, "evaluated": False}
    met = np.column_stack([o.met(frame[o.name].to_numpy(), o.threshold(targets))
                           for o in TARGETS])
    return {"probability": float(met.all(axis=1).mean()), "n": int(len(frame)),
            "evaluated": True}


def target_rows(summary: dict) -> list[dict[str, str]]:
    """The target table of a summary as formatted cells: the one format the summary file
    and the terminal share (number formats from :mod:`sim.outcomes`)."""
    rows = []
    for o in TARGETS:
        t = summary["targets"][o.name]
        row = {"label_en": t["label_en"], "label_zh": t["label_zh"],
               "threshold": f"≥ {o.fmt(t['threshold'])}", "evaluated": t["evaluated"]}
        if t["evaluated"]:
            row.update(probability=f"{t['probability']:.2f}", median=o.fmt(t["median"]),
                       band=f"{o.fmt(t['p05'])}–{o.fmt(t['p95'])}")
        rows.append(row)
    return rows


NOT_EVALUATED = "not evaluated: checkpoint outside the run"


def markdown(summary: dict, title: str) -> str:
    """A short report of the summary, for summary.md: the answer first, then the numbers."""
    from sim.answer import scenario_sentence

    zh, en = scenario_sentence(summary)
    sets = summary.get("parameter_sets", 0)
    design = (f"{summary['replicates']} runs = {sets} parameter sets × "
              f"{summary['replicates'] // sets} seeds (posterior mode)" if sets else
              f"{summary['replicates']} seeds, fixed parameters (stochastic uncertainty only)")
    lines = [f"# {md(title)}", "", zh, "", en, "", f"Replicates: {design}", "",
             "| target | threshold | P(attained) | median | 5–95% |",
             "|---|---:|---:|---:|---:|"]
    for r in target_rows(summary):
        head = f"| {r['label_en']} ({r['label_zh']}) | {r['threshold']}"
        if not r["evaluated"]:
            lines.append(f"{head} | {NOT_EVALUATED} | | |")
            continue
        lines.append(f"{head} | {r['probability']} | {r['median']} | {r['band']} |")
    ii, fc = summary["integration_index"], summary["fiscal_cost_yi"]
    limits = [f"{summary['targets'][n]['label_en']}: limited by "
              f"{summary['targets'][n]['limited_by']} "
              f"(quota turned applicants away in {summary['targets'][n]['quota_bound_share']:.0%}"
              " of replicates)" for n in (PILOT_REGIONS.name, PILOT_ENTERPRISES.name)
              if "limited_by" in summary["targets"][n]]
    if limits:
        lines += ["", *limits]
    lines += [
        "",
        f"Integration index D: {ii['base_median']:.3f} ({ii['base_grade_zh']}, "
        f"{ii['base_grade_en']}) in {ii['base_quarter']} → {ii['end_median']:.3f} "
        f"({ii['end_grade_zh']}, {ii['end_grade_en']}) in {ii['end_quarter']} (medians).",
        *([f"Coupling C {ii['C_base_median']:.3f} → {ii['C_end_median']:.3f}, development T "
           f"{ii['T_base_median']:.3f} → {ii['T_end_median']:.3f} (medians)."]
          if "C_end_median" in ii else []),
        *([f"Coupling C across cities in {ii['end_quarter']}: {ii['C_city_min']:.3f} "
           f"({ii['C_city_lowest']}) to {ii['C_city_max']:.3f} ({ii['C_city_highest']}), "
           f"sd {ii['C_city_sd']:.4f} (city medians over seeds)."]
          if "C_city_sd" in ii else []),
        *([f"By region group, D (C) {ii['base_quarter']} → {ii['end_quarter']}: " + "; ".join(
            f"{g} {v['D_base_median']:.3f} ({v['C_base_median']:.3f}) → "
            f"{v['D_end_median']:.3f} ({v['C_end_median']:.3f})"
            for g, v in ii["by_region_group"].items()) + "."]
          if "by_region_group" in ii else []),
        f"Fiscal cost (special-fund subsidies + pilot awards), 亿元: median {fc['median']:.2f} "
        f"(5–95%: {fc['p05']:.2f}–{fc['p95']:.2f}); subsidies {fc['subsidies_median']:.2f}, "
        f"pilot awards {fc['awards_median']:.2f}; fund exhausted in "
        f"{fc['fund_exhausted_share']:.0%} of replicates.",
        "",
        *([f"Economic cost (fiscal + shadow-priced land, forgone tax, staff and budgets of "
           f"the other levers), 亿元: median {summary['economic_cost_yi']['median']:.2f}; land "
           f"used {summary['economic_cost_yi']['land_used_mu_median']:.0f} mu (median)."]
          if "economic_cost_yi" in summary else []),
        "",
        "P(attained) is the share of runs in which the target is met; with few runs it is "
        "coarse (n = 40 gives steps of 0.025).",
    ]
    lines += markdown_lines(summary.get("uncertainty", {}), {o.name: o.label_en for o in TARGETS})
    return "\n".join(lines) + "\n"
