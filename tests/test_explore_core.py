"""The explorer's logic without a browser: settings, the CLI's messages, policy files,
saved folders (tests/test_explore_browser.py drives the pages)."""

from __future__ import annotations

import uuid

import pytest

pytest.importorskip("solara", reason="pip install -e '.[explore]'")

from sim.config.errors import ConfigError  # noqa: E402
from sim.explore import core  # noqa: E402
from tests.conftest import ROOT, run_module  # noqa: E402


def test_settings_of_a_package_and_what_changed():
    base = core.package_settings("draft")
    assert set(base) == set(core.setting_keys())
    assert base["fund.budget_yi"] == "30" and base["land.mixed_use.start"] == "2020Q3"
    edited = {**base, "fund.budget_yi": "30.0", "land.mixed_use.intensity": "1.5"}
    assert core.changed("draft", edited, base) == {"land.mixed_use.intensity": "1.5"}
    assert core.cli_command("draft", {"land.mixed_use.intensity": "1.5"}) == (
        "python -m sim policy=draft policy.land.mixed_use.intensity=1.5")


def test_bad_input_is_the_command_lines_line(tmp_path):
    with pytest.raises(ConfigError) as err:
        core.check("draft", {"land.mixed_use.start": "2020Q5"}, str(tmp_path))
    cli = run_module("sim", "policy=draft", "policy.land.mixed_use.start=2020Q5",
                     f"run.output_root={tmp_path}")
    assert cli.returncode == 2
    assert core.error_line(err.value) == cli.stderr.strip()


def test_a_policy_file_composes_and_is_never_written_over(tmp_path):
    name = f"t_{uuid.uuid4().hex[:8]}"
    text = core.policy_yaml("finance_first", {"fund.budget_yi": "12",
                                              "pilots.region_quota_per_year": "20"}, name)
    path = core.save_policy(text, name)
    try:
        assert path == ROOT / "configs" / "policy" / f"{name}.yaml"
        typed = core.check(name, {}, str(tmp_path))
        assert typed.policy.fund.budget_yi == 12 and typed.policy.pilots.region_quota_per_year == 20
        with pytest.raises(ConfigError, match="exists already"):
            core.save_policy(text, name)
    finally:
        path.unlink()
    with pytest.raises(ConfigError, match="lower-case"):
        core.policy_yaml("draft", {}, "../evil")


def test_wilson_interval_and_saved_folders(tmp_path):
    lo, hi = core.wilson(6, 12)
    assert lo == pytest.approx(0.2538, abs=1e-3) and hi == pytest.approx(0.7462, abs=1e-3)
    assert core.wilson(0, 12)[0] == pytest.approx(0.0, abs=1e-12)
    sweep = tmp_path / "sweeps" / "x" / "1"
    (sweep / "report").mkdir(parents=True)
    (sweep / "sweep.json").write_text("{}")
    (sweep / "report" / "comparison.csv").write_text("a,b\n1,2\n")
    (tmp_path / ".store" / "ab" / "report").mkdir(parents=True)
    assert core.saved_folders(tmp_path) == [sweep]
    (sweep / "sensitivity-2").mkdir()
    (sweep / "sensitivity-2" / "indices.csv").write_text("parameter,S1\nx,0.5\n")
    (sweep / "sensitivity-2" / "discovery.json").write_text(
        '{"pilot_regions_2022": {"found": true, "rule": {"zh": "当 x < 0.3 时", "en": "When x < 0.3"}}}',
        encoding="utf-8")
    contents = core.folder_contents(sweep, "en")
    assert list(contents.tables) == ["report/comparison.csv", "sensitivity-2/indices.csv"]
    assert contents.rules == ["pilot_regions_2022: When x < 0.3"]
