"""Micro-jobs: posted and filled, participation, effort, the bonuses paid (in currency
of the start of the run) and the employees' openness to micro-jobs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from microjob.measures._base import _ratio
from microjob.measures.skills import wage_index

if TYPE_CHECKING:
    from microjob.records import CompanyTotals, GigRecord, RunResult


def _deflated_bonus(result: RunResult, gigs: Sequence[GigRecord] | None = None) -> float:
    """Micro-job bonuses (of ``gigs``, by default every one of the run) in currency of the
    start of the run."""
    gigs = result.gigs if gigs is None else gigs
    if not gigs:
        return 0.0
    bonus = np.array([g.bonus for g in gigs])
    paid = np.array([g.end for g in gigs])
    return float((bonus / wage_index(result, paid)).sum())


def _micro_jobs(result: RunResult) -> dict[str, float]:
    """Micro-jobs posted and filled, participation, effort and bonuses."""
    st = result.stats
    return _gig_measures(
        st.simulated,
        st.gig_participants,
        st.window_employees,
        _deflated_bonus(result),
        st.employee_years,
    )


def _gig_measures(
    sim: Sequence[CompanyTotals],
    participants: int,
    employees: int,
    bonus: float,
    employee_years: float,
) -> dict[str, float]:
    """The micro-job measures of some companies: their totals, the window's employees who
    did a micro-job there and all of them, the bonuses paid (deflated), employee-years."""
    posted = sum(c.gigs_posted for c in sim)
    filled = sum(c.gigs_filled for c in sim)
    return {
        "gigs_posted": float(posted),
        "gigs_filled": float(filled),
        "gig_fill_rate": _ratio(filled, posted),
        "gig_participation_share": _ratio(participants, employees),
        "gig_effort_share_mean": _ratio(sum(c.gig_effort for c in sim), filled),
        "gig_bonus_per_employee_year": _ratio(bonus, employee_years),
    }


def _openness(result: RunResult) -> dict[str, float]:
    """Openness to micro-jobs of the simulated companies' employees at the end: its mean
    and the share at 0.5 or more (the distribution that the mindset barrier is)."""
    workers = result.stats.workers
    employed = (workers.employer >= 0) & (workers.employer < result.outside_index)
    openness = workers.openness[employed]
    if not openness.size:
        return {"openness_mean": math.nan, "open_share": math.nan}
    return {
        "openness_mean": float(openness.mean()),
        "open_share": float(np.mean(openness >= 0.5)),
    }
