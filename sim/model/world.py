"""Build the 2020Q1 world from the world config: regions (counties, zones) and firms.

The population is held as arrays (one entry per firm agent) because the model's
quarterly decisions are vectorized over them; ``sim.model.agents.Firm`` objects are views
onto one index.  Geography is deterministic (counties and zones follow the city
figures by fixed rules); firm traits are drawn from the model's own generator, so the
same seed gives the same population bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.params import WorldConfig
from sim.model.vocabulary import BARRIERS, FIELDS, KINDS, PATHS, SIZES

N_PATHS = len(PATHS)
N_PLATFORM_TYPES = 5  # R&D design, testing, incubation, logistics, digital transformation


@dataclass
class Regions:
    """County-level units and development zones (one row each)."""

    name: list[str]
    is_zone: np.ndarray  # bool
    is_national_zone: np.ndarray  # bool
    city: np.ndarray  # int, index into world.cities
    county: np.ndarray  # int, the county a zone sits in (a county: itself)
    gdp_yi: np.ndarray  # float, 亿元 (zones: NaN)
    strong_economy: np.ndarray  # bool: 千亿级 county or a provincial/national zone
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


def build_world(cfg: WorldConfig, rng: np.random.Generator) -> World:
    regions, county_share = _build_regions(cfg)
    firms = _build_firms(cfg, regions, county_share, rng)
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


def _build_regions(cfg: WorldConfig) -> tuple[Regions, list[np.ndarray]]:
    names, city, gdp, county_share = [], [], [], []
    for ci, c in enumerate(cfg.cities):
        # Rank-size split of the city's GDP over its counties (no county table in the facts).
        w = 1.0 / np.arange(1, c.counties + 1) ** cfg.county_size_exponent
        w = w / w.sum()
        county_share.append(w)
        for k in range(c.counties):
            names.append(f"{c.name}-county-{k + 1:02d}")
            city.append(ci)
            gdp.append(c.gdp_yi * w[k])
    n_counties = len(names)
    gdp_arr = np.array(gdp)
    # Zones go to counties in proportion to GDP, national ones to the largest first.
    n_zones = cfg.zones_national + cfg.zones_provincial
    zone_counts = _largest_remainder(n_zones, gdp_arr) if n_zones else np.zeros(n_counties, int)
    zone_county = np.repeat(np.arange(n_counties), zone_counts)
    host_rank = np.argsort(-gdp_arr[zone_county], kind="stable")
    national = np.zeros(n_zones, bool)
    national[host_rank[: cfg.zones_national]] = True
    for z, cty in enumerate(zone_county):
        names.append(f"{names[cty].replace('county', 'zone')}-{z:03d}")
    is_zone = np.r_[np.zeros(n_counties, bool), np.ones(n_zones, bool)]
    n = n_counties + n_zones
    regions = Regions(
        name=names,
        is_zone=is_zone,
        is_national_zone=np.r_[np.zeros(n_counties, bool), national],
        city=np.r_[np.array(city, int), np.array(city, int)[zone_county]].astype(np.int64),
        county=np.r_[np.arange(n_counties), zone_county].astype(np.int64),
        gdp_yi=np.r_[gdp_arr, np.full(n_zones, np.nan)],
        strong_economy=np.r_[gdp_arr >= cfg.big_county_gdp_yi, np.ones(n_zones, bool)],
        platforms=np.zeros((n, N_PLATFORM_TYPES), bool),
        pilot=np.zeros(n, bool),
        pilot_since=np.full(n, -1, np.int64),
        designations=np.zeros(n, np.int64),
    )
    return regions, county_share


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _build_firms(
    cfg: WorldConfig, regions: Regions, county_share: list[np.ndarray], rng: np.random.Generator
) -> Firms:
    weight = cfg.firms_per_agent
    n_by_kind = [max(1, round(cfg.manufacturers / weight)), max(1, round(cfg.service_firms / weight))]
    city_weight = [
        np.array([c.industrial_output_yi for c in cfg.cities]),  # manufacturers follow output
        np.array([c.gdp_yi for c in cfg.cities]),  # service firms follow GDP (assumption)
    ]
    county_offset = np.r_[0, np.cumsum([c.counties for c in cfg.cities])]
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("kind", "city", "county", "field")}
    for kind in range(len(KINDS)):
        per_city = _largest_remainder(n_by_kind[kind], city_weight[kind])
        base_fields = np.array([cfg.field_shares[KINDS[kind]].get(f, 0.0) for f in FIELDS])
        for ci, c in enumerate(cfg.cities):
            m = int(per_city[ci])
            boost = cfg.city_field_boost.get(c.name, {})
            fw = base_fields * np.array([boost.get(f, 1.0) for f in FIELDS])
            parts["kind"].append(np.full(m, kind, np.int8))
            parts["city"].append(np.full(m, ci, np.int64))
            parts["county"].append(county_offset[ci] + rng.choice(c.counties, m, p=county_share[ci]))
            parts["field"].append(rng.choice(len(FIELDS), m, p=fw / fw.sum()))
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
            for _ in range(60):  # bisection on the intercept: the mean is monotone in it
                mid = 0.5 * (lo + hi)
                mean = np.mean(1 / (1 + np.exp(-(mid + shift[rows, j]))))
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
