"""``python -m sim.search_report <sweep folder> [--threshold 0.9] [--lang zh|en]``.

Reads a policy search (``python -m sim -m experiment=policy_search``):
every trial's job folder (``summary.json``, ``config.yaml``, ``provenance.json``) and
the sweeper's ``optimization_results.yaml``. It builds one row per trial (median fiscal
cost, P(all targets met) with its 95% Wilson interval, each target's probability, the
lever settings), marks the Pareto frontier (no other trial is at most as costly and at
least as likely to meet every target, and strictly better in one), and picks the
cheapest trial with P(all) >= the threshold; if none reaches it, the trial with the
highest P(all) is reported instead, labelled as not meeting the threshold.

It writes ``<sweep>/search_report/`` (or the next free ``search_report-2``, ...; built
in a hidden staging folder and renamed into place): ``trials.csv``, ``frontier.csv``,
``best_policy.yaml`` (a ready-to-use ``configs/policy/`` file), ``frontier.{svg,pdf,png}``
with ``frontier.caption.md`` (Chinese and English) and ``search.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import shutil
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.config import LEVER_GROUPS, quarter_index, quarter_label
from sim.summary import TARGET_LABELS, TARGET_NAMES

log = logging.getLogger("sim.search_report")

RESULTS = "optimization_results.yaml"
FOLDER = "search_report"
CHART = "frontier"
_EPS = 1e-9  # P(all) is a share of seeds: 9/10 must count as >= 0.9


class SearchError(ValueError):
    """The folder is not a finished policy search (the message says why)."""


@dataclass
class Trial:
    num: int
    folder: Path
    summary: dict
    config: dict  # the job's resolved config (config.yaml)
    provenance: dict

    @property
    def policy(self) -> dict:
        return self.config["policy"]

    @property
    def overrides(self) -> list[str]:
        return list(self.provenance.get("command", [])[3:])  # after "python -m sim"


# ------------------------------------------------------------------ reading the search
def load_trials(sweep: Path) -> list[Trial]:
    """Every finished trial of the search in ``sweep``, in job order."""
    sweep = Path(sweep)
    if not sweep.is_dir():
        raise SearchError(f"'{sweep}' is not a folder; give the folder a policy search "
                          "printed (results/sweeps/policy_search/<id>)")
    if (sweep / "sweep.json").is_file():
        raise SearchError(f"'{sweep}' is a scenario sweep (it has sweep.json), not a policy "
                          f"search; compare it with: python -m sim.report {sweep}")
    trials = []
    for job in sorted((p for p in sweep.iterdir() if p.is_dir() and p.name.isdigit()),
                      key=lambda p: int(p.name)):
        if not ((job / "summary.json").is_file() and (job / "config.yaml").is_file()):
            continue  # a failed trial leaves no complete folder
        try:
            summary = json.loads((job / "summary.json").read_text("utf-8"))
            config = yaml.safe_load((job / "config.yaml").read_text("utf-8"))
            prov_file = job / "provenance.json"
            prov = json.loads(prov_file.read_text("utf-8")) if prov_file.is_file() else {}
        except (OSError, ValueError, yaml.YAMLError) as exc:
            raise SearchError(f"cannot read trial folder '{job}': {exc}") from None
        if not isinstance(config, dict) or "policy" not in config:
            raise SearchError(f"'{job / 'config.yaml'}' holds no policy section")
        trials.append(Trial(int(job.name), job, summary, config, prov))
    if not trials:
        raise SearchError(f"'{sweep}' holds no finished trials (numbered folders with "
                          "summary.json and config.yaml); is it a policy search folder?")
    if not (sweep / RESULTS).is_file():
        log.warning("%s has no %s: the search did not finish; reporting its %d finished "
                    "trials", sweep, RESULTS, len(trials))
    return trials


def lever_names(policy: dict) -> list[tuple[str, str]]:
    """(group, lever) of every lever in a resolved policy section, in schema order."""
    return [(g, lever) for g in LEVER_GROUPS for lever in policy.get(g, {})]


def _wilson(successes: int, n: int) -> tuple[float, float]:
    from sim.report.stats import wilson_interval

    return wilson_interval(successes, n)


def trials_table(trials: list[Trial]) -> pd.DataFrame:
    """One row per trial: cost, P(all) with its interval, each target, the settings."""
    rows = []
    for t in trials:
        s, pol = t.summary, t.policy
        every = s.get("all_targets") or {}
        evaluated = bool(every.get("evaluated")) and every.get("probability") is not None
        n = int(every.get("n") or s.get("replicates") or 0)
        p = float(every["probability"]) if evaluated else 0.0
        met = round(p * n)
        lo, hi = _wilson(met, n) if evaluated else (math.nan, math.nan)
        fc = s["fiscal_cost_yi"]
        row = {"trial": t.num, "cost_yi": float(fc["median"]), "cost_yi_p05": float(fc["p05"]),
               "cost_yi_p95": float(fc["p95"]), "p_all": p, "p_all_lo": lo, "p_all_hi": hi,
               "seeds_all_met": met if evaluated else math.nan, "seeds": n,
               "p_all_evaluated": evaluated}
        for name in TARGET_NAMES:
            tt = s["targets"].get(name, {})
            row[f"p_{name}"] = math.nan if tt.get("probability") is None else tt["probability"]
        for name in TARGET_NAMES:
            tt = s["targets"].get(name, {})
            row[f"median_{name}"] = math.nan if tt.get("median") is None else tt["median"]
        delay = int(pol.get("delay_quarters", 0))
        starts = []
        for g, lever in lever_names(pol):
            lv = pol[g][lever]
            row[f"{g}.{lever}.intensity"] = float(lv["intensity"])
            if float(lv["intensity"]) > 0:
                starts.append(quarter_index(lv["start"]) + delay)
        row["delay_quarters"] = delay
        row["first_lever_start"] = quarter_label(min(starts)) if starts else ""
        row["budget_yi"] = float(pol["fund"]["budget_yi"])
        row["folder"] = t.folder.name
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ frontier and choice
def pareto_mask(cost, p) -> np.ndarray:
    """True where no other point has cost <= and P >= with one of them strict
    (minimise cost, maximise P). Identical points are all kept."""
    cost, p = np.asarray(cost, float), np.asarray(p, float)
    keep = np.ones(len(cost), bool)
    for i in range(len(cost)):
        better = (cost <= cost[i]) & (p >= p[i]) & ((cost < cost[i]) | (p > p[i]))
        keep[i] = not better.any()
    return keep


def select_best(table: pd.DataFrame, threshold: float) -> tuple[int, bool]:
    """(row position of the chosen trial, whether it meets the threshold).

    The cheapest trial with P(all) >= threshold (ties: higher P, then lower trial number);
    if no trial reaches the threshold, the one with the highest P(all) (ties: cheaper, then
    lower trial number). Either choice lies on the Pareto frontier."""
    if table.empty:
        raise SearchError("no trials to choose from")
    p, cost, num = (table[c].to_numpy(float) for c in ("p_all", "cost_yi", "trial"))
    ok = p >= threshold - _EPS
    if ok.any():
        idx = np.flatnonzero(ok)
        order = np.lexsort((num[idx], -p[idx], cost[idx]))
        return int(idx[order[0]]), True
    order = np.lexsort((num, cost, -p))
    return int(order[0]), False


def mark(table: pd.DataFrame, threshold: float) -> tuple[pd.DataFrame, int, bool]:
    """The table with on_frontier / meets_threshold / best columns; the chosen row."""
    out = table.copy()
    out["on_frontier"] = pareto_mask(out["cost_yi"], out["p_all"])
    out["meets_threshold"] = out["p_all"] >= threshold - _EPS
    best, meets = select_best(out, threshold)
    out["best"] = False
    out.loc[out.index[best], "best"] = True
    return out, best, meets


# ------------------------------------------------------------------ best_policy.yaml
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


# Overrides that say where and how a run is done, not what is simulated.
_NOT_SIMULATED = ("run.output_root", "run.name", "run.progress", "run.workers", "run.store",
                  "run.reuse", "run.lang")


def _fixed_overrides(trial: Trial) -> list[str]:
    """The trial's overrides that shape its results but are not part of the package
    (world, behaviour, targets, seeds, quarters...)."""
    out = []
    for o in trial.overrides:
        key = o.lstrip("+~").split("=", 1)[0]
        if key.startswith(("policy", "experiment", "hydra")) or key in _NOT_SIMULATED:
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
        f"{TARGET_LABELS[n][1].lower()} "
        f"{'n/a' if pd.isna(row[f'p_{n}']) else format(row[f'p_{n}'], '.2f')}"
        for n in TARGET_NAMES)
    fixed = _fixed_overrides(trial)
    lines = [
        *head,
        f"Source: trial {trial.num} of the search {sweep.resolve()}",
        f"  (job folder {trial.folder.resolve()}).",
        f"Fiscal cost (special-fund subsidies + pilot awards), median over seeds: "
        f"{row['cost_yi']:.2f} 亿元 (5-95%: {row['cost_yi_p05']:.2f}-{row['cost_yi_p95']:.2f}).",
        f"P(all targets met): {row['p_all']:.2f} ({interval}).",
        f"Per target: {per_target}.",
        f"Threshold: P(all) >= {threshold:.2f} (python -m sim.search_report --threshold "
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
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from sim.cli import CONFIG_DIR, one_line
    from sim.validation import to_typed

    if GlobalHydra.instance().is_initialized():
        return "not checked: Hydra is already initialised in this process"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "policy").mkdir()
        shutil.copyfile(path, Path(tmp) / "policy" / f"{name}.yaml")
        try:
            with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
                cfg = compose("config", overrides=[f"hydra.searchpath=[file://{tmp}]",
                                                   f"policy={name}"])
            typed = to_typed(cfg)
        except Exception as exc:  # any failure is reported, not raised
            return one_line(exc)
    return None if typed.policy.name == name else f"composed policy is '{typed.policy.name}'"


# ------------------------------------------------------------------ the chart
_LABELS = {
    "title": {"zh": "政策组合搜索：财政成本与三项目标同时达成概率（模拟）",
              "en": "Policy search: fiscal cost and P(all three targets met) (simulated)"},
    "x": {"zh": "累计财政支出（亿元，{n}个随机种子的中位数；各组合种子相同）",
          "en": "Cumulative fiscal cost (CNY 100 million, median over {n} seeds, the same "
                "for every package)"},
    "y": {"zh": "三项目标同时达成概率", "en": "P(all three targets met)"},
    "trials": {"zh": "候选组合（试验）", "en": "Candidate packages (trials)"},
    "frontier": {"zh": "帕累托前沿（非劣组合）",
                 "en": "Pareto frontier (non-dominated)"},
    "threshold": {"zh": "阈值 P≥{t:.2f}", "en": "Threshold P ≥ {t:.2f}"},
    "best": {"zh": "最低成本达标组合", "en": "Cheapest package meeting the threshold"},
    "best_miss": {"zh": "达成概率最高组合（未达阈值）",
                  "en": "Highest-P package (below the threshold)"},
    "best_note": {"zh": "试验#{n}：{c:.1f}亿元，P={p:.2f}",
                  "en": "trial #{n}: {c:.1f} (CNY 100 million), P = {p:.2f}"},
    "whisker": {"zh": "竖线：概率95% Wilson区间", "en": "Bars: 95% Wilson interval"},
}


def _lbl(key: str, lang: str, **kw) -> str:
    return _LABELS[key][lang].format(**kw)


def frontier_figure(table: pd.DataFrame, threshold: float, lang: str = "zh"):
    """Cost (x) against P(all) (y) with 95% intervals: every trial grey, the frontier
    highlighted and joined as a step line (the best P attainable up to each cost), the
    threshold line, and the chosen package starred and labelled."""
    from matplotlib.lines import Line2D

    from sim.analysis.charts import _check_lang, apply_house_style
    from sim.report.charts.style import (
        _LEGEND_SIZE,
        _PAGE_WIDTH,
        _PANEL_TITLE_SIZE,
        _TICK_SIZE,
        _figure,
    )

    _check_lang(lang)
    apply_house_style(lang)
    need = {"trial", "cost_yi", "p_all", "p_all_lo", "p_all_hi", "on_frontier", "best"}
    missing = need - set(table.columns)
    if missing:
        raise ValueError(f"trials table lacks column(s) {sorted(missing)}")
    fig = _figure(_PAGE_WIDTH, 4.8, _lbl("title", lang))
    ax = fig.subplots()
    x, y = table["cost_yi"].to_numpy(float), table["p_all"].to_numpy(float)
    lo = np.nan_to_num(y - table["p_all_lo"].to_numpy(float), nan=0.0).clip(0)
    hi = np.nan_to_num(table["p_all_hi"].to_numpy(float) - y, nan=0.0).clip(0)
    grey = {"marker": "o", "color": "0.62", "markersize": 4.5, "linestyle": "none"}
    ax.errorbar(x, y, yerr=[lo, hi], fmt="none", ecolor="0.8", elinewidth=0.7, capsize=0,
                zorder=1)
    ax.plot(x, y, zorder=2, **grey)
    front = table[table["on_frontier"]].sort_values(["cost_yi", "p_all"])
    fx, fy = front["cost_yi"].to_numpy(float), front["p_all"].to_numpy(float)
    fstyle = {"marker": "s", "color": "#1f3b73", "markersize": 5.5, "linewidth": 1.5,
              "linestyle": "-", "drawstyle": "steps-post"}
    flo = np.nan_to_num(fy - front["p_all_lo"].to_numpy(float), nan=0.0).clip(0)
    fhi = np.nan_to_num(front["p_all_hi"].to_numpy(float) - fy, nan=0.0).clip(0)
    ax.errorbar(fx, fy, yerr=[flo, fhi], fmt="none", ecolor="#1f3b73", elinewidth=0.9,
                capsize=2.5, zorder=3)
    ax.plot(fx, fy, zorder=4, **fstyle)
    tstyle = {"color": "#a33a2a", "linestyle": "--", "linewidth": 1.2}
    ax.axhline(threshold, zorder=2, **tstyle)
    ax.text(0.01, threshold, _lbl("threshold", lang, t=threshold), color=tstyle["color"],
            transform=ax.get_yaxis_transform(), ha="left", va="bottom", fontsize=_TICK_SIZE)
    best = table[table["best"]].iloc[0]
    meets = bool(best["p_all"] >= threshold - _EPS)
    star = {"marker": "*", "markersize": 15, "markerfacecolor": "#e0a526" if meets else "white",
            "markeredgecolor": "black", "markeredgewidth": 1.0, "linestyle": "none"}
    bx, by = float(best["cost_yi"]), float(best["p_all"])
    ax.plot([bx], [by], zorder=5, **star)
    span = float(max(x.max(), 1e-9))
    note = _lbl("best" if meets else "best_miss", lang) + "\n" + _lbl(
        "best_note", lang, n=int(best["trial"]), c=bx, p=by)
    ax.set_xlim(-0.03 * span, span * 1.08)
    ax.set_ylim(-0.05, 1.08)
    n = int(table["seeds"].max()) if "seeds" in table else 0
    ax.set_xlabel(_lbl("x", lang, n=n), fontsize=_PANEL_TITLE_SIZE)
    ax.set_ylabel(_lbl("y", lang), fontsize=_PANEL_TITLE_SIZE)
    ax.tick_params(labelsize=_TICK_SIZE)
    ax.grid(color="0.92", linewidth=0.5)
    handles = [Line2D([], [], **grey), Line2D([], [], **{**fstyle, "drawstyle": "default"}),
               Line2D([], [], **tstyle), Line2D([], [], **star),
               Line2D([], [], color="0.5", linewidth=0.9)]
    names = [_lbl("trials", lang), _lbl("frontier", lang),
             _lbl("threshold", lang, t=threshold),
             _lbl("best" if meets else "best_miss", lang), _lbl("whisker", lang)]
    fig.legend(handles, names, loc="outside lower center", ncols=3, frameon=False,
               fontsize=_LEGEND_SIZE)
    _annotate_best(fig, ax, (bx, by), note, np.column_stack([x, y]), threshold)
    return fig


def _annotate_best(fig, ax, xy, note: str, points: np.ndarray, threshold: float) -> None:
    """Label the chosen package where the box covers the fewest trials and does not sit
    on the threshold line (a few offsets tried; the axes limits must already be set)."""
    fig.draw_without_rendering()
    inside = ax.get_window_extent()
    shown = ax.transData.transform(points)
    line_y = ax.transData.transform((0, threshold))[1]
    best, best_cost = None, None
    for dx, dy in ((16, -36), (-16, -36), (16, 28), (-16, 28), (16, -80), (-16, -80),
                   (40, 0), (-40, 0)):
        ann = ax.annotate(
            note, xy, xytext=(dx, dy), textcoords="offset points",
            ha="left" if dx > 0 else "right", va="top" if dy < 0 else "bottom" if dy else
            "center", fontsize=7.5, zorder=6,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "0.4", "lw": 0.6},
            arrowprops={"arrowstyle": "-", "color": "0.3", "lw": 0.7})
        ann.set_in_layout(False)
        bb = ann.get_window_extent()
        out = bb.x0 < inside.x0 or bb.x1 > inside.x1 or bb.y0 < inside.y0 or bb.y1 > inside.y1
        covered = int(((shown[:, 0] > bb.x0 - 4) & (shown[:, 0] < bb.x1 + 4)
                       & (shown[:, 1] > bb.y0 - 4) & (shown[:, 1] < bb.y1 + 4)).sum())
        cost = (out, covered, bb.y0 < line_y < bb.y1)
        if best_cost is None or cost < best_cost:
            if best is not None:
                best.remove()
            best, best_cost = ann, cost
        else:
            ann.remove()
        if not any(cost):
            break


def frontier_caption(table: pd.DataFrame, threshold: float, meets: bool) -> dict[str, str]:
    n, k = int(table["seeds"].max()), len(table)
    best = table[table["best"]].iloc[0]
    zh = (f"政策组合搜索的{k}个候选组合（试验）：横轴为累计财政支出（专项资金补贴与试点奖励，"
          f"{n}个随机种子的中位数，亿元），纵轴为三项目标同时达成的概率（竖线为95% Wilson区间）。"
          f"灰点为全部试验，深蓝方块与阶梯线为帕累托前沿（不存在成本更低且概率更高的组合），"
          f"红色虚线为阈值P≥{threshold:.2f}，星号为")
    en = (f"The {k} candidate packages (trials) of the policy search: cumulative fiscal cost "
          f"(special-fund subsidies and pilot awards, median over {n} random seeds, CNY 100 "
          "million) against the probability that all three targets are met (bars: 95% Wilson "
          "interval). Grey dots are all trials; dark blue squares joined by a step line are "
          "the Pareto frontier (no other trial is both cheaper and more likely to succeed); "
          f"the red dashed line is the threshold P ≥ {threshold:.2f}; the star marks ")
    if meets:
        zh += (f"达到阈值的最低成本组合（试验#{int(best['trial'])}，{best['cost_yi']:.1f}亿元，"
               f"P={best['p_all']:.2f}）。")
        en += (f"the cheapest package reaching it (trial #{int(best['trial'])}, "
               f"{best['cost_yi']:.1f}, P = {best['p_all']:.2f}).")
    else:
        zh += (f"达成概率最高的组合（试验#{int(best['trial'])}，未达阈值）。")
        en += (f"the package with the highest probability (trial #{int(best['trial'])}); "
               "no trial reaches the threshold.")
    zh += f"所有组合使用相同的{n}个随机种子（共同随机数）；结果为模型推演，并非预测。"
    en += (f" Every package is run on the same {n} seeds (common random numbers). Model "
           "projections, not forecasts.")
    return {"zh": zh, "en": en}


# ------------------------------------------------------------------ search.md
def search_markdown(table: pd.DataFrame, trials: list[Trial], threshold: float, meets: bool,
                    name: str, valid: str | None, sweep: Path, lang: str,
                    seeds_equal: bool) -> str:
    best = table[table["best"]].iloc[0]
    study = trials[0].config.get("study", {})
    question = study.get("question_zh" if lang == "zh" else "question_en", "")
    n = int(table["seeds"].max())
    front = table[table["on_frontier"]].sort_values("cost_yi")
    fixed = _fixed_overrides(trials[0])
    lines = ["# Policy search: the cheapest package that works (政策组合搜索：最低成本达标组合)",
             "", f"Question (问题): {question}", "",
             f"- Search folder: `{sweep.resolve()}`",
             f"- Trials (试验): {len(table)}, each on the same {n} replicate seeds "
             f"(run.seed={trials[0].config.get('run', {}).get('seed')})"
             + ("" if seeds_equal else " — WARNING: the trials' seeds differ, so they are not "
                "compared on common random numbers"),
             f"- Threshold (阈值): P(all targets met) ≥ {threshold:.2f}",
             "- Evaluated with (固定设置): " + (" ".join(f"`{o}`" for o in fixed) or "defaults"),
             ""]
    if meets:
        lines += [f"**Best package (最低成本达标组合): trial #{int(best['trial'])}** — "
                  f"median fiscal cost {best['cost_yi']:.2f} 亿元, P(all) = {best['p_all']:.2f} "
                  f"(95% Wilson {best['p_all_lo']:.2f}–{best['p_all_hi']:.2f}). "
                  f"{int(table['meets_threshold'].sum())} of {len(table)} trials reach the "
                  "threshold."]
    else:
        lines += [f"**No trial reaches P(all) ≥ {threshold:.2f}** (没有试验达到阈值). The "
                  f"package with the highest P(all) is trial #{int(best['trial'])}: "
                  f"P(all) = {best['p_all']:.2f} (95% Wilson {best['p_all_lo']:.2f}–"
                  f"{best['p_all_hi']:.2f}), median fiscal cost {best['cost_yi']:.2f} 亿元. "
                  "It is written to best_policy.yaml labelled as NOT meeting the threshold; "
                  "search longer (hydra.sweeper.n_trials) or widen the levers."]
    lines += ["", f"`best_policy.yaml` is the package as a policy config named `{name}`: copy "
              f"it to `configs/policy/{name}.yaml` and run `python -m sim policy={name}`. "
              + ("It composes and validates against the current schema."
                 if valid is None else f"Validation: {valid}."), ""]
    lever_cols = [c for c in table.columns if c.endswith(".intensity")]
    lines += ["## Best package settings (最佳组合的设置)", "",
              "| lever | intensity |", "|---|---:|"]
    lines += [f"| {c.removesuffix('.intensity')} | {best[c]:.2f} |" for c in lever_cols]
    lines += [f"| delay_quarters (first lever from {best['first_lever_start']}) | "
              f"{int(best['delay_quarters'])} |",
              f"| fund.budget_yi (亿元) | {best['budget_yi']:.1f} |", ""]
    lines += ["## Pareto frontier (帕累托前沿)", "",
              "| trial | cost 亿元 | P(all) | 95% interval | "
              + " | ".join(f"P {TARGET_LABELS[t][1]}" for t in TARGET_NAMES)
              + " | budget 亿元 | delay | mean intensity |",
              "|---:|---:|---:|---|" + "---:|" * len(TARGET_NAMES) + "---:|---:|---:|"]
    for _, r in front.iterrows():
        ps = " | ".join("n/a" if pd.isna(r[f"p_{t}"]) else f"{r[f'p_{t}']:.2f}"
                        for t in TARGET_NAMES)
        iv = "n/a" if pd.isna(r["p_all_lo"]) else f"{r['p_all_lo']:.2f}–{r['p_all_hi']:.2f}"
        star = " ★" if r["best"] else ""
        lines.append(f"| {int(r['trial'])}{star} | {r['cost_yi']:.2f} | {r['p_all']:.2f} | "
                     f"{iv} | {ps} | {r['budget_yi']:.1f} | {int(r['delay_quarters'])} | "
                     f"{r[lever_cols].mean():.2f} |")
    cap = frontier_caption(table, threshold, meets)
    lines += ["", "## Chart (图)", "", f"![frontier]({CHART}.png)", "", cap["zh"], "", cap["en"],
              "", "## Cautions (说明)", "",
              f"- P(all) is a share of {n} seeds (steps of {1 / max(n, 1):.2g}); the cheapest "
              "trial at the threshold is chosen on these estimates, so with few seeds rerun it "
              "with more (`python -m sim policy=<name> run.replicates=100`) before relying on "
              "it. Picking the best of many noisy trials favours lucky ones (winner's curse).",
              "- The search is a sample of packages, not a proof that nothing cheaper works.",
              "- Files: trials.csv (every trial), frontier.csv (the frontier), best_policy.yaml, "
              f"{CHART}.svg/.pdf/.png with {CHART}.caption.md.", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------ the report folder
def next_free(folder: Path) -> Path:
    candidate, n = folder, 1
    while candidate.exists():
        n += 1
        candidate = folder.with_name(f"{folder.name}-{n}")
    return candidate


def write_search_report(sweep: Path, threshold: float = 0.9, lang: str = "zh",
                        validate: bool = True) -> Path:
    """Write the report folder of the search in ``sweep``; returns the folder."""
    from sim.analysis.charts import save_figure
    from sim.outputs import commit_folder, staging_folder

    if not 0 < threshold <= 1:
        raise SearchError(f"--threshold={threshold} is out of range; allowed: above 0 up to 1")
    sweep = Path(sweep)
    trials = load_trials(sweep)
    table, best_pos, meets = mark(trials_table(trials), threshold)
    seed_sets = {tuple(t.provenance.get("seeds", [])) for t in trials}
    seeds_equal = len(seed_sets) == 1
    if not seeds_equal:
        log.warning("the trials ran on %d different seed sets", len(seed_sets))
    best_trial = trials[best_pos]
    name, text = best_policy_yaml(best_trial, table.iloc[best_pos], threshold, meets, sweep)

    final = next_free(sweep / FOLDER)
    staging = staging_folder(final)
    try:
        table.to_csv(staging / "trials.csv", index=False)
        table[table["on_frontier"]].sort_values(["cost_yi", "p_all"]).to_csv(
            staging / "frontier.csv", index=False)
        (staging / "best_policy.yaml").write_text(text, encoding="utf-8")
        valid = validate_policy_file(staging / "best_policy.yaml", name) if validate else \
            "not checked"
        if valid is not None:
            log.warning("best_policy.yaml: %s", valid)
        save_figure(frontier_figure(table, threshold, lang), staging / CHART)
        cap = frontier_caption(table, threshold, meets)
        (staging / f"{CHART}.caption.md").write_text(f"{cap['zh']}\n\n{cap['en']}\n",
                                                    encoding="utf-8")
        (staging / "search.md").write_text(
            search_markdown(table, trials, threshold, meets, name, valid, sweep, lang,
                            seeds_equal), encoding="utf-8")
        commit_folder(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.search_report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", type=Path, help="the policy search folder "
                        "(results/sweeps/policy_search/<id>)")
    parser.add_argument("--threshold", type=float, default=0.9,
                        help="P(all targets met) a package must reach (default 0.9)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="chart language (the caption is always in both)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s %(levelname)s] %(message)s",
                        datefmt="%H:%M:%S")
    for noisy in ("matplotlib", "fontTools", "MESA"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        folder = write_search_report(args.sweep, args.threshold, args.lang)
    except SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: no search report was written", file=sys.stderr)
        return 130
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
