"""The EMA Workbench example (experiments/ema_example.py) runs against the real model.

EMA Workbench 3 needs Python >= 3.12: tests/conftest.py leaves this file out of the
collection on 3.11 (collect_ignore), and CI's Python 3.12 leg runs it.
"""

from __future__ import annotations

import importlib.util

import numpy as np

from sim import api
from tests.conftest import ROOT


def _example():
    spec = importlib.util.spec_from_file_location("ema_example",
                                                  ROOT / "experiments" / "ema_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ema_parameters_come_from_the_configs_ranges():
    from ema_workbench import IntegerParameter, RealParameter

    params = {p.name: p for p in api.ema_parameters()}
    ranges = api.parameter_ranges()
    assert set(params) == set(ranges)
    q = params["behaviour.imitation_q"]
    assert isinstance(q, RealParameter)
    assert (q.lower_bound, q.upper_bound) == ranges["behaviour.imitation_q"]
    assert any(isinstance(p, IntegerParameter) for p in params.values()) or all(
        isinstance(p, RealParameter) for p in params.values())


def test_ema_example_runs_experiments_on_the_model():
    example = _example()
    experiments, outcomes = example.explore(scenarios=3, replicates=1, scale=40, seed=3)
    assert len(experiments) == 3
    ranges = api.parameter_ranges()
    for name in example.PARAMS:
        lo, hi = ranges[name]
        assert experiments[name].between(lo, hi).all(), name
    for key in api.OUTCOME_KEYS:
        assert len(outcomes[key]) == 3
    assert np.all((outcomes["all_targets_p"] >= 0) & (outcomes["all_targets_p"] <= 1))
    assert np.all(outcomes["cost_yi_median"] >= 0)
    # The points differ, and the model answers to them: not one constant outcome.
    assert experiments["behaviour.path_fit.scale"].nunique() == 3
