"""The calibration files: markdown tables, ``calibration.{csv,md}`` in a new folder."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.counterparts import NOT_REPRESENTED
from sim.escaping import md, write_csv
from sim.outputs import next_free


def _fmt(x: object) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    if isinstance(x, int | float | np.number):
        ax = abs(float(x))
        return f"{x:,.0f}" if ax >= 1000 else f"{x:.4g}"
    return md(x)


def markdown_table(df: pd.DataFrame, formats: dict[str, Callable] | None = None) -> str:
    formats = formats or {}
    lines = ["| " + " | ".join(md(c) for c in df.columns) + " |", "|" + "---|" * len(df.columns)]
    for _, r in df.iterrows():
        lines.append("| " + " | ".join(formats.get(c, _fmt)(r[c]) for c in df.columns) + " |")
    return "\n".join(lines)


def _pct(x: object) -> str:
    return "—" if x is None or x is pd.NA or math.isnan(x) else f"{x:+.1%}"


def _status_cell(df: pd.DataFrame) -> pd.Series:
    short = df["status"].str.split(":").str[0]
    return short.where(df["status"] != NOT_REPRESENTED, short + ": " + df["note"])


def markdown(table: pd.DataFrame) -> str:
    """The headline table: figure, real value, model value, difference and status."""
    view = table.assign(status=_status_cell(table))[
        ["figure", "figure_zh", "unit", "value", "model_quantity", "model_value", "difference",
         "relative_difference", "within_tolerance", "when", "status", "source"]]
    return markdown_table(view, {"relative_difference": _pct})


def report(table: pd.DataFrame, unsourced: pd.DataFrame, header: dict[str, str]) -> str:
    notes = table[table["status"] != NOT_REPRESENTED][
        ["figure", "model_quantity", "config_keys", "tolerance", "note"]]  # reasons: above
    meta = "\n".join(f"- {k}: {v}" for k, v in header.items())
    return (f"# Calibration check: the 2020 starting state against zhejiang-facts.md\n\n"
            f"{meta}\n\n## Figures\n\n{markdown(table)}\n\n"
            f"## What each model value is\n\n{markdown_table(notes)}\n\n"
            f"## Starting values with no figure in the facts file (assumptions)\n\n"
            f"{markdown_table(unsourced)}\n")


def write_outputs(table: pd.DataFrame, text: str, folder: Path) -> Path:
    """Write calibration.csv and calibration.md into the new ``folder``: built in a hidden
    staging folder, renamed into place; an existing folder with files is refused."""
    from sim.outputs import OutputExistsError, commit_folder, staging_folder

    if folder.exists() and any(folder.iterdir()):
        raise OutputExistsError(f"{folder} already holds files; refusing to overwrite it")
    staging = staging_folder(folder)
    write_csv(table, staging / "calibration.csv")
    (staging / "calibration.md").write_text(text, encoding="utf-8")
    return commit_folder(staging, folder)


def new_folder(root: Path) -> Path:
    """``root/<date-time>``, or ``-2``, ``-3``... if that name is taken."""
    return next_free(root / datetime.now().strftime("%Y%m%d-%H%M%S"))


REPO = Path(__file__).resolve().parent.parent.parent


def git_commit(repo: Path = REPO) -> str:
    """The checked-out commit, read from .git (no git process is started)."""
    try:
        head = (repo / ".git" / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:7]
        ref = head[5:]
        loose = repo / ".git" / ref
        if loose.exists():
            return loose.read_text().strip()[:7]
        for line in (repo / ".git" / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line[:7]
    except OSError:
        pass
    return "unknown"
