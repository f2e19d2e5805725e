"""What the run charts share: a panel of one province column over time (median over
seeds, 5–95% band, checkpoint line, year ticks, seed count), a labelled target line and
the common legend."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.charts.style import (
    BAND_PATCH,
    CHECKPOINT_LINE,
    MEDIAN_LINE,
    TARGET_LINE,
    quantile_band,
    year_ticks,
)
from sim.labels import chart_label


def require_columns(province: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in province.columns]
    if missing:
        raise ValueError(f"province table lacks columns {missing}")


def band_panel(ax, province: pd.DataFrame, column: str, checkpoint: str, title: str,
               lang: str) -> pd.DataFrame:
    """Draw ``column``'s median and band with the checkpoint line; returns the band."""
    quarters = province.groupby("t")["quarter"].first().sort_index()
    q = quantile_band(province, column)
    ax.fill_between(q.index, q["lo"], q["hi"], **BAND_PATCH)
    ax.plot(q.index, q["med"], **MEDIAN_LINE)
    for t in [t for t, label in quarters.items() if label == checkpoint]:
        ax.axvline(t, **CHECKPOINT_LINE)
    ax.set_xlim(quarters.index.min(), quarters.index.max())
    year_ticks(ax, quarters)
    ax.set_title(title)
    ax.set_xlabel(chart_label("quarter", lang))
    ax.grid(axis="y", color="0.88", linewidth=0.6)
    ax.text(0.98, 0.03, chart_label("seeds", lang).format(n=province["seed"].nunique()),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8, color="0.3")
    return q


def target_line(ax, value: float, text: str) -> None:
    """A dashed target line labelled at its left end (y in data units, x in axes units),
    above the line, where rising trajectories are still low and cannot cover it."""
    ax.axhline(value, **TARGET_LINE)
    ax.text(0.02, value, text, transform=ax.get_yaxis_transform(), ha="left", va="bottom",
            color=TARGET_LINE["color"], fontsize=9)


def trajectory_legend(fig: Figure, checkpoint: str, lang: str) -> None:
    handles = [Line2D([], [], **MEDIAN_LINE), Patch(**BAND_PATCH),
               Line2D([], [], **TARGET_LINE), Line2D([], [], **CHECKPOINT_LINE)]
    names = [chart_label("median", lang), chart_label("band", lang),
             chart_label("target", lang), f"{chart_label('checkpoint', lang)} {checkpoint}"]
    fig.legend(handles, names, loc="outside lower center", ncols=4, frameon=False)
