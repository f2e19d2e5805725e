"""The on-disk contract of a run folder, a sampled-study chunk and a sweep folder.

One place says which files a results folder holds, when a job counts as done, and which
columns each table has, with units. Writers check it before a folder is committed
(:func:`write_run`, :func:`write_sample`); readers load through it (:func:`read_run`,
:func:`read_sample`, :func:`read_manifest`), so a folder that breaks the contract stops an
analysis with one line naming the folder and what is wrong (:class:`ResultsError`).

A run folder (``python -m sim``, or one job of a scenario sweep)::

    province.{parquet,csv}  city.{parquet,csv}  adoption.{parquet,csv}
    summary.json  summary.md  config.yaml  provenance.json  [charts/]

A sampled-study chunk (one job of ``experiment=sensitivity|screening|discovery``)::

    points.{parquet,csv}  summary.json (kind "sample")  config.yaml  provenance.json

A sweep folder: ``sweep.json`` (the manifest: every job, its overrides, what it varies)
and one numbered folder per job. A policy search (Optuna) has numbered job folders and
no manifest. In every case **a job is done when its folder has summary.json**: folders
are renamed into place only when complete (:mod:`sim.outputs`), and summary.json is
written into every kind of job folder.

The run store's internals and folder locking are not part of this contract
(:mod:`sim.store`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

from sim.model.vocabulary import PATH_INDICATORS, PATHS
from sim.outcomes import OUTCOME_NAMES
from sim.outputs import write_json, write_tables

MANIFEST = "sweep.json"
SUMMARY = "summary.json"
SUMMARY_MD = "summary.md"
CONFIG = "config.yaml"
PROVENANCE = "provenance.json"
CHARTS = "charts"
PARAMETER_SETS = "parameter_sets.csv"  # one row per parameter set (fixed mode: set -1 only)
POINTS = "points"
SAMPLE_KIND = "sample"  # summary.json "kind" of a sampled-study chunk


class ResultsError(ValueError):
    """A folder breaks the results contract; the message says which folder and what."""


@dataclass(frozen=True)
class Column:
    name: str
    unit: str  # "" for labels and keys
    meaning: str


_ADOPTION_SHARES = tuple(
    Column(f"adoption_{p}", "share of firms", f"firms on the {p} path") for p in PATHS
) + (Column("adoption_any", "share of firms", "firms on at least one path"),)
# Like for like with the published indicators: shares of manufacturers, and of service firms.
_INDICATOR_SHARES = tuple(
    Column(f"indicator_{PATH_INDICATORS[p][0]}", "share of manufacturers", PATH_INDICATORS[p][2])
    for p in PATHS
) + tuple(Column(f"services_{p}", "share of service firms", f"service firms on the {p} path")
          for p in PATHS)
# The integration index's linkage indicators by direction and their entropy weights
# (sim/model/metrics.py): U1 manufacturers -> services, U2 services -> manufacturing.
_LINKAGE_DOC = {
    "U1_service_revenue_share": "manufacturers' service share of revenue / 0.5",
    "U1_servitized": "manufacturers with the integration path (服务型制造)",
    "U1_platform_links": "manufacturers linked to a platform (producer services)",
    "U2_manufacturing_revenue_share": "service firms' manufacturing-facing share / 0.5",
    "U2_manufacturing_extension": "service firms extended into manufacturing "
                                  "(flexibilization, integration or sharing)",
    "U2_platform_services": "service firms running a platform or with platformization",
}
_LINKAGE = (
    *(Column(k, "share 0-1", f"{doc}, revenue-weighted") for k, doc in _LINKAGE_DOC.items()),
    *(Column(f"weight_{k}", "weight 0-1", f"entropy weight of {k} in its subsystem (fixed "
             "per run, from the cities of the world as built)") for k in _LINKAGE_DOC),
    # The index over the firms of each region group (groups overlap; each is its own pool).
    *(Column(f"{col}_{group}", "index 0-1", f"{what} of the firms in {group}")
      for group in ("mountain_26", "qianyi_county", "zone")
      for col, what in (("integration_index", "coupling-coordination degree D"),
                        ("coupling_C", "coupling degree C"),
                        ("development_T", "comprehensive development T"))),
)
_REVIEW = tuple(
    Column(f"{key}_{what}", what, f"{meaning} {what} at this quarter's review")
    for what in ("enterprises", "regions")
    for key, meaning in (("candidate", "qualifying"), ("applied", "applying"))
)
_REVIEW_OUTCOME = (
    Column("enterprise_quota_bound", "true/false", "the enterprise batch quota turned "
           "applicants away at this quarter's review"),
    Column("region_quota_bound", "true/false", "the region batch quota turned applicants "
           "away at this quarter's review"),
    Column("review", "true/false", "a pilot review took place this quarter"),
)

# The columns every table of a run starts with: which run, and when.
_RUN_KEYS = (
    Column("seed", "", "replicate seed"),
    Column("parameter_set", "", "parameter set of the run (-1: fixed parameters)"),
    Column("t", "quarters", "quarters since the first simulated one"),
)

# Every table of a run: one row per seed × quarter (× group). The writer refuses a table
# with a missing or undeclared column, so a new model output is declared here, with its
# unit, before it reaches an analyst.
TABLES: dict[str, tuple[Column, ...]] = {
    "province": (
        *_RUN_KEYS,
        Column("quarter", "", "calendar quarter, e.g. 2022Q4"),
        Column("pilot_regions", "regions", "current pilot regions"),
        Column("pilot_regions_counties", "regions", "current pilot counties"),
        Column("pilot_regions_zones", "regions", "current pilot development zones"),
        Column("pilot_enterprises", "enterprises", "current pilot enterprises (scaled)"),
        Column("pilot_enterprises_manufacturing", "enterprises",
               "current pilot manufacturers (manufacturing -> services direction)"),
        Column("pilot_enterprises_services", "enterprises",
               "current pilot service firms (services -> manufacturing direction)"),
        Column("pilot_regions_mountain", "regions", "current pilots among the 26 mountain counties"),
        Column("pilot_regions_qianyi", "regions", "current pilots among the 千亿级 counties"),
        Column("designated_regions_cum", "regions", "regions ever designated"),
        Column("designated_enterprises_cum", "enterprises", "enterprises ever designated"),
        *_REVIEW,
        Column("new_pilot_enterprises", "enterprises", "designated at this quarter's review"),
        Column("revoked_pilot_enterprises", "enterprises", "revoked at this quarter's review"),
        Column("new_pilot_regions", "regions", "designated at this quarter's review"),
        Column("revoked_pilot_regions", "regions", "revoked at this quarter's review"),
        *_REVIEW_OUTCOME,
        Column("integration_index", "index 0-1", "coupling-coordination degree D"),
        Column("integration_index_base", "index 0-1", "D of the world as built (the common "
               "baseline of the integration target, the same for every package on a seed)"),
        Column("U1", "index 0-1", "manufacturing subsystem score"),
        Column("U2", "index 0-1", "service subsystem score"),
        Column("coupling_C", "index 0-1", "coupling degree C"),
        Column("development_T", "index 0-1", "comprehensive development T"),
        *_LINKAGE,
        Column("fiscal_spend_yi", "亿元", "fiscal spending this quarter"),
        Column("subsidy_spent_cum_yi", "亿元", "special-fund subsidies paid so far"),
        Column("awards_spent_cum_yi", "亿元", "pilot awards paid so far"),
        Column("additional_subsidy_cum_yi", "亿元", "subsidies that bought adoptions which "
               "would not have happened without them (expected), so far"),
        Column("land_used_cum_mu", "亩", "construction land used by relieved adoptions so far"),
        Column("forgone_tax_cum_yi", "亿元", "tax forgone through cost relief so far"),
        Column("economic_cost_cum_yi", "亿元", "fiscal cost plus every other lever's "
               "shadow-priced cost so far"),
        Column("fund_remaining_yi", "亿元", "special fund left"),
        Column("subsidy_rate", "share of cost", "subsidy rate offered this quarter"),
        Column("platform_connected_share", "share of firms", "firms connected to a platform"),
        Column("region_platforms_mean", "platforms", "mean platforms per region"),
        *_ADOPTION_SHARES,
        *_INDICATOR_SHARES,
    ),
    "city": (
        *_RUN_KEYS,
        Column("quarter", "", "calendar quarter"),
        Column("city", "", "city (English)"),
        Column("city_zh", "", "city (Chinese)"),
        Column("integration_index", "index 0-1", "coupling-coordination degree D"),
        Column("U1", "index 0-1", "manufacturing subsystem score"),
        Column("U2", "index 0-1", "service subsystem score"),
        Column("coupling_C", "index 0-1", "coupling degree C of the city"),
        Column("development_T", "index 0-1", "comprehensive development T of the city"),
        Column("pilot_regions", "regions", "current pilot regions in the city"),
        Column("pilot_enterprises", "enterprises", "current pilot enterprises in the city"),
    ),
    "adoption": (
        *_RUN_KEYS,
        Column("quarter", "", "calendar quarter"),
        Column("breakdown", "", "all, kind (the direction), field, size, city or "
               "region_group (mountain_26, qianyi_county, zone; overlapping)"),
        Column("group", "", "the group within the breakdown"),
        Column("group_zh", "", "the group, in Chinese"),
        Column("path", "", "integration path, or any"),
        Column("path_zh", "", "integration path, in Chinese"),
        Column("adopters", "firms", "firms on the path (scaled)"),
        Column("firms", "firms", "firms in the group (scaled)"),
        Column("share", "share of firms", "adopters / firms"),
    ),
    # For maps (sim.maps): the 90 county-level units of 2020 (data/zhejiang/counties.csv);
    # a development zone counts in its host county.
    "county": (
        *_RUN_KEYS,
        Column("quarter", "", "calendar quarter"),
        Column("county_code", "", "administrative division code of 2020 (GB/T 2260)"),
        Column("county_zh", "", "county-level unit (Chinese name of 2020)"),
        Column("city", "", "city (English)"),
        Column("firms", "firms", "firms in the county, zones included (scaled)"),
        Column("integration_index", "index 0-1", "coupling-coordination degree D of the "
               "county's firms"),
        *(Column(f"adoption_{p}", "share of firms", f"the county's firms on the {p} path")
          for p in PATHS),
        Column("adoption_any", "share of firms", "the county's firms on at least one path"),
        Column("pilot_region", "true/false", "the county itself is a pilot region now"),
        Column("pilot_regions", "regions", "current pilot regions in the county (itself and "
               "its development zones)"),
        Column("pilot_enterprises", "enterprises", "current pilot enterprises in the county "
               "(scaled)"),
    ),
}
DATA_DICTIONARY = "data_dictionary.csv"  # every column's unit and meaning, zh and en
RUN_FILES = (*(f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")),
             SUMMARY, SUMMARY_MD, CONFIG, PROVENANCE, PARAMETER_SETS, DATA_DICTIONARY)
SAMPLE_FILES = (f"{POINTS}.parquet", f"{POINTS}.csv", SUMMARY, CONFIG, PROVENANCE)
# A sampled study's points table: point, seed, every outcome of sim.outcomes, then one
# column per sampled parameter (named in summary.json "parameters").
POINT_COLUMNS = ("point", "seed", *OUTCOME_NAMES)


def columns(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in TABLES[table])


def units(table: str) -> dict[str, str]:
    """Column -> unit of a run table."""
    return {c.name: c.unit for c in TABLES[table]}


# ---------------------------------------------------------------- the "done" rule
def is_done(job_dir: Path) -> bool:
    """A job is done when its folder has summary.json (folders appear only complete)."""
    return (Path(job_dir) / SUMMARY).is_file()


def job_dir(sweep_dir: Path, num: int | str) -> Path:
    """A job's folder; ``num`` must be a job number (it becomes a folder name)."""
    if isinstance(num, bool) or not str(num).isdigit():
        raise ResultsError(f"job number {num!r} is not an integer from 0")
    return Path(sweep_dir) / str(int(num))


