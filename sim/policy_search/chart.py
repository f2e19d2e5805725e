"""The frontier chart (cost against P(all targets met)) and its bilingual caption."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.labels import chart_label, check_lang
from sim.policy_search.trials import P_EPS

CHART = "frontier"


def _lbl(key: str, lang: str, **kw) -> str:
    return chart_label(f"frontier_{key}", lang).format(**kw)


def frontier_figure(table: pd.DataFrame, threshold: float, lang: str = "zh"):
    """Cost (x) against P(all) (y) with 95% intervals: every trial grey, the frontier
    highlighted and joined as a step line (the best P attainable up to each cost), the
    threshold line, and the chosen package starred and labelled."""
    from sim.charts.style import house_style  # matplotlib: only when a chart is drawn

    check_lang(lang)
    with house_style(lang):
        return _draw(table, threshold, lang)


def _draw(table: pd.DataFrame, threshold: float, lang: str):
    from matplotlib.lines import Line2D

    from sim.report.charts.style import (
        LEGEND_SIZE,
        PAGE_WIDTH,
        PANEL_TITLE_SIZE,
        TICK_SIZE,
        titled_figure,
    )

    need = {"trial", "cost_yi", "p_all", "p_all_lo", "p_all_hi", "on_frontier", "best"}
    missing = need - set(table.columns)
    if missing:
        raise ValueError(f"trials table lacks column(s) {sorted(missing)}")
    fig = titled_figure(PAGE_WIDTH, 4.8, _lbl("title", lang))
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
            transform=ax.get_yaxis_transform(), ha="left", va="bottom", fontsize=TICK_SIZE)
    best = table[table["best"]].iloc[0]
    meets = bool(best["p_all"] >= threshold - P_EPS)
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
    ax.set_xlabel(_lbl("x", lang, n=n), fontsize=PANEL_TITLE_SIZE)
    ax.set_ylabel(_lbl("y", lang), fontsize=PANEL_TITLE_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(color="0.92", linewidth=0.5)
    handles = [Line2D([], [], **grey), Line2D([], [], **{**fstyle, "drawstyle": "default"}),
               Line2D([], [], **tstyle), Line2D([], [], **star),
               Line2D([], [], color="0.5", linewidth=0.9)]
    names = [_lbl("trials", lang), _lbl("frontier", lang),
             _lbl("threshold", lang, t=threshold),
             _lbl("best" if meets else "best_miss", lang), _lbl("whisker", lang)]
    fig.legend(handles, names, loc="outside lower center", ncols=3, frameon=False,
               fontsize=LEGEND_SIZE)
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
    zh = (f"政策组合搜索的{k}个候选组合（试验）：横轴为累计经济成本（财政支出加其他政策工具按影子价格"
          f"折算的成本，{n}个随机种子的中位数，亿元），纵轴为三项目标同时达成的概率（竖线为95% Wilson区间）。"
          f"灰点为全部试验，深蓝方块与阶梯线为帕累托前沿（不存在成本更低且概率更高的组合），"
          f"红色虚线为阈值P≥{threshold:.2f}，星号为")
    en = (f"The {k} candidate packages (trials) of the policy search: cumulative economic cost "
          f"(fiscal spending plus every other lever's cost at shadow prices, median over {n} "
          "random seeds, CNY 100 million) against the probability that all three targets are met (bars: 95% Wilson "
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
