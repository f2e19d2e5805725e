"""The small provenance stamp on every chart and table meant for a draft.

A chart pasted into a policy draft loses the folder it came from; the stamp keeps what a
reader needs to judge it: which scenarios, how many seeds (and parameter sets, in
posterior mode), at what scale, from which
code version, made when. Also the scaled-world warning every chart of a scaled world
carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Stamp:
    scenario: str  # the reference scenario, or "N scenarios"
    seeds: int
    firms_per_agent: int
    version: str  # short git commit (+ "*" when the tree had uncommitted changes)
    made: str  # ISO date
    parameter_sets: int = 0  # posterior mode: sets behind the runs (each run its own seed)

    def text(self, lang: str = "zh") -> str:
        scale = "1:1" if self.firms_per_agent == 1 else f"1:{self.firms_per_agent}"
        if lang == "zh":
            sets = f"参数组 {self.parameter_sets}" if self.parameter_sets else "固定参数"
            return (f"情景：{self.scenario} · 种子数 {self.seeds} · {sets} · 规模 {scale} · "
                    f"版本 {self.version} · {self.made}")
        sets = (f"parameter sets {self.parameter_sets}" if self.parameter_sets
                else "fixed parameters")
        return (f"scenario: {self.scenario} · seeds {self.seeds} · {sets} · scale {scale} · "
                f"version {self.version} · {self.made}")

    def scaled_warning(self, lang: str = "zh") -> str | None:
        """A warning for charts of a scaled world (each agent stands for k > 1 firms)."""
        k = self.firms_per_agent
        if k <= 1:
            return None
        if lang == "zh":
            return f"注意：缩放世界（每个主体代表{k}家企业），试点数为{k}的倍数且偏低，仅供探索"
        return (f"Caution: scaled world (each agent = {k} firms): pilot counts come in "
                f"multiples of {k} and run low; for exploration only")


def stamp_of(comparison, lang: str = "zh") -> Stamp:
    """The stamp of a sweep comparison (``sim.report.compare.Comparison``)."""
    sweep = comparison.sweep
    ref = sweep.reference
    config = sweep.configs[ref.key]
    prov = sweep.provenance[ref.key]
    commit = str(prov.get("git_commit") or "unknown")[:10]
    dirty = any(p.get("git_dirty") for p in sweep.provenance.values())
    n = len(sweep.scenarios)
    name = ref.label(lang)
    scenario = (f"{name}等{n}个情景" if lang == "zh" else f"{name} and {n - 1} more") \
        if n > 1 else name
    seeds = int(comparison.table["seeds"].min())
    run = config.get("run", {})
    sets = (min(int(run.get("parameter_sets", 0)), seeds)
            if run.get("parameters") == "posterior" else 0)
    return Stamp(scenario=scenario, seeds=seeds,
                 firms_per_agent=int(config.get("world", {}).get("firms_per_agent", 1)),
                 version=commit + ("*" if dirty else ""), made=date.today().isoformat(),
                 parameter_sets=sets)


def stamp_figure(fig, stamp: Stamp, lang: str = "zh") -> None:
    """Write the stamp (and the scaled-world warning) in small grey type at the foot of a
    matplotlib figure."""
    fig.text(0.995, 0.004, stamp.text(lang), ha="right", va="bottom", fontsize=6,
             color="#777777")
    warning = stamp.scaled_warning(lang)
    if warning:
        fig.text(0.005, 0.004, warning, ha="left", va="bottom", fontsize=7,
                 color="#b03000", fontweight="bold")
