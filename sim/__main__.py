"""`python -m sim [overrides]`: run one scenario (or a Hydra sweep with -m).

Thin on purpose. A single run composes its config once (``sim.cli.checked_config``), checks
it, and hands over to :func:`sim.scenario.run_and_save`; a sweep (``-m``) and Hydra's own
flags (``--cfg``, ``--help``...) go through Hydra's main, whose sweeper checks every job
before any starts. Either way a bad config is one line on stderr and exit code 2, before
anything is written. :func:`cli` is the same command as a function (tests call it).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, open_dict

from sim.cli import checked_config, explain, one_line
from sim.config.compose import CONFIG_DIR
from sim.config.errors import ConfigError
from sim.config.schema import SimConfig, register
from sim.outputs import (
    FolderBusyError,
    OutputExistsError,
    folder_lock,
    os_error_line,
    output_folder_problem,
)
from sim.sweeps import (
    adapt_to_sweep,
    already_finished,
    release_sweep_locks,
    report_progress,
)

log = logging.getLogger("sim")
# The entry point registers the schemas and resolvers (a sweep worker that unpickles
# `main` comes through here too); nothing registers on a plain import of the package.
register()


def cli(argv: list[str] | None = None) -> int:
    """The command ``python -m sim [args]``; returns its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.getLogger("MESA").setLevel(logging.WARNING)
    if any(a.startswith("-") for a in argv):  # -m, --cfg, --help...: Hydra's machinery
        return _through_hydra(argv)
    return _single_run(argv)


def _through_hydra(argv: list[str]) -> int:
    """Run Hydra's main on ``argv``. Hydra would print a failed composition over several
    lines and exit 1; asked for the exception instead (HYDRA_FULL_ERROR), we say it in one
    line and exit 2. Failures inside jobs are the sweeper's to report."""
    saved_argv, saved_env = sys.argv, os.environ.get("HYDRA_FULL_ERROR")
    sys.argv = [saved_argv[0] if saved_argv else "sim", *argv]
    os.environ["HYDRA_FULL_ERROR"] = "1"
    try:
        main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # composition or sweep set-up: one line for the analyst
        if saved_env:  # the user asked for Hydra's full report
            raise
        overrides = [a for a in argv if not a.startswith("-")]
        print(f"error: {explain(exc, overrides)}", file=sys.stderr)
        return 2
    finally:
        from hydra.core.global_hydra import GlobalHydra

        GlobalHydra.instance().clear()  # so this process may compose or run again
        release_sweep_locks()  # held from the sweep's start; its end may not have come
        sys.argv = saved_argv
        if saved_env is None:
            os.environ.pop("HYDRA_FULL_ERROR", None)
        else:
            os.environ["HYDRA_FULL_ERROR"] = saved_env
    return 0


def _single_run(overrides: list[str]) -> int:
    """One scenario (or a sampled study run as one job): the config is composed and
    checked once, here; nothing is written if it is bad."""
    try:
        cfg, typed = checked_config(overrides)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out_dir = Path(cfg.hydra.run.dir)
    _configure_logging(cfg)
    with open_dict(cfg):
        del cfg["hydra"]  # as Hydra hands a job its config
    task = [o for o in overrides if not o.lstrip("+~").startswith(("hydra.", "hydra/"))]
    try:
        with folder_lock(out_dir, "the run folder"):  # one writer per run folder
            return _locked_single_run(cfg, typed, out_dir, task)
    except FolderBusyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the lock file's folder cannot be written
        print(f"error: {os_error_line(exc)}", file=sys.stderr)
        return 2


