"""Policy levers → the strength of each effect channel in a given quarter.

A lever has an intensity (0 off, 1 = the draft's full reading, up to 2), a start
quarter and a linear phase-in.  Each lever group acts through named channels whose
size at intensity 1 is a behavioural assumption (``behaviour.lever_effect``); see
docs/ODD.md, "Policy levers".  Pure functions: no model, no randomness.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.params import BehaviourConfig, Lever, PolicyConfig
from sim.model.vocabulary import BARRIERS, quarter_index


def lever_level(lever: Lever, quarter: int) -> float:
    """Intensity in force at absolute quarter index ``quarter`` (phase-in included)."""
    start = quarter_index(lever.start)
    if quarter < start:
        return 0.0
    if lever.ramp_quarters == 0:
        return lever.intensity
    return lever.intensity * min(1.0, (quarter - start + 1) / lever.ramp_quarters)


@dataclass(frozen=True)
class Channels:
    """Effect sizes in force in one quarter."""

    cost_relief: float  # share of adoption cost removed
    barrier_relief: tuple[float, ...]  # share removed per barrier, in BARRIERS order
    data_payoff: float  # pay-off gain of digitalization and platformization
    subsidy_intensity: float  # special_fund level (× fund.subsidy_rate while money lasts)
    promotion: float  # gain in application rate and demonstration
    platform_support: float  # gain in regions' platform-building hazard


def _mean(*xs: float) -> float:
    return sum(xs) / len(xs)


def channels_at(policy: PolicyConfig, behaviour: BehaviourConfig, quarter: int) -> Channels:
    eff = behaviour.lever_effect
    # A delay of k quarters reads every lever as it stood k quarters earlier.
    now = quarter - policy.delay_quarters
    level = lambda lever, q=now: lever_level(lever, q)  # noqa: E731
    lag = now - behaviour.talent_lag_quarters
    data = _mean(level(policy.data.public_data), level(policy.data.data_market))
    relief = {
        "finance": eff["credit_relief"] * level(policy.finance.credit_relief),
        "land": eff["land_relief"]
        * _mean(level(policy.land.mixed_use), level(policy.land.flexible_lease)),
        "talent": eff["talent_relief"]
        * _mean(
            level(policy.talent.composite_talent, lag),
            level(policy.talent.vocational_training, lag),
        ),
        "data": eff["data_relief"] * data,
        "market": eff["access_relief"] * level(policy.market.access_relaxation),
    }
    return Channels(
        cost_relief=min(1.0, eff["cost_relief"] * level(policy.market.equal_treatment)),
        barrier_relief=tuple(min(1.0, relief[b]) for b in BARRIERS),
        data_payoff=eff["data_payoff"] * data,
        subsidy_intensity=level(policy.finance.special_fund),
        promotion=eff["promotion"] * level(policy.organization.pilot_promotion),
        platform_support=eff["platform_support"] * level(policy.organization.service_platforms),
    )


def flat_levers(policy: PolicyConfig) -> list[tuple[Lever, float, float]]:
    """The levers that use a fixed resource per year, in key order: (lever, resource per
    year, shadow price in 亿元 per unit), as ``policy.costs`` names them."""
    out = []
    for key, cost in sorted(policy.costs.items()):
        group, name = key.split(".")
        out.append((getattr(getattr(policy, group), name), cost.per_year, cost.shadow_price_yi))
    return out


def flat_lever_cost_yi(policy: PolicyConfig, quarter: int,
                       levers: list[tuple[Lever, float, float]] | None = None) -> float:
    """Shadow-priced cost of the levers that use a fixed resource per year (staff, 亿元)
    in this quarter, 亿元: Σ level × per_year / 4 × shadow price (``policy.costs``;
    ``levers`` is ``flat_levers(policy)``, which a caller may keep). The special fund,
    pilot awards, land (mu) and equal treatment (forgone tax) are costed by their use in
    the model instead."""
    now = quarter - policy.delay_quarters
    total = 0.0
    for lever, per_year, price in flat_levers(policy) if levers is None else levers:
        total += lever_level(lever, now) * per_year / 4.0 * price
    return total
