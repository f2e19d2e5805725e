"""Projections carry parameter uncertainty: N parameter sets × M seeds, paired across
packages, and the spread split into parameter and stochastic parts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.config.errors import ConfigError
from sim.parameters import (
    IDENTIFIED,
    POSTERIOR_FILE,
    apply,
    design,
    parameter_sets,
    read_posterior,
    unidentified_bounds,
)
from sim.run import plan_runs, run_scenario
from sim.store import run_key
from sim.uncertainty import drivers, split
from tests.conftest import SMALL, typed_cfg


def test_default_run_is_20_sets_by_2_seeds_from_the_committed_posterior():
    cfg = typed_cfg()
    assert cfg.run.parameters == "posterior" and design(cfg) == (20, 2)
    post = read_posterior()
    assert POSTERIOR_FILE.is_file() and len(post) >= 100
    assert set(IDENTIFIED) <= set(post.columns)


def test_sets_are_reproducible_paired_across_packages_and_extend_with_more_sets():
    a = parameter_sets(typed_cfg("policy=draft", "run.replicates=6", "run.parameter_sets=3"))
    b = parameter_sets(typed_cfg("policy=none", "run.replicates=6", "run.parameter_sets=3"))
    more = parameter_sets(typed_cfg("policy=draft", "run.replicates=5", "run.parameter_sets=5"))
    assert a == b  # the same draws whatever the package: common random numbers
    assert more[:3] == a
    assert len({s.posterior_row for s in more}) >= 2 or len(read_posterior()) == 1
    plan_a = plan_runs(typed_cfg("policy=draft", "run.replicates=6", "run.parameter_sets=3"))
    plan_b = plan_runs(typed_cfg("policy=none", "run.replicates=6", "run.parameter_sets=3"))
    assert plan_a.seeds == plan_b.seeds and plan_a.set_of_run == [0, 0, 1, 1, 2, 2]


def test_a_set_writes_posterior_rows_and_prior_draws_into_the_config():
    cfg = typed_cfg("run.replicates=2", "run.parameter_sets=2")
    post = read_posterior()
    s = parameter_sets(cfg)[1]
    out = apply(cfg, s)
    row = post.iloc[s.posterior_row]
    assert out.behaviour.innovation_p == pytest.approx(row["innovation_p"])
    assert out.world.baseline_adoption["manufacturing"]["sharing"] == pytest.approx(
        row["start_sharing"])
    for name, (lo, hi) in unidentified_bounds(cfg).items():
        assert lo <= s.values[name] <= hi, name
    assert any(k.startswith("behaviour.lever_effect.") for k in s.values)
    ratio = (out.world.baseline_adoption["services"]["sharing"]
             / cfg.world.baseline_adoption["services"]["sharing"])
    assert ratio == pytest.approx(s.values["world.baseline_adoption.services.scale"])
    assert cfg.behaviour.innovation_p != out.behaviour.innovation_p or row[
        "innovation_p"] == cfg.behaviour.innovation_p  # the original config is untouched
    # The store key holds the set: same seed, other set -> other key.
    other = apply(cfg, parameter_sets(cfg)[0])
    assert run_key(out, 7) != run_key(other, 7)


def test_fixed_mode_runs_the_config_values():
    cfg = typed_cfg("run.parameters=fixed", "run.replicates=3")
    assert design(cfg) == (1, 3)
    (only,) = parameter_sets(cfg)
    assert only.index == -1 and apply(cfg, only) is cfg


@pytest.mark.parametrize(("overrides", "needle"), [
    (["run.parameters=bogus"], "run.parameters"),
    (["run.replicates=30", "run.parameter_sets=20"], "multiple"),
])
def test_bad_design_is_refused(overrides, needle):
    with pytest.raises(ConfigError, match=needle):
        typed_cfg(*overrides)


def test_a_scenario_records_its_parameter_sets():
    cfg = typed_cfg(*SMALL, "run.end=2020Q4", "run.replicates=4", "run.parameter_sets=2",
                    "run.workers=1", "run.progress=false")
    result = run_scenario(cfg, use_store=False)
    prov = result.tables["province"]
    per_seed = prov.groupby("seed")["parameter_set"].first()
    assert sorted(per_seed.value_counts().to_dict().items()) == [(0, 2), (1, 2)]
    table = result.plan.parameter_table()
    assert list(table.index) == [0, 1] and "behaviour.imitation_q" in table.columns


def test_variance_split_recovers_a_known_design():
    rng = np.random.default_rng(0)
    n, m = 400, 4
    set_effect = rng.normal(0, 2.0, n)  # parameter variance 4
    y = np.repeat(set_effect, m) + rng.normal(0, 1.0, n * m)  # stochastic variance 1
    sets = pd.Series(np.repeat(np.arange(n), m))
    out = split(pd.Series(y), sets)
    assert out["parameter_share"] == pytest.approx(0.8, abs=0.05)
    assert out["stochastic_variance"] == pytest.approx(1.0, abs=0.1)
    assert not split(pd.Series(y[:n]), pd.Series(np.arange(n)))["estimable"]  # M = 1


def test_drivers_rank_the_parameter_that_moves_the_outcome_first():
    sets = pd.Series(np.repeat(np.arange(10), 2))
    params = pd.DataFrame({"a": np.arange(10.0), "b": np.r_[5, 1, 8, 2, 9, 0, 7, 3, 6, 4.0]})
    y = pd.Series(np.repeat(np.arange(10.0) * 3, 2))
    top = drivers(y, sets, params)
    assert top[0]["parameter"] == "a" and top[0]["rho"] == pytest.approx(1.0)
