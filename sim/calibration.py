"""Calibration check: the model's 2020 starting state against the published figures.

`python -m sim.calibration [overrides...]` (or `make calibration ARGS="..."`) builds the
world and runs the first quarters for a few seeds, and compares every figure of
``shared/design/zhejiang-facts.md`` with its counterpart in the model. Each row says
whether the figure was used to set a config value ("calibrated"), is only compared with
what the model produces ("checked"), or has no counterpart ("not represented", with the
reason), so no figure is silently skipped. docs/calibration.md explains the rows and
how to re-fit the world when new figures arrive.

``FACTS`` holds the figures with their sources as cited in the facts file; ``MODEL``
holds the model's counterpart of each. Money is in 亿元 (100 million yuan), shares in 0-1.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config import KINDS, PATHS, SIZES, SimConfig
from sim.metrics import GRADES_ZH, coupling_coordination, grade
from sim.world import World, build_world

NAN = float("nan")


@dataclass(frozen=True)
class Fact:
    key: str
    figure: str
    figure_zh: str
    value: float  # the published figure in `unit`; NaN: none published
    unit: str
    year: str
    source: str  # as cited in zhejiang-facts.md


CITY_OUTPUT_YI = {  # above-size industrial gross output 2020, 亿元 (163.com, see below)
    "ningbo": ("宁波", 17608.6), "hangzhou": ("杭州", 14309.2), "jiaxing": ("嘉兴", 10158.0),
    "shaoxing": ("绍兴", 6741.5), "wenzhou": ("温州", 5288.3), "taizhou": ("台州", 5188.3),
    "huzhou": ("湖州", 4830.9), "jinhua": ("金华", 4382.2), "quzhou": ("衢州", 1867.0),
    "zhoushan": ("舟山", 1532.1), "lishui": ("丽水", 1429.6),
}
TIERS = {1: ("hangzhou", "ningbo", "jiaxing", "jinhua", "huzhou"),
         2: ("wenzhou", "shaoxing", "taizhou", "quzhou"), 3: ("zhoushan", "lishui")}
_HZ = "en.hangzhou.com.cn/Business/content/2021-08/23/content_8040423.html"
_ZHU = "朱宏任, Nov 2017"
_XH = "Xinhua, 2020-01-18"
_INDEX = "zhejiang-facts.md, integration-level index (Chinese 两业融合 studies)"

FACTS: tuple[Fact, ...] = (
    # Administrative geography
    Fact("cities", "prefecture-level cities", "地级市", 11, "cities", "—", "standard"),
    Fact("counties", "county-level units", "县级行政区", 90, "units", "~2020",
         "qy.nongcun5.com/shenghuo/25312.html"),
    Fact("industrial_counties", "industrial counties", "工业县", 45, "counties", "2025",
         "reportify.cn/news/1206733629837938688"),
    Fact("mountain_counties", "mountain counties (less developed)", "山区县", 26, "counties",
         "2020", "m.olppe.com/caijing/20250107/07147860.html"),
    Fact("zone_bodies", "development-zone management bodies after consolidation",
         "整合后开发区管理机构", 134, "bodies", "~2021", "zj.021cf.cn/index.php/post/2543.html"),
    Fact("zones_national", "national economic & technological development zones",
         "国家级经济技术开发区", 22, "zones", "~2021", "zj.021cf.cn/index.php/post/2543.html"),
    Fact("zones_provincial", "provincial development zones", "省级开发区", 77, "zones", "~2021",
         "zj.021cf.cn/index.php/post/2543.html"),
    # Economy 2019-2020
    Fact("gdp", "GDP", "地区生产总值", 64600, "亿元", "2020", "196s.com/topic/1588922.html"),
    Fact("gdp_growth", "GDP growth", "GDP增速", 0.036, "share per year", "2020",
         "196s.com/topic/1588922.html"),
    Fact("services_va", "services value added", "服务业增加值", 36000, "亿元", "2020",
         "fzggw.zj.gov.cn/art/2021/7/15/art_1229123366_2311445.html"),
    Fact("services_share", "services share of GDP", "服务业占GDP比重", 0.558, "share", "2020",
         "fzggw.zj.gov.cn/art/2021/7/15/art_1229123366_2311445.html"),
    Fact("kis_share", "knowledge-intensive share of services", "知识密集型服务业占比", 0.356,
         "share", "2020", "fzggw.zj.gov.cn/art/2021/7/15/art_1229123366_2311445.html"),
    Fact("mfg_va", "manufacturing value added (lower bound)", "制造业增加值", 20000, "亿元",
         "2020", "浙政发〔2021〕20号 (kelionline.com/industries/detail/15806/172)"),
    Fact("labour_productivity", "labour productivity, above-size manufacturing",
         "规上制造业全员劳动生产率", 23.5, "万元 per person", "2020",
         "浙政发〔2021〕20号 (kelionline.com/industries/detail/15806/172)"),
    Fact("rd_intensity", "R&D / revenue, above-size manufacturing", "规上制造业研发投入强度",
         0.028, "share", "2020", "浙政发〔2021〕20号 (kelionline.com/industries/detail/15806/172)"),
    Fact("above_size_va", "above-size industry value added", "规上工业增加值", 16700, "亿元",
         "2020", "en.sx.gov.cn/art/2021/2/3/art_1501262_57916028.html"),
    Fact("above_size_output", "above-size industry gross output", "规上工业总产值", 77700,
         "亿元", "2020", "en.sx.gov.cn/art/2021/2/3/art_1501262_57916028.html"),
    Fact("profit_margin", "above-size industry profit margin", "规上工业营业收入利润率", 0.071,
         "share", "2020", "en.sx.gov.cn/art/2021/2/3/art_1501262_57916028.html"),
    Fact("digital_core", "digital-economy core industries value added (10.0% of GDP)",
         "数字经济核心产业增加值", 6229, "亿元", "2019", "xing528.com/lilun/1069377.html"),
    Fact("mfg_enterprises", "manufacturing enterprises (all sizes)", "制造业企业（全部规模）",
         562000, "firms", "2020", _HZ),
    Fact("small_micro", "small and micro firms", "小微企业", 2250000, "firms", "2020", _HZ),
    Fact("digital_firms", "digital-economy firms (7.6% of all firms)", "数字经济企业", 205000,
         "firms", "2020", _HZ),
    Fact("iip_platforms", "provincial industrial-internet platforms", "省级工业互联网平台", 65,
         "platforms", "end 2019", _XH),
    Fact("cloud_firms", "firms using industrial cloud (lower bound)", "上云企业", 350000,
         "firms", "end 2019", _XH),
    Fact("iti_index", "两化融合 index, 11-city average", "两化融合发展指数（11市平均）", 86.55,
         "index points", "2019", "fx361.cc/page/2020/0706/6838621.shtml"),
    *(Fact(f"tier{t}", f"两化融合 tier-{t} cities ({', '.join(c.title() for c in names)})",
           f"两化融合第{'一二三'[t - 1]}梯队城市", len(names), "cities", "2019",
           "fx361.cc/page/2020/0706/6838621.shtml") for t, names in TIERS.items()),
    Fact("servitization_rank", "national rank in service-oriented manufacturing",
         "服务型制造区域发展指数全国排名", 1, "rank", "2020", "cititic.com/news/mm/1519676-20201109.htm"),
    # Above-size industrial gross output by city, 2020
    *(Fact(f"output_{c}", f"above-size industrial output, {c.title()}",
           f"规上工业总产值（{zh}）", v, "亿元", "2020", "163.com/dy/article/G9J53DU80534MJWS.html")
      for c, (zh, v) in CITY_OUTPUT_YI.items()),
    Fact("output_total", "above-size industrial output, province total (city table)",
         "规上工业总产值（全省）", 77695.4, "亿元", "2020", "163.com/dy/article/G9J53DU80534MJWS.html"),
    # Comparable pilot programmes
    Fact("ndrc_regions", "national NDRC pilot regions, first two batches", "国家两业融合试点区域",
         40, "regions", "2020-22", "Xinhua, 2022-09-15"),
    Fact("ndrc_enterprises", "national NDRC pilot enterprises, first two batches",
         "国家两业融合试点企业", 80, "enterprises", "2020-22", "Xinhua, 2022-09-15"),
    Fact("anhui_regions", "Anhui pilot regions, first batch", "安徽省首批试点区域", 16, "regions",
         "—", "dingqianjf.com/news/show/134/1492904_0.html"),
    Fact("anhui_enterprises", "Anhui pilot enterprises, first batch", "安徽省首批试点企业", 24,
         "enterprises", "—", "dingqianjf.com/news/show/134/1492904_0.html"),
    Fact("jiangsu_regions", "Jiangsu regional pilots, first batch", "江苏省首批区域试点", 15,
         "regions", "—", "hi-town.cn/ParkDynamic/ParkDynamicDetail/712"),
    Fact("zj_regions_start", "Zhejiang provincial pilot regions at the start",
         "浙江省两业融合试点区域（起点）", 0, "regions", "2020",
         "policy-digest.md §1, not in zhejiang-facts.md: the draft creates the provincial pilots"),
    Fact("zj_enterprises_start", "Zhejiang provincial pilot enterprises at the start",
         "浙江省两业融合试点企业（起点）", 0, "enterprises", "2020",
         "policy-digest.md §1, not in zhejiang-facts.md: the draft creates the provincial pilots"),
    # Literature on adoption dynamics
    Fact("bass_p", "Bass innovation coefficient p", "Bass创新系数p", 0.03, "per year", "—",
         "Sultan, Farley & Lehmann 1990 meta-analysis"),
    Fact("bass_q", "Bass imitation coefficient q", "Bass模仿系数q", 0.38, "per year", "—",
         "Sultan, Farley & Lehmann 1990 meta-analysis"),
    Fact("watts_threshold", "adoption threshold, share of adopting peers", "采纳阈值（同伴采纳比例）",
         0.18, "share", "—", "Watts 2002"),
    Fact("platform_speedup", "speed-up of SME diffusion by information platforms",
         "信息平台对中小企业技术扩散的加速", 0.5, "share", "—", "Shi, Zeng et al. 2020, arXiv 2004.11536"),
    # Baseline adoption of the five paths (national MIIT indicators)
    Fact("digital_rd_tools", "digital R&D design tools in use", "数字化研发设计工具普及率", 0.693,
         "share of firms", "mid-2019", "MIIT, SCIO press conference, Sep 2019"),
    Fact("nc_rate_2019", "key processes numerically controlled, 2019", "关键工序数控化率（2019）",
         0.495, "share", "2019", "MIIT press conferences"),
    Fact("nc_rate_2020", "key processes numerically controlled, 2020", "关键工序数控化率（2020）",
         0.521, "share", "2020", "MIIT press conferences"),
    Fact("networked", "firms with networked collaboration", "实现网络化协同的企业比例", 0.301,
         "share of firms", "2017", _ZHU),
    Fact("service_mfg", "firms offering service-oriented manufacturing", "开展服务型制造的企业比例",
         0.223, "share of firms", "2017", _ZHU),
    Fact("customisation", "firms doing personalised customisation", "开展个性化定制的企业比例",
         0.067, "share of firms", "2017", _ZHU),
    Fact("iip_rate", "industrial-internet platform application rate", "工业互联网平台应用普及率",
         0.1467, "share of firms", "2020", "NIISDC platform data map"),
    Fact("servitized_cn", "servitized manufacturers, China (Neely, OSIRIS)", "服务化制造企业比例（中国）",
         0.193, "share of firms", "2011", "Min, Wang & Luo 2015 (AJIBM), citing Neely et al."),
    Fact("servitized_us", "servitized manufacturers, US (Neely, OSIRIS)", "服务化制造企业比例（美国）",
         0.551, "share of firms", "2011", "Min, Wang & Luo 2015 (AJIBM), citing Neely et al."),
    Fact("sharing_2019", "shared production-capacity transactions, 2019", "生产能力共享交易额（2019）",
         9205, "亿元", "2019", "State Information Center sharing-economy reports"),
    Fact("sharing_2020", "shared production-capacity transactions, 2020", "生产能力共享交易额（2020）",
         10848, "亿元", "2020", "State Information Center sharing-economy reports"),
    # Integration-level index
    Fact("index_start", "integration level D at the start (no Zhejiang value published)",
         "两业融合耦合协调度（起点）", NAN, "D (0-1)", "2020", _INDEX + ": method only"),
    Fact("grade_start", "grade of D at the start (no Zhejiang value published)",
         "耦合协调等级（起点）", NAN, "grade (0-9)", "2020", _INDEX + ": method only"),
    Fact("index_weights", "weight a of U1 in T = a·U1 + b·U2 (a = b = 0.5)", "发展度权重a",
         0.5, "weight", "—", _INDEX),
    Fact("index_grades", "grades of width 0.1 of D", "协调等级（宽0.1）", 10, "grades", "—",
         _INDEX),
    Fact("clearly_improved", "'clearly improved': D rises by at least one grade", "“明显提高”",
         0.1, "rise of D", "2025", _INDEX),
)

CALIBRATED = "calibrated: set from this figure"
CHECKED = "checked: emerges from the model"
NOT_REPRESENTED = "not represented"
STATUSES = (CALIBRATED, CHECKED, NOT_REPRESENTED)
WORLD, Q1, Q4, Y21, CONFIG, CODE = ("world build", "run: 2020Q1 row", "run: 2020Q4 row",
                                    "run: 2021Q4 row", "config", "code")
RUN_END = "2021Q4"  # the last quarter any row reads; runs stop there to stay fast
SHARE_ROUNDING = 0.005  # the config rounds the MIIT shares to at most this


@dataclass
class Observation:
    """One seed: the world as built and (optionally) the run's tables up to RUN_END."""

    cfg: SimConfig
    world: World
    province: pd.DataFrame | None  # indexed by quarter label
    adoption: pd.DataFrame | None


