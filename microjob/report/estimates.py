"""The measures the report shows, how each is shown, and their estimates over replications."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from microjob._stats import t_quantile
from microjob.report.format import _number
from microjob.summary import MeasureInfo, RunSummary

CONFIDENCE = 0.95
"""Confidence level of every interval in the report."""


PEOPLE_COST = "people_cost_per_employee_year"
"""A derived measure shown in the report (not a RunSummary field): turnover cost plus
micro-job bonuses per employee-year, per run."""


_DERIVED: dict[str, tuple[str, ...]] = {
    PEOPLE_COST: ("turnover_cost_per_employee_year", "gig_bonus_per_employee_year"),
}


@attrs.frozen
class Measure:
    """How the report shows one measure: its :class:`~microjob.summary.MeasureInfo`.

    ``field`` is a RunSummary field, whose metadata says how to show it, or a
    derived measure such as :data:`PEOPLE_COST` (metadata in
    :data:`DERIVED_INFO`). Table rows and titles capitalise the label; the
    unit after ``scale`` is ``unit``, or ``short_unit`` where space is tight
    (cards and figures).
    """

    field: str
    info: MeasureInfo

    @classmethod
    def of(cls, field: str) -> Measure:
        """The measure ``field`` with its metadata."""
        info = DERIVED_INFO.get(field)
        return cls(field, RunSummary.info(field) if info is None else info)

    @property
    def label(self) -> str:
        """The label as a table row or a title starts it (capitalised)."""
        return self.info.label[:1].upper() + self.info.label[1:]

    @property
    def unit(self) -> str:
        return self.info.unit

    @property
    def short_unit(self) -> str:
        """The unit where space is tight."""
        return self.info.short_unit

    @property
    def scale(self) -> float:
        return self.info.scale

    @property
    def decimals(self) -> int:
        return self.info.decimals

    @property
    def difference_unit(self) -> str:
        """The short unit of a difference: percentage points for percentages."""
        unit = self.short_unit
        return unit.replace("%", "pp", 1) if self.info.percent else unit

    def show(self, value: float, *, signed: bool = False) -> str:
        """``value`` in this measure's unit, e.g. ``54.8`` for a share of 0.548."""
        return _number(value * self.scale, self.decimals, signed=signed)


DERIVED_INFO = {
    PEOPLE_COST: MeasureInfo(
        "turnover cost plus bonuses",
        "per employee-year",
        "Turnover cost plus micro-job bonuses per employee-year, currency of the start.",
        decimals=0,
    ),
}
"""How the report shows its derived measures (RunSummary fields carry their own)."""


SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Retention and tenure (simulated companies)",
        (
            "retention_1y",
            "retention_2y",
            "retention_5y",
            "median_spell_years",
            "median_tenure_years",
            "retention_2y_internal_movers",
            "retention_2y_non_movers",
        ),
    ),
    (
        "Separations (simulated companies)",
        (
            "quit_rate_monthly",
            "layoff_rate_monthly",
            "separation_rate_monthly",
            "turnover_rate_annual",
            "vacancy_weeks_per_position_year",
        ),
    ),
    (
        "Internal mobility and micro-jobs",
        (
            "internal_moves_per_employee_year",
            "redeployments_per_employee_year",
            "gigs_posted",
            "gigs_filled",
            "gig_fill_rate",
            "gig_participation_share",
            "gig_effort_share_mean",
        ),
    ),
    (
        "Skills and pay (employees of simulated companies)",
        ("skill_breadth", "skill_gain_per_worker_year", "wage_growth_annual"),
    ),
    (
        "Company costs (currency of the start of the run)",
        ("turnover_cost_per_employee_year", "gig_bonus_per_employee_year", PEOPLE_COST),
    ),
    (
        "All workers (outside market included)",
        (
            "median_tenure_years_all",
            "median_tenure_years_age_25_34",
            "median_tenure_years_age_35_44",
            "median_tenure_years_age_45_54",
            "median_tenure_years_age_55_64",
            "share_tenure_le_1y",
            "hops_per_10_career_years",
            "jobs_started_age_25_34",
            "jobs_started_age_35_44",
            "jobs_started_age_45_54",
        ),
    ),
    ("Size of the simulation", ("mean_headcount", "worker_years")),
)


@attrs.frozen
class _Interval:
    """A mean with its confidence interval over replications."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def has_ci(self) -> bool:
        return self.n >= 2 and math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def excludes_zero(self) -> bool:
        """True when the interval lies wholly above or below zero."""
        return self.has_ci and (self.low > 0.0 or self.high < 0.0)


def _interval(values: np.ndarray) -> _Interval:
    """Mean and t-based interval of the finite ``values`` (as the experiment tables compute it)."""
    x = values[np.isfinite(values)]
    n = int(x.size)
    if n == 0:
        return _Interval(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n < 2:
        return _Interval(mean, math.nan, math.nan, n)
    half = t_quantile(0.5 + CONFIDENCE / 2.0, n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return _Interval(mean, mean - half, mean + half, n)


def _of_row(row: Any) -> _Interval:
    return _Interval(row.mean, row.ci_low, row.ci_high, row.n)


def _values(summaries: Sequence[RunSummary], field: str) -> np.ndarray:
    """One measure (or a derived one) of each summary."""
    parts = _DERIVED.get(field, (field,))
    total = np.zeros(len(summaries))
    for part in parts:
        total = total + np.array([getattr(s, part) for s in summaries], dtype=float)
    return total


def _sections() -> list[tuple[str, tuple[Measure, ...]]]:
    """:data:`SECTIONS` restricted to known measures, plus any RunSummary field not listed."""
    names = RunSummary.field_names()
    known = set(names) | set(_DERIVED)
    out = []
    listed: set[str] = set()
    for title, fields in SECTIONS:
        kept = tuple(Measure.of(f) for f in fields if f in known)
        listed |= {m.field for m in kept}
        if kept:
            out.append((title, kept))
    rest = tuple(Measure.of(n) for n in names if n not in listed)
    if rest:
        out.append(("Other measures", rest))
    return out


def _measure(field: str) -> Measure:
    return Measure.of(field)


def _known(field: str) -> bool:
    return field in RunSummary.field_names() or field in _DERIVED
