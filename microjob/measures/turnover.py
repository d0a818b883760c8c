"""Turnover and moves: quit, layoff and separation rates (of the simulated companies and
economy-wide), job hops, jobs started and held by age, and internal mobility."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from microjob.bls import AGE_BANDS, jobs_held_in_band, monthly_rate, overlap_years
from microjob.measures._base import _ratio
from microjob.scenario import WEEKS_PER_YEAR
from microjob.survival import kaplan_meier

if TYPE_CHECKING:
    from microjob.records import CompanyTotals, RunResult


def _company_rates(result: RunResult) -> dict[str, float]:
    """JOLTS-style quit, layoff and separation rates of the simulated companies."""
    st = result.stats
    return _separation_rates(st.simulated, st.employee_years, st.window_years)


def _separation_rates(
    sim: Sequence[CompanyTotals], employee_years: float, years: float
) -> dict[str, float]:
    """The rates of :func:`_company_rates` from the totals of some companies and their
    employee-years in the window."""
    mean_hc = _ratio(employee_years, years)
    hops = sum(c.quits for c in sim)
    quits = hops + sum(c.withdrawals for c in sim)
    layoffs = sum(c.layoffs for c in sim)
    seps = quits + layoffs + sum(c.retirements for c in sim)
    per_month = mean_hc * years * 12.0 if mean_hc == mean_hc else 0.0
    return {
        "quit_rate_monthly": _ratio(quits, per_month),
        "hop_rate_monthly": _ratio(hops, per_month),
        "layoff_rate_monthly": _ratio(layoffs, per_month),
        "separation_rate_monthly": _ratio(seps, per_month),
        "turnover_rate_annual": _ratio(seps, employee_years),
    }


def _economy_wide_rates(result: RunResult, table: dict[str, np.ndarray]) -> dict[str, float]:
    """Quit and layoff rates at any employer (outside market included), and job hops.

    JOLTS-style: quits (to a job or out of work), layoffs, hires and all
    separations over employee-months in the window; hops per 10 career-years
    (NLSY-like, all workers); the share of career time spent out of the labour
    force (NLSY79 Table 8); and the change of the quit rate from the window's
    first year to its last (a stationary world has none).
    """
    ws, we = result.window_start_weeks, result.window_end_weeks
    reason, start, end = table["reason"], table["start"], table["end"]
    employment_all = overlap_years(start, end, ws, we)
    quit = (reason == "quit") | (reason == "withdraw")
    hops_all = int(np.count_nonzero(reason == "quit"))
    separated = reason != "censored"
    workers = result.stats.workers
    career_years = overlap_years(workers.entry_weeks, workers.exit_weeks, ws, we)

    def quit_rate_in(a: float, b: float) -> float:
        ended = quit & (end >= a) & (end < b)
        return monthly_rate(int(np.count_nonzero(ended)), overlap_years(start, end, a, b))

    year = WEEKS_PER_YEAR
    return {
        "quit_rate_monthly_all": monthly_rate(int(np.count_nonzero(quit)), employment_all),
        "layoff_rate_monthly_all": monthly_rate(
            int(np.count_nonzero(reason == "layoff")), employment_all
        ),
        "hire_rate_monthly_all": monthly_rate(int(np.count_nonzero(start >= ws)), employment_all),
        "separation_rate_monthly_all": monthly_rate(
            int(np.count_nonzero(separated)), employment_all
        ),
        "quit_rate_drift_monthly": (
            quit_rate_in(we - year, we) - quit_rate_in(ws, ws + year)
            if we - ws >= 2 * year
            else math.nan
        ),
        "hops_per_10_career_years": _ratio(hops_all, career_years) * 10.0,
        "out_of_labour_force_share": _ratio(result.stats.inactive_years, career_years),
    }


def _jobs_by_age(result: RunResult, table: dict[str, np.ndarray]) -> dict[str, float]:
    """Jobs started and held per person by age band, over all workers (NLSY79-like), and
    the share of jobs started in a band that ended within a year (NLSY79 Table 2)."""
    workers = result.stats.workers
    out: dict[str, float] = {}
    for lo, hi in AGE_BANDS[:3]:
        started, held = jobs_held_in_band(
            table["worker"],
            table["start"],
            table["end"],
            table["age_at_start"],
            workers.birth_weeks,
            workers.entry_weeks,
            workers.exit_weeks,
            window=(result.window_start_weeks, result.window_end_weeks),
            band=(lo, hi),
        )
        out[f"jobs_started_age_{lo}_{hi - 1}"] = started
        out[f"jobs_held_age_{lo}_{hi - 1}"] = held
    for lo, hi in AGE_BANDS[:2]:
        out[f"share_jobs_ended_within_1y_age_{lo}_{hi - 1}"] = _ended_within(
            result, table, (lo, hi), 1.0
        )
    return out


def _ended_within(
    result: RunResult, table: dict[str, np.ndarray], band: tuple[int, int], years: float
) -> float:
    """Kaplan-Meier share of the jobs started in the window at ages in ``band`` that
    ended within ``years`` (any employer; spells still running are censored)."""
    ws = result.window_start_weeks
    age0 = table["age_at_start"]
    keep = (table["start"] >= ws) & (age0 >= band[0]) & (age0 < band[1])
    if not keep.any():
        return math.nan
    duration = (table["end"][keep] - table["start"][keep]) / WEEKS_PER_YEAR
    observed = table["reason"][keep] != "censored"
    return 1.0 - kaplan_meier(duration, observed).at(years)


def _internal_mobility(result: RunResult) -> dict[str, float]:
    """Internal moves and redeployments per employee-year at the simulated companies."""
    st = result.stats
    return _mobility(st.simulated, st.employee_years)


def _mobility(sim: Sequence[CompanyTotals], employee_years: float) -> dict[str, float]:
    """Internal moves and redeployments per employee-year of some companies."""
    redeployments = sum(c.redeployments for c in sim)
    moves = sum(c.internal_moves for c in sim) + redeployments
    return {
        "internal_moves_per_employee_year": _ratio(moves, employee_years),
        "redeployments_per_employee_year": _ratio(redeployments, employee_years),
    }
