"""Every display label of the project, in Chinese and English, in one place.

Outcome labels (targets, fiscal cost) are declared with the outcomes in
:mod:`sim.outcomes`; this module holds the rest: chart texts, the names of swept
parameters, and the display names of a sweep's scenarios.
"""

from __future__ import annotations

LANGS = ("zh", "en")


def check_lang(lang: str) -> str:
    """``lang`` if it is a known language, else a ValueError naming the allowed ones."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


# ---------------------------------------------------------------- chart texts
CHART_LABELS: dict[str, dict[str, str]] = {
    "title_pilots": {"zh": "两业融合试点推进情况（模拟）", "en": "Integration pilots (simulated)"},
    "pilot_regions": {"zh": "试点区域", "en": "Pilot regions"},
    "pilot_enterprises": {"zh": "试点企业", "en": "Pilot enterprises"},
    "integration_index": {"zh": "融合发展水平指数", "en": "Integration index"},
    "title_coupling": {"zh": "两业耦合度C、综合发展水平T与耦合协调度D（模拟）",
                       "en": "Coupling C, development T and coordination D (simulated)"},
    "coupling_C": {"zh": "耦合度 C", "en": "Coupling C"},
    "development_T": {"zh": "综合发展水平 T", "en": "Development T"},
    "index_D": {"zh": "耦合协调度 D", "en": "Coordination degree D"},
    "target_rise_base": {"zh": "目标：共同基线 +{rise:g}", "en": "Target: common baseline + {rise:g}"},
    "target": {"zh": "目标", "en": "Target"},
    "median": {"zh": "中位数", "en": "Median"},
    "band": {"zh": "5%–95%区间", "en": "5–95% band"},
    "checkpoint": {"zh": "考核节点", "en": "Checkpoint"},
    "quarter": {"zh": "季度", "en": "Quarter"},
    "count": {"zh": "数量", "en": "Count"},
    "seeds": {"zh": "n={n}（随机种子）", "en": "n={n} seeds"},
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
    "frontier_title": {"zh": "政策组合搜索：财政成本与三项目标同时达成概率（模拟）",
              "en": "Policy search: fiscal cost and P(all three targets met) (simulated)"},
    "frontier_x": {"zh": "累计财政支出（亿元，{n}个随机种子的中位数；各组合种子相同）",
          "en": "Cumulative fiscal cost (CNY 100 million, median over {n} seeds, the same "
                "for every package)"},
    "frontier_y": {"zh": "三项目标同时达成概率", "en": "P(all three targets met)"},
    "frontier_trials": {"zh": "候选组合（试验）", "en": "Candidate packages (trials)"},
    "frontier_frontier": {"zh": "帕累托前沿（非劣组合）",
                 "en": "Pareto frontier (non-dominated)"},
    "frontier_threshold": {"zh": "阈值 P≥{t:.2f}", "en": "Threshold P ≥ {t:.2f}"},
    "frontier_best": {"zh": "最低成本达标组合", "en": "Cheapest package meeting the threshold"},
    "frontier_best_miss": {"zh": "达成概率最高组合（未达阈值）",
                  "en": "Highest-P package (below the threshold)"},
    "frontier_best_note": {"zh": "试验#{n}：{c:.1f}亿元，P={p:.2f}",
                  "en": "trial #{n}: {c:.1f} (CNY 100 million), P = {p:.2f}"},
    "frontier_whisker": {"zh": "竖线：概率95% Wilson区间", "en": "Bars: 95% Wilson interval"},
    "tornado_title_sobol": {"zh": "全局敏感性分析：Sobol指数（模拟）",
                            "en": "Global sensitivity: Sobol indices (simulated)"},
    "tornado_title_morris": {"zh": "敏感性筛选：Morris指数（模拟）",
                             "en": "Screening: Morris indices (simulated)"},
}
# Column head of "every target met" in the comparison tables (zh, en).
ALL_TARGETS_LABEL = ("全部目标", "All targets")


def chart_label(key: str, lang: str) -> str:
    """A chart text in ``lang`` (see :data:`CHART_LABELS`)."""
    return CHART_LABELS[key][check_lang(lang)]


# ---------------------------------------------------------------- swept parameters
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
    "service_path_fit.scale": ("服务业路径适配度（整表倍数）", "service path fit (table ×)"),
    "service_path_cost_yi.scale": ("服务业路径采用成本（整表倍数）",
                                   "service path cost (table ×)"),
    "service_barrier_exposure.scale": ("服务业障碍敏感度（整表倍数）",
                                       "service barrier exposure (table ×)"),
    "manufacturing_share_gain.scale": ("服务业制造化提升（整表倍数）",
                                       "services' mfg-facing share gain (table ×)"),
    "service_digital_gain.scale": ("服务业数字成熟度提升（整表倍数）",
                                   "service digital gain (table ×)"),
    "contract_mfg_fit_gain": ("研发设计/电商向代工与品牌制造延伸：收益",
                              "contract/brand manufacturing (R&D, e-commerce): pay-off"),
    "contract_mfg_share_gain": ("研发设计/电商向代工与品牌制造延伸：制造收入",
                                "contract/brand manufacturing: mfg-facing revenue"),
    "supply_chain_fit_gain": ("物流向供应链集成延伸：收益",
                              "logistics into supply-chain integration: pay-off"),
    "supply_chain_share_gain": ("物流向供应链集成延伸：制造收入",
                                "logistics into supply-chain integration: mfg-facing revenue"),
}
_WORLD = {
    "manufacturers": ("规上制造业企业数", "above-size manufacturers"),
    "service_firms": ("服务业企业数", "service firms"),
    "zone_firm_share": ("园区企业占比", "share of firms in zones"),
    "key_field_boost": ("重点领域县集聚倍数", "key-field county density"),
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
# The provincial programme's swept settings (configs/programme/provincial.yaml ranges).
_POLICY = {
    "pilots.region_quota_per_year": ("试点区域年度批次名额", "pilot regions per yearly batch"),
    "pilots.enterprise_quota_per_year": ("试点企业年度批次名额",
                                         "pilot enterprises per yearly batch"),
    "pilots.region_zone_share": ("批次中园区占比上限", "max share of zones in a batch"),
    "pilots.region_min_adoption": ("区域申报最低采用率", "region criterion: adoption share"),
    "pilots.region_min_platforms": ("区域申报最低平台数", "region criterion: platforms"),
    "pilots.enterprise_min_paths": ("企业申报最少路径数", "enterprise criterion: paths"),
    "pilots.enterprise_min_cross_share": ("企业申报最低跨业收入占比",
                                          "enterprise criterion: cross-sector share"),
    "pilots.region_score_weights.adoption": ("区域评分权重：采用率", "region score weight: adoption"),
    "pilots.region_score_weights.platforms": ("区域评分权重：平台", "region score weight: platforms"),
    "pilots.enterprise_score_weights.paths": ("企业评分权重：路径", "enterprise score weight: paths"),
    "pilots.enterprise_score_weights.cross_share": ("企业评分权重：跨业收入",
                                                    "enterprise score weight: cross share"),
    "pilots.revoke_drop": ("评估撤销分数降幅", "score drop that revokes a pilot"),
    "land_use.quota_mu_per_year": ("年度用地指标（亩）", "yearly land quota (mu)"),
    "fund.per_adoption_cap_yi": ("单项补助上限（亿元）", "fund cap per adoption (亿元)"),
}
_GROUPS = {"market": ("市场环境", "market"), "land": ("用地", "land"),
           "finance": ("金融财政", "finance"), "data": ("数据", "data"),
           "talent": ("人才", "talent"), "organization": ("组织推进", "organization")}


def parameter_label(name: str, lang: str) -> str:
    i = 0 if lang == "zh" else 1
    for prefix, table in (("behaviour.", _BEHAVIOUR), ("world.", _WORLD), ("policy.", _POLICY)):
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


# ---------------------------------------------------------------- scenarios of a sweep
def _budget(v: str) -> tuple[str, str]:
    yi = float(v)
    return f"专项资金{yi:g}亿元", f"Fund ¥{yi / 10:g} bn ({yi:g} 亿元)"


def _delay(v: str) -> tuple[str, str]:
    q = int(v)
    if q == 0:
        return "按期实施", "On schedule"
    if q < 0:
        return f"提前{-q}个季度", f"{-q} quarter{'s' if q < -1 else ''} earlier"
    return f"推迟{q}个季度", f"{q} quarter{'s' if q > 1 else ''} later"


# Known swept keys get a readable name; any other key shows as key=value.
_KNOWN = {
    "policy.fund.budget_yi": _budget,
    "policy.delay_quarters": _delay,
}


def scenario_labels(job: dict, config: dict) -> tuple[str, str]:
    """(zh, en) label of a sweep job from its swept values and resolved config."""
    policy = config.get("policy", {})
    policy_zh = policy.get("label_zh") or policy.get("name", "")
    policy_en = policy.get("label_en") or policy.get("name", "")
    swept = job.get("swept") or {}
    if job.get("counterfactual") or not swept:
        return policy_zh, policy_en
    zh, en = [], []
    for key, value in swept.items():
        if key == "policy":
            zh.append(policy_zh)
            en.append(policy_en)
        elif key in _KNOWN:
            a, b = _KNOWN[key](value)
            zh.append(a)
            en.append(b)
        else:
            zh.append(f"{key}={value}")
            en.append(f"{key}={value}")
    return "，".join(zh), ", ".join(en)


# ---------------------------------------------------------------- map texts (sim.maps)
# What a map can show: (zh title, en title, zh legend with unit, en legend with unit).
_PATHS_EN_ZH = (("digitalization", "数字化"), ("flexibilization", "柔性化"),
                ("integration", "集成化"), ("sharing", "共享化"),
                ("platformization", "平台化"))
MAP_VALUES: dict[str, tuple[str, str, str, str]] = {
    **{f"adoption_{p}": (f"采用{zh}路径的企业占比", f"Share of firms on the {p} path",
                         "企业占比（%）", "Share of firms (%)") for p, zh in _PATHS_EN_ZH},
    "adoption_any": ("采用任一融合路径的企业占比", "Share of firms on any integration path",
                     "企业占比（%）", "Share of firms (%)"),
    "integration_index": ("两业融合发展水平指数 D", "Integration index D",
                          "耦合协调度 D（0–1）", "Coupling-coordination degree D (0–1)"),
    "pilot_regions": ("试点区域", "Pilot regions", "试点区域（个）", "Pilot regions (number)"),
    "pilot_enterprises": ("试点企业", "Pilot enterprises", "试点企业（家）",
                          "Pilot enterprises (number)"),
    "pilot_region": ("被认定为试点区域的概率", "Probability of being a pilot region",
                     "概率（随机种子占比）", "Probability (share of seeds)"),
}
MAP_LABELS: dict[str, dict[str, str]] = {
    "simulated": {"zh": "模拟结果", "en": "SIMULATED"},
    "county_level": {"zh": "县（市、区）", "en": "by county"},
    "city_level": {"zh": "设区市", "en": "by city"},
    "data_note": {"zh": "数据：{quarter}，{n}个随机种子的{stat}；模型结果，非统计数据",
                  "en": "Data: {quarter}, {stat} over {n} seeds; model output, not statistics"},
    "median": {"zh": "中位数", "en": "median"},
    "mean": {"zh": "均值", "en": "mean"},
    "no_data": {"zh": "无数据", "en": "no data"},
    "difference": {"zh": "{b} 减 {a}：{what}", "en": "{b} minus {a}: {what}"},
    "diff_legend": {"zh": "差值（{unit}）", "en": "Difference ({unit})"},
    "diff_note": {"zh": "数据：{quarter}，{n}个相同随机种子的配对差均值；斜线：95%区间含0",
                  "en": "Data: {quarter}, mean paired difference over the same {n} seeds; "
                        "hatched: 95% interval includes 0"},
    "not_significant": {"zh": "95%区间含0", "en": "95% interval includes 0"},
}


def map_label(key: str, lang: str) -> str:
    """A map text in ``lang`` (see :data:`MAP_LABELS`)."""
    return MAP_LABELS[key][check_lang(lang)]


def map_value_label(value: str, lang: str) -> tuple[str, str]:
    """(title, legend with unit) of a mapped column in ``lang``."""
    if value not in MAP_VALUES:
        raise ValueError(f"no map of '{value}'; known: {', '.join(MAP_VALUES)}")
    zh_t, en_t, zh_u, en_u = MAP_VALUES[value]
    return (zh_t, zh_u) if check_lang(lang) == "zh" else (en_t, en_u)


# ---------------------------------------------------------------- the explorer (sim.explore)
# The twelve levers, by group (configs/policy/*.yaml), zh and en.
LEVER_LABELS: dict[str, tuple[str, str]] = {
    "market.equal_treatment": ("两业同等待遇（价格、要素）", "equal treatment of the two sectors"),
    "market.access_relaxation": ("放宽准入与资质", "relaxed market access"),
    "land.mixed_use": ("混合用地", "mixed land use"),
    "land.flexible_lease": ("弹性供地", "flexible land lease"),
    "finance.credit_relief": ("融资支持", "credit relief"),
    "finance.special_fund": ("专项资金补助", "special fund subsidies"),
    "data.public_data": ("公共数据开放", "public data"),
    "data.data_market": ("数据要素市场", "data market"),
    "talent.composite_talent": ("复合型人才评价", "composite talent"),
    "talent.vocational_training": ("职业技能培训", "vocational training"),
    "organization.pilot_promotion": ("试点宣传推广", "pilot promotion"),
    "organization.service_platforms": ("公共服务平台", "public service platforms"),
}
EXPLORE_LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "两业融合政策模拟器", "en": "Integration policy explorer"},
    "whatif": {"zh": "情景推演", "en": "What if"},
    "compare": {"zh": "已存比较", "en": "Saved sweeps"},
    "step": {"zh": "逐季运行", "en": "Step through"},
    "package": {"zh": "起始政策包", "en": "Start from package"},
    "intensity": {"zh": "力度", "en": "intensity"},
    "start": {"zh": "起始季度", "en": "start"},
    "fund": {"zh": "专项资金（亿元）", "en": "Special fund (亿元)"},
    "quotas": {"zh": "试点名额与申报条件", "en": "Pilot quotas and criteria"},
    "run": {"zh": "运行", "en": "Run"},
    "running": {"zh": "运行中……", "en": "Running…"},
    "scale": {"zh": "缩放世界：每个主体代表{w}家企业，{n}次运行（{sets}组参数×{m}个种子），"
                    "参照情景用相同种子；已算过的运行取自运行库",
              "en": "Scaled world: one agent per {w} firms, {n} runs ({sets} parameter sets × "
                    "{m} seeds); the reference runs on the same seeds; finished runs come from "
                    "the run store"},
    "p_target": {"zh": "目标达成概率（95% Wilson区间）",
                 "en": "P(target met) (95% Wilson interval)"},
    "target": {"zh": "目标", "en": "Target"},
    "current": {"zh": "当前设置", "en": "Current settings"},
    "reference": {"zh": "参照政策包", "en": "Reference package"},
    "difference": {"zh": "差值", "en": "Difference"},
    "download_policy": {"zh": "下载政策文件（YAML）", "en": "Download policy file (YAML)"},
    "save_policy": {"zh": "保存到 configs/policy/", "en": "Save into configs/policy/"},
    "saved": {"zh": "已保存：{path}", "en": "Saved: {path}"},
    "policy_name": {"zh": "政策文件名", "en": "Policy file name"},
    "command": {"zh": "全规模复现命令", "en": "Command to reproduce at full scale"},
    "map_value": {"zh": "地图指标", "en": "Map"},
    "map_level": {"zh": "地图层级", "en": "Map level"},
    "county": {"zh": "县（市、区）", "en": "County"},
    "city": {"zh": "设区市", "en": "City"},
    "diff_map": {"zh": "与参照政策包之差", "en": "Difference from the reference"},
    "folder": {"zh": "结果文件夹", "en": "Results folder"},
    "none_found": {"zh": "results/ 下没有找到比较或研究文件夹",
                   "en": "No sweep or study folder found under results/"},
    "files": {"zh": "文件", "en": "Files"},
    "play": {"zh": "播放", "en": "Play"},
    "pause": {"zh": "暂停", "en": "Pause"},
    "step_once": {"zh": "单步", "en": "Step"},
    "reset": {"zh": "重置", "en": "Reset"},
    "quarter_now": {"zh": "当前季度：{q}", "en": "Quarter: {q}"},
    "language": {"zh": "English", "en": "中文"},
    "simulated_note": {"zh": "所有数字均为模型模拟结果，非统计数据。",
                       "en": "Every number is a model simulation, not a statistic."},
}


def explore_label(key: str, lang: str) -> str:
    """A text of the explorer in ``lang`` (see :data:`EXPLORE_LABELS`)."""
    return EXPLORE_LABELS[key][check_lang(lang)]
