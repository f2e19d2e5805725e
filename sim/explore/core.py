"""What the explorer does, without any user interface (the Solara pages call these).

* settings: a policy package's lever intensities and starts, fund and pilot rules, as
  the text a person types (bad text reaches the same validation as the command line);
* :func:`run_whatif`: the settings and their package on a scaled world, same seeds, run
  store reused; P(target) with Wilson intervals and the paired difference;
* :func:`policy_yaml` / :func:`save_policy` / :func:`cli_command`: the settings as a
  ``configs/policy/`` file and as the command that reproduces them at full scale;
* :func:`saved_folders` / :func:`folder_contents`: sweeps and studies under results/;
* :class:`Stepper`: one run, quarter by quarter.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from omegaconf import OmegaConf

from sim.cli import checked_config
from sim.config.compose import CONFIG_DIR
from sim.config.errors import ConfigError
from sim.config.schema import SimConfig
from sim.labels import ALL_TARGETS_LABEL, LEVER_LABELS
from sim.outcomes import TARGETS

POLICY_DIR = CONFIG_DIR / "policy"
LEVERS = tuple(LEVER_LABELS)  # "group.lever"
PILOT_KEYS = ("pilots.region_quota_per_year", "pilots.enterprise_quota_per_year",
              "pilots.region_min_adoption", "pilots.region_min_platforms",
              "pilots.enterprise_min_paths", "pilots.enterprise_min_cross_share")
FUND_KEYS = ("fund.budget_yi",)
# The scaled world of the What-if page: 1/40 of the firms, 12 runs (6 parameter sets × 2
# seeds) -- seconds per package on one core; the same seeds for the reference.
SCALE = {"world.firms_per_agent": 40, "run.replicates": 12, "run.parameter_sets": 6}
_RUN = ["run.workers=1", "run.progress=false"]
Z95 = 1.959963984540054
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def setting_keys() -> tuple[str, ...]:
    """Every setting the What-if page shows, as keys under ``policy.``."""
    return (*(f"{lever}.{part}" for lever in LEVERS for part in ("intensity", "start")),
            *FUND_KEYS, *PILOT_KEYS)


def packages() -> list[str]:
    return sorted(p.stem for p in POLICY_DIR.glob("*.yaml") if not p.stem.startswith("_"))


def error_line(exc: BaseException) -> str:
    """The line the command line prints for a refused config."""
    return f"error: {exc}"


def package_settings(package: str, output_root: str = "results") -> dict[str, str]:
    """The package's value of every setting, as text."""
    _, typed = checked_config([f"policy={package}", f"run.output_root={output_root}"])
    return {key: _text(_get(typed.policy, key)) for key in setting_keys()}


