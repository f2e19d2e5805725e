"""The answer, stated in one sentence (Chinese and English).

Printed first on the terminal, at the top of ``summary.md`` and of every report: does
the package meet all targets, with what probability, which target binds, and for a
sweep which packages reach the bar and which of them is the cheapest.

"Meets all targets" means P(all targets met in the same run) >= ``BAR`` (0.9, the
policy search's default threshold): a package that meets them in 6 runs of 10 is a
gamble, not a plan. In posterior mode (``run.parameters=posterior``, the default) P is
over all runs, N parameter sets × M seeds, and the sentence says how much of the binding
target's spread comes from the parameters (sim/uncertainty.py); in fixed mode it is over
seeds only (stochastic uncertainty).
"""

from __future__ import annotations

import math

import pandas as pd

BAR = 0.9


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def binding_target(targets: dict[str, dict]) -> str | None:
    """The evaluated target least likely to be met: lowest P, ties broken by the smallest
    relative margin of the median over the threshold."""
    scored = []
    for name, t in targets.items():
        if not t.get("evaluated", True) or _missing(t.get("probability")):
            continue
        threshold = t["threshold"] or 1.0
        margin = (t["median"] - t["threshold"]) / abs(threshold)
        scored.append((t["probability"], margin, name))
    return min(scored)[2] if scored else None


def scenario_sentence(summary: dict, bar: float = BAR) -> tuple[str, str]:
    """(zh, en) verdict of one scenario's summary."""
    sc = summary.get("scenario", {})
    name_zh = sc.get("label_zh") or sc.get("policy", "")
    name_en = sc.get("label_en") or sc.get("policy", "")
    p_all = summary.get("all_targets", {}).get("probability")
    n = summary.get("replicates", 0)
    if _missing(p_all):
        return (f"“{name_zh}”：模拟期未覆盖全部目标检查点，无法判断是否达成全部目标。",
                f"'{name_en}': the run does not reach every target's checkpoint, so whether "
                "it meets all targets cannot be said.")
    met = round(p_all * n)
    key = binding_target(summary["targets"])
    t = summary["targets"][key]
    verdict_zh = "能够达成" if p_all >= bar else "不能稳定达成"
    verdict_en = "meets" if p_all >= bar else "does not reliably meet"
    sets = summary.get("parameter_sets", 0)
    if sets:  # posterior mode: runs = parameter sets × seeds
        runs_zh = f"{n}次运行中{met}次：{sets}组参数×{n // sets}个随机种子"
        runs_en = f"{met} of {n} runs: {sets} parameter sets × {n // sets} seeds"
    else:  # fixed parameters: seeds only
        runs_zh = f"{n}个随机种子中{met}个，固定参数"
        runs_en = f"{met} of {n} seeds, fixed parameters"
    zh = (f"“{name_zh}”{verdict_zh}全部目标：全部目标同时达成的概率为{p_all:.2f}"
          f"（{runs_zh}，标准为≥{bar:g}）；制约目标为“{t['label_zh']}”"
          f"（达标概率{t['probability']:.2f}")
    en = (f"'{name_en}' {verdict_en} all targets: P(all targets met) = {p_all:.2f} "
          f"({runs_en}; the bar is {bar:g}); the binding target is "
          f"{t['label_en']} (P = {t['probability']:.2f}")
    share = parameter_share(summary, key)
    if share is not None:
        zh += f"，其达标与否的方差中参数不确定性占{share:.0%}"
        en += f"; {share:.0%} of the variance of its attainment comes from the parameters"
    return zh + "）。", en + ")."


def parameter_share(summary: dict, target: str) -> float | None:
    """Share of the variance of a target's attainment due to the parameter sets
    (posterior mode, sim/uncertainty.py), or None (fixed mode, or not estimable)."""
    split = summary.get("uncertainty", {}).get(target, {}).get("attainment_split", {})
    return split.get("parameter_share") if split.get("estimable") else None


def sweep_sentence(table: pd.DataFrame, labels: dict[str, tuple[str, str]],
                   bar: float = BAR) -> tuple[str, str]:
    """(zh, en) verdict of a sweep's comparison table (one row per scenario with
    ``all_targets_p``, ``cost_yi_median``, ``label_zh``, ``label_en``, ``reference`` and
    per target ``<name>_p`` and ``<name>_median``). ``labels``: target name -> (zh, en)."""
    ok = table[table["all_targets_p"].fillna(-1) >= bar]
    ref = table[table["reference"]].iloc[0] if table["reference"].any() else table.iloc[0]
    p_ref = ref["all_targets_p"]
    key = min(((ref[f"{name}_p"], name) for name in labels
               if not _missing(ref[f"{name}_p"])), default=(None, None))[1]
    ref_zh = f"参照情景“{ref['label_zh']}”全部目标达成概率为{p_ref:.2f}"
    ref_en = f"the reference '{ref['label_en']}' has P(all targets met) = {p_ref:.2f}"
    if key:
        ref_zh += f"，制约目标为“{labels[key][0]}”（{ref[f'{key}_p']:.2f}）"
        ref_en += f", binding target {labels[key][1]} (P = {ref[f'{key}_p']:.2f})"
    if ok.empty and not (table["all_targets_p"].fillna(0) > 0).any():
        return (f"没有方案在任何一次运行中同时达成全部目标；{ref_zh}。",
                f"No package meets all targets in any run; {ref_en}.")
    if ok.empty:
        best = table.loc[table["all_targets_p"].fillna(-1).idxmax()]
        return (f"没有方案以≥{bar:g}的概率达成全部目标（最高为“{best['label_zh']}”，"
                f"{best['all_targets_p']:.2f}）；{ref_zh}。",
                f"No package meets all targets with P >= {bar:g} (the highest is "
                f"'{best['label_en']}', {best['all_targets_p']:.2f}); {ref_en}.")
    cheapest = ok.loc[ok["cost_yi_median"].idxmin()]
    names_zh = "、".join(f"“{x}”" for x in ok["label_zh"])
    names_en = ", ".join(f"'{x}'" for x in ok["label_en"])
    return (f"以≥{bar:g}的概率达成全部目标的方案：{names_zh}；其中最省的是“"
            f"{cheapest['label_zh']}”（财政投入中位数{cheapest['cost_yi_median']:.1f}亿元，"
            f"概率{cheapest['all_targets_p']:.2f}）；{ref_zh}。",
            f"Packages meeting all targets with P >= {bar:g}: {names_en}; the cheapest is "
            f"'{cheapest['label_en']}' (median fiscal cost {cheapest['cost_yi_median']:.1f} "
            f"亿元, P = {cheapest['all_targets_p']:.2f}); {ref_en}.")


def comparison_sentence(comparison, bar: float = BAR) -> tuple[str, str]:
    """(zh, en) verdict of a sweep comparison (``sim.report.compare.Comparison``); target
    labels come from the jobs' own summaries."""
    labels: dict[str, tuple[str, str]] = {}
    for summary in comparison.sweep.summaries.values():
        for name, t in summary.get("targets", {}).items():
            labels.setdefault(name, (t["label_zh"], t["label_en"]))
    return sweep_sentence(comparison.table, labels, bar)
