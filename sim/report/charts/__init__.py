"""Charts comparing the scenarios of a sweep, for the provincial policy report (zh or en).

Pure functions from tidy DataFrames (stacked over scenarios, column ``scenario`` = the
:class:`ScenarioInfo` key) to matplotlib Figures, plus bilingual captions. They reuse the
house style of :mod:`sim.charts.style` (a style context with the CJK font, SVG text as
paths, grayscale-safe median/band/target/checkpoint styles) and its :func:`save_figure`
(SVG/PDF/PNG@300 dpi, atomic); their texts are in :mod:`sim.labels`. Figures are built
with the Figure API, never pyplot, and never change the global rcParams.

Modules (imports flow one way: style -> chart modules -> this package): style (chart
names, scenario styles, checks, layout helpers), fans, attainment, adoption, costs (one
kind of chart each), captions. This module re-exports the public names and defines
:func:`draw_all`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.figure import Figure

from sim.charts.style import save_figure
from sim.config.schema import TargetsConfig
from sim.report.charts.adoption import ADOPTION_COLUMNS as ADOPTION_COLUMNS
from sim.report.charts.adoption import adoption_paths_chart, city_adoption_chart, city_names_zh
from sim.report.charts.attainment import ATTAINMENT_COLUMNS as ATTAINMENT_COLUMNS
from sim.report.charts.attainment import attainment_chart
from sim.report.charts.captions import caption
from sim.report.charts.costs import COST_COLUMNS as COST_COLUMNS
from sim.report.charts.costs import cost_effectiveness_chart
from sim.report.charts.fans import fan_chart
from sim.report.charts.style import ADOPTION_PATHS as ADOPTION_PATHS
from sim.report.charts.style import ALL_TARGETS as ALL_TARGETS
from sim.report.charts.style import CHART_NAMES, FAN_METRICS, target_setting
from sim.report.charts.style import PROVINCE_COLUMNS as PROVINCE_COLUMNS
from sim.report.scenarios import ScenarioInfo

__all__ = [
    "CHART_NAMES",
    "adoption_paths_chart",
    "attainment_chart",
    "caption",
    "city_adoption_chart",
    "city_names_zh",
    "cost_effectiveness_chart",
    "draw_all",
    "fan_chart",
    "save_figure",
]


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
    checks = (str(target_setting(targets, "checkpoint_2022")),
              str(target_setting(targets, "checkpoint_2025")))
    figs["city_adoption"] = city_adoption_chart(
        adoption, scenarios, checks, lang, city_names_zh=city_names_zh(city))
    figs["cost_effectiveness"] = cost_effectiveness_chart(costs, scenarios, lang)
    return {name: figs[name] for name in CHART_NAMES}
