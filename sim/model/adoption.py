"""The firm adoption rule, vectorized over all firm agents at once.

For firm i and a path k it has not adopted, one quarter:

    gross  = fit[kind, field, k] · (1 + data_payoff if k is digital/platform)
             · (1 + digital_complementarity · digital_maturity   if k ≠ digital)
    own    = cost[kind, size, k] · max(0, 1 − cost_relief − platform_cost_cut · connected
             − public_support[county])                                       (亿元)
    cost   = cost_weight · max(0, own − subsidy[i, k] − award[i]) / revenue
    hurdle = Σ_b exposure[kind, k, b] · constraint[i, b] · (1 − relief_b · access_b[i])  +  own threshold
    in the market (reachable)  iff  gross − cost − hurdle > 0
    p' = p · (1 + speedup · connected),  q' = q · demo[county] · (1 + speedup · connected)
    F  = peer_share[county×field×kind, k]                    (at the start of the quarter)
    E  = exp(−(p' + q') / 4)
    hazard = 1 − (p' + q') · E / (p' + q' · F + q' · (1 − F) · E)   for a reachable firm, else 0
    adopt  if  u < hazard                                    (u ~ U(0,1), one per firm×path)

The hazard is the Bass rate p' + q'·F(t) (per year) integrated over the quarter while
peers keep adopting at the Bass pace, i.e. exactly the share of non-adopters a Bass
process starting from F adopts in a quarter; holding F at its start-of-quarter value
instead would lag the closed form by about 2.5 quarters at p = 0.03, q = 0.38.

Pay-off, cost, barriers and policy decide *whether* a firm is among the path's potential
adopters (the Bass market potential: the reachable share); p and q are the Bass
coefficients of those potential adopters, never scaled by a willingness. Peers, pilots'
demonstration and platform links move the hazard. With every firm reachable (no
thresholds, barriers or costs), no platforms and no pilots, the rule is agent-level Bass
diffusion with the configured p and q (tests/test_model.py checks the time to 50%).

subsidy[i, k] is what the special fund offers firm i for path k (eligible firms only,
capped per adoption, 0 once the fund is spent); award[i] is what is left of a pilot
enterprise's award, earmarked for its further paths; access_b[i] is 1 except for the land
barrier, whose relief reaches only pilot enterprises and the firms of pilot regions while
the year's land quota lasts (``QuarterInputs.land_access``).
Paths listed in ``behaviour.requires_digitalization`` are open only to firms that have
digitalized (a prerequisite). Adopted non-digital paths are abandoned with hazard 1 − exp(−abandonment_rate / 4).
Manufacturers and service firms read their own tables (fit, cost, barrier exposure,
cross-share gain, digital gain: ``behaviour.path_fit`` … and ``behaviour.service_path_fit``
…); the two services → manufacturing mechanisms raise the service tables' entries for
the named fields and paths (``service_class_tables``); p, q and thresholds are common to
both kinds.
``sim.model.agents.Firm.step`` spells out the same rule for one firm in plain Python; a test
holds the two to identical decisions on identical inputs and random numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.levers import Channels
from sim.model.params import BehaviourConfig
from sim.model.vocabulary import BARRIERS, FIELDS, KINDS, PATHS, SIZES
from sim.model.world import Firms

DIGITAL = 0
LAND = BARRIERS.index("land")
DATA_PATHS = np.array([p in ("digitalization", "platformization") for p in PATHS])
SERVICES = KINDS.index("services")
# The services -> manufacturing mechanisms: (fields, paths) each one acts on.
CONTRACT_MFG = (("rd_design", "ecommerce"), ("flexibilization", "integration"))
SUPPLY_CHAIN = (("logistics",), ("integration", "sharing"))


def firm_class(firms: Firms) -> np.ndarray:
    """Row of the kind × field tables each firm reads (kind · n_fields + field)."""
    return firms.kind.astype(np.int64) * len(FIELDS) + firms.field


def service_class_tables(b: BehaviourConfig) -> tuple[np.ndarray, np.ndarray]:
    """(fit, cross gain), each (kinds × fields, paths): manufacturers' rows from the
    manufacturers' tables, service firms' rows from their own tables with the two
    mechanisms applied (fields a table does not list get zeros: no firm of that kind
    is in them)."""
    n_f = len(FIELDS)
    fit = np.zeros((len(KINDS) * n_f, len(PATHS)))
    gain = np.zeros_like(fit)
    for f, name in enumerate(FIELDS):
        if name in b.path_fit:
            fit[f] = [b.path_fit[name][p] for p in PATHS]
        gain[f] = [b.service_share_gain[p] for p in PATHS]
        row = SERVICES * n_f + f
        if name in b.service_path_fit:
            fit[row] = [b.service_path_fit[name][p] for p in PATHS]
        gain[row] = [b.manufacturing_share_gain[p] for p in PATHS]
    for (fields, paths), fit_gain, share_gain in (
            (CONTRACT_MFG, b.contract_mfg_fit_gain, b.contract_mfg_share_gain),
            (SUPPLY_CHAIN, b.supply_chain_fit_gain, b.supply_chain_share_gain)):
        for name in fields:
            row = SERVICES * n_f + FIELDS.index(name)
            for p in paths:
                fit[row, PATHS.index(p)] *= 1.0 + fit_gain
                gain[row, PATHS.index(p)] += share_gain
    return fit, gain


@dataclass(frozen=True)
class AdoptionParams:
    """Behaviour turned into arrays once per run."""

    fit: np.ndarray  # (kinds × fields, paths): row firm_class
    cost_yi: np.ndarray  # (kinds, sizes, paths)
    exposure: np.ndarray  # (kinds, paths, barriers)
    cross_gain: np.ndarray  # (kinds × fields, paths): row firm_class
    digital_gain: np.ndarray  # (kinds, paths)
    p: float
    q: float
    threshold_mean: float
    threshold_sd: float
    complementarity: float
    public_platform_cut: float  # cost share saved when the county has all 5 platforms
    speedup: float
    platform_cut: float
    cost_weight: float
    abandon_hazard: float  # per quarter
    requires_digital: np.ndarray  # bool (paths,): only digitalized firms may adopt
    productivity_gain: float

    @classmethod
    def from_behaviour(cls, b: BehaviourConfig) -> AdoptionParams:
        fit, cross_gain = service_class_tables(b)
        return cls(
            fit=fit,
            cost_yi=np.array([[[table[s][p] for p in PATHS] for s in SIZES]
                              for table in (b.path_cost_yi, b.service_path_cost_yi)]),
            exposure=np.array([[[table[p][x] for x in BARRIERS] for p in PATHS]
                               for table in (b.barrier_exposure, b.service_barrier_exposure)]),
            cross_gain=cross_gain,
            digital_gain=np.array([[table[p] for p in PATHS]
                                   for table in (b.digital_gain, b.service_digital_gain)]),
            p=b.innovation_p,
            q=b.imitation_q,
            threshold_mean=b.threshold_mean,
            threshold_sd=b.threshold_sd,
            complementarity=b.digital_complementarity,
            public_platform_cut=b.public_platform_cost_cut,
            speedup=b.platform_speedup,
            platform_cut=b.platform_cost_cut,
            cost_weight=b.cost_weight,
            abandon_hazard=float(1.0 - np.exp(-b.abandonment_rate / 4.0)),
            requires_digital=np.array([p in b.requires_digitalization for p in PATHS]),
            productivity_gain=b.productivity_gain,
        )


@dataclass(frozen=True)
class QuarterInputs:
    """What every firm's decision reads in one quarter (computed once by the model)."""

    channels: Channels
    subsidy_yi: np.ndarray  # (firms, paths) fund offer per adoption, 亿元 (0: not eligible)
    award_yi: np.ndarray  # (firms,) unspent pilot award, 亿元 (earmarked for further paths)
    land_access: np.ndarray  # (firms,) 1.0 where the land relief reaches the firm, else 0.0
    peer_share: np.ndarray  # (county×field×kind groups, paths) adopting share at quarter start
    connected: np.ndarray  # bool (firms,): reached by a platform this quarter
    demo: np.ndarray  # (counties,) multiplier of imitation from pilots nearby
    public_support: np.ndarray  # (counties,) cost share saved by public service platforms


