"""Sensitivity indices with SALib: Sobol first/total order and Morris μ*, with intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config.sample_space import Problem


def sobol_indices(problem: Problem, y: np.ndarray, seed: int = 1) -> pd.DataFrame:
    """S1 and ST with 95% bootstrap intervals (half-widths); y in Saltelli sample order."""
    from SALib.analyze import sobol

    res = sobol.analyze(problem.salib(), np.asarray(y, float), calc_second_order=False,
                        conf_level=0.95, num_resamples=200, seed=seed, print_to_console=False)
    return pd.DataFrame({"parameter": problem.names, "S1": res["S1"],
                         "S1_conf": res["S1_conf"], "ST": res["ST"],
                         "ST_conf": res["ST_conf"]}).sort_values("ST", ascending=False,
                                                                 ignore_index=True)


def morris_indices(problem: Problem, x: np.ndarray, y: np.ndarray, seed: int = 1
                   ) -> pd.DataFrame:
    """μ* (mean absolute elementary effect) with its 95% interval, and σ."""
    from SALib.analyze import morris

    res = morris.analyze(problem.salib(), np.asarray(x, float), np.asarray(y, float),
                         conf_level=0.95, num_levels=4, num_resamples=200, seed=seed,
                         print_to_console=False)
    return pd.DataFrame({"parameter": problem.names, "mu_star": res["mu_star"],
                         "mu_star_conf": res["mu_star_conf"], "sigma": res["sigma"]}
                        ).sort_values("mu_star", ascending=False, ignore_index=True)


def indices(method: str, problem: Problem, x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    if method == "sobol":
        return sobol_indices(problem, y)
    if method == "morris":
        return morris_indices(problem, x, y)
    raise ValueError(f"no sensitivity indices for a '{method}' sample; use sobol or morris "
                     "(an lhs sample is for scenario discovery)")
