"""Speed and memory of the integration model at 10^4 and 10^5 firms (``make bench``).

For each population size (``--sizes``, default 10000 100000; manufacturers and
service firms are split 48:40 as in the calibrated world) it measures, on one core:

build_s
    Median time to construct ``IntegrationModel`` (world, agents, first aggregates).
seconds_per_run
    Median wall time of one full 24-quarter (2020Q1-2025Q4) run with the vectorized
    engine, over ``--repeats`` runs of freshly built models (same seed, same work).
us_per_firm_quarter
    seconds_per_run / (firm agents x quarters), in microseconds.
reference_us_per_firm_quarter
    The same figure for the per-agent reference engine (``engine="agents"``: every
    Mesa ``Firm`` runs ``step``/``advance`` in plain Python).  It is slow, so it runs
    only the first ``--reference-quarters`` quarters (default 2 at >= 10^5 firms,
    4 below).
speedup_vs_reference
    reference_us_per_firm_quarter / us_per_firm_quarter, both timed in this process,
    so the ratio holds even when absolute times drift on a busy machine.
peak_mb, baseline_mb, model_mb
    Peak resident memory (``ru_maxrss``) of a fresh process that builds the model
    and makes one full vectorized run; baseline_mb is that process's peak after the
    imports and config composition, and model_mb = peak_mb - baseline_mb is the
    model's own share.  peak_mb is the whole process's peak.

How to read it: a table goes to stdout (one row per size), progress lines to stderr,
and the last stdout line is one JSON object with the figures for the largest size.
The aims (not asserts) are <= 3 s per full-scale run, >= 10x faster than the
reference and <= 500 MB peak; the table marks a missed aim with "!".

Everything runs single-threaded: BLAS/OpenMP thread counts are pinned to 1 before
numpy is imported.  Memory is measured first, in fresh spawned processes, while this
process is still small: Linux carries a parent's peak RSS into a spawned child's
``ru_maxrss``, so spawning after the timing runs would inflate the child's figure.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
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
AIMS = {"seconds_per_run": 3.0, "speedup_vs_reference": 10.0, "peak_mb": 500.0}


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

    return IntegrationModel(
        world=cfg.world,
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
    t1 = time.perf_counter()
    model.run()
    t2 = time.perf_counter()
    out = {
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "firm_agents": model.firms.n,
        "firms": model.firms.n * model.firms.weight,
        "agents": len(model.agents),
        "quarters": n_quarters(model),
    }
    del model
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
def time_vectorized(cfg, label: str, repeats: int, seed: int) -> dict:
    runs = []
    for i in range(repeats):
        log(f"{label}: vectorized run {i + 1}/{repeats} …")
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
        "run_s_all": [round(r["run_s"], 4) for r in runs],
        "us_per_firm_quarter": seconds / (first["firm_agents"] * first["quarters"]) * 1e6,
    }


def time_reference(cfg, label: str, quarters: int, seed: int) -> dict:
    log(f"{label}: per-agent reference, {quarters} quarters …")
    r = timed_build_and_run(cfg, "agents", seed, end=last_quarter(START, quarters))
    return {
        "reference_quarters": r["quarters"],
        "reference_run_s": r["run_s"],
        "reference_us_per_firm_quarter": r["run_s"] / (r["firm_agents"] * r["quarters"]) * 1e6,
    }


def reference_quarters_for(n: int, override: int | None) -> int:
    if override is not None:
        return override
    return 2 if n >= 100_000 else 4


def bench_size(n: int, args: argparse.Namespace, memory: dict) -> dict:
    label = size_label(n)
    log(f"{label}: composing config ({n:,} firms) …")
    cfg = load_config(n, args.policy)
    row = {"size": n, "label": label}
    row.update(time_vectorized(cfg, label, args.repeats, args.seed))
    row.update(
        time_reference(cfg, label, reference_quarters_for(n, args.reference_quarters), args.seed)
    )
    row["speedup_vs_reference"] = row["reference_us_per_firm_quarter"] / row["us_per_firm_quarter"]
    row.update(memory)
    return row


# ---------------------------------------------------------------- report
COLUMNS = (  # (key, header, format)
    ("firms", "firms", "{:,}"),
    ("agents", "agents", "{:,}"),
    ("build_s", "build_s", "{:.2f}"),
    ("seconds_per_run", "seconds_per_run", "{:.2f}"),
    ("us_per_firm_quarter", "us_per_firm_quarter", "{:.3f}"),
    ("reference_us_per_firm_quarter", "reference_us_per_firm_quarter", "{:.2f}"),
    ("speedup_vs_reference", "speedup_vs_reference", "{:.1f}x"),
    ("peak_mb", "peak_mb", "{:.0f}"),
    ("baseline_mb", "baseline_mb", "{:.0f}"),
    ("model_mb", "model_mb", "{:.0f}"),
)


def missed_aims(row: dict) -> set[str]:
    missed = set()
    if row["seconds_per_run"] > AIMS["seconds_per_run"]:
        missed.add("seconds_per_run")
    if row["speedup_vs_reference"] < AIMS["speedup_vs_reference"]:
        missed.add("speedup_vs_reference")
    if row["peak_mb"] > AIMS["peak_mb"]:
        missed.add("peak_mb")
    return missed


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
        f"{START}–{END}, median of {args.repeats} vectorized runs, 1 thread"
    )
    print(
        f"python {vers['python']} · mesa {vers['mesa']} · numpy {vers['numpy']} · "
        f"{platform.machine()} · {os.cpu_count()} CPUs visible"
    )
    print()
    print(format_table(rows))
    print()
    for row in rows:
        print(
            f"{row['label']}: reference timed over {row['reference_quarters']} quarters "
            f"({row['reference_run_s']:.2f} s); vectorized runs "
            f"{', '.join(f'{s:.2f}' for s in row['run_s_all'])} s"
        )
    print(
        f"aims: <= {AIMS['seconds_per_run']:g} s per run, >= "
        f"{AIMS['speedup_vs_reference']:g}x the reference, <= {AIMS['peak_mb']:g} MB peak "
        "('!' marks a miss)"
    )


def summary(rows: list[dict], args: argparse.Namespace, vers: dict) -> dict:
    big = max(rows, key=lambda r: r["size"])
    keys = (
        "firms",
        "agents",
        "quarters",
        "build_s",
        "seconds_per_run",
        "us_per_firm_quarter",
        "reference_us_per_firm_quarter",
        "reference_quarters",
        "speedup_vs_reference",
        "peak_mb",
        "baseline_mb",
        "model_mb",
    )
    out = {k: (round(big[k], 4) if isinstance(big[k], float) else big[k]) for k in keys}
    out.update(
        repeats=args.repeats,
        policy=args.policy,
        threads=1,
        aims_missed=sorted(missed_aims(big)),
        **vers,
    )
    return out


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
        default=[10_000, 100_000],
        metavar="N",
        help="total firms per size, split 48:40 manufacturers:services (default: 10000 100000)",
    )
    p.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="full vectorized runs per size; the median is reported (default: 3)",
    )
    p.add_argument(
        "--reference-quarters",
        type=int,
        default=None,
        metavar="Q",
        help="quarters the slow per-agent reference runs (default: 2 at >= 100000 firms, 4 below)",
    )
    p.add_argument("--policy", default="draft", help="policy package (default: draft)")
    p.add_argument("--seed", type=int, default=1, help="model seed (default: 1)")
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
    sizes = sorted(set(args.sizes))
    # Memory first, while this process is small (see the module docstring).
    memory = {}
    for n in sizes:
        log(f"{size_label(n)}: peak memory of a full run in a fresh process …")
        memory[n] = measure_memory(n, args.policy, args.seed)
    quiet_mesa()
    import_model()
    rows = [bench_size(n, args, memory[n]) for n in sizes]
    vers = versions()
    print_report(rows, args, vers)
    print(json.dumps(summary(rows, args, vers)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