def own_cost_yi(firms: Firms, prm: AdoptionParams, inp: QuarterInputs) -> np.ndarray:
    """(firms, paths) adoption cost a firm bears before fund and award, 亿元."""
    ch = inp.channels
    cost_share = np.maximum(
        0.0, 1.0 - ch.cost_relief - prm.platform_cut * inp.connected.astype(float)
        - inp.public_support[firms.county]
    )
    return firm_cost_yi(firms, prm) * cost_share[:, None]


def firm_cost_yi(firms: Firms, prm: AdoptionParams) -> np.ndarray:
    """(firms, paths) list cost of each path for each firm (its kind's table), 亿元."""
    return prm.cost_yi[firms.kind, firms.size]


def adoption_hazard(firms: Firms, prm: AdoptionParams, inp: QuarterInputs) -> np.ndarray:
    """Quarterly probability that each firm adopts each path (0 where adopted)."""
    ch = inp.channels
    connected = inp.connected.astype(float)
    gross = prm.fit[firm_class(firms)] * np.where(DATA_PATHS, 1.0 + ch.data_payoff, 1.0)
    gross[:, 1:] *= (1.0 + prm.complementarity * firms.digital)[:, None]
    net_cost = np.maximum(0.0, own_cost_yi(firms, prm, inp) - inp.subsidy_yi
                          - inp.award_yi[:, None])
    cost = prm.cost_weight * net_cost / firms.revenue_yi[:, None]
    relief = np.tile(np.asarray(ch.barrier_relief, float), (firms.n, 1))
    relief[:, LAND] = ch.barrier_relief[LAND] * inp.land_access
    residual = firms.constraint * (1.0 - relief)
    exposure = prm.exposure[firms.kind]  # (firms, paths, barriers): each firm's kind's table
    hurdle = np.stack([row_sum(residual * exposure[:, k]) for k in range(len(PATHS))], axis=1)
    threshold = prm.threshold_mean + prm.threshold_sd * firms.hurdle_z
    reachable = gross - cost - hurdle - threshold[:, None] > 0.0
    speed = (1.0 + prm.speedup * connected)[:, None]
    p_eff = prm.p * speed
    q_eff = prm.q * inp.demo[firms.county][:, None] * speed
    hazard = bass_quarter_hazard(p_eff, q_eff, inp.peer_share[firms.peer_group])
    hazard[~reachable | firms.adopted] = 0.0
    # Paths that build on digitalization wait until the firm has digitalized.
    hazard[np.outer(~firms.adopted[:, DIGITAL], prm.requires_digital)] = 0.0
    return hazard


