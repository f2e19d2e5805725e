"""``search.md``: the written summary of a policy search and its chosen package."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.escaping import md
from sim.outcomes import TARGET_NAMES, TARGETS
from sim.policy_search.chart import CHART, frontier_caption
from sim.policy_search.policy_file import fixed_overrides
from sim.policy_search.trials import Trial


def search_markdown(table: pd.DataFrame, trials: list[Trial], threshold: float, meets: bool,
                    name: str, valid: str | None, sweep: Path, lang: str,
                    seeds_equal: bool) -> str:
    best = table[table["best"]].iloc[0]
    study = trials[0].config.get("study", {})
    question = study.get("question_zh" if lang == "zh" else "question_en", "")
    n = int(table["seeds"].max())
    front = table[table["on_frontier"]].sort_values("cost_yi")
    fixed = fixed_overrides(trials[0])
    lines = ["# Policy search: the cheapest package that works (政策组合搜索：最低成本达标组合)",
             "", f"Question (问题): {md(question)}", "",
             f"- Search folder: `{sweep.resolve()}`",
             f"- Trials (试验): {len(table)}, each on the same {n} replicate seeds "
             f"(run.seed={trials[0].config.get('run', {}).get('seed')})"
             + ("" if seeds_equal else " — WARNING: the trials' seeds differ, so they are not "
                "compared on common random numbers"),
             f"- Threshold (阈值): P(all targets met) ≥ {threshold:.2f}",
             "- Evaluated with (固定设置): " + (" ".join(f"`{o}`" for o in fixed) or "defaults"),
             ""]
    if meets:
        lines += [f"**Best package (最低成本达标组合): trial #{int(best['trial'])}** — "
                  f"median economic cost {best['cost_yi']:.2f} 亿元 (fiscal "
                  f"{best['fiscal_cost_yi']:.2f}), P(all) = {best['p_all']:.2f} "
                  f"(95% Wilson {best['p_all_lo']:.2f}–{best['p_all_hi']:.2f}). "
                  f"{int(table['meets_threshold'].sum())} of {len(table)} trials reach the "
                  "threshold."]
    else:
        lines += [f"**No trial reaches P(all) ≥ {threshold:.2f}** (没有试验达到阈值). The "
                  f"package with the highest P(all) is trial #{int(best['trial'])}: "
                  f"P(all) = {best['p_all']:.2f} (95% Wilson {best['p_all_lo']:.2f}–"
                  f"{best['p_all_hi']:.2f}), median economic cost {best['cost_yi']:.2f} 亿元. "
                  "It is written to best_policy.yaml labelled as NOT meeting the threshold; "
                  "search longer (hydra.sweeper.n_trials) or widen the levers."]
    lines += ["", f"`best_policy.yaml` is the package as a policy config named `{name}`: copy "
              f"it to `configs/policy/{name}.yaml` and run `python -m sim policy={name}`. "
              + ("It composes and validates against the current schema."
                 if valid is None else f"Validation: {valid}."), ""]
    lever_cols = [c for c in table.columns if c.endswith(".intensity")]
    lines += ["## Best package settings (最佳组合的设置)", "",
              "| lever | intensity |", "|---|---:|"]
    lines += [f"| {c.removesuffix('.intensity')} | {best[c]:.2f} |" for c in lever_cols]
    lines += [f"| delay_quarters (first lever from {best['first_lever_start']}) | "
              f"{int(best['delay_quarters'])} |",
              f"| fund.budget_yi (亿元) | {best['budget_yi']:.1f} |", ""]
    lines += ["## Pareto frontier (帕累托前沿)", "",
              "| trial | cost 亿元 | P(all) | 95% interval | "
              + " | ".join(f"P {o.label_en}" for o in TARGETS)
              + " | budget 亿元 | delay | mean intensity |",
              "|---:|---:|---:|---|" + "---:|" * len(TARGET_NAMES) + "---:|---:|---:|"]
    for _, r in front.iterrows():
        ps = " | ".join("n/a" if pd.isna(r[f"p_{t}"]) else f"{r[f'p_{t}']:.2f}"
                        for t in TARGET_NAMES)
        iv = "n/a" if pd.isna(r["p_all_lo"]) else f"{r['p_all_lo']:.2f}–{r['p_all_hi']:.2f}"
        star = " ★" if r["best"] else ""
        lines.append(f"| {int(r['trial'])}{star} | {r['cost_yi']:.2f} | {r['p_all']:.2f} | "
                     f"{iv} | {ps} | {r['budget_yi']:.1f} | {int(r['delay_quarters'])} | "
                     f"{r[lever_cols].mean():.2f} |")
    cap = frontier_caption(table, threshold, meets)
    lines += ["", "## Chart (图)", "", f"![frontier]({CHART}.png)", "", cap["zh"], "", cap["en"],
              "", "## Cautions (说明)", "",
              f"- P(all) is a share of {n} seeds (steps of {1 / max(n, 1):.2g}); the cheapest "
              "trial at the threshold is chosen on these estimates, so with few seeds rerun it "
              "with more (`python -m sim policy=<name> run.replicates=100`) before relying on "
              "it. Picking the best of many noisy trials favours lucky ones (winner's curse).",
              "- The search is a sample of packages, not a proof that nothing cheaper works.",
              "- Cost here is economic cost: the fund's subsidies and pilot awards plus every "
              "other lever's cost in its own unit (land in mu, forgone tax, administration) "
              "converted at the shadow prices of configs/programme/provincial.yaml, which are "
              "assumptions with ranges; political costs stay outside the model (成本为经济成本："
              "财政支出加其他政策工具按影子价格折算的成本).",
              "- Files: trials.csv (every trial), frontier.csv (the frontier), best_policy.yaml, "
              f"{CHART}.svg/.pdf/.png with {CHART}.caption.md.", ""]
    return "\n".join(lines)
