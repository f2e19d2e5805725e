"""The report as Markdown (beside its chart and map files) and as one self-contained HTML file.

Both are built from the same sections, so they never disagree, and both open with the
answer in one sentence (zh + en). The HTML embeds every chart as a PNG data URI and a
subset of a CJK font (so Chinese renders on a machine without CJK fonts), and uses no
external CSS, fonts or scripts: it opens offline. It has a viewport for phones and a
print style for A4; the comparison comes as narrow tables, not one 15-column table.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.answer import comparison_sentence
from sim.escaping import html_text, md
from sim.report.assumptions import assumption_rows, cautions
from sim.report.compare import Comparison
from sim.report.narrow import UNITS, narrow_tables
from sim.report.stamp import stamp_of
from sim.report.tables import formatted_paired, markdown_table
from sim.report.webfont import FAMILY, embedded_font

T = {  # section titles and fixed text, (zh, en)
    "title": ("两业融合政策情景比较", "Scenario comparison of integration policies"),
    "question": ("问题", "Question"),
    "scenarios": ("情景", "Scenarios"),
    "table": ("比较表", "Comparison table"),
    "paired": ("与参照情景的配对差", "Paired differences against the reference"),
    "diff": ("与参照情景的配置差异", "Configuration differences from the reference"),
    "charts": ("图表", "Charts"),
    "maps": ("地图", "Maps"),
    "assumptions": ("决定结果的主要假设", "Assumptions that drive the result"),
    "cautions": ("使用须知", "Read before use"),
    "provenance": ("来源与可复现性", "Provenance"),
    "how": ("读表说明：达标概率为达标种子所占比例，方括号为95% Wilson区间；中位数及5–95%区间取自各随机种子；"
            "配对差为同一随机种子下情景减参照的均值，方括号为95% t区间；成本相对“无新增措施”情景。",
            "How to read: P is the share of seeds meeting the target, with a 95% Wilson interval "
            "in brackets; medians and 5–95% bands are over seeds; paired differences are means "
            "over matched seeds (scenario minus reference) with a 95% t interval; costs per "
            "extra pilot are against the no-policy scenario."),
}


@dataclass
class Chart:
    name: str
    png: Path  # 300-dpi PNG (embedded in HTML)
    files: list[Path]  # svg, pdf, png
    caption_zh: str
    caption_en: str


def _i(lang: str) -> int:
    return 0 if lang == "zh" else 1


def _title(c: Comparison, lang: str) -> str:
    study = c.sweep.manifest.get("study") or c.sweep.folder.parent.name
    return f"{T['title'][_i(lang)]}：{study}" if lang == "zh" else f"{T['title'][1]}: {study}"


def _question(c: Comparison) -> tuple[str, str]:
    cfg = c.sweep.configs[c.reference].get("study", {})
    return cfg.get("question_zh", ""), cfg.get("question_en", "")


def _scenario_frame(c: Comparison, lang: str) -> pd.DataFrame:
    head = (["情景", "覆盖项", "任务文件夹", "随机种子数"] if lang == "zh"
            else ["Scenario", "Overrides", "Job folder", "Seeds"])
    rows = [[s.label(lang), s.key, str(s.job), len(c.sweep.seeds(s.key))]
            for s in c.sweep.scenarios]
    return pd.DataFrame(rows, columns=head)


ASSUMPTIONS_NOTE = (
    "取值为参照情景的设定；合理范围为配置文件记录、敏感性分析抽样所用的范围（不是配置校验允许的更宽范围）；"
    "来源见 configs/ 与 docs/ODD.md 假设登记表。",
    "Values are the reference scenario's; the plausible range is the one the configs "
    "document and sensitivity studies sample (not the wider range the schema accepts); "
    "sources in configs/ and docs/ODD.md (assumptions register).")
LABEL_KEYS = ("label_zh", "label_en")  # display names: not a difference in what is simulated


def _diff_frame(c: Comparison, lang: str, limit: int = 12) -> pd.DataFrame:
    """At most ``limit`` keys per scenario in the document; the CSV has them all. Label
    rows (a package's display names) are left out: they differ whenever the package does."""
    labels = {s.key: s.label(lang) for s in c.sweep.scenarios}
    rows = []
    diff = c.config_diff[~c.config_diff["key"].str.endswith(LABEL_KEYS)]
    for key, g in diff.groupby("scenario", sort=False):
        for _, r in g.head(limit).iterrows():
            rows.append([labels[key], r["key"], r["value"], r["reference_value"]])
        if len(g) > limit:
            rows.append([labels[key], f"… +{len(g) - limit}", "", ""])
    head = (["情景", "配置项", "取值", "参照取值"] if lang == "zh"
            else ["Scenario", "Key", "Value", "Reference value"])
    return pd.DataFrame(rows, columns=head)


def _provenance(c: Comparison) -> dict:
    provs = c.sweep.provenance
    ref = provs[c.reference]
    seed_sets = {tuple(p["seeds"]) for p in provs.values()}
    return {
        "sweep folder": str(c.sweep.folder),
        "git commit": ", ".join(sorted({str(p.get("git_commit")) for p in provs.values()})),
        "uncommitted changes": any(p.get("git_dirty") for p in provs.values()),
        "python": ref.get("python"),
        "packages": ", ".join(f"{k} {v}" for k, v in ref.get("packages", {}).items()),
        "seeds (every scenario)" if len(seed_sets) == 1 else "seeds (reference; differ!)":
            ", ".join(str(s) for s in ref["seeds"]),
        "created": c.sweep.manifest.get("created", ""),
    }


def _markdown_figures(charts: list[Chart], folder: Path) -> list[str]:
    out = []
    for ch in charts:
        files = ", ".join(f"[{p.suffix[1:].upper()}]({p.relative_to(folder).as_posix()})"
                          for p in ch.files)
        out += [f"![{md(ch.caption_en)}]({ch.png.relative_to(folder).as_posix()})", "",
                f"**图：** {md(ch.caption_zh)}", "", f"**Figure:** {md(ch.caption_en)}", "",
                f"Files: {files}", ""]
    return out


def markdown(c: Comparison, charts: list[Chart], lang: str, folder: Path,
             maps: list[Chart] = ()) -> str:
    i = _i(lang)
    qz, qe = _question(c)
    zh, en = comparison_sentence(c)
    stamp = md(stamp_of(c, lang).text(lang))
    out = [f"# {md(_title(c, lang))}", "", f"**{md(zh)}**", "", f"**{md(en)}**", "",
           f"<small>{stamp}</small>", ""]
    if qz or qe:
        out += [f"## {T['question'][i]}", "", md(qz), "", md(qe), ""]
    out += [f"## {T['cautions'][i]}", ""]
    out += [f"- {md(zh)} / {md(en)}" for zh, en in cautions(c)] + [""]
    out += [f"## {T['scenarios'][i]}", "", markdown_table(_scenario_frame(c, lang))]
    out += [f"## {T['table'][i]}", "", T["how"][i], "", UNITS[i], ""]
    for part in narrow_tables(c, lang):
        out += [f"### {md(part.title(lang))}", "", markdown_table(part.frame)]
    out += [f"<small>{stamp}</small>", ""]
    if len(c.paired):
        ref = md(c.sweep.reference.label(lang))
        out += [f"## {T['paired'][i]}（{ref}）" if lang == "zh" else f"## {T['paired'][1]} ({ref})",
                "", markdown_table(formatted_paired(c, lang))]
    if len(c.config_diff):
        out += [f"## {T['diff'][i]}", "", markdown_table(_diff_frame(c, lang)),
                "Full list: `config_diff.csv`.", ""]
    out += [f"## {T['charts'][i]}", ""] + _markdown_figures(charts, folder)
    if maps:
        out += [f"## {T['maps'][0]} / {T['maps'][1]}", ""] + _markdown_figures(maps, folder)
    out += [f"## {T['assumptions'][i]}", "",
            markdown_table(pd.DataFrame(assumption_rows(c))),
            ASSUMPTIONS_NOTE[i], ""]
    out += [f"## {T['provenance'][i]}", ""]
    out += [f"- **{k}**: {md(v)}" for k, v in _provenance(c).items()]
    out += ["- **resolved configs**: `configs/<job>.yaml` in this folder", ""]
    return "\n".join(out)


# The embedded CJK subset comes first, so Chinese renders on a machine without CJK fonts;
# installed fonts follow for any glyph the subset lacks.
_CSS = f"""
body{{font-family:'{FAMILY}',"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",
"PingFang SC",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;
line-height:1.5}}
table{{border-collapse:collapse;font-size:13px;margin:1em 0}}
th,td{{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}}
th{{background:#eef1f6}} figure{{margin:2em 0}} img{{max-width:100%;border:1px solid #ddd}}
figcaption p{{margin:.3em 0}} .caution{{background:#fff6e5;padding:.5em 1em}}
.answer{{background:#eef6ee;border-left:4px solid #2e7d32;padding:.6em 1em;font-weight:bold}}
.stamp{{color:#777;font-size:11px;margin:.2em 0 1em}} .wide{{overflow-x:auto}}
details pre{{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:12px}}
@page{{size:A4;margin:14mm 12mm}}
@media print{{body{{max-width:none;margin:0;padding:0;font-size:10pt}}
table{{font-size:8pt;width:100%}} th,td{{padding:1px 3px}} tr,figure{{break-inside:avoid}}
h2{{break-after:avoid}} img{{max-height:110mm;width:auto;border:none}}
details{{display:none}} .wide{{overflow:visible}}}}
"""


def _table_html(df: pd.DataFrame) -> str:
    return df.to_html(index=False, escape=True, border=0, na_rep="–")


def _html_figure(ch: Chart, stamp: str) -> str:
    e = html_text
    data = base64.b64encode(ch.png.read_bytes()).decode("ascii")
    return (f"<figure><img alt='{e(ch.caption_en)}' src='data:image/png;base64,{data}'>"
            f"<figcaption><p><b>图：</b>{e(ch.caption_zh)}</p>"
            f"<p><b>Figure:</b> {e(ch.caption_en)}</p></figcaption>{stamp}</figure>")


def html_report(c: Comparison, charts: list[Chart], lang: str,
                maps: list[Chart] = ()) -> str:
    i = _i(lang)
    e = html_text
    qz, qe = _question(c)
    zh, en = comparison_sentence(c)
    stamp = f"<p class='stamp'>{e(stamp_of(c, lang).text(lang))}</p>"
    parts = [f"<h1>{e(_title(c, lang))}</h1>",
             f"<div class='answer'><p>{e(zh)}</p><p>{e(en)}</p></div>{stamp}"]
    if qz or qe:
        parts.append(f"<h2>{T['question'][i]}</h2><p>{e(qz)}</p><p>{e(qe)}</p>")
    parts.append(f"<h2>{T['cautions'][i]}</h2><div class='caution'><ul>"
                 + "".join(f"<li>{e(zh)}<br>{e(en)}</li>" for zh, en in cautions(c))
                 + "</ul></div>")
    parts.append(f"<h2>{T['scenarios'][i]}</h2>{_table_html(_scenario_frame(c, lang))}")
    parts.append(f"<h2>{T['table'][i]}</h2><p>{e(T['how'][i])}</p><p>{e(UNITS[i])}</p>")
    for part in narrow_tables(c, lang):  # narrow tables, not one 15-column table
        parts.append(f"<h3>{e(part.title(lang))}</h3>{_table_html(part.frame)}{stamp}")
    if len(c.paired):
        parts.append(f"<h2>{T['paired'][i]}: {e(c.sweep.reference.label(lang))}</h2>"
                     f"{_table_html(formatted_paired(c, lang))}{stamp}")
    if len(c.config_diff):
        parts.append(f"<h2>{T['diff'][i]}</h2>{_table_html(_diff_frame(c, lang))}")
    parts.append(f"<h2>{T['charts'][i]}</h2>")
    parts += [_html_figure(ch, stamp) for ch in charts]
    if maps:
        parts.append(f"<h2 id='maps'>{T['maps'][0]} / {T['maps'][1]}</h2>")
        parts += [_html_figure(ch, stamp) for ch in maps]
    parts.append(f"<h2>{T['assumptions'][i]}</h2>"
                 f"{_table_html(pd.DataFrame(assumption_rows(c)))}"
                 f"<p>{e(ASSUMPTIONS_NOTE[0])}</p><p>{e(ASSUMPTIONS_NOTE[1])}</p>")
    prov = "".join(f"<li><b>{e(k)}</b>: {e(str(v))}</li>" for k, v in _provenance(c).items())
    configs = "".join(
        f"<details><summary>{e(s.label(lang))} ({e(s.key)})</summary><pre>"
        f"{e(_config_text(c, s.key))}</pre></details>" for s in c.sweep.scenarios)
    parts.append(f"<h2>{T['provenance'][i]}</h2><ul>{prov}</ul>{configs}")
    body = "\n".join(parts)
    title = e(_title(c, lang))
    # The font subset holds the glyphs of this page's text (the images are ASCII).
    rule, loader = embedded_font(body + title)
    return (f"<!doctype html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
            "<meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{title}</title><style>{rule}{_CSS}</style>{loader}"
            f"</head><body>\n{body}\n</body></html>")


def _config_text(c: Comparison, key: str) -> str:
    job = next(s.job for s in c.sweep.scenarios if s.key == key)
    return (c.sweep.folder / str(job) / "config.yaml").read_text("utf-8")
