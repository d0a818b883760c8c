"""How the engine's functions are compiled.

Every function of the compiled engine is decorated with :data:`kernel`:
Numba in nopython mode, cached on disk (compiled once per machine, then loaded
by every process, a pool's or a Dask cluster's included), and without Numba's
reference counting (``_nrt=False``). The engine's functions read and write
arrays they are handed and never allocate one, so there is nothing to count;
with counting on, every call would increment and decrement the count of each of
the dozens of arrays in the state tuple, which measured 100 times slower than
the work itself (``docs/design-notes.md``).
"""

from __future__ import annotations

from numba import njit

kernel = njit(cache=True, _nrt=False)  # type: ignore[call-overload]
"""Decorator of the compiled engine's functions."""

__all__ = ["copy", "kernel"]


@kernel
def copy(dst, src) -> None:  # type: ignore[no-untyped-def]
    """``dst[:] = src`` for 1-d arrays, element by element (no temporary)."""
    for i in range(src.shape[0]):
        dst[i] = src[i]
