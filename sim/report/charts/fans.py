"""Fan charts: one panel per scenario, median over seeds, 5–95% band, target, checkpoints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.analysis.charts import (
    _BAND,
    _CHECKPOINT,
    _MEDIAN,
    _TARGET,
    _check_lang,
    apply_house_style,
)
from sim.config.schema import TargetsConfig
from sim.report.charts.labels import FAN_METRICS, report_label
from sim.report.charts.style import (
    _LEGEND_SIZE,
    _PAGE_WIDTH,
    _PANEL_TITLE_SIZE,
    _REFERENCE_LINE,
    _TICK_SIZE,
    PROVINCE_COLUMNS,
    _check_scenarios,
    _figure,
    _grid,
    _legend_ncols,
    _quantiles,
    _quarters,
    _reference,
    _require,
    _small_multiples,
    _t_of,
    _target,
    _time_axis,
    _wrap,
)
from sim.report.scenarios import ScenarioInfo


def _fan_target(ax: Axes, metric: str, targets, quarters: pd.Series, per_scen) -> str | None:
    """Draw the target line of one panel; return its kind for the legend ("count" or
    "rise"), or None when there is none (the base quarter lies outside the run)."""
    if metric != "integration_index":
        value = float(_target(targets, f"{metric}_2022"))
        ax.axhline(value, **_TARGET)
        return "count"
    t_base = _t_of(quarters, str(_target(targets, "integration_base")))
    if t_base is None:  # base quarter outside the run: the target is undefined
        return None
    # The target is relative to each scenario's own starting level, hence per panel.
    level = float(per_scen.loc[per_scen["t"] == t_base, metric].median())
    rise = float(_target(targets, "integration_rise_2025"))
    ax.hlines(level + rise, t_base, quarters.index.max(), **_TARGET)
    return "rise"


def fan_chart(
    province: pd.DataFrame,
    scenarios: Sequence[ScenarioInfo],
    metric: str,
    targets: TargetsConfig | Mapping | None = None,
    lang: str = "zh",
) -> Figure:
    """One panel per scenario (shared y): median over seeds, 5–95% band, target line,
    dotted checkpoint lines, and the reference scenario's median in the other panels."""
    _check_lang(lang)
    if metric not in FAN_METRICS:
        raise ValueError(f"metric must be one of {FAN_METRICS}, got {metric!r}")
    _require(province, (*PROVINCE_COLUMNS, metric), "province")
    _check_scenarios(province, scenarios, "province")
    apply_house_style(lang)

    quarters = _quarters(province)
    checkpoints = [str(_target(targets, k)) for k in ("checkpoint_2022", "checkpoint_2025")]
    t_checks = {q: t for q in checkpoints if (t := _t_of(quarters, q)) is not None}
    ref = _reference(scenarios)
    ref_med = _quantiles(province[province["scenario"] == ref.key], metric)["med"] if ref else None

    rows, _ = _grid(len(scenarios))
    fig = _figure(_PAGE_WIDTH, 1.0 + 2.0 * rows, report_label(f"fan_title_{metric}", lang))
    axes = _small_multiples(fig, len(scenarios), sharey=True)
    target_kind = None
    for ax, scen in zip(axes, scenarios, strict=True):
        per_scen = province[province["scenario"] == scen.key]
        q = _quantiles(per_scen, metric)
        if ref_med is not None and scen.key != ref.key:
            ax.plot(ref_med.index, ref_med, **_REFERENCE_LINE)
        ax.fill_between(q.index, q["lo"], q["hi"], **_BAND)
        ax.plot(q.index, q["med"], **{**_MEDIAN, "linewidth": 1.6})
        target_kind = _fan_target(ax, metric, targets, quarters, per_scen) or target_kind
        for t in t_checks.values():
            ax.axvline(t, **_CHECKPOINT)
        title = scen.label(lang) + (report_label("reference_tag", lang) if scen.is_reference else "")
        ax.set_title(_wrap(title, lang, 15), fontsize=_PANEL_TITLE_SIZE)
        ax.tick_params(axis="y", labelsize=_TICK_SIZE)
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        _time_axis(ax, quarters)
    if metric != "integration_index":
        # Counts start at zero so panels compare by height, and the target stays in view.
        shown = province[province["scenario"].isin([s.key for s in scenarios])]
        top = max(shown[metric].max(), float(_target(targets, f"{metric}_2022")))
        axes[0].set_ylim(0, top * 1.08 if top > 0 else 1)
    fig.supylabel(report_label(f"axis_{metric}", lang), fontsize=_PANEL_TITLE_SIZE)
    _fan_legend(fig, lang, metric, targets, target_kind, list(t_checks), ref)
    return fig


def _fan_legend(fig, lang, metric, targets, target_kind, checks, ref) -> None:
    handles = [Line2D([], [], **_MEDIAN), Patch(**_BAND)]
    names = [report_label("median", lang), report_label("band", lang)]
    if target_kind == "count":
        handles.append(Line2D([], [], **_TARGET))
        names.append(report_label("target_count", lang).format(
            value=float(_target(targets, f"{metric}_2022")),
            checkpoint=_target(targets, "checkpoint_2022")))
    elif target_kind == "rise":
        handles.append(Line2D([], [], **_TARGET))
        names.append(report_label("target_rise", lang).format(
            base=_target(targets, "integration_base"),
            rise=float(_target(targets, "integration_rise_2025"))))
    if checks:
        handles.append(Line2D([], [], **_CHECKPOINT))
        sep = "、" if lang == "zh" else ", "
        names.append(report_label("checkpoints", lang).format(quarters=sep.join(checks)))
    if ref is not None:
        handles.append(Line2D([], [], **_REFERENCE_LINE))
        names.append(report_label("reference_median", lang).format(name=ref.label(lang)))
    fig.legend(handles, names, loc="outside lower center", ncols=_legend_ncols(names),
               frameon=False, fontsize=_LEGEND_SIZE)
