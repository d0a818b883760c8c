"""The measures per company and per policy kind, with their metadata, and who hires
whose people (:func:`poaching`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from microjob.bls import elapsed_tenure, median_elapsed_tenure, overlap_years, survey_dates
from microjob.measures._base import _ratio
from microjob.measures.costs import _cost_measures
from microjob.measures.microjobs import _deflated_bonus, _gig_measures
from microjob.measures.retention import _retention, first_move_weeks
from microjob.measures.skills import _skills
from microjob.measures.turnover import _mobility, _separation_rates
from microjob.summary import MeasureInfo, RunSummary

if TYPE_CHECKING:
    from microjob.records import RunResult


_PER_EMPLOYEE_YEAR_UNIT = "per employee-year"


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
    :data:`~microjob.measures.EXIT_REASONS`) in the measurement window, with the hire
    that follows it at once (the same worker's spell that starts when it ends). Returns
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
