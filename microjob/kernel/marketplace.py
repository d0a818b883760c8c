"""Micro-jobs: short internal projects, posted, matched and completed (compiled).

A company whose policy posts micro-jobs does so as a Poisson process at
``gigs_per_employee_year`` per employee (thinned from the rate at full
headcount). A posting belongs to a team (drawn with the positions), requires
one or two of the team's skills at a minimum level and teaches the team's
skills. Employees past the minimum tenure with spare capacity apply with
probability openness x interest in what it teaches, if their skills on record
reach the requirements less the ``stretch_margin``; the policy's matcher picks
one. On completion the worker learns (``gigs.finish``), gains a tie to the team
if it is not their own, gains interest fit, and their openness moves toward how
interesting the work was.

Each benefit has its cost beside it: time on micro-jobs strains the worker
while it lasts and costs the home role output; applicants not chosen search
harder for a while; a share of micro-jobs go badly, taking interest fit away
and pulling openness toward 0; a visible track record raises outside offers.
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_YEAR

from . import careers, events, gigs, roster, timers
from .jit import kernel
from .layout import (
    CF_NOW,
    CF_POST_DURATION,
    CF_POST_EFFORT,
    CF_POST_LEVEL0,
    CF_POST_LEVEL1,
    CI_EVENTS,
    CI_NEXT_GIG_ID,
    CI_PENDING,
    CI_PICK,
    CI_POST_COMPANY,
    CI_POST_FOUND,
    CI_POST_ID,
    CI_POST_SKILL0,
    CI_POST_SKILL1,
    CI_POST_TEAM,
    CT_HEADCOUNT,
    CT_REVIEW_EPOCH,
    CT_YEAR_PARTICIPANTS,
    EV_GIG_POSTED,
    EV_GIG_START,
    EV_GIG_UNFILLED,
    GF_EFFORT,
    GF_SCORE,
    GF_START,
    GI_COMPANY,
    GI_ID,
    GI_TEAM,
    GI_TIMED,
    GI_VERSION,
    GI_WORKER,
    MATCH_BEST_FIT,
    MATCH_MOST_INTERESTED,
    MATCH_PYTHON,
    PI_ROLE,
    R_APPLICATIONS,
    R_EXPERIENCE,
    R_GIGS,
    R_MATCHING,
    RD_HIRED_AT,
    RD_LOAD,
    RD_TEAMS,
    SK_PROFICIENCY,
    SK_WANTS,
    WC_GIG_EFFORT,
    WC_GIGS_FILLED,
    WC_GIGS_POSTED,
    WF_EMBEDDEDNESS,
    WF_GIG_FIT,
    WF_GIG_FIT_THIS_YEAR,
    WF_GIG_LOAD,
    WF_OPENNESS,
    WF_REJECTED_UNTIL,
    WF_WAGE,
    WI_GIGS_DONE,
    WI_PART_COMPANY,
    WI_PART_EPOCH,
    WI_ROLE,
    WI_ROSTER_POS,
    WI_TIES,
)
from .learning import refresh_market_value


@kernel
def posting_rate(fi, c: int) -> float:  # type: ignore[no-untyped-def]
    """Postings per week of company ``c`` at full headcount."""
    return fi[c].gigs_per_employee_year / WEEKS_PER_YEAR * fi[c].n_positions


@kernel
def best_of(score, n: int, gen) -> int:  # type: ignore[no-untyped-def]
    """Index of the highest of ``score[:n]``, ties broken at random."""
    top = -math.inf
    count = 0
    for i in range(n):
        if score[i] > top:
            top, count = score[i], 1
        elif score[i] == top:
            count += 1
    pick = 0 if count == 1 else int(gen.random() * count)
    for i in range(n):
        if score[i] == top:
            if pick == 0:
                return i
            pick -= 1
    return 0


@kernel
def choose(fi, c: int, fit, interest, n: int, gen) -> int:  # type: ignore[no-untyped-def]
    """The applicant the company's matcher picks (an index into the first ``n``)."""
    kind = fi[c].matcher
    if kind == MATCH_BEST_FIT:
        return best_of(fit, n, gen)
    if kind == MATCH_MOST_INTERESTED:
        return best_of(interest, n, gen)
    return int(gen.random() * n)


