"""Per-quarter aggregates of one model run, turned into tidy tables at the end.

Only aggregates are kept (never per-firm snapshots), so a full-scale run stays small.
Counts of firms are real firms (agents × firms_per_agent); money is in 亿元.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model.metrics import (
    INDICATORS_U1,
    INDICATORS_U2,
    PATTERN_PATHS,
    SubsystemSums,
    adoption_pattern,
    coupling_coordination,
    keyed_pattern_counts,
    pattern_totals,
    ratio,
)
from sim.model.vocabulary import FIELDS, KINDS, PATH_INDICATORS, PATHS, SIZES, quarter_label

# The five paths, then "any": firms on at least one path (the headline adoption share).
ADOPTION_PATHS = (*PATHS, "any")
# Region groups the draft singles out; they overlap (a zone in a mountain county is in both),
# so they are recorded apart from the kind × field × size × city cells.
REGION_GROUPS = ("mountain_26", "qianyi_county", "zone")
# Adoption pattern -> the columns of ADOPTION_PATHS it counts in (the paths, then "any").
PATTERN_COLUMNS = np.column_stack([PATTERN_PATHS, PATTERN_PATHS.any(axis=1)]).astype(float)
N_PATTERNS = len(PATTERN_PATHS)
# Column names of the per-quarter rows, spelled once rather than every quarter.
REVIEW_COLUMNS = tuple(f"{key}_{what}" for what in ("enterprises", "regions")
                       for key in ("candidate", "applied"))
ADOPTION_COLUMNS = tuple(f"adoption_{path}" for path in ADOPTION_PATHS)
# Like for like with the published indicators: shares of each kind's firms.
KIND_SHARE_COLUMNS = (tuple("indicator_" + PATH_INDICATORS[path][0] for path in PATHS),
                      tuple("services_" + path for path in PATHS))
GROUP_INDEX_COLUMNS = tuple((f"integration_index_{g}", f"coupling_C_{g}", f"development_T_{g}")
                            for g in REGION_GROUPS)
# The index of a group, in the order of the city table's columns.
INDEX_COLUMNS = ("integration_index", "U1", "U2", "coupling_C", "development_T")


class Recorder:
    def __init__(self, model) -> None:
        # Per quarter, what every table is derived from (``record``, ``_derived``).
        self._group_sums: list[np.ndarray] = []  # (m_sum, m_w, s_sum, s_w) × index groups
        self._indicator_sums: list[np.ndarray] = []  # (U1, U2) × (indicators…, revenue)
        self._cell_patterns: list[np.ndarray] = []  # firms by cell × adoption pattern
        self._unit_patterns: list[np.ndarray] = []  # firms by (county, in a zone) × pattern
        self._pilot_firms: list[np.ndarray] = []  # indices of the pilot enterprises
        self._pilot_regions: list[np.ndarray] = []  # bool per region
        self._accounts: list[tuple] = []  # the province's counts and money
        self.quarters: list[tuple[int, str]] = []
        self._cache: dict | None = None
        f, r = model.firms, model.regions
        n_c, n_k = len(model.cities), model.n_counties
        self.n_cities, self.n_counties = n_c, n_k
        # Every firm falls in one cell of kind × field × size × city (726 cells); each
        # breakdown is a sum over cells, so a quarter costs one bincount over the firms.
        dims = (len(KINDS), len(FIELDS), len(SIZES), n_c)
        cell = np.ravel_multi_index((f.kind.astype(np.int64), f.field, f.size, f.city), dims)
        self.cell_key = cell * N_PATTERNS
        self.n_cells = int(np.prod(dims))
        self.cell_firms = np.bincount(cell, minlength=self.n_cells) * f.weight
        kind_c, field_c, size_c, city_c = np.unravel_index(np.arange(self.n_cells), dims)
        self.breakdowns = {
            "all": (np.zeros(self.n_cells, np.int64), ["all"]),
            "kind": (kind_c, list(KINDS)),
            "field": (field_c, list(FIELDS)),
            "size": (size_c, list(SIZES)),
            "city": (city_c, list(model.cities)),
        }
        self.kind_firms = np.bincount(f.kind, minlength=len(KINDS))
        in_zone = f.zone >= 0
        region_groups = np.stack([r.mountain[f.county], r.big_county[f.county], in_zone])
        self.group_firms = region_groups.sum(axis=1) * f.weight
        # A firm's county and whether it is in a zone decide its region groups, so one
        # integer bincount of (county, in a zone) × adoption pattern counts the adopters
        # of both the counties and the groups (whole numbers: exact in any order).
        self.unit_key = (f.county * 2 + in_zone) * N_PATTERNS
        unit_county = np.arange(2 * n_k) // 2
        self.unit_in_group = np.stack([r.mountain[unit_county], r.big_county[unit_county],
                                       np.arange(2 * n_k) % 2 == 1]).astype(float)
        # The index's sums by city, by county and by region group (each its own pool: the
        # groups overlap), fixed for the run; row layout of the index's groups.
        self.weights = model.index_weights
        self.sums = SubsystemSums(f.kind, [(f.city, n_c), (f.county, n_k),
                                           *((np.where(g, 0, -1), 1) for g in region_groups)],
                                  self.weights)
        self.at_groups = n_c + n_k + np.arange(len(REGION_GROUPS))
        # The common baseline of the integration target: D of the world as built, before
        # any quarter (and so any lever) is simulated; the same for every policy package
        # on a seed (docs/ODD.md, "Common baseline").
        m_sum, m_w, s_sum, s_w = self.sums.totals(self.sums.parts(f, model.connected))
        self.base_index = float(coupling_coordination(ratio(m_sum, m_w), ratio(s_sum, s_w))[2][0])
        self.weight_columns = {
            **{f"weight_U1_{k}": float(w) for k, w in zip(INDICATORS_U1, self.weights[0],
                                                          strict=True)},
            **{f"weight_U2_{k}": float(w) for k, w in zip(INDICATORS_U2, self.weights[1],
                                                          strict=True)},
        }
        # Regions of each kind the pilot counts are taken over (fixed for the run).
        self.county_regions = ~r.is_zone
        self.zone_regions = r.is_zone.copy()
        self.mountain_counties = r.mountain & ~r.is_zone
        self.qianyi_counties = r.big_county & ~r.is_zone
        # Counties (regions 0..n_counties-1), for maps. A zone's pilots count in its host county.
        self.county_keys = {
            "county_code": np.array([str(x) for x in r.code[:n_k]], object),
            "county_zh": np.array(r.name[:n_k], object),
            "city": np.array([model.cities[c] for c in r.city[:n_k]], object),
        }
        self.county_agents = np.bincount(f.county, minlength=n_k)
        self.county_firms = (self.county_agents * f.weight).astype(np.int64)
        # What the rows need of the firms and regions (fixed: nobody moves).
        self.n_firms, self.firm_weight = f.n, f.weight
        self.firm_kind, self.firm_city, self.firm_county = f.kind, f.city, f.county
        self.region_city, self.region_county = r.city, r.county
        self.city_names = np.array(model.cities, object)
        self.city_names_zh = np.array(model.cities_zh, object)

    def record(self, model) -> None:
        """Keep what this quarter's firms and province say (sums, counts, pilots and the
        province's accounts); everything derived from them (shares, the index, the rows)
        is worked out for all quarters at once when first asked (``_derived``)."""
        f, r, prov = model.firms, model.regions, model.province
        q = model.quarter
        parts = self.sums.parts(f, model.connected)
        self._group_sums.append(self.sums.by_group(parts))
        self._indicator_sums.append(self.sums.province_indicator_sums(parts))
        # Firms by cell × adoption pattern (one bincount over the firms), whole numbers.
        pattern = adoption_pattern(f.adopted)
        self._cell_patterns.append(keyed_pattern_counts(self.cell_key, self.n_cells, pattern))
        self._unit_patterns.append(keyed_pattern_counts(self.unit_key, 2 * self.n_counties,
                                                        pattern))
        self._pilot_firms.append(np.flatnonzero(f.pilot))
        self._pilot_regions.append(r.pilot.copy())
        self._accounts.append((
            prov.designated_regions, prov.designated_enterprises, dict(model.last_review),
            float(model.spend_this_quarter_yi), prov.spent_subsidy_yi, prov.spent_awards_yi,
            prov.additional_subsidy_yi, prov.land_used_mu, prov.forgone_tax_yi,
            prov.economic_cost_yi(), prov.fund_remaining_yi, float(model.subsidy_rate),
            np.count_nonzero(model.connected), float(r.platforms.sum(axis=1).mean())))
        self.quarters.append((q - model.first_quarter, quarter_label(q)))
        self._cache = None

    @property
    def province(self) -> list[dict]:
        """One row per quarter recorded so far (the province table's rows)."""
        return self._derived()["province"] if self.quarters else []

    def _derived(self) -> dict:
        """Shares, the index and the province rows of every quarter recorded so far, from
        the kept sums and counts. Each value gets the very operations it got when it was
        worked out quarter by quarter (elementwise, or sums of whole numbers, which are
        exact in any order), so the same bits; done once for all quarters, the small
        arrays' fixed costs are paid once a run instead of every quarter. Needs at least
        one quarter recorded."""
        if self._cache is not None:
            return self._cache
        n_c, n_k, n_q = self.n_cities, self.n_counties, len(self.quarters)
        # The index of every group at once, the province (the cities' sums pooled) last.
        sums = np.stack(self._group_sums)  # (quarters, 4 sums, groups)
        sums = np.concatenate([sums, sums[:, :, :n_c].sum(axis=2)[:, :, None]], axis=2)
        u1, u2 = ratio(sums[:, 0], sums[:, 1]), ratio(sums[:, 2], sums[:, 3])
        c, tt, d = coupling_coordination(u1, u2)
        index = np.stack([d, u1, u2, c, tt], axis=1)  # (quarters, INDEX_COLUMNS, groups)
        # Revenue-weighted means of the linkage indicators: (quarters, subsystem, indicator).
        ind = np.stack(self._indicator_sums)
        means = ratio(ind[:, :, :-1], ind[:, :, -1:])
        # Adopters per cell × (paths, any); integer counts, so every share below has the
        # bits of a float count.
        cells = pattern_totals(np.stack(self._cell_patterns), PATTERN_COLUMNS)
        on_unit = pattern_totals(np.stack(self._unit_patterns), PATTERN_COLUMNS)
        weight = self.firm_weight
        city_pilots, county_pilots = [], []
        for fp, rp in zip(self._pilot_firms, self._pilot_regions, strict=True):
            city_pilots.append(np.stack([np.bincount(self.region_city[rp], minlength=n_c),
                                         np.bincount(self.firm_city[fp], minlength=n_c) * weight]))
            county_pilots.append(np.stack([
                rp[:n_k], np.bincount(self.region_county[rp], minlength=n_k)[:n_k],
                np.bincount(self.firm_county[fp], minlength=n_k) * weight]))
        out = {
            "index": index,
            "adoption": cells * weight,
            "group_adoption": (self.unit_in_group @ on_unit).astype(np.int64) * weight,
            "county_adopters": on_unit.reshape(n_q, n_k, 2, -1).sum(axis=2),
            "city_pilots": np.stack(city_pilots),  # (quarters, (regions, enterprises), cities)
            # (quarters, (pilot region?, regions, enterprises), counties)
            "county_pilots": np.stack(county_pilots),
        }
        total = cells.sum(axis=1)  # (quarters, paths + any)
        by_kind = cells.reshape(n_q, len(KINDS), -1, cells.shape[2]).sum(axis=2)
        out["province"] = [self._row(i, index[i], means[i], total[i], by_kind[i])
                           for i in range(n_q)]
        self._cache = out
        return out

    def _row(self, i: int, index: np.ndarray, means: np.ndarray, total: np.ndarray,
             by_kind: np.ndarray) -> dict:
        """Quarter i's row of the province table."""
        t, label = self.quarters[i]
        pilots, region_pilot = self._pilot_firms[i], self._pilot_regions[i]
        (designated_regions, designated_enterprises, review, spend, subsidy, awards,
         additional, land, forgone, economic, fund_left, rate, connected,
         platforms) = self._accounts[i]
        pilot_kind = self.firm_kind[pilots]
        weight = self.firm_weight
        d, u1, u2, c, tt = index
        row = {
            "t": t, "quarter": label,
            "pilot_regions": int(np.count_nonzero(region_pilot)),
            "pilot_regions_counties": int(np.count_nonzero(region_pilot & self.county_regions)),
            "pilot_regions_zones": int(np.count_nonzero(region_pilot & self.zone_regions)),
            "pilot_enterprises": len(pilots) * weight,
            # By direction: manufacturers serving (mfg -> services), services making.
            "pilot_enterprises_manufacturing": int(np.count_nonzero(pilot_kind == 0)) * weight,
            "pilot_enterprises_services": int(np.count_nonzero(pilot_kind == 1)) * weight,
            "pilot_regions_mountain": int(np.count_nonzero(region_pilot
                                                           & self.mountain_counties)),
            "pilot_regions_qianyi": int(np.count_nonzero(region_pilot & self.qianyi_counties)),
            "designated_regions_cum": designated_regions,
            "designated_enterprises_cum": designated_enterprises,
            **{key: review.get(key, 0) for key in REVIEW_COLUMNS},
            "new_pilot_enterprises": review.get("new_enterprises", 0),
            "revoked_pilot_enterprises": review.get("revoked_enterprises", 0),
            "new_pilot_regions": review.get("new_regions", 0),
            "revoked_pilot_regions": review.get("revoked_regions", 0),
            "enterprise_quota_bound": bool(review.get("enterprise_quota_bound", False)),
            "region_quota_bound": bool(review.get("region_quota_bound", False)),
            "review": bool(review),
            "integration_index": float(d[-1]), "integration_index_base": self.base_index,
            "U1": float(u1[-1]), "U2": float(u2[-1]),
            "coupling_C": float(c[-1]), "development_T": float(tt[-1]),
            # The linkage indicators by direction (U1: manufacturers -> services, U2:
            # services -> manufacturing) and their fixed entropy weights.
            **{f"{direction}_{name}": float(value)
               for direction, names, values in zip(("U1", "U2"), (INDICATORS_U1, INDICATORS_U2),
                                                   means, strict=True)
               for name, value in zip(names, values, strict=True)},
            **self.weight_columns,
            "fiscal_spend_yi": spend,
            "subsidy_spent_cum_yi": subsidy,
            "awards_spent_cum_yi": awards,
            "additional_subsidy_cum_yi": additional,
            "land_used_cum_mu": land,
            "forgone_tax_cum_yi": forgone,
            "economic_cost_cum_yi": economic,
            "fund_remaining_yi": fund_left,
            "subsidy_rate": rate,
            # A count over n: the bits of the bools' float mean.
            "platform_connected_share": connected / self.n_firms,
            "region_platforms_mean": platforms,
            **dict(zip(ADOPTION_COLUMNS, (total / self.n_firms).tolist(), strict=True)),
        }
        for kind, columns in enumerate(KIND_SHARE_COLUMNS):
            n_kind = int(self.kind_firms[kind])
            shares = by_kind[kind, :len(PATHS)] / n_kind if n_kind else np.zeros(len(PATHS))
            row.update(zip(columns, shares.tolist(), strict=True))
        for columns, k in zip(GROUP_INDEX_COLUMNS, self.at_groups, strict=True):
            row.update(zip(columns, (float(d[k]), float(c[k]), float(tt[k])), strict=True))
        return row

    def _quarter_columns(self, n_rows: int) -> dict[str, np.ndarray]:
        """The t and quarter columns of a table with ``n_rows`` rows a quarter."""
        t, label = zip(*self.quarters, strict=True)
        return {"t": np.repeat(np.array(t, np.int64), n_rows),
                "quarter": np.repeat(np.array(label, object), n_rows)}

    def _city_table(self) -> pd.DataFrame:
        """One row per quarter × city: its firms' index and its pilots."""
        n_c, n_q = self.n_cities, len(self.quarters)
        derived = self._derived()
        index = derived["index"][:, :, :n_c]  # (quarters, INDEX_COLUMNS, cities)
        pilots = derived["city_pilots"].astype(np.int64)  # (quarters, 2, cities)
        return pd.DataFrame({
            **self._quarter_columns(n_c),
            "city": np.tile(self.city_names, n_q), "city_zh": np.tile(self.city_names_zh, n_q),
            **{name: index[:, i].ravel() for i, name in enumerate(INDEX_COLUMNS)},
            "pilot_regions": pilots[:, 0].ravel(), "pilot_enterprises": pilots[:, 1].ravel(),
        })

    def _county_table(self) -> pd.DataFrame:
        """One row per quarter × county-level unit: its firms' D, adoption shares and pilots."""
        n_c, n_k, n_q = self.n_cities, self.n_counties, len(self.quarters)
        derived = self._derived()
        d = derived["index"][:, 0, n_c:n_c + n_k]
        shares = ratio(derived["county_adopters"], self.county_agents[:, None])
        pilots = derived["county_pilots"].astype(np.int64)  # (quarters, 3, counties)
        return pd.DataFrame({
            **self._quarter_columns(n_k),
            **{name: np.tile(keys, n_q) for name, keys in self.county_keys.items()},
            "firms": np.tile(self.county_firms, n_q),
            "integration_index": d.ravel(),
            **{f"adoption_{path}": shares[:, :, k].ravel()
               for k, path in enumerate(ADOPTION_PATHS)},
            "pilot_region": pilots[:, 0].ravel().astype(bool),
            "pilot_regions": pilots[:, 1].ravel(), "pilot_enterprises": pilots[:, 2].ravel(),
        })

    def _adoption_table(self) -> pd.DataFrame:
        """Adopters and shares per quarter × breakdown × group × path (long format)."""
        cells = self._derived()["adoption"]  # (quarters, cells, paths)
        n_q, n_p = cells.shape[0], cells.shape[2]
        frames = []
        for name, (groups, labels) in self.breakdowns.items():
            n_g = len(labels)
            firms = np.bincount(groups, weights=self.cell_firms, minlength=n_g)
            adopters = np.zeros((n_q, n_g, n_p))
            np.add.at(adopters, (slice(None), groups), cells)
            share = np.divide(adopters, firms[None, :, None], out=np.zeros_like(adopters),
                              where=firms[None, :, None] > 0)
            frames.append(pd.DataFrame({
                **self._quarter_columns(n_g * n_p),
                "breakdown": name,
                "group": np.tile(np.repeat(labels, n_p), n_q),
                "path": np.tile(ADOPTION_PATHS, n_q * n_g),
                "adopters": adopters.reshape(-1).round().astype(np.int64),
                "firms": np.tile(np.repeat(firms.round().astype(np.int64), n_p), n_q),
                "share": share.reshape(-1),
            }))
        groups = self._derived()["group_adoption"]  # (quarters, groups, paths)
        n_g = len(REGION_GROUPS)
        share = np.divide(groups, self.group_firms[None, :, None],
                          out=np.zeros(groups.shape), where=self.group_firms[None, :, None] > 0)
        frames.append(pd.DataFrame({
            **self._quarter_columns(n_g * n_p),
            "breakdown": "region_group",
            "group": np.tile(np.repeat(REGION_GROUPS, n_p), n_q),
            "path": np.tile(ADOPTION_PATHS, n_q * n_g),
            "adopters": groups.reshape(-1).astype(np.int64),
            "firms": np.tile(np.repeat(self.group_firms.astype(np.int64), n_p), n_q),
            "share": share.reshape(-1),
        }))
        return pd.concat(frames, ignore_index=True).sort_values(
            ["t", "breakdown", "group", "path"], kind="stable", ignore_index=True)

    def tables(self, seed: int) -> dict[str, pd.DataFrame]:
        """Tidy tables of the run: one row per quarter (× group), with the seed."""
        out = {
            "province": pd.DataFrame(self.province),
            "city": self._city_table(),
            "adoption": self._adoption_table(),
            "county": self._county_table(),
        }
        for df in out.values():
            df.insert(0, "seed", seed)
        return out
