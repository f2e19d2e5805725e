"""Report charts: every chart in zh and en, CJK font embedded, inputs checked, captions."""

from __future__ import annotations

import io
import itertools
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from PIL import Image

from sim.charts.fonts import cjk_font
from sim.config.schema import TargetsConfig
from sim.model.vocabulary import PATHS
from sim.outcomes import TARGET_NAMES
from sim.report import charts as rc
from sim.report.scenarios import ScenarioInfo

CJK = re.compile(r"[\u4e00-\u9fff]")
TARGETS = TargetsConfig()
N_SEEDS, N_QUARTERS = 3, 24
CITIES = {"hangzhou": "杭州", "ningbo": "宁波", "wenzhou": "温州", "jiaxing": "嘉兴",
          "huzhou": "湖州", "shaoxing": "绍兴", "jinhua": "金华", "quzhou": "衢州",
          "zhoushan": "舟山", "taizhou": "台州", "lishui": "丽水"}
SCENARIOS = [
    ScenarioInfo("policy=none", "无新增措施", "No new measures", 0, is_counterfactual=True),
    ScenarioInfo("policy=draft", "征求意见稿", "Draft as written", 1, is_reference=True),
    ScenarioInfo("policy=all_in", "全力推进", "All in", 2),
]


def _quarter(t: int) -> str:
    return f"{2020 + t // 4}Q{t % 4 + 1}"


@pytest.fixture(scope="module")
def province() -> pd.DataFrame:
    """3 scenarios x 3 seeds x 24 quarters (2020Q1..2025Q4); later scenarios grow faster."""
    rng = np.random.default_rng(0)
    frames = []
    for k, scen in enumerate(SCENARIOS):
        for seed in range(N_SEEDS):
            t = np.arange(N_QUARTERS)
            frame = pd.DataFrame({
                "scenario": scen.key, "seed": seed, "t": t, "quarter": [_quarter(i) for i in t],
                "pilot_regions": np.cumsum(rng.poisson(1.5 + k, N_QUARTERS)).astype(float),
                "pilot_enterprises": np.cumsum(rng.poisson(3.0 + 2 * k, N_QUARTERS)).astype(float),
                "integration_index": 0.53 + (0.003 + 0.002 * k) * t + rng.normal(0, 0.003, 24),
            })
            for j, path in enumerate((*PATHS, "any")):
                frame[f"adoption_{path}"] = (0.1 + 0.1 * j) * (1 + 0.01 * (k + 1) * t)
            spend = 0.0 if scen.is_counterfactual else 1.0 + k
            frame["fiscal_spend_yi"] = spend
            frame["subsidy_spent_cum_yi"] = 0.9 * spend * (t + 1)
            frame["awards_spent_cum_yi"] = 0.1 * spend * (t + 1)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def city() -> pd.DataFrame:
    rows = [(s.key, seed, t, _quarter(t), c, zh, 0.5, 1, 2)
            for s in SCENARIOS for seed in range(N_SEEDS) for t in range(N_QUARTERS)
            for c, zh in CITIES.items()]
    return pd.DataFrame(rows, columns=["scenario", "seed", "t", "quarter", "city", "city_zh",
                                       "integration_index", "pilot_regions",
                                       "pilot_enterprises"])


@pytest.fixture(scope="module")
def adoption() -> pd.DataFrame:
    rows = []
    for (k, s), seed, t in itertools.product(enumerate(SCENARIOS), range(N_SEEDS),
                                             range(N_QUARTERS)):
        for c, name in enumerate(CITIES):
            share = min(1.0, 0.4 + 0.03 * c + 0.01 * (k + 1) * t + 0.01 * seed)
            for path in (*PATHS, "any"):
                rows.append((s.key, seed, t, _quarter(t), "city", name, path,
                             int(share * 1000), 1000, share))
        rows.append((s.key, seed, t, _quarter(t), "all", "all", "any", 600, 1000, 0.6))
    return pd.DataFrame(rows, columns=["scenario", "seed", "t", "quarter", "breakdown", "group",
                                       "path", "adopters", "firms", "share"])