# ---------------------------------------------------------------- checks
def _check_columns(frame: pd.DataFrame, expected: tuple[str, ...], where: str,
                   exact: bool) -> None:
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise ResultsError(f"{where} lacks column(s) {', '.join(missing)}")
    extra = [c for c in frame.columns if c not in expected]
    if exact and extra:
        raise ResultsError(f"{where} has undeclared column(s) {', '.join(extra)}; declare "
                           "them with their unit in sim/results.py TABLES")


def check_tables(tables: Mapping[str, pd.DataFrame]) -> None:
    """The tables a run writes: exactly the declared tables and columns."""
    if set(tables) != set(TABLES):
        raise ResultsError(f"a run writes the tables {sorted(TABLES)}, got {sorted(tables)}")
    for name, frame in tables.items():
        _check_columns(frame, columns(name), f"the {name} table", exact=True)


def _check_files(folder: Path, files: tuple[str, ...], kind: str) -> None:
    missing = [f for f in files if not (folder / f).is_file()]
    if missing:
        raise ResultsError(f"'{folder}' is not a complete {kind} folder: it lacks "
                           f"{', '.join(missing)}")


# ---------------------------------------------------------------- writing
def write_run(folder: Path, tables: Mapping[str, pd.DataFrame], summary: dict,
              summary_md: str, config_yaml: str, provenance: dict) -> None:
    """Write a run's files into ``folder`` (a staging folder), checked against the contract."""
    from sim.data_dictionary import with_chinese_labels

    # Chinese labels beside the codes (declared above), then the contract's check.
    tables = {name: with_chinese_labels(name, df, tables) for name, df in tables.items()}
    check_tables(tables)
    # Columns in the declared order, whatever order the recorder built them in.
    tables = {name: df[[c.name for c in TABLES[name]]] for name, df in tables.items()}
    folder = Path(folder)
    write_tables(folder, tables, TABLES)  # units and meanings go beside the data
    write_json(folder / SUMMARY, summary)
    (folder / SUMMARY_MD).write_text(summary_md, encoding="utf-8")
    (folder / CONFIG).write_text(config_yaml, encoding="utf-8")
    write_json(folder / PROVENANCE, provenance)
    _check_files(folder, RUN_FILES, "run")


