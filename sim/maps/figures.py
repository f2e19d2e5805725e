"""Choropleths of Zhejiang: pure functions from tidy tables to matplotlib Figures.

* :func:`county_map` -- the run's ``county`` table (one row per seed × quarter × county);
* :func:`city_map` -- the ``city`` table, or city rows of the ``adoption`` table
  (:func:`city_adoption`);
* :func:`difference_map` -- paired difference of two scenarios run on the same seeds.

Each map reduces over seeds (median by default) at one quarter (the last by default),
and carries a legend in units, the data quarter, the source of the boundaries, a
"simulated" mark and the note that it is not a 审图号-approved standard map. Save with
:func:`sim.charts.style.save_figure` (SVG, PDF, 300-dpi PNG).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from scipy import stats

from sim.charts.style import house_style
from sim.labels import check_lang, map_label, map_value_label
from sim.maps.boundaries import Boundaries, Unit, boundaries
from sim.maps.crosswalk import MapDataError, counties_2020, to_boundary_units

LAT0 = 29.2  # mid-latitude of Zhejiang: x = lon · cos(LAT0) keeps shapes true
SEQUENTIAL = "YlGnBu"  # lightness rises monotonically: reads in grayscale too
COUNTS = "PuRd"
DIVERGING = "RdBu"
NO_DATA = "#e6e6e6"
COUNT_VALUES = ("pilot_regions", "pilot_enterprises")
PERCENT_VALUES = tuple(f"adoption_{p}" for p in ("digitalization", "flexibilization",
                                                  "integration", "sharing",
                                                  "platformization", "any"))


def _path(unit: Unit) -> MplPath:
    k = math.cos(math.radians(LAT0))
    verts, codes = [], []
    for polygon in unit.polygons:
        for ring in polygon:
            ring = np.asarray(ring, float)
            if len(ring) < 3:
                continue
            pts = np.column_stack([ring[:, 0] * k, ring[:, 1]])
            verts.append(pts)
            c = np.full(len(pts), MplPath.LINETO, np.uint8)
            c[0] = MplPath.MOVETO
            codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _anchor(unit: Unit) -> tuple[float, float]:
    """A label point: the vertex mean of the unit's largest ring."""
    k = math.cos(math.radians(LAT0))
    ring = max((np.asarray(p[0], float) for p in unit.polygons), key=len)
    return float(ring[:, 0].mean() * k), float(ring[:, 1].mean())


def _city_code(city_key: str) -> str:
    base = counties_2020()
    codes = base.loc[base["city"] == city_key, "code"]
    if codes.empty:
        raise MapDataError(f"city '{city_key}' is not one of the 11 cities")
    return codes.iloc[0][:4] + "00"


def _pick_quarter(frame: pd.DataFrame, quarter: str | None) -> tuple[pd.DataFrame, str]:
    if "quarter" not in frame.columns:
        return frame, ""
    if quarter is None:
        last = frame["t"].max() if "t" in frame.columns else None
        quarter = (str(frame.loc[frame["t"] == last, "quarter"].iloc[0]) if last is not None
                   else sorted(frame["quarter"].astype(str))[-1])
    rows = frame[frame["quarter"].astype(str) == str(quarter)]
    if rows.empty:
        raise MapDataError(f"the table has no rows for quarter {quarter}")
    return rows, str(quarter)


def reduce_seeds(frame: pd.DataFrame, key: str, value: str, quarter: str | None = None,
                 statistic: str = "median") -> tuple[pd.DataFrame, str, int]:
    """One row per ``key`` at ``quarter``: the statistic over seeds of ``value`` (and the
    mean of ``firms`` where present); returns (rows, quarter, number of seeds)."""
    if statistic not in ("median", "mean"):
        raise ValueError(f"statistic must be 'median' or 'mean', got {statistic!r}")
    if value not in frame.columns:
        raise MapDataError(f"the table has no column '{value}'")
    rows, quarter = _pick_quarter(frame, quarter)
    n = int(rows["seed"].nunique()) if "seed" in rows.columns else 1
    data = rows.assign(**{value: rows[value].astype(float)})
    agg = {value: statistic}
    if "firms" in data.columns:
        agg["firms"] = "mean"
    return data.groupby(key, as_index=False).agg(agg), quarter, n


