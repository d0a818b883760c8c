"""Population: the starting labour force, entry, spells out of it, retirement (compiled).

At time 0 every position of every simulated company is held, the outside
market employs ``outside_workers`` people and a share of the labour force is
unemployed; incumbents have skills boosted in their role's skills and an
elapsed tenure drawn from an exponential distribution. Entrants arrive as a
Poisson process at the rate that keeps the labour force stationary; each person
retires at an age drawn from a triangular distribution. An employed person
quits into non-employment at ``withdrawal_rate_per_year`` and stays out for an
exponential time of mean ``withdrawal_mean_years``, then looks for work as an
unemployed job seeker, unless they retire first. Personal traits are drawn in
Python in batches (``tr_*`` arrays of the state), vectorised.
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_YEAR

from . import careers, events, platform, timers
from .jit import copy, kernel
from .layout import (
    CF_INACTIVE_AT,
    CF_INACTIVE_WEEKS,
    CF_LABOUR_FORCE_AT,
    CF_LABOUR_FORCE_WEEKS,
    CI_ACTIVE,
    CI_INACTIVE,
    CI_LABOUR_FORCE,
    CI_TRAIT,
    CI_WORKERS,
    CT_HIRES,
    EV_ENTRY,
    EV_RETIRE,
    EV_RETURN,
    INACTIVE,
    R_ENTRY,
    R_WITHDRAWAL,
    RD_HIRED_AT,
    REASON_RETIRE,
    REASON_WITHDRAW,
    RETIRED,
    SK_ENTRY,
    SK_INTEREST,
    SK_PEAK,
    SK_PROFICIENCY,
    SK_RATE,
    SK_REVIEWED,
    SK_TARGET,
    SK_WANTS,
    UNEMPLOYED,
    WF_AGE_AT_HIRE,
    WF_BORN_AT,
    WF_CREDENTIAL,
    WF_EMBEDDEDNESS,
    WF_ENTERED_AT,
    WF_EXITED_AT,
    WF_FIELD_SKILL_AT_ENTRY,
    WF_FIRST_JOB_AT,
    WF_HIRED_AT,
    WF_LAYOFF_DUE,
    WF_MARKET_VALUE,
    WF_OFFER_DUE,
    WF_OPENNESS,
    WF_REJECTED_UNTIL,
    WF_RETIRES_AT,
    WF_REVEAL_DUE,
    WF_REVIEWED_AT,
    WF_SKILLS_AT,
    WF_TIMER_DUE,
    WF_WAGE,
    WF_WINDOW_SKILL_AT,
    WF_WINDOW_SKILL_SUM,
    WF_WINDOW_WAGE,
    WF_WITHDRAW_DUE,
    WI_ACTIVE_POS,
    WI_EMPLOYER,
    WI_FIELD,
    WI_GIG_HEAD,
    WI_MOVER,
    WI_POSITION,
    WI_ROLE,
    WI_ROSTER_POS,
    WI_WINDOW_EMPLOYEE,
)
from .learning import advance, refresh_market_value


@kernel
def labour_force_change(st, t: float, delta: int) -> None:  # type: ignore[no-untyped-def]
    """The labour force gains ``delta`` people at ``t`` (0 closes the integral)."""
    st.cf[CF_LABOUR_FORCE_WEEKS] += st.ci[CI_LABOUR_FORCE] * (t - st.cf[CF_LABOUR_FORCE_AT])
    st.cf[CF_LABOUR_FORCE_AT] = t
    st.ci[CI_LABOUR_FORCE] += delta


@kernel
def inactive_change(st, prm, t: float, delta: int) -> None:  # type: ignore[no-untyped-def]
    """``delta`` more people are out of the labour force from ``t`` (0 closes the integral)."""
    if t > prm.window_start:
        st.cf[CF_INACTIVE_WEEKS] += st.ci[CI_INACTIVE] * (
            t - max(st.cf[CF_INACTIVE_AT], prm.window_start)
        )
    st.cf[CF_INACTIVE_AT] = t
    st.ci[CI_INACTIVE] += delta


@kernel
def join_labour_force(st, w: int) -> None:  # type: ignore[no-untyped-def]
    """Put ``w`` into ``active`` (entry, or back after a spell out)."""
    n = st.ci[CI_ACTIVE]
    st.active[n] = w
    st.wi[w, WI_ACTIVE_POS] = n
    st.ci[CI_ACTIVE] = n + 1


@kernel
def leave_labour_force(st, w: int) -> None:  # type: ignore[no-untyped-def]
    """Remove ``w`` from ``active`` (the last entry moves into the gap)."""
    pos = st.wi[w, WI_ACTIVE_POS]
    n = st.ci[CI_ACTIVE] - 1
    last = st.active[n]
    st.active[pos] = last
    st.wi[last, WI_ACTIVE_POS] = pos
    st.ci[CI_ACTIVE] = n


@kernel
def new_worker(st, prm, t: float, age: float, i: int) -> int:  # type: ignore[no-untyped-def]
    """Create a worker aged ``age`` at ``t`` (not employed) with the ``i``-th drawn traits."""
    retire_age = st.tr_scalars[i, 0]
    if retire_age <= age:  # already past the drawn age: retire within the remaining range
        years_left = max(
            prm.population_late_retirement_min_years, prm.population_retirement_age_max_years - age
        )
        retire_age = age + st.tr_scalars[i, 1] * years_left
    w = st.ci[CI_WORKERS]
    st.ci[CI_WORKERS] = w + 1
    wf, wi = st.wf, st.wi
    wf[w, :] = 0.0
    wi[w, :] = 0
    wf[w, WF_BORN_AT] = t - age * WEEKS_PER_YEAR
    wf[w, WF_ENTERED_AT] = t
    wf[w, WF_RETIRES_AT] = t + (retire_age - age) * WEEKS_PER_YEAR
    wf[w, WF_EXITED_AT] = math.inf
    wf[w, WF_OPENNESS] = st.tr_scalars[i, 3]
    wf[w, WF_CREDENTIAL] = st.tr_scalars[i, 4]
    wf[w, WF_FIELD_SKILL_AT_ENTRY] = st.tr_scalars[i, 6]
    wf[w, WF_FIRST_JOB_AT] = math.inf
    wf[w, WF_HIRED_AT] = t
    wf[w, WF_AGE_AT_HIRE] = age
    for column in (WF_OFFER_DUE, WF_LAYOFF_DUE, WF_REVEAL_DUE, WF_WITHDRAW_DUE, WF_TIMER_DUE):
        wf[w, column] = math.inf
    wf[w, WF_REJECTED_UNTIL] = -math.inf
    wf[w, WF_WINDOW_WAGE] = math.nan
    wf[w, WF_WINDOW_SKILL_AT] = max(t, prm.window_start)
    wi[w, WI_MOVER] = 1 if st.tr_scalars[i, 2] != 0.0 else 0
    wi[w, WI_EMPLOYER] = UNEMPLOYED
    wi[w, WI_POSITION] = -1
    wi[w, WI_ROLE] = -1
    wi[w, WI_ROSTER_POS] = -1
    wi[w, WI_GIG_HEAD] = -1
    wi[w, WI_FIELD] = int(st.tr_scalars[i, 5])
    copy(st.outfit[w], st.tr_outfit[i])
    v = st.sk[w]
    p = st.tr_proficiency[i]
    total = 0.0
    for k in range(p.shape[0]):
        total += p[k]
    wf[w, WF_WINDOW_SKILL_SUM] = total
    copy(v[SK_INTEREST], st.tr_interest[i])
    copy(v[SK_WANTS], st.tr_wants[i])
    for vector in (SK_PROFICIENCY, SK_ENTRY, SK_PEAK, SK_TARGET, SK_REVIEWED):
        copy(v[vector], p)
    v[SK_RATE, :] = prm.forget_rate  # not working yet: nothing in use
    wf[w, WF_SKILLS_AT] = t
    wf[w, WF_REVIEWED_AT] = t
    refresh_market_value(st, prm, w, t)
    join_labour_force(st, w)
    labour_force_change(st, t, 1)
    return w


@kernel
def schedule_retirement(st, prm, w: int) -> None:  # type: ignore[no-untyped-def]
    """Set the worker's retirement (if before the end of the run)."""
    retires_at = st.wf[w, WF_RETIRES_AT]
    if retires_at < prm.end:
        timers.call_at(st, retires_at, timers.K_RETIRE, w, 0, 0)


