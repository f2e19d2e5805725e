"""The comparison as an Excel workbook an analyst can work in (``comparison.xlsx``).

Numbers are numbers (never "0.30 [0.10, 0.60]" as text): each interval has its own low
and high columns; probabilities carry a percent format, counts whole numbers, the index
three decimals, money one decimal. Every sheet has bilingual headers, set widths, a
frozen header row and scenario column, and filters. The 说明 (notes) sheet lists every
column of every sheet with its unit and meaning in Chinese and English, and the sweep's
scale, seeds, code version and date. Text cells are written as text, so a cell that
starts with "=" is never run as a formula.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd

from sim.report.stamp import stamp_of

# Column suffix -> (unit zh, unit en, kind). Kinds pick the number format.
_SUFFIXES = (
    ("_p_lo", ("概率", "probability", "pct"), ("下限", "low")),
    ("_p_hi", ("概率", "probability", "pct"), ("上限", "high")),
    ("_p", ("概率", "probability", "pct"), ("达标概率", "P(met)")),
    ("_median", None, ("中位数", "median")),
    ("_p05", None, ("5%分位", "5th percentile")),
    ("_p95", None, ("95%分位", "95th percentile")),
    ("_first_quarter", ("季度", "quarter", "text"), ("中位数首次达标季度", "quarter the median first reaches it")),
)
def _outcome_units() -> dict[str, tuple[str, str, str]]:
    """Outcome -> (unit zh, unit en, number kind), from sim.outcomes (digits pick the
    format), plus "all targets" as a probability."""
    from sim.outcomes import OUTCOMES

    kinds = {0: "int", 1: "money", 2: "money2", 3: "index"}
    units = {o.name: (o.unit_zh, o.unit_en, kinds.get(o.digits, "num")) for o in OUTCOMES}
    units["all_targets"] = ("概率", "probability", "pct")
    return units


_TARGET_UNITS = _outcome_units()
_FIXED = {
    "scenario": ("", "", "text", "情景（覆盖项）", "scenario (its overrides)"),
    "label_zh": ("", "", "text", "情景名称", "scenario name (Chinese)"),
    "label_en": ("", "", "text", "情景名称（英文）", "scenario name (English)"),
    "reference": ("", "", "bool", "是否参照情景", "is the reference scenario"),
    "counterfactual": ("", "", "bool", "是否无新增措施对照", "is the no-policy counterfactual"),
    "seeds": ("个", "seeds", "int", "随机种子数", "replicate seeds"),
    "yi_per_extra_pilot_region": ("亿元/个", "亿元 per region", "money2",
                                  "相对无新增措施，每增加1个试点区域的财政投入",
                                  "fiscal cost per extra pilot region against no policy"),
    "yi_per_extra_pilot_enterprise": ("亿元/家", "亿元 per firm", "money3",
                                      "相对无新增措施，每增加1家试点企业的财政投入",
                                      "fiscal cost per extra pilot enterprise against no policy"),
    "measure": ("", "", "text", "指标", "measure"),
    "mean_difference": ("同指标", "as the measure", "num", "配对差均值（情景减参照）",
                        "mean paired difference (scenario minus reference)"),
    "lo": ("同指标", "as the measure", "num", "95%区间下限", "95% interval, low"),
    "hi": ("同指标", "as the measure", "num", "95%区间上限", "95% interval, high"),
    "pairs": ("个", "seeds", "int", "配对种子数", "matched seeds"),
    "method": ("", "", "text", "区间方法", "interval method"),
    "seed": ("", "", "int", "随机种子", "replicate seed"),
    "key": ("", "", "text", "配置项", "config key"),
    "value": ("", "", "text", "该情景取值", "value in the scenario"),
    "reference_value": ("", "", "text", "参照情景取值", "value in the reference"),
}
_FORMATS = {"pct": "0%", "int": "0", "index": "0.000", "money": "0.0", "money2": "0.00",
            "money3": "0.000", "num": "0.000"}


def describe_column(column: str, labels: dict[str, tuple[str, str]]
                    ) -> tuple[str, str, str, str, str]:
    """(unit zh, unit en, kind, meaning zh, meaning en) of a comparison workbook column."""
    if column in _FIXED:
        return _FIXED[column]
    if column.startswith("met_"):
        name = column[4:]
        zh, en = labels.get(name, (name, name))
        return ("0/1", "0/1", "int", f"是否达成：{zh}", f"met: {en}")
    for suffix, unit, (what_zh, what_en) in _SUFFIXES:
        if column.endswith(suffix):
            name = column[: -len(suffix)]
            zh, en = labels.get(name, (name, name))
            uzh, uen, kind = unit or _TARGET_UNITS.get(name, ("", "", "num"))
            return uzh, uen, kind, f"{zh}：{what_zh}", f"{en}: {what_en}"
    if column in _TARGET_UNITS or column in labels:
        zh, en = labels.get(column, (column, column))
        uzh, uen, kind = _TARGET_UNITS.get(column, ("", "", "num"))
        return uzh, uen, kind, zh, en
    return "", "", "num", column, column


def target_labels(comparison) -> dict[str, tuple[str, str]]:
    """Outcome labels (zh, en) from the sweep's own summaries, plus cost and all targets."""
    labels = {"cost_yi": ("财政投入", "fiscal cost"),
              "all_targets": ("全部目标同时达成", "all targets met")}
    for summary in comparison.sweep.summaries.values():
        for name, t in summary.get("targets", {}).items():
            labels.setdefault(name, (t["label_zh"], t["label_en"]))
    return labels


