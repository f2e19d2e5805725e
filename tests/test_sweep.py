"""Sweeps through Hydra's joblib launcher, then the report, end to end at a tiny size."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from sim.charts.fonts import cjk_font
from sim.report.compare import compare
from sim.report.load import load_sweep
from tests.conftest import PYTHON, ROOT, SMALL, run_module, subprocess_env

TINY = [*SMALL, "run.replicates=2", "run.seed=7"]


def _sim(args: list[str], *, module: str = "sim", ok: bool = True):
    """A sweep runs as a real process: its jobs log from joblib's worker processes, which
    outlive one call in this process (and would keep an earlier test's output streams).
    Other commands run in this process."""
    if module == "sim" and "-m" in args:
        proc = subprocess.run([PYTHON, "-m", module, *args], cwd=ROOT, env=subprocess_env(),
                              capture_output=True, text=True, timeout=600)
    else:
        proc = run_module(module, *args)
    if ok:
        assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def _only_sweep(root: Path, study: str) -> Path:
    found = [p.parent for p in (root / "sweeps" / study).glob("*/sweep.json")]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def comparison_sweep(tmp_path_factory):
    """Every policy package, 2 seeds, a small world, the full horizon."""
    root = tmp_path_factory.mktemp("results")
    proc = _sim(["-m", "experiment=policy_comparison", *TINY, f"run.output_root={root}"])
    return _only_sweep(root, "policy_comparison"), proc


@pytest.fixture(scope="module")
def budget_sweep(tmp_path_factory):
    """Two fund sizes over 12 quarters (the 2025 target is then not evaluated)."""
    root = tmp_path_factory.mktemp("results")
    _sim(["-m", "experiment=budget_sweep", "hydra.sweeper.params={policy.fund.budget_yi: '10,30'}",
          *TINY, "run.end=2022Q4", f"run.output_root={root}"])
    return _only_sweep(root, "budget_sweep")


@pytest.fixture(scope="module")
def report(comparison_sweep):
    sweep, _ = comparison_sweep
    proc = _sim([str(sweep)], module="sim.report")
    return Path(proc.stdout.strip().splitlines()[-1]).parent


def test_sweep_runs_every_package_through_joblib(comparison_sweep):
    sweep, proc = comparison_sweep
    assert "JoblibLauncher" in proc.stderr
    manifest = json.loads((sweep / "sweep.json").read_text("utf-8"))
    policies = sorted(p.stem for p in (ROOT / "configs" / "policy").glob("*.yaml"))
    assert sorted(j["key"] for j in manifest["jobs"]) == [f"policy={p}" for p in policies]
    # policy=none is in the grid already: the counterfactual is not added twice.
    assert manifest["jobs"][manifest["counterfactual_job"]]["key"] == "policy=none"
    for job in manifest["jobs"]:
        assert (sweep / str(job["num"]) / "summary.json").is_file()
    assert re.search(rf"sweep progress: {len(policies)}/{len(policies)} jobs done", proc.stderr)


def test_every_scenario_runs_on_the_same_seeds(comparison_sweep):
    sweep, _ = comparison_sweep
    seeds = {tuple(json.loads((p / "provenance.json").read_text("utf-8"))["seeds"])
             for p in sweep.iterdir() if (p / "provenance.json").is_file()}
    assert len(seeds) == 1 and len(next(iter(seeds))) == 2


def test_budget_sweep_adds_the_counterfactual_and_varies_only_the_fund(budget_sweep):
    manifest = json.loads((budget_sweep / "sweep.json").read_text("utf-8"))
    keys = [j["key"] for j in manifest["jobs"]]
    assert keys == ["policy.fund.budget_yi=10", "policy.fund.budget_yi=30", "policy=none"]
    c = compare(budget_sweep)
    assert c.reference == "policy.fund.budget_yi=30"  # the experiment's study.reference
    diff = c.config_diff[c.config_diff["scenario"] == "policy.fund.budget_yi=10"]
    assert diff["key"].tolist() == ["policy.fund.budget_yi"]
    # 2022Q4 ends the run, so the 2025 target is reported as not evaluated, not as missed.
    row = c.table.set_index("scenario").loc["policy.fund.budget_yi=30"]
    assert pd.isna(row["integration_2025_p"]) and pd.isna(row["all_targets_p"])
    assert row["pilot_regions_2022_p"] >= 0


def test_paired_differences_use_matched_seeds(budget_sweep):
    sweep = load_sweep(budget_sweep)
    c = compare(sweep)
    per_seed = c.per_seed.set_index(["scenario", "seed"])["pilot_regions_2022"]
    a, ref = per_seed.loc["policy=none"], per_seed.loc["policy.fund.budget_yi=30"]
    expected = (a - ref.loc[a.index]).mean()  # aligned by seed label, not by row position
    got = c.paired.set_index(["scenario", "measure"]).loc[("policy=none", "pilot_regions_2022")]
    assert got["mean_difference"] == pytest.approx(expected)
    assert got["pairs"] == 2

    # Rows in another order change nothing; a seed only one scenario has is left out.
    shuffled = sweep.province.sample(frac=1.0, random_state=1)
    sweep.province = shuffled[~((shuffled["scenario"] == "policy=none")
                                & (shuffled["seed"] == shuffled["seed"].max()))]
    c2 = compare(sweep)
    got2 = c2.paired.set_index(["scenario", "measure"]).loc[("policy=none", "pilot_regions_2022")]
    kept = a.drop(a.index.max())
    assert got2["pairs"] == 1 and c2.unpaired_seeds == 1
    assert got2["mean_difference"] == pytest.approx((kept - ref.loc[kept.index]).mean())


def test_report_writes_tables_charts_and_documents(report):
    for name in ("comparison.csv", "comparison.md", "comparison.xlsx", "paired_differences.csv",
                 "config_diff.csv", "per_seed.csv", "report.md", "report.html"):
        assert (report / name).stat().st_size > 0, name
    table = pd.read_csv(report / "comparison.csv")
    assert len(table) == 8 and table["reference"].sum() == 1
    assert {"pilot_regions_2022_p_lo", "pilot_regions_2022_first_quarter",
            "yi_per_extra_pilot_enterprise", "cost_yi_median"} <= set(table.columns)
    sheets = pd.read_excel(report / "comparison.xlsx", sheet_name=None)
    # The numeric workbook (sim.report.workbook): bilingual sheet names, notes last.
    assert {"比较 comparison", "配对差 paired", "配置差异 config_diff", "说明"} <= set(sheets)
    assert len(sheets["比较 comparison"]) == 8
    charts = report / "charts"
    for name in ("fan_pilot_regions", "fan_pilot_enterprises", "fan_integration_index",
                 "attainment", "adoption_paths", "city_adoption", "cost_effectiveness"):
        for ext in (".svg", ".pdf", ".png", ".caption.md"):
            assert (charts / f"{name}{ext}").stat().st_size > 0, name + ext
        caption = (charts / f"{name}.caption.md").read_text("utf-8")
        assert re.search(r"[\u4e00-\u9fff]", caption) and re.search(r"[A-Za-z]{4}", caption)


def test_report_charts_embed_the_cjk_font(report):
    pdf = (report / "charts" / "fan_pilot_regions.pdf").read_bytes()
    base_fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/<>]+)", pdf))
    assert cjk_font().postscript_name.encode() in base_fonts, base_fonts
    assert "<text" not in (report / "charts" / "attainment.svg").read_text("utf-8")


def test_html_report_is_self_contained(report):
    html = (report / "report.html").read_text("utf-8")
    maps = list((report / "charts").glob("map_*.png"))  # the county maps (issue 14)
    assert len(maps) >= 2  # the reference's D and adoption, then one difference per scenario
    assert html.count("data:image/png;base64,") == 7 + len(maps)
    assert not re.search(r"""(src|href)=['"]?(https?:|//|file:)""", html)
    for section in ("问题", "比较表", "与参照情景的配对差", "决定结果的主要假设", "来源与可复现性"):
        assert section in html
    md = (report / "report.md").read_text("utf-8")
    assert "征求意见稿" in md and "](charts/fan_pilot_regions.png)" in md


def test_report_never_overwrites_an_earlier_one(comparison_sweep, report):
    sweep, _ = comparison_sweep
    before = (report / "report.html").read_bytes()
    proc = _sim([str(sweep), "--lang", "en", "--reference", "policy=all_in"], module="sim.report")
    second = Path(proc.stdout.strip().splitlines()[-1]).parent
    assert second == sweep / "report-2"
    assert (report / "report.html").read_bytes() == before
    assert "Scenario comparison of integration policies" in (second / "report.html").read_text("utf-8")


def test_report_names_the_allowed_references(budget_sweep):
    proc = _sim([str(budget_sweep), "--reference", "policy=draft"], module="sim.report",
                ok=False)
    assert proc.returncode == 2
    assert "allowed: policy.fund.budget_yi=10, policy.fund.budget_yi=30, policy=none" in proc.stderr
    assert not (budget_sweep / "report").exists()
