"""The sweeper behind ``python -m sim -m ...``: Hydra's grid, made fit for policy comparison.

It expands the grid as Hydra's basic sweeper does (every combination of the swept
values, ``hydra.sweeper.params`` first, the command line winning), and
- adds the no-policy counterfactual (``policy=none``) unless the grid already has it, so
  every sweep can state costs per extra pilot against doing nothing;
- checks every job's config with the model's own validation *before* any job starts, so
  a typo in one scenario fails the sweep at once, with one line per bad job;
- writes ``sweep.json``, the manifest the report reads (jobs, their overrides, which
  keys were swept, the reference scenario);
- resumes a sweep in its own folder (``hydra.sweep.dir=<folder>``), keeping finished
  jobs, and refuses a folder that holds a different sweep;
- lets every job finish when one fails, then lists the failures and exits 1; on Ctrl-C
  it says what finished and prints the command that resumes the sweep.

Every job runs on the same seed set (``run.seed`` is never swept by the grid unless asked
for), so scenario differences are paired. Launching is left to the configured launcher
(joblib by default; submitit or Ray for clusters).
"""

# No "from __future__ import annotations": Hydra's plugin scan executes this module
# outside sys.modules, where dataclasses cannot resolve string annotations.
import itertools
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.core.plugins import Plugins
from hydra.core.utils import JobReturn, JobStatus
from hydra.errors import HydraException
from hydra.plugins.sweeper import Sweeper
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf, open_dict

log = logging.getLogger(__name__)


@dataclass
class PairedSweeperConf:
    _target_: str = "hydra_plugins.sim_sweeper.paired_sweeper.PairedSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None
    # Overrides of the counterfactual job; [] for none.
    counterfactual: list[str] = field(default_factory=lambda: ["policy=none"])
    # Resuming a sweep whose finished jobs were computed with another code version:
    # refused unless true (then those jobs are moved aside and recomputed).
    recompute_changed: bool = False


ConfigStore.instance().store(group="hydra/sweeper", name="paired", node=PairedSweeperConf,
                             provider="zj-integration-sim")


def _key(override: str) -> str:
    return override.split("=", 1)[0].lstrip("+~")


def with_counterfactual(jobs: list[list[str]], swept: set[str],
                        counterfactual: list[str]) -> tuple[list[list[str]], int | None]:
    """Append the counterfactual job (fixed overrides + counterfactual ones) unless present.

    Returns the jobs and the index of the counterfactual job (None when disabled).
    """
    if not counterfactual:
        return jobs, None
    wanted = set(counterfactual)
    for i, job in enumerate(jobs):
        if wanted <= set(job):
            return jobs, i
    replaced = swept | {_key(o) for o in counterfactual}
    fixed = [o for o in jobs[0] if _key(o) not in replaced] if jobs else []
    return [*jobs, fixed + list(counterfactual)], len(jobs)


def grid_of(overrides: list[Override]) -> list[list[str]]:
    """Every combination of the swept values (Hydra's basic-sweeper grid): a key given
    twice keeps its last value, keys keep their first position."""
    choices: dict[str, list[str]] = {}
    for o in overrides:
        key = o.get_key_element()
        if not o.is_sweep_override():
            choices[key] = [f"{key}={o.get_value_element_as_str()}"]
        elif o.is_discrete_sweep():
            choices[key] = [f"{key}={v}" for v in o.sweep_string_iterator()]
        else:
            raise HydraException(f"the paired sweeper sweeps lists and ranges, not "
                                 f"{o.value_type.name} ({o.input_line})")
    return [list(job) for job in itertools.product(*choices.values())]


