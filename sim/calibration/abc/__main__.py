"""``python -m sim.calibration.abc`` (``make calibrate``): ABC-SMC against 2017–2020.

Writes ``<output-root>/calibrate/<date-time>/`` (never overwriting a folder): the
posterior ensemble ``posterior.parquet`` (+ ``posterior.json``), the report
``report.md`` with its tables (CSV) and figures (``charts/``). ``--install`` also copies
the ensemble to ``data/posterior/`` — the versioned file projections read
(``sim.parameters.POSTERIOR_FILE``); commit it with the report's figures.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

from sim.calibration.abc import simulate as sm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.calibration.abc",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--setting", default="small", help="small (CI) | full (documented)")
    parser.add_argument("--seed", type=int, default=20170, help="calibration seed")
    parser.add_argument("--output-root", default="results", help="folder for results")
    parser.add_argument("--lang", default="zh", help="chart labels: zh | en")
    parser.add_argument("--install", action="store_true",
                        help="copy the ensemble to data/posterior/ (the file runs read)")
    parser.add_argument("--bias-seeds", type=int, default=None,
                        help="seeds of the full-scale bias check (0 = skip)")
    args = parser.parse_args(argv)
    from sim.cli import fail

    if args.setting not in sm.SETTINGS:
        fail(f"--setting '{args.setting}' is unknown; allowed: {', '.join(sm.SETTINGS)}")
    if args.lang not in ("zh", "en"):
        fail(f"--lang '{args.lang}' is unknown; allowed: zh, en")
    from sim.outputs import console_logging

    console_logging()
    run(sm.SETTINGS[args.setting], args.seed, Path(args.output_root), args.lang,
        args.install, args.bias_seeds)
    return 0


def run(setting: sm.Setting, seed: int, output_root: Path, lang: str, install: bool,
        bias_seeds: int | None) -> Path:
    from sim.calibration.abc import ensemble as en
    from sim.calibration.abc import fit as ft
    from sim.calibration.abc import report as rp
    from sim.charts.style import house_style, save_figure
    from sim.outputs import commit_folder, next_free, staging_folder, write_json
    from sim.parameters import POSTERIOR_FILE

    log = logging.getLogger("sim.calibration.abc")
    result = ft.fit(setting, seed)
    tic = time.perf_counter()
    sets = ft.resample(result, setting.ensemble, seed + 1)
    ensemble, series = en.build(sets, setting.firms_per_agent, seed + 2)
    ensemble_seconds = time.perf_counter() - tic
    bias = None
    n_bias = (3 if setting.name == "full" else 0) if bias_seeds is None else bias_seeds
    if n_bias:
        median = {k: float(ensemble[k].median()) for k in result.priors}
        bias = en.scale_bias(median, setting.firms_per_agent, 1, n_bias, seed + 3)
    predictive = en.predictive_table(series)
    posterior = rp.posterior_table(ensemble, result.priors)
    info = {
        "setting": setting.name, "seed": seed, "firms per agent": setting.firms_per_agent,
        "population": setting.population, "generations": len(result.generations),
        "simulations": result.simulations,
        "ABC seconds": round(result.seconds, 1),
        "ensemble seconds": round(ensemble_seconds, 1),
        "overall acceptance rate": round(result.generations["accepted"].sum()
                                         / result.simulations, 3),
        "ensemble sets": len(ensemble),
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "sampler": "pyabc SingleCoreSampler (seeded numpy global generator)",
    }
    folder = next_free(output_root / "calibrate" / datetime.now().strftime("%Y%m%d-%H%M%S"))
    staging = staging_folder(folder)
    try:
        ensemble.to_parquet(staging / "posterior.parquet", index=False)
        write_json(staging / "posterior.json", {**info, "priors": result.priors,
                                                "observed": result.observed})
        series.to_parquet(staging / "series.parquet", index=False)
        for name, frame in (("generations", result.generations), ("posterior", posterior),
                            ("predictive", predictive), ("scale_bias", bias)):
            if frame is not None:
                frame.to_csv(staging / f"{name}.csv", index=False)
        (staging / "report.md").write_text(
            rp.markdown(info, result.generations, posterior, predictive, bias), "utf-8")
        charts = staging / "charts"
        with house_style(lang):  # figures are built in the house style of their language
            figures = {"fit": rp.fit_figure(series, lang),
                       "marginals": rp.marginals_figure(ensemble, result.priors, lang),
                       "pairs": rp.pairs_figure(ensemble, result.priors, lang),
                       "acceptance": rp.acceptance_figure(result.generations, lang)}
        for name, fig in figures.items():
            save_figure(fig, charts / name, lang)
        commit_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if install:
        POSTERIOR_FILE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "posterior.parquet", POSTERIOR_FILE)
        shutil.copyfile(folder / "posterior.json", POSTERIOR_FILE.with_suffix(".json"))
        log.info("installed %s", POSTERIOR_FILE)
    print(posterior.to_string(index=False))
    print(folder)
    return folder


if __name__ == "__main__":
    sys.exit(main())
