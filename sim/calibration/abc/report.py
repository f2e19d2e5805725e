"""The calibration report: figures (DataFrame -> Figure) and the Markdown text."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.calibration.abc import simulate as sm
from sim.calibration.abc import targets as tg
from sim.calibration.abc.ensemble import national_series
from sim.model.vocabulary import PATH_INDICATORS, PATHS, quarter_index

LABELS = {  # parameter -> (zh, en)
    "innovation_p": ("创新系数 p（每年）", "innovation p (per year)"),
    "imitation_q": ("模仿系数 q（每年）", "imitation q (per year)"),
    "threshold_mean": ("门槛均值", "threshold mean"),
    "threshold_sd": ("门槛离散度", "threshold spread"),
    "premium": ("浙江溢价（对数几率）", "Zhejiang premium (log-odds)"),
    "platform_2017": ("2017年平台应用普及率（全国）", "platform application 2017 (national)"),
}
TEXT = {
    "observed": ("观测值（全国）", "observed (national)"),
    "median": ("模拟中位数", "simulated median"),
    "band": ("模拟5–95%区间", "simulated 5–95%"),
    "share": ("企业占比（全国口径）", "share of firms (national scale)"),
    "generation": ("代数", "generation"),
    "epsilon": ("容差 ε", "tolerance ε"),
    "acceptance": ("接受率", "acceptance rate"),
    "prior": ("先验范围", "prior range"),
}


def _t(key: str, lang: str) -> str:
    return TEXT[key][0 if lang == "zh" else 1]


def _p(key: str, lang: str) -> str:
    return LABELS[key][0 if lang == "zh" else 1]


def fit_figure(series: pd.DataFrame, lang: str = "zh") -> Figure:
    """Observed against simulated, on the national scale: one panel per path indicator,
    median and 5–95 % band over the ensemble, the observed training figures as points."""
    nat = national_series(series)
    fig = Figure(figsize=(12, 6.5), layout="constrained")
    axes = fig.subplots(2, 3).ravel()
    observed = {p: [] for p in PATHS}
    for t in tg.TARGETS:
        if t.kind == "level":
            observed[t.path].append((t.quarters[0], t.national))
    for p, v in tg.START_LEVELS.items():
        observed[p].append(("2017Q4", v))
    for ax, path in zip(axes, PATHS, strict=False):
        col = sm.indicator_column(path)
        q = nat.groupby("quarter")[col].quantile([0.05, 0.5, 0.95]).unstack()
        x = [quarter_index(s) for s in q.index]
        ax.fill_between(x, q[0.05], q[0.95], facecolor="#c6d3ea", edgecolor="#7d8fb3",
                        hatch="////", linewidth=0.0, label=_t("band", lang))
        ax.plot(x, q[0.5], color="#1f3b73", linewidth=2.0, label=_t("median", lang))
        if observed[path]:
            ox = [quarter_index(s) for s, _ in observed[path]]
            ax.plot(ox, [v for _, v in observed[path]], "o", color="#a33a2a",
                    label=_t("observed", lang))
        name = PATH_INDICATORS[path][1] if lang == "zh" else PATH_INDICATORS[path][2]
        ax.set_title(name, fontsize=10)
        ticks = [quarter_index(f"{y}Q4") for y in (2017, 2018, 2019, 2020)]
        ax.set_xticks(ticks, [f"{y}Q4" for y in (2017, 2018, 2019, 2020)])
        ax.set_ylabel(_t("share", lang))
    axes[-1].axis("off")
    handles, names = axes[0].get_legend_handles_labels()
    axes[-1].legend(handles, names, loc="center", frameon=False)
    return fig


def marginals_figure(ensemble: pd.DataFrame, priors: dict[str, tuple[float, float]],
                     lang: str = "zh") -> Figure:
    """Posterior marginal of each calibrated parameter over its (uniform) prior range."""
    keys = list(priors)
    fig = Figure(figsize=(12, 6.5), layout="constrained")
    axes = fig.subplots(2, (len(keys) + 1) // 2).ravel()
    for ax, key in zip(axes, keys, strict=False):
        lo, hi = priors[key]
        ax.hist(ensemble[key], bins=15, range=(lo, hi), color="#7d8fb3", edgecolor="#1f3b73",
                density=True)
        ax.axhline(1.0 / (hi - lo), color="#a33a2a", linestyle="--", linewidth=1.2,
                   label=_t("prior", lang))
        ax.set_xlim(lo, hi)
        ax.set_title(_p(key, lang), fontsize=10)
    axes[0].legend(frameon=False)
    for ax in axes[len(keys):]:
        ax.axis("off")
    return fig


def pairs_figure(ensemble: pd.DataFrame, priors: dict[str, tuple[float, float]],
                 lang: str = "zh") -> Figure:
    """Pair plot of the posterior ensemble: ridges show what the data trade off."""
    keys = list(priors)
    n = len(keys)
    fig = Figure(figsize=(2.0 * n, 2.0 * n), layout="constrained")
    axes = fig.subplots(n, n, squeeze=False)
    for i, ky in enumerate(keys):
        for j, kx in enumerate(keys):
            ax = axes[i, j]
            if i == j:
                ax.hist(ensemble[kx], bins=12, range=priors[kx], color="#7d8fb3")
            elif i > j:
                ax.plot(ensemble[kx], ensemble[ky], ".", markersize=3, color="#1f3b73")
                ax.set_xlim(*priors[kx])
                ax.set_ylim(*priors[ky])
            else:
                ax.axis("off")
                continue
            if i == n - 1:
                ax.set_xlabel(_p(kx, lang), fontsize=8)
            else:
                ax.set_xticklabels([])
            if j == 0 and i > 0:
                ax.set_ylabel(_p(ky, lang), fontsize=8)
            ax.tick_params(labelsize=7)
    return fig


def acceptance_figure(generations: pd.DataFrame, lang: str = "zh") -> Figure:
    fig = Figure(figsize=(9, 3.5), layout="constrained")
    a, b = fig.subplots(1, 2)
    a.plot(generations["generation"], generations["epsilon"], "o-", color="#1f3b73")
    a.set_xlabel(_t("generation", lang))
    a.set_ylabel(_t("epsilon", lang))
    b.plot(generations["generation"], generations["acceptance_rate"], "s--", color="#a33a2a")
    b.set_xlabel(_t("generation", lang))
    b.set_ylabel(_t("acceptance", lang))
    b.set_ylim(0, 1)
    return fig


def posterior_table(ensemble: pd.DataFrame, priors: dict[str, tuple[float, float]]
                    ) -> pd.DataFrame:
    rows = []
    for key, (lo, hi) in priors.items():
        v = ensemble[key].to_numpy()
        p05, p50, p95 = np.quantile(v, [0.05, 0.5, 0.95])
        rows.append({"parameter": key, "prior_lo": lo, "prior_hi": hi, "p05": p05,
                     "median": p50, "p95": p95,
                     "width_vs_prior": (p95 - p05) / (0.9 * (hi - lo))})
    return pd.DataFrame(rows)


def _md_table(frame: pd.DataFrame, digits: int = 3) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for i in range(len(frame)):
        cells = []
        for c in cols:
            v = frame[c].iloc[i]  # by column, so integer columns stay integers
            cells.append(f"{v:.{digits}f}" if isinstance(v, float | np.floating)
                         else html.escape(str(v)).replace("|", "\\|"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown(info: dict, generations: pd.DataFrame, posterior: pd.DataFrame,
             predictive: pd.DataFrame, bias: pd.DataFrame | None) -> str:
    lines = [
        "# Calibration (ABC-SMC) against the 2017–2020 series", "",
        *(f"- {html.escape(k)}: {html.escape(str(v))}" for k, v in info.items()), "",
        "Training data: national MIIT series 2017–2020 (zhejiang-facts.md); nothing from "
        "2021 or later is used. Simulated values are shifted back to the national scale by "
        "each set's Zhejiang premium before they are compared.", "",
        "## Acceptance by generation", "", _md_table(generations), "",
        "## Posterior (ensemble) against the prior", "",
        "width_vs_prior = (95th − 5th percentile) / (0.9 × prior width): 1 = not narrowed.",
        "", _md_table(posterior), "",
        "## Observed against simulated (5–95 % over the ensemble)", "",
        _md_table(predictive), "",
    ]
    if bias is not None:
        lines += ["## Scale bias: calibration scale against (near) full scale", "",
                  "Same parameter set (posterior median) and seeds; difference in units "
                  "of the target's tolerance.", "", _md_table(bias), ""]
    lines += ["## Not fitted", ""]
    lines += [f"- {html.escape(a)}: {html.escape(b)}" for a, b in tg.NOT_FITTED]
    lines += ["", "Figures: fit.*, marginals.*, pairs.*, acceptance.* (SVG, PDF, PNG)."]
    return "\n".join(lines) + "\n"
