"""The score of one policy-search trial (``experiment=policy_search``).

``sim.__main__`` calls :func:`objective` at the end of each job when the sweeper is
Optuna's: two objectives, the median fiscal cost in 亿元 (minimised) and the probability
that every target is met at once (maximised). The probability threshold is not part of
the score: ``python -m sim.search_report`` applies it to the frontier afterwards.
"""

from __future__ import annotations


def objective(summary: dict) -> tuple[float, float]:
    """(median fiscal cost 亿元, P(all targets met)); P is 0.0 when not evaluated
    (a run too short to reach every checkpoint cannot be said to meet the targets)."""
    cost = float(summary["fiscal_cost_yi"]["median"])
    every = summary.get("all_targets") or {}
    p = every.get("probability")
    return cost, float(p) if every.get("evaluated") and p is not None else 0.0
