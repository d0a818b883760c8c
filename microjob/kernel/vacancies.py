"""Vacancies filled from inside or outside; layoffs and redeployment (compiled).

An internal fill picks the employee in another role whose skills on record fit
the role best, with a bonus for micro-jobs done for that team
(``tie_preference``); the position they leave falls vacant in its turn (vacancy
chains). An external fill approaches ``candidates_per_vacancy`` people drawn
from the whole labour force: a candidate whose screening score (credentials and
demonstrated skills) falls below the company's bar is passed over; the
unemployed take it, employees take it if they are looking and it beats their
current job. Every job can be cut; where the
policy redeploys, a share of cuts are role cuts and the worker moves to the
vacant position of another role that fits their skills best, if well enough.
"""

from __future__ import annotations

import math

from . import careers, events, platform, positions
from .jit import kernel
from .layout import (
    CI_ACTIVE,
    CI_MOVES,
    EV_INTERNAL_MOVE,
    EV_REDEPLOY,
    PI_COMPANY,
    PI_FILL_PENDING,
    PI_HOLDER,
    PI_NEXT,
    PI_ROLE,
    R_HIRING,
    R_LAYOFFS,
    RD_ROLE,
    RD_TEAMS,
    REASON_LAYOFF,
    SK_PROFICIENCY,
    UNEMPLOYED,
    VIA_REDEPLOYMENT,
    WC_INTERNAL_MOVES,
    WC_REDEPLOYMENTS,
    WF_CREDENTIAL,
    WF_MARKET_VALUE,
    WF_OFFER_DUE,
    WF_WAGE,
    WI_EMPLOYER,
    WI_FIELD,
    WI_PLATFORM,
    WI_POSITION,
    WI_ROLE,
    WI_ROSTER_POS,
)
from .learning import advance, refresh_market_value, set_use


@kernel
def role_fit(st, ro, w: int, role: int) -> float:  # type: ignore[no-untyped-def]
    """Skill fit of worker ``w`` (skills on record) to global role ``role``."""
    p = st.sk[w, SK_PROFICIENCY]
    share = ro.share[role]
    total = 0.0
    for k in range(p.shape[0]):
        total += p[k] * share[k]
    return total


@kernel
def internal_move(st, prm, fi, ro, gens, w, c, s, t, via):  # type: ignore[no-untyped-def]
    """Worker ``w`` moves to position ``s`` of their company ``c``: a new role and
    match, and the position they leave falls vacant."""
    advance(st, w, t)
    offset = fi[c].position_offset
    old_s, old_role = st.wi[w, WI_POSITION], st.wi[w, WI_ROLE]
    r = st.pi[offset + s, PI_ROLE]
    st.pi[offset + s, PI_HOLDER] = w
    positions.close_vacancy(st, prm, fi, c, s, t)
    st.wi[w, WI_POSITION] = s
    st.wi[w, WI_ROLE] = r
    st.rd[fi[c].roster_offset + st.wi[w, WI_ROSTER_POS], RD_ROLE] = r
    st.pi[offset + old_s, PI_HOLDER] = -1
    positions.open_vacancy(st, prm, fi, gens, c, old_s, t, st.wf[w, WF_WAGE])
    careers.new_match(st, prm, gens, w, t)
    set_use(st, prm, fi, ro, w)
    if t >= prm.window_start:
        st.wc[c, WC_REDEPLOYMENTS if via == VIA_REDEPLOYMENT else WC_INTERNAL_MOVES] += 1
        i = st.ci[CI_MOVES]
        st.ci[CI_MOVES] = i + 1
        st.mvf[i, 0] = t
        st.mvi[i, 0] = w
        st.mvi[i, 1] = c
        st.mvi[i, 2] = old_role
        st.mvi[i, 3] = r
        st.mvi[i, 4] = via
    careers.schedule_offer(st, prm, gens, w, t)
    kind = EV_REDEPLOY if via == VIA_REDEPLOYMENT else EV_INTERNAL_MOVE
    events.log(st, kind, t, w, c, old_role, r, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0)


@kernel
def fill_internally(st, prm, fi, ro, gens, c: int, s: int, t: float) -> bool:  # type: ignore[no-untyped-def]
    """Fill position ``s`` from inside: the candidate in another role whose skills on
    record fit best, boosted by micro-jobs done for that team. Returns whether anyone
    was there to move."""
    r = st.pi[fi[c].position_offset + s, PI_ROLE]
    base = fi[c].roster_offset
    n = st.roster_n[c]
    others = st.sc_ids
    m = 0
    for i in range(n):
        if st.rd[base + i, RD_ROLE] != r:
            others[m] = i
            m += 1
    if m == 0:
        return False
    seen = fi[c].internal_candidates_seen
    if 0 < seen < m:  # Floyd's algorithm: ``seen`` distinct of the m, in roster order
        gen = gens[R_HIRING]
        chosen = st.sc_interest  # scratch marks over the m candidates
        chosen[:m] = 0.0
        for j in range(m - seen, m):
            i = int(gen.random() * (j + 1))
            chosen[j if chosen[i] != 0.0 else i] = 1.0
        kept = 0
        for i in range(m):
            if chosen[i] != 0.0:
                others[kept] = others[i]
                kept += 1
        m = kept
    role = fi[c].role_offset + r
    ties_col = RD_TEAMS + (st.rd.shape[1] - RD_TEAMS) // 3 + r
    best, best_score = -1, -math.inf
    for j in range(m):
        i = others[j]
        score = role_fit(st, ro, st.rids[base + i], role)
        if prm.quality_tie_preference > 0.0:
            score += prm.quality_tie_preference * st.rd[base + i, ties_col]
        if score > best_score:
            best, best_score = i, score
    internal_move(st, prm, fi, ro, gens, st.rids[base + best], c, s, t, 0)
    return True


