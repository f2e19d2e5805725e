"""Charts use the house style inside a style context and never change global rcParams."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from sim.charts.pilots import pilot_trajectories_figure
from sim.charts.style import house_rc, house_style, save_figure
from sim.policy_search.chart import frontier_figure
from sim.policy_search.trials import mark
from sim.report import charts as rc
from sim.sensitivity.charts import tornado_chart
from tests.test_report_charts import SCENARIOS, TARGETS
from tests.test_report_charts import adoption as adoption  # the tidy inputs, as fixtures
from tests.test_report_charts import attainment as attainment
from tests.test_report_charts import city as city
from tests.test_report_charts import costs as costs
from tests.test_report_charts import province as province


def _snapshot() -> dict:
    return {k: v for k, v in matplotlib.rcParams.items()
            if k != "backend"}  # pyplot may resolve the backend lazily


def _tornado_table() -> pd.DataFrame:
    rows = [(o, p, 0.1 * i, 0.02, 0.2 * i, 0.03)
            for o in ("pilot_regions_2022", "integration_2025")
            for i, p in enumerate(("behaviour.imitation_q", "world.revenue_sigma"), 1)]
    return pd.DataFrame(rows, columns=["outcome", "parameter", "S1", "S1_conf", "ST",
                                       "ST_conf"])


def _frontier_table() -> pd.DataFrame:
    points = [(5, 0.5), (10, 0.9), (8, 0.6)]
    table = pd.DataFrame({"trial": range(3), "cost_yi": [c for c, _ in points],
                          "p_all": [p for _, p in points], "p_all_lo": 0.3, "p_all_hi": 1.0,
                          "seeds": 10})
    return mark(table, 0.9)[0]


def _all_charts(province, adoption, city, attainment, costs, lang: str) -> list:
    single = province[province["scenario"] == "policy=draft"].drop(columns="scenario")
    figs = list(rc.draw_all(province, adoption, city, attainment, costs, SCENARIOS, TARGETS,
                            lang).values())
    figs.append(pilot_trajectories_figure(single, {"pilot_regions_2022": 50}, lang))
    figs.append(tornado_chart(_tornado_table(), "sobol", lang))
    figs.append(frontier_figure(_frontier_table(), 0.9, lang))
    return figs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_chart_function_changes_global_rcparams(province, adoption, city, attainment,
                                                   costs, lang, tmp_path):
    matplotlib.rcParams["font.family"] = ["serif"]  # a user's own setting must survive
    try:
        before = _snapshot()
        figs = _all_charts(province, adoption, city, attainment, costs, lang)
        assert len(figs) == 10  # 7 report charts, the run chart, tornado, frontier
        save_figure(figs[-1], tmp_path / "frontier", lang)
        for fig in figs:
            fig.draw_without_rendering()
        assert _snapshot() == before
    finally:
        matplotlib.rcParams["font.family"] = ["sans-serif"]


def test_charts_carry_the_house_font_outside_the_context(province, adoption, city,
                                                        attainment, costs):
    """Text built inside the context keeps the house fonts, so a figure shown later (a
    notebook, outside any context) still draws Chinese with the CJK font."""
    family = house_rc("zh")["font.family"]
    fig = _all_charts(province, adoption, city, attainment, costs, "zh")[0]
    fig.draw_without_rendering()
    title = fig.get_suptitle()
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text() == title]
    assert texts and texts[0].get_fontfamily() == family


def test_house_style_is_a_context():
    before = matplotlib.rcParams["svg.fonttype"]
    with house_style("zh"):
        assert matplotlib.rcParams["svg.fonttype"] == "path"
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert matplotlib.rcParams["svg.fonttype"] == before
    with pytest.raises(ValueError, match="lang must be one of"):
        house_rc("fr")
    assert np.isfinite(house_rc("en")["hatch.linewidth"])
