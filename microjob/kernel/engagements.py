"""Projects on the open talent platform and the engagements that do them (compiled).

Projects arrive as a Poisson process at ``projects_per_worker_year`` per person
in the labour force. Each has a client (a simulated company or the outside
market, in proportion to headcount), a role of that client whose skills it uses,
a length and a share of a week. It reaches ``reach`` members drawn at random,
and the client takes the one with room for it who scores best on skill fit and
rating record (``reputation_weight``); if none has room, it goes unfilled.

An engagement pays its worker the member's market wage for the time (plus
``fee_premium_share``), less the platform's ``take_rate_share``. When it ends
the worker learns as on a micro-job, and the client rates it: good with
probability equal to the worker's skill fit for the work. A member with a job
goes freelance when the income they would expect freelancing, at the utilisation
their side portfolio has had, beats the job; a freelancer takes a job only if it
beats that income (``platform.prefers_job``). Nothing here cancels an engagement: a
freelancer who takes a job finishes the projects in hand, and a worker who
leaves the labour force lets theirs run out unrated and unlearnt.
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_YEAR

from . import careers, events, gigs, platform, timers
from .jit import kernel
from .layout import (
    CI_ACTIVE,
    CI_ENGAGEMENT_RECORDS,
    CI_ENGAGEMENT_SLOTS,
    CI_FREE_ENGAGEMENT,
    CI_NEXT_ENGAGEMENT_ID,
    CI_PROJECTS,
    CI_PROJECTS_FILLED,
    CI_WORKERS,
    CT_HEADCOUNT,
    EF_EFFORT,
    EF_END,
    EF_FEE,
    EF_FIT,
    EF_SINCE,
    EF_START,
    EI_CLIENT,
    EI_ID,
    EI_NEXT,
    EI_ROLE,
    EI_WORKER,
    EV_ENGAGEMENT_END,
    EV_ENGAGEMENT_START,
    R_PLATFORM,
    REASON_QUIT,
    UNEMPLOYED,
    WF_FREELANCE_SINCE,
    WF_MARKET_VALUE,
    WF_PLATFORM_LOAD,
    WF_WAGE,
    WI_EMPLOYER,
    WI_ENGAGEMENTS,
    WI_PLATFORM,
    WI_RATINGS,
    WI_RATINGS_GOOD,
)
from .learning import advance, refresh_market_value, wage_index
from .vacancies import role_fit

DRAWS_PER_REACH = 50
"""A project reaches its members among at most this many people of the labour force
drawn at random per member it seeks (it reaches fewer where members are rare)."""


@kernel
def next_project(st, prm, gens, t: float) -> None:  # type: ignore[no-untyped-def]
    """Queue the next project: the rate is per person in the labour force now."""
    people = max(st.ci[CI_ACTIVE], 1)
    rate = prm.platform_projects_per_worker_year * people / WEEKS_PER_YEAR
    timers.call_at(
        st, t + gens[R_PLATFORM].standard_exponential() / rate, timers.K_PROJECT, 0, 0, 0
    )


@kernel
def start_platform(st, prm, gens) -> None:  # type: ignore[no-untyped-def]
    """Queue the first project if the platform is on."""
    if platform.enabled(prm):
        next_project(st, prm, gens, 0.0)


@kernel
def pick_client(st, fi, u: float) -> int:  # type: ignore[no-untyped-def]
    """The client of a project: a company (the outside market last) with probability
    proportional to its headcount (``u`` uniform)."""
    n = fi.shape[0]
    total = 0.0
    for c in range(n):
        total += st.ct[c, CT_HEADCOUNT]
    left = u * total
    for c in range(n - 1):
        left -= st.ct[c, CT_HEADCOUNT]
        if left < 0.0:
            return c
    return n - 1


@kernel
def reputation(st, prm, w: int) -> float:  # type: ignore[no-untyped-def]
    """The share of good ratings a client expects of member ``w``: the mean of the Beta
    posterior from the newcomer's prior and the ratings on record."""
    good = prm.platform_rating_prior_good + st.wi[w, WI_RATINGS_GOOD]
    seen = prm.platform_rating_prior_good + prm.platform_rating_prior_bad + st.wi[w, WI_RATINGS]
    return good / seen


