"""Shared look and helpers of the report charts: chart names, scenario styles, input
checks, layout."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.charts.style import year_ticks
from sim.config.schema import TargetsConfig
from sim.model.vocabulary import PATHS
from sim.report.scenarios import ScenarioInfo

PROVINCE_COLUMNS = ("scenario", "seed", "t", "quarter")
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


# ---------------------------------------------------------------- scenario styles
@dataclass(frozen=True)
class ScenarioStyle:
    color: str
    linestyle: object
    marker: str


# Every scenario gets one style (colour + line style + marker) from its position in the
# ``scenarios`` list, the same in every chart, so a printed grayscale copy still tells the
# scenarios apart by line style and marker shape.
# Colours also differ in lightness, but grayscale legibility rests on the line style and
# the marker shape: ten scenarios get ten different markers and six line styles.
SCENARIO_STYLES = (
    ScenarioStyle("#1f3b73", "-", "o"),
    ScenarioStyle("#a33a2a", "--", "s"),
    ScenarioStyle("#3d7a3a", ":", "^"),
    ScenarioStyle("#c27c0e", "-.", "D"),
    ScenarioStyle("#6a3d9a", (0, (5, 1.5, 1, 1.5, 1, 1.5)), "v"),
    ScenarioStyle("#1f8a8a", (0, (8, 2)), "P"),
    ScenarioStyle("#4d4d4d", "-", "X"),
    ScenarioStyle("#b0417a", "--", "*"),
    ScenarioStyle("#000000", ":", "<"),
    ScenarioStyle("#8c6d31", "-.", ">"),
)
REFERENCE_LINE = {"color": "0.55", "linestyle": (0, (5, 2)), "linewidth": 0.9}
P90_LINE = {"color": "0.7", "linestyle": "-", "linewidth": 0.8}
WHISKER = {"ecolor": "0.35", "elinewidth": 0.9, "capsize": 2.5}
PAGE_WIDTH = 7.1  # inches: 18 cm, an A4 text block
TITLE_SIZE, PANEL_TITLE_SIZE, TICK_SIZE, LEGEND_SIZE = 11, 9, 8, 8


def scenario_style(i: int) -> ScenarioStyle:
    return SCENARIO_STYLES[i % len(SCENARIO_STYLES)]


def line_kwargs(i: int, n_points: int) -> dict:
    s = scenario_style(i)
    # Markers every 4th quarter, staggered by scenario so markers of nearby lines do not
    # sit on top of each other.
    every = (i % 4, 4) if n_points > 8 else 1
    return {"color": s.color, "linestyle": s.linestyle, "marker": s.marker, "markersize": 4,
            "markevery": every, "linewidth": 1.3}


# ---------------------------------------------------------------- input checks
def require_columns(df: pd.DataFrame, columns: Sequence[str], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table lacks column(s) {missing}")


def check_scenarios(df: pd.DataFrame, scenarios: Sequence[ScenarioInfo], table: str) -> None:
    if not scenarios:
        raise ValueError("scenarios is empty: nothing to draw")
    keys = [s.key for s in scenarios]
    if len(set(keys)) != len(keys):
        raise ValueError(f"scenario keys are not unique: {keys}")
    absent = [k for k in keys if k not in set(df["scenario"])]
    if absent:
        raise ValueError(f"{table} table has no rows for scenario(s) {absent}")


def reference_of(scenarios: Sequence[ScenarioInfo]) -> ScenarioInfo | None:
    return next((s for s in scenarios if s.is_reference), None)


def target_setting(targets: TargetsConfig | Mapping | None, name: str):
    """A target setting from a TargetsConfig or a mapping; missing ones take the defaults."""
    if targets is None:
        targets = TargetsConfig()
    if isinstance(targets, Mapping):
        return targets.get(name, getattr(TargetsConfig, name, None))
    return getattr(targets, name)


# ---------------------------------------------------------------- layout helpers
def wrap_label(text: str, lang: str, width: int) -> str:
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


def legend_ncols(labels: Sequence[str], width: float = PAGE_WIDTH) -> int:
    """As many columns as fit the page width (handle + gap ~0.7 in per entry)."""
    entry = max(_text_width_in(lbl, LEGEND_SIZE) for lbl in labels) + 0.7
    return int(max(1, min(len(labels), width // entry)))


def panel_grid(n: int) -> tuple[int, int]:
    """(rows, cols) of small multiples for n panels, at most 3 columns on a page width."""
    cols = 1 if n == 1 else 2 if n in (2, 4) else 3
    return int(np.ceil(n / cols)), cols


def small_multiples(fig: Figure, n: int, sharey: bool) -> list[Axes]:
    rows, cols = panel_grid(n)
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


def time_axis(ax: Axes, quarters: pd.Series) -> None:
    """House year-end ticks, small and slanted so six 'YYYYQ4' fit a narrow panel."""
    year_ticks(ax, quarters)
    ax.set_xlim(quarters.index.min(), quarters.index.max())
    ax.tick_params(axis="x", labelsize=TICK_SIZE - 0.5, labelrotation=40)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")


def quarters_of(df: pd.DataFrame) -> pd.Series:
    return df.groupby("t")["quarter"].first().sort_index()


def t_of(quarters: pd.Series, quarter: str) -> int | None:
    hit = quarters.index[quarters == quarter]
    return int(hit[0]) if len(hit) else None


def titled_figure(width: float, height: float, title: str) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.suptitle(title, fontsize=TITLE_SIZE)
    return fig
