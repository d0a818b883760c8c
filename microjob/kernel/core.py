"""The compiled event loop: pop the next event, hand it to its room, repeat.

:func:`advance_run` processes events until the run ends or until something only
Python can do is needed: more room in a table, or the next batch of entrants'
traits. It then returns a status, the caller does what is asked and calls it
again; the state is all in arrays, so the run resumes exactly where it stopped.
"""

from __future__ import annotations

import math

from . import (
    careers,
    engagements,
    events,
    gigs,
    heap,
    marketplace,
    population,
    positions,
    reviews,
    timers,
    vacancies,
)
from .heap import H_A, H_B, H_KIND
from .jit import kernel
from .layout import (
    CF_NOW,
    CI_ENGAGEMENT_RECORDS,
    CI_ENGAGEMENT_SLOTS,
    CI_EVENTS,
    CI_FREE_ENGAGEMENT,
    CI_FREE_GIG,
    CI_GIG_RECORDS,
    CI_GIG_SLOTS,
    CI_LOGGED,
    CI_MAX_WORKER_GIGS,
    CI_MOVES,
    CI_PENDING,
    CI_QUEUED,
    CI_ROSTER_MOST,
    CI_SPELLS,
    CI_STALE,
    CI_TRAIT,
    CI_TRAITS,
    CI_WORKERS,
    GI_NEXT,
    LOG_MARGIN,
    PI_VACANT,
    R_ENTRY,
    R_GIGS,
    R_REVIEWS,
    REASON_CENSORED,
    WF_AGE_AT_HIRE,
    WF_HIRED_AT,
    WF_LAYOFF_DUE,
    WF_OFFER_DUE,
    WF_REVEAL_DUE,
    WF_TIMER_DUE,
    WF_WITHDRAW_DUE,
    WI_EMPLOYER,
    WI_GIG_HEAD,
)
from .learning import advance

DONE = 0
NEED_TRAITS = 1
GROW_WORKERS = 2
GROW_QUEUE = 3
GROW_SPELLS = 4
GROW_GIG_RECORDS = 5
GROW_MOVES = 6
GROW_GIGS = 7
PAUSED = 8
NEED_MATCH = 9
FLUSH_EVENTS = 10
GROW_ENGAGEMENT_RECORDS = 11
GROW_ENGAGEMENTS = 12
STATUSES = (
    "done",
    "traits",
    "workers",
    "queue",
    "spells",
    "gig_records",
    "moves",
    "gigs",
    "paused",
    "match",
    "events",
    "engagement_records",
    "engagements",
)


@kernel
def start_processes(st, prm, fi, gens, entry_rate: float) -> None:  # type: ignore[no-untyped-def]
    """Queue the first entry, every company's first review and posting, and the
    start of the measurement window."""
    timers.call_at(st, gens[R_ENTRY].standard_exponential() / entry_rate, timers.K_ENTRY, 0, 0, 0)
    for c in range(fi.shape[0]):
        first = gens[R_REVIEWS].random() * 52.0
        timers.call_at(st, first, timers.K_REVIEW, c, 0, 0)
        if fi[c].posts_gigs:
            rate = marketplace.posting_rate(fi, c)
            if rate > 0.0:  # a rate that underflows to zero posts nothing
                delay = gens[R_GIGS].standard_exponential() / rate
                timers.call_at(st, delay, timers.K_POST, c, 0, 0)
    timers.call_at(st, prm.window_start, timers.K_WINDOW, 0, 0, 0)
    engagements.start_platform(st, prm, gens)


