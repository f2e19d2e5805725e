"""``best_policy.yaml``: the chosen trial as a ready-to-use ``configs/policy/`` file."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import textwrap
from pathlib import Path

import pandas as pd
import yaml

from sim.config.schema import RUN_PLUMBING_KEYS
from sim.model.vocabulary import LEVER_GROUPS
from sim.outcomes import TARGETS
from sim.policy_search.trials import Trial


def _num(v: float | int) -> str:
    """A YAML number that reads back exactly (repr round-trips; '1e-05' would be a string
    to YAML 1.1, so it becomes '1.0e-05')."""
    if isinstance(v, bool) or not isinstance(v, float):
        return str(v)
    s = repr(v)
    if "e" in s and "." not in s.split("e")[0]:
        mantissa, exp = s.split("e")
        s = f"{mantissa}.0e{exp}"
    return s


def policy_name(policy: dict) -> str:
    """``searched_<8 hex>``: a hash of the settings, so one package keeps one name."""
    body = {k: v for k, v in policy.items() if k not in ("name", "label_zh", "label_en")}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:8]
    return f"searched_{digest}"


def fixed_overrides(trial: Trial) -> list[str]:
    """The trial's overrides that shape its results but are not part of the package
    (world, behaviour, targets, seeds, quarters...)."""
    out = []
    for o in trial.overrides:
        key = o.lstrip("+~").split("=", 1)[0]
        if key.startswith(("policy", "experiment", "hydra")) or key in RUN_PLUMBING_KEYS:
            continue
        out.append(o)
    return out


def best_policy_yaml(trial: Trial, row: pd.Series, threshold: float, meets: bool,
                     sweep: Path) -> tuple[str, str]:
    """(name, text) of a policy config file in the format of configs/policy/*.yaml."""
    pol = trial.policy
    name = policy_name(pol)
    seeds = trial.provenance.get("seeds", [])
    run = trial.config.get("run", {})
    if meets:
        head = (f"Cheapest package found by the policy search that meets every target with "
                f"probability >= {threshold:.2f}.",
                f"政策搜索所得：全部目标同时达成概率≥{threshold:.2f}的最低财政成本政策组合。")
        label_zh, label_en = (f"搜索所得最低成本达标组合（P≥{threshold:.2f}）",
                              f"Cheapest package meeting the targets (P >= {threshold:.2f})")
    else:
        head = (f"NOT MEETING THE THRESHOLD: no trial reached P(all targets) >= "
                f"{threshold:.2f}; this is the trial with the highest P(all).",
                f"未达阈值：没有试验的全部目标达成概率≥{threshold:.2f}；此为达成概率最高的组合。")
        label_zh, label_en = (f"搜索所得达成概率最高组合（未达{threshold:.2f}）",
                              f"Most likely package found (below P {threshold:.2f})")
    lo, hi = row["p_all_lo"], row["p_all_hi"]
    interval = "not evaluated (run too short)" if not row["p_all_evaluated"] else (
        f"{int(row['seeds_all_met'])} of {int(row['seeds'])} seeds; "
        f"95% Wilson interval {lo:.2f}-{hi:.2f}")
    per_target = ", ".join(
        f"{o.label_en.lower()} "
        f"{'n/a' if pd.isna(row[f'p_{o.name}']) else format(row[f'p_{o.name}'], '.2f')}"
        for o in TARGETS)
    fixed = fixed_overrides(trial)
    lines = [
        *head,
        f"Source: trial {trial.num} of the search {sweep.resolve()}",
        f"  (job folder {trial.folder.resolve()}).",
        f"Fiscal cost (special-fund subsidies + pilot awards), median over seeds: "
        f"{row['cost_yi']:.2f} 亿元 (5-95%: {row['cost_yi_p05']:.2f}-{row['cost_yi_p95']:.2f}).",
        f"P(all targets met): {row['p_all']:.2f} ({interval}).",
        f"Per target: {per_target}.",
        f"Threshold: P(all) >= {threshold:.2f} (python -m sim.policy_search --threshold "
        f"{threshold:g}).",
        f"Seeds: {len(seeds)} replicate seeds spawned from run.seed={run.get('seed')}, the same "
        "for every trial:",
        *textwrap.wrap(", ".join(str(s) for s in seeds), 86, initial_indent="  ",
                       subsequent_indent="  "),
        "Evaluated with: " + (" ".join(fixed) if fixed else "the default world and behaviour")
        + (f"; run {run.get('start')}-{run.get('end')}" if run else "") + ".",
        "Intensities are the exact values evaluated (not rounded), so a rerun with the same",
        "world, behaviour and seeds reproduces the numbers above. To use this package:",
        f"  cp best_policy.yaml configs/policy/{name}.yaml && python -m sim policy={name}",
    ]
    # Indented lines (paths, seeds, the command) stay as they are; the rest is wrapped.
    out = [f"# {part}" for ln in lines for part in (
        [ln] if ln.startswith("  ") else
        textwrap.wrap(ln, 96, subsequent_indent="  ", break_long_words=False))]
    out += ["defaults:", "  - /schema/policy@_here_", "  - _self_", "",
            f"name: {name}",
            *yaml.safe_dump({"label_zh": label_zh, "label_en": label_en}, allow_unicode=True,
                            sort_keys=False, width=1000).splitlines(),
            f"delay_quarters: {int(pol.get('delay_quarters', 0))}   # every lever starts this "
            "many quarters after its start below (< 0: earlier)", ""]
    for g in LEVER_GROUPS:
        if g not in pol:
            continue
        out.append(f"{g}:")
        for lever, lv in pol[g].items():
            out.append(f"  {lever}: {{intensity: {_num(float(lv['intensity']))}, "
                       f"start: {lv['start']}, ramp_quarters: {int(lv['ramp_quarters'])}}}")
    out += ["", "fund:"]
    out += [f"  {k}: {_num(v)}" for k, v in pol["fund"].items()]
    out += ["", "pilots:"]
    for k, v in pol["pilots"].items():
        if isinstance(v, list):
            out.append(f"  {k}: [{', '.join(str(x) for x in v)}]")
        elif isinstance(v, bool):
            out.append(f"  {k}: {'true' if v else 'false'}")
        else:
            out.append(f"  {k}: {_num(v)}")
    return name, "\n".join(out) + "\n"


def validate_policy_file(path: Path, name: str) -> str | None:
    """Compose the project config with this file as ``policy=<name>`` (from a temporary
    search path) and check it; None if it is valid, else the one-line reason."""
    from hydra.core.global_hydra import GlobalHydra

    from sim.cli import one_line
    from sim.config.compose import compose_config
    from sim.config.validation import to_typed

    if GlobalHydra.instance().is_initialized():
        return "not checked: Hydra is already initialised in this process"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "policy").mkdir()
        shutil.copyfile(path, Path(tmp) / "policy" / f"{name}.yaml")
        try:
            cfg = compose_config([f"hydra.searchpath=[file://{tmp}]", f"policy={name}"])
            typed = to_typed(cfg)
        except Exception as exc:  # any failure is reported, not raised
            return one_line(exc)
    return None if typed.policy.name == name else f"composed policy is '{typed.policy.name}'"
