"""Write a sweep's report folder: tables, charts and county maps with captions, report.md
and report.html.

The folder is built under a hidden staging name and renamed into place when complete, so
a crash never leaves a half-written report; an existing report is never overwritten (the
next one is ``report-2``, ``report-3``, ...).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from sim.outputs import (
    OutputFolderError,
    commit_folder,
    folder_lock,
    next_free,
    output_folder_problem,
    staging_folder,
)
from sim.report.compare import Comparison, compare
from sim.report.document import Chart, html_report, markdown
from sim.report.stamp import stamp_figure, stamp_of
from sim.report.tables import write_tables

log = logging.getLogger("sim.report")


def costs_frame(c: Comparison) -> pd.DataFrame:
    t = c.table
    return pd.DataFrame({
        "scenario": t["scenario"], "cost_median": t["cost_yi_median"],
        "cost_p05": t["cost_yi_p05"], "cost_p95": t["cost_yi_p95"],
        "p_all": t["all_targets_p"], "p_all_lo": t["all_targets_p_lo"],
        "p_all_hi": t["all_targets_p_hi"]})


def draw_charts(c: Comparison, folder: Path, lang: str) -> list[Chart]:
    from sim.charts.style import save_figure
    from sim.report.charts import caption, draw_all

    s = c.sweep
    figures = draw_all(s.province, s.adoption, s.city, c.attainment, costs_frame(c),
                       s.scenarios, s.targets(), lang)
    n_seeds = int(c.table["seeds"].min())
    charts = []
    stamp = stamp_of(c, lang)
    for name, fig in figures.items():
        stamp_figure(fig, stamp, lang)  # provenance, and the scaled-world warning
        files = save_figure(fig, folder / name, lang)
        text = caption(name, n_seeds=n_seeds, reference=s.reference, targets=s.targets())
        (folder / f"{name}.caption.md").write_text(
            f"{text['zh']}\n\n{text['en']}\n", encoding="utf-8")
        png = next(p for p in files if p.suffix == ".png")
        charts.append(Chart(name, png, files, text["zh"], text["en"]))
        log.info("chart %s", name)
    return charts


MAP_VALUES = ("integration_index", "adoption_any")  # the reference scenario's maps
DIFF_VALUE = "adoption_any"  # one paired-difference map per other scenario
MAP_WHAT = {"integration_index": ("两业融合发展水平指数 D", "integration index D"),
            "adoption_any": ("采用任一融合路径的企业占比", "share of firms on any integration path")}


def draw_maps(c: Comparison, folder: Path, lang: str) -> list[Chart]:
    """County maps of the sweep (issue 14): the reference scenario's index D and adoption
    at the last quarter, and each other scenario's paired difference in adoption from the
    reference. Empty, with one log line, when the jobs have no county table or the
    optional ``maps`` extra is not installed."""
    s = c.sweep
    if s.county is None:
        log.info("maps skipped: the jobs have no county table (results from before the "
                 "county maps); rerun the sweep to get them")
        return []
    from sim.maps import available
    from sim.maps.boundaries import INSTALL

    if not available():
        log.info("maps skipped: the boundary package is not installed; %s", INSTALL)
        return []
    from sim.charts.style import save_figure
    from sim.maps.boundaries import boundaries
    from sim.maps.figures import sweep_maps

    bnd = boundaries()
    ref = s.reference
    labels = {x.key: x.label(lang) for x in s.scenarios}
    figures = {}
    for value in MAP_VALUES:  # the reference alone: sweep_maps then draws no differences
        figures |= sweep_maps(s.county[s.county["scenario"] == ref.key], ref.key, lang, value,
                              labels)
    figures |= {k: v for k, v in sweep_maps(s.county, ref.key, lang, DIFF_VALUE, labels).items()
                if k.startswith("map_diff_")}
    quarter = s.county.loc[s.county["t"] == s.county["t"].max(), "quarter"].iloc[0] \
        if "t" in s.county.columns else ""
    others = {f"map_diff_{DIFF_VALUE}_{x.key}": x for x in s.scenarios if not x.is_reference}
    maps = []
    for stem, fig in figures.items():
        name = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in stem)
        files = save_figure(fig, folder / name, lang)
        if stem in others:
            x = others[stem]
            zh = (f"{x.label_zh}与参照情景（{ref.label_zh}）在{quarter}各县（市、区）"
                  f"{MAP_WHAT[DIFF_VALUE][0]}的配对差（百分点，相同随机种子）")
            en = (f"{x.label_en} minus the reference ({ref.label_en}): "
                  f"{MAP_WHAT[DIFF_VALUE][1]} by county in {quarter}, paired difference "
                  "over the same seeds (percentage points)")
        else:
            value = next(v for v in MAP_VALUES if stem == f"map_{v}_{ref.key}")
            zh = f"参照情景（{ref.label_zh}）{quarter}各县（市、区）{MAP_WHAT[value][0]}"
            en = f"Reference scenario ({ref.label_en}): {MAP_WHAT[value][1]} by county, {quarter}"
        zh += f"。模拟结果，非统计数据。{bnd.source_zh}。"
        en += f". Simulated, not statistics. {bnd.source_en}."
        (folder / f"{name}.caption.md").write_text(f"{zh}\n\n{en}\n", encoding="utf-8")
        png = next(p for p in files if p.suffix == ".png")
        maps.append(Chart(name, png, files, zh, en))
        log.info("map %s", name)
    return maps


@contextmanager
def report_folder(base: Path) -> Iterator[Path]:
    """The report folder to write (``base``, else ``base-2``...), held with the OS lock
    for this process: a second report on the same sweep at the same time is refused at
    once (FolderBusyError), before any work."""
    while True:
        final = next_free(Path(base))
        with folder_lock(final, "the report folder"):
            if final.exists():  # another report finished into it meanwhile: take the next
                continue
            if problem := output_folder_problem(final):
                raise OutputFolderError(problem)
            yield final
            return


def write_report(c: Comparison | str | Path, out: Path | None = None, lang: str = "zh",
                 reference: str | None = None, exact: bool = False,
                 docx: bool = False) -> Path:
    """Write the report folder (default ``<sweep>/report``, never overwriting); returns it.
    ``exact``: ``out`` is the very folder to write (reserved with :func:`report_folder`),
    not the first of ``out``, ``out-2``... ``docx=True`` adds ``report.docx`` (the Word
    report)."""
    if not isinstance(c, Comparison):
        c = compare(c, reference)
    final = Path(out) if exact else next_free(Path(out) if out else c.sweep.folder / "report")
    staging = staging_folder(final)
    try:
        write_tables(c, staging, lang)
        charts = draw_charts(c, staging / "charts", lang)
        maps = draw_maps(c, staging / "charts", lang)
        (staging / "configs").mkdir()
        for s in c.sweep.scenarios:
            shutil.copyfile(c.sweep.folder / str(s.job) / "config.yaml",
                            staging / "configs" / f"{s.job}.yaml")
        (staging / "report.md").write_text(markdown(c, charts, lang, staging, maps),
                                           encoding="utf-8")
        (staging / "report.html").write_text(html_report(c, charts, lang, maps), encoding="utf-8")
        if docx:
            from sim.report.word import write_docx

            write_docx(c, charts, staging / "report.docx", lang, maps)
        commit_folder(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final