@kernel
def on_project(st, prm, fi, ro, gens, t: float) -> None:  # type: ignore[no-untyped-def]
    """A project is posted: draw it, find the members it reaches, and start the
    engagement with the client's pick (if anyone has room)."""
    gen = gens[R_PLATFORM]
    next_project(st, prm, gens, t)
    c = pick_client(st, fi, gen.random())
    role = fi[c].role_offset + int(gen.random() * fi[c].n_roles)
    weeks = prm.platform_duration_median_weeks * math.exp(
        prm.platform_duration_log_sd * gen.standard_normal()
    )
    effort = prm.platform_effort_min_share + gen.random() * (
        prm.platform_effort_max_share - prm.platform_effort_min_share
    )
    if t >= prm.window_start:
        st.ci[CI_PROJECTS] += 1
    n = st.ci[CI_ACTIVE]
    weight = prm.platform_reputation_weight
    best, best_score, best_fit = -1, -math.inf, 0.0
    reached = 0
    for _ in range(DRAWS_PER_REACH * prm.platform_reach):
        if reached >= prm.platform_reach or n == 0:
            break
        w = st.active[int(gen.random() * n)]
        if not st.wi[w, WI_PLATFORM]:
            continue
        reached += 1
        if st.wf[w, WF_PLATFORM_LOAD] + effort > platform.capacity(st, prm, w) + 1e-12:
            continue
        fit = role_fit(st, ro, w, role)  # the skills on the member's profile
        score = (1.0 - weight) * fit + weight * reputation(st, prm, w)
        if score > best_score:
            best, best_score, best_fit = w, score, fit
    if best < 0:
        return
    if t >= prm.window_start:
        st.ci[CI_PROJECTS_FILLED] += 1
    begin(st, prm, fi, gens, best, c, role, weeks, effort, best_fit, t)


@kernel
def new_row(st) -> int:  # type: ignore[no-untyped-def]
    """A free row of the engagement table."""
    g = st.ci[CI_FREE_ENGAGEMENT]
    if g >= 0:
        st.ci[CI_FREE_ENGAGEMENT] = st.ei[g, EI_NEXT]
    else:
        g = st.ci[CI_ENGAGEMENT_SLOTS]
        st.ci[CI_ENGAGEMENT_SLOTS] = g + 1
    return g


@kernel
def begin(st, prm, fi, gens, w, c, role, weeks, effort, fit, t):  # type: ignore[no-untyped-def]
    """Member ``w`` starts a project of client ``c`` in global role ``role``."""
    advance(st, w, t)
    refresh_market_value(st, prm, w, t)
    fee = (
        st.wf[w, WF_MARKET_VALUE] * (1.0 + prm.platform_fee_premium_share) * effort / WEEKS_PER_YEAR
    )
    g = new_row(st)
    gid = st.ci[CI_NEXT_ENGAGEMENT_ID]
    st.ci[CI_NEXT_ENGAGEMENT_ID] = gid + 1
    st.ef[g, EF_START] = t
    st.ef[g, EF_END] = t + weeks
    st.ef[g, EF_EFFORT] = effort
    st.ef[g, EF_FEE] = fee
    st.ef[g, EF_FIT] = fit
    st.ei[g, EI_ID] = gid
    st.ei[g, EI_WORKER] = w
    st.ei[g, EI_CLIENT] = c
    st.ei[g, EI_ROLE] = role
    st.ei[g, EI_NEXT] = -1
    employed = st.wi[w, WI_EMPLOYER] >= 0
    st.ef[g, EF_SINCE] = math.nan if employed else st.wf[w, WF_FREELANCE_SINCE]
    st.wf[w, WF_PLATFORM_LOAD] += effort
    st.wi[w, WI_ENGAGEMENTS] += 1
    platform.utilisation_change(st, prm, w, t)
    if t + weeks < prm.end:
        timers.call_at(st, t + weeks, timers.K_ENGAGEMENT_END, g, 0, 0)
    if employed and prm.quality_gig_strain_weight > 0.0:  # the job strains more: redraw
        careers.schedule_offer(st, prm, gens, w, t)
    events.log(st, EV_ENGAGEMENT_START, t, w, c, gid, role, 0, 0, weeks, effort, fee, 0.0, 0.0)


