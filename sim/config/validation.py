"""Validation of a composed config against the schema in ``sim.config.schema``.

Every failure becomes one :class:`sim.config.errors.ConfigError` naming the key and what is
allowed: unknown keys (``+key=`` and stray YAML keys slip past Hydra's struct mode),
wrong types, values out of their ``range`` metadata, unknown names of fields, paths,
sizes and cities, and malformed quarters.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, get_type_hints

from omegaconf import DictConfig, OmegaConf

from sim.config.errors import ConfigError
from sim.config.sample_space import point_config, problem_of
from sim.config.schema import SimConfig
from sim.model.vocabulary import (
    BARRIERS,
    FIELDS,
    KINDS,
    LEVER_CHANNELS,
    LEVER_GROUPS,
    PATHS,
    SIZES,
    QuarterError,
    quarter_index,
)

COST_UNITS = ("亿元", "staff", "mu", "forgone_tax")


def to_typed(cfg: DictConfig | dict) -> SimConfig:
    """Merge a composed config onto the schema, check it, and return plain dataclasses.

    Raises ConfigError (one line) for unknown keys, wrong types and bad values.
    """
    if not isinstance(cfg, DictConfig):
        cfg = OmegaConf.create(cfg)
    _reject_unknown_keys(cfg, SimConfig, "")
    try:
        merged = OmegaConf.merge(OmegaConf.structured(SimConfig), cfg)
        typed = OmegaConf.to_object(merged)
    except ConfigError:
        raise
    except Exception as exc:  # omegaconf's own errors carry full_key; reword them
        raise ConfigError(_reword(exc)) from None
    validate(typed)
    return typed


def _reject_unknown_keys(node: Any, schema: type, prefix: str) -> None:
    """`+key=value` and stray YAML keys slip past Hydra's struct mode: refuse them here."""
    known = {f.name: f for f in fields(schema)}
    for key in node.keys():
        if key == "hydra" and not prefix:
            continue
        if key not in known:
            allowed = ", ".join(known)
            raise ConfigError(f"unknown config key '{prefix}{key}'; allowed here: {allowed}")
        sub_schema = _dataclass_type(schema, known[key])
        child = node[key] if not OmegaConf.is_missing(node, key) else None
        if sub_schema is None or child is None:
            continue
        if isinstance(child, DictConfig):
            _reject_unknown_keys(child, sub_schema, f"{prefix}{key}.")
        elif OmegaConf.is_list(child):
            for i, item in enumerate(child):
                if isinstance(item, DictConfig):
                    _reject_unknown_keys(item, sub_schema, f"{prefix}{key}[{i}].")


def _dataclass_type(owner: type, f: Any) -> type | None:
    """The dataclass a field holds (directly or as list[...] items), else None."""
    tp = _hints(owner).get(f.name)
    if tp is None:
        return None
    args = getattr(tp, "__args__", None)
    if args and is_dataclass(args[0]):
        return args[0]
    return tp if is_dataclass(tp) else None


@cache
def _hints(schema: type) -> dict[str, Any]:
    """A schema's field types, resolved from its own annotations (every schema, so a
    ``+study.foo=`` or ``+sample.bar=`` is checked like any other group)."""
    return get_type_hints(schema)


def _reword(exc: Exception) -> str:
    key = getattr(exc, "full_key", None) or ""
    msg = str(exc).splitlines()[0]
    if "not in struct" in msg or "Key '" in msg and "not" in msg:
        return f"unknown config key '{key}'; remove it or check the spelling (see configs/)"
    if "MissingMandatoryValue" in type(exc).__name__ or "Missing mandatory" in msg:
        return f"config key '{key}' must be set"
    return f"config key '{key}': {msg}" if key else msg


def validate(cfg: SimConfig) -> None:
    _check_finite(cfg, "")
    _check_ranges(cfg, "")
    _check_names(cfg)
    _check_semantics(cfg)
    _check_sweep_ranges(cfg)
    if cfg.sample.method != "none":
        _check_sample(cfg)


