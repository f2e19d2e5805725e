"""House style: a matplotlib style context, shared line styles, ticks and saving.

Chart functions are pure functions from tidy DataFrames to matplotlib Figures. They build
their figure inside ``with house_style(lang):`` and :func:`save_figure` draws and saves
inside the same context, so the global ``matplotlib.rcParams`` are never changed (a chart
drawn in a notebook or a test leaves no trace on the next one). Figures are built with
``matplotlib.figure.Figure`` (not pyplot), so nothing depends on a display or on the
backend pyplot would pick; PNG output goes through Agg.
"""

from __future__ import annotations

import functools
import inspect
import os
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from sim.charts.fonts import cjk_font
from sim.labels import check_lang
from sim.outputs import make_readable

# Colours are chosen to differ in lightness too, and every element also differs in line
# style or hatch, so a chart still reads when printed in grayscale.
MEDIAN_LINE = {"color": "#1f3b73", "linestyle": "-", "linewidth": 2.0}
BAND_PATCH = {"facecolor": "#c6d3ea", "edgecolor": "#7d8fb3", "hatch": "////", "linewidth": 0.0}
TARGET_LINE = {"color": "#a33a2a", "linestyle": "--", "linewidth": 1.4}
CHECKPOINT_LINE = {"color": "0.35", "linestyle": ":", "linewidth": 1.4}


def house_rc(lang: str = "zh") -> dict[str, object]:
    """The rcParams of every chart; fonts are looked up when a figure is drawn or saved,
    so they must hold then too (see :func:`house_style`)."""
    check_lang(lang)
    font = cjk_font()
    # zh: the CJK font first so Chinese and digits share one typeface. en: DejaVu first
    # for nicer Latin text; the CJK font stays as per-glyph fallback for any Chinese name.
    families = [font.family, "DejaVu Sans"] if lang == "zh" else ["DejaVu Sans", font.family]
    return {
        # Concrete family names, not "sans-serif": every text built inside the context
        # keeps them, so a figure shown later (a notebook) still finds the CJK font.
        "font.family": families,
        "font.sans-serif": families,
        "axes.unicode_minus": False,  # SimHei has no U+2212 minus sign
        "pdf.fonttype": font.pdf_fonttype,  # 42 (TrueType, editable) unless the font is CFF
        "svg.fonttype": "path",  # text as outlines: identical on machines without the font
        "svg.hashsalt": "zj-integration-sim",  # stable SVG ids, so reruns give equal files
        "hatch.linewidth": 0.6,
    }


def house_style(lang: str = "zh") -> AbstractContextManager:
    """``with house_style(lang):`` -- the house rcParams inside the block only."""
    return matplotlib.rc_context(house_rc(lang))


def styled(chart):
    """Decorator: build the chart inside ``house_style(lang)``, ``lang`` being the chart
    function's own ``lang`` argument (or its default)."""
    signature = inspect.signature(chart)

    @functools.wraps(chart)
    def build(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        with house_style(bound.arguments["lang"]):
            return chart(*args, **kwargs)

    return build


def quantile_band(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """5%, 50%, 95% over seeds, per quarter index t (columns lo, med, hi)."""
    q = frame.groupby("t")[column].quantile([0.05, 0.5, 0.95]).unstack()
    q.columns = ["lo", "med", "hi"]
    return q


def year_ticks(ax, quarters: pd.Series) -> None:
    """Major ticks on each Q4 (the year-end the targets are measured at), minor every quarter."""
    major = [t for t, q in quarters.items() if str(q).endswith("Q4")] or list(quarters.index[::4])
    ax.set_xticks(major, [str(quarters[t]) for t in major])
    ax.set_xticks(list(quarters.index), minor=True)


def save_figure(fig: Figure, stem: Path, lang: str, dpi: int = 300) -> list[Path]:
    """Write stem.svg, stem.pdf, stem.png atomically (temp file + os.replace) in the house
    style of ``lang`` (the language the figure was built in); close fig."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    # No timestamps in the files, so re-running a chart does not change them.
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}
    paths = []
    try:
        with house_style(lang):
            for ext in ("svg", "pdf", "png"):
                final = stem.parent / f"{stem.name}.{ext}"  # not with_suffix: stems may hold dots
                fd, tmp = tempfile.mkstemp(dir=stem.parent, prefix=f".{stem.name}.",
                                           suffix=f".{ext}")
                make_readable(fd)  # mkstemp makes 0600: colleagues could not read it
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
