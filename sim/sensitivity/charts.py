"""Tornado chart of sensitivity indices per target (house style, zh or en)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sim.charts.style import house_style
from sim.labels import chart_label, parameter_label
from sim.outcomes import TARGETS

# Grayscale-safe: total order light and hatched, first order dark and solid.
_TOTAL = {"facecolor": "#c6d3ea", "edgecolor": "#4a5f8a", "hatch": "////", "linewidth": 0.6}
_FIRST = {"color": "#1f3b73"}
_ERR = {"ecolor": "0.2", "elinewidth": 0.9, "capsize": 2}


def tornado_chart(table: pd.DataFrame, method: str, lang: str = "zh", top: int = 12) -> Figure:
    """One panel per target: the `top` parameters by total-order index (Sobol) or μ*
    (Morris), largest on top, with 95% intervals."""
    with house_style(lang):
        return _draw(table, method, lang, top)


def _draw(table: pd.DataFrame, method: str, lang: str, top: int) -> Figure:
    targets = [o for o in TARGETS if o.name in set(table["outcome"])]
    fig = Figure(figsize=(7.4, 2.2 + 2.6 * len(targets)), layout="constrained")
    fig.suptitle(chart_label(f"tornado_title_{method}", lang), fontsize=12)
    axes = fig.subplots(len(targets), 1, squeeze=False)[:, 0]
    key, conf = ("ST", "ST_conf") if method == "sobol" else ("mu_star", "mu_star_conf")
    for ax, target in zip(axes, targets, strict=True):
        rows = table[table["outcome"] == target.name].nlargest(top, key).iloc[::-1]
        y = range(len(rows))
        ax.barh(y, rows[key], xerr=rows[conf], height=0.7, error_kw=_ERR, **_TOTAL)
        if method == "sobol":
            ax.barh(y, rows["S1"].clip(lower=0), height=0.35, **_FIRST)
        ax.set_yticks(list(y), [parameter_label(p, lang) for p in rows["parameter"]],
                      fontsize=8)
        ax.set_title(target.label(lang), fontsize=10)
        ax.axvline(0, color="0.3", linewidth=0.6)
        ax.grid(axis="x", color="0.9", linewidth=0.5)
        ax.tick_params(axis="x", labelsize=8)
    if method == "sobol":
        names = (["总效应指数 ST（含交互）", "一阶指数 S1", "误差线：95%置信区间"] if lang == "zh"
                 else ["total order ST (with interactions)", "first order S1",
                       "whiskers: 95% interval"])
        handles = [Patch(**_TOTAL), Patch(**_FIRST), Patch(color="none")]
    else:
        names = (["μ*（平均绝对基本效应）", "误差线：95%置信区间"] if lang == "zh"
                 else ["μ* (mean absolute elementary effect)", "whiskers: 95% interval"])
        handles = [Patch(**_TOTAL), Patch(color="none")]
    fig.legend(handles, names, loc="outside lower center", ncols=len(names), frameon=False,
               fontsize=8)
    return fig


def caption(method: str, n_points: int, n_seeds: int) -> dict[str, str]:
    if method == "sobol":
        return {
            "zh": (f"各目标结果对不确定参数的Sobol敏感性指数（{n_points}个参数点，每点{n_seeds}个随机"
                   "种子的均值）。浅色斜线条为总效应指数（含交互作用），深色条为一阶指数，误差线为95%"
                   "自助法置信区间。结果为模型在所列取值范围内的推演，并非预测。"),
            "en": (f"Sobol sensitivity indices of each target outcome to the uncertain "
                   f"parameters ({n_points} parameter points, each the mean of {n_seeds} "
                   "seeds). Light hatched bars: total order (with interactions); dark bars: "
                   "first order; whiskers: 95% bootstrap intervals. Model projections over "
                   "the stated ranges, not forecasts.")}
    return {
        "zh": (f"各目标结果对不确定参数的Morris筛选指数μ*（{n_points}个参数点，每点{n_seeds}个随机"
               "种子的均值），误差线为95%置信区间。用于排序，不可解读为方差贡献。"),
        "en": (f"Morris screening index μ* of each target outcome ({n_points} parameter "
               f"points, each the mean of {n_seeds} seeds), with 95% intervals. For ranking; "
               "not a share of variance.")}
