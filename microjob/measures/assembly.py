"""Every :class:`~microjob.records.RunSummary` measure of a run in one dict
(:func:`measure`), put together from the groups of measures of the other modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from microjob.measures.costs import _costs, _run_size
from microjob.measures.microjobs import _micro_jobs, _openness
from microjob.measures.platform import _platform
from microjob.measures.retention import _retention, _tenure
from microjob.measures.skills import _graduates, _skills_and_wages
from microjob.measures.turnover import (
    _company_rates,
    _economy_wide_rates,
    _internal_mobility,
    _jobs_by_age,
)

if TYPE_CHECKING:
    from microjob.records import RunResult


def measure(result: RunResult) -> dict[str, float]:
    """Every :class:`~microjob.records.RunSummary` measure of one run, by field name.

    ``RunResult.summary()`` wraps them in a ``RunSummary`` (and keeps it).
    Each group of measures has its own function, in the module of this package for that
    group.
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