def _leaf_keys(node: Any, prefix: str = "") -> dict[str, Any]:
    if is_dataclass(node):
        node = {f.name: getattr(node, f.name) for f in fields(node)}
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for k, v in node.items():
            out.update(_leaf_keys(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: node}


def _check_sweep_ranges(cfg: SimConfig) -> None:
    """world/behaviour/policy ranges name real parameters with lo < hi; scales name tables
    (dicts) of their section; policy costs name real levers."""
    for key, cost in cfg.policy.costs.items():
        group, _, name = key.partition(".")
        if group not in LEVER_GROUPS or not hasattr(getattr(cfg.policy, group), name):
            raise ConfigError(f"policy.costs.{key}: not a lever; write group.lever, groups: "
                              f"{', '.join(LEVER_GROUPS)}")
        if cost.unit not in COST_UNITS:
            raise ConfigError(f"policy.costs.{key}.unit='{cost.unit}'; allowed: "
                              f"{', '.join(COST_UNITS)}")
    for section in ("world", "behaviour", "policy"):
        part = getattr(cfg, section)
        leaves = _leaf_keys(part)
        for key, bounds in part.ranges.items():
            if key not in leaves or isinstance(leaves[key], (list, dict)):
                raise ConfigError(f"{section}.ranges.{key}: no such {section} parameter")
            # A scenario may set a value outside the sweep range (a small test world, a
            # bold assumption): the range is what a study samples, not a limit.
            _check_bounds(f"{section}.ranges.{key}", bounds)
        for table, bounds in getattr(part, "scales", {}).items():
            node = part
            for step in table.split("."):
                node = node.get(step) if isinstance(node, dict) else getattr(node, step, None)
            if not isinstance(node, dict):
                raise ConfigError(f"{section}.scales.{table}: not a table of {section} "
                                  "(a mapping of numbers)")
            _check_bounds(f"{section}.scales.{table}", bounds)


def _check_bounds(key: str, bounds: list[float]) -> None:
    if len(bounds) != 2 or not bounds[0] < bounds[1] or not all(map(math.isfinite, bounds)):
        raise ConfigError(f"{key}={list(bounds)} must be [lo, hi] with lo < hi")


def _check_sample(cfg: SimConfig) -> None:
    """The sample's method, chunking and parameters; its corners must be valid configs."""
    s = cfg.sample
    if s.method not in ("sobol", "morris", "lhs"):
        raise ConfigError(f"sample.method='{s.method}' is unknown; allowed: none, sobol, "
                          "morris, lhs")
    if s.chunk >= s.chunks:
        raise ConfigError(f"sample.chunk={s.chunk} must be below sample.chunks={s.chunks}")
    for key, bounds in s.params.items():
        _check_bounds(f"sample.params.{key}", bounds)

    problem = problem_of(cfg)
    base = OmegaConf.structured(cfg)
    for corner in (0, 1):
        row = [b[corner] for b in problem.bounds]
        try:
            point = point_config(base, problem.names, row)
            _check_ranges(OmegaConf.to_object(OmegaConf.merge(
                OmegaConf.structured(SimConfig), point)), "")
        except ConfigError as exc:
            raise ConfigError(f"a sweep range reaches a value that is not allowed: {exc}"
                              ) from None


def _check_finite(node: Any, key: str) -> None:
    """Every number anywhere in the config is finite (NaN and infinity pass range checks
    written as comparisons, then break the model far from the cause)."""
    if is_dataclass(node):
        for f in fields(node):
            _check_finite(getattr(node, f.name), f"{key}.{f.name}" if key else f.name)
    elif isinstance(node, dict):
        for k, v in node.items():
            _check_finite(v, f"{key}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _check_finite(v, f"{key}[{i}]")
    elif isinstance(node, float) and not math.isfinite(node):
        raise ConfigError(f"{key}={node} is not a finite number")


# Values that become folder names: letters, digits, '_', '.', '-'; no '..', not hidden.
NAME_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
NAME_KEYS = ("run.name", "policy.name", "study.name")


def name_problem(key: str, value: str) -> str | None:
    """Why ``value`` cannot name a folder, or None."""
    if NAME_PATTERN.fullmatch(value) and ".." not in value:
        return None
    shown = value if len(value) <= 40 else value[:40] + f"... ({len(value)} characters)"
    return (f"{key}='{shown}' cannot name a folder; use 1-64 of A-Z a-z 0-9 _ . - "
            "(not starting with '.' or '-', no '..')")


def _check_names(cfg: SimConfig) -> None:
    for key in NAME_KEYS:
        section, name = key.split(".")
        value = getattr(getattr(cfg, section), name)
        if (value or key == "policy.name") and (problem := name_problem(key, value)):
            raise ConfigError(problem)


def _check_ranges(node: Any, prefix: str) -> None:
    if not is_dataclass(node):
        return
    for f in fields(node):
        value = getattr(node, f.name)
        key = f"{prefix}{f.name}"
        items = f.metadata.get("max_items")
        if items is not None and len(value) > items:
            raise ConfigError(f"{key} has {len(value)} entries; at most {items} are allowed")
        bounds = f.metadata.get("range") or f.metadata.get("limit")
        if bounds is not None:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{key} must be a number in [{bounds[0]}, {bounds[1]}]")
            if not bounds[0] <= value <= bounds[1]:
                raise ConfigError(
                    f"{key}={value} is out of range; allowed: {bounds[0]} to {bounds[1]}"
                )
        if is_dataclass(value):
            _check_ranges(value, key + ".")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                _check_ranges(item, f"{key}[{i}].")


def _require_keys(key: str, mapping: dict, allowed: tuple[str, ...], complete: bool) -> None:
    unknown = sorted(set(mapping) - set(allowed))
    if unknown:
        raise ConfigError(f"{key}: unknown name '{unknown[0]}'; allowed: {', '.join(allowed)}")
    missing = [a for a in allowed if a not in mapping]
    if complete and missing:
        raise ConfigError(f"{key}: missing '{missing[0]}'; needs all of: {', '.join(allowed)}")


_TINY = 1e-6  # smallest allowed value of a multiplier that must stay positive


def _check_unit_values(key: str, mapping: dict, lo: float, hi: float) -> None:
    for name, v in mapping.items():
        if isinstance(v, dict):
            _check_unit_values(f"{key}.{name}", v, lo, hi)
        elif not lo <= v <= hi:
            raise ConfigError(f"{key}.{name}={v} is out of range; allowed: {lo} to {hi}")


def _quarter(key: str, value: str) -> int:
    try:
        return quarter_index(value)
    except QuarterError:
        raise ConfigError(f"{key}='{value}' is not a quarter; write YYYYQn, e.g. 2021Q3") from None


def _check_semantics(cfg: SimConfig) -> None:
    run, w, b, p = cfg.run, cfg.world, cfg.behaviour, cfg.policy
    start, end = _quarter("run.start", run.start), _quarter("run.end", run.end)
    if end < start:
        raise ConfigError(f"run.end={run.end} is before run.start={run.start}")
    if run.lang not in ("zh", "en"):
        raise ConfigError(f"run.lang='{run.lang}' is unknown; allowed: zh, en")
    if run.engine not in ("vectorized", "agents"):
        raise ConfigError(f"run.engine='{run.engine}' is unknown; allowed: vectorized, agents")
    if run.parameters not in ("posterior", "fixed"):
        raise ConfigError(f"run.parameters='{run.parameters}' is unknown; allowed: posterior, "
                          "fixed")
    sets = min(run.parameter_sets, run.replicates)
    if run.parameters == "posterior" and run.replicates % sets:
        raise ConfigError(f"run.replicates={run.replicates} is not a multiple of "
                          f"run.parameter_sets={run.parameter_sets}; allowed: N × seeds per set")
    for key in ("checkpoint_2022", "checkpoint_2025", "integration_base"):
        try:
            quarter_index(getattr(cfg.targets, key))
        except QuarterError:
            raise ConfigError(
                f"targets.{key}='{getattr(cfg.targets, key)}' is not a quarter; write YYYYQn"
            ) from None
    if len(w.cities) == 0:
        raise ConfigError("world.cities is empty; the world needs at least one city")
    city_names = [c.name for c in w.cities]
    _require_keys("world.size_shares", w.size_shares, SIZES, True)
    _require_keys("world.revenue_yi", w.revenue_yi, SIZES, True)
    _require_keys("world.size_adoption_factor", w.size_adoption_factor, SIZES, True)
    _require_keys("world.field_shares", w.field_shares, KINDS, True)
    _require_keys("world.baseline_adoption", w.baseline_adoption, KINDS, True)
    _require_keys("world.service_share_mean", w.service_share_mean, KINDS, True)
    _require_keys("world.constraint_mean", w.constraint_mean, SIZES, True)
    _require_keys("world.digital_maturity", w.digital_maturity,
                  ("base", "adopter", "capability"), True)
    _require_keys("world.platform_firm_share", w.platform_firm_share, FIELDS, False)
    _require_keys("world.city_field_boost", w.city_field_boost, tuple(city_names), False)
    for kind in KINDS:
        _require_keys(f"world.field_shares.{kind}", w.field_shares[kind], FIELDS, False)
        _require_keys(f"world.baseline_adoption.{kind}", w.baseline_adoption[kind], PATHS, True)
        _check_unit_values(f"world.baseline_adoption.{kind}", w.baseline_adoption[kind], 0, 1)
    for size in SIZES:
        _require_keys(f"world.constraint_mean.{size}", w.constraint_mean[size], BARRIERS, True)
    for city, boosts in w.city_field_boost.items():
        _require_keys(f"world.city_field_boost.{city}", boosts, FIELDS, False)
    if len(w.tier_adoption_factor) != 3:
        raise ConfigError("world.tier_adoption_factor needs 3 numbers (tiers 1, 2, 3)")
    for c in w.cities:
        if c.informatization_tier not in (1, 2, 3):
            raise ConfigError(f"world.cities[{c.name}].informatization_tier must be 1, 2 or 3")
    _check_unit_values("world.size_shares", w.size_shares, 0, 1)
    _check_unit_values("world.constraint_mean", w.constraint_mean, 0, 1)
    _check_unit_values("world.platform_firm_share", w.platform_firm_share, 0, 1)
    # Multipliers and money enter logs and divisions: they must be positive and finite.
    _check_unit_values("world.size_adoption_factor", w.size_adoption_factor, _TINY, 100)
    _check_unit_values("world.tier_adoption_factor",
                       dict(zip(("1", "2", "3"), w.tier_adoption_factor, strict=True)),
                       _TINY, 100)
    _check_unit_values("world.revenue_yi", w.revenue_yi, _TINY, 1e5)
    _check_unit_values("world.field_shares", w.field_shares, 0, 1)
    _check_unit_values("world.service_share_mean", w.service_share_mean, 0, 1)
    _check_unit_values("world.digital_maturity", w.digital_maturity, 0, 1)
    _check_unit_values("world.city_field_boost", w.city_field_boost, 0, 100)
    # Each kind's fit table lists every field that kind has firms in (and only fields).
    for kind, table in (("manufacturing", "path_fit"), ("services", "service_path_fit")):
        fit = getattr(b, table)
        _require_keys(f"behaviour.{table}", fit, FIELDS, False)
        for fld in FIELDS:
            if w.field_shares.get(kind, {}).get(fld, 0.0) > 0 and fld not in fit:
                raise ConfigError(f"behaviour.{table}: missing '{fld}' ({kind} firms are "
                                  "in that field, world.field_shares)")
        for fld in fit:
            _require_keys(f"behaviour.{table}.{fld}", fit[fld], PATHS, True)
    for table in ("path_cost_yi", "service_path_cost_yi"):
        _require_keys(f"behaviour.{table}", getattr(b, table), SIZES, True)
        for size in SIZES:
            _require_keys(f"behaviour.{table}.{size}", getattr(b, table)[size], PATHS, True)
    for table in ("barrier_exposure", "service_barrier_exposure"):
        _require_keys(f"behaviour.{table}", getattr(b, table), PATHS, True)
        for path in PATHS:
            _require_keys(f"behaviour.{table}.{path}", getattr(b, table)[path], BARRIERS, True)
    _require_keys("behaviour.service_share_gain", b.service_share_gain, PATHS, True)
    bad = [x for x in b.requires_digitalization if x not in PATHS[1:]]
    if bad:
        raise ConfigError(f"behaviour.requires_digitalization: unknown path '{bad[0]}'; "
                          f"allowed: {', '.join(PATHS[1:])}")
    _require_keys("behaviour.digital_gain", b.digital_gain, PATHS, True)
    _require_keys("behaviour.manufacturing_share_gain", b.manufacturing_share_gain, PATHS, True)
    _require_keys("behaviour.service_digital_gain", b.service_digital_gain, PATHS, True)
    _require_keys("behaviour.platform_capacity", b.platform_capacity, SIZES, True)
    _require_keys("behaviour.lever_effect", b.lever_effect, LEVER_CHANNELS, True)
    _check_unit_values("behaviour.lever_effect", b.lever_effect, 0, 5)
    _check_unit_values("behaviour.path_fit", b.path_fit, 0, 10)
    _check_unit_values("behaviour.path_cost_yi", b.path_cost_yi, 0, 1e3)
    _check_unit_values("behaviour.service_path_fit", b.service_path_fit, 0, 10)
    _check_unit_values("behaviour.service_path_cost_yi", b.service_path_cost_yi, 0, 1e3)
    _check_unit_values("behaviour.manufacturing_share_gain", b.manufacturing_share_gain, 0, 1)
    _check_unit_values("behaviour.service_digital_gain", b.service_digital_gain, 0, 1)
    _check_unit_values("behaviour.barrier_exposure", b.barrier_exposure, 0, 10)
    _check_unit_values("behaviour.service_barrier_exposure", b.service_barrier_exposure, 0, 10)
    _check_unit_values("behaviour.service_share_gain", b.service_share_gain, 0, 1)
    _check_unit_values("behaviour.digital_gain", b.digital_gain, 0, 1)
    _check_unit_values("behaviour.platform_capacity", b.platform_capacity, 1, 1e6)
    for group in LEVER_GROUPS:
        levers = getattr(p, group)
        for f in fields(levers):
            q = getattr(levers, f.name).start
            try:
                begins = quarter_index(q) + p.delay_quarters
            except QuarterError:
                raise ConfigError(
                    f"policy.{group}.{f.name}.start='{q}' is not a quarter; write YYYYQn"
                ) from None
            # A lever switched on but starting after the last simulated quarter would
            # silently do nothing: say so instead.
            if getattr(levers, f.name).intensity > 0 and begins > end:
                shifted = (f" (with policy.delay_quarters={p.delay_quarters})"
                           if p.delay_quarters else "")
                raise ConfigError(
                    f"policy.{group}.{f.name}.start={q}{shifted} is after the simulated "
                    f"period {run.start}–{run.end}; allowed: a quarter up to {run.end}, "
                    "or intensity 0 to switch the lever off")
    bad = [s for s in p.pilots.enterprise_sizes if s not in SIZES]
    if bad:
        raise ConfigError(
            f"policy.pilots.enterprise_sizes: unknown size '{bad[0]}'; allowed: {', '.join(SIZES)}"
        )
    if not p.pilots.first_review.endswith("Q4"):
        raise ConfigError(f"policy.pilots.first_review={p.pilots.first_review} must be a Q4")
    _quarter("policy.pilots.first_review", p.pilots.first_review)
