"""The command ``python -m sim.policy_search <sweep> [--threshold 0.9] [--lang zh|en]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.outputs import console_logging
from sim.policy_search.build import write_search_report
from sim.results import ResultsError

DESCRIPTION = """``python -m sim.policy_search <sweep folder> [--threshold 0.9] [--lang zh|en]``.

Reads a policy search (``python -m sim -m experiment=policy_search``):
every trial's job folder (``summary.json``, ``config.yaml``, ``provenance.json``) and
the sweeper's ``optimization_results.yaml``. It builds one row per trial (median economic
cost, P(all targets met) with its 95% Wilson interval, each target's probability, the
lever settings), marks the Pareto frontier (no other trial is at most as costly and at
least as likely to meet every target, and strictly better in one), and picks the
cheapest trial with P(all) >= the threshold; if none reaches it, the trial with the
highest P(all) is reported instead, labelled as not meeting the threshold.

It writes ``<sweep>/search_report/`` (or the next free ``search_report-2``, ...; built
in a hidden staging folder and renamed into place): ``trials.csv``, ``frontier.csv``,
``best_policy.yaml`` (a ready-to-use ``configs/policy/`` file), ``frontier.{svg,pdf,png}``
with ``frontier.caption.md`` (Chinese and English) and ``search.md``.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.policy_search", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", type=Path, help="the policy search folder "
                        "(results/sweeps/policy_search/<id>)")
    parser.add_argument("--threshold", type=float, default=0.9,
                        help="P(all targets met) a package must reach (default 0.9)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh",
                        help="chart language (the caption is always in both)")
    args = parser.parse_args(argv)
    console_logging()
    try:
        folder = write_search_report(args.sweep, args.threshold, args.lang)
    except ResultsError as exc:  # SearchError too: not a finished policy search
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: no search report was written", file=sys.stderr)
        return 130
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
