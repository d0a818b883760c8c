"""The compiled engine's calendar: a binary heap of events in (time, priority, seq) order.

An entry is a time, a priority (0 before 1 at the same time), a sequence number
(creation order breaks the remaining ties, as in SimPy) and a payload: the kind
of event, two integer arguments and a version. Cancelling a timer bumps the
version its owner keeps (a worker's, a position's, a micro-job's); an entry
whose version no longer matches is stale and is dropped when it comes up.
When stale entries outnumber live ones the heap is rebuilt without them, so
cancelled offer timers, which lie years ahead, do not pile up.
"""

from __future__ import annotations

import numpy as np

from .jit import kernel
from .layout import CI_QUEUED, CI_SEQ, CI_STALE

# Integer columns of an entry.
H_PRIORITY = 0
H_SEQ = 1
H_KIND = 2
H_A = 3
H_B = 4
H_VERSION = 5
N_H = 6

URGENT = 0
NORMAL = 1


@kernel
def _before(ht: np.ndarray, hi: np.ndarray, i: int, j: int) -> bool:
    if ht[i] != ht[j]:
        return ht[i] < ht[j]
    if hi[i, H_PRIORITY] != hi[j, H_PRIORITY]:
        return hi[i, H_PRIORITY] < hi[j, H_PRIORITY]
    return hi[i, H_SEQ] < hi[j, H_SEQ]


@kernel
def _swap(ht: np.ndarray, hi: np.ndarray, i: int, j: int) -> None:
    ht[i], ht[j] = ht[j], ht[i]
    for k in range(N_H):
        hi[i, k], hi[j, k] = hi[j, k], hi[i, k]


@kernel
def _sift_up(ht: np.ndarray, hi: np.ndarray, i: int) -> None:
    while i > 0:
        parent = (i - 1) >> 1
        if _before(ht, hi, i, parent):
            _swap(ht, hi, i, parent)
            i = parent
        else:
            return


@kernel
def _sift_down(ht: np.ndarray, hi: np.ndarray, i: int, n: int) -> None:
    while True:
        left = 2 * i + 1
        if left >= n:
            return
        best = left
        right = left + 1
        if right < n and _before(ht, hi, right, left):
            best = right
        if _before(ht, hi, best, i):
            _swap(ht, hi, i, best)
            i = best
        else:
            return


@kernel
def push(
    ht: np.ndarray,
    hi: np.ndarray,
    ci: np.ndarray,
    t: float,
    priority: int,
    kind: int,
    a: int,
    b: int,
    version: int,
) -> None:
    """Queue an event (the caller keeps room: ``ci[CI_QUEUED] < len(ht)``)."""
    n = ci[CI_QUEUED]
    ht[n] = t
    hi[n, H_PRIORITY] = priority
    hi[n, H_SEQ] = ci[CI_SEQ]
    hi[n, H_KIND] = kind
    hi[n, H_A] = a
    hi[n, H_B] = b
    hi[n, H_VERSION] = version
    ci[CI_SEQ] += 1
    ci[CI_QUEUED] = n + 1
    _sift_up(ht, hi, n)


@kernel
def pop(ht: np.ndarray, hi: np.ndarray, ci: np.ndarray) -> None:
    """Remove the first entry (read it at index 0 before calling)."""
    n = ci[CI_QUEUED] - 1
    ci[CI_QUEUED] = n
    if n > 0:
        ht[0] = ht[n]
        for k in range(N_H):
            hi[0, k] = hi[n, k]
        _sift_down(ht, hi, 0, n)


@kernel
def heapify(ht: np.ndarray, hi: np.ndarray, n: int) -> None:
    """Restore the heap order of the first ``n`` entries."""
    for i in range(n // 2 - 1, -1, -1):
        _sift_down(ht, hi, i, n)


@kernel
def note_stale(ci: np.ndarray) -> bool:
    """Count one cancelled entry; True when the heap should be swept."""
    ci[CI_STALE] += 1
    return 2 * ci[CI_STALE] > ci[CI_QUEUED] + 1024
