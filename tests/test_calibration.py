"""The calibration check (sim/calibration/): every figure of the facts file is a row,
calibrated rows match their figure, differences are model − value, and the command
writes a new folder without touching existing ones.

One full-scale seed (world build plus eight quarters, about 3 s) checks the calibrated
rows at the scale they were calibrated for; a small world checks the rest.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim import calibration as cal
from sim.calibration.__main__ import main as calibration_main
from sim.model.vocabulary import KINDS, PATHS
from sim.model.world import build_world
from sim.outputs import OutputExistsError
from sim.world_data import region_data
from tests.conftest import SMALL, run_module, typed_cfg

SEED = 20201
# The MIIT adoption shares the world is calibrated to. At full scale the share of a path
# among 48,000 manufacturers has a Bernoulli sd of at most 0.0023, and the config rounds
# the figures by at most 0.005, so 0.02 absolute leaves more than 6 sd of room.
ADOPTION_FACTS = ("nc_rate_2019", "networked", "service_mfg", "customisation", "iip_rate")
ADOPTION_TOLERANCE = 0.02


@pytest.fixture(scope="module")
def full_table() -> pd.DataFrame:
    return cal.calibration_table(typed_cfg("policy=draft"), [SEED])


@pytest.fixture(scope="module")
def small_table() -> pd.DataFrame:
    return cal.calibration_table(typed_cfg("policy=draft", *SMALL), [SEED, SEED + 1])


def test_every_fact_is_a_row_with_a_status(small_table):
    keys = [f.key for f in cal.FACTS]
    assert len(set(keys)) == len(keys)
    assert set(small_table["fact"]) == set(keys)
    assert {c.fact for c in cal.MODEL} == set(keys)  # no counterpart names an unknown fact
    assert set(small_table["status"]) <= set(cal.STATUSES)
    for _, row in small_table.iterrows():
        assert row["source"] and row["unit"] and row["figure"] and row["figure_zh"]
        if row["status"] == cal.NOT_REPRESENTED:
            assert row["note"], f"{row['fact']}: not represented without a reason"
            assert np.isnan(row["model_value"])
        else:
            assert np.isfinite(row["model_value"]), row["fact"]
            assert row["model_quantity"] and row["when"] != "—"


def test_calibrated_rows_match_their_figure_at_full_scale(full_table):
    calibrated = full_table[full_table["status"] == cal.CALIBRATED]
    assert len(calibrated) >= 20 and calibrated["tolerance"].notna().all()
    off = calibrated[~calibrated["within_tolerance"].astype(bool)]
    assert off.empty, off[["fact", "value", "model_value", "tolerance"]].to_string()
    checked = full_table[full_table["status"] != cal.CALIBRATED]
    assert checked["within_tolerance"].isna().all()


def test_adoption_shares_within_two_points_at_full_scale(full_table):
    rows = full_table[full_table["fact"].isin(ADOPTION_FACTS)
                      & (full_table["status"] == cal.CALIBRATED)]
    assert len(rows) == len(ADOPTION_FACTS)
    assert (rows["difference"].abs() <= ADOPTION_TOLERANCE).all(), rows.to_string()


def test_differences_are_model_minus_value(small_table):
    t = small_table
    both = t["value"].notna() & t["model_value"].notna()
    assert both.sum() > 20
    assert np.allclose(t.loc[both, "difference"], t.loc[both, "model_value"] - t.loc[both, "value"])
    nonzero = both & (t["value"] != 0)
    assert np.allclose(t.loc[nonzero, "relative_difference"],
                       t.loc[nonzero, "difference"] / t.loc[nonzero, "value"].abs())
    assert t.loc[~both, "difference"].isna().all()


def test_model_value_is_the_seed_mean_of_the_built_world(small_table):
    """Recompute one row by hand: manufacturers' digitalization share, mean over seeds."""
    cfg = typed_cfg("policy=draft", *SMALL)
    shares = []
    for seed in (SEED, SEED + 1):
        f = build_world(cfg.world, region_data(cfg.world), np.random.default_rng(seed)).firms
        shares.append(f.adopted[f.kind == KINDS.index("manufacturing"),
                                PATHS.index("digitalization")].mean())
    row = small_table[small_table["fact"] == "nc_rate_2019"].iloc[0]
    assert row["model_value"] == pytest.approx(np.mean(shares))
    assert row["difference"] == pytest.approx(np.mean(shares) - 0.495)


def test_built_world_is_the_models_world():
    """'world build' rows read the same population the run starts from."""
    from sim.model.model import IntegrationModel

    cfg = typed_cfg(*SMALL)
    model = IntegrationModel(world=cfg.world, regions=region_data(cfg.world), policy=cfg.policy, behaviour=cfg.behaviour,
                             rng=SEED)
    world = build_world(cfg.world, region_data(cfg.world), np.random.default_rng(SEED))
    assert np.array_equal(world.firms.adopted, model.firms.adopted)
    assert np.array_equal(world.firms.revenue_yi, model.firms.revenue_yi)


def test_run_free_table_leaves_run_rows_empty():
    t = cal.calibration_table(typed_cfg(*SMALL), [SEED], run=False)
    from_run = t["when"].str.startswith("run")
    assert from_run.any() and t.loc[from_run, "model_value"].isna().all()
    assert t.loc[t["when"] == cal.WORLD, "model_value"].notna().all()


def test_command_writes_two_files_into_a_new_folder(tmp_path, capsys):
    args = [*SMALL, "run.replicates=1", f"run.output_root={tmp_path}"]
    done = run_module("sim.calibration", *args)
    assert done.returncode == 0, done.stderr
    first = Path(done.stdout.strip().splitlines()[-1])  # the last line names the folder
    assert first.parent == tmp_path / "calibration"
    assert sorted(p.name for p in first.iterdir()) == ["calibration.csv", "calibration.md"]
    assert "| figure |" in done.stdout and "county-level units" in done.stdout
    text = (first / "calibration.md").read_text(encoding="utf-8")
    assert "## Figures" in text and "## Starting values with no figure" in text
    csv = pd.read_csv(first / "calibration.csv")
    assert len(csv) == len(cal.MODEL)
    stamp = {p.name: os.stat(p).st_mtime_ns for p in first.iterdir()}

    assert calibration_main(args) == 0  # a second run: a new folder, the first one untouched
    folders = list((tmp_path / "calibration").iterdir())
    assert len(folders) == 2 and all(not p.name.startswith(".") for p in folders)
    assert {p.name: os.stat(p).st_mtime_ns for p in first.iterdir()} == stamp
    second = next(p for p in folders if p != first)
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(second)


def test_an_existing_folder_is_refused(tmp_path, small_table):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "calibration.csv").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        cal.write_outputs(small_table, "text", folder)
    assert (folder / "calibration.csv").read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no staging folder left
    written = cal.write_outputs(small_table, "text", tmp_path / "new")
    assert sorted(p.name for p in written.iterdir()) == ["calibration.csv", "calibration.md"]


def test_new_folder_never_reuses_a_name(tmp_path):
    first = cal.new_folder(tmp_path)
    first.mkdir()
    assert cal.new_folder(tmp_path) != first