@pytest.fixture(scope="module")
def attainment() -> pd.DataFrame:
    rows = []
    for k, s in enumerate(SCENARIOS):
        for target in (*TARGET_NAMES, "all_targets"):
            evaluated = not (k == 0 and target == "integration_2025")
            p = 0.2 + 0.3 * k if evaluated else np.nan
            rows.append((s.key, target, p, p - 0.15, p + 0.15, evaluated))
    return pd.DataFrame(rows, columns=["scenario", "target", "probability", "p_lo", "p_hi",
                                       "evaluated"])


def _costs(scenarios) -> pd.DataFrame:
    rows = [(s.key, 10.0 * k, 8.0 * k, 13.0 * k, min(1, 0.1 * k), max(0, 0.1 * k - 0.1),
             min(1, 0.1 * k + 0.15)) for k, s in enumerate(scenarios)]
    return pd.DataFrame(rows, columns=["scenario", "cost_median", "cost_p05", "cost_p95",
                                       "p_all", "p_all_lo", "p_all_hi"])


@pytest.fixture(scope="module")
def costs() -> pd.DataFrame:
    return _costs(SCENARIOS)


@pytest.fixture(scope="module")
def figures(province, adoption, city, attainment, costs) -> dict[str, dict[str, Figure]]:
    """Every chart in both languages, built once (drawn, so tick labels exist)."""
    out = {}
    for lang in ("zh", "en"):
        figs = rc.draw_all(province, adoption, city, attainment, costs, SCENARIOS, TARGETS, lang)
        for fig in figs.values():
            fig.draw_without_rendering()
        out[lang] = figs
    return out


@pytest.fixture(scope="module")
def saved(province, tmp_path_factory):
    """The zh fan chart saved once as SVG, PDF and PNG through the house save_figure."""
    out = tmp_path_factory.mktemp("report_charts")
    fig = rc.fan_chart(province, SCENARIOS, "pilot_regions", TARGETS, "zh")
    return {p.suffix: p for p in rc.save_figure(fig, out / "fan", "zh")}


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _panel_titles(fig: Figure) -> list[str]:
    return [ax.get_title() for ax in fig.axes if ax.get_title()]


# ---------------------------------------------------------------- language and layout
def test_draw_all_gives_every_chart_in_both_languages(figures):
    for lang in ("zh", "en"):
        assert list(figures[lang]) == list(rc.CHART_NAMES)
        for name, fig in figures[lang].items():
            assert isinstance(fig, Figure) and fig.axes, name
            # Fits the text width of an A4 page.
            assert fig.get_figwidth() <= 7.5, name


@pytest.mark.parametrize("name", rc.CHART_NAMES)
def test_zh_charts_have_chinese_titles(figures, name):
    fig = figures["zh"][name]
    assert CJK.search(fig.get_suptitle())
    # Panel titles, axis labels, tick labels (scenarios, cities) or legend: several in Chinese.
    assert sum(bool(CJK.search(t)) for t in _texts(fig)) >= 3


@pytest.mark.parametrize("name", rc.CHART_NAMES)
def test_en_charts_have_no_chinese_text(figures, name):
    texts = _texts(figures["en"][name])
    assert texts
    assert [t for t in texts if CJK.search(t)] == []


def test_zh_charts_draw_without_missing_glyphs(figures):
    # Rendering (not just building) is when a glyph missing from the CJK font shows up.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fig in figures["zh"].values():  # outside the style context, as in a notebook
            fig.savefig(io.BytesIO(), format="png", dpi=30)
    assert [str(w.message) for w in caught if "missing" in str(w.message).lower()] == []


