"""The chart of the integration index's parts: coupling C, development T and the
coordination degree D over time (zh or en), for a single run (median over seeds, 5–95%
band), with D's common baseline and the 2025 bar."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from sim.charts.style import house_style
from sim.charts.trajectory import band_panel, require_columns, target_line, trajectory_legend
from sim.labels import chart_label, check_lang

CTD_COLUMNS = ("seed", "t", "quarter", "coupling_C", "development_T", "integration_index")
PANELS = (("coupling_C", "coupling_C"), ("development_T", "development_T"),
          ("integration_index", "index_D"))  # (column, title label)


def coupling_figure(province: pd.DataFrame, targets: Mapping[str, object],
                    lang: str = "zh") -> Figure:
    """Three panels (C, T, D): median over seeds and 5–95% band; on D, the common
    baseline (median over seeds of ``integration_index_base``) plus the 2025 rise as a
    dashed bar, and a dotted line at the 2025 checkpoint."""
    check_lang(lang)
    require_columns(province, CTD_COLUMNS)
    with house_style(lang):
        return _draw(province, targets, lang)


def _draw(province: pd.DataFrame, targets: Mapping[str, object], lang: str) -> Figure:
    checkpoint = str(targets.get("checkpoint_2025", "2025Q4"))
    fig = Figure(figsize=(12, 4.2), layout="constrained")
    fig.suptitle(chart_label("title_coupling", lang), fontsize=13)
    for ax, (column, title) in zip(fig.subplots(1, 3), PANELS, strict=True):
        q = band_panel(ax, province, column, checkpoint, chart_label(title, lang), lang)
        top = float(q["hi"].max())
        rise = targets.get("integration_2025")
        if column == "integration_index" and rise is not None \
                and "integration_index_base" in province.columns:
            bar = float(province.groupby("seed")["integration_index_base"].first().median()
                        + float(rise))
            target_line(ax, bar, chart_label("target_rise_base", lang).format(rise=float(rise)))
            top = max(top, bar)
        ax.set_ylim(0, min(1.0, top * 1.15) if top > 0 else 1)
    trajectory_legend(fig, checkpoint, lang)
    return fig
