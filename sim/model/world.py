"""Build the 2020Q1 world from the world config and the county table: regions and firms.

The population is held as arrays (one entry per firm agent) because the model's
quarterly decisions are vectorized over them; ``sim.model.agents.Firm`` objects are views
onto one index.  Geography is deterministic: the 90 county-level units of 2020 and the
named development zones come from data (``RegionData``, loaded outside the model);
zones the data cannot name are placed by a fixed rule (``_place_unnamed_zones``); firm
traits are drawn from the model's own generator, so the
same seed gives the same population bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.params import RegionData, WorldConfig
from sim.model.vocabulary import BARRIERS, FIELDS, KINDS, PATHS, SIZES

N_PATHS = len(PATHS)
N_PLATFORM_TYPES = 5  # R&D design, testing, incubation, logistics, digital transformation


@dataclass
class Regions:
    """County-level units and development zones (one row each)."""

    name: list[str]  # Chinese name (zones the data cannot name: "未具名省级开发区@host")
    code: list[str]  # county division code; zones: zone id
    is_zone: np.ndarray  # bool
    is_national_zone: np.ndarray  # bool
    hitech: np.ndarray  # bool: a high-tech zone (高新区) rather than an ETDZ
    city: np.ndarray  # int, index into world.cities
    county: np.ndarray  # int, the county a zone sits in (a county: itself)
    gdp_yi: np.ndarray  # float, 亿元 (zones: NaN)
    strong_economy: np.ndarray  # bool: 千亿级 county or a provincial/national zone
    big_county: np.ndarray  # bool: 千亿级 county (GDP >= world.big_county_gdp_yi)
    mountain: np.ndarray  # bool: one of the 26 mountain counties (zones: their host's flag)
    key_field: np.ndarray  # bool (R, FIELDS): the region's key fields (zones: the host's)
    platforms: np.ndarray  # bool (R, 5): public service platform types built
    pilot: np.ndarray  # bool
    pilot_since: np.ndarray  # int quarter index of the first designation, -1 if never
    designations: np.ndarray  # int: times designated (re-admissions after revocation count)

    @property
    def n(self) -> int:
        return len(self.name)


@dataclass
class Firms:
    """One entry per firm agent; each agent stands for ``weight`` real firms."""

    kind: np.ndarray  # int8: 0 manufacturing, 1 services
    city: np.ndarray
    county: np.ndarray  # index of the county region
    zone: np.ndarray  # index of the zone region, -1 if outside zones
    field: np.ndarray  # index into FIELDS
    size: np.ndarray  # index into SIZES
    revenue_yi: np.ndarray  # 亿元 per year
    cross_share: np.ndarray  # service share (manufacturers) / manufacturing share (services)
    digital: np.ndarray  # digital maturity 0-1
    constraint: np.ndarray  # (n, 5) barrier severity 0-1, columns BARRIERS
    hurdle_z: np.ndarray  # standard-normal hurdle score; the model scales it to pay-off units
    adopted: np.ndarray  # bool (n, 5), columns PATHS
    platform_firm: np.ndarray  # bool: runs a platform others connect to
    link_draw: np.ndarray  # fixed U(0,1): connected when below the city's platform reach
    pilot: np.ndarray  # bool
    ever_pilot: np.ndarray  # bool: designated at least once
    peer_group: np.ndarray  # county × field × kind group index for peer effects
    weight: int  # real firms per agent

    @property
    def n(self) -> int:
        return len(self.kind)


@dataclass
class World:
    cities: list[str]
    cities_zh: list[str]
    regions: Regions
    firms: Firms
    n_counties: int


def build_world(cfg: WorldConfig, data: RegionData, rng: np.random.Generator) -> World:
    regions = _build_regions(cfg, data)
    firms = _build_firms(cfg, regions, rng)
    regions.platforms[:] = rng.random(regions.platforms.shape) < (
        cfg.initial_region_platforms / N_PLATFORM_TYPES
    )
    return World(
        cities=[c.name for c in cfg.cities],
        cities_zh=[c.name_zh for c in cfg.cities],
        regions=regions,
        firms=firms,
        n_counties=int((~regions.is_zone).sum()),
    )


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer counts summing to ``total`` in proportion to ``weights``."""
    raw = total * weights / weights.sum()
    counts = np.floor(raw).astype(int)
    short = total - counts.sum()
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[:short]] += 1
    return counts


