"""The Python API: scenarios from a notebook, a script or EMA Workbench, without Hydra's CLI.

    from sim import api
    cfg = api.compose({"policy": "all_in", "run.replicates": 5})   # checked, typed
    result = api.run(cfg)                  # in-process, or workers=2 (no main guard needed)
    result.summary, result.province        # the summary dict and the tidy tables
    api.evaluate({"behaviour.imitation_q": 0.5}, {"run.replicates": 5})  # -> outcomes
    api.ema_parameters()                   # EMA Workbench parameters from the configs' ranges

Schemas are registered and ``configs/`` is found wherever Python runs (any working
folder); bad overrides raise :class:`sim.config.errors.ConfigError` with the same one
line the command line prints; relative result folders (``run.output_root``, the run
store) are anchored at the project folder, never at the notebook's working folder.
"""

from __future__ import annotations

import contextlib
import copy
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.config.compose import CONFIG_DIR
from sim.config.errors import ConfigError
from sim.config.schema import SimConfig

PROJECT_DIR = CONFIG_DIR.parent
Overrides = Mapping[str, Any] | Sequence[str] | None


def override_list(overrides: Overrides = None, **keys: Any) -> list[str]:
    """Hydra override strings from a dict ({"policy": "all_in"}), a list of "k=v" strings,
    and/or keyword arguments (dots as ``__``: ``run__replicates=5``)."""
    items: list[str] = []
    if isinstance(overrides, Mapping):
        items += [f"{k}={_value(v)}" for k, v in overrides.items()]
    elif overrides:
        if isinstance(overrides, str):
            raise ConfigError(f"overrides must be a dict or a list of 'key=value' strings, "
                              f"not the string '{overrides}'")
        items += [str(o) for o in overrides]
    items += [f"{k.replace('__', '.')}={_value(v)}" for k, v in keys.items()]
    return items


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return "[" + ",".join(_value(x) for x in v) + "]"
    return str(v)


def _config_files_stamp() -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns) for p in sorted(CONFIG_DIR.rglob("*.yaml")))


@lru_cache(maxsize=64)
def _checked(items: tuple[str, ...], stamp: tuple) -> DictConfig:
    """Composed and validated once per set of overrides and state of the config files
    (EMA and batch runs repeat the same overrides; an edited config file is read again)."""
    from sim.cli import explain
    from sim.config.compose import compose_config
    from sim.config.validation import to_typed

    try:
        cfg = compose_config(list(items))
        to_typed(cfg)
    except Exception as exc:  # Hydra/OmegaConf errors become the CLI's one line
        raise ConfigError(explain(exc, list(items))) from None
    return cfg


def compose_dict(overrides: Overrides = None, **keys: Any) -> DictConfig:
    """The composed and validated config (OmegaConf), with result folders anchored at the
    project. Raises ConfigError (one line) for any bad override or config file."""
    items = override_list(overrides, **keys)
    cfg = copy.deepcopy(_checked(tuple(items), _config_files_stamp()))
    with open_dict(cfg):
        for key in ("run.output_root", "run.store"):
            value = OmegaConf.select(cfg, key)
            if value and not Path(value).is_absolute():
                OmegaConf.update(cfg, key, str(PROJECT_DIR / value))
    return cfg


def compose(overrides: Overrides = None, **keys: Any) -> SimConfig:
    """The typed, validated config of a scenario (what the model's binding takes)."""
    from sim.config.validation import to_typed

    return to_typed(compose_dict(overrides, **keys))


@contextlib.contextmanager
def no_main_reimport() -> Iterator[None]:
    """Let worker processes start from a script that has no ``if __name__ == "__main__"``
    guard. Spawned workers re-run the parent's main script to rebuild its namespace; a
    script without the guard then starts the run again inside each worker, and the pool
    dies (BrokenProcessPool). Everything the workers run lives in ``sim``, so the main
    script is hidden from them while the pool starts."""
    main = sys.modules.get("__main__")
    saved = {k: getattr(main, k) for k in ("__file__", "__spec__") if hasattr(main, k)}
    try:
        for k in saved:
            if k == "__spec__":
                main.__spec__ = None
            else:
                delattr(main, k)
        yield
    finally:
        for k, v in saved.items():
            setattr(main, k, v)


