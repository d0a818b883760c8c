"""Getting the compiled engine ready, and measuring what that costs.

The engine is compiled the first time a process on a machine needs it and cached
on disk (next to the package's modules, or in ``NUMBA_CACHE_DIR``); every later
process, a pool's or a Dask worker's included, loads the machine code instead.
:func:`warm_up` does that first step on purpose (``microjob bench`` reports it);
:func:`cold_compile_seconds` measures a compile from nothing in a fresh process
with an empty cache directory, which leaves the real cache alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import attrs

__all__ = ["Readiness", "cold_compile_seconds", "probably_cached", "warm_up"]


@attrs.frozen
class Readiness:
    """How the engine became ready in this process."""

    seconds: float
    """Wall time of the first (tiny) run, loading or compiling included."""
    compiled: bool
    """Whether anything was compiled (False: all loaded from the on-disk cache)."""


def _tiny_run() -> None:
    import microjob as mj

    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=0.5, horizon_years=0.5)
    mj.simulate(scenario, seed=0, policy=mj.InternalFreelance())


def probably_cached() -> bool:
    """Whether the event loop's machine code is on disk (a guess, for messages only:
    a cache from older sources is found but recompiled)."""
    from . import core

    try:
        return os.path.exists(core.advance_run._cache._cache_file._index_path)
    except AttributeError:  # NUMBA_DISABLE_JIT=1, or another Numba's internals
        return True


def warm_up() -> Readiness:
    """Run a tiny simulation so the engine is loaded (or compiled and cached)."""
    from . import core, population

    start = time.perf_counter()
    _tiny_run()
    seconds = time.perf_counter() - start
    entry_points = (
        population.place_incumbents,
        core.start_processes,
        core.advance_run,
        core.close_run,
    )
    compiled = any(sum(d.stats.cache_misses.values()) for d in entry_points)
    return Readiness(seconds, compiled)


def cold_compile_seconds() -> float:
    """Seconds a fresh process takes to compile the engine with an empty cache."""
    with tempfile.TemporaryDirectory(prefix="microjob-numba-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        env.pop("NUMBA_DISABLE_JIT", None)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from microjob.kernel.warm import _tiny_run; _tiny_run()"],
            env=env,
            check=True,
        )
        return time.perf_counter() - start
