"""``python -m sim.maps FOLDER [--vs OTHER] [--lang zh|en|both] [--quarter 2025Q4] [--out DIR]``

Standalone maps (SVG, PDF, 300-dpi PNG). FOLDER is a finished run folder (``python -m
sim``, or one job of a sweep): county maps of adoption (any path, and each path with
--paths), index D and pilots; city maps of D and adoption; with ``--vs OTHER`` (a run of
another package on the same seeds) the paired difference FOLDER − OTHER. Or FOLDER is a
sweep folder (it has sweep.json): the reference scenario's maps and every other
scenario's paired difference from it. Written to FOLDER/maps/ unless --out says
otherwise. Errors are one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.labels import LANGS
from sim.model.vocabulary import PATHS

COUNTY_VALUES = ("adoption_any", "integration_index", "pilot_regions", "pilot_enterprises",
                 "pilot_region")
CITY_VALUES = ("integration_index", "adoption_any")
DIFF_VALUES = ("adoption_any", "integration_index", "pilot_enterprises")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m sim.maps", description=__doc__.split("\n\n")[1])
    p.add_argument("run", type=Path, help="a finished run folder (has county.parquet), or "
                   "a sweep folder (has sweep.json)")
    p.add_argument("--vs", type=Path, help="another run on the same seeds: maps of RUN − VS")
    p.add_argument("--lang", choices=(*LANGS, "both"), default="both")
    p.add_argument("--quarter", help="calendar quarter to map, e.g. 2022Q4 (default: the last)")
    p.add_argument("--paths", action="store_true", help="also map each of the five paths")
    p.add_argument("--out", type=Path, help="folder for the maps (default RUN/maps)")
    return p


def write_maps(run: Path, out: Path, langs: tuple[str, ...], quarter: str | None = None,
               vs: Path | None = None, paths: bool = False) -> list[Path]:
    """Every map of a run folder (and of its difference from ``vs``); returns the files."""
    from sim.charts.style import save_figure
    from sim.maps.figures import city_adoption, city_map, county_map, difference_map
    from sim.results import read_config, read_run

    tables = ("county", "city", "adoption")
    a = read_run(run, tables)
    b = read_run(vs, ("county", "city")) if vs is not None else None
    county_values = COUNTY_VALUES + (tuple(f"adoption_{p}" for p in PATHS) if paths else ())
    written: list[Path] = []
    for lang in langs:
        for value in county_values:
            fig = county_map(a.tables["county"], value, lang, quarter)
            written += save_figure(fig, out / f"county_{value}_{lang}", lang)
        fig = city_map(a.tables["city"], "integration_index", lang, quarter)
        written += save_figure(fig, out / f"city_integration_index_{lang}", lang)
        fig = city_map(city_adoption(a.tables["adoption"], "any"), "adoption_any", lang, quarter)
        written += save_figure(fig, out / f"city_adoption_any_{lang}", lang)
        if b is not None:
            names = (_policy_label(read_config(vs), vs, lang), _policy_label(read_config(run),
                                                                             run, lang))
            for value in DIFF_VALUES:
                fig = difference_map(b.tables["county"], a.tables["county"], value, lang,
                                     names=names, quarter=quarter)
                written += save_figure(fig, out / f"diff_county_{value}_{lang}", lang)
    return written


def write_sweep_maps(sweep: Path, out: Path, langs: tuple[str, ...],
                     quarter: str | None = None) -> list[Path]:
    """The maps of a sweep: the reference scenario and each scenario's difference."""
    import pandas as pd

    from sim.charts.style import save_figure
    from sim.maps.figures import sweep_maps
    from sim.results import ResultsError, is_done, job_dir, read_config, read_manifest, read_run

    manifest = read_manifest(sweep)
    frames, labels = [], {lang: {} for lang in langs}
    for job in manifest["jobs"]:
        folder = job_dir(sweep, job["num"])
        if not is_done(folder) or not (folder / "county.parquet").is_file():
            continue
        frames.append(read_run(folder, ("county",)).tables["county"].assign(scenario=job["key"]))
        config = read_config(folder)
        for lang in langs:
            labels[lang][job["key"]] = _policy_label(config, folder, lang) if set(
                job.get("swept") or {}) <= {"policy"} else job["key"]
    if not frames:
        raise ResultsError(f"'{sweep}' has no finished job with a county table")
    county = pd.concat(frames, ignore_index=True)
    written: list[Path] = []
    for lang in langs:
        for value in DIFF_VALUES:
            figs = sweep_maps(county, manifest.get("reference") or frames[0]["scenario"][0],
                              lang, value, labels[lang], quarter)
            for stem, fig in figs.items():
                safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in stem)
                written += save_figure(fig, out / f"{safe}_{lang}", lang)
    return written


def _policy_label(config: dict, folder: Path, lang: str) -> str:
    policy = config.get("policy") or {}
    return str(policy.get(f"label_{lang}") or policy.get("name") or Path(folder).name)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from sim.maps.boundaries import MapsUnavailable
    from sim.maps.crosswalk import MapDataError
    from sim.results import ResultsError

    langs = LANGS if args.lang == "both" else (args.lang,)
    out = args.out or args.run / "maps"
    try:
        if (args.run / "sweep.json").is_file():
            files = write_sweep_maps(args.run, out, langs, args.quarter)
        else:
            files = write_maps(args.run, out, langs, args.quarter, args.vs, args.paths)
    except (MapsUnavailable, MapDataError, ResultsError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(files)} files written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