Measure = Callable[[Observation], float]
Tolerance = Callable[[list[Observation], float, float], float]  # (obs, value, model value)


@dataclass(frozen=True)
class Counterpart:
    fact: str
    status: str
    quantity: str  # what model_value is; for "not represented": the reason
    when: str = "—"
    measure: Measure | None = None
    keys: str = ""  # config keys the figure pins (calibrated) or that produce the value
    tolerance: Tolerance | None = None  # calibrated rows only, in the row's unit
    note: str = ""


def _exact(obs: list[Observation], value: float, model: float) -> float:
    return 0.0


def _share_tolerance(kind: str) -> Tolerance:
    """Config rounding plus 4 sd of Bernoulli sampling of the seed-mean share."""
    def tol(obs: list[Observation], value: float, model: float) -> float:
        f = obs[0].world.firms
        n = int((f.kind == KINDS.index(kind)).sum()) * len(obs)
        return SHARE_ROUNDING + 4 * math.sqrt(max(model * (1 - model), 1e-12) / n)
    return tol


def _revenue_sd(obs: Observation) -> float:
    """Standard deviation of one agent's revenue (亿元): lognormal per size, mixed."""
    w = obs.cfg.world
    share = np.array([w.size_shares[s] for s in SIZES])
    share = share / share.sum()
    median = np.array([w.revenue_yi[s] for s in SIZES])
    mean = (share * median).sum() * math.exp(w.revenue_sigma**2 / 2)
    second = (share * median**2).sum() * math.exp(2 * w.revenue_sigma**2)
    return math.sqrt(second - mean**2)