def _build_regions(cfg: WorldConfig, data: RegionData) -> Regions:
    """Counties in city order (as in ``cfg.cities``), then the named zones, then the
    unnamed ones."""
    order = {c.name: i for i, c in enumerate(cfg.cities)}
    counties = sorted(data.counties, key=lambda c: order[c.city])  # stable: file order inside
    n_counties = len(counties)
    index = {c.code: i for i, c in enumerate(counties)}
    gdp = np.array([c.gdp_yi for c in counties])
    named = [z for z in data.zones if z.level == "national"][: cfg.zones_national] + [
        z for z in data.zones if z.level == "provincial"][: cfg.zones_provincial]
    hosts = [index[z.host_code] for z in named]
    n_unnamed = (cfg.zones_national + cfg.zones_provincial) - len(named)
    extra = _place_unnamed_zones(n_unnamed, gdp, np.bincount(hosts, minlength=n_counties))
    n_nat_unnamed = max(0, cfg.zones_national - sum(z.level == "national" for z in named))
    zone_host = np.array(hosts + list(extra), np.int64)
    n_zones = len(zone_host)
    national = np.array([z.level == "national" for z in named]
                        + [k < n_nat_unnamed for k in range(len(extra))], bool)
    names = [c.name_zh for c in counties] + [z.name_zh for z in named] + [
        f"未具名{'国家级' if national[len(named) + k] else '省级'}开发区@{counties[h].name_zh}"
        for k, h in enumerate(extra)]
    codes = [c.code for c in counties] + [z.zone_id for z in named] + [
        f"unnamed-{k + 1:02d}" for k in range(len(extra))]
    city = np.array([order[c.city] for c in counties], np.int64)
    key = np.array([[f in c.key_fields for f in FIELDS] for c in counties], bool)
    mountain = np.array([c.mountain_26 for c in counties], bool)
    big = gdp >= cfg.big_county_gdp_yi
    n = n_counties + n_zones
    return Regions(
        name=names,
        code=codes,
        is_zone=np.r_[np.zeros(n_counties, bool), np.ones(n_zones, bool)],
        is_national_zone=np.r_[np.zeros(n_counties, bool), national],
        hitech=np.r_[np.zeros(n_counties, bool), [z.kind == "hitech" for z in named],
                     np.zeros(len(extra), bool)],
        city=np.r_[city, city[zone_host]].astype(np.int64),
        county=np.r_[np.arange(n_counties), zone_host].astype(np.int64),
        gdp_yi=np.r_[gdp, np.full(n_zones, np.nan)],
        strong_economy=np.r_[big, np.ones(n_zones, bool)],
        big_county=np.r_[big, np.zeros(n_zones, bool)],
        mountain=np.r_[mountain, mountain[zone_host]],
        key_field=np.r_[key, key[zone_host]],
        platforms=np.zeros((n, N_PLATFORM_TYPES), bool),
        pilot=np.zeros(n, bool),
        pilot_since=np.full(n, -1, np.int64),
        designations=np.zeros(n, np.int64),
    )


