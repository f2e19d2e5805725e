"""The allocator setting the model makes once per process (sim/model/allocator.py)."""

import platform
import subprocess
import sys

import pytest

from sim.model.allocator import keep_freed_memory

ON_GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not ON_GLIBC, reason="mallopt thresholds exist in glibc only")
def test_glibc_takes_the_thresholds_and_a_second_call_changes_nothing():
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True


def test_building_a_model_sets_them_in_a_fresh_process():
    code = ("import sim.model.allocator as a; before = a._done; "
            "from sim.mesa_model import IntegrationModel; "
            "IntegrationModel('draft', firms_per_agent=40, rng=3); print(before, a._done)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", str(ON_GLIBC)]
