"""Property: any override either runs or is refused with one clear line; none crashes.

Random keys (real ones, misspelt ones, nested junk), random values (numbers of any size,
NaN and infinities, booleans, strings, quarters, lists) and prefixes (+, ~) are thrown at
the same check the command line uses. A refused override must give a single non-empty
line naming something the analyst typed; an accepted one must show in the typed config (the
key holds the value given) and run the model (small world, three quarters, so the draft's
levers start inside the run) without an exception.
"""

from __future__ import annotations

import math

import pytest
from hydra.core.override_parser.overrides_parser import OverridesParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from omegaconf import OmegaConf

from sim.cli import checked_config
from sim.config.errors import ConfigError
from sim.run import run_replicate
from tests.conftest import SMALL, compose_cfg

# Everything after the random override: a small, short run (these win over it).
FAST = [*SMALL, "run.start=2020Q1", "run.end=2020Q3", "run.replicates=1", "run.workers=1"]


def _known_values() -> dict[str, object]:
    flat = OmegaConf.to_container(compose_cfg(), resolve=True)
    known: dict[str, object] = {}

    def walk(node, prefix):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{prefix}{k}.")
        else:
            known[prefix[:-1]] = node
    walk(flat, "")
    return known


DEFAULTS = _known_values()
KNOWN = list(DEFAULTS)
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
# Numeric keys at a fraction of their default: mostly accepted, so the check that an
# accepted value took effect has something to bite on.
NUMERIC = [k for k, v in DEFAULTS.items()
           if isinstance(v, int | float) and not isinstance(v, bool) and v > 0]
scaled = st.tuples(st.sampled_from(NUMERIC), st.floats(0.5, 0.99)).map(
    lambda kv: (kv[0], repr(type(DEFAULTS[kv[0]])(DEFAULTS[kv[0]] * kv[1]))))
pairs = st.one_of(st.tuples(keys, values), scaled)
prefixes = st.sampled_from(["", "", "", "+", "~", "++"])


# A NaN or a log of a negative number would let a bad value through silently: fail on it.
@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(prefix=prefixes, pair=pairs)
def test_any_override_runs_or_is_refused_in_one_line(prefix, pair):
    key, value = pair
    override = f"{prefix}{key}" if prefix == "~" else f"{prefix}{key}={value}"
    try:
        OverridesParser.create().parse_overrides([override])
    except Exception:
        pass  # a syntax error: the check below must still answer in one line
    try:
        _, cfg = checked_config([override, *FAST])  # exactly what the command line does
    except ConfigError as exc:
        problem = str(exc)
        assert problem.strip() and "\n" not in problem and "Traceback" not in problem
        return
    if prefix != "~" and key not in GROUPS and not any(f.startswith(f"{key}=") for f in FAST):
        _assert_took_effect(cfg, key, override)  # also: no key is accepted and then ignored
    tables = run_replicate(cfg, seed=1)
    assert len(tables["province"]) == 3


def _assert_took_effect(cfg, key: str, override: str) -> None:
    """The typed config holds the value the override gave (as its field's type)."""
    wanted = OverridesParser.create().parse_overrides([override])[0].value()
    node = cfg
    for part in key.split("."):
        assert part in node if isinstance(node, dict) else hasattr(node, part), \
            f"{override} was accepted but the config has no {key}"
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    if isinstance(node, bool) or wanted is None or isinstance(node, (list, dict)):
        assert node == wanted, (override, node)
    elif isinstance(node, str):
        assert node == str(wanted), (override, node)
    else:  # a number: ints given to float fields become floats
        assert node == wanted or (math.isnan(node) and math.isnan(wanted)), (override, node)