def _revenue_tolerance(city: str | None) -> Tolerance:
    """5% for the hand-tuned revenue medians plus 4 sd of the seed-mean sum of revenue."""
    def tol(obs: list[Observation], value: float, model: float) -> float:
        f = obs[0].world.firms
        n = int(_manufacturers_in(obs[0], city).sum())
        return 0.05 * value + 4 * f.weight * _revenue_sd(obs[0]) * math.sqrt(n / len(obs))
    return tol


def _manufacturers_in(o: Observation, city: str | None) -> np.ndarray:
    f = o.world.firms
    mask = f.kind == KINDS.index("manufacturing")
    return mask if city is None else mask & (f.city == o.world.cities.index(city))


def _revenue(city: str | None) -> Measure:
    return lambda o: float(o.world.firms.revenue_yi[_manufacturers_in(o, city)].sum()
                           * o.world.firms.weight)


def _world_share(kind: str, path: str) -> Measure:
    k, j = KINDS.index(kind), PATHS.index(path)
    return lambda o: float(o.world.firms.adopted[o.world.firms.kind == k, j].mean())


def _row(column: str, quarter: str) -> Measure:
    return lambda o: float(o.province.loc[quarter, column])


def _kind_share(kind: str, path: str, quarter: str) -> Measure:
    def measure(o: Observation) -> float:
        a = o.adoption
        rows = a[(a["breakdown"] == "kind") & (a["group"] == kind) & (a["path"] == path)
                 & (a["quarter"] == quarter)]
        return float(rows["share"].iloc[0])
    return measure


