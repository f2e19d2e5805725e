"""Read a sweep folder (what ``python -m sim -m ...`` wrote) into tidy, labelled frames.

A sweep folder holds ``sweep.json`` (the manifest the sweeper writes) and one numbered
folder per job with that job's tables, summary, resolved config and provenance.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

from sim.config.schema import TargetsConfig
from sim.report.labels import scenario_labels
from sim.report.scenarios import ScenarioInfo

log = logging.getLogger(__name__)
ADOPTION_BREAKDOWNS = ("all", "city")  # what the report draws; kind/field/size stay on disk


class SweepError(ValueError):
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


def load_sweep(folder: str | Path, reference: str | None = None) -> Sweep:
    """Load a sweep folder; ``reference`` (a scenario key, label or job number) defaults
    to the experiment's ``study.reference``, else the first scenario."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SweepError(f"sweep folder '{folder}' does not exist")
    manifest_path = folder / "sweep.json"
    if not manifest_path.is_file():
        raise SweepError(f"'{folder}' is not a sweep folder: it has no sweep.json (a sweep "
                         "folder is the one `python -m sim -m ...` prints when it finishes)")
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
        jobs = manifest["jobs"]
    except (ValueError, KeyError) as exc:
        raise SweepError(f"'{manifest_path}' is not a readable sweep manifest ({exc})") from None

    if is_sampled_study(folder, jobs):
        raise SweepError(f"'{folder}' is a sampled study (sensitivity, screening or "
                         "discovery); analyse it with python -m sim.sensitivity")
    done, missing = [], []
    for job in jobs:
        job_dir = folder / str(job["num"])
        (done if (job_dir / "summary.json").is_file() else missing).append(job)
    if not done:
        raise SweepError(f"sweep '{folder}' has no finished jobs yet ({len(jobs)} planned)")
    if missing:
        log.warning("%d of %d jobs have no results yet: %s", len(missing), len(jobs),
                    ", ".join(j["key"] for j in missing))

    configs, summaries, provenance, frames = {}, {}, {}, {"province": [], "city": [],
                                                        "adoption": []}
    for job in done:
        job_dir, key = folder / str(job["num"]), job["key"]
        configs[key] = OmegaConf.to_container(OmegaConf.load(job_dir / "config.yaml"))
        summaries[key] = json.loads((job_dir / "summary.json").read_text("utf-8"))
        provenance[key] = json.loads((job_dir / "provenance.json").read_text("utf-8"))
        for name in frames:
            df = pd.read_parquet(job_dir / f"{name}.parquet")
            if name == "adoption":
                df = df[df["breakdown"].isin(ADOPTION_BREAKDOWNS)]
            df.insert(0, "scenario", key)
            frames[name].append(df)

    ref_key = _pick_reference(done, reference or manifest.get("reference") or "", configs)
    scenarios = []
    for job in done:
        zh, en = scenario_labels(job, configs[job["key"]])
        scenarios.append(ScenarioInfo(key=job["key"], label_zh=zh, label_en=en, job=job["num"],
                                      is_reference=job["key"] == ref_key,
                                      is_counterfactual=bool(job.get("counterfactual"))
                                      or configs[job["key"]]["policy"]["name"] == "none"))
    scenarios.sort(key=lambda s: (not s.is_counterfactual, s.job))  # "no policy" first
    return Sweep(folder=folder, manifest=manifest, scenarios=scenarios, configs=configs,
                 summaries=summaries, provenance=provenance,
                 province=pd.concat(frames["province"], ignore_index=True),
                 city=pd.concat(frames["city"], ignore_index=True),
                 adoption=pd.concat(frames["adoption"], ignore_index=True),
                 missing_jobs=missing)


def is_sampled_study(folder: Path, jobs: list[dict]) -> bool:
    """True if the sweep's jobs evaluate chunks of a sample rather than scenarios."""
    for job in jobs:
        summary = folder / str(job["num"]) / "summary.json"
        if summary.is_file():
            return json.loads(summary.read_text("utf-8")).get("kind") == "sample"
    return False


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
