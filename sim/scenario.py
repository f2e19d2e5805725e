"""One scenario end to end: typed config → replicates → tables, summary, chart, folder.

A plain function (no Hydra) so tests and notebooks call it directly; ``sim.__main__``
is the thin command-line entry around it.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from sim.config.schema import SimConfig
from sim.config.validation import to_typed
from sim.outputs import commit_folder, provenance, staging_folder, write_json, write_tables
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
    summary = summarize(result.tables["province"], typed.targets)
    summary["scenario"] = {"policy": typed.policy.name, "label_zh": typed.policy.label_zh,
                           "label_en": typed.policy.label_en}
    staging = staging_folder(Path(out_dir))
    try:
        write_tables(staging, result.tables)
        write_json(staging / "summary.json", summary)
        title = f"{typed.policy.label_en or typed.policy.name} ({typed.policy.label_zh})"
        (staging / "summary.md").write_text(markdown(summary, title), encoding="utf-8")
        (staging / "config.yaml").write_text(OmegaConf.to_yaml(cfg, resolve=True),
                                             encoding="utf-8")
        prov = provenance(result.seeds, overrides or [])
        prov["run_store"] = {"folder": str(store_for(typed).root), "reused": result.reused,
                             "computed": len(result.seeds) - result.reused,
                             "code_version": code_version(), "run_keys": result.run_keys}
        write_json(staging / "provenance.json", prov)
        _charts(staging, result.tables["province"], typed)
        commit_folder(staging, Path(out_dir))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # never leave a half-written folder
        raise
    log.info("wrote %s", out_dir)
    return summary


def _charts(folder: Path, province, typed: SimConfig) -> None:
    from sim.analysis.charts import pilot_trajectories_figure, save_figure

    targets = {"pilot_regions_2022": typed.targets.pilot_regions_2022,
               "pilot_enterprises_2022": typed.targets.pilot_enterprises_2022,
               "checkpoint_2022": typed.targets.checkpoint_2022}
    (folder / "charts").mkdir()
    fig = pilot_trajectories_figure(province, targets, lang=typed.run.lang)
    save_figure(fig, folder / "charts" / "pilot_trajectories")