def _tier(t: int) -> Measure:
    return lambda o: float(sum(c.name in TIERS[t] and c.informatization_tier == t
                               for c in o.cfg.world.cities))


def _cal(fact, quantity, when, measure, keys, tolerance, note="") -> Counterpart:
    return Counterpart(fact, CALIBRATED, quantity, when, measure, keys, tolerance, note)


def _chk(fact, quantity, when, measure, keys, note="") -> Counterpart:
    return Counterpart(fact, CHECKED, quantity, when, measure, keys, None, note)


def _no(fact, reason) -> Counterpart:
    return Counterpart(fact, NOT_REPRESENTED, reason)


_MFG = "manufacturing"
_BASE = "world.baseline_adoption.manufacturing."
_REV_KEYS = "world.revenue_yi, world.revenue_sigma, world.size_shares, world.manufacturers"
_ABOVE_SIZE = "the model holds only above-size firms (world.manufacturers, world.service_firms)"
_NO_VA = "firms carry revenue, not value added; the model has no value-added accounts"

MODEL: tuple[Counterpart, ...] = (
    _cal("cities", "cities in the world named as in the facts file", WORLD,
         lambda o: float(sum(c in CITY_OUTPUT_YI for c in o.world.cities)), "world.cities",
         _exact),
    _cal("counties", "county regions", WORLD, lambda o: float(o.world.n_counties),
         "world.cities[*].counties", _exact,
         "districts, county-level cities and counties are not told apart"),
    _no("industrial_counties", "counties carry no industrial-county flag (only GDP rank-size)"),
    _no("mountain_counties", "counties are synthetic (rank-size GDP); no development class"),
    _no("zone_bodies", "only the 22 national + 77 provincial zones are regions (ODD §9.7)"),
    _cal("zones_national", "national zones", WORLD,
         lambda o: float(o.world.regions.is_national_zone.sum()), "world.zones_national", _exact),
    _cal("zones_provincial", "provincial zones", WORLD,
         lambda o: float((o.world.regions.is_zone & ~o.world.regions.is_national_zone).sum()),
         "world.zones_provincial", _exact),
    _chk("gdp", "sum of county GDP (from the city GDPs)", WORLD,
         lambda o: float(np.nansum(o.world.regions.gdp_yi)), "world.cities[*].gdp_yi",
         "city GDPs come from the cities' 2020 communiqués and are used only as shares"),
    _no("gdp_growth", "no macro growth: revenue grows only with adoption (ODD §9.11)"),
    _no("services_va", _NO_VA),
    _no("services_share", _NO_VA),
    _no("kis_share", _NO_VA + "; service fields are counted in firms"),
    _no("mfg_va", _NO_VA),
    _no("labour_productivity", "firms have no employment"),
    _no("rd_intensity", "firms have no R&D spending"),
    _no("above_size_va", _NO_VA),
    _cal("above_size_output", "manufacturers' revenue", WORLD, _revenue(None), _REV_KEYS,
         _revenue_tolerance(None), "revenue medians chosen so mean revenue ≈ output / firms"),
    _no("profit_margin", "firms have no profit or cost accounts"),
    _no("digital_core", _NO_VA + "; no digital-economy sector"),
    _no("mfg_enterprises", _ABOVE_SIZE),
    _no("small_micro", _ABOVE_SIZE + "; 'small' is the small class of above-size firms"),
    _no("digital_firms", _ABOVE_SIZE + "; no digital-economy sector"),
    _no("iip_platforms", "no provincial platforms reaching across cities (ODD §9.16); "
        "a loose anchor of world.initial_region_platforms"),
    _no("cloud_firms", _ABOVE_SIZE + "; cloud use is not a firm state"),
    _no("iti_index", "the model's index D is a different index on a 0-1 scale; only the "
        "city tiers are used"),
    *(_cal(f"tier{t}", f"listed cities with informatization_tier = {t}", CONFIG, _tier(t),
           "world.cities[*].informatization_tier", _exact) for t in TIERS),
    _no("servitization_rank", "one province, no other provinces to rank; it only justifies "
        "national values as the low end of the adoption ranges"),
    *(_cal(f"output_{c}", f"manufacturers' revenue in {c.title()}", WORLD, _revenue(c),
           f"world.cities[{c}].industrial_output_yi (share); world.revenue_yi (level)",
           _revenue_tolerance(c), "manufacturers spread over cities in proportion to output")
      for c in CITY_OUTPUT_YI),
    _cal("output_total", "manufacturers' revenue", WORLD, _revenue(None),
         "world.cities[*].industrial_output_yi; " + _REV_KEYS, _revenue_tolerance(None),
         "revenue medians chosen so mean revenue ≈ output / firms"),
    _no("ndrc_regions", "national programme over all provinces; only Zhejiang's is modelled"),
    _no("ndrc_enterprises", "national programme over all provinces; only Zhejiang's is "
        "modelled"),
    _chk("anhui_regions", "pilot regions designated in the 2020Q4 and 2021Q4 reviews", Y21,
         _row("designated_regions_cum", RUN_END), "policy.pilots.region_*",
         "pilot bars set by eye so the first sizeable batch is of this order (ODD §9.6)"),
    _chk("anhui_enterprises", "pilot enterprises designated in the 2020Q4 and 2021Q4 reviews",
         Y21, _row("designated_enterprises_cum", RUN_END), "policy.pilots.enterprise_*",
         "pilot bars set by eye so the first sizeable batch is of this order (ODD §9.6)"),
    _chk("jiangsu_regions", "pilot regions designated in the 2020Q4 and 2021Q4 reviews", Y21,
         _row("designated_regions_cum", RUN_END), "policy.pilots.region_*",
         "pilot bars set by eye so the first sizeable batch is of this order (ODD §9.6)"),
    _cal("zj_regions_start", "pilot regions in place", Q1, _row("pilot_regions", "2020Q1"),
         "policy.pilots.first_review", _exact,
         "assumption: national NDRC pilots in Zhejiang are not counted"),
    _cal("zj_enterprises_start", "pilot enterprises in place", Q1,
         _row("pilot_enterprises", "2020Q1"), "policy.pilots.first_review", _exact,
         "assumption: national NDRC pilots in Zhejiang are not counted"),
    _cal("bass_p", "behaviour.innovation_p", CONFIG, lambda o: o.cfg.behaviour.innovation_p,
         "behaviour.innovation_p", _exact, "literature value; range 0.01-0.06"),
    _cal("bass_q", "behaviour.imitation_q", CONFIG, lambda o: o.cfg.behaviour.imitation_q,
         "behaviour.imitation_q", _exact, "literature value; range 0.2-0.6"),
    _no("watts_threshold", "the threshold is a pay-off hurdle (behaviour.threshold_mean), "
        "not a share of adopting peers"),
    _cal("platform_speedup", "behaviour.platform_speedup", CONFIG,
         lambda o: o.cfg.behaviour.platform_speedup, "behaviour.platform_speedup", _exact,
         "literature value; range 0.25-0.75"),
    _chk("digital_rd_tools", "share of manufacturers with digitalization", WORLD,
         _world_share(_MFG, "digitalization"), _BASE + "digitalization",
         "set from the NC rate (49.5%); this figure is the top of the range 0.50-0.70"),
    _cal("nc_rate_2019", "share of manufacturers with digitalization", WORLD,
         _world_share(_MFG, "digitalization"), _BASE + "digitalization",
         _share_tolerance(_MFG), "national value, Zhejiang likely above: range 0.50-0.70"),
    _chk("nc_rate_2020", "share of manufacturers with digitalization", Q4,
         _kind_share(_MFG, "digitalization", "2020Q4"), _BASE + "digitalization; behaviour.*",
         "one year of model dynamics (with the policy's first two quarters)"),
    _cal("networked", "share of manufacturers with sharing", WORLD, _world_share(_MFG, "sharing"),
         _BASE + "sharing", _share_tolerance(_MFG), "national 2017 value; range 0.30-0.45"),
    _cal("service_mfg", "share of manufacturers with integration", WORLD,
         _world_share(_MFG, "integration"), _BASE + "integration", _share_tolerance(_MFG),
         "national 2017 value; range 0.22-0.35"),
    _cal("customisation", "share of manufacturers with flexibilization", WORLD,
         _world_share(_MFG, "flexibilization"), _BASE + "flexibilization",
         _share_tolerance(_MFG), "national 2017 value; range 0.067-0.15"),
    _cal("iip_rate", "share of manufacturers with platformization", WORLD,
         _world_share(_MFG, "platformization"), _BASE + "platformization",
         _share_tolerance(_MFG), "national 2020 value; range 0.147-0.25"),
    _chk("iip_rate", "share of all firms connected to a platform", Q1,
         _row("platform_connected_share", "2020Q1"),
         "behaviour.platform_capacity, world.platform_firm_share",
         "loose anchor: platform_capacity gives ~0.23 = this rate plus e-commerce and "
         "logistics platforms (assumption)"),
    _chk("servitized_cn", "share of manufacturers with integration", WORLD,
         _world_share(_MFG, "integration"), _BASE + "integration",
         "set from 22.3% (2017); an older, narrower measure"),
    _no("servitized_us", "the model has no US firms"),
    _no("sharing_2019", "sharing is a firm's path; no transaction volumes (national figure)"),
    _no("sharing_2020", "sharing is a firm's path; no transaction volumes (national figure)"),
    _chk("index_start", "index D, end of the first quarter", Q1,
         _row("integration_index", "2020Q1"), "sim/metrics.py; world.*",
         "no published value to compare with; equal, not entropy, weights (ODD §9.1)"),
    _chk("index_start", "index D, base of the 2025 target", Q4,
         _row("integration_index", "2020Q4"), "targets.integration_base",
         "includes two quarters of the policy's levers (ODD §9.2)"),
    _chk("grade_start", "grade of D (5 = 勉强协调), mean over seeds", Q1,
         lambda o: float(grade(o.province.loc["2020Q1", "integration_index"])), "sim/metrics.py"),
    _cal("index_weights", "a in sim.metrics.coupling_coordination", CODE,
         lambda o: float(coupling_coordination(1.0, 0.0)[1]), "sim/metrics.py", _exact),
    _cal("index_grades", "grades in sim.metrics", CODE, lambda o: float(len(GRADES_ZH)),
         "sim/metrics.py", _exact),
    _cal("clearly_improved", "targets.integration_rise_2025", CONFIG,
         lambda o: o.cfg.targets.integration_rise_2025, "targets.integration_rise_2025", _exact,
         "assumption: one full grade; range 0.05-0.10"),
)

