"""Office-ready run folders: the answer first, CSV with a BOM, a data dictionary beside the
data and inside the Parquet files, Chinese labels in every table."""

from __future__ import annotations

import pandas as pd
import pytest

from sim import api
from sim.data_dictionary import TABLES, column_metadata, describe
from sim.results import TABLES as DECLARED

RUN = {"world.manufacturers": 1200, "world.service_firms": 1000, "run.replicates": 2,
       "world.firms_per_agent": 2}


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("office")
    return api.run({**RUN, "run.output_root": str(root)}, workers=1, save=True)


def test_summary_md_and_terminal_open_with_the_answer(run_folder, capsys):
    from sim.__main__ import print_table

    md = (run_folder.folder / "summary.md").read_text("utf-8").splitlines()
    assert md[0].startswith("# ")
    assert "全部目标" in md[2] and "P(all targets met)" in md[4]
    print_table(run_folder.summary)
    printed = capsys.readouterr().out.strip().splitlines()
    assert "全部目标" in printed[0] and "binding target" in printed[1]


def test_csv_files_carry_a_bom_and_read_back(run_folder):
    for name in ("province", "city", "adoption", "data_dictionary"):
        raw = (run_folder.folder / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
    city = pd.read_csv(run_folder.folder / "city.csv", encoding="utf-8-sig")
    assert "杭州" in set(city["city_zh"])


def test_every_column_of_every_table_is_in_the_data_dictionary(run_folder):
    dictionary = pd.read_csv(run_folder.folder / "data_dictionary.csv", encoding="utf-8-sig")
    for name in TABLES:
        df = pd.read_parquet(run_folder.folder / f"{name}.parquet")
        listed = dictionary[dictionary["表 table"] == name]
        assert list(listed["列 column"]) == list(df.columns)
        missing = [c for c in df.columns if describe(name, c, DECLARED) is None]
        assert not missing, f"{name}: columns without unit/meaning: {missing}"
        assert listed["含义"].str.len().gt(0).all() and listed["meaning"].str.len().gt(0).all()
    u = dictionary[(dictionary["表 table"] == "province") & (dictionary["列 column"] == "U1")]
    assert "制造业" in u["含义"].iloc[0] and "manufacturing" in u["meaning"].iloc[0]


def test_parquet_columns_carry_unit_and_meaning(run_folder):
    meta = column_metadata(run_folder.folder / "province.parquet")
    assert meta["coupling_C"]["en"].startswith("coupling degree C")
    assert meta["fiscal_spend_yi"]["unit_zh"] == "亿元"
    assert meta["U1"]["zh"].startswith("制造业") and meta["U1"]["unit"] == "index 0-1"
    assert meta["t"]["zh"]
    # The data itself is unchanged by the metadata.
    df = pd.read_parquet(run_folder.folder / "province.parquet")
    assert len(df) == 2 * 24


def test_adoption_table_has_chinese_labels(run_folder):
    df = pd.read_parquet(run_folder.folder / "adoption.parquet")
    assert {"path_zh", "group_zh"} <= set(df.columns)
    assert df["path_zh"].notna().all() and df["group_zh"].notna().all()
    assert "数字化" in set(df["path_zh"]) and "杭州" in set(df["group_zh"])
