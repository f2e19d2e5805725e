"""The model's vocabulary: paths, fields, sizes, kinds, barriers, lever channels, quarters.

Plain names shared by the model, the configs and the analyses; nothing here reads a
config or imports anything outside the standard library.
"""

from __future__ import annotations

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



_QUARTER = re.compile(r"^(20[0-9]{2})Q([1-4])$")


class QuarterError(ValueError):
    """A string that is not a quarter label such as 2021Q3."""


def quarter_index(q: str) -> int:
    """'2020Q1' -> 2020*4 + 0, so quarters subtract to a number of quarters."""
    m = _QUARTER.match(str(q))
    if not m:
        raise QuarterError(f"'{q}' is not a quarter; write it as YYYYQn, e.g. 2021Q3")
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def quarter_label(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"

