"""Labour statistics as the US Bureau of Labor Statistics defines them, on plain arrays.

The calibration targets are BLS figures: elapsed tenure from the CPS January
supplement (Employee Tenure), quit and layoff rates from JOLTS, jobs held by
age from the NLSY79. Each function here computes one of those statistics as
the release defines it (docs/validation.md says how each compares), from
plain arrays, so it can be checked on hand-built data whose answer is known;
:mod:`microjob.measures` applies them to a run.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from microjob.scenario import WEEKS_PER_YEAR

__all__ = [
    "AGE_BANDS",
    "elapsed_tenure",
    "jobs_held_in_band",
    "jobs_held_per_person",
    "median_elapsed_tenure",
    "monthly_rate",
    "overlap_years",
    "share_at_most",
    "survey_dates",
]

AGE_BANDS = ((25, 35), (35, 45), (45, 55), (55, 65))
"""Age bands [low, high) in years, as BLS tenure tables and NLSY job counts use them."""


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def overlap_years(
    lo: np.ndarray, hi: np.ndarray, a: float | np.ndarray, b: float | np.ndarray
) -> float:
    """Total length in years of the overlaps of [lo_i, hi_i] with [a, b] (weeks in)."""
    return float(np.maximum(0.0, np.minimum(hi, b) - np.maximum(lo, a)).sum()) / WEEKS_PER_YEAR


def median_elapsed_tenure(tenure_years: ArrayLike) -> float:
    """Median elapsed tenure of the people employed at one date (NaN for nobody).

    This is the BLS definition (Employee Tenure news release, CPS January
    supplement): how long each person *employed at the survey date* has been
    with their current employer, so spells still running are measured to
    that date, not to their end. It is not the median length of completed
    spells, which weighs short spells more (a cross-section over-samples long
    spells: length-biased sampling).
    """
    x = np.asarray(tenure_years, dtype=np.float64)
    return float(np.median(x)) if x.size else math.nan


def survey_dates(window_start_weeks: float, window_end_weeks: float) -> np.ndarray:
    """Annual survey dates (weeks) of a window: its end and every year back to its start.

    The tenure measures pool the cross-sections taken at these dates. A
    simulated labour force has thousands of people, not the CPS's tens of
    thousands, so one January snapshot leaves the median tenure of an age band
    noisy; in a stationary world every snapshot estimates the same thing, and
    pooling them measures it more precisely.
    """
    years = math.floor((window_end_weeks - window_start_weeks) / WEEKS_PER_YEAR + 1e-9)
    return window_end_weeks - WEEKS_PER_YEAR * np.arange(max(years, 0) + 1, dtype=np.float64)


def elapsed_tenure(
    spell_start: ArrayLike, spell_end: ArrayLike, running: ArrayLike, dates: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Elapsed tenures of everyone employed at each survey date, pooled over the dates.

    A spell covers the dates ``d`` (weeks) with ``start <= d < end``; a spell
    still ``running`` when the run ends covers every date from its start on,
    the run's last instant included. Returns ``(tenure_years,
    spell_index)``: one entry per (date, spell employed then), the tenure in
    years at that date and which spell it is, so callers can add the age at the
    date or the employer.
    """
    start = np.asarray(spell_start, dtype=np.float64)
    end = np.asarray(spell_end, dtype=np.float64)
    on = np.asarray(running, dtype=bool)
    tenures: list[np.ndarray] = []
    index: list[np.ndarray] = []
    for d in np.asarray(dates, dtype=np.float64).ravel().tolist():
        held = np.flatnonzero((start <= d) & ((end > d) | on))
        tenures.append((d - start[held]) / WEEKS_PER_YEAR)
        index.append(held)
    if not tenures:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    return np.concatenate(tenures), np.concatenate(index).astype(np.int64)


def share_at_most(values: ArrayLike, limit: float) -> float:
    """Share of ``values`` at or below ``limit`` (NaN for no values).

    With elapsed tenures in years and ``limit=1.0`` it is the BLS share of
    wage and salary workers with "12 months or less" of tenure.
    """
    x = np.asarray(values, dtype=np.float64)
    return float(np.mean(x <= limit)) if x.size else math.nan


