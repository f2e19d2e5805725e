"""What every column of a results table means: unit, Chinese and English description.

Written beside the data in every results folder (``data_dictionary.csv``), stored as
column metadata in the Parquet files (``unit``, ``zh``, ``en`` per field), and shown in
the notes sheet (说明) of the Excel workbooks. Adding a column to a table without an
entry here fails the tests (tests/test_office_files.py).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.model.vocabulary import (
    FIELDS,
    FIELDS_ZH,
    KINDS,
    KINDS_ZH,
    PATHS,
    PATHS_ZH,
    SIZES,
    SIZES_ZH,
)

# (unit, zh, en) by column name; names ending in a path name are matched by the patterns.
_COMMON = {
    "scenario": ("", "情景（覆盖项）", "scenario (its overrides)"),
    "seed": ("", "随机种子（同一种子在各情景间配对）", "replicate seed (paired across scenarios)"),
    "t": ("季度", "自模拟起始季度起的季度序号（0 = 起始季度）",
          "quarters since the first simulated quarter (0 = the first)"),
    "quarter": ("", "季度（年份Q季度）", "quarter (yearQn)"),
}
PROVINCE = {
    **_COMMON,
    "pilot_regions": ("个", "在册试点区域数（县市区与开发区）",
                      "pilot regions in place (counties and development zones)"),
    "pilot_regions_counties": ("个", "在册试点区域中的县（市、区）", "pilot regions that are counties"),
    "pilot_regions_zones": ("个", "在册试点区域中的开发区", "pilot regions that are development zones"),
    "pilot_enterprises": ("家", "在册试点企业数（实际企业数）", "pilot enterprises in place (real firms)"),
    "designated_regions_cum": ("个", "累计认定试点区域", "pilot regions designated so far"),
    "designated_enterprises_cum": ("家", "累计认定试点企业", "pilot enterprises designated so far"),
    "new_pilot_enterprises": ("家", "本季度新认定试点企业", "pilot enterprises designated this quarter"),
    "revoked_pilot_enterprises": ("家", "本季度撤销试点企业", "pilot enterprises revoked this quarter"),
    "new_pilot_regions": ("个", "本季度新认定试点区域", "pilot regions designated this quarter"),
    "revoked_pilot_regions": ("个", "本季度撤销试点区域", "pilot regions revoked this quarter"),
    "integration_index": ("0–1", "两业融合发展水平（耦合协调度D = √(C·T)）",
                          "integration index: coupling-coordination degree D = √(C·T)"),
    "U1": ("0–1", "制造业子系统综合发展水平U1", "manufacturing subsystem development level U1"),
    "U2": ("0–1", "服务业子系统综合发展水平U2", "services subsystem development level U2"),
    "coupling_C": ("0–1", "耦合度C（两子系统发展的协调程度）",
                   "coupling degree C (how evenly the two subsystems develop)"),
    "development_T": ("0–1", "综合发展指数T（U1与U2的加权和）",
                      "comprehensive development T (weighted sum of U1 and U2)"),
    "fiscal_spend_yi": ("亿元", "本季度财政支出（专项资金补贴+试点奖励）",
                        "fiscal spending this quarter (fund subsidies + pilot awards)"),
    "subsidy_spent_cum_yi": ("亿元", "累计专项资金补贴", "special-fund subsidies paid so far"),
    "awards_spent_cum_yi": ("亿元", "累计试点奖励", "pilot awards paid so far"),
    "fund_remaining_yi": ("亿元", "专项资金余额", "special fund remaining"),
    "subsidy_rate": ("比例", "本季度补贴占采用成本的比例", "share of adoption cost subsidised this quarter"),
    "platform_connected_share": ("比例", "接入平台的企业占比", "share of firms connected to a platform"),
    "region_platforms_mean": ("个", "区域平均公共服务平台数（共5类）",
                              "mean public service platforms per region (of 5 types)"),
    "adoption_any": ("比例", "采用任一融合路径的企业占比", "share of firms on at least one path"),
}
for _p, _zh in zip(PATHS, PATHS_ZH, strict=True):
    PROVINCE[f"adoption_{_p}"] = ("比例", f"采用{_zh}路径的企业占比",
                                  f"share of firms on the {_p} path")
CITY = {
    **_COMMON,
    "city": ("", "设区市（拼音）", "city (pinyin)"),
    "city_zh": ("", "设区市", "city (Chinese name)"),
    "integration_index": ("0–1", "该市两业融合发展水平D", "the city's integration index D"),
    "U1": ("0–1", "该市制造业子系统发展水平U1", "the city's manufacturing level U1"),
    "U2": ("0–1", "该市服务业子系统发展水平U2", "the city's services level U2"),
    "pilot_regions": ("个", "该市在册试点区域", "pilot regions in the city"),
    "pilot_enterprises": ("家", "该市在册试点企业", "pilot enterprises in the city"),
}
ADOPTION = {
    **_COMMON,
    "breakdown": ("", "分组方式：all 全省、kind 产业、field 重点领域、size 规模、city 设区市",
                  "breakdown: all, kind, field (key field), size, city"),
    "group": ("", "分组名称", "group within the breakdown"),
    "group_zh": ("", "分组名称（中文）", "group (Chinese)"),
    "path": ("", "融合路径（any = 任一路径）", "integration path (any = at least one)"),
    "path_zh": ("", "融合路径（中文）", "integration path (Chinese)"),
    "adopters": ("家", "采用该路径的企业数（实际企业数）", "firms on the path (real firms)"),
    "firms": ("家", "组内企业总数（实际企业数）", "firms in the group (real firms)"),
    "share": ("比例", "采用企业占比 = adopters / firms", "share of firms = adopters / firms"),
}
TABLES = {"province": PROVINCE, "city": CITY, "adoption": ADOPTION}


def describe(table: str, column: str) -> tuple[str, str, str] | None:
    """(unit, zh, en) of a column, or None if it has no entry."""
    entries = TABLES.get(table, {})
    if column in entries:
        return entries[column]
    m = re.fullmatch(r"(.+)_(lo|hi|p05|p95|median|mean)", column)
    if m and m.group(1) in entries:
        unit, zh, en = entries[m.group(1)]
        return unit, f"{zh}（{m.group(2)}）", f"{en} ({m.group(2)})"
    return None


def dictionary_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per table × column: 表/table, 列/column, 单位/unit, 含义, meaning."""
    rows = []
    for name, df in tables.items():
        for col in df.columns:
            unit, zh, en = describe(name, col) or ("", "", "")
            rows.append({"表 table": name, "列 column": col, "单位 unit": unit,
                         "含义": zh, "meaning": en})
    return pd.DataFrame(rows)


