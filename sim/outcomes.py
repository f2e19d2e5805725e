"""Every outcome the project reports, declared once.

In the manner of EMA Workbench's ``ScalarOutcome``: each outcome has a name, how it is
measured from a run's province table (which column, at which quarter, as a level or as
a rise over a base quarter), the ``TargetsConfig`` key of its threshold (targets only),
the direction that counts as better, labels in Chinese and English, a unit and a number
format. The summary, the report, the sensitivity analysis, the policy search, the
sampled-study runner and the terminal table all read this declaration; nothing else
says which column a target is read from or which key holds its threshold.

Fiscal cost is computed here and nowhere else (:func:`fiscal_cost`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.config.schema import TargetsConfig

MAXIMIZE, MINIMIZE = "maximize", "minimize"
# What the province pays in the model: the special fund's subsidies and the pilot awards
# (cumulative, 亿元). The other levers carry no fiscal cost in the model.
FISCAL_COST_COLUMNS = ("subsidy_spent_cum_yi", "awards_spent_cum_yi")


@dataclass(frozen=True)
class Outcome:
    name: str
    columns: tuple[str, ...]  # province-table columns; the outcome is their sum
    quarter_key: str | None  # TargetsConfig key of the quarter read; None: the last one
    label_zh: str  # full label (charts, summaries)
    label_en: str
    short_zh: str  # column head of the comparison tables
    short_en: str
    unit_zh: str
    unit_en: str
    digits: int  # decimals shown
    direction: str = MAXIMIZE
    base_key: str | None = None  # TargetsConfig key of a base quarter: the rise over it
    # Column holding each seed's common base level (the same for every package on a seed);
    # when a table has it, a rise is measured from it instead of the base quarter's value.
    base_column: str | None = None
    threshold_key: str | None = None  # TargetsConfig key of the target; None: no target
    goal_zh: str = ""  # the target in a sentence ("... is missed when ...")
    goal_en: str = ""

    @property
    def is_target(self) -> bool:
        return self.threshold_key is not None

    @property
    def column(self) -> str:
        """The one column a target's trajectory is drawn and first reached from."""
        if len(self.columns) != 1:
            raise ValueError(f"outcome {self.name} sums {self.columns}: no single column")
        return self.columns[0]

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def short(self, lang: str) -> str:
        return self.short_zh if lang == "zh" else self.short_en

    def threshold(self, targets: TargetsConfig) -> float:
        if self.threshold_key is None:
            raise ValueError(f"outcome {self.name} has no target threshold")
        return float(getattr(targets, self.threshold_key))

    def measure(self, province: pd.DataFrame, targets: TargetsConfig | None) -> pd.Series:
        """Per-seed value (indexed by seed, sorted); empty if the quarter was not simulated.
        ``targets`` names the quarters read (not needed for an end-of-run outcome)."""
        if self.quarter_key is None:
            rows = province[province["t"] == province["t"].max()]
        else:
            rows = province[province["quarter"] == getattr(targets, self.quarter_key)]
        value = _sum(rows.set_index("seed").sort_index(), self.columns)
        if self.base_key is not None:
            value = value - self.base(province, targets)
        return value

    def base(self, province: pd.DataFrame, targets: TargetsConfig | None) -> pd.Series:
        """Per-seed level a rise is measured from: the common baseline column if the table
        has it (the world as built, so every package on a seed starts from the same level),
        else the value at the base quarter (tables written before the column existed)."""
        if self.base_column is not None and self.base_column in province.columns:
            return province.groupby("seed")[self.base_column].first().sort_index()
        base = province[province["quarter"] == getattr(targets, self.base_key)]
        return _sum(base.set_index("seed").sort_index(), self.columns)

    def met(self, value, threshold: float):
        """Whether a value (or array of values) meets the threshold."""
        return value >= threshold if self.direction == MAXIMIZE else value <= threshold

    def fmt(self, value: float | None, digits: int | None = None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return f"{value:.{self.digits if digits is None else digits}f}"


def _sum(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    total = frame[columns[0]]
    for column in columns[1:]:
        total = total + frame[column]
    return total


PILOT_REGIONS = Outcome(
    "pilot_regions_2022", ("pilot_regions",), "checkpoint_2022",
    "试点区域（2022年底）", "Pilot regions, end 2022", "试点区域2022", "Pilot regions 2022",
    "个", "regions", 0, threshold_key="pilot_regions_2022",
    goal_zh="2022年试点区域目标", goal_en="the 2022 pilot-region target")
PILOT_ENTERPRISES = Outcome(
    "pilot_enterprises_2022", ("pilot_enterprises",), "checkpoint_2022",
    "试点企业（2022年底）", "Pilot enterprises, end 2022", "试点企业2022",
    "Pilot enterprises 2022", "家", "enterprises", 0, threshold_key="pilot_enterprises_2022",
    goal_zh="2022年试点企业目标", goal_en="the 2022 pilot-enterprise target")
INTEGRATION = Outcome(
    "integration_2025", ("integration_index",), "checkpoint_2025",
    "融合发展水平提升（2025年底）", "Integration index rise, end 2025", "融合指数提升2025",
    "Index rise 2025", "指数点", "index points", 3, base_key="integration_base",
    base_column="integration_index_base", threshold_key="integration_rise_2025",
    goal_zh="2025年融合水平提升目标", goal_en="the 2025 integration target")
FISCAL_COST = Outcome(
    "cost_yi", FISCAL_COST_COLUMNS, None,
    "财政投入（专项资金补贴与试点奖励）", "Fiscal cost (special-fund subsidies + pilot awards)",
    "财政投入（亿元）", "Fiscal cost (亿元)", "亿元", "亿元 (CNY 100 million)", 1,
    direction=MINIMIZE)

TARGETS: tuple[Outcome, ...] = (PILOT_REGIONS, PILOT_ENTERPRISES, INTEGRATION)
OUTCOMES: tuple[Outcome, ...] = (*TARGETS, FISCAL_COST)
BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
# The target read from each province column (the fan charts draw it on that column).
TARGET_BY_COLUMN: dict[str, Outcome] = {o.column: o for o in TARGETS}
TARGET_NAMES: tuple[str, ...] = tuple(o.name for o in TARGETS)
OUTCOME_NAMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES)


def fiscal_cost(province: pd.DataFrame) -> pd.Series:
    """Cumulative fiscal cost per seed at the last simulated quarter, 亿元."""
    return FISCAL_COST.measure(province, None)


def thresholds(targets: TargetsConfig) -> dict[str, float]:
    """Each target's threshold, by outcome name."""
    return {o.name: o.threshold(targets) for o in TARGETS}


def measure_all(province: pd.DataFrame, targets: TargetsConfig,
                outcomes: tuple[Outcome, ...] = OUTCOMES) -> pd.DataFrame:
    """One row per seed (index ``seed``), one column per outcome."""
    return pd.DataFrame({o.name: o.measure(province, targets) for o in outcomes})


def first_quarter(province: pd.DataFrame, outcome: Outcome,
                  targets: TargetsConfig) -> str | None:
    """First quarter in which the median over seeds reaches the target (for a rise: the
    median rise over the base quarter), if it does within the run."""
    threshold = outcome.threshold(targets)
    wide = province.pivot(index="t", columns="seed", values=outcome.column)
    quarters = province.groupby("t")["quarter"].first()
    if outcome.base_key is not None:
        base_t = quarters.index[quarters == getattr(targets, outcome.base_key)]
        if base_t.empty:
            return None
        wide = wide.loc[base_t[0]:] - outcome.base(province, targets)
    median = wide.median(axis=1)
    hit = median.index[outcome.met(median, threshold)]
    return str(quarters[hit[0]]) if len(hit) else None
