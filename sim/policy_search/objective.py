"""The score of one policy-search trial: (median economic cost, P(all targets met))."""

from __future__ import annotations


def cost_block(summary: dict) -> dict:
    """The cost the search minimises: economic cost (fiscal + every other lever's
    shadow-priced cost, so non-fiscal levers are not free) when the run reports it, else
    fiscal cost (runs written before economic cost existed)."""
    return summary.get("economic_cost_yi") or summary["fiscal_cost_yi"]


def objective(summary: dict) -> tuple[float, float]:
    """(median economic cost 亿元, P(all targets met)); P is 0.0 when not evaluated (a run
    too short to reach every checkpoint cannot be said to meet the targets)."""
    cost = float(cost_block(summary)["median"])
    every = summary.get("all_targets") or {}
    p = every.get("probability")
    return cost, float(p) if every.get("evaluated") and p is not None else 0.0
