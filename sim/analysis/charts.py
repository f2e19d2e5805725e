"""Charts: pure functions from tidy DataFrames to matplotlib Figures (zh or en labels).

They never import the model, so they can be re-run on saved results. Figures are built with
``matplotlib.figure.Figure`` (not pyplot), so nothing depends on a display or on the
backend pyplot would pick; PNG output goes through Agg.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.analysis.fonts import cjk_font

LANGS = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "title_pilots": {"zh": "两业融合试点推进情况（模拟）", "en": "Integration pilots (simulated)"},
    "pilot_regions": {"zh": "试点区域", "en": "Pilot regions"},
    "pilot_enterprises": {"zh": "试点企业", "en": "Pilot enterprises"},
    "integration_index": {"zh": "融合发展水平指数", "en": "Integration index"},
    "target": {"zh": "目标", "en": "Target"},
    "median": {"zh": "中位数", "en": "Median"},
    "band": {"zh": "5%–95%区间", "en": "5–95% band"},
    "checkpoint": {"zh": "考核节点", "en": "Checkpoint"},
    "quarter": {"zh": "季度", "en": "Quarter"},
    "count": {"zh": "数量", "en": "Count"},
    "seeds": {"zh": "n={n}（随机种子）", "en": "n={n} seeds"},
}

PROVINCE_COLUMNS = ("seed", "t", "quarter", "pilot_regions", "pilot_enterprises")

# Colours are chosen to differ in lightness too, and every element also differs in line
# style or hatch, so the chart still reads when printed in grayscale.
_MEDIAN = {"color": "#1f3b73", "linestyle": "-", "linewidth": 2.0}
_BAND = {"facecolor": "#c6d3ea", "edgecolor": "#7d8fb3", "hatch": "////", "linewidth": 0.0}
_TARGET = {"color": "#a33a2a", "linestyle": "--", "linewidth": 1.4}
_CHECKPOINT = {"color": "0.35", "linestyle": ":", "linewidth": 1.4}


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def label(key: str, lang: str) -> str:
    return LABELS[key][_check_lang(lang)]


def house_style(lang: str = "zh") -> dict[str, object]:
    """rcParams for every chart; font choice is read at draw/save time, so keep them set."""
    _check_lang(lang)
    font = cjk_font()
    # zh: the CJK font first so Chinese and digits share one typeface. en: DejaVu first
    # for nicer Latin text; the CJK font stays as per-glyph fallback for any Chinese name.
    families = [font.family, "DejaVu Sans"] if lang == "zh" else ["DejaVu Sans", font.family]
    return {
        "font.family": "sans-serif",
        "font.sans-serif": families,
        "axes.unicode_minus": False,  # SimHei has no U+2212 minus sign
        "pdf.fonttype": font.pdf_fonttype,  # 42 (TrueType, editable) unless the font is CFF
        "svg.fonttype": "path",  # text as outlines: identical on machines without the font
        "svg.hashsalt": "zj-integration-sim",  # stable SVG ids, so reruns give equal files
        "hatch.linewidth": 0.6,
    }


def apply_house_style(lang: str = "zh") -> None:
    """Set the house style globally (must still hold when the figure is saved)."""
    matplotlib.rcParams.update(house_style(lang))


def _quantiles(province: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per quarter index t: 5%, 50%, 95% over seeds."""
    q = province.groupby("t")[column].quantile([0.05, 0.5, 0.95]).unstack()
    q.columns = ["lo", "med", "hi"]
    return q


def _year_ticks(ax, quarters: pd.Series) -> None:
    """Major ticks on each Q4 (the year-end the targets are measured at), minor every quarter."""
    major = [t for t, q in quarters.items() if str(q).endswith("Q4")] or list(quarters.index[::4])
    ax.set_xticks(major, [str(quarters[t]) for t in major])
    ax.set_xticks(list(quarters.index), minor=True)


def pilot_trajectories_figure(
    province: pd.DataFrame, targets: Mapping[str, object], lang: str = "zh"
) -> Figure:
    """Two panels (pilot regions, pilot enterprises): median over seeds, 5–95% band,
    dashed 2022 target and a dotted line at the 2022Q4 checkpoint."""
    _check_lang(lang)
    missing = [c for c in PROVINCE_COLUMNS if c not in province.columns]
    if missing:
        raise ValueError(f"province table lacks columns {missing}")
    apply_house_style(lang)

    quarters = province.groupby("t")["quarter"].first().sort_index()
    checkpoint = str(targets.get("checkpoint_2022", "2022Q4"))
    t_check = [t for t, q in quarters.items() if q == checkpoint]
    n_seeds = province["seed"].nunique()

    fig = Figure(figsize=(10, 4.4), layout="constrained")
    fig.suptitle(label("title_pilots", lang), fontsize=13)
    axes = fig.subplots(1, 2)
    for ax, column in zip(axes, ("pilot_regions", "pilot_enterprises"), strict=True):
        q = _quantiles(province, column)
        ax.fill_between(q.index, q["lo"], q["hi"], **_BAND)
        ax.plot(q.index, q["med"], **_MEDIAN)
        target = targets.get(f"{column}_2022")
        if target is not None:
            ax.axhline(target, **_TARGET)
            # Label at the left end (y in data units, x in axes units), above the line,
            # where rising trajectories are still low and cannot cover it.
            ax.text(
                0.02,
                target,
                f"{label('target', lang)} {target:g}",
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="bottom",
                color=_TARGET["color"],
                fontsize=9,
            )
        for t in t_check:
            ax.axvline(t, **_CHECKPOINT)
        top = max(q["hi"].max(), float(target or 0))
        ax.set_ylim(0, top * 1.15 if top > 0 else 1)
        ax.set_xlim(quarters.index.min(), quarters.index.max())
        _year_ticks(ax, quarters)
        ax.set_title(label(column, lang))
        ax.set_xlabel(label("quarter", lang))
        ax.set_ylabel(label("count", lang))
        ax.grid(axis="y", color="0.88", linewidth=0.6)
        ax.text(
            0.98,
            0.03,
            label("seeds", lang).format(n=n_seeds),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            color="0.3",
        )

    handles = [
        Line2D([], [], **_MEDIAN),
        Patch(**_BAND),
        Line2D([], [], **_TARGET),
        Line2D([], [], **_CHECKPOINT),
    ]
    names = [
        label("median", lang),
        label("band", lang),
        label("target", lang),
        f"{label('checkpoint', lang)} {checkpoint}",
    ]
    fig.legend(handles, names, loc="outside lower center", ncols=4, frameon=False)
    return fig


def save_figure(fig: Figure, stem: Path, dpi: int = 300) -> list[Path]:
    """Write stem.svg, stem.pdf, stem.png atomically (temp file + os.replace); close fig."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    # No timestamps in the files, so re-running a chart does not change them.
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}
    paths = []
    try:
        for ext in ("svg", "pdf", "png"):
            final = stem.parent / f"{stem.name}.{ext}"  # not with_suffix: stems may hold dots
            fd, tmp = tempfile.mkstemp(dir=stem.parent, prefix=f".{stem.name}.", suffix=f".{ext}")
            os.close(fd)
            try:
                fig.savefig(tmp, format=ext, dpi=dpi, metadata=metadata[ext])
                os.replace(tmp, final)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            paths.append(final)
    finally:
        # Figures built with the Figure API are not held by pyplot; only pyplot-made ones
        # (which have a manager) need closing there to release them.
        if fig.canvas.manager is not None:
            import matplotlib.pyplot as plt

            plt.close(fig)
    return paths
