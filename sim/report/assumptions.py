"""The assumptions a comparison rests on: values, allowed ranges, and cautions.

The list is curated: the behavioural parameters and policy settings the ODD's assumption
register marks as most influential, read from the reference scenario's resolved config,
named in Chinese and English, with the plausible range the configs document (what
sensitivity studies sample), not the schema's wider accepted range.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import get_type_hints

from sim.config.schema import SimConfig
from sim.report.compare import Comparison

KEY_ASSUMPTIONS = (
    "behaviour.imitation_q", "behaviour.innovation_p",
    "behaviour.threshold_mean", "behaviour.pilot_demonstration", "behaviour.application_rate",
    "behaviour.region_application_rate", "behaviour.abandonment_rate",
    "policy.fund.budget_yi", "policy.fund.subsidy_rate",
    "policy.pilots.enterprise_min_paths", "policy.pilots.enterprise_min_cross_share",
    "policy.pilots.region_min_platforms", "policy.pilots.region_min_adoption",
    "targets.integration_rise_2025", "world.firms_per_agent", "run.replicates",
)
LEVER_EFFECT_PREFIX = "behaviour.lever_effect."


def _schema_meta(dotted: str) -> tuple[str, str]:
    """(range text, description) of a key from the schema's field metadata, if any."""
    node: object = SimConfig
    meta: dict = {}
    for part in dotted.split("."):
        if not (isinstance(node, type) and is_dataclass(node)):
            return "", ""
        f = {x.name: x for x in fields(node)}.get(part)
        if f is None:
            return "", ""
        # sim.config uses postponed annotations: resolve the field's type by name.
        meta, node = dict(f.metadata), get_type_hints(node).get(part)
    lo_hi = meta.get("range")
    return (f"{lo_hi[0]:g}–{lo_hi[1]:g}" if lo_hi else ""), meta.get("doc", "")


def _get(config: dict, dotted: str) -> object:
    node: object = config
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# Plausible ranges of keys that have no sweep range in configs/world or behaviour:
# key -> (lo, hi, where the range is documented).
_PLAUSIBLE = {
    "policy.fund.budget_yi": (0.0, 60.0, "configs/experiment/discovery.yaml, policy_search.yaml"),
    "targets.integration_rise_2025": (0.05, 0.10, "configs/config.yaml (targets)"),
}
_EXTRA_LABELS = {  # (zh, en) of keys the parameter labels do not name
    "policy.fund.subsidy_rate": ("专项资金补贴比例", "fund subsidy rate"),
    "policy.pilots.enterprise_min_paths": ("试点企业最少融合路径数", "pilot firms: min. paths"),
    "policy.pilots.enterprise_min_cross_share": ("试点企业跨业收入占比门槛",
                                                 "pilot firms: min. cross-sector share"),
    "policy.pilots.region_min_platforms": ("试点区域最少公共服务平台数",
                                           "pilot regions: min. platforms"),
    "policy.pilots.region_min_adoption": ("试点区域企业融合比例门槛",
                                          "pilot regions: min. adoption share"),
    "targets.integration_rise_2025": ("2025年融合水平提升目标", "2025 integration rise target"),
    "world.firms_per_agent": ("每个主体代表的企业数", "firms per agent"),
    "run.replicates": ("随机种子数", "replicate seeds"),
}


def _label(key: str) -> tuple[str, str]:
    from sim.labels import parameter_label

    if key in _EXTRA_LABELS:
        return _EXTRA_LABELS[key]
    zh, en = parameter_label(key, "zh"), parameter_label(key, "en")
    return (zh, en) if zh != key else (key, _schema_meta(key)[1] or key)


def plausible_range(config: dict, key: str) -> tuple[str, str]:
    """(range text, where documented): the configs' sweep range of a world or behaviour
    key, a documented range for a few policy/target keys, else none."""
    section, _, rest = key.partition(".")
    bounds = (_get(config, f"{section}.ranges") or {}).get(rest) if section in (
        "world", "behaviour") else None
    if bounds:
        return f"{bounds[0]:g}–{bounds[1]:g}", f"configs/{section} (ranges)"
    if key in _PLAUSIBLE:
        lo, hi, where = _PLAUSIBLE[key]
        return f"{lo:g}–{hi:g}", where
    return "–", ""


def assumption_rows(c: Comparison) -> list[dict]:
    """One row per key assumption: its name in Chinese and English, the key, the value in
    the reference scenario, and its plausible range (the range studies sample, as the
    configs document it; not the wider range the schema accepts)."""
    config = c.sweep.configs[c.reference]
    keys = list(KEY_ASSUMPTIONS) + [LEVER_EFFECT_PREFIX + ch for ch in sorted(
        _get(config, "behaviour.lever_effect") or {})]
    rows = []
    for key in keys:
        zh, en = _label(key)
        plausible, where = plausible_range(config, key)
        rows.append({"参数": zh, "parameter": en, "key": key, "取值 value": _get(config, key),
                     "合理范围 plausible range": plausible, "出处 documented in": where})
    return rows


def cautions(c: Comparison) -> list[tuple[str, str]]:
    """(zh, en) warnings the reader must see before using the numbers."""
    out = [("概率区间只反映模型随机性（随机种子），不含参数不确定性；参数取值范围见 docs/ODD.md 假设登记表。",
            "Intervals reflect randomness across seeds only, not uncertainty in the "
            "parameters; the parameters' ranges are in the assumptions register of docs/ODD.md.")]
    config = c.sweep.configs[c.reference]
    k = _get(config, "world.firms_per_agent") or 1
    if k > 1:
        out.append((f"每个主体代表{k}家企业：缩放世界中试点数量偏低，概率请用 firms_per_agent=1。",
                    f"Each agent stands for {k} firms: scaled worlds bias pilot counts low; "
                    "use world.firms_per_agent=1 for probabilities."))
    n = int(c.table["seeds"].min())
    if n < 20:
        out.append((f"每个情景仅{n}个随机种子，达标概率较粗（区间很宽）。",
                    f"Only {n} seeds per scenario: probabilities are coarse (wide intervals)."))
    if c.unpaired_seeds:
        out.append((f"{c.unpaired_seeds}个种子并非所有情景共有：配对差只用共同种子。",
                    f"{c.unpaired_seeds} seeds are not shared by every scenario: paired "
                    "differences use the common seeds only."))
    if c.sweep.missing_jobs:
        names = ", ".join(j["key"] for j in c.sweep.missing_jobs)
        out.append((f"扫描未完成：{len(c.sweep.missing_jobs)}个情景没有结果（{names}）。",
                    f"Incomplete sweep: {len(c.sweep.missing_jobs)} scenarios have no "
                    f"results ({names})."))
    if c.sweep.mixed_versions:
        out.append(("各情景由不同版本的代码或软件包计算，差异可能来自版本而非政策："
                    + c.sweep.mixed_versions,
                    "Scenarios were computed with different code or package versions; "
                    "differences may come from the versions, not the policies: "
                    + c.sweep.mixed_versions))
    if c.sweep.counterfactual is None:
        out.append(("扫描中没有“无新增措施”情景，无法计算每增加一个试点的成本。",
                    "No no-policy scenario in this sweep: cost per extra pilot is not "
                    "computed."))
    return out
