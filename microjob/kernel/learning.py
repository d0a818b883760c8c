"""Learning by doing and forgetting; market value and the wage level (compiled).

Skills change continuously, so they are advanced in closed form between a
worker's events: a used skill moves toward 1 at a rate set by its use share in
the role, an unused one decays toward its forgetting floor,
``target + (p - target) exp(-rate dt)``. A worker's rate and target vectors
change only when their role (or their peak in an unused skill) changes, which
is when :func:`set_use` or :func:`refresh_target` runs. Micro-jobs add their
learning when they end (``gigs.py``).
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_YEAR

from .jit import copy, kernel
from .layout import (
    SK_ENTRY,
    SK_PEAK,
    SK_PROFICIENCY,
    SK_RATE,
    SK_TARGET,
    SK_WANTS,
    WF_MARKET_VALUE,
    WF_ROLE_FIT,
    WF_SKILLS_AT,
    WI_EMPLOYER,
    WI_ROLE,
)


@kernel
def advance(st, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Bring worker ``w``'s skills to time ``t``."""
    dt = t - st.wf[w, WF_SKILLS_AT]
    if dt > 0.0:
        v = st.sk[w]
        for k in range(v.shape[1]):
            target = v[SK_TARGET, k]
            p = target + (v[SK_PROFICIENCY, k] - target) * math.exp(-v[SK_RATE, k] * dt)
            v[SK_PROFICIENCY, k] = p
            if p > v[SK_PEAK, k]:
                v[SK_PEAK, k] = p
        st.wf[w, WF_SKILLS_AT] = t


@kernel
def set_floor(st, prm, w: int) -> None:  # type: ignore[no-untyped-def]
    """Set every target of ``w`` to its forgetting floor: the proficiency at entry
    plus ``forgetting_floor_share`` of the peak gain over it."""
    v = st.sk[w]
    share = prm.learning_forgetting_floor_share
    for k in range(v.shape[1]):
        gain = v[SK_PEAK, k] - v[SK_ENTRY, k]
        v[SK_TARGET, k] = v[SK_ENTRY, k] + share * (gain if gain > 0.0 else 0.0)


@kernel
def refresh_target(st, prm, ro, w: int, role: int) -> None:  # type: ignore[no-untyped-def]
    """Targets: 1 for the skills global role ``role`` uses, the floor for the others."""
    set_floor(st, prm, w)
    v = st.sk[w]
    used = ro.used[role]
    for k in range(v.shape[1]):
        if used[k]:
            v[SK_TARGET, k] = 1.0


@kernel
def set_use(st, prm, fi, ro, w: int) -> None:  # type: ignore[no-untyped-def]
    """Skill use from the worker's role: the rates and targets of their skill dynamics
    and the role's interest fit (share of working time on wanted skills)."""
    c = st.wi[w, WI_EMPLOYER]
    v = st.sk[w]
    if c < 0:  # nothing in use: every skill decays toward its floor
        st.wf[w, WF_ROLE_FIT] = 0.0
        v[SK_RATE, :] = prm.forget_rate
        set_floor(st, prm, w)
        return
    role = fi[c].role_offset + st.wi[w, WI_ROLE]
    copy(v[SK_RATE], ro.learn_rate[role])
    refresh_target(st, prm, ro, w, role)
    fit = 0.0
    share = ro.share[role]
    for k in range(v.shape[1]):
        fit += v[SK_WANTS, k] * share[k]
    st.wf[w, WF_ROLE_FIT] = fit


@kernel
def base_wage(prm, t: float) -> float:  # type: ignore[no-untyped-def]
    """W0 at time ``t``: market wages grow at ``wage_growth_per_year``."""
    return prm.market_base_wage_per_year * math.exp(
        prm.market_wage_growth_per_year * t / WEEKS_PER_YEAR
    )


@kernel
def wage_index(prm, t: float) -> float:  # type: ignore[no-untyped-def]
    """Market wage level at ``t`` relative to time 0 (deflates costs)."""
    return math.exp(prm.market_wage_growth_per_year * t / WEEKS_PER_YEAR)


@kernel
def skill_value(st, w: int) -> float:  # type: ignore[no-untyped-def]
    """``prices . proficiency`` of worker ``w`` (log-wage units)."""
    total = 0.0
    p = st.sk[w, SK_PROFICIENCY]
    for k in range(p.shape[0]):
        total += p[k] * st.prices[k]
    return total


@kernel
def value_on_market(st, prm, w: int, t: float) -> float:  # type: ignore[no-untyped-def]
    """Worker ``w``'s market value at ``t``: ``W0(t) exp(prices . proficiency)``."""
    return base_wage(prm, t) * math.exp(skill_value(st, w))


@kernel
def refresh_market_value(st, prm, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Store worker ``w``'s market value at ``t``."""
    st.wf[w, WF_MARKET_VALUE] = value_on_market(st, prm, w, t)


__all__ = [
    "advance",
    "base_wage",
    "refresh_market_value",
    "refresh_target",
    "set_floor",
    "set_use",
    "skill_value",
    "value_on_market",
    "wage_index",
]
