"""The explorer's charts: DataFrame -> Figure, in the house style (sim.charts.style)."""

from __future__ import annotations

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
from sim.labels import chart_label, check_lang, explore_label
from sim.model.vocabulary import PATHS, PATHS_ZH

REFERENCE_LINE = {"color": "0.45", "linestyle": "-.", "linewidth": 1.4}
PANELS = ("pilot_regions", "pilot_enterprises", "integration_index")


def fan_figure(current: pd.DataFrame, reference: pd.DataFrame | None, targets,
               lang: str = "zh") -> Figure:
    """Three fans (pilot regions, pilot enterprises, index D) of the current settings:
    median and 5–95% band over runs, the reference package's median, target lines."""
    check_lang(lang)
    with house_style(lang):
        fig = Figure(figsize=(12, 3.8), layout="constrained")
        axes = fig.subplots(1, 3)
        quarters = current.groupby("t")["quarter"].first().sort_index()
        for ax, col in zip(axes, PANELS, strict=True):
            q = quantile_band(current, col)
            ax.fill_between(q.index, q["lo"], q["hi"], **BAND_PATCH)
            ax.plot(q.index, q["med"], **MEDIAN_LINE)
            if reference is not None:
                r = reference.groupby("t")[col].median()
                ax.plot(r.index, r.values, **REFERENCE_LINE)
            if col == "integration_index":
                base = float(current["integration_index_base"].median())
                target = base + float(targets.integration_rise_2025)
                check = targets.checkpoint_2025
            else:
                target = float(getattr(targets, f"{col}_2022"))
                check = targets.checkpoint_2022
            ax.axhline(target, **TARGET_LINE)
            for t, label in quarters.items():
                if label == check:
                    ax.axvline(t, **CHECKPOINT_LINE)
            year_ticks(ax, quarters)
            ax.tick_params(axis="x", labelrotation=45, labelsize=7)
            ax.set_title(chart_label(f"axis_{col}", lang), fontsize=10)
            ax.grid(axis="y", color="0.88", linewidth=0.6)
        fig.legend([Line2D([], [], **MEDIAN_LINE), Patch(**BAND_PATCH),
                    Line2D([], [], **REFERENCE_LINE), Line2D([], [], **TARGET_LINE)],
                   [explore_label("current", lang) + " " + chart_label("median", lang),
                    chart_label("band", lang), explore_label("reference", lang),
                    chart_label("target", lang)],
                   loc="outside lower center", ncols=4, frameon=False)
        fig.suptitle(chart_label("title_pilots", lang) if lang == "zh"
                     else "Pilots and index D (simulated)", fontsize=12)
    return fig


def adoption_figure(province: pd.DataFrame, lang: str = "zh", last_t: int | None = None
                    ) -> Figure:
    """Adoption share of each path and of any path over the quarters run so far."""
    check_lang(lang)
    with house_style(lang):
        fig = Figure(figsize=(6.4, 3.8), layout="constrained")
        ax = fig.add_subplot()
        quarters = province.groupby("t")["quarter"].first().sort_index()
        names = dict(zip(PATHS, PATHS_ZH if lang == "zh" else PATHS, strict=True))
        styles = ("-", "--", "-.", ":", (0, (5, 1)))
        for path, ls in zip(PATHS, styles, strict=True):
            s = province.groupby("t")[f"adoption_{path}"].median()
            ax.plot(s.index, 100 * s.values, linestyle=ls, label=names[path])
        s = province.groupby("t")["adoption_any"].median()
        ax.plot(s.index, 100 * s.values, color="black", linewidth=2.2,
                label=chart_label("path_any", lang))
        ax.set_xlim(0, max(int(last_t or 0), int(quarters.index.max()), 1))
        ax.set_ylim(0, 100)
        year_ticks(ax, quarters)
        ax.set_ylabel(chart_label("share", lang) + " (%)")
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        ax.legend(fontsize=8, ncols=2, loc="upper left", frameon=False)
        ax.set_title(chart_label("title_adoption", lang), fontsize=10)
    return fig
