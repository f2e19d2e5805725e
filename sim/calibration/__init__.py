"""Calibration check: the model's 2020 starting state against the published figures.

`python -m sim.calibration [overrides...]` (or `make calibration ARGS="..."`) builds the
world and runs the first quarters for a few seeds, and compares every figure of
``shared/design/zhejiang-facts.md`` with its counterpart in the model. Each row says
whether the figure was used to set a config value ("calibrated"), is only compared with
what the model produces ("checked"), or has no counterpart ("not represented", with the
reason), so no figure is silently skipped. docs/calibration.md explains the rows and
how to re-fit the world when new figures arrive.

``facts.FACTS`` holds the figures with their sources as cited in the facts file;
``counterparts.MODEL`` holds the model's counterpart of each, read by the functions of
``measures``. Money is in 亿元 (100 million yuan), shares in 0-1. ``table`` builds the
table, ``output`` writes it and ``__main__`` is the command; each module imports only
those before it in this list, never this package.
"""

from sim.calibration.counterparts import (
    CALIBRATED,
    CHECKED,
    MODEL,
    NOT_REPRESENTED,
    STATUSES,
    UNSOURCED,
    Counterpart,
)
from sim.calibration.facts import FACTS, Fact
from sim.calibration.measures import RUN_END, WORLD, Observation
from sim.calibration.output import markdown, new_folder, report, write_outputs
from sim.calibration.table import calibration_table, observe, table_from, unsourced_table

__all__ = [
    "CALIBRATED", "CHECKED", "FACTS", "MODEL", "NOT_REPRESENTED", "RUN_END", "STATUSES",
    "UNSOURCED", "WORLD", "Counterpart", "Fact", "Observation", "calibration_table",
    "markdown", "new_folder", "observe", "report", "table_from", "unsourced_table",
    "write_outputs",
]
