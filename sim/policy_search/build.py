"""Writing the report folder ``<sweep>/search_report/`` of a policy search."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from sim.policy_search.chart import CHART, frontier_caption, frontier_figure
from sim.policy_search.document import search_markdown
from sim.policy_search.policy_file import best_policy_yaml, validate_policy_file
from sim.policy_search.trials import SearchError, load_trials, mark, trials_table

log = logging.getLogger("sim.policy_search")

FOLDER = "search_report"


def write_search_report(sweep: Path, threshold: float = 0.9, lang: str = "zh",
                        validate: bool = True) -> Path:
    """Write the report folder of the search in ``sweep``; returns the folder."""
    from sim.charts.style import save_figure
    from sim.escaping import write_csv
    from sim.outputs import commit_folder, next_free, staging_folder

    if not 0 < threshold <= 1:
        raise SearchError(f"--threshold={threshold} is out of range; allowed: above 0 up to 1")
    sweep = Path(sweep)
    trials = load_trials(sweep)
    table, best_pos, meets = mark(trials_table(trials), threshold)
    seed_sets = {tuple(t.provenance.get("seeds", [])) for t in trials}
    seeds_equal = len(seed_sets) == 1
    if not seeds_equal:
        log.warning("the trials ran on %d different seed sets", len(seed_sets))
    best_trial = trials[best_pos]
    name, text = best_policy_yaml(best_trial, table.iloc[best_pos], threshold, meets, sweep)

    final = next_free(sweep / FOLDER)
    staging = staging_folder(final)
    try:
        write_csv(table, staging / "trials.csv")
        write_csv(table[table["on_frontier"]].sort_values(["cost_yi", "p_all"]),
                  staging / "frontier.csv")
        (staging / "best_policy.yaml").write_text(text, encoding="utf-8")
        valid = validate_policy_file(staging / "best_policy.yaml", name) if validate else \
            "not checked"
        if validate and valid is not None:  # never hand out a policy file that fails
            raise SearchError(f"the best trial's policy file does not validate ({valid}); "
                              "no search report was written")
        save_figure(frontier_figure(table, threshold, lang), staging / CHART, lang)
        cap = frontier_caption(table, threshold, meets)
        (staging / f"{CHART}.caption.md").write_text(f"{cap['zh']}\n\n{cap['en']}\n",
                                                    encoding="utf-8")
        (staging / "search.md").write_text(
            search_markdown(table, trials, threshold, meets, name, valid, sweep, lang,
                            seeds_equal), encoding="utf-8")
        commit_folder(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final
