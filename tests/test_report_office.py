"""The report an analyst takes to the office: the answer first, a numeric Excel workbook
with a notes sheet, CSVs with a BOM, a Word file in Chinese document style, honest
intervals and printable HTML (the browser test is tests/test_browser.py)."""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pandas as pd
from docx import Document
from docx.oxml.ns import qn

from sim.report.stats import newcombe_paired, newcombe_unpaired


def test_report_opens_with_the_answer(desk_report):
    md = (desk_report / "report.md").read_text("utf-8").splitlines()
    assert md[0].startswith("# ")
    assert "全部目标" in md[2] and ("P >= 0.9" in md[4] or "any run" in md[4])
    html = (desk_report / "report.html").read_text("utf-8")
    body = html[html.index("<body>"):]
    assert body.index("class='answer'") < body.index("<h2>")


def test_report_csvs_have_a_bom(desk_report):
    for name in ("comparison.csv", "paired_differences.csv", "per_seed.csv"):
        assert (desk_report / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def test_workbook_is_numeric_with_formats_filters_and_notes(desk_report):
    wb = openpyxl.load_workbook(desk_report / "comparison.xlsx")
    assert wb.sheetnames[-1] == "说明"
    ws = wb["比较 comparison"]
    heads = [c.value.split("\n")[-1] for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(heads)}
    for name in ("all_targets_p", "all_targets_p_lo", "all_targets_p_hi", "cost_yi_median",
                 "pilot_regions_2022_median"):
        cell = ws.cell(2, col[name])
        assert isinstance(cell.value, int | float), (name, cell.value)
    assert ws.cell(2, col["all_targets_p"]).number_format == "0%"
    assert ws.cell(2, col["integration_2025_median"]).number_format == "0.000"
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["B"].width >= 10
    notes = wb["说明"]
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    for needle in ("规模 scale", "随机种子 seeds", "版本 version", "pilot_regions_2022_p_lo",
                   "下限", "low"):
        assert needle in text, needle
    listed = {r[1].value for r in notes.iter_rows() if r[0].value == "比较 comparison"}
    assert set(heads) <= listed  # every column of the sheet is explained


def test_word_report_reopens_with_policy_document_conventions(desk_report):
    doc = Document(str(desk_report / "report.docx"))
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    assert paragraphs[0].startswith("两业融合政策情景比较")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["一、结论", "二、问题"]
    assert all(re.match(r"^[一二三四五六七八九十]+、", h) for h in headings)
    assert any(t.startswith("表1") for t in paragraphs)
    captions = [t for t in paragraphs if t.startswith("图")]
    assert len(captions) == len(doc.inline_shapes) >= 5 and captions[0].startswith("图1")
    assert any(t.startswith("单位：") for t in paragraphs)  # tables state their units
    assert len(doc.tables) >= 6
    fonts = {f.get(qn("w:eastAsia")) for f in doc.element.body.iter(qn("w:rFonts"))}
    assert {"黑体", "宋体", "仿宋"} <= fonts
    stamp = [t for t in paragraphs if t.startswith("情景：") and "种子数" in t]
    assert len(stamp) >= len(doc.tables)  # a provenance stamp on every table and figure


def test_html_is_printable_and_honest(desk_report):
    html = (desk_report / "report.html").read_text("utf-8")
    assert "name='viewport'" in html and "@page{size:A4" in html and "@media print" in html
    assert "@font-face{font-family:'SimReportCJK'" in html and "new FontFace(" in html
    tables = re.findall(r"<table.*?</table>", html, flags=re.S)
    widest = max(t.split("</tr>")[0].count("<th") for t in tables)
    assert widest <= 7, f"a table with {widest} columns does not fit A4"
    assert "合理范围 plausible range" in html and "0.2–0.6" in html  # imitation_q's range
    assert "0–10000" not in html
    diff = html[html.index("配置差异"):html.index("图表")] if "配置差异" in html else ""
    assert "label_zh" not in diff and "label_en" not in diff


def test_no_zero_width_interval_on_a_difference_of_probabilities(desk_report):
    paired = pd.read_csv(desk_report / "paired_differences.csv", encoding="utf-8-sig")
    probs = paired[paired["measure"].str.startswith("met_")]
    assert len(probs) and (probs["hi"] - probs["lo"] > 0.1).all()
    assert set(probs["method"]) == {"Newcombe paired score"}


def test_newcombe_intervals():
    # Every seed agrees: the interval still spans what 5 seeds cannot rule out.
    same = newcombe_paired(np.zeros(5), np.zeros(5))
    assert same["mean"] == 0 and same["lo"] < -0.3 and same["hi"] > 0.3
    assert -1 <= same["lo"] and same["hi"] <= 1
    # Newcombe (1998), unpaired example 56/70 vs 48/80: method 10 gives 0.0524 to 0.3339.
    u = newcombe_unpaired(56, 70, 48, 80)
    assert round(u["lo"], 4) == 0.0524 and round(u["hi"], 4) == 0.3339
    x = np.array([1] * 12 + [1] * 9 + [0] * 2 + [0] * 21, bool)
    y = np.array([1] * 12 + [0] * 9 + [1] * 2 + [0] * 21, bool)
    p = newcombe_paired(x, y)
    assert p["lo"] < 7 / 44 < p["hi"] and 0 < p["lo"] and p["hi"] < 0.35


def test_charts_read_right(desk_report):
    """Reference first, the reference highlighted against grey others, every reference
    line in the legend, the provenance stamp on the chart."""
    from matplotlib.colors import to_rgb

    from sim.report.build import costs_frame
    from sim.report.charts.adoption import adoption_paths_chart
    from sim.report.charts.costs import cost_effectiveness_chart
    from sim.report.compare import compare
    from sim.report.stamp import stamp_figure, stamp_of

    c = compare(desk_report.parent)
    s = c.sweep
    assert s.scenarios[0].is_reference and s.scenarios[1].is_counterfactual
    fig = adoption_paths_chart(s.province, s.scenarios, "zh")
    lines = fig.axes[0].get_lines()
    assert lines[0].get_linewidth() > lines[-1].get_linewidth()
    assert to_rgb(lines[-1].get_color()) == to_rgb("0.72")  # the others are greyed
    fig = cost_effectiveness_chart(costs_frame(c), s.scenarios, "zh")
    legend = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert any("0.9" in t for t in legend), legend
    stamp = stamp_of(c, "zh")
    stamp_figure(fig, stamp, "zh")
    texts = [t.get_text() for t in fig.texts]
    # posterior mode (the default): 3 runs = 3 parameter sets × 1 seed
    assert any("种子数 3 · 参数组 3" in t and "规模 1:1" in t for t in texts), texts
    assert "fixed parameters" in type(stamp)(stamp.scenario, 3, 1, "v", "d").text("en")
    assert stamp.scaled_warning("zh") is None  # full-scale world: no warning ...
    scaled = type(stamp)(stamp.scenario, 3, 20, stamp.version, stamp.made)
    assert "20" in scaled.scaled_warning("zh") and "scaled world" in scaled.scaled_warning("en")


def test_report_folder_has_its_data_dictionary(desk_report):
    d = pd.read_csv(desk_report / "data_dictionary.csv", encoding="utf-8-sig")
    comparison = pd.read_csv(desk_report / "comparison.csv", encoding="utf-8-sig")
    listed = set(d.loc[d["表 table"] == "比较 comparison", "列 column"])
    assert set(comparison.columns) <= listed
    assert d["含义"].notna().all() and d["meaning"].notna().all()


def test_report_has_the_county_maps(desk_report):
    """Issue 14: the reference scenario's county maps (index D, adoption) and one paired
    difference map per other scenario, as SVG/PDF/PNG in charts/, shown in the Markdown,
    the HTML and the Word file with the boundary source and the not-审图号 note."""
    maps = sorted(p.stem for p in (desk_report / "charts").glob("map_*.png"))
    scenarios = len(list((desk_report / "configs").glob("*.yaml")))
    assert len(maps) == 2 + scenarios - 1, maps
    assert sum(m.startswith("map_diff_adoption_any_") for m in maps) == scenarios - 1
    for stem in maps:
        for ext in ("svg", "pdf"):
            assert (desk_report / "charts" / f"{stem}.{ext}").stat().st_size > 0
        caption = (desk_report / "charts" / f"{stem}.caption.md").read_text("utf-8")
        assert "非审图号标准地图" in caption and "not a 审图号-approved" in caption
        assert "模拟" in caption and "Simulated" in caption
    md = (desk_report / "report.md").read_text("utf-8")
    assert "## 地图 / Maps" in md
    for stem in maps:
        assert f"(charts/{stem}.png)" in md and f"(charts/{stem}.svg)" in md
    html = (desk_report / "report.html").read_text("utf-8")
    section = html[html.index("<h2 id='maps'>"):]
    section = section[:section.index("<h2>")]
    assert section.count("<img ") == len(maps) and "not a 审图号-approved" in section
    doc = Document(str(desk_report / "report.docx"))
    paragraphs = [p.text for p in doc.paragraphs]
    start = next(i for i, t in enumerate(paragraphs) if t.endswith("、地图 / Maps"))
    captions = [t for t in paragraphs[start:] if re.match(r"^图\d+ ", t)]
    assert len(captions) == len(maps) and all("非审图号" in t for t in captions)
    assert len(doc.inline_shapes) == len(list((desk_report / "charts").glob("*.png")))


def test_report_without_the_maps_extra_skips_the_maps(desk_report, monkeypatch, caplog):
    import sim.maps
    from sim.report.build import draw_maps
    from sim.report.compare import compare

    monkeypatch.setattr(sim.maps, "available", lambda: False)
    with caplog.at_level("INFO", logger="sim.report"):
        assert draw_maps(compare(desk_report.parent), desk_report / "unused", "zh") == []
    assert "maps skipped" in caplog.text and "pip install" in caplog.text
    assert not (desk_report / "unused").exists()