@kernel
def record(st, prm, g: int, t: float, gained: float, good: int, completed: bool) -> None:  # type: ignore[no-untyped-def]
    """Write engagement ``g``'s record, ending at ``t``, if it reaches into the window
    (fees in currency of time 0, deflated at the engagement's start)."""
    if t <= prm.window_start:
        return
    start = st.ef[g, EF_START]
    i = st.ci[CI_ENGAGEMENT_RECORDS]
    st.ci[CI_ENGAGEMENT_RECORDS] = i + 1
    st.erf[i, 0] = start
    st.erf[i, 1] = t
    st.erf[i, 2] = st.ef[g, EF_EFFORT]
    st.erf[i, 3] = st.ef[g, EF_FEE] / wage_index(prm, start)
    st.erf[i, 4] = gained
    st.erf[i, 5] = st.ef[g, EF_SINCE]
    st.eri[i, 0] = st.ei[g, EI_ID]
    st.eri[i, 1] = st.ei[g, EI_WORKER]
    st.eri[i, 2] = st.ei[g, EI_CLIENT]
    st.eri[i, 3] = good
    st.eri[i, 4] = 1 if completed else 0


@kernel
def release(st, prm, g: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Engagement ``g`` no longer takes its worker's time or pays them: free its row."""
    w = st.ei[g, EI_WORKER]
    left = st.wi[w, WI_ENGAGEMENTS] - 1
    st.wi[w, WI_ENGAGEMENTS] = left
    st.wf[w, WF_PLATFORM_LOAD] = st.wf[w, WF_PLATFORM_LOAD] - st.ef[g, EF_EFFORT] if left else 0.0
    platform.utilisation_change(st, prm, w, t)
    st.ei[g, EI_WORKER] = -1
    st.ei[g, EI_NEXT] = st.ci[CI_FREE_ENGAGEMENT]
    st.ci[CI_FREE_ENGAGEMENT] = g


@kernel
def on_engagement_end(st, prm, fi, ro, gens, g: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Engagement ``g`` is done: the worker learns, the client rates the work; a member
    with a job then weighs going freelance."""
    w, c = st.ei[g, EI_WORKER], st.ei[g, EI_CLIENT]
    status = st.wi[w, WI_EMPLOYER]
    gained, good = 0.0, 0
    working = status >= UNEMPLOYED  # not retired nor out of the labour force
    if working:
        spill = ro.gig_spill[st.ei[g, EI_ROLE]]
        gained = gigs.practise(
            st, prm, fi, ro, w, spill, st.ef[g, EF_EFFORT], st.ef[g, EF_START], t
        )
        good = 1 if gens[R_PLATFORM].random() < st.ef[g, EF_FIT] else 0
        st.wi[w, WI_RATINGS] += 1
        st.wi[w, WI_RATINGS_GOOD] += good
    record(st, prm, g, t, gained, good, working)
    gid = st.ei[g, EI_ID]
    release(st, prm, g, t)
    events.log(
        st,
        EV_ENGAGEMENT_END,
        t,
        w,
        c,
        gid,
        good,
        1 if working else 0,
        0,
        gained,
        0.0,
        0.0,
        0.0,
        0.0,
    )
    if status >= 0:
        weigh_freelancing(st, prm, fi, ro, gens, w, t)


@kernel
def weigh_freelancing(st, prm, fi, ro, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Member ``w``, who has a job, quits it to freelance if freelancing, at the
    utilisation their side portfolio has had lately, would beat the job (its wage and
    quality against a typical new job's, as outside offers are judged); otherwise their
    offers are redrawn, as the job's strain changed."""
    quality = careers.job_quality(st, prm, w) - prm.market_offer_quality_mean
    if platform.prefers_job(st, prm, w, st.wf[w, WF_WAGE], quality, t):
        if prm.quality_gig_strain_weight > 0.0:
            careers.schedule_offer(st, prm, gens, w, t)
        return
    careers.end_spell(st, prm, fi, ro, gens, w, t, REASON_QUIT, False)
    careers.schedule_offer(st, prm, gens, w, t)


@kernel
def close(st, prm, t: float) -> None:  # type: ignore[no-untyped-def]
    """Record the engagements still in progress at the end of the run (incomplete)
    and every member's freelancing time up to then."""
    for g in range(st.ci[CI_ENGAGEMENT_SLOTS]):
        if st.ei[g, EI_WORKER] >= 0:
            record(st, prm, g, t, 0.0, 0, False)
    for w in range(st.ci[CI_WORKERS]):
        if st.wi[w, WI_PLATFORM]:
            platform.count_freelancing(st, prm, w, t)


__all__ = [
    "begin",
    "close",
    "next_project",
    "on_engagement_end",
    "on_project",
    "pick_client",
    "record",
    "release",
    "reputation",
    "start_platform",
    "weigh_freelancing",
]
