"""Measures of a run, as pure functions of its records, and the survival estimators.

The survival estimators (:func:`kaplan_meier`, :func:`nelson_aalen`,
:func:`logrank`, :func:`hazard_by_band`, :func:`cumulative_incidence`) take
plain arrays, so they serve any duration data, not only microjob's spells.
:func:`spell_table` lays a run's spells out for them: tenure in years, event
flag, and the tenure at which each spell came under observation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import numpy as np
from numpy.typing import ArrayLike

from microjob._stats import chi2_sf
from microjob.records import RunSummary
from microjob.scenario import WEEKS_PER_YEAR

if TYPE_CHECKING:
    import pandas as pd

    from microjob.records import RunResult

__all__ = [
    "AGE_BANDS",
    "CENSORED",
    "RETENTION_MEASURES",
    "TENURE_BANDS_YEARS",
    "CompetingRisks",
    "CumulativeHazard",
    "HazardTable",
    "LogRankResult",
    "SurvivalCurve",
    "chi2_sf",
    "cumulative_incidence",
    "exit_incidence",
    "hazard_by_band",
    "jobs_held_in_band",
    "jobs_held_per_person",
    "kaplan_meier",
    "logrank",
    "median_elapsed_tenure",
    "monthly_rate",
    "nelson_aalen",
    "overlap_years",
    "retention_curve",
    "share_at_most",
    "spell_table",
    "summarize",
    "survival_data",
    "tenure_hazard",
    "wage_index",
]

AGE_BANDS = ((25, 35), (35, 45), (45, 55), (55, 65))
"""Age bands [low, high) in years, as BLS tenure tables and NLSY job counts use them."""


NLSY79_LABOUR_FORCE_SHARE = 0.82
"""Share of weeks the NLSY79 cohort spent in the labour force (employed or unemployed).

