"""Per-quarter aggregates of one model run, turned into tidy tables at the end.

Only aggregates are kept (never per-firm snapshots), so a full-scale run stays small.
Counts of firms are real firms (agents × firms_per_agent); money is in 亿元.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config import FIELDS, KINDS, PATHS, SIZES, quarter_label
from sim.metrics import coupling_coordination, subsystem_scores


class Recorder:
    def __init__(self, model) -> None:
        self.province: list[dict] = []
        self.city: list[dict] = []
        self.adoption: list[pd.DataFrame] = []
        f = model.firms
        # Breakdown name -> (group index per firm, group labels); built once.
        self.breakdowns = {
            "all": (np.zeros(f.n, np.int64), ["all"]),
            "kind": (f.kind.astype(np.int64), list(KINDS)),
            "field": (f.field, list(FIELDS)),
            "size": (f.size, list(SIZES)),
            "city": (f.city, list(model.cities)),
        }

    def record(self, model) -> None:
        f, r, prov = model.firms, model.regions, model.province
        q = model.quarter
        label = quarter_label(q)
        t = q - model.first_quarter
        zeros = np.zeros(f.n, np.int64)
        u1, u2 = subsystem_scores(f, model.connected, zeros, 1)
        c, tt, d = coupling_coordination(u1, u2)
        row = {
            "t": t, "quarter": label,
            "pilot_regions": int(r.pilot.sum()),
            "pilot_regions_counties": int((r.pilot & ~r.is_zone).sum()),
            "pilot_regions_zones": int((r.pilot & r.is_zone).sum()),
            "pilot_enterprises": int(f.pilot.sum()) * f.weight,
            "new_pilot_enterprises": model.last_review.get("new_enterprises", 0),
            "revoked_pilot_enterprises": model.last_review.get("revoked_enterprises", 0),
            "new_pilot_regions": model.last_review.get("new_regions", 0),
            "revoked_pilot_regions": model.last_review.get("revoked_regions", 0),
            "integration_index": float(d[0]), "U1": float(u1[0]), "U2": float(u2[0]),
            "coupling_C": float(c[0]), "development_T": float(tt[0]),
            "fiscal_spend_yi": float(model.spend_this_quarter_yi),
            "subsidy_spent_cum_yi": prov.spent_subsidy_yi,
            "awards_spent_cum_yi": prov.spent_awards_yi,
            "fund_remaining_yi": prov.fund_remaining_yi,
            "subsidy_rate": float(model.subsidy_rate),
            "platform_connected_share": float(model.connected.mean()),
            "region_platforms_mean": float(r.platforms.sum(axis=1).mean()),
        }
        for k, path in enumerate(PATHS):
            row[f"adoption_{path}"] = float(f.adopted[:, k].mean())
        self.province.append(row)

        n_c = len(model.cities)
        cu1, cu2 = subsystem_scores(f, model.connected, f.city, n_c)
        _, _, cd = coupling_coordination(cu1, cu2)
        pilot_r = np.bincount(r.city, weights=r.pilot, minlength=n_c)
        pilot_f = np.bincount(f.city, weights=f.pilot, minlength=n_c) * f.weight
        for ci, city in enumerate(model.cities):
            self.city.append({
                "t": t, "quarter": label, "city": city, "city_zh": model.cities_zh[ci],
                "integration_index": float(cd[ci]), "U1": float(cu1[ci]), "U2": float(cu2[ci]),
                "pilot_regions": int(pilot_r[ci]), "pilot_enterprises": int(pilot_f[ci]),
            })
        self.adoption.append(self._adoption_rows(f, t, label))

    def _adoption_rows(self, f, t: int, label: str) -> pd.DataFrame:
        frames = []
        for name, (groups, labels) in self.breakdowns.items():
            n = len(labels)
            firms = np.bincount(groups, minlength=n) * f.weight
            for k, path in enumerate(PATHS):
                adopters = np.bincount(groups, weights=f.adopted[:, k], minlength=n) * f.weight
                frames.append(pd.DataFrame({
                    "t": t, "quarter": label, "breakdown": name, "group": labels, "path": path,
                    "adopters": adopters.round().astype(np.int64), "firms": firms,
                    "share": np.divide(adopters, firms, out=np.zeros(n), where=firms > 0),
                }))
        return pd.concat(frames, ignore_index=True)

    def tables(self, seed: int) -> dict[str, pd.DataFrame]:
        """Tidy tables of the run: one row per quarter (× group), with the seed."""
        out = {
            "province": pd.DataFrame(self.province),
            "city": pd.DataFrame(self.city),
            "adoption": pd.concat(self.adoption, ignore_index=True),
        }
        for df in out.values():
            df.insert(0, "seed", seed)
        return out
