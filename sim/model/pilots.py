"""The provincial pilot programme: criteria, applications, scoring, batch quotas and the
yearly evaluation (动态调整).  Vectorized; called by the Province in each Q4 review.

Each review, for enterprises and for regions:
1. *criteria* (the published bars): ``readiness`` = the weakest criterion relative to its
   bar, so 1.0 means "just meets every criterion"; non-pilots with readiness >= 1 are
   *candidates*;
2. *application*: each candidate applies with a yearly probability (``application_rate``
   raised by the promotion channel — promotion's only effect);
3. *scoring*: applicants are scored by a weighted sum of indicators in 0-1
   (``policy.pilots.*_score_weights``) and ranked; the province designates the highest
   scores up to the batch quota, with development zones taking at most
   ``region_zone_share`` of a regional batch;
4. *evaluation*: pilots are scored again every year; a pilot whose score fell since the
   last evaluation by more than ``revoke_drop``, or whose readiness fell below
   ``revoke_margin``, loses the status (revocation).
"""

from __future__ import annotations

import numpy as np

from sim.model.metrics import paths_held
from sim.model.params import PilotRules
from sim.model.vocabulary import SIZES

N_PATHS = 5
CROSS_SHARE_FULL = 0.5  # revenue share scored as full cross-sector integration (as the index)
PILOT_FIRMS_FULL = 3.0  # pilot enterprises in a region scored as full (assumption, as weights)


def _ratio(value: np.ndarray, bar: float) -> np.ndarray:
    return np.full(value.shape, np.inf) if bar <= 0 else value / bar


def enterprise_qualified(firms, rules: PilotRules) -> np.ndarray:
    """Strong service capability and industry influence: a listed size or a platform firm,
    and digitalization as the base of the other paths."""
    # A lookup per size (np.isin costs ~30 us whatever the sizes)
    allowed_size = np.array([s in rules.enterprise_sizes for s in SIZES])[firms.size]
    return (allowed_size | firms.platform_firm) & firms.adopted[:, 0]


def enterprise_readiness(firms, rules: PilotRules) -> np.ndarray:
    n_paths = paths_held(firms.adopted)
    # Each direction has its own cross-sector bar: manufacturers' service share of
    # revenue, service firms' manufacturing-facing share.
    cross = np.where(firms.kind == 0,
                     _ratio(firms.cross_share, rules.enterprise_min_cross_share),
                     _ratio(firms.cross_share, rules.service_min_cross_share))
    ready = np.minimum(_ratio(n_paths, rules.enterprise_min_paths), cross)
    return np.where(enterprise_qualified(firms, rules), np.minimum(ready, 1e6), 0.0)


def enterprise_score(firms, rules: PilotRules) -> np.ndarray:
    """Weighted indicators in 0-1: paths adopted, cross-sector revenue share, digital
    maturity (weights ``enterprise_score_weights``, normalised to sum 1)."""
    w = _weights(rules.enterprise_score_weights, ("paths", "cross_share", "digital"))
    return (w[0] * paths_held(firms.adopted) / N_PATHS
            + w[1] * np.minimum(firms.cross_share / CROSS_SHARE_FULL, 1.0)
            + w[2] * firms.digital)


def region_readiness(platforms: np.ndarray, adoption: np.ndarray, pilot_firms: np.ndarray,
                     strong_economy: np.ndarray, has_key_field: np.ndarray,
                     rules: PilotRules) -> np.ndarray:
    ready = np.minimum(_ratio(platforms.sum(axis=1), rules.region_min_platforms),
                       _ratio(adoption, rules.region_min_adoption))
    ready = np.minimum(ready, _ratio(pilot_firms, rules.region_min_pilot_firms))
    eligible = strong_economy & (has_key_field | (not rules.region_requires_key_field))
    return np.where(eligible, np.minimum(ready, 1e6), 0.0)


def region_score(platforms: np.ndarray, adoption: np.ndarray, pilot_firms: np.ndarray,
                 rules: PilotRules) -> np.ndarray:
    """Weighted indicators in 0-1: share of firms on >= 2 paths, public service platform
    types built (of 5), pilot enterprises located there (full at 3)."""
    w = _weights(rules.region_score_weights, ("adoption", "platforms", "pilot_firms"))
    return (w[0] * adoption + w[1] * platforms.sum(axis=1) / platforms.shape[1]
            + w[2] * np.minimum(pilot_firms / PILOT_FIRMS_FULL, 1.0))


def _weights(table: dict[str, float], keys: tuple[str, ...]) -> np.ndarray:
    w = np.array([float(table.get(k, 0.0)) for k in keys])
    return w / w.sum() if w.sum() > 0 else np.full(len(keys), 1.0 / len(keys))


def select(readiness: np.ndarray, score: np.ndarray, is_pilot: np.ndarray,
           apply_draw: np.ndarray, apply_prob: float, quota: int,
           is_zone: np.ndarray | None = None, zone_share: float = 1.0) -> tuple:
    """(candidates, applicants, designated, quota_bound): the highest-scoring applicants up
    to ``quota`` (0 = no quota), zones taking at most ``zone_share`` of the batch;
    quota_bound is True when applicants were turned away."""
    candidates = np.flatnonzero((readiness >= 1.0) & ~is_pilot)
    applicants = candidates[apply_draw[candidates] < apply_prob]
    order = applicants[np.argsort(-score[applicants], kind="stable")]  # ties: lower index
    if quota <= 0:
        return candidates, applicants, np.sort(order), False
    if is_zone is not None and zone_share < 1.0:
        max_zones = int(np.floor(zone_share * quota + 1e-9))
        zone_rank = np.cumsum(is_zone[order])
        order = order[~is_zone[order] | (zone_rank <= max_zones)]
    designated = np.sort(order[:quota])
    return candidates, applicants, designated, len(applicants) > len(designated)


def evaluate(readiness: np.ndarray, score: np.ndarray, last_score: np.ndarray,
             is_pilot: np.ndarray, rules: PilotRules) -> np.ndarray:
    """Indices of pilots that fail the yearly evaluation: readiness below the margin, or a
    score that fell since the last evaluation by more than ``revoke_drop``."""
    if not rules.review:
        return np.array([], dtype=np.int64)
    fell = score < last_score - rules.revoke_drop
    return np.flatnonzero(is_pilot & ((readiness < rules.revoke_margin) | fell))
