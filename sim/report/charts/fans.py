"""Fan charts: one panel per scenario, median over seeds, 5–95% band, target, checkpoints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.charts.style import (
    BAND_PATCH,
    CHECKPOINT_LINE,
    MEDIAN_LINE,
    TARGET_LINE,
    quantile_band,
    styled,
)
from sim.config.schema import TargetsConfig
from sim.labels import chart_label, check_lang
from sim.outcomes import INTEGRATION, TARGET_BY_COLUMN
from sim.report.charts.style import (
    FAN_METRICS,
    LEGEND_SIZE,
    PAGE_WIDTH,
    PANEL_TITLE_SIZE,
    PROVINCE_COLUMNS,
    REFERENCE_LINE,
    TICK_SIZE,
    check_scenarios,
    legend_ncols,
    panel_grid,
    quarters_of,
    reference_of,
    require_columns,
    small_multiples,
    t_of,
    target_setting,
    time_axis,
    titled_figure,
    wrap_label,
)
from sim.report.scenarios import ScenarioInfo


def _fan_target(ax: Axes, metric: str, targets, quarters: pd.Series, per_scen) -> str | None:
    """Draw the target line of one panel; return its kind for the legend ("count" or
    "rise"), or None when there is none (the base quarter lies outside the run)."""
    if metric != "integration_index":
        value = float(target_setting(targets, TARGET_BY_COLUMN[metric].threshold_key))
        ax.axhline(value, **TARGET_LINE)
        return "count"
    t_base = t_of(quarters, str(target_setting(targets, INTEGRATION.base_key)))
    if t_base is None:  # base quarter outside the run: the target is undefined
        return None
    # The target is relative to the common baseline (the world as built, the same for every
    # scenario on a seed; older tables: the scenario's own base quarter).
    if INTEGRATION.base_column in per_scen.columns:
        level = float(INTEGRATION.base(per_scen, None).median())
    else:
        level = float(per_scen.loc[per_scen["t"] == t_base, metric].median())
    rise = float(target_setting(targets, INTEGRATION.threshold_key))
    ax.hlines(level + rise, t_base, quarters.index.max(), **TARGET_LINE)
    return "rise"


@styled
def fan_chart(
    province: pd.DataFrame,
    scenarios: Sequence[ScenarioInfo],
    metric: str,
    targets: TargetsConfig | Mapping | None = None,
    lang: str = "zh",
) -> Figure:
    """One panel per scenario (shared y): median over seeds, 5–95% band, target line,
    dotted checkpoint lines, and the reference scenario's median in the other panels."""
    check_lang(lang)
    if metric not in FAN_METRICS:
        raise ValueError(f"metric must be one of {FAN_METRICS}, got {metric!r}")
    require_columns(province, (*PROVINCE_COLUMNS, metric), "province")
    check_scenarios(province, scenarios, "province")

    quarters = quarters_of(province)
    checkpoints = [str(target_setting(targets, k)) for k in ("checkpoint_2022", "checkpoint_2025")]
    t_checks = {q: t for q in checkpoints if (t := t_of(quarters, q)) is not None}
    ref = reference_of(scenarios)
    ref_med = quantile_band(province[province["scenario"] == ref.key], metric)["med"] if ref else None

    rows, _ = panel_grid(len(scenarios))
    fig = titled_figure(PAGE_WIDTH, 1.0 + 2.0 * rows, chart_label(f"fan_title_{metric}", lang))
    axes = small_multiples(fig, len(scenarios), sharey=True)
    target_kind = None
    for ax, scen in zip(axes, scenarios, strict=True):
        per_scen = province[province["scenario"] == scen.key]
        q = quantile_band(per_scen, metric)
        if ref_med is not None and scen.key != ref.key:
            ax.plot(ref_med.index, ref_med, **REFERENCE_LINE)
        ax.fill_between(q.index, q["lo"], q["hi"], **BAND_PATCH)
        ax.plot(q.index, q["med"], **{**MEDIAN_LINE, "linewidth": 1.6})
        target_kind = _fan_target(ax, metric, targets, quarters, per_scen) or target_kind
        for t in t_checks.values():
            ax.axvline(t, **CHECKPOINT_LINE)
        title = scen.label(lang) + (chart_label("reference_tag", lang) if scen.is_reference else "")
        ax.set_title(wrap_label(title, lang, 15), fontsize=PANEL_TITLE_SIZE)
        ax.tick_params(axis="y", labelsize=TICK_SIZE)
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        time_axis(ax, quarters)
    if metric != "integration_index":
        # Counts start at zero so panels compare by height, and the target stays in view.
        shown = province[province["scenario"].isin([s.key for s in scenarios])]
        top = max(shown[metric].max(), float(target_setting(targets, TARGET_BY_COLUMN[metric].threshold_key)))
        axes[0].set_ylim(0, top * 1.08 if top > 0 else 1)
    fig.supylabel(chart_label(f"axis_{metric}", lang), fontsize=PANEL_TITLE_SIZE)
    _fan_legend(fig, lang, metric, targets, target_kind, list(t_checks), ref)
    return fig


def _fan_legend(fig, lang, metric, targets, target_kind, checks, ref) -> None:
    handles = [Line2D([], [], **MEDIAN_LINE), Patch(**BAND_PATCH)]
    names = [chart_label("median", lang), chart_label("band", lang)]
    if target_kind == "count":
        handles.append(Line2D([], [], **TARGET_LINE))
        names.append(chart_label("target_count", lang).format(
            value=float(target_setting(targets, TARGET_BY_COLUMN[metric].threshold_key)),
            checkpoint=target_setting(targets, "checkpoint_2022")))
    elif target_kind == "rise":
        handles.append(Line2D([], [], **TARGET_LINE))
        names.append(chart_label("target_rise", lang).format(
            base=target_setting(targets, INTEGRATION.base_key),
            rise=float(target_setting(targets, INTEGRATION.threshold_key))))
    if checks:
        handles.append(Line2D([], [], **CHECKPOINT_LINE))
        sep = "、" if lang == "zh" else ", "
        names.append(chart_label("checkpoints", lang).format(quarters=sep.join(checks)))
    if ref is not None:
        handles.append(Line2D([], [], **REFERENCE_LINE))
        names.append(chart_label("reference_median", lang).format(name=ref.label(lang)))
    fig.legend(handles, names, loc="outside lower center", ncols=legend_ncols(names),
               frameon=False, fontsize=LEGEND_SIZE)
