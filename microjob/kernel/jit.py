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

from collections.abc import Callable
from typing import Any

from numba import njit
from numba.core import types

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


__all__ = ["copy", "kernel"]


@kernel
def copy(dst, src) -> None:  # type: ignore[no-untyped-def]
    """``dst[:] = src`` for 1-d arrays, element by element (no temporary)."""
    for i in range(src.shape[0]):
        dst[i] = src[i]
