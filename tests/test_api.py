"""The Python API (sim.api) and the Mesa-facing model (from sim import IntegrationModel)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import mesa
import pandas as pd
import pytest

from sim import api
from sim.config.errors import ConfigError
from sim.model.params import PolicyConfig
from sim.results import TABLES
from tests.conftest import ROOT, SMALL, subprocess_env

TINY = {"world.manufacturers": 1200, "world.service_firms": 1000, "run.replicates": 2,
        "run.end": "2022Q4"}


def test_compose_from_any_folder_without_importing_sim_first(tmp_path):
    """A fresh interpreter in an unrelated folder: schemas registered, configs found."""
    code = ("from sim import api; c = api.compose({'policy': 'all_in', 'run.replicates': 3}); "
            "print(c.policy.name, c.run.replicates, c.run.output_root)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=subprocess_env(),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    name, reps, root = out.stdout.split()
    assert (name, reps) == ("all_in", "3")
    assert root == str(ROOT / "results"), "results must land in the project, not the cwd"


@pytest.mark.parametrize("overrides, expected", [
    ({"run.replicates": 0}, "run.replicates=0 is out of range; allowed: 1 to 10000"),
    ({"policy": "nope"}, "policy=nope is not a known option; allowed:"),
    ({"run.replicatez": 3}, "unknown config key 'run.replicatez'"),
    (["run.replicates=abc"], "run.replicates=abc has the wrong type"),
])
def test_bad_overrides_raise_the_cli_one_line_error(overrides, expected):
    with pytest.raises(ConfigError) as info:
        api.compose(overrides)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and "Traceback" not in message


def test_run_in_process_returns_tables_and_summary():
    result = api.run(TINY, workers=1)
    assert set(result.tables) == set(TABLES)  # every table of the results contract
    assert result.province["seed"].nunique() == 2
    assert result.summary["replicates"] == 2
    assert result.summary["targets"]["pilot_regions_2022"]["evaluated"]
    assert "P(all targets met)" in result.answer or "cannot be said" in result.answer


def test_same_config_same_numbers_through_the_api():
    a = api.run(TINY, workers=1).province
    b = api.run(api.compose(TINY), workers=1).province
    pd.testing.assert_frame_equal(a, b)


def test_workers_from_a_script_without_main_guard(tmp_path):
    """Worker processes from a plain script (no `if __name__ == '__main__':`) used to die
    with BrokenProcessPool."""
    script = tmp_path / "plain_script.py"
    script.write_text(textwrap.dedent(f"""
        from sim import api
        r = api.run({TINY!r}, workers=2)
        print("seeds", r.province["seed"].nunique())
    """))
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=subprocess_env(),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "seeds 2" in out.stdout


def test_evaluate_a_parameter_point_to_outcomes():
    low = api.evaluate({"behaviour.imitation_q": 0.2, "behaviour.path_fit.scale": 0.5}, TINY)
    high = api.evaluate({"behaviour.imitation_q": 0.6, "behaviour.path_fit.scale": 1.5}, TINY)
    assert set(low) == set(api.OUTCOME_KEYS)
    assert 0.0 <= low["pilot_regions_2022_p"] <= 1.0
    assert low["all_targets_p"] != low["all_targets_p"]  # NaN: the run stops before 2025
    # More imitation and better path fit: more pilot regions (same seeds).
    assert high["pilot_regions_2022_median"] > low["pilot_regions_2022_median"]
    with pytest.raises(ConfigError, match="behaviour.imitation_q=9.0 is out of range"):
        api.evaluate({"behaviour.imitation_q": 9.0}, TINY)


def test_parameter_ranges_are_the_configs_sweep_ranges():
    ranges = api.parameter_ranges()
    cfg = api.compose()
    assert ranges["behaviour.imitation_q"] == tuple(cfg.behaviour.ranges["imitation_q"])
    assert "behaviour.path_fit.scale" in ranges
    assert all(lo < hi for lo, hi in ranges.values())


def test_saved_run_writes_a_results_folder(tmp_path):
    result = api.run({**TINY, "run.output_root": str(tmp_path)}, workers=1, save=True)
    assert result.folder is not None and result.folder.parent.parent == tmp_path
    assert (result.folder / "summary.json").is_file()
    assert result.summary["replicates"] == 2


# ------------------------------------------------------------------ Mesa-facing model
def test_mesa_model_takes_plain_keywords_and_collects_data():
    from sim import IntegrationModel

    m = IntegrationModel(policy="all_in", overrides={"world.manufacturers": 1200,
                                                     "world.service_firms": 1000},
                         seed=3, end="2021Q2")
    assert m.quarter_label == "2020Q1" and m.last_quarter_label is None
    m.run_model()
    df = m.datacollector.get_model_vars_dataframe()
    assert list(df["quarter"]) == ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1", "2021Q2"]
    assert m.last_quarter_label == "2021Q2"
    for column in ("pilot_regions", "pilot_enterprises", "integration_index_D", "coupling_C",
                   "development_T", "U1_manufacturing", "U2_services",
                   "adoption_digitalization", "adoption_any", "fiscal_cost_yi"):
        assert column in df, column
    assert df["fiscal_cost_yi"].is_monotonic_increasing and df["fiscal_cost_yi"].iloc[-1] > 0


def test_seed_and_rng_are_the_same_thing_and_typed_parameters_work():
    from sim import IntegrationModel

    small = dict(zip(("world.manufacturers", "world.service_firms"), (1200, 1000), strict=True))
    a = IntegrationModel(overrides=small, seed=5, end="2020Q4")
    b = IntegrationModel(overrides=small, rng=5, end="2020Q4")
    cfg = api.compose([*SMALL])
    assert isinstance(cfg.policy, PolicyConfig)
    c = IntegrationModel(policy=cfg.policy, world=cfg.world, behaviour=cfg.behaviour, rng=5,
                         end="2020Q4")
    for m in (a, b, c):
        m.run_model()
    da, db, dc = (m.datacollector.get_model_vars_dataframe() for m in (a, b, c))
    pd.testing.assert_frame_equal(da, db)
    pd.testing.assert_frame_equal(da, dc)
    with pytest.raises(ValueError, match="seed or rng"):
        IntegrationModel(overrides=small, seed=1, rng=2)


def test_mesa_batch_run_works():
    from sim import IntegrationModel

    rows = mesa.batch_run(IntegrationModel,
                          {"policy": ["none", "all_in"], "firms_per_agent": 40, "seed": [7],
                           "end": "2022Q4"},
                          number_processes=1, display_progress=False)
    df = pd.DataFrame(rows)
    assert list(df["quarter"]) == ["2022Q4", "2022Q4"]  # the last quarter, not one before
    by = df.set_index("policy")
    assert by.loc["all_in", "pilot_regions"] > by.loc["none", "pilot_regions"]
    assert by.loc["none", "fiscal_cost_yi"] == 0


def test_run_modes_posterior_by_default_fixed_on_request():
    """Posterior mode (the default): runs = sets × seeds, the parameter table comes back
    and the summary counts the sets; fixed mode: every run is set -1, no draws."""
    post = api.run(TINY, workers=1)
    assert sorted(post.province["parameter_set"].unique()) == [0, 1]
    assert post.summary["parameter_sets"] == 2 and len(post.parameters) == 2
    fixed = api.run({**TINY, "run.parameters": "fixed"}, workers=1)
    assert set(fixed.province["parameter_set"]) == {-1}
    assert not fixed.summary.get("parameter_sets")


def test_mesa_model_fixed_by_default_and_parameter_set_reproduces_the_run():
    """IntegrationModel(parameter_set=k, seed=s) is run k of the posterior-mode design
    that python -m sim / api.run runs with the same overrides; without parameter_set the
    config's own values (fixed parameters)."""
    from sim import IntegrationModel
    from sim.run import plan_runs

    result = api.run(TINY, workers=1)
    plan = plan_runs(api.compose(TINY))
    seed, k = plan.seeds[1], plan.set_of_run[1]
    m = IntegrationModel(overrides=TINY, parameter_set=k, seed=seed)
    m.run_model()
    got = m.datacollector.get_model_vars_dataframe()["integration_index_D"].to_numpy()
    want = result.province[result.province["seed"] == seed].sort_values("t")
    assert list(want["parameter_set"].unique()) == [k]
    assert got == pytest.approx(want["integration_index"].to_numpy(), rel=1e-12)
    default = IntegrationModel(overrides=TINY, seed=seed)
    assert default.parameter_set == -1
    assert default.behaviour.imitation_q == api.compose(TINY).behaviour.imitation_q
    with pytest.raises(ConfigError, match="parameter_set=5 is out of range; allowed: 0..1"):
        IntegrationModel(overrides=TINY, parameter_set=5)


def test_bad_keyword_gives_the_one_line_error():
    from sim import IntegrationModel

    with pytest.raises(ConfigError, match="policy=nope is not a known option"):
        IntegrationModel(policy="nope")
