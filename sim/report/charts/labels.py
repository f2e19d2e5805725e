"""Chart names and the bilingual (zh/en) labels of the report charts."""

from __future__ import annotations

from sim.analysis.charts import LABELS as BASE_LABELS
from sim.analysis.charts import _check_lang
from sim.model.vocabulary import PATHS

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
    """A label of the report charts, falling back to the house LABELS of sim.analysis.charts."""
    table = REPORT_LABELS if key in REPORT_LABELS else BASE_LABELS
    return table[key][_check_lang(lang)]
