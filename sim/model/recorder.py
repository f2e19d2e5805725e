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
    SubsystemParts,
    adoption_pattern,
    coupling_coordination,
    pattern_counts,
    pattern_totals,
    ratio,
    subsystem_sums,
)
from sim.model.vocabulary import FIELDS, KINDS, PATH_INDICATORS, PATHS, SIZES, quarter_label

# The five paths, then "any": firms on at least one path (the headline adoption share).
ADOPTION_PATHS = (*PATHS, "any")
# Region groups the draft singles out; they overlap (a zone in a mountain county is in both),
# so they are recorded apart from the kind × field × size × city cells.
REGION_GROUPS = ("mountain_26", "qianyi_county", "zone")
# Adoption pattern -> the columns of ADOPTION_PATHS it counts in (the paths, then "any").
PATTERN_COLUMNS = np.column_stack([PATTERN_PATHS, PATTERN_PATHS.any(axis=1)]).astype(np.int64)


class Recorder:
    def __init__(self, model) -> None:
        self.province: list[dict] = []
        self.city: list[dict] = []
        self.county: list[pd.DataFrame] = []  # per quarter: one row per county-level unit
        self.adoption: list[np.ndarray] = []  # per quarter: adopters per cell × path
        self.quarters: list[tuple[int, str]] = []
        f = model.firms
        # Every firm falls in one cell of kind × field × size × city (726 cells); each
        # breakdown is a sum over cells, so a quarter costs 5 bincounts over the firms.
        dims = (len(KINDS), len(FIELDS), len(SIZES), len(model.cities))
        self.cell = np.ravel_multi_index((f.kind.astype(np.int64), f.field, f.size, f.city), dims)
        self.n_cells = int(np.prod(dims))
        self.cell_firms = np.bincount(self.cell, minlength=self.n_cells) * f.weight
        # The common baseline of the integration target: D of the world as built, before
        # any quarter (and so any lever) is simulated; the same for every policy package
        # on a seed (docs/ODD.md, "Common baseline").
        self.weights = model.index_weights
        m_sum, m_w, s_sum, s_w = subsystem_sums(f, model.connected, np.zeros(f.n, np.int64), 1,
                                                self.weights)
        self.base_index = float(coupling_coordination(ratio(m_sum, m_w), ratio(s_sum, s_w))[2][0])
        kind_c, field_c, size_c, city_c = np.unravel_index(np.arange(self.n_cells), dims)
        self.breakdowns = {
            "all": (np.zeros(self.n_cells, np.int64), ["all"]),
            "kind": (kind_c, list(KINDS)),
            "field": (field_c, list(FIELDS)),
            "size": (size_c, list(SIZES)),
            "city": (city_c, list(model.cities)),
        }
        r = model.regions
        self.region_groups = np.stack([r.mountain[f.county], r.big_county[f.county],
                                       f.zone >= 0])  # (groups, firms) bool
        self.group_firms = self.region_groups.sum(axis=1) * f.weight
        # Each firm's combination of region groups (bit g: in group g), and the groups'
        # pools for the index (0: in the group, 1: not), fixed for the run.
        n_rg = len(REGION_GROUPS)
        self.group_code = (self.region_groups.astype(np.int64)
                           * (1 << np.arange(n_rg))[:, None]).sum(axis=0)
        self.code_in_group = ((np.arange(2 ** n_rg)[None, :] >> np.arange(n_rg)[:, None]) & 1)
        self.group_pools = ~self.region_groups  # as int when used (8 bytes a firm each)
        self.zero = np.zeros(f.n, np.int64)
        self.kind_firms = np.bincount(f.kind, minlength=len(KINDS))
        self.group_adoption: list[np.ndarray] = []  # per quarter: (groups, paths) adopters
        # Counties (regions 0..n_counties-1), for maps: fixed keys once, a few bincounts a
        # quarter. A zone's pilots count in its host county.
        n_k = model.n_counties
        self.n_counties = n_k
        self.county_keys = pd.DataFrame({
            "county_code": [str(x) for x in r.code[:n_k]],
            "county_zh": list(r.name[:n_k]),
            "city": [model.cities[c] for c in r.city[:n_k]],
        })
        self.county_firms = np.bincount(f.county, minlength=n_k) * f.weight

    def record(self, model) -> None:
        f, r, prov = model.firms, model.regions, model.province
        q = model.quarter
        label = quarter_label(q)
        t = q - model.first_quarter
        n_c = len(model.cities)
        parts = SubsystemParts(f, model.connected, self.weights, self.zero)
        m_sum, m_w, s_sum, s_w = parts.sums(f.city, n_c)
        # Adopters per cell × (paths, any), from one bincount of cell × adoption pattern;
        # integer counts, so every share below has the bits of a float count.
        pattern = adoption_pattern(f.adopted)
        cells = pattern_totals(pattern_counts(self.cell, self.n_cells, pattern), PATTERN_COLUMNS)
        total = cells.sum(axis=0)
        u1, u2 = ratio(m_sum.sum(), m_w.sum()), ratio(s_sum.sum(), s_w.sum())  # province
        c, tt, d = (float(x) for x in coupling_coordination(u1, u2))
        row = {
            "t": t, "quarter": label,
            "pilot_regions": int(r.pilot.sum()),
            "pilot_regions_counties": int((r.pilot & ~r.is_zone).sum()),
            "pilot_regions_zones": int((r.pilot & r.is_zone).sum()),
            "pilot_enterprises": int(f.pilot.sum()) * f.weight,
            # By direction: manufacturers serving (mfg -> services), services making.
            "pilot_enterprises_manufacturing": int((f.pilot & (f.kind == 0)).sum()) * f.weight,
            "pilot_enterprises_services": int((f.pilot & (f.kind == 1)).sum()) * f.weight,
            "pilot_regions_mountain": int((r.pilot & r.mountain & ~r.is_zone).sum()),
            "pilot_regions_qianyi": int((r.pilot & r.big_county & ~r.is_zone).sum()),
            "designated_regions_cum": prov.designated_regions,
            "designated_enterprises_cum": prov.designated_enterprises,
            **{f"{key}_{what}": model.last_review.get(f"{key}_{what}", 0)
               for what in ("enterprises", "regions")
               for key in ("candidate", "applied")},
            "new_pilot_enterprises": model.last_review.get("new_enterprises", 0),
            "revoked_pilot_enterprises": model.last_review.get("revoked_enterprises", 0),
            "new_pilot_regions": model.last_review.get("new_regions", 0),
            "revoked_pilot_regions": model.last_review.get("revoked_regions", 0),
            "enterprise_quota_bound": bool(model.last_review.get("enterprise_quota_bound", False)),
            "region_quota_bound": bool(model.last_review.get("region_quota_bound", False)),
            "review": bool(model.last_review),
            "integration_index": d, "integration_index_base": self.base_index,
            "U1": float(u1), "U2": float(u2),
            "coupling_C": c, "development_T": tt,
            # The linkage indicators by direction (U1: manufacturers -> services, U2:
            # services -> manufacturing) and their fixed entropy weights.
            **parts.means,
            **{f"weight_U1_{k}": float(w) for k, w in zip(INDICATORS_U1, self.weights[0],
                                                          strict=True)},
            **{f"weight_U2_{k}": float(w) for k, w in zip(INDICATORS_U2, self.weights[1],
                                                          strict=True)},
            "fiscal_spend_yi": float(model.spend_this_quarter_yi),
            "subsidy_spent_cum_yi": prov.spent_subsidy_yi,
            "awards_spent_cum_yi": prov.spent_awards_yi,
            "additional_subsidy_cum_yi": prov.additional_subsidy_yi,
            "land_used_cum_mu": prov.land_used_mu,
            "forgone_tax_cum_yi": prov.forgone_tax_yi,
            "economic_cost_cum_yi": prov.economic_cost_yi(),
            "fund_remaining_yi": prov.fund_remaining_yi,
            "subsidy_rate": float(model.subsidy_rate),
            "platform_connected_share": float(model.connected.mean()),
            "region_platforms_mean": float(r.platforms.sum(axis=1).mean()),
        }
        for k, path in enumerate(PATHS):
            row[f"adoption_{path}"] = float(total[k] / f.n)
        row["adoption_any"] = float(total[-1] / f.n)
        # Like for like with the published indicators: shares of each kind's firms.
        by_kind = cells.reshape(len(KINDS), -1, cells.shape[1]).sum(axis=1)
        for kind, prefix in ((0, "indicator_"), (1, "services_")):
            n_kind = int(self.kind_firms[kind])
            shares = by_kind[kind, :len(PATHS)] / n_kind if n_kind else np.zeros(len(PATHS))
            for k, path in enumerate(PATHS):
                name = PATH_INDICATORS[path][0] if kind == 0 else path
                row[prefix + name] = float(shares[k])
        # The index by region group (the groups overlap, so each is its own pool).
        for name, pool in zip(REGION_GROUPS, self.group_pools, strict=True):
            g_m, g_mw, g_s, g_sw = parts.sums(pool.astype(np.int64), 2)
            gc, gt, gd = coupling_coordination(ratio(g_m[0], g_mw[0]), ratio(g_s[0], g_sw[0]))
            row[f"integration_index_{name}"] = float(gd)
            row[f"coupling_C_{name}"] = float(gc)
            row[f"development_T_{name}"] = float(gt)
        self.province.append(row)

        cu1, cu2 = ratio(m_sum, m_w), ratio(s_sum, s_w)
        cc, ct, cd = coupling_coordination(cu1, cu2)
        pilot_r = np.bincount(r.city, weights=r.pilot, minlength=n_c)
        pilot_f = np.bincount(f.city, weights=f.pilot, minlength=n_c) * f.weight
        for ci, city in enumerate(model.cities):
            self.city.append({
                "t": t, "quarter": label, "city": city, "city_zh": model.cities_zh[ci],
                "integration_index": float(cd[ci]), "U1": float(cu1[ci]), "U2": float(cu2[ci]),
                "coupling_C": float(cc[ci]), "development_T": float(ct[ci]),
                "pilot_regions": int(pilot_r[ci]), "pilot_enterprises": int(pilot_f[ci]),
            })
        self.adoption.append(cells * f.weight)
        by_code = pattern_counts(self.group_code, 2 ** len(REGION_GROUPS), pattern)
        self.group_adoption.append((self.code_in_group @ pattern_totals(by_code, PATTERN_COLUMNS))
                                   .astype(np.int64) * f.weight)
        self.county.append(self._county_rows(model, t, label, parts, pattern))
        self.quarters.append((t, label))

    def _county_rows(self, model, t: int, label: str, parts, pattern: np.ndarray
                     ) -> pd.DataFrame:
        """One row per county-level unit: its firms' D, adoption shares and pilots."""
        f, r, n_k = model.firms, model.regions, self.n_counties
        m_sum, m_w, s_sum, s_w = parts.sums(f.county, n_k)
        d = coupling_coordination(ratio(m_sum, m_w), ratio(s_sum, s_w))[2]
        agents = np.bincount(f.county, minlength=n_k)
        # (counties, paths + any): whole numbers
        on_county = pattern_totals(pattern_counts(f.county, n_k, pattern), PATTERN_COLUMNS)
        rows = self.county_keys.copy()
        rows.insert(0, "quarter", label)
        rows.insert(0, "t", t)
        rows["firms"] = self.county_firms.astype(np.int64)
        rows["integration_index"] = d.astype(float)
        for k, path in enumerate(ADOPTION_PATHS):
            rows[f"adoption_{path}"] = ratio(on_county[:, k].astype(float), agents)
        host = np.asarray(r.county)
        rows["pilot_region"] = np.asarray(r.pilot[:n_k], bool)
        rows["pilot_regions"] = np.bincount(host, weights=r.pilot, minlength=n_k)[:n_k].astype(
            np.int64)
        rows["pilot_enterprises"] = (np.bincount(f.county, weights=f.pilot, minlength=n_k)
                                     * f.weight).round().astype(np.int64)
        return rows

    def _adoption_table(self) -> pd.DataFrame:
        """Adopters and shares per quarter × breakdown × group × path (long format)."""
        cells = np.stack(self.adoption)  # (quarters, cells, paths)
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
                "t": np.repeat([q[0] for q in self.quarters], n_g * n_p),
                "quarter": np.repeat([q[1] for q in self.quarters], n_g * n_p),
                "breakdown": name,
                "group": np.tile(np.repeat(labels, n_p), n_q),
                "path": np.tile(ADOPTION_PATHS, n_q * n_g),
                "adopters": adopters.reshape(-1).round().astype(np.int64),
                "firms": np.tile(np.repeat(firms.round().astype(np.int64), n_p), n_q),
                "share": share.reshape(-1),
            }))
        groups = np.stack(self.group_adoption)  # (quarters, groups, paths)
        n_g = len(REGION_GROUPS)
        share = np.divide(groups, self.group_firms[None, :, None],
                          out=np.zeros(groups.shape), where=self.group_firms[None, :, None] > 0)
        frames.append(pd.DataFrame({
            "t": np.repeat([q[0] for q in self.quarters], n_g * n_p),
            "quarter": np.repeat([q[1] for q in self.quarters], n_g * n_p),
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
            "city": pd.DataFrame(self.city),
            "adoption": self._adoption_table(),
            "county": pd.concat(self.county, ignore_index=True),
        }
        for df in out.values():
            df.insert(0, "seed", seed)
        return out
