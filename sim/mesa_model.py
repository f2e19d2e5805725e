"""The model as a Mesa user meets it: ``from sim import IntegrationModel``.

    from sim import IntegrationModel
    m = IntegrationModel(policy="all_in", firms_per_agent=20, seed=1)
    m.run_model(); m.datacollector.get_model_vars_dataframe()
    mesa.batch_run(IntegrationModel, {"policy": ["draft", "all_in"], "firms_per_agent": 20,
                                      "seed": [1, 2]}, number_processes=1)

Plain keyword arguments (a policy package's name, config overrides as a dict, the scale,
``seed`` or ``rng``) are composed and checked through the project's configs
(:mod:`sim.api`) and handed to the pure model (:mod:`sim.model.model`, which never reads
a config) as typed parameters; typed parameters are accepted as they are.

Parameters: one model is one run with one parameter set. By default that is the config's
own values (fixed parameters, as ``run.parameters=fixed``), so a Mesa user gets the
documented central values. ``parameter_set=k`` runs set k of the posterior-mode design
instead (the calibrated posterior draw and the unidentified parameters drawn from their
ranges, exactly as ``python -m sim`` runs set k with the same ``run.seed`` and
``run.parameter_sets``); ``mesa.batch_run`` over ``parameter_set: range(20)`` and a few
seeds reproduces the N sets × M seeds design. A
``datacollector`` records, after each simulated quarter, the quarter's label, the pilot
counts, index D and its parts, adoption by path and the fiscal cost.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import mesa

from sim.config.schema import SimConfig
from sim.model.model import IntegrationModel as PureIntegrationModel
from sim.model.params import BehaviourConfig, PolicyConfig, WorldConfig
from sim.model.vocabulary import PATHS, quarter_label
from sim.outcomes import FISCAL_COST_COLUMNS
from sim.world_data import region_data

# Model reporters: name -> column of the recorder's row for the quarter just simulated.
REPORTED_COLUMNS = {
    "pilot_regions": "pilot_regions", "pilot_enterprises": "pilot_enterprises",
    "integration_index_D": "integration_index", "U1_manufacturing": "U1",
    "U2_services": "U2", "coupling_C": "coupling_C", "development_T": "development_T",
    **{f"adoption_{p}": f"adoption_{p}" for p in (*PATHS, "any")},
}


def _last(column: str):
    return lambda m: m.recorder.province[-1][column]


def _cost(m) -> float:
    row = m.recorder.province[-1]
    return float(sum(row[c] for c in FISCAL_COST_COLUMNS))  # as sim.outcomes defines it


def _with_parameter_set(cfg: SimConfig, index: int) -> SimConfig:
    """The typed config with posterior-mode parameter set ``index`` written in."""
    from sim.config.errors import ConfigError
    from sim.parameters import apply, parameter_sets

    posterior = copy.deepcopy(cfg)
    posterior.run.parameters = "posterior"
    sets = parameter_sets(posterior)
    if not 0 <= index < len(sets):
        raise ConfigError(f"parameter_set={index} is out of range; allowed: 0..{len(sets) - 1} "
                          f"(run.parameter_sets={cfg.run.parameter_sets}, "
                          f"run.replicates={cfg.run.replicates})")
    return apply(posterior, sets[index])


class IntegrationModel(PureIntegrationModel):
    """Mesa-native front of the integration model (one step = one quarter)."""

    def __init__(self, policy: str | PolicyConfig = "draft",
                 overrides: Mapping[str, Any] | None = None,
                 firms_per_agent: int | None = None, *,
                 world: WorldConfig | None = None, behaviour: BehaviourConfig | None = None,
                 start: str | None = None, end: str | None = None,
                 engine: str | None = None, rng: int | None = None, seed: int | None = None,
                 parameter_set: int | None = None, **keys: Any) -> None:
        if seed is not None and rng is not None and seed != rng:
            raise ValueError(f"give seed or rng, not both (seed={seed}, rng={rng})")
        from sim.api import compose, override_list

        items = [] if isinstance(policy, PolicyConfig) else [f"policy={policy}"]
        items += override_list(overrides, **keys)
        if firms_per_agent is not None:
            items.append(f"world.firms_per_agent={firms_per_agent}")
        cfg = compose(items)  # checked; cached per overrides
        self.parameter_set = -1 if parameter_set is None else int(parameter_set)
        if parameter_set is not None:
            cfg = _with_parameter_set(cfg, self.parameter_set)
        world = world or cfg.world
        if firms_per_agent is not None and world is not cfg.world:
            world = copy.deepcopy(world)
            world.firms_per_agent = firms_per_agent
        super().__init__(world=world, regions=region_data(world),
                         policy=policy if isinstance(policy, PolicyConfig) else cfg.policy,
                         behaviour=behaviour or cfg.behaviour, start=start or cfg.run.start,
                         end=end or cfg.run.end, engine=engine or cfg.run.engine,
                         rng=seed if rng is None else rng)
        self.config = cfg  # the composed config these parameters came from
        reporters = {"quarter": lambda m: m.recorder.province[-1]["quarter"]}
        reporters |= {name: _last(col) for name, col in REPORTED_COLUMNS.items()}
        reporters["fiscal_cost_yi"] = _cost
        # Collected after each quarter (not at start): row k is quarter k's end state, so
        # mesa.batch_run's last row is the last quarter.
        self.datacollector = mesa.DataCollector(model_reporters=reporters)

    @property
    def quarter_label(self) -> str:
        """The quarter the next step simulates (after the last step: the one after the
        run), e.g. '2021Q3'."""
        return quarter_label(self.quarter)

    @property
    def last_quarter_label(self) -> str | None:
        """The quarter most recently simulated, e.g. '2025Q4'; None before the first step."""
        return self.recorder.province[-1]["quarter"] if self.recorder.province else None

    def step(self) -> None:
        super().step()
        self.datacollector.collect(self)

    def run_model(self) -> None:
        while self.running:
            self.step()
