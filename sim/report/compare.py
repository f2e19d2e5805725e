"""The comparison of a sweep's scenarios, as DataFrames (the notebook entry point).

    from sim.report.compare import compare
    c = compare("results/sweeps/policy_comparison/<id>")
    c.table, c.paired, c.config_diff, c.per_seed

Every scenario of a sweep runs on the same replicate seeds, so differences against the
reference are taken seed by seed (paired), which removes most of the run-to-run noise
that two independent samples would carry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.schema import RUN_PLUMBING_KEYS, TargetsConfig
from sim.outcomes import OUTCOME_NAMES, TARGET_NAMES, TARGETS, first_quarter, measure_all
from sim.report.load import Sweep, SweepError, load_sweep
from sim.report.stats import newcombe_paired, paired_difference, wilson_interval

MEASURES = OUTCOME_NAMES  # per-seed values compared across scenarios
# Keys that say how or where a run was made, not what was simulated.
_NOT_SCENARIO = ("hydra", "study", *RUN_PLUMBING_KEYS)


@dataclass
class Comparison:
    sweep: Sweep
    table: pd.DataFrame  # one row per scenario: the comparison table
    paired: pd.DataFrame  # scenario × measure: mean paired difference vs reference, 95% CI
    per_seed: pd.DataFrame  # scenario × seed: target values, met flags, fiscal cost
    attainment: pd.DataFrame  # scenario × target (+ all_targets): P with 95% interval
    config_diff: pd.DataFrame  # scenario × key: only keys that differ from the reference
    unpaired_seeds: int  # seeds not shared by every scenario (0 in a proper sweep)

    @property
    def reference(self) -> str:
        return self.sweep.reference.key


def compare(folder: str | Path | Sweep, reference: str | None = None) -> Comparison:
    sweep = folder if isinstance(folder, Sweep) else load_sweep(folder, reference)
    targets = sweep.targets()
    per_seed = _per_seed(sweep, targets)
    common = _common_seeds(per_seed)
    unpaired = int(per_seed["seed"].nunique() - len(common))
    attainment = _attainment(per_seed, sweep)
    return Comparison(
        sweep=sweep,
        table=_table(sweep, per_seed, attainment, targets, common),
        paired=_paired(sweep, per_seed, common),
        per_seed=per_seed,
        attainment=attainment,
        config_diff=config_diff(sweep),
        unpaired_seeds=unpaired,
    )


def _per_seed(sweep: Sweep, targets: TargetsConfig) -> pd.DataFrame:
    rows = []
    for s in sweep.scenarios:
        values = measure_all(sweep.province[sweep.province["scenario"] == s.key], targets)
        for o in TARGETS:
            evaluated = values[o.name].notna()
            values[f"met_{o.name}"] = o.met(values[o.name], o.threshold(targets)).where(
                evaluated)
        met = values[[f"met_{n}" for n in TARGET_NAMES]]
        # "All targets" only where each was evaluated (a short run cannot meet 2025's).
        values["met_all_targets"] = met.all(axis=1).where(met.notna().all(axis=1))
        values.insert(0, "scenario", s.key)
        rows.append(values.rename_axis("seed").reset_index())
    return pd.concat(rows, ignore_index=True)


def _common_seeds(per_seed: pd.DataFrame) -> list[int]:
    sets = [set(g["seed"]) for _, g in per_seed.groupby("scenario")]
    return sorted(set.intersection(*sets)) if sets else []


def _attainment(per_seed: pd.DataFrame, sweep: Sweep) -> pd.DataFrame:
    rows = []
    for s in sweep.scenarios:
        mine = per_seed[per_seed["scenario"] == s.key]
        for name in (*TARGET_NAMES, "all_targets"):
            met = mine[f"met_{name}"].dropna()
            n, k = len(met), int(met.astype(bool).sum())
            lo, hi = wilson_interval(k, n)
            rows.append({"scenario": s.key, "target": name, "evaluated": n > 0,
                         "probability": k / n if n else math.nan, "p_lo": lo, "p_hi": hi,
                         "n": n})
    return pd.DataFrame(rows)


def _table(sweep: Sweep, per_seed: pd.DataFrame, attainment: pd.DataFrame,
           targets: TargetsConfig, common: list[int]) -> pd.DataFrame:
    cf = sweep.counterfactual
    rows = []
    for s in sweep.scenarios:
        mine = per_seed[per_seed["scenario"] == s.key]
        province = sweep.province[sweep.province["scenario"] == s.key]
        row = {"scenario": s.key, "label_zh": s.label_zh, "label_en": s.label_en,
               "reference": s.is_reference, "counterfactual": s.is_counterfactual,
               "seeds": len(mine)}
        for name in (*TARGET_NAMES, "all_targets"):
            a = attainment[(attainment["scenario"] == s.key) & (attainment["target"] == name)]
            row[f"{name}_p"], row[f"{name}_p_lo"], row[f"{name}_p_hi"] = (
                float(a["probability"].iloc[0]), float(a["p_lo"].iloc[0]),
                float(a["p_hi"].iloc[0]))
            if name == "all_targets":
                continue
            v = mine[name].dropna()
            row[f"{name}_median"] = float(v.median()) if len(v) else math.nan
            row[f"{name}_p05"] = float(v.quantile(0.05)) if len(v) else math.nan
            row[f"{name}_p95"] = float(v.quantile(0.95)) if len(v) else math.nan
        for o in TARGETS:
            row[f"{o.name}_first_quarter"] = first_quarter(province, o, targets)
        row["cost_yi_median"] = float(mine["cost_yi"].median())
        row["cost_yi_p05"] = float(mine["cost_yi"].quantile(0.05))
        row["cost_yi_p95"] = float(mine["cost_yi"].quantile(0.95))
        row.update(_cost_per_extra_pilot(per_seed, s.key, cf.key if cf else None, common))
        rows.append(row)
    return pd.DataFrame(rows)


def _cost_per_extra_pilot(per_seed: pd.DataFrame, key: str, cf_key: str | None,
                          common: list[int]) -> dict[str, float]:
    """亿元 per extra pilot against the no-policy run: mean paired extra cost over mean
    paired extra pilots (a ratio of means, stable when single seeds add no pilot)."""
    out = {"yi_per_extra_pilot_region": math.nan, "yi_per_extra_pilot_enterprise": math.nan}
    if cf_key is None or key == cf_key or not common:
        return out
    a = _aligned(per_seed, key, common)
    b = _aligned(per_seed, cf_key, common)
    extra_cost = float((a["cost_yi"] - b["cost_yi"]).mean())
    for name, column in (("pilot_regions_2022", "yi_per_extra_pilot_region"),
                         ("pilot_enterprises_2022", "yi_per_extra_pilot_enterprise")):
        extra = float((a[name] - b[name]).mean())
        if extra > 0:  # no extra pilots: the cost per pilot is undefined, not infinite
            out[column] = extra_cost / extra
    return out


def _aligned(per_seed: pd.DataFrame, key: str, seeds: list[int]) -> pd.DataFrame:
    """One scenario's rows in the given seed order (the pairing)."""
    return per_seed[per_seed["scenario"] == key].set_index("seed").loc[seeds]