def bass_quarter_hazard(p: np.ndarray, q: np.ndarray, peers: np.ndarray) -> np.ndarray:
    """Share of non-adopters a Bass process (rates p, q per year) starting from the peer
    share ``peers`` adopts within one quarter (0 where p = q = 0)."""
    pq = p + q
    decay = np.exp(-pq / 4.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        survive = pq * decay / (p + q * peers + q * (1.0 - peers) * decay)
    return np.where(pq > 0.0, 1.0 - survive, 0.0)


def row_sum(matrix: np.ndarray) -> np.ndarray:
    """Row sums added left to right, so the per-agent reference (which adds in the same
    order) gets bit-identical floats; ``matrix.sum(axis=1)`` may use pairwise sums."""
    total = np.zeros(matrix.shape[0])
    for j in range(matrix.shape[1]):
        total = total + matrix[:, j]
    return total


def decide(
    firms: Firms, prm: AdoptionParams, inp: QuarterInputs, u_adopt: np.ndarray,
    u_abandon: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(adopt, abandon) boolean (firms, paths) from the hazards and uniform draws."""
    adopt = u_adopt < adoption_hazard(firms, prm, inp)
    abandon = firms.adopted & (u_abandon < prm.abandon_hazard)
    abandon[:, DIGITAL] = False  # digital capability, once built, is kept (assumption)
    return adopt, abandon


def apply_decisions(
    firms: Firms, prm: AdoptionParams, adopt: np.ndarray, abandon: np.ndarray
) -> None:
    """Update adoption state, cross share, digital maturity and revenue in place."""
    firms.adopted |= adopt
    firms.adopted &= ~abandon
    cross_gain = prm.cross_gain[firm_class(firms)]
    firms.cross_share += row_sum(adopt * cross_gain) - row_sum(abandon * cross_gain)
    np.clip(firms.cross_share, 0.0, 0.8, out=firms.cross_share)
    firms.digital += row_sum(adopt * prm.digital_gain[firms.kind])
    np.clip(firms.digital, 0.0, 1.0, out=firms.digital)
    firms.revenue_yi *= 1.0 + prm.productivity_gain * adopt.sum(axis=1)


def subsidy_offer_yi(firms: Firms, prm: AdoptionParams, rate: float, cap_yi: float,
                     eligible: np.ndarray) -> np.ndarray:
    """(firms, paths) what the fund pays an eligible firm per adoption: ``rate`` of the
    path's cost, at most ``cap_yi`` (亿元, per real firm)."""
    if rate <= 0.0:
        return np.zeros((firms.n, len(PATHS)))
    return np.minimum(rate * firm_cost_yi(firms, prm), cap_yi) * eligible[:, None]


def additional_share(h_with: np.ndarray, h_without: np.ndarray) -> np.ndarray:
    """Expected share of an adoption that happened only because of the subsidy:
    1 − h0/h1 (the adoption would have happened anyway with probability h0/h1)."""
    return np.divide(h_with - h_without, h_with, out=np.zeros(h_with.shape),
                     where=h_with > 0)
