"""Read a sweep folder (what ``python -m sim -m ...`` wrote) into tidy, labelled frames.

A sweep folder holds ``sweep.json`` (the manifest the sweeper writes) and one numbered
folder per job with that job's tables, summary, resolved config and provenance.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.config.schema import TargetsConfig
from sim.labels import scenario_labels
from sim.report.scenarios import ScenarioInfo
from sim.results import ResultsError, is_done, is_sample, job_dir, read_manifest, read_run
from sim.sweeps import RECOMPUTE_FLAG, job_version, mixed_versions

log = logging.getLogger(__name__)
ADOPTION_BREAKDOWNS = ("all", "city")  # what the report draws; kind/field/size stay on disk


class SweepError(ResultsError):
    """The folder is not a (complete enough) sweep; the message says what is wrong."""


@dataclass
class Sweep:
    folder: Path
    manifest: dict
    scenarios: list[ScenarioInfo]  # in job order; only jobs with results
    configs: dict[str, dict]  # scenario key -> resolved config of that job
    summaries: dict[str, dict]
    provenance: dict[str, dict]
    province: pd.DataFrame  # every table has a `scenario` column (ScenarioInfo.key)
    city: pd.DataFrame
    adoption: pd.DataFrame
    missing_jobs: list[dict] = field(default_factory=list)  # jobs without results
    # Stacked county tables (with `scenario`) for the maps; None when a job's folder
    # predates county.parquet (the report then has no maps).
    county: pd.DataFrame | None = None
    mixed_versions: str | None = None  # set only when allowed: which jobs differ

    @property
    def reference(self) -> ScenarioInfo:
        return next(s for s in self.scenarios if s.is_reference)

    @property
    def counterfactual(self) -> ScenarioInfo | None:
        return next((s for s in self.scenarios if s.is_counterfactual), None)

    def targets(self) -> TargetsConfig:
        return TargetsConfig(**self.configs[self.reference.key]["targets"])

    def seeds(self, key: str) -> list[int]:
        return list(self.provenance[key]["seeds"])


def load_sweep(folder: str | Path, reference: str | None = None,
               allow_mixed_versions: bool = False) -> Sweep:
    """Load a sweep folder; ``reference`` (a scenario key, label or job number) defaults
    to the experiment's ``study.reference``, else the first scenario. Jobs computed with
    different code versions are refused unless ``allow_mixed_versions``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SweepError(f"sweep folder '{folder}' does not exist")
    try:
        manifest = read_manifest(folder)
    except ResultsError as exc:
        raise SweepError(str(exc)) from None
    jobs = manifest["jobs"]

    if is_sampled_study(folder, jobs):
        raise SweepError(f"'{folder}' is a sampled study (sensitivity, screening or "
                         "discovery); analyse it with python -m sim.sensitivity")
    done, missing = [], []
    for job in jobs:
        (done if is_done(job_dir(folder, job["num"])) else missing).append(job)
    if not done:
        raise SweepError(f"sweep '{folder}' has no finished jobs yet ({len(jobs)} planned)")
    if missing:
        log.warning("%d of %d jobs have no results yet: %s", len(missing), len(jobs),
                    ", ".join(j["key"] for j in missing))

    configs, summaries, provenance, frames = {}, {}, {}, {"province": [], "city": [],
                                                        "adoption": []}
    county = [] if all((job_dir(folder, j["num"]) / "county.parquet").is_file()
                       for j in done) else None
    for job in done:
        names = (*frames, "county") if county is not None else tuple(frames)
        run, key = read_run(job_dir(folder, job["num"]), names), job["key"]
        configs[key], summaries[key], provenance[key] = run.config, run.summary, run.provenance
        for name, df in run.tables.items():
            if name == "adoption":
                df = df[df["breakdown"].isin(ADOPTION_BREAKDOWNS)]
            df.insert(0, "scenario", key)
            (county if name == "county" else frames[name]).append(df)

    problem = mixed_versions({j["key"]: job_version(folder / str(j["num"])) for j in done})
    if problem:
        if not allow_mixed_versions:
            raise SweepError(f"'{folder}': {problem}; resume the sweep with "
                             f"{RECOMPUTE_FLAG} to recompute the old jobs, or report "
                             "anyway with --mixed-versions (the report then says so)")
        log.warning("sweep '%s': %s", folder, problem)
    ref_key = _pick_reference(done, reference or manifest.get("reference") or "", configs)
    scenarios = []
    for job in done:
        zh, en = scenario_labels(job, configs[job["key"]])
        scenarios.append(ScenarioInfo(key=job["key"], label_zh=zh, label_en=en, job=job["num"],
                                      is_reference=job["key"] == ref_key,
                                      is_counterfactual=bool(job.get("counterfactual"))
                                      or configs[job["key"]]["policy"]["name"] == "none"))
    # The reference first (what the others are read against), then "no policy", then the
    # rest in job order: panels and rows read from the scenario the question is about.
    scenarios.sort(key=lambda s: (not s.is_reference, not s.is_counterfactual, s.job))
    return Sweep(folder=folder, manifest=manifest, scenarios=scenarios, configs=configs,
                 summaries=summaries, provenance=provenance,
                 province=pd.concat(frames["province"], ignore_index=True),
                 city=pd.concat(frames["city"], ignore_index=True),
                 adoption=pd.concat(frames["adoption"], ignore_index=True),
                 missing_jobs=missing, mixed_versions=problem,
                 county=pd.concat(county, ignore_index=True) if county else None)


def is_sampled_study(folder: Path, jobs: list[dict]) -> bool:
    """True if the sweep's jobs evaluate chunks of a sample rather than scenarios."""
    finished = (job_dir(folder, job["num"]) for job in jobs)
    first = next((d for d in finished if is_done(d)), None)
    return first is not None and is_sample(first)


def _pick_reference(jobs: list[dict], wanted: str, configs: dict[str, dict]) -> str:
    """Match the reference by scenario key, job number, or policy name; else the first job."""
    if not wanted:
        return jobs[0]["key"]
    for job in jobs:
        policy = configs[job["key"]]["policy"]
        if wanted in (job["key"], str(job["num"])) or (
                wanted == f"policy={policy['name']}" and "policy" in job["swept"]):
            return job["key"]
    allowed = ", ".join(j["key"] for j in jobs)
    raise SweepError(f"reference scenario '{wanted}' is not in this sweep; allowed: {allowed}")