def _paired(sweep: Sweep, per_seed: pd.DataFrame, common: list[int]) -> pd.DataFrame:
    ref = sweep.reference.key
    base = _aligned(per_seed, ref, common)
    rows = []
    for s in sweep.scenarios:
        if s.key == ref:
            continue
        mine = _aligned(per_seed, s.key, common)
        for measure in (*MEASURES, *(f"met_{n}" for n in (*TARGET_NAMES, "all_targets"))):
            ok = mine[measure].notna() & base[measure].notna()
            if measure.startswith("met_"):
                # A difference of probabilities: Newcombe's paired score interval, which
                # never collapses to zero width when every seed agrees.
                diff = newcombe_paired(mine.loc[ok, measure].astype(bool),
                                       base.loc[ok, measure].astype(bool))
                method = "Newcombe paired score"
            else:
                diff = paired_difference(mine.loc[ok, measure].astype(float),
                                         base.loc[ok, measure].astype(float))
                method = "paired t"
            rows.append({"scenario": s.key, "reference": ref, "measure": measure,
                         "mean_difference": diff["mean"], "lo": diff["lo"], "hi": diff["hi"],
                         "pairs": diff["n"], "method": method})
    return pd.DataFrame(rows, columns=["scenario", "reference", "measure", "mean_difference",
                                       "lo", "hi", "pairs", "method"])


def _flatten(node: object, prefix: str = "") -> dict[str, object]:
    if isinstance(node, dict):
        out: dict[str, object] = {}
        for k, v in node.items():
            out.update(_flatten(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: node}


def config_diff(sweep: Sweep) -> pd.DataFrame:
    """For each scenario, the resolved-config keys whose value differs from the reference."""
    def flat(key: str) -> dict[str, object]:
        return {k: v for k, v in _flatten(sweep.configs[key]).items()
                if not any(k == p or k.startswith(p + ".") for p in _NOT_SCENARIO)}

    ref = flat(sweep.reference.key)
    rows = []
    for s in sweep.scenarios:
        if s.is_reference:
            continue
        mine = flat(s.key)
        for k in sorted(set(ref) | set(mine)):
            if mine.get(k) != ref.get(k):
                rows.append({"scenario": s.key, "key": k, "value": mine.get(k),
                             "reference_value": ref.get(k)})
    return pd.DataFrame(rows, columns=["scenario", "key", "value", "reference_value"])


__all__ = ["Comparison", "SweepError", "compare", "config_diff", "load_sweep"]

_ = np  # numpy arrays flow through paired_difference