def _place_unnamed_zones(n: int, gdp: np.ndarray, named_per_county: np.ndarray) -> np.ndarray:
    """Hosts of the zones the data cannot name (35 of the 77 provincial zones): one per
    county without a named zone, largest GDP first; if zones remain, again over all
    counties by GDP (assumption: each county has at least one provincial-level platform
    after the 2020-21 consolidation, and larger economies host more)."""
    by_gdp = np.argsort(-gdp, kind="stable")
    order = np.r_[by_gdp[named_per_county[by_gdp] == 0], by_gdp]
    if n <= 0:
        return np.zeros(0, np.int64)
    return np.resize(order, n).astype(np.int64) if n > len(order) else order[:n]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _build_firms(cfg: WorldConfig, regions: Regions, rng: np.random.Generator) -> Firms:
    weight = cfg.firms_per_agent
    n_by_kind = [max(1, round(cfg.manufacturers / weight)), max(1, round(cfg.service_firms / weight))]
    city_weight = [
        np.array([c.industrial_output_yi for c in cfg.cities]),  # manufacturers follow output
        np.array([c.gdp_yi for c in cfg.cities]),  # service firms follow GDP (assumption)
    ]
    counties = np.flatnonzero(~regions.is_zone)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("kind", "city", "county", "field")}
    for kind in range(len(KINDS)):
        per_city = _largest_remainder(n_by_kind[kind], city_weight[kind])
        base_fields = np.array([cfg.field_shares[KINDS[kind]].get(f, 0.0) for f in FIELDS])
        for ci, c in enumerate(cfg.cities):
            m = int(per_city[ci])
            boost = cfg.city_field_boost.get(c.name, {})
            fw = base_fields * np.array([boost.get(f, 1.0) for f in FIELDS])
            fld = rng.choice(len(FIELDS), m, p=fw / fw.sum())
            parts["kind"].append(np.full(m, kind, np.int8))
            parts["city"].append(np.full(m, ci, np.int64))
            parts["field"].append(fld)
            parts["county"].append(_draw_counties(cfg, regions, counties, ci, fld, rng))
    kind = np.concatenate(parts["kind"])
    city = np.concatenate(parts["city"])
    county = np.concatenate(parts["county"]).astype(np.int64)
    field = np.concatenate(parts["field"]).astype(np.int64)
    n = len(kind)

    size_p = np.array([cfg.size_shares[s] for s in SIZES])
    size = rng.choice(len(SIZES), n, p=size_p / size_p.sum()).astype(np.int64)
    median = np.array([cfg.revenue_yi[s] for s in SIZES])[size]
    revenue = median * np.exp(cfg.revenue_sigma * rng.standard_normal(n))
    zone = _assign_zones(regions, county, cfg.zone_firm_share, rng)

    # A latent capability correlates a firm's paths, maturity and hurdle (capable firms
    # do several things at once); loadings are world-config assumptions.
    capability = rng.standard_normal(n)
    base = np.array([[cfg.baseline_adoption[k][p] for p in PATHS] for k in KINDS])[kind]
    odds = (
        np.log(np.array([cfg.size_adoption_factor[s] for s in SIZES]))[size]
        + np.log(np.array(cfg.tier_adoption_factor))[
            np.array([c.informatization_tier - 1 for c in cfg.cities])[city]
        ]
    )
    shift = odds[:, None] + cfg.capability_loading * capability[:, None]
    p_adopt = _calibrated_probabilities(_logit(base), shift, kind, base)
    adopted = rng.random((n, len(PATHS))) < p_adopt
    dm = cfg.digital_maturity
    digital = np.clip(dm["base"] + dm["adopter"] * adopted[:, 0] + dm["capability"] * capability,
                      0.0, 1.0)

    cross_mean = np.array([cfg.service_share_mean[k] for k in KINDS])[kind]
    sigma = cfg.cross_share_sigma  # lognormal around the mean (mean-preserving)
    cross = np.clip(cross_mean * np.exp(sigma * rng.standard_normal(n) - sigma**2 / 2), 0.0, 0.8)
    cmean = np.array([[cfg.constraint_mean[s][b] for b in BARRIERS] for s in SIZES])[size]
    noise = cfg.constraint_sd * rng.standard_normal((n, len(BARRIERS)))
    constraint = np.clip(cmean + noise, 0.0, 1.0)

    platform_p = np.array([cfg.platform_firm_share.get(f, 0.0) for f in FIELDS])[field]
    platform = rng.random(n) < platform_p

    return Firms(
        kind=kind, city=city, county=county, zone=zone, field=field, size=size,
        revenue_yi=revenue, cross_share=cross, digital=digital, constraint=constraint,
        # Capable firms have lower hurdles (correlation world.hurdle_capability_corr).
        hurdle_z=cfg.hurdle_capability_corr * capability
        + np.sqrt(1.0 - cfg.hurdle_capability_corr**2) * rng.standard_normal(n),
        adopted=adopted, platform_firm=platform, link_draw=rng.random(n),
        pilot=np.zeros(n, bool), ever_pilot=np.zeros(n, bool),
        # Peers: same county, field and kind ("other" holds both kinds).
        peer_group=(county * len(FIELDS) + field) * len(KINDS) + kind, weight=weight,
    )