def test_en_uses_english_scenario_labels(figures):
    titles = _panel_titles(figures["en"]["fan_pilot_regions"])
    assert titles == ["No new measures", "Draft as written (reference)", "All in"]


def test_unknown_language_is_rejected(province):
    with pytest.raises(ValueError, match="zh"):
        rc.fan_chart(province, SCENARIOS, "pilot_regions", TARGETS, "fr")


# ---------------------------------------------------------------- files
def test_pdf_embeds_the_cjk_font(saved):
    pdf = saved[".pdf"].read_bytes()
    base_fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/<>]+)", pdf))
    assert cjk_font().postscript_name.encode() in base_fonts, base_fonts


def test_svg_has_text_as_paths_only(saved):
    svg = saved[".svg"].read_text(encoding="utf-8")
    assert "<text" not in svg and "<path" in svg


def test_png_is_300_dpi(saved):
    assert Image.open(saved[".png"]).info["dpi"] == pytest.approx((300, 300), abs=0.5)


# ---------------------------------------------------------------- input checks
@pytest.mark.parametrize(
    ("chart", "frame", "column"),
    [
        ("fan", "province", "pilot_regions"),
        ("fan", "province", "seed"),
        ("attainment", "attainment", "p_lo"),
        ("paths", "province", "adoption_any"),
        ("city", "adoption", "share"),
        ("cost", "costs", "cost_p95"),
    ],
)
def test_missing_column_is_named(request, chart, frame, column):
    df = request.getfixturevalue(frame).drop(columns=column)
    draw = {
        "fan": lambda d: rc.fan_chart(d, SCENARIOS, "pilot_regions", TARGETS),
        "attainment": lambda d: rc.attainment_chart(d, SCENARIOS),
        "paths": lambda d: rc.adoption_paths_chart(d, SCENARIOS),
        "city": lambda d: rc.city_adoption_chart(d, SCENARIOS),
        "cost": lambda d: rc.cost_effectiveness_chart(d, SCENARIOS),
    }[chart]
    with pytest.raises(ValueError, match=re.escape(repr(column))):
        draw(df)


def test_scenario_without_rows_is_named(costs):
    extra = ScenarioInfo("policy=ghost", "幽灵", "Ghost", 9)
    with pytest.raises(ValueError, match="policy=ghost"):
        rc.cost_effectiveness_chart(costs, [*SCENARIOS, extra])


def test_unknown_metric_is_rejected(province):
    with pytest.raises(ValueError, match="integration_index"):
        rc.fan_chart(province, SCENARIOS, "adoption_any", TARGETS)


# ---------------------------------------------------------------- fan chart
def _checkpoint_lines(ax) -> list[float]:
    return [line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == ":"]


def _reference_lines(ax) -> list:
    return [line for line in ax.get_lines() if line.get_color() == "0.55"]


def test_fan_chart_draws_checkpoints_targets_and_reference(figures, province):
    fig = figures["zh"]["fan_pilot_regions"]
    for ax, scen in zip(fig.axes, SCENARIOS, strict=True):
        assert sorted(_checkpoint_lines(ax)) == [11, 23]  # 2022Q4 and 2025Q4
        assert any(list(line.get_ydata()) == [50, 50] for line in ax.get_lines())
        # The reference median is repeated in every panel but its own.
        assert len(_reference_lines(ax)) == (0 if scen.is_reference else 1)
    ref = province[province["scenario"] == "policy=draft"].groupby("t")["pilot_regions"].median()
    np.testing.assert_allclose(_reference_lines(fig.axes[0])[0].get_ydata(), ref)


def test_fan_integration_target_is_per_scenario_from_the_base_quarter(figures, province):
    fig = figures["en"]["fan_integration_index"]
    for ax, scen in zip(fig.axes, SCENARIOS, strict=True):
        (segments,) = [c.get_segments() for c in ax.collections
                       if isinstance(c, LineCollection) and c.get_segments()]
        (x0, y0), (x1, _) = segments[0]
        # no common-baseline column in this table: from the base quarter 2020Q1 (t = 0)
        rows = province[(province["scenario"] == scen.key) & (province["quarter"] == "2020Q1")]
        assert (x0, x1) == (0, 23)
        assert y0 == pytest.approx(rows["integration_index"].median() + 0.10)


