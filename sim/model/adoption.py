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
from sim.model.metrics import any_rows
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
    return firm_cost_yi(firms, prm) * _cost_share(firms, prm, inp, slice(None))[:, None]


def _cost_share(firms: Firms, prm: AdoptionParams, inp: QuarterInputs, s: slice) -> np.ndarray:
    ch = inp.channels
    return np.maximum(
        0.0, 1.0 - ch.cost_relief - prm.platform_cut * inp.connected[s].astype(float)
        - inp.public_support[firms.county[s]]
    )


def firm_cost_yi(firms: Firms, prm: AdoptionParams) -> np.ndarray:
    """(firms, paths) list cost of each path for each firm (its kind's table), 亿元."""
    return prm.cost_yi[firms.kind, firms.size]


# Firms are decided in blocks of this many, so a quarter's temporaries stay a few MB
# whatever the population (and in cache); every value is computed per firm, so the
# blocking changes no result.
BLOCK = 16_384


class FirmTables:
    """Per-firm values of the run's tables that never change during a run (a firm's
    kind, field, size and hurdle score are fixed): built once, read every quarter. The
    fit table is gathered per block instead (40 bytes a firm less to hold)."""

    def __init__(self, firms: Firms, prm: AdoptionParams) -> None:
        self.klass = firm_class(firms)  # row of the kind × field tables
        self.list_cost = firm_cost_yi(firms, prm)  # (firms, paths) 亿元
        self.threshold = prm.threshold_mean + prm.threshold_sd * firms.hurdle_z
        # Barrier exposure by kind: one table when both kinds share it (the default).
        exp = prm.exposure
        self.one_exposure = bool(np.array_equal(exp[0], exp[-1]))
        self.services = firms.kind == SERVICES
        n_fk = len(FIELDS) * len(KINDS)
        self.n_groups = int(firms.peer_group.max()) // n_fk * n_fk + n_fk
        # The quarter's Bass table has a row per group × connected (row g·2 + connected).
        self.bass_connected = np.tile([0.0, 1.0], self.n_groups)
        self.bass_group = np.repeat(np.arange(self.n_groups), 2)
        self.bass_county = self.bass_group // n_fk
        # The hurdle changes only with the barrier relief in force and the land access
        # (levers phase in, the land quota closes, pilots change once a year), so it is
        # kept from the last quarter whenever both are as they were.
        self.hurdle: np.ndarray | None = None
        self.hurdle_key: tuple | None = None
        self.hurdle_land: np.ndarray | None = None


class QuarterTables:
    """What one quarter's hazards share. A reachable firm's Bass hazard depends only on
    its peer group (which fixes its county, so its demonstration multiplier), on whether
    it is connected, and on the path: it is computed once per group × connected × path
    with the very operations of the per-firm formula, then gathered."""

    def __init__(self, firms: Firms, prm: AdoptionParams, inp: QuarterInputs,
                 tab: FirmTables) -> None:
        speed = (1.0 + prm.speedup * tab.bass_connected)[:, None]
        p_eff = prm.p * speed
        q_eff = prm.q * inp.demo[tab.bass_county][:, None] * speed
        self.bass = bass_quarter_hazard(p_eff, q_eff, inp.peer_share[tab.bass_group])
        key = tuple(inp.channels.barrier_relief)
        self.reuse_hurdle = (tab.hurdle is not None and tab.hurdle_key == key
                             and np.array_equal(tab.hurdle_land, inp.land_access))
        if not self.reuse_hurdle:
            if tab.hurdle is None:
                tab.hurdle = np.empty((firms.n, len(PATHS)))
            tab.hurdle_key, tab.hurdle_land = key, inp.land_access.copy()


@dataclass
class Decisions:
    """One quarter's decisions of every firm and what the model's accounts need."""

    adopt: np.ndarray  # bool (firms, paths)
    abandon: np.ndarray  # bool (firms, paths)
    bought: np.ndarray | None  # bool (firms, paths): adopted, and out of reach without the offer
    award_used: np.ndarray | None  # (firms,) award each firm's new paths draw (亿元), if asked


