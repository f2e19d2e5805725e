"""Charts: files written atomically, 300-dpi PNG, a real CJK font embedded validly in PDF."""

from __future__ import annotations

import io
import re
import warnings
import zlib

import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.text import Text
from PIL import Image

from sim.charts.fonts import cjk_font, cjk_font_family
from sim.charts.pilots import pilot_trajectories_figure
from sim.charts.style import save_figure
from sim.labels import CHART_LABELS as LABELS

TARGETS = {"pilot_regions_2022": 50, "pilot_enterprises_2022": 100, "checkpoint_2022": "2022Q4"}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def province() -> pd.DataFrame:
    """3 seeds x 24 quarters (2020Q1..2025Q4) of rising pilot counts."""
    rng = np.random.default_rng(0)
    frames = []
    for seed in range(3):
        t = np.arange(24)
        frames.append(
            pd.DataFrame(
                {
                    "seed": seed,
                    "t": t,
                    "quarter": [f"{2020 + i // 4}Q{i % 4 + 1}" for i in t],
                    "pilot_regions": np.cumsum(rng.poisson(2.5, 24)).astype(float),
                    "pilot_enterprises": np.cumsum(rng.poisson(5.0, 24)).astype(float),
                    "integration_index": 0.3 + 0.01 * t + rng.normal(0, 0.01, 24),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def saved_zh(province, tmp_path_factory):
    """Render and save the Chinese chart once; several tests inspect the files."""
    out = tmp_path_factory.mktemp("charts")
    fig = pilot_trajectories_figure(province, TARGETS, "zh")
    return out, save_figure(fig, out / "pilots", "zh")


def _resolved_family(props) -> str:
    # Compare family names, not paths: a system copy of the same font is just as good.
    return font_manager.FontProperties(fname=font_manager.findfont(props)).get_name()


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_font_comes_from_mplfonts_and_has_chinese_glyphs():
    font = cjk_font()
    assert cjk_font_family() == font.family
    assert "mplfonts" in font.path.parts
    assert _resolved_family(font_manager.FontProperties(family=font.family)) == font.family


def test_save_writes_three_nonempty_files_and_no_temp_files(saved_zh):
    out, paths = saved_zh
    assert [p.name for p in paths] == ["pilots.svg", "pilots.pdf", "pilots.png"]
    assert all(p.stat().st_size > 0 for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def test_png_is_300_dpi(saved_zh):
    dpi = Image.open(saved_zh[0] / "pilots.png").info["dpi"]
    assert dpi == pytest.approx((300, 300), abs=0.5)


def test_svg_draws_text_as_outlines(saved_zh):
    # svg.fonttype='path': no <text> elements, so the SVG needs no font on the viewer.
    svg = (saved_zh[0] / "pilots.svg").read_text(encoding="utf-8")
    assert "<text" not in svg and "<path" in svg


def test_pdf_embeds_the_cjk_font_validly(saved_zh):
    pdf = (saved_zh[0] / "pilots.pdf").read_bytes()
    font = cjk_font()
    # Subset fonts are named "ABCDEF+<PostScript name>"; DejaVu here would mean fallback.
    base_fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/<>]+)", pdf))
    assert font.postscript_name.encode() in base_fonts, base_fonts
    if font.truetype_outlines:
        # Type 42: a /FontFile2 stream must hold TrueType (not CFF 'OTTO') data, which is
        # what goes wrong when matplotlib embeds an .otf CJK font.
        programs = re.findall(rb"/FontFile2 (\d+) 0 R", pdf)
        assert programs
        for obj in programs:
            m = re.search(rb"\n" + obj + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", pdf, re.S)
            length = int(re.search(rb"/Length (\d+)", m.group(1)).group(1))
            data = pdf[m.end() : m.end() + length]
            if b"/FlateDecode" in m.group(1):
                data = zlib.decompress(data)
            assert data[:4] in (b"\x00\x01\x00\x00", b"true")


def test_chinese_labels_draw_without_missing_glyphs(province):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = pilot_trajectories_figure(province, TARGETS, "zh")
        fig.savefig(io.BytesIO(), format="png", dpi=50)
    assert not [w for w in caught if "missing" in str(w.message).lower()]
    texts = _texts(fig)
    assert LABELS["pilot_regions"]["zh"] in texts and LABELS["title_pilots"]["zh"] in texts
    # Every Chinese label resolves to the registered font file, not a fallback.
    chinese = [t for t in fig.findobj(Text) if CJK.search(t.get_text())]
    assert chinese
    for t in chinese:
        assert _resolved_family(t.get_fontproperties()) == cjk_font_family()


def test_english_labels(province):
    fig = pilot_trajectories_figure(province, TARGETS, "en")
    texts = _texts(fig)
    assert fig.get_suptitle() == LABELS["title_pilots"]["en"]
    assert "Pilot enterprises" in texts and "n=3 seeds" in texts
    assert not [t for t in texts if CJK.search(t)]


def test_unknown_lang_is_rejected(province):
    with pytest.raises(ValueError, match="zh"):
        pilot_trajectories_figure(province, TARGETS, "fr")


def test_missing_column_is_rejected(province):
    with pytest.raises(ValueError, match="pilot_regions"):
        pilot_trajectories_figure(province.drop(columns="pilot_regions"), TARGETS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_coupling_chart_draws_c_t_and_d_with_the_common_baseline_bar(province, lang, tmp_path):
    from sim.charts.coupling import coupling_figure

    frame = province.assign(coupling_C=0.95, development_T=0.2 + 0.01 * province["t"],
                            integration_index_base=0.4)
    targets = {"integration_2025": 0.1, "checkpoint_2025": "2025Q4"}
    fig = coupling_figure(frame, targets, lang)
    axes = fig.get_axes()
    assert len(axes) == 3
    titles = [ax.get_title() for ax in axes]
    assert titles == [LABELS[k][lang] for k in ("coupling_C", "development_T", "index_D")]
    bars = [line.get_ydata()[0] for line in axes[2].get_lines()
            if len(set(line.get_ydata())) == 1 and line.get_linestyle() == "--"]
    assert bars and bars[0] == pytest.approx(0.5)  # baseline 0.4 + rise 0.1
    assert len(save_figure(fig, tmp_path / "coupling", lang)) == 3
    with pytest.raises(ValueError, match="lacks columns"):
        coupling_figure(province, targets, lang)
