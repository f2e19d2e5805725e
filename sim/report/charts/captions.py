"""Bilingual (zh/en) captions of the report charts."""

from __future__ import annotations

from collections.abc import Mapping

from sim.config.schema import TargetsConfig
from sim.labels import check_lang
from sim.outcomes import INTEGRATION, PILOT_ENTERPRISES, PILOT_REGIONS
from sim.report.charts.style import CHART_NAMES, target_setting

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
    lang = check_lang(context.get("lang", "zh"))
    return {lang: out[lang]}


def _caption_fields(context: Mapping) -> dict:
    targets = context.get("targets") or TargetsConfig()
    ref = context.get("reference")
    quarters = tuple(context.get("quarters") or ("2022Q4", "2025Q4"))
    return {
        "n": int(context["n_seeds"]),
        "r22": float(target_setting(targets, PILOT_REGIONS.threshold_key)),
        "e22": float(target_setting(targets, PILOT_ENTERPRISES.threshold_key)),
        "c22": target_setting(targets, "checkpoint_2022"),
        "c25": target_setting(targets, "checkpoint_2025"),
        "base": target_setting(targets, INTEGRATION.base_key),
        "rise": float(target_setting(targets, INTEGRATION.threshold_key)),
        "ref_zh": f"；灰色细虚线为参照情景（{ref.label_zh}）的中位数" if ref else "",
        "ref_en": f"; the thin grey dashed line repeats the median of the reference scenario "
                  f"({ref.label_en})" if ref else "",
        "quarters_zh": "、".join(quarters),
        "quarters_en": " and ".join(quarters),
    }
