"""Cost-effectiveness chart (fiscal cost vs P(all targets met)) and its label placement."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.charts.style import styled
from sim.labels import chart_label, check_lang
from sim.report.charts.style import (
    LEGEND_SIZE,
    P90_LINE,
    PAGE_WIDTH,
    PANEL_TITLE_SIZE,
    TICK_SIZE,
    WHISKER,
    check_scenarios,
    legend_ncols,
    require_columns,
    titled_figure,
)
from sim.report.scenarios import ScenarioInfo

COST_COLUMNS = ("scenario", "cost_median", "cost_p05", "cost_p95", "p_all", "p_all_lo",
                "p_all_hi")
_KIND_STYLE = {
    "reference": {"marker": "D", "color": "black", "markersize": 7},
    "counterfactual": {"marker": "o", "color": "0.15", "markerfacecolor": "white",
                       "markeredgewidth": 1.3, "markersize": 7},
    "other_scenarios": {"marker": "o", "color": "#1f3b73", "markersize": 5.5},
}


def _kind(s: ScenarioInfo) -> str:
    return "reference" if s.is_reference else (
        "counterfactual" if s.is_counterfactual else "other_scenarios")


@styled
def cost_effectiveness_chart(
    costs: pd.DataFrame, scenarios: Sequence[ScenarioInfo], lang: str = "zh"
) -> Figure:
    """x: median cumulative fiscal cost with 5–95% whiskers; y: P(all targets met) with
    its 95% interval; every point labelled; reference and counterfactual marked apart."""
    check_lang(lang)
    require_columns(costs, COST_COLUMNS, "costs")
    check_scenarios(costs, scenarios, "costs")

    rows = costs.drop_duplicates("scenario").set_index("scenario")
    fig = titled_figure(PAGE_WIDTH, 4.8, chart_label("title_cost", lang))
    ax = fig.subplots()
    ax.axhline(0.9, **P90_LINE)
    points, texts, whiskers, missing = [], [], [], []
    for scen in scenarios:
        r = rows.loc[scen.key]
        if pd.isna(r["p_all"]):  # short run: the all-targets probability is undefined
            missing.append(scen.label(lang))
            continue
        x, y = float(r["cost_median"]), float(r["p_all"])
        x0, x1, y0, y1 = (float(r[c]) for c in ("cost_p05", "cost_p95", "p_all_lo", "p_all_hi"))
        ax.errorbar(x, y, xerr=[[max(x - x0, 0)], [max(x1 - x, 0)]],
                    yerr=[[max(y - y0, 0)], [max(y1 - y, 0)]], fmt="none", **WHISKER)
        whiskers += [((x0, y), (x1, y)), ((x, y0), (x, y1))]
        # The reference is drawn on top, so it stays visible among tied scenarios.
        ax.plot(x, y, linestyle="none", zorder=4 if scen.is_reference else 3,
                **_KIND_STYLE[_kind(scen)])
        points.append((x, y))
        texts.append(scen.label(lang))
    x_max = float(rows.loc[[s.key for s in scenarios], "cost_p95"].max())
    span = x_max if x_max > 0 else 1.0
    # Room right of the costliest point for its label.
    ax.set_xlim(-0.04 * span, span * 1.22)
    ax.set_ylim(-0.06, 1.06)
    ax.set_xlabel(chart_label("cost_axis", lang), fontsize=PANEL_TITLE_SIZE)
    ax.set_ylabel(chart_label("p_all_axis", lang), fontsize=PANEL_TITLE_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(color="0.92", linewidth=0.5)
    if missing:
        sep = "、" if lang == "zh" else ", "
        names = sep.join(missing) if len(missing) <= 3 else \
            chart_label("n_scenarios", lang).format(n=len(missing))
        ax.text(0.99, 0.02, chart_label("p_all_missing", lang).format(names=names),
                transform=ax.transAxes, ha="right", va="bottom", fontsize=TICK_SIZE,
                color="0.35")
    kinds = [k for k in _KIND_STYLE if any(_kind(s) == k for s in scenarios)]
    handles = [Line2D([], [], linestyle="none", **_KIND_STYLE[k]) for k in kinds]
    handles.append(Line2D([], [], color="0.35", linewidth=0.9))
    handles.append(Line2D([], [], **P90_LINE))  # every reference line in the legend
    labels = [chart_label(k, lang) for k in kinds] + [chart_label("cost_whisker", lang),
                                                      chart_label("p90", lang)]
    # One row more for the 0.9 line would shrink the axes and crowd the point labels:
    # the legend takes as many columns as it has entries, up to four.
    fig.legend(handles, labels, loc="outside lower center",
               ncols=max(legend_ncols(labels), min(len(labels), 4)), frameon=False,
               fontsize=LEGEND_SIZE)
    _place_labels(fig, ax, *_merge_close(points, texts, span, lang), whiskers)
    return fig


def _merge_close(points, texts, x_span: float, lang: str):
    """Scenarios that land on (almost) the same spot share one label listing them all;
    separate labels there would pile up unreadably (real sweeps do produce such ties)."""
    groups: list[tuple[tuple[float, float], list[str]]] = []
    for (x, y), text in zip(points, texts, strict=True):
        for (gx, gy), names in groups:
            if abs(x - gx) <= 0.03 * x_span and abs(y - gy) <= 0.04:
                names.append(text)
                break
        else:
            groups.append(((x, y), [text]))
    sep = "、" if lang == "zh" else ", "
    per_line = 3
    merged = ["\n".join(sep.join(names[i:i + per_line]) for i in range(0, len(names), per_line))
              for _, names in groups]
    return [xy for xy, _ in groups], merged


# Offsets (points) tried for a point's label: near ones first (diagonals clear the point's
# own whiskers), then further out, where a thin leader line ties label and point.
_NEAR_OFFSETS = (
    (6, 6, "left", "bottom"), (6, -6, "left", "top"), (-6, 6, "right", "bottom"),
    (-6, -6, "right", "top"), (8, 0, "left", "center"), (-8, 0, "right", "center"),
    (0, 8, "center", "bottom"), (0, -8, "center", "top"),
)
_FAR_OFFSETS = tuple((2.5 * dx, 2.5 * dy, ha, va) for dx, dy, ha, va in _NEAR_OFFSETS)


def _place_labels(fig: Figure, ax: Axes, points, texts, whiskers) -> None:
    """Greedy label placement. Per point, the best offset by, in order: inside the axes,
    no overlap with other labels or markers, near the point, least overlap with whiskers
    (a label may cross a whisker: its white box keeps both readable)."""
    fig.draw_without_rendering()  # run the layout first: display positions are then final
    inside = ax.get_window_extent()
    to_px = ax.transData.transform
    marks = [_box(to_px(p), to_px(p), 5) for p in points]
    lines = [_box(to_px(a), to_px(b), 1) for a, b in whiskers]
    placed: list[tuple[float, float, float, float]] = []
    for xy, text in zip(points, texts, strict=True):
        best, best_cost = None, None
        for far, (dx, dy, ha, va) in [(0, o) for o in _NEAR_OFFSETS] + [
                (1, o) for o in _FAR_OFFSETS]:
            ann = ax.annotate(
                text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                fontsize=TICK_SIZE + 0.5, zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                arrowprops={"arrowstyle": "-", "color": "0.5", "lw": 0.6} if far else None)
            ann.set_in_layout(False)  # labels must not move the axes they were placed in
            bb = ann.get_window_extent()
            box = (bb.x0, bb.y0, bb.x1, bb.y1)
            out = bb.x0 < inside.x0 or bb.x1 > inside.x1 or bb.y0 < inside.y0 \
                or bb.y1 > inside.y1
            cost = (out, sum(_overlap(box, b) for b in placed + marks), far,
                    sum(_overlap(box, b) for b in lines))
            if best_cost is None or cost < best_cost:
                if best is not None:
                    best[0].remove()
                best, best_cost = (ann, box), cost
            else:
                ann.remove()
            if not any(cost):
                break
        placed.append(best[1])


def _box(a, b, pad: float) -> tuple[float, float, float, float]:
    """Display-space box spanning points a and b, widened by pad pixels."""
    return (min(a[0], b[0]) - pad, min(a[1], b[1]) - pad,
            max(a[0], b[0]) + pad, max(a[1], b[1]) + pad)


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0)
