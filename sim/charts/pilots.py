"""The chart of a single run: pilot regions and enterprises over time (zh or en)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from sim.charts.style import house_style
from sim.charts.trajectory import band_panel, require_columns, target_line, trajectory_legend
from sim.labels import chart_label, check_lang

PROVINCE_COLUMNS = ("seed", "t", "quarter", "pilot_regions", "pilot_enterprises")


def pilot_trajectories_figure(
    province: pd.DataFrame, targets: Mapping[str, object], lang: str = "zh"
) -> Figure:
    """Two panels (pilot regions, pilot enterprises): median over seeds, 5–95% band,
    dashed 2022 target and a dotted line at the 2022Q4 checkpoint."""
    check_lang(lang)
    require_columns(province, PROVINCE_COLUMNS)
    with house_style(lang):
        return _draw(province, targets, lang)


def _draw(province: pd.DataFrame, targets: Mapping[str, object], lang: str) -> Figure:
    checkpoint = str(targets.get("checkpoint_2022", "2022Q4"))
    fig = Figure(figsize=(10, 4.4), layout="constrained")
    fig.suptitle(chart_label("title_pilots", lang), fontsize=13)
    axes = fig.subplots(1, 2)
    for ax, column in zip(axes, ("pilot_regions", "pilot_enterprises"), strict=True):
        q = band_panel(ax, province, column, checkpoint, chart_label(column, lang), lang)
        target = targets.get(f"{column}_2022")
        if target is not None:
            target_line(ax, target, f"{chart_label('target', lang)} {target:g}")
        top = max(q["hi"].max(), float(target or 0))
        ax.set_ylim(0, top * 1.15 if top > 0 else 1)
        ax.set_ylabel(chart_label("count", lang))
    trajectory_legend(fig, checkpoint, lang)
    return fig
