"""Annual reviews: pay, growth, embeddedness and peers' openness, company-wide (compiled).

Once a year (at a random date per company) every employee gets the general
raise plus a catch-up of part of the gap between pay and the company's pay for
their market value; their skill growth over the year, embeddedness and the
interest fit of last year's micro-jobs are taken stock of; openness to
micro-jobs moves toward 1 with the share of colleagues who did one
(``peer_rate``) and, where a manager releases time for micro-jobs, with that
support (``manager_rate``); and each employee's next accepted outside offer is redrawn
from their new situation.
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_YEAR

from . import careers, events, roster
from .jit import kernel
from .layout import (
    CT_REVIEW_EPOCH,
    CT_YEAR_PARTICIPANTS,
    EV_REVIEW,
    RD_OPENNESS,
    RD_RELEASED,
    SK_PROFICIENCY,
    SK_REVIEWED,
    WF_EMBEDDEDNESS,
    WF_GIG_FIT,
    WF_GIG_FIT_THIS_YEAR,
    WF_GROWTH,
    WF_MARKET_VALUE,
    WF_OPENNESS,
    WF_REVIEWED_AT,
    WF_WAGE,
)
from .learning import advance, base_wage, skill_value


@kernel
def review(st, prm, fi, ro, gens, c: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Annual review of company ``c``."""
    n = st.roster_n[c]
    if n == 0:
        return
    base = fi[c].roster_offset
    # Peers: the share of members who completed a micro-job since the last review.
    share = st.ct[c, CT_YEAR_PARTICIPANTS] / n
    st.ct[c, CT_YEAR_PARTICIPANTS] = 0.0
    st.ct[c, CT_REVIEW_EPOCH] += 1.0
    # The share counts everyone who took part since the last review, leavers included,
    # so it can exceed 1: the pull is capped so that openness stays within [0, 1].
    peer = min(1.0, prm.mindset_peer_rate * share)
    manager_rate = prm.mindset_manager_rate if fi[c].posts_gigs else 0.0
    wage0 = base_wage(prm, t)
    for i in range(n):
        w = st.rids[base + i]
        advance(st, w, t)
        market_value = wage0 * math.exp(skill_value(st, w))
        wage = st.wf[w, WF_WAGE] * (1.0 + fi[c].annual_raise_share)
        target = market_value * fi[c].wage_level
        wage += fi[c].market_matching_share * max(target - wage, 0.0)
        years = max((t - st.wf[w, WF_REVIEWED_AT]) / WEEKS_PER_YEAR, 1.0 / 52.0)
        p, reviewed = st.sk[w, SK_PROFICIENCY], st.sk[w, SK_REVIEWED]
        gain = 0.0
        for k in range(p.shape[0]):
            gain += p[k] - reviewed[k]
            reviewed[k] = p[k]
        st.wf[w, WF_REVIEWED_AT] = t
        st.wf[w, WF_GROWTH] = max(0.0, gain / years)
        st.wf[w, WF_WAGE] = wage
        st.wf[w, WF_MARKET_VALUE] = market_value
        st.wf[w, WF_EMBEDDEDNESS] = careers.embeddedness_of(st, prm, w, t)
        st.wf[w, WF_GIG_FIT] = st.wf[w, WF_GIG_FIT_THIS_YEAR]  # micro-jobs of the past year
        st.wf[w, WF_GIG_FIT_THIS_YEAR] = 0.0
        manager = manager_rate * st.rd[base + i, RD_RELEASED]
        if peer > 0.0 or manager > 0.0:
            openness = st.rd[base + i, RD_OPENNESS]
            if peer > 0.0:
                openness = openness + peer * (1.0 - openness)
            if manager > 0.0:  # a manager who releases time encourages taking part
                openness = openness + manager * (1.0 - openness)
            roster.set_openness(st, prm, base + i, openness)
            st.wf[w, WF_OPENNESS] = openness
    for i in range(n):  # each member's next offer, from their new situation
        careers.schedule_offer(st, prm, gens, st.rids[base + i], t)
    events.log(st, EV_REVIEW, t, -1, c, n, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0)


__all__ = ["review"]
