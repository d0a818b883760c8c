"""Micro-jobs in progress: the table of them, and what happens when one ends (compiled).

A micro-job's own learning is applied when it ends (completed, or cut short by
its worker leaving): the skills its team works with and their neighbours move
toward 1 at rate ``eta x effort`` for the weeks worked, on top of the role's
learning. The output the home role lost is counted as a cost, and the record is
written if the micro-job started in the window.
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_YEAR

from . import events, timers
from .jit import kernel
from .layout import (
    CI_FREE_GIG,
    CI_GIG_RECORDS,
    CI_GIG_SLOTS,
    CI_MAX_WORKER_GIGS,
    EV_GIG_END,
    GF_EFFORT,
    GF_START,
    GI_COMPANY,
    GI_ID,
    GI_NEXT,
    GI_TEAM,
    GI_TIMED,
    GI_VERSION,
    GI_WORKER,
    SK_PEAK,
    SK_PROFICIENCY,
    WC_GIG_OUTPUT_COST,
    WF_GIG_LOAD,
    WF_GROWTH,
    WF_WAGE,
    WI_EMPLOYER,
    WI_GIG_COUNT,
    WI_GIG_HEAD,
    WI_GIG_PARTICIPANT,
    WI_ROLE,
)
from .learning import advance, refresh_target, wage_index


@kernel
def new_slot(st, w: int) -> int:  # type: ignore[no-untyped-def]
    """A free row of the micro-job table, linked at the end of worker ``w``'s list."""
    g = st.ci[CI_FREE_GIG]
    if g >= 0:
        st.ci[CI_FREE_GIG] = st.gi[g, GI_NEXT]
    else:
        g = st.ci[CI_GIG_SLOTS]
        st.ci[CI_GIG_SLOTS] = g + 1
    st.gi[g, GI_NEXT] = -1
    st.gi[g, GI_WORKER] = w
    head = st.wi[w, WI_GIG_HEAD]
    if head < 0:
        st.wi[w, WI_GIG_HEAD] = g
    else:
        while st.gi[head, GI_NEXT] >= 0:
            head = st.gi[head, GI_NEXT]
        st.gi[head, GI_NEXT] = g
    count = st.wi[w, WI_GIG_COUNT] + 1
    st.wi[w, WI_GIG_COUNT] = count
    if count > st.ci[CI_MAX_WORKER_GIGS]:
        st.ci[CI_MAX_WORKER_GIGS] = count
    return g


@kernel
def release_slot(st, g: int) -> None:  # type: ignore[no-untyped-def]
    """Unlink row ``g`` from its worker's list and free it (its timer is cancelled)."""
    w = st.gi[g, GI_WORKER]
    head = st.wi[w, WI_GIG_HEAD]
    if head == g:
        st.wi[w, WI_GIG_HEAD] = st.gi[g, GI_NEXT]
    else:
        while st.gi[head, GI_NEXT] != g:
            head = st.gi[head, GI_NEXT]
        st.gi[head, GI_NEXT] = st.gi[g, GI_NEXT]
    st.wi[w, WI_GIG_COUNT] -= 1
    if st.gi[g, GI_TIMED]:
        st.gi[g, GI_TIMED] = 0
        st.gi[g, GI_VERSION] += 1
        timers.cancelled(st)
    st.gi[g, GI_NEXT] = st.ci[CI_FREE_GIG]
    st.ci[CI_FREE_GIG] = g


@kernel
def practise(st, prm, fi, ro, w, spill, effort, start, t):  # type: ignore[no-untyped-def]
    """Learning from ``effort`` of a week on work that moves the skills ``spill``
    (a micro-job or a platform engagement) from ``start`` to ``t``, on top of the
    role's; returns the skill added (also counted as growth in the job)."""
    advance(st, w, t)
    p, peak = st.sk[w, SK_PROFICIENCY], st.sk[w, SK_PEAK]
    rate = effort * prm.learning_learning_rate_per_week
    c_now, r = st.wi[w, WI_EMPLOYER], st.wi[w, WI_ROLE]
    used = ro.used[fi[c_now].role_offset + r] if c_now >= 0 else ro.used[0]
    gained = 0.0
    covered = True
    for k in range(p.shape[0]):
        if spill[k] > 0.0:
            old = p[k]
            new = 1.0 - (1.0 - old) * math.exp(spill[k] * rate * -(t - start))
            gained += new - old
            p[k] = new
            if new > peak[k]:
                peak[k] = new
            if c_now >= 0 and not used[k]:
                covered = False
    st.wf[w, WF_GROWTH] += gained
    if not covered:  # a skill the role does not use has a new peak: its floor moves
        refresh_target(st, prm, ro, w, fi[c_now].role_offset + r)
    return gained


@kernel
def finish(st, prm, fi, ro, g: int, t: float, completed: bool) -> float:  # type: ignore[no-untyped-def]
    """Apply micro-job ``g``'s learning at its end, count its costs and write its
    record; return the skill it added. The caller releases the row."""
    w, c, team = st.gi[g, GI_WORKER], st.gi[g, GI_COMPANY], st.gi[g, GI_TEAM]
    effort, start = st.gf[g, GF_EFFORT], st.gf[g, GF_START]
    gained = practise(st, prm, fi, ro, w, ro.gig_spill[fi[c].role_offset + team], effort, start, t)
    wage = st.wf[w, WF_WAGE]
    bonus = fi[c].bonus_share * wage if completed else 0.0
    weeks_in_window = t - max(start, prm.window_start)
    if weeks_in_window > 0.0:  # output the home role lost, in time-0 currency
        lost = prm.gigs_role_output_lost_share * effort * weeks_in_window
        st.wc[c, WC_GIG_OUTPUT_COST] += lost * (wage / WEEKS_PER_YEAR / wage_index(prm, t))
    if start >= prm.window_start:
        st.wi[w, WI_GIG_PARTICIPANT] = 1
        i = st.ci[CI_GIG_RECORDS]
        st.ci[CI_GIG_RECORDS] = i + 1
        st.grf[i, 0] = start
        st.grf[i, 1] = t
        st.grf[i, 2] = effort
        st.grf[i, 3] = gained
        st.grf[i, 4] = bonus
        st.gri[i, 0] = st.gi[g, GI_ID]
        st.gri[i, 1] = w
        st.gri[i, 2] = c
        st.gri[i, 3] = 1 if completed else 0
    job, done = st.gi[g, GI_ID], 1 if completed else 0
    events.log(st, EV_GIG_END, t, w, c, job, done, 0, 0, bonus, 0.0, 0.0, 0.0, 0.0)
    return gained


@kernel
def cut_short(st, prm, fi, ro, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """End every micro-job of worker ``w`` unfinished (they leave their job)."""
    g = st.wi[w, WI_GIG_HEAD]
    while g >= 0:
        nxt = st.gi[g, GI_NEXT]
        finish(st, prm, fi, ro, g, t, False)
        release_slot(st, g)
        g = nxt
    st.wf[w, WF_GIG_LOAD] = 0.0


__all__ = ["cut_short", "finish", "new_slot", "practise", "release_slot"]
