"""Careers: jobs starting and ending, outside offers, quits and match learning (compiled).

Outside offers are *thinned*: whether a worker takes an offer depends only on
state that is constant between that worker's events, so declined offers are
never simulated. The time of the next accepted offer is drawn from a Poisson
process with rate ``offer rate x P(accept)`` (:func:`offer_rate`), and the
accepted offer from its conditional distribution; whenever the worker's state
changes the time is redrawn, which is exact by memorylessness.

A worker quits for another job in two ways -- by taking an outside offer, or by
being hired away into another company's vacancy (``vacancies.py``) -- and both
go through :func:`quit_job`.
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_YEAR

from . import events, gigs, platform, positions, roster, timers
from .draws import accepted_offer, layoff_due, norm_sf
from .jit import kernel
from .layout import (
    CI_SPELLS,
    CT_HEADCOUNT,
    CT_HEADCOUNT_AT,
    CT_HEADCOUNT_WEEKS,
    CT_HIRES,
    CT_SEPARATIONS,
    EV_HIRE,
    EV_MATCH_REVEALED,
    PI_HOLDER,
    R_LAYOFFS,
    R_MANAGERS,
    R_MATCH,
    R_OFFERS,
    R_ROLES,
    R_UNEMPLOYMENT,
    R_WITHDRAWAL,
    REASON_LAYOFF,
    REASON_QUIT,
    REASON_RETIRE,
    REASON_WITHDRAW,
    UNEMPLOYED,
    WC_LAYOFFS,
    WC_QUITS,
    WC_REPLACEMENT_COST,
    WC_RETIRES,
    WC_WITHDRAWALS,
    WF_AGE_AT_HIRE,
    WF_AMENITY,
    WF_BORN_AT,
    WF_EMBEDDEDNESS,
    WF_FIRST_JOB_AT,
    WF_GIG_FIT,
    WF_GIG_FIT_THIS_YEAR,
    WF_GIG_LOAD,
    WF_GROWTH,
    WF_HIRED_AT,
    WF_LAYOFF_DUE,
    WF_MARKET_VALUE,
    WF_MATCH,
    WF_MATCH_KNOWN,
    WF_OFFER_DUE,
    WF_OPENNESS,
    WF_PLATFORM_LOAD,
    WF_REJECTED_UNTIL,
    WF_REVEAL_DUE,
    WF_ROLE_FIT,
    WF_WAGE,
    WF_WITHDRAW_DUE,
    WI_EMPLOYER,
    WI_GIGS_DONE,
    WI_JOBS_HELD,
    WI_MOVER,
    WI_PLATFORM,
    WI_POSITION,
    WI_RATINGS_GOOD,
    WI_ROLE,
    WI_TIES,
    WI_WINDOW_EMPLOYEE,
)
from .learning import advance, refresh_market_value, set_use, wage_index

# ------------------------------------------------------------------ job quality


@kernel
def job_quality(st, prm, w: int) -> float:  # type: ignore[no-untyped-def]
    """How the worker values their job beyond pay (log-wage units)."""
    wf = st.wf
    return (
        prm.quality_interest_fit_weight * (wf[w, WF_ROLE_FIT] + wf[w, WF_GIG_FIT])
        + prm.quality_growth_weight * wf[w, WF_GROWTH]
        + prm.quality_embeddedness_weight * wf[w, WF_EMBEDDEDNESS]
        + wf[w, WF_AMENITY]
        + wf[w, WF_MATCH_KNOWN]
        - prm.quality_gig_strain_weight * wf[w, WF_GIG_LOAD]
        - prm.quality_gig_strain_weight * wf[w, WF_PLATFORM_LOAD]
    )


@kernel
def signal(st, prm, w: int) -> float:  # type: ignore[no-untyped-def]
    """Log premium other employers pay for the worker's visible micro-job record: the
    micro-jobs they did and their good ratings on the platform."""
    done = min(st.wi[w, WI_GIGS_DONE] + st.wi[w, WI_RATINGS_GOOD], prm.market_gig_signal_max_gigs)
    return prm.market_gig_signal_log_premium * done


@kernel
def log_pay_ratio(st, prm, w: int) -> float:  # type: ignore[no-untyped-def]
    """Log of pay over what outside employers offer: market value plus the signal."""
    return math.log(st.wf[w, WF_WAGE] / st.wf[w, WF_MARKET_VALUE]) - signal(st, prm, w)


@kernel
def threshold(st, prm, w: int) -> float:  # type: ignore[no-untyped-def]
    """Offers are taken when premium + amenity exceeds this (log-wage units): the
    switching cost (rising with embeddedness), what the job offers beyond a typical
    new one, and how well it pays."""
    cost = (
        prm.market_switching_cost
        + prm.market_switching_cost_per_embeddedness * st.wf[w, WF_EMBEDDEDNESS]
    )
    quality = job_quality(st, prm, w) - prm.market_offer_quality_mean
    return cost + quality + log_pay_ratio(st, prm, w)


@kernel
def search_rate(prm, age: float, mover: bool, active: bool) -> float:  # type: ignore[no-untyped-def]
    """Outside contacts per year: halving every ``offer_rate_halving_years`` past the
    reference age, multiplied for movers and for active (dissatisfied) searchers."""
    base = 2.0  # a variable base: ``2.0 ** x`` with a literal base compiles differently
    rate = prm.market_offer_rate_per_year * base ** (
        -(age - prm.market_offer_rate_reference_age_years) / prm.market_offer_rate_halving_years
    )
    if mover:
        rate *= prm.market_mover_offer_multiplier
    if active:
        rate *= prm.market_active_search_multiplier
    return rate


@kernel
def offer_rate(st, prm, w: int, t: float) -> float:  # type: ignore[no-untyped-def]
    """Rate per week of outside offers the employed worker ``w`` would take."""
    quality = job_quality(st, prm, w)
    log_pay = log_pay_ratio(st, prm, w)
    z = (threshold(st, prm, w) - prm.market_offer_premium_mean) / prm.offer_sd
    age = (t - st.wf[w, WF_BORN_AT]) / WEEKS_PER_YEAR
    active = quality + log_pay < prm.market_active_search_threshold
    return search_rate(prm, age, st.wi[w, WI_MOVER] != 0, active) * norm_sf(z) / WEEKS_PER_YEAR


@kernel
def search_boost(st, prm, w: int, t: float) -> float:  # type: ignore[no-untyped-def]
    """Multiplier on the worker's search while a micro-job rejection still stings."""
    if st.wf[w, WF_REJECTED_UNTIL] > t:
        return prm.gigs_rejection_quit_multiplier
    return 1.0