@pytest.mark.parametrize("n", [1, 10])
def test_fan_chart_takes_one_to_ten_scenarios(province, n):
    many = [ScenarioInfo(f"s{i}", f"情景{i}", f"Scenario {i}", i, is_reference=i == 0)
            for i in range(n)]
    base = province[province["scenario"] == "policy=draft"]
    frame = pd.concat([base.assign(scenario=s.key) for s in many], ignore_index=True)
    fig = rc.fan_chart(frame, many, "pilot_enterprises", TARGETS, "en")
    assert _panel_titles(fig)[0] == "Scenario 0 (reference)"
    assert len(_panel_titles(fig)) == n


def test_fan_chart_short_run_skips_checkpoints(province):
    short = province[province["quarter"] <= "2021Q4"]  # 2020Q1..2021Q4
    for metric in rc.FAN_METRICS:
        fig = rc.fan_chart(short, SCENARIOS, metric, TARGETS, "zh")
        assert len(fig.axes) == 3
        assert all(_checkpoint_lines(ax) == [] for ax in fig.axes)
        assert fig.axes[0].get_xlim() == (0, 7)


# ---------------------------------------------------------------- other charts
def test_attainment_marks_unevaluated_targets(figures):
    for lang, word in (("zh", "未评估"), ("en", "not evaluated")):
        fig = figures[lang]["attainment"]
        assert len(fig.axes) == 4
        assert _texts(fig).count(word) == 1
        assert all(ax.get_xlim()[0] < 0 and ax.get_xlim()[1] > 1 for ax in fig.axes)


def test_adoption_paths_tell_scenarios_apart_without_colour(figures):
    fig = figures["zh"]["adoption_paths"]
    assert len(fig.axes) == len(PATHS) + 1
    for ax in fig.axes:
        looks = {(str(line.get_linestyle()), line.get_marker()) for line in ax.get_lines()}
        markers = {line.get_marker() for line in ax.get_lines()}
        assert len(looks) == len(markers) == len(SCENARIOS)


def test_city_chart_uses_chinese_names_and_medians(figures, adoption):
    zh, en = figures["zh"]["city_adoption"], figures["en"]["city_adoption"]
    assert [ax.get_title() for ax in zh.axes] == ["2022Q4", "2025Q4"]
    zh_names = {t.get_text() for t in zh.axes[0].get_yticklabels()}
    assert zh_names == set(CITIES.values())
    assert {t.get_text() for t in en.axes[0].get_yticklabels()} == {c.capitalize()
                                                                    for c in CITIES}
    rows = adoption[(adoption["quarter"] == "2025Q4") & (adoption["path"] == "any")
                    & (adoption["breakdown"] == "city") & (adoption["scenario"] == "policy=none")]
    first_scenario = [line for line in zh.axes[1].get_lines() if line.get_marker() == "o"][0]
    assert sorted(first_scenario.get_xdata()) == pytest.approx(
        sorted(rows.groupby("group")["share"].median()))


def test_city_chart_skips_quarters_outside_the_run(adoption):
    fig = rc.city_adoption_chart(adoption, SCENARIOS, ("2019Q4", "2022Q4"), "en")
    assert [ax.get_title() for ax in fig.axes] == ["2022Q4"]


