"""Every config file composes; bad input is refused with one clear line."""

from __future__ import annotations

from dataclasses import fields

import pytest

from sim.cli import check_overrides
from sim.config.errors import ConfigError
from sim.config.schema import SimConfig
from sim.model.vocabulary import quarter_index, quarter_label
from tests.conftest import CONFIG_DIR, compose_cfg, typed_cfg

POLICIES = sorted(p.stem for p in (CONFIG_DIR / "policy").glob("*.yaml"))
REQUIRED_POLICIES = {"none", "draft", "market_first", "land_first", "finance_first",
                     "data_first", "talent_first", "all_in"}


def test_required_policy_packages_exist():
    assert REQUIRED_POLICIES <= set(POLICIES)


@pytest.mark.parametrize("policy", POLICIES)
def test_every_policy_composes_and_validates(policy):
    cfg = typed_cfg(f"policy={policy}")
    assert cfg.policy.name == policy
    assert cfg.policy.label_zh and cfg.policy.label_en


@pytest.mark.parametrize("group", ["world", "behaviour"])
def test_every_world_and_behaviour_file_composes(group):
    for path in (CONFIG_DIR / group).glob("*.yaml"):
        cfg = typed_cfg(f"{group}={path.stem}")
        assert getattr(cfg, group).name == path.stem


def test_documented_keys_and_defaults():
    cfg = typed_cfg()
    assert cfg.run.replicates >= 20
    assert cfg.world.firms_per_agent == 1
    assert cfg.policy.name == "draft"
    assert (cfg.run.start, cfg.run.end) == ("2020Q1", "2025Q4")
    assert cfg.targets.pilot_regions_2022 == 50 and cfg.targets.pilot_enterprises_2022 == 100
    assert len(cfg.world.cities) == 11
    assert sum(c.counties for c in cfg.world.cities) == 90


def test_quarter_round_trip():
    assert quarter_label(quarter_index("2022Q4")) == "2022Q4"
    assert quarter_index("2021Q1") - quarter_index("2020Q1") == 4


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("+world.colour=blue", "unknown config key 'world.colour'"),
        ("+policy.land.magic={intensity: 1}", "unknown config key 'policy.land.magic'"),
        ("run.replicates=0", "run.replicates=0 is out of range; allowed: 1 to 10000"),
        ("policy.land.mixed_use.intensity=3", "allowed: 0.0 to 2.0"),
        ("world.zone_firm_share=1.5", "world.zone_firm_share=1.5 is out of range"),
        ("policy.finance.special_fund.start=2021-Q1", "not a quarter"),
        ("run.end=2019Q4", "before run.start"),
        ("run.engine=turbo", "allowed: vectorized, agents"),
        ("run.lang=fr", "allowed: zh, en"),
        ("targets.checkpoint_2022=end2022", "is not a quarter"),
        ("policy.pilots.enterprise_sizes=[giant]", "allowed: leading, medium, small"),
        ("+behaviour.path_fit.other.teleport=1", "unknown name 'teleport'"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(override, fragment):
    with pytest.raises(ConfigError) as err:
        typed_cfg(override)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


GROUPS = ["run", "targets", "study", "sample", "world", "policy", "behaviour"]


def test_the_groups_below_are_every_group_of_the_schema():
    assert GROUPS == [f.name for f in fields(SimConfig)]


@pytest.mark.parametrize("group", GROUPS)
def test_a_new_key_under_any_group_is_refused(group):
    problem = check_overrides([f"+{group}.anything=1"])
    assert problem is not None and "\n" not in problem
    assert problem.startswith(f"unknown config key '{group}.anything'; allowed here: ")


def test_wrong_type_is_refused_at_composition():
    with pytest.raises(Exception) as err:
        compose_cfg("run.replicates=many")
    assert "run.replicates" in str(err.value)
