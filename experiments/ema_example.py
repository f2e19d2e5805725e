"""Drive the model from EMA Workbench 3 (Python >= 3.12; pip install -e '.[ema]').

    .venv312/bin/python experiments/ema_example.py --scenarios 8 --replicates 2

The uncertainties are the plausible ranges of the world and behaviour configs
(``sim.api.ema_parameters``), the model function is ``sim.api.evaluate`` (a parameter
point -> P of each target, medians, P(all targets), fiscal cost), so no glue is needed.
Small worlds by default (``--scale``); use the full world for numbers worth quoting.
"""

from __future__ import annotations

import argparse

from ema_workbench import SequentialEvaluator, ema_logging

from sim import api

PARAMS = ("behaviour.imitation_q", "behaviour.threshold_mean", "behaviour.path_fit.scale")


def explore(scenarios: int = 8, replicates: int = 2, scale: int = 20, seed: int = 1,
            params: tuple[str, ...] = PARAMS):
    """Run ``scenarios`` Latin-hypercube points of ``params``; returns (experiments,
    outcomes) as EMA Workbench gives them."""
    base = {"policy": "draft", "run.replicates": replicates,
            "world.firms_per_agent": scale}
    model = api.ema_model("zhejiang_draft", base, params)
    with SequentialEvaluator(model) as evaluator:
        return evaluator.perform_experiments(
            scenarios=scenarios, uncertainty_sampling_kwargs={"rng": seed})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=8)
    parser.add_argument("--replicates", type=int, default=2)
    parser.add_argument("--scale", type=int, default=20, help="world.firms_per_agent")
    args = parser.parse_args()
    ema_logging.log_to_stderr(ema_logging.INFO)
    experiments, outcomes = explore(args.scenarios, args.replicates, args.scale)
    table = experiments[list(PARAMS)].copy()
    for name in ("pilot_regions_2022_median", "all_targets_p", "cost_yi_median"):
        table[name] = outcomes[name]
    print(table.to_string())


if __name__ == "__main__":
    main()
