"""What every column of a results table means, in Chinese beside the contract's English.

The columns, their units and English meanings are declared once, in the results contract
(``sim/results.py`` TABLES); this module adds the Chinese unit and meaning of each, and
fills the Chinese label columns (``group_zh``, ``path_zh``) of the adoption table. Together
they are written beside the data in every results folder (``data_dictionary.csv``) and
stored as field metadata in the Parquet files (``unit``, ``unit_zh``, ``en``, ``zh``).
A declared column without a Chinese entry fails the tests (tests/test_office_files.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.model.recorder import REGION_GROUPS
from sim.model.vocabulary import (
    FIELDS,
    FIELDS_ZH,
    KINDS,
    KINDS_ZH,
    PATH_INDICATORS,
    PATHS,
    PATHS_ZH,
    SIZES,
    SIZES_ZH,
)
from sim.outcomes import FISCAL_COST_COLUMNS

# Chinese unit and meaning by column name. The English unit and meaning are the results
# contract's (sim/results.py TABLES, handed in by its writer); only the Chinese label
# columns added here carry their own English.
_COMMON = {
    "scenario": ("", "情景（覆盖项）"),
    "seed": ("", "随机种子（同一种子在各情景间配对）"),
    "parameter_set": ("", "该次运行所用参数组（后验模式下的编号；-1 = 固定参数）"),
    "t": ("季度", "自模拟起始季度起的季度序号（0 = 起始季度）"),
    "quarter": ("", "季度（年份Q季度）"),
}
PROVINCE = {
    **_COMMON,
    "pilot_regions": ("个", "在册试点区域数（县市区与开发区）"),
    "pilot_regions_counties": ("个", "在册试点区域中的县（市、区）"),
    "pilot_regions_zones": ("个", "在册试点区域中的开发区"),
    "pilot_enterprises": ("家", "在册试点企业数（实际企业数）"),
    "pilot_enterprises_manufacturing": ("家", "在册试点企业中的制造业企业（制造业向服务业延伸）"),
    "pilot_enterprises_services": ("家", "在册试点企业中的服务业企业（服务业向制造业拓展）"),
    "pilot_regions_mountain": ("个", "在册试点区域中的山区26县"),
    "pilot_regions_qianyi": ("个", "在册试点区域中的千亿级县"),
    "candidate_enterprises": ("家", "本季度评审时符合条件的企业"),
    "applied_enterprises": ("家", "本季度评审时申报的企业"),
    "candidate_regions": ("个", "本季度评审时符合条件的区域"),
    "applied_regions": ("个", "本季度评审时申报的区域"),
    "enterprise_quota_bound": ("是/否", "本季度评审中企业批次名额不足、有申报者落选"),
    "region_quota_bound": ("是/否", "本季度评审中区域批次名额不足、有申报者落选"),
    "review": ("是/否", "本季度是否开展试点评审"),
    "designated_regions_cum": ("个", "累计认定试点区域"),
    "designated_enterprises_cum": ("家", "累计认定试点企业"),
    "new_pilot_enterprises": ("家", "本季度新认定试点企业"),
    "revoked_pilot_enterprises": ("家", "本季度撤销试点企业"),
    "new_pilot_regions": ("个", "本季度新认定试点区域"),
    "revoked_pilot_regions": ("个", "本季度撤销试点区域"),
    "integration_index": ("0–1", "两业融合发展水平（耦合协调度D = √(C·T)）"),
    "integration_index_base": ("0–1", "初始世界的融合发展水平D（融合目标的共同基期；同一种子各方案相同）"),
    "U1": ("0–1", "制造业子系统综合发展水平U1"),
    "U2": ("0–1", "服务业子系统综合发展水平U2"),
    "coupling_C": ("0–1", "耦合度C（两子系统发展的协调程度）"),
    "development_T": ("0–1", "综合发展指数T（U1与U2的加权和）"),
    "fiscal_spend_yi": ("亿元", "本季度财政支出（专项资金补贴+试点奖励）"),
    # The fiscal cost's columns, named by sim.outcomes (their one owner besides the contract).
    **dict(zip(FISCAL_COST_COLUMNS, (("亿元", "累计专项资金补贴"), ("亿元", "累计试点奖励")),
               strict=True)),
    "fund_remaining_yi": ("亿元", "专项资金余额"),
    "additional_subsidy_cum_yi": ("亿元", "累计补贴中带来额外采用（无补贴则不会发生，期望值）的部分"),
    "land_used_cum_mu": ("亩", "累计因成本减免而采用所使用的建设用地"),
    "forgone_tax_cum_yi": ("亿元", "累计因成本减免而放弃的税收"),
    "economic_cost_cum_yi": ("亿元", "累计经济成本：财政投入加其他政策工具的影子价格成本"),
    "subsidy_rate": ("比例", "本季度补贴占采用成本的比例"),
    "platform_connected_share": ("比例", "接入平台的企业占比"),
    "region_platforms_mean": ("个", "区域平均公共服务平台数（共5类）"),
    "adoption_any": ("比例", "采用任一融合路径的企业占比"),
}
for _p, _zh in zip(PATHS, PATHS_ZH, strict=True):
    PROVINCE[f"adoption_{_p}"] = ("比例", f"采用{_zh}路径的企业占比")
    PROVINCE[f"services_{_p}"] = ("比例", f"服务业企业中采用{_zh}路径的占比")
    PROVINCE[f"indicator_{PATH_INDICATORS[_p][0]}"] = (
        "比例", f"制造业企业：{PATH_INDICATORS[_p][1]}（与公开统计指标同口径）")
# The index's linkage indicators (sim.model.metrics INDICATORS_U1/U2) and their entropy
# weights, and the index of each region group.
_INDICATORS_ZH = {
    "U1_service_revenue_share": "制造业企业服务收入占比（÷0.5，上限1）",
    "U1_servitized": "开展服务型制造（集成解决方案路径）的制造业企业占比",
    "U1_platform_links": "接入平台（使用生产性服务）的制造业企业占比",
    "U2_manufacturing_revenue_share": "服务业企业面向制造业的收入占比（÷0.5，上限1）",
    "U2_manufacturing_extension": "向制造环节延伸（代工、品牌制造、供应链集成）的服务业企业占比",
    "U2_platform_services": "运营平台或平台化的服务业企业占比",
}
for _k, _zh in _INDICATORS_ZH.items():
    PROVINCE[_k] = ("0–1", _zh)
    PROVINCE[f"weight_{_k}"] = ("权重", f"熵值法权重：{_zh}（以2020Q1各设区市截面计算，全程固定）")
# The region groups (sim.model.recorder.REGION_GROUPS) in Chinese, for the index by group
# and the adoption table's labels.
REGION_GROUPS_ZH = dict(zip(REGION_GROUPS, ("山区26县", "千亿级县", "开发区"), strict=True))
for _g, _gzh in REGION_GROUPS_ZH.items():
    PROVINCE[f"integration_index_{_g}"] = ("0–1", f"{_gzh}两业融合发展水平D")
    PROVINCE[f"coupling_C_{_g}"] = ("0–1", f"{_gzh}耦合度C")
    PROVINCE[f"development_T_{_g}"] = ("0–1", f"{_gzh}综合发展指数T")
CITY = {
    **_COMMON,
    "city": ("", "设区市（拼音）"),
    "city_zh": ("", "设区市"),
    "integration_index": ("0–1", "该市两业融合发展水平D"),
    "U1": ("0–1", "该市制造业子系统发展水平U1"),
    "U2": ("0–1", "该市服务业子系统发展水平U2"),
    "coupling_C": ("0–1", "该市耦合度C"),
    "development_T": ("0–1", "该市综合发展指数T"),
    "pilot_regions": ("个", "该市在册试点区域"),
    "pilot_enterprises": ("家", "该市在册试点企业"),
}
ADOPTION = {
    **_COMMON,
    "breakdown": ("", "分组方式：all 全省、kind 产业（融合方向）、field 重点领域、size 规模、"
                      "city 设区市、region_group 区域类型（山区26县、千亿级县、开发区；可重叠）"),
    "group": ("", "分组名称"),
    "path": ("", "融合路径（any = 任一路径）"),
    "adopters": ("家", "采用该路径的企业数（实际企业数）"),
    "firms": ("家", "组内企业总数（实际企业数）"),
    "share": ("比例", "采用企业占比 = adopters / firms"),
    "group_zh": ("", "分组名称（中文）"),
    "path_zh": ("", "融合路径（中文）"),
}
TABLES = {"province": PROVINCE, "city": CITY, "adoption": ADOPTION}
Declared = Mapping[str, Sequence]  # table -> columns with .name, .unit, .meaning


def describe(table: str, column: str, declared: Declared | None = None
             ) -> tuple[str, str, str, str] | None:
    """(unit zh, meaning zh, unit en, meaning en) of a column, or None if it has no
    Chinese entry or no declaration in the contract."""
    zh = TABLES.get(table, {}).get(column)
    en = {c.name: c for c in (declared or {}).get(table, ())}.get(column)
    if zh is None or (declared is not None and en is None):
        return None
    return zh[0], zh[1], (en.unit if en else ""), (en.meaning if en else "")


def dictionary_frame(tables: dict[str, pd.DataFrame],
                     declared: Declared | None = None) -> pd.DataFrame:
    """One row per table × column: unit and meaning in Chinese and English."""
    rows = []
    for name, df in tables.items():
        for col in df.columns:
            uzh, zh, uen, en = describe(name, col, declared) or ("", "", "", "")
            rows.append({"表 table": name, "列 column": col, "单位": uzh, "含义": zh,
                         "unit": uen, "meaning": en})
    return pd.DataFrame(rows)


def with_chinese_labels(name: str, df: pd.DataFrame,
                        tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The table with Chinese labels beside codes: the adoption table's groups and paths
    (city names from the city table of the same run)."""
    if name != "adoption" or "path" not in df or "path_zh" in df:
        return df
    groups = {"all": "全省", **dict(zip(KINDS, KINDS_ZH, strict=True)),
              **dict(zip(FIELDS, FIELDS_ZH, strict=True)),
              **dict(zip(SIZES, SIZES_ZH, strict=True)), **REGION_GROUPS_ZH}
    city = (tables or {}).get("city")
    if city is not None and {"city", "city_zh"} <= set(city.columns):
        groups |= dict(zip(city["city"], city["city_zh"], strict=False))
    paths = dict(zip((*PATHS, "any"), (*PATHS_ZH, "任一路径"), strict=True))
    df = df.copy()
    df.insert(df.columns.get_loc("group") + 1, "group_zh", df["group"].map(groups))
    df.insert(df.columns.get_loc("path") + 1, "path_zh", df["path"].map(paths))
    return df


def write_parquet(df: pd.DataFrame, path, table: str, declared: Declared | None = None
                  ) -> None:
    """Parquet with each column's unit and meaning (zh, en) as field metadata."""
    arrow = pa.Table.from_pandas(df, preserve_index=False)
    fields = []
    for f in arrow.schema:
        entry = describe(table, f.name, declared)
        if entry:
            uzh, zh, uen, en = entry
            f = f.with_metadata({"unit_zh": uzh, "zh": zh, "unit": uen, "en": en})
        fields.append(f)
    meta = dict(arrow.schema.metadata or {})
    meta[b"sim.data_dictionary"] = json.dumps(
        {"table": table, "about": "fields carry unit, unit_zh, en and zh metadata"}).encode()
    pq.write_table(arrow.cast(pa.schema(fields, metadata=meta)), path)


def column_metadata(path) -> dict[str, dict[str, str]]:
    """The unit/zh/en metadata of each column of a Parquet file written here."""
    schema = pq.read_schema(path)
    return {f.name: {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
            for f in schema}
