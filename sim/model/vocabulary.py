"""The model's vocabulary: paths, fields, sizes, kinds, barriers, lever channels, quarters.

Plain names shared by the model, the configs and the analyses; nothing here reads a
config or imports anything outside the standard library.
"""

from __future__ import annotations

import functools
import re

PATHS = ("digitalization", "flexibilization", "integration", "sharing", "platformization")
PATHS_ZH = ("数字化", "柔性化", "集成化", "共享化", "平台化")
FIELDS = (
    "petrochemicals", "automotive", "life_health", "equipment", "consumer_electronics",
    "light_textiles", "agri_food", "logistics", "ecommerce", "rd_design", "other",
)
FIELDS_ZH = (
    "石油化工", "汽车", "生命健康", "装备制造", "消费电子", "轻纺", "农副产品加工",
    "现代物流", "电商", "研发设计", "其他",
)
SIZES = ("leading", "medium", "small")
SIZES_ZH = ("龙头/大型", "中型", "小微")
KINDS = ("manufacturing", "services")
KINDS_ZH = ("制造业", "服务业")
BARRIERS = ("finance", "land", "talent", "data", "market")
LEVER_GROUPS = ("market", "land", "finance", "data", "talent", "organization")


# The channels through which levers act; ``behaviour.lever_effect`` gives each one's
# effect at intensity 1 (see docs/ODD.md, "Policy levers").
LEVER_CHANNELS = (
    "cost_relief",  # market.equal_treatment: share of adoption cost removed
    "access_relief",  # market.access_relaxation: share of the market-access barrier removed
    "land_relief",  # land.*: share of the land barrier removed
    "credit_relief",  # finance.credit_relief: share of the finance barrier removed
    "data_payoff",  # data.*: pay-off gain of digitalization and platformization
    "talent_relief",  # talent.*: share of the talent barrier removed (after a lag)
    "data_relief",  # data.*: share of the data barrier removed
    "promotion",  # organization.pilot_promotion: gain in application and demonstration
    "platform_support",  # organization.service_platforms: gain in platform building
)


# The published indicator each path's share stands for (docs/ODD.md, "Observables"): the
# share of *manufacturers* that have adopted the path is the model's counterpart of a
# national MIIT 两化融合 indicator (zhejiang-facts.md), recorded as ``indicator_<name>``.
# Service firms have no published counterpart; their shares are ``services_<path>``.
PATH_INDICATORS = {  # path -> (column name, indicator zh, indicator en)
    "digitalization": ("rd_tools_rate", "数字化研发设计工具普及率",
                       "firms using digital R&D design tools"),
    "flexibilization": ("customisation_rate", "开展个性化定制的企业比例",
                        "firms doing personalised customisation"),
    "integration": ("service_manufacturing_rate", "开展服务型制造的企业比例",
                    "firms offering service-oriented manufacturing"),
    "sharing": ("networked_collaboration_rate", "实现网络化协同的企业比例",
                "firms with networked collaboration"),
    "platformization": ("platform_application_rate", "工业互联网平台应用普及率",
                        "industrial-internet platform application rate"),
}


_QUARTER = re.compile(r"^(20[0-9]{2})Q([1-4])$")


class QuarterError(ValueError):
    """A string that is not a quarter label such as 2021Q3."""


@functools.lru_cache(maxsize=512)  # levers ask for the same few labels every quarter
def quarter_index(q: str) -> int:
    """'2020Q1' -> 2020*4 + 0, so quarters subtract to a number of quarters."""
    m = _QUARTER.match(str(q))
    if not m:
        raise QuarterError(f"'{q}' is not a quarter; write it as YYYYQn, e.g. 2021Q3")
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def quarter_label(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"

