"""Positions falling vacant and being closed (compiled).

A simulated company keeps its positions. When one falls vacant the company
decides (``internal_fill_share``) whether to fill it from inside and tries after
a random delay (mean ``internal_delay_weeks`` or ``hiring_delay_weeks``); the
fill itself is in ``vacancies.py``. Vacant positions are kept in a linked list
in the order they fell vacant, which is the order redeployment considers them.
Lost output while a position is vacant is valued at the last holder's wage.
"""

from __future__ import annotations

from microjob.scenario import WEEKS_PER_YEAR

from . import events, timers
from .jit import kernel
from .layout import (
    EV_VACANCY,
    PF_LAST_WAGE,
    PF_VACANT_SINCE,
    PI_FILL_PENDING,
    PI_FILL_VERSION,
    PI_NEXT,
    PI_PREV,
    PI_VACANT,
    R_HIRING,
    WC_VACANCY_COST,
    WC_VACANCY_WEEKS,
)
from .learning import wage_index


@kernel
def schedule_fill(st, prm, g: int, t: float, delay: float, internal: bool) -> None:  # type: ignore[no-untyped-def]
    """Try to fill global position ``g`` in ``delay`` weeks (if before the end)."""
    if t + delay < prm.end:
        st.pi[g, PI_FILL_VERSION] += 1
        st.pi[g, PI_FILL_PENDING] = 1
        timers.call_at(
            st, t + delay, timers.K_FILL, g, 1 if internal else 0, st.pi[g, PI_FILL_VERSION]
        )


@kernel
def open_vacancy(st, prm, fi, gens, c: int, s: int, t: float, wage: float) -> None:  # type: ignore[no-untyped-def]
    """Position ``s`` of company ``c`` falls vacant; ``wage`` (of its last holder)
    values the output lost while it stays empty."""
    g = fi[c].position_offset + s
    st.pf[g, PF_VACANT_SINCE] = t
    st.pf[g, PF_LAST_WAGE] = wage
    st.pi[g, PI_VACANT] = 1
    tail = st.vac_tail[c]
    st.pi[g, PI_PREV] = tail
    st.pi[g, PI_NEXT] = -1
    if tail >= 0:
        st.pi[tail, PI_NEXT] = g
    else:
        st.vac_head[c] = g
    st.vac_tail[c] = g
    gen = gens[R_HIRING]
    internal = gen.random() < fi[c].internal_fill_share
    mean = fi[c].internal_delay_weeks if internal else fi[c].hiring_delay_weeks
    schedule_fill(st, prm, g, t, mean * gen.standard_exponential(), internal)
    events.log(st, EV_VACANCY, t, -1, c, s, 1 if internal else 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0)


@kernel
def close_vacancy(st, prm, fi, c: int, s: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The position is filled (or the run ends): count its vacant weeks and their cost."""
    g = fi[c].position_offset + s
    if not st.pi[g, PI_VACANT]:
        return
    st.pi[g, PI_VACANT] = 0
    prev, nxt = st.pi[g, PI_PREV], st.pi[g, PI_NEXT]
    if prev >= 0:
        st.pi[prev, PI_NEXT] = nxt
    else:
        st.vac_head[c] = nxt
    if nxt >= 0:
        st.pi[nxt, PI_PREV] = prev
    else:
        st.vac_tail[c] = prev
    if st.pi[g, PI_FILL_PENDING]:
        st.pi[g, PI_FILL_PENDING] = 0
        st.pi[g, PI_FILL_VERSION] += 1
        timers.cancelled(st)
    vacant_since = st.pf[g, PF_VACANT_SINCE]
    since = max(vacant_since, prm.window_start)
    if t > since:
        weeks = t - since
        st.wc[c, WC_VACANCY_WEEKS] += weeks
        wage = st.pf[g, PF_LAST_WAGE] / wage_index(prm, vacant_since)
        st.wc[c, WC_VACANCY_COST] += weeks * wage / WEEKS_PER_YEAR


__all__ = ["close_vacancy", "open_vacancy", "schedule_fill"]
