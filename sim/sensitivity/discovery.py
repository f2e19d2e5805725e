"""Scenario discovery with PRIM: under which parameter conditions is a policy target missed?

PRIM (Friedman & Fisher 1999; used for scenario discovery by Bryant & Lempert 2010 and the
EMA Workbench) peels thin slices off a box around the parameter space, each time keeping the
slice removal that most raises the share of "target missed" runs inside. The result is a
trajectory of nested boxes trading coverage (how many misses a rule explains) for density (how
reliably the rule predicts a miss). Only numpy and pandas are used so the module can run on
saved sweep results anywhere, and there is no randomness: the same runs give the same rule.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

INF = math.inf


@dataclass(frozen=True)
class Box:
    # Only restricted dimensions; a side that was never peeled is -inf / +inf, so that the
    # description does not mistake the smallest sampled value for a real bound.
    limits: dict[str, tuple[float, float]]
    coverage: float  # share of all cases of interest (y True) inside the box
    density: float  # share of cases inside the box that are of interest
    mass: float  # share of all cases inside the box
    n_inside: int


def _validate(X: pd.DataFrame, y) -> tuple[np.ndarray, np.ndarray]:
    """Return (X as float matrix, y as bool vector) or raise ValueError naming the problem."""
    if not isinstance(X, pd.DataFrame) or X.shape[1] == 0 or len(X) == 0:
        raise ValueError("X must be a non-empty pandas DataFrame with one column per parameter")
    bad = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    if bad:
        raise ValueError(f"X columns must be numeric; not numeric: {bad}")
    yv = np.asarray(y)  # positional: a Series index is deliberately not aligned to X
    if yv.ndim != 1 or len(yv) != len(X):
        raise ValueError(f"length mismatch: X has {len(X)} rows but y has {yv.size} values")
    nan_cols = [str(c) for c in X.columns if X[c].isna().any()]
    if nan_cols:
        raise ValueError(f"X contains NaN in columns: {nan_cols}")
    if pd.isna(yv).any():
        raise ValueError("y contains NaN/missing values")
    if yv.dtype != bool and not np.isin(yv, (0, 1)).all():
        raise ValueError("y must be boolean (True = target missed) or 0/1")
    return X.to_numpy(dtype=float), yv.astype(bool)


def _box(limits: dict, inside: np.ndarray, y: np.ndarray) -> Box:
    n_in = int(inside.sum())
    hits = int(y[inside].sum())
    return Box(dict(limits), hits / int(y.sum()), hits / n_in, n_in / len(y), n_in)


def prim(X: pd.DataFrame, y, *, alpha: float = 0.05, min_mass: float = 0.05,
         threshold: float = 0.8, max_dims: int = 3) -> list[Box]:
    """Peeling trajectory from the full box (density = base rate) to the last useful peel.

    ``threshold`` does not stop the peel (the whole trade-off stays visible); it is checked here
    so a bad value fails before the work, and is applied by :func:`best_box`. ``max_dims``
    caps how many dimensions a box may restrict, because rules over many parameters are
    neither readable nor robust (they mostly chase sampling noise).
    """
    if not 0 < alpha < 0.5 or not 0 < min_mass <= 1 or not 0 < threshold <= 1 or max_dims < 1:
        raise ValueError("need 0 < alpha < 0.5, 0 < min_mass <= 1, 0 < threshold <= 1, "
                         "max_dims >= 1")
    x, yv = _validate(X, y)
    if yv.all() or not yv.any():
        which = "all" if yv.all() else "none"
        raise ValueError(f"no box: the target is missed in {which} of the {len(yv)} runs, "
                         "so there is nothing to separate misses from hits")
    names = [str(c) for c in X.columns]
    n = len(yv)
    inside = np.ones(n, dtype=bool)
    limits: dict[str, tuple[float, float]] = {}
    trajectory = [_box(limits, inside, yv)]
    while True:
        best = None  # (density, mass, keep-mask, name, new limits)
        cur = trajectory[-1]
        for j, name in enumerate(names):
            if name not in limits and len(limits) >= max_dims:
                continue
            col = x[inside, j]
            lo, hi = limits.get(name, (-INF, INF))
            for side in ("lower", "upper"):
                cut = np.quantile(col, alpha if side == "lower" else 1 - alpha)
                keep = col >= cut if side == "lower" else col <= cut
                if keep.all():  # the quantile sits on a tied extreme (discrete parameter):
                    keep = col > cut if side == "lower" else col < cut  # drop that level
                n_keep = int(keep.sum())
                if n_keep == len(col) or n_keep / n < min_mass:
                    continue
                dens = yv[inside][keep].mean()
                # Tight, inclusive limits from the kept data: the box then holds exactly the
                # kept runs, and reported numbers are values that were actually sampled.
                new = (col[keep].min(), hi) if side == "lower" else (lo, col[keep].max())
                if best is None or (dens, n_keep) > (best[0], best[1]):
                    best = (dens, n_keep, keep, name, new)
        if best is None or best[0] <= cur.density:  # nothing left to peel, or no gain
            break
        mask = inside.copy()
        mask[inside] = best[2]
        inside = mask
        limits[best[3]] = (float(best[4][0]), float(best[4][1]))
        trajectory.append(_box(limits, inside, yv))
    return trajectory


def best_box(trajectory: list[Box], threshold: float = 0.8) -> Box:
    """Highest coverage among boxes with density >= threshold, else the densest box.

    Ties in coverage go to the denser box: a peel that removed only hits keeps every miss
    and makes the rule more reliable, so it is strictly better.
    """
    if not trajectory:
        raise ValueError("empty trajectory")
    ok = [b for b in trajectory if b.density >= threshold]
    if ok:
        return max(ok, key=lambda b: (b.coverage, b.density))
    return max(trajectory, key=lambda b: (b.density, b.coverage))


def prune(box: Box, X: pd.DataFrame, y, tolerance: float = 0.02) -> Box:
    """Drop restrictions that barely matter: repeatedly remove the restriction whose removal
    costs the least density, while the density falls by at most ``tolerance``. Peeling
    often trims thin slivers off many dimensions; a rule an analyst can act on names only
    the conditions that carry it (the reported coverage and density are recomputed)."""
    xv, yv = _validate(X, y)
    cols = {str(c): i for i, c in enumerate(X.columns)}

    def inside(limits: dict) -> np.ndarray:
        mask = np.ones(len(yv), bool)
        for name, (lo, hi) in limits.items():
            mask &= (xv[:, cols[name]] >= lo) & (xv[:, cols[name]] <= hi)
        return mask

    current = box
    while len(current.limits) > 1:
        trials = []
        for name in current.limits:
            rest = {k: v for k, v in current.limits.items() if k != name}
            trials.append(_box(rest, inside(rest), yv))
        candidate = max(trials, key=lambda b: (b.density, b.coverage))
        if candidate.density < box.density - tolerance:
            break
        current = candidate
    return current


def _num(v: float) -> str:
    """3 significant digits, without scientific notation for everyday magnitudes."""
    r = float(f"{v:.3g}")
    return f"{r:g}" if r == 0 or 1e-4 <= abs(r) < 1e6 else f"{v:.3g}"


def describe(box: Box, ranges: dict[str, tuple[float, float]], outcome_zh: str, outcome_en: str,
             labels: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """Plain-language rule in zh and en; only sides strictly inside ``ranges`` are mentioned."""
    labels = labels or {}
    parts = []  # (share of the range cut away, zh condition, en condition)
    for name, (lo, hi) in box.limits.items():
        rlo, rhi = ranges.get(name, (-INF, INF))
        has_lo, has_hi = lo > rlo, hi < rhi
        if not (has_lo or has_hi):
            continue
        zh, en = labels.get(name, (name, name))
        if has_lo and has_hi:
            czh, cen = f"{zh} 介于 {_num(lo)} 与 {_num(hi)} 之间", f"{en} is between " \
                f"{_num(lo)} and {_num(hi)}"
        elif has_hi:
            czh, cen = f"{zh} < {_num(hi)}", f"{en} < {_num(hi)}"
        else:
            czh, cen = f"{zh} > {_num(lo)}", f"{en} > {_num(lo)}"
        width = rhi - rlo
        cut = ((lo - rlo if has_lo else 0) + (rhi - hi if has_hi else 0)) / width \
            if math.isfinite(width) and width > 0 else 0.0
        parts.append((cut, czh, cen))
    parts.sort(key=lambda p: -p[0])  # most restricted first: the condition that matters most
    d, c = f"{box.density:.0%}", f"{box.coverage:.0%}"
    if not parts:
        return {"zh": f"未找到更窄的条件：{outcome_zh}在全部运行中有 {d} 未达成",
                "en": f"No narrower condition found: {outcome_en} is missed in {d} of all runs."}
    zh = " 且 ".join(p[1] for p in parts)
    en = " and ".join(p[2] for p in parts)
    return {"zh": f"当 {zh} 时，{outcome_zh}在 {d} 的运行中未达成（覆盖 {c} 的未达成运行）",
            "en": f"When {en}, {outcome_en} is missed in {d} of runs "
                  f"(these runs hold {c} of all misses)."}


def _plain(box: Box) -> dict:
    """JSON-safe dict: numpy scalars to Python, unbounded sides (±inf) to None."""
    d = asdict(box)
    d["limits"] = {k: [None if math.isinf(v) else float(v) for v in lim]
                   for k, lim in box.limits.items()}
    return {k: (float(v) if isinstance(v, float) else v) for k, v in d.items()}


def discover(X, y, ranges, outcome_zh, outcome_en, labels=None, **prim_kwargs) -> dict:
    """Trajectory, best box and rule text as plain data; an explicit no-box result when the
    target is missed in all or none of the runs (a normal sweep outcome, not an error)."""
    _, yv = _validate(X, y)
    n, k = len(yv), int(yv.sum())
    ranges = ranges if ranges is not None else {
        str(c): (float(X[c].min()), float(X[c].max())) for c in X.columns}
    out = {"n_runs": n, "n_missed": k, "base_rate": k / n}
    if k in (0, n):
        which = "all" if k == n else "none"
        zh = "均未达成" if k == n else "均已达成"
        return out | {"found": False, "reason": f"missed_in_{which}", "trajectory": [],
                      "best": None, "best_index": None, "rule": {
                          "zh": f"无规则：{outcome_zh}在全部 {n} 次运行中{zh}，"
                                "没有可区分达成与未达成的条件",
                          "en": f"no box: {outcome_en} is missed in {which} of the {n} runs, "
                                "so no condition separates misses from hits."}}
    traj = prim(X, yv, **prim_kwargs)
    chosen = best_box(traj, prim_kwargs.get("threshold", 0.8))
    best = prune(chosen, X, yv)
    return out | {"found": True, "reason": None, "trajectory": [_plain(b) for b in traj],
                  "best": _plain(best), "best_index": traj.index(chosen),
                  "peeled": _plain(chosen),
                  "rule": describe(best, ranges, outcome_zh, outcome_en, labels)}
