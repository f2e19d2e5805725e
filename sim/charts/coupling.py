"""The chart of the integration index's parts: coupling C, development T and the
coordination degree D over time (zh or en), for a single run (median over seeds, 5–95%
band), with D's common baseline and the 2025 bar."""

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

CTD_COLUMNS = ("seed", "t", "quarter", "coupling_C", "development_T", "integration_index")


def coupling_figure(province: pd.DataFrame, targets: Mapping[str, object],
                    lang: str = "zh") -> Figure:
    """Three panels (C, T, D): median over seeds and 5–95% band; on D, the common
    baseline (median over seeds of ``integration_index_base``) plus the 2025 rise as a
    dashed bar, and a dotted line at the 2025 checkpoint."""
    check_lang(lang)
    missing = [c for c in CTD_COLUMNS if c not in province.columns]
    if missing:
        raise ValueError(f"province table lacks columns {missing}")
    with house_style(lang):
        return _draw(province, targets, lang)


def _draw(province: pd.DataFrame, targets: Mapping[str, object], lang: str) -> Figure:
    quarters = province.groupby("t")["quarter"].first().sort_index()
    checkpoint = str(targets.get("checkpoint_2025", "2025Q4"))
    t_check = [t for t, q in quarters.items() if q == checkpoint]
    n_seeds = province["seed"].nunique()
    fig = Figure(figsize=(12, 4.2), layout="constrained")
    fig.suptitle(chart_label("title_coupling", lang), fontsize=13)
    axes = fig.subplots(1, 3)
    for ax, column in zip(axes, ("coupling_C", "development_T", "integration_index"),
                          strict=True):
        q = quantile_band(province, column)
        ax.fill_between(q.index, q["lo"], q["hi"], **BAND_PATCH)
        ax.plot(q.index, q["med"], **MEDIAN_LINE)
        top = float(q["hi"].max())
        rise = targets.get("integration_2025")
        if column == "integration_index" and rise is not None \
                and "integration_index_base" in province.columns:
            bar = float(province.groupby("seed")["integration_index_base"].first().median()
                        + float(rise))
            ax.axhline(bar, **TARGET_LINE)
            ax.text(0.02, bar, chart_label("target_rise_base", lang).format(rise=float(rise)),
                    transform=ax.get_yaxis_transform(), ha="left", va="bottom",
                    color=TARGET_LINE["color"], fontsize=9)
            top = max(top, bar)
        for t in t_check:
            ax.axvline(t, **CHECKPOINT_LINE)
        ax.set_ylim(0, min(1.0, top * 1.15) if top > 0 else 1)
        ax.set_xlim(quarters.index.min(), quarters.index.max())
        year_ticks(ax, quarters)
        ax.set_title(chart_label(column if column != "integration_index" else "index_D", lang))
        ax.set_xlabel(chart_label("quarter", lang))
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        ax.text(0.98, 0.03, chart_label("seeds", lang).format(n=n_seeds),
                transform=ax.transAxes, ha="right", va="bottom", fontsize=8, color="0.3")
    handles = [Line2D([], [], **MEDIAN_LINE), Patch(**BAND_PATCH),
               Line2D([], [], **TARGET_LINE), Line2D([], [], **CHECKPOINT_LINE)]
    names = [chart_label("median", lang), chart_label("band", lang),
             chart_label("target", lang), f"{chart_label('checkpoint', lang)} {checkpoint}"]
    fig.legend(handles, names, loc="outside lower center", ncols=4, frameon=False)
    return fig
