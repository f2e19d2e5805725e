"""One quarter's uniform draws per firm × path, without holding them all at once.

Each quarter every firm gets one U(0,1) per path for adopting, then one per path for
abandoning: the numbers ``rng.random((firms, paths))`` twice gives, drawn whatever the
state, so both engines (and scenarios on common random numbers) consume identical
streams. Held whole they take 80 bytes a firm at the quarter's peak (80 MB at 10^6
firms); ``QuarterDraws`` hands them out a block of firms at a time instead.

How: a counter-based generator (PCG64, what ``numpy.random.default_rng`` and Mesa use)
can jump ahead. The quarter notes where the stream stands, moves the model's generator
past both sets at once (so every later draw is the one it always was), and replays any
stretch from the noted position: a double is exactly one 64-bit step, so the adoption
draw of firm i, path k is step 5·i + k and its abandonment draw step 5·(n + i) + k.
Any other bit generator (MT19937, or Philox, whose jumps count 4-word blocks) gets the
two arrays drawn whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

# The part of a bit generator's state that doubles never touch (a half-used 64-bit word
# kept for 32-bit draws); jumping must leave it as drawing would.
_BUFFER_KEYS = ("has_uint32", "uinteger")
# Bit generators whose ``advance(k)`` is exactly k 64-bit outputs.
JUMPS_BY_ONE = (np.random.PCG64, np.random.PCG64DXSM)


class QuarterDraws:
    """The quarter's (adopt, abandon) uniforms for ``n`` firms × ``width`` paths."""

    def __init__(self, rng: np.random.Generator, n: int, width: int,
                 spares: tuple[np.random.BitGenerator, ...] = ()) -> None:
        """``spares``: bit generators of the same kind to replay with (the model keeps
        two, so a quarter does not seed new ones); their state is overwritten."""
        self.n, self.width = n, width
        bitgen = rng.bit_generator
        self._whole: tuple[np.ndarray, np.ndarray] | None = None
        if not isinstance(bitgen, JUMPS_BY_ONE):
            self._whole = (rng.random((n, width)), rng.random((n, width)))
            return
        self._kind, self._start = type(bitgen), bitgen.state
        self._spares = [b for b in spares if type(b) is self._kind]
        bitgen.advance(2 * n * width)
        if self._start.get("has_uint32"):  # advancing dropped the half-used word
            bitgen.state = {**bitgen.state, **{k: self._start[k] for k in _BUFFER_KEYS}}

    def _replay(self, step: int) -> np.random.Generator:
        """A generator standing at ``step`` of the quarter's stretch."""
        bitgen = self._spares.pop() if self._spares else self._kind(0)  # seed overwritten
        bitgen.state = self._start
        return np.random.Generator(bitgen.advance(step))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Both (firms, paths) arrays whole (the per-agent engine and tests read them)."""
        if self._whole is not None:
            return self._whole
        gen = self._replay(0)
        return gen.random((self.n, self.width)), gen.random((self.n, self.width))

    def blocks(self, size: int) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
        """(slice of firms, their adopt draws, their abandon draws), block by block."""
        if self._whole is not None:
            yield from GivenDraws(*self._whole).blocks(size)
            return
        adopt, abandon = self._replay(0), self._replay(self.n * self.width)
        for a in range(0, self.n, size):
            s = slice(a, min(a + size, self.n))
            rows = s.stop - s.start
            yield s, adopt.random((rows, self.width)), abandon.random((rows, self.width))


class GivenDraws:
    """Draws already held as two (firms, paths) arrays, handed out the same way."""

    def __init__(self, u_adopt: np.ndarray, u_abandon: np.ndarray) -> None:
        self.u_adopt, self.u_abandon = u_adopt, u_abandon

    def blocks(self, size: int) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
        n = len(self.u_adopt)
        for a in range(0, n, size):
            s = slice(a, min(a + size, n))
            yield s, self.u_adopt[s], self.u_abandon[s]