@dataclass
class Result:
    """One scenario's outcome: its config, tables (replicates stacked) and summary."""

    config: SimConfig
    tables: dict[str, pd.DataFrame]
    summary: dict
    seeds: list[int]
    folder: Path | None = None  # the results folder, when saved
    # Posterior mode: one row per parameter set (index parameter_set), one column per
    # drawn parameter; the tables' parameter_set column says which set each run used.
    # Empty or None in fixed mode.
    parameters: pd.DataFrame | None = None

    @property
    def province(self) -> pd.DataFrame:
        return self.tables["province"]

    @property
    def city(self) -> pd.DataFrame:
        return self.tables["city"]

    @property
    def adoption(self) -> pd.DataFrame:
        return self.tables["adoption"]

    @property
    def answer(self) -> str:
        """The one-sentence verdict, in Chinese and English."""
        from sim.answer import scenario_sentence

        zh, en = scenario_sentence(self.summary)
        return f"{zh}\n{en}"


def _as_config(scenario: SimConfig | DictConfig | Overrides, keys: dict) -> tuple[SimConfig,
                                                                                  DictConfig]:
    from sim.config.validation import to_typed

    if isinstance(scenario, SimConfig):
        return scenario, OmegaConf.structured(scenario)
    if isinstance(scenario, DictConfig):
        return to_typed(scenario), scenario
    cfg = compose_dict(scenario, **keys)
    return to_typed(cfg), cfg


def run(scenario: SimConfig | DictConfig | Overrides = None, *, workers: int | None = None,
        save: bool = False, progress: bool = False, **keys: Any) -> Result:
    """Run a scenario's replicates and return its tables and summary.

    The run's mode is the config's: ``run.parameters=posterior`` (the default) runs
    ``run.parameter_sets`` parameter sets × (``run.replicates`` / sets) seeds, and the
    summary splits each target's spread into parameter and stochastic parts;
    ``{"run.parameters": "fixed"}`` runs every seed with the config's own values.

    ``scenario`` is a typed config (:func:`compose`), a composed config, or overrides.
    ``workers=1`` runs in this process; more starts worker processes (safe from a script
    without a main guard). ``save=True`` also writes the usual results folder under
    ``run.output_root`` (the project's ``results/`` by default).
    """
    from sim.run import run_scenario
    from sim.summary import summarize

    typed, cfg = _as_config(scenario, keys)
    typed.run.progress = progress
    if workers is not None:
        typed.run.workers = workers
    if save:
        return _run_and_save(typed, cfg)
    with no_main_reimport():
        result = run_scenario(typed)
    parameters = result.plan.parameter_table() if result.plan else None
    summary = summarize(result.tables["province"], typed.targets, parameters)
    summary["scenario"] = {"policy": typed.policy.name, "label_zh": typed.policy.label_zh,
                           "label_en": typed.policy.label_en}
    return Result(typed, result.tables, summary, result.seeds, parameters=parameters)


def _run_and_save(typed: SimConfig, cfg: DictConfig) -> Result:
    from datetime import datetime

    from sim.outputs import next_free
    from sim.scenario import run_and_save

    with open_dict(cfg):
        cfg.run.workers, cfg.run.progress = typed.run.workers, typed.run.progress
    stamp = f"{datetime.now():%Y%m%d-%H%M%S-%f}-api"
    folder = next_free(Path(typed.run.output_root) / (typed.run.name or typed.policy.name)
                       / stamp)
    with no_main_reimport():
        summary = run_and_save(cfg, folder, ["(sim.api.run)"])
    from sim.results import PARAMETER_SETS, TABLES

    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    seeds = sorted(tables["province"]["seed"].unique().tolist())
    sets = pd.read_csv(folder / PARAMETER_SETS, index_col="parameter_set")
    return Result(typed, tables, summary, seeds, folder, parameters=sets[sets.index >= 0])


