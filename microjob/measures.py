"""The measures of a run (the fields of :class:`~microjob.records.RunSummary`), from its records.

Pure functions of a run's records and engine totals: nothing here changes a
run or keeps state. The measures that follow a published statistic
use the definitions of :mod:`microjob.bls`; the survival measures lay a run's
spells out (:func:`spell_table`, :func:`survival_data`) for the estimators of
:mod:`microjob.survival`. The same measures per company and per policy kind
(:func:`company_measures`, :func:`policy_measures`) and who hires whose people
(:func:`poaching`) show a scenario that mixes policies company by company.

Dependencies flow one way: :mod:`microjob.records` imports this module to fill
``RunResult.summary()``, and this module reads runs only through their
attributes (it imports :mod:`microjob.records` for type annotations alone).
So :func:`measure` returns the measures as a dict of field values, and the
run result wraps them in its :class:`~microjob.records.RunSummary`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from microjob.bls import (
    AGE_BANDS,
    elapsed_tenure,
    jobs_held_in_band,
    median_elapsed_tenure,
    monthly_rate,
    overlap_years,
    share_at_most,
    survey_dates,
)
from microjob.policies import find_policy_kind
from microjob.scenario import WEEKS_PER_MONTH, WEEKS_PER_YEAR
from microjob.summary import MeasureInfo, RunSummary
from microjob.survival import (
    CompetingRisks,
    HazardTable,
    SurvivalCurve,
    cumulative_incidence,
    hazard_by_band,
    kaplan_meier,
)

if TYPE_CHECKING:
    from microjob.records import CompanyTotals, GigRecord, RunResult

__all__ = [
    "COMPANY_MEASURES",
    "EXIT_REASONS",
    "PLATFORM_MEASURES",
    "RETENTION_MEASURES",
    "TENURE_BANDS_YEARS",
    "company_measure_info",
    "company_measures",
    "engagement_table",
    "exit_incidence",
    "first_move_weeks",
    "freelance_stretches",
    "measure",
    "monthly_income",
    "poaching",
    "policy_measures",
    "retention_curve",
    "spell_table",
    "survival_data",
    "tenure_hazard",
    "wage_index",
]

EXIT_REASONS = ("quit", "withdraw", "layoff", "retire")
"""The kinds of separation a spell can end in: a quit to another job (a job hop), a quit
into non-employment, a layoff, a retirement (``EmploymentSpell.reason``)."""


_PER_EMPLOYEE_YEAR_UNIT = "per employee-year"


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def wage_index(result: RunResult, time_weeks: np.ndarray | float) -> np.ndarray | float:
    """Market wage level at ``time_weeks`` relative to the start of the run."""
    growth = result.scenario.market.wage_growth_per_year
    return np.exp(growth * np.asarray(time_weeks) / WEEKS_PER_YEAR)


def _deflated_bonus(result: RunResult, gigs: Sequence[GigRecord] | None = None) -> float:
    """Micro-job bonuses (of ``gigs``, by default every one of the run) in currency of the
    start of the run."""
    gigs = result.gigs if gigs is None else gigs
    if not gigs:
        return 0.0
    bonus = np.array([g.bonus for g in gigs])
    paid = np.array([g.end for g in gigs])
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
        entry = find_policy_kind(policy)  # an alias such as "internal_freelance" means its kind
        policy = entry.kind if entry is not None else policy
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
    policy ``kind`` such as ``"internal-freelance"``) restricts it to the
    companies with that policy, for scenarios that mix policies.
    """
    return kaplan_meier(*survival_data(result, policy=policy), alpha=alpha)


