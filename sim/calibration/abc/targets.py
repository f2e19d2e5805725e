"""Calibration targets: the national pre-2021 series and the Zhejiang premium prior.

Training data only: every figure here is for 2017–2020 (zhejiang-facts.md, "Pre-2021
series for calibration"); figures for 2021 and later are reserved for validation and
never appear in this module. Shares are of firms in MIIT's 两化融合 self-diagnosis
sample (mostly above-size manufacturers), the population the model's manufacturers are.

The series are national. Zhejiang's level of an indicator is modelled as the national
value shifted on the log-odds scale by a premium ``delta`` (one for all indicators):

    zhejiang = logistic(logit(national) + delta),   delta ~ U(0, DELTA_MAX)

Derivation (docs/calibration.md, "Zhejiang premium"): Zhejiang ranked 1st of 31
provinces in the service-oriented manufacturing regional index (2020) and sits in the
top tier of 两化融合; its own index (86.55, 2019) is not on the MIIT scale, so no
direct ratio exists. The first of 31 draws of a normal distribution lies about 2.0
standard deviations above the mean; a between-province spread of 0.15–0.3 on the
log-odds scale (assumption: MIIT indicators differ by some 5–10 percentage points
between provinces at shares of 0.3–0.7) puts the leader 0.3–0.6 above the *median*
province. The national figure is a sample average weighted towards the developed east,
so Zhejiang sits less far above it: the premium is somewhere between 0 (at the national
value) and 0.6, and nothing in the training data narrows it. A flat prior on [0, 0.6]
says exactly that; the calibration carries it to the projections unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DELTA_MAX = 0.6  # log-odds; upper end of the Zhejiang premium prior (see above)

# The backcast starts from the end-2017 state (the 2017 figures; 朱宏任, Nov 2017) and
# runs quarter by quarter to 2020Q4.
START = "2018Q1"
END = "2020Q4"
START_YEAR_LABEL = "end 2017"

# National levels at the start (share of firms), by path; platformization has no 2017
# figure and is a calibrated parameter (its 2020 level is a target).
START_LEVELS = {
    "digitalization": 0.632,  # digital R&D design tools, 2017 (MIIT; SCIO 2018)
    "flexibilization": 0.067,  # personalised customisation, 2017 (朱宏任, Nov 2017)
    "integration": 0.223,  # service-oriented manufacturing, 2017 (same)
    "sharing": 0.301,  # networked collaboration, 2017 (same)
}


@dataclass(frozen=True)
class Target:
    key: str
    description: str
    path: str
    kind: str  # "level" (share at a quarter) or "growth" (share points per year)
    quarters: tuple[str, ...]  # one quarter (level) or (from, to) (growth)
    national: float  # observed national value (share, or share per year)
    scale: float  # observation error, same unit: weight 1/scale in the distance
    source: str


def _growth(a: float, b: float, years: float) -> float:
    return (b - a) / years


# Digital R&D design tools: 63.2 (2017), 67.4 (mid-2018), 69.3 (mid-2019), ≈73 (2020).
# Levels carry ±2 points (the MIIT sample changes between years, and 2020 is "≈73");
# growth over a year carries ±1 point per year.
TARGETS: tuple[Target, ...] = (
    Target("rd_tools_2018Q2", "digital R&D design tools in use, mid-2018", "digitalization",
           "level", ("2018Q2",), 0.674, 0.02, "MIIT; SCIO press conference 2018"),
    Target("rd_tools_2019Q2", "digital R&D design tools in use, mid-2019", "digitalization",
           "level", ("2019Q2",), 0.693, 0.02, "MIIT; SCIO press conference, Sep 2019"),
    Target("rd_tools_2020Q4", "digital R&D design tools in use, 2020", "digitalization",
           "level", ("2020Q4",), 0.73, 0.02, "MIIT; SCIO press conference 2020 (≈73%)"),
    Target("rd_tools_growth_2018_2019", "growth of digital R&D tools, mid-2018 to mid-2019",
           "digitalization", "growth", ("2018Q2", "2019Q2"), _growth(0.674, 0.693, 1.0), 0.01,
           "same series"),
    Target("rd_tools_growth_2019_2020", "growth of digital R&D tools, mid-2019 to end 2020",
           "digitalization", "growth", ("2019Q2", "2020Q4"), _growth(0.693, 0.73, 1.5), 0.01,
           "same series"),
    Target("platform_2020Q4", "industrial-internet platform application rate, 2020",
           "platformization", "level", ("2020Q4",), 0.1467, 0.02,
           "NIISDC platform data map 2020"),
)

# Figures of the training period that are NOT fitted, and why (the report lists them).
NOT_FITTED: tuple[tuple[str, str], ...] = (
    ("key processes numerically controlled 47.8 / 49.5 / 52.1 % (2018–2020)",
     "a share of processes, not of firms; digitalization's observable is digital R&D tools "
     "(docs/ODD.md §4.11); its growth (+2.2 points a year) is shown beside the fit"),
    ("networked collaboration, service-oriented manufacturing, personalised customisation "
     "(2017 only)", "used as the 2017 start levels, so they carry no dynamics to fit"),
    ("shared production-capacity transactions 9,205 / 10,848 亿元 (2019–2020)",
     "money, not a share of firms: no counterpart in the model"),
    ("national 两化融合 development level 54.5 (2019)", "a composite index on another "
     "scale; the model's integration index D is not the MIIT index"),
    ("Zhejiang 两化融合 index 86.55 (2019, +4.30)", "not on the MIIT scale; enters only "
     "the premium's derivation (relative position)"),
    ("service firms", "no published series: start levels and dynamics keep documented "
     "priors (world.baseline_adoption.services, each ±50 %)"),
)


def logit(x: float) -> float:
    x = min(max(x, 1e-9), 1 - 1e-9)
    return math.log(x / (1 - x))


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def to_zhejiang(national: float, delta: float) -> float:
    return logistic(logit(national) + delta)


def to_national(zhejiang: float, delta: float) -> float:
    return logistic(logit(zhejiang) - delta)


def observed() -> dict[str, float]:
    """The national observations the distance compares with (fixed data)."""
    return {t.key: t.national for t in TARGETS}


def scales() -> dict[str, float]:
    return {t.key: t.scale for t in TARGETS}
