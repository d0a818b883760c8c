"""The measures of a run: :class:`RunSummary`, and how each is shown (:class:`MeasureInfo`).

Every field of :class:`RunSummary` carries its label, unit, display scale,
decimals and a one-line description as attrs metadata, defined here once;
the report, the command line and the calibration tables read them from here
(``RunSummary.info(field)``). :mod:`microjob.measures` computes the values.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

__all__ = ["MEASURE", "MeasureInfo", "RunSummary"]

_PCT = 100.0
_PER_MONTH = "% of employees per month"
_EMPLOYMENT_PER_MONTH = "% of employment a month"
_PER_EMPLOYEE_YEAR = "per employee-year"

MEASURE = "microjob.measure"
"""Key of the :class:`MeasureInfo` in the attrs metadata of each :class:`RunSummary` field."""


@attrs.frozen
class MeasureInfo:
    """How every table, report and check shows one measure, and what it is.

    Defined once per :class:`RunSummary` field (its attrs metadata) and read
    by the report, the command line and the calibration tables.
    """

    label: str
    """The measure in words, lower case (``"2-year retention"``); reports capitalise it."""
    unit: str
    """Unit of the shown value, that is after ``scale`` (``"%"``, ``"years"``)."""
    description: str
    """One line: what the measure counts."""
    scale: float = 1.0
    """Factor from the stored value to the shown one (100 shows a share as a percentage)."""
    decimals: int = 2
    """Decimals shown."""
    short_unit: str = attrs.field(default=attrs.Factory(lambda self: self.unit, takes_self=True))
    """The unit where space is tight (terminal tables, cards, figure axes)."""

    @property
    def percent(self) -> bool:
        """True when the value is shown as a percentage (differences in percentage points)."""
        return self.scale == _PCT


def _measure(
    label: str,
    unit: str,
    description: str,
    *,
    scale: float = 1.0,
    decimals: int = 2,
    short_unit: str | None = None,
) -> Any:
    """A RunSummary field: NaN until measured, with its :class:`MeasureInfo`."""
    info = MeasureInfo(
        label, unit, description, scale, decimals, unit if short_unit is None else short_unit
    )
    return attrs.field(default=math.nan, eq=_no_data_alike, metadata={MEASURE: info})


def _no_data_alike(value: float) -> Any:
    """The key summaries compare measures by: NaN ('no data') equals NaN."""
    return _NO_DATA if value != value else value  # only NaN differs from itself


_NO_DATA = "no data"


def _pct(label: str, unit: str, description: str, decimals: int = 1, **kw: Any) -> Any:
    """A measure stored as a share or rate and shown in percent."""
    return _measure(label, unit, description, scale=_PCT, decimals=decimals, **kw)


def _tenure_in_band(low: int, high: int) -> Any:
    return _measure(
        f"median tenure, ages {low}-{high}",
        "years",
        f"Median elapsed tenure of everyone employed aged {low}-{high} on the survey dates.",
    )


def _jobs_started(low: int, high: int) -> Any:
    return _measure(
        f"jobs started, ages {low}-{high}",
        "per person, 10 years",
        f"Jobs started per person over the ten years of age {low}-{high}, all workers.",
    )


def _jobs_held(low: int, high: int) -> Any:
    return _measure(
        f"jobs held at ages {low}-{high}",
        "per person",
        f"Jobs held at ages {low}-{high} per person, time out of the labour force included "
        "(NLSY79 count).",
    )


def _ended_within_1y(low: int, high: int) -> Any:
    return _pct(
        f"jobs started at {low}-{high} ending within a year",
        "% of jobs",
        f"Share of the jobs started at ages {low}-{high} that ended within a year "
        "(Kaplan-Meier, all employers).",
    )


@attrs.frozen
class RunSummary:
    """The measures of one run (floats; NaN when there is no data).

    Unless the name says otherwise, rates are over the measurement window and
    the simulated companies (not the outside market). Tenure figures are
    cross-sectional at the end of the window, as BLS measures them. How each
    measure is shown (label, unit, scale, decimals) and a one-line description
    are in its :class:`MeasureInfo`: :meth:`info`.
    """

    quit_rate_monthly: float = _pct(
        "quits (to a job or out of work)",
        _PER_MONTH,
        "Quits (to another job or out of work) per employee and month, simulated companies.",
        decimals=2,
        short_unit="% a month",
    )
    """Quits of both kinds (job hops and quits into non-employment) / mean headcount /
    months (JOLTS definition)."""
    hop_rate_monthly: float = _pct(
        "quits to another employer",
        _PER_MONTH,
        "Quits to another employer per employee and month at the simulated companies.",
        decimals=2,
        short_unit="% a month",
    )
    """Quits to another employer (job hops) / mean headcount / months."""
    layoff_rate_monthly: float = _pct(
        "layoffs",
        _PER_MONTH,
        "Layoffs per employee and month at the simulated companies.",
        decimals=2,
        short_unit="% a month",
    )
    """Layoffs / mean headcount / months (redeployments are not layoffs)."""
    separation_rate_monthly: float = _pct(
        "all separations",
        _PER_MONTH,
        "Quits, layoffs and retirements per employee and month at the simulated companies.",
        decimals=2,
        short_unit="% a month",
    )
    """All separations (quits, layoffs, retirements) / mean headcount / months."""
    turnover_rate_annual: float = _pct(
        "turnover",
        "% of employees per year",
        "All separations per employee and year at the simulated companies.",
    )
    """All separations / mean headcount / years."""
    quit_rate_monthly_all: float = _pct(
        "quits",
        _EMPLOYMENT_PER_MONTH,
        "Quits at any employer, outside market included, per month (JOLTS quits rate).",
        decimals=2,
    )
    """Quits (to another job or out of work) at any employer, outside market included /
    mean total employment / months (JOLTS quits rate, which is economy-wide); employment
    is the spells' time in the window."""
    layoff_rate_monthly_all: float = _pct(
        "layoffs and discharges",
        _EMPLOYMENT_PER_MONTH,
        "Layoffs at any employer per month (JOLTS layoffs and discharges rate).",
        decimals=2,
    )
    """Layoffs at any employer / mean total employment / months (JOLTS layoffs and
    discharges rate, economy-wide)."""
    hire_rate_monthly_all: float = _pct(
        "hires",
        _EMPLOYMENT_PER_MONTH,
        "Hires at any employer per month (JOLTS hires rate).",
        decimals=2,
    )
    """Spells started in the window at any employer / mean total employment / months."""
    separation_rate_monthly_all: float = _pct(
        "total separations",
        _EMPLOYMENT_PER_MONTH,
        "Separations of every kind at any employer per month (JOLTS total separations).",
        decimals=2,
    )
    """Quits, layoffs and retirements at any employer / mean total employment / months."""
    quit_rate_drift_monthly: float = _pct(
        "change of the quit rate over the window",
        "percentage points",
        "Quit rate (all employers) in the window's last year minus in its first year.",
        decimals=2,
        short_unit="pp",
    )
    """Economy-wide quit rate in the last year of the window minus that in the first (0 in
    a stationary world, up to sampling noise; NaN for windows under two years)."""
    out_of_labour_force_share: float = _pct(
        "time out of the labour force",
        "% of career time",
        "Share of the time between entry and retirement spent out of the labour force.",
    )
    """Person-years out of the labour force (not retired) / person-years between entry
    and retirement, in the window (NLSY79 Table 8 counts weeks out of the labour force)."""
    retention_1y: float = _pct(
        "1-year retention", "%", "Share of employment spells lasting a year (Kaplan-Meier)."
    )
    """Kaplan-Meier share of spells lasting a year (filled by the survival module)."""
    retention_2y: float = _pct(
        "2-year retention", "%", "Share of employment spells lasting two years (Kaplan-Meier)."
    )
    """Kaplan-Meier share of spells lasting two years (survival module)."""
    retention_5y: float = _pct(
        "5-year retention", "%", "Share of employment spells lasting five years (Kaplan-Meier)."
    )
    """Kaplan-Meier share of spells lasting five years (survival module)."""
    median_spell_years: float = _measure(
        "median employment spell", "years", "Median length of an employment spell (Kaplan-Meier)."
    )
    """Kaplan-Meier median spell length (survival module)."""
    median_tenure_years: float = _measure(
        "median tenure of current employees",
        "years",
        "Median elapsed tenure of the simulated companies' employees on the survey dates.",
    )
    """Median elapsed tenure of employees of simulated companies on a survey date (each
    anniversary of the window's end back to its start, pooled; ``bls.survey_dates``)."""
    median_tenure_years_all: float = _measure(
        "median tenure, all employed",
        "years",
        "Median elapsed tenure of everyone employed, outside market included (BLS-like).",
    )
    """Median elapsed tenure of all employed workers, outside market included, on the
    same survey dates (BLS-like)."""
    median_tenure_drift_years: float = _measure(
        "change of median tenure over the window",
        "years",
        "Median tenure of all employed at the window's last survey date minus its first.",
    )
    """Median elapsed tenure of all employed at the end of the window minus at its start
    (0 in a stationary world, up to sampling noise)."""
    median_tenure_years_age_25_34: float = _tenure_in_band(25, 34)
    """Median elapsed tenure, all employed aged 25-34 (BLS band)."""
    median_tenure_years_age_35_44: float = _tenure_in_band(35, 44)
    """Median elapsed tenure, all employed aged 35-44."""
    median_tenure_years_age_45_54: float = _tenure_in_band(45, 54)
    """Median elapsed tenure, all employed aged 45-54."""
    median_tenure_years_age_55_64: float = _tenure_in_band(55, 64)
    """Median elapsed tenure, all employed aged 55-64."""
    share_tenure_le_1y: float = _pct(
        "tenure of 12 months or less",
        "% of the employed",
        "Share of everyone employed with at most 12 months of tenure.",
    )
    """Share of all employed with at most 12 months of tenure."""
    share_tenure_ge_10y_age_25_plus: float = _pct(
        "tenure of 10 years or more, ages 25+",
        "% of the employed",
        "Share of everyone employed aged 25 or over with at least 10 years of tenure.",
    )
    """Share of all employed aged 25 and over with at least ten years of tenure (BLS)."""
    hops_per_10_career_years: float = _measure(
        "job hops",
        "per 10 career-years",
        "Quits to another employer per 10 years in the labour force, all workers.",
    )
    """Quits to another employer per 10 years in the labour force, all workers."""
    jobs_started_age_25_34: float = _jobs_started(25, 34)
    """Jobs started per person over ten years of age 25-34, all workers. The NLSY79 counts
    jobs *held* in the band instead, which adds the job held on entering it: see
    ``jobs_held_age_25_34``."""
    jobs_started_age_35_44: float = _jobs_started(35, 44)
    """Jobs started per person over ten years of age 35-44."""
    jobs_started_age_45_54: float = _jobs_started(45, 54)
    """Jobs started per person over ten years of age 45-54."""
    jobs_held_age_25_34: float = _jobs_held(25, 34)
    """Jobs held per person at ages 25-34, all workers, as the NLSY79 counts them (a job
    spanning two bands counts in each): jobs started plus the share employed at age 25
    (per person between entry and retirement, time out of the labour force included)."""
    jobs_held_age_35_44: float = _jobs_held(35, 44)
    """Jobs held per person at ages 35-44 (NLSY79 definition)."""
    jobs_held_age_45_54: float = _jobs_held(45, 54)
    """Jobs held per person at ages 45-54 (NLSY79 definition)."""
    share_jobs_ended_within_1y_age_25_34: float = _ended_within_1y(25, 34)
    """Kaplan-Meier share of jobs started at 25-34 in the window that ended within a year."""
    share_jobs_ended_within_1y_age_35_44: float = _ended_within_1y(35, 44)
    """Kaplan-Meier share of jobs started at 35-44 in the window that ended within a year."""
    internal_moves_per_employee_year: float = _measure(
        "internal moves",
        _PER_EMPLOYEE_YEAR,
        "Moves to another role in the same company (fills and redeployments).",
        decimals=3,
    )
    """Internal moves (vacancy fills and redeployments) per employee-year."""
    retention_2y_internal_movers: float = _pct(
        "2-year retention after an internal move",
        "%",
        "Share still at the company two years after a first internal move (Kaplan-Meier).",
    )
    """Two-year retention after an internal move (survival module)."""
    retention_2y_non_movers: float = _pct(
        "2-year retention, non-movers",
        "%",
        "Two-year retention of non-movers at the tenures at which movers moved.",
    )
    """Two-year retention of comparable non-movers (survival module)."""
    redeployments_per_employee_year: float = _measure(
        "redeployments",
        _PER_EMPLOYEE_YEAR,
        "Role cuts turned into a move to another role instead of a layoff.",
        decimals=3,
    )
    """Layoffs turned into redeployments per employee-year."""
    gigs_posted: float = _measure(
        "micro-jobs posted",
        "micro-jobs in the window",
        "Micro-jobs the simulated companies posted in the measurement window.",
        decimals=0,
        short_unit="micro-jobs",
    )
    """Micro-jobs posted in the window."""
    gigs_filled: float = _measure(
        "micro-jobs filled",
        "micro-jobs in the window",
        "Micro-jobs posted in the measurement window that found a worker.",
        decimals=0,
        short_unit="micro-jobs",
    )
    """Micro-jobs that found a worker."""
    gig_fill_rate: float = _pct(
        "micro-job fill rate",
        "% of micro-jobs posted",
        "Share of the micro-jobs posted that found a worker.",
        short_unit="% of posted",
    )
    """Filled / posted."""
    gig_participation_share: float = _pct(
        "micro-job participation",
        "% of employees",
        "Share of the simulated companies' employees who did at least one micro-job.",
    )
    """Share of workers employed at simulated companies in the window who did a micro-job."""
    gig_effort_share_mean: float = _pct(
        "effort of a filled micro-job",
        "% of a week's work time",
        "Mean share of a week's work time that a filled micro-job takes.",
    )
    """Mean effort share of filled micro-jobs."""
    openness_mean: float = _measure(
        "openness to micro-jobs",
        "mean, 0 to 1",
        "Mean openness to micro-jobs of the simulated companies' employees at the end.",
    )
    """Mean openness to micro-jobs of the simulated companies' employees at the end of
    the window: where the mindset barrier stands, and how far experience, colleagues
    and managers have moved it. It is openness as people hold it:
    ``Mindset.openness_floor`` lifts the openness they apply with, not this."""
    open_share: float = _pct(
        "open to micro-jobs",
        "% of employees",
        "Share of the simulated companies' employees with openness 0.5 or more at the end.",
    )
    """Share of the simulated companies' employees at the end of the window whose
    openness to micro-jobs is 0.5 or more."""
    skill_breadth: float = _measure(
        "skill breadth",
        "skills at proficiency ≥ 0.5",
        "Mean number of skills at proficiency 0.5 or more, employees at the end.",
        short_unit="skills",
    )
    """Mean number of skills at proficiency >= 0.5, employees of simulated companies at the end."""
    skill_gain_per_worker_year: float = _measure(
        "skill gain",
        "summed proficiency per worker-year",
        "Mean yearly change of summed proficiency, employees at the end.",
        decimals=3,
        short_unit="per worker-year",
    )
    """Mean summed proficiency change per year, employees of simulated companies at the end."""
    wage_growth_annual: float = _pct(
        "wage growth",
        "log % per year, nominal",
        "Mean yearly log wage growth of workers employed at both ends of the window.",
        decimals=2,
        short_unit="log % a year",
    )
    """Mean yearly log wage growth of workers employed at both ends of the window
    (nominal: includes the market's wage growth)."""
    graduate_hired_within_6m_share: float = _pct(
        "graduates hired within 6 months",
        "% of graduate entrants",
        "Share of the window's graduate entrants whose first job began within six months.",
    )
    """Share of the graduates entering the labour force in the window (six months or more
    before its end) whose first job began within six months (NaN without graduates)."""
    nongraduate_hired_within_6m_share: float = _pct(
        "others hired within 6 months",
        "% of other entrants",
        "Share of the window's other entrants whose first job began within six months.",
    )
    """The same for entrants without a credential (everyone, when nobody holds one)."""
    graduate_gap_closed_per_year: float = _pct(
        "graduates' skill gap closed",
        "% of the gap a year",
        "Share of a graduate's gap between credential and practical skill closed a year.",
        short_unit="% a year",
    )
    """How fast graduates turn knowledge into skill: the gap between the credential's
    level and their mean proficiency in its field, closed per year since entry, as a
    share of the gap at entry; over the window's graduate entrants with a year or more
    in the labour force (NaN without graduates)."""
    projects_filled_share: float = _pct(
        "platform projects filled",
        "% of projects posted",
        "Share of the projects posted on the open talent platform that a member took on.",
        short_unit="% of posted",
    )
    """Share of the window's platform projects that a member took on (NaN with the
    platform off, as for every platform measure)."""
    freelance_time_share: float = _pct(
        "time freelancing",
        "% of labour-force time",
        "Share of the window's labour-force time that members spent freelancing.",
    )
    """Share of the labour force's time in the window spent freelancing: as a member of
    the platform without a job."""
    mostly_freelance_share: float = _pct(
        "careers mostly freelance",
        "% of people",
        "Share of people in the labour force all window who freelanced most of it.",
    )
    """Careers made mostly of micro-jobs: of the people in the labour force for the whole
    window, the share who spent more than half of it freelancing."""
    freelance_income_per_year: float = _measure(
        "freelance income",
        "per freelance-year",
        "Platform income freelancers kept per year freelancing, currency of the start.",
        decimals=0,
    )
    """What freelancers kept of their projects' fees (after the platform's take) per year
    spent freelancing, in currency of the start of the run: the income that a job must
    beat. Side portfolios' income is left out."""
    freelance_income_cv: float = _measure(
        "freelance income volatility",
        "coefficient of variation, monthly",
        "Month-to-month variation of a freelancer's platform income (sd / mean).",
        decimals=2,
        short_unit="CV",
    )
    """Income risk: the coefficient of variation of a freelancer's monthly platform
    income, over the months from their first to their last month with income in the
    window (three or more), averaged over freelancers."""
    clients_per_freelancer_year: float = _measure(
        "clients",
        "per freelance-year",
        "Different clients a freelancer worked for per year freelancing.",
        short_unit="clients a year",
    )
    """Different clients of the projects freelancers began in the window, per year spent
    freelancing (each outside-market project is its own client)."""
    weeks_between_engagements: float = _measure(
        "time between engagements",
        "weeks",
        "Mean weeks from the end of a freelancer's engagement to the start of their next.",
        short_unit="weeks",
    )
    """Mean gap from the end of a freelancer's engagements in hand to the start of their
    next one (0 where it began before the last ended)."""
    engagement_skill_gain_per_year: float = _measure(
        "skill gain on projects",
        "per full-time year of projects",
        "Summed proficiency gained on completed platform projects per full-time year.",
        decimals=3,
        short_unit="per project-year",
    )
    """Skill gained on completed platform projects per full-time-equivalent year spent
    on them (effort x weeks): how fast projects teach."""
    platform_spend_per_employee_year: float = _measure(
        "platform spend",
        _PER_EMPLOYEE_YEAR,
        "Fees the simulated companies paid for platform projects, currency of the start.",
        decimals=0,
    )
    """What the simulated companies paid for platform projects in the window, fees before
    the platform's take, per employee-year, in currency of the start of the run."""
    turnover_cost_per_employee_year: float = _measure(
        "turnover cost",
        _PER_EMPLOYEE_YEAR,
        "Replacement cost and output lost to vacancies, currency of the start of the run.",
        decimals=0,
    )
    """Replacement cost plus lost output of vacancies, per employee-year, in currency of
    the start of the run (deflated by market wage growth)."""
    gig_bonus_per_employee_year: float = _measure(
        "micro-job bonuses",
        _PER_EMPLOYEE_YEAR,
        "Micro-job bonuses paid, currency of the start of the run.",
        decimals=0,
    )
    """Micro-job bonuses paid per employee-year, in currency of the start of the run."""
    gig_time_cost_per_employee_year: float = _measure(
        "output lost to micro-job time",
        _PER_EMPLOYEE_YEAR,
        "Output the home roles lost to time on micro-jobs, currency of the start of the run.",
        decimals=0,
    )
    """Effort x weeks on micro-jobs x ``GigDesign.role_output_lost_share``, valued at the
    worker's wage, per employee-year, in currency of the start of the run."""
    cost_per_employee_year: float = _measure(
        "total cost",
        _PER_EMPLOYEE_YEAR,
        "Turnover cost, micro-job bonuses and output lost to micro-job time, together.",
        decimals=0,
    )
    """Turnover cost + micro-job bonuses + output lost to micro-job time, per employee-year,
    in currency of the start of the run: what the policy costs beside what it saves."""
    vacancy_weeks_per_position_year: float = _measure(
        "vacant time",
        "weeks per position-year",
        "Weeks positions stood empty per position and year.",
    )
    """Weeks positions stood empty per position and year."""
    mean_headcount: float = _measure(
        "mean headcount, simulated companies",
        "employees",
        "Mean headcount of the simulated companies over the window.",
        decimals=0,
    )
    """Mean headcount of the simulated companies over the window."""
    worker_years: float = _measure(
        "worker-years simulated",
        "worker-years",
        "Years in the labour force simulated over the whole run, warm-up and outside market "
        "included.",
        decimals=0,
    )
    """Worker-years simulated (whole run, labour force), for throughput."""

    def as_dict(self) -> dict[str, float]:
        """All measures as a plain dict (field order)."""
        return attrs.asdict(self)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Names of the measures in field order."""
        return tuple(f.name for f in attrs.fields(cls))

    @classmethod
    def info(cls, field: str) -> MeasureInfo:
        """How to show the measure ``field``, and what it is (its attrs metadata)."""
        try:
            attribute = getattr(attrs.fields(cls), field)
        except AttributeError:
            raise KeyError(f"{field!r} is not a RunSummary measure") from None
        info: MeasureInfo = attribute.metadata[MEASURE]
        return info
