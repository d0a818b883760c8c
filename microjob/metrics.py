"""Measures of a run, as pure functions of its records.

Survival estimators (Kaplan-Meier, log-rank) arrive with the retention
module; until then the retention fields of :class:`RunSummary` are NaN.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from microjob.records import RunSummary
from microjob.scenario import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from microjob.records import RunResult

__all__ = ["AGE_BANDS", "overlap_years", "summarize", "wage_index"]

AGE_BANDS = ((25, 35), (35, 45), (45, 55), (55, 65))
"""Age bands [low, high) in years, as BLS tenure tables and NLSY job counts use them."""


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def _median(x: np.ndarray) -> float:
    return float(np.median(x)) if len(x) else math.nan


def overlap_years(
    lo: np.ndarray, hi: np.ndarray, a: float | np.ndarray, b: float | np.ndarray
) -> float:
    """Total length in years of the overlaps of [lo_i, hi_i] with [a, b] (weeks in)."""
    return float(np.maximum(0.0, np.minimum(hi, b) - np.maximum(lo, a)).sum()) / WEEKS_PER_YEAR


def wage_index(result: RunResult, time_weeks: np.ndarray | float) -> np.ndarray | float:
    """Market wage level at ``time_weeks`` relative to the start of the run."""
    growth = result.scenario.market.wage_growth_per_year
    return np.exp(growth * np.asarray(time_weeks) / WEEKS_PER_YEAR)


def _deflated_bonus(result: RunResult) -> float:
    """Micro-job bonuses in currency of the start of the run."""
    if not result.gigs:
        return 0.0
    bonus = np.array([g.bonus for g in result.gigs])
    paid = np.array([g.end for g in result.gigs])
    return float((bonus / wage_index(result, paid)).sum())


def summarize(result: RunResult) -> RunSummary:
    """Compute every :class:`RunSummary` measure of one run."""
    st = result.stats
    win = st["window"]
    years = st["window_years"]
    ws, we = result.window_start_weeks, result.window_end_weeks
    emp_years = st["employee_years"]
    mean_hc = _ratio(emp_years, years)
    quits, layoffs, retires = (sum(win[k]) for k in ("quits", "layoffs", "retires"))
    seps = quits + layoffs + retires
    per_month = mean_hc * years * 12.0 if mean_hc == mean_hc else 0.0

    # Cross-sectional tenure at the end (BLS): everyone still employed.
    n_sim = len(result.company_names) - 1
    open_spells = [s for s in result.spells if s.censored]
    tenure = np.array([(s.end - s.start) / WEEKS_PER_YEAR for s in open_spells])
    age_end = np.array([s.age_at_start for s in open_spells]) + tenure
    in_sim = np.array([s.company < n_sim for s in open_spells], dtype=bool)
    bands = {
        f"median_tenure_years_age_{lo}_{hi - 1}": _median(tenure[(age_end >= lo) & (age_end < hi)])
        for lo, hi in AGE_BANDS
    }

    # Career measures over all workers (NLSY-like).
    birth, entry, exit_ = st["birth_weeks"], st["entry_weeks"], st["exit_weeks"]
    lf_years_window = overlap_years(entry, exit_, ws, we)
    hops = sum(1 for s in result.spells if s.reason == "quit")
    jobs: dict[str, float] = {}
    for lo, hi in AGE_BANDS[:3]:
        person_years = overlap_years(
            np.maximum(entry, birth + lo * WEEKS_PER_YEAR),
            np.minimum(exit_, birth + hi * WEEKS_PER_YEAR),
            ws,
            we,
        )
        started = sum(1 for s in result.spells if s.start >= ws and lo <= s.age_at_start < hi)
        jobs[f"jobs_started_age_{lo}_{hi - 1}"] = _ratio(started, person_years) * 10.0

    posted, filled = sum(win["gigs_posted"]), sum(win["gigs_filled"])
    wage_start, wage_end = st["wage_start"], st["wage_end"]
    both = np.isfinite(wage_start) & np.isfinite(wage_end) & (wage_start > 0)
    wage_growth = (
        float(np.mean(np.log(wage_end[both] / wage_start[both]))) / years
        if both.any()
        else math.nan
    )
    breadth, gain = st["skill_breadth"], st["skill_gain_per_year"]
    return RunSummary(
        quit_rate_monthly=_ratio(quits, per_month),
        layoff_rate_monthly=_ratio(layoffs, per_month),
        separation_rate_monthly=_ratio(seps, per_month),
        turnover_rate_annual=_ratio(seps, emp_years),
        median_tenure_years=_median(tenure[in_sim]),
        median_tenure_years_all=_median(tenure),
        share_tenure_le_1y=float(np.mean(tenure <= 1.0)) if len(tenure) else math.nan,
        hops_per_10_career_years=_ratio(hops, lf_years_window) * 10.0,
        internal_moves_per_employee_year=_ratio(
            sum(win["internal_moves"]) + sum(win["redeployments"]), emp_years
        ),
        redeployments_per_employee_year=_ratio(sum(win["redeployments"]), emp_years),
        gigs_posted=float(posted),
        gigs_filled=float(filled),
        gig_fill_rate=_ratio(filled, posted),
        gig_participation_share=_ratio(st["gig_participants"], st["window_employees"]),
        gig_effort_share_mean=_ratio(sum(win["gig_effort"]), filled),
        skill_breadth=float(np.mean(breadth)) if len(breadth) else math.nan,
        skill_gain_per_worker_year=float(np.mean(gain)) if len(gain) else math.nan,
        wage_growth_annual=wage_growth,
        turnover_cost_per_employee_year=_ratio(
            sum(win["replacement_cost"]) + sum(win["vacancy_cost"]), emp_years
        ),
        gig_bonus_per_employee_year=_ratio(_deflated_bonus(result), emp_years),
        vacancy_weeks_per_position_year=_ratio(sum(win["vacancy_weeks"]), st["positions"] * years),
        mean_headcount=mean_hc,
        worker_years=st["labour_force_years"],
        **bands,
        **jobs,
    )
