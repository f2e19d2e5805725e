"""Intervals for the comparison table: attainment probabilities and paired differences."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of a binomial share; sensible at 0 and at n, unlike Wald."""
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Rounded: float error would otherwise give bounds like 5e-17 for a share of 0.
    return (round(max(0.0, centre - half), 12), round(min(1.0, centre + half), 12))


def paired_difference(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> dict:
    """Mean of a_i - b_i over matched seeds, with a t interval over the n pairs.

    The arrays must be aligned seed by seed (the caller matches them). With n = 1 or no
    spread the interval collapses to the mean (reported as such, not hidden).
    """
    d = np.asarray(a, float) - np.asarray(b, float)
    n = len(d)
    if n == 0:
        return {"mean": math.nan, "lo": math.nan, "hi": math.nan, "n": 0}
    mean = float(d.mean())
    if n == 1:
        return {"mean": mean, "lo": math.nan, "hi": math.nan, "n": 1}
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * d.std(ddof=1) / math.sqrt(n))
    return {"mean": mean, "lo": mean - half, "hi": mean + half, "n": n}


def newcombe_paired(x: np.ndarray, y: np.ndarray, z: float = Z95) -> dict:
    """Difference of two paired proportions, mean(x) - mean(y) over matched seeds, with
    Newcombe's hybrid score interval (method 10, Newcombe 1998, Stat Med 17:2635).

    Unlike a t interval on the 0/1 differences, it never collapses to zero width: when
    every seed agrees (both met, or both missed) the interval still spans what n seeds
    cannot rule out, and it stays inside [-1, 1].
    """
    x, y = np.asarray(x, bool), np.asarray(y, bool)
    n = len(x)
    if n == 0:
        return {"mean": math.nan, "lo": math.nan, "hi": math.nan, "n": 0}
    a, b = int((x & y).sum()), int((x & ~y).sum())
    c, d = int((~x & y).sum()), int((~x & ~y).sum())
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_interval(a + b, n, z)
    l2, u2 = wilson_interval(a + c, n, z)
    # The correlation of the pair, continuity-corrected as Newcombe recommends (and as
    # Altman et al., "Statistics with confidence", 2000, p. 52 work it out).
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c
    corrected = cross - n / 2 if cross > n / 2 else (cross if cross < 0 else 0.0)
    phi = corrected / math.sqrt(denom) if denom else 0.0
    delta = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2)
                          + (u2 - p2) ** 2))
    eps = math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2)
                        + (p2 - l2) ** 2))
    diff = p1 - p2
    return {"mean": diff, "lo": max(-1.0, diff - delta), "hi": min(1.0, diff + eps), "n": n}


def newcombe_unpaired(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> dict:
    """Difference of two independent proportions k1/n1 - k2/n2 with Newcombe's hybrid
    score interval (method 10 for unpaired samples)."""
    if n1 == 0 or n2 == 0:
        return {"mean": math.nan, "lo": math.nan, "hi": math.nan, "n": min(n1, n2)}
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    diff = p1 - p2
    return {"mean": diff, "lo": diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
            "hi": diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), "n": min(n1, n2)}
