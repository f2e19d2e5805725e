"""Tests compose the real config files (configs/) exactly as the command line does."""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.config.compose import CONFIG_DIR as CONFIG_DIR
from sim.config.compose import compose_config
from sim.config.schema import SimConfig
from sim.config.validation import to_typed

ROOT = Path(__file__).resolve().parent.parent
# A small world (about 1/40 of full scale) keeps model tests fast; the rules are the same.
SMALL = ["world.manufacturers=1200", "world.service_firms=1000"]

logging.getLogger("MESA").setLevel(logging.WARNING)

# EMA Workbench 3 needs Python >= 3.12: its example test is not collected on 3.11 (CI's
# 3.12 leg runs it), rather than collected and skipped.
collect_ignore = ["test_ema.py"] if sys.version_info < (3, 12) else []


def compose_cfg(*overrides: str):
    return compose_config(overrides)


def typed_cfg(*overrides: str) -> SimConfig:
    return to_typed(compose_cfg(*overrides))


def subprocess_env() -> dict:
    """Environment for running `python -m sim` in a subprocess from the repo root."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture
def cli_env() -> dict:
    return subprocess_env()


PYTHON = sys.executable


@dataclass
class Ran:
    """What a command run in this process returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def run_module(module: str, *args: str) -> Ran:
    """``python -m <module> <args>`` in this process (its ``cli``/``main`` entry), with its
    output captured at the file descriptors, so child processes' output is included.
    A subprocess is for tests where the real exit status or a signal is the point."""
    entry = importlib.import_module(f"{module}.__main__")
    run = getattr(entry, "cli", None) or entry.main
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved_fds, saved_streams = (os.dup(1), os.dup(2)), (sys.stdout, sys.stderr)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        # Left open on purpose: a logging handler set up by the command may still point here.
        sys.stdout = open(os.dup(1), "w", encoding="utf-8", buffering=1)  # noqa: SIM115
        sys.stderr = open(os.dup(2), "w", encoding="utf-8", buffering=1)  # noqa: SIM115
        try:
            try:
                code = run(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved_fds[0], 1)
            os.dup2(saved_fds[1], 2)
            for fd in saved_fds:
                os.close(fd)
            sys.stdout, sys.stderr = saved_streams
        out.seek(0)
        err.seek(0)
        return Ran(int(code or 0), out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"))


def make_read_only(folder: Path) -> None:
    """chmod; as root (who may write anyway) the immutable attribute instead."""
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)
    with pytest.raises(OSError):
        (folder / "probe").mkdir()


def make_writable(folder: Path) -> None:
    subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    folder.chmod(0o755)


@pytest.fixture(scope="session")
def desk_report(tmp_path_factory):
    """A small three-scenario sweep (draft, all_in, the no-policy counterfactual; 3 seeds,
    full horizon) and its report with the Word file: the analyst-facing outputs."""
    from sim.report.build import write_report

    root = tmp_path_factory.mktemp("desk")
    proc = subprocess.run(
        [PYTHON, "-m", "sim", "-m", "experiment=policy_comparison",
         "hydra.sweeper.params={policy: 'draft,all_in'}", *SMALL, "run.replicates=3",
         "run.seed=11", f"run.output_root={root}"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    sweep = next((root / "sweeps" / "policy_comparison").glob("*/sweep.json")).parent
    return write_report(sweep, docx=True)