def with_chinese_labels(name: str, df: pd.DataFrame,
                        tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The table with Chinese labels beside codes: the adoption table's groups and paths
    (city names from the city table of the same run)."""
    if name != "adoption" or "path" not in df or "path_zh" in df:
        return df
    groups = {"all": "全省", **dict(zip(KINDS, KINDS_ZH, strict=True)),
              **dict(zip(FIELDS, FIELDS_ZH, strict=True)),
              **dict(zip(SIZES, SIZES_ZH, strict=True))}
    city = (tables or {}).get("city")
    if city is not None and {"city", "city_zh"} <= set(city.columns):
        groups |= dict(zip(city["city"], city["city_zh"], strict=False))
    paths = dict(zip((*PATHS, "any"), (*PATHS_ZH, "任一路径"), strict=True))
    df = df.copy()
    df.insert(df.columns.get_loc("group") + 1, "group_zh", df["group"].map(groups))
    df.insert(df.columns.get_loc("path") + 1, "path_zh", df["path"].map(paths))
    return df


def write_parquet(df: pd.DataFrame, path, table: str) -> None:
    """Parquet with each column's unit and meaning (zh, en) as field metadata."""
    arrow = pa.Table.from_pandas(df, preserve_index=False)
    fields = []
    for f in arrow.schema:
        entry = describe(table, f.name)
        if entry:
            unit, zh, en = entry
            f = f.with_metadata({"unit": unit, "zh": zh, "en": en})
        fields.append(f)
    meta = dict(arrow.schema.metadata or {})
    meta[b"sim.data_dictionary"] = json.dumps(
        {"table": table, "about": "each field carries unit, zh and en metadata"}).encode()
    pq.write_table(arrow.cast(pa.schema(fields, metadata=meta)), path)


def column_metadata(path) -> dict[str, dict[str, str]]:
    """The unit/zh/en metadata of each column of a Parquet file written here."""
    schema = pq.read_schema(path)
    return {f.name: {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
            for f in schema}
