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
from sim.model.adoption import DATA_PATHS, DIGITAL
from sim.model.levers import channels_at
from sim.model.vocabulary import BARRIERS, PATHS


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
        cost_share = max(0.0, 1.0 - ch.cost_relief - inp.subsidy_rate
                         - prm.platform_cut * connected - inp.public_support[f.county[i]])
        threshold = prm.threshold_mean + prm.threshold_sd * f.hurdle_z[i]
        demo = inp.demo[f.county[i]]
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
            gross = prm.fit[f.field[i], k]
            gross *= 1.0 + ch.data_payoff if DATA_PATHS[k] else 1.0
            if k != DIGITAL:
                gross *= 1.0 + prm.complementarity * maturity
            cost = prm.cost_weight * prm.cost_yi[f.size[i], k] / f.revenue_yi[i] * cost_share
            hurdle = 0.0
            for b in range(len(BARRIERS)):
                residual = f.constraint[i, b] * (1.0 - ch.barrier_relief[b])
                hurdle = hurdle + residual * prm.exposure[k, b]
            if not gross - cost - hurdle - threshold > 0.0:
                self.pending_adopt.append(False)  # not in the path's market: never adopts
                continue
            # Bass rates of a reachable firm, integrated over the quarter (see adoption.py).
            speed = 1.0 + prm.speedup * connected
            p_eff = prm.p * speed
            q_eff = prm.q * demo * speed
            peers = inp.peer_share[f.peer_group[i], k]
            pq = p_eff + q_eff
            hazard = 0.0
            if pq > 0.0:
                decay = math.exp(-pq / 4.0)
                hazard = 1.0 - pq * decay / (p_eff + q_eff * peers + q_eff * (1.0 - peers) * decay)
            self.pending_adopt.append(bool(self.model.u_adopt[i, k] < hazard))

    def advance(self) -> None:
        """Apply this quarter's decisions to the firm (same arithmetic order as arrays)."""
        f, i, prm = self.model.firms, self.index, self.model.adoption_params
        cross_in, cross_out, digital_in, n_new = 0.0, 0.0, 0.0, 0
        for k in range(len(PATHS)):
            cross_in = cross_in + self.pending_adopt[k] * prm.cross_gain[k]
            cross_out = cross_out + self.pending_abandon[k] * prm.cross_gain[k]
            digital_in = digital_in + self.pending_adopt[k] * prm.digital_gain[k]
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


class Province(mesa.Agent):
    """Holds the policy package and the special fund; runs the yearly pilot review."""

    def __init__(self, model: mesa.Model, policy, behaviour) -> None:
        super().__init__(model)
        self.policy = policy
        self.behaviour = behaviour
        self.fund_remaining_yi = float(policy.fund.budget_yi)
        self.spent_subsidy_yi = 0.0
        self.spent_awards_yi = 0.0
        self.designated_enterprises = 0  # real firms ever designated (cumulative)
        self.designated_regions = 0

    def apply_policy(self, quarter: int):
        """Levers in force this quarter and the subsidy rate the fund can still pay."""
        channels = channels_at(self.policy, self.behaviour, quarter)
        rate = min(1.0, self.policy.fund.subsidy_rate * channels.subsidy_intensity)
        return channels, (rate if self.fund_remaining_yi > 0 else 0.0)

    def pay_subsidies(self, claim_yi: float) -> float:
        """Pay adoption subsidies until the fund is spent (the last claim pro rata)."""
        paid = min(claim_yi, self.fund_remaining_yi)
        self.fund_remaining_yi -= paid
        self.spent_subsidy_yi += paid
        return paid

    def review_pilots(self, quarter: int) -> dict:
        """Admit new pilot enterprises and regions; revoke those that fell behind."""
        m, rules = self.model, self.policy.pilots
        f, r = m.firms, m.regions
        apply_boost = 1.0 + m.channels.promotion
        ready_f = pilots.enterprise_readiness(f, rules)
        quota_f = -(-rules.enterprise_quota_per_year // f.weight) if rules.enterprise_quota_per_year else 0
        new_f = pilots.select(ready_f, f.pilot, m.rng.random(f.n),
                              min(1.0, self.behaviour.application_rate * apply_boost), quota_f)
        gone_f = pilots.revoke(ready_f, f.pilot, rules)
        first_f = new_f[~f.ever_pilot[new_f]]  # awards go to first designations only
        f.pilot[new_f] = True
        f.ever_pilot[new_f] = True
        f.pilot[gone_f] = False

        pilot_firms = m.region_pilot_firms()
        ready_r = pilots.region_readiness(r.platforms, m.region_adoption, pilot_firms,
                                          r.strong_economy, rules)
        new_r = pilots.select(ready_r, r.pilot, m.rng.random(r.n),
                              min(1.0, self.behaviour.region_application_rate * apply_boost),
                              rules.region_quota_per_year)
        gone_r = pilots.revoke(ready_r, r.pilot, rules)
        first_r = new_r[r.pilot_since[new_r] < 0]
        r.pilot[new_r] = True
        r.pilot_since[first_r] = quarter
        r.pilot[gone_r] = False
        r.designations[new_r] += 1

        # Pilot awards come from the general budget, not the special fund, so they are
        # paid (and counted as fiscal cost) even after the fund is spent.
        fund = self.policy.fund
        self.spent_awards_yi += (len(first_f) * f.weight * fund.pilot_enterprise_award_yi
                                 + len(first_r) * fund.pilot_region_award_yi)
        self.designated_enterprises += len(first_f) * f.weight
        self.designated_regions += len(first_r)
        return {"new_enterprises": len(new_f) * f.weight, "revoked_enterprises":
                len(gone_f) * f.weight, "new_regions": len(new_r), "revoked_regions": len(gone_r)}