def _hurdle(tab: FirmTables, prm: AdoptionParams, residual: np.ndarray,
            s: slice) -> np.ndarray:
    """Σ_b residual[i, b] · exposure[kind_i, k, b], added over b left to right (the
    reference's order), as broadcast multiply-adds per kind table."""
    def one(table: np.ndarray) -> np.ndarray:  # table: (paths, barriers)
        total = residual[:, 0:1] * table[:, 0]
        for b in range(1, table.shape[1]):
            total = total + residual[:, b:b + 1] * table[:, b]
        return total
    if tab.one_exposure:
        return one(prm.exposure[0])
    return np.where(tab.services[s, None], one(prm.exposure[SERVICES]), one(prm.exposure[0]))


def _block_hazard(firms: Firms, prm: AdoptionParams, inp: QuarterInputs, tab: FirmTables,
                  qt: QuarterTables, s: slice, with_offer: bool, want_without: bool):
    """Bass hazards of the firms in slice ``s`` (as if open), where they are open (in
    reach, not adopted, not waiting for digitalization; the hazard is 0 elsewhere), the
    the pieces of reachability without the fund's offer (if asked) and the own cost."""
    ch = inp.channels
    gross = prm.fit[tab.klass[s]] * np.where(DATA_PATHS, 1.0 + ch.data_payoff, 1.0)
    gross[:, 1:] *= (1.0 + prm.complementarity * firms.digital[s])[:, None]
    own = tab.list_cost[s] * _cost_share(firms, prm, inp, s)[:, None]
    award = inp.award_yi[s]
    base = own - award[:, None] if award.any() else own  # x - 0.0 == x
    revenue = firms.revenue_yi[s][:, None]
    if qt.reuse_hurdle:
        hurdle = tab.hurdle[s]
    else:
        relief = np.asarray(ch.barrier_relief, float)
        constraint = firms.constraint[s]
        residual = constraint * (1.0 - relief)
        residual[:, LAND] = constraint[:, LAND] * (1.0 - ch.barrier_relief[LAND]
                                                   * inp.land_access[s])
        hurdle = tab.hurdle[s] = _hurdle(tab, prm, residual, s)
    threshold = tab.threshold[s][:, None]
    if with_offer:
        net = np.maximum(0.0, own - inp.subsidy_yi[s] - award[:, None])
    else:
        net = np.maximum(0.0, base)
    reachable = gross - prm.cost_weight * net / revenue - hurdle - threshold > 0.0
    # What reachability without the offer needs; the caller evaluates it only where a
    # firm adopted (elementwise, the same operations as ``reachable``).
    without = (gross, base, revenue, hurdle, threshold) if want_without else None
    hazard = qt.bass[firms.peer_group[s] * 2 + inp.connected[s]]  # row: group × connected
    # Open: reachable, not adopted, and digitalized if the path builds on it.
    adopted = firms.adopted[s]
    open_ = np.greater(reachable, adopted, out=reachable)  # reachable & ~adopted
    if prm.requires_digital.any():
        open_[:, prm.requires_digital] &= adopted[:, DIGITAL:DIGITAL + 1]
    return hazard, open_, without, own


def adoption_hazard(firms: Firms, prm: AdoptionParams, inp: QuarterInputs,
                    tables: FirmTables | None = None) -> np.ndarray:
    """Quarterly probability that each firm adopts each path (0 where adopted)."""
    tab = tables or FirmTables(firms, prm)
    qt = QuarterTables(firms, prm, inp, tab)
    with_offer = bool(inp.subsidy_yi.any())
    out = np.empty((firms.n, len(PATHS)))
    for a in range(0, firms.n, BLOCK):
        s = slice(a, min(a + BLOCK, firms.n))
        hazard, open_ = _block_hazard(firms, prm, inp, tab, qt, s, with_offer, False)[:2]
        hazard[~open_] = 0.0
        out[s] = hazard
    return out


