"""Adoption charts: firm shares per integration path over time, and per city (dot plot)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from sim.charts.style import styled
from sim.labels import chart_label, check_lang
from sim.model.vocabulary import PATHS, PATHS_ZH
from sim.report.charts.style import (
    ADOPTION_PATHS,
    LEGEND_SIZE,
    PAGE_WIDTH,
    PANEL_TITLE_SIZE,
    PROVINCE_COLUMNS,
    TICK_SIZE,
    check_scenarios,
    legend_ncols,
    line_kwargs,
    quarters_of,
    reference_of,
    require_columns,
    scenario_style,
    small_multiples,
    time_axis,
    titled_figure,
)
from sim.report.scenarios import ScenarioInfo


def _path_label(path: str, lang: str) -> str:
    if path == "any":
        return chart_label("path_any", lang)
    return PATHS_ZH[PATHS.index(path)] if lang == "zh" else path.capitalize()


@styled
def adoption_paths_chart(
    province: pd.DataFrame, scenarios: Sequence[ScenarioInfo], lang: str = "zh"
) -> Figure:
    """One panel per path (+ any path): median share over seeds, one line per scenario,
    told apart by line style and marker as well as colour."""
    check_lang(lang)
    columns = [f"adoption_{p}" for p in ADOPTION_PATHS]
    require_columns(province, (*PROVINCE_COLUMNS, *columns), "province")
    check_scenarios(province, scenarios, "province")

    quarters = quarters_of(province)
    medians = province.groupby(["scenario", "t"])[columns].median()
    names = [s.label(lang) for s in scenarios]
    ncols = legend_ncols(names)
    legend_rows = int(np.ceil(len(names) / ncols))
    fig = titled_figure(PAGE_WIDTH, 5.4 + 0.2 * legend_rows, chart_label("title_adoption", lang))
    # Own y scale per panel: path shares differ tenfold, a shared scale would flatten
    # the rare paths, where the scenarios differ most in relative terms.
    axes = small_multiples(fig, len(ADOPTION_PATHS), sharey=False)
    for ax, path, column in zip(axes, ADOPTION_PATHS, columns, strict=True):
        for i, scen in enumerate(scenarios):
            series = medians.loc[scen.key, column]
            ax.plot(series.index, series, **_highlight(scen, i, len(series)))
        ax.set_title(_path_label(path, lang), fontsize=PANEL_TITLE_SIZE)
        ax.set_ylim(0, max(medians[column].max() * 1.1, 0.01))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.tick_params(axis="y", labelsize=TICK_SIZE)
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        time_axis(ax, quarters)
    fig.supylabel(chart_label("share", lang), fontsize=PANEL_TITLE_SIZE)
    handles = [Line2D([], [], **{**_highlight(s, i, 1), "markersize": 5})
               for i, s in enumerate(scenarios)]
    fig.legend(handles, names, loc="outside lower center", ncols=ncols, frameon=False,
               fontsize=LEGEND_SIZE)
    return fig


def _highlight(scen: ScenarioInfo, i: int, n_points: int) -> dict:
    """The reference and the no-policy run stand out; other scenarios are thin grey lines
    (eight coloured lines per panel were a tangle), still told apart by style."""
    style = line_kwargs(i, n_points)
    if scen.is_reference or scen.is_counterfactual:
        return {**style, "linewidth": 2.0, "zorder": 3}
    return {**style, "color": "0.72", "linewidth": 0.9, "zorder": 2}



# ---------------------------------------------------------------- city dot plot
ADOPTION_COLUMNS = ("scenario", "seed", "quarter", "breakdown", "group", "path", "share")


def city_names_zh(city: pd.DataFrame) -> dict[str, str]:
    """English city name -> Chinese name, from the ``city`` table (columns city, city_zh)."""
    require_columns(city, ("city", "city_zh"), "city")
    return dict(city[["city", "city_zh"]].drop_duplicates("city").itertuples(index=False))


def _city_label(name: str, lang: str, names_zh: Mapping[str, str] | None) -> str:
    if lang == "zh" and names_zh and name in names_zh:
        return names_zh[name]
    return name.capitalize()  # en, or zh without a Chinese name: the English one


@styled
def city_adoption_chart(
    adoption: pd.DataFrame,
    scenarios: Sequence[ScenarioInfo],
    quarters: Sequence[str] = ("2022Q4", "2025Q4"),
    lang: str = "zh",
    city_names_zh: Mapping[str, str] | None = None,
) -> Figure:
    """Dot plot: one panel per quarter, cities on y, median share (over seeds) of firms on
    any path, one marker per scenario. Quarters outside the data are skipped; if none is
    inside, the last simulated quarter is shown instead (short runs)."""
    check_lang(lang)
    require_columns(adoption, ADOPTION_COLUMNS, "adoption")
    data = adoption[(adoption["breakdown"] == "city") & (adoption["path"] == "any")]
    if data.empty:
        raise ValueError("adoption table has no rows with breakdown 'city' and path 'any'")
    check_scenarios(data, scenarios, "adoption (city, any path)")

    shown = [q for q in quarters if q in set(data["quarter"])] or [max(data["quarter"])]
    med = data.groupby(["quarter", "scenario", "group"])["share"].median()
    # Cities sorted by the reference (or first) scenario in the last panel, highest on top,
    # the same order in every panel, so rows can be read across.
    lead = (reference_of(scenarios) or scenarios[0]).key
    order = med.loc[(shown[-1], lead)].sort_values(ascending=False).index.tolist()
    n = len(scenarios)
    row_h = max(0.3, 0.045 * n + 0.12)
    names = [s.label(lang) for s in scenarios]
    ncols = legend_ncols(names)
    height = 1.3 + row_h * len(order) + 0.2 * np.ceil(n / ncols)
    fig = titled_figure(PAGE_WIDTH, height, chart_label("title_city", lang))
    axes = fig.subplots(1, len(shown), sharey=True, sharex=True, squeeze=False).ravel()
    # Scenarios are dodged vertically inside a city's row so markers never overlap.
    offsets = np.linspace(-0.3, 0.3, n) if n > 1 else np.zeros(1)
    for ax, quarter in zip(axes, shown, strict=True):
        table = med.loc[quarter].unstack("scenario").reindex(order)
        y = np.arange(len(order))
        ax.hlines(y, table.min(axis=1), table.max(axis=1), color="0.8", linewidth=0.8)
        for i, scen in enumerate(scenarios):
            s = scenario_style(i)
            ax.plot(table[scen.key], y + offsets[i], linestyle="none", marker=s.marker,
                    color=s.color, markersize=4.5)
        ax.set_title(quarter, fontsize=PANEL_TITLE_SIZE)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.tick_params(labelsize=TICK_SIZE)
        ax.grid(axis="x", color="0.9", linewidth=0.5)
        ax.set_xlabel(chart_label("share", lang), fontsize=PANEL_TITLE_SIZE)
    axes[0].set_yticks(np.arange(len(order)),
                       [_city_label(c, lang, city_names_zh) for c in order])
    axes[0].set_ylim(len(order) - 0.5, -0.5)
    handles = [Line2D([], [], linestyle="none", marker=scenario_style(i).marker, color=scenario_style(i).color,
                      markersize=5) for i in range(n)]
    fig.legend(handles, names, loc="outside lower center", ncols=ncols, frameon=False,
               fontsize=LEGEND_SIZE)
    return fig
