"""Named random streams: every random draw of a run comes from one of these.

One root ``SeedSequence`` per run is split by purpose (``offers``,
``layoffs``, ``gigs``, ...). Two policies run with the same seed draw the same
numbers for the same purpose (common random numbers), whatever else differs.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np

__all__ = ["STREAMS", "Stream", "named_stream", "root_seed", "sample_distinct"]

STREAMS = (
    "population",
    "prices",
    "offers",
    "unemployment",
    "layoffs",
    "entry",
    "match",
    "hiring",
    "reviews",
    "gigs",
    "applications",
    "matching",
    "roles",
    "withdrawal",
    "experience",
    "managers",
    "education",
    "platform",
)
"""Named random streams, one per purpose (common random numbers across policies)."""


class Stream:
    """A named random stream with buffered scalar draws (cheap one at a time).

    Each kind of scalar draw reads an iterator over a buffer of ``_SIZE``
    draws, refilled from the generator when a draw finds it exhausted.
    ``gen`` is the underlying generator, for vectorised draws.
    """

    __slots__ = ("_arr", "_exp", "_ia", "_nor", "_uni", "gen")
    _SIZE = 512
    _ARRAY_SIZE = 65536

    def __init__(self, gen: np.random.Generator) -> None:
        self.gen = gen
        self._exp: Iterator[float] = iter(())
        self._uni: Iterator[float] = iter(())
        self._nor: Iterator[float] = iter(())
        self._arr = np.zeros(0)
        self._ia = 0

    def exp(self) -> float:
        """A standard exponential draw."""
        try:
            return next(self._exp)
        except StopIteration:
            self._exp = iter(self.gen.standard_exponential(self._SIZE).tolist())
            return next(self._exp)

    def uniform(self) -> float:
        """A uniform draw on [0, 1)."""
        try:
            return next(self._uni)
        except StopIteration:
            self._uni = iter(self.gen.random(self._SIZE).tolist())
            return next(self._uni)

    def normal(self) -> float:
        """A standard normal draw."""
        try:
            return next(self._nor)
        except StopIteration:
            self._nor = iter(self.gen.standard_normal(self._SIZE).tolist())
            return next(self._nor)

    def uniforms(self, n: int) -> np.ndarray:
        """``n`` uniform draws on [0, 1) as a read-only view into a buffer.

        The same numbers as ``gen.random(n)`` called again and again (each
        draw takes one output of the bit generator, so cutting one long
        sequence into pieces changes nothing). A stream used this way must
        not also use :meth:`uniform`.
        """
        i = self._ia
        if i + n > len(self._arr):
            fresh = self.gen.random(max(self._ARRAY_SIZE, n))
            self._arr = np.concatenate([self._arr[i:], fresh])
            self._arr.flags.writeable = False
            i = 0
        self._ia = i + n
        return self._arr[i : i + n]


def sample_distinct(stream: Stream, n: int, k: int) -> list[int]:
    """``k`` distinct indices from ``range(n)``, uniformly (Floyd's algorithm).

    Exact sampling without replacement in k draws, where numpy's
    ``choice(replace=False)`` would permute all n items.
    """
    chosen: set[int] = set()
    for j in range(n - k, n):
        i = int(stream.uniform() * (j + 1))
        chosen.add(j if i in chosen else i)
    return list(chosen)


def root_seed(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    """The run's root seed sequence (an int seed must be >= 0)."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed: must be an int or numpy.random.SeedSequence, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed: must be >= 0, got {seed!r}")
    return np.random.SeedSequence(int(seed))


def named_stream(root: np.random.SeedSequence, name: str) -> Stream:
    """A child stream keyed by purpose name (stable, independent of creation order)."""
    key = zlib.crc32(name.encode("utf-8"))
    child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, key))
    return Stream(np.random.Generator(np.random.PCG64(child)))
