"""The run store: keys, atomic entries, reuse, and the code version that guards it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from sim import store as store_module
from sim.run import replicate_seeds
from sim.store import RunStore, run_key
from tests.conftest import ROOT, SMALL, run_module, typed_cfg


def test_key_depends_on_what_is_simulated_and_nothing_else():
    cfg = typed_cfg("policy=draft", *SMALL)
    key = run_key(cfg, 1)
    assert run_key(cfg, 1) == key and run_key(cfg, 2) != key
    relabelled = dataclasses.replace(cfg, policy=dataclasses.replace(cfg.policy, label_en="X"))
    other_targets = dataclasses.replace(
        cfg, targets=dataclasses.replace(cfg.targets, pilot_regions_2022=70))
    more_seeds = dataclasses.replace(cfg, run=dataclasses.replace(cfg.run, replicates=99))
    assert run_key(relabelled, 1) == run_key(other_targets, 1) == run_key(more_seeds, 1) == key
    richer = dataclasses.replace(cfg, policy=dataclasses.replace(
        cfg.policy, fund=dataclasses.replace(cfg.policy.fund, budget_yi=31)))
    assert run_key(richer, 1) != key


def test_changed_model_code_changes_every_key(monkeypatch):
    cfg = typed_cfg("policy=draft", *SMALL)
    key = run_key(cfg, 1)
    monkeypatch.setattr(store_module, "code_version", lambda: "another model version")
    assert run_key(cfg, 1) != key


def test_code_version_hashes_the_model_package_and_nothing_else(tmp_path, monkeypatch):
    """Editing a model file changes the version; files outside sim/model/ do not count."""
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(ROOT / "sim" / "model", copy)
    monkeypatch.setattr(store_module, "_MODEL_DIR", copy)
    store_module.code_version.cache_clear()
    try:
        before = store_module.code_version()
        store_module.code_version.cache_clear()
        assert store_module.code_version() == before  # deterministic
        (copy / "adoption.py").write_text((copy / "adoption.py").read_text() + "\n# edit\n")
        store_module.code_version.cache_clear()
        assert store_module.code_version() != before
    finally:
        store_module.code_version.cache_clear()


def test_an_entry_appears_whole_and_is_never_replaced(tmp_path):
    s = RunStore(tmp_path)
    tables = {n: pd.DataFrame({"seed": [1], "x": [float(i)]})
              for i, n in enumerate(store_module.TABLE_NAMES)}
    assert s.get("ab" * 32) is None
    assert s.put("ab" * 32, tables, {"seed": 1})
    other = {n: t.assign(x=-1.0) for n, t in tables.items()}
    assert not s.put("ab" * 32, other, {"seed": 1})  # immutable: the first one stays
    got = s.get("ab" * 32)
    assert all(got[n].equals(tables[n]) for n in tables)
    assert [p.name for p in (tmp_path / "ab").iterdir()] == ["ab" * 32]  # no temp left


def test_a_half_written_entry_is_not_a_run(tmp_path):
    s = RunStore(tmp_path)
    entry = tmp_path / "cd" / ("cd" * 32)
    entry.mkdir(parents=True)
    (entry / "province.parquet").write_bytes(b"truncated")  # no meta.json: never finished
    assert s.get("cd" * 32) is None


def _run(root: Path, *extra: str) -> dict:
    proc = run_module("sim", *SMALL, "run.progress=false", "run.workers=1",
                      f"run.output_root={root}", *extra)
    assert proc.returncode == 0, proc.stderr[-2000:]
    folder = Path(proc.stdout.strip().splitlines()[-1])
    return json.loads((folder / "provenance.json").read_text("utf-8"))["run_store"] | {
        "folder": folder}


def test_rerun_and_extension_compute_only_missing_replicates(tmp_path):
    first = _run(tmp_path, "run.replicates=2", "run.end=2021Q4")
    assert (first["reused"], first["computed"]) == (0, 2)
    more = _run(tmp_path, "run.replicates=3", "run.end=2021Q4")
    assert (more["reused"], more["computed"]) == (2, 1)
    # the reused replicates are exactly the ones computed before
    a = pd.read_parquet(first["folder"] / "province.parquet")
    b = pd.read_parquet(more["folder"] / "province.parquet")
    pd.testing.assert_frame_equal(a, b[b["seed"].isin(a["seed"])].reset_index(drop=True))
    assert set(b["seed"]) == set(replicate_seeds(20201, 3))
    fresh = _run(tmp_path, "run.replicates=2", "run.end=2021Q4", "run.reuse=false")
    assert (fresh["reused"], fresh["computed"]) == (0, 2)
    pd.testing.assert_frame_equal(a, pd.read_parquet(fresh["folder"] / "province.parquet"))
