"""The published figures of ``shared/design/zhejiang-facts.md`` (``FACTS``), with sources."""

from __future__ import annotations

from dataclasses import dataclass

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