@kernel
def embeddedness_of(st, prm, w: int, t: float) -> float:  # type: ignore[no-untyped-def]
    """Ties to the company: rise with tenure and with micro-jobs for other teams."""
    tenure_years = (t - st.wf[w, WF_HIRED_AT]) / WEEKS_PER_YEAR
    return 1.0 - math.exp(
        -(tenure_years / prm.quality_embeddedness_years + st.wi[w, WI_TIES] * prm.quality_tie_gain)
    )


@kernel
def looking(st, prm, w: int, t: float, u: float) -> bool:  # type: ignore[no-untyped-def]
    """Whether an employed worker a vacancy reaches is looking (``u`` uniform): with
    probability their search rate over the unemployed's offer rate (at most 1)."""
    bar = u * prm.market_unemployed_offer_rate_per_year
    age = (t - st.wf[w, WF_BORN_AT]) / WEEKS_PER_YEAR
    passive = search_rate(prm, age, st.wi[w, WI_MOVER] != 0, False) * search_boost(st, prm, w, t)
    if bar < passive:
        return True
    if bar >= passive * prm.market_active_search_multiplier:
        return False
    return job_quality(st, prm, w) + log_pay_ratio(st, prm, w) < prm.market_active_search_threshold


# ------------------------------------------------------------- pending events


