"""Speed and memory of the integration model (``make bench``).

For each population size (``--sizes``, default 10^4, 10^5 and 10^6; manufacturers and
service firms are split 48:40 as in the calibrated world) it measures, on one core:

build_s, seconds_per_run, total_s
    Median time to construct ``IntegrationModel`` (world, first aggregates; the Mesa
    ``Firm`` agents are not built for the vectorized engine), of one full 24-quarter
    (2020Q1-2025Q4) vectorized run, and of both, over ``--repeats`` fresh models (more
    for a small size: until 1 s of runs is timed, at most 15).
us_per_firm_quarter, cpu_us_per_firm_quarter
    seconds_per_run / (firm agents x quarters), in microseconds: the vectorized step with
    its aggregates and recording; wall clock, and this process's CPU time (the steadier
    figure when other work shares the cores). The table ends with this curve over the sizes, each
    size against the median (the aim: flat within +-25%, so cost grows linearly in n).
reference_build_s, reference_run_s, reference_total_s
    The same for the per-agent reference engine (``engine="agents"``: every Mesa ``Firm``
    is built and runs ``step``/``advance`` in plain Python), over the whole run up to
    10^4 firms and over 2 quarters (10^5) or 1 quarter (10^6) beyond, scaled up to 24
    quarters and marked so (``--reference-quarters`` sets one count for every size).
speedup_vs_reference
    reference_total_s / total_s: the speed-up of a whole run including the build, both
    timed in this process (the ratio holds even when absolute times drift).
peak_mb, baseline_mb, model_mb
    Peak resident memory (``ru_maxrss``) of a fresh process that builds the model and
    makes one full vectorized run; baseline_mb is its peak after imports and config
    composition; model_mb = peak_mb - baseline_mb.

Then, at full scale (88,000 firms):

worker memory and CPU
    Resident memory of a fresh process after each of ``--worker-replicates`` replicates
    run one after another through ``sim.run.run_replicate`` (as a sweep worker does):
    it must stay flat, not grow by a replicate's size each time; and the CPU seconds of
    each replicate (build + run + tables, ``time.process_time``), median reported, against
    the aim of 1.5 CPU-s.
sweep throughput
    A real sweep (``python -m sim -m policy=draft,none``, the joblib launcher, one job
    per core, a fresh run store) of ``--sweep-replicates`` replicates per job (default
    40, the default scenario's runs: a 1,000-run sweep is 25 such jobs): wall time
    x cores / replicates = seconds per full-scale replicate per core, everything
    included (start-up, composition, writing). From it, the wall time of 1,000 runs on 2
    cores, printed beside the 15-minute aim.

How to read it: tables go to stdout, progress lines to stderr, and the last stdout line
is one JSON object with the figures for the largest size, the worker and the sweep.
The aims are not asserts; the table marks a missed aim with "!".

Everything in this process runs single-threaded: BLAS/OpenMP thread counts are pinned
to 1 before numpy is imported. Memory is measured first, in fresh spawned processes,
while this process is still small: Linux carries a parent's peak RSS into a spawned
child's ``ru_maxrss``, so spawning after the timing runs would inflate the child's figure.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import math
import multiprocessing as mp
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

# Pin thread pools before anything imports numpy (figures are single-core); numpy and
# the model are imported lazily, inside the functions that need them.
for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
):
    os.environ[_var] = "1"

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"
MANUFACTURING_SHARE = 48 / 88  # the calibrated world's 48,000 : 40,000 split
START, END = "2020Q1", "2025Q4"
AIMS = {"us_per_firm_quarter": 0.4, "speedup_vs_reference": 30.0, "peak_mb": 700.0,
        "flatness": 0.25, "replicate_cpu_s": 1.5, "minutes_for_1000_runs_on_2_cores": 15.0}
FULL_SCALE = 88_000
ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- small helpers
def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def size_label(n: int) -> str:
    """10000 -> '10^4'; anything not a power of ten is printed as is."""
    exp = len(str(n)) - 1
    return f"10^{exp}" if n == 10**exp else f"{n:,}"


def split_population(n: int) -> tuple[int, int]:
    """Manufacturers and service firms for a total of n firms, 48:40."""
    manufacturers = round(n * MANUFACTURING_SHARE)
    return manufacturers, n - manufacturers


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quiet_mesa() -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)


def import_model() -> None:
    """Import the model (numpy, pandas, mesa, …) up front, so no timing includes it."""
    import sim.model  # noqa: F401


# ---------------------------------------------------------------- building models
def load_config(n: int, policy: str):
    """The composed, typed config for a population of n firms."""
    from sim.config.compose import compose_config
    from sim.config.validation import to_typed

    manufacturers, services = split_population(n)
    overrides = [
        f"policy={policy}",
        f"world.manufacturers={manufacturers}",
        f"world.service_firms={services}",
    ]
    return to_typed(compose_config(overrides))


def last_quarter(start: str, quarters: int) -> str:
    from sim.model.vocabulary import quarter_index, quarter_label

    return quarter_label(quarter_index(start) + quarters - 1)


def build(cfg, engine: str, seed: int, end: str = END):
    from sim.model.model import IntegrationModel
    from sim.world_data import region_data

    return IntegrationModel(
        world=cfg.world,
        regions=region_data(cfg.world),
        policy=cfg.policy,
        behaviour=cfg.behaviour,
        start=START,
        end=end,
        engine=engine,
        rng=seed,
    )


def n_quarters(model) -> int:
    return model.last_quarter - model.first_quarter + 1


def timed_build_and_run(cfg, engine: str, seed: int, end: str = END) -> dict:
    """Build one model and run it to the end; times of each part."""
    gc.collect()
    t0 = time.perf_counter()
    model = build(cfg, engine, seed, end)
    c1, t1 = time.process_time(), time.perf_counter()
    model.run()
    c2, t2 = time.process_time(), time.perf_counter()
    out = {
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "run_cpu_s": c2 - c1,
        "firm_agents": model.firms.n,
        "firms": model.firms.n * model.firms.weight,
        "agents": model.firms.n if engine == "agents" else 0,  # Mesa Firm objects built
        "quarters": n_quarters(model),
    }
    model.release()  # as a sweep worker does (sim/run.py); Mesa 3.3 would keep it alive
    gc.collect()
    return out


# ---------------------------------------------------------------- memory (child)
def memory_child(n: int, policy: str, seed: int) -> dict:
    """Runs in a fresh spawned process: baseline after imports, then peak of a full run."""
    quiet_mesa()
    import_model()  # part of the baseline, as in any run
    cfg = load_config(n, policy)
    baseline = peak_rss_mb()
    build(cfg, "vectorized", seed).run()
    return {"baseline_mb": baseline, "peak_mb": peak_rss_mb()}


def measure_memory(n: int, policy: str, seed: int) -> dict:
    """Peak memory of a full vectorized run, in a fresh process (spawn, not fork)."""
    parent_mb = peak_rss_mb()
    with mp.get_context("spawn").Pool(1) as pool:
        mem = pool.apply(memory_child, (n, policy, seed))
    if parent_mb >= mem["baseline_mb"]:  # the child inherited our peak; figure is a floor
        log(f"warning: parent peak {parent_mb:.0f} MB may have inflated the child's ru_maxrss")
    mem["model_mb"] = mem["peak_mb"] - mem["baseline_mb"]
    return mem


# ---------------------------------------------------------------- timing (in process)
# A short run is timed more often: a 10^4-firm run takes ~0.09 s, so one neighbour's burst
# moves a median of 2 by 10-20% (a make bench with a test run beside it printed +30% at
# 10^4 where quiet runs print +22-24%). Small sizes are repeated until MIN_TIMED_S of runs
# are timed (at most MAX_REPEATS), as timeit does; large sizes keep --repeats.
MIN_TIMED_S = 1.0
MAX_REPEATS = 15


def time_vectorized(cfg, label: str, repeats: int, seed: int) -> dict:
    runs = [timed_build_and_run(cfg, "vectorized", seed)]
    total = max(repeats, min(MAX_REPEATS, math.ceil(MIN_TIMED_S / max(runs[0]["run_s"], 1e-9))))
    log(f"{label}: vectorized build + run 1/{total} done ({runs[0]['run_s']:.2f} s)")
    for i in range(1, total):
        log(f"{label}: vectorized build + run {i + 1}/{total} …")
        runs.append(timed_build_and_run(cfg, "vectorized", seed))
    first = runs[0]
    seconds = statistics.median(r["run_s"] for r in runs)
    return {
        "firms": first["firms"],
        "firm_agents": first["firm_agents"],
        "agents": first["agents"],
        "quarters": first["quarters"],
        "build_s": statistics.median(r["build_s"] for r in runs),
        "seconds_per_run": seconds,
        "total_s": statistics.median(r["build_s"] + r["run_s"] for r in runs),
        "run_s_all": [round(r["run_s"], 4) for r in runs],
        "us_per_firm_quarter": seconds / (first["firm_agents"] * first["quarters"]) * 1e6,
        "cpu_us_per_firm_quarter": statistics.median(r["run_cpu_s"] for r in runs)
        / (first["firm_agents"] * first["quarters"]) * 1e6,
    }


def time_reference(cfg, label: str, quarters: int, seed: int) -> dict:
    log(f"{label}: per-agent reference, build + {quarters} quarters …")
    r = timed_build_and_run(cfg, "agents", seed, end=last_quarter(START, quarters))
    whole_run_s = r["run_s"] * 24 / r["quarters"]  # scaled up when the run was shortened
    return {
        "reference_quarters": r["quarters"],
        "reference_build_s": r["build_s"],
        "reference_run_s": whole_run_s,
        "reference_total_s": r["build_s"] + whole_run_s,
        "reference_us_per_firm_quarter": r["run_s"] / (r["firm_agents"] * r["quarters"]) * 1e6,
    }


def reference_quarters_for(n: int, override: int | None) -> int:
    """The per-agent reference costs ~20 us per firm-quarter: all 24 quarters up to 10^4
    firms, then 2 (10^5) or 1 (10^6 and more), scaled up."""
    if override is not None:
        return override
    return 24 if n <= 10_000 else 2 if n <= 100_000 else 1


def bench_size(n: int, args: argparse.Namespace, memory: dict) -> dict:
    label = size_label(n)
    log(f"{label}: composing config ({n:,} firms) …")
    cfg = load_config(n, args.policy)
    row = {"size": n, "label": label}
    log(f"{label}: warm-up build (first-use costs are not part of a run's time) …")
    timed_build_and_run(cfg, "vectorized", args.seed, end=START)
    row.update(time_vectorized(cfg, label, args.repeats, args.seed))
    row.update(
        time_reference(cfg, label, reference_quarters_for(n, args.reference_quarters), args.seed)
    )
    row["speedup_vs_reference"] = row["reference_total_s"] / row["total_s"]
    row.update(memory)
    return row


# ---------------------------------------------------------------- report
COLUMNS = (  # (key, header, format)
    ("firms", "firms", "{:,}"),
    ("build_s", "build_s", "{:.2f}"),
    ("seconds_per_run", "run_s", "{:.2f}"),
    ("total_s", "total_s", "{:.2f}"),
    ("us_per_firm_quarter", "us/firm-q", "{:.3f}"),
    ("cpu_us_per_firm_quarter", "cpu_us/firm-q", "{:.3f}"),
    ("reference_build_s", "ref_build_s", "{:.2f}"),
    ("reference_total_s", "ref_total_s", "{:.1f}"),
    ("speedup_vs_reference", "speedup", "{:.1f}x"),
    ("peak_mb", "peak_mb", "{:.0f}"),
    ("baseline_mb", "baseline_mb", "{:.0f}"),
    ("model_mb", "model_mb", "{:.0f}"),
)


def missed_aims(row: dict) -> set[str]:
    """The per-size aims this row misses (the us and peak aims are set for 10^5 and 10^6
    firms; smaller worlds are marked only on the speed-up)."""
    missed = set()
    big = row["size"] >= 100_000
    if big and row["us_per_firm_quarter"] > AIMS["us_per_firm_quarter"]:
        missed.add("us_per_firm_quarter")
    if row["speedup_vs_reference"] < AIMS["speedup_vs_reference"]:
        missed.add("speedup_vs_reference")
    if row["size"] >= 1_000_000 and row["peak_mb"] > AIMS["peak_mb"]:
        missed.add("peak_mb")
    return missed


def flatness(rows: list[dict]) -> dict:
    """us per firm-quarter at each size against their median (the aim: within +-25%), and
    what makes the curve bend: a quarter's time read as a fixed part plus a part per firm,
    from the two smallest sizes (where the fixed part weighs most)."""
    us = {r["label"]: r["us_per_firm_quarter"] for r in rows}
    mid = statistics.median(us.values())
    dev = {k: v / mid - 1.0 for k, v in us.items()}
    out = {"median_us": mid, "deviation": dev,
           "flat": all(abs(d) <= AIMS["flatness"] for d in dev.values())}
    if len(rows) >= 2:
        a, b = sorted(rows, key=lambda r: r["size"])[:2]
        per_quarter = [r["seconds_per_run"] / r["quarters"] for r in (a, b)]
        slope = (per_quarter[1] - per_quarter[0]) / (b["firm_agents"] - a["firm_agents"])
        out.update(fixed_ms_per_quarter=(per_quarter[0] - slope * a["firm_agents"]) * 1e3,
                   marginal_us_per_firm_quarter=slope * 1e6)
    return out


def format_table(rows: list[dict]) -> str:
    cells = [[h for _, h, _ in COLUMNS]]
    for row in rows:
        missed = missed_aims(row)
        cells.append(
            [fmt.format(row[key]) + ("!" if key in missed else "") for key, _, fmt in COLUMNS]
        )
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def versions() -> dict:
    import mesa
    import numpy

    return {
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "numpy": numpy.__version__,
    }


def print_report(rows: list[dict], args: argparse.Namespace, vers: dict) -> None:
    print(
        f"IntegrationModel benchmark — policy={args.policy}, seed={args.seed}, "
        f"{START}–{END}, median of >= {args.repeats} vectorized runs "
        f"(small sizes until {MIN_TIMED_S:g} s of runs is timed), 1 thread"
    )
    print(
        f"python {vers['python']} · mesa {vers['mesa']} · numpy {vers['numpy']} · "
        f"{platform.machine()} · {os.cpu_count()} CPUs visible"
    )
    print()
    print(format_table(rows))
    print()
    for row in rows:
        shortened = row["reference_quarters"] < 24
        print(
            f"{row['label']}: reference built in {row['reference_build_s']:.2f} s and run "
            f"{'(scaled up from ' + str(row['reference_quarters']) + ' quarters) ' if shortened else ''}"
            f"in {row['reference_run_s']:.1f} s; vectorized runs "
            f"{', '.join(f'{s:.2f}' for s in row['run_s_all'])} s"
        )
    flat = flatness(rows)
    print("cost per firm-quarter by size (vectorized, us; deviation from the median "
          f"{flat['median_us']:.3f}): " + ", ".join(
              f"{r['label']} {r['us_per_firm_quarter']:.3f} ({flat['deviation'][r['label']]:+.0%})"
              for r in rows) + ("" if flat["flat"] else " !"))
    if "fixed_ms_per_quarter" in flat:
        print(f"  read as {flat['fixed_ms_per_quarter']:.2f} ms a quarter whatever the firms + "
              f"{flat['marginal_us_per_firm_quarter']:.3f} us per firm-quarter (from the two "
              "smallest sizes; the fixed part is what bends the curve at small sizes)")
    print(
        f"aims: <= {AIMS['us_per_firm_quarter']:g} us per firm-quarter at 10^5 and 10^6, "
        f">= {AIMS['speedup_vs_reference']:g}x the reference (whole run with build), "
        f"<= {AIMS['peak_mb']:g} MB peak at 10^6, flat within "
        f"+-{AIMS['flatness']:.0%} ('!' marks a miss)"
    )


def print_worker(worker: dict) -> None:
    rss = worker["rss_mb"]
    print()
    print(f"worker memory, {len(rss)} full-scale replicates in one process (RSS after each, MB):")
    print("  " + " ".join(f"{x:.0f}" for x in rss))
    print(f"  growth from replicate 1 to {len(rss)}: {worker['growth_mb']:+.0f} MB "
          f"({worker['growth_mb_per_replicate']:+.1f} MB per replicate)")
    cpu = worker["cpu_s"]
    print("  CPU seconds per full-scale replicate (build + run + tables): "
          + " ".join(f"{x:.2f}" for x in cpu)
          + f"; median {worker['cpu_s_median']:.2f} (aim: <= {AIMS['replicate_cpu_s']:g})"
          + ("" if worker["cpu_s_median"] <= AIMS["replicate_cpu_s"] else " !"))


def print_sweep(sweep: dict) -> None:
    minutes = sweep["minutes_for_1000_runs_on_2_cores"]
    aim = AIMS["minutes_for_1000_runs_on_2_cores"]
    print()
    print(f"sweep throughput: {sweep['replicates']} full-scale replicates in "
          f"{sweep['jobs']} jobs on {sweep['cores']} cores (joblib launcher), "
          f"{sweep['wall_s']:.0f} s wall")
    print(f"  {sweep['seconds_per_replicate_per_core']:.1f} s per full-scale replicate per core "
          f"(start-up, composition and writing included)")
    print(f"  1,000 runs on 2 cores: {minutes:.0f} min (aim: {aim:g} min)"
          f"{'' if minutes <= aim else ' !'}")


def summary(rows: list[dict], args: argparse.Namespace, vers: dict, worker: dict | None,
            sweep: dict | None) -> dict:
    big = max(rows, key=lambda r: r["size"])
    keys = (
        "firms",
        "quarters",
        "build_s",
        "seconds_per_run",
        "total_s",
        "us_per_firm_quarter",
        "cpu_us_per_firm_quarter",
        "reference_build_s",
        "reference_total_s",
        "reference_us_per_firm_quarter",
        "reference_quarters",
        "speedup_vs_reference",
        "peak_mb",
        "baseline_mb",
        "model_mb",
    )
    out = {k: (round(big[k], 4) if isinstance(big[k], float) else big[k]) for k in keys}
    flat = flatness(rows)
    out.update(
        us_per_firm_quarter_by_size={r["label"]: round(r["us_per_firm_quarter"], 4)
                                     for r in rows},
        cpu_us_per_firm_quarter_by_size={r["label"]: round(r["cpu_us_per_firm_quarter"], 4)
                                         for r in rows},
        speedup_by_size={r["label"]: round(r["speedup_vs_reference"], 1) for r in rows},
        peak_mb_by_size={r["label"]: round(r["peak_mb"]) for r in rows},
        flat_within_25pct=flat["flat"],
        **{k: round(flat[k], 4) for k in ("fixed_ms_per_quarter", "marginal_us_per_firm_quarter")
           if k in flat},
        repeats=args.repeats,
        policy=args.policy,
        threads=1,
        aims_missed=sorted(set().union(*(missed_aims(r) for r in rows))
                           | (set() if flat["flat"] else {"flatness"})),
        **vers,
    )
    if worker:
        out["worker_rss_mb"] = [round(x, 1) for x in worker["rss_mb"]]
        out["worker_growth_mb_per_replicate"] = round(worker["growth_mb_per_replicate"], 2)
        out["replicate_cpu_s"] = round(worker["cpu_s_median"], 3)
    if sweep:
        out.update({f"sweep_{k}": (round(v, 3) if isinstance(v, float) else v)
                    for k, v in sweep.items()})
    return out


# ---------------------------------------------------------------- a worker, a sweep
def worker_child(replicates: int, policy: str) -> tuple[list[float], list[float]]:
    """Runs in a fresh process: RSS after each full-scale replicate, one after another,
    and the CPU seconds of each (build + run + tables)."""
    import psutil

    from sim.config.compose import compose_config
    from sim.config.validation import to_typed
    from sim.run import run_replicate

    quiet_mesa()
    cfg = to_typed(compose_config([f"policy={policy}", "run.workers=1"]))
    process, rss, cpu = psutil.Process(), [], []
    run_replicate(cfg, replicates + 1)  # warm-up: first-use costs are paid once per worker
    for seed in range(1, replicates + 1):
        tic = time.process_time()
        run_replicate(cfg, seed)
        cpu.append(time.process_time() - tic)
        rss.append(process.memory_info().rss / 2**20)
        log(f"worker: replicate {seed}/{replicates}, {cpu[-1]:.2f} CPU-s, RSS {rss[-1]:.0f} MB")
    return rss, cpu


def measure_worker(replicates: int, policy: str) -> dict:
    with mp.get_context("spawn").Pool(1) as pool:
        rss, cpu = pool.apply(worker_child, (replicates, policy))
    growth = rss[-1] - rss[0]
    return {"rss_mb": rss, "growth_mb": growth, "cpu_s": cpu,
            "cpu_s_median": statistics.median(cpu),
            "growth_mb_per_replicate": growth / max(1, len(rss) - 1)}


def measure_sweep(replicates: int) -> dict:
    """A real two-job sweep at full scale through the joblib launcher, timed from outside."""
    import subprocess
    import tempfile

    cores = min(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "sim", "-m", "policy=draft,none",
               f"run.replicates={replicates}", f"run.output_root={tmp}",
               f"run.store={tmp}/store", f"hydra.launcher.n_jobs={cores}"]
        log(f"sweep: {' '.join(cmd[1:])} …")
        tic = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - tic
    if done.returncode != 0:
        raise RuntimeError(f"the benchmark sweep failed: {done.stderr[-2000:]}")
    total = 2 * replicates
    per_core = wall * cores / total
    return {"jobs": 2, "replicates": total, "cores": cores, "wall_s": wall,
            "seconds_per_replicate_per_core": per_core,
            "minutes_for_1000_runs_on_2_cores": 1000 * per_core / 2 / 60}


# ---------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Time and size the integration model at several population sizes "
        "(vectorized engine vs the per-agent reference). Prints a table, then "
        "one JSON line (figures for the largest size) as the last stdout line."
    )
    p.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000, 1_000_000],
        metavar="N",
        help="total firms per size, split 48:40 manufacturers:services (default: 10000 "
        "100000 1000000; none with --sweep-only)",
    )
    p.add_argument(
        "--repeats",
        type=int,
        default=2,
        help="full vectorized runs per size at least (a small size runs until 1 s is timed, "
        "at most 15); the median is reported (default: 2)",
    )
    p.add_argument(
        "--reference-quarters",
        type=int,
        default=None,
        metavar="Q",
        help="quarters the slow per-agent reference runs at every size (default: 24 up "
        "to 10^4 firms, 2 at 10^5, 1 beyond; fewer than 24 are scaled up)",
    )
    p.add_argument("--policy", default="draft", help="policy package (default: draft)")
    p.add_argument(
        "--worker-replicates",
        type=int,
        default=8,
        metavar="R",
        help="full-scale replicates run in one process for the memory figure (0 = skip)",
    )
    p.add_argument(
        "--sweep-replicates",
        type=int,
        default=40,
        metavar="R",
        help="replicates per job of the full-scale throughput sweep (2 jobs; 0 = skip; "
        "default 40, a scenario's default run, so the sweep has the shape of a real one)",
    )
    p.add_argument("--seed", type=int, default=1, help="model seed (default: 1)")
    p.add_argument("--sweep-only", action="store_true",
                   help="only the full-scale sweep throughput (make bench-sweep)")
    args = p.parse_args(argv)
    if args.repeats < 1:
        p.error("--repeats must be at least 1")
    if args.reference_quarters is not None and not 1 <= args.reference_quarters <= 24:
        p.error("--reference-quarters must be between 1 and 24")
    if min(args.sizes) < 200:
        p.error("--sizes must be at least 200 (the world needs >= 100 firms of each kind)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.sweep_only:
        sweep = measure_sweep(max(1, args.sweep_replicates))
        print_sweep(sweep)
        print(json.dumps({f"sweep_{k}": (round(v, 3) if isinstance(v, float) else v)
                          for k, v in sweep.items()}), flush=True)
        return 0
    sizes = sorted(set(args.sizes))
    # Memory first, while this process is small (see the module docstring).
    memory = {}
    for n in sizes:
        log(f"{size_label(n)}: peak memory of a full run in a fresh process …")
        memory[n] = measure_memory(n, args.policy, args.seed)
    worker = measure_worker(args.worker_replicates, args.policy) \
        if args.worker_replicates > 1 else None
    quiet_mesa()
    import_model()
    rows = [bench_size(n, args, memory[n]) for n in sizes]
    sweep = measure_sweep(args.sweep_replicates) if args.sweep_replicates > 0 else None
    vers = versions()
    print_report(rows, args, vers)
    if worker:
        print_worker(worker)
    if sweep:
        print_sweep(sweep)
    print(json.dumps(summary(rows, args, vers, worker, sweep)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
