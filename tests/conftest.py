"""Tests compose the real config files (configs/) exactly as the command line does."""

from __future__ import annotations

import logging
import os
import sys
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