def _texts(level: str, what: str, title: str | None, quarter: str, n: int, statistic: str,
           lang: str) -> tuple[str, str]:
    """(title, footer note) of a county or city map."""
    where = map_label(f"{level}_level", lang)
    note = map_label("data_note", lang).format(quarter=quarter, n=n,
                                               stat=map_label(statistic, lang))
    return title or (f"{what}（{where}）" if lang == "zh" else f"{what}, {where}"), note


def _draw(units: dict[str, Unit], values: pd.Series, title: str, note: str,
          lang: str, bnd: Boundaries, *, legend: str, cmap: str, norm, hatched: set[str] = frozenset(),
          percent: bool = False, labels: dict[str, str] | None = None,
          outline_cities: bool = False) -> Figure:
    fig = Figure(figsize=(7.4, 7.8), layout="constrained")
    ax = fig.add_subplot()
    colours = colormaps[cmap]
    patches, faces, hatch_patches = [], [], []
    for code, unit in sorted(units.items()):
        v = values.get(code, np.nan)
        patches.append(PathPatch(_path(unit)))
        faces.append(NO_DATA if pd.isna(v) else colours(norm(v)))
        if code in hatched:
            hatch_patches.append(PathPatch(_path(unit), facecolor="none", edgecolor="0.25",
                                           hatch="////", linewidth=0))
    ax.add_collection(PatchCollection(patches, facecolors=faces, edgecolors="white",
                                      linewidths=0.4, match_original=False))
    for p in hatch_patches:
        ax.add_patch(p)
    if outline_cities:
        ax.add_collection(PatchCollection([PathPatch(_path(u)) for u in bnd.cities.values()],
                                          facecolors="none", edgecolors="0.2",
                                          linewidths=0.9))
    ax.add_collection(PatchCollection([PathPatch(_path(bnd.province))], facecolors="none",
                                      edgecolors="0.1", linewidths=0.6))
    for code, text in (labels or {}).items():
        if code in units:
            x, y = _anchor(units[code])
            ax.text(x, y, text, ha="center", va="center", fontsize=8, color="0.1",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.6})
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=13)
    sm = colormaps[cmap]
    from matplotlib.cm import ScalarMappable

    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=sm), ax=ax, shrink=0.6, pad=0.02)
    bar.set_label(legend)
    if percent:
        bar.ax.yaxis.set_major_formatter(lambda x, _pos: f"{100 * x:.0f}")
    handles = [Patch(facecolor=NO_DATA, edgecolor="0.6", label=map_label("no_data", lang))]
    if hatched:
        handles.append(Patch(facecolor="white", edgecolor="0.25", hatch="////",
                             label=map_label("not_significant", lang)))
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=8)
    # The "simulated" mark: a boxed stamp in the upper left.
    ax.text(0.02, 0.98, map_label("simulated", lang), transform=ax.transAxes, ha="left",
            va="top", fontsize=11, color="#a33a2a",
            bbox={"boxstyle": "square,pad=0.3", "fc": "white", "ec": "#a33a2a"})
    source = bnd.source_zh if lang == "zh" else bnd.source_en
    fig.text(0.01, 0.005, f"{note}\n{source}", ha="left", va="bottom", fontsize=7,
             color="0.3")
    fig.get_layout_engine().set(h_pad=0.3)
    return fig


def _sequential(value: str, series: pd.Series):
    hi = float(np.nanmax(series.to_numpy())) if series.notna().any() else 1.0
    if value in PERCENT_VALUES or value in ("integration_index", "pilot_region"):
        return SEQUENTIAL, Normalize(0.0, max(hi, 1e-9) if value in PERCENT_VALUES else 1.0)
    return COUNTS, Normalize(0.0, max(hi, 1.0))


