"""Write the sweep report as ``report.docx`` (see :mod:`sim.report.docx_report`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.answer import comparison_sentence
from sim.report.assumptions import assumption_rows, cautions
from sim.report.docx_report import PolicyDocument
from sim.report.narrow import UNITS, narrow_tables
from sim.report.stamp import stamp_of
from sim.report.tables import formatted_paired

TEXT = {  # (zh, en)
    "title": ("两业融合政策情景比较", "Scenario comparison of integration policies"),
    "answer": ("结论", "The answer"),
    "question": ("问题", "Question"),
    "cautions": ("使用须知", "Read before use"),
    "scenarios": ("情景", "Scenarios"),
    "results": ("比较结果", "Results"),
    "paired": ("与参照情景的配对差", "Paired differences against the reference"),
    "charts": ("图表", "Charts"),
    "maps": ("地图", "Maps"),
    "assumptions": ("决定结果的主要假设", "Assumptions that drive the result"),
    "provenance": ("来源与可复现性", "Provenance"),
}


def write_docx(c, charts, path: Path, lang: str = "zh", maps=()) -> Path:
    """The report as a .docx at ``path`` (``charts``, ``maps``: the report's Chart lists;
    the maps get their own section when there are any)."""
    i = 0 if lang == "zh" else 1
    stamp = stamp_of(c, lang)
    doc = PolicyDocument()
    study = c.sweep.manifest.get("study") or c.sweep.folder.parent.name
    doc.title(f"{TEXT['title'][i]}：{study}" if lang == "zh" else f"{TEXT['title'][1]}: {study}",
              stamp.text(lang))
    zh, en = comparison_sentence(c)
    doc.section(TEXT["answer"][i])
    doc.paragraph(zh, bold=True)
    doc.paragraph(en, size=10.5)
    question = c.sweep.configs[c.reference].get("study", {})
    if question.get("question_zh") or question.get("question_en"):
        doc.section(TEXT["question"][i])
        doc.paragraph(question.get("question_zh", ""))
        doc.paragraph(question.get("question_en", ""), size=10.5, grey=True)
    doc.section(TEXT["cautions"][i])
    for czh, cen in cautions(c):
        doc.bullet(f"{czh} / {cen}")
    doc.section(TEXT["scenarios"][i])
    head = ["情景", "覆盖项", "随机种子数"] if lang == "zh" else ["Scenario", "Overrides", "Seeds"]
    doc.table(TEXT["scenarios"][i], pd.DataFrame(
        [[s.label(lang), s.key, len(c.sweep.seeds(s.key))] for s in c.sweep.scenarios],
        columns=head), stamp=stamp.text(lang))
    doc.section(TEXT["results"][i])
    for part in narrow_tables(c, lang):
        doc.subsection(part.title(lang))
        doc.table(part.title(lang), part.frame, UNITS[i], stamp.text(lang))
    if len(c.paired):
        doc.section(TEXT["paired"][i])
        paired = formatted_paired(c, lang)
        doc.table(f"{TEXT['paired'][i]}（{c.sweep.reference.label(lang)}）", paired, UNITS[i],
                  stamp.text(lang))
    doc.section(TEXT["charts"][i])
    for ch in charts:
        doc.figure(ch.png, ch.caption_zh, ch.caption_en, stamp.text(lang))
    if maps:
        doc.section(f"{TEXT['maps'][0]} / {TEXT['maps'][1]}")
        for ch in maps:
            doc.figure(ch.png, ch.caption_zh, ch.caption_en, stamp.text(lang))
    doc.section(TEXT["assumptions"][i])
    doc.table(TEXT["assumptions"][i], pd.DataFrame(assumption_rows(c)), stamp=stamp.text(lang))
    doc.section(TEXT["provenance"][i])
    prov = c.sweep.provenance[c.reference]
    for line in (f"sweep folder: {c.sweep.folder}", f"git commit: {prov.get('git_commit')}",
                 f"python: {prov.get('python')}",
                 "seeds: " + ", ".join(str(s) for s in prov.get("seeds", []))):
        doc.bullet(line)
    return doc.save(path)