def bass_quarter_hazard(p: np.ndarray, q: np.ndarray, peers: np.ndarray) -> np.ndarray:
    """Share of non-adopters a Bass process (rates p, q per year) starting from the peer
    share ``peers`` adopts within one quarter (0 where p = q = 0)."""
    pq = p + q
    decay = np.exp(-pq / 4.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        survive = pq * decay / (p + q * peers + q * (1.0 - peers) * decay)
    if (pq > 0.0).all():
        return 1.0 - survive
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
    d = decide_and_apply(firms, prm, inp, u_adopt, u_abandon, apply=False)
    return d.adopt, d.abandon


def decide_and_apply(
    firms: Firms, prm: AdoptionParams, inp: QuarterInputs, u_adopt: np.ndarray,
    u_abandon: np.ndarray, tables: FirmTables | None = None, apply: bool = True,
    additionality: bool = False,
) -> Decisions:
    """Every firm's decisions, block by block; with ``apply`` each block's decisions are
    applied at once (a firm's decision reads only its own row and the quarter's shared
    inputs, so this is the simultaneous update). With ``additionality``, which adoptions
    the fund's offer bought (out of reach without it: their additional share
    1 − h0/h1 is exactly 1, every other adoption's exactly 0)."""
    tab = tables or FirmTables(firms, prm)
    qt = QuarterTables(firms, prm, inp, tab)
    n, n_paths = firms.n, len(PATHS)
    with_offer = bool(inp.subsidy_yi.any())
    adopt = np.empty((n, n_paths), bool)
    abandon = np.empty((n, n_paths), bool)
    bought = np.zeros((n, n_paths), bool) if additionality and with_offer else None
    used = np.zeros(n) if apply else None
    for a in range(0, n, BLOCK):
        s = slice(a, min(a + BLOCK, n))
        hazard, open_, without, own = _block_hazard(firms, prm, inp, tab, qt, s, with_offer,
                                                    bought is not None)
        ad = np.less(u_adopt[s], hazard, out=adopt[s])
        ad &= open_  # elsewhere the hazard is 0 and u < 0 never holds (u >= 0)
        ab = np.less(u_abandon[s], prm.abandon_hazard, out=abandon[s])
        ab &= firms.adopted[s]
        ab[:, DIGITAL] = False  # digital capability, once built, is kept (assumption)
        if bought is not None:
            r, c = np.nonzero(ad)  # adoptions only: bought = adopted & ~reachable without
            gross, base, revenue, hurdle, threshold = without
            bought[a + r, c] = ~(gross[r, c] - prm.cost_weight * np.maximum(0.0, base[r, c])
                                 / revenue[r, 0] - hurdle[r, c] - threshold[r, 0] > 0.0)
        if apply:
            rows = any_rows(ad)
            if len(rows):
                left = np.maximum(0.0, own[rows] - inp.subsidy_yi[s][rows]) * ad[rows]
                used[a + rows] = np.minimum(inp.award_yi[a + rows], left.sum(axis=1))
            _apply_block(firms, prm, s, ad, ab)
    return Decisions(adopt=adopt, abandon=abandon, bought=bought, award_used=used)


def _apply_block(firms: Firms, prm: AdoptionParams, s: slice, adopt: np.ndarray,
                 abandon: np.ndarray) -> None:
    """Update adoption state, cross share, digital maturity and revenue in place:

        adopted ← (adopted ∨ adopt) ∧ ¬abandon
        cross   ← clip(cross + row_sum(adopt·cross_gain) − row_sum(abandon·cross_gain), 0, 0.8)
        digital ← clip(digital + row_sum(adopt·digital_gain), 0, 1)
        revenue ← revenue · (1 + productivity_gain · Σ_k adopt_k)

    Only rows with a change are touched: for every other row this arithmetic adds 0.0
    and multiplies by 1.0, which leaves the bits as they are."""
    rows = any_rows(adopt | abandon)
    if not len(rows):
        return
    idx = s.start + rows
    ad, ab = adopt[rows], abandon[rows]
    state = firms.adopted[idx]
    state |= ad
    state &= ~ab
    firms.adopted[idx] = state
    cross_gain = prm.cross_gain[firms.kind[idx].astype(np.int64) * len(FIELDS) + firms.field[idx]]
    firms.cross_share[idx] = np.clip(
        firms.cross_share[idx] + (row_sum(ad * cross_gain) - row_sum(ab * cross_gain)), 0.0, 0.8)
    firms.digital[idx] = np.clip(
        firms.digital[idx] + row_sum(ad * prm.digital_gain[firms.kind[idx]]), 0.0, 1.0)
    firms.revenue_yi[idx] *= 1.0 + prm.productivity_gain * ad.sum(axis=1)


def subsidy_offer_yi(firms: Firms, prm: AdoptionParams, rate: float, cap_yi: float,
                     eligible: np.ndarray, list_cost: np.ndarray | None = None) -> np.ndarray:
    """(firms, paths) what the fund pays an eligible firm per adoption: ``rate`` of the
    path's cost, at most ``cap_yi`` (亿元, per real firm)."""
    if rate <= 0.0:
        return np.zeros((firms.n, len(PATHS)))
    cost = firm_cost_yi(firms, prm) if list_cost is None else list_cost
    return np.minimum(rate * cost, cap_yi) * eligible[:, None]
