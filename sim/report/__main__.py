"""``python -m sim.report <sweep folder> [--reference KEY] [--lang zh|en] [--docx] [--out DIR]``.

Compares the scenarios of a finished sweep and writes tables, charts and the report into
``<sweep>/report`` (or the next free ``report-N``). ``latest`` picks the newest sweep
under ``results/sweeps``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sim.outputs import (
    FolderBusyError,
    OutputFolderError,
    console_logging,
    os_error_line,
)
from sim.report.load import SweepError, is_sampled_study
from sim.results import MANIFEST, ResultsError, read_manifest

log = logging.getLogger("sim.report")


def latest_sweep(root: Path) -> Path:
    """The newest scenario sweep (sampled studies are analysed by sim.sensitivity)."""
    candidates = [p.parent for p in root.glob(f"*/*/{MANIFEST}")
                  if not is_sampled_study(p.parent, read_manifest(p.parent)["jobs"])]
    if not candidates:
        raise SweepError(f"no sweep found under '{root}'; run one first, e.g. "
                         "make sweep EXPERIMENT=policy_comparison")
    return max(candidates, key=lambda p: p.stat().st_mtime)


def missing_sweep(sweep: Path, root: Path, shown: int = 8) -> str:
    """One line for a sweep folder that does not exist, listing the newest existing ones."""
    found = sorted((p.parent for p in root.glob("*/*/sweep.json")),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    if not found:
        return (f"sweep folder '{sweep}' does not exist, and there is no sweep under "
                f"'{root}' yet; run one first, e.g. make sweep EXPERIMENT=policy_comparison")
    more = f" (+{len(found) - shown} older)" if len(found) > shown else ""
    return (f"sweep folder '{sweep}' does not exist; existing sweeps, newest first: "
            f"{', '.join(str(p) for p in found[:shown])}{more}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder (printed when the sweep ends) or 'latest'")
    parser.add_argument("--reference", help="scenario key or job number to pair against "
                        "(default: the experiment's study.reference)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="chart and table language (captions are always in both)")
    parser.add_argument("--docx", action="store_true",
                        help="also write report.docx (the Word report, Chinese document style)")
    parser.add_argument("--out", type=Path, help="report folder (default <sweep>/report)")
    parser.add_argument("--mixed-versions", action="store_true",
                        help="report a sweep whose jobs were computed with different code "
                        "versions (refused by default; the report then says so)")
    parser.add_argument("--sweeps-root", type=Path, default=Path("results/sweeps"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    console_logging()

    from sim.report.build import report_folder, write_report  # heavy imports: after checks
    from sim.report.compare import compare, load_sweep

    try:
        sweep = latest_sweep(args.sweeps_root) if args.sweep == "latest" else Path(args.sweep)
        if not sweep.is_dir():  # before report_folder creates anything
            raise SweepError(missing_sweep(sweep, args.sweeps_root))
        with report_folder(args.out or sweep / "report") as final:  # one writer, up front
            loaded = load_sweep(sweep, args.reference, args.mixed_versions)
            comparison = compare(loaded)  # a bad folder fails here, quietly
            log.info("comparing %d scenarios of %s against '%s'", len(comparison.table),
                     sweep, comparison.reference)
            folder = write_report(comparison, final, args.lang, exact=True,
                                  docx=args.docx)
    except (ResultsError, FolderBusyError, OutputFolderError) as exc:  # SweepError too
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {os_error_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: no report was written", file=sys.stderr)
        return 130
    if args.docx:
        print(folder / "report.docx")
    print(folder / "report.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
