"""A CJK web font embedded in the HTML report, so Chinese renders on a bare machine.

The report is one self-contained file; a reader without CJK fonts (a fresh Linux box,
some locked-down office PCs) would see empty boxes for every Chinese heading. The page
carries the glyphs it uses: Noto Sans CJK SC (SIL Open Font License, shipped by
mplfonts, the same font the charts use) cut down with fontTools to the characters of
the page, as a WOFF data URI in an ``@font-face`` rule (typically 100-300 kB).
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

FAMILY = "SimReportCJK"  # the embedded family's name inside the page


@lru_cache(maxsize=1)
def _font_path():
    from sim.analysis.fonts import cjk_font

    return cjk_font().path


def subset_font(text: str) -> bytes:
    """WOFF bytes of the CJK font holding exactly the glyphs ``text`` needs."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; woff2 would need brotli
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(_font_path()), options)
    subsetter = subset.Subsetter(options)
    chars = set(text) | {chr(c) for c in range(0x20, 0x7F)}
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule embedding the glyphs of ``text`` under :data:`FAMILY`."""
    data = base64.b64encode(subset_font(text)).decode("ascii")
    return (f"@font-face{{font-family:'{FAMILY}';font-style:normal;font-weight:400;"
            f"src:url(data:font/woff;base64,{data}) format('woff');}}")
