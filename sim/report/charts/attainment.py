"""Attainment chart: per target, each scenario's probability of meeting it, 95% interval."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.charts.style import styled
from sim.labels import chart_label, check_lang
from sim.outcomes import BY_NAME, TARGET_NAMES
from sim.report.charts.style import (
    ALL_TARGETS,
    LEGEND_SIZE,
    P90_LINE,
    PAGE_WIDTH,
    PANEL_TITLE_SIZE,
    TICK_SIZE,
    WHISKER,
    check_scenarios,
    require_columns,
    scenario_style,
    titled_figure,
    wrap_label,
)
from sim.report.scenarios import ScenarioInfo

ATTAINMENT_COLUMNS = ("scenario", "target", "probability", "p_lo", "p_hi", "evaluated")


def _target_title(target: str, lang: str) -> str:
    if target == ALL_TARGETS:
        return chart_label("all_targets", lang)
    return BY_NAME[target].label(lang)


@styled
def attainment_chart(
    attainment: pd.DataFrame, scenarios: Sequence[ScenarioInfo], lang: str = "zh"
) -> Figure:
    """One panel per target (+ all targets): scenarios on y, probability with its 95%
    interval on x (0–1), a light line at 0.9; unevaluated targets say so in text."""
    check_lang(lang)
    require_columns(attainment, ATTAINMENT_COLUMNS, "attainment")
    check_scenarios(attainment, scenarios, "attainment")

    names = (*TARGET_NAMES, ALL_TARGETS)
    n = len(scenarios)
    fig = titled_figure(PAGE_WIDTH, 1.6 + 2 * (0.6 + 0.27 * n), chart_label("title_attainment", lang))
    axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
    rows = attainment.set_index(["scenario", "target"])
    y = np.arange(n)
    for ax, target in zip(axes, names, strict=True):
        ax.axvline(0.9, **P90_LINE)
        for i, scen in enumerate(scenarios):
            row = rows.loc[(scen.key, target)] if (scen.key, target) in rows.index else None
            _attainment_point(ax, row, i, lang)
        ax.set_title(wrap_label(_target_title(target, lang), lang, 16), fontsize=PANEL_TITLE_SIZE)
        # A little room beyond 0 and 1 so points at the ends are not cut in half.
        ax.set_xlim(-0.04, 1.04)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"])
        ax.tick_params(labelsize=TICK_SIZE)
        ax.grid(axis="x", color="0.9", linewidth=0.5)
    axes[0].set_yticks(y, [wrap_label(s.label(lang), lang, 12) for s in scenarios])
    axes[0].set_ylim(n - 0.5, -0.5)  # first scenario on top
    for ax in axes[2:]:
        ax.set_xlabel(chart_label("probability", lang), fontsize=PANEL_TITLE_SIZE)
    handles = [Line2D([], [], color="0.2", marker="o", linestyle="-", linewidth=0.9),
               Line2D([], [], **P90_LINE)]
    labels = [chart_label("interval95", lang), chart_label("p90", lang)]
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False,
               fontsize=LEGEND_SIZE)
    return fig


def _attainment_point(ax: Axes, row, i: int, lang: str) -> None:
    if row is None or not bool(row["evaluated"]) or pd.isna(row["probability"]):
        ax.text(0.5, i, chart_label("not_evaluated", lang),
                ha="center", va="center", fontsize=TICK_SIZE, color="0.35")
        return
    p, lo, hi = (float(row[c]) for c in ("probability", "p_lo", "p_hi"))
    s = scenario_style(i)
    ax.errorbar(p, i, xerr=[[max(p - lo, 0)], [max(hi - p, 0)]], fmt=s.marker, color=s.color,
                markersize=5, **WHISKER)
