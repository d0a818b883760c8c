"""The risk table every survival estimator of :mod:`microjob.survival` stands on.

Survival data come in as durations, event flags and delayed-entry times
(checked here, with messages that name the argument and the first bad value)
and go out as a risk table: the distinct exit times and, at each, the number
at risk, the events and the exits. A subject is at risk at time t when
entry <= t <= duration (the convention of lifelines and of the
counting-process literature for left-truncated data with ties between
entries and exits). All work is vectorised: one sort of the durations (with
the event flag packed into the sort key), a few cumulative sums, and a
binary search per distinct time for delayed entries.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["counts_at", "risk_table", "survival_data"]


def _first_bad(values: np.ndarray, bad: np.ndarray) -> str:
    i = int(np.flatnonzero(bad)[0])
    return f"got {values[i]!r} at position {i}"


def _times(values: ArrayLike, name: str, n: int | None = None) -> np.ndarray:
    """``values`` as finite, non-negative floats: ``n`` of them, or any number but none."""
    try:
        x = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: must be numbers ({exc})") from None
    if n is not None and x.shape != (n,):
        raise ValueError(f"{name}: must have the length of durations ({n}), got shape {x.shape}")
    if x.ndim != 1:
        raise ValueError(f"{name}: must be one-dimensional, got shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"{name}: must not be empty")
    bad = ~np.isfinite(x) | (x < 0)
    if bad.any():
        raise ValueError(f"{name}: must be finite and >= 0, {_first_bad(x, bad)}")
    return x


def _flags(observed: ArrayLike | None, name: str, n: int) -> np.ndarray:
    """Event flags (booleans or 0/1) as booleans; all events when ``observed`` is None."""
    if observed is None:
        return np.ones(n, dtype=bool)
    raw = np.asarray(observed)
    if raw.shape != (n,):
        raise ValueError(f"{name}: must have the length of durations ({n}), got shape {raw.shape}")
    if raw.dtype == bool:
        return raw
    try:
        num = raw.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be booleans or 0/1") from None
    bad = (num != 0) & (num != 1)
    if bad.any():
        raise ValueError(f"{name}: must be booleans or 0/1, {_first_bad(raw, bad)}")
    return num == 1


def survival_data(
    durations: ArrayLike, observed: ArrayLike | None, entry: ArrayLike | None, where: str = ""
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate and convert survival data; ``where`` prefixes names in messages."""
    # -0.0 becomes +0.0, so that the bit patterns of the durations sort as the numbers do.
    d = _times(durations, f"{where}durations") + 0.0
    e = _flags(observed, f"{where}observed", d.size)
    if entry is None:
        return d, e, None
    t0 = _times(entry, f"{where}entry", d.size)
    late = t0 > d
    if late.any():
        i = int(np.flatnonzero(late)[0])
        raise ValueError(
            f"{where}entry: must not exceed the duration, got entry {t0[i]!r} > "
            f"duration {d[i]!r} at position {i}"
        )
    return d, e, t0


def risk_table(
    d: np.ndarray, e: np.ndarray, entry: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct exit times with the numbers at risk, events and exits at each.

    Non-negative doubles order as their bit patterns read as unsigned
    integers, and the sign bit is free, so shifting the bits left by one and
    putting the event flag in the lowest bit gives keys that sort by duration
    (censorings before events at a tie) in a single ``np.sort``: no argsort,
    no second sort, no gather.
    """
    n = d.size
    key = d.view(np.uint64) << np.uint64(1)
    np.add(key, e, out=key, casting="unsafe")
    key.sort()
    flags = (key & np.uint64(1)).view(np.int64)
    key >>= np.uint64(1)
    t = key.view(np.float64)
    ends = np.flatnonzero(t[1:] != t[:-1])
    if ends.size == n - 1:
        # Every time distinct (continuous durations): one exit per time.
        times, events, exits = t, flags, np.ones(n, dtype=np.int64)
        exited_before = np.arange(n, dtype=np.int64)
    else:
        ends = np.append(ends, n - 1)
        times = t[ends]
        exited = ends + 1  # exits at or before each time
        events = np.diff(np.cumsum(flags)[ends], prepend=0)
        exits = np.diff(exited, prepend=0)
        exited_before = exited - exits
    if entry is None:
        at_risk = n - exited_before
    else:
        # Entries at 0 are at risk from the start; usually only a minority of
        # spells (those begun before the window) enter late. Each late entry
        # joins the risk set at the first exit time at or after it: locate those
        # (sorted first, so the binary searches walk memory in order) and accumulate.
        late = np.sort(entry[entry > 0.0])
        joins = np.bincount(np.searchsorted(times, late, side="left"), minlength=times.size + 1)
        at_risk = (n - late.size) + np.cumsum(joins[: times.size]) - exited_before
    return times, at_risk, events, exits


def counts_at(times: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """How many of ``sorted_values`` equal each of ``times``."""
    return np.searchsorted(sorted_values, times, side="right") - np.searchsorted(
        sorted_values, times, side="left"
    )
