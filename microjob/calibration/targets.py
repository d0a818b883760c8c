"""The published figures the traditional baseline is held to (design section 6).

Each :class:`Target` names the :class:`RunSummary` measure it is compared
with, the band that passes, and where the figure comes from: cross-sectional
tenure from the BLS Employee Tenure release, monthly quit and layoff rates
from JOLTS, and jobs held by age from the NLSY79. Each measure is computed the
way its source defines the statistic (see :mod:`microjob.bls`).

:data:`TARGETS` are the calibration targets. :data:`HELD_OUT` are published
facts of the same sources kept out of every fit and reported beside them, as
an honest check of what the fit did not see. :data:`STATIONARITY` bounds the
drift of median tenure and of the quit rate across the measurement window: a
world still settling would bias every measure. :data:`PLAUSIBILITY` holds
figures reported but never used to pass or to tune anything (the LinkedIn
retention of internal movers, a check on the internal-freelance arm).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs

from microjob.summary import MeasureInfo, RunSummary


def _check_measure(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in RunSummary.field_names():
        raise ValueError(f"measure: {value!r} is not a RunSummary field")


@attrs.frozen
class Target:
    """A published figure, the measure of a run it is compared with, and the band that passes.

    ``low`` and ``high`` are the published figure (equal for a single value)
    or range, in the measure's own units (years, shares, rates per month,
    jobs per person). The band that passes widens them by the relative
    ``tolerance``: ``[low (1 - tolerance), high (1 + tolerance)]``. Published
    ranges carry their own width and get no extra tolerance.
    """

    name: str
    """Short identifier, used for weights in :func:`calibrate`."""
    measure: str = attrs.field(validator=_check_measure)
    """The :class:`RunSummary` field compared with the figure."""
    low: float
    """Published value, or the lower end of a published range."""
    high: float
    """Published value, or the upper end of a published range."""
    tolerance: float = attrs.field(default=0.15)
    """Relative slack around ``[low, high]``; about 15% for single values (design section 6)."""
    source: str = ""
    """Publisher, table and year of the figure."""
    reference: str = ""
    """The full reference: release, date, series, where to find it."""
    definition: str = ""
    """How the source defines the statistic, how the model's measure matches it, and
    what differs."""

    def __attrs_post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.high):
            raise ValueError(f"{self.name}: low and high must be finite with low <= high")
        if not 0.0 <= self.tolerance < 1.0:
            raise ValueError(f"{self.name}: tolerance must be in [0, 1), got {self.tolerance!r}")

    @property
    def value(self) -> float:
        """The centre of the published figure: the value, or the middle of the range."""
        return 0.5 * (self.low + self.high)

    @property
    def info(self) -> MeasureInfo:
        """How the measure is shown (label, unit, scale, decimals): its RunSummary metadata."""
        return RunSummary.info(self.measure)

    @property
    def label(self) -> str:
        """What is measured, in words (the measure's label)."""
        return self.info.label

    @property
    def unit(self) -> str:
        """Unit shown in tables, after ``scale`` (the measure's unit)."""
        return self.info.unit

    @property
    def scale(self) -> float:
        """Display factor (100 for shares and rates shown in percent)."""
        return self.info.scale

    @property
    def decimals(self) -> int:
        """Decimals shown in tables."""
        return self.info.decimals

    @property
    def band(self) -> tuple[float, float]:
        """The interval a measured mean must lie in to pass."""
        return self.low * (1.0 - self.tolerance), self.high * (1.0 + self.tolerance)

    def contains(self, measured: float) -> bool:
        """Whether ``measured`` lies inside the band (False for NaN)."""
        lo, hi = self.band
        return bool(lo <= measured <= hi)


_TENURE = (
    "U.S. Bureau of Labor Statistics, Employee Tenure in 2024, news release USDL-24-1971, "
    "26 September 2024 (supplement to the Current Population Survey, January 2024): median "
    "tenure 3.9 years (4.1 in January 2022), 2.7 at ages 25-34 and 9.6 at 55-64 (Table 1); "
    "22% with 12 months or less (24% in January 2022; Table 3); "
    "https://www.bls.gov/news.release/tenure.htm"
)
_TENURE_DEFINITION = (
    "BLS: years with the current employer of employed wage and salary workers at the survey "
    "date (elapsed tenure of those employed then, not the length of completed spells). "
    "Model: everyone employed, at a simulated company or the outside market, on each "
    "anniversary of the end of the measurement window back to its start, pooled; the "
    "tenure of each spell running on that date."
)
_JOLTS_DEFINITION = (
    "JOLTS: {what} during the month as a percent of that month's employment, total nonfarm. "
    "Model: {model} at any employer (simulated companies and the outside market) over "
    "employee-months in the window, which is the employment-weighted mean of monthly rates."
)
_NLSY = (
    "U.S. Bureau of Labor Statistics, Number of Jobs, Labor Market Experience, Marital "
    "Status, and Health for Those Born 1957-1964: Results from a National Longitudinal "
    "Survey (NLSY79), news release USDL-25-1322, 26 August 2025, Tables 1 and 8; "
    "https://www.bls.gov/news.release/nlsoy.nr0.htm"
)
_NLSY_DEFINITION = (
    "NLSY79: average number of jobs held at ages {band} by people born 1957-64; a job is an "
    "uninterrupted period of work with one employer, and a job that spans two age bands is "
    "counted in each; the average is over everyone in the cohort, whether in the labour "
    "force or not. Model: jobs_held_age_{field}, jobs started in the band per ten "
    "person-years (time out of the labour force included) plus the share employed on "
    "reaching the band, the synthetic-cohort form of the same count; no scaling."
)


def _tenure_at_age(low: int, high: int, years: float) -> Target:
    """BLS median tenure in one age band (Table 1)."""
    return Target(
        name=f"median_tenure_{low}_{high}",
        measure=f"median_tenure_years_age_{low}_{high}",
        low=years,
        high=years,
        source="BLS Employee Tenure 2024, Table 1 (January 2024)",
        reference=_TENURE,
        definition=_TENURE_DEFINITION + " Age at the survey date.",
    )


def _jobs_held(low: int, high: int, jobs: float) -> Target:
    """NLSY79 jobs held in one age band (Table 1)."""
    return Target(
        name=f"jobs_held_{low}_{high}",
        measure=f"jobs_held_age_{low}_{high}",
        low=jobs,
        high=jobs,
        source="BLS NLSY79 release USDL-25-1322 (2025), Table 1",
        reference=_NLSY,
        definition=_NLSY_DEFINITION.format(band=f"{low}-{high}", field=f"{low}_{high}"),
    )


TARGETS: tuple[Target, ...] = (
    Target(
        name="median_tenure_all",
        measure="median_tenure_years_all",
        low=3.9,
        high=3.9,
        source="BLS Employee Tenure 2024, Table 1 (January 2024)",
        reference=_TENURE,
        definition=_TENURE_DEFINITION
        + " BLS counts workers aged 16 and over; the model has nobody under 20.",
    ),
    _tenure_at_age(25, 34, 2.7),
    _tenure_at_age(55, 64, 9.6),
    Target(
        name="share_tenure_le_1y",
        measure="share_tenure_le_1y",
        low=0.22,
        high=0.22,
        source="BLS Employee Tenure 2024, Table 3 (January 2024)",
        reference=_TENURE,
        definition=_TENURE_DEFINITION + " Tenure of at most 12 months.",
    ),
    Target(
        name="quits_monthly",
        measure="quit_rate_monthly_all",
        low=0.019,
        high=0.023,
        tolerance=0.0,
        source="BLS JOLTS, quits rate, total nonfarm (monthly)",
        reference=(
            "U.S. Bureau of Labor Statistics, Job Openings and Labor Turnover Survey, series "
            "JTS000000000000000QUR (monthly, seasonally adjusted). The band is the design's "
            "range for years without recession or boom; for example, 2019 had 42.1 million "
            "quits (Monthly Labor Review, June 2020, 'Job openings, hires, and quits set "
            "record highs in 2019'), about 2.3% of nonfarm employment a month."
        ),
        definition=_JOLTS_DEFINITION.format(
            what="quits (voluntary separations other than retirements)",
            model="quits, both to another employer and into non-employment,",
        ),
    ),
    Target(
        name="layoffs_monthly",
        measure="layoff_rate_monthly_all",
        low=0.011,
        high=0.012,
        tolerance=0.0,
        source="BLS JOLTS, layoffs and discharges rate, total nonfarm (monthly)",
        reference=(
            "U.S. Bureau of Labor Statistics, Job Openings and Labor Turnover Survey, series "
            "JTS000000000000000LDR (monthly, seasonally adjusted). In 2019 there were 21.7 "
            "million layoffs and discharges (Monthly Labor Review, June 2020), about 1.2% of "
            "nonfarm employment a month."
        ),
        definition=_JOLTS_DEFINITION.format(
            what="layoffs and discharges (separations initiated by the employer)",
            model="layoffs",
        ),
    ),
    _jobs_held(25, 34, 4.5),
    _jobs_held(35, 44, 2.9),
    _jobs_held(45, 54, 2.2),
    Target(
        name="out_of_labour_force",
        measure="out_of_labour_force_share",
        low=0.18,
        high=0.18,
        source="BLS NLSY79 release USDL-25-1322 (2025), Table 8",
        reference=_NLSY,
        definition=(
            "NLSY79: percent of weeks not in the labour force, people born 1957-64: 17.6-20.3% "
            "at ages 18-34 and 14.9-20.6% at 35-58 (the ranges span those married and not "
            "married), about 18%. Model: person-years out of the labour force (after a quit "
            "into non-employment, before returning as a job seeker) over person-years between "
            "entry and retirement, in the window."
        ),
    ),
)
"""The calibration targets of the traditional baseline (design section 6)."""

_JOLTS_2019 = (
    "U.S. Bureau of Labor Statistics, 'Job openings, hires, and quits set record highs in "
    "2019', Monthly Labor Review, June 2020: 70.0 million hires and 67.9 million total "
    "separations in 2019, about 3.9% and 3.75% of nonfarm employment a month (JOLTS; the "
    "July 2019 release, USDL-19-1594, has a hires rate of 3.9%)."
)
_NLSY_2023 = (
    "U.S. Bureau of Labor Statistics, Number of Jobs, Labor Market Experience, Marital "
    "Status, and Health for Those Born 1957-1964 (NLSY79), news release USDL-23-1854, 22 "
    "August 2023, Table 2: of the jobs started at ages 25-34, 41.5% ended in less than a "
    "year; at 35-44, 25.2%."
)
_NLSY_ENDED_DEFINITION = (
    "NLSY79: percent of jobs started in the age band that ended in less than a year "
    "(jobs started 1978-2020). Model: Kaplan-Meier share of the spells started in the "
    "window at those ages, at any employer, that ended within a year (spells still "
    "running at the end are censored)."
)


def _ended_within_1y(low: int, high: int, share: float) -> Target:
    """NLSY79 share of the jobs started in one age band that ended within a year."""
    return Target(
        name=f"jobs_ended_within_1y_{low}_{high}",
        measure=f"share_jobs_ended_within_1y_age_{low}_{high}",
        low=share,
        high=share,
        source="BLS NLSY79 release USDL-23-1854 (2023), Table 2",
        reference=_NLSY_2023,
        definition=_NLSY_ENDED_DEFINITION,
    )


HELD_OUT: tuple[Target, ...] = (
    Target(
        name="median_tenure_35_44",
        measure="median_tenure_years_age_35_44",
        low=4.6,
        high=4.6,
        source="BLS Employee Tenure 2024, Table 1 (January 2024)",
        reference=_TENURE + " Ages 35-44: 4.6 years (Table 1).",
        definition=_TENURE_DEFINITION + " Age at the survey date.",
    ),
    Target(
        name="median_tenure_45_54",
        measure="median_tenure_years_age_45_54",
        low=7.0,
        high=7.0,
        source="BLS Employee Tenure 2024, Table 1 (January 2024)",
        reference=_TENURE + " Ages 45-54: 7.0 years (Table 1).",
        definition=_TENURE_DEFINITION + " Age at the survey date.",
    ),
    Target(
        name="share_tenure_ge_10y_25_plus",
        measure="share_tenure_ge_10y_age_25_plus",
        low=0.302,
        high=0.302,
        source="BLS Employee Tenure 2024 (January 2024)",
        reference=_TENURE + " 30.2% of wage and salary workers aged 25 and over had been "
        "with their employer for ten years or more (31.0% in 2022).",
        definition=_TENURE_DEFINITION + " Employed aged 25 or over, tenure of 10 years or more.",
    ),
    Target(
        name="hires_monthly",
        measure="hire_rate_monthly_all",
        low=0.039,
        high=0.039,
        source="BLS JOLTS, hires, total nonfarm, 2019",
        reference=_JOLTS_2019,
        definition=_JOLTS_DEFINITION.format(what="hires", model="hires (spells started)"),
    ),
    Target(
        name="separations_monthly",
        measure="separation_rate_monthly_all",
        low=0.0375,
        high=0.0375,
        source="BLS JOLTS, total separations, total nonfarm, 2019",
        reference=_JOLTS_2019,
        definition=_JOLTS_DEFINITION.format(
            what="total separations (quits, layoffs and discharges, other separations)",
            model="separations of every kind (retirements are JOLTS 'other separations')",
        ),
    ),
    _ended_within_1y(25, 34, 0.415),
    _ended_within_1y(35, 44, 0.252),
)
"""Published facts kept out of every fit and reported beside the targets (held-out checks)."""

STATIONARITY: tuple[Target, ...] = (
    Target(
        name="tenure_drift",
        measure="median_tenure_drift_years",
        low=-0.3,
        high=0.3,
        tolerance=0.0,
        source="stationarity check (no published figure)",
        definition=(
            "Median elapsed tenure of all employed at the window's last survey date minus at "
            "its first. A stationary world has none beyond sampling noise (about 0.1 year "
            "in one baseline run); a warm-up shorter than a working life left +0.9 year."
        ),
    ),
    Target(
        name="quit_rate_drift",
        measure="quit_rate_drift_monthly",
        low=-0.002,
        high=0.002,
        tolerance=0.0,
        source="stationarity check (no published figure)",
        definition=(
            "Economy-wide quit rate in the window's last year minus in its first year; "
            "none beyond sampling noise (about 0.1 percentage point in one baseline run)."
        ),
    ),
)
"""Bands for the drift of the measures across the window (stationarity checks)."""

_LINKEDIN = (
    "LinkedIn Learning, 2023 Workplace Learning Report, chapter 2 (LinkedIn member data): "
    "employees who made an internal move within their first two years at a company had a "
    "75% chance of staying, against 56% for those who did not."
)
_LINKEDIN_DEFINITION = (
    "LinkedIn: share still at the company among employees who made an internal move in "
    "their first two years, against those who did not (real firms, mixed practices). "
    "Model: Kaplan-Meier two-year retention after a first internal move in the window, and "
    "of non-movers at the same tenures, simulated companies only. A plausibility check on "
    "the internal-freelance arm: reported, never fitted."
)

PLAUSIBILITY: tuple[Target, ...] = (
    Target(
        name="retention_2y_internal_movers",
        measure="retention_2y_internal_movers",
        low=0.75,
        high=0.75,
        source="LinkedIn Workplace Learning Report 2023",
        reference=_LINKEDIN,
        definition=_LINKEDIN_DEFINITION,
    ),
    Target(
        name="retention_2y_non_movers",
        measure="retention_2y_non_movers",
        low=0.56,
        high=0.56,
        source="LinkedIn Workplace Learning Report 2023",
        reference=_LINKEDIN,
        definition=_LINKEDIN_DEFINITION,
    ),
)
"""Figures reported beside the targets for the internal-freelance arm; never pass/fail-tuned."""


def _check_targets(targets: Sequence[Target], what: str) -> tuple[Target, ...]:
    out = tuple(targets)
    for t in out:
        if not isinstance(t, Target):
            raise TypeError(f"{what}: must be Target objects, got {t!r}")
    names = [t.name for t in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"{what}: two targets named {dupes[0]!r}")
    return out
