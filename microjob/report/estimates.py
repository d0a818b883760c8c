"""The measures the report shows, how each is shown, and their estimates over replications."""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs
import numpy as np

from microjob._stats import t_quantile
from microjob.measures import PLATFORM_MEASURES
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

    @property
    def description(self) -> str:
        """What the measure counts, one line."""
        return self.info.description

    def show(self, value: float, *, signed: bool = False) -> str:
        """``value`` in this measure's unit, e.g. ``54.8`` for a share of 0.548."""
        return _number(value * self.scale, self.decimals, signed=signed)

    def rounds_to_zero(self, value: float) -> bool:
        """True when ``value`` is shown as zero at this measure's precision."""
        return round(value * self.scale, self.decimals) == 0


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
            "hop_rate_monthly",
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
            "openness_mean",
            "open_share",
        ),
    ),
    (
        "Skills and pay (employees of simulated companies)",
        ("skill_breadth", "skill_gain_per_worker_year", "wage_growth_annual"),
    ),
    (
        "Entrants and graduates (all employers)",
        (
            "graduate_hired_within_6m_share",
            "nongraduate_hired_within_6m_share",
            "graduate_gap_closed_per_year",
        ),
    ),
    ("Open talent platform (all members)", PLATFORM_MEASURES),
    (
        "Company costs (currency of the start of the run)",
        (
            "turnover_cost_per_employee_year",
            "gig_bonus_per_employee_year",
            PEOPLE_COST,
            "gig_time_cost_per_employee_year",
            "cost_per_employee_year",
        ),
    ),
    (
        "Labour market, every employer (JOLTS rates, outside market included)",
        (
            "quit_rate_monthly_all",
            "layoff_rate_monthly_all",
            "hire_rate_monthly_all",
            "separation_rate_monthly_all",
        ),
    ),
    (
        "Careers of all workers (outside market included)",
        (
            "median_tenure_years_all",
            "median_tenure_years_age_25_34",
            "median_tenure_years_age_35_44",
            "median_tenure_years_age_45_54",
            "median_tenure_years_age_55_64",
            "share_tenure_le_1y",
            "share_tenure_ge_10y_age_25_plus",
            "hops_per_10_career_years",
            "jobs_started_age_25_34",
            "jobs_started_age_35_44",
            "jobs_started_age_45_54",
            "jobs_held_age_25_34",
            "jobs_held_age_35_44",
            "jobs_held_age_45_54",
            "share_jobs_ended_within_1y_age_25_34",
            "share_jobs_ended_within_1y_age_35_44",
            "out_of_labour_force_share",
        ),
    ),
    (
        "Size and steadiness of the simulation",
        ("mean_headcount", "worker_years", "quit_rate_drift_monthly", "median_tenure_drift_years"),
    ),
)
"""The groups of measures in the report's tables, in order. A RunSummary field
missing here is shown under "Other measures" (labelled from its metadata all the
same); place it in a group."""


OTHER_MEASURES = "Other measures"
"""Title of the group of RunSummary fields that :data:`SECTIONS` does not place."""


_ROUNDING = 1e-9
"""Relative size below which differences between replications are rounding error."""


@attrs.frozen
class _Interval:
    """A mean with its confidence interval over replications."""

    mean: float
    low: float
    high: float
    n: int
    constant: bool = False
    """Every replication gave the same value (up to rounding error), so the interval
    has no width and says nothing about chance."""

    @property
    def has_ci(self) -> bool:
        return self.n >= 2 and math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def excludes_zero(self) -> bool:
        """True when the interval lies wholly above or below zero."""
        return self.has_ci and (self.low > 0.0 or self.high < 0.0)

    @property
    def identical(self) -> bool:
        """A difference of exactly zero in every replication."""
        return self.constant and self.mean == 0.0


def _interval(values: np.ndarray, *, magnitude: float | None = None) -> _Interval:
    """Mean and t-based interval of the finite ``values`` (as the experiment tables compute it).

    Values that differ by no more than rounding error (relative to ``magnitude``,
    by default the largest of them) are flagged ``constant``.
    """
    x = values[np.isfinite(values)]
    n = int(x.size)
    if n == 0:
        return _Interval(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n < 2:
        return _Interval(mean, math.nan, math.nan, n)
    size = float(np.max(np.abs(x))) if magnitude is None else magnitude
    if float(np.ptp(x)) <= _ROUNDING * size:
        return _Interval(mean, mean, mean, n, constant=True)
    half = t_quantile(0.5 + CONFIDENCE / 2.0, n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return _Interval(mean, mean - half, mean + half, n)


def _difference(a: np.ndarray, b: np.ndarray) -> _Interval:
    """The paired difference ``a - b`` over the replications where both are finite.

    Differences within rounding error of zero in every replication (both arms gave
    the same value) are exactly zero, flagged ``constant``.
    """
    both = np.isfinite(a) & np.isfinite(b)
    a, b = a[both], b[both]
    if a.size == 0:
        return _Interval(math.nan, math.nan, math.nan, 0)
    magnitude = float(max(np.max(np.abs(a)), np.max(np.abs(b))))
    d = a - b
    if a.size >= 2 and bool(np.all(np.abs(d) <= _ROUNDING * magnitude)):
        return _Interval(0.0, 0.0, 0.0, int(a.size), constant=True)
    return _interval(d, magnitude=magnitude)


VERDICTS = {
    "clear": "clear difference",
    "unclear": "no clear difference",
    "identical": "no difference (identical in every replication)",
    "constant": "the same difference in every replication",
    "small": "smaller than the precision shown",
    "single": "one replication: no interval",
    "missing": "not measured",
}
"""What the report says of a difference, by kind (see :func:`_verdict`)."""


def _verdict(m: Measure, d: _Interval | None) -> str:
    """The kind of a difference: a key of :data:`VERDICTS`.

    A difference is ``clear`` only when its interval excludes zero, the replications
    spread (an interval of no width is not evidence), and it does not round to zero
    at the precision the report shows.
    """
    if d is None or not math.isfinite(d.mean):
        return "missing"
    if d.identical:
        return "identical"
    if d.constant:
        return "constant"
    if not d.has_ci:
        return "single"
    if not d.excludes_zero:
        return "unclear"
    return "small" if m.rounds_to_zero(d.mean) else "clear"


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
        out.append((OTHER_MEASURES, rest))
    return out


def _fields() -> tuple[str, ...]:
    """Every measure the report shows, RunSummary fields and derived ones."""
    return tuple(m.field for _, measures in _sections() for m in measures)


def _measure(field: str) -> Measure:
    return Measure.of(field)


def _known(field: str) -> bool:
    return field in RunSummary.field_names() or field in _DERIVED