@kernel
def screening_score(st, prm, ro, w: int, role: int) -> float:  # type: ignore[no-untyped-def]
    """How well worker ``w`` screens for global role ``role``: ``credential_weight`` x
    the credential's cover of the role plus the rest x their fit on record."""
    weight = prm.market_credential_weight
    field = st.wi[w, WI_FIELD]
    cover = st.wf[w, WF_CREDENTIAL] * ro.field_share[role, field] if field >= 0 else 0.0
    return weight * cover + (1.0 - weight) * role_fit(st, ro, w, role)


@kernel
def fill_externally(st, prm, fi, ro, gens, c: int, s: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """Approach candidates from the labour force until one takes the job; if nobody
    does, try again later."""
    gen = gens[R_HIRING]
    role = st.pi[fi[c].position_offset + s, PI_ROLE]
    n_active = st.ci[CI_ACTIVE]
    tries = prm.market_candidates_per_vacancy if n_active > 0 else 0
    for _ in range(tries):
        w = st.active[int(gen.random() * n_active)]
        current = st.wi[w, WI_EMPLOYER]
        if current == c:
            continue
        bar = prm.market_screening_bar
        if bar > 0.0 and screening_score(st, prm, ro, w, fi[c].role_offset + role) < bar:
            continue
        premium = prm.market_external_hire_premium + math.log(fi[c].wage_level)
        premium += prm.market_offer_premium_sd * gen.standard_normal()
        amenity = prm.market_amenity_sd * gen.standard_normal()
        if current == UNEMPLOYED:
            advance(st, w, t)
            refresh_market_value(st, prm, w, t)
            if st.wi[w, WI_PLATFORM]:  # a freelancer: does the job beat their platform income?
                pay = st.wf[w, WF_MARKET_VALUE] * math.exp(premium + careers.signal(st, prm, w))
                if not platform.prefers_job(st, prm, w, pay, amenity, t):
                    continue
        elif not (
            careers.looking(st, prm, w, t, gen.random())
            and premium + amenity > careers.threshold(st, prm, w)
        ):
            continue
        else:
            careers.quit_job(st, prm, fi, ro, gens, w, t)
        st.wf[w, WF_OFFER_DUE] = math.inf  # an unemployed candidate stops searching
        wage = st.wf[w, WF_MARKET_VALUE] * math.exp(premium + careers.signal(st, prm, w))
        careers.start_spell(st, prm, fi, ro, gens, w, c, s, role, wage, amenity, t)
        return
    retry = max(fi[c].hiring_delay_weeks, prm.market_hiring_retry_min_weeks)
    positions.schedule_fill(
        st, prm, fi[c].position_offset + s, t, retry * gen.standard_exponential(), False
    )


@kernel
def on_fill(st, prm, fi, ro, gens, g: int, internal: bool, t: float) -> None:  # type: ignore[no-untyped-def]
    """A vacancy's fill is due: from inside if so decided and possible, else outside."""
    st.pi[g, PI_FILL_PENDING] = 0
    c = st.pi[g, PI_COMPANY]
    s = g - fi[c].position_offset
    if internal and fill_internally(st, prm, fi, ro, gens, c, s, t):
        return
    fill_externally(st, prm, fi, ro, gens, c, s, t)


@kernel
def redeploy(st, prm, fi, ro, gens, w: int, t: float) -> bool:  # type: ignore[no-untyped-def]
    """Try to move a worker whose role is cut into a vacant position of another role;
    return whether they moved."""
    c = st.wi[w, WI_EMPLOYER]
    if c >= fi.shape[0] - 1:  # the outside market
        return False
    if not (
        fi[c].redeployment != 0
        and st.vac_head[c] >= 0
        and gens[R_LAYOFFS].random() < fi[c].redeployment_share
    ):
        return False
    own = st.wi[w, WI_ROLE]
    advance(st, w, t)
    offset = fi[c].position_offset
    best, best_fit = -1, -math.inf
    g = st.vac_head[c]
    while g >= 0:  # vacant positions in the order they fell vacant
        r = st.pi[g, PI_ROLE]
        if r != own:
            fit = role_fit(st, ro, w, fi[c].role_offset + r)
            if fit > best_fit:
                best, best_fit = g, fit
        g = st.pi[g, PI_NEXT]
    if best >= 0 and best_fit >= fi[c].redeployment_min_fit:
        careers.draw_layoff(st, prm, gens, w, t)  # the new position can be cut in its turn
        internal_move(st, prm, fi, ro, gens, w, c, best - offset, t, VIA_REDEPLOYMENT)
        return True
    return False


@kernel
def job_cut(st, prm, fi, ro, gens, w: int, t: float) -> None:  # type: ignore[no-untyped-def]
    """The worker's job is cut: redeployment where the policy allows, else a layoff."""
    if not redeploy(st, prm, fi, ro, gens, w, t):
        careers.end_spell(st, prm, fi, ro, gens, w, t, REASON_LAYOFF, False)
        platform.on_layoff(st, prm, gens, w, t)
        careers.schedule_offer(st, prm, gens, w, t)


__all__ = ["fill_externally", "fill_internally", "internal_move", "job_cut", "on_fill", "redeploy"]