# Starting values the model needs but the facts file does not give (ODD §8.1):
# (quantity, config key, range the config comment gives, model value at world build).
UNSOURCED: tuple[tuple[str, str, str, Measure], ...] = (
    ("above-size manufacturers (firms)", "world.manufacturers", "45,000-52,000",
     lambda o: float((o.world.firms.kind == 0).sum() * o.world.firms.weight)),
    ("above-size service firms (firms)", "world.service_firms", "25,000-50,000",
     lambda o: float((o.world.firms.kind == 1).sum() * o.world.firms.weight)),
    ("share of firms in a development zone", "world.zone_firm_share", "0.3-0.7",
     lambda o: float((o.world.firms.zone >= 0).mean())),
    *((f"share of service firms with {p}", f"world.baseline_adoption.services.{p}",
       "±50%", _world_share("services", p)) for p in PATHS),
)


def _config_value(cfg: SimConfig, dotted: str) -> object:
    node: object = cfg
    for part in dotted.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


def observe(cfg: SimConfig, seed: int, run: bool = True) -> Observation:
    """The world of ``seed`` as built and, if ``run``, the run's tables from 2020Q1 to
    RUN_END (quarters do not depend on a later end, so this is the run's start)."""
    from sim.run import run_replicate  # imports mesa

    world = build_world(cfg.world, np.random.default_rng(seed))  # the model's first draws
    if not run:
        return Observation(cfg, world, None, None)
    short = replace(cfg, run=replace(cfg.run, start="2020Q1", end=RUN_END))
    tables = run_replicate(short, seed)
    return Observation(cfg, world, tables["province"].set_index("quarter"),
                       tables["adoption"])


