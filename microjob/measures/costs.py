"""Costs and size: turnover cost, the output lost to micro-job time and the total cost
per employee-year, empty weeks per position-year, mean headcount and worker-years."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from microjob.measures._base import _ratio
from microjob.measures.microjobs import _deflated_bonus

if TYPE_CHECKING:
    from microjob.records import CompanyTotals, RunResult


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
