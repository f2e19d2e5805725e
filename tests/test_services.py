"""Service firms' own path tables and the services -> manufacturing mechanisms (issue 11).

Paired on a common seed: a services parameter moves service firms' adoption (and their
pilot designations) and leaves manufacturers bit for bit where they were, once the
channels through which the two kinds meet are held still (region platforms, which read
both kinds' adoption; the pilots' demonstration and shared quota)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.adoption import AdoptionParams, firm_class
from sim.model.vocabulary import FIELDS, PATHS
from sim.model.world import build_world
from sim.run import run_replicate
from sim.world_data import region_data
from tests.conftest import SMALL, typed_cfg

QUIET = [*SMALL, "policy=none", "run.parameters=fixed", "behaviour.region_platform_rate=0"]


def _kind_shares(tables, kind: str) -> np.ndarray:
    a = tables["adoption"]
    return a[(a["breakdown"] == "kind") & (a["group"] == kind)]["share"].to_numpy()


def test_service_tables_are_read_by_service_firms_only():
    cfg = typed_cfg()
    prm = AdoptionParams.from_behaviour(cfg.behaviour)
    n_f = len(FIELDS)
    b = cfg.behaviour
    equipment, rd = FIELDS.index("equipment"), FIELDS.index("rd_design")
    assert prm.fit[equipment, 0] == b.path_fit["equipment"]["digitalization"]
    # R&D/design firms: their own fit, raised on flexibilization and integration.
    flex, integ = PATHS.index("flexibilization"), PATHS.index("integration")
    assert prm.fit[n_f + rd, integ] == pytest.approx(
        b.service_path_fit["rd_design"]["integration"] * (1 + b.contract_mfg_fit_gain))
    assert prm.cross_gain[n_f + rd, flex] == pytest.approx(
        b.manufacturing_share_gain["flexibilization"] + b.contract_mfg_share_gain)
    assert prm.cost_yi.shape == (2, 3, len(PATHS))
    assert prm.exposure.shape == (2, len(PATHS), 5)


def test_service_barrier_exposure_moves_only_service_firms():
    quiet = [*QUIET, "policy.pilots.enabled=false"]
    a = run_replicate(typed_cfg(*quiet), 5)
    b = run_replicate(typed_cfg(*quiet, "behaviour.service_barrier_exposure.integration.market=0.0"),
                      5)
    assert np.array_equal(_kind_shares(a, "manufacturing"), _kind_shares(b, "manufacturing"))
    assert b["province"]["services_integration"].iloc[-1] > a["province"][
        "services_integration"].iloc[-1]


def test_a_services_parameter_moves_only_service_firms():
    off = run_replicate(typed_cfg(*QUIET, "policy.pilots.enabled=false",
                                  "behaviour.contract_mfg_fit_gain=0",
                                  "behaviour.supply_chain_fit_gain=0"), 7)
    on = run_replicate(typed_cfg(*QUIET, "policy.pilots.enabled=false",
                                 "behaviour.contract_mfg_fit_gain=1.0",
                                 "behaviour.supply_chain_fit_gain=1.0"), 7)
    assert np.array_equal(_kind_shares(off, "manufacturing"), _kind_shares(on, "manufacturing"))
    p_off, p_on = off["province"].iloc[-1], on["province"].iloc[-1]
    # The mechanisms' paths rise for service firms: integration (both), sharing (logistics).
    assert p_on["services_integration"] > p_off["services_integration"] + 0.02
    assert p_on["services_sharing"] > p_off["services_sharing"]
    assert p_on["U2_manufacturing_extension"] > p_off["U2_manufacturing_extension"]
    assert p_on["U1"] == p_off["U1"]  # the manufacturing subsystem did not move


def test_a_services_parameter_moves_only_service_pilot_designations():
    pilots = ["policy.pilots.enterprise_quota_per_year=0", "behaviour.pilot_demonstration=0",
              "behaviour.region_application_rate=0"]
    low = run_replicate(typed_cfg(*QUIET, *pilots, "behaviour.contract_mfg_share_gain=0",
                                  "behaviour.supply_chain_share_gain=0"), 7)["province"]
    high = run_replicate(typed_cfg(*QUIET, *pilots, "behaviour.contract_mfg_share_gain=0.08",
                                   "behaviour.supply_chain_share_gain=0.06"), 7)["province"]
    assert low["pilot_enterprises_manufacturing"].equals(high["pilot_enterprises_manufacturing"])
    assert high["pilot_enterprises_services"].iloc[-1] > low["pilot_enterprises_services"].iloc[-1]
    assert (high["U2_manufacturing_revenue_share"].iloc[-1]
            > low["U2_manufacturing_revenue_share"].iloc[-1])


def test_firm_class_rows():
    cfg = typed_cfg(*SMALL)
    f = build_world(cfg.world, region_data(cfg.world), np.random.default_rng(1)).firms
    rows = firm_class(f)
    assert (rows[f.kind == 0] < len(FIELDS)).all() and (rows[f.kind == 1] >= len(FIELDS)).all()


def test_with_no_policy_and_no_pilots_manufacturers_stay_where_they_were():
    """The constraint of issue 11: the committed posterior fits manufacturers under
    `none` without pilots; the service mechanisms (default on) must leave them there."""
    off = ["behaviour.contract_mfg_fit_gain=0", "behaviour.supply_chain_fit_gain=0",
           "behaviour.contract_mfg_share_gain=0", "behaviour.supply_chain_share_gain=0"]
    base = [*SMALL, "policy=none", "run.parameters=fixed", "policy.pilots.enabled=false"]
    for seed in (1, 2):
        a = run_replicate(typed_cfg(*base, *off), seed)["province"]
        b = run_replicate(typed_cfg(*base), seed)["province"]
        cols = [c for c in a.columns if c.startswith("indicator_")]
        assert (a[cols] - b[cols]).abs().to_numpy().max() < 0.005
        assert b["services_integration"].iloc[-1] > a["services_integration"].iloc[-1]


def test_service_pilots_have_their_own_cross_sector_bar():
    pilots = [*QUIET, "policy.pilots.enterprise_quota_per_year=0",
              "behaviour.pilot_demonstration=0", "behaviour.region_application_rate=0"]
    low = run_replicate(typed_cfg(*pilots, "policy.pilots.service_min_cross_share=0.15"),
                        7)["province"]
    high = run_replicate(typed_cfg(*pilots, "policy.pilots.service_min_cross_share=0.30"),
                         7)["province"]
    assert low["pilot_enterprises_manufacturing"].equals(high["pilot_enterprises_manufacturing"])
    assert low["pilot_enterprises_services"].iloc[-1] > high["pilot_enterprises_services"].iloc[-1]
