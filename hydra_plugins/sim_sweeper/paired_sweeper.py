"""The sweeper behind ``python -m sim -m ...``: Hydra's grid, made fit for policy comparison.

On top of Hydra's basic sweeper it
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
import logging
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import OmegaConf, open_dict

log = logging.getLogger(__name__)


@dataclass
class PairedSweeperConf:
    _target_: str = "hydra_plugins.sim_sweeper.paired_sweeper.PairedSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None
    # Overrides of the counterfactual job; [] for none.
    counterfactual: list[str] = field(default_factory=lambda: ["policy=none"])


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


class PairedSweeper(BasicSweeper):
    def __init__(self, max_batch_size: int | None, params: dict[str, str] | None = None,
                 counterfactual: list[str] | None = None) -> None:
        super().__init__(max_batch_size=max_batch_size, params=params)
        self.counterfactual = list(counterfactual or [])

    def sweep(self, arguments: list[str]) -> Any:
        from sim.sweeps import SweepFolderError, check_resumable, write_manifest

        assert self.config is not None and self.launcher is not None
        assert self.hydra_context is not None
        parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
        overrides = parser.parse_overrides([*self._parse_config(), *arguments])
        swept = {_key(o.get_key_element()) for o in overrides if o.is_sweep_override()}
        grid = BasicSweeper.split_arguments(overrides, None)[0]
        jobs, cf_index = with_counterfactual(grid, swept, self.counterfactual)
        self._check(jobs)  # before the sweep folder exists: a bad sweep writes nothing

        sweep_dir = Path(self.config.hydra.sweep.dir)
        try:
            kept = check_resumable(sweep_dir, jobs)
        except SweepFolderError as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)
        sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        if not kept:
            write_manifest(sweep_dir, {
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

        # joblib's loky workers restart themselves when their memory grew by > 300 MB over
        # a job (a full-scale job does), warning each time; the job's result is already
        # returned, so the restart is harmless and the warning only alarms the reader.
        warnings.filterwarnings("ignore", message="A worker stopped while some jobs")
        size = self.max_batch_size if self.max_batch_size else len(jobs)
        self.overrides = [jobs[i:i + size] for i in range(0, len(jobs), size)]
        returns, first, tic = [], 0, time.perf_counter()
        try:
            while not self.is_done():
                batch = self.get_job_batch()
                returns.append(self.launcher.launch(batch, initial_job_idx=first))
                first += len(batch)
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

    def _finish(self, sweep_dir: Path, results: list, jobs: list[list[str]], kept: set[int],
                seconds: float) -> None:
        """Log the outcome; list failed jobs with their one-line reason and exit 1."""
        from hydra.core.utils import JobStatus

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
            lines.append(f"  job #{i} ({' '.join(jobs[i])}): {one_line(r._return_value)}")
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