def county_map(county: pd.DataFrame, value: str = "adoption_any", lang: str = "zh",
               quarter: str | None = None, statistic: str = "median",
               title: str | None = None) -> Figure:
    """Choropleth of the 90 county-level units (drawn on the 2021 divisions through the
    crosswalk) of one column of the ``county`` table."""
    check_lang(lang)
    bnd = boundaries()
    if value == "pilot_region":
        statistic = "mean"  # share of seeds in which the county is a pilot
    rows, quarter, n = reduce_seeds(county, "county_code" if "county_code" in county
                                    else "county_zh", value, quarter, statistic)
    kind = "count" if value in COUNT_VALUES else "share"
    values = to_boundary_units(rows, value, kind)
    what, legend = map_value_label(value, lang)
    cmap, norm = _sequential(value, values)
    with house_style(lang):
        return _draw(bnd.counties, values,
                     *_texts("county", what, title, quarter, n, statistic, lang), lang, bnd,
                     legend=legend, cmap=cmap, norm=norm, percent=value in PERCENT_VALUES,
                     outline_cities=True)


def city_adoption(adoption: pd.DataFrame, path: str = "any") -> pd.DataFrame:
    """The city rows of the ``adoption`` table for one path, as a city-level table with
    the column ``adoption_<path>`` (one row per seed × quarter × city)."""
    rows = adoption[(adoption["breakdown"] == "city") & (adoption["path"] == path)]
    if rows.empty:
        raise MapDataError(f"the adoption table has no city rows for path '{path}'")
    return rows.rename(columns={"group": "city", "share": f"adoption_{path}"})


def city_map(city: pd.DataFrame, value: str = "integration_index", lang: str = "zh",
             quarter: str | None = None, statistic: str = "median",
             title: str | None = None) -> Figure:
    """Choropleth of the 11 cities: a column of the ``city`` table, or
    ``adoption_<path>`` from :func:`city_adoption`."""
    check_lang(lang)
    bnd = boundaries()
    rows, quarter, n = reduce_seeds(city, "city", value, quarter, statistic)
    values = pd.Series(rows[value].to_numpy(), index=[_city_code(c) for c in rows["city"]])
    what, legend = map_value_label(value, lang)
    cmap, norm = _sequential(value, values)
    fmt = ((lambda v: f"{100 * v:.0f}%") if value in PERCENT_VALUES
           else (lambda v: f"{v:.2f}") if value == "integration_index"
           else (lambda v: f"{v:g}"))
    names = {code: f"{bnd.cities[code].name_zh.removesuffix('市') if lang == 'zh' else key.title()}"
                   f"\n{fmt(v)}" for code, key, v in zip(values.index, rows["city"], values,
                                                         strict=True) if code in bnd.cities}
    with house_style(lang):
        return _draw(bnd.cities, values,
                     *_texts("city", what, title, quarter, n, statistic, lang), lang, bnd,
                     legend=legend, cmap=cmap, norm=norm, percent=value in PERCENT_VALUES,
                     labels=names)


def paired_difference(a: pd.DataFrame, b: pd.DataFrame, key: str, value: str,
                      quarter: str | None = None) -> tuple[pd.DataFrame, str, int]:
    """Per ``key``: mean over common seeds of b − a, and its 95% t interval."""
    ra, quarter = _pick_quarter(a, quarter)
    rb, _ = _pick_quarter(b, quarter)
    cols = ["seed", key, value] + (["firms"] if "firms" in ra.columns else [])
    m = ra[cols].merge(rb[["seed", key, value]], on=["seed", key], suffixes=("_a", "_b"))
    if m.empty:
        raise MapDataError("the two scenarios share no seed: a paired difference needs "
                           "runs on the same seeds")
    m["d"] = m[f"{value}_b"].astype(float) - m[f"{value}_a"].astype(float)
    g = m.groupby(key)
    out = g["d"].agg(["mean", "std", "count"]).reset_index()
    half = stats.t.ppf(0.975, np.maximum(out["count"] - 1, 1)) * out["std"].fillna(0) / np.sqrt(
        out["count"])
    out["lo"], out["hi"] = out["mean"] - half, out["mean"] + half
    if "firms" in m.columns:
        out = out.merge(g["firms"].mean().reset_index(), on=key)
    return out.rename(columns={"mean": value}), quarter, int(m["seed"].nunique())


