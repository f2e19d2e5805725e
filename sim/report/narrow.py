"""The comparison table cut into narrow tables that fit an A4 page.

The full comparison has 15 columns; printed or pasted into a Word draft it wraps every
header into four lines. Split by kind of number, each table has the scenario and at most
five columns: attainment probabilities, target values, the quarter the median first
reaches each target, and fiscal cost. The HTML report, its print view and the Word
report use these; the CSV and Excel files keep the full table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.report.tables import formatted_table

PARTS = {  # measure part of a formatted column "<target>: <measure>" -> table title
    "p": ("达标概率（95%区间）", "Probability of meeting each target (95% interval)"),
    "value": ("目标数值：中位数（5%–95%）", "Target values: median (5–95%)"),
    "first": ("中位数首次达标季度", "Quarter in which the median first reaches the target"),
}


def _units() -> tuple[str, str]:
    """The unit line under each table, from the outcomes' own units (sim.outcomes)."""
    from sim.outcomes import OUTCOMES

    zh = "；".join(f"{o.short_zh}为{o.unit_zh}" for o in OUTCOMES)
    en = "; ".join(f"{o.short_en}: {o.unit_en}" for o in OUTCOMES)
    return (f"单位：{zh}；概率为达标种子占比（0–1）。",
            f"Units: {en}; probabilities are shares of seeds (0–1).")


UNITS = _units()


@dataclass
class NarrowTable:
    title_zh: str
    title_en: str
    frame: pd.DataFrame

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


def narrow_tables(comparison, lang: str = "zh") -> list[NarrowTable]:
    """The formatted comparison split into narrow tables (scenario column first)."""
    from sim.report.tables import HEAD

    i = 0 if lang == "zh" else 1
    wide = formatted_table(comparison, lang)
    scenario = wide.columns[0]
    measure_heads = {HEAD[k][i]: k for k in PARTS}
    parts: dict[str, dict[str, pd.Series]] = {k: {} for k in PARTS}
    rest = {}
    for col in wide.columns[1:]:
        target, sep, measure = col.partition(": ")
        if sep and measure in measure_heads:
            parts[measure_heads[measure]][target] = wide[col]
        else:
            rest[col] = wide[col]
    seeds = HEAD["seeds"][i]
    all_p = HEAD["all_p"][i]
    out = []
    for key, columns in parts.items():
        frame = pd.DataFrame({scenario: wide[scenario], **columns})
        if key == "p":
            frame[all_p] = rest.pop(all_p)
        out.append(NarrowTable(*PARTS[key], frame))
    rest.pop(seeds, None)
    out.append(NarrowTable("财政投入与成本效率", "Fiscal cost and cost-effectiveness",
                           pd.DataFrame({scenario: wide[scenario], **rest})))
    return out
