"""The explorer in a real browser (issue 14): Debian's chromium driven by Playwright's
Python client (executable_path: no browser download).

The server runs in a subprocess on a free port with its own results folder (a saved
sweep laid out by the results contract, and the run store). The test loads the page,
gives a field bad input (the CLI's one line), changes a lever, runs, reads the new
probability, downloads the policy file and runs it through the CLI, switches to English,
opens the saved sweep, steps one run, keeps two people's settings apart, and checks the
zh and en screenshots show rendered content. Set EXPLORE_SCREENSHOTS=docs/img to keep
the screenshots (the README's). In CI (CI=true) a missing browser fails, never skips.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import PYTHON, ROOT, run_module, subprocess_env

playwright = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[explore]'")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Debian's chromium (apt-get install chromium "
                           "fonts-noto-cjk): the browser tests are never skipped there")
    pytest.skip("no system chromium (apt-get install chromium fonts-noto-cjk)",
                allow_module_level=True)

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _saved_sweep(root: Path) -> Path:
    """A finished sweep as the report leaves it (files named by the results contract)."""
    from matplotlib.figure import Figure

    from sim.maps.crosswalk import counties_2020

    sweep = root / "sweeps" / "budget_sweep" / "2026-01-01_00-00-00"
    (sweep / "report").mkdir(parents=True)
    (sweep / "sweep.json").write_text('{"jobs": []}', encoding="utf-8")
    pd.DataFrame({"scenario": ["draft", "none"], "P(all)": [0.61, 0.05],
                  "fiscal_cost_yi": [24.5, 0.0]}).to_csv(sweep / "report" / "comparison.csv",
                                                         index=False)
    (sweep / "report" / "report.md").write_text("# 比较 Comparison\n", encoding="utf-8")
    fig = Figure(figsize=(4, 3))
    fig.add_subplot().plot([0, 1, 2], [0.1, 0.5, 0.6])
    fig.savefig(sweep / "report" / "attainment_zh.png")
    base = counties_2020()
    job = sweep / "0"
    job.mkdir()
    rng = np.random.default_rng(3)
    pd.DataFrame({"seed": 1, "parameter_set": -1, "t": 23, "quarter": "2025Q4",
                  "county_code": base["code"], "county_zh": base["name_zh"],
                  "city": base["city"], "firms": 100,
                  "integration_index": rng.random(90) * 0.8,
                  "adoption_any": rng.random(90), "adoption_digitalization": rng.random(90),
                  "adoption_platformization": rng.random(90),
                  "pilot_region": rng.random(90) < 0.2,
                  "pilot_regions": rng.integers(0, 3, 90),
                  "pilot_enterprises": rng.integers(0, 5, 90)}).to_parquet(
        job / "county.parquet")
    (job / "summary.json").write_text("{}", encoding="utf-8")
    return sweep


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    results = tmp_path_factory.mktemp("explore_results")
    _saved_sweep(results)
    port = _free_port()
    log = open(results / "server.log", "w")  # noqa: SIM115 -- closed at teardown
    proc = subprocess.Popen([PYTHON, "-m", "sim.explore", "--port", str(port),
                             "--results", str(results)], cwd=ROOT, env=subprocess_env(),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise RuntimeError("explorer did not start: "
                                   + (results / "server.log").read_text()[-2000:]) from None
            time.sleep(0.5)
    yield url, results
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("EXPLORE_SCREENSHOTS") or tmp_path)
    if not out.is_absolute():
        out = ROOT / out
    out.mkdir(parents=True, exist_ok=True)
    return out


def _rendered(png: Path) -> tuple[float, float]:
    """(share of pixels that are not background white, share that are coloured): a blank
    page is ~0 on both; a page without its charts and map has almost no colour."""
    import matplotlib.image as mpimg

    img = mpimg.imread(png)[..., :3]
    return (float((img.min(axis=2) < 0.9).mean()),
            float((img.max(axis=2) - img.min(axis=2) > 0.2).mean()))


def _fill(page, key: str, value: str) -> None:
    box = page.locator(f".field-{key.replace('.', '-')} input")
    box.fill(value)
    box.press("Enter")


def test_explorer_end_to_end_in_chromium(server, browser, tmp_path):
    url, results = server
    shots = _shots(tmp_path)
    # Tall: the app scrolls inside its own container, so a screenshot shows the viewport.
    page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    outside = []  # offline: every asset comes from the explorer itself (no CDN)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((url, "data:", "blob:")) else None)
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".run-button", timeout=90_000)
    assert page.get_by_text("两业融合政策模拟器", exact=True).is_visible()  # Chinese by default

    # Bad input: the same one line as the command line.
    _fill(page, "fund.budget_yi", "abc")
    page.wait_for_selector(".field-error", timeout=30_000)
    cli = run_module("sim", "policy=draft", "policy.fund.budget_yi=abc",
                     f"run.output_root={tmp_path / 'cli'}")
    assert cli.returncode == 2
    assert page.locator(".field-error").inner_text().strip() == cli.stderr.strip()

    # Change a lever and the fund, run, read the new probability.
    _fill(page, "fund.budget_yi", "45")
    _fill(page, "finance.special_fund.intensity", "1.6")
    page.wait_for_selector(".field-error", state="detached", timeout=30_000)
    page.locator(".run-button").click()
    page.wait_for_selector(".p-integration_2025", state="attached", timeout=300_000)
    p = float(page.locator(".p-integration_2025").text_content())
    assert 0.0 <= p <= 1.0
    p_all = float(page.locator(".p-all").text_content())
    assert 0.0 <= p_all <= p
    table = page.locator(".target-table").inner_text()
    assert "2025" in table and "[" in table  # probabilities come with their interval
    page.wait_for_selector("img.map-image", timeout=120_000)
    page.wait_for_timeout(500)
    page.screenshot(path=shots / "explore_whatif_zh.png", full_page=True)
    command = page.locator(".cli-command").inner_text()
    assert "policy.fund.budget_yi=45" in command
    assert "policy.finance.special_fund.intensity=1.6" in command

    # Export the policy file; the command line accepts it.
    name = f"whatif_test_{uuid.uuid4().hex[:8]}"
    box = page.locator(".policy-name input")
    box.fill(name)
    box.press("Enter")
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_text("下载政策文件").click()
    policy_file = tmp_path / f"{name}.yaml"
    dl.value.save_as(policy_file)
    text = policy_file.read_text("utf-8")
    assert f"name: {name}" in text and "budget_yi: 45" in text
    target = ROOT / "configs" / "policy" / f"{name}.yaml"
    shutil.copy(policy_file, target)
    try:
        ran = run_module("sim", f"policy={name}", "world.firms_per_agent=400",
                         "run.replicates=1", "run.parameter_sets=1", "run.progress=false",
                         "run.charts=false", f"run.output_root={tmp_path / 'cli'}")
        assert ran.returncode == 0, ran.stderr[-2000:]
    finally:
        target.unlink()

    # English.
    page.locator(".lang-switch").click()
    page.get_by_text("Integration policy explorer", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(4000)  # the fan and map are redrawn in English
    page.screenshot(path=shots / "explore_whatif_en.png", full_page=True)

    # A saved sweep, read from disk.
    page.locator(".nav-compare").click()
    page.wait_for_selector(".folder-select", timeout=30_000)
    page.get_by_text("24.5").first.wait_for(timeout=30_000)  # the comparison table
    page.wait_for_selector("img.map-image", timeout=120_000)
    page.screenshot(path=shots / "explore_compare_en.png", full_page=True)
    page.locator(".lang-switch").click()
    page.get_by_text("两业融合政策模拟器", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(3000)
    page.screenshot(path=shots / "explore_compare_zh.png", full_page=True)

    # One run, quarter by quarter.
    page.locator(".nav-step").click()
    page.wait_for_selector(".step-once", timeout=30_000)
    page.locator(".step-once").click()
    page.get_by_text("2020Q1").first.wait_for(timeout=120_000)
    page.locator(".step-once").click()
    page.get_by_text("2020Q2").first.wait_for(timeout=120_000)
    page.wait_for_selector("img.map-image", timeout=120_000)
    page.screenshot(path=shots / "explore_step_zh.png", full_page=True)
    page.locator(".play").click()
    page.get_by_text("2020Q4").first.wait_for(timeout=120_000)
    page.locator(".pause").click()
    page.close()

    assert outside == []
    for stem in ("whatif_zh", "whatif_en", "compare_zh", "compare_en", "step_zh"):
        inked, coloured = _rendered(shots / f"explore_{stem}.png")
        assert inked > 0.01 and coloured > 0.003, (stem, inked, coloured)
    zh = (shots / "explore_whatif_zh.png").read_bytes()
    assert zh != (shots / "explore_whatif_en.png").read_bytes()


def test_two_people_keep_their_own_settings(server, browser):
    url, _ = server
    first = browser.new_context().new_page()
    second = browser.new_context().new_page()
    for page in (first, second):
        page.goto(url, timeout=90_000)
        page.wait_for_selector(".run-button", timeout=90_000)
    _fill(first, "fund.budget_yi", "55")
    first.locator(".lang-switch").click()
    first.get_by_text("Integration policy explorer", exact=True).wait_for(timeout=30_000)
    second.wait_for_timeout(1000)
    assert second.locator(".field-fund-budget_yi input").input_value() == "30"
    assert second.get_by_text("两业融合政策模拟器", exact=True).is_visible()
    assert first.locator(".field-fund-budget_yi input").input_value() == "55"
    first.context.close()
    second.context.close()


def test_the_command_says_one_line_when_the_port_is_bad():
    proc = subprocess.run([PYTHON, "-m", "sim.explore", "--port", "70000"], cwd=ROOT,
                          env=subprocess_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: --port=70000 is out of range; allowed: 0 to 65535"
