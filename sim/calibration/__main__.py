"""The command ``python -m sim.calibration [overrides...]``: check, write, print."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from sim.calibration.output import git_commit, markdown, new_folder, report, write_outputs
from sim.calibration.table import observe, table_from, unsourced_table

DEFAULT_OVERRIDES = ["policy=draft", "run.replicates=3"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sim.calibration",
        description="Compare the model's 2020 starting state with zhejiang-facts.md; "
                    "writes <run.output_root>/calibration/<date-time>/calibration.{csv,md}.")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, after the defaults "
                        f"{' '.join(DEFAULT_OVERRIDES)}; run.replicates = number of seeds")
    overrides = [*DEFAULT_OVERRIDES, *parser.parse_args(argv).overrides]

    from sim.cli import explain, fail
    from sim.config.compose import compose_config
    from sim.config.validation import to_typed
    from sim.outputs import OutputExistsError
    from sim.run import replicate_seeds

    try:
        cfg = to_typed(compose_config(overrides))
    except Exception as exc:  # one line for the analyst, exit 2
        fail(explain(exc, overrides))
    seeds = replicate_seeds(cfg.run.seed, cfg.run.replicates)
    obs = [observe(cfg, s) for s in seeds]
    table = table_from(obs)
    header = {"date": datetime.now().strftime("%Y-%m-%d %H:%M"), "commit": git_commit(),
              "command": "python -m sim.calibration " + " ".join(overrides),
              "seeds": ", ".join(map(str, seeds)),
              "firms per agent": str(cfg.world.firms_per_agent)}
    folder = new_folder(Path(cfg.run.output_root) / "calibration")
    try:
        write_outputs(table, report(table, unsourced_table(obs), header), folder)
    except OutputExistsError as exc:
        fail(str(exc))
    print(markdown(table))
    print(folder)  # last line: where the files are
    return 0


if __name__ == "__main__":
    sys.exit(main())
