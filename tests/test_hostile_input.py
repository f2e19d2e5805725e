"""Inputs that try to escape the results folder or exhaust the machine are refused in one
line, before anything runs or is written; outputs cannot attack whoever opens them."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import check_overrides
from sim.escaping import md, neutral_cell, neutralise_workbook, write_csv
from sim.report.load import SweepError, load_sweep
from tests.conftest import PYTHON, ROOT, SMALL, make_read_only, make_writable, subprocess_env

BOMB = """name: bomb
label_en: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
label_zh: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
x1: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
x2: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
x3: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
x4: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
x5: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
x6: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""


def _searchpath(tmp_path: Path, name: str, text: str) -> str:
    folder = tmp_path / "configs"
    (folder / "policy").mkdir(parents=True, exist_ok=True)
    (folder / "policy" / f"{name}.yaml").write_text(text, "utf-8")
    return f"hydra.searchpath=[file://{folder}]"


REFUSED = {
    # overrides -> text of the one line
    "../ in run.name": (["run.name=../../outside"], "run.name='../../outside' cannot name"),
    "slash in run.name": (["run.name=a/b"], "run.name='a/b' cannot name a folder"),
    "absolute policy.name": (["policy.name=/tmp/x"], "policy.name='/tmp/x' cannot name"),
    "hidden study.name": (["study.name=.hidden"], "study.name='.hidden' cannot name"),
    "5,000-character name": ([f"run.name={'a' * 5000}"], "(5000 characters)"),
    "huge county count": (["world.cities.0.counties=100000000"],
                          "world.cities[0].counties=100000000 is out of range; allowed: 1"),
    "nan GDP": (["world.cities.0.gdp_yi=nan"], "world.cities[0].gdp_yi=nan is not a finite"),
    "huge GDP": (["world.cities.0.gdp_yi=1e308"], "world.cities[0].gdp_yi=1e+308 is out of"),
    "infinite revenue": (["world.revenue_yi.small=inf"], "revenue_yi.small=inf is not a finite"),
    "infinite sweep range": (["behaviour.ranges.imitation_q=[0,inf]"],
                             "imitation_q[1]=inf is not a finite number"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_values_that_escape_or_exhaust_are_refused(case):
    overrides, expected = REFUSED[case]
    problem = check_overrides([*overrides, *SMALL])
    assert problem is not None and expected in problem, problem


def test_too_many_cities_are_refused():
    from sim.config.validation import to_typed
    from tests.conftest import compose_cfg

    cfg = compose_cfg(*SMALL)
    cities = list(cfg.world.cities) * 10  # 110 > 100
    with pytest.raises(Exception, match="world.cities has 110 entries; at most 100"):
        to_typed({**cfg, "world": {**cfg.world, "cities": cities}})


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    tic = time.perf_counter()
    problem = check_overrides(["policy=bomb", _searchpath(tmp_path, "bomb", BOMB)])
    assert time.perf_counter() - tic < 20
    assert "bomb.yaml expands to" in problem and "YAML aliases" in problem


@pytest.mark.parametrize("text", ["${oc.env:SECRET_FOR_TEST}",
                                  "${oc.env:SECRET_FOR_TEST,default}", "${oc.decode:x}"])
def test_config_files_cannot_read_the_environment(tmp_path, monkeypatch, text):
    monkeypatch.setenv("SECRET_FOR_TEST", "hunter2")
    policy = f"defaults:\n  - draft\n  - _self_\nname: leak\nlabel_en: '{text}'\n"
    problem = check_overrides(["policy=leak", _searchpath(tmp_path, "leak", policy)])
    assert problem and "leak.yaml" in problem and "hunter2" not in problem
    assert "resolver" in problem or "environment" in problem


def test_an_unknown_key_is_blamed_on_its_own_file_not_a_broken_neighbour(tmp_path):
    path = _searchpath(tmp_path, "broken", "name: broken\nmarket: {a: [\n")
    _searchpath(tmp_path, "extra", "defaults:\n  - draft\n  - _self_\nname: extra\nmagic: 1\n")
    problem = check_overrides(["policy=extra", path])
    assert "unknown config key 'magic' in policy/extra.yaml" in problem


UNUSABLE = {"file": "is a file", "not_empty": "already holds files",
            "read_only": "is not writable", "in_read_only": "cannot be created"}


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_an_unusable_run_folder_is_refused_before_any_work(tmp_path, case):
    folder = tmp_path / "run"
    if case == "file":
        folder.write_text("a file")
    elif case == "in_read_only":
        folder = tmp_path / "locked" / "run"
        folder.parent.mkdir()
    else:
        folder.mkdir()
        if case == "not_empty":
            (folder / "notes.txt").write_text("an analyst's notes")
    protected = folder.parent if case == "in_read_only" else folder
    if case.endswith("read_only"):
        make_read_only(protected)
    try:
        problem = check_overrides([*SMALL, f"hydra.run.dir={folder}"])
        sweep_problem = check_overrides([*SMALL, f"hydra.sweep.dir={folder}"], True)
    finally:
        if case.endswith("read_only"):
            make_writable(protected)
    assert problem.startswith("hydra.run.dir: ") and UNUSABLE[case] in problem
    if case == "not_empty":  # a sweep folder may hold files: the sweep it resumes
        assert "holds files" not in (sweep_problem or "")
    else:
        assert sweep_problem.startswith("hydra.sweep.dir: ") and UNUSABLE[case] in sweep_problem


def test_cli_refusal_is_one_line_exit_2_and_writes_nothing(tmp_path):
    """The command line: a hostile value and a bomb, each one line and exit 2."""
    out = tmp_path / "results"
    for args in (["run.name=../escaped"],
                 ["policy=bomb", _searchpath(tmp_path, "bomb", BOMB)]):
        proc = subprocess.run([PYTHON, "-m", "sim", *SMALL, f"run.output_root={out}", *args],
                              cwd=ROOT, env=subprocess_env(), capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert proc.stderr.startswith("error: ")
    assert not out.exists() and not (tmp_path / "escaped").exists()


# ------------------------------------------------------------------ outputs
HOSTILE = ["<script>alert(1)</script>", "=HYPERLINK(\"http://x\",\"click\")", "+1+cmd",
           "-2+3", "@SUM(A1)", "[link](http://x)", "a|b"]


def test_markdown_escapes_html_links_and_table_bars():
    assert "<script>" not in md(HOSTILE[0]) and "&lt;script&gt;" in md(HOSTILE[0])
    assert md("[link](http://x)") == "\\[link\\](http://x)"
    assert md("a|b") == "a\\|b" and md("two\nlines") == "two lines"


def test_formula_text_is_neutralised_and_numbers_never(tmp_path):
    for text in HOSTILE[1:5]:
        assert neutral_cell(text) == "'" + text
    for value in (-2, -0.5, 1e-3, "-0.5", "12", "plain text", "a=b"):
        assert neutral_cell(value) == value
    df = pd.DataFrame({"label": HOSTILE, "value": [-1.5] * len(HOSTILE)})
    write_csv(df, tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv")
    assert not back["label"].str.match(r"^[=+\-@]").any()
    assert (back["value"] == -1.5).all()  # numbers untouched


def test_xlsx_cells_are_text_not_formulas(tmp_path):
    import openpyxl

    df = pd.DataFrame({"label": HOSTILE, "value": [-1.5] * len(HOSTILE)})
    with pd.ExcelWriter(tmp_path / "t.xlsx", engine="openpyxl") as xl:
        df.to_excel(xl, index=False)
        assert neutralise_workbook(xl.book) >= 1
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    labels = [c.value for c in sheet["A"][1:]]
    assert labels == HOSTILE  # the exact text, shown as text
    assert all(c.data_type == "s" for c in sheet["A"][1:])
    assert all(c.value == -1.5 and c.data_type == "n" for c in sheet["B"][1:])


def test_sweep_manifest_job_numbers_must_be_integers(tmp_path):
    for num in ("/etc", "../x", -1, 1.5, True):
        (tmp_path / "sweep.json").write_text(json.dumps(
            {"jobs": [{"num": num, "key": "k", "overrides": [], "swept": {}}]}))
        with pytest.raises(SweepError, match="job numbers are integers"):
            load_sweep(tmp_path)


def test_files_written_are_readable_by_the_group_and_others(tmp_path):
    from sim.outputs import write_atomic

    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "sweep.json", "{}")
        from matplotlib.figure import Figure

        from sim.charts.style import save_figure

        files = save_figure(Figure(), tmp_path / "chart", "en")
    finally:
        os.umask(mask)
    for path in [tmp_path / "sweep.json", *files]:
        assert path.stat().st_mode & 0o777 == 0o644, path
