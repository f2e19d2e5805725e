"""Find a CJK font shipped inside the ``mplfonts`` package and register it with matplotlib.

Why not system fonts: a chart must look the same on a laptop, in CI and on a server with
no Chinese fonts installed, and must never show empty boxes (tofu) for Chinese labels.
Why not ``mplfonts init``: it writes into matplotlib's own data and config folders; we
only add the font file to this process's font manager.

Which file: mplfonts ships Noto Sans CJK SC as ``.otf`` (CFF outlines) and SimHei as
``.ttf`` (TrueType outlines). matplotlib's PDF backend cannot embed CFF fonts properly:
with ``pdf.fonttype=42`` it writes the OpenType-CFF program into a ``/FontFile2``
(TrueType-only) slot, which is against the PDF spec (poppler reports "Mismatch between
font type and embedded font file"; strict viewers and preflight checks may reject it).
So Noto goes into PDFs as Type 3 fonts (glyphs drawn from its outlines, embedded and
valid for any font format). Noto is preferred because it is under the SIL Open Font
License, so charts in a government document carry no licence question; SimHei (a
proprietary font that mplfonts also ships, TrueType outlines, valid as Type 42) is only
the fallback if a future mplfonts drops Noto.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matplotlib import font_manager, ft2font

# Preference order (file names inside mplfonts/fonts); see the module docstring for why.
_CANDIDATES = ("NotoSansCJKsc-Regular.otf", "SimHei.ttf")
# A character every candidate must draw, so a broken or non-CJK file is never accepted.
_PROBE_CHAR = "融"


@dataclass(frozen=True)
class CJKFont:
    family: str  # name matplotlib knows it by, for rcParams["font.sans-serif"]
    path: Path
    postscript_name: str  # what appears after "ABCDEF+" in a PDF /BaseFont entry
    truetype_outlines: bool  # True -> valid as pdf.fonttype 42; False (CFF) -> use 3

    @property
    def pdf_fonttype(self) -> int:
        return 42 if self.truetype_outlines else 3


def _mplfonts_font_dir() -> Path:
    # find_spec locates the package without importing it (its import pulls in extra
    # dependencies and emits deprecation warnings we do not need).
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "No CJK font available: the Python package 'mplfonts' is not installed "
            "(it is a declared dependency; run `make venv` or `pip install mplfonts`)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def _has_truetype_outlines(path: Path) -> bool:
    # sfnt version tag: 0x00010000 or 'true' = glyf (TrueType), 'OTTO' = CFF.
    with path.open("rb") as fh:
        return fh.read(4) in (b"\x00\x01\x00\x00", b"true")


@cache
def cjk_font() -> CJKFont:
    """Register the preferred CJK font with matplotlib (once per process) and describe it."""
    font_dir = _mplfonts_font_dir()
    for name in _CANDIDATES:
        path = font_dir / name
        if not path.is_file():
            continue
        ft = ft2font.FT2Font(str(path))
        if not ft.get_char_index(ord(_PROBE_CHAR)):
            continue
        font_manager.fontManager.addfont(str(path))  # also clears findfont's cache
        return CJKFont(
            family=font_manager.FontProperties(fname=path).get_name(),
            path=path,
            postscript_name=ft.postscript_name,
            truetype_outlines=_has_truetype_outlines(path),
        )
    raise RuntimeError(
        f"No CJK font found in the 'mplfonts' package at {font_dir} "
        f"(looked for {', '.join(_CANDIDATES)}); reinstall mplfonts."
    )


def cjk_font_family() -> str:
    """Family name of the registered CJK font, e.g. 'SimHei'. Cached; safe to call often."""
    return cjk_font().family
