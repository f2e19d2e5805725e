"""The integration-level index (pure functions, and its sums over fixed groupings of the
firms) and target attainment.

Integration level (两业融合发展水平): coupling coordination degree D of a manufacturing
subsystem score U1 and a services subsystem score U2 (zhejiang-facts.md):
    C = 2·sqrt(U1·U2)/(U1+U2),  T = a·U1 + b·U2 (a = b = 0.5),  D = sqrt(C·T).
Each subsystem is scored from indicators of cross-sector linkage that the other
subsystem does not share (each in 0–1, revenue-weighted over the subsystem's firms):
    U1 (manufacturers → services): service share of revenue / 0.5; servitized
        (服务型制造: the integration path adopted); producer services used through a
        platform link (connected to a platform, which service firms mostly run)
    U2 (services → manufacturing): manufacturing-facing share of revenue / 0.5;
        extended into manufacturing (C2M/contract/shared manufacturing: flexibilization,
        integration or sharing adopted); platform services to manufacturers (runs a
        platform or has adopted platformization)
Indicator weights are entropy weights (熵值法) over the cross-section of cities of the
world as built (2020Q1): for indicator j with city values x_ij, p_ij = x_ij / Σ_i x_ij,
e_j = −Σ_i p_ij ln p_ij / ln n, w_j = (1 − e_j) / Σ_k (1 − e_k) (equal weights if no
indicator varies). They are computed once per run (``index_weights``) and held fixed,
so D is comparable over time and, on one seed and parameter draw, across packages.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

# Adoption pattern (the paths as bits, path k -> bit k) -> the paths it holds: (patterns, paths).
N_PATHS = 5
PATTERN_PATHS = (np.arange(2 ** N_PATHS)[:, None] >> np.arange(N_PATHS)) & 1


def adoption_pattern(adopted: np.ndarray) -> np.ndarray:
    """(firms,) int: each firm's adopted paths as bits (column ORs: several times faster
    than packbits along rows of 5)."""
    u = adopted.view(np.uint8)
    code = u[:, 0].copy()
    for k in range(1, u.shape[1]):
        code |= u[:, k] << k
    return code.astype(np.int64)


def paths_held(adopted: np.ndarray) -> np.ndarray:
    """(firms,) uint8: how many paths each firm holds (column adds: ~8x faster than
    ``adopted.sum(axis=1)`` on rows of 5, the same whole numbers)."""
    u = adopted.view(np.uint8)
    count = u[:, 0] + u[:, 1]
    for k in range(2, u.shape[1]):
        count += u[:, k]
    return count


def any_rows(flags: np.ndarray) -> np.ndarray:
    """Indices of the rows of a boolean (rows, columns) array with any True (column ORs:
    faster than ``flags.any(axis=1)`` on a few columns)."""
    u = flags.view(np.uint8)
    hit = u[:, 0].copy()
    for k in range(1, u.shape[1]):
        hit |= u[:, k]
    return np.flatnonzero(hit)


def keyed_pattern_counts(key: np.ndarray, n_groups: int, pattern: np.ndarray) -> np.ndarray:
    """(groups, patterns) int: firms of each group with each adoption pattern (one
    bincount), from key = group × the number of patterns (fixed while the groups are)."""
    n_pat = len(PATTERN_PATHS)
    return np.bincount(key + pattern, minlength=n_groups * n_pat).reshape(n_groups, n_pat)


def pattern_totals(counts: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """counts (groups, patterns) @ columns (patterns, k) in floats: whole numbers far
    below 2^53 add exactly in any order, so BLAS gives the exact counts (an int64 matmul
    has no BLAS and is ~10x slower)."""
    return counts.astype(float) @ (columns if columns.dtype == float else columns.astype(float))


CROSS_SHARE_REF = 0.5  # share of revenue that counts as full integration (assumption)
GRADES_ZH = ("极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
             "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调")
GRADES_EN = ("extreme disorder", "severe disorder", "moderate disorder", "mild disorder",
             "near disorder", "barely coordinated", "primary coordination",
             "intermediate coordination", "good coordination", "quality coordination")


def coupling_coordination(u1: np.ndarray, u2: np.ndarray, a: float = 0.5) -> tuple:
    """(C, T, D) for arrays of subsystem scores in 0–1."""
    u1, u2 = np.asarray(u1, float), np.asarray(u2, float)
    total = u1 + u2
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where(total > 0, 2.0 * np.sqrt(u1 * u2) / total, 0.0)
    t = a * u1 + (1.0 - a) * u2
    return c, t, np.sqrt(c * t)


def grade(d: float) -> int:
    """Ten-grade class index 0..9 of a coordination degree D."""
    return int(min(9, max(0, np.floor(d * 10))))


INDICATORS_U1 = ("service_revenue_share", "servitized", "platform_links")
INDICATORS_U2 = ("manufacturing_revenue_share", "manufacturing_extension", "platform_services")
_INTEGRATION, _PLATFORM = 2, 4  # PATHS indices
_EXTENSION = (1, 2, 3)  # flexibilization, integration, sharing


def subsystem_indicators(firms, connected: np.ndarray, kind: int) -> tuple:
    """The 3 linkage indicators of subsystem ``kind`` (0 manufacturing, 1 services) for
    every firm, as columns of 0-1 floats or bools (a bool meets a float as exactly 0.0
    or 1.0)."""
    cross = np.minimum(firms.cross_share / CROSS_SHARE_REF, 1.0)
    adopted = firms.adopted
    if kind == 0:
        # Copied out of the (firms, paths) array: a strided bool column is ~3x slower
        # wherever it meets a float.
        return cross, np.ascontiguousarray(adopted[:, _INTEGRATION]), connected
    u = adopted.view(np.uint8)
    extension = (u[:, _EXTENSION[0]] | u[:, _EXTENSION[1]] | u[:, _EXTENSION[2]]).view(bool)
    return cross, extension, firms.platform_firm | adopted[:, _PLATFORM]


def indicators(firms, connected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(firms, 3) linkage indicators of the manufacturing and of the services subsystem
    (every firm gets both rows; each subsystem reads its own firms)."""
    m, s = (np.column_stack(subsystem_indicators(firms, connected, kind)) for kind in (0, 1))
    return m, s