def _locked_single_run(cfg: DictConfig, typed: SimConfig, out_dir: Path,
                       task: list[str]) -> int:
    """A run as the one writer of its folder; the folder is checked (a folder or
    creatable, writable, empty) under the lock, before any work."""
    from sim.scenario import run_and_save  # after the check: keeps a refusal fast

    if problem := output_folder_problem(out_dir):
        print(f"error: hydra.run.dir: {problem}", file=sys.stderr)
        return 2
    try:
        if typed.sample.method != "none":  # a sampled study run as one job
            from sim.sampling import run_sample_job

            info = run_sample_job(cfg, out_dir, task, typed=typed)
            print(f"{info['points']} points × {info['seeds']} seeds evaluated; analyse "
                  f"a sweep of chunks with python -m sim.sensitivity <sweep folder>")
            print(out_dir)
            return 0
        summary = run_and_save(cfg, out_dir, task, typed=typed)
    except ConfigError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2
    except OutputExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a folder made read-only meanwhile...
        print(f"error: {os_error_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: no results folder was written for this run; finished "
              "replicates are kept in the run store and reused next time", file=sys.stderr)
        return 130
    print_table(summary)
    print(out_dir)  # last line: where the results are
    return 0


def _configure_logging(cfg: DictConfig) -> None:
    """The logging Hydra would set up for a job (configs/hydra/job_logging)."""
    from hydra.core.utils import configure_log

    configure_log(cfg.hydra.job_logging, cfg.hydra.verbose)


# An absolute path: Hydra would resolve "../configs" against a package when this module is
# imported (sim.__main__, as tests and sweep workers do) rather than run as a script.
@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def main(cfg: DictConfig) -> object:
    """Hydra's entry: every job of a sweep comes through here (also in other processes)."""
    hc = HydraConfig.get()
    if hc.mode != RunMode.MULTIRUN:  # a plain run reached through a Hydra flag
        out_dir = Path(hc.runtime.output_dir)
        typed = _typed_or_exit(cfg, out_dir)
        from sim.scenario import run_and_save

        print_table(run_and_save(cfg, out_dir, list(hc.overrides.task), typed=typed))
        print(out_dir)
        return None
    return _sweep_job(cfg, hc)  # a value only for sweepers that optimise


def _typed_or_exit(cfg: DictConfig, out_dir: Path) -> SimConfig:
    from sim.config.validation import to_typed

    try:
        return to_typed(cfg)
    except ConfigError as exc:
        _remove_if_empty(out_dir)
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


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
    """The answer in one sentence (zh + en), then the summary's target table (cells
    formatted by sim.summary)."""
    from sim.answer import scenario_sentence
    from sim.summary import target_rows

    print("\n" + "\n".join(scenario_sentence(summary)))
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
    _print_uncertainty(summary)


def _print_uncertainty(summary: dict) -> None:
    """P(target) with both uncertainties: how much of its spread is parameters, how much
    seeds, and the parameters that drive it."""
    sets = summary.get("parameter_sets", 0)
    if not sets:
        print("fixed parameters: the spread above is stochastic (seed) uncertainty only")
        return
    print(f"uncertainty: {sets} parameter sets × {summary['replicates'] // sets} seeds; "
          "variance of attainment split parameter / stochastic")
    for name, e in summary.get("uncertainty", {}).items():
        a, m = e["attainment_split"], e["measure_split"]

        def fmt(d: dict) -> str:
            return (f"{d['parameter_share']:.0%} / {d['stochastic_share']:.0%}"
                    if d.get("estimable") else "none to split (same in every run)"
                    if d.get("sets", 0) >= 2 and d.get("seeds_per_set", 0) >= 2 else "n/a")
        split = f"{fmt(a)} (of the measure {fmt(m)})"
        drivers = ", ".join(f"{d['parameter']} ({d['rho']:+.2f})" for d in e.get("drivers", []))
        label = summary["targets"][name]["label_en"]
        print(f"  {label:<32} P={e['probability']:.2f}  split {split}; "
              f"P over sets {e['probability_by_set_p05']:.2f}-{e['probability_by_set_p95']:.2f}"
              f"; drivers: {drivers or '-'}")


if __name__ == "__main__":
    sys.exit(cli())
