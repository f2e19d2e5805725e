"""``python -m sim.sensitivity <sweep folder> [--lang zh|en] [--density 0.8]``.

Reads a sampled study (experiment=sensitivity, screening or discovery), computes the
sensitivity indices of the three target outcomes (Sobol or Morris samples), finds the
conditions under which each target is missed (PRIM, on any sample), and writes tables,
a tornado chart and a report into ``<sweep>/sensitivity`` (or the next free
``sensitivity-N``; nothing is overwritten).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sim.outputs import console_logging
from sim.results import ResultsError

log = logging.getLogger("sim.sensitivity")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.sensitivity", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", type=Path, help="the sweep folder of a sampled study")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--density", type=float, default=0.8,
                        help="scenario discovery: least share of misses inside a rule's box")
    args = parser.parse_args(argv)
    if not 0 < args.density <= 1:
        print(f"error: --density={args.density} is out of range; allowed: above 0 to 1",
              file=sys.stderr)
        return 2
    console_logging()
    from sim.sensitivity.analyse import analyse, write

    try:
        result = analyse(args.sweep, density=args.density)
        folder = write(result, args.lang)
    except ResultsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    print(folder / "sensitivity.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