BLS news release USDL-25-1322 (2025), Table 8: people born 1957-64 were out of the
labour force 17.6-20.3% of the weeks at ages 18-34 and 14.9-20.6% at ages 35-58 (the
ranges span those married and not married at 34 and at 58), so about 18%. The NLSY79
job counts are per member of the cohort; the model's workers are in the labour force
from entry to retirement, so their counts per person are scaled by this share to
compare like with like (``jobs_held_nlsy_age_*``).
"""


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def overlap_years(
    lo: np.ndarray, hi: np.ndarray, a: float | np.ndarray, b: float | np.ndarray
) -> float:
    """Total length in years of the overlaps of [lo_i, hi_i] with [a, b] (weeks in)."""
    return float(np.maximum(0.0, np.minimum(hi, b) - np.maximum(lo, a)).sum()) / WEEKS_PER_YEAR


# --------------------------------------------------------------------------
# Measures defined as the published statistics define them (see docs/validation.md).
# Each takes plain arrays, so it can be checked on hand-built data whose answer is known.


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


def spell_table(result: RunResult) -> dict[str, np.ndarray]:
    """A run's spells as columns in the layout survival estimators take.

    One entry per spell that overlaps the measurement window:
    ``duration_years`` (tenure at separation or at the end of the run),
    ``event`` (1 separated, 0 censored), ``entry_years`` (the tenure at which
    the spell came under observation: 0 for spells begun in the window, the
    tenure at the window's start for left-truncated ones), ``reason``,
    ``worker``, ``company``, ``policy`` (the company's policy kind, or
    ``outside`` for the outside market), ``age_at_start``, then
    ``company_name``, ``start`` and ``end`` (weeks), ``censored`` and
    ``left_truncated``.
    """
    sp = result.spells
    n = len(sp)

    def column(name: str, dtype: Any) -> np.ndarray:
        return np.fromiter((getattr(x, name) for x in sp), dtype=dtype, count=n)

    start, end = column("start", np.float64), column("end", np.float64)
    censored = column("censored", bool)
    company = column("company", np.int64)
    companies = (*result.scenario.companies, result.scenario.outside)
    kinds = np.array(
        [c.policy.kind if not c.outside_market else "outside" for c in companies], dtype=object
    )
    return {
        "duration_years": (end - start) / WEEKS_PER_YEAR,
        "event": (~censored).astype(np.int64),
        "entry_years": np.maximum(0.0, result.window_start_weeks - start) / WEEKS_PER_YEAR,
        "reason": np.array([x.reason for x in sp], dtype=object),
        "worker": column("worker", np.int64),
        "company": company,
        "policy": kinds[company],
        "age_at_start": column("age_at_start", np.float64),
        "company_name": np.array(result.company_names, dtype=object)[company],
        "start": start,
        "end": end,
        "censored": censored,
        "left_truncated": column("left_truncated", bool),
    }


TENURE_BANDS_YEARS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0)
"""Default tenure bands (years) for :func:`tenure_hazard`: fine over the first two years,
where separation hazards rise and then fall (Farber 1994), coarse after."""


def _spells_of(result: RunResult, policy: str | None) -> dict[str, np.ndarray]:
    """Columns of :func:`spell_table` for the simulated companies (of one policy kind)."""
    table = result.spell_table
    keep = table["company"] < result.outside_index
    if policy is not None:
        kinds = set(table["policy"][keep].tolist())
        if policy not in kinds:
            raise ValueError(
                f"policy: no spells at companies with policy {policy!r}; "
                f"this run has {sorted(kinds)}"
            )
        keep &= table["policy"] == policy
    if not keep.any():
        raise ValueError("result: no spells at simulated companies in the measurement window")
    return {k: v[keep] for k, v in table.items()}


def retention_curve(
    result: RunResult, *, policy: str | None = None, alpha: float = 0.05
) -> SurvivalCurve:
    """Kaplan-Meier retention on the tenure scale (years) of a run's simulated companies.

    Spells overlapping the measurement window, censored at the end of the run,
    with delayed entry for spells begun before the window. ``policy`` (a
    policy ``kind`` such as ``"internal_freelance"``) restricts it to the
    companies with that policy, for scenarios that mix policies.
    """
    return kaplan_meier(*survival_data(result, policy=policy), alpha=alpha)


def survival_data(
    result: RunResult, *, policy: str | None = None, reason: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(durations, observed, entry)`` in years of a run's simulated companies' spells.

    The arguments every estimator here takes: tenure at exit, whether the
    spell ended in a separation (``reason``, one of ``quit``, ``layoff`` or
    ``retire``, counts only that kind, the others then end exposure as
    censorings do), and the tenure at which the spell came under observation.
    ``policy`` keeps only companies with that policy kind. For example
    ``mj.logrank(*(survival_data(run) for run in runs))``.
    """
    t = _spells_of(result, policy)
    event = t["event"].astype(bool)
    if reason is not None:
        if reason not in ("quit", "layoff", "retire"):
            raise ValueError(f"reason: must be quit, layoff or retire, got {reason!r}")
        event &= t["reason"] == reason
    return t["duration_years"], event, t["entry_years"]


def tenure_hazard(
    result: RunResult,
    *,
    policy: str | None = None,
    reason: str | None = None,
    edges: Sequence[float] = TENURE_BANDS_YEARS,
    alpha: float = 0.05,
) -> HazardTable:
    """Separation hazard per year by tenure band for a run's simulated companies.

    ``reason`` (``quit``, ``layoff`` or ``retire``) counts only that kind of
    separation as an event (the others then end exposure, as censorings do).
    """
    durations, event, entry = survival_data(result, policy=policy, reason=reason)
    return hazard_by_band(durations, event, entry, edges=edges, alpha=alpha)


def exit_incidence(result: RunResult, *, policy: str | None = None) -> CompetingRisks:
    """Cumulative incidence of quits, layoffs and retirements by tenure (Aalen-Johansen)."""
    t = _spells_of(result, policy)
    return cumulative_incidence(t["duration_years"], t["reason"], t["entry_years"])


RETENTION_MEASURES = (
    "retention_1y",
    "retention_2y",
    "retention_5y",
    "median_spell_years",
    "retention_2y_internal_movers",
    "retention_2y_non_movers",
)
"""The :class:`RunSummary` fields that come from the survival estimators."""


def first_move_weeks(result: RunResult, table: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """When each spell of ``spell_table(result)`` saw its first internal move (weeks).

    One entry per spell, ``inf`` for spells without a recorded move (moves are
    recorded in the window, at the simulated companies). A worker has one
    employer at a time, so the spell a move belongs to is the worker's spell
    that contains it.
    """
    table = result.spell_table if table is None else table
    start, end = table["start"], table["end"]
    first = np.full(start.size, np.inf)
    index: dict[int, list[int]] = {}
    for i in np.flatnonzero(table["company"] < result.outside_index).tolist():
        index.setdefault(int(table["worker"][i]), []).append(i)
    for m in result.moves:
        for i in index.get(m.worker, ()):
            if start[i] <= m.time <= end[i]:
                first[i] = min(m.time, first[i])
                break
    return first


def _retention(result: RunResult, table: dict[str, np.ndarray]) -> dict[str, float]:
    """Kaplan-Meier retention measures over the simulated companies' spells.

    Spells are on the tenure scale, censored at the end of the run, with
    delayed entry for spells begun before the window. Internal movers are
    followed from their first move in the window; non-movers are the same
    spells censored at that move (so nobody is counted as a non-mover for time
    after moving), and their two-year retention is taken at the tenures at
    which the movers moved: the mean of S0(tau + 2) / S0(tau) over moves at
    tenure tau. Without moves it is S0(2) from hire.
    """
    sim = table["company"] < result.outside_index
    out = dict.fromkeys(RETENTION_MEASURES, math.nan)
    if not sim.any():
        return out
    dur, event, entry = table["duration_years"], table["event"], table["entry_years"]
    km = retention_curve(result)
    out["retention_1y"], out["retention_2y"], out["retention_5y"] = km.at([1.0, 2.0, 5.0]).tolist()
    median = km.median
    out["median_spell_years"] = math.nan if median is None else median

    start = table["start"]
    first = first_move_weeks(result, table)
    mover = np.flatnonzero(np.isfinite(first))
    moved_at = (first[mover] - start[mover]) / WEEKS_PER_YEAR
    dur0, event0 = dur.copy(), event.copy()
    dur0[mover], event0[mover] = moved_at, 0
    stay = kaplan_meier(dur0[sim], event0[sim], entry[sim])
    if mover.size == 0:
        out["retention_2y_non_movers"] = stay.at(2.0)
        return out
    after = kaplan_meier(dur[mover] - moved_at, event[mover])
    out["retention_2y_internal_movers"] = after.at(2.0)
    base = stay.at(moved_at)
    ok = base > 0
    if ok.any():
        out["retention_2y_non_movers"] = float(np.mean(stay.at(moved_at[ok] + 2.0) / base[ok]))
    return out


def _skills(result: RunResult) -> tuple[np.ndarray, np.ndarray]:
    """Skill breadth and yearly skill gain of the simulated companies' employees at the end."""
    workers = result.stats.workers
    sim = (workers.employer >= 0) & (workers.employer < result.outside_index)
    breadth = (workers.proficiency[sim] >= 0.5).sum(axis=1)
    gained = workers.proficiency.sum(axis=1)[sim] - workers.skill_sum_at_baseline[sim]
    years = (result.window_end_weeks - workers.baseline_weeks[sim]) / WEEKS_PER_YEAR
    return breadth, gained / np.maximum(years, 1e-9)


def summarize(result: RunResult) -> RunSummary:
    """Compute every :class:`RunSummary` measure of one run."""
    st = result.stats
    sim = st.simulated
    years = st.window_years
    ws, we = result.window_start_weeks, result.window_end_weeks
    emp_years = st.employee_years
    mean_hc = _ratio(emp_years, years)
    quits = sum(c.quits for c in sim)
    layoffs = sum(c.layoffs for c in sim)
    retires = sum(c.retirements for c in sim)
    seps = quits + layoffs + retires
    per_month = mean_hc * years * 12.0 if mean_hc == mean_hc else 0.0
    table = result.spell_table

    # Cross-sectional tenure (BLS): everyone employed at each annual survey date of the
    # window, at any employer, pooled over the dates.
    tenure, surveyed = elapsed_tenure(
        table["start"], table["end"], table["censored"], survey_dates(ws, we)
    )
    age_then = table["age_at_start"][surveyed] + tenure
    in_sim = table["company"][surveyed] < result.outside_index
    bands = {
        f"median_tenure_years_age_{lo}_{hi - 1}": median_elapsed_tenure(
            tenure[(age_then >= lo) & (age_then < hi)]
        )
        for lo, hi in AGE_BANDS
    }

    # JOLTS-style rates over all employment (simulated companies and the outside market):
    # quits and layoffs at any employer over employee-months in the window.
    reason = table["reason"]
    employment_all = overlap_years(table["start"], table["end"], ws, we)
    quits_all = int(np.count_nonzero(reason == "quit"))
    layoffs_all = int(np.count_nonzero(reason == "layoff"))

    # Career measures over all workers (NLSY-like).
    workers = st.workers
    birth, entry, exit_ = workers.birth_weeks, workers.entry_weeks, workers.exit_weeks
    lf_years_window = overlap_years(entry, exit_, ws, we)
    hops = quits_all
    jobs: dict[str, float] = {}
    for lo, hi in AGE_BANDS[:3]:
        started, held = jobs_held_in_band(
            table["worker"],
            table["start"],
            table["end"],
            table["age_at_start"],
            birth,
            entry,
            exit_,
            window=(ws, we),
            band=(lo, hi),
        )
        jobs[f"jobs_started_age_{lo}_{hi - 1}"] = started
        jobs[f"jobs_held_age_{lo}_{hi - 1}"] = held
        jobs[f"jobs_held_nlsy_age_{lo}_{hi - 1}"] = held * NLSY79_LABOUR_FORCE_SHARE

    posted, filled = sum(c.gigs_posted for c in sim), sum(c.gigs_filled for c in sim)
    wage_start = workers.wage_at_window_start
    wage_end = np.where(workers.employer >= 0, workers.wage, np.nan)
    both = np.isfinite(wage_start) & np.isfinite(wage_end) & (wage_start > 0)
    wage_growth = (
        float(np.mean(np.log(wage_end[both] / wage_start[both]))) / years
        if both.any()
        else math.nan
    )
    breadth, gain = _skills(result)
    return RunSummary(
        quit_rate_monthly=_ratio(quits, per_month),
        layoff_rate_monthly=_ratio(layoffs, per_month),
        separation_rate_monthly=_ratio(seps, per_month),
        turnover_rate_annual=_ratio(seps, emp_years),
        quit_rate_monthly_all=monthly_rate(quits_all, employment_all),
        layoff_rate_monthly_all=monthly_rate(layoffs_all, employment_all),
        median_tenure_years=median_elapsed_tenure(tenure[in_sim]),
        median_tenure_years_all=median_elapsed_tenure(tenure),
        share_tenure_le_1y=share_at_most(tenure, 1.0),
        hops_per_10_career_years=_ratio(hops, lf_years_window) * 10.0,
        internal_moves_per_employee_year=_ratio(
            sum(c.internal_moves for c in sim) + sum(c.redeployments for c in sim), emp_years
        ),
        redeployments_per_employee_year=_ratio(sum(c.redeployments for c in sim), emp_years),
        gigs_posted=float(posted),
        gigs_filled=float(filled),
        gig_fill_rate=_ratio(filled, posted),
        gig_participation_share=_ratio(st.gig_participants, st.window_employees),
        gig_effort_share_mean=_ratio(sum(c.gig_effort for c in sim), filled),
        skill_breadth=float(np.mean(breadth)) if len(breadth) else math.nan,
        skill_gain_per_worker_year=float(np.mean(gain)) if len(gain) else math.nan,
        wage_growth_annual=wage_growth,
        turnover_cost_per_employee_year=_ratio(
            sum(c.replacement_cost for c in sim) + sum(c.vacancy_cost for c in sim), emp_years
        ),
        gig_bonus_per_employee_year=_ratio(_deflated_bonus(result), emp_years),
        vacancy_weeks_per_position_year=_ratio(
            sum(c.vacancy_weeks for c in sim), st.positions * years
        ),
        mean_headcount=mean_hc,
        worker_years=st.labour_force_years,
        **bands,
        **jobs,
        **_retention(result, table),
    )


# --------------------------------------------------------------------------
# Survival analysis
#
# Every estimator works on a "risk table": the distinct exit times and, at
# each, the number at risk, the events and the censorings. A subject is at
# risk at time t when entry <= t <= duration (the convention of lifelines and
# of the counting-process literature for left-truncated data with ties
# between entries and exits). All work is vectorised: one sort of the
# durations (with the event flag packed into the sort key), a few cumulative
# sums, and a binary search per distinct time for delayed entries.
# --------------------------------------------------------------------------


def _z(alpha: float) -> float:
    """Two-sided standard normal quantile for a (1 - alpha) interval."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha: must be between 0 and 1 (exclusive), got {alpha!r}")
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


def _first_bad(values: np.ndarray, bad: np.ndarray) -> str:
    i = int(np.flatnonzero(bad)[0])
    return f"got {values[i]!r} at position {i}"


def _survival_data(
    durations: ArrayLike, observed: ArrayLike | None, entry: ArrayLike | None, where: str = ""
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate and convert survival data; ``where`` prefixes names in messages."""
    try:
        d = np.asarray(durations, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}durations: must be numbers ({exc})") from None
    if d.ndim != 1:
        raise ValueError(f"{where}durations: must be one-dimensional, got shape {d.shape}")
    if d.size == 0:
        raise ValueError(f"{where}durations: must not be empty")
    bad = ~np.isfinite(d) | (d < 0)
    if bad.any():
        raise ValueError(f"{where}durations: must be finite and >= 0, {_first_bad(d, bad)}")
    # -0.0 becomes +0.0, so that the bit patterns of the durations sort as the numbers do.
    d = d + 0.0
    if observed is None:
        e = np.ones(d.size, dtype=bool)
    else:
        raw = np.asarray(observed)
        if raw.shape != d.shape:
            raise ValueError(
                f"{where}observed: must have the length of durations ({d.size}), "
                f"got shape {raw.shape}"
            )
        if raw.dtype == bool:
            e = raw
        else:
            try:
                num = raw.astype(np.float64)
            except (TypeError, ValueError):
                raise ValueError(f"{where}observed: must be booleans or 0/1") from None
            bad = (num != 0) & (num != 1)
            if bad.any():
                raise ValueError(
                    f"{where}observed: must be booleans or 0/1, {_first_bad(raw, bad)}"
                )
            e = num == 1
    if entry is None:
        return d, e, None
    try:
        t0 = np.asarray(entry, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}entry: must be numbers ({exc})") from None
    if t0.shape != d.shape:
        raise ValueError(
            f"{where}entry: must have the length of durations ({d.size}), got shape {t0.shape}"
        )
    bad = ~np.isfinite(t0) | (t0 < 0)
    if bad.any():
        raise ValueError(f"{where}entry: must be finite and >= 0, {_first_bad(t0, bad)}")
    late = t0 > d
    if late.any():
        i = int(np.flatnonzero(late)[0])
        raise ValueError(
            f"{where}entry: must not exceed the duration, got entry {t0[i]!r} > "
            f"duration {d[i]!r} at position {i}"
        )
    return d, e, t0


def _risk_table(
    d: np.ndarray, e: np.ndarray, entry: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct exit times with the numbers at risk, events and exits at each.

    Non-negative doubles order as their bit patterns read as unsigned
    integers, and the sign bit is free, so shifting the bits left by one and
    putting the event flag in the lowest bit gives keys that sort by duration
    (censorings before events at a tie) in a single ``np.sort``: no argsort,
    no second sort, no gather.
    """
    n = d.size
    key = d.view(np.uint64) << np.uint64(1)
    np.add(key, e, out=key, casting="unsafe")
    key.sort()
    flags = (key & np.uint64(1)).view(np.int64)
    key >>= np.uint64(1)
    t = key.view(np.float64)
    ends = np.flatnonzero(t[1:] != t[:-1])
    if ends.size == n - 1:
        # Every time distinct (continuous durations): one exit per time.
        times, events, exits = t, flags, np.ones(n, dtype=np.int64)
        exited_before = np.arange(n, dtype=np.int64)
    else:
        ends = np.append(ends, n - 1)
        times = t[ends]
        exited = ends + 1  # exits at or before each time
        events = np.diff(np.cumsum(flags)[ends], prepend=0)
        exits = np.diff(exited, prepend=0)
        exited_before = exited - exits
    if entry is None:
        at_risk = n - exited_before
    else:
        # Entries at 0 are at risk from the start; usually only a minority of
        # spells (those begun before the window) enter late. Each late entry
        # joins the risk set at the first exit time at or after it: locate those
        # (sorted first, so the binary searches walk memory in order) and accumulate.
        late = np.sort(entry[entry > 0.0])
        joins = np.bincount(np.searchsorted(times, late, side="left"), minlength=times.size + 1)
        at_risk = (n - late.size) + np.cumsum(joins[: times.size]) - exited_before
    return times, at_risk, events, exits


def _counts_at(times: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """How many of ``sorted_values`` equal each of ``times``."""
    return np.searchsorted(sorted_values, times, side="right") - np.searchsorted(
        sorted_values, times, side="left"
    )


_QUANTILE_TOLERANCE = 1e-12
"""Slack when finding the first time at which a survival curve reaches a level."""


def _step(times: np.ndarray, values: np.ndarray, t: ArrayLike, before: float) -> Any:
    """Right-continuous step function through (times, values); ``before`` left of times[0]."""
    tt = np.asarray(t, dtype=np.float64)
    idx = np.searchsorted(times, tt, side="right") - 1
    out = np.where(idx >= 0, values[np.maximum(idx, 0)], before)
    return float(out) if out.ndim == 0 else out


def _frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
    return pd.DataFrame(columns)


def _array_repr(name: str, n: int, times: np.ndarray) -> str:
    span = f"{times[0]:g}..{times[-1]:g}" if len(times) else "none"
    return f"{name}(n={n:,}, times={len(times):,} in {span}"


@attrs.frozen(eq=False, repr=False, kw_only=True)
class _StepEstimate:
    """Fields and methods shared by estimates that are step functions of time."""

    times: np.ndarray
    """Distinct exit times (event or censoring), increasing."""
    ci_low: np.ndarray
    """Lower pointwise confidence limit."""
    ci_high: np.ndarray
    """Upper pointwise confidence limit."""
    at_risk: np.ndarray
    """Number at risk at each time (entered at or before it and not exited before it)."""
    events: np.ndarray
    """Events (separations) at each time."""
    n: int
    """Number of subjects."""
    alpha: float = 0.05
    """1 - confidence level of the limits."""

    _value: ClassVar[str]
    _before: ClassVar[float]

    def at(self, t: ArrayLike) -> Any:
        """The estimate at ``t`` (scalar or array), right-continuous between exit times."""
        return _step(self.times, getattr(self, self._value), t, self._before)

    def ci_at(self, t: ArrayLike) -> tuple[Any, Any]:
        """The pointwise confidence limits ``(low, high)`` at ``t`` (scalar or array)."""
        return (
            _step(self.times, self.ci_low, t, self._before),
            _step(self.times, self.ci_high, t, self._before),
        )

    def to_frame(self) -> pd.DataFrame:
        """The estimate as a DataFrame, one row per time (needs pandas)."""
        names = [self._value, "ci_low", "ci_high", "at_risk", "events"]
        names += [f.name for f in attrs.fields(type(self)) if f.name not in (*names, "times")]
        columns = {"time": self.times}
        columns.update({k: getattr(self, k) for k in names if k not in ("n", "alpha")})
        return _frame(columns)


@attrs.frozen(eq=False, repr=False, kw_only=True)
class SurvivalCurve(_StepEstimate):
    """A Kaplan-Meier estimate of the survival function, with pointwise confidence limits.

    Arrays are aligned on :attr:`times`, the distinct exit times (events and
    censorings) in increasing order; :meth:`at` evaluates the step function
    anywhere (1 before the first exit). The limits use Greenwood's variance on
    the log(-log) scale.
    """

    survival: np.ndarray
    """Estimated probability of surviving beyond each time (product-limit)."""
    censored: np.ndarray
    """Censorings at each time."""

    _value = "survival"
    _before = 1.0

    def quantile(self, q: float) -> float | None:
        """The first time at which survival is at most ``q``; None if it never gets there."""
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"q: must be between 0 and 1, got {q!r}")
        # Survival is a product of many factors, so a value that is exactly q in
        # exact arithmetic can come out a few ulps above it; a tolerance far below
        # any real difference keeps such ties on the earlier time.
        hit = np.flatnonzero(self.survival <= q + _QUANTILE_TOLERANCE)
        return float(self.times[hit[0]]) if hit.size else None

    @property
    def median(self) -> float | None:
        """Median survival time (survival first at or below one half); None if never reached."""
        return self.quantile(0.5)

    def restricted_mean(self, t_max: float) -> float:
        """Mean survival time restricted to ``[0, t_max]``: the area under the curve."""
        if not (t_max >= 0 and math.isfinite(t_max)):
            raise ValueError(f"t_max: must be finite and >= 0, got {t_max!r}")
        inside = self.times < t_max
        edges = np.concatenate(([0.0], self.times[inside], [t_max]))
        heights = np.concatenate(([1.0], self.survival[inside]))
        return float(np.dot(heights, np.diff(edges)))

    def __repr__(self) -> str:
        med = self.median
        return (
            _array_repr("SurvivalCurve", self.n, self.times)
            + f", median={'not reached' if med is None else format(med, 'g')})"
        )


def kaplan_meier(
    durations: ArrayLike,
    observed: ArrayLike | None = None,
    entry: ArrayLike | None = None,
    *,
    alpha: float = 0.05,
) -> SurvivalCurve:
    """Kaplan-Meier (product-limit) estimate of survival with right censoring and delayed entry.

    ``durations`` are times to exit, ``observed`` says whether each exit is an
    event (True) or a censoring (False; default all events), and ``entry``
    the time each subject came under observation (left truncation: a spell
    that began before the measurement window enters the risk set at its
    tenure when the window opened). Confidence limits use Greenwood's
    variance on the log(-log) scale (Kalbfleisch & Prentice 2002, sec. 1.4),
    which keeps them inside [0, 1].
    """
    z = _z(alpha)
    d, e, t0 = _survival_data(durations, observed, entry)
    times, at_risk, events, exits = _risk_table(d, e, t0)
    n_ = at_risk.astype(np.float64)
    dd = events.astype(np.float64)
    frac = dd / n_
    survival = np.cumprod(1.0 - frac)
    # Greenwood's sum; a time at which everyone at risk fails adds no term (survival is 0 then).
    # The log(-log) limits exp(-exp(log(-log S) -+ z sigma / log S)) are written as
    # S ** exp(-+ z sigma / log S), which needs two fewer transcendental calls per time.
    with np.errstate(divide="ignore", invalid="ignore"):
        term = frac / (n_ - dd)  # d / (n (n - d))
        term[at_risk == events] = 0.0
        log_s = np.log(survival)
        spread = np.exp(z * np.sqrt(np.cumsum(term)) / log_s)
        low = np.exp(log_s / spread)
        high = np.exp(log_s * spread)
    one, zero = survival == 1.0, survival == 0.0
    low[one], high[one] = 1.0, 1.0
    low[zero], high[zero] = 0.0, 0.0
    return SurvivalCurve(
        times=times,
        survival=survival,
        ci_low=low,
        ci_high=high,
        at_risk=at_risk,
        events=events,
        censored=exits - events,
        n=int(d.size),
        alpha=alpha,
    )


@attrs.frozen(eq=False, repr=False, kw_only=True)
class CumulativeHazard(_StepEstimate):
    """A Nelson-Aalen estimate of the cumulative hazard, with pointwise confidence limits.

    Arrays are aligned on :attr:`times`; :meth:`at` is 0 before the first
    exit. The limits are on the log scale.
    """

    cumulative_hazard: np.ndarray
    """Sum over event times up to t of events / number at risk."""
    variance: np.ndarray
    """Variance estimate: sum of d (n - d) / n^3 (Klein 1991)."""

    _value = "cumulative_hazard"
    _before = 0.0

    def __repr__(self) -> str:
        final = self.cumulative_hazard[-1] if len(self.times) else 0.0
        return _array_repr("CumulativeHazard", self.n, self.times) + f", final={final:.4g})"


def nelson_aalen(
    durations: ArrayLike,
    observed: ArrayLike | None = None,
    entry: ArrayLike | None = None,
    *,
    alpha: float = 0.05,
) -> CumulativeHazard:
    """Nelson-Aalen estimate of the cumulative hazard (right censoring, delayed entry).

    The estimate is the classic sum of d/n over event times (ties counted
    together, not split). The confidence limits are H exp(+-z sigma / H) with
    the variance of Klein (1991), as lifelines computes them without smoothing.
    """
    z = _z(alpha)
    d, e, t0 = _survival_data(durations, observed, entry)
    times, at_risk, events, _ = _risk_table(d, e, t0)
    n_ = at_risk.astype(np.float64)
    frac = events / n_
    hazard = np.cumsum(frac)
    variance = np.cumsum((1.0 - frac) * frac / n_)
    spread = np.exp(z * np.sqrt(variance) / np.where(hazard == 0.0, 1.0, hazard))
    return CumulativeHazard(
        times=times,
        cumulative_hazard=hazard,
        variance=variance,
        ci_low=hazard / spread,
        ci_high=hazard * spread,
        at_risk=at_risk,
        events=events,
        n=int(d.size),
        alpha=alpha,
    )


@attrs.frozen
class LogRankResult:
    """Result of a log-rank test: the chi-squared statistic, its degrees of freedom, the p-value.

    ``observed`` and ``expected`` are the events per group and their
    expectation under the null hypothesis of one common hazard.
    """

    statistic: float
    df: int
    p_value: float
    observed: tuple[float, ...]
    expected: tuple[float, ...]


def logrank(*groups: Sequence[ArrayLike | None]) -> LogRankResult:
    """Log-rank test that two or more groups of spells share one survival function.

    Each group is ``(durations, observed)`` or ``(durations, observed,
    entry)``. With k groups the statistic is the quadratic form of observed
    minus expected events over the first k - 1 groups with the
    hypergeometric covariance (Mantel 1966; Klein & Moeschberger 2003, sec.
    7.3), chi-squared with k - 1 degrees of freedom. Delayed entries join the
    risk sets at their entry times.
    """
    if len(groups) < 2:
        raise ValueError(f"groups: the log-rank test needs at least 2 groups, got {len(groups)}")
    data = []
    for g, group in enumerate(groups):
        if isinstance(group, np.ndarray) or not 2 <= len(group) <= 3:
            raise ValueError(
                f"groups[{g}]: must be (durations, observed) or (durations, observed, entry)"
            )
        entry = group[2] if len(group) == 3 else None
        data.append(_survival_data(group[0], group[1], entry, where=f"groups[{g}]."))  # type: ignore[arg-type]
    all_events = np.concatenate([d[e] for d, e, _ in data])
    times = np.unique(all_events)
    k = len(data)
    at_risk = np.empty((k, times.size))
    deaths = np.empty((k, times.size))
    for j, (d, e, t0) in enumerate(data):
        exited_before = np.searchsorted(np.sort(d), times, side="left")
        entered = d.size if t0 is None else np.searchsorted(np.sort(t0), times, side="right")
        at_risk[j] = entered - exited_before
        deaths[j] = _counts_at(times, np.sort(d[e]))
    n = at_risk.sum(axis=0)
    dt = deaths.sum(axis=0)
    share = at_risk / n
    expected = (share * dt).sum(axis=1)
    observed = deaths.sum(axis=1)
    # Hypergeometric covariance: d (n - d) / (n - 1) * share_j (delta_jl - share_l);
    # with one at risk the factor is 0/0 but the shares make every term vanish.
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(n > 1, dt * (n - dt) / (n - 1), 0.0)
    weighted = share * factor
    cov = np.diag(weighted.sum(axis=1)) - (weighted @ share.T)
    diff = (observed - expected)[:-1]
    statistic = float(diff @ np.linalg.pinv(cov[:-1, :-1]) @ diff)
    return LogRankResult(
        statistic=statistic,
        df=k - 1,
        p_value=chi2_sf(statistic, k - 1),
        observed=tuple(float(v) for v in observed),
        expected=tuple(float(v) for v in expected),
    )


@attrs.frozen(eq=False, repr=False)
class HazardTable:
    """Occurrence/exposure hazard rates in bands of time (e.g. tenure bands).

    Band i collects the time at risk between ``lower[i]`` and ``upper[i]``
    and the events that end it, those at times in ``(lower[i], upper[i]]``;
    ``rate`` is events per unit of time at risk in the band.
    """

    lower: np.ndarray
    """Band lower edges."""
    upper: np.ndarray
    """Band upper edges."""
    events: np.ndarray
    """Events at times in (lower, upper]."""
    exposure: np.ndarray
    """Total time at risk spent between lower and upper."""
    rate: np.ndarray
    """Events / exposure (NaN without exposure)."""
    ci_low: np.ndarray
    """Lower confidence limit of the rate."""
    ci_high: np.ndarray
    """Upper confidence limit of the rate."""
    alpha: float = 0.05
    """1 - confidence level of the limits."""

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame, one row per band (needs pandas)."""
        return _frame({f.name: getattr(self, f.name) for f in attrs.fields(HazardTable)[:-1]})

    def __repr__(self) -> str:
        rows = ", ".join(
            f"[{lo:g}, {hi:g}): {r:.3g}"
            for lo, hi, r in zip(self.lower, self.upper, self.rate, strict=True)
        )
        return f"HazardTable({rows})"


def hazard_by_band(
    durations: ArrayLike,
    observed: ArrayLike | None = None,
    entry: ArrayLike | None = None,
    *,
    edges: ArrayLike,
    alpha: float = 0.05,
) -> HazardTable:
    """Hazard of exit by band of time: events in the band over time at risk in the band.

    With tenure as the time scale this is the separation hazard by tenure
    band, whose rise then fall over the first year or two is the signature of
    match quality learned on the job (Jovanovic 1979; Farber 1994).
    Confidence limits are rate x exp(+-z / sqrt(events)) (the log-scale Wald
    interval of a Poisson rate); a band without events gets the exact upper
    limit -ln(alpha / 2) / exposure.
    """
    z = _z(alpha)
    d, e, t0 = _survival_data(durations, observed, entry)
    b = np.asarray(edges, dtype=np.float64)
    if b.ndim != 1 or b.size < 2 or not np.all(np.diff(b) > 0) or not np.isfinite(b[0]):
        raise ValueError(f"edges: must be at least two increasing numbers, got {edges!r}")
    start = np.zeros_like(d) if t0 is None else t0
    lower, upper = b[:-1], b[1:]
    exposure = np.empty(lower.size)
    for i, (lo, hi) in enumerate(
        zip(lower, upper, strict=True)
    ):  # a loop over bands, not observations
        exposure[i] = np.maximum(0.0, np.minimum(d, hi) - np.maximum(start, lo)).sum()
    # An event at time t ends exposure at t, so it belongs to the band whose
    # exposure it closes: (lower, upper] (an event at the very first edge goes
    # to the first band).
    band = np.searchsorted(b, d[e], side="left") - 1
    band[(band < 0) & (d[e] == b[0])] = 0
    inside = (band >= 0) & (band < lower.size)
    events = np.bincount(band[inside], minlength=lower.size).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(exposure > 0, events / exposure, np.nan)
        spread = np.exp(z / np.sqrt(events))
        low = np.where(events > 0, rate / spread, 0.0)
        high = np.where(events > 0, rate * spread, -math.log(alpha / 2.0) / exposure)
    none = exposure <= 0
    low[none], high[none] = np.nan, np.nan
    return HazardTable(
        lower=lower,
        upper=upper,
        events=events,
        exposure=exposure,
        rate=rate,
        ci_low=low,
        ci_high=high,
        alpha=alpha,
    )


@attrs.frozen(eq=False, repr=False)
class CompetingRisks:
    """Aalen-Johansen cumulative incidence of competing exits (e.g. quit, layoff, retire).

    ``incidence[:, j]`` is the probability of having exited by cause
    ``causes[j]`` by each time; ``survival`` is the overall Kaplan-Meier
    survival, and the rows of ``incidence`` plus ``survival`` sum to one.
    """

    times: np.ndarray
    """Distinct exit times, increasing."""
    causes: tuple[Any, ...]
    """The causes of exit (the labels as given), in column order."""
    incidence: np.ndarray
    """Cumulative incidence, one column per cause."""
    survival: np.ndarray
    """Overall survival (no exit of any cause)."""
    at_risk: np.ndarray
    """Number at risk just before each time."""
    n: int
    """Number of subjects."""

    def at(self, t: float) -> dict[Any, float]:
        """Cumulative incidence of each cause at time ``t``."""
        return {
            c: float(_step(self.times, self.incidence[:, j], t, 0.0))
            for j, c in enumerate(self.causes)
        }

    def to_frame(self) -> pd.DataFrame:
        """Times, survival and one incidence column per cause (needs pandas)."""
        columns = {"time": self.times, "survival": self.survival, "at_risk": self.at_risk}
        columns.update({str(c): self.incidence[:, j] for j, c in enumerate(self.causes)})
        return _frame(columns)

    def __repr__(self) -> str:
        final = ", ".join(f"{c}={self.incidence[-1, j]:.3g}" for j, c in enumerate(self.causes))
        return _array_repr("CompetingRisks", self.n, self.times) + f", final: {final})"


CENSORED = "censored"
"""The cause label that marks a censored observation in :func:`cumulative_incidence`."""


def cumulative_incidence(
    durations: ArrayLike, causes: ArrayLike, entry: ArrayLike | None = None
) -> CompetingRisks:
    """Aalen-Johansen estimate of the cumulative incidence of each cause of exit.

    ``causes`` labels each exit (strings, numbers, any hashable values);
    ``"censored"``, None or NaN marks a censored observation. The incidence
    of cause k at time t sums S(s-) d_k(s) / n(s) over exit times s <= t,
    with S the overall Kaplan-Meier survival: unlike 1 - KM of one cause with
    the others censored, it does not pretend that people laid off could still
    have quit (Aalen & Johansen 1978; Putter et
    al. 2007).
    """
    labels = np.asarray(causes, dtype=object)
    if labels.ndim != 1:
        raise ValueError(f"causes: must be one-dimensional, got shape {labels.shape}")
    d, _, t0 = _survival_data(durations, None, entry)
    if labels.size != d.size:
        raise ValueError(f"causes: must have the length of durations ({d.size}), got {labels.size}")
    censored = np.array(
        [c is None or c == CENSORED or (isinstance(c, float) and c != c) for c in labels],
        dtype=bool,
    )
    times, at_risk, events, _ = _risk_table(d, ~censored, t0)
    names = tuple(sorted(set(labels[~censored].tolist()), key=str))
    survival = np.cumprod(1.0 - events / at_risk)
    before = np.concatenate(([1.0], survival[:-1]))
    incidence = np.empty((times.size, len(names)))
    for j, name in enumerate(names):  # a loop over causes, not observations
        of_cause = ~censored & np.array([c == name for c in labels], dtype=bool)
        hits = _counts_at(times, np.sort(d[of_cause]))
        incidence[:, j] = np.cumsum(before * hits / at_risk)
    return CompetingRisks(
        times=times,
        causes=names,
        incidence=incidence,
        survival=survival,
        at_risk=at_risk,
        n=int(d.size),
    )
