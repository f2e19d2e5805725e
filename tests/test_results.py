"""The on-disk contract (sim/results.py): checked on write, loaded through on read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from sim.results import (
    RUN_FILES,
    SUMMARY,
    TABLES,
    ResultsError,
    check_tables,
    is_done,
    read_manifest,
    read_run,
    units,
)
from sim.scenario import run_and_save
from sim.sweeps import adapt_to_sweep
from tests.conftest import SMALL, compose_cfg

TINY = [*SMALL, "run.replicates=2", "run.seed=7", "run.workers=1", "run.progress=false",
        "run.end=2021Q4"]


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    """One real run (charts on, the default for a single run)."""
    root = tmp_path_factory.mktemp("run")
    cfg = compose_cfg(*TINY, f"run.store={root / '.store'}")
    run_and_save(cfg, root / "draft")
    return root / "draft"


def test_a_run_writes_exactly_the_contracted_files(run_folder):
    files = {p.name for p in run_folder.iterdir() if p.is_file()}
    assert files == set(RUN_FILES)
    assert is_done(run_folder)
    run = read_run(run_folder)
    for name, frame in run.tables.items():
        assert list(frame.columns) == [c.name for c in TABLES[name]]
    assert sorted((run_folder / "charts").iterdir())  # drawn: run.charts defaults to true


def test_every_column_has_a_unit_or_is_a_key():
    for name, cols in TABLES.items():
        assert len({c.name for c in cols}) == len(cols), name
        assert units(name)["integration_index" if name != "adoption" else "share"]
        assert all(c.meaning for c in cols)


def test_a_sweep_job_draws_no_chart(tmp_path):
    cfg = compose_cfg(*TINY, f"run.store={tmp_path / '.store'}")
    adapt_to_sweep(cfg, "hydra._internal.core_plugins.basic_launcher.BasicLauncher")
    assert cfg.run.charts is False and cfg.run.progress is False
    run_and_save(cfg, tmp_path / "job")
    assert not (tmp_path / "job" / "charts").exists()
    assert {p.name for p in (tmp_path / "job").iterdir()} == set(RUN_FILES)


def test_the_writer_refuses_undeclared_and_missing_columns(run_folder):
    tables = read_run(run_folder).tables
    with pytest.raises(ResultsError, match="undeclared column.*new_measure.*sim/results.py"):
        check_tables({**tables, "province": tables["province"].assign(new_measure=1.0)})
    with pytest.raises(ResultsError, match="lacks column.*pilot_regions"):
        check_tables({**tables, "city": tables["city"].drop(columns="pilot_regions")})
    with pytest.raises(ResultsError, match="writes the tables"):
        check_tables({"province": tables["province"]})


def test_a_broken_run_folder_is_one_line_naming_what_is_wrong(run_folder, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(run_folder, broken)
    (broken / "province.parquet").unlink()
    with pytest.raises(ResultsError) as err:
        read_run(broken)
    assert "province.parquet" in str(err.value) and "\n" not in str(err.value)
    (broken / SUMMARY).write_text("[1, 2]", "utf-8")
    with pytest.raises(ResultsError, match="JSON object"):
        read_run(broken, tables=())


def _sweep_of(run_folder: Path, where: Path) -> Path:
    """A one-job sweep folder around a copy of the run."""
    shutil.copytree(run_folder, where / "0")
    manifest = {"jobs": [{"num": 0, "key": "policy=draft", "overrides": ["policy=draft"],
                          "swept": {"policy": "draft"}}]}
    (where / "sweep.json").write_text(json.dumps(manifest), "utf-8")
    return where


def test_analyses_stop_on_a_broken_job_with_one_line(run_folder, tmp_path, capsys):
    from sim.policy_search.__main__ import main as search_main
    from sim.report.__main__ import main as report_main
    from sim.sensitivity.__main__ import main as sensitivity_main

    sweep = _sweep_of(run_folder, tmp_path / "sweep")
    assert read_manifest(sweep)["jobs"][0]["key"] == "policy=draft"
    (sweep / "0" / "config.yaml").unlink()
    assert report_main([str(sweep)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "config.yaml" in err and "\n" not in err
    # a scenario sweep is not a sampled study
    assert sensitivity_main([str(sweep)]) == 2
    assert "not a sampled study" in capsys.readouterr().err
    # a policy search whose finished trial lost its provenance
    search = tmp_path / "search"
    shutil.copytree(run_folder, search / "0")
    (search / "0" / "provenance.json").unlink()
    assert search_main([str(search)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "provenance.json" in err and "\n" not in err


def test_a_manifest_without_jobs_is_refused(tmp_path):
    (tmp_path / "sweep.json").write_text(json.dumps({"jobs": "none"}), "utf-8")
    with pytest.raises(ResultsError, match="no list of jobs"):
        read_manifest(tmp_path)
    with pytest.raises(ResultsError, match="no sweep.json"):
        read_manifest(tmp_path / "elsewhere")


def test_the_saved_config_records_whether_charts_were_drawn(run_folder):
    saved = OmegaConf.load(run_folder / "config.yaml")
    assert saved.run.charts is True