@kernel
def schedule_offer(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """(Re)draw the time of the worker's next accepted outside offer."""
    st.wf[w, WF_OFFER_DUE] = math.inf
    c = st.wi[w, WI_EMPLOYER]
    if c < UNEMPLOYED:  # retired, or out of the labour force: no search
        timers.arm(st, prm, w)
        return
    if c == UNEMPLOYED:
        rate = prm.market_unemployed_offer_rate_per_year / WEEKS_PER_YEAR
        gen = gens[R_UNEMPLOYMENT]
    else:
        rate = offer_rate(st, prm, w, t)
        gen = gens[R_OFFERS]
    if rate > 0.0:
        e = gen.standard_exponential()
        until = st.wf[w, WF_REJECTED_UNTIL]
        if until > t:  # a higher hazard until ``until``, then the usual one
            boosted = rate * prm.gigs_rejection_quit_multiplier
            if e < boosted * (until - t):
                st.wf[w, WF_OFFER_DUE] = t + e / boosted
            else:
                st.wf[w, WF_OFFER_DUE] = until + (e - boosted * (until - t)) / rate
        else:
            st.wf[w, WF_OFFER_DUE] = t + e / rate
    timers.arm(st, prm, w)


@kernel
def new_match(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Draw the (hidden) match quality of a new job, revealed later (Jovanovic 1979)."""
    gen = gens[R_MATCH]
    st.wf[w, WF_MATCH] = prm.quality_match_sd * gen.standard_normal()
    st.wf[w, WF_MATCH_KNOWN] = 0.0
    st.wf[w, WF_REVEAL_DUE] = t + gen.standard_exponential() * prm.quality_match_reveal_weeks


@kernel
def reveal(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker learns how good the match with their job is."""
    st.wf[w, WF_MATCH_KNOWN] = st.wf[w, WF_MATCH]
    schedule_offer(st, prm, gens, w, t)
    match = st.wf[w, WF_MATCH]
    events.log(
        st, EV_MATCH_REVEALED, t, w, st.wi[w, WI_EMPLOYER], 0, 0, 0, 0, match, 0.0, 0.0, 0.0, 0.0
    )


@kernel
def draw_layoff(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Draw when the worker's job will be cut (armed by the caller)."""
    st.wf[w, WF_LAYOFF_DUE] = layoff_due(prm, t, st.wf[w, WF_HIRED_AT], gens[R_LAYOFFS])


@kernel
def draw_withdrawal(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Draw when the worker, employed from ``t``, would quit out of the labour force."""
    rate = prm.population_withdrawal_rate_per_year / WEEKS_PER_YEAR
    if rate > 0.0:
        st.wf[w, WF_WITHDRAW_DUE] = t + gens[R_WITHDRAWAL].standard_exponential() / rate


# ---------------------------------------------------------------------- headcount


@kernel
def headcount_change(st, prm, c: int, t: float, delta: int) -> None:  # type: ignore[no-untyped-def]
    """Company ``c`` gains ``delta`` employees at ``t`` (0 closes the integral)."""
    ct = st.ct
    if t > prm.window_start:
        ct[c, CT_HEADCOUNT_WEEKS] += ct[c, CT_HEADCOUNT] * (
            t - max(ct[c, CT_HEADCOUNT_AT], prm.window_start)
        )
    ct[c, CT_HEADCOUNT_AT] = t
    ct[c, CT_HEADCOUNT] += delta


# --------------------------------------------------------------------------- spells


@kernel
def manager_releases(fi, gens, c: int) -> float:  # type: ignore[no-untyped-def]
    """1.0 if a new hire's manager at company ``c`` releases time for micro-jobs, else
    0.0 (a draw only where micro-jobs are posted and not every manager releases time)."""
    share = fi[c].manager_release_share
    if not fi[c].posts_gigs or share >= 1.0:
        return 1.0
    return 1.0 if gens[R_MANAGERS].random() < share else 0.0


@kernel
def start_spell(st, prm, fi, ro, gens, w, c, s, role, wage, amenity, t):  # type: ignore[no-untyped-def]
    """Worker ``w`` starts a job in ``role`` (at position ``s``) of company ``c``."""
    advance(st, w, t)
    wf, wi = st.wf, st.wi
    platform.set_employer(st, prm, w, c, t)
    wi[w, WI_POSITION] = s
    wi[w, WI_ROLE] = role
    wf[w, WF_HIRED_AT] = t
    if wf[w, WF_FIRST_JOB_AT] == math.inf:
        wf[w, WF_FIRST_JOB_AT] = t
    wf[w, WF_AGE_AT_HIRE] = (t - wf[w, WF_BORN_AT]) / WEEKS_PER_YEAR
    wf[w, WF_WAGE] = wage
    wf[w, WF_AMENITY] = amenity
    refresh_market_value(st, prm, w, t)
    wf[w, WF_EMBEDDEDNESS] = 0.0
    wi[w, WI_TIES] = 0
    wf[w, WF_GIG_FIT] = 0.0
    wf[w, WF_GIG_FIT_THIS_YEAR] = 0.0
    wi[w, WI_JOBS_HELD] += 1
    roster.add(st, prm, fi, ro, c, w, t, wf[w, WF_OPENNESS], role, manager_releases(fi, gens, c))
    st.ct[c, CT_HIRES] += 1
    headcount_change(st, prm, c, t, 1)
    if s >= 0:
        st.pi[fi[c].position_offset + s, PI_HOLDER] = w
        positions.close_vacancy(st, prm, fi, c, s, t)
        if t >= prm.window_start:
            wi[w, WI_WINDOW_EMPLOYEE] = 1
    new_match(st, prm, gens, w, t)
    set_use(st, prm, fi, ro, w)
    draw_layoff(st, prm, gens, w, t)
    draw_withdrawal(st, prm, gens, w, t)
    schedule_offer(st, prm, gens, w, t)  # also arms the worker's timer
    events.log(st, EV_HIRE, t, w, c, role, 0, 0, 0, wage, 0.0, 0.0, 0.0, 0.0)


@kernel
def end_spell(st, prm, fi, ro, gens, w, t, reason, next_job):  # type: ignore[no-untyped-def]
    """Close the worker's current spell; ``next_job`` when a hire follows at once.

    Micro-jobs in progress end unfinished, the spell is recorded if it reaches
    into the window, and the worker's position falls vacant.
    """
    wf, wi = st.wf, st.wi
    c = wi[w, WI_EMPLOYER]
    advance(st, w, t)
    wf[w, WF_OFFER_DUE] = math.inf
    wf[w, WF_LAYOFF_DUE] = math.inf
    wf[w, WF_REVEAL_DUE] = math.inf
    wf[w, WF_WITHDRAW_DUE] = math.inf
    timers.arm(st, prm, w)
    gigs.cut_short(st, prm, fi, ro, w, t)
    start = wf[w, WF_HIRED_AT]
    simulated = c < fi.shape[0] - 1
    if t >= prm.window_start:
        i = st.ci[CI_SPELLS]
        st.ci[CI_SPELLS] = i + 1
        st.spf[i, 0] = start
        st.spf[i, 1] = t
        st.spf[i, 2] = wf[w, WF_AGE_AT_HIRE]
        st.spi[i, 0] = w
        st.spi[i, 1] = c
        st.spi[i, 2] = reason
        st.spi[i, 3] = 0
        st.spi[i, 4] = 1 if start < prm.window_start else 0
        if simulated:
            if reason == REASON_QUIT:
                st.wc[c, WC_QUITS] += 1
            elif reason == REASON_WITHDRAW:
                st.wc[c, WC_WITHDRAWALS] += 1
            elif reason == REASON_LAYOFF:
                st.wc[c, WC_LAYOFFS] += 1
            elif reason == REASON_RETIRE:
                st.wc[c, WC_RETIRES] += 1
            st.wc[c, WC_REPLACEMENT_COST] += (
                fi[c].replacement_cost_share * wf[w, WF_WAGE] / wage_index(prm, t)
            )
    roster.remove(st, fi, c, w)
    st.ct[c, CT_SEPARATIONS] += 1
    headcount_change(st, prm, c, t, -1)
    if simulated:
        s = wi[w, WI_POSITION]
        st.pi[fi[c].position_offset + s, PI_HOLDER] = -1
        positions.open_vacancy(st, prm, fi, gens, c, s, t, wf[w, WF_WAGE])
    platform.set_employer(st, prm, w, UNEMPLOYED, t)
    wi[w, WI_POSITION] = -1
    wi[w, WI_ROLE] = -1
    wi[w, WI_TIES] = 0
    wf[w, WF_EMBEDDEDNESS] = 0.0
    if not next_job:
        set_use(st, prm, fi, ro, w)
    events.log_simple(st, reason, t, w, c)  # the reasons' codes are the events' kinds


@kernel
def quit_job(st, prm, fi, ro, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker quits for a job elsewhere, which the caller starts at once."""
    end_spell(st, prm, fi, ro, gens, w, t, REASON_QUIT, True)


@kernel
def pick_outside_role(st, prm, gens, w: int) -> int:  # type: ignore[no-untyped-def]
    """People look for work they want: the best interest fit among a few outside
    roles drawn at random (``outside_roles_considered``)."""
    gen = gens[R_ROLES]
    fits = st.outfit[w]
    n = fits.shape[0]
    best, best_fit = 0, -1.0
    for _ in range(prm.market_outside_roles_considered):
        r = int(gen.random() * n)
        if fits[r] > best_fit:
            best, best_fit = r, fits[r]
    return best


@kernel
def accept_offer(st, prm, fi, ro, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker's next accepted outside offer has come: they take it."""
    outside = fi.shape[0] - 1
    if st.wi[w, WI_EMPLOYER] == UNEMPLOYED:
        advance(st, w, t)
        refresh_market_value(st, prm, w, t)
        gen = gens[R_UNEMPLOYMENT]
        premium = (
            -prm.market_unemployed_wage_penalty
            + prm.market_offer_premium_sd * gen.standard_normal()
        )
        amenity = prm.market_amenity_sd * gen.standard_normal()
        if st.wi[w, WI_PLATFORM]:  # a freelancer: does the job beat their platform income?
            value = st.wf[w, WF_MARKET_VALUE] * fi[outside].wage_level
            wage = value * math.exp(premium + signal(st, prm, w))
            if not platform.prefers_job(st, prm, w, wage, amenity, t):
                schedule_offer(st, prm, gens, w, t)
                return
    else:
        premium, amenity = accepted_offer(prm, threshold(st, prm, w), gens[R_OFFERS])
        quit_job(st, prm, fi, ro, gens, w, t)
    role = pick_outside_role(st, prm, gens, w)
    premium += signal(st, prm, w)
    wage = st.wf[w, WF_MARKET_VALUE] * fi[outside].wage_level * math.exp(premium)
    start_spell(st, prm, fi, ro, gens, w, outside, -1, role, wage, amenity, t)


__all__ = [
    "accept_offer",
    "draw_layoff",
    "draw_withdrawal",
    "embeddedness_of",
    "end_spell",
    "headcount_change",
    "job_quality",
    "log_pay_ratio",
    "looking",
    "manager_releases",
    "new_match",
    "offer_rate",
    "pick_outside_role",
    "quit_job",
    "reveal",
    "schedule_offer",
    "search_boost",
    "search_rate",
    "signal",
    "start_spell",
    "threshold",
]
