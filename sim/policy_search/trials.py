"""Reading a policy search: its trials, their table, the Pareto frontier and the choice."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.model.vocabulary import LEVER_GROUPS, quarter_index, quarter_label
from sim.outcomes import TARGET_NAMES
from sim.policy_search.objective import cost_block
from sim.report.stats import wilson_interval
from sim.results import MANIFEST, ResultsError, is_done, read_run

log = logging.getLogger("sim.policy_search")

RESULTS = "optimization_results.yaml"
P_EPS = 1e-9  # P(all) is a share of seeds: 9/10 must count as >= 0.9


class SearchError(ResultsError):
    """The folder is not a finished policy search (the message says why)."""


@dataclass
class Trial:
    num: int
    folder: Path
    summary: dict
    config: dict  # the job's resolved config (config.yaml)
    provenance: dict

    @property
    def policy(self) -> dict:
        return self.config["policy"]

    @property
    def overrides(self) -> list[str]:
        return list(self.provenance.get("command", [])[3:])  # after "python -m sim"


# ------------------------------------------------------------------ reading the search
def load_trials(sweep: Path) -> list[Trial]:
    """Every finished trial of the search in ``sweep``, in job order."""
    sweep = Path(sweep)
    if not sweep.is_dir():
        raise SearchError(f"'{sweep}' is not a folder; give the folder a policy search "
                          "printed (results/sweeps/policy_search/<id>)")
    if (sweep / MANIFEST).is_file():
        raise SearchError(f"'{sweep}' is a scenario sweep (it has sweep.json), not a policy "
                          f"search; compare it with: python -m sim.report {sweep}")
    trials = []
    for job in sorted((p for p in sweep.iterdir() if p.is_dir() and p.name.isdigit()),
                      key=lambda p: int(p.name)):
        if not is_done(job):
            continue  # a failed trial leaves no complete folder
        run = read_run(job, tables=())
        if "policy" not in run.config:
            raise SearchError(f"'{job / 'config.yaml'}' holds no policy section")
        trials.append(Trial(int(job.name), job, run.summary, run.config, run.provenance))
    if not trials:
        raise SearchError(f"'{sweep}' holds no finished trials (numbered folders with "
                          "summary.json); is it a policy search folder?")
    if not (sweep / RESULTS).is_file():
        log.warning("%s has no %s: the search did not finish; reporting its %d finished "
                    "trials", sweep, RESULTS, len(trials))
    return trials


def lever_names(policy: dict) -> list[tuple[str, str]]:
    """(group, lever) of every lever in a resolved policy section, in schema order."""
    return [(g, lever) for g in LEVER_GROUPS for lever in policy.get(g, {})]


def trials_table(trials: list[Trial]) -> pd.DataFrame:
    """One row per trial: cost, P(all) with its interval, each target, the settings."""
    rows = []
    for t in trials:
        s, pol = t.summary, t.policy
        every = s.get("all_targets") or {}
        evaluated = bool(every.get("evaluated")) and every.get("probability") is not None
        n = int(every.get("n") or s.get("replicates") or 0)
        p = float(every["probability"]) if evaluated else 0.0
        met = round(p * n)
        lo, hi = wilson_interval(met, n) if evaluated else (math.nan, math.nan)
        fc = cost_block(s)  # what the optimiser minimised
        row = {"trial": t.num, "cost_yi": float(fc["median"]), "cost_yi_p05": float(fc["p05"]),
               "cost_yi_p95": float(fc["p95"]),
               "fiscal_cost_yi": float(s["fiscal_cost_yi"]["median"]),
               "p_all": p, "p_all_lo": lo, "p_all_hi": hi,
               "seeds_all_met": met if evaluated else math.nan, "seeds": n,
               "p_all_evaluated": evaluated}
        for name in TARGET_NAMES:
            tt = s["targets"].get(name, {})
            row[f"p_{name}"] = math.nan if tt.get("probability") is None else tt["probability"]
        for name in TARGET_NAMES:
            tt = s["targets"].get(name, {})
            row[f"median_{name}"] = math.nan if tt.get("median") is None else tt["median"]
        delay = int(pol.get("delay_quarters", 0))
        starts = []
        for g, lever in lever_names(pol):
            lv = pol[g][lever]
            row[f"{g}.{lever}.intensity"] = float(lv["intensity"])
            if float(lv["intensity"]) > 0:
                starts.append(quarter_index(lv["start"]) + delay)
        row["delay_quarters"] = delay
        row["first_lever_start"] = quarter_label(min(starts)) if starts else ""
        row["budget_yi"] = float(pol["fund"]["budget_yi"])
        row["folder"] = t.folder.name
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ frontier and choice
def pareto_mask(cost, p) -> np.ndarray:
    """True where no other point has cost <= and P >= with one of them strict
    (minimise cost, maximise P). Identical points are all kept."""
    cost, p = np.asarray(cost, float), np.asarray(p, float)
    keep = np.ones(len(cost), bool)
    for i in range(len(cost)):
        better = (cost <= cost[i]) & (p >= p[i]) & ((cost < cost[i]) | (p > p[i]))
        keep[i] = not better.any()
    return keep


def select_best(table: pd.DataFrame, threshold: float) -> tuple[int, bool]:
    """(row position of the chosen trial, whether it meets the threshold).

    The cheapest trial with P(all) >= threshold (ties: higher P, then lower trial number);
    if no trial reaches the threshold, the one with the highest P(all) (ties: cheaper, then
    lower trial number). Either choice lies on the Pareto frontier."""
    if table.empty:
        raise SearchError("no trials to choose from")
    p, cost, num = (table[c].to_numpy(float) for c in ("p_all", "cost_yi", "trial"))
    ok = p >= threshold - P_EPS
    if ok.any():
        idx = np.flatnonzero(ok)
        order = np.lexsort((num[idx], -p[idx], cost[idx]))
        return int(idx[order[0]]), True
    order = np.lexsort((num, cost, -p))
    return int(order[0]), False


def mark(table: pd.DataFrame, threshold: float) -> tuple[pd.DataFrame, int, bool]:
    """The table with on_frontier / meets_threshold / best columns; the chosen row."""
    out = table.copy()
    out["on_frontier"] = pareto_mask(out["cost_yi"], out["p_all"])
    out["meets_threshold"] = out["p_all"] >= threshold - P_EPS
    best, meets = select_best(out, threshold)
    out["best"] = False
    out.loc[out.index[best], "best"] = True
    return out, best, meets
