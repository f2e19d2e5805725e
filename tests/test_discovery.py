"""PRIM scenario discovery: known-answer rules on synthetic data, bad input, trajectory shape."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from sim.sensitivity.discovery import Box, best_box, describe, discover, prim, prune

COLS = ["x1", "x2", "x3", "x4"]
RANGES = {c: (0.0, 1.0) for c in COLS}


def uniform_X(seed: int = 0, n: int = 2000) -> pd.DataFrame:
    return pd.DataFrame(np.random.default_rng(seed).uniform(size=(n, 4)), columns=COLS)


def numbers(text: str) -> list[float]:
    return [float(s) for s in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\d%])", text)]


def noisy_two_dim(seed: int = 1):
    X = uniform_X(seed)
    y = ((X.x1 < 0.4) & (X.x2 > 0.6)).to_numpy()
    flip = np.random.default_rng(seed + 100).random(len(y)) < 0.05  # 5% label noise
    return X, y ^ flip


def test_one_dimensional_rule_is_recovered():
    X = uniform_X()
    y = X.x1 < 0.3
    box = best_box(prim(X, y))
    assert list(box.limits) == ["x1"]
    lo, hi = box.limits["x1"]
    assert lo == -np.inf  # never peeled from below, so no lower bound is claimed
    assert abs(hi - 0.3) <= 0.05
    assert box.density >= 0.95 and box.coverage >= 0.85
    text = describe(box, RANGES, "目标", "the target")
    for lang in ("zh", "en"):
        assert "x1" in text[lang]
        assert not any(c in text[lang] for c in COLS[1:])
        assert "<" in text[lang] and ">" not in text[lang]
        assert any(abs(v - 0.3) <= 0.05 for v in numbers(text[lang])), text[lang]


@pytest.mark.parametrize("threshold", [0.8, 0.9])
def test_two_dimensional_rule_with_label_noise(threshold):
    X, y = noisy_two_dim()
    box = best_box(prim(X, y, threshold=threshold), threshold)
    assert set(box.limits) == {"x1", "x2"}
    assert box.limits["x1"][0] == -np.inf and box.limits["x2"][1] == np.inf
    assert box.density >= threshold
    # At 0.8 PRIM may stop on a looser box (the first one dense enough); near the noise
    # ceiling (0.95) the box must sit on the true edges.
    tol = 0.08 if threshold == 0.8 else 0.03
    assert abs(box.limits["x1"][1] - 0.4) <= tol
    assert abs(box.limits["x2"][0] - 0.6) <= tol
    text = describe(box, RANGES, "目标", "the target", labels={"x1": ("模仿系数", "imitation_q")})
    assert "模仿系数 <" in text["zh"] and "x2 >" in text["zh"] and " 且 " in text["zh"]
    assert "imitation_q <" in text["en"] and "x2 >" in text["en"] and "x1" not in text["en"]


@pytest.mark.parametrize("missed,which", [(True, "all"), (False, "none")])
def test_all_or_no_misses(missed, which):
    X = uniform_X(n=200)
    y = np.full(200, missed)
    res = discover(X, y, RANGES, "目标", "the target")
    assert res["found"] is False and res["best"] is None and res["trajectory"] == []
    assert res["reason"] == f"missed_in_{which}"
    assert f"no box: the target is missed in {which} of the 200 runs" in res["rule"]["en"]
    assert "无规则" in res["rule"]["zh"]
    json.dumps(res, allow_nan=False)
    with pytest.raises(ValueError, match=f"missed in {which} of the 200 runs"):
        prim(X, y)


def test_bad_input_is_named():
    X = uniform_X(n=100)
    y = (X.x1 < 0.5).to_numpy()
    with pytest.raises(ValueError, match="length mismatch: X has 100 rows but y has 99"):
        prim(X, y[:99])
    X_nan = X.copy()
    X_nan.loc[3, "x3"] = np.nan
    with pytest.raises(ValueError, match=r"NaN in columns: \['x3'\]"):
        prim(X_nan, y)
    with pytest.raises(ValueError, match="NaN in columns"):
        discover(X_nan, y, RANGES, "目标", "the target")
    with pytest.raises(ValueError, match="y contains NaN"):
        prim(X, np.where(y, 1.0, np.nan))
    with pytest.raises(ValueError, match="y must be boolean"):
        prim(X, np.arange(100))


def test_trajectory_is_monotone_and_nested():
    X, y = noisy_two_dim(seed=2)
    traj = prim(X, y, min_mass=0.05)
    assert len(traj) > 5
    start = traj[0]
    assert start.limits == {} and start.mass == 1.0 and start.coverage == 1.0
    assert start.density == pytest.approx(y.mean())
    for a, b in zip(traj, traj[1:], strict=False):
        assert b.density > a.density  # a peel is only taken when it raises density
        assert b.mass < a.mass and b.coverage <= a.coverage
    assert traj[-1].mass >= 0.05
    assert all(len(b.limits) <= 3 for b in traj)
    # The recorded limits reproduce the box exactly (inclusive), so stats are checkable.
    last = traj[-1]
    inside = np.ones(len(y), dtype=bool)
    for name, (lo, hi) in last.limits.items():
        inside &= X[name].between(lo, hi).to_numpy()
    assert inside.sum() == last.n_inside
    assert y[inside].mean() == pytest.approx(last.density)


def test_max_dims_caps_restricted_dimensions():
    X, y = noisy_two_dim(seed=3)
    traj = prim(X, y, max_dims=1)
    assert all(len(b.limits) <= 1 for b in traj) and len(traj[-1].limits) == 1


def test_describe_between_formatting_and_discover_is_json():
    box = Box({"fund": (12.345, 22000.0), "q": (-np.inf, 0.31)}, 0.6, 0.85, 0.2, 40)
    text = describe(box, {"fund": (0.0, 50000.0), "q": (0.0, 1.0)}, "2022年试点区域目标",
                    "the 2022 pilot-region target", labels={"fund": ("专项资金", "the fund")})
    assert "专项资金 介于 12.3 与 22000 之间" in text["zh"]
    assert "85% 的运行中未达成（覆盖 60% 的未达成运行）" in text["zh"]
    # Most restricted first: q keeps 31% of its range, the fund 44% of its range.
    assert text["en"] == ("When q < 0.31 and the fund is between 12.3 and 22000, the 2022 "
                          "pilot-region target is missed in 85% of runs (these runs hold 60% "
                          "of all misses).")
    # A bound at (or outside) the declared range is not a condition worth stating.
    assert "q" not in describe(box, {"fund": (0, 5e4), "q": (0.0, 0.2)}, "t", "t")["en"]
    X, y = noisy_two_dim()
    res = discover(X, y, RANGES, "目标", "the target")
    assert res["found"] and res["best"] == res["trajectory"][res["best_index"]]
    assert res["best"]["limits"]["x1"][0] is None  # unbounded side -> null, not -Infinity
    json.dumps(res, allow_nan=False)
    assert discover(X, y, RANGES, "目标", "the target") == res  # deterministic


def test_prune_drops_a_restriction_that_carries_nothing():
    rng = np.random.default_rng(7)
    X = pd.DataFrame(rng.uniform(size=(2000, 3)), columns=["x1", "x2", "x3"])
    y = (X["x1"] < 0.3).to_numpy()
    # A box that also (needlessly) cuts x2: pruning must keep x1 only, at the same density.
    limits = {"x1": (-np.inf, 0.3), "x2": (-np.inf, 0.9)}
    inside = (X["x1"] <= 0.3) & (X["x2"] <= 0.9)
    noisy = Box(limits, float(y[inside].sum() / y.sum()), float(y[inside].mean()),
                float(inside.mean()), int(inside.sum()))
    pruned = prune(noisy, X, y)
    assert list(pruned.limits) == ["x1"]
    assert pruned.density == pytest.approx(1.0) and pruned.coverage == pytest.approx(1.0)
    # A restriction that carries the rule stays.
    assert list(prune(Box({"x1": (-np.inf, 0.3)}, 1.0, 1.0, 0.3, 600), X, y).limits) == ["x1"]
