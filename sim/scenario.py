"""One scenario end to end: typed config → replicates → tables, summary, chart, folder.

The folder's files are those of the run-folder contract (:mod:`sim.results`); the chart
is drawn only when ``run.charts`` is true (the default for a single run; sweeps switch
it off, see :func:`sim.sweeps.adapt_to_sweep`).

A plain function (no Hydra) so tests and notebooks call it directly; ``sim.__main__``
is the thin command-line entry around it.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.config.schema import SimConfig
from sim.config.validation import to_typed
from sim.outcomes import thresholds
from sim.outputs import commit_folder, provenance, staging_folder
from sim.results import CHARTS, PARAMETER_SETS, write_run
from sim.run import run_scenario, store_for
from sim.store import code_version
from sim.summary import markdown, summarize

log = logging.getLogger(__name__)


def run_and_save(cfg: DictConfig, out_dir: Path, overrides: list[str] | None = None,
                 typed: SimConfig | None = None) -> dict:
    """Run the scenario described by ``cfg`` and write its folder at ``out_dir``.

    ``out_dir`` must not exist or be empty. Returns the summary dict. ``typed`` is ``cfg``
    already validated (the command line checks it once); if not given, ``cfg`` is checked
    here and ``sim.config.ConfigError`` raised before anything is written if it is bad.
    """
    typed = typed if typed is not None else to_typed(cfg)
    result = run_scenario(typed)
    parameters = result.plan.parameter_table() if result.plan else None
    summary = summarize(result.tables["province"], typed.targets, parameters,
                        city=result.tables["city"])
    summary["scenario"] = {"policy": typed.policy.name, "label_zh": typed.policy.label_zh,
                           "label_en": typed.policy.label_en}
    staging = staging_folder(Path(out_dir))
    # After the replicates' bar reaches 100%, say what the remaining seconds are spent on.
    log.info("writing tables (Parquet, CSV, data dictionary), summary and charts ...")
    try:
        title = f"{typed.policy.label_en or typed.policy.name} ({typed.policy.label_zh})"
        prov = provenance(result.seeds, overrides or [])
        prov["run_store"] = {"folder": str(store_for(typed).root), "reused": result.reused,
                             "computed": len(result.seeds) - result.reused,
                             "code_version": code_version(), "run_keys": result.run_keys}
        # The drawn values per set (posterior mode); fixed mode: the one set -1, no draws.
        sets = (parameters.reset_index() if parameters is not None and len(parameters)
                else pd.DataFrame({"parameter_set": [-1]}))
        sets.to_csv(staging / PARAMETER_SETS, index=False)
        write_run(staging, result.tables, summary, markdown(summary, title),
                  OmegaConf.to_yaml(cfg, resolve=True), prov)
        if typed.run.charts:
            draw_run_chart(staging, result.tables["province"], typed)
        commit_folder(staging, Path(out_dir))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # never leave a half-written folder
        raise
    log.info("wrote %s", out_dir)
    return summary


def draw_run_chart(folder: Path, province, typed: SimConfig) -> None:
    """charts/pilot_trajectories.{svg,pdf,png}: pilot regions and enterprises over time;
    charts/coupling.{svg,pdf,png}: the index's C, T and D over time."""
    from sim.charts.coupling import coupling_figure
    from sim.charts.pilots import pilot_trajectories_figure
    from sim.charts.style import save_figure

    targets = {**thresholds(typed.targets), "checkpoint_2022": typed.targets.checkpoint_2022,
               "checkpoint_2025": typed.targets.checkpoint_2025}
    (folder / CHARTS).mkdir()
    fig = pilot_trajectories_figure(province, targets, lang=typed.run.lang)
    save_figure(fig, folder / CHARTS / "pilot_trajectories", typed.run.lang)
    fig = coupling_figure(province, targets, lang=typed.run.lang)
    save_figure(fig, folder / CHARTS / "coupling", typed.run.lang)