def write_sample(folder: Path, points: pd.DataFrame, summary: dict, config_yaml: str,
                 provenance: dict) -> None:
    """Write a sampled-study chunk's files into ``folder``, checked against the contract."""
    expected = (*POINT_COLUMNS, *summary["parameters"])
    _check_columns(points, expected, "the points table", exact=True)
    if summary.get("kind") != SAMPLE_KIND:
        raise ResultsError(f"a sampled-study summary has kind '{SAMPLE_KIND}'")
    folder = Path(folder)
    write_tables(folder, {POINTS: points})
    write_json(folder / SUMMARY, summary)
    (folder / CONFIG).write_text(config_yaml, encoding="utf-8")
    write_json(folder / PROVENANCE, provenance)
    _check_files(folder, SAMPLE_FILES, "sampled-study chunk")


# ---------------------------------------------------------------- reading
def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultsError(f"cannot read '{path}': {exc}") from None
    if not isinstance(data, dict):
        raise ResultsError(f"'{path}' does not hold a JSON object")
    return data


def read_summary(job: Path) -> dict:
    return _read_json(Path(job) / SUMMARY)


def read_config(job: Path) -> dict:
    path = Path(job) / CONFIG
    try:
        config = OmegaConf.to_container(OmegaConf.load(path))
    except Exception as exc:  # any YAML or file error is one line about this file
        raise ResultsError(f"cannot read '{path}': {exc}") from None
    if not isinstance(config, dict):
        raise ResultsError(f"'{path}' does not hold a mapping")
    return config


