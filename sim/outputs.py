"""Write one scenario's results folder: all files or none, never over existing work.

Everything is written into a hidden sibling folder first and renamed into place at the
end, so an interrupted or failed run leaves no folder that looks complete.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from sim.escaping import write_csv

PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "matplotlib", "hydra-core", "omegaconf",
            "networkx", "mplfonts")


class OutputExistsError(RuntimeError):
    """The target folder already holds files: refuse rather than overwrite."""


def package_versions() -> dict[str, str | None]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


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

    return {
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git("rev-parse", "HEAD") or None,
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": package_versions(),
        "command": ["python", "-m", "sim", *overrides],
        "seeds": seeds,
        "code_version": _code_version(),
    }


def user_umask() -> int:
    """This process's umask (read without changing it where Linux allows)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def make_readable(fd_or_path: int | str | Path) -> None:
    """Give a file made by ``tempfile.mkstemp`` (always mode 0600) the mode any other file
    of the user gets (0666 less the umask), so colleagues can read what was written."""
    mode = 0o666 & ~user_umask()
    if isinstance(fd_or_path, int):
        os.fchmod(fd_or_path, mode)
    else:
        os.chmod(fd_or_path, mode)


def write_atomic(path: Path, text: str) -> None:
    """Write a text file whole or not at all (temp file + rename), with the user's mode."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        make_readable(fd)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _code_version() -> str:
    from sim.store import code_version  # what decides the numbers (model, data, packages)

    return code_version()


def write_tables(folder: Path, tables: dict[str, pd.DataFrame], declared=None) -> None:
    """Parquet (each column's unit and meaning as field metadata), CSV with a BOM (so
    Excel on Chinese Windows reads 杭州 as UTF-8; formula-like text neutralised), and
    data_dictionary.csv beside them. ``declared``: the contract's columns (sim/results.py
    TABLES) with units and meanings."""
    from sim.data_dictionary import dictionary_frame, with_chinese_labels, write_parquet

    labelled = {name: with_chinese_labels(name, df, tables) for name, df in tables.items()}
    for name, df in labelled.items():
        write_parquet(df, folder / f"{name}.parquet", name, declared)
        write_csv(df, folder / f"{name}.csv", encoding="utf-8-sig")
    write_csv(dictionary_frame(labelled, declared), folder / "data_dictionary.csv",
              encoding="utf-8-sig")


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
    """A new hidden folder beside ``final`` to write into, named for this host and process
    (two processes never share one); leftovers of dead processes on this host go."""
    final.parent.mkdir(parents=True, exist_ok=True)
    host = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
    for old in final.parent.glob(f".{glob.escape(final.name)}.{host}.*.partial"):
        pid = old.name.rsplit(".", 2)[-2].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    staging = final.parent / f".{final.name}.{host}.{os.getpid()}-{uuid.uuid4().hex[:6]}.partial"
    staging.mkdir()
    return staging


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ------------------------------------------------------------------ one writer per folder
class FolderBusyError(RuntimeError):
    """Another process is writing the folder; the message names it."""


class OutputFolderError(RuntimeError):
    """The output folder cannot be used (a file, not writable, not empty...)."""


def lock_path(folder: Path) -> Path:
    """The lock file of a folder: hidden, beside it (the folder itself may not exist yet,
    and must stay empty until its results are renamed into place)."""
    return folder.parent / f".{folder.name}.lock"


@contextmanager
def folder_lock(folder: Path, what: str) -> Iterator[Path]:
    """Hold the OS lock (``flock``) that makes this process the one writer of ``folder``;
    FolderBusyError at once if another process holds it. The lock goes with the process
    (a killed writer releases it); the lock file is removed when done."""
    fd = acquire_lock(folder, what)
    try:
        yield Path(folder)
    finally:
        release_lock(folder, fd)


def acquire_lock(folder: Path, what: str) -> int:
    """The open, locked lock file of ``folder`` (see :func:`folder_lock`)."""
    folder = Path(folder)
    path = lock_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FolderBusyError(f"another process is writing {what} '{folder}'; wait for "
                                  f"it to finish or choose another folder") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a lock file its previous holder unlinked meanwhile
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{socket.gethostname()} {os.getpid()}\n".encode())
    return fd


def release_lock(folder: Path, fd: int) -> None:
    """Remove the lock file, then let go (a waiting process that opened the old file
    notices it was unlinked and opens the new one)."""
    try:
        os.unlink(lock_path(Path(folder)))
    except OSError:
        pass
    os.close(fd)


def os_error_line(exc: OSError) -> str:
    """An operating-system error in one line: what failed, on which file."""
    where = f"'{exc.filename}'" if exc.filename else "a file"
    return f"cannot write {where}: {exc.strerror or exc}"


def output_folder_problem(folder: Path, *, may_hold_files: bool = False) -> str | None:
    """Why results cannot be written to ``folder`` (checked before any work), or None: it
    must be a folder or creatable, writable, and (unless ``may_hold_files``) empty."""
    folder = Path(folder)
    try:
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                return f"'{folder}' is a file, not a folder; choose a folder for the results"
            if not os.access(folder, os.W_OK | os.X_OK):
                return f"'{folder}' is not writable"
            if not may_hold_files and any(folder.iterdir()):
                return f"'{folder}' already holds files; refusing to overwrite them"
            return None
        parent = folder.parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir():
            return f"'{folder}' cannot be created: '{parent}' is a file"
        if not os.access(parent, os.W_OK | os.X_OK):
            return f"'{folder}' cannot be created: '{parent}' is not writable"
    except OSError as exc:
        return f"'{folder}' cannot be used: {exc.strerror or exc}"
    return None


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

