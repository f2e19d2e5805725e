"""Tests compose the real config files (configs/) exactly as the command line does."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

from sim.config import SimConfig
from sim.validation import to_typed

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "configs"
# A small world (about 1/40 of full scale) keeps model tests fast; the rules are the same.
SMALL = ["world.manufacturers=1200", "world.service_firms=1000"]

logging.getLogger("MESA").setLevel(logging.WARNING)


def compose_cfg(*overrides: str):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose("config", overrides=list(overrides))


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
