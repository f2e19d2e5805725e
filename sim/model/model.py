"""The Mesa model of Zhejiang's manufacturing–services integration (两业融合).

One step is one quarter.  Each quarter (docs/ODD.md, "Process overview"):
1. the province applies the levers in force and sets the subsidy the fund can pay;
2. every firm decides on each path (vectorized, or per agent with ``engine="agents"``);
3. adoptions change firms; the fund pays subsidies until it is spent;
4. regions aggregate their firms and may build public service platforms;
5. in each Q4 the province admits, reviews and revokes pilots;
6. the recorder stores this quarter's aggregates.

The model takes plain typed arguments (dataclasses from ``sim.config``) and a seed;
it never reads a Hydra config.
"""

from __future__ import annotations

from dataclasses import replace

import mesa
import numpy as np
from mesa.agent import AgentSet

from sim.model.adoption import (
    LAND,
    AdoptionParams,
    FirmTables,
    QuarterInputs,
    adoption_hazard,
    decide_and_apply,
    own_cost_yi,
    subsidy_offer_yi,
)
from sim.model.agents import Firm, Province, Region, build_platforms
from sim.model.allocator import keep_freed_memory
from sim.model.draws import JUMPS_BY_ONE, QuarterDraws
from sim.model.levers import flat_lever_cost_yi, flat_levers
from sim.model.metrics import (
    any_rows,
    index_weights,
    paths_held,
    ratio,
)
from sim.model.params import BehaviourConfig, PolicyConfig, RegionData, WorldConfig
from sim.model.recorder import Recorder
from sim.model.vocabulary import FIELDS, KINDS, PATHS, SIZES, quarter_index
from sim.model.world import build_world

ENGINES = ("vectorized", "agents")
LEADING = SIZES.index("leading")
PLATFORMIZATION = PATHS.index("platformization")


class Targets:
    """What follows from the pilots while they stay as they are: firms eligible for the
    fund, firms the land relief may reach, the counties' demonstration multipliers, and
    the fund's offer per subsidy rate (kept until the rate changes)."""

    def __init__(self, model: IntegrationModel, in_pilot_region: np.ndarray) -> None:
        f, policy = model.firms, model.policy
        self.firm_pilots, self.region_pilots = f.pilot.copy(), model.regions.pilot.copy()
        self.demo = _read_only(model._demonstration())
        targeted = f.pilot | in_pilot_region
        everyone = np.ones(f.n, bool)
        self.eligible = targeted if policy.fund.pilots_only else everyone
        self.land_ok = targeted if policy.land_use.pilots_only else everyone
        self._model = model
        self._offer: tuple[float, np.ndarray] | None = None
        self._land: tuple[bool, np.ndarray] | None = None

    def offer(self, rate: float) -> np.ndarray:
        """(firms, paths) what the fund offers per adoption at this rate, 亿元."""
        if self._offer is None or self._offer[0] != rate:
            m = self._model
            self._offer = (rate, _read_only(subsidy_offer_yi(
                m.firms, m.adoption_params, rate, m.policy.fund.per_adoption_cap_yi,
                self.eligible, m.firm_tables.list_cost)))
        return self._offer[1]

    def land_access(self, land_open: bool) -> np.ndarray:
        """(firms,) 1.0 where the land relief reaches the firm this quarter, else 0.0."""
        if self._land is None or self._land[0] != land_open:
            self._land = (land_open, _read_only((self.land_ok & land_open).astype(float)))
        return self._land[1]


def _read_only(a: np.ndarray) -> np.ndarray:
    """Kept across quarters, so nobody may write into it."""
    a.flags.writeable = False
    return a


