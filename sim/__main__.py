"""`python -m sim [overrides]`: run one scenario (or a Hydra sweep with -m).

Thin on purpose: checks the overrides, lets Hydra compose the config and pick the
output folder, and hands over to :func:`sim.scenario.run_and_save`.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.cli import fail, one_line, preflight
from sim.config.errors import ConfigError
from sim.config.schema import register
from sim.sweeps import adapt_to_sweep, already_finished, report_progress

log = logging.getLogger("sim")
# The entry point registers the schemas and resolvers (a sweep worker that unpickles
# `main` comes through here too); nothing registers on a plain import of the package.
register()


@hydra.main(version_base="1.3", config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> object:
    hc = HydraConfig.get()
    if hc.mode == RunMode.MULTIRUN:
        return _sweep_job(cfg, hc)  # a value only for sweepers that optimise
    _single_run(cfg, hc)
    return None


def _single_run(cfg: DictConfig, hc) -> None:
    out_dir = Path(hc.runtime.output_dir)
    from sim.scenario import run_and_save  # after Hydra: keeps --help fast

    try:
        if cfg.sample.method != "none":  # a sampled study run as one job
            from sim.sampling import run_sample_job

            info = run_sample_job(cfg, out_dir, list(hc.overrides.task))
            print(f"{info['points']} points × {info['seeds']} seeds evaluated; analyse "
                  f"a sweep of chunks with python -m sim.sensitivity <sweep folder>")
            print(out_dir)
            return
        summary = run_and_save(cfg, out_dir, list(hc.overrides.task))
    except ConfigError as exc:
        _remove_if_empty(out_dir)
        fail(one_line(exc))
    except KeyboardInterrupt:
        _remove_if_empty(out_dir)
        print("interrupted: no results folder was written for this run; finished "
              "replicates are kept in the run store and reused next time", file=sys.stderr)
        sys.exit(130)
    print_table(summary)
    print(out_dir)  # last line: where the results are


def _sweep_job(cfg: DictConfig, hc) -> object:
    """One job of a sweep. Errors are raised, not turned into an exit: Hydra then records
    this job as failed and the sweep goes on with the others (the sweeper lists them)."""
    out_dir = Path(hc.runtime.output_dir)
    overrides = list(hc.overrides.task)
    from sim.scenario import run_and_save

    adapt_to_sweep(cfg, hc.launcher.get("_target_", ""))
    optimising = "optuna" in hc.sweeper.get("_target_", "")
    if already_finished(out_dir, cfg):  # a resumed sweep keeps what was done
        report_progress(Path(hc.sweep.dir), hc.job.num, overrides, 0.0, kept=True)
        if optimising:  # the sweeper still needs this trial's scores
            from sim.policy_search.objective import objective
            from sim.results import read_summary

            return objective(read_summary(out_dir))
        return None
    tic = time.perf_counter()
    try:
        if cfg.sample.method != "none":  # a chunk of a sampled study (sensitivity...)
            from sim.sampling import run_sample_job

            run_sample_job(cfg, out_dir, overrides)
            report_progress(Path(hc.sweep.dir), hc.job.num, overrides,
                            time.perf_counter() - tic)
            return None
        summary = run_and_save(cfg, out_dir, overrides)
    except BaseException:
        _remove_if_empty(out_dir)
        raise
    report_progress(Path(hc.sweep.dir), hc.job.num, overrides, time.perf_counter() - tic)
    if optimising:
        # a policy search: the sweeper wants the scores
        from sim.policy_search.objective import objective

        return objective(summary)
    return None


def _remove_if_empty(folder: Path) -> None:
    """Hydra makes the run folder before the job starts; drop it if nothing was written."""
    try:
        folder.rmdir()
    except OSError:
        pass


def print_table(summary: dict) -> None:
    """The summary's target table on the terminal (cells formatted by sim.summary)."""
    from sim.summary import target_rows

    print(f"\nScenario: {summary['scenario']['policy']} ({summary['scenario']['label_zh']}),"
          f" {summary['replicates']} replicates")
    print(f"{'target':<34}{'threshold':>10}{'P(met)':>8}{'median':>9}{'5-95%':>16}")
    for r in target_rows(summary):
        if not r["evaluated"]:
            print(f"{r['label_en']:<34}{r['threshold']:>10}   not evaluated (outside run)")
            continue
        print(f"{r['label_en']:<34}{r['threshold']:>10}{r['probability']:>8}"
              f"{r['median']:>9}{r['band']:>16}")
    fc = summary["fiscal_cost_yi"]
    print(f"fiscal cost (亿元): median {fc['median']:.2f}, 5-95% {fc['p05']:.2f}-{fc['p95']:.2f}")


if __name__ == "__main__":
    logging.getLogger("MESA").setLevel(logging.WARNING)
    preflight(sys.argv[1:])
    main()
