"""The event log: what trackers see, written by the compiled engine.

When a run has trackers, the state carries an event log (``st.evf``/``st.evi``,
columns in :mod:`~microjob.kernel.layout`); without them the log has no rows and
:func:`log` returns at once, so a run without trackers pays one comparison per
event. The engine stops when fewer than ``LOG_MARGIN`` rows are free and the
driver shows the rows to the trackers, in order, then empties the log.
"""

from __future__ import annotations

from .jit import kernel
from .layout import CI_LOG_LOST, CI_LOGGED


@kernel
def log(st, kind, t, w, c, i0, i1, i2, i3, x0, x1, x2, x3, x4):  # type: ignore[no-untyped-def]
    """Append one event: its kind, time, worker, company and kind-specific values."""
    rows = st.evi.shape[0]
    if rows == 0:
        return
    i = st.ci[CI_LOGGED]
    if i >= rows:  # the engine keeps a margin free: never expected
        st.ci[CI_LOG_LOST] += 1
        return
    st.ci[CI_LOGGED] = i + 1
    evf, evi = st.evf, st.evi
    evf[i, 0] = t
    evf[i, 1] = x0
    evf[i, 2] = x1
    evf[i, 3] = x2
    evf[i, 4] = x3
    evf[i, 5] = x4
    evi[i, 0] = kind
    evi[i, 1] = w
    evi[i, 2] = c
    evi[i, 3] = i0
    evi[i, 4] = i1
    evi[i, 5] = i2
    evi[i, 6] = i3


@kernel
def log_simple(st, kind, t, w, c):  # type: ignore[no-untyped-def]
    """Append an event that carries no values beyond who and where."""
    log(st, kind, t, w, c, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0)


@kernel
def tracked(st) -> bool:  # type: ignore[no-untyped-def]
    """Whether the run logs events (some callers skip work otherwise)."""
    return st.evi.shape[0] > 0


__all__ = ["log", "log_simple", "tracked"]
