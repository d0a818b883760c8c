"""Kinds of events, cancellable timers and the sweep of stale queue entries (compiled).

Each worker has at most four pending events -- the next outside offer they would
accept, the cut of their job, the revelation of their match quality and a quit
out of the labour force -- served by one timer at the earliest (:func:`arm`).
Positions being filled and micro-jobs in progress have a timer each; the other
kinds (retirement, return to the labour force, the companies' processes) are
never cancelled.
"""

from __future__ import annotations

import math

from . import heap
from .heap import H_A, H_KIND, H_VERSION, NORMAL
from .jit import copy, kernel
from .layout import (
    CF_NOW,
    CI_QUEUED,
    CI_STALE,
    GI_VERSION,
    PI_FILL_VERSION,
    WF_LAYOFF_DUE,
    WF_OFFER_DUE,
    WF_REVEAL_DUE,
    WF_TIMER_DUE,
    WF_WITHDRAW_DUE,
    WI_TIMER_VERSION,
)

K_WORKER = 0
K_RETIRE = 1
K_RETURN = 2
K_GIG_END = 3
K_FILL = 4
K_ENTRY = 5
K_REVIEW = 6
K_POST = 7
K_WINDOW = 8
K_PROJECT = 9
K_ENGAGEMENT_END = 10


@kernel
def call_at(st, t: float, kind: int, a: int, b: int, version: int) -> None:  # type: ignore[no-untyped-def]
    """Queue an event of ``kind`` at ``t`` (never before now)."""
    now = st.cf[CF_NOW]
    heap.push(st.ht, st.hi, st.ci, t if t > now else now, NORMAL, kind, a, b, version)


@kernel
def is_live(st, i: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether queue entry ``i`` is still wanted (its owner's version matches)."""
    kind = st.hi[i, H_KIND]
    a = st.hi[i, H_A]
    version = st.hi[i, H_VERSION]
    if kind == K_WORKER:
        return st.wi[a, WI_TIMER_VERSION] == version
    if kind == K_GIG_END:
        return st.gi[a, GI_VERSION] == version
    if kind == K_FILL:
        return st.pi[a, PI_FILL_VERSION] == version
    return True


@kernel
def sweep(st) -> None:  # type: ignore[no-untyped-def]
    """Rebuild the queue without stale entries (the order of the rest is unchanged)."""
    n = st.ci[CI_QUEUED]
    kept = 0
    for i in range(n):
        if is_live(st, i):
            if kept != i:
                st.ht[kept] = st.ht[i]
                copy(st.hi[kept], st.hi[i])
            kept += 1
    st.ci[CI_QUEUED] = kept
    st.ci[CI_STALE] = 0
    heap.heapify(st.ht, st.hi, kept)


@kernel
def cancelled(st) -> None:  # type: ignore[no-untyped-def]
    """Note one cancelled entry, sweeping the queue once stale entries dominate."""
    if heap.note_stale(st.ci):
        sweep(st)


@kernel
def arm(st, prm, w: int) -> None:  # type: ignore[no-untyped-def]
    """Keep the worker's one timer at the earliest of their due times.

    A timer is replaced only when that earliest time changes, so no timer ever
    fires with nothing to do, and none is set past the end of the run.
    """
    wf = st.wf
    due = wf[w, WF_OFFER_DUE]
    due = min(due, wf[w, WF_LAYOFF_DUE])
    due = min(due, wf[w, WF_REVEAL_DUE])
    due = min(due, wf[w, WF_WITHDRAW_DUE])
    if due == wf[w, WF_TIMER_DUE]:
        return
    if wf[w, WF_TIMER_DUE] < math.inf:
        st.wi[w, WI_TIMER_VERSION] += 1
        cancelled(st)
    if due < prm.end:
        call_at(st, due, K_WORKER, w, 0, st.wi[w, WI_TIMER_VERSION])
        wf[w, WF_TIMER_DUE] = due
    else:
        wf[w, WF_TIMER_DUE] = math.inf


__all__ = ["arm", "call_at", "cancelled", "is_live", "sweep"]
