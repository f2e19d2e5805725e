"""The report as a Word file (``python -m sim.report <sweep> --docx``), in the manner of a
Chinese policy document.

Chinese policy drafts circulate as .docx. The file follows their conventions: a title in
黑体, the answer first, sections numbered 一、二、三 (subsections （一）（二）), body text in
仿宋, tables in 宋体 with a numbered title above (表1) and units stated, figures with a
numbered caption below (图1), each table and figure with its provenance stamp. The
fonts are the ones Word on Chinese Windows has (宋体/SimSun, 黑体/SimHei, 仿宋/FangSong);
Latin text uses Times New Roman.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_FONT, HEADING_FONT, TABLE_FONT, LATIN_FONT = "仿宋", "黑体", "宋体", "Times New Roman"
CHINESE_NUMERALS = "一二三四五六七八九十"


def set_fonts(run_or_style, east_asian: str, size: float | None = None,
              bold: bool | None = None) -> None:
    """Latin and East Asian font of a run or style (Word keeps them apart)."""
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), east_asian if attr == "w:eastAsia" else LATIN_FONT)


class PolicyDocument:
    """A python-docx Document with the conventions above; sections number themselves."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
        section.left_margin = section.right_margin = Cm(2.6)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        set_fonts(self.doc.styles["Normal"], BODY_FONT, 12)
        self.doc.styles["Normal"].paragraph_format.line_spacing = 1.3
        self.sections = self.tables = self.figures = 0
        self.subsections = 0

    def title(self, text: str, subtitle: str = "") -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(p.add_run(text), HEADING_FONT, 20, bold=True)
        if subtitle:
            q = self.doc.add_paragraph()
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_fonts(q.add_run(subtitle), BODY_FONT, 10)

    def section(self, text: str) -> None:
        """A first-level heading numbered 一、二、..."""
        self.sections += 1
        self.subsections = 0
        heading = self.doc.add_heading(level=1)
        set_fonts(heading.add_run(f"{_numeral(self.sections)}、{text}"), HEADING_FONT, 16,
                  bold=False)
        heading.runs[0].font.color.rgb = RGBColor(0, 0, 0)

    def subsection(self, text: str) -> None:
        """A second-level heading numbered （一）（二）..."""
        self.subsections += 1
        heading = self.doc.add_heading(level=2)
        set_fonts(heading.add_run(f"（{_numeral(self.subsections)}）{text}"), "楷体", 14,
                  bold=False)
        heading.runs[0].font.color.rgb = RGBColor(0, 0, 0)

    def paragraph(self, text: str, *, bold: bool = False, size: float | None = None,
                  grey: bool = False) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(text)
        set_fonts(run, BODY_FONT, size, bold=bold)
        if grey:
            run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)

    def bullet(self, text: str) -> None:
        p = self.doc.add_paragraph(style="List Bullet")
        set_fonts(p.add_run(text), BODY_FONT)

    def table(self, title: str, df: pd.DataFrame, units: str = "", stamp: str = "") -> None:
        """表N + title above, the table in 宋体, units and the stamp below."""
        self.tables += 1
        head = self.doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(head.add_run(f"表{self.tables}  {title}"), HEADING_FONT, 11)
        table = self.doc.add_table(rows=1, cols=len(df.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = 9 if len(df.columns) <= 6 else 8
        for cell, name in zip(table.rows[0].cells, df.columns, strict=True):
            set_fonts(cell.paragraphs[0].add_run(str(name)), HEADING_FONT, size)
        for row in df.itertuples(index=False):
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                set_fonts(cell.paragraphs[0].add_run(_cell(value)), TABLE_FONT, size)
        for note in (units, stamp):
            if note:
                self.paragraph(note, size=8, grey=True)

    def figure(self, png: Path, caption_zh: str, caption_en: str, stamp: str = "") -> None:
        """The picture, then 图N + caption (zh), the English caption and the stamp."""
        self.figures += 1
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(str(png), width=Cm(15.5))
        cap = self.doc.add_paragraph()
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(cap.add_run(f"图{self.figures}  {caption_zh}"), HEADING_FONT, 10.5)
        self.paragraph(f"Figure {self.figures}. {caption_en}", size=9, grey=True)
        if stamp:
            self.paragraph(stamp, size=8, grey=True)

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        return path


def _numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens - 1] if tens > 1 else "") + "十" + \
        (CHINESE_NUMERALS[ones - 1] if ones else "")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
