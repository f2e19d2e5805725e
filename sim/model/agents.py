"""The model's agents: firms, regions and the province.  Behaviour only, no I/O.

Firm state lives in the model's arrays (``model.firms``) so the quarterly decision can
run vectorized over 10^5 firms; a ``Firm`` agent is a named view onto one row.  Its
``step``/``advance`` pair is the per-agent *reference* implementation of the adoption
rule (``run.engine=agents``), written for reading, and held by a test to the same
decisions as ``sim.model.adoption.decide``.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from sim.model import pilots
from sim.model.adoption import DATA_PATHS, DIGITAL, LAND
from sim.model.levers import channels_at
from sim.model.vocabulary import BARRIERS, FIELDS, PATHS


class Firm(mesa.Agent):
    """A manufacturer or service firm (or ``weight`` of them when scaled)."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index
        self.pending_adopt: list[bool] = []
        self.pending_abandon: list[bool] = []

    @property
    def adopted(self) -> np.ndarray:
        return self.model.firms.adopted[self.index]

    @property
    def is_pilot(self) -> bool:
        return bool(self.model.firms.pilot[self.index])

    def step(self) -> None:
        """Decide this quarter's adoptions and abandonments from start-of-quarter state."""
        f, i = self.model.firms, self.index
        prm, inp = self.model.adoption_params, self.model.quarter_inputs
        ch = inp.channels
        connected = float(inp.connected[i])
        maturity = f.digital[i]
        cost_share = max(0.0, 1.0 - ch.cost_relief - prm.platform_cut * connected
                         - inp.public_support[f.county[i]])
        threshold = prm.threshold_mean + prm.threshold_sd * f.hurdle_z[i]
        demo = inp.demo[f.county[i]]
        # A manufacturer reads the manufacturers' tables, a service firm its own (with
        # the services -> manufacturing mechanisms): row kind × field, and kind × size.
        table = int(f.kind[i]) * len(FIELDS) + int(f.field[i])
        self.pending_adopt, self.pending_abandon = [], []
        for k in range(len(PATHS)):
            if f.adopted[i, k]:
                self.pending_adopt.append(False)
                abandon = k != DIGITAL and self.model.u_abandon[i, k] < prm.abandon_hazard
                self.pending_abandon.append(bool(abandon))
                continue
            self.pending_abandon.append(False)
            if prm.requires_digital[k] and not f.adopted[i, DIGITAL]:
                self.pending_adopt.append(False)  # digitalization must come first
                continue
            gross = prm.fit[table, k]
            gross *= 1.0 + ch.data_payoff if DATA_PATHS[k] else 1.0
            if k != DIGITAL:
                gross *= 1.0 + prm.complementarity * maturity
            own = prm.cost_yi[f.kind[i], f.size[i], k] * cost_share  # 亿元, before fund and award
            net_cost = max(0.0, own - inp.subsidy_yi[i, k] - inp.award_yi[i])
            cost = prm.cost_weight * net_cost / f.revenue_yi[i]
            hurdle = 0.0
            for b in range(len(BARRIERS)):
                # Land relief reaches only pilots and pilot regions' firms (within quota).
                relief = ch.barrier_relief[b] * inp.land_access[i] if b == LAND \
                    else ch.barrier_relief[b]
                residual = f.constraint[i, b] * (1.0 - relief)
                hurdle = hurdle + residual * prm.exposure[f.kind[i], k, b]
            if not gross - cost - hurdle - threshold > 0.0:
                self.pending_adopt.append(False)  # not in the path's market: never adopts
                continue
            # Bass rates of a reachable firm, integrated over the quarter (see adoption.py).
            speed = 1.0 + prm.speedup * connected
            p_eff = prm.p * speed
            q_eff = prm.q * demo * speed
            peers = inp.peer_share[self.model.firm_tables.peer_slot[i], k]
            pq = p_eff + q_eff
            hazard = 0.0
            if pq > 0.0:
                decay = math.exp(-pq / 4.0)
                hazard = 1.0 - pq * decay / (p_eff + q_eff * peers + q_eff * (1.0 - peers) * decay)
            self.pending_adopt.append(bool(self.model.u_adopt[i, k] < hazard))

    def advance(self) -> None:
        """Apply this quarter's decisions to the firm (same arithmetic order as arrays)."""
        f, i, prm = self.model.firms, self.index, self.model.adoption_params
        table = int(f.kind[i]) * len(FIELDS) + int(f.field[i])
        cross_in, cross_out, digital_in, n_new = 0.0, 0.0, 0.0, 0
        for k in range(len(PATHS)):
            cross_in = cross_in + self.pending_adopt[k] * prm.cross_gain[table, k]
            cross_out = cross_out + self.pending_abandon[k] * prm.cross_gain[table, k]
            digital_in = digital_in + self.pending_adopt[k] * prm.digital_gain[f.kind[i], k]
            n_new += self.pending_adopt[k]
            if self.pending_adopt[k]:
                f.adopted[i, k] = True
            if self.pending_abandon[k]:
                f.adopted[i, k] = False
        f.cross_share[i] = min(max(f.cross_share[i] + (cross_in - cross_out), 0.0), 0.8)
        f.digital[i] = min(max(f.digital[i] + digital_in, 0.0), 1.0)
        f.revenue_yi[i] *= 1.0 + prm.productivity_gain * n_new


