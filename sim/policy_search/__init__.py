"""Policy search (``experiment=policy_search``): score each trial, then report the frontier.

During the search, ``sim.__main__`` calls :func:`objective.objective` at the end of each
job when the sweeper is Optuna's: two objectives, the median economic cost in 亿元
(minimised) and the probability that every target is met at once (maximised). The
probability threshold is not part of the score: ``python -m sim.policy_search <sweep>
[--threshold 0.9] [--lang zh|en]`` applies it to the trials' Pareto frontier afterwards
and writes ``<sweep>/search_report/``.

Modules, each importing only those above it: ``objective`` (the score), ``trials``
(reading the trials, their table, the frontier and the choice), ``policy_file``
(``best_policy.yaml``), ``chart`` (the frontier chart and caption), ``document``
(``search.md``), ``build`` (the report folder) and ``__main__`` (the command).
"""