def is_sample(job: Path) -> bool:
    """True if a finished job evaluated a chunk of a sampled study (not a scenario)."""
    return read_summary(job).get("kind") == SAMPLE_KIND


@dataclass
class RunFolder:
    folder: Path
    summary: dict
    config: dict  # the resolved config the run was made with
    provenance: dict
    tables: dict[str, pd.DataFrame]  # only those asked for


def read_run(folder: Path, tables: tuple[str, ...] = tuple(TABLES)) -> RunFolder:
    """A finished run folder: its summary, config, provenance and the ``tables`` asked
    for (each with at least its declared columns)."""
    folder = Path(folder)
    _check_files(folder, (SUMMARY, CONFIG, PROVENANCE,
                          *(f"{t}.parquet" for t in tables)), "run")
    summary = read_summary(folder)
    if summary.get("kind") == SAMPLE_KIND:
        raise ResultsError(f"'{folder}' holds a chunk of a sampled study, not a run")
    frames = {}
    for name in tables:
        frame = pd.read_parquet(folder / f"{name}.parquet")
        _check_columns(frame, columns(name), f"'{folder / name}.parquet'", exact=False)
        frames[name] = frame
    return RunFolder(folder, summary, read_config(folder), _read_json(folder / PROVENANCE),
                     frames)


