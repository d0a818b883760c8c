"""The compiled engine's state: every array of one run, in one named tuple.

Sizes that grow during a run (people, records, the event queue, micro-jobs in
progress) are allocated with room to spare; when a table runs short the engine
stops before the next event and :func:`grown` returns a copy with the full
table doubled, after which the run resumes.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .heap import N_H
from .layout import (
    CI_FREE_ENGAGEMENT,
    CI_FREE_GIG,
    N_CF,
    N_CI,
    N_CT,
    N_EF,
    N_EI,
    N_ERF,
    N_ERI,
    N_EVF,
    N_EVI,
    N_GF,
    N_GI,
    N_GRF,
    N_GRI,
    N_MVI,
    N_PF,
    N_PI,
    N_SK,
    N_SPF,
    N_SPI,
    N_WC,
    N_WF,
    N_WI,
    RD_TEAMS,
)

__all__ = ["State", "allocate", "grown"]


class State(NamedTuple):
    """Every array of a run (see :mod:`microjob.kernel.layout` for the columns)."""

    wf: np.ndarray
    wi: np.ndarray
    sk: np.ndarray
    outfit: np.ndarray
    """Interest fit of each outside role, per worker."""
    active: np.ndarray
    """Everyone in the labour force, for drawing candidates (``ci[CI_ACTIVE]`` long)."""
    rd: np.ndarray
    rids: np.ndarray
    roster_n: np.ndarray
    pf: np.ndarray
    pi: np.ndarray
    vac_head: np.ndarray
    vac_tail: np.ndarray
    gf: np.ndarray
    gi: np.ndarray
    ht: np.ndarray
    hi: np.ndarray
    spf: np.ndarray
    spi: np.ndarray
    grf: np.ndarray
    gri: np.ndarray
    mvf: np.ndarray
    mvi: np.ndarray
    ct: np.ndarray
    wc: np.ndarray
    ci: np.ndarray
    cf: np.ndarray
    prices: np.ndarray
    tr_interest: np.ndarray
    tr_wants: np.ndarray
    tr_proficiency: np.ndarray
    tr_outfit: np.ndarray
    tr_scalars: np.ndarray
    """Traits of the next entrants: retirement age, late-retirement draw, mover, openness,
    credential level, credential field and mean proficiency in that field."""
    sc_ids: np.ndarray
    sc_fit: np.ndarray
    sc_interest: np.ndarray
    """Scratch: the applicants to a micro-job, their skill fit and interest."""
    ef: np.ndarray
    ei: np.ndarray
    """Platform engagements in progress (``EF_*``/``EI_*`` columns)."""
    erf: np.ndarray
    eri: np.ndarray
    """Records of platform engagements."""
    evf: np.ndarray
    evi: np.ndarray
    """The event log (no rows when nobody listens; see ``events``)."""


GROWABLE = {
    "workers": (
        "wf",
        "wi",
        "sk",
        "outfit",
        "active",
        "sc_ids",
        "sc_fit",
        "sc_interest",
    ),
    "queue": ("ht", "hi"),
    "spells": ("spf", "spi"),
    "gig_records": ("grf", "gri"),
    "moves": ("mvf", "mvi"),
    "gigs": ("gf", "gi"),
    "engagement_records": ("erf", "eri"),
    "engagements": ("ef", "ei"),
}
"""Tables that grow together, by what runs short."""


def allocate(
    *,
    workers: int,
    n_skills: int,
    n_outside_roles: int,
    n_companies: int,
    positions: int,
    roster_rows: int,
    max_teams: int,
    traits: int,
    log_rows: int = 0,
) -> State:
    """Empty state with room for ``workers`` people (everything else sized from it)
    and an event log of ``log_rows`` rows (0: no trackers)."""
    records = max(1024, workers)
    counters = np.zeros(N_CI, dtype=np.int64)
    counters[CI_FREE_GIG] = -1  # no freed micro-job rows yet
    counters[CI_FREE_ENGAGEMENT] = -1
    return State(
        wf=np.zeros((workers, N_WF)),
        wi=np.zeros((workers, N_WI), dtype=np.int64),
        sk=np.zeros((workers, N_SK, n_skills)),
        outfit=np.zeros((workers, max(n_outside_roles, 1))),
        active=np.zeros(workers, dtype=np.int64),
        rd=np.zeros((roster_rows, RD_TEAMS + 3 * max_teams)),
        rids=np.zeros(roster_rows, dtype=np.int64),
        roster_n=np.zeros(n_companies, dtype=np.int64),
        pf=np.zeros((max(positions, 1), N_PF)),
        pi=np.zeros((max(positions, 1), N_PI), dtype=np.int64),
        vac_head=np.full(n_companies, -1, dtype=np.int64),
        vac_tail=np.full(n_companies, -1, dtype=np.int64),
        gf=np.zeros((256, N_GF)),
        gi=np.zeros((256, N_GI), dtype=np.int64),
        ht=np.zeros(4 * workers + 1024),
        hi=np.zeros((4 * workers + 1024, N_H), dtype=np.int64),
        spf=np.zeros((records, N_SPF)),
        spi=np.zeros((records, N_SPI), dtype=np.int64),
        grf=np.zeros((records, N_GRF)),
        gri=np.zeros((records, N_GRI), dtype=np.int64),
        mvf=np.zeros((records, 1)),
        mvi=np.zeros((records, N_MVI), dtype=np.int64),
        ct=np.zeros((n_companies, N_CT)),
        wc=np.zeros((n_companies, N_WC)),
        ci=counters,
        cf=np.zeros(N_CF),
        prices=np.zeros(n_skills),
        tr_interest=np.zeros((traits, n_skills)),
        tr_wants=np.zeros((traits, n_skills)),
        tr_proficiency=np.zeros((traits, n_skills)),
        tr_outfit=np.zeros((traits, max(n_outside_roles, 1))),
        tr_scalars=np.zeros((traits, 7)),
        sc_ids=np.zeros(workers, dtype=np.int64),
        sc_fit=np.zeros(workers),
        sc_interest=np.zeros(workers),
        ef=np.zeros((64, N_EF)),
        ei=np.zeros((64, N_EI), dtype=np.int64),
        erf=np.zeros((256, N_ERF)),
        eri=np.zeros((256, N_ERI), dtype=np.int64),
        evf=np.zeros((log_rows, N_EVF)),
        evi=np.zeros((log_rows, N_EVI), dtype=np.int64),
    )


def _doubled(a: np.ndarray) -> np.ndarray:
    new = np.zeros((2 * a.shape[0], *a.shape[1:]), dtype=a.dtype)
    new[: a.shape[0]] = a
    return new


def grown(st: State, what: str) -> State:
    """A copy of ``st`` with the ``what`` tables (see ``GROWABLE``) doubled.

    Growing the worker tables also lengthens the outside market's roster block,
    which is last in the roster table and as long as the worker table.
    """
    changes = {name: _doubled(getattr(st, name)) for name in GROWABLE[what]}
    if what == "workers":
        extra = st.wf.shape[0]
        changes["rd"] = np.concatenate([st.rd, np.zeros((extra, st.rd.shape[1]))])
        changes["rids"] = np.concatenate([st.rids, np.zeros(extra, dtype=np.int64)])
    return st._replace(**changes)
