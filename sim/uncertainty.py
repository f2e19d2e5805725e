"""Parameter against stochastic uncertainty of a scenario run as N parameter sets × M seeds.

For a target measure Y (or its attainment indicator 1[Y ≥ bar]) of run (set i, seed j),
the one-way random-effects split (Searle, Casella & McCulloch 1992, ch. 3):

    stochastic = mean_i var_j(Y_ij)                    (within a set: seed noise)
    parameter  = max(0, var_i(mean_j Y_ij) − stochastic / M)   (between sets, corrected)

Their shares of the sum say how much of the spread (and of the uncertainty of
P(target)) comes from what we do not know about the parameters, and how much from the
model's own randomness. The drivers are the parameters whose values rank-correlate most
with the set means (Spearman), over the N sets; with N = 20 a |ρ| below about 0.45 is
indistinguishable from noise (5 % level), and the summary says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NOISE_RHO_20 = 0.45  # two-sided 5 % critical |rho| of Spearman's test at n = 20


def split(values: pd.Series, sets: pd.Series) -> dict:
    """Variance split of ``values`` (one per run) grouped by ``sets`` (same index)."""
    frame = pd.DataFrame({"y": values.astype(float), "set": sets})
    groups = frame.groupby("set")["y"]
    m = int(groups.size().min())
    n = int(groups.ngroups)
    if n < 2 or m < 2:
        return {"sets": n, "seeds_per_set": m, "estimable": False,
                "parameter_share": None, "stochastic_share": None}
    stochastic = float(groups.var(ddof=1).mean())
    parameter = max(0.0, float(groups.mean().var(ddof=1)) - stochastic / m)
    total = parameter + stochastic
    share = parameter / total if total > 0 else None
    return {"sets": n, "seeds_per_set": m, "estimable": total > 0,
            "parameter_variance": parameter, "stochastic_variance": stochastic,
            "parameter_share": share, "stochastic_share": None if share is None else 1 - share}


def drivers(values: pd.Series, sets: pd.Series, parameters: pd.DataFrame,
            top: int = 3) -> list[dict]:
    """Parameters ranked by |Spearman ρ| between their value and the set mean of ``values``
    (``parameters``: one row per set, indexed by set)."""
    means = pd.DataFrame({"y": values.astype(float), "set": sets}).groupby("set")["y"].mean()
    table = parameters.loc[means.index]
    out = []
    if means.nunique() < 2:
        return out
    ranks_y = means.rank().to_numpy()
    for name in table.columns:
        x = table[name]
        if x.nunique() < 2:
            continue
        rho = float(np.corrcoef(x.rank().to_numpy(), ranks_y)[0, 1])
        out.append({"parameter": name, "rho": rho})
    out.sort(key=lambda d: -abs(d["rho"]))
    return out[:top]


def target_uncertainty(measures: dict[str, pd.Series], thresholds: dict[str, float],
                       sets: pd.Series, parameters: pd.DataFrame | None) -> dict:
    """Per target: P(attained) with the split of its indicator's variance and of the
    measure's, the spread of P over sets, and the parameters driving it."""
    out = {}
    for name, y in measures.items():
        y = y.dropna()
        if y.empty:
            continue
        s = sets.loc[y.index]
        hit = (y >= thresholds[name]).astype(float)
        by_set = hit.groupby(s).mean()
        entry = {
            "probability": float(hit.mean()),
            "probability_by_set_p05": float(by_set.quantile(0.05)),
            "probability_by_set_p95": float(by_set.quantile(0.95)),
            "attainment_split": split(hit, s),
            "measure_split": split(y, s),
        }
        if parameters is not None and len(parameters.columns):
            entry["drivers"] = drivers(y, s, parameters)
        out[name] = entry
    return out


def markdown_lines(uncertainty: dict, labels: dict[str, str]) -> list[str]:
    """Lines for summary.md and the terminal."""
    if not uncertainty:
        return []
    lines = ["", "Uncertainty: P(attained) integrates parameter sets and seeds; the split is "
             "of the variance of attainment (and of the target's measure).", "",
             "| target | P(attained) | P over sets, 5–95% | parameter / stochastic share "
             "(attainment) | (measure) | main drivers (Spearman ρ over sets) |",
             "|---|---:|---:|---:|---:|---|"]
    for name, e in uncertainty.items():
        a, m = e["attainment_split"], e["measure_split"]

        def share(d: dict) -> str:
            if not d.get("estimable"):
                if d.get("sets", 0) >= 2 and d.get("seeds_per_set", 0) >= 2:
                    return "no spread to split (the same in every run)"
                return "not estimable (needs ≥ 2 sets and ≥ 2 seeds per set)"
            return f"{d['parameter_share']:.0%} / {d['stochastic_share']:.0%}"

        drv = ", ".join(f"{d['parameter']} ({d['rho']:+.2f})" for d in e.get("drivers", []))
        lines.append(f"| {labels.get(name, name)} | {e['probability']:.2f} | "
                     f"{e['probability_by_set_p05']:.2f}–{e['probability_by_set_p95']:.2f} | "
                     f"{share(a)} | {share(m)} | {drv or '—'} |")
    lines.append(f"Drivers with |ρ| < {NOISE_RHO_20} (at 20 sets) are indistinguishable "
                 "from noise.")
    return lines
