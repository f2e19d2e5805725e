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
    from sim.charts.fonts import cjk_font

    return cjk_font().path


def subset_font(text: str) -> bytes:
    """WOFF bytes of the CJK font holding exactly the glyphs ``text`` needs."""
    from fontTools import subset

    options = subset.Options()
    # zlib-compressed WOFF (woff2 would need brotli). fontTools' default layout features:
    # keeping every feature ("*") gave subsets Chromium's font sanitizer rejects.
    options.flavor = "woff"
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
    return _rule(data)


def _rule(data: str) -> str:
    return (f"@font-face{{font-family:'{FAMILY}';font-style:normal;font-weight:400;"
            f"src:url(data:font/woff;base64,{data}) format('woff');}}")


def embedded_font(text: str) -> tuple[str, str]:
    """(CSS rule, inline script) that both embed the glyphs of ``text``.

    Chromium drops a CSS data-URI font on a page that also carries megabytes of
    data-URI images (the font's status ends as "error", measured with Chromium 156), so
    an inline script adds the same font through the FontFace API, which loads from
    memory; the CSS rule still serves pages read with scripts off.
    """
    data = base64.b64encode(subset_font(text)).decode("ascii")
    script = ("<script>(function(){var b=atob('" + data + "'),a=new Uint8Array(b.length);"
              "for(var i=0;i<b.length;i++)a[i]=b.charCodeAt(i);"
              f"var f=new FontFace('{FAMILY}',a);document.fonts.add(f);"
              "f.load().catch(function(){});})();</script>")
    return _rule(data), script
