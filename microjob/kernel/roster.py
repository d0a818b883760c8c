"""Company rosters: each company's employees as rows of one table (compiled).

Company ``c``'s members sit in rows ``roster_offset[c]`` to ``+ roster_n[c]`` of
``st.rd`` (columns ``RD_*``, then per team: interest in what its micro-jobs
teach, micro-jobs done for it, and openness x interest, the chance to apply for
its micro-jobs, which is 0 when the member's manager does not release their
time). Company-wide events (reviews, micro-job postings) read these rows instead
of the whole worker table. Removal moves the last member into the gap.
"""

from __future__ import annotations

from .jit import copy, kernel
from .layout import (
    CI_ROSTER_MOST,
    RD_HIRED_AT,
    RD_LOAD,
    RD_OPENNESS,
    RD_RELEASED,
    RD_ROLE,
    RD_TEAMS,
    SK_INTEREST,
    WI_ROSTER_POS,
)


@kernel
def max_teams(st) -> int:  # type: ignore[no-untyped-def]
    """Width of each per-team block of columns."""
    return (st.rd.shape[1] - RD_TEAMS) // 3


@kernel
def set_openness(st, prm, row: int, openness: float) -> None:  # type: ignore[no-untyped-def]
    """Set a member's openness and their chances to apply: openness (at least the
    scenario's floor) x interest, where their manager releases their time."""
    m = max_teams(st)
    rd = st.rd
    rd[row, RD_OPENNESS] = openness
    willing = max(openness, prm.mindset_openness_floor) * rd[row, RD_RELEASED]
    for t in range(m):
        rd[row, RD_TEAMS + 2 * m + t] = willing * rd[row, RD_TEAMS + t]


@kernel
def add(st, prm, fi, ro, c, w, hired_at, openness, role, released):  # type: ignore[no-untyped-def]
    """Add worker ``w`` to company ``c``'s roster (interest in each team's micro-jobs
    only where micro-jobs are posted; ``released``: 1.0 if their manager releases
    time for micro-jobs)."""
    i = st.roster_n[c]
    st.roster_n[c] = i + 1
    if i + 1 > st.ci[CI_ROSTER_MOST]:
        st.ci[CI_ROSTER_MOST] = i + 1
    row = fi[c].roster_offset + i
    st.wi[w, WI_ROSTER_POS] = i
    st.rids[row] = w
    rd = st.rd
    rd[row, :] = 0.0
    rd[row, RD_HIRED_AT] = hired_at
    rd[row, RD_LOAD] = 0.0
    rd[row, RD_ROLE] = role
    rd[row, RD_RELEASED] = released
    if fi[c].posts_gigs:
        interest = st.sk[w, SK_INTEREST]
        for t in range(fi[c].n_roles):
            teach = ro.teach_score[fi[c].role_offset + t]
            score = 0.0
            for k in range(interest.shape[0]):
                score += interest[k] * teach[k]
            rd[row, RD_TEAMS + t] = min(1.0, score)
    set_openness(st, prm, row, openness)


@kernel
def remove(st, fi, c: int, w: int) -> None:  # type: ignore[no-untyped-def]
    """Remove worker ``w`` from company ``c``'s roster."""
    i = st.wi[w, WI_ROSTER_POS]
    last = st.roster_n[c] - 1
    st.roster_n[c] = last
    st.wi[w, WI_ROSTER_POS] = -1
    if i != last:
        base = fi[c].roster_offset
        moved = st.rids[base + last]
        st.rids[base + i] = moved
        copy(st.rd[base + i], st.rd[base + last])
        st.wi[moved, WI_ROSTER_POS] = i


__all__ = ["add", "max_teams", "remove", "set_openness"]
