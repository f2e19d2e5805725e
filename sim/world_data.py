"""Load the county table and the development zones (data/zhejiang/) into typed rows.

The model never reads a file: ``sim.binding`` calls ``region_data()`` and hands the
typed ``RegionData`` to the model. The files are listed in ``sim.binding.MODEL_DATA_FILES``
so the run store's code version hashes their bytes. Sources and caveats:
data/zhejiang/SOURCES.md.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from sim.config.errors import ConfigError
from sim.model.params import County, RegionData, WorldConfig, Zone
from sim.model.vocabulary import FIELDS

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "zhejiang"
COUNTIES_CSV = DATA_DIR / "counties.csv"
ZONES_CSV = DATA_DIR / "zones.csv"
COUNTY_TYPES = ("district", "county_city", "county")
ZONE_LEVELS = ("national", "provincial")


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise ConfigError(f"region data file {path} is missing (see data/zhejiang/SOURCES.md)")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ConfigError(f"{path.name}: column '{missing[0]}' is missing; "
                              f"needed: {', '.join(columns)}")
        return list(reader)


def _county(row: dict[str, str], line: int) -> County:
    fields = tuple(f for f in row["key_fields"].split(";") if f)
    bad = [f for f in fields if f not in FIELDS]
    if bad or row["type"] not in COUNTY_TYPES:
        what = f"key field '{bad[0]}'" if bad else f"type '{row['type']}'"
        allowed = FIELDS if bad else COUNTY_TYPES
        raise ConfigError(f"counties.csv line {line}: unknown {what}; allowed: "
                          f"{', '.join(allowed)}")
    try:
        gdp = float(row["gdp_2020_yi"])
    except ValueError:
        raise ConfigError(f"counties.csv line {line}: gdp_2020_yi "
                          f"'{row['gdp_2020_yi']}' is not a number") from None
    return County(code=row["code"], name_zh=row["name_zh"], name_en=row["name_en"],
                  city=row["city"], type=row["type"], gdp_yi=gdp,
                  gdp_estimated=row["gdp_estimated"] == "1",
                  mountain_26=row["mountain_26"] == "1", key_fields=fields)


@lru_cache(maxsize=4)
def _load(counties_csv: Path, zones_csv: Path) -> RegionData:
    counties = tuple(_county(r, i + 2) for i, r in enumerate(_rows(counties_csv, (
        "code", "name_zh", "name_en", "city", "type", "gdp_2020_yi", "gdp_estimated",
        "mountain_26", "key_fields"))))
    codes = {c.code for c in counties}
    zones = []
    for i, r in enumerate(_rows(zones_csv, ("zone_id", "name_zh", "level", "kind",
                                            "host_county_code"))):
        if r["host_county_code"] not in codes or r["level"] not in ZONE_LEVELS:
            raise ConfigError(f"zones.csv line {i + 2}: host '{r['host_county_code']}' or "
                              f"level '{r['level']}' unknown; levels: {', '.join(ZONE_LEVELS)}")
        zones.append(Zone(zone_id=r["zone_id"], name_zh=r["name_zh"], level=r["level"],
                          kind=r["kind"], host_code=r["host_county_code"]))
    return RegionData(counties=counties, zones=tuple(zones))


def region_data(world: WorldConfig) -> RegionData:
    """The county table and named zones, checked against the world's cities."""
    data = _load(COUNTIES_CSV, ZONES_CSV)
    for c in world.cities:
        n = sum(1 for x in data.counties if x.city == c.name)
        if n != c.counties:
            raise ConfigError(f"world.cities[{c.name}].counties={c.counties} but "
                              f"counties.csv has {n} units of {c.name}")
    known = {c.name for c in world.cities}
    stray = sorted({x.city for x in data.counties} - known)
    if stray:
        raise ConfigError(f"counties.csv: city '{stray[0]}' is not in world.cities; "
                          f"allowed: {', '.join(sorted(known))}")
    named = {lv: sum(1 for z in data.zones if z.level == lv) for lv in ZONE_LEVELS}
    for lv, n in (("national", world.zones_national), ("provincial", world.zones_provincial)):
        if named[lv] > n:
            raise ConfigError(f"world.zones_{lv}={n} is below the {named[lv]} {lv} zones "
                              f"zones.csv names")
    return data
