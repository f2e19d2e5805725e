#!/usr/bin/env python3
"""Validate counties.csv, zones.csv and rezoning_crosswalk.csv (standard library only).

Run from any directory:  python3 check.py
Exits non-zero on the first failed assertion; prints per-city GDP sums against the
city GDP of configs/world/zhejiang.yaml (copied below).
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CITIES = ["hangzhou", "ningbo", "wenzhou", "jiaxing", "huzhou", "shaoxing",
          "jinhua", "quzhou", "zhoushan", "taizhou", "lishui"]
YAML_GDP = {"hangzhou": 16106, "ningbo": 12409, "wenzhou": 6871, "jiaxing": 5510,
            "huzhou": 3201, "shaoxing": 6001, "jinhua": 4704, "quzhou": 1639,
            "zhoushan": 1512, "taizhou": 5263, "lishui": 1540}
YAML_COUNT = {"hangzhou": 13, "ningbo": 10, "wenzhou": 12, "jiaxing": 7, "huzhou": 5,
              "shaoxing": 6, "jinhua": 9, "quzhou": 6, "zhoushan": 4, "taizhou": 9, "lishui": 9}
CITY_PREFIX = {"hangzhou": "3301", "ningbo": "3302", "wenzhou": "3303", "jiaxing": "3304",
               "huzhou": "3305", "shaoxing": "3306", "jinhua": "3307", "quzhou": "3308",
               "zhoushan": "3309", "taizhou": "3310", "lishui": "3311"}
FIELDS = {"petrochemicals", "automotive", "life_health", "equipment", "consumer_electronics",
          "light_textiles", "agri_food", "logistics", "ecommerce", "rd_design", "other"}
TYPES = {"district", "county_city", "county"}
COUNTY_COLS = ["code", "name_zh", "name_en", "city", "type", "gdp_2020_yi", "gdp_estimated",
               "mountain_26", "gdp_100bn", "key_fields", "key_field_source"]
ZONE_COLS = ["zone_id", "name_zh", "name_en", "level", "kind", "host_county_code", "city", "source_note"]
# Places policy-digest §3 names, as (county code, field) pairs that must be present.
DIGEST_COUNTY = [("330603", "light_textiles"), ("330481", "light_textiles"), ("330782", "light_textiles"),
                 ("330782", "logistics"), ("330604", "petrochemicals"), ("330521", "automotive"),
                 ("330521", "rd_design"), ("331003", "equipment"), ("331003", "rd_design"),
                 ("330681", "equipment"), ("330382", "equipment"), ("330109", "logistics")]
# City-level mentions: at least one county of the city must carry the field.
DIGEST_CITY = {"petrochemicals": ["ningbo", "zhoushan", "jiaxing", "quzhou", "shaoxing"],
               "automotive": ["hangzhou", "ningbo", "huzhou"],
               "life_health": ["hangzhou", "shaoxing", "taizhou", "jinhua"],
               "equipment": ["hangzhou", "ningbo", "huzhou", "shaoxing", "wenzhou", "taizhou"],
               "consumer_electronics": ["hangzhou", "ningbo"],
               "light_textiles": ["shaoxing", "jiaxing", "jinhua"],
               "agri_food": ["lishui", "quzhou"],
               "logistics": ["ningbo", "zhoushan", "hangzhou", "jinhua"],
               "rd_design": ["hangzhou", "huzhou", "taizhou"]}


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        return rows


def main():
    c = read("counties.csv")
    z = read("zones.csv")
    x = read("rezoning_crosswalk.csv")

    assert all(col in c[0] for col in COUNTY_COLS), "counties.csv: missing column"
    assert all(col in z[0] for col in ZONE_COLS), "zones.csv: missing column"
    assert len(c) == 90, f"counties: {len(c)} rows, want 90"
    codes = [r["code"] for r in c]
    assert len(set(codes)) == 90, "counties: duplicate codes"
    assert all(len(k) == 6 and k.isdigit() and k.startswith("33") for k in codes), "bad code"
    assert all(r["city"] in CITIES for r in c), "unknown city key"
    assert all(r["type"] in TYPES for r in c), "bad type"
    assert all(r["code"].startswith(CITY_PREFIX[r["city"]]) for r in c), "code prefix != city"
    for city in CITIES:
        n = sum(r["city"] == city for r in c)
        assert n == YAML_COUNT[city], f"{city}: {n} units, yaml says {YAML_COUNT[city]}"
    assert sum(int(r["mountain_26"]) for r in c) == 26, "mountain_26 must be 26"
    for r in c:
        assert r["mountain_26"] in ("0", "1") and r["gdp_estimated"] in ("0", "1")
        g = float(r["gdp_2020_yi"])
        assert g > 0
        assert int(r["gdp_100bn"]) == (1 if g >= 1000 else 0), f"gdp_100bn wrong for {r['code']}"
        fl = [f for f in r["key_fields"].split(";") if f]
        assert all(f in FIELDS for f in fl), f"bad key field in {r['code']}: {fl}"
        assert bool(fl) == bool(r["key_field_source"]), f"source/fields mismatch in {r['code']}"
    types = {t: sum(r["type"] == t for r in c) for t in TYPES}
    assert types == {"district": 37, "county_city": 20, "county": 33}, types

    kf = {r["code"]: set(f for f in r["key_fields"].split(";") if f) for r in c}
    for code, f in DIGEST_COUNTY:
        assert f in kf[code], f"digest place {code} lacks {f}"
    for f, cities in DIGEST_CITY.items():
        for city in cities:
            assert any(f in kf[r["code"]] for r in c if r["city"] == city), f"{city} lacks {f}"

    zid = [r["zone_id"] for r in z]
    assert len(set(zid)) == len(zid), "duplicate zone_id"
    assert all(r["level"] in ("national", "provincial") for r in z)
    assert all(r["kind"] in ("etdz", "hitech", "other") for r in z)
    city_of = {r["code"]: r["city"] for r in c}
    for r in z:
        assert r["host_county_code"] in city_of, f"zone {r['zone_id']}: unknown host {r['host_county_code']}"
        assert city_of[r["host_county_code"]] == r["city"], f"zone {r['zone_id']}: city mismatch"
    n_etdz = sum(r["level"] == "national" and r["kind"] == "etdz" for r in z)
    assert n_etdz == 22, f"national ETDZ: {n_etdz}, want 22"
    n_prov = sum(r["level"] == "provincial" for r in z)
    assert n_prov <= 77

    for r in x:
        assert r["code_2020"] in city_of, f"crosswalk: {r['code_2020']} not a 2020 code"

    print(f"OK: {len(c)} counties ({types}), 26 mountain counties, "
          f"{sum(r['gdp_estimated'] == '0' for r in c)} published / "
          f"{sum(r['gdp_estimated'] == '1' for r in c)} estimated GDP values, "
          f"{sum(r['gdp_100bn'] == '1' for r in c)} units >= 1000 亿")
    print(f"OK: {len(z)} zones: {n_etdz} national ETDZ, "
          f"{sum(r['level'] == 'national' and r['kind'] == 'hitech' for r in z)} national hi-tech, "
          f"{n_prov} provincial of 77; {len(x)} crosswalk rows")
    print("\nper-city GDP 2020, 亿元 (sum of counties vs yaml gdp_yi):")
    print(f"  {'city':9s} {'n':>3s} {'sum':>9s} {'yaml':>7s} {'diff':>8s}  {'prior sum':>9s} {'prior gap':>9s}")
    tot = tot_y = 0.0
    for city in CITIES:
        rows = [r for r in c if r["city"] == city]
        s = sum(float(r["gdp_2020_yi"]) for r in rows)
        p = sum(float(r["gdp_prior_yi"]) for r in rows) if "gdp_prior_yi" in rows[0] else float("nan")
        y = YAML_GDP[city]
        tot += s
        tot_y += y
        print(f"  {city:9s} {len(rows):3d} {s:9.1f} {y:7d} {s - y:+8.1f}  {p:9.1f} {(p - y) / y:+9.1%}")
    print(f"  {'total':9s} {len(c):3d} {tot:9.1f} {tot_y:7.0f} {tot - tot_y:+8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