def _draw_counties(cfg: WorldConfig, regions: Regions, counties: np.ndarray, city: int,
                   fld: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A county for each firm of one city: in proportion to county GDP (2020), times
    ``key_field_boost`` where the firm's field is one of the county's key fields (the
    places the draft names get their field mix)."""
    own = counties[regions.city[counties] == city]
    out = np.empty(len(fld), np.int64)
    for f in range(len(FIELDS)):
        rows = np.flatnonzero(fld == f)
        w = regions.gdp_yi[own] * np.where(regions.key_field[own, f], cfg.key_field_boost, 1.0)
        out[rows] = own[rng.choice(len(own), len(rows), p=w / w.sum())]
    return out


def _calibrated_probabilities(
    logit_base: np.ndarray, shift: np.ndarray, kind: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Adoption probabilities whose mean over each kind's firms equals the configured
    baseline share: size, tier and capability shift firms around it, not the total."""
    shift = np.broadcast_to(shift, logit_base.shape)
    intercept = np.zeros(logit_base.shape)
    for k in np.unique(kind):
        rows = kind == k
        for j in range(logit_base.shape[1]):
            goal = target[rows, j][0]
            lo, hi = -20.0, 20.0
            # -(mid + shift) is exactly (-shift) - mid; one buffer, no temporaries.
            neg_shift = -shift[rows, j]
            p = np.empty_like(neg_shift)
            for _ in range(60):  # bisection on the intercept: the mean is monotone in it
                mid = 0.5 * (lo + hi)
                np.subtract(neg_shift, mid, out=p)
                np.exp(p, out=p)
                p += 1.0
                np.divide(1.0, p, out=p)
                mean = np.mean(p)
                lo, hi = (mid, hi) if mean < goal else (lo, mid)
            intercept[rows, j] = 0.5 * (lo + hi) - logit_base[rows, j][0]
    return 1 / (1 + np.exp(-(logit_base + intercept + shift)))


def _assign_zones(
    regions: Regions, county: np.ndarray, share: float, rng: np.random.Generator
) -> np.ndarray:
    """Firms sit in one of their county's zones so that a ``share`` of all firms is in one."""
    zone = np.full(len(county), -1, np.int64)
    zone_ids = np.flatnonzero(regions.is_zone)
    if len(zone_ids) == 0:
        return zone
    hosts = regions.county[zone_ids]
    order = np.argsort(hosts, kind="stable")
    hosts_sorted, zones_sorted = hosts[order], zone_ids[order]
    first = np.searchsorted(hosts_sorted, county, side="left")
    count = np.searchsorted(hosts_sorted, county, side="right") - first
    # Counties without a zone hold no zone firms, so firms in counties with zones are
    # in one more often; the province-wide share then matches ``share`` (capped at 1).
    has_zone = count > 0
    p_inside = min(1.0, share / max(has_zone.mean(), 1e-9))
    inside = (rng.random(len(county)) < p_inside) & has_zone
    pick = first + np.floor(rng.random(len(county)) * np.maximum(count, 1)).astype(np.int64)
    zone[inside] = zones_sorted[pick[inside]]
    return zone
