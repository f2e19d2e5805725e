"""Display names (zh, en) of the swept parameters, for charts and rules."""

from __future__ import annotations

_BEHAVIOUR = {
    "innovation_p": ("创新系数p", "innovation p"),
    "imitation_q": ("模仿系数q（同伴效应）", "imitation q (peer effect)"),
    "threshold_mean": ("采用门槛均值", "adoption threshold, mean"),
    "threshold_sd": ("采用门槛离散度", "adoption threshold, spread"),
    "digital_complementarity": ("数字化互补性", "digital complementarity"),
    "public_platform_cost_cut": ("公共服务平台降本", "public platform cost cut"),
    "platform_speedup": ("平台加速扩散", "platform speed-up"),
    "platform_cost_cut": ("平台连接降本", "platform cost cut"),
    "platform_capacity.leading": ("平台容量（龙头）", "platform capacity, leading"),
    "platform_capacity.medium": ("平台容量（中型）", "platform capacity, medium"),
    "platform_capacity.small": ("平台容量（小微）", "platform capacity, small"),
    "pilot_demonstration": ("试点示范效应", "pilot demonstration"),
    "abandonment_rate": ("路径放弃率", "abandonment rate"),
    "application_rate": ("企业申报率", "firm application rate"),
    "productivity_gain": ("生产率提升", "productivity gain"),
    "cost_weight": ("成本权重", "cost weight"),
    "region_platform_rate": ("区域平台建设速率", "region platform rate"),
    "region_platform_reference": ("区域平台需求参照", "region platform reference"),
    "demo_saturation": ("示范饱和数", "demonstration saturation"),
    "region_application_rate": ("区域申报率", "region application rate"),
    "talent_lag_quarters": ("人才政策时滞", "talent lag (quarters)"),
    "lever_effect.cost_relief": ("效应：降低成本", "effect: cost relief"),
    "lever_effect.access_relief": ("效应：放宽准入", "effect: market access"),
    "lever_effect.land_relief": ("效应：用地", "effect: land"),
    "lever_effect.credit_relief": ("效应：融资", "effect: credit"),
    "lever_effect.data_payoff": ("效应：数据收益", "effect: data pay-off"),
    "lever_effect.data_relief": ("效应：数据壁垒", "effect: data barrier"),
    "lever_effect.talent_relief": ("效应：人才", "effect: talent"),
    "lever_effect.promotion": ("效应：试点推广", "effect: pilot promotion"),
    "lever_effect.platform_support": ("效应：平台支持", "effect: platform support"),
    "path_fit.scale": ("路径适配度（整表倍数）", "path fit (table ×)"),
    "path_cost_yi.scale": ("路径采用成本（整表倍数）", "path cost (table ×)"),
    "barrier_exposure.scale": ("障碍敏感度（整表倍数）", "barrier exposure (table ×)"),
    "service_share_gain.scale": ("服务化提升（整表倍数）", "service share gain (table ×)"),
    "digital_gain.scale": ("数字成熟度提升（整表倍数）", "digital gain (table ×)"),
}
_WORLD = {
    "manufacturers": ("规上制造业企业数", "above-size manufacturers"),
    "service_firms": ("服务业企业数", "service firms"),
    "zone_firm_share": ("园区企业占比", "share of firms in zones"),
    "county_size_exponent": ("县域规模指数", "county size exponent"),
    "revenue_sigma": ("企业营收离散度", "revenue spread"),
    "baseline_adoption.manufacturing.digitalization": ("初始数字化率（制造业）",
                                                       "baseline digitalization, mfg"),
    "baseline_adoption.manufacturing.flexibilization": ("初始柔性化率（制造业）",
                                                        "baseline flexibilization, mfg"),
    "baseline_adoption.manufacturing.integration": ("初始集成化率（制造业）",
                                                    "baseline integration, mfg"),
    "baseline_adoption.manufacturing.sharing": ("初始共享化率（制造业）",
                                                "baseline sharing, mfg"),
    "baseline_adoption.manufacturing.platformization": ("初始平台化率（制造业）",
                                                        "baseline platformization, mfg"),
    "size_adoption_factor.leading": ("规模采用倍数（龙头）", "size adoption factor, leading"),
    "size_adoption_factor.medium": ("规模采用倍数（中型）", "size adoption factor, medium"),
    "service_share_mean.manufacturing": ("制造业服务收入占比", "services share of mfg revenue"),
    "service_share_mean.services": ("服务业制造相关占比", "mfg-facing share of services"),
    "initial_region_platforms": ("初始区域平台数", "initial region platforms"),
    "capability_loading": ("能力载荷", "capability loading"),
    "hurdle_capability_corr": ("门槛与能力相关", "hurdle–capability correlation"),
    "digital_maturity.base": ("数字成熟度基数", "digital maturity, base"),
    "digital_maturity.adopter": ("数字成熟度（已数字化）", "digital maturity, adopter"),
    "digital_maturity.capability": ("数字成熟度（能力）", "digital maturity, capability"),
    "cross_share_sigma": ("跨业收入离散度", "cross-share spread"),
    "constraint_sd": ("障碍离散度", "barrier spread"),
    "revenue_yi.scale": ("企业营收（整表倍数）", "revenue (table ×)"),
    "baseline_adoption.services.scale": ("服务业初始采用率（整表倍数）",
                                         "baseline adoption, services (table ×)"),
    "platform_firm_share.scale": ("平台企业占比（整表倍数）", "platform firm share (table ×)"),
}
_GROUPS = {"market": ("市场环境", "market"), "land": ("用地", "land"),
           "finance": ("金融财政", "finance"), "data": ("数据", "data"),
           "talent": ("人才", "talent"), "organization": ("组织推进", "organization")}


def parameter_label(name: str, lang: str) -> str:
    i = 0 if lang == "zh" else 1
    for prefix, table in (("behaviour.", _BEHAVIOUR), ("world.", _WORLD)):
        if name.startswith(prefix) and name[len(prefix):] in table:
            return table[name[len(prefix):]][i]
    parts = name.split(".")
    if len(parts) == 4 and parts[0] == "policy" and parts[2] == "*" and parts[1] in _GROUPS:
        group = _GROUPS[parts[1]][i]
        return f"政策力度：{group}" if lang == "zh" else f"lever intensity: {group}"
    if name == "policy.fund.budget_yi":
        return "专项资金（亿元）" if lang == "zh" else "special fund (亿元)"
    return name


def labels_for(names: list[str]) -> dict[str, tuple[str, str]]:
    return {n: (parameter_label(n, "zh"), parameter_label(n, "en")) for n in names}
