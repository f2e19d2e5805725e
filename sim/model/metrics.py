"""Pure functions: the integration-level index and target attainment.

Integration level (两业融合发展水平): coupling coordination degree D of a manufacturing
subsystem score U1 and a services subsystem score U2 (zhejiang-facts.md):
    C = 2·sqrt(U1·U2)/(U1+U2),  T = a·U1 + b·U2 (a = b = 0.5),  D = sqrt(C·T).
Indicators (each in 0–1, revenue-weighted over the subsystem's firms, equal weights):
    U1 (manufacturers): digital maturity; service share of revenue / 0.5; paths adopted / 5
    U2 (service firms): manufacturing-facing share / 0.5; platform connection; paths / 5
Equal indicator weights replace the entropy weights of the literature, which need a
panel of observed years the model does not have (assumption; documented in docs/ODD.md).
"""

from __future__ import annotations

import numpy as np

CROSS_SHARE_REF = 0.5  # share of revenue that counts as full integration (assumption)
GRADES_ZH = ("极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
             "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调")
GRADES_EN = ("extreme disorder", "severe disorder", "moderate disorder", "mild disorder",
             "near disorder", "barely coordinated", "primary coordination",
             "intermediate coordination", "good coordination", "quality coordination")


def coupling_coordination(u1: np.ndarray, u2: np.ndarray, a: float = 0.5) -> tuple:
    """(C, T, D) for arrays of subsystem scores in 0–1."""
    u1, u2 = np.asarray(u1, float), np.asarray(u2, float)
    total = u1 + u2
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where(total > 0, 2.0 * np.sqrt(u1 * u2) / total, 0.0)
    t = a * u1 + (1.0 - a) * u2
    return c, t, np.sqrt(c * t)


def grade(d: float) -> int:
    """Ten-grade class index 0..9 of a coordination degree D."""
    return int(min(9, max(0, np.floor(d * 10))))


def subsystem_sums(firms, connected: np.ndarray, groups: np.ndarray, n_groups: int):
    """Per group: revenue-weighted sums of each subsystem's mean indicator, and the weights.

    The three indicators of a subsystem share its weights, so their average is one
    weighted mean; returning sums lets callers pool groups (cities → province) exactly.
    """
    paths = firms.adopted.sum(axis=1) / firms.adopted.shape[1]
    cross = np.minimum(firms.cross_share / CROSS_SHARE_REF, 1.0)
    mfg = firms.kind == 0
    w_m = firms.revenue_yi * mfg
    w_s = firms.revenue_yi * ~mfg
    score_m = (firms.digital + cross + paths) / 3.0
    score_s = (cross + connected + paths) / 3.0
    return (np.bincount(groups, weights=score_m * w_m, minlength=n_groups),
            np.bincount(groups, weights=w_m, minlength=n_groups),
            np.bincount(groups, weights=score_s * w_s, minlength=n_groups),
            np.bincount(groups, weights=w_s, minlength=n_groups))


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (a group without firms of that kind)."""
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.zeros(num.shape), where=den > 0)


def attainment(values: np.ndarray, threshold: float) -> dict:
    """Probability a target is met over replicate values, with median and 5–95% band."""
    v = np.asarray(values, float)
    return {
        "threshold": float(threshold),
        "probability": float(np.mean(v >= threshold)) if len(v) else float("nan"),
        "median": float(np.median(v)),
        "p05": float(np.quantile(v, 0.05)),
        "p95": float(np.quantile(v, 0.95)),
        "mean": float(np.mean(v)),
        "n": int(len(v)),
    }