@kernel
def on_due(st, prm, fi, ro, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker's timer fired: handle whichever of their events is due."""
    wf = st.wf
    wf[w, WF_TIMER_DUE] = math.inf
    offer, layoff = wf[w, WF_OFFER_DUE], wf[w, WF_LAYOFF_DUE]
    reveal, withdraw = wf[w, WF_REVEAL_DUE], wf[w, WF_WITHDRAW_DUE]
    if withdraw < offer and withdraw < layoff and withdraw < reveal:
        wf[w, WF_WITHDRAW_DUE] = math.inf
        population.withdraw(st, prm, fi, ro, gens, w, t)
    elif reveal <= layoff and reveal <= offer:
        wf[w, WF_REVEAL_DUE] = math.inf
        careers.reveal(st, prm, gens, w, t)
    elif layoff <= offer:
        wf[w, WF_LAYOFF_DUE] = math.inf
        vacancies.job_cut(st, prm, fi, ro, gens, w, t)
    else:
        wf[w, WF_OFFER_DUE] = math.inf
        careers.accept_offer(st, prm, fi, ro, gens, w, t)
    timers.arm(st, prm, w)


@kernel
def room_needed(st) -> int:  # type: ignore[no-untyped-def]
    """The status asking for room if a table could run short in the next event."""
    if st.ci[CI_WORKERS] + 2 > st.wf.shape[0]:
        return GROW_WORKERS
    most = st.ci[CI_ROSTER_MOST]  # O(1) per event, however many companies
    if st.ci[CI_QUEUED] + 2 * most + 256 > st.ht.shape[0]:
        timers.sweep(st)
        if st.ci[CI_QUEUED] + 2 * most + 256 > st.ht.shape[0]:
            return GROW_QUEUE
    if st.ci[CI_SPELLS] + 8 > st.spf.shape[0]:
        return GROW_SPELLS
    if st.ci[CI_GIG_RECORDS] + 2 * st.ci[CI_MAX_WORKER_GIGS] + 8 > st.grf.shape[0]:
        return GROW_GIG_RECORDS
    if st.ci[CI_MOVES] + 8 > st.mvf.shape[0]:
        return GROW_MOVES
    if st.ci[CI_FREE_GIG] < 0 and st.ci[CI_GIG_SLOTS] + 2 > st.gf.shape[0]:
        return GROW_GIGS
    if st.ci[CI_ENGAGEMENT_RECORDS] + 8 > st.erf.shape[0]:
        return GROW_ENGAGEMENT_RECORDS
    if st.ci[CI_FREE_ENGAGEMENT] < 0 and st.ci[CI_ENGAGEMENT_SLOTS] + 2 > st.ef.shape[0]:
        return GROW_ENGAGEMENTS
    if events.tracked(st) and st.ci[CI_LOGGED] + LOG_MARGIN > st.evi.shape[0]:
        return FLUSH_EVENTS
    return DONE


@kernel
def advance_run(st, prm, fi, ro, gens, entry_rate: float, budget: int) -> int:  # type: ignore[no-untyped-def]
    """Process events until the end of the run (``DONE``), until Python must act
    (another status of this module), or for ``budget`` queue entries (``PAUSED``:
    the caller can report progress or stop, then call again). After ``NEED_MATCH``
    the caller runs the Python matcher and :func:`marketplace.resume_post`; after
    ``FLUSH_EVENTS`` it shows the event log to the trackers and empties it."""
    ht, hi, ci = st.ht, st.hi, st.ci
    while ci[CI_QUEUED] > 0:
        budget -= 1
        if budget < 0:
            return PAUSED
        status = room_needed(st)
        if status != DONE:
            return status
        t = ht[0]
        if t >= prm.end:
            break
        kind, a, b = hi[0, H_KIND], hi[0, H_A], hi[0, H_B]
        if kind == timers.K_ENTRY and ci[CI_TRAIT] >= ci[CI_TRAITS]:
            return NEED_TRAITS
        live = timers.is_live(st, 0)
        heap.pop(ht, hi, ci)
        if not live:
            if ci[CI_STALE] > 0:
                ci[CI_STALE] -= 1
            continue
        st.cf[CF_NOW] = t
        if kind == timers.K_WORKER:
            ci[CI_EVENTS] += 1
            on_due(st, prm, fi, ro, gens, a, t)
        elif kind == timers.K_FILL:
            ci[CI_EVENTS] += 1
            vacancies.on_fill(st, prm, fi, ro, gens, a, b != 0, t)
        elif kind == timers.K_GIG_END:
            ci[CI_EVENTS] += 1
            marketplace.on_gig_end(st, prm, fi, ro, gens, a, t)
        elif kind == timers.K_POST:
            marketplace.on_post(st, prm, fi, ro, gens, a, t)
            if ci[CI_PENDING]:
                return NEED_MATCH
        elif kind == timers.K_RETIRE:
            ci[CI_EVENTS] += 1
            population.on_retire(st, prm, fi, ro, gens, a, t)
        elif kind == timers.K_RETURN:
            ci[CI_EVENTS] += 1
            population.on_return(st, prm, gens, a, t)
        elif kind == timers.K_ENTRY:
            ci[CI_EVENTS] += 1
            population.on_entry(st, prm, gens, entry_rate, t)
        elif kind == timers.K_REVIEW:
            ci[CI_EVENTS] += 1
            reviews.review(st, prm, fi, ro, gens, a, t)
            timers.call_at(st, t + 52.0, timers.K_REVIEW, a, 0, 0)
        elif kind == timers.K_WINDOW:
            population.on_window_start(st, prm, fi, t)
        elif kind == timers.K_PROJECT:
            ci[CI_EVENTS] += 1
            engagements.on_project(st, prm, fi, ro, gens, t)
        elif kind == timers.K_ENGAGEMENT_END:
            ci[CI_EVENTS] += 1
            engagements.on_engagement_end(st, prm, fi, ro, gens, a, t)
    return DONE


@kernel
def close_run(st, prm, fi, ro) -> None:  # type: ignore[no-untyped-def]
    """Close what is still open at the end: spells (right-censored), micro-jobs in
    progress, vacancies, platform engagements and the headcount integrals. The caller
    leaves room for one spell per employee and a record per micro-job and per
    engagement in progress."""
    t = prm.end
    st.cf[CF_NOW] = t
    engagements.close(st, prm, t)
    for w in range(st.ci[CI_WORKERS]):
        c = st.wi[w, WI_EMPLOYER]
        if c < 0:
            continue
        advance(st, w, t)
        start = st.wf[w, WF_HIRED_AT]
        i = st.ci[CI_SPELLS]
        st.ci[CI_SPELLS] = i + 1
        st.spf[i, 0] = start
        st.spf[i, 1] = t
        st.spf[i, 2] = st.wf[w, WF_AGE_AT_HIRE]
        st.spi[i, 0] = w
        st.spi[i, 1] = c
        st.spi[i, 2] = REASON_CENSORED
        st.spi[i, 3] = 1
        st.spi[i, 4] = 1 if start < prm.window_start else 0
        g = st.wi[w, WI_GIG_HEAD]
        while g >= 0:
            gigs.finish(st, prm, fi, ro, g, t, False)
            g = st.gi[g, GI_NEXT]
    n_companies = fi.shape[0]
    for c in range(n_companies):
        careers.headcount_change(st, prm, c, t, 0)
        if c < n_companies - 1:
            offset = fi[c].position_offset
            for s in range(fi[c].n_positions):
                if st.pi[offset + s, PI_VACANT]:
                    positions.close_vacancy(st, prm, fi, c, s, t)
    population.labour_force_change(st, t, 0)
    population.inactive_change(st, prm, t, 0)


__all__ = ["STATUSES", "advance_run", "close_run", "start_processes"]