def calibration_table(cfg: SimConfig, seeds: list[int], run: bool = True) -> pd.DataFrame:
    """One row per figure of the facts file (and per model counterpart of it); model
    values are means over ``seeds``. ``run=False`` skips the runs (their rows get NaN)."""
    return table_from([observe(cfg, s, run) for s in seeds])


def table_from(obs: list[Observation]) -> pd.DataFrame:
    facts = {f.key: f for f in FACTS}
    rows = []
    for c in sorted(MODEL, key=lambda c: list(facts).index(c.fact)):
        f = facts[c.fact]
        needs_run = c.when.startswith("run")
        usable = c.measure is not None and not (needs_run and obs[0].province is None)
        model = _mean([c.measure(o) for o in obs]) if usable else NAN
        diff = model - f.value
        tol = c.tolerance(obs, f.value, model) if c.tolerance and usable else NAN
        rows.append({
            "fact": f.key, "figure": f.figure, "figure_zh": f.figure_zh, "source": f.source,
            "year": f.year, "unit": f.unit, "value": f.value,
            "model_quantity": "" if c.status == NOT_REPRESENTED else c.quantity,
            "when": c.when if c.measure else "—", "model_value": model, "difference": diff,
            "relative_difference": diff / abs(f.value) if f.value else NAN,
            "tolerance": tol,
            "within_tolerance": pd.NA if math.isnan(tol) else bool(abs(diff) <= tol + 1e-9),
            "status": c.status, "config_keys": c.keys,
            "note": c.quantity if c.status == NOT_REPRESENTED else c.note,
        })
    table = pd.DataFrame(rows)
    table["within_tolerance"] = table["within_tolerance"].astype("boolean")
    return table