def _get(obj, dotted: str):
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _text(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def changed(package: str, settings: dict[str, str], base: dict[str, str] | None = None
            ) -> dict[str, str]:
    """The settings that differ from the package (as typed text)."""
    base = base if base is not None else package_settings(package)
    out = {}
    for key, value in settings.items():
        value = str(value).strip()
        if key not in base:
            raise ConfigError(f"unknown setting '{key}'")
        if value != base[key] and not _same_number(value, base[key]):
            out[key] = value
    return out


def _same_number(a: str, b: str) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
    except ValueError:
        return False


def overrides(package: str, diff: dict[str, str]) -> list[str]:
    """Command-line overrides: the package, then each changed setting."""
    return [f"policy={package}", *(f"policy.{k}={v}" for k, v in diff.items())]


def scaled(output_root: str) -> list[str]:
    return [*(f"{k}={v}" for k, v in SCALE.items()), *_RUN, f"run.output_root={output_root}"]


def check(package: str, diff: dict[str, str], output_root: str = "results") -> SimConfig:
    """The scaled config of these settings; ConfigError with the command line's message."""
    _, typed = checked_config([*overrides(package, diff), *scaled(output_root)])
    return typed


def cli_command(package: str, diff: dict[str, str]) -> str:
    """The command that runs these settings at full scale (every firm an agent, the
    default 40 runs)."""
    return "python -m sim " + " ".join(shlex.quote(o) for o in overrides(package, diff))


# ---------------------------------------------------------------- running
def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    if n <= 0:
        return (float("nan"), float("nan"))
    p = successes / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class WhatIf:
    package: str
    diff: dict[str, str]
    current: dict[str, pd.DataFrame]
    reference: dict[str, pd.DataFrame]
    targets: object  # TargetsConfig
    table: pd.DataFrame  # one row per target
    computed: int = 0  # runs computed (the rest came from the run store)
    seeds: list[int] = field(default_factory=list)


def _p_row(name: str, label_zh: str, label_en: str, threshold, met_a: pd.Series,
           met_b: pd.Series) -> dict:
    d = (met_a - met_b).dropna()
    half = (1.96 * d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else float("nan")
    lo, hi = wilson(met_a.sum(), len(met_a))
    rlo, rhi = wilson(met_b.sum(), len(met_b))
    return {"target": name, "label_zh": label_zh, "label_en": label_en,
            "threshold": threshold, "p": met_a.mean(), "lo": lo, "hi": hi,
            "p_ref": met_b.mean(), "lo_ref": rlo, "hi_ref": rhi,
            "diff": d.mean(), "diff_lo": d.mean() - half, "diff_hi": d.mean() + half,
            "n": len(met_a)}


def target_table(current: pd.DataFrame, reference: pd.DataFrame, targets) -> pd.DataFrame:
    """Per target, and for all targets at once: P(met) with its Wilson interval, for the
    settings and the reference, and the paired difference (same seeds) with a t
    interval."""
    rows, all_a, all_b = [], [], []
    for o in TARGETS:
        thr = o.threshold(targets)
        a = o.measure(current, targets).dropna()
        b = o.measure(reference, targets).dropna()
        if a.empty or b.empty:
            continue
        met_a = pd.Series(o.met(a.to_numpy(), thr), index=a.index).astype(float)
        met_b = pd.Series(o.met(b.to_numpy(), thr), index=b.index).astype(float)
        all_a.append(met_a)
        all_b.append(met_b)
        rows.append(_p_row(o.name, o.label_zh, o.label_en, thr, met_a, met_b))
    if len(all_a) == len(TARGETS):
        rows.append(_p_row("all", *ALL_TARGETS_LABEL, None,
                           pd.concat(all_a, axis=1).min(axis=1),
                           pd.concat(all_b, axis=1).min(axis=1)))
    return pd.DataFrame(rows)


def run_whatif(package: str, settings: dict[str, str], output_root: str = "results"
               ) -> WhatIf:
    """Run the settings and their package on the scaled world (same seeds; the run store
    under ``output_root`` serves every run it already holds). ConfigError on bad input."""
    from sim.run import run_scenario

    diff = changed(package, settings)
    typed = check(package, diff, output_root)
    ref = check(package, {}, output_root)
    a = run_scenario(typed, log_level=logging.DEBUG)
    b = run_scenario(ref, log_level=logging.DEBUG) if diff else a
    computed = (len(a.seeds) - a.reused) + ((len(b.seeds) - b.reused) if diff else 0)
    return WhatIf(package, diff, a.tables, b.tables, typed.targets,
                  target_table(a.tables["province"], b.tables["province"], typed.targets),
                  computed, a.seeds)


# ---------------------------------------------------------------- policy files
def policy_yaml(package: str, diff: dict[str, str], name: str) -> str:
    """A ``configs/policy/``-style file: the package's file with the changed settings."""
    if not _NAME.match(name):
        raise ConfigError(f"policy name '{name}' must be lower-case letters, digits and _ "
                          "(starting with a letter, at most 40)")
    source = POLICY_DIR / f"{package}.yaml"
    node = OmegaConf.load(source)
    for key, value in diff.items():
        OmegaConf.update(node, key, yaml.safe_load(value), merge=True)
    node.name = name
    label_zh, label_en = node.get("label_zh", package), node.get("label_en", package)
    node.label_zh = f"{label_zh}（调整）" if diff else label_zh
    node.label_en = f"{label_en} (adjusted)" if diff else label_en
    head = (f"# Made by the explorer (python -m sim.explore) from configs/policy/{package}.yaml"
            f"\n# Changed: {', '.join(f'{k}={v}' for k, v in diff.items()) or 'nothing'}\n"
            f"# Run it: python -m sim policy={name}\n")
    return head + OmegaConf.to_yaml(node)


def save_policy(text: str, name: str, folder: Path = POLICY_DIR) -> Path:
    """Write the file into configs/policy/ (never over an existing package)."""
    if not _NAME.match(name):
        raise ConfigError(f"policy name '{name}' must be lower-case letters, digits and _ "
                          "(starting with a letter, at most 40)")
    path = Path(folder) / f"{name}.yaml"
    if path.exists():
        raise ConfigError(f"configs/policy/{name}.yaml exists already; choose another name")
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- saved sweeps
def saved_folders(root: Path) -> list[Path]:
    """Sweep and study folders under ``root`` (those with sweep.json, a report/ or a
    sensitivity/ folder), newest first. Hidden folders (the run store) and the job
    folders of a found sweep are not walked."""
    root = Path(root)
    found = []
    for here, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if "sweep.json" in files or any(d.startswith(("report", "sensitivity")) for d in dirs):
            found.append(Path(here))
            dirs[:] = []  # its jobs and analyses belong to it
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


@dataclass
class FolderContents:
    tables: dict[str, pd.DataFrame]  # relative path -> table (csv)
    images: list[Path]  # PNG charts and maps
    texts: dict[str, str]  # relative path -> markdown
    rules: list[str]  # discovery rules in the page's language, where present
    jobs: list[Path]  # job folders holding a county table (maps)


def folder_contents(folder: Path, lang: str = "zh") -> FolderContents:
    """What the Compare page shows of a folder, read from disk (nothing recomputed): the
    CSV tables, PNG charts (of ``lang``) and Markdown of the folder and of its report and
    sensitivity folders (``report``, ``sensitivity``, ``sensitivity-2`` ...), discovery
    rules in ``lang``, and the job folders that hold a county table (for maps)."""
    folder = Path(folder)
    tables, images, texts, rules = {}, [], {}, []
    subs = [folder] + sorted(p for p in folder.iterdir() if p.is_dir() and (
        p.name.startswith(("report", "sensitivity")) or p.name == "maps"))
    for base in subs:
        for p in sorted(base.glob("*.csv")):
            try:
                tables[str(p.relative_to(folder))] = pd.read_csv(p)
            except (OSError, ValueError):
                continue
        for p in sorted(base.glob("*.png") if base == folder else base.rglob("*.png")):
            if p.stem.endswith(f"_{'en' if lang == 'zh' else 'zh'}") or p in images:
                continue  # the other language's copy
            images.append(p)
        for p in sorted(base.glob("*.md")):
            texts[str(p.relative_to(folder))] = p.read_text("utf-8", errors="replace")
        rules += _rules(base / "discovery.json", lang)
    jobs = sorted((p.parent for p in folder.glob("*/county.parquet")),
                  key=lambda p: int(p.name) if p.name.isdigit() else 10**9)
    return FolderContents(tables, images[:40], texts, rules, jobs)


def _rules(path: Path, lang: str) -> list[str]:
    """The discovery rules of a sensitivity folder, one sentence per target, in ``lang``."""
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for target, found in (data.items() if isinstance(data, dict) else []):
        rule = found.get("rule") if isinstance(found, dict) else None
        text = rule.get(lang) if isinstance(rule, dict) else rule
        if text:
            out.append(f"{target}: {text}")
    return out


# ---------------------------------------------------------------- stepping
class Stepper:
    """One run of a package (scaled world), advanced a quarter at a time."""

    def __init__(self, package: str, seed_index: int = 0, firms_per_agent: int = 40) -> None:
        from sim.binding import model_arguments
        from sim.model.model import IntegrationModel
        from sim.run import plan_runs

        logging.getLogger("MESA").setLevel(logging.WARNING)
        _, typed = checked_config([f"policy={package}",
                                   f"world.firms_per_agent={firms_per_agent}",
                                   "run.replicates=1", "run.parameter_sets=1"])
        plan = plan_runs(typed)
        self.seed = plan.seeds[seed_index % len(plan.seeds)]
        self.model = IntegrationModel(**model_arguments(plan.configs[0], self.seed))

    @property
    def done(self) -> bool:
        return not self.model.running

    def step(self) -> None:
        if self.model.running:
            self.model.step()

    def tables(self) -> dict[str, pd.DataFrame]:
        rec = self.model.recorder
        if not rec.quarters:
            return {}
        return rec.tables(self.seed)

    def quarter(self) -> str:
        rec = self.model.recorder
        return rec.quarters[-1][1] if rec.quarters else ""


def fmt_p(p: float, lo: float, hi: float) -> str:
    if any(np.isnan(x) for x in (p, lo, hi)):
        return "–"
    return f"{p:.2f} [{lo:.2f}, {hi:.2f}]"
