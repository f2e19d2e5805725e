"""The sample space of studies: which parameters a sampled study sweeps, over what
bounds (``Problem``), the deterministic sample itself (``draw``, via SALib), a point's
config (``point_config``) and how a sweep's jobs split the rows (``chunk_rows``).

Pure config arithmetic: validation checks a study's corners with it, and the runner
(``sim.sampling``) evaluates the points.
"""

from __future__ import annotations

import copy
import fnmatch
from dataclasses import dataclass

import numpy as np
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.config.errors import ConfigError
from sim.config.schema import SimConfig

METHODS = ("sobol", "morris", "lhs")
SCALE_SUFFIX = ".scale"  # a problem name "behaviour.path_fit.scale" is a table multiplier


@dataclass(frozen=True)
class Problem:
    names: list[str]  # dotted config keys (or "<table>.scale")
    bounds: list[tuple[float, float]]

    def salib(self) -> dict:
        return {"num_vars": len(self.names), "names": self.names,
                "bounds": [list(b) for b in self.bounds]}


def problem_of(cfg: SimConfig) -> Problem:
    names, bounds = [], []
    if cfg.sample.config_ranges:
        for section in ("world", "behaviour", "policy"):
            part = getattr(cfg, section)
            for key, (lo, hi) in sorted(part.ranges.items()):
                names.append(f"{section}.{key}")
                bounds.append((float(lo), float(hi)))
            for table, (lo, hi) in sorted(getattr(part, "scales", {}).items()):
                names.append(f"{section}.{table}{SCALE_SUFFIX}")
                bounds.append((float(lo), float(hi)))
    for key, (lo, hi) in cfg.sample.params.items():
        names.append(key)
        bounds.append((float(lo), float(hi)))
    if not names:
        raise ConfigError("sample: no parameters to sweep; set sample.config_ranges=true "
                          "or give sample.params")
    return Problem(names, bounds)


def draw(problem: Problem, method: str, n: int, seed: int) -> np.ndarray:
    """The whole sample (rows = points), identical in every job for the same inputs."""
    spec = problem.salib()
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(spec, n, calc_second_order=False, seed=seed)
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(spec, n, num_levels=4, seed=seed)
    if method == "lhs":
        from SALib.sample import latin

        return latin.sample(spec, n, seed=seed)
    raise ConfigError(f"sample.method='{method}' is unknown; allowed: none, {', '.join(METHODS)}")


def point_config(base: DictConfig, names: list[str], row: np.ndarray) -> DictConfig:
    """The composed config with one point's values written in (then validated as usual)."""
    cfg = copy.deepcopy(base)
    with open_dict(cfg):
        cfg.sample.method = "none"  # the point itself is an ordinary scenario
        cfg.run.parameters = "fixed"  # the point's values are the parameters, not draws
        for name, value in zip(names, row, strict=True):
            if name.endswith(SCALE_SUFFIX):
                table = OmegaConf.select(cfg, name[: -len(SCALE_SUFFIX)])
                _scale(table, float(value))
                continue
            for key in _expand(cfg, name):
                current = OmegaConf.select(cfg, key)
                OmegaConf.update(cfg, key, int(round(value)) if isinstance(current, int)
                                 and not isinstance(current, bool) else float(value))
    return cfg


def _scale(node, factor: float) -> None:
    for k in list(node.keys()):
        if isinstance(node[k], DictConfig):
            _scale(node[k], factor)
        else:
            node[k] = float(node[k]) * factor


def _expand(cfg: DictConfig, pattern: str) -> list[str]:
    if "*" not in pattern:
        return [pattern]
    flat = _leaves(OmegaConf.to_container(cfg, resolve=False), "")
    found = [k for k in flat if fnmatch.fnmatchcase(k, pattern)]
    if not found:
        raise ConfigError(f"sample.params: '{pattern}' matches no config key")
    return found


def _leaves(node, prefix: str) -> list[str]:
    if isinstance(node, dict):
        return [k for key, v in node.items() for k in _leaves(v, f"{prefix}{key}.")]
    return [prefix[:-1]]


def chunk_rows(n_rows: int, chunk: int, chunks: int) -> list[int]:
    return list(range(chunk, n_rows, chunks))
