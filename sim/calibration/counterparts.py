"""The model's counterpart of each figure (``MODEL``) and the unsourced starting values."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calibration.facts import CITY_OUTPUT_YI, TIERS
from sim.calibration.measures import (
    CODE,
    CONFIG,
    Q1,
    Q4,
    RUN_END,
    WORLD,
    Y21,
    Measure,
    Tolerance,
    cities_in_tier,
    exact_tolerance,
    kind_share,
    manufacturing_revenue,
    province_value,
    revenue_tolerance,
    share_tolerance,
    world_share,
)
from sim.model.metrics import GRADES_ZH, coupling_coordination, grade
from sim.model.vocabulary import PATHS

CALIBRATED = "calibrated: set from this figure"
CHECKED = "checked: emerges from the model"
NOT_REPRESENTED = "not represented"
STATUSES = (CALIBRATED, CHECKED, NOT_REPRESENTED)


@dataclass(frozen=True)
class Counterpart:
    fact: str
    status: str
    quantity: str  # what model_value is; for "not represented": the reason
    when: str = "—"
    measure: Measure | None = None
    keys: str = ""  # config keys the figure pins (calibrated) or that produce the value
    tolerance: Tolerance | None = None  # calibrated rows only, in the row's unit
    note: str = ""


def _cal(fact, quantity, when, measure, keys, tolerance, note="") -> Counterpart:
    return Counterpart(fact, CALIBRATED, quantity, when, measure, keys, tolerance, note)


def _chk(fact, quantity, when, measure, keys, note="") -> Counterpart:
    return Counterpart(fact, CHECKED, quantity, when, measure, keys, None, note)


def _no(fact, reason) -> Counterpart:
    return Counterpart(fact, NOT_REPRESENTED, reason)


_MFG = "manufacturing"
_BASE = "world.baseline_adoption.manufacturing."
_REV_KEYS = "world.revenue_yi, world.revenue_sigma, world.size_shares, world.manufacturers"
_ABOVE_SIZE = "the model holds only above-size firms (world.manufacturers, world.service_firms)"
_NO_VA = "firms carry revenue, not value added; the model has no value-added accounts"

MODEL: tuple[Counterpart, ...] = (
    _cal("cities", "cities in the world named as in the facts file", WORLD,
         lambda o: float(sum(c in CITY_OUTPUT_YI for c in o.world.cities)), "world.cities",
         exact_tolerance),
    _cal("counties", "county regions", WORLD, lambda o: float(o.world.n_counties),
         "world.cities[*].counties", exact_tolerance,
         "districts, county-level cities and counties are not told apart"),
    _no("industrial_counties", "a 2025 classification; counties carry the 2020 mountain and "
        "千亿级 flags only (data/zhejiang/counties.csv)"),
    _cal("mountain_counties", "mountain counties (山区26县 flag)", WORLD,
         lambda o: float((o.world.regions.mountain & ~o.world.regions.is_zone).sum()),
         "data/zhejiang/counties.csv", exact_tolerance),
    _no("zone_bodies", "only the 30 national + 77 provincial zones are regions (ODD §9.7)"),
    _cal("zones_national", "national ETDZs", WORLD,
         lambda o: float((o.world.regions.is_national_zone & ~o.world.regions.hitech).sum()),
         "world.zones_national, data/zhejiang/zones.csv", exact_tolerance,
         "the 8 national high-tech zones are regions too but not part of the 22"),
    _cal("zones_provincial", "provincial zones", WORLD,
         lambda o: float((o.world.regions.is_zone & ~o.world.regions.is_national_zone).sum()),
         "world.zones_provincial", exact_tolerance),
    _chk("gdp", "sum of county GDP (from the city GDPs)", WORLD,
         lambda o: float(np.nansum(o.world.regions.gdp_yi)), "world.cities[*].gdp_yi",
         "city GDPs come from the cities' 2020 communiqués and are used only as shares"),
    _no("gdp_growth", "no macro growth: revenue grows only with adoption (ODD §9.11)"),
    _no("services_va", _NO_VA),
    _no("services_share", _NO_VA),
    _no("kis_share", _NO_VA + "; service fields are counted in firms"),
    _no("mfg_va", _NO_VA),
    _no("labour_productivity", "firms have no employment"),
    _no("rd_intensity", "firms have no R&D spending"),
    _no("above_size_va", _NO_VA),
    _cal("above_size_output", "manufacturers' revenue", WORLD, manufacturing_revenue(None), _REV_KEYS,
         revenue_tolerance(None), "revenue medians chosen so mean revenue ≈ output / firms"),
    _no("profit_margin", "firms have no profit or cost accounts"),
    _no("digital_core", _NO_VA + "; no digital-economy sector"),
    _no("mfg_enterprises", _ABOVE_SIZE),
    _no("small_micro", _ABOVE_SIZE + "; 'small' is the small class of above-size firms"),
    _no("digital_firms", _ABOVE_SIZE + "; no digital-economy sector"),
    _no("iip_platforms", "no provincial platforms reaching across cities (ODD §9.16); "
        "a loose anchor of world.initial_region_platforms"),
    _no("cloud_firms", _ABOVE_SIZE + "; cloud use is not a firm state"),
    _no("iti_index", "the model's index D is a different index on a 0-1 scale; only the "
        "city tiers are used"),
    *(_cal(f"tier{t}", f"listed cities with informatization_tier = {t}", CONFIG, cities_in_tier(t),
           "world.cities[*].informatization_tier", exact_tolerance) for t in TIERS),
    _no("servitization_rank", "one province, no other provinces to rank; it only justifies "
        "national values as the low end of the adoption ranges"),
    *(_cal(f"output_{c}", f"manufacturers' revenue in {c.title()}", WORLD, manufacturing_revenue(c),
           f"world.cities[{c}].industrial_output_yi (share); world.revenue_yi (level)",
           revenue_tolerance(c), "manufacturers spread over cities in proportion to output")
      for c in CITY_OUTPUT_YI),
    _cal("output_total", "manufacturers' revenue", WORLD, manufacturing_revenue(None),
         "world.cities[*].industrial_output_yi; " + _REV_KEYS, revenue_tolerance(None),
         "revenue medians chosen so mean revenue ≈ output / firms"),
    _no("ndrc_regions", "national programme over all provinces; only Zhejiang's is modelled"),
    _no("ndrc_enterprises", "national programme over all provinces; only Zhejiang's is "
        "modelled"),
    _chk("anhui_regions", "pilot regions designated in the 2020Q4 and 2021Q4 reviews", Y21,
         province_value("designated_regions_cum", RUN_END), "policy.pilots.region_*",
         "pilot bars set by eye so the first sizeable batch is of this order (ODD §9.6)"),
    _chk("anhui_enterprises", "pilot enterprises designated in the 2020Q4 and 2021Q4 reviews",
         Y21, province_value("designated_enterprises_cum", RUN_END), "policy.pilots.enterprise_*",
         "pilot bars set by eye so the first sizeable batch is of this order (ODD §9.6)"),
    _chk("jiangsu_regions", "pilot regions designated in the 2020Q4 and 2021Q4 reviews", Y21,
         province_value("designated_regions_cum", RUN_END), "policy.pilots.region_*",
         "pilot bars set by eye so the first sizeable batch is of this order (ODD §9.6)"),
    _cal("zj_regions_start", "pilot regions in place", Q1, province_value("pilot_regions", "2020Q1"),
         "policy.pilots.first_review", exact_tolerance,
         "assumption: national NDRC pilots in Zhejiang are not counted"),
    _cal("zj_enterprises_start", "pilot enterprises in place", Q1,
         province_value("pilot_enterprises", "2020Q1"), "policy.pilots.first_review", exact_tolerance,
         "assumption: national NDRC pilots in Zhejiang are not counted"),
    _cal("bass_p", "behaviour.innovation_p", CONFIG, lambda o: o.cfg.behaviour.innovation_p,
         "behaviour.innovation_p", exact_tolerance, "literature value; range 0.01-0.06"),
    _cal("bass_q", "behaviour.imitation_q", CONFIG, lambda o: o.cfg.behaviour.imitation_q,
         "behaviour.imitation_q", exact_tolerance, "literature value; range 0.2-0.6"),
    _no("watts_threshold", "the threshold is a pay-off hurdle (behaviour.threshold_mean), "
        "not a share of adopting peers"),
    _cal("platform_speedup", "behaviour.platform_speedup", CONFIG,
         lambda o: o.cfg.behaviour.platform_speedup, "behaviour.platform_speedup", exact_tolerance,
         "literature value; range 0.25-0.75"),
    _chk("digital_rd_tools", "share of manufacturers with digitalization", WORLD,
         world_share(_MFG, "digitalization"), _BASE + "digitalization",
         "set from the NC rate (49.5%); this figure is the top of the range 0.50-0.70"),
    _cal("nc_rate_2019", "share of manufacturers with digitalization", WORLD,
         world_share(_MFG, "digitalization"), _BASE + "digitalization",
         share_tolerance(_MFG), "national value, Zhejiang likely above: range 0.50-0.70"),
    _chk("nc_rate_2020", "share of manufacturers with digitalization", Q4,
         kind_share(_MFG, "digitalization", "2020Q4"), _BASE + "digitalization; behaviour.*",
         "one year of model dynamics (with the policy's first two quarters)"),
    _cal("networked", "share of manufacturers with sharing", WORLD, world_share(_MFG, "sharing"),
         _BASE + "sharing", share_tolerance(_MFG), "national 2017 value; range 0.30-0.45"),
    _cal("service_mfg", "share of manufacturers with integration", WORLD,
         world_share(_MFG, "integration"), _BASE + "integration", share_tolerance(_MFG),
         "national 2017 value; range 0.22-0.35"),
    _cal("customisation", "share of manufacturers with flexibilization", WORLD,
         world_share(_MFG, "flexibilization"), _BASE + "flexibilization",
         share_tolerance(_MFG), "national 2017 value; range 0.067-0.15"),
    _cal("iip_rate", "share of manufacturers with platformization", WORLD,
         world_share(_MFG, "platformization"), _BASE + "platformization",
         share_tolerance(_MFG), "national 2020 value; range 0.147-0.25"),
    _chk("iip_rate", "share of all firms connected to a platform", Q1,
         province_value("platform_connected_share", "2020Q1"),
         "behaviour.platform_capacity, world.platform_firm_share",
         "loose anchor: platform_capacity gives ~0.23 = this rate plus e-commerce and "
         "logistics platforms (assumption)"),
    _chk("servitized_cn", "share of manufacturers with integration", WORLD,
         world_share(_MFG, "integration"), _BASE + "integration",
         "set from 22.3% (2017); an older, narrower measure"),
    _no("servitized_us", "the model has no US firms"),
    _no("sharing_2019", "sharing is a firm's path; no transaction volumes (national figure)"),
    _no("sharing_2020", "sharing is a firm's path; no transaction volumes (national figure)"),
    _chk("index_start", "index D, end of the first quarter", Q1,
         province_value("integration_index", "2020Q1"), "sim/model/metrics.py; world.*",
         "no published value to compare with; linkage indicators with entropy weights over the 2020 cities (ODD §7.10, §9.1)"),
    _chk("index_start", "index D, base of the 2025 target", Q4,
         province_value("integration_index", "2020Q4"), "targets.integration_base",
         "includes two quarters of the policy's levers (ODD §9.2)"),
    _chk("grade_start", "grade of D (5 = 勉强协调), mean over seeds", Q1,
         lambda o: float(grade(o.province.loc["2020Q1", "integration_index"])), "sim/metrics.py"),
    _cal("index_weights", "a in sim.model.metrics.coupling_coordination", CODE,
         lambda o: float(coupling_coordination(1.0, 0.0)[1]), "sim/metrics.py", exact_tolerance),
    _cal("index_grades", "grades in sim.metrics", CODE, lambda o: float(len(GRADES_ZH)),
         "sim/metrics.py", exact_tolerance),
    _cal("clearly_improved", "targets.integration_rise_2025", CONFIG,
         lambda o: o.cfg.targets.integration_rise_2025, "targets.integration_rise_2025", exact_tolerance,
         "one full class of the ten-class scale (ODD §7.11); range 0.05-0.10"),
)

# Starting values the model needs but the facts file does not give (ODD §8.1):
# (quantity, config key, range the config comment gives, model value at world build).
UNSOURCED: tuple[tuple[str, str, str, Measure], ...] = (
    ("above-size manufacturers (firms)", "world.manufacturers", "45,000-52,000",
     lambda o: float((o.world.firms.kind == 0).sum() * o.world.firms.weight)),
    ("above-size service firms (firms)", "world.service_firms", "25,000-50,000",
     lambda o: float((o.world.firms.kind == 1).sum() * o.world.firms.weight)),
    ("share of firms in a development zone", "world.zone_firm_share", "0.3-0.7",
     lambda o: float((o.world.firms.zone >= 0).mean())),
    *((f"share of service firms with {p}", f"world.baseline_adoption.services.{p}",
       "±50%", world_share("services", p)) for p in PATHS),
)