def _mean(values: list[float]) -> float:
    """Mean over seeds; a value equal in every seed is kept exactly (no float noise)."""
    return float(values[0]) if len(set(values)) == 1 else float(np.mean(values))


def unsourced_table(obs: list[Observation]) -> pd.DataFrame:
    """Assumed starting values: config value, its range, and the built world's value."""
    return pd.DataFrame([{"quantity": q, "config_key": k,
                          "config_value": _config_value(obs[0].cfg, k),
                          "assumption_range": r, "when": WORLD,
                          "model_value": _mean([m(o) for o in obs])}
                         for q, k, r, m in UNSOURCED])


# ---------------------------------------------------------------- output
def _fmt(x: object) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    if isinstance(x, int | float | np.number):
        ax = abs(float(x))
        return f"{x:,.0f}" if ax >= 1000 else f"{x:.4g}"
    return str(x).replace("|", "/")


def markdown_table(df: pd.DataFrame, formats: dict[str, Callable] | None = None) -> str:
    formats = formats or {}
    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    for _, r in df.iterrows():
        lines.append("| " + " | ".join(formats.get(c, _fmt)(r[c]) for c in df.columns) + " |")
    return "\n".join(lines)


def _pct(x: object) -> str:
    return "—" if x is None or x is pd.NA or math.isnan(x) else f"{x:+.1%}"


