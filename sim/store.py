"""The run store: every finished replicate run, filed under a hash of what determines it.

A replicate is fully determined by the simulated part of its config (world, policy,
behaviour, quarters, engine), its seed and the model's code. The hash of those is its
key; the store keeps its tables under ``<store>/<key[:2]>/<key>/``. An entry appears
only complete: it is written under a temporary name and renamed into place, so a run
killed at any moment leaves either a whole entry or none. Entries are never modified.

Re-running a scenario or a sweep, or extending one with more seeds or scenarios,
therefore computes only runs the store lacks. Editing the model's code changes the key,
so results of older code are never reused.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import uuid
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from sim.binding import MODEL_DATA_FILES, model_arguments
from sim.config.schema import SimConfig

TABLE_NAMES = ("province", "city", "adoption")
# Labels and sweep ranges do not change what is simulated: two packages that differ only
# in name share runs.
_NOT_SIMULATED = {"policy": ("name", "label_zh", "label_en"),
                  "behaviour": ("name", "ranges", "scales"), "world": ("ranges", "scales")}
_MODEL_DIR = Path(__file__).resolve().parent / "model"


@cache
def code_version() -> str:
    """Hash of what decides a run's numbers: every file of ``sim/model/`` (which imports
    nothing else of the project, a test holds it so), the data files the model reads, the
    one function that maps a config to the model's arguments, and the versions of the
    packages whose arithmetic it uses. Editing the command line, validation messages,
    sweeps or reports leaves stored runs valid; editing any of these does not."""
    h = hashlib.sha256()
    for path in sorted(_MODEL_DIR.rglob("*.py")):
        h.update(path.relative_to(_MODEL_DIR).as_posix().encode())
        h.update(path.read_bytes())
    for path in MODEL_DATA_FILES:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(inspect.getsource(model_arguments).encode())
    for package in ("mesa", "numpy"):
        h.update(f"{package}=={metadata.version(package)}".encode())
    return h.hexdigest()[:16]


def simulated_part(cfg: SimConfig) -> dict:
    """The part of a config that determines a run (not its targets, paths or labels)."""
    part = {"world": asdict(cfg.world), "policy": asdict(cfg.policy),
            "behaviour": asdict(cfg.behaviour),
            "run": {"start": cfg.run.start, "end": cfg.run.end, "engine": cfg.run.engine}}
    for section, keys in _NOT_SIMULATED.items():
        for key in keys:
            part[section].pop(key, None)
    return part


def run_key(cfg: SimConfig, seed: int) -> str:
    payload = {"config": simulated_part(cfg), "seed": int(seed), "code": code_version()}
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


class RunStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> dict[str, pd.DataFrame] | None:
        """The stored tables of a run, or None if the store does not hold it (whole)."""
        entry = self._entry(key)
        if not (entry / "meta.json").is_file():
            return None
        try:
            return {name: pd.read_parquet(entry / f"{name}.parquet") for name in TABLE_NAMES}
        except (OSError, ValueError):  # damaged by hand: recompute rather than fail
            return None

    def put(self, key: str, tables: dict[str, pd.DataFrame], meta: dict) -> bool:
        """File a finished run; False if it was there already (entries are immutable)."""
        entry = self._entry(key)
        if entry.exists():
            return False
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.parent / f".{key}.{uuid.uuid4().hex[:8]}.partial"
        tmp.mkdir()
        try:
            for name in TABLE_NAMES:
                tables[name].to_parquet(tmp / f"{name}.parquet", index=False)
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1, default=str), "utf-8")
            os.rename(tmp, entry)  # atomic; fails if another process filed it meanwhile
            return True
        except OSError:
            if entry.exists():
                return False
            raise
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
