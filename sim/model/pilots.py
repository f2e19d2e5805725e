"""Yearly pilot selection, review and revocation (vectorized; called by the Province).

Readiness is the weakest of an applicant's criteria relative to its bar, so 1.0 means
"just meets every criterion".  Eligible applicants apply with a yearly probability
(raised by the promotion lever); quotas, when set, admit the readiest first.  With the
dynamic review on, pilots whose readiness falls below ``revoke_margin`` lose the status.
"""

from __future__ import annotations

import numpy as np

from sim.model.params import PilotRules
from sim.model.vocabulary import SIZES


def _ratio(value: np.ndarray, bar: float) -> np.ndarray:
    return np.full(value.shape, np.inf) if bar <= 0 else value / bar


def enterprise_readiness(firms, rules: PilotRules) -> np.ndarray:
    n_paths = firms.adopted.sum(axis=1)
    ready = np.minimum(_ratio(n_paths, rules.enterprise_min_paths),
                       _ratio(firms.cross_share, rules.enterprise_min_cross_share))
    allowed_size = np.isin(firms.size, [SIZES.index(s) for s in rules.enterprise_sizes])
    # Strong service capability and industry influence: a listed size or a platform firm,
    # and digitalization as the base of the other paths.
    qualified = (allowed_size | firms.platform_firm) & firms.adopted[:, 0]
    return np.where(qualified, np.minimum(ready, 1e6), 0.0)


def region_readiness(platforms: np.ndarray, adoption: np.ndarray, pilot_firms: np.ndarray,
                     strong_economy: np.ndarray, rules: PilotRules) -> np.ndarray:
    ready = np.minimum(_ratio(platforms.sum(axis=1), rules.region_min_platforms),
                       _ratio(adoption, rules.region_min_adoption))
    ready = np.minimum(ready, _ratio(pilot_firms, rules.region_min_pilot_firms))
    return np.where(strong_economy, np.minimum(ready, 1e6), 0.0)


def select(readiness: np.ndarray, is_pilot: np.ndarray, apply_draw: np.ndarray,
           apply_prob: float, quota: int) -> np.ndarray:
    """Indices of new pilots: eligible, applying, within the quota (readiest first)."""
    candidates = np.flatnonzero((readiness >= 1.0) & ~is_pilot & (apply_draw < apply_prob))
    if quota > 0 and len(candidates) > quota:
        order = np.argsort(-readiness[candidates], kind="stable")
        candidates = np.sort(candidates[order[:quota]])
    return candidates


def revoke(readiness: np.ndarray, is_pilot: np.ndarray, rules: PilotRules) -> np.ndarray:
    """Indices of pilots that fail the dynamic review."""
    if not rules.review:
        return np.array([], dtype=np.int64)
    return np.flatnonzero(is_pilot & (readiness < rules.revoke_margin))
