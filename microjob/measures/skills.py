"""Skills and pay: the market wage index, skill breadth and gain, wage growth, and how
fast entrants find a first job and graduates close the gap to their credential."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from microjob.scenario import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from microjob.records import RunResult


def wage_index(result: RunResult, time_weeks: np.ndarray | float) -> np.ndarray | float:
    """Market wage level at ``time_weeks`` relative to the start of the run."""
    growth = result.scenario.market.wage_growth_per_year
    return np.exp(growth * np.asarray(time_weeks) / WEEKS_PER_YEAR)


def _skills(
    result: RunResult, members: Sequence[int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Skill breadth and yearly skill gain of the simulated companies' employees at the end
    (of the companies ``members``, when given)."""
    workers = result.stats.workers
    if members is None:
        sim = (workers.employer >= 0) & (workers.employer < result.outside_index)
    else:
        sim = np.isin(workers.employer, np.asarray(members, dtype=np.int64))
    breadth = (workers.proficiency[sim] >= 0.5).sum(axis=1)
    gained = workers.proficiency.sum(axis=1)[sim] - workers.skill_sum_at_baseline[sim]
    years = (result.window_end_weeks - workers.baseline_weeks[sim]) / WEEKS_PER_YEAR
    return breadth, gained / np.maximum(years, 1e-9)


def _skills_and_wages(result: RunResult) -> dict[str, float]:
    """Skill breadth and gain of the simulated companies' employees; wage growth of all."""
    breadth, gain = _skills(result)
    workers = result.stats.workers
    wage_start = workers.wage_at_window_start
    wage_end = np.where(workers.employer >= 0, workers.wage, np.nan)
    both = np.isfinite(wage_start) & np.isfinite(wage_end) & (wage_start > 0)
    growth = np.log(wage_end[both] / wage_start[both])
    return {
        "skill_breadth": float(np.mean(breadth)) if len(breadth) else math.nan,
        "skill_gain_per_worker_year": float(np.mean(gain)) if len(gain) else math.nan,
        "wage_growth_annual": (
            float(np.mean(growth)) / result.stats.window_years if both.any() else math.nan
        ),
    }


_FIRST_JOB_WEEKS = 26.0
"""'Within six months' for the hiring measures of entrants, weeks."""


def _graduates(result: RunResult) -> dict[str, float]:
    """How fast entrants with and without a credential find a first job, and how fast
    graduates close the gap between their credential and their practical skill."""
    w = result.stats.workers
    start, end = result.window_start_weeks, result.window_end_weeks
    entered, first = w.entry_weeks, w.first_job_weeks
    graduate = w.credential_level > 0.0
    out = {
        "graduate_hired_within_6m_share": math.nan,
        "nongraduate_hired_within_6m_share": math.nan,
        "graduate_gap_closed_per_year": math.nan,
    }
    if np.isnan(first).all():  # not tracked by this engine
        return out
    recent = (entered >= start) & (entered <= end - _FIRST_JOB_WEEKS)
    hired = first - entered <= _FIRST_JOB_WEEKS
    for name, group in (
        ("graduate_hired_within_6m_share", recent & graduate),
        ("nongraduate_hired_within_6m_share", recent & ~graduate),
    ):
        if group.any():
            out[name] = float(hired[group].mean())
    until = np.minimum(w.exit_weeks, end)
    years = (until - entered) / WEEKS_PER_YEAR
    gap = w.credential_level - w.field_skill_at_entry
    grads = np.flatnonzero(graduate & (entered >= start) & (years >= 1.0) & (gap > 0.0))
    if grads.size:
        in_field = result.scenario.catalog.family_members()[w.credential_field[grads]]
        now = (w.proficiency[grads] * in_field).sum(axis=1) / in_field.sum(axis=1)
        closed = (now - w.field_skill_at_entry[grads]) / gap[grads] / years[grads]
        out["graduate_gap_closed_per_year"] = float(closed.mean())
    return out
