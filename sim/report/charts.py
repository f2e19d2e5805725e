"""Charts comparing the scenarios of a sweep, for the provincial policy report (zh or en).

Pure functions from tidy DataFrames (stacked over scenarios, column ``scenario`` = the
:class:`ScenarioInfo` key) to matplotlib Figures, plus bilingual captions. They reuse the
house style of :mod:`sim.analysis.charts` (CJK font, SVG text as paths, grayscale-safe
median/band/target/checkpoint styles) and its :func:`save_figure` (SVG/PDF/PNG@300 dpi,
atomic). Figures are built with the Figure API, never pyplot.

Every scenario gets one style (colour + line style + marker) from its position in the
``scenarios`` list, the same in every chart, so a printed grayscale copy still tells the
scenarios apart by line style and marker shape.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from sim.analysis.charts import (
    _BAND,
    _CHECKPOINT,
    _MEDIAN,
    _TARGET,
    _check_lang,
    _year_ticks,
    apply_house_style,
    save_figure,
)
from sim.analysis.charts import LABELS as BASE_LABELS
from sim.config import PATHS, PATHS_ZH, TargetsConfig
from sim.report.scenarios import ScenarioInfo
from sim.summary import TARGET_LABELS, TARGET_NAMES

__all__ = [
    "CHART_NAMES",
    "REPORT_LABELS",
    "adoption_paths_chart",
    "attainment_chart",
    "caption",
    "city_adoption_chart",
    "city_names_zh",
    "cost_effectiveness_chart",
    "draw_all",
    "fan_chart",
    "report_label",
    "save_figure",
]

CHART_NAMES = (
    "fan_pilot_regions",
    "fan_pilot_enterprises",
    "fan_integration_index",
    "attainment",
    "adoption_paths",
    "city_adoption",
    "cost_effectiveness",
)
FAN_METRICS = ("pilot_regions", "pilot_enterprises", "integration_index")
ALL_TARGETS = "all_targets"
ADOPTION_PATHS = (*PATHS, "any")

REPORT_LABELS: dict[str, dict[str, str]] = {
    "fan_title_pilot_regions": {"zh": "两业融合试点区域数量（模拟）",
                                "en": "Integration pilot regions (simulated)"},
    "fan_title_pilot_enterprises": {"zh": "两业融合试点企业数量（模拟）",
                                    "en": "Integration pilot enterprises (simulated)"},
    "fan_title_integration_index": {"zh": "两业融合发展水平指数 D（模拟）",
                                    "en": "Integration index D (simulated)"},
    "axis_pilot_regions": {"zh": "试点区域（个）", "en": "Pilot regions (number)"},
    "axis_pilot_enterprises": {"zh": "试点企业（家）", "en": "Pilot enterprises (number)"},
    "axis_integration_index": {"zh": "融合发展水平指数 D", "en": "Integration index D"},
    "target_count": {"zh": "目标：{checkpoint}达到{value:g}", "en": "Target: {value:g} by {checkpoint}"},
    "target_rise": {"zh": "目标：{base}中位数 +{rise:g}", "en": "Target: {base} median + {rise:g}"},
    "checkpoints": {"zh": "考核节点（{quarters}）", "en": "Checkpoint ({quarters})"},
    "reference_median": {"zh": "参照情景中位数（{name}）", "en": "Reference median ({name})"},
    "reference_tag": {"zh": "（参照）", "en": " (reference)"},
    "title_attainment": {"zh": "各情景目标达成概率（模拟）",
                         "en": "Probability of meeting each target (simulated)"},
    "all_targets": {"zh": "三项目标同时达成", "en": "All three targets met"},
    "probability": {"zh": "达成概率", "en": "Probability"},
    "interval95": {"zh": "95%区间（Wilson）", "en": "95% interval (Wilson)"},
    "p90": {"zh": "概率0.9参考线", "en": "Probability 0.9"},
    "not_evaluated": {"zh": "未评估", "en": "not evaluated"},
    "title_adoption": {"zh": "各融合路径的企业采用比例（模拟，种子中位数）",
                       "en": "Share of firms on each integration path (simulated, median)"},
    "share": {"zh": "采用企业占比", "en": "Share of firms"},
    "path_any": {"zh": "任一路径", "en": "Any path"},
    "title_city": {"zh": "各设区市采用任一融合路径的企业占比（模拟，种子中位数）",
                   "en": "Share of firms on any integration path by city (simulated, median)"},
    "quarter_panel": {"zh": "{quarter}", "en": "{quarter}"},
    "title_cost": {"zh": "财政投入与目标全部达成概率（模拟）",
                   "en": "Fiscal cost and probability of meeting all targets (simulated)"},
    "cost_axis": {"zh": "累计财政支出（亿元，种子中位数）",
                  "en": "Cumulative fiscal cost (CNY 100 million, median)"},
    "p_all_axis": {"zh": "三项目标同时达成概率", "en": "P(all three targets met)"},
    "cost_whisker": {"zh": "横线：支出5%–95%；竖线：概率95%区间",
                     "en": "Bars: cost 5–95%; probability 95% interval"},
    "reference": {"zh": "参照情景", "en": "Reference scenario"},
    "counterfactual": {"zh": "无新增政策对照", "en": "Counterfactual (no new policy)"},
    "other_scenarios": {"zh": "其他情景", "en": "Other scenarios"},
    "p_all_missing": {"zh": "未评估：{names}", "en": "Not evaluated: {names}"},
    "n_scenarios": {"zh": "{n}个情景", "en": "{n} scenarios"},
}


def report_label(key: str, lang: str) -> str:
    """A label of this module, falling back to the house LABELS of sim.analysis.charts."""
    table = REPORT_LABELS if key in REPORT_LABELS else BASE_LABELS
    return table[key][_check_lang(lang)]


# ---------------------------------------------------------------- scenario styles
@dataclass(frozen=True)
class _Style:
    color: str
    linestyle: object
    marker: str


# Colours also differ in lightness, but grayscale legibility rests on the line style and
# the marker shape: ten scenarios get ten different markers and six line styles.
_STYLES = (
    _Style("#1f3b73", "-", "o"),
    _Style("#a33a2a", "--", "s"),
    _Style("#3d7a3a", ":", "^"),
    _Style("#c27c0e", "-.", "D"),
    _Style("#6a3d9a", (0, (5, 1.5, 1, 1.5, 1, 1.5)), "v"),
    _Style("#1f8a8a", (0, (8, 2)), "P"),
    _Style("#4d4d4d", "-", "X"),
    _Style("#b0417a", "--", "*"),
    _Style("#000000", ":", "<"),
    _Style("#8c6d31", "-.", ">"),
)
_REFERENCE_LINE = {"color": "0.55", "linestyle": (0, (5, 2)), "linewidth": 0.9}
_P90_LINE = {"color": "0.7", "linestyle": "-", "linewidth": 0.8}
_WHISKER = {"ecolor": "0.35", "elinewidth": 0.9, "capsize": 2.5}
_PAGE_WIDTH = 7.1  # inches: 18 cm, an A4 text block
_TITLE_SIZE, _PANEL_TITLE_SIZE, _TICK_SIZE, _LEGEND_SIZE = 11, 9, 8, 8


def _style(i: int) -> _Style:
    return _STYLES[i % len(_STYLES)]


def _line_kwargs(i: int, n_points: int) -> dict:
    s = _style(i)
    # Markers every 4th quarter, staggered by scenario so markers of nearby lines do not
    # sit on top of each other.
    every = (i % 4, 4) if n_points > 8 else 1
    return {"color": s.color, "linestyle": s.linestyle, "marker": s.marker, "markersize": 4,
            "markevery": every, "linewidth": 1.3}


# ---------------------------------------------------------------- input checks
def _require(df: pd.DataFrame, columns: Sequence[str], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table lacks column(s) {missing}")


def _check_scenarios(df: pd.DataFrame, scenarios: Sequence[ScenarioInfo], table: str) -> None:
    if not scenarios:
        raise ValueError("scenarios is empty: nothing to draw")
    keys = [s.key for s in scenarios]
    if len(set(keys)) != len(keys):
        raise ValueError(f"scenario keys are not unique: {keys}")
    absent = [k for k in keys if k not in set(df["scenario"])]
    if absent:
        raise ValueError(f"{table} table has no rows for scenario(s) {absent}")


def _reference(scenarios: Sequence[ScenarioInfo]) -> ScenarioInfo | None:
    return next((s for s in scenarios if s.is_reference), None)


def _target(targets: TargetsConfig | Mapping | None, name: str):
    """A target setting from a TargetsConfig or a mapping; missing ones take the defaults."""
    if targets is None:
        targets = TargetsConfig()
    if isinstance(targets, Mapping):
        return targets.get(name, getattr(TargetsConfig, name, None))
    return getattr(targets, name)


# ---------------------------------------------------------------- layout helpers
def _wrap(text: str, lang: str, width: int) -> str:
    """Wrap a label to lines of about ``width`` CJK characters (2x as many Latin ones),
    preferring to break after a list comma; Chinese has no spaces to break at."""
    if lang == "en":
        if len(text) <= width * 2:
            return text
        return ",\n".join(textwrap.fill(part, width * 2) for part in text.split(", "))
    lines = []
    while len(text) > width:
        cut = text.rfind("，", 0, width + 1)
        cut = cut + 1 if cut > 0 else width
        lines.append(text[:cut])
        text = text[cut:]
    return "\n".join([*lines, text])


def _text_width_in(text: str, size: float) -> float:
    """Rough width of a one-line label in inches: CJK glyphs are square, Latin ~0.55 em."""
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)
    return ems * size / 72


def _legend_ncols(labels: Sequence[str], width: float = _PAGE_WIDTH) -> int:
    """As many columns as fit the page width (handle + gap ~0.7 in per entry)."""
    entry = max(_text_width_in(lbl, _LEGEND_SIZE) for lbl in labels) + 0.7
    return int(max(1, min(len(labels), width // entry)))


def _grid(n: int) -> tuple[int, int]:
    """(rows, cols) of small multiples for n panels, at most 3 columns on a page width."""
    cols = 1 if n == 1 else 2 if n in (2, 4) else 3
    return int(np.ceil(n / cols)), cols


def _small_multiples(fig: Figure, n: int, sharey: bool) -> list[Axes]:
    rows, cols = _grid(n)
    axes = fig.subplots(rows, cols, sharex=True, sharey=sharey, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.remove()
    used = list(axes[:n])
    # subplots(sharex=True) shows x tick labels on the bottom row only; a panel whose
    # neighbour below was removed is now at the bottom of its column and needs them.
    for i, ax in enumerate(used):
        if i + cols >= n:
            ax.xaxis.set_tick_params(labelbottom=True)
    return used


def _time_axis(ax: Axes, quarters: pd.Series) -> None:
    """House year-end ticks, small and slanted so six 'YYYYQ4' fit a narrow panel."""
    _year_ticks(ax, quarters)
    ax.set_xlim(quarters.index.min(), quarters.index.max())
    ax.tick_params(axis="x", labelsize=_TICK_SIZE - 0.5, labelrotation=40)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")


def _quarters(df: pd.DataFrame) -> pd.Series:
    return df.groupby("t")["quarter"].first().sort_index()


def _t_of(quarters: pd.Series, quarter: str) -> int | None:
    hit = quarters.index[quarters == quarter]
    return int(hit[0]) if len(hit) else None


def _quantiles(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """5%, 50%, 95% over seeds, per quarter index t."""
    q = df.groupby("t")[column].quantile([0.05, 0.5, 0.95]).unstack()
    q.columns = ["lo", "med", "hi"]
    return q


def _figure(width: float, height: float, title: str) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.suptitle(title, fontsize=_TITLE_SIZE)
    return fig


# ---------------------------------------------------------------- 1. fan chart
PROVINCE_COLUMNS = ("scenario", "seed", "t", "quarter")


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


# ---------------------------------------------------------------- 2. attainment
ATTAINMENT_COLUMNS = ("scenario", "target", "probability", "p_lo", "p_hi", "evaluated")


def _target_title(target: str, lang: str) -> str:
    if target == ALL_TARGETS:
        return report_label("all_targets", lang)
    zh, en = TARGET_LABELS[target]
    return zh if lang == "zh" else en


def attainment_chart(
    attainment: pd.DataFrame, scenarios: Sequence[ScenarioInfo], lang: str = "zh"
) -> Figure:
    """One panel per target (+ all targets): scenarios on y, probability with its 95%
    interval on x (0–1), a light line at 0.9; unevaluated targets say so in text."""
    _check_lang(lang)
    _require(attainment, ATTAINMENT_COLUMNS, "attainment")
    _check_scenarios(attainment, scenarios, "attainment")
    apply_house_style(lang)

    names = (*TARGET_NAMES, ALL_TARGETS)
    n = len(scenarios)
    fig = _figure(_PAGE_WIDTH, 1.6 + 2 * (0.6 + 0.27 * n), report_label("title_attainment", lang))
    axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
    rows = attainment.set_index(["scenario", "target"])
    y = np.arange(n)
    for ax, target in zip(axes, names, strict=True):
        ax.axvline(0.9, **_P90_LINE)
        for i, scen in enumerate(scenarios):
            row = rows.loc[(scen.key, target)] if (scen.key, target) in rows.index else None
            _attainment_point(ax, row, i, lang)
        ax.set_title(_wrap(_target_title(target, lang), lang, 16), fontsize=_PANEL_TITLE_SIZE)
        # A little room beyond 0 and 1 so points at the ends are not cut in half.
        ax.set_xlim(-0.04, 1.04)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"])
        ax.tick_params(labelsize=_TICK_SIZE)
        ax.grid(axis="x", color="0.9", linewidth=0.5)
    axes[0].set_yticks(y, [_wrap(s.label(lang), lang, 12) for s in scenarios])
    axes[0].set_ylim(n - 0.5, -0.5)  # first scenario on top
    for ax in axes[2:]:
        ax.set_xlabel(report_label("probability", lang), fontsize=_PANEL_TITLE_SIZE)
    handles = [Line2D([], [], color="0.2", marker="o", linestyle="-", linewidth=0.9),
               Line2D([], [], **_P90_LINE)]
    labels = [report_label("interval95", lang), report_label("p90", lang)]
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False,
               fontsize=_LEGEND_SIZE)
    return fig


def _attainment_point(ax: Axes, row, i: int, lang: str) -> None:
    if row is None or not bool(row["evaluated"]) or pd.isna(row["probability"]):
        ax.text(0.5, i, report_label("not_evaluated", lang),
                ha="center", va="center", fontsize=_TICK_SIZE, color="0.35")
        return
    p, lo, hi = (float(row[c]) for c in ("probability", "p_lo", "p_hi"))
    s = _style(i)
    ax.errorbar(p, i, xerr=[[max(p - lo, 0)], [max(hi - p, 0)]], fmt=s.marker, color=s.color,
                markersize=5, **_WHISKER)


# ---------------------------------------------------------------- 3. adoption paths
def _path_label(path: str, lang: str) -> str:
    if path == "any":
        return report_label("path_any", lang)
    return PATHS_ZH[PATHS.index(path)] if lang == "zh" else path.capitalize()


def adoption_paths_chart(
    province: pd.DataFrame, scenarios: Sequence[ScenarioInfo], lang: str = "zh"
) -> Figure:
    """One panel per path (+ any path): median share over seeds, one line per scenario,
    told apart by line style and marker as well as colour."""
    _check_lang(lang)
    columns = [f"adoption_{p}" for p in ADOPTION_PATHS]
    _require(province, (*PROVINCE_COLUMNS, *columns), "province")
    _check_scenarios(province, scenarios, "province")
    apply_house_style(lang)

    quarters = _quarters(province)
    medians = province.groupby(["scenario", "t"])[columns].median()
    names = [s.label(lang) for s in scenarios]
    ncols = _legend_ncols(names)
    legend_rows = int(np.ceil(len(names) / ncols))
    fig = _figure(_PAGE_WIDTH, 5.4 + 0.2 * legend_rows, report_label("title_adoption", lang))
    # Own y scale per panel: path shares differ tenfold, a shared scale would flatten
    # the rare paths, where the scenarios differ most in relative terms.
    axes = _small_multiples(fig, len(ADOPTION_PATHS), sharey=False)
    for ax, path, column in zip(axes, ADOPTION_PATHS, columns, strict=True):
        for i, scen in enumerate(scenarios):
            series = medians.loc[scen.key, column]
            ax.plot(series.index, series, **_line_kwargs(i, len(series)))
        ax.set_title(_path_label(path, lang), fontsize=_PANEL_TITLE_SIZE)
        ax.set_ylim(0, max(medians[column].max() * 1.1, 0.01))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.tick_params(axis="y", labelsize=_TICK_SIZE)
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        _time_axis(ax, quarters)
    fig.supylabel(report_label("share", lang), fontsize=_PANEL_TITLE_SIZE)
    handles = [Line2D([], [], **{**_line_kwargs(i, 1), "markersize": 5})
               for i in range(len(scenarios))]
    fig.legend(handles, names, loc="outside lower center", ncols=ncols, frameon=False,
               fontsize=_LEGEND_SIZE)
    return fig


# ---------------------------------------------------------------- 4. city dot plot
ADOPTION_COLUMNS = ("scenario", "seed", "quarter", "breakdown", "group", "path", "share")


def city_names_zh(city: pd.DataFrame) -> dict[str, str]:
    """English city name -> Chinese name, from the ``city`` table (columns city, city_zh)."""
    _require(city, ("city", "city_zh"), "city")
    return dict(city[["city", "city_zh"]].drop_duplicates("city").itertuples(index=False))


def _city_label(name: str, lang: str, names_zh: Mapping[str, str] | None) -> str:
    if lang == "zh" and names_zh and name in names_zh:
        return names_zh[name]
    return name.capitalize()  # en, or zh without a Chinese name: the English one


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
    _check_lang(lang)
    _require(adoption, ADOPTION_COLUMNS, "adoption")
    data = adoption[(adoption["breakdown"] == "city") & (adoption["path"] == "any")]
    if data.empty:
        raise ValueError("adoption table has no rows with breakdown 'city' and path 'any'")
    _check_scenarios(data, scenarios, "adoption (city, any path)")
    apply_house_style(lang)

    shown = [q for q in quarters if q in set(data["quarter"])] or [max(data["quarter"])]
    med = data.groupby(["quarter", "scenario", "group"])["share"].median()
    # Cities sorted by the reference (or first) scenario in the last panel, highest on top,
    # the same order in every panel, so rows can be read across.
    lead = (_reference(scenarios) or scenarios[0]).key
    order = med.loc[(shown[-1], lead)].sort_values(ascending=False).index.tolist()
    n = len(scenarios)
    row_h = max(0.3, 0.045 * n + 0.12)
    names = [s.label(lang) for s in scenarios]
    ncols = _legend_ncols(names)
    height = 1.3 + row_h * len(order) + 0.2 * np.ceil(n / ncols)
    fig = _figure(_PAGE_WIDTH, height, report_label("title_city", lang))
    axes = fig.subplots(1, len(shown), sharey=True, sharex=True, squeeze=False).ravel()
    # Scenarios are dodged vertically inside a city's row so markers never overlap.
    offsets = np.linspace(-0.3, 0.3, n) if n > 1 else np.zeros(1)
    for ax, quarter in zip(axes, shown, strict=True):
        table = med.loc[quarter].unstack("scenario").reindex(order)
        y = np.arange(len(order))
        ax.hlines(y, table.min(axis=1), table.max(axis=1), color="0.8", linewidth=0.8)
        for i, scen in enumerate(scenarios):
            s = _style(i)
            ax.plot(table[scen.key], y + offsets[i], linestyle="none", marker=s.marker,
                    color=s.color, markersize=4.5)
        ax.set_title(quarter, fontsize=_PANEL_TITLE_SIZE)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.tick_params(labelsize=_TICK_SIZE)
        ax.grid(axis="x", color="0.9", linewidth=0.5)
        ax.set_xlabel(report_label("share", lang), fontsize=_PANEL_TITLE_SIZE)
    axes[0].set_yticks(np.arange(len(order)),
                       [_city_label(c, lang, city_names_zh) for c in order])
    axes[0].set_ylim(len(order) - 0.5, -0.5)
    handles = [Line2D([], [], linestyle="none", marker=_style(i).marker, color=_style(i).color,
                      markersize=5) for i in range(n)]
    fig.legend(handles, names, loc="outside lower center", ncols=ncols, frameon=False,
               fontsize=_LEGEND_SIZE)
    return fig


# ---------------------------------------------------------------- 5. cost-effectiveness
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


def cost_effectiveness_chart(
    costs: pd.DataFrame, scenarios: Sequence[ScenarioInfo], lang: str = "zh"
) -> Figure:
    """x: median cumulative fiscal cost with 5–95% whiskers; y: P(all targets met) with
    its 95% interval; every point labelled; reference and counterfactual marked apart."""
    _check_lang(lang)
    _require(costs, COST_COLUMNS, "costs")
    _check_scenarios(costs, scenarios, "costs")
    apply_house_style(lang)

    rows = costs.drop_duplicates("scenario").set_index("scenario")
    fig = _figure(_PAGE_WIDTH, 4.8, report_label("title_cost", lang))
    ax = fig.subplots()
    ax.axhline(0.9, **_P90_LINE)
    points, texts, whiskers, missing = [], [], [], []
    for scen in scenarios:
        r = rows.loc[scen.key]
        if pd.isna(r["p_all"]):  # short run: the all-targets probability is undefined
            missing.append(scen.label(lang))
            continue
        x, y = float(r["cost_median"]), float(r["p_all"])
        x0, x1, y0, y1 = (float(r[c]) for c in ("cost_p05", "cost_p95", "p_all_lo", "p_all_hi"))
        ax.errorbar(x, y, xerr=[[max(x - x0, 0)], [max(x1 - x, 0)]],
                    yerr=[[max(y - y0, 0)], [max(y1 - y, 0)]], fmt="none", **_WHISKER)
        whiskers += [((x0, y), (x1, y)), ((x, y0), (x, y1))]
        ax.plot(x, y, linestyle="none", zorder=3, **_KIND_STYLE[_kind(scen)])
        points.append((x, y))
        texts.append(scen.label(lang))
    x_max = float(rows.loc[[s.key for s in scenarios], "cost_p95"].max())
    span = x_max if x_max > 0 else 1.0
    # Room right of the costliest point for its label.
    ax.set_xlim(-0.04 * span, span * 1.22)
    ax.set_ylim(-0.06, 1.06)
    ax.set_xlabel(report_label("cost_axis", lang), fontsize=_PANEL_TITLE_SIZE)
    ax.set_ylabel(report_label("p_all_axis", lang), fontsize=_PANEL_TITLE_SIZE)
    ax.tick_params(labelsize=_TICK_SIZE)
    ax.grid(color="0.92", linewidth=0.5)
    if missing:
        sep = "、" if lang == "zh" else ", "
        names = sep.join(missing) if len(missing) <= 3 else \
            report_label("n_scenarios", lang).format(n=len(missing))
        ax.text(0.99, 0.02, report_label("p_all_missing", lang).format(names=names),
                transform=ax.transAxes, ha="right", va="bottom", fontsize=_TICK_SIZE,
                color="0.35")
    kinds = [k for k in _KIND_STYLE if any(_kind(s) == k for s in scenarios)]
    handles = [Line2D([], [], linestyle="none", **_KIND_STYLE[k]) for k in kinds]
    handles.append(Line2D([], [], color="0.35", linewidth=0.9))
    labels = [report_label(k, lang) for k in kinds] + [report_label("cost_whisker", lang)]
    fig.legend(handles, labels, loc="outside lower center", ncols=_legend_ncols(labels),
               frameon=False, fontsize=_LEGEND_SIZE)
    _place_labels(fig, ax, points, texts, whiskers)
    return fig


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
                fontsize=_TICK_SIZE + 0.5, zorder=4,
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


# ---------------------------------------------------------------- 6. captions
_CAPTION_KEYS = {"n_seeds", "reference", "targets", "quarters", "lang"}

_WHAT = {
    "fan_pilot_regions": (
        "各情景下全省两业融合试点区域数量的模拟轨迹：实线为{n}个随机种子的中位数，阴影带为"
        "各种子间5%–95%分位区间，红色虚线为{c22}达到{r22:g}个的目标，点线为考核节点{ref_zh}。",
        "Simulated number of integration pilot regions per scenario: the solid line is the "
        "median over {n} random seeds, the shaded band the 5–95% range across seeds, the red "
        "dashed line the target of {r22:g} by {c22} and dotted lines the checkpoints{ref_en}.",
    ),
    "fan_pilot_enterprises": (
        "各情景下全省两业融合试点企业数量的模拟轨迹：实线为{n}个随机种子的中位数，阴影带为"
        "各种子间5%–95%分位区间，红色虚线为{c22}达到{e22:g}家的目标，点线为考核节点{ref_zh}。",
        "Simulated number of integration pilot enterprises per scenario: the solid line is "
        "the median over {n} random seeds, the shaded band the 5–95% range across seeds, the "
        "red dashed line the target of {e22:g} by {c22} and dotted lines the checkpoints"
        "{ref_en}.",
    ),
    "fan_integration_index": (
        "各情景下两业融合发展水平指数D（耦合协调度）的模拟轨迹：实线为{n}个随机种子的中位数，"
        "阴影带为各种子间5%–95%分位区间，红色虚线为目标水平（本情景{base}的中位数加{rise:g}，"
        "{c25}考核），点线为考核节点{ref_zh}。",
        "Simulated integration index D (coupling coordination degree) per scenario: the solid "
        "line is the median over {n} random seeds, the shaded band the 5–95% range across "
        "seeds, the red dashed line the target level (the scenario's {base} median plus "
        "{rise:g}, assessed in {c25}) and dotted lines the checkpoints{ref_en}.",
    ),
    "attainment": (
        "各情景达成各项目标的概率，即{n}个随机种子中达到目标的比例；横线为95% Wilson区间，"
        "灰色竖线为0.9参考线；“三项目标同时达成”要求同一种子内全部目标均达到。",
        "Probability that each scenario meets each target: the share of {n} random seeds "
        "in which it is met; whiskers are 95% Wilson intervals and the grey line marks 0.9. "
        "'All three targets met' requires every target in the same seed.",
    ),
    "adoption_paths": (
        "各情景下采用各融合路径（及任一路径）的企业占比，为{n}个随机种子的中位数；"
        "各情景以线型和标记区分。",
        "Share of firms on each integration path (and on any path) per scenario, median over "
        "{n} random seeds; scenarios differ in line style and marker.",
    ),
    "city_adoption": (
        "{quarters_zh}各设区市采用任一融合路径的企业占比，为{n}个随机种子的中位数；"
        "每种标记代表一个情景，灰色横线连接同一城市各情景的最小值与最大值。",
        "Share of firms on at least one integration path by city in {quarters_en}, median "
        "over {n} random seeds; each marker is a scenario and the grey line spans the "
        "scenarios' range within a city.",
    ),
    "cost_effectiveness": (
        "各情景累计财政支出（专项资金补贴与试点奖励，亿元）与三项目标同时达成的概率：点为{n}个"
        "随机种子的中位支出与达成比例，横线为支出的5%–95%分位区间，竖线为概率的95% Wilson区间。",
        "Cumulative fiscal cost (special-fund subsidies and pilot awards, CNY 100 million) "
        "against the probability of meeting all three targets: points are the median cost "
        "and the share of {n} random seeds meeting them, horizontal whiskers the 5–95% range "
        "of cost and vertical whiskers the 95% Wilson interval of the probability.",
    ),
}
_PROJECTION = (
    "图中结果为模型在所述假设下的情景推演，并非预测。",
    "Results are model projections under the stated assumptions, not forecasts.",
)


def caption(name: str, lang_pair: bool = True, **context) -> dict[str, str]:
    """Caption of chart ``name`` as {"zh": ..., "en": ...} (one to three sentences).

    Context: ``n_seeds`` (required), ``reference`` (ScenarioInfo, for the fan charts),
    ``targets`` (TargetsConfig; defaults to the draft's), ``quarters`` (city chart).
    With ``lang_pair=False`` only the language ``lang`` (context, default "zh") is returned.
    """
    if name not in _WHAT:
        raise ValueError(f"no caption for chart {name!r}; known: {CHART_NAMES}")
    unknown = set(context) - _CAPTION_KEYS
    if unknown:
        raise ValueError(f"unknown caption context {sorted(unknown)}; allowed {_CAPTION_KEYS}")
    if context.get("n_seeds") is None:
        raise ValueError("caption needs n_seeds=<number of random seeds per scenario>")
    fields = _caption_fields(context)
    zh, en = (template.format(**fields) for template in _WHAT[name])
    out = {"zh": zh + _PROJECTION[0], "en": f"{en} {_PROJECTION[1]}"}
    if lang_pair:
        return out
    lang = _check_lang(context.get("lang", "zh"))
    return {lang: out[lang]}


def _caption_fields(context: Mapping) -> dict:
    targets = context.get("targets") or TargetsConfig()
    ref = context.get("reference")
    quarters = tuple(context.get("quarters") or ("2022Q4", "2025Q4"))
    return {
        "n": int(context["n_seeds"]),
        "r22": float(_target(targets, "pilot_regions_2022")),
        "e22": float(_target(targets, "pilot_enterprises_2022")),
        "c22": _target(targets, "checkpoint_2022"),
        "c25": _target(targets, "checkpoint_2025"),
        "base": _target(targets, "integration_base"),
        "rise": float(_target(targets, "integration_rise_2025")),
        "ref_zh": f"；灰色细虚线为参照情景（{ref.label_zh}）的中位数" if ref else "",
        "ref_en": f"; the thin grey dashed line repeats the median of the reference scenario "
                  f"({ref.label_en})" if ref else "",
        "quarters_zh": "、".join(quarters),
        "quarters_en": " and ".join(quarters),
    }


# ---------------------------------------------------------------- 7. all charts
def draw_all(
    province: pd.DataFrame,
    adoption: pd.DataFrame,
    city: pd.DataFrame,
    attainment: pd.DataFrame,
    costs: pd.DataFrame,
    scenarios: Sequence[ScenarioInfo],
    targets: TargetsConfig | Mapping | None = None,
    lang: str = "zh",
) -> dict[str, Figure]:
    """Every chart of the report, keyed by its caption name (see :data:`CHART_NAMES`)."""
    figs = {f"fan_{m}": fan_chart(province, scenarios, m, targets, lang) for m in FAN_METRICS}
    figs["attainment"] = attainment_chart(attainment, scenarios, lang)
    figs["adoption_paths"] = adoption_paths_chart(province, scenarios, lang)
    checks = (str(_target(targets, "checkpoint_2022")), str(_target(targets, "checkpoint_2025")))
    figs["city_adoption"] = city_adoption_chart(
        adoption, scenarios, checks, lang, city_names_zh=city_names_zh(city))
    figs["cost_effectiveness"] = cost_effectiveness_chart(costs, scenarios, lang)
    return {name: figs[name] for name in CHART_NAMES}