@kernel
def on_post(st, prm, fi, ro, gens, c: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Company ``c``'s posting clock ticks: a posting if a draw falls under the
    current headcount (thinning), then the next tick."""
    if gens[R_GIGS].random() * fi[c].n_positions < st.ct[c, CT_HEADCOUNT]:
        st.ci[CI_EVENTS] += 1  # a posting is a model event
        post(st, prm, fi, ro, gens, c, t)
        if st.ci[CI_PENDING]:  # the next tick is drawn once the matcher has chosen
            return
    next_tick(st, fi, gens, c, t)


@kernel
def next_tick(st, fi, gens, c: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Queue company ``c``'s next posting tick."""
    delay = gens[R_GIGS].standard_exponential() / posting_rate(fi, c)
    timers.call_at(st, t + delay, timers.K_POST, c, 0, 0)


@kernel
def post(st, prm, fi, ro, gens, c: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Company ``c`` posts a micro-job: who applies, who gets it."""
    draw_posting(st, prm, fi, ro, gens[R_GIGS], c, t)
    found = gather_applicants(st, fi, gens[R_APPLICATIONS], c, t)
    st.ci[CI_POST_FOUND] = found
    if found == 0:
        log_posting(st, EV_GIG_UNFILLED, t, -1, 0.0)
    elif fi[c].matcher == MATCH_PYTHON:  # the driver asks the matcher, then resume_post
        st.ci[CI_PENDING] = 1
    else:
        pick = choose(fi, c, st.sc_fit, st.sc_interest, found, gens[R_MATCHING])
        fill(st, prm, fi, gens, pick, t)


@kernel
def draw_posting(st, prm, fi, ro, gen, c: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The posting of company ``c``: its team (drawn with the positions), one or two
    required skills with levels, duration and effort, kept in the posting counters."""
    n_positions = fi[c].n_positions
    team = st.pi[fi[c].position_offset + int(gen.random() * n_positions), PI_ROLE]
    team_role = fi[c].role_offset + team
    teaches = ro.skills[team_role]
    k = ro.n_skills[team_role]
    first = int(gen.random() * k)
    skill0, skill1 = teaches[first], -1
    if k > 1 and gen.random() >= 1.0 - prm.gigs_second_skill_share:
        skill1 = teaches[(first + 1 + int(gen.random() * (k - 1))) % k]
    span = prm.gigs_required_level_max - prm.gigs_required_level_min
    level0 = prm.gigs_required_level_min + span * gen.random()
    level1 = prm.gigs_required_level_min + span * gen.random() if skill1 >= 0 else 0.0
    duration = prm.gigs_duration_median_weeks * math.exp(
        prm.gigs_duration_log_sd * gen.standard_normal()
    )
    effort = prm.gigs_effort_min_share + gen.random() * (
        prm.gigs_effort_max_share - prm.gigs_effort_min_share
    )
    gid = st.ci[CI_NEXT_GIG_ID]
    st.ci[CI_NEXT_GIG_ID] = gid + 1
    ci, cf = st.ci, st.cf
    ci[CI_POST_COMPANY] = c
    ci[CI_POST_TEAM] = team
    ci[CI_POST_ID] = gid
    ci[CI_POST_SKILL0] = skill0
    ci[CI_POST_SKILL1] = skill1
    cf[CF_POST_LEVEL0] = level0
    cf[CF_POST_LEVEL1] = level1
    cf[CF_POST_DURATION] = duration
    cf[CF_POST_EFFORT] = effort
    if t >= prm.window_start:
        st.wc[c, WC_GIGS_POSTED] += 1
    log_posting(st, EV_GIG_POSTED, t, -1, 0.0)


@kernel
def gather_applicants(st, fi, apps, c: int, t: float) -> int:  # type: ignore[no-untyped-def]
    """The applicants to company ``c``'s posting, in the scratch arrays; their number.

    Every member past the minimum tenure with spare capacity applies with probability
    openness x interest; requirements (less the stretch margin) are checked against
    the skills on record."""
    team, skill0, skill1 = st.ci[CI_POST_TEAM], st.ci[CI_POST_SKILL0], st.ci[CI_POST_SKILL1]
    level0, level1 = st.cf[CF_POST_LEVEL0], st.cf[CF_POST_LEVEL1]
    base = fi[c].roster_offset
    m = roster.max_teams(st)
    apply_col = RD_TEAMS + 2 * m + team
    score_col = RD_TEAMS + team
    latest_hire = t - fi[c].min_tenure_weeks
    room = fi[c].time_share - st.cf[CF_POST_EFFORT] + 1e-12
    margin = fi[c].stretch_margin
    ids, fit, interest = st.sc_ids, st.sc_fit, st.sc_interest
    found = 0
    for i in range(st.roster_n[c]):
        u = apps.random()
        row = base + i
        if not (
            u < st.rd[row, apply_col]
            and st.rd[row, RD_HIRED_AT] <= latest_hire
            and st.rd[row, RD_LOAD] <= room
        ):
            continue
        w = st.rids[row]
        p = st.sk[w, SK_PROFICIENCY]
        if p[skill0] < level0 - margin:
            continue
        f = min(1.0, p[skill0] / max(level0, 1e-9))
        if skill1 >= 0:
            if p[skill1] < level1 - margin:
                continue
            f = (f + min(1.0, p[skill1] / max(level1, 1e-9))) * 0.5
        ids[found] = w
        fit[found] = f
        interest[found] = st.rd[row, score_col]
        found += 1
    return found


@kernel
def resume_post(st, prm, fi, gens) -> None:  # type: ignore[no-untyped-def]
    """Finish the posting that waited for a Python matcher (its pick in ``CI_PICK``),
    then queue the company's next tick."""
    st.ci[CI_PENDING] = 0
    t = st.cf[CF_NOW]
    fill(st, prm, fi, gens, st.ci[CI_PICK], t)
    next_tick(st, fi, gens, st.ci[CI_POST_COMPANY], t)


@kernel
def fill(st, prm, fi, gens, pick: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Applicant ``pick`` (an index into the scratch arrays) starts the micro-job being
    posted; if rejection has an effect, the others search harder for a while."""
    ci, cf, ids = st.ci, st.cf, st.sc_ids
    c, found, w = ci[CI_POST_COMPANY], ci[CI_POST_FOUND], ids[pick]
    duration, effort = cf[CF_POST_DURATION], cf[CF_POST_EFFORT]
    team, gid = ci[CI_POST_TEAM], ci[CI_POST_ID]
    assign(st, prm, fi, gens, c, team, gid, w, st.sc_interest[pick], duration, effort, t)
    if prm.gigs_rejection_quit_multiplier > 1.0 and found > 1:
        until = t + prm.gigs_rejection_effect_weeks
        for j in range(found):
            if j != pick:
                st.wf[ids[j], WF_REJECTED_UNTIL] = until
                careers.schedule_offer(st, prm, gens, ids[j], t)
    log_posting(st, EV_GIG_START, t, w, fi[c].bonus_share * st.wf[w, WF_WAGE])


@kernel
def log_posting(st, kind: int, t: float, w: int, bonus: float) -> None:  # type: ignore[no-untyped-def]
    """Log an event about the micro-job being posted, with its description."""
    ci, cf = st.ci, st.cf
    events.log(
        st,
        kind,
        t,
        w,
        ci[CI_POST_COMPANY],
        ci[CI_POST_ID],
        ci[CI_POST_TEAM],
        ci[CI_POST_SKILL0],
        ci[CI_POST_SKILL1],
        cf[CF_POST_LEVEL0],
        cf[CF_POST_LEVEL1],
        cf[CF_POST_DURATION],
        cf[CF_POST_EFFORT],
        bonus,
    )


@kernel
def assign(st, prm, fi, gens, c, team, gid, w, score, duration, effort, t):  # type: ignore[no-untyped-def]
    """Worker ``w`` starts the micro-job; it ends after its duration."""
    if t >= prm.window_start:
        st.wc[c, WC_GIGS_FILLED] += 1
        st.wc[c, WC_GIG_EFFORT] += effort
    g = gigs.new_slot(st, w)
    st.gf[g, GF_START] = t
    st.gf[g, GF_EFFORT] = effort
    st.gf[g, GF_SCORE] = score
    st.gi[g, GI_ID] = gid
    st.gi[g, GI_COMPANY] = c
    st.gi[g, GI_TEAM] = team
    st.gi[g, GI_WORKER] = w
    st.gi[g, GI_TIMED] = 0
    load = st.wf[w, WF_GIG_LOAD] + effort
    st.wf[w, WF_GIG_LOAD] = load
    st.rd[fi[c].roster_offset + st.wi[w, WI_ROSTER_POS], RD_LOAD] = load
    if t + duration < prm.end:
        st.gi[g, GI_VERSION] += 1
        st.gi[g, GI_TIMED] = 1
        timers.call_at(st, t + duration, timers.K_GIG_END, g, 0, st.gi[g, GI_VERSION])
    if prm.quality_gig_strain_weight > 0.0:  # job quality fell: redraw
        careers.schedule_offer(st, prm, gens, w, t)


@kernel
def on_gig_end(st, prm, fi, ro, gens, g: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """A micro-job is completed: learning, ties, interest fit, openness, then a new
    offer draw."""
    w, c, team = st.gi[g, GI_WORKER], st.gi[g, GI_COMPANY], st.gi[g, GI_TEAM]
    effort, went_to = st.gf[g, GF_EFFORT], st.gf[g, GF_SCORE]
    st.gi[g, GI_TIMED] = 0  # its timer has fired
    load = max(0.0, st.wf[w, WF_GIG_LOAD] - effort)
    st.wf[w, WF_GIG_LOAD] = load
    row = fi[c].roster_offset + st.wi[w, WI_ROSTER_POS]
    st.rd[row, RD_LOAD] = load
    gigs.finish(st, prm, fi, ro, g, t, True)
    gigs.release_slot(st, g)
    if team != st.wi[w, WI_ROLE]:
        st.rd[row, RD_TEAMS + roster.max_teams(st) + team] += 1.0
        st.wi[w, WI_TIES] += 1
    st.wf[w, WF_EMBEDDEDNESS] = careers.embeddedness_of(st, prm, w, t)
    # Interest fit: the share of working time on wanted skills rises by the effort
    # times the share of the micro-job's skills the worker wants.
    wants, team_share = st.sk[w, SK_WANTS], ro.team_share[fi[c].role_offset + team]
    want_share = 0.0
    for k in range(wants.shape[0]):
        want_share += wants[k] * team_share[k]
    fit_gain = effort * want_share
    bad_share = prm.gigs_bad_experience_share
    if bad_share > 0.0 and gens[R_EXPERIENCE].random() < bad_share:
        fit_gain, went_to = -fit_gain, 0.0  # it went badly
    st.wf[w, WF_GIG_FIT] += fit_gain
    st.wf[w, WF_GIG_FIT_THIS_YEAR] += fit_gain
    openness = st.wf[w, WF_OPENNESS]
    openness += prm.mindset_experience_rate * (went_to - openness)
    st.wf[w, WF_OPENNESS] = openness
    roster.set_openness(st, prm, row, openness)
    refresh_market_value(st, prm, w, t)
    st.wi[w, WI_GIGS_DONE] += 1
    stamp = int(st.ct[c, CT_REVIEW_EPOCH]) + 1
    if st.wi[w, WI_PART_COMPANY] != c or st.wi[w, WI_PART_EPOCH] != stamp:
        st.wi[w, WI_PART_COMPANY] = c  # counted once per company and review year
        st.wi[w, WI_PART_EPOCH] = stamp
        st.ct[c, CT_YEAR_PARTICIPANTS] += 1.0
    careers.schedule_offer(st, prm, gens, w, t)


__all__ = [
    "assign",
    "choose",
    "fill",
    "log_posting",
    "on_gig_end",
    "on_post",
    "post",
    "posting_rate",
    "resume_post",
]
