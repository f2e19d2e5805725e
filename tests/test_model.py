"""The model: reproducible, seed-sensitive, and the fast path equals the reference."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.adoption import decide
from sim.model.agents import Firm
from sim.model.model import IntegrationModel
from sim.model.recorder import ADOPTION_PATHS
from sim.model.vocabulary import PATH_INDICATORS, PATHS
from sim.model.world import build_world
from sim.run import replicate_seeds, run_replicate
from sim.world_data import region_data
from tests.conftest import SMALL, typed_cfg


def _model(cfg, seed: int, engine: str = "vectorized", end: str | None = None):
    return IntegrationModel(world=cfg.world, regions=region_data(cfg.world), policy=cfg.policy,
                            behaviour=cfg.behaviour, start=cfg.run.start, end=end or cfg.run.end, engine=engine, rng=seed)


def test_world_matches_the_calibration_inputs():
    cfg = typed_cfg()
    built = build_world(cfg.world, region_data(cfg.world), np.random.default_rng(1))  # the arrays; no model needed
    f, r = built.firms, built.regions
    assert f.n == cfg.world.manufacturers + cfg.world.service_firms
    assert (~r.is_zone).sum() == 90
    assert r.is_zone.sum() == cfg.world.zones_national + cfg.world.zones_provincial
    # Manufacturers are spread over cities by above-size industrial output.
    output = np.array([c.industrial_output_yi for c in cfg.world.cities])
    share = np.bincount(f.city[f.kind == 0], minlength=11) / (f.kind == 0).sum()
    assert np.allclose(share, output / output.sum(), atol=1e-4)
    # Baseline digitalization of manufacturers sits near the MIIT figure (49.5–69.3%).
    assert 0.45 < f.adopted[f.kind == 0, 0].mean() < 0.70


def test_same_seed_gives_identical_tables():
    cfg = typed_cfg(*SMALL)
    a, b = run_replicate(cfg, 11), run_replicate(cfg, 11)
    for name in a:
        assert a[name].equals(b[name]), name


def test_different_seeds_differ():
    cfg = typed_cfg(*SMALL)
    a, b = run_replicate(cfg, 11), run_replicate(cfg, 12)
    cols = ["integration_index", "adoption_digitalization"]
    assert not a["province"][cols].equals(b["province"][cols])


def test_replicate_seeds_are_reproducible_and_distinct():
    assert replicate_seeds(5, 10) == replicate_seeds(5, 10)
    assert len(set(replicate_seeds(5, 50))) == 50
    assert replicate_seeds(5, 3) != replicate_seeds(6, 3)
    assert replicate_seeds(5, 3) == replicate_seeds(5, 6)[:3]  # more seeds extend the set


def test_fast_path_decisions_equal_the_per_agent_reference():
    cfg = typed_cfg(*SMALL, "policy=all_in")
    m = _model(cfg, 3)
    for _ in range(6):  # move to a state with levers in force and mixed adoption
        m.step()
    m.prepare_quarter()  # one quarter's inputs and random numbers, then decide both ways
    adopt, abandon = decide(m.firms, m.adoption_params, m.quarter_inputs, m.u_adopt, m.u_abandon)
    m.firm_agents.do("step")
    ref_adopt = np.array([a.pending_adopt for a in m.firm_agents])
    ref_abandon = np.array([a.pending_abandon for a in m.firm_agents])
    assert adopt.sum() > 50 and abandon.sum() > 0  # the comparison is not vacuous
    np.testing.assert_array_equal(adopt, ref_adopt)
    np.testing.assert_array_equal(abandon, ref_abandon)


def test_paths_requiring_digitalization_wait_for_it():
    cfg = typed_cfg(*SMALL, "policy=all_in")
    m = _model(cfg, 3)
    for _ in range(4):
        m.step()
    m.prepare_quarter()
    adopt, _ = decide(m.firms, m.adoption_params, m.quarter_inputs, m.u_adopt, m.u_abandon)
    not_digital = ~m.firms.adopted[:, 0]
    gated = [PATHS.index(p) for p in cfg.behaviour.requires_digitalization]
    open_paths = [k for k in range(1, len(PATHS)) if k not in gated]
    assert gated and not adopt[np.ix_(not_digital, gated)].any()
    assert adopt[np.ix_(not_digital, open_paths)].any()  # the others stay open to them


@pytest.mark.slow
def test_full_run_is_identical_under_both_engines():
    fast = run_replicate(typed_cfg(*SMALL, "run.end=2022Q4"), 21)
    slow = run_replicate(typed_cfg(*SMALL, "run.end=2022Q4", "run.engine=agents"), 21)
    for name in fast:
        assert fast[name].equals(slow[name]), name


def test_tables_are_tidy_one_row_per_quarter_and_group():
    cfg = typed_cfg(*SMALL)
    t = run_replicate(cfg, 4)
    quarters = 24
    assert len(t["province"]) == quarters
    assert len(t["city"]) == quarters * 11
    assert len(t["county"]) == quarters * 90
    # all, kind, field, size, city, region group (26 mountain, 千亿级, zones)
    n_groups = 1 + 2 + 11 + 3 + 11 + 3
    assert len(t["adoption"]) == quarters * n_groups * len(ADOPTION_PATHS)
    assert not t["adoption"].duplicated(["t", "breakdown", "group", "path"]).any()
    assert t["province"]["quarter"].iloc[[0, -1]].tolist() == ["2020Q1", "2025Q4"]
    # Every breakdown adds up to the province total, quarter by quarter and path by path.
    sums = t["adoption"].groupby(["breakdown", "t", "path"])[["adopters", "firms"]].sum()
    total = sums.loc["all"]
    for name in ("kind", "field", "size", "city"):
        assert sums.loc[name].equals(total), name
    shares = t["adoption"].query("breakdown == 'all'").set_index(["t", "path"])["share"]
    prov = t["province"].set_index("t")
    for path in ADOPTION_PATHS:
        np.testing.assert_allclose(shares.xs(path, level="path"), prov[f"adoption_{path}"])
    # Each path's published indicator is the share of manufacturers with it (services apart).
    by_kind = t["adoption"].query("breakdown == 'kind'").set_index(["group", "t", "path"])
    for path in PATHS:
        np.testing.assert_allclose(by_kind.loc["manufacturing"].xs(path, level="path")["share"],
                                   prov[f"indicator_{PATH_INDICATORS[path][0]}"])
        np.testing.assert_allclose(by_kind.loc["services"].xs(path, level="path")["share"],
                                   prov[f"services_{path}"])
    # "any" is at least the largest single path and at most their sum.
    single = prov[[f"adoption_{p}" for p in PATHS]]
    assert (prov["adoption_any"] >= single.max(axis=1) - 1e-12).all()
    assert (prov["adoption_any"] <= single.sum(axis=1) + 1e-12).all()
    spend = t["province"]["fiscal_spend_yi"].sum()
    assert spend == pytest.approx(t["province"]["subsidy_spent_cum_yi"].iloc[-1]
                                  + t["province"]["awards_spent_cum_yi"].iloc[-1])
    assert t["province"]["subsidy_spent_cum_yi"].iloc[-1] <= cfg.policy.fund.budget_yi + 1e-9


def test_firms_per_agent_scales_counts_back():
    full = run_replicate(typed_cfg("world.manufacturers=4800", "world.service_firms=4000"), 8)
    scaled = run_replicate(typed_cfg("world.manufacturers=4800", "world.service_firms=4000",
                                     "world.firms_per_agent=4"), 8)
    a = full["adoption"].query("breakdown == 'all'")
    b = scaled["adoption"].query("breakdown == 'all'")
    assert b["firms"].iloc[0] == a["firms"].iloc[0] == 8800
    # Shares agree within sampling noise (2,200 agents stand for 8,800 firms).
    assert np.abs(a["share"].to_numpy() - b["share"].to_numpy()).max() < 0.05


def _bass_limit_cfg(p: float, q: float):
    """No policy, pilots, platforms, costs, barriers or thresholds; peers province-wide."""
    cfg = typed_cfg("world.manufacturers=12000", "world.service_firms=8000", "policy=none",
                    "policy.pilots.enabled=false", "run.end=2029Q4",
                    f"behaviour.innovation_p={p}", f"behaviour.imitation_q={q}")
    b, w = cfg.behaviour, cfg.world
    b.threshold_mean, b.threshold_sd, b.cost_weight = 0.0, 0.0, 0.0
    b.barrier_exposure = {k: dict.fromkeys(v, 0.0) for k, v in b.barrier_exposure.items()}
    b.platform_speedup, b.pilot_demonstration, b.abandonment_rate = 0.0, 0.0, 0.0
    # An infinite prior weight turns every county peer group into its field's province-wide
    # share (the model does not range-check; the config layer would refuse it).
    b.peer_prior = 1e12
    w.baseline_adoption = {k: dict.fromkeys(v, 0.0) for k, v in w.baseline_adoption.items()}
    return cfg


@pytest.mark.slow
@pytest.mark.parametrize(("p", "q"), [(0.03, 0.38), (0.06, 0.5)])
def test_without_policy_and_barriers_the_rule_is_bass_diffusion(p, q):
    """Bass closed forms, within a quarter: new adoptions peak at t* = ln(q/p)/(p+q) and
    half the firms have adopted at ln(2 + q/p)/(p+q) (at t*, F = 1/2 − p/2q)."""
    cfg = _bass_limit_cfg(p, q)
    share = run_replicate(cfg, 5)["province"]
    peak_quarters = 4.0 * np.log(q / p) / (p + q)
    half_quarters = 4.0 * np.log(2.0 + q / p) / (p + q)
    for path in ("digitalization", "integration", "sharing"):  # paths with no prerequisite
        f = np.r_[0.0, share[f"adoption_{path}"].to_numpy()]  # state after 0, 1, 2… quarters
        assert f[-1] > 0.6, path
        t50 = _crossing(f, 0.5)
        assert abs(t50 - half_quarters) <= 1.0, (path, t50, half_quarters)
        # The peak itself is flat and noisy in a finite world: time the share it is reached at.
        t_peak = _crossing(f, 0.5 - p / (2.0 * q))
        assert abs(t_peak - peak_quarters) <= 1.0, (path, t_peak, peak_quarters)


def _crossing(f: np.ndarray, level: float) -> float:
    """Quarters until the series f (f[0] at the start) first reaches level, interpolated."""
    k = int(np.argmax(f >= level))
    return k - 1 + (level - f[k - 1]) / (f[k] - f[k - 1])


def test_firm_agents_are_built_only_when_asked_for_and_change_nothing():
    cfg = typed_cfg(*SMALL, "run.end=2021Q4")
    lazy = _model(cfg, 5)
    assert lazy._firm_agents is None  # the vectorized engine does not build them
    lazy_tables = lazy.run().tables(5)
    assert lazy._firm_agents is None
    eager = _model(cfg, 5)
    agents = eager.agents  # a Mesa client asks: every firm appears, after the regions
    n_firms = eager.firms.n
    assert len(eager.agents_by_type[Firm]) == n_firms == len(eager.firm_agents)
    assert len(agents) == n_firms + eager.regions.n + 1  # + the province
    assert list(agents)[-1].index == n_firms - 1
    eager_tables = eager.run().tables(5)
    for name in lazy_tables:
        assert lazy_tables[name].equals(eager_tables[name]), name
    assert _model(cfg, 5, engine="agents")._firm_agents is not None  # the reference steps them


def test_blocks_change_no_decision_and_no_table(monkeypatch):
    """Firms are decided in blocks (sim.model.adoption.BLOCK); every value is per firm,
    so any block size gives the same bits, decisions and whole-run tables alike."""
    from sim.model import adoption

    cfg = typed_cfg(*SMALL, "policy=all_in")
    m = _model(cfg, 3)
    for _ in range(6):
        m.step()
    m.prepare_quarter()
    whole = decide(m.firms, m.adoption_params, m.quarter_inputs, m.u_adopt, m.u_abandon)
    monkeypatch.setattr(adoption, "BLOCK", 333)
    blocked = decide(m.firms, m.adoption_params, m.quarter_inputs, m.u_adopt, m.u_abandon)
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)
    small_blocks = run_replicate(typed_cfg(*SMALL, "run.end=2021Q4"), 5)
    monkeypatch.setattr(adoption, "BLOCK", 1 << 20)
    one_block = run_replicate(typed_cfg(*SMALL, "run.end=2021Q4"), 5)
    for name in one_block:
        assert small_blocks[name].equals(one_block[name]), name


def test_additionality_is_the_subsidy_of_adoptions_the_offer_brought_into_reach():
    """Σ paid × (1 − h0/h1) with both hazards computed in full equals, to the bit, the
    sum of the offers of the adoptions that were out of reach without them (what the
    model computes: a reachable firm's hazard does not depend on the offer)."""
    from dataclasses import replace

    from sim.model.adoption import adoption_hazard, decide_and_apply

    cfg = typed_cfg(*SMALL, "policy=all_in", "policy.fund.subsidy_rate=0.6",
                    "policy.fund.pilots_only=false")
    m = _model(cfg, 4)
    for _ in range(3):
        m.step()
    m.prepare_quarter()
    f, prm, inp = m.firms, m.adoption_params, m.quarter_inputs
    assert inp.subsidy_yi.any()
    h1 = adoption_hazard(f, prm, inp)
    h0 = adoption_hazard(f, prm, replace(inp, subsidy_yi=np.zeros_like(inp.subsidy_yi)))
    d = decide_and_apply(f, prm, inp, m.draws, apply=False, additionality=True)
    share = np.divide(h1 - h0, h1, out=np.zeros(h1.shape), where=h1 > 0)
    paid = d.adopt * inp.subsidy_yi
    assert d.bought.sum() > 0  # the offer brought some adoptions into reach
    assert set(np.unique(share[d.adopt])) <= {0.0, 1.0}
    assert float((paid * share).sum()) == float(np.multiply(d.bought, inp.subsidy_yi).sum())


def test_tables_are_identical_whatever_the_worker_count():
    """Replicates computed in one process or in two give the same bits."""
    from sim.run import run_scenario

    base = [*SMALL, "run.replicates=2", "run.parameters=fixed", "run.end=2021Q4",
            "run.progress=false"]
    one = run_scenario(typed_cfg(*base, "run.workers=1"), use_store=False).tables
    two = run_scenario(typed_cfg(*base, "run.workers=2"), use_store=False).tables
    for name in one:
        assert one[name].equals(two[name]), name