def entropy_weights(x: np.ndarray) -> np.ndarray:
    """Entropy weights of the columns of x (units × indicators, values >= 0)."""
    x = np.asarray(x, float)
    n = x.shape[0]
    total = x.sum(axis=0)
    p = np.divide(x, total, out=np.zeros_like(x), where=total > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(n) if n > 1 else np.ones(x.shape[1])
    e = np.where(total > 0, e, 1.0)
    d = np.clip(1.0 - e, 0.0, None)
    if d.sum() <= 0:
        return np.full(x.shape[1], 1.0 / x.shape[1])
    return d / d.sum()


def _group_means(values: np.ndarray, weight: np.ndarray, groups: np.ndarray,
                 n_groups: int) -> np.ndarray:
    den = np.bincount(groups, weights=weight, minlength=n_groups)
    return np.column_stack([
        ratio(np.bincount(groups, weights=values[:, j] * weight, minlength=n_groups), den)
        for j in range(values.shape[1])])


def index_weights(firms, connected: np.ndarray, groups: np.ndarray,
                  n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Entropy weights of U1's and U2's indicators over the groups' (cities')
    revenue-weighted indicator means, from the firms as they are now (the world as
    built, when the model calls it)."""
    m, s = indicators(firms, connected)
    mfg = firms.kind == 0
    keep = np.bincount(groups, minlength=n_groups) > 0
    cm = _group_means(m, firms.revenue_yi * mfg, groups, n_groups)[keep]
    cs = _group_means(s, firms.revenue_yi * ~mfg, groups, n_groups)[keep]
    return entropy_weights(cm), entropy_weights(cs)


class SubsystemSums:
    """The sums behind the index over fixed groupings of the firms, for the firms as they
    are now: per subsystem, revenue-weighted sums of the weighted indicator score and the
    revenue weights by group and for the province, and the province sums behind the
    revenue-weighted mean of every linkage indicator.

    A grouping is (each firm's group, number of groups), group -1 meaning none (region
    groups overlap, so each is a grouping of its members alone). Every sum adds its
    firms' terms one at a time in firm order, as a weighted ``np.bincount`` does, so its
    bits do not depend on how the firms are grouped. The groups are a sparse 0/1 matrix
    (the manufacturers' groups, then the service firms' × firms) built once a run:
    scipy's CSR product adds a row's terms in stored (firm) order in one register and
    reads each firm once per group it is in, where a bincount per sum reads every firm
    and chains each addition through memory (~5x cheaper at 88,000 firms). Both
    subsystems share one product (a firm sits in its own subsystem's rows only), so a
    quarter pays the product's fixed cost once.
    """

    def __init__(self, kind: np.ndarray, groupings: list[tuple[np.ndarray, int]],
                 weights: tuple[np.ndarray, np.ndarray]) -> None:
        mfg = kind == 0
        self.manufacturer, self.weights = mfg, weights
        self.firms = [_slice_if_contiguous(np.flatnonzero(mfg)),
                      _slice_if_contiguous(np.flatnonzero(~mfg))]
        sizes = [n for _, n in groupings]
        self.n_groups = sum(sizes)
        # A service firm's rows come after every manufacturer's row.
        self.groups = _member_matrix([g for g, _ in groupings], sizes,
                                     np.where(mfg, 0, self.n_groups), 2)
        self.province = _member_matrix([np.zeros(len(kind), np.int64)], [1],
                                       np.where(mfg, 0, 1), 2)

    def parts(self, firms, connected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What the sums add, a row per firm, each firm under its own subsystem:
        (firms, 2) its weighted score × revenue and its revenue; (firms, 4) its three
        linkage indicators × revenue, then its revenue. The indicators are worked over
        all firms at once."""
        # Both subsystems' columns over all firms, each firm keeping its own kind's.
        columns = tuple(np.where(self.manufacturer, m, s) for m, s in zip(
            subsystem_indicators(firms, connected, 0),
            subsystem_indicators(firms, connected, 1), strict=True))
        revenue = firms.revenue_yi
        scored, linked = np.empty((len(revenue), 2)), np.empty((len(revenue), 4))
        for kind, sel in enumerate(self.firms):
            scored[sel, 0] = _weighted([c[sel] for c in columns], self.weights[kind]) * revenue[sel]
        scored[:, 1] = revenue
        for j, column in enumerate(columns):
            np.multiply(column, revenue, out=linked[:, j])
        linked[:, 3] = revenue
        return scored, linked

    def by_group(self, parts: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """(4, groups): m_sum, m_w, s_sum, s_w, each subsystem's weighted scores and
        revenue weights summed by group, the groupings' groups in turn (sums, so callers
        can pool groups exactly). CSR times a (firms, k) block adds each output's terms
        in the same order as k products with one vector."""
        both = self.groups @ parts[0]  # (manufacturers' groups, then services', 2)
        # A C-ordered copy: callers reduce over groups, and numpy's order of adding
        # (so the bits) follows the layout.
        return both.reshape(2, self.n_groups, 2).transpose(0, 2, 1).reshape(4, self.n_groups)

    def totals(self, parts: tuple[np.ndarray, np.ndarray]) -> tuple:
        """(m_sum, m_w, s_sum, s_w) of the province, each of shape (1,)."""
        both = self.province @ parts[0]  # (subsystems, 2)
        return tuple(both[kind, j:j + 1] for kind in range(2) for j in range(2))

    def province_indicator_sums(self, parts: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """(subsystems, indicators + 1): per subsystem, the province sums of each linkage
        indicator × revenue, then of revenue (their ratio is the revenue-weighted mean)."""
        return self.province @ parts[1]


def _slice_if_contiguous(index: np.ndarray) -> slice | np.ndarray:
    """``index`` as a slice when it is a run of consecutive firms (the firms are built
    kind by kind), so a subsystem's arrays are views, not copies."""
    if len(index) and index[-1] - index[0] + 1 == len(index):
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


def _member_matrix(groupings: list[np.ndarray], n_groups: list[int], shift: np.ndarray,
                   n_blocks: int) -> sp.csr_array:
    """0/1 CSR matrix (blocks of the groups of every grouping in turn × firms), a firm's
    rows shifted by ``shift`` (its block's first row), each row's firms in firm order
    (COO -> CSR keeps the order of a row's entries); int32 indices, half the memory of
    int64 ones."""
    n = len(groupings[0])
    offsets = np.cumsum([0, *n_groups[:-1]])
    rows = np.concatenate([np.where(g >= 0, g + (o + shift), -1)
                           for g, o in zip(groupings, offsets, strict=True)])
    firm = np.tile(np.arange(n, dtype=np.int32), len(groupings))
    keep = rows >= 0
    return sp.csr_array((np.ones(int(keep.sum())), (rows[keep].astype(np.int32), firm[keep])),
                        shape=(int(sum(n_groups)) * n_blocks, n))


def _weighted(columns: tuple, weights: np.ndarray) -> np.ndarray:
    """columns @ weights added left to right (no BLAS: the same bits everywhere)."""
    total = np.zeros(len(columns[0]))
    for column, w in zip(columns, weights, strict=True):
        total = total + column * float(w)
    return total


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (a group without firms of that kind)."""
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.zeros(num.shape), where=den > 0)


def attainment(values: np.ndarray, threshold: float) -> dict:
    """Probability a target is met over replicate values, with median and 5–95% band."""
    v = np.asarray(values, float)
    return {
        "threshold": float(threshold),
        "probability": float(np.mean(v >= threshold)) if len(v) else float("nan"),
        "median": float(np.median(v)),
        "p05": float(np.quantile(v, 0.05)),
        "p95": float(np.quantile(v, 0.95)),
        "mean": float(np.mean(v)),
        "n": int(len(v)),
    }
