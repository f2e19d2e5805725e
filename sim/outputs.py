"""Write one scenario's results folder: all files or none, never over existing work.

Everything is written into a hidden sibling folder first and renamed into place at the
end, so an interrupted or failed run leaves no folder that looks complete.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "matplotlib", "hydra-core", "omegaconf",
            "networkx", "mplfonts")


class OutputExistsError(RuntimeError):
    """The target folder already holds files: refuse rather than overwrite."""


def provenance(seeds: list[int], overrides: list[str]) -> dict:
    """Code version, package versions and the command that produced a folder."""
    repo = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        try:
            out = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                                 timeout=10, check=True)
            return out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git("rev-parse", "HEAD") or None,
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "command": ["python", "-m", "sim", *overrides],
        "seeds": seeds,
    }


def write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    for name, df in tables.items():
        df.to_parquet(folder / f"{name}.parquet", index=False)
        df.to_csv(folder / f"{name}.csv", index=False)


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=True) + "\n",
                    encoding="utf-8")


def commit_folder(staging: Path, final: Path) -> Path:
    """Move a fully written staging folder to its final name (atomic rename)."""
    if final.exists():
        if any(final.iterdir()):
            raise OutputExistsError(f"{final} already holds files; refusing to overwrite it")
        final.rmdir()  # the empty folder Hydra made for this run
    os.replace(staging, final)
    return final


def staging_folder(final: Path) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.parent / f".{final.name}.partial"
    if staging.exists():
        shutil.rmtree(staging)  # our own leftovers from a crashed run of this same id
    staging.mkdir()
    return staging


def next_free(folder: Path) -> Path:
    """``folder`` if it does not exist, else the first free ``folder-2``, ``folder-3``...
    (an analysis written twice never replaces the first one)."""
    candidate, n = folder, 1
    while candidate.exists():
        n += 1
        candidate = folder.with_name(f"{folder.name}-{n}")
    return candidate


def console_logging() -> None:
    """Logging for the analysis commands: INFO lines on stderr, libraries kept quiet."""
    import logging

    logging.basicConfig(level=logging.INFO, format="[%(asctime)s %(levelname)s] %(message)s",
                        datefmt="%H:%M:%S")
    for noisy in ("matplotlib", "fontTools", "MESA"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