@kernel
def on_entry(st, prm, gens, rate: float, t: float) -> None:  # type: ignore[no-untyped-def]
    """An entrant joins the labour force (traits from the next row of the batch);
    the next entry is drawn."""
    gen = gens[R_ENTRY]
    span = prm.population_entry_age_max_years - prm.population_entry_age_min_years
    age = prm.population_entry_age_min_years + gen.random() * span
    i = st.ci[CI_TRAIT]
    st.ci[CI_TRAIT] = i + 1
    w = new_worker(st, prm, t, age, i)
    platform.enrol(st, prm, gens, w, t)
    schedule_retirement(st, prm, w)
    careers.schedule_offer(st, prm, gens, w, t)
    events.log(st, EV_ENTRY, t, w, -1, 0, 0, 0, 0, age, 0.0, 0.0, 0.0, 0.0)
    timers.call_at(st, t + gen.standard_exponential() / rate, timers.K_ENTRY, 0, 0, 0)


@kernel
def withdraw(st, prm, fi, ro, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker quits into non-employment and leaves the labour force for a while."""
    careers.end_spell(st, prm, fi, ro, gens, w, t, REASON_WITHDRAW, False)
    platform.set_employer(st, prm, w, INACTIVE, t)
    leave_labour_force(st, w)
    inactive_change(st, prm, t, 1)
    away = prm.population_withdrawal_mean_years * WEEKS_PER_YEAR
    back = t + away * gens[R_WITHDRAWAL].standard_exponential()
    if back < min(prm.end, st.wf[w, WF_RETIRES_AT]):
        timers.call_at(st, back, timers.K_RETURN, w, 0, 0)


@kernel
def on_return(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker comes back to the labour force and looks for work."""
    platform.set_employer(st, prm, w, UNEMPLOYED, t)
    join_labour_force(st, w)
    inactive_change(st, prm, t, -1)
    careers.schedule_offer(st, prm, gens, w, t)
    events.log_simple(st, EV_RETURN, t, w, -1)


@kernel
def on_retire(st, prm, fi, ro, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker retires: their job (if any) ends, and they leave the labour force."""
    c = st.wi[w, WI_EMPLOYER]
    if c == INACTIVE:  # already out of ``active``
        inactive_change(st, prm, t, -1)
    else:
        if c >= 0:
            careers.end_spell(st, prm, fi, ro, gens, w, t, REASON_RETIRE, False)
        else:
            st.wf[w, WF_OFFER_DUE] = math.inf
            timers.arm(st, prm, w)
        leave_labour_force(st, w)
    if c < 0:  # an employee's retirement was logged when their spell ended
        events.log_simple(st, EV_RETIRE, t, w, -1)
    platform.set_employer(st, prm, w, RETIRED, t)
    st.wf[w, WF_EXITED_AT] = t
    labour_force_change(st, t, -1)


@kernel
def on_window_start(st, prm, fi, t: float) -> None:  # type: ignore[no-untyped-def]
    """At the start of the measurement window note each worker's skills and wage
    (the baselines of skill and wage growth) and who is employed."""
    for w in range(st.ci[CI_WORKERS]):
        if st.wi[w, WI_EMPLOYER] == RETIRED:
            continue
        advance(st, w, t)
        p = st.sk[w, SK_PROFICIENCY]
        total = 0.0
        for k in range(p.shape[0]):
            total += p[k]
        st.wf[w, WF_WINDOW_SKILL_SUM] = total
        st.wf[w, WF_WINDOW_SKILL_AT] = t
        c = st.wi[w, WI_EMPLOYER]
        if c >= 0:
            st.wf[w, WF_WINDOW_WAGE] = st.wf[w, WF_WAGE]
            if c < fi.shape[0] - 1:
                st.wi[w, WI_WINDOW_EMPLOYEE] = 1


@kernel
def place_incumbents(  # type: ignore[no-untyped-def]
    st,
    prm,
    fi,
    ro,
    gens,
    company,
    slot,
    role,
    ages,
    boost,
    tenure,
    pay_noise,
    amenity,
):
    """Create one worker per placement (company, position, role) and hire them there
    (traits from the state's batch, one row per placement)."""
    outside = fi.shape[0] - 1
    for i in range(company.shape[0]):
        c, s, r = company[i], slot[i], role[i]
        age = ages[i]
        w = new_worker(st, prm, 0.0, age, i)
        platform.enrol(st, prm, gens, w, 0.0)
        if c == UNEMPLOYED:
            continue
        if c == outside:
            r = careers.pick_outside_role(st, prm, gens, w)
        v = st.sk[w]
        skills = ro.skills[fi[c].role_offset + r]
        for j in range(ro.n_skills[fi[c].role_offset + r]):
            k = skills[j]
            if boost[i, k] > v[SK_PROFICIENCY, k]:
                v[SK_PROFICIENCY, k] = boost[i, k]
        copy(v[SK_PEAK], v[SK_PROFICIENCY])
        copy(v[SK_REVIEWED], v[SK_PROFICIENCY])
        total = 0.0
        for k in range(v.shape[1]):
            total += v[SK_PROFICIENCY, k]
        st.wf[w, WF_WINDOW_SKILL_SUM] = total
        refresh_market_value(st, prm, w, 0.0)
        wage = st.wf[w, WF_MARKET_VALUE] * fi[c].wage_level * pay_noise[i]
        careers.start_spell(st, prm, fi, ro, gens, w, c, s, r, wage, amenity[i], 0.0)
        st.ct[c, CT_HIRES] -= 1  # incumbents were not hired during the run
        years = min(tenure[i], max(0.0, age - prm.population_entry_age_min_years))
        st.wf[w, WF_HIRED_AT] = -years * WEEKS_PER_YEAR
        st.rd[fi[c].roster_offset + st.wi[w, WI_ROSTER_POS], RD_HIRED_AT] = st.wf[w, WF_HIRED_AT]
        st.wf[w, WF_AGE_AT_HIRE] = age - years
        st.wf[w, WF_EMBEDDEDNESS] = careers.embeddedness_of(st, prm, w, 0.0)
        careers.schedule_offer(st, prm, gens, w, 0.0)
    for w in range(st.ci[CI_WORKERS]):
        schedule_retirement(st, prm, w)
        if st.wi[w, WI_EMPLOYER] == UNEMPLOYED:
            careers.schedule_offer(st, prm, gens, w, 0.0)


__all__ = [
    "inactive_change",
    "labour_force_change",
    "new_worker",
    "on_entry",
    "on_retire",
    "on_return",
    "on_window_start",
    "place_incumbents",
    "schedule_retirement",
    "withdraw",
]