class Region(mesa.Agent):
    """A county-level unit or a development zone; builds public service platforms."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def is_pilot(self) -> bool:
        return bool(self.model.regions.pilot[self.index])

    def step(self) -> None:
        """Each missing platform type may be built this quarter (independently): likelier
        where firms integrate more and where the province supports platforms
        (organization.service_platforms)."""
        r, m = self.model.regions, self.model
        # Demand from integrating firms: 1 at the reference share of firms with two
        # paths, capped at 1.5 (assumption).
        momentum = min(1.5, m.region_adoption[self.index] / m.behaviour.region_platform_reference)
        hazard = m.behaviour.region_platform_rate * (1.0 + m.channels.platform_support) * momentum
        draws = m.rng.random(r.platforms.shape[1])
        r.platforms[self.index] |= draws < hazard


def build_platforms(model: mesa.Model) -> None:
    """``Region.step`` for every region at once, in region order: the same hazards, and
    one (regions, types) draw, which is the stream of one draw of the types per region."""
    r, m = model.regions, model
    momentum = np.minimum(1.5, m.region_adoption / m.behaviour.region_platform_reference)
    hazard = m.behaviour.region_platform_rate * (1.0 + m.channels.platform_support) * momentum
    r.platforms |= m.rng.random(r.platforms.shape) < hazard[:, None]


class Province(mesa.Agent):
    """Holds the policy package, the special fund and the land quota; runs the yearly
    pilot review (sim/model/pilots.py)."""

    def __init__(self, model: mesa.Model, policy, behaviour) -> None:
        super().__init__(model)
        self.policy = policy
        self.behaviour = behaviour
        self.fund_remaining_yi = float(policy.fund.budget_yi)
        self.spent_subsidy_yi = 0.0
        self.additional_subsidy_yi = 0.0  # the part that bought adoptions (expected)
        self.spent_awards_yi = 0.0
        self.land_used_mu = 0.0  # cumulative
        self.land_used_year_mu = 0.0  # this calendar year (the quota is annual)
        self.forgone_tax_yi = 0.0  # cost relief given on adoptions (equal treatment)
        self.flat_lever_cost_yi = 0.0  # staff and budget of the other levers, shadow-priced
        self.designated_enterprises = 0  # real firms ever designated (cumulative)
        self.designated_regions = 0
        self.score_f = np.zeros(model.firms.n)  # score at the last evaluation
        self.score_r = np.zeros(model.regions.n)

    def apply_policy(self, quarter: int):
        """Levers in force this quarter and the subsidy rate the fund can still pay."""
        channels = channels_at(self.policy, self.behaviour, quarter)
        rate = min(1.0, self.policy.fund.subsidy_rate * channels.subsidy_intensity)
        return channels, (rate if self.fund_remaining_yi > 0 else 0.0)

    def economic_cost_yi(self) -> float:
        """Fiscal cost (fund, awards) plus every other lever's shadow-priced cost, 亿元."""
        return (self.spent_subsidy_yi + self.spent_awards_yi + self.forgone_tax_yi
                + self.flat_lever_cost_yi
                + self.land_used_mu * self.policy.land_use.shadow_price_yi_per_mu)

    def land_open(self, quarter: int) -> bool:
        """Whether the year's land quota still has room (reset every Q1)."""
        if quarter % 4 == 0:
            self.land_used_year_mu = 0.0
        return self.land_used_year_mu < self.policy.land_use.quota_mu_per_year

    def pay_subsidies(self, claim_yi: float, additional_yi: float = 0.0) -> float:
        """Pay adoption subsidies until the fund is spent (the last claim pro rata)."""
        paid = min(claim_yi, self.fund_remaining_yi)
        self.fund_remaining_yi -= paid
        self.spent_subsidy_yi += paid
        if claim_yi > 0:
            self.additional_subsidy_yi += additional_yi * paid / claim_yi
        return paid

    def review_pilots(self, quarter: int) -> dict:
        """Designate this year's batches (criteria → applications → scores → quota) and
        evaluate the pilots (revocation when the score fell or criteria are lost)."""
        m, rules = self.model, self.policy.pilots
        f, r = m.firms, m.regions
        apply_boost = 1.0 + m.channels.promotion  # promotion's one channel
        ready_f = pilots.enterprise_readiness(f, rules)
        score_f = pilots.enterprise_score(f, rules)
        quota_f = (-(-rules.enterprise_quota_per_year // f.weight)
                   if rules.enterprise_quota_per_year else 0)
        gone_f = pilots.evaluate(ready_f, score_f, self.score_f, f.pilot, rules)
        cand_f, appl_f, new_f, bound_f = pilots.select(
            ready_f, score_f, f.pilot, m.rng.random(f.n),
            min(1.0, self.behaviour.application_rate * apply_boost), quota_f)
        first_f = new_f[~f.ever_pilot[new_f]]  # awards go to first designations only
        f.pilot[gone_f] = False
        f.pilot[new_f] = True
        f.ever_pilot[new_f] = True
        self.score_f = score_f

        pilot_firms = m.region_pilot_firms()
        has_key = r.key_field.any(axis=1)
        ready_r = pilots.region_readiness(r.platforms, m.region_adoption, pilot_firms,
                                          r.strong_economy, has_key, rules)
        score_r = pilots.region_score(r.platforms, m.region_adoption, pilot_firms, rules)
        gone_r = pilots.evaluate(ready_r, score_r, self.score_r, r.pilot, rules)
        cand_r, appl_r, new_r, bound_r = pilots.select(
            ready_r, score_r, r.pilot, m.rng.random(r.n),
            min(1.0, self.behaviour.region_application_rate * apply_boost),
            rules.region_quota_per_year, r.is_zone, rules.region_zone_share)
        first_r = new_r[r.pilot_since[new_r] < 0]
        r.pilot[gone_r] = False
        r.pilot[new_r] = True
        r.pilot_since[first_r] = quarter
        r.designations[new_r] += 1
        self.score_r = score_r

        # Awards come from the general budget (paid even after the fund is spent); an
        # enterprise's award is earmarked for its further paths (model.award_yi).
        fund = self.policy.fund
        m.award_yi[first_f] += fund.pilot_enterprise_award_yi
        self.spent_awards_yi += (len(first_f) * f.weight * fund.pilot_enterprise_award_yi
                                 + len(first_r) * fund.pilot_region_award_yi)
        self.designated_enterprises += len(first_f) * f.weight
        self.designated_regions += len(first_r)
        w = f.weight
        return {"candidate_enterprises": len(cand_f) * w, "applied_enterprises": len(appl_f) * w,
                "new_enterprises": len(new_f) * w, "revoked_enterprises": len(gone_f) * w,
                "enterprise_quota_bound": bool(bound_f),
                "candidate_regions": len(cand_r), "applied_regions": len(appl_r),
                "new_regions": len(new_r), "revoked_regions": len(gone_r),
                "region_quota_bound": bool(bound_r)}