class PairedSweeper(Sweeper):
    def __init__(self, max_batch_size: int | None, params: dict[str, str] | None = None,
                 counterfactual: list[str] | None = None,
                 recompute_changed: bool = False) -> None:
        super().__init__()
        self.max_batch_size = max_batch_size
        self.params = dict(params or {})
        self.counterfactual = list(counterfactual or [])
        self.recompute_changed = recompute_changed
        self.hydra_context: HydraContext | None = None
        self.config: DictConfig | None = None
        self.launcher = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction,
              config: DictConfig) -> None:
        self.hydra_context = hydra_context
        self.config = config
        self.launcher = Plugins.instance().instantiate_launcher(
            hydra_context=hydra_context, task_function=task_function, config=config)

    def sweep(self, arguments: list[str]) -> Any:
        from sim.sweeps import SweepFolderError

        assert self.config is not None and self.launcher is not None
        assert self.hydra_context is not None
        parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
        params = [f"{k}={v}" for k, v in self.params.items()]
        overrides = parser.parse_overrides([*params, *arguments])
        swept = {_key(o.get_key_element()) for o in overrides if o.is_sweep_override()}
        grid = grid_of(overrides)
        jobs, cf_index = with_counterfactual(grid, swept, self.counterfactual)
        self._check(jobs)  # before the sweep folder exists: a bad sweep writes nothing

        sweep_dir = Path(self.config.hydra.sweep.dir)
        try:  # this process holds the folder's lock (sim.sweeps.OneSweepPerFolder)
            return self._resumable_sweep(sweep_dir, jobs, grid, swept, cf_index)
        except (SweepFolderError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)

    def _resumable_sweep(self, sweep_dir: Path, jobs: list[list[str]], grid: list,
                         swept: set[str], cf_index: int | None) -> Any:
        from sim.outputs import package_versions
        from sim.store import code_version
        from sim.sweeps import (
            changed_jobs,
            changed_jobs_message,
            check_resumable,
            read_manifest,
            set_aside,
            write_manifest,
        )

        kept = check_resumable(sweep_dir, jobs)
        changed = changed_jobs(sweep_dir, kept, code_version())
        if changed and not self.recompute_changed:
            print(f"error: {changed_jobs_message(sweep_dir, changed, code_version())}",
                  file=sys.stderr)
            sys.exit(2)
        if changed:
            set_aside(sweep_dir, sorted(changed))
            write_manifest(sweep_dir, {**read_manifest(sweep_dir),
                                       "code_version": code_version(),
                                       "packages": package_versions()})
            kept -= set(changed)
            log.info("recomputing %d jobs made with another code version: #%s", len(changed),
                     ", #".join(map(str, sorted(changed))))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        if not kept:
            write_manifest(sweep_dir, {
                "code_version": code_version(),
                "packages": package_versions(),
                "study": OmegaConf.select(self.config, "study.name", default=""),
                "reference": OmegaConf.select(self.config, "study.reference", default=""),
                "swept_keys": sorted(swept),
                "counterfactual_job": cf_index,
                "jobs": [_job_entry(i, job, swept,
                                    self.counterfactual if i == cf_index else None)
                         for i, job in enumerate(jobs)],
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            })
        launcher = OmegaConf.select(self.config, "hydra.launcher._target_", default="?")
        log.info("sweep of %d jobs (%d scenarios%s) via %s -> %s%s", len(jobs), len(grid),
                 " + counterfactual" if cf_index == len(grid) else "",
                 launcher.rsplit(".", 1)[-1], sweep_dir,
                 f" (resuming: {len(kept)} jobs already finished)" if kept else "")

        size = self.max_batch_size if self.max_batch_size else len(jobs)
        returns, tic = [], time.perf_counter()
        try:
            for first in range(0, len(jobs), size):
                batch = jobs[first:first + size]
                returns.append(list(self.launcher.launch(batch, initial_job_idx=first)))
        except KeyboardInterrupt:
            self._interrupted(sweep_dir, len(jobs))
        self._finish(sweep_dir, [r for batch in returns for r in batch], jobs, kept,
                     time.perf_counter() - tic)
        return returns

    def _interrupted(self, sweep_dir: Path, n_jobs: int) -> None:
        from sim.sweeps import resume_command

        done = sorted(int(p.name) for p in sweep_dir.iterdir()
                      if p.name.isdigit() and (p / "summary.json").is_file())
        print(f"\ninterrupted: {len(done)} of {n_jobs} jobs finished"
              f"{' (#' + ', #'.join(map(str, done)) + ')' if done else ''}; they and every "
              "finished replicate are kept.\nTo resume, run:\n  "
              f"{resume_command(sweep_dir)}", file=sys.stderr)
        sys.exit(130)

    def _finish(self, sweep_dir: Path, results: list[JobReturn], jobs: list[list[str]],
                kept: set[int], seconds: float) -> None:
        """Log the outcome; list failed jobs with their one-line reason and exit 1."""
        from sim.cli import one_line
        from sim.sweeps import replicate_counts

        failed = [(i, r) for i, r in enumerate(results) if r.status == JobStatus.FAILED]
        ok = [i for i in range(len(results)) if i not in {f for f, _ in failed}]
        reused, computed = replicate_counts(sweep_dir, [i for i in ok if i not in kept])
        log.info("sweep finished: %d of %d jobs in %.0f s (%d kept from before); replicates: "
                 "%d reused from the run store, %d computed", len(ok), len(jobs), seconds,
                 len(kept), reused, computed)
        if not failed:
            sampled = OmegaConf.select(self.config, "sample.method", default="none") != "none"
            log.info("%s them with: python -m sim.%s %s", "analyse" if sampled else "compare",
                     "sensitivity" if sampled else "report", sweep_dir)
            return
        lines = [f"{len(failed)} of {len(jobs)} jobs failed (the others' results are kept):"]
        for i, r in failed:
            lines.append(f"  job #{i} ({' '.join(jobs[i])}): {one_line(_failure(r))}")
        lines.append(f"fix the cause and resume: the finished jobs are kept when you run "
                     f"the same command with hydra.sweep.dir={sweep_dir}")
        print("\n".join(lines), file=sys.stderr)
        sys.exit(1)

    def _check(self, jobs: list[list[str]]) -> None:
        """Compose and validate every job's config; one line per bad job, then exit 2."""
        from sim.cli import explain
        from sim.config.validation import to_typed

        loader = self.hydra_context.config_loader
        hydra_overrides = list(self.config.hydra.overrides.hydra)
        errors = []
        for i, job in enumerate(jobs):
            try:
                job_cfg = loader.load_sweep_config(self.config, list(job))
                with open_dict(job_cfg):
                    job_cfg.pop("hydra")  # filled in only when the job runs
                to_typed(job_cfg)
            except Exception as exc:  # also composition errors: unknown option, bad YAML
                reason = explain(exc, [*hydra_overrides, *job])
                errors.append(f"error: job #{i} ({' '.join(job) or 'defaults'}): {reason}")
        if errors:
            print("\n".join(errors[:20]), file=sys.stderr)
            if len(errors) > 20:
                print(f"... and {len(errors) - 20} more bad jobs", file=sys.stderr)
            print(f"nothing was run: {len(errors)} of {len(jobs)} jobs have a bad config",
                  file=sys.stderr)
            sys.exit(2)


def _failure(result: JobReturn) -> BaseException:
    """The exception a failed job raised (``return_value`` re-raises it)."""
    try:
        result.return_value  # noqa: B018
    except BaseException as exc:  # noqa: BLE001 - it is the job's, reported in one line
        return exc
    return RuntimeError("the job failed without an exception")


def _job_entry(num: int, job: list[str], swept: set[str],
               counterfactual: list[str] | None) -> dict:
    """A job of the manifest; ``key`` names the scenario in the report."""
    values = {_key(o): o.split("=", 1)[1] for o in job if _key(o) in swept}
    if counterfactual:
        key = " ".join(counterfactual)
    else:
        key = " ".join(f"{k}={v}" for k, v in values.items()) or "defaults"
    return {"num": num, "key": key, "overrides": job, "swept": values,
            "counterfactual": bool(counterfactual)}
