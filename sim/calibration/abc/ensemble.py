"""From the ABC posterior to the ensemble file projections read, plus its checks.

Each parameter set is run once more through the backcast (seeded) to get its 2020Q1
state — manufacturers' path shares at the start of 2020Q1 — which becomes the
projection's ``world.baseline_adoption.manufacturing`` for that set (columns
``start_<path>``), and its simulated series, which the report shows against the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.calibration.abc import simulate as sm
from sim.calibration.abc import targets as tg
from sim.model.vocabulary import PATHS


def build(sets: pd.DataFrame, firms_per_agent: int, seed: int) -> tuple[pd.DataFrame,
                                                                        pd.DataFrame]:
    """(ensemble with start_<path> columns, long series table of the backcast runs)."""
    base = sm.base_config(firms_per_agent)
    seeds = np.random.SeedSequence(seed).spawn(len(sets))
    rows, series = [], []
    for (_, s), ss in zip(sets.iterrows(), seeds, strict=True):
        theta = {k: float(s[k]) for k in sm.PRIORS}
        run_seed = int(ss.generate_state(1, dtype=np.uint32)[0])
        province = sm.run_backcast(sm.configure(base, theta), run_seed)
        start = sm.start_state(province)
        rows.append({**s.to_dict(), **{f"start_{p}": start[p] for p in PATHS},
                     "backcast_seed": run_seed})
        cols = [sm.indicator_column(p) for p in PATHS]
        frame = province[["quarter", *cols]].copy()
        frame["set"] = int(s["set"])
        frame["premium"] = theta["premium"]
        series.append(frame)
    ensemble = pd.DataFrame(rows)
    ensemble["set"] = ensemble["set"].astype(int)
    return ensemble, pd.concat(series, ignore_index=True)


def national_series(series: pd.DataFrame) -> pd.DataFrame:
    """The backcast series shifted back to the national scale, set by set."""
    out = series.copy()
    for p in PATHS:
        col = sm.indicator_column(p)
        out[col] = [tg.to_national(v, d) for v, d in zip(out[col], out["premium"], strict=True)]
    return out


def predictive_table(series: pd.DataFrame) -> pd.DataFrame:
    """Observed against simulated (national scale): each target's 5/50/95 % over sets."""
    nat = national_series(series)
    rows = []
    for t in tg.TARGETS:
        col = sm.indicator_column(t.path)
        by_set = nat.pivot_table(index="set", columns="quarter", values=col)
        if t.kind == "level":
            values = by_set[t.quarters[0]]
        else:
            years = sm._years(*t.quarters)
            values = (by_set[t.quarters[1]] - by_set[t.quarters[0]]) / years
        lo, med, hi = np.quantile(values, [0.05, 0.5, 0.95])
        rows.append({"target": t.key, "description": t.description, "observed": t.national,
                     "tolerance": t.scale, "sim_p05": lo, "sim_median": med, "sim_p95": hi,
                     "inside_band": bool(lo <= t.national <= hi), "source": t.source})
    return pd.DataFrame(rows)


def scale_bias(theta: dict[str, float], scaled_fpa: int, full_fpa: int, seeds: int,
               seed: int) -> pd.DataFrame:
    """The targets' statistics at the calibration's scale against (near) full scale, at
    one parameter set, over the same number of seeds each."""
    ss = np.random.SeedSequence(seed).spawn(seeds)
    run_seeds = [int(s.generate_state(1, dtype=np.uint32)[0]) for s in ss]
    out = {}
    for label, fpa in (("scaled", scaled_fpa), ("full", full_fpa)):
        base = sm.base_config(fpa)
        stats = pd.DataFrame([sm.simulate(base, theta, s) for s in run_seeds])
        out[f"{label}_mean"] = stats.mean()
        out[f"{label}_sd"] = stats.std(ddof=1)
    frame = pd.DataFrame(out)
    frame["difference"] = frame["scaled_mean"] - frame["full_mean"]
    frame["difference_in_tolerances"] = frame["difference"] / pd.Series(tg.scales())
    return frame.rename_axis("target").reset_index()