def outcomes(summary: dict) -> dict[str, float]:
    """Flat outcome values of a summary: P and median of each target, P(all), fiscal cost."""
    out: dict[str, float] = {}
    for name, t in summary["targets"].items():
        out[f"{name}_p"] = float("nan") if t["probability"] is None else t["probability"]
        out[f"{name}_median"] = float("nan") if t["median"] is None else t["median"]
    p_all = summary["all_targets"]["probability"]
    out["all_targets_p"] = float("nan") if p_all is None else p_all
    out["cost_yi_median"] = summary["fiscal_cost_yi"]["median"]
    return out


OUTCOME_KEYS = ("pilot_regions_2022_p", "pilot_regions_2022_median",
                "pilot_enterprises_2022_p", "pilot_enterprises_2022_median",
                "integration_2025_p", "integration_2025_median",
                "all_targets_p", "cost_yi_median")


def evaluate(params: Mapping[str, float], base: Overrides = None, *,
             workers: int | None = 1) -> dict[str, float]:
    """Outcomes of one parameter point: ``params`` maps config keys (or a table's
    ``<table>.scale`` multiplier, as in the configs' ``scales:``) to values, written over
    the ``base`` scenario. The point is validated like any config (one-line errors).
    The point runs with fixed parameters (``run.parameters=fixed``, as sampled studies
    do): its values are the parameters, not posterior draws."""
    from sim.config.sample_space import point_config

    cfg = compose_dict(base)
    try:
        point = point_config(cfg, list(params), [float(v) for v in params.values()])
    except ConfigError:
        raise
    except Exception as exc:
        raise ConfigError(f"cannot set {', '.join(params)}: {exc}".splitlines()[0]) from None
    return outcomes(run(point, workers=workers).summary)


def parameter_ranges(base: Overrides = None) -> dict[str, tuple[float, float]]:
    """Every sweep range of the world and behaviour configs (the plausible ranges that
    studies sample), plus ``sample.params`` if set: name -> (low, high)."""
    from sim.config.sample_space import problem_of

    problem = problem_of(compose(base))
    return dict(zip(problem.names, problem.bounds, strict=True))


def ema_parameters(base: Overrides = None, names: Sequence[str] | None = None) -> list:
    """EMA Workbench uncertainties (``RealParameter`` / ``IntegerParameter``) from the
    configs' ranges; ``names`` picks a subset. Needs ``ema_workbench`` (Python >= 3.12)."""
    try:
        from ema_workbench import IntegerParameter, RealParameter
    except ImportError:  # one line, not a traceback
        raise ImportError("ema_workbench is not installed; it needs Python >= 3.12: "
                          "pip install 'ema-workbench>=3'") from None
    ranges = parameter_ranges(base)
    if names is not None:
        unknown = [n for n in names if n not in ranges]
        if unknown:
            raise ConfigError(f"'{unknown[0]}' has no sweep range; allowed: "
                              f"{', '.join(ranges)}")
        ranges = {n: ranges[n] for n in names}
    typed = compose(base)
    out = []
    for name, (lo, hi) in ranges.items():
        current = _current(typed, name)
        if isinstance(current, int) and not isinstance(current, bool):
            out.append(IntegerParameter(name, int(lo), int(hi)))
        else:
            out.append(RealParameter(name, float(lo), float(hi)))
    return out


def _current(typed: SimConfig, name: str) -> Any:
    node: Any = typed
    for part in name.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
    return node


def ema_model(name: str = "zhejiang", base: Overrides = None,
              params: Sequence[str] | None = None):
    """An EMA Workbench ``Model`` whose function is :func:`evaluate` on ``base``, with
    the configs' ranges as uncertainties and every outcome of :func:`outcomes`."""
    from functools import partial

    from ema_workbench import Model, ScalarOutcome

    model = Model(name, function=partial(_ema_function, base=override_list(base)))
    model.uncertainties = ema_parameters(base, params)
    model.outcomes = [ScalarOutcome(k) for k in OUTCOME_KEYS]
    return model


def _ema_function(base: list[str], **params: float) -> dict[str, float]:
    return evaluate(params, base)
