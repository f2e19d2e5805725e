"""The quarter's uniforms handed out block by block are the numbers drawing them whole
gives, and the model's generator ends where drawing them whole leaves it."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.draws import QuarterDraws


def _whole(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.random((n, 5)), rng.random((n, 5))


def _same(a, b) -> bool:
    """Equal bit-generator states (MT19937's holds an array)."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(np.array_equal(a, b))


@pytest.mark.parametrize("bitgen", [np.random.PCG64, np.random.PCG64DXSM, np.random.MT19937])
@pytest.mark.parametrize("half_used_word", [False, True])
def test_blocks_are_the_whole_draws_and_the_stream_goes_on_unchanged(bitgen, half_used_word):
    n, block = 1_003, 128  # a last block shorter than the others
    mine, ref = np.random.Generator(bitgen(7)), np.random.Generator(bitgen(7))
    if half_used_word:  # a small bounded integer leaves half a 64-bit word buffered
        assert mine.integers(0, 10, dtype=np.uint32) == ref.integers(0, 10, dtype=np.uint32)
    draws = QuarterDraws(mine, n, 5)
    u_adopt, u_abandon = _whole(ref, n)
    pieces = list(draws.blocks(block))
    assert [s.start for s, _, _ in pieces] == list(range(0, n, block))
    assert np.array_equal(np.concatenate([a for _, a, _ in pieces]), u_adopt)
    assert np.array_equal(np.concatenate([b for _, _, b in pieces]), u_abandon)
    whole = draws.arrays()
    assert np.array_equal(whole[0], u_adopt) and np.array_equal(whole[1], u_abandon)
    # What comes after (regions, reviews, the next quarter) is what it always was.
    assert _same(mine.bit_generator.state, ref.bit_generator.state)
    assert np.array_equal(mine.random(9), ref.random(9))
    assert mine.integers(0, 10, 5, dtype=np.uint32).tolist() == \
        ref.integers(0, 10, 5, dtype=np.uint32).tolist()