def _status_cell(df: pd.DataFrame) -> pd.Series:
    short = df["status"].str.split(":").str[0]
    return short.where(df["status"] != NOT_REPRESENTED, short + ": " + df["note"])


def markdown(table: pd.DataFrame) -> str:
    """The headline table: figure, real value, model value, difference and status."""
    view = table.assign(status=_status_cell(table))[
        ["figure", "figure_zh", "unit", "value", "model_quantity", "model_value", "difference",
         "relative_difference", "within_tolerance", "when", "status", "source"]]
    return markdown_table(view, {"relative_difference": _pct})


def report(table: pd.DataFrame, unsourced: pd.DataFrame, header: dict[str, str]) -> str:
    notes = table[table["status"] != NOT_REPRESENTED][
        ["figure", "model_quantity", "config_keys", "tolerance", "note"]]  # reasons: above
    meta = "\n".join(f"- {k}: {v}" for k, v in header.items())
    return (f"# Calibration check: the 2020 starting state against zhejiang-facts.md\n\n"
            f"{meta}\n\n## Figures\n\n{markdown(table)}\n\n"
            f"## What each model value is\n\n{markdown_table(notes)}\n\n"
            f"## Starting values with no figure in the facts file (assumptions)\n\n"
            f"{markdown_table(unsourced)}\n")


def write_outputs(table: pd.DataFrame, text: str, folder: Path) -> Path:
    """Write calibration.csv and calibration.md into the new ``folder``: built in a hidden
    staging folder, renamed into place; an existing folder with files is refused."""
    from sim.outputs import OutputExistsError, commit_folder, staging_folder

    if folder.exists() and any(folder.iterdir()):
        raise OutputExistsError(f"{folder} already holds files; refusing to overwrite it")
    staging = staging_folder(folder)
    table.to_csv(staging / "calibration.csv", index=False)
    (staging / "calibration.md").write_text(text, encoding="utf-8")
    return commit_folder(staging, folder)


def new_folder(root: Path) -> Path:
    """``root/<date-time>``, or ``-2``, ``-3``... if that name is taken."""
    base = root / datetime.now().strftime("%Y%m%d-%H%M%S")
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


REPO = Path(__file__).resolve().parent.parent


def git_commit(repo: Path = REPO) -> str:
    """The checked-out commit, read from .git (no git process is started)."""
    try:
        head = (repo / ".git" / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:7]
        ref = head[5:]
        loose = repo / ".git" / ref
        if loose.exists():
            return loose.read_text().strip()[:7]
        for line in (repo / ".git" / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line[:7]
    except OSError:
        pass
    return "unknown"


DEFAULT_OVERRIDES = ["policy=draft", "run.replicates=3"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sim.calibration",
        description="Compare the model's 2020 starting state with zhejiang-facts.md; "
                    "writes <run.output_root>/calibration/<date-time>/calibration.{csv,md}.")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, after the defaults "
                        f"{' '.join(DEFAULT_OVERRIDES)}; run.replicates = number of seeds")
    overrides = [*DEFAULT_OVERRIDES, *parser.parse_args(argv).overrides]

    from hydra import compose, initialize_config_dir

    from sim.cli import CONFIG_DIR, explain, fail
    from sim.outputs import OutputExistsError
    from sim.run import replicate_seeds
    from sim.validation import to_typed

    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = to_typed(compose("config", overrides=overrides))
    except Exception as exc:  # one line for the analyst, exit 2
        fail(explain(exc, overrides))
    seeds = replicate_seeds(cfg.run.seed, cfg.run.replicates)
    obs = [observe(cfg, s) for s in seeds]
    table = table_from(obs)
    header = {"date": datetime.now().strftime("%Y-%m-%d %H:%M"), "commit": git_commit(),
              "command": "python -m sim.calibration " + " ".join(overrides),
              "seeds": ", ".join(map(str, seeds)),
              "firms per agent": str(cfg.world.firms_per_agent)}
    folder = new_folder(Path(cfg.run.output_root) / "calibration")
    try:
        write_outputs(table, report(table, unsourced_table(obs), header), folder)
    except OutputExistsError as exc:
        fail(str(exc))
    print(markdown(table))
    print(folder)  # last line: where the files are
    return 0


if __name__ == "__main__":
    sys.exit(main())
