"""Membership of the open talent platform, freelancing time and utilisation (compiled).

A member of the platform (``WI_PLATFORM``) with a job keeps a side portfolio;
without one they are a freelancer, with room for a full week of projects. This
module holds what the rest of the engine asks about members: their status
changes (through :func:`set_employer`, which keeps the freelancing time), how
busy the platform has kept them lately, and whether a job beats freelancing
(:func:`prefers_job`). With the platform off nobody is a member, and every
function here changes nothing.
"""

from __future__ import annotations

import math

from .jit import kernel
from .layout import (
    R_PLATFORM,
    UNEMPLOYED,
    WF_FREELANCE_SINCE,
    WF_FREELANCE_WEEKS,
    WF_MARKET_VALUE,
    WF_PLATFORM_LOAD,
    WF_UTILISATION,
    WF_UTILISATION_AT,
    WF_UTILISATION_SMOOTH,
    WI_EMPLOYER,
    WI_PLATFORM,
)


@kernel
def enabled(prm) -> bool:  # type: ignore[no-untyped-def]
    """Whether the platform is on."""
    return prm.platform_projects_per_worker_year > 0.0


@kernel
def capacity(st, prm, w: int) -> float:  # type: ignore[no-untyped-def]
    """Share of a week member ``w`` can give to projects at once, by their status."""
    c = st.wi[w, WI_EMPLOYER]
    if c >= 0:
        return prm.platform_side_capacity_share
    if c == UNEMPLOYED:
        return prm.platform_freelance_capacity_share
    return 0.0


@kernel
def join(st, prm, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Worker ``w`` becomes a member at ``t``, expecting ``newcomer_utilisation_share``."""
    st.wi[w, WI_PLATFORM] = 1
    st.wf[w, WF_FREELANCE_SINCE] = t
    st.wf[w, WF_UTILISATION_AT] = t
    st.wf[w, WF_UTILISATION_SMOOTH] = prm.platform_newcomer_utilisation_share
    st.wf[w, WF_UTILISATION] = 0.0


@kernel
def enrol(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """A newcomer to the labour force joins with probability ``member_share``."""
    if enabled(prm) and gens[R_PLATFORM].random() < prm.platform_member_share:
        join(st, prm, w, t)


@kernel
def on_layoff(st, prm, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """A laid-off worker who is not a member joins with probability ``join_share``."""
    joins = enabled(prm) and not st.wi[w, WI_PLATFORM]
    if joins and gens[R_PLATFORM].random() < prm.platform_join_share:
        join(st, prm, w, t)


@kernel
def count_freelancing(st, prm, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Add the window's weeks freelancing up to ``t`` (if the member is freelancing)."""
    if st.wi[w, WI_PLATFORM] and st.wi[w, WI_EMPLOYER] == UNEMPLOYED:
        since = max(st.wf[w, WF_FREELANCE_SINCE], prm.window_start)
        if t > since:
            st.wf[w, WF_FREELANCE_WEEKS] += t - since
    st.wf[w, WF_FREELANCE_SINCE] = t


@kernel
def recent_utilisation(st, prm, w: int, t: float) -> float:  # type: ignore[no-untyped-def]
    """How busy the platform has kept member ``w`` lately, as a share of their capacity:
    the exponential average (time constant ``utilisation_memory_weeks``) of a
    utilisation that is constant between the changes :func:`utilisation_change` notes."""
    now = st.wf[w, WF_UTILISATION]
    fade = math.exp(-(t - st.wf[w, WF_UTILISATION_AT]) / prm.platform_utilisation_memory_weeks)
    return now + (st.wf[w, WF_UTILISATION_SMOOTH] - now) * fade


@kernel
def utilisation_change(st, prm, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The member's load or capacity changed at ``t``: fold the past into the average."""
    st.wf[w, WF_UTILISATION_SMOOTH] = recent_utilisation(st, prm, w, t)
    st.wf[w, WF_UTILISATION_AT] = t
    room = capacity(st, prm, w)
    st.wf[w, WF_UTILISATION] = min(1.0, st.wf[w, WF_PLATFORM_LOAD] / room) if room > 0.0 else 0.0


@kernel
def set_employer(st, prm, w: int, employer: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Worker ``w``'s status becomes ``employer`` at ``t`` (a company, or one of
    ``UNEMPLOYED``, ``INACTIVE``, ``RETIRED``): the one place a status changes."""
    if st.wi[w, WI_PLATFORM]:
        count_freelancing(st, prm, w, t)
        st.wi[w, WI_EMPLOYER] = employer
        utilisation_change(st, prm, w, t)
    else:
        st.wi[w, WI_EMPLOYER] = employer


@kernel
def freelance_income(st, prm, w: int, t: float) -> float:  # type: ignore[no-untyped-def]
    """What member ``w`` expects to earn a year freelancing: their market value for a
    freelancer's capacity, less the take, at their recent utilisation."""
    fee = st.wf[w, WF_MARKET_VALUE] * (1.0 + prm.platform_fee_premium_share)
    kept = fee * (1.0 - prm.platform_take_rate_share) * prm.platform_freelance_capacity_share
    return kept * recent_utilisation(st, prm, w, t)


@kernel
def prefers_job(st, prm, w: int, wage: float, quality: float, t: float) -> bool:  # type: ignore[no-untyped-def]
    """Whether a job paying ``wage`` a year, of ``quality`` beyond a typical new job
    (log-wage units), beats freelancing for member ``w``: its log wage plus quality
    against the log of their expected freelance income plus ``autonomy_value``. A
    member the platform has not kept busy for long expects nothing, and any job does."""
    income = freelance_income(st, prm, w, t)
    if income <= 0.0:
        return True
    return math.log(wage) + quality >= math.log(income) + prm.platform_autonomy_value


__all__ = [
    "capacity",
    "count_freelancing",
    "enabled",
    "enrol",
    "freelance_income",
    "join",
    "on_layoff",
    "prefers_job",
    "recent_utilisation",
    "set_employer",
    "utilisation_change",
]
