"""The run store: every finished replicate run, filed under a hash of what determines it.

A replicate is fully determined by the simulated part of its config (world, policy,
behaviour, quarters, engine), its seed and the model's code. The hash of those is its
key; the store keeps its tables under ``<store>/<key[:2]>/<key>/``. An entry appears
only complete: it is written under a temporary name and renamed into place, so a run
killed at any moment leaves either a whole entry or none. Entries are never modified; each
records the checksum, size and row count of its tables, verified on every read (a damaged
entry is set aside and recomputed, see :class:`RunStore`).

Re-running a scenario or a sweep, or extending one with more seeds or scenarios,
therefore computes only runs the store lacks. Editing the model's code changes the key,
so results of older code are never reused.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import json
import logging
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

log = logging.getLogger(__name__)
TABLE_NAMES = ("province", "city", "adoption", "county")
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
    """Entries are verified on every read: ``meta.json`` lists each table file's SHA-256,
    size and row count and the entry's own key. An entry that does not match (a flipped
    bit, a file copied in from another entry, a folder where a file should be, an entry
    of an older format) is moved aside to ``<store>/.damaged/`` with one log line and
    reported as missing, so the run is recomputed and filed again. A store that cannot be
    written (read-only, a file where a folder should be) costs reuse, never results: one
    warning, and the run goes on."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._warned = False

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> dict[str, pd.DataFrame] | None:
        """The stored tables of a run, or None if the store does not hold it whole and
        intact (a damaged entry is moved aside, so the caller recomputes and refiles it)."""
        entry = self._entry(key)
        try:
            if not entry.is_dir() or not (entry / "meta.json").exists():
                return None  # never finished (put() renames a complete folder into place)
        except OSError:
            return None
        try:
            return _read_verified(entry, key)
        except _Damaged as exc:
            self._set_aside(entry, key, str(exc))
            return None

    def _set_aside(self, entry: Path, key: str, reason: str) -> None:
        aside = self.root / ".damaged" / f"{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
        try:
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.rename(entry, aside)
            where = f"moved to {aside}"
        except OSError as exc:
            where = f"could not be moved aside ({exc.strerror or exc})"
        log.warning("run store: entry %s is damaged (%s); %s, recomputing it", key[:16],
                    reason, where)

    def put(self, key: str, tables: dict[str, pd.DataFrame], meta: dict) -> bool:
        """File a finished run; False if it was there already (entries are immutable) or
        the store cannot be written (one warning per store, the run's results are kept)."""
        entry = self._entry(key)
        tmp = entry.parent / f".{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial"
        try:
            if entry.exists():
                return False
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()
            files = {}
            for name in TABLE_NAMES:
                path = tmp / f"{name}.parquet"
                tables[name].to_parquet(path, index=False)
                data = path.read_bytes()
                files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                               "rows": int(len(tables[name]))}
            record = {**meta, "key": key, "format": STORE_FORMAT, "files": files}
            (tmp / "meta.json").write_text(json.dumps(record, indent=1, default=str), "utf-8")
            os.rename(tmp, entry)  # atomic; fails if another process filed it meanwhile
            return True
        except OSError as exc:
            if _exists(entry):
                return False
            if not self._warned:
                self._warned = True
                log.warning("run store %s cannot be written (%s): results are kept, but "
                            "not stored for reuse", self.root, exc.strerror or exc)
            return False
        finally:
            if _exists(tmp):
                shutil.rmtree(tmp, ignore_errors=True)


STORE_FORMAT = 2  # entries with checksums and row counts (format 1 had none)


class _Damaged(Exception):
    """An entry that does not match its own record."""


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _read_verified(entry: Path, key: str) -> dict[str, pd.DataFrame]:
    """The entry's tables, each checked against the checksum, size and row count its
    meta.json records; raises _Damaged on any difference."""
    try:
        meta = json.loads((entry / "meta.json").read_bytes().decode("utf-8"))
        if meta.get("format") != STORE_FORMAT or meta.get("key") != key:
            raise _Damaged("not an entry of this key and format")
        files = meta["files"]
        if sorted(files) != sorted(TABLE_NAMES):
            raise _Damaged("tables missing from its record")
        tables = {}
        for name in TABLE_NAMES:
            record = files[name]
            data = (entry / f"{name}.parquet").read_bytes()
            if len(data) != record["bytes"] or \
                    hashlib.sha256(data).hexdigest() != record["sha256"]:
                raise _Damaged(f"{name}.parquet does not match its checksum")
            tables[name] = pd.read_parquet(io.BytesIO(data))
            if len(tables[name]) != record["rows"]:
                raise _Damaged(f"{name}.parquet has {len(tables[name])} rows, not "
                               f"{record['rows']}")
        return tables
    except _Damaged:
        raise
    except Exception as exc:  # unreadable, not JSON, a folder for a file...: all damage
        raise _Damaged(f"{type(exc).__name__}: {exc}"[:200]) from None