class IntegrationModel(mesa.Model):
    """Firms adopting the five integration paths under a policy package."""

    def __init__(
        self,
        *,
        world: WorldConfig,
        regions: RegionData,
        policy: PolicyConfig,
        behaviour: BehaviourConfig,
        start: str = "2020Q1",
        end: str = "2025Q4",
        engine: str = "vectorized",
        rng: int | None = None,
    ) -> None:
        super().__init__(rng=rng)
        keep_freed_memory()  # once per process: quarters reuse the memory they free
        if engine not in ENGINES:
            raise ValueError(f"engine '{engine}' is unknown; allowed: {', '.join(ENGINES)}")
        self.engine = engine
        self.behaviour = behaviour
        self.first_quarter = quarter_index(start)
        self.last_quarter = quarter_index(end)
        self.quarter = self.first_quarter  # absolute index of the quarter being simulated
        self.first_review = quarter_index(policy.pilots.first_review)
        self.pilots_enabled = policy.pilots.enabled

        built = build_world(world, regions, self.rng)
        self.cities, self.cities_zh = built.cities, built.cities_zh
        self.firms, self.regions = built.firms, built.regions
        self.n_counties = built.n_counties
        self.adoption_params = AdoptionParams.from_behaviour(behaviour)
        self.firm_tables = FirmTables(self.firms, self.adoption_params)  # fixed for the run
        self._peer_static()
        # Regions sorted by county and where each county's run starts (fixed: regions do
        # not move; every county is a region itself, so no run is empty).
        order = np.argsort(self.regions.county, kind="stable")
        self._regions_by_county = (order, np.searchsorted(self.regions.county[order],
                                                          np.arange(self.n_counties)))
        self.platform_capacity = np.array(
            [behaviour.platform_capacity[s] for s in SIZES]
        )
        self.policy = policy
        self._flat_levers = flat_levers(policy)
        self.award_yi = np.zeros(self.firms.n)  # unspent pilot awards, 亿元 per real firm
        self.land_mu = np.array([policy.land_use.mu_per_adoption[s] for s in SIZES])
        # Paths that need land (exposure to the land barrier): adoptions of these by firms
        # the land relief reaches draw on the quota.
        self.land_paths = self.adoption_params.exposure[:, :, LAND] > 0  # (kinds, paths)

        self.province = Province(self, policy, behaviour)
        self.region_agents = AgentSet(
            [Region(self, i) for i in range(self.regions.n)], random=self.random
        )
        self._firm_agents: AgentSet | None = None
        if engine == "agents":  # the reference engine steps them; built where they always were
            self._build_firm_agents()
        self.channels, self.subsidy_rate = self.province.apply_policy(self.quarter)
        self.connected = self._platform_connections()
        # Entropy weights of the index's indicators over the cities of the world as
        # built, fixed for the run (sim/model/metrics.py).
        self.index_weights = index_weights(self.firms, self.connected, self.firms.city,
                                           len(self.cities))
        self.region_adoption = self._region_adoption()
        self.last_review: dict = {}
        self.spend_this_quarter_yi = 0.0
        self.draws: QuarterDraws | None = None  # the quarter's uniforms (prepare_quarter)
        # Two bit generators the draws replay with, made once (their seed is overwritten).
        self._replay_bitgens = tuple(type(self.rng.bit_generator)(0) for _ in range(2)) \
            if isinstance(self.rng.bit_generator, JUMPS_BY_ONE) else ()
        self._uniforms: tuple[np.ndarray, np.ndarray] | None = None
        self.recorder = Recorder(self)

    # ------------------------------------------------------------------ Firm agents
    # The vectorized engine works on ``self.firms`` arrays alone, so the 88,000 ``Firm``
    # views (0.8 s and ~60 MB at full scale) are built only for the per-agent engine or
    # when a Mesa client first asks for the model's agents. Building them draws no random
    # numbers, and they come last as they always did, so results are identical either way.
    def _build_firm_agents(self) -> AgentSet | None:
        if getattr(self, "_firm_agents", None) is None and hasattr(self, "region_agents"):
            self._firm_agents = AgentSet(
                [Firm(self, i) for i in range(self.firms.n)], random=self.random
            )
        return self._firm_agents

    @property
    def firm_agents(self) -> AgentSet:
        return self._build_firm_agents()

    @property
    def agents(self) -> AgentSet:
        self._build_firm_agents()
        return super().agents

    @property
    def agents_by_type(self) -> dict:
        self._build_firm_agents()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        self._build_firm_agents()
        return super().agent_types

    def release(self) -> None:
        """Free this model now; it cannot be used afterwards. Mesa 3.3's class-level
        ``Agent._ids`` keeps a reference to every model that ever made an agent (fixed
        upstream in later releases), so a worker would hold every replicate it ran
        (~90 MB each at full scale). Agents and Mesa's wrapped ``step`` also point back at
        the model; dropping its state breaks those cycles, so the arrays go at once rather
        than whenever the cyclic garbage collector next runs."""
        ids = getattr(mesa.Agent, "_ids", None)
        if ids is not None:
            ids.pop(self, None)
        self.remove_all_agents()
        self.__dict__.clear()

    # ------------------------------------------------------------------ the quarter
    def step(self) -> None:
        self.prepare_quarter()
        inp, f = self.quarter_inputs, self.firms
        subsidised = inp.with_offer
        adopt, bought, used = self._decide_and_apply(subsidised)
        self.draws = self._uniforms = None  # not needed past the decisions

        spent_before = self.province.spent_subsidy_yi + self.province.spent_awards_yi
        # Pairwise sums over the whole (firms, paths) arrays, as ever, so totals keep their bits.
        claim = float(np.multiply(adopt, inp.subsidy_yi).sum()) * f.weight if subsidised else 0.0
        # An adoption's additional share (1 − h0/h1) is 1 where the offer brought the path
        # into reach and 0 elsewhere (the hazard is the same once reachable).
        extra = float(np.multiply(bought, inp.subsidy_yi).sum()) * f.weight \
            if subsidised else 0.0
        self.province.pay_subsidies(claim, extra)
        # Awards pay what the fund leaves of the firm's own cost on its new paths.
        self.award_yi -= used
        rows = any_rows(adopt)  # every other firm's land term is 0.0
        per_firm = np.zeros(f.n)
        per_firm[rows] = ((adopt[rows] & self.land_paths[f.kind[rows]]).sum(axis=1)
                          * inp.land_access[rows] * self.land_mu[f.size[rows]])
        land = float(per_firm.sum()) * f.weight
        self.province.land_used_mu += land
        self.province.land_used_year_mu += land
        self.province.flat_lever_cost_yi += flat_lever_cost_yi(self.policy, self.quarter,
                                                               self._flat_levers)
        if self.channels.cost_relief != 0.0:  # else the term is 0.0, which adds nothing
            self.province.forgone_tax_yi += float(
                np.multiply(adopt, self.firm_tables.list_cost).sum()) \
                * self.channels.cost_relief * f.weight

        self.connected = self._platform_connections()
        self.region_adoption = self._region_adoption()
        if self.engine == "agents":
            self.region_agents.do("step")  # the per-agent reference
        else:
            build_platforms(self)
        self.last_review = {}
        if self.pilots_enabled and self.quarter % 4 == 3 and self.quarter >= self.first_review:
            self.last_review = self.province.review_pilots(self.quarter)
        self.spend_this_quarter_yi = (self.province.spent_subsidy_yi
                                      + self.province.spent_awards_yi - spent_before)
        self.recorder.record(self)
        self.quarter += 1
        if self.quarter > self.last_quarter:
            self.running = False

    def prepare_quarter(self) -> None:
        """Levers, shared aggregates and this quarter's random numbers (steps 1-2 inputs)."""
        self.channels, self.subsidy_rate = self.province.apply_policy(self.quarter)
        targets = self._targets()
        land_open = self.province.land_open(self.quarter)
        self.quarter_inputs = QuarterInputs(
            channels=self.channels,
            subsidy_yi=targets.offer(self.subsidy_rate),
            award_yi=self.award_yi.copy(),
            land_access=targets.land_access(land_open),
            peer_share=self._peer_share(),
            connected=self.connected,
            demo=targets.demo,
            public_support=self._public_support(),
        )
        # One uniform per firm × path to adopt, then to abandon, drawn whatever the state,
        # so both engines (and scenarios compared on common random numbers) consume
        # identical streams; handed out block by block (sim/model/draws.py).
        self.draws = QuarterDraws(self.rng, self.firms.n, len(PATHS), self._replay_bitgens)
        self._uniforms = None

    @property
    def u_adopt(self) -> np.ndarray:
        """(firms, paths) this quarter's adoption draws, whole (drawn when first asked)."""
        return self._whole_draws()[0]

    @property
    def u_abandon(self) -> np.ndarray:
        """(firms, paths) this quarter's abandonment draws, whole."""
        return self._whole_draws()[1]

    def _whole_draws(self) -> tuple[np.ndarray, np.ndarray]:
        if self._uniforms is None:
            self._uniforms = self.draws.arrays()
        return self._uniforms

    def _targets(self) -> Targets:
        """Who the fund and the land relief reach, rebuilt only when a pilot designation
        changed (the yearly review; anything else that sets pilots is noticed too)."""
        f, r = self.firms, self.regions
        t = getattr(self, "_targets_now", None)
        if t is None or not (np.array_equal(t.firm_pilots, f.pilot)
                             and np.array_equal(t.region_pilots, r.pilot)):
            t = self._targets_now = Targets(self, self._in_pilot_region())
        return t

    def run(self) -> Recorder:
        while self.running:
            self.step()
        return self.recorder

    def _decide_and_apply(self, subsidised: bool):
        """(adopt, bought, award used): this quarter's adoptions, those the fund's offer
        brought into reach, and what each firm's award pays towards them."""
        f, prm, inp = self.firms, self.adoption_params, self.quarter_inputs
        if self.engine == "vectorized":
            d = decide_and_apply(f, prm, inp, self.draws, self.firm_tables,
                                 additionality=subsidised)
            return d.adopt, d.bought, d.award_used
        # Simultaneous update: every firm decides on start-of-quarter state, then all apply.
        own = own_cost_yi(f, prm, inp)
        if subsidised:  # reachable without the offer (where adopted, the hazard is > 0)
            h_without = adoption_hazard(f, prm, replace(inp, subsidy_yi=np.zeros_like(own)),
                                        self.firm_tables)
        self.firm_agents.do("step")
        adopt = np.array([a.pending_adopt for a in self.firm_agents], dtype=bool)
        self.firm_agents.do("advance")
        bought = adopt & (h_without == 0.0) if subsidised else None
        left = np.maximum(0.0, own - inp.subsidy_yi) * adopt
        return adopt, bought, np.minimum(self.award_yi, left.sum(axis=1))

    # ------------------------------------------------------------------ aggregates
    def _peer_static(self) -> None:
        """What the peer shares need that never changes: the groups that have firms (the
        firm tables' ``peer_groups``: nobody reads another group's share), their sizes, and
        where they sit."""
        f, prior, tab = self.firms, self.behaviour.peer_prior, self.firm_tables
        n_fk = len(FIELDS) * len(KINDS)  # groups are county × field × kind
        groups = tab.peer_groups
        # Each firm × path's cell in the (groups, paths) counts, in the order of the flat
        # (firms, paths) adoption array (int32: 20 bytes a firm).
        self._peer_cell = (tab.peer_slot[:, None] * len(PATHS)
                           + np.arange(len(PATHS))).ravel().astype(np.int32)
        size = np.bincount(f.peer_group, minlength=self.n_counties * n_fk).astype(float)
        self._peer_den = (np.maximum(size[groups] - 1.0, 0.0) + prior)[:, None]
        self._peer_fk = groups % n_fk  # each group's field × kind
        self._peer_fk_key = (self._peer_fk[:, None] * len(PATHS) + np.arange(len(PATHS))).ravel()
        self._fk_size = np.maximum(np.bincount(f.peer_group % n_fk, minlength=n_fk), 1)

    def _peer_share(self) -> np.ndarray:
        """Adopting share of each path among the other firms of each county × field × kind
        group that has firms (rows: ``firm_tables.peer_groups``).

        A deciding firm has not adopted the path, so peers are the group's other firms
        (size - 1).  Small groups are shrunk towards the field's province-wide share with
        ``behaviour.peer_prior`` pseudo-firms, so a scaled world (few agents per group) is not biased
        towards "no peers" (assumption; small at full scale, ~50 firms a group).
        Counts are whole numbers (one bincount of the cells of the paths held, whose
        cost grows with the adoptions, not with the groups), exact as floats, so the field
        totals are the same in any order of adding.
        """
        n_groups = len(self.firm_tables.peer_groups)
        held = np.flatnonzero(self.firms.adopted)  # firm × path, flat
        count = np.bincount(self._peer_cell[held], minlength=n_groups * len(PATHS)
                            ).reshape(n_groups, len(PATHS)).astype(float)
        fk_count = np.bincount(self._peer_fk_key, weights=count.ravel(),
                               minlength=len(self._fk_size) * len(PATHS))
        fk_share = fk_count.reshape(len(self._fk_size), -1) / self._fk_size[:, None]
        count += self.behaviour.peer_prior * np.take(fk_share, self._peer_fk, axis=0)
        count /= self._peer_den
        return count

    def _platform_connections(self) -> np.ndarray:
        """Firms reached by a platform: a city's platform capacity over its firm count."""
        f = self.firms
        hosts = f.platform_firm | ((f.size == LEADING) & f.adopted[:, PLATFORMIZATION])
        n_cities = len(self.cities)
        # Capacity summed over the hosts only: the other firms add 0.0, which changes no bit.
        host = np.flatnonzero(hosts)
        capacity = np.bincount(f.city[host], weights=self.platform_capacity[f.size[host]],
                               minlength=n_cities)
        if getattr(self, "_city_firms", None) is None:  # fixed: firms do not move
            self._city_firms = np.bincount(f.city, minlength=n_cities)
        firms = self._city_firms
        reach = np.minimum(1.0, np.divide(capacity, firms, out=np.zeros(n_cities),
                                          where=firms > 0))
        return (f.link_draw < reach[f.city]) | hosts

    def _per_region(self, values: np.ndarray) -> np.ndarray:
        """Sum of a per-firm value over each region: a firm counts for its county and,
        if it sits in one, for its zone."""
        f, n = self.firms, self.regions.n
        in_zone = f.zone >= 0
        return (np.bincount(f.county, weights=values, minlength=n)
                + np.bincount(f.zone[in_zone], weights=values[in_zone], minlength=n))

    def _in_pilot_region(self) -> np.ndarray:
        """Firms whose county or zone is a pilot region."""
        f, r = self.firms, self.regions
        zone_pilot = np.zeros(f.n, bool)
        in_zone = f.zone >= 0
        zone_pilot[in_zone] = r.pilot[f.zone[in_zone]]
        return r.pilot[f.county] | zone_pilot

    def _region_adoption(self) -> np.ndarray:
        """Share of each region's firms with at least two paths."""
        paths = paths_held(self.firms.adopted)
        if getattr(self, "_region_firms", None) is None:  # fixed: firms do not move
            self._region_firms = self._per_region(np.ones(self.firms.n))
        # Whole numbers: counting the integrating firms gives the floats a 0/1-weighted
        # sum over every firm gives.
        return ratio(self._count_per_region(np.flatnonzero(paths >= 2)), self._region_firms)

    def _count_per_region(self, firms: np.ndarray) -> np.ndarray:
        """How many of the given firms (indices) each region has (county and zone)."""
        f, n = self.firms, self.regions.n
        zone = f.zone[firms]
        return (np.bincount(f.county[firms], minlength=n)
                + np.bincount(zone[zone >= 0], minlength=n)).astype(float)

    def region_pilot_firms(self) -> np.ndarray:
        """Pilot enterprises (real firms) located in each region."""
        return self._per_region(self.firms.pilot * float(self.firms.weight))

    def _public_support(self) -> np.ndarray:
        """Cost share public service platforms save a county's firms: the county's own
        platforms and its zones' (best of them), as a share of the 5 types."""
        r = self.regions
        built = r.platforms.sum(axis=1) / r.platforms.shape[1]
        order, starts = self._regions_by_county
        best = np.maximum.reduceat(built[order], starts)  # max is exact in any order
        return self.adoption_params.public_platform_cut * best

    def _demonstration(self) -> np.ndarray:
        """Imitation multiplier per county: higher where pilots are nearby (示范带动).

        Pilots nearby = pilot enterprises (real firms) + pilot regions in the county; the
        effect saturates at ``behaviour.demo_saturation`` pilots.
        """
        r, f = self.regions, self.firms
        nearby = np.bincount(r.county[r.pilot], minlength=self.n_counties).astype(float)
        nearby += np.bincount(f.county[f.pilot], minlength=self.n_counties) * f.weight
        # Promotion acts on applications only (pilots.select); demonstration comes from
        # the pilots themselves.
        gain = self.behaviour.pilot_demonstration
        return 1.0 + gain * np.minimum(1.0, nearby / self.behaviour.demo_saturation)