def write_workbook(comparison, path: Path, lang: str = "zh") -> Path:
    """Write the comparison workbook (numeric sheets + 说明) at ``path``, and the same
    column notes as ``data_dictionary.csv`` beside it."""
    labels = target_labels(comparison)
    c = comparison
    paired = c.paired.copy()
    sheets = {
        "比较 comparison": c.table,
        "配对差 paired": paired,
        "逐种子 per_seed": c.per_seed,
        "配置差异 config_diff": c.config_diff.astype(str),
    }
    notes = []
    with pd.ExcelWriter(path, engine="xlsxwriter") as xl:
        book = xl.book
        head = book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                "bg_color": "#EEF1F6", "border": 1})
        formats = {k: book.add_format({"num_format": v}) for k, v in _FORMATS.items()}
        for sheet_name, df in sheets.items():
            ws = book.add_worksheet(sheet_name[:31])
            for j, col in enumerate(df.columns):
                uzh, uen, kind, mzh, men = describe_column(col, labels)
                unit = f"（{uzh}）" if uzh else ""
                ws.write_string(0, j, f"{mzh}{unit}\n{col}", head)
                width = max(10, min(28, len(str(mzh)) * 2 + 4))
                ws.set_column(j, j, width, formats.get(kind))
                notes.append((sheet_name, col, uzh, uen, mzh, men))
                for i, value in enumerate(df[col].tolist(), start=1):
                    _write(ws, i, j, value, kind, formats)
            ws.set_row(0, 48)
            ws.freeze_panes(1, 1)
            ws.autofilter(0, 0, max(len(df), 1), max(len(df.columns) - 1, 0))
        _notes_sheet(book, head, c, notes, lang)
    # The same notes beside the CSVs: every results folder has its data dictionary.
    pd.DataFrame(notes, columns=["表 table", "列 column", "单位", "unit", "含义", "meaning"]
                 ).to_csv(Path(path).with_name("data_dictionary.csv"), index=False,
                          encoding="utf-8-sig")
    return path


def _write(ws, row: int, col: int, value, kind: str, formats: dict) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None)
    elif isinstance(value, bool) or kind == "bool":
        ws.write_boolean(row, col, bool(value))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, float(value), formats.get(kind))
    else:  # text: never interpreted as a formula
        ws.write_string(row, col, str(value))


def _notes_sheet(book, head, c, notes: list[tuple], lang: str) -> None:
    ws = book.add_worksheet("说明")
    stamp = stamp_of(c, lang)
    prov = c.sweep.provenance[c.reference]
    about = [
        ("扫描 sweep", str(c.sweep.folder)),
        ("参照情景 reference", c.sweep.reference.label("zh") + " / "
         + c.sweep.reference.label("en")),
        ("规模 scale (world.firms_per_agent)", f"1:{stamp.firms_per_agent}" + (
            "（缩放世界：试点数偏低 / scaled world: pilot counts run low）"
            if stamp.firms_per_agent > 1 else "（全规模 / full scale）")),
        ("随机种子 seeds", f"{stamp.seeds}: " + ", ".join(str(s) for s in prov["seeds"])),
        ("版本 version (git commit)", str(prov.get("git_commit"))),
        ("生成日期 made", date.today().isoformat()),
        ("概率 probabilities", "达标种子占比，区间为95% Wilson区间 / share of seeds meeting "
         "the target, 95% Wilson interval"),
        ("配对差 paired differences", "数值指标：95% t区间；达标概率差：Newcombe混合评分区间 / "
         "values: 95% t interval; differences of probabilities: Newcombe hybrid score"),
    ]
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 5, 40)
    for i, (k, v) in enumerate(about):
        ws.write_string(i, 0, k, head)
        ws.write_string(i, 1, v)
    top = len(about) + 2
    for j, h in enumerate(("工作表 sheet", "列 column", "单位", "unit", "含义", "meaning")):
        ws.write_string(top, j, h, head)
    for i, row in enumerate(notes, start=top + 1):
        for j, v in enumerate(row):
            ws.write_string(i, j, str(v))
    ws.freeze_panes(top + 1, 0)
    ws.autofilter(top, 0, top + len(notes), 5)
