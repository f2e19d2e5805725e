"""The chart of a single run: pilot regions and enterprises over time (zh or en)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.charts.style import (
    BAND_PATCH,
    CHECKPOINT_LINE,
    MEDIAN_LINE,
    TARGET_LINE,
    house_style,
    quantile_band,
    year_ticks,
)
from sim.labels import chart_label, check_lang

PROVINCE_COLUMNS = ("seed", "t", "quarter", "pilot_regions", "pilot_enterprises")


def pilot_trajectories_figure(
    province: pd.DataFrame, targets: Mapping[str, object], lang: str = "zh"
) -> Figure:
    """Two panels (pilot regions, pilot enterprises): median over seeds, 5–95% band,
    dashed 2022 target and a dotted line at the 2022Q4 checkpoint."""
    check_lang(lang)
    missing = [c for c in PROVINCE_COLUMNS if c not in province.columns]
    if missing:
        raise ValueError(f"province table lacks columns {missing}")
    with house_style(lang):
        return _draw(province, targets, lang)


def _draw(province: pd.DataFrame, targets: Mapping[str, object], lang: str) -> Figure:
    quarters = province.groupby("t")["quarter"].first().sort_index()
    checkpoint = str(targets.get("checkpoint_2022", "2022Q4"))
    t_check = [t for t, q in quarters.items() if q == checkpoint]
    n_seeds = province["seed"].nunique()

    fig = Figure(figsize=(10, 4.4), layout="constrained")
    fig.suptitle(chart_label("title_pilots", lang), fontsize=13)
    axes = fig.subplots(1, 2)
    for ax, column in zip(axes, ("pilot_regions", "pilot_enterprises"), strict=True):
        q = quantile_band(province, column)
        ax.fill_between(q.index, q["lo"], q["hi"], **BAND_PATCH)
        ax.plot(q.index, q["med"], **MEDIAN_LINE)
        target = targets.get(f"{column}_2022")
        if target is not None:
            ax.axhline(target, **TARGET_LINE)
            # Label at the left end (y in data units, x in axes units), above the line,
            # where rising trajectories are still low and cannot cover it.
            ax.text(
                0.02,
                target,
                f"{chart_label('target', lang)} {target:g}",
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="bottom",
                color=TARGET_LINE["color"],
                fontsize=9,
            )
        for t in t_check:
            ax.axvline(t, **CHECKPOINT_LINE)
        top = max(q["hi"].max(), float(target or 0))
        ax.set_ylim(0, top * 1.15 if top > 0 else 1)
        ax.set_xlim(quarters.index.min(), quarters.index.max())
        year_ticks(ax, quarters)
        ax.set_title(chart_label(column, lang))
        ax.set_xlabel(chart_label("quarter", lang))
        ax.set_ylabel(chart_label("count", lang))
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        ax.text(
            0.98,
            0.03,
            chart_label("seeds", lang).format(n=n_seeds),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            color="0.3",
        )

    handles = [
        Line2D([], [], **MEDIAN_LINE),
        Patch(**BAND_PATCH),
        Line2D([], [], **TARGET_LINE),
        Line2D([], [], **CHECKPOINT_LINE),
    ]
    names = [
        chart_label("median", lang),
        chart_label("band", lang),
        chart_label("target", lang),
        f"{chart_label('checkpoint', lang)} {checkpoint}",
    ]
    fig.legend(handles, names, loc="outside lower center", ncols=4, frameon=False)
    return fig
