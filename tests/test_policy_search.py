"""Policy search (experiment=policy_search): a tiny Optuna search end to end, its report,
and the frontier/selection logic on a hand-made table."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib.text import Text

from sim.charts.fonts import cjk_font
from sim.config.compose import compose_config
from sim.policy_search.__main__ import main
from sim.policy_search.chart import frontier_figure
from sim.policy_search.objective import objective
from sim.policy_search.trials import mark, pareto_mask, select_best
from tests.conftest import (
    PYTHON,
    ROOT,
    SMALL,
    compose_cfg,
    run_module,
    subprocess_env,
    typed_cfg,
)

# Until configs/config.yaml lets an experiment choose the sweeper (its own
# `override hydra/sweeper: paired` wins over the experiment's), the command names it.
SEARCH = ["-m", "experiment=policy_search"]
TRIALS = 4


def _run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """The search itself runs as a real process (its trials log from joblib workers)."""
    return subprocess.run([PYTHON, "-m", *args], cwd=ROOT, env=subprocess_env(),
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    """A 4-trial search (2 per batch) of a small world on 2 seeds, and its report."""
    out = tmp_path_factory.mktemp("search")
    done = _run("sim", *SEARCH, *SMALL, "run.replicates=2", f"run.output_root={out}",
                f"hydra.sweeper.n_trials={TRIALS}", "hydra.sweeper.n_jobs=2")
    assert done.returncode == 0, done.stderr[-3000:]
    (sweep,) = (out / "sweeps" / "policy_search").iterdir()
    report = run_module("sim.policy_search", str(sweep), "--threshold", "0.9")
    assert report.returncode == 0, report.stderr[-3000:]
    folder = sweep / "search_report"
    assert report.stdout.strip().splitlines()[-1] == str(folder)
    return sweep, folder


# ------------------------------------------------------------------ end to end
def test_search_writes_one_folder_per_trial(search):
    sweep, _ = search
    jobs = sorted(p.name for p in sweep.iterdir() if p.name.isdigit())
    assert jobs == [str(i) for i in range(TRIALS)]
    assert (sweep / "optimization_results.yaml").is_file()
    assert not (sweep / "sweep.json").exists()  # the paired sweeper's manifest: not here


def test_every_trial_runs_on_the_same_seeds(search):
    sweep, _ = search
    seeds = [json.loads((sweep / str(i) / "provenance.json").read_text("utf-8"))["seeds"]
             for i in range(TRIALS)]
    assert len(seeds[0]) == 2 and all(s == seeds[0] for s in seeds)


def test_trials_table_matches_the_jobs_and_the_optimiser(search):
    sweep, folder = search
    trials = pd.read_csv(folder / "trials.csv")
    assert sorted(trials["trial"]) == list(range(TRIALS))
    for _, row in trials.iterrows():
        summary = json.loads((sweep / str(row["trial"]) / "summary.json").read_text("utf-8"))
        assert (row["cost_yi"], row["p_all"]) == pytest.approx(objective(summary))
        assert row["p_all_lo"] <= row["p_all"] <= row["p_all_hi"]
    # The sweeper's own Pareto set holds the scores sim.policy_search.objective gave it.
    solutions = yaml.safe_load((sweep / "optimization_results.yaml").read_text("utf-8"))
    scored = {(round(c, 9), round(p, 9)) for c, p in zip(trials["cost_yi"], trials["p_all"],
                                                         strict=True)}
    for sol in solutions["solutions"]:
        assert (round(sol["values"][0], 9), round(sol["values"][1], 9)) in scored
    # The searched settings differ between trials (the sampler really varied them).
    assert trials["budget_yi"].nunique() == TRIALS
    assert trials["budget_yi"].between(0, 60).all()
    assert trials["delay_quarters"].between(-2, 8).all()


def test_frontier_is_non_dominated_and_covers_the_rest(search):
    _, folder = search
    trials = pd.read_csv(folder / "trials.csv")
    frontier = pd.read_csv(folder / "frontier.csv")
    assert set(frontier["trial"]) == set(trials.loc[trials["on_frontier"], "trial"])
    for _, f in frontier.iterrows():
        dominated = ((trials["cost_yi"] <= f["cost_yi"]) & (trials["p_all"] >= f["p_all"])
                     & ((trials["cost_yi"] < f["cost_yi"]) | (trials["p_all"] > f["p_all"])))
        assert not dominated.any()
    for _, t in trials[~trials["on_frontier"]].iterrows():
        assert ((frontier["cost_yi"] <= t["cost_yi"]) & (frontier["p_all"] >= t["p_all"])).any()
    assert trials["best"].sum() == 1
    assert trials.loc[trials["best"], "on_frontier"].item()


def test_best_policy_is_a_valid_policy_config(search, tmp_path):
    sweep, folder = search
    text = (folder / "best_policy.yaml").read_text("utf-8")
    assert text.startswith("#") and "Threshold: P(all) >= 0.90" in text
    data = yaml.safe_load(text)
    assert data["defaults"] == ["/schema/policy@_here_", "_self_"]
    name = data["name"]
    assert re.fullmatch(r"searched_[0-9a-f]{8}", name)
    (tmp_path / "policy").mkdir()
    shutil.copyfile(folder / "best_policy.yaml", tmp_path / "policy" / f"{name}.yaml")
    typed = typed_cfg(f"hydra.searchpath=[file://{tmp_path}]", f"policy={name}")
    assert typed.policy.name == name
    best = pd.read_csv(folder / "trials.csv").query("best").iloc[0]
    source = yaml.safe_load((sweep / str(best["trial"]) / "config.yaml").read_text("utf-8"))
    for group in ("market", "land", "finance", "data", "talent", "organization"):
        for lever, lv in source["policy"][group].items():
            got = getattr(getattr(typed.policy, group), lever)
            assert (got.intensity, got.start, got.ramp_quarters) == (
                lv["intensity"], lv["start"], lv["ramp_quarters"])  # exact, not rounded
    assert typed.policy.delay_quarters == source["policy"]["delay_quarters"]
    assert typed.policy.fund.budget_yi == source["policy"]["fund"]["budget_yi"]
    assert typed.policy.pilots.enterprise_sizes == source["policy"]["pilots"]["enterprise_sizes"]


def test_an_invalid_searched_policy_fails_the_command(search, tmp_path, capsys):
    sweep, _ = search
    bad = tmp_path / "search"
    shutil.copytree(sweep, bad, ignore=shutil.ignore_patterns("search_report*"))
    for saved in bad.glob("[0-9]*/config.yaml"):  # every trial now holds an invalid rate
        cfg = yaml.safe_load(saved.read_text("utf-8"))
        cfg["policy"]["fund"]["subsidy_rate"] = 1.5
        saved.write_text(yaml.safe_dump(cfg, allow_unicode=True), "utf-8")
    assert main([str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "does not validate" in err[0]
    assert "policy.fund.subsidy_rate" in err[0]
    assert not [p for p in bad.iterdir() if "search_report" in p.name]  # nothing written


def test_chart_files_caption_and_embedded_cjk_font(search):
    _, folder = search
    for ext in ("svg", "pdf", "png"):
        assert (folder / f"frontier.{ext}").stat().st_size > 0
    caption = (folder / "frontier.caption.md").read_text("utf-8")
    assert "帕累托前沿" in caption and "Pareto frontier" in caption
    pdf = (folder / "frontier.pdf").read_bytes()
    base_fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/<>]+)", pdf))
    assert cjk_font().postscript_name.encode() in base_fonts, base_fonts
    summary = (folder / "search.md").read_text("utf-8")
    assert "best_policy.yaml" in summary and "frontier.png" in summary


def test_a_second_report_never_overwrites_the_first(search):
    sweep, folder = search
    before = (folder / "best_policy.yaml").read_text("utf-8")
    assert main([str(sweep), "--threshold", "0.5", "--lang", "en"]) == 0
    assert (sweep / "search_report-2" / "best_policy.yaml").is_file()
    assert (folder / "best_policy.yaml").read_text("utf-8") == before
    assert not [p for p in sweep.iterdir() if p.name.startswith(".search_report")]


def test_a_folder_that_is_not_a_search_is_refused(tmp_path, capsys):
    missing = run_module("sim.policy_search", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert missing.stderr.strip().startswith("error:") and len(missing.stderr.splitlines()) == 1
    assert main([str(tmp_path)]) == 2  # an empty folder
    (tmp_path / "sweep.json").write_text("{}")  # a paired scenario sweep
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("error:") for line in err)
    assert "python -m sim.report" in err[1]
    assert main([str(tmp_path), "--threshold", "1.5"]) == 2


# ------------------------------------------------------------------ units
def test_objective_is_cost_and_probability_of_all_targets():
    summary = {"fiscal_cost_yi": {"median": 12.5}, "all_targets": {
        "probability": 0.85, "n": 20, "evaluated": True}}
    assert objective(summary) == (12.5, 0.85)
    short = {"fiscal_cost_yi": {"median": 3.0}, "all_targets": {
        "probability": None, "n": 0, "evaluated": False}}
    assert objective(short) == (3.0, 0.0)
    # economic cost (fiscal + shadow-priced levers) is what is minimised when reported
    priced = {**summary, "economic_cost_yi": {"median": 20.0}}
    assert objective(priced) == (20.0, 0.85)


def _table(points):
    cost, p = zip(*points, strict=True)
    n = 10
    return pd.DataFrame({"trial": range(len(points)), "cost_yi": cost, "p_all": p,
                         "p_all_lo": [max(0, x - 0.2) for x in p],
                         "p_all_hi": [min(1, x + 0.1) for x in p], "seeds": n})


def test_pareto_and_choice_on_a_hand_made_table():
    #            0          1          2           3          4          5          6
    points = [(5, 0.5), (10, 0.9), (8, 0.6), (12, 0.95), (10, 0.8), (30, 0.95), (10, 0.9)]
    table = _table(points)
    assert list(pareto_mask(table["cost_yi"], table["p_all"])) == [
        True, True, True, True, False, False, True]  # 1 and 6 tie: both kept
    # cheapest with P >= 0.9: trials 1 and 6 (cost 10, P 0.9) -> the lower number
    assert select_best(table, 0.9) == (1, True)
    assert select_best(table, 0.95) == (3, True)
    assert select_best(table, 0.6) == (2, True)
    # 0.9 counts as meeting 0.9 although 9/10 is not exactly 0.9 in floating point
    assert select_best(_table([(3, 9 / 10), (2, 0.1)]), 0.9) == (0, True)
    # nobody reaches 0.99: the highest P (0.95), the cheaper of the two
    assert select_best(table, 0.99) == (3, False)
    marked, best, meets = mark(table, 0.9)
    assert (best, meets) == (1, True)
    assert marked["best"].tolist() == [i == 1 for i in range(len(points))]
    assert marked["meets_threshold"].tolist() == [False, True, False, True, False, True, True]


def test_frontier_chart_draws_in_both_languages():
    table, _, _ = mark(_table([(5, 0.5), (10, 0.9), (8, 0.6), (12, 0.95), (10, 0.8)]), 0.9)
    for lang in ("zh", "en"):
        fig = frontier_figure(table, 0.9, lang)
        texts = [t.get_text() for t in fig.findobj(Text)]
        assert any(("#1" in t) for t in texts)
    with pytest.raises(ValueError, match="on_frontier"):
        frontier_figure(table.drop(columns="on_frontier"), 0.9)
    assert np.isclose(table.loc[table["best"], "cost_yi"].item(), 10)


def test_the_experiment_composes_with_the_optuna_sweeper():
    cfg = compose_config(["experiment=policy_search"], hydra_config=True)
    sw = cfg.hydra.sweeper
    assert "optuna" in sw._target_ and list(sw.direction) == ["minimize", "maximize"]
    assert sw.sampler.seed is not None and "TPESampler" in sw.sampler._target_
    assert len([k for k in sw.params if k.endswith(".intensity")]) == 12
    # run.seed is not searched: every trial spawns the same replicate seeds
    assert "run.seed" not in sw.params
    assert compose_cfg(*SEARCH[1:]).run.seed == compose_cfg().run.seed