def read_sample(folder: Path) -> tuple[dict, pd.DataFrame]:
    """A finished sampled-study chunk: (summary, points table)."""
    folder = Path(folder)
    _check_files(folder, (SUMMARY, CONFIG, f"{POINTS}.parquet"), "sampled-study chunk")
    summary = read_summary(folder)
    if summary.get("kind") != SAMPLE_KIND:
        raise ResultsError(f"'{folder}' holds a scenario run, not a sampled-study chunk")
    for key in ("method", "n", "parameters", "bounds"):
        if key not in summary:
            raise ResultsError(f"'{folder / SUMMARY}' lacks '{key}'")
    points = pd.read_parquet(folder / f"{POINTS}.parquet")
    _check_columns(points, (*POINT_COLUMNS, *summary["parameters"]),
                   f"'{folder / POINTS}.parquet'", exact=False)
    return summary, points


def read_manifest(sweep_dir: Path) -> dict:
    """The sweep's manifest (``sweep.json``, with its list of ``jobs``)."""
    path = Path(sweep_dir) / MANIFEST
    if not path.is_file():
        raise ResultsError(f"'{sweep_dir}' is not a sweep folder: it has no {MANIFEST} (a "
                           "sweep folder is the one `python -m sim -m ...` prints when it "
                           "finishes)")
    manifest = _read_json(path)
    if problem := manifest_problem(manifest):
        raise ResultsError(f"'{path}' is not a usable sweep manifest: {problem}")
    return manifest


def manifest_problem(manifest: object) -> str | None:
    """Why a sweep.json cannot be used, or None: every job's ``num`` must be a distinct
    non-negative integer (it becomes a folder name)."""
    jobs = manifest.get("jobs") if isinstance(manifest, dict) else None
    if not isinstance(jobs, list):
        return "it has no list of jobs"
    seen = set()
    for i, job in enumerate(jobs):
        num = job.get("num") if isinstance(job, dict) else None
        if isinstance(num, bool) or not isinstance(num, int) or not 0 <= num < 10_000_000:
            return f"job {i} has num={num!r}; job numbers are integers from 0"
        if num in seen:
            return f"job number {num} appears twice"
        if not isinstance(job.get("key"), str):
            return f"job {num} has no key"
        seen.add(num)
    return None