def survival_data(
    result: RunResult, *, policy: str | None = None, reason: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(durations, observed, entry)`` in years of a run's simulated companies' spells.

    The arguments every estimator here takes: tenure at exit, whether the
    spell ended in a separation (``reason``, one of :data:`EXIT_REASONS`, counts
    only that kind, the others then end exposure as censorings do), and the
    tenure at which the spell came under observation.
    ``policy`` keeps only companies with that policy kind. For example
    ``mj.logrank(*(survival_data(run) for run in runs))``.
    """
    t = _spells_of(result, policy)
    event = t["event"].astype(bool)
    if reason is not None:
        if reason not in EXIT_REASONS:
            raise ValueError(f"reason: must be one of {', '.join(EXIT_REASONS)}, got {reason!r}")
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

    ``reason`` (one of :data:`EXIT_REASONS`) counts only that kind of
    separation as an event (the others then end exposure, as censorings do).
    """
    durations, event, entry = survival_data(result, policy=policy, reason=reason)
    return hazard_by_band(durations, event, entry, edges=edges, alpha=alpha)


def exit_incidence(result: RunResult, *, policy: str | None = None) -> CompetingRisks:
    """Cumulative incidence of each kind of exit by tenure (Aalen-Johansen)."""
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


def _retention(
    result: RunResult,
    table: dict[str, np.ndarray],
    rows: np.ndarray | None = None,
    first: np.ndarray | None = None,
) -> dict[str, float]:
    """Kaplan-Meier retention measures over the simulated companies' spells.

    Spells are on the tenure scale, censored at the end of the run, with
    delayed entry for spells begun before the window. Internal movers are
    followed from their first move in the window; non-movers are the same
    spells censored at that move (so nobody is counted as a non-mover for time
    after moving), and their two-year retention is taken at the tenures at
    which the movers moved: the mean of S0(tau + 2) / S0(tau) over moves at
    tenure tau. Without moves it is S0(2) from hire.

    ``rows`` (a mask of ``table``) restricts them to some companies' spells
    (:func:`company_measures`); ``first`` is :func:`first_move_weeks` when known.
    """
    sim = table["company"] < result.outside_index if rows is None else rows
    out = dict.fromkeys(RETENTION_MEASURES, math.nan)
    if not sim.any():
        return out
    dur, event, entry = table["duration_years"], table["event"], table["entry_years"]
    km = retention_curve(result) if rows is None else kaplan_meier(dur[sim], event[sim], entry[sim])
    out["retention_1y"], out["retention_2y"], out["retention_5y"] = km.at([1.0, 2.0, 5.0]).tolist()
    median = km.median
    out["median_spell_years"] = math.nan if median is None else median

    start = table["start"]
    first = first_move_weeks(result, table) if first is None else first
    mover = np.flatnonzero(np.isfinite(first) & sim)
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


def measure(result: RunResult) -> dict[str, float]:
    """Every :class:`~microjob.records.RunSummary` measure of one run, by field name.

    ``RunResult.summary()`` wraps them in a ``RunSummary`` (and keeps it).
    Each group of measures has its own function below.
    """
    table = result.spell_table
    return {
        **_company_rates(result),
        **_economy_wide_rates(result, table),
        **_tenure(result, table),
        **_jobs_by_age(result, table),
        **_retention(result, table),
        **_internal_mobility(result),
        **_micro_jobs(result),
        **_openness(result),
        **_skills_and_wages(result),
        **_graduates(result),
        **_platform(result),
        **_costs(result),
        **_run_size(result),
    }


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


def _tenure(result: RunResult, table: dict[str, np.ndarray]) -> dict[str, float]:
    """Cross-sectional tenure (BLS): everyone employed on each annual survey date, pooled;
    and the change of the median from the window's first survey date to its last."""
    dates = survey_dates(result.window_start_weeks, result.window_end_weeks)
    tenure, surveyed = elapsed_tenure(table["start"], table["end"], table["censored"], dates)
    age_then = table["age_at_start"][surveyed] + tenure
    in_sim = table["company"][surveyed] < result.outside_index
    first, _ = elapsed_tenure(table["start"], table["end"], table["censored"], dates[-1:])
    last, _ = elapsed_tenure(table["start"], table["end"], table["censored"], dates[:1])
    prime = age_then >= 25.0
    out = {
        "median_tenure_years": median_elapsed_tenure(tenure[in_sim]),
        "median_tenure_years_all": median_elapsed_tenure(tenure),
        "median_tenure_drift_years": (
            median_elapsed_tenure(last) - median_elapsed_tenure(first)
            if len(dates) > 1
            else math.nan
        ),
        "share_tenure_le_1y": share_at_most(tenure, 1.0),
        "share_tenure_ge_10y_age_25_plus": (
            float(np.mean(tenure[prime] >= 10.0)) if prime.any() else math.nan
        ),
    }
    for lo, hi in AGE_BANDS:
        band = (age_then >= lo) & (age_then < hi)
        out[f"median_tenure_years_age_{lo}_{hi - 1}"] = median_elapsed_tenure(tenure[band])
    return out


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


PLATFORM_MEASURES = (
    "projects_filled_share",
    "freelance_time_share",
    "mostly_freelance_share",
    "freelance_income_per_year",
    "freelance_income_cv",
    "clients_per_freelancer_year",
    "weeks_between_engagements",
    "engagement_skill_gain_per_year",
    "platform_spend_per_employee_year",
)
"""The measures of the open talent platform (NaN when it is off)."""


def engagement_table(result: RunResult) -> dict[str, np.ndarray]:
    """The engagement records as columns (``start``, ``end``, ``effort``,
    ``fee_per_week``, ``skills_gained``, ``freelancing_since``, ``worker``, ``client``,
    ``good_rating``, ``completed``), plus ``side`` (begun with a job) and
    ``income_per_week``: what the member kept after the platform's take."""
    rows = result.engagements
    take = result.scenario.platform.take_rate_share
    floats = ("start", "end", "effort", "fee_per_week", "skills_gained", "freelancing_since")
    columns = (
        (floats, float),
        (("worker", "client"), np.int64),
        (("good_rating", "completed"), bool),
    )
    table: dict[str, np.ndarray] = {}
    for names, dtype in columns:
        for name in names:
            table[name] = np.array([getattr(e, name) for e in rows], dtype=dtype)
    table["side"] = np.isnan(table["freelancing_since"])
    table["income_per_week"] = table["fee_per_week"] * (1.0 - take)
    return table


def freelance_stretches(result: RunResult, table: dict[str, np.ndarray]) -> list[np.ndarray]:
    """The freelancing stretches in which engagements began in the window, as rows of
    (worker, start of the stretch, its end): the worker's next hire, their retirement
    or the end of the window, whichever came first. Each stretch's engagements are
    those with its worker and ``freelancing_since``."""
    began = ~table["side"] & (table["start"] >= result.window_start_weeks)
    if not began.any():
        return []
    pairs = np.unique(np.stack([table["worker"][began], table["freelancing_since"][began]]), axis=1)
    spells = result.spell_table
    order = np.lexsort((spells["start"], spells["worker"]))
    hired_worker, hired_at = spells["worker"][order], spells["start"][order]
    exits = result.stats.workers.exit_weeks
    rows = []
    for w, since in pairs.T:
        w = int(w)
        lo, hi = np.searchsorted(hired_worker, [w, w + 1])
        later = hired_at[lo:hi][hired_at[lo:hi] > since]
        until = min(later[0] if later.size else math.inf, exits[w], result.window_end_weeks)
        rows.append(np.array([w, since, until]))
    return rows


def monthly_income(
    table: dict[str, np.ndarray], start: float, end: float
) -> tuple[np.ndarray, np.ndarray]:
    """Platform income of each worker in each month from ``start`` to ``end`` (a last
    part-month included): the workers (sorted ids) and a workers x months array
    (currency of time 0)."""
    months = max(1, math.ceil((end - start) / WEEKS_PER_MONTH - 1e-9))
    edges = np.minimum(start + WEEKS_PER_MONTH * np.arange(months + 1), end)
    workers, row = np.unique(table["worker"], return_inverse=True)
    income = np.zeros((len(workers), months))
    lo, hi = table["start"][:, None], table["end"][:, None]
    weeks = np.maximum(0.0, np.minimum(hi, edges[1:]) - np.maximum(lo, edges[:-1]))
    np.add.at(income, row, weeks * table["income_per_week"][:, None])
    return workers, income


def _stretch_measures(result: RunResult, table: dict[str, np.ndarray]) -> tuple[float, float]:
    """Income volatility and weeks between engagements, over freelancing stretches.

    Volatility: the coefficient of variation of monthly income over the whole months of
    each stretch in the window (three or more; months without an engagement count as
    zero), averaged over stretches. Weeks between engagements: from the later of the
    stretch's start and the end of the engagements in hand to the start of the next
    engagement (0 if it began before they ended), where that wait began in the window.
    """
    window_start = result.window_start_weeks
    worker, since_of, start = table["worker"], table["freelancing_since"], table["start"]
    free = np.flatnonzero(~table["side"])
    free = free[np.lexsort((start[free], since_of[free], worker[free]))]  # by stretch, in order
    free_worker, free_since = worker[free], since_of[free]
    by_worker = np.argsort(worker, kind="stable")  # every engagement, side projects included
    sorted_worker = worker[by_worker]
    cvs, gaps = [], []
    for row in freelance_stretches(result, table):
        w, since, until = int(row[0]), float(row[1]), float(row[2])
        lo, hi = np.searchsorted(free_worker, [w, w + 1])
        a = lo + int(np.searchsorted(free_since[lo:hi], since, side="left"))
        b = lo + int(np.searchsorted(free_since[lo:hi], since, side="right"))
        mine = free[a:b]  # this stretch, by start
        rows = {k: table[k][mine] for k in ("worker", "start", "end", "income_per_week")}
        frm = max(since, window_start)
        months = int((until - frm) / WEEKS_PER_MONTH)
        if months >= 3:
            series = monthly_income(rows, frm, frm + months * WEEKS_PER_MONTH)[1][0]
            if series.mean() > 0.0:
                cvs.append(series.std() / series.mean())
        wl, wh = np.searchsorted(sorted_worker, [w, w + 1])
        theirs = by_worker[wl:wh]
        in_hand = theirs[start[theirs] <= since]  # side projects the stretch began with
        busy_until = max(since, float(table["end"][in_hand].max(initial=since)))
        for begun, ended in zip(rows["start"].tolist(), rows["end"].tolist(), strict=True):
            if busy_until >= window_start:
                gaps.append(max(0.0, begun - busy_until))
            busy_until = max(busy_until, ended)
    return (
        float(np.mean(cvs)) if cvs else math.nan,
        float(np.mean(gaps)) if gaps else math.nan,
    )


def _platform(result: RunResult) -> dict[str, float]:
    """How careers on the open talent platform go: projects filled, time freelancing,
    income (its level and volatility), clients, gaps between engagements, learning on
    projects and what the simulated companies spent on them."""
    out = dict.fromkeys(PLATFORM_MEASURES, math.nan)
    st = result.stats
    w = st.workers
    if w.platform_member is None or w.freelance_weeks is None or not st.projects_posted:
        return out  # the platform is off (or the engine has none)
    start, end = result.window_start_weeks, result.window_end_weeks
    out["projects_filled_share"] = _ratio(st.projects_filled, st.projects_posted)
    presence = np.maximum(0.0, np.minimum(w.exit_weeks, end) - np.maximum(w.entry_weeks, start))
    labour_weeks = float(presence.sum()) - st.inactive_years * WEEKS_PER_YEAR
    freelance_weeks = float(w.freelance_weeks.sum())
    out["freelance_time_share"] = _ratio(freelance_weeks, labour_weeks)
    whole = (w.entry_weeks <= start) & (w.exit_weeks >= end)
    if whole.any():
        mostly = w.freelance_weeks[whole] > 0.5 * (end - start)
        out["mostly_freelance_share"] = float(mostly.mean())
    table = engagement_table(result)
    weeks = np.maximum(0.0, np.minimum(table["end"], end) - np.maximum(table["start"], start))
    freelance = ~table["side"]
    freelance_years = freelance_weeks / WEEKS_PER_YEAR
    out["freelance_income_per_year"] = _ratio(
        float((weeks * table["income_per_week"])[freelance].sum()), freelance_years
    )
    cv, gaps = _stretch_measures(result, table)
    out["freelance_income_cv"] = cv
    out["weeks_between_engagements"] = gaps
    began = freelance & (table["start"] >= start)
    outside = table["client"] == result.outside_index
    pairs = np.unique(np.stack([table["worker"], table["client"]])[:, began & ~outside], axis=1)
    clients = pairs.shape[1] + int((began & outside).sum())
    out["clients_per_freelancer_year"] = _ratio(clients, freelance_years)
    done = table["completed"]
    effort_years = float((table["effort"] * (table["end"] - table["start"]))[done].sum())
    out["engagement_skill_gain_per_year"] = _ratio(
        float(table["skills_gained"][done].sum()), effort_years / WEEKS_PER_YEAR
    )
    simulated = table["client"] < result.outside_index
    spend = float((weeks * table["fee_per_week"])[simulated].sum())
    out["platform_spend_per_employee_year"] = _ratio(spend, st.employee_years)
    return out


def _costs(result: RunResult) -> dict[str, float]:
    """Turnover cost, the output lost to micro-job time and the total cost per
    employee-year (with bonuses); empty weeks per position-year."""
    st = result.stats
    return _cost_measures(
        st.simulated, st.employee_years, st.positions, st.window_years, _deflated_bonus(result)
    )


def _cost_measures(
    sim: Sequence[CompanyTotals],
    employee_years: float,
    positions: int,
    window_years: float,
    bonus: float,
) -> dict[str, float]:
    """The cost measures of some companies from their totals, employee-years, positions and
    the micro-job bonuses they paid (deflated)."""
    cost = sum(c.replacement_cost for c in sim) + sum(c.vacancy_cost for c in sim)
    gig_time = sum(c.gig_output_cost for c in sim)
    total = cost + gig_time + bonus
    return {
        "turnover_cost_per_employee_year": _ratio(cost, employee_years),
        "gig_time_cost_per_employee_year": _ratio(gig_time, employee_years),
        "cost_per_employee_year": _ratio(total, employee_years),
        "vacancy_weeks_per_position_year": _ratio(
            sum(c.vacancy_weeks for c in sim), positions * window_years
        ),
    }


def _run_size(result: RunResult) -> dict[str, float]:
    """Mean headcount of the simulated companies and worker-years simulated."""
    st = result.stats
    return {
        "mean_headcount": _ratio(st.employee_years, st.window_years),
        "worker_years": st.labour_force_years,
    }


# ------------------------------------------------------------------ per company, per policy

COMPANY_MEASURES = (
    "employee_years",
    "mean_headcount",
    "retention_1y",
    "retention_2y",
    "retention_5y",
    "median_spell_years",
    "median_tenure_years",
    "retention_2y_internal_movers",
    "retention_2y_non_movers",
    "quit_rate_monthly",
    "hop_rate_monthly",
    "layoff_rate_monthly",
    "separation_rate_monthly",
    "turnover_rate_annual",
    "hires_per_employee_year",
    "internal_moves_per_employee_year",
    "redeployments_per_employee_year",
    "gigs_posted",
    "gigs_filled",
    "gig_fill_rate",
    "gig_participation_share",
    "gig_effort_share_mean",
    "gig_bonus_per_employee_year",
    "skill_breadth",
    "skill_gain_per_worker_year",
    "turnover_cost_per_employee_year",
    "gig_time_cost_per_employee_year",
    "cost_per_employee_year",
    "vacancy_weeks_per_position_year",
)
"""The measures of :func:`company_measures` and :func:`policy_measures`, in order.

Every name but ``employee_years`` and ``hires_per_employee_year`` is a
:class:`~microjob.records.RunSummary` field and means what that field means, for
the company (or the policy kind's companies) instead of every simulated company;
:func:`company_measure_info` says how each is shown."""

_COMPANY_ONLY_INFO = {
    "employee_years": MeasureInfo(
        "employee-years",
        "employee-years in the window",
        "Headcount integrated over the measurement window (the spells' time there).",
        decimals=0,
        short_unit="employee-years",
    ),
    "mean_headcount": MeasureInfo(
        "mean headcount",
        "employees",
        "Mean headcount over the measurement window.",
        decimals=0,
    ),
    "hires_per_employee_year": MeasureInfo(
        "hires",
        _PER_EMPLOYEE_YEAR_UNIT,
        "Spells begun in the window (hires from outside the company) per employee-year.",
        decimals=3,
    ),
}


def company_measure_info(name: str) -> MeasureInfo:
    """How the per-company measure ``name`` (one of :data:`COMPANY_MEASURES`) is shown.

    The metadata of the :class:`~microjob.records.RunSummary` field of that name,
    except for the measures a company has of its own (employee-years, hires) and the
    headcount, whose label names no pool of companies.
    """
    if name not in COMPANY_MEASURES:
        raise KeyError(f"{name!r} is not a per-company measure")
    info = _COMPANY_ONLY_INFO.get(name)
    return RunSummary.info(name) if info is None else info


def company_measures(result: RunResult) -> list[dict[str, Any]]:
    """Per simulated company (the outside market left out), in company order: its
    ``name``, ``index``, ``policy`` (kind) and each measure of :data:`COMPANY_MEASURES`.

    Each measure means what the :class:`~microjob.records.RunSummary` field of the
    same name means, over that company alone: rates from the company's window
    counters (``result.stats.companies``) over its employee-years, which are the
    time its spells spent in the window; retention from the Kaplan-Meier curve of
    its spells; median tenure from its employees on the survey dates; micro-job
    participation over the workers it employed in the window; skill breadth and
    gain of its employees at the end of the run (their gain since the baseline,
    wherever it was learnt). Employee-years and headcounts add up over the
    companies to the run's; the spells partition the pooled ones.
    """
    groups = _Groups(result)
    companies = result.scenario.companies
    return [
        {"name": result.company_names[c], "index": c, "policy": companies[c].policy.kind}
        | groups.measures([c])
        for c in range(len(companies))
    ]


def policy_measures(result: RunResult) -> list[dict[str, Any]]:
    """Per policy kind of the simulated companies (in order of first appearance): its
    ``policy`` (kind), ``companies`` (their names) and each measure of
    :data:`COMPANY_MEASURES` over those companies together.

    Pooled, not averaged: retention is the Kaplan-Meier curve of all their spells,
    rates are their summed counters over their summed employee-years, shares are
    over all their workers. With one policy kind the measures are those of every
    simulated company (retention equals ``RunSummary.retention_2y`` exactly).
    """
    groups = _Groups(result)
    kinds: dict[str, list[int]] = {}
    for c, company in enumerate(result.scenario.companies):
        kinds.setdefault(company.policy.kind, []).append(c)
    return [
        {"policy": kind, "companies": [result.company_names[c] for c in members]}
        | groups.measures(members)
        for kind, members in kinds.items()
    ]


class _Groups:
    """What the measures of any group of companies share: the spell table, each
    spell's first internal move, the survey of tenure and the micro-job workers."""

    def __init__(self, result: RunResult) -> None:
        self.result = result
        self.table = table = result.spell_table
        self.first = first_move_weeks(result, table)
        dates = survey_dates(result.window_start_weeks, result.window_end_weeks)
        self.tenure, surveyed = elapsed_tenure(
            table["start"], table["end"], table["censored"], dates
        )
        self.surveyed_company = table["company"][surveyed]
        self.gig_company = np.fromiter((g.company for g in result.gigs), np.int64, len(result.gigs))
        self.gig_worker = np.fromiter((g.worker for g in result.gigs), np.int64, len(result.gigs))

    def measures(self, members: Sequence[int]) -> dict[str, float]:
        """:data:`COMPANY_MEASURES` of the companies ``members`` together."""
        result, table = self.result, self.table
        st = result.stats
        ws, we = result.window_start_weeks, result.window_end_weeks
        index = np.asarray(members, dtype=np.int64)
        totals = [st.companies[c] for c in members]
        rows = np.isin(table["company"], index)
        start = table["start"][rows]
        employee_years = overlap_years(start, table["end"][rows], ws, we)
        employees = np.unique(table["worker"][rows])
        did_gigs = np.unique(self.gig_worker[np.isin(self.gig_company, index)])
        participants = int(np.isin(did_gigs, employees).sum())
        inside = set(members)
        gigs = [g for g in result.gigs if g.company in inside]
        bonus = _deflated_bonus(result, gigs)
        positions = sum(result.scenario.companies[c].headcount for c in members)
        breadth, gain = _skills(result, members)
        tenure = self.tenure[np.isin(self.surveyed_company, index)]
        values = {
            "employee_years": employee_years,
            "mean_headcount": _ratio(employee_years, st.window_years),
            **_retention(result, table, rows, self.first),
            "median_tenure_years": median_elapsed_tenure(tenure),
            **_separation_rates(totals, employee_years, st.window_years),
            "hires_per_employee_year": _ratio(int(np.count_nonzero(start >= ws)), employee_years),
            **_mobility(totals, employee_years),
            **_gig_measures(totals, participants, len(employees), bonus, employee_years),
            "skill_breadth": float(np.mean(breadth)) if len(breadth) else math.nan,
            "skill_gain_per_worker_year": float(np.mean(gain)) if len(gain) else math.nan,
            **_cost_measures(totals, employee_years, positions, st.window_years, bonus),
        }
        return {name: float(values[name]) for name in COMPANY_MEASURES}


def poaching(result: RunResult, *, by: str = "company") -> dict[str, Any]:
    """Who hires whose people: job-to-job moves between employers in the window.

    A move is a quit to another job (a spell ending in ``quit``, see
    :data:`EXIT_REASONS`) in the measurement window, with the hire that follows it
    at once (the same worker's spell that starts when it ends). Returns
    ``employers`` (the simulated companies' names, then the outside market's;
    ``by="policy"``: the policy kinds, then ``"outside"``), ``policies`` (each
    employer's policy kind, ``"outside"`` for the outside market), ``counts``
    (``counts[i][j]``: moves from employer ``i`` to employer ``j``; the diagonal
    holds moves between two jobs at the same employer, such as two outside jobs),
    ``employee_years`` (each employer's, in the window) and
    ``per_1000_employee_years`` (counts per 1,000 employee-years of the origin).
    """
    if by not in ("company", "policy"):
        raise ValueError(f"by: must be 'company' or 'policy', got {by!r}")
    table = result.spell_table
    ws, we = result.window_start_weeks, result.window_end_weeks
    companies = (*result.scenario.companies, result.scenario.outside)
    kinds = [c.policy.kind if not c.outside_market else "outside" for c in companies]
    if by == "company":
        employers, group = list(result.company_names), list(range(len(companies)))
    else:
        employers = [*dict.fromkeys(kinds[:-1]), "outside"]
        group = [employers.index(k) for k in kinds]
    n = len(employers)
    worker, company, start, end = table["worker"], table["company"], table["start"], table["end"]
    hired = {
        (w, t): c for w, t, c in zip(worker.tolist(), start.tolist(), company.tolist(), strict=True)
    }
    counts = np.zeros((n, n), dtype=np.int64)
    hops = (table["reason"] == "quit") & (end >= ws) & (end <= we)
    for i in np.flatnonzero(hops).tolist():
        to = hired.get((int(worker[i]), float(end[i])))
        if to is not None:
            counts[group[int(company[i])], group[to]] += 1
    years = np.zeros(n)
    for c in range(len(companies)):
        rows = company == c
        years[group[c]] += overlap_years(start[rows], end[rows], ws, we)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(years[:, None] > 0, 1000.0 * counts / years[:, None], math.nan)
    return {
        "employers": employers,
        "policies": kinds if by == "company" else employers,
        "counts": counts.tolist(),
        "employee_years": years.tolist(),
        "per_1000_employee_years": rates.tolist(),
    }
