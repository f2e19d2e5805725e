"""Property: any override either runs or is refused with one clear line; none crashes.

Random keys (real ones, misspelt ones, nested junk), random values (numbers of any size,
NaN and infinities, booleans, strings, quarters, lists) and prefixes (+, ~) are thrown at
the same check the command line uses. A refused override must give a single non-empty
line naming something the analyst typed; an accepted one must run the model (small world,
two quarters) without an exception.
"""

from __future__ import annotations

import math

import pytest
from hydra.core.override_parser.overrides_parser import OverridesParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from omegaconf import OmegaConf

from sim.cli import check_overrides
from sim.config.validation import to_typed
from sim.run import run_replicate
from tests.conftest import SMALL, compose_cfg

# Everything after the random override: a small, short run (these win over it).
FAST = [*SMALL, "run.start=2020Q1", "run.end=2020Q2", "run.replicates=1", "run.workers=1"]


def _known_keys() -> list[str]:
    flat = OmegaConf.to_container(compose_cfg(), resolve=True)
    keys: list[str] = []

    def walk(node, prefix):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{prefix}{k}.")
        else:
            keys.append(prefix[:-1])
    walk(flat, "")
    return keys


KNOWN = _known_keys()
GROUPS = ["policy", "world", "behaviour", "experiment"]
keys = st.one_of(
    st.sampled_from(KNOWN),
    st.sampled_from(GROUPS),
    st.sampled_from(KNOWN).map(lambda k: k + "x"),  # misspelt
    st.from_regex(r"[a-z]{1,8}(\.[a-z_]{1,8}){0,3}", fullmatch=True),
)
numbers = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=True,
                                                             allow_infinity=True))
values = st.one_of(
    numbers.map(lambda x: repr(x) if isinstance(x, float) and math.isfinite(x) else str(x)),
    st.booleans().map(str).map(str.lower),
    st.from_regex(r"(19|20|21)[0-9]{2}Q[0-6]", fullmatch=True),
    st.sampled_from(["draft", "none", "all_in", "zh", "en", "agents", "null", "''", "[]",
                     "[1,2]", "{a: 1}", "NaN", "-inf"]),
    st.text(alphabet="abcxyz_-.0123456789", min_size=1, max_size=8),
)
prefixes = st.sampled_from(["", "", "", "+", "~", "++"])


# A NaN or a log of a negative number would let a bad value through silently: fail on it.
@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(prefix=prefixes, key=keys, value=values)
def test_any_override_runs_or_is_refused_in_one_line(prefix, key, value):
    override = f"{prefix}{key}" if prefix == "~" else f"{prefix}{key}={value}"
    try:
        OverridesParser.create().parse_overrides([override])
    except Exception:
        pass  # a syntax error: the check below must still answer in one line
    problem = check_overrides([override, *FAST])
    if problem is not None:
        assert isinstance(problem, str) and problem.strip()
        assert "\n" not in problem and "Traceback" not in problem
        return
    cfg = to_typed(compose_cfg(override, *FAST))
    tables = run_replicate(cfg, seed=1)
    assert len(tables["province"]) == 2
