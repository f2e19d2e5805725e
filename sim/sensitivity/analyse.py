"""Indices and discovery rules of a sampled study, and the folder they are written to."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.sample_space import Problem
from sim.config.schema import TargetsConfig
from sim.escaping import md, write_csv
from sim.labels import labels_for, parameter_label
from sim.outcomes import BY_NAME, TARGETS, thresholds
from sim.outputs import commit_folder, next_free, staging_folder
from sim.report.tables import markdown_table
from sim.sensitivity.discovery import discover
from sim.sensitivity.indices import indices
from sim.sensitivity.load import Study, load_study

log = logging.getLogger("sim.sensitivity")


@dataclass
class Analysis:
    study: Study
    indices: pd.DataFrame | None  # outcome × parameter (None for an lhs sample)
    discovery: dict[str, dict]  # target -> discover() result
    thresholds: dict[str, float]


def thresholds_of(study: Study) -> dict[str, float]:
    return thresholds(TargetsConfig(**study.config["targets"]))


def analyse(folder: str | Path, density: float = 0.8) -> Analysis:
    study = load_study(folder)
    problem = Problem(study.names, study.bounds)
    x = study.points[study.names].to_numpy(float)
    frames = []
    if study.method in ("sobol", "morris"):
        for outcome in (o.name for o in TARGETS):
            y = study.points[outcome].to_numpy(float)
            if np.isnan(y).any():
                log.warning("%s: not evaluated in this run length; skipped", outcome)
                continue
            log.info("indices of %s (%s, %d points)", outcome, study.method, len(y))
            frames.append(indices(study.method, problem, x, y).assign(outcome=outcome))
    limits = thresholds_of(study)
    found = {}
    ranges = dict(zip(study.names, study.bounds, strict=True))
    for o in TARGETS:
        runs = study.runs.dropna(subset=[o.name])
        if runs.empty:
            continue
        missed = ~o.met(runs[o.name], limits[o.name]).to_numpy()
        found[o.name] = discover(runs[study.names].reset_index(drop=True), missed, ranges,
                                 o.goal_zh, o.goal_en, labels=labels_for(study.names),
                                 threshold=density)
    table = pd.concat(frames, ignore_index=True) if frames else None
    return Analysis(study=study, indices=table, discovery=found, thresholds=limits)


def write(a: Analysis, lang: str = "zh") -> Path:
    from sim.charts.style import save_figure
    from sim.sensitivity.charts import caption, tornado_chart

    final = next_free(a.study.folder / "sensitivity")
    staging = staging_folder(final)
    try:
        if a.indices is not None:
            write_csv(a.indices, staging / "indices.csv")
            fig = tornado_chart(a.indices, a.study.method, lang)
            save_figure(fig, staging / "tornado", lang)
            text = caption(a.study.method, len(a.study.points), a.study.runs["seed"].nunique())
            (staging / "tornado.caption.md").write_text(f"{text['zh']}\n\n{text['en']}\n",
                                                        "utf-8")
        (staging / "discovery.json").write_text(json.dumps(a.discovery, ensure_ascii=False,
                                                           indent=1), "utf-8")
        write_csv(a.study.points, staging / "points.csv", index=True, index_label="point")
        (staging / "sensitivity.md").write_text(_markdown(a, lang), "utf-8")
        commit_folder(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _markdown(a: Analysis, lang: str) -> str:
    s = a.study
    q = s.config.get("study", {})
    lines = [f"# {'敏感性分析与情景发现' if lang == 'zh' else 'Sensitivity and discovery'}: "
             f"{md(q.get('name') or s.folder.parent.name)}", "",
             md(q.get("question_zh", "")), "", md(q.get("question_en", "")), "",
             f"Sample: {s.method}, {len(s.points)} parameter points × "
             f"{s.runs['seed'].nunique()} seeds (the same seeds at every point), "
             f"{len(s.names)} parameters; world.firms_per_agent = "
             f"{s.config['world']['firms_per_agent']}.", ""]
    if a.indices is not None:
        lines += ["## Sensitivity indices (top 10 per target)", ""]
        key = "ST" if s.method == "sobol" else "mu_star"
        for outcome, g in a.indices.groupby("outcome", sort=False):
            top = g.nlargest(10, key).copy()
            top.insert(0, "label", [parameter_label(p, lang) for p in top["parameter"]])
            o = BY_NAME[outcome]
            lines += [f"### {o.label_zh} / {o.label_en}", "",
                      markdown_table(top.drop(columns=["outcome"]).round(3))]
        lines += ["![tornado](tornado.png)", "",
                  "Intervals are 95% bootstrap intervals over the sample; with a small "
                  "sample they are wide and the order of close parameters is not settled.",
                  ""]
    lines += ["## When is a target missed? (PRIM scenario discovery)", ""]
    if s.method != "lhs":
        lines += ["These rules come from a Sobol or Morris design, whose points repeat the "
                  "same few values of each parameter; they are indicative only. Rules to "
                  "quote come from `experiment=discovery` (a Latin hypercube).", ""]
    for outcome, d in a.discovery.items():
        lines += [f"- **{BY_NAME[outcome].label_en}** (missed in {d['n_missed']} of "
                  f"{d['n_runs']} runs): {d['rule']['en']}",
                  f"  - {d['rule']['zh']}"]
    lines += ["", "Coverage: the share of all misses that fall under the rule; density: "
              "the share of runs under the rule that miss. Rules describe the model over "
              "the sampled ranges, not the world.", ""]
    return "\n".join(lines)