def difference_map(a: pd.DataFrame, b: pd.DataFrame, value: str = "adoption_any",
                   lang: str = "zh", names: tuple[str, str] = ("A", "B"),
                   level: str = "county", quarter: str | None = None) -> Figure:
    """Map of the paired difference b − a (same seeds) of one column, by county (``county``
    tables) or by city (``city`` tables or :func:`city_adoption` rows); units whose 95%
    interval includes 0 are hatched."""
    check_lang(lang)
    if level not in ("county", "city"):
        raise ValueError(f"level must be 'county' or 'city', got {level!r}")
    bnd = boundaries()
    key = "city" if level == "city" else ("county_code" if "county_code" in a else "county_zh")
    diff, quarter, n = paired_difference(a, b, key, value, quarter)
    if level == "city":
        codes = [_city_code(c) for c in diff[key]]
        values = pd.Series(diff[value].to_numpy(), index=codes)
        insignificant = {c for c, lo, hi in zip(codes, diff["lo"], diff["hi"], strict=True)
                         if lo <= 0 <= hi}
        units = bnd.cities
    else:
        kind = "count" if value in COUNT_VALUES else "share"
        values = to_boundary_units(diff, value, kind)
        lo = to_boundary_units(diff.assign(x=diff["lo"]), "x", kind)
        hi = to_boundary_units(diff.assign(x=diff["hi"]), "x", kind)
        insignificant = {c for c in values.index if lo[c] <= 0 <= hi[c]}
        units = bnd.counties
    what, unit_legend = map_value_label(value, lang)
    span = float(np.nanmax(np.abs(values.to_numpy()))) if values.notna().any() else 0.0
    span = span or 1e-6
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-span, vmax=span)
    title = map_label("difference", lang).format(a=names[0], b=names[1], what=what)
    if value in PERCENT_VALUES:  # a difference of shares is in percentage points
        unit = "百分点" if lang == "zh" else "percentage points"
    else:
        unit = (unit_legend.split("（")[-1].rstrip("）") if lang == "zh"
                else unit_legend.split("(")[-1].rstrip(")"))
    legend = map_label("diff_legend", lang).format(unit=unit)
    note = map_label("diff_note", lang).format(quarter=quarter, n=n)
    with house_style(lang):
        return _draw(units, values, title, note, lang, bnd, legend=legend, cmap=DIVERGING,
                     norm=norm,
                     hatched=insignificant, percent=value in PERCENT_VALUES,
                     outline_cities=level == "county")


def sweep_maps(county: pd.DataFrame, reference: str, lang: str = "zh",
               value: str = "adoption_any", labels: dict[str, str] | None = None,
               quarter: str | None = None) -> dict[str, Figure]:
    """The maps of a sweep report: the reference scenario's county map, and for every
    other scenario its paired difference from the reference (same seeds).

    ``county``: the county tables of the sweep's jobs stacked, with a ``scenario`` column
    (the report's scenario key); ``labels``: scenario -> display name in ``lang``.
    Returns file stem -> Figure (save each with :func:`sim.charts.style.save_figure`)."""
    if "scenario" not in county.columns:
        raise MapDataError("the stacked county table needs a 'scenario' column")
    names = labels or {}
    by = {s: rows.drop(columns="scenario") for s, rows in county.groupby("scenario", sort=False)}
    if reference not in by:
        raise MapDataError(f"reference scenario '{reference}' has no county table")
    out = {f"map_{value}_{reference}": county_map(by[reference], value, lang, quarter)}
    for scenario, rows in by.items():
        if scenario == reference:
            continue
        out[f"map_diff_{value}_{scenario}"] = difference_map(
            by[reference], rows, value, lang,
            names=(names.get(reference, reference), names.get(scenario, scenario)),
            quarter=quarter)
    return out
