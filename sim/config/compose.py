"""Compose the project's config from overrides, outside ``@hydra.main``.

The one place that finds ``configs/``, registers the schemas and asks Hydra to compose;
the command-line pre-check, the calibration and search commands, scripts, benchmarks
and tests all come through here.
"""

from __future__ import annotations

from pathlib import Path

from omegaconf import DictConfig

from sim.config.errors import ConfigError
from sim.config.files import find_unsafe_config
from sim.config.schema import register

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"


def compose_config(overrides: list[str] | tuple[str, ...] = (), *,
                   hydra_config: bool = False) -> DictConfig:
    """The composed (not yet validated) config for these Hydra overrides. Config files
    that could exhaust the machine or read its environment are refused first
    (:func:`sim.config.files.find_unsafe_config`), with a ConfigError naming the file."""
    from hydra import compose, initialize_config_dir

    if problem := find_unsafe_config(CONFIG_DIR, list(overrides)):
        raise ConfigError(problem)
    register()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose("config", overrides=list(overrides), return_hydra_config=hydra_config)
