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

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from numba import njit
from numba.core import types

_PACKAGE = Path(__file__).resolve().parent
_SOURCES = (
    *sorted(_PACKAGE.glob("*.py")),
    _PACKAGE.parent / "scenario.py",  # WEEKS_PER_YEAR and the parameter groups
    _PACKAGE.parent / "engine" / "streams.py",  # the stream names, in order
)
"""What the compiled engine is built from: its own modules and the constants they import."""
_STAMP = "microjob-kernel.sha256"


def source_digest(paths: Iterable[Path] = _SOURCES) -> str:
    """A digest of the engine's sources (names and contents)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode("utf-8"))
        h.update(path.read_bytes())
    return h.hexdigest()


def drop_stale_cache(cache: Path, digest: str) -> bool:
    """Delete the compiled functions in ``cache`` unless they were built from sources
    with ``digest``; then stamp it with ``digest``. Returns True if any were deleted.

    Numba keys each function's cache on that function's own file, but a compiled
    caller holds the machine code of everything it calls: after a change to a
    callee's module, a caller in an unchanged module would load the old callee from
    its cache and run stale code without a word. The whole engine's cache is
    therefore stamped with a digest of all its sources and dropped when they change.
    A cache directory that cannot be written is left alone (Numba then uses its own
    fallback location).
    """
    stamp = cache / _STAMP
    try:
        if stamp.read_text("utf-8") == digest:
            return False
    except OSError:
        pass
    dropped = False
    for path in [*cache.glob("*.nbi"), *cache.glob("*.nbc")]:
        try:
            path.unlink()
            dropped = True
        except FileNotFoundError:  # another process dropped it first
            pass
        except OSError:
            return dropped
    try:
        cache.mkdir(exist_ok=True)
        stamp.write_text(digest, "utf-8")
    except OSError:
        pass
    return dropped


if not os.environ.get("NUMBA_CACHE_DIR"):  # the default cache: __pycache__ beside the sources
    drop_stale_cache(_PACKAGE / "__pycache__", source_digest())

_compiled = njit(cache=True, _nrt=False)  # type: ignore[call-overload]


def kernel(func: Callable[..., Any]) -> Any:
    """Decorator of the compiled engine's functions.

    A call from compiled code with a constant argument (``end_spell(..., REASON_QUIT,
    False)``) would otherwise compile the callee, and everything it calls, once more
    for each distinct constant: Numba types a constant as a literal and compiles a
    dispatcher for the literal types it is called with. The engine never branches on
    a literal type, so its functions are compiled for the plain types alone, which
    cut the first compile from about 4⅓ to about 3 minutes (docs/design-notes.md §3d).
    """
    dispatcher = _compiled(func)
    if not hasattr(dispatcher, "get_call_template"):  # NUMBA_DISABLE_JIT=1: a function
        return dispatcher
    typed = dispatcher.get_call_template

    def plain_call_template(args: tuple[Any, ...], kws: dict[str, Any]) -> Any:
        return typed(
            tuple(types.unliteral(a) for a in args),
            {k: types.unliteral(v) for k, v in kws.items()},
        )

    dispatcher.get_call_template = plain_call_template
    return dispatcher


__all__ = ["copy", "drop_stale_cache", "kernel", "source_digest"]


@kernel
def copy(dst, src) -> None:  # type: ignore[no-untyped-def]
    """``dst[:] = src`` for 1-d arrays, element by element (no temporary)."""
    for i in range(src.shape[0]):
        dst[i] = src[i]