def test_cost_labels_every_point_without_overlap():
    many = [ScenarioInfo(f"s{i}", f"情景名称{i}", f"Scenario number {i}", i,
                         is_reference=i == 1, is_counterfactual=i == 0) for i in range(8)]
    # Points close together along a shallow line: labels put naively beside their points
    # would overlap (7 overlapping pairs), so this checks the placement really works.
    crowded = pd.DataFrame(
        [(s.key, 20 + 4.0 * k, 15 + 4.0 * k, 28 + 4.0 * k, 0.4 + 0.02 * k, 0.3 + 0.02 * k,
          0.55 + 0.02 * k) for k, s in enumerate(many)],
        columns=["scenario", "cost_median", "cost_p05", "cost_p95", "p_all", "p_all_lo",
                 "p_all_hi"])
    fig = rc.cost_effectiveness_chart(crowded, many, "en")
    fig.draw_without_rendering()
    labels = [a for a in fig.axes[0].texts if isinstance(a, Annotation)]
    assert sorted(a.get_text() for a in labels) == sorted(s.label_en for s in many)
    boxes = [a.get_window_extent() for a in labels]
    inside = fig.axes[0].get_window_extent()
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    assert all(inside.contains(b.x0, b.y0) and inside.contains(b.x1, b.y1) for b in boxes)


def test_cost_tied_scenarios_share_one_label():
    many = [ScenarioInfo(f"s{i}", f"情景{i}", f"Scenario {i}", i, is_reference=i == 1)
            for i in range(6)]
    # Five packages with the same cost and probability (as real sweeps give), one apart.
    tied = pd.DataFrame(
        [(s.key, 37.0 + 0.1 * (k % 5), 36.0, 38.0, 0.0, 0.0, 0.16) for k, s in enumerate(many)],
        columns=["scenario", "cost_median", "cost_p05", "cost_p95", "p_all", "p_all_lo",
                 "p_all_hi"])
    tied.loc[5, ["cost_median", "cost_p05", "cost_p95", "p_all"]] = [70.0, 69.0, 71.0, 1.0]
    fig = rc.cost_effectiveness_chart(tied, many, "en")
    labels = sorted(a.get_text() for a in fig.axes[0].texts if isinstance(a, Annotation))
    assert labels == ["Scenario 0, Scenario 1, Scenario 2\nScenario 3, Scenario 4",
                      "Scenario 5"]


def test_cost_marks_reference_and_counterfactual_apart(figures):
    # Scenario points, not the whisker caps ('|' and '_' markers) of the error bars.
    points = [line for line in figures["en"]["cost_effectiveness"].axes[0].get_lines()
              if len(line.get_xdata()) == 1 and line.get_marker() not in ("|", "_")]
    looks = [(line.get_marker(), str(line.get_markerfacecolor())) for line in points]
    assert len(points) == 3 and len(set(looks)) == 3


# ---------------------------------------------------------------- captions
@pytest.mark.parametrize("name", rc.CHART_NAMES)
def test_captions_in_both_languages_mention_seeds(name):
    cap = rc.caption(name, n_seeds=20, reference=SCENARIOS[1], targets=TARGETS)
    assert set(cap) == {"zh", "en"}
    assert "20个随机种子" in cap["zh"] and "20 random seeds" in cap["en"]
    assert "模型" in cap["zh"] and "model projections" in cap["en"]
    assert CJK.search(cap["zh"]) and not CJK.search(cap["en"])
    assert 1 <= cap["en"].count(". ") + 1 <= 3


def test_caption_names_interval_kinds():
    assert "Wilson" in rc.caption("attainment", n_seeds=5)["en"]
    assert "5%–95%" in rc.caption("fan_pilot_regions", n_seeds=5)["zh"]
    assert "征求意见稿" in rc.caption("fan_pilot_regions", n_seeds=5, reference=SCENARIOS[1])["zh"]
    assert rc.caption("attainment", lang_pair=False, n_seeds=5, lang="en").keys() == {"en"}


def test_caption_needs_seeds_and_a_known_chart():
    with pytest.raises(ValueError, match="n_seeds"):
        rc.caption("attainment")
    with pytest.raises(ValueError, match="fan_pilots"):
        rc.caption("fan_pilots", n_seeds=3)
