"""Typed parameters the model takes: plain dataclasses, one per part of the world.

The model reads only these (never a Hydra or OmegaConf object). The Hydra schema in
``sim.config.schema`` wraps them; each numeric field carries its allowed range in
``metadata["range"]`` (what an analyst may set), distinct from the sweep ranges in the
world and behaviour configs (what studies sample).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MISSING: Any = "???"  # OmegaConf's marker of a value that must be set


def rng(lo: float, hi: float, default: Any, doc: str = "") -> Any:
    """A dataclass field with an allowed closed range [lo, hi]."""
    return field(default=default, metadata={"range": (lo, hi), "doc": doc})


def limit(lo: float, hi: float, default: Any = MISSING, doc: str = "") -> Any:
    """A field whose value is data (a city's GDP, its counties) rather than a setting: a
    hard limit [lo, hi] that keeps the model finite and its memory bounded, far wider
    than any real value."""
    return field(default=default, metadata={"limit": (lo, hi), "doc": doc})


def at_most(items: int, default_factory: Any) -> Any:
    """A list or table field with at most ``items`` entries."""
    return field(default_factory=default_factory, metadata={"max_items": items})


# ---------------------------------------------------------------- world
@dataclass
class CitySpec:
    name: str = MISSING
    name_zh: str = MISSING
    # above-size industrial gross output 2020, 亿元 (the province's is 77,695)
    industrial_output_yi: float = limit(1e-3, 1e6, doc="industrial output 2020, 亿元")
    gdp_yi: float = limit(1e-3, 1e6, doc="GDP 2020, 亿元")  # the province's is 64,613
    counties: int = limit(1, 200, doc="county-level units")  # Zhejiang's largest city has 13
    informatization_tier: int = limit(1, 3, doc="两化融合 tier 1-3 (2019)")


@dataclass
class WorldConfig:
    name: str = "zhejiang"
    cities: list[CitySpec] = at_most(100, list)  # Zhejiang has 11
    manufacturers: int = rng(100, 2_000_000, 48_000, "above-size manufacturers (firms)")
    service_firms: int = rng(100, 2_000_000, 40_000, "above-size service firms (firms)")
    firms_per_agent: int = rng(1, 10_000, 1, "firms one agent stands for")
    zones_national: int = rng(0, 500, 30, "national development zones")
    zones_provincial: int = rng(0, 500, 77, "provincial development zones")
    zone_firm_share: float = rng(0.0, 1.0, 0.5, "share of firms located in a zone")
    key_field_boost: float = rng(1.0, 10.0, 2.0, "firm density of a county's key field")
    big_county_gdp_yi: float = rng(0, 100_000, 1000, "GDP bar of a 千亿级 county, 亿元")
    size_shares: dict[str, float] = field(default_factory=dict)  # by size class
    field_shares: dict[str, dict[str, float]] = field(default_factory=dict)  # kind -> field
    city_field_boost: dict[str, dict[str, float]] = field(default_factory=dict)
    revenue_yi: dict[str, float] = field(default_factory=dict)  # median revenue by size
    revenue_sigma: float = rng(0.0, 3.0, 0.8, "lognormal sigma of revenue within a size")
    baseline_adoption: dict[str, dict[str, float]] = field(default_factory=dict)  # kind->path
    size_adoption_factor: dict[str, float] = field(default_factory=dict)
    tier_adoption_factor: list[float] = field(default_factory=lambda: [1.15, 1.0, 0.85])
    service_share_mean: dict[str, float] = field(default_factory=dict)  # kind -> cross share
    constraint_mean: dict[str, dict[str, float]] = field(default_factory=dict)  # size->barrier
    platform_firm_share: dict[str, float] = field(default_factory=dict)  # field -> share
    initial_region_platforms: float = rng(0.0, 5.0, 1.0, "mean public platforms per region")
    capability_loading: float = rng(0.0, 3.0, 0.8, "log-odds of adoption per capability sd")
    hurdle_capability_corr: float = rng(-1.0, 1.0, -0.5, "correlation of hurdle and capability")
    digital_maturity: dict[str, float] = field(default_factory=dict)  # base/adopter/capability
    cross_share_sigma: float = rng(0.0, 2.0, 0.5, "lognormal sigma of the cross share")
    constraint_sd: float = rng(0.0, 1.0, 0.15, "firm spread of barrier severity")
    # Sweep ranges of the world's assumptions (sensitivity analysis, discovery), as in
    # BehaviourConfig: key -> [lo, hi]; tables -> one multiplier.
    ranges: dict[str, list[float]] = field(default_factory=dict)
    scales: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class County:
    """One county-level unit of 2020 (data/zhejiang/counties.csv)."""

    code: str  # GB/T 2260 division code, 2020
    name_zh: str
    name_en: str
    city: str  # city key as in WorldConfig.cities
    type: str  # district | county_city | county
    gdp_yi: float  # GDP 2020, 亿元
    gdp_estimated: bool  # True: estimate reconciled to the city total, not a published figure
    mountain_26: bool  # one of the 26 mountain counties (山区26县)
    key_fields: tuple[str, ...]  # fields the draft (or the county's profile) names there


@dataclass(frozen=True)
class Zone:
    """One named development zone (data/zhejiang/zones.csv)."""

    zone_id: str
    name_zh: str
    level: str  # national | provincial
    kind: str  # etdz | hitech
    host_code: str  # code of the county whose territory holds the zone


@dataclass(frozen=True)
class RegionData:
    """The county table and the named zones, loaded by ``sim.world_data`` (never by the
    model: it receives these typed rows)."""

    counties: tuple[County, ...]
    zones: tuple[Zone, ...]


# ---------------------------------------------------------------- behaviour
@dataclass
class BehaviourConfig:
    name: str = "default"
    innovation_p: float = rng(0.0, 1.0, 0.03, "Bass innovation coefficient, per year")
    imitation_q: float = rng(0.0, 3.0, 0.38, "Bass imitation coefficient, per year")
    threshold_mean: float = rng(-5.0, 5.0, 1.0, "mean adoption threshold (pay-off units)")
    threshold_sd: float = rng(0.0, 3.0, 0.5, "spread of adoption thresholds")
    digital_complementarity: float = rng(0.0, 3.0, 1.0, "pay-off gain per unit digital maturity")
    public_platform_cost_cut: float = rng(0.0, 1.0, 0.1, "cost share saved with all 5 platforms")
    platform_speedup: float = rng(0.0, 3.0, 0.5, "adoption-rate gain when platform-connected")
    platform_cost_cut: float = rng(0.0, 1.0, 0.15, "cost share platforms save connected firms")
    platform_capacity: dict[str, float] = field(default_factory=dict)  # firms per platform
    pilot_demonstration: float = rng(0.0, 3.0, 0.3, "imitation gain at saturation of pilots")
    abandonment_rate: float = rng(0.0, 0.5, 0.02, "yearly discontinuation of a path")
    application_rate: float = rng(0.0, 1.0, 0.35, "yearly chance an eligible firm applies")
    region_application_rate: float = rng(0.0, 1.0, 0.5, "yearly chance a region applies")
    region_platform_reference: float = rng(0.01, 1.0, 0.4, "adoption share of full demand")
    peer_prior: float = rng(0.0, 100.0, 5.0, "pseudo-firms shrinking small peer groups")
    demo_saturation: float = rng(0.1, 50.0, 2.0, "pilots nearby at full demonstration")
    productivity_gain: float = rng(0.0, 1.0, 0.02, "revenue share gained per adopted path")
    path_fit: dict[str, dict[str, float]] = field(default_factory=dict)  # field -> path
    path_cost_yi: dict[str, dict[str, float]] = field(default_factory=dict)  # size -> path
    cost_weight: float = rng(0.0, 10.0, 6.0, "pay-off units per unit of cost/revenue")
    barrier_exposure: dict[str, dict[str, float]] = field(default_factory=dict)  # path->bar.
    service_share_gain: dict[str, float] = field(default_factory=dict)  # path -> share points
    digital_gain: dict[str, float] = field(default_factory=dict)  # path -> maturity points
    # Service firms' own path tables (the services → manufacturing direction): the same
    # quantities as the manufacturers' tables above, read by service firms only.
    service_path_fit: dict[str, dict[str, float]] = field(default_factory=dict)  # field->path
    service_path_cost_yi: dict[str, dict[str, float]] = field(default_factory=dict)  # size->path
    service_barrier_exposure: dict[str, dict[str, float]] = field(default_factory=dict)  # p->b
    manufacturing_share_gain: dict[str, float] = field(default_factory=dict)  # path -> points
    service_digital_gain: dict[str, float] = field(default_factory=dict)  # path -> points
    # Two services → manufacturing mechanisms the draft names (docs/ODD.md §7.1b).
    contract_mfg_fit_gain: float = rng(
        0.0, 3.0, 0.3, "pay-off gain of R&D/design and e-commerce firms' flexibilization "
        "and integration (contract/brand manufacturing, OEM/C2M)")
    contract_mfg_share_gain: float = rng(
        0.0, 0.5, 0.04, "extra manufacturing-facing revenue share per such adoption")
    supply_chain_fit_gain: float = rng(
        0.0, 3.0, 0.3, "pay-off gain of logistics firms' integration and sharing "
        "(supply-chain integration, shared manufacturing)")
    supply_chain_share_gain: float = rng(
        0.0, 0.5, 0.03, "extra manufacturing-facing revenue share per such adoption")
    region_platform_rate: float = rng(0.0, 1.0, 0.03, "quarterly hazard to build a platform")
    lever_effect: dict[str, float] = field(default_factory=dict)  # channel -> max effect
    talent_lag_quarters: int = rng(0, 20, 4, "quarters before talent levers bite")
    requires_digitalization: list[str] = field(
        default_factory=lambda: ["flexibilization", "platformization"]
    )  # paths open only to firms that have digitalized
    # Sweep ranges (sensitivity analysis, discovery): key -> [lo, hi]; tables: multiplier.
    ranges: dict[str, list[float]] = field(default_factory=dict)
    scales: dict[str, list[float]] = field(default_factory=dict)


# ---------------------------------------------------------------- policy
@dataclass
class Lever:
    intensity: float = rng(0.0, 2.0, 0.0, "0 off; 1 the draft's full reading")
    start: str = "2020Q3"  # quarter the lever takes effect
    ramp_quarters: int = rng(0, 20, 4, "linear phase-in, quarters")


@dataclass
class MarketLevers:
    equal_treatment: Lever = field(default_factory=Lever)  # equal prices/incentives
    access_relaxation: Lever = field(default_factory=Lever)  # access, grades, tenders


@dataclass
class LandLevers:
    mixed_use: Lever = field(default_factory=Lever)  # mixed/compatible land use
    flexible_lease: Lever = field(default_factory=Lever)  # long lease, lease-then-sell, reuse


@dataclass
class FinanceLevers:
    credit_relief: Lever = field(default_factory=Lever)  # relending, SCF, IP-pledge loans
    special_fund: Lever = field(default_factory=Lever)  # adoption subsidies from the fund


@dataclass
class DataLevers:
    public_data: Lever = field(default_factory=Lever)  # government data sharing/opening
    data_market: Lever = field(default_factory=Lever)  # data trading market


@dataclass
class TalentLevers:
    composite_talent: Lever = field(default_factory=Lever)  # evaluation, flexible jobs
    vocational_training: Lever = field(default_factory=Lever)  # colleges, online education


@dataclass
class OrganizationLevers:
    pilot_promotion: Lever = field(default_factory=Lever)  # task force, project library
    service_platforms: Lever = field(default_factory=Lever)  # support for public platforms


@dataclass
class FundConfig:
    """The special fund (服务业发展引导财政专项资金): the draft gives 试点区域和试点企业
    "更大力度的支持", so by default only pilot enterprises and firms in pilot regions are
    eligible; each subsidised adoption is capped (project selection: one project per
    adoption, at most ``per_adoption_cap_yi``)."""

    budget_yi: float = rng(0.0, 10_000.0, 0.0, "special fund for the horizon, 亿元")
    subsidy_rate: float = rng(0.0, 1.0, 0.1, "share of adoption cost paid at intensity 1")
    pilots_only: bool = True  # eligible: pilot enterprises and firms in pilot regions
    per_adoption_cap_yi: float = rng(0.0, 100.0, 0.05, "most one adoption may get, 亿元")
    pilot_enterprise_award_yi: float = rng(0.0, 10.0, 0.005, "one-off award, 亿元")
    pilot_region_award_yi: float = rng(0.0, 100.0, 0.05, "one-off award, 亿元")


@dataclass
class LandUse:
    """Mixed-use land and flexible leases are granted to pilot enterprises and the firms
    of pilot regions (draft §四(二): 支持省级以上两业融合试点区域和试点企业所在地方政府探索
    功能适度混合的产业用地模式) within an annual quota of land (mu)."""

    pilots_only: bool = True  # False: every firm gets the land relief (the old reading)
    quota_mu_per_year: float = rng(0.0, 1e6, 3000.0, "land for integration projects, mu/yr")
    mu_per_adoption: dict[str, float] = field(
        default_factory=lambda: {"leading": 20.0, "medium": 5.0, "small": 1.0})
    shadow_price_yi_per_mu: float = rng(0.0, 10.0, 0.003, "亿元 per mu of land")


@dataclass
class LeverCost:
    """What one lever uses per year at intensity 1, in its own unit, and the shadow price
    that converts that unit to 亿元 (docs/ODD.md, "Costs of levers")."""

    unit: str = "亿元"  # 亿元 | staff | mu | forgone_tax
    per_year: float = rng(0.0, 1e6, 0.0, "resource used per year at intensity 1")
    shadow_price_yi: float = rng(0.0, 100.0, 1.0, "亿元 per unit")


@dataclass
class PilotRules:
    """The pilot programme (organization group; sim/model/pilots.py).  Criteria bars are
    an assumption (the draft gives none; sensitivity and the policy search sweep them);
    batch quotas come from comparable provincial first batches (zhejiang-facts.md):
    Anhui 16 regions / 24 enterprises, Jiangsu 15 regions — one such batch a year."""

    enabled: bool = True
    first_review: str = "2020Q4"  # first yearly review (always in a Q4)
    enterprise_min_paths: int = rng(1, 5, 4, "paths a pilot enterprise must have adopted")
    enterprise_sizes: list[str] = field(default_factory=lambda: ["leading", "medium"])
    enterprise_min_cross_share: float = rng(0.0, 1.0, 0.22, "manufacturers' service share")
    service_min_cross_share: float = rng(
        0.0, 1.0, 0.22, "service firms' manufacturing-facing share of revenue")
    enterprise_quota_per_year: int = rng(0, 100_000, 24, "enterprises per batch; 0 = none")
    enterprise_score_weights: dict[str, float] = field(
        default_factory=lambda: {"paths": 0.4, "cross_share": 0.4, "digital": 0.2})
    region_min_platforms: int = rng(0, 5, 3, "public service platforms a pilot region has")
    region_min_adoption: float = rng(0.0, 1.0, 0.38, "share of its firms with >= 2 paths")
    region_min_pilot_firms: int = rng(0, 1000, 0, "pilot enterprises located in it")
    region_requires_key_field: bool = True  # 在重点领域: a region with a key field
    region_quota_per_year: int = rng(0, 10_000, 16, "regions per batch; 0 = no quota")
    region_zone_share: float = rng(0.0, 1.0, 0.5, "most of a regional batch zones may take")
    region_score_weights: dict[str, float] = field(
        default_factory=lambda: {"adoption": 0.5, "platforms": 0.3, "pilot_firms": 0.2})
    review: bool = True  # dynamic review: revoke pilots that fall behind
    revoke_margin: float = rng(0.0, 1.0, 0.8, "revoked below this share of the entry bar")
    revoke_drop: float = rng(0.0, 1.0, 0.02, "revoked when the score fell by more than this")


@dataclass
class PolicyConfig:
    name: str = MISSING
    label_zh: str = ""
    label_en: str = ""
    # Shifts every lever's start (the timing experiment sweeps it); quarters.
    delay_quarters: int = rng(-8, 12, 0, "quarters every lever starts later (< 0: earlier)")
    market: MarketLevers = field(default_factory=MarketLevers)
    land: LandLevers = field(default_factory=LandLevers)
    finance: FinanceLevers = field(default_factory=FinanceLevers)
    data: DataLevers = field(default_factory=DataLevers)
    talent: TalentLevers = field(default_factory=TalentLevers)
    organization: OrganizationLevers = field(default_factory=OrganizationLevers)
    fund: FundConfig = field(default_factory=FundConfig)
    land_use: LandUse = field(default_factory=LandUse)
    pilots: PilotRules = field(default_factory=PilotRules)
    # Cost of each lever (key: group.lever) in its own unit and its shadow price.
    costs: dict[str, LeverCost] = field(default_factory=dict)
    # Sweep ranges of the programme's parameters (sensitivity analysis; the policy
    # search's experiment config lists the same keys): key -> [lo, hi].
    ranges: dict[str, list[float]] = field(default_factory=dict)


