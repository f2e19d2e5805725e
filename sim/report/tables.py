"""The comparison as tables an analyst pastes: formatted cells, bilingual headers, files."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sim.escaping import md, write_csv
from sim.labels import ALL_TARGETS_LABEL
from sim.outcomes import BY_NAME, TARGETS
from sim.report.compare import Comparison

HEAD = {
    "scenario": ("情景", "Scenario"),
    "seeds": ("种子数", "Seeds"),
    "p": ("达标概率 [95%区间]", "P(met) [95% CI]"),
    "value": ("中位数 (5–95%)", "Median (5–95%)"),
    "first": ("中位数首次达标季度", "Median first reaches"),
    "all_p": ("全部目标达标概率", "P(all targets met)"),
    "cost": ("财政投入 亿元 中位数 (5–95%)", "Fiscal cost, 亿元, median (5–95%)"),
    "per_region": ("每增加1个试点区域 亿元", "亿元 per extra pilot region"),
    "per_enterprise": ("每增加1家试点企业 亿元", "亿元 per extra pilot enterprise"),
    "diff": ("与参照情景的配对差 [95%区间]", "Paired difference vs reference [95% CI]"),
}


def _short(name: str, lang: str) -> str:
    """Column head of an outcome (or of "all targets") in the formatted tables."""
    if name == "all_targets":
        return ALL_TARGETS_LABEL[_i(lang)]
    return BY_NAME[name].short(lang)


def _i(lang: str) -> int:
    return 0 if lang == "zh" else 1


def _num(x: float, digits: int) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _p(p: float, lo: float, hi: float) -> str:
    return "–" if math.isnan(p) else f"{p:.2f} [{lo:.2f}, {hi:.2f}]"


def formatted_table(c: Comparison, lang: str = "zh") -> pd.DataFrame:
    """One row per scenario, cells as text: what goes into the Markdown/HTML report."""
    i = _i(lang)
    rows = []
    for _, r in c.table.iterrows():
        name = r["label_zh"] if lang == "zh" else r["label_en"]
        tags = [("参照" if lang == "zh" else "reference")] if r["reference"] else []
        tags += [("反事实" if lang == "zh" else "counterfactual")] if r["counterfactual"] else []
        row = {HEAD["scenario"][i]: name + (f" ({', '.join(tags)})" if tags else ""),
               HEAD["seeds"][i]: int(r["seeds"])}
        for o in TARGETS:
            t, short = o.name, o.short(lang)
            row[f"{short}: {HEAD['p'][i]}"] = _p(r[f"{t}_p"], r[f"{t}_p_lo"], r[f"{t}_p_hi"])
            row[f"{short}: {HEAD['value'][i]}"] = (
                f"{o.fmt(r[f'{t}_median'])} ({o.fmt(r[f'{t}_p05'])}–{o.fmt(r[f'{t}_p95'])})")
            row[f"{short}: {HEAD['first'][i]}"] = r[f"{t}_first_quarter"] or "–"
        row[HEAD["all_p"][i]] = _p(r["all_targets_p"], r["all_targets_p_lo"],
                                   r["all_targets_p_hi"])
        cost = BY_NAME["cost_yi"]
        row[HEAD["cost"][i]] = (f"{cost.fmt(r['cost_yi_median'])} "
                                f"({cost.fmt(r['cost_yi_p05'])}–{cost.fmt(r['cost_yi_p95'])})")
        row[HEAD["per_region"][i]] = _num(r["yi_per_extra_pilot_region"], 2)
        row[HEAD["per_enterprise"][i]] = _num(r["yi_per_extra_pilot_enterprise"], 3)
        rows.append(row)
    return pd.DataFrame(rows)


def formatted_paired(c: Comparison, lang: str = "zh") -> pd.DataFrame:
    """Scenario rows, one column per measure: mean paired difference [95% CI] vs reference."""
    i = _i(lang)
    labels = {s.key: s.label(lang) for s in c.sweep.scenarios}
    measures = {**{name: name for name in BY_NAME}, "met_all_targets": "all_targets"}
    rows = []
    for key, group in c.paired.groupby("scenario", sort=False):
        row = {HEAD["scenario"][i]: labels[key]}
        g = group.set_index("measure")
        for measure, short_key in measures.items():
            m = g.loc[measure]
            # Mean differences of counts are fractional: one decimal, not whole numbers.
            d = max(BY_NAME[measure].digits if measure in BY_NAME else 2, 1)
            head = _short(short_key, lang)
            if measure == "met_all_targets":
                head = ("全部目标达标概率差" if lang == "zh" else "Δ P(all targets met)")
            lo, hi = _num(m["lo"], d), _num(m["hi"], d)
            row[head] = f"{m['mean_difference']:+.{d}f} [{lo}, {hi}]"
        rows.append(row)
    return pd.DataFrame(rows)


def markdown_table(df: pd.DataFrame) -> str:
    """GitHub-style Markdown without the optional `tabulate` dependency."""
    lines = ["| " + " | ".join(md(c) for c in df.columns) + " |",
             "|" + "|".join("---" for _ in df.columns) + "|"]
    lines += ["| " + " | ".join(md(x) for x in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def write_tables(c: Comparison, folder: Path, lang: str) -> list[Path]:
    """CSV for machines (with a BOM), Markdown for reading, one numeric Excel workbook for
    analysts (sim.report.workbook). User text is escaped and formula-like CSV cells are
    neutralised (sim/escaping.py); the workbook writes text cells as strings, never as
    formulas."""
    files = {
        "comparison.csv": c.table, "paired_differences.csv": c.paired,
        "config_diff.csv": c.config_diff, "per_seed.csv": c.per_seed,
        "attainment.csv": c.attainment,
    }
    written = []
    for name, df in files.items():
        write_csv(df, folder / name, encoding="utf-8-sig")  # BOM: Excel reads UTF-8
        written.append(folder / name)
    text = "\n".join([markdown_table(formatted_table(c, lang)),
                      markdown_table(formatted_paired(c, lang)) if len(c.paired) else ""])
    (folder / "comparison.md").write_text(text, encoding="utf-8")
    written.append(folder / "comparison.md")
    from sim.report.workbook import write_workbook

    written.append(write_workbook(c, folder / "comparison.xlsx", lang))
    return written
