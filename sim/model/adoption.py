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
    F  = peer_share[i's county×field×kind group, k]         (at the start of the quarter)
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
from functools import cached_property

import numpy as np

from sim.model.draws import GivenDraws, QuarterDraws
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
    # (peer groups with firms, paths) adopting share at quarter start; row g is the group
    # FirmTables.peer_groups[g], a firm's row is FirmTables.peer_slot[i].
    peer_share: np.ndarray
    connected: np.ndarray  # bool (firms,): reached by a platform this quarter
    demo: np.ndarray  # (counties,) multiplier of imitation from pilots nearby
    public_support: np.ndarray  # (counties,) cost share saved by public service platforms

    @cached_property
    def with_offer(self) -> bool:
        """Whether the fund offers anything to anyone this quarter (one scan a quarter)."""
        return bool(self.subsidy_yi.any())


def own_cost_yi(firms: Firms, prm: AdoptionParams, inp: QuarterInputs) -> np.ndarray:
    """(firms, paths) adoption cost a firm bears before fund and award, 亿元."""
    return firm_cost_yi(firms, prm) * cost_share(firms, prm, inp)[:, None]


def cost_share(firms: Firms, prm: AdoptionParams, inp: QuarterInputs) -> np.ndarray:
    """(firms,) share of its list cost a firm bears after relief, platforms and public support."""
    ch = inp.channels
    return np.maximum(
        0.0, 1.0 - ch.cost_relief - prm.platform_cut * inp.connected.astype(float)
        - inp.public_support[firms.county]
    )


def firm_cost_yi(firms: Firms, prm: AdoptionParams) -> np.ndarray:
    """(firms, paths) list cost of each path for each firm (its kind's table), 亿元."""
    return prm.cost_yi[firms.kind, firms.size]


# Firms are decided in blocks of this many, so a quarter's temporaries stay a few MB
# whatever the population (and in cache); every value is computed per firm, so the
# blocking changes no result.
BLOCK = 16_384

# Inside a block every (firms, paths) quantity is held path-major, (paths, firms): an
# operation with a per-firm operand (revenue, threshold, digital maturity) then runs
# along rows of a block's length, where firm-major (firms, 5) arrays would make numpy
# loop over rows of 5. Each element gets the very operations of the per-firm formula, so
# the layout changes no bit; arrays the model reads back stay (firms, paths).


class FirmTables:
    """Per-firm values of the run's tables that never change during a run (a firm's
    kind, field, size and hurdle score are fixed): built once, read every quarter. The
    fit table is gathered per block instead (40 bytes a firm less to hold)."""

    def __init__(self, firms: Firms, prm: AdoptionParams) -> None:
        self.klass = firm_class(firms)  # row of the kind × field tables
        # (paths, firms) list cost, 亿元; ``list_cost`` is its (firms, paths) view.
        self.list_cost_by_path = np.ascontiguousarray(firm_cost_yi(firms, prm).T)
        self.threshold = prm.threshold_mean + prm.threshold_sd * firms.hurdle_z
        # Barrier exposure by kind: one table when both kinds share it (the default).
        exp = prm.exposure
        self.one_exposure = bool(np.array_equal(exp[0], exp[-1]))
        self.services = firms.kind == SERVICES
        n_fk = len(FIELDS) * len(KINDS)
        # Peer groups that have firms (about half of county × field × kind: each kind has
        # its own fields), in order; peer shares are kept for these only, a firm's row is
        # its slot.
        self.peer_groups = np.unique(firms.peer_group)
        self.peer_slot = np.searchsorted(self.peer_groups, firms.peer_group)
        # The quarter's Bass table has a column per such group × connected; a firm's
        # column is its slot · 2 + connected. The rates of a column without the county's
        # demonstration never change: built once.
        self.bass_slot = self.peer_slot * 2
        self.bass_peer = np.repeat(np.arange(len(self.peer_groups)), 2)
        self.bass_county = np.repeat(self.peer_groups, 2) // n_fk
        self.bass_speed = 1.0 + prm.speedup * np.tile([0.0, 1.0], len(self.peer_groups))
        self.bass_p = prm.p * self.bass_speed
        # The hurdle changes only with the barrier relief in force and the land access
        # (levers phase in, the land quota closes, pilots change once a year), so it is
        # kept from the last quarter whenever both are as they were. (paths, firms)
        self.hurdle: np.ndarray | None = None
        self.hurdle_key: tuple | None = None
        self.hurdle_land: np.ndarray | None = None
        self._bass: tuple[np.ndarray, BassRates] | None = None  # (demo, rates)
        self._fit: tuple[float, np.ndarray] | None = None  # (data pay-off, fit table)

    def bass_rates(self, prm: AdoptionParams, demo: np.ndarray) -> BassRates:
        """The Bass table's rates under the counties' demonstration ``demo`` (kept until
        it changes: pilots change once a year)."""
        if self._bass is None or not np.array_equal(self._bass[0], demo):
            q_eff = prm.q * demo[self.bass_county] * self.bass_speed
            self._bass = (demo.copy(), BassRates(self.bass_p, q_eff))
        return self._bass[1]

    def fit_table(self, prm: AdoptionParams, data_payoff: float) -> np.ndarray:
        """(paths, kind × field) fit with the data pay-off in force (kept until it
        changes: the data levers phase in)."""
        if self._fit is None or self._fit[0] != data_payoff:
            data = np.where(DATA_PATHS, 1.0 + data_payoff, 1.0)
            self._fit = (data_payoff, np.ascontiguousarray((prm.fit * data).T))
        return self._fit[1]

    @property
    def list_cost(self) -> np.ndarray:
        """(firms, paths) list cost, 亿元 (a view)."""
        return self.list_cost_by_path.T


class QuarterTables:
    """What one quarter's blocks share. A reachable firm's Bass hazard depends only on
    its peer group (which fixes its county, so its demonstration multiplier), on whether
    it is connected, and on the path: it is computed once per group × connected × path
    with the very operations of the per-firm formula, then gathered. The fit table is
    multiplied by the data pay-off once (the same product each firm's row would get)."""

    def __init__(self, firms: Firms, prm: AdoptionParams, inp: QuarterInputs,
                 tab: FirmTables) -> None:
        # Worked path-major, (paths, group slot × connected), as the blocks read it: the
        # rates are one row, the peer shares gathered column by column.
        self.bass = tab.bass_rates(prm, inp.demo).hazard(
            np.take(inp.peer_share.T, tab.bass_peer, axis=1))
        self.fit = tab.fit_table(prm, inp.channels.data_payoff)  # (paths, kind × field)
        self.with_offer = inp.with_offer
        key = tuple(inp.channels.barrier_relief)
        self.reuse_hurdle = (tab.hurdle is not None and tab.hurdle_key == key
                             and np.array_equal(tab.hurdle_land, inp.land_access))
        if not self.reuse_hurdle:
            if tab.hurdle is None:
                tab.hurdle = np.empty((len(PATHS), firms.n))
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
    """(paths, firms) Σ_b exposure[kind_i, k, b] · residual[b, i], added over b left to
    right (the reference's order), as multiply-adds per kind table."""
    def one(table: np.ndarray) -> np.ndarray:  # table: (paths, barriers)
        total = table[:, 0:1] * residual[0]
        term = np.empty_like(total)  # in place: the same sums, no new array per barrier
        for b in range(1, table.shape[1]):
            total += np.multiply(table[:, b:b + 1], residual[b], out=term)
        return total
    if tab.one_exposure:
        return one(prm.exposure[0])
    return np.where(tab.services[s], one(prm.exposure[SERVICES]), one(prm.exposure[0]))


@dataclass
class Block:
    """One block's pieces, path-major (paths, firms of the block)."""

    hazard: np.ndarray  # Bass hazard as if open
    open_: np.ndarray  # bool: in reach, not adopted, digitalized if the path needs it
    gross: np.ndarray
    base: np.ndarray  # own − award (own when no firm has an award)
    revenue: np.ndarray  # (firms,)
    hurdle: np.ndarray
    threshold: np.ndarray  # (firms,)

    def reachable_without_offer(self, prm: AdoptionParams, k: np.ndarray,
                                i: np.ndarray) -> np.ndarray:
        """In reach without the fund's offer, at entries (path k, firm i): the operations
        of ``_block`` with the offer left out."""
        return (self.gross[k, i] - prm.cost_weight * np.maximum(0.0, self.base[k, i])
                / self.revenue[i] - self.hurdle[k, i] - self.threshold[i] > 0.0)


def _block(firms: Firms, prm: AdoptionParams, inp: QuarterInputs, tab: FirmTables,
           qt: QuarterTables, share: np.ndarray, s: slice) -> Block:
    """Bass hazards of the firms in slice ``s`` (as if open), where they are open, and
    the pieces of reachability."""
    ch = inp.channels
    gross = np.take(qt.fit, tab.klass[s], axis=1)
    gross[1:] *= 1.0 + prm.complementarity * firms.digital[s]
    own = tab.list_cost_by_path[:, s] * share[s]
    award = inp.award_yi[s]
    awarded = award.any()
    base = own - award if awarded else own  # x - 0.0 == x
    revenue = firms.revenue_yi[s]
    if qt.reuse_hurdle:
        hurdle = tab.hurdle[:, s]
    else:
        relief = np.asarray(ch.barrier_relief, float)
        constraint = firms.constraint[s].T  # (barriers, firms)
        residual = constraint * (1.0 - relief)[:, None]
        residual[LAND] = constraint[LAND] * (1.0 - ch.barrier_relief[LAND]
                                             * inp.land_access[s])
        hurdle = tab.hurdle[:, s] = _hurdle(tab, prm, residual, s)
    threshold = tab.threshold[s]
    if qt.with_offer:
        net = np.subtract(own, inp.subsidy_yi[s].T, out=np.empty_like(own))
        if awarded:
            net -= award
        np.maximum(0.0, net, out=net)
    else:
        net = np.maximum(0.0, base)
    # gross − cost_weight · net / revenue − hurdle − threshold > 0, worked in net's
    # array (each step the same operation on the same operands, so the same bits).
    margin = np.multiply(prm.cost_weight, net, out=net)
    margin /= revenue
    np.subtract(gross, margin, out=margin)
    margin -= hurdle
    margin -= threshold
    reachable = margin > 0.0
    hazard = np.take(qt.bass, tab.bass_slot[s] + inp.connected[s], axis=1)
    # Open: reachable, not adopted, and digitalized if the path builds on it.
    adopted = firms.adopted[s].T
    open_ = np.greater(reachable, adopted, out=reachable)  # reachable & ~adopted
    if prm.requires_digital.any():
        open_[prm.requires_digital] &= adopted[DIGITAL]
    return Block(hazard, open_, gross, base, revenue, hurdle, threshold)


def adoption_hazard(firms: Firms, prm: AdoptionParams, inp: QuarterInputs,
                    tables: FirmTables | None = None) -> np.ndarray:
    """Quarterly probability that each firm adopts each path (0 where adopted)."""
    tab = tables or FirmTables(firms, prm)
    qt = QuarterTables(firms, prm, inp, tab)
    share = cost_share(firms, prm, inp)
    out = np.empty((firms.n, len(PATHS)))
    for a in range(0, firms.n, BLOCK):
        s = slice(a, min(a + BLOCK, firms.n))
        blk = _block(firms, prm, inp, tab, qt, share, s)
        blk.hazard[~blk.open_] = 0.0
        out[s] = blk.hazard.T
    return out


class BassRates:
    """The terms of the quarter's Bass hazard that the peer share does not enter: they
    change only with the rates (for the model: with the demonstration, once a year)."""

    def __init__(self, p: np.ndarray, q: np.ndarray) -> None:
        self.p, self.q = p, q
        self.pq = p + q
        self.decay = np.exp(-self.pq / 4.0)
        self.pq_decay = self.pq * self.decay
        self.all_positive = bool((self.pq > 0.0).all())

    def hazard(self, peers: np.ndarray) -> np.ndarray:
        """Share of non-adopters a Bass process (rates p, q per year) starting from the
        peer share ``peers`` adopts within one quarter (0 where p = q = 0); p and q
        broadcast to the shape of q · peers."""
        # pq·decay / (p + q·peers + q·(1 − peers)·decay), each operation as written (so
        # the same bits) but in two arrays of the table's size instead of seven.
        den = self.q * peers
        np.add(self.p, den, out=den)
        rest = np.subtract(1.0, peers)
        np.multiply(self.q, rest, out=rest)
        rest *= self.decay
        den += rest
        with np.errstate(invalid="ignore", divide="ignore"):
            survive = np.divide(self.pq_decay, den, out=den)
        if self.all_positive:
            return np.subtract(1.0, survive, out=survive)
        return np.where(self.pq > 0.0, 1.0 - survive, 0.0)


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
    d = decide_and_apply(firms, prm, inp, GivenDraws(u_adopt, u_abandon), apply=False)
    return d.adopt, d.abandon


def decide_and_apply(
    firms: Firms, prm: AdoptionParams, inp: QuarterInputs, draws: QuarterDraws | GivenDraws,
    tables: FirmTables | None = None, apply: bool = True, additionality: bool = False,
) -> Decisions:
    """Every firm's decisions, block by block, from the quarter's uniform ``draws``; with
    ``apply`` each block's decisions are applied at once (a firm's decision reads only
    its own row and the quarter's shared inputs, so this is the simultaneous update).
    With ``additionality``, which adoptions the fund's offer bought (out of reach without
    it: their additional share 1 − h0/h1 is exactly 1, every other adoption's exactly 0)."""
    tab = tables or FirmTables(firms, prm)
    qt = QuarterTables(firms, prm, inp, tab)
    n, n_paths = firms.n, len(PATHS)
    share = cost_share(firms, prm, inp)
    adopt = np.empty((n, n_paths), bool)
    abandon = np.empty((n, n_paths), bool)
    bought = np.zeros((n, n_paths), bool) if additionality and qt.with_offer else None
    used = np.zeros(n) if apply else None
    for s, u_adopt, u_abandon in draws.blocks(BLOCK):
        rows = _decide_block(firms, prm, inp, tab, qt, share, s, u_adopt, u_abandon,
                             adopt, abandon, bought)
        if apply and len(rows):
            _award_used(inp, tab, share, s, rows, adopt[s], used)
            _apply_block(firms, prm, s, rows, adopt[s], abandon[s])
    return Decisions(adopt=adopt, abandon=abandon, bought=bought, award_used=used)


def _decide_block(firms: Firms, prm: AdoptionParams, inp: QuarterInputs, tab: FirmTables,
                  qt: QuarterTables, share: np.ndarray, s: slice, u_adopt: np.ndarray,
                  u_abandon: np.ndarray, adopt: np.ndarray, abandon: np.ndarray,
                  bought: np.ndarray | None) -> np.ndarray:
    """Decisions of the firms in slice ``s`` (u_adopt, u_abandon: their draws), written
    into adopt, abandon and bought; returns the rows (within the block) with an adoption
    or abandonment."""
    blk = _block(firms, prm, inp, tab, qt, share, s)
    ad = np.less(u_adopt.T, blk.hazard, out=adopt[s].T)
    ad &= blk.open_  # elsewhere the hazard is 0 and u < 0 never holds (u >= 0)
    ab = np.less(u_abandon, prm.abandon_hazard, out=abandon[s])
    ab &= firms.adopted[s]
    ab[:, DIGITAL] = False  # digital capability, once built, is kept (assumption)
    ad = adopt[s]  # firm-major again for the accounts
    if bought is not None:
        # Adoptions only (in row order; a 2-D nonzero is ~8x slower): bought = adopted &
        # ~reachable without the offer.
        r, c = np.divmod(np.flatnonzero(ad), len(PATHS))
        bought[s.start + r, c] = ~blk.reachable_without_offer(prm, c, r)
    return any_rows(ad | ab)


def _award_used(inp: QuarterInputs, tab: FirmTables, share: np.ndarray, s: slice,
                rows: np.ndarray, adopt: np.ndarray, used: np.ndarray) -> None:
    """What each firm's award pays towards its new paths: the own cost the fund's offer
    leaves, up to the award (rows: the block's rows with any change)."""
    rows = rows[any_rows(adopt[rows])]
    if not len(rows):
        return
    idx = s.start + rows
    # (rows, paths) in C order: the row sums below add in the order they always did.
    own = np.ascontiguousarray(tab.list_cost_by_path[:, idx].T) * share[idx][:, None]
    left = np.maximum(0.0, own - inp.subsidy_yi[idx]) * adopt[rows]
    used[idx] = np.minimum(inp.award_yi[idx], left.sum(axis=1))


def _apply_block(firms: Firms, prm: AdoptionParams, s: slice, rows: np.ndarray,
                 adopt: np.ndarray, abandon: np.ndarray) -> None:
    """Update adoption state, cross share, digital maturity and revenue in place:

        adopted ← (adopted ∨ adopt) ∧ ¬abandon
        cross   ← clip(cross + row_sum(adopt·cross_gain) − row_sum(abandon·cross_gain), 0, 0.8)
        digital ← clip(digital + row_sum(adopt·digital_gain), 0, 1)
        revenue ← revenue · (1 + productivity_gain · Σ_k adopt_k)

    Only ``rows`` (the block's rows with a change) are touched: for every other row this
    arithmetic adds 0.0 and multiplies by 1.0, which leaves the bits as they are."""
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
    # min(rate · cost, cap) · eligible, worked in one (firms, paths) array in C order (a
    # firm's row together, as every reader expects), no temporaries of that size.
    offer = np.multiply(rate, cost, out=np.empty((firms.n, len(PATHS))))
    np.minimum(offer, cap_yi, out=offer)
    offer *= eligible[:, None]
    return offer
