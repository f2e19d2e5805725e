"""The run store never hands back a damaged entry: every read is checked against the
checksums and row counts the entry records; a bad entry is set aside and recomputed."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.run import plan_runs, replicate_seeds, run_replicate, run_scenario
from sim.store import TABLE_NAMES, RunStore, run_key
from tests.conftest import SMALL, make_read_only, make_writable, typed_cfg

TINY = [*SMALL, "run.end=2020Q3", "run.replicates=1", "run.workers=1", "run.progress=false"]


@pytest.fixture(scope="module")
def one_run(tmp_path_factory):
    """A store holding one real run of a tiny world: (store root, key, tables)."""
    root = tmp_path_factory.mktemp("store")
    cfg = typed_cfg(*TINY)
    seed = replicate_seeds(cfg.run.seed, 1)[0]
    key = run_key(cfg, seed)
    tables = run_replicate(cfg, seed)
    assert RunStore(root).put(key, tables, {"seed": seed, "policy": "draft"})
    return root, key, tables


def _entry_bytes(root: Path, key: str) -> dict[str, bytes]:
    entry = root / key[:2] / key
    return {p.name: p.read_bytes() for p in entry.iterdir()}


def _restore(root: Path, key: str, files: dict[str, bytes]) -> None:
    entry = root / key[:2] / key
    shutil.rmtree(entry, ignore_errors=True)
    shutil.rmtree(root / ".damaged", ignore_errors=True)
    entry.mkdir(parents=True)
    for name, data in files.items():
        (entry / name).write_bytes(data)


def _same(got: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame]) -> bool:
    return all(got[n].equals(tables[n]) for n in TABLE_NAMES)


def test_every_bit_flip_is_detected_or_harmless(one_run, caplog):
    """Every bit of meta.json and a large random sample of each table file's bits: a flip
    is either detected (entry set aside, one warning, None returned) or harmless (the
    very same tables); never different tables."""
    root, key, tables = one_run
    pristine = _entry_bytes(root, key)
    store = RunStore(root)
    rng = np.random.default_rng(7)
    detected = harmless = 0
    for name, data in sorted(pristine.items()):
        n_bits = len(data) * 8
        bits = range(n_bits) if name == "meta.json" else rng.choice(n_bits, 1500, replace=False)
        for bit in bits:
            flipped = bytearray(data)
            flipped[bit // 8] ^= 1 << (bit % 8)
            (root / key[:2] / key / name).write_bytes(bytes(flipped))
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="sim.store"):
                got = store.get(key)
            if got is None:
                detected += 1
                assert len(caplog.records) == 1 and "damaged" in caplog.text, (name, bit)
                assert not (root / key[:2] / key).exists()  # set aside, not used again
                assert len(list((root / ".damaged").iterdir())) == 1
            else:
                harmless += 1
                assert _same(got, tables), f"bit {bit} of {name} changed the results silently"
            _restore(root, key, pristine)
    assert _same(store.get(key), tables)
    assert detected > 0.9 * (detected + harmless)  # table bits are all detected
    print(f"bit flips: {detected} detected, {harmless} harmless (meta.json fields not used)")


@pytest.mark.parametrize("damage", ["other_entry_file", "folder_for_file", "truncated",
                                    "missing_file", "old_format"])
def test_other_damage_is_detected(one_run, tmp_path, damage):
    root, key, tables = one_run
    pristine = _entry_bytes(root, key)
    entry = root / key[:2] / key
    try:
        if damage == "other_entry_file":  # another run's table copied in
            other = {n: t.assign(seed=t["seed"] + 1) for n, t in tables.items()}
            other["province"].to_parquet(entry / "province.parquet", index=False)
        elif damage == "folder_for_file":
            (entry / "city.parquet").unlink()
            (entry / "city.parquet").mkdir()
        elif damage == "truncated":
            (entry / "adoption.parquet").write_bytes(pristine["adoption.parquet"][:100])
        elif damage == "missing_file":
            (entry / "adoption.parquet").unlink()
        else:  # an entry written before entries carried checksums
            (entry / "meta.json").write_text('{"seed": 1, "policy": "draft"}')
        assert RunStore(root).get(key) is None
        assert not entry.exists() and len(list((root / ".damaged").iterdir())) == 1
    finally:
        _restore(root, key, pristine)


def test_a_damaged_entry_is_recomputed_and_replaced(tmp_path, caplog):
    cfg = typed_cfg(*TINY, f"run.store={tmp_path}")
    first = run_scenario(cfg)
    entry = tmp_path / first.run_keys[0][:2] / first.run_keys[0]
    data = bytearray((entry / "province.parquet").read_bytes())
    data[len(data) // 2] ^= 0x10
    (entry / "province.parquet").write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        again = run_scenario(cfg)
    assert again.reused == 0  # recomputed, not read
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "damaged" in warnings[0].getMessage()
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(again.tables[name], first.tables[name])
    third = run_scenario(cfg)  # the entry was filed again, whole
    assert third.reused == 1


@pytest.mark.parametrize("kind", ["read_only", "store_is_a_file", "shard_is_a_file"])
def test_an_unwritable_store_costs_reuse_not_results(tmp_path, caplog, kind):
    store = tmp_path / "store"
    cfg = typed_cfg(*TINY, f"run.store={store}")
    if kind == "read_only":
        store.mkdir()
        make_read_only(store)
    elif kind == "store_is_a_file":
        store.write_text("not a folder")
    else:  # a file where the folder of the entry's first two hex digits should be
        store.mkdir()
        plan = plan_runs(cfg)  # the run's key hashes its parameter set's config
        (store / run_key(plan.configs[0], plan.seeds[0])[:2]).write_text("not a folder")
    try:
        with caplog.at_level(logging.WARNING):
            result = run_scenario(cfg)
    finally:
        if kind == "read_only":
            make_writable(store)
    assert result.reused == 0 and len(result.tables["province"]) > 0
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "cannot be written" in warnings[0].getMessage()


def test_store_files_have_the_users_mode(one_run):
    root, key, _ = one_run
    mask = os.umask(0o022)
    os.umask(mask)
    for p in (root / key[:2] / key).iterdir():
        assert p.stat().st_mode & 0o777 == 0o666 & ~mask


def test_entries_record_their_key_so_a_renamed_entry_is_refused(one_run):
    root, key, tables = one_run
    other_key = ("f" * 2) + key[2:]
    shutil.copytree(root / key[:2] / key, root / other_key[:2] / other_key)
    assert RunStore(root).get(other_key) is None
    assert _same(RunStore(root).get(key), tables)
