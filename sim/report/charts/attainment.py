"""Attainment chart: per target, each scenario's probability of meeting it, 95% interval."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.analysis.charts import _check_lang, apply_house_style
from sim.report.charts.labels import ALL_TARGETS, report_label
from sim.report.charts.style import (
    _LEGEND_SIZE,
    _P90_LINE,
    _PAGE_WIDTH,
    _PANEL_TITLE_SIZE,
    _TICK_SIZE,
    _WHISKER,
    _check_scenarios,
    _figure,
    _require,
    _style,
    _wrap,
)
from sim.report.scenarios import ScenarioInfo
from sim.summary import TARGET_LABELS, TARGET_NAMES

ATTAINMENT_COLUMNS = ("scenario", "target", "probability", "p_lo", "p_hi", "evaluated")


def _target_title(target: str, lang: str) -> str:
    if target == ALL_TARGETS:
        return report_label("all_targets", lang)
    zh, en = TARGET_LABELS[target]
    return zh if lang == "zh" else en


def attainment_chart(
    attainment: pd.DataFrame, scenarios: Sequence[ScenarioInfo], lang: str = "zh"
) -> Figure:
    """One panel per target (+ all targets): scenarios on y, probability with its 95%
    interval on x (0–1), a light line at 0.9; unevaluated targets say so in text."""
    _check_lang(lang)
    _require(attainment, ATTAINMENT_COLUMNS, "attainment")
    _check_scenarios(attainment, scenarios, "attainment")
    apply_house_style(lang)

    names = (*TARGET_NAMES, ALL_TARGETS)
    n = len(scenarios)
    fig = _figure(_PAGE_WIDTH, 1.6 + 2 * (0.6 + 0.27 * n), report_label("title_attainment", lang))
    axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
    rows = attainment.set_index(["scenario", "target"])
    y = np.arange(n)
    for ax, target in zip(axes, names, strict=True):
        ax.axvline(0.9, **_P90_LINE)
        for i, scen in enumerate(scenarios):
            row = rows.loc[(scen.key, target)] if (scen.key, target) in rows.index else None
            _attainment_point(ax, row, i, lang)
        ax.set_title(_wrap(_target_title(target, lang), lang, 16), fontsize=_PANEL_TITLE_SIZE)
        # A little room beyond 0 and 1 so points at the ends are not cut in half.
        ax.set_xlim(-0.04, 1.04)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"])
        ax.tick_params(labelsize=_TICK_SIZE)
        ax.grid(axis="x", color="0.9", linewidth=0.5)
    axes[0].set_yticks(y, [_wrap(s.label(lang), lang, 12) for s in scenarios])
    axes[0].set_ylim(n - 0.5, -0.5)  # first scenario on top
    for ax in axes[2:]:
        ax.set_xlabel(report_label("probability", lang), fontsize=_PANEL_TITLE_SIZE)
    handles = [Line2D([], [], color="0.2", marker="o", linestyle="-", linewidth=0.9),
               Line2D([], [], **_P90_LINE)]
    labels = [report_label("interval95", lang), report_label("p90", lang)]
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False,
               fontsize=_LEGEND_SIZE)
    return fig


def _attainment_point(ax: Axes, row, i: int, lang: str) -> None:
    if row is None or not bool(row["evaluated"]) or pd.isna(row["probability"]):
        ax.text(0.5, i, report_label("not_evaluated", lang),
                ha="center", va="center", fontsize=_TICK_SIZE, color="0.35")
        return
    p, lo, hi = (float(row[c]) for c in ("probability", "p_lo", "p_hi"))
    s = _style(i)
    ax.errorbar(p, i, xerr=[[max(p - lo, 0)], [max(hi - p, 0)]], fmt=s.marker, color=s.color,
                markersize=5, **_WHISKER)
