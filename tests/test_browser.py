"""The HTML report in a real headless Chromium (Debian's chromium, driven by Playwright's
Python client) on a machine with no fonts at all: Chinese must render from the font the
page embeds, as glyphs, not as boxes or blanks, and the page must log no errors.

`.ci/run` installs chromium (apt-get) when it is missing; this test is not skipped.
"""

from __future__ import annotations

import os
import shutil

import numpy as np
from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NO_FONTS = "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig></fontconfig>"


def _ink(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"), float) < 128


def test_report_renders_chinese_with_no_system_fonts(desk_report, tmp_path):
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(NO_FONTS)
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}  # hide every system font
    html = desk_report / "report.html"
    probe = tmp_path / "probe.html"  # the same page's font, two single glyphs, no fallback
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, env=env,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1000, "height": 1200})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.as_uri())
        statuses = page.evaluate("document.fonts.ready.then(() => "
                                 "Array.from(document.fonts).map(f => f.status))")
        assert "loaded" in statuses
        page.locator("h1").screenshot(path=str(tmp_path / "title.png"))
        for ch in ("两", "业"):  # two different characters must draw different shapes
            page.evaluate(f"""() => {{
                const d = document.createElement('div'); d.id = 'probe-{ord(ch)}';
                d.style.cssText = 'font:64px SimReportCJK;width:80px;height:80px;background:#fff';
                d.textContent = '{ch}'; document.body.prepend(d); }}""")
            page.locator(f"#probe-{ord(ch)}").screenshot(path=str(tmp_path / f"{ord(ch)}.png"))
        bare = browser.new_page()  # the control: no embedded font, no system font
        probe.write_text("<meta charset='utf-8'><div id=c style='font-size:64px;width:80px;"
                         "height:80px;background:#fff'>两</div>", encoding="utf-8")
        bare.goto(probe.as_uri())
        bare.locator("#c").screenshot(path=str(tmp_path / "bare.png"))
        browser.close()
    assert not errors, errors
    title = _ink(tmp_path / "title.png")
    a, b = _ink(tmp_path / f"{ord('两')}.png"), _ink(tmp_path / f"{ord('业')}.png")
    assert title.mean() > 0.03, "the title drew (almost) nothing"
    assert a.mean() > 0.05 and b.mean() > 0.05, "glyphs without ink"
    # Boxes (.notdef) look alike for every character; real glyphs differ.
    assert (a != b).mean() > 0.05, "both characters drew the same shape: boxes, not glyphs"
    assert _ink(tmp_path / "bare.png").mean() < a.mean() / 2  # what it would be without
