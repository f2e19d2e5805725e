"""The score of one policy-search trial: (median economic cost, P(all targets met))."""

from __future__ import annotations


def objective(summary: dict) -> tuple[float, float]:
    """(median economic cost 亿元 — fiscal where no economic cost is reported —, P(all targets met)); P is 0.0 when not evaluated
    (a run too short to reach every checkpoint cannot be said to meet the targets)."""
    # Economic cost (fiscal + shadow-priced resources) when the model reports it, so
    # non-fiscal levers are not free.
    cost = float((summary.get("economic_cost_yi") or summary["fiscal_cost_yi"])["median"])
    every = summary.get("all_targets") or {}
    p = every.get("probability")
    return cost, float(p) if every.get("evaluated") and p is not None else 0.0