def monthly_rate(count: float, employment_years: float) -> float:
    """Events per month as a share of mean employment: ``count / (employment_years * 12)``.

    JOLTS rates are the month's quits (or layoffs and discharges) divided by
    that month's employment; over a window of many months, the count over the
    window divided by employee-months (the integral of employment over the
    window) is the employment-weighted mean of those monthly rates.
    """
    return _ratio(count, employment_years * 12.0)


def jobs_held_per_person(
    started: float,
    person_years: float,
    employed_at_band_start: float,
    reaching_band: float,
    *,
    band_years: float = 10.0,
) -> float:
    """Jobs held per person over an age band of ``band_years``, as the NLSY79 counts them.

    The NLSY79 release counts, per person, every job held at some time within
    the age band; a job that spans two bands is counted in each (BLS, "Number
    of Jobs, Labor Market Experience, Marital Status, and Health for Those
    Born 1957-1964", USDL-25-1322, Table 1 note). For one person followed
    through the whole band that is the jobs started in the band plus the job
    held on entering it, if any. A simulation window rarely follows anyone
    through a whole band, so this is the synthetic-cohort version, exact in
    a steady state: ``band_years`` times the rate of jobs started per
    person-year in the band, plus the share of people employed at the moment
    they reach the band's lower age.
    """
    rate = _ratio(started, person_years)
    share = _ratio(employed_at_band_start, reaching_band)
    return band_years * rate + share


def jobs_held_in_band(
    spell_worker: ArrayLike,
    spell_start: ArrayLike,
    spell_end: ArrayLike,
    spell_age_at_start: ArrayLike,
    birth_weeks: ArrayLike,
    entry_weeks: ArrayLike,
    exit_weeks: ArrayLike,
    *,
    window: tuple[float, float],
    band: tuple[float, float],
) -> tuple[float, float]:
    """``(jobs started, jobs held)`` per person over the age band ``band`` (years, [low, high)).

    Inputs are plain arrays: one entry per spell (worker index, start and end
    in weeks, age at start in years), and one per worker (birth, entry into
    and exit from the labour force, in weeks). Only what happens inside
    ``window`` (weeks) counts. *Jobs started* is the band's length in years
    times the jobs started per person-year in the band (years in the labour
    force at those ages, within the window); *jobs held* adds the share of
    people employed at the moment they reach age ``low`` inside the window,
    as :func:`jobs_held_per_person` explains. A spell that starts exactly at
    that moment counts as started, one that ends exactly then as not held.
    """
    worker = np.asarray(spell_worker, dtype=np.int64)
    start = np.asarray(spell_start, dtype=np.float64)
    end = np.asarray(spell_end, dtype=np.float64)
    age0 = np.asarray(spell_age_at_start, dtype=np.float64)
    birth = np.asarray(birth_weeks, dtype=np.float64)
    entry = np.asarray(entry_weeks, dtype=np.float64)
    exit_ = np.asarray(exit_weeks, dtype=np.float64)
    ws, we = window
    lo, hi = band
    person_years = overlap_years(
        np.maximum(entry, birth + lo * WEEKS_PER_YEAR),
        np.minimum(exit_, birth + hi * WEEKS_PER_YEAR),
        ws,
        we,
    )
    started = int(np.count_nonzero((start >= ws) & (start < we) & (age0 >= lo) & (age0 < hi)))
    reach = birth + lo * WEEKS_PER_YEAR  # when each worker reaches the band
    in_window = (reach >= ws) & (reach < we)
    reaching = int(np.count_nonzero(in_window & (entry <= reach) & (reach < exit_)))
    at = reach[worker]
    held = int(np.count_nonzero(in_window[worker] & (start < at) & (at < end)))
    band_years = hi - lo
    return (
        band_years * _ratio(started, person_years),
        jobs_held_per_person(started, person_years, held, reaching, band_years=band_years),
    )
