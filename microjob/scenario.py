"""Scenarios: everything a run needs except the seed (and an optional policy override).

A :class:`Scenario` bundles the skill catalog, the simulated companies, the
outside market and the behavioural parameters of the model, grouped by
submodel (:class:`Population`, :class:`Market`, :class:`JobQuality`,
:class:`Learning`, :class:`Mindset`, :class:`GigDesign`, :class:`Platform`).
Every parameter has a unit in its name or docstring and a reason or source for its default; see
``docs/parameters.md`` for the full table and ``docs/model.md`` for the model.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from microjob import _toml
from microjob._checks import (
    MAX_CHOICES,
    MAX_SEATS,
    MAX_WORKERS,
    between,
    count,
    ordered,
    outside_market,
    positive,
    to_tuple,
    unit_interval,
)
from microjob.model import Company, Role, SkillCatalog
from microjob.policies import (
    InternalFreelance,
    Policy,
    TraditionalEmployment,
    _reserved_names,
    check_policy,
)

__all__ = [
    "GigDesign",
    "JobQuality",
    "Learning",
    "Market",
    "Mindset",
    "Platform",
    "Population",
    "Scenario",
    "check_policy_fits",
    "policy_fit_problem",
]

WEEKS_PER_YEAR = 52.0
WEEKS_PER_MONTH = 52.0 / 12.0


@attrs.frozen
class Population:
    """Who is in the labour force and how people enter and leave it."""

    outside_workers: int = attrs.field(default=2000, validator=count(0, MAX_SEATS))
    """Workers employed by the outside market at the start (about 2,000: a market large
    enough to absorb the companies' flows)."""
    unemployed_share: float = attrs.field(default=0.04, validator=between(0.0, 0.9))
    """Share of the starting labour force without a job (US unemployment about 4%, 2023-24)."""
    age_min_years: float = attrs.field(default=18.0, validator=between(14.0, 80.0))
    """Youngest age in the starting population (the youngest entrants' age)."""
    age_max_years: float = attrs.field(default=65.0, validator=between(14.0, 80.0))
    """Oldest age in the starting population."""
    entry_age_min_years: float = attrs.field(default=18.0, validator=between(14.0, 40.0))
    """Youngest age at which new entrants join the labour force (18: the NLSY79 job
    counts start at 18, and students' jobs are jobs in JOLTS and the CPS too)."""
    entry_age_max_years: float = attrs.field(default=22.0, validator=between(14.0, 40.0))
    """Oldest age at which new entrants join (uniform between the two: school leavers at
    18, graduates by 22; the labour force at 18-24 is then about a tenth of employment,
    as in the CPS, where 16-24-year-olds are about 12%)."""
    retirement_age_min_years: float = attrs.field(default=62.0, validator=between(40.0, 90.0))
    """Earliest retirement age (US Social Security early eligibility)."""
    retirement_age_mode_years: float = attrs.field(default=65.0, validator=between(40.0, 90.0))
    """Most common retirement age (triangular distribution, hazard rising with age)."""
    retirement_age_max_years: float = attrs.field(default=70.0, validator=between(40.0, 90.0))
    """Latest retirement age (benefits stop growing at 70)."""
    mover_share: float = attrs.field(default=0.52, validator=unit_interval)
    """Share of 'movers', who search more (mover-stayer model, Blumen et al. 1955;
    calibrated)."""
    openness_alpha: float = attrs.field(default=2.0, validator=positive)
    """Beta(alpha, beta) for openness to micro-jobs; Beta(2, 3) has mean 0.4: many start
    sceptical (assumption: no published distribution exists; whether mindset is the
    biggest barrier is tested by ``mj.barriers``, docs/barriers.md)."""
    openness_beta: float = attrs.field(default=3.0, validator=positive)
    """Second shape parameter of the openness distribution."""
    interest_concentration: float = attrs.field(default=0.3, validator=positive)
    """Dirichlet concentration of interests over skills; small values mean focused interests."""
    background_proficiency_mean: float = attrs.field(default=0.15, validator=between(0.01, 0.99))
    """Mean proficiency in skills a person never worked in (a Beta distribution with
    concentration ``proficiency_concentration``)."""
    role_proficiency_mean: float = attrs.field(default=0.6, validator=between(0.01, 0.99))
    """Mean proficiency of incumbents in the skills of their role at the start."""
    initial_tenure_mean_years: float = attrs.field(default=5.0, validator=positive)
    """Mean elapsed tenure of incumbents at the start (exponential, capped by the years
    since the youngest entry age)."""
    proficiency_concentration: float = attrs.field(default=5.0, validator=between(0.1, 1000.0))
    """Concentration (alpha + beta) of the Beta distributions of starting proficiency,
    background and role alike. 5 gives a standard deviation of about 0.15 around a
    mean of 0.15 and about 0.2 around 0.6: people differ a lot in what they bring
    (assumption; no published distribution of skill levels on a 0-1 scale exists)."""
    initial_pay_log_sd: float = attrs.field(default=0.1, validator=between(0.0, 2.0))
    """Log-normal spread of incumbents' starting pay around their company's pay for
    their market value: 0.1 is a modest spread within a job (assumption; residual
    wage dispersion within firm and occupation is larger, but market value already
    carries the skill differences)."""
    withdrawal_rate_per_year: float = attrs.field(default=0.03, validator=between(0.0, 12.0))
    """Quits into non-employment per employee and year: people leave a job without
    another to go to (caring, study, health) and stay out of the labour force for a
    while. Calibrated, with ``withdrawal_mean_years``, to the NLSY79 cohort's 18% of
    weeks out of the labour force (docs/validation.md). It is far below the 1% a month
    of all quits into non-employment (Ellieroth & Michaud): most of those are short
    gaps between jobs, which the model folds into job-to-job moves; what is left here
    are the long absences. 0 switches the mechanism off."""
    withdrawal_mean_years: float = attrs.field(default=9.4, validator=between(0.01, 50.0))
    """Mean length of a spell out of the labour force (exponential; calibrated); the
    person then looks for work as an unemployed job seeker."""
    graduate_share: float = attrs.field(default=0.0, validator=unit_interval)
    """Share of people who hold a credential (a degree) in one field: the skill family
    they are most interested in. About 38% of US adults 25 and over held a bachelor's
    degree or more in 2022 (US Census Bureau, CPS); 0 (the default) leaves credentials
    out of the model, as before they existed."""
    credential_level: float = attrs.field(default=0.7, validator=unit_interval)
    """Proficiency in the field's skills a credential certifies: what it tells an
    employer (assumption: a degree vouches for a good command of the field)."""
    credential_practical_share: float = attrs.field(default=0.3, validator=unit_interval)
    """Share of the certified level a graduate holds as practical skill on leaving
    school: a degree is knowledge, not yet skill. Graduates' proficiency in their
    field's skills starts at least at ``credential_level`` x this share (0.21). About a
    quarter of US employers rated recent graduates well prepared to apply knowledge in
    real-world settings (Hart Research Associates 2015, 'Falling Short?', for the
    AAC&U); the share itself is an assumption to sweep."""
    late_retirement_min_years: float = attrs.field(default=0.5, validator=between(0.0, 20.0))
    """Someone already past their drawn retirement age retires at a uniform time within
    the years left before ``retirement_age_max_years``, or within this many years when
    fewer are left, so that people at or past the latest age do not all retire at the
    same instant (assumption)."""

    def __attrs_post_init__(self) -> None:
        ordered("age_min_years", "age_max_years")(self)
        ordered("entry_age_min_years", "entry_age_max_years")(self)
        ordered("retirement_age_min_years", "retirement_age_mode_years")(self)
        ordered("retirement_age_mode_years", "retirement_age_max_years")(self)
        ordered("entry_age_max_years", "retirement_age_min_years")(self)


@attrs.frozen
class Market:
    """Outside offers, wages, layoffs and external hiring."""

    base_wage_per_year: float = attrs.field(default=30000.0, validator=positive)
    """W0 in market_value(p) = W0 * exp(sum_k price_k * p_k); with the default prices a
    typical mid-career worker is worth about 60,000 a year (US median full-time
    earnings were about 59,000 in 2023, BLS usual weekly earnings)."""
    wage_growth_per_year: float = attrs.field(default=0.03, validator=between(-0.5, 0.5))
    """Nominal growth of market wages, W0 rising as exp(g t) (US Employment Cost Index,
    wages and salaries, about 3% a year 2000-2019); matches the default 3% raise."""
    skill_price_mean: float = attrs.field(default=0.12, validator=between(0.0, 2.0))
    """Mean log-wage return of full proficiency in one skill. Prices are drawn once per
    run from its seed, so policies compared under one seed face the same prices."""
    skill_price_sd: float = attrs.field(default=0.06, validator=between(0.0, 2.0))
    """Spread of skill prices across skills (some skills are in demand), truncated at 0."""
    offer_rate_per_year: float = attrs.field(default=0.59, validator=between(0.0, 52.0))
    """Outside offers per year to a passive stayer aged 25 (calibrated to the targets
    of docs/validation.md; the starting value was one a year)."""
    offer_rate_halving_years: float = attrs.field(default=3.95, validator=positive)
    """Years of age over which the search rate halves (search and offers slow with age;
    calibrated: the steep fall is what keeps the tenure of 55-64-year-olds at the BLS
    level)."""
    mover_offer_multiplier: float = attrs.field(default=5.08, validator=between(1.0, 20.0))
    """Search-rate multiplier for movers (calibrated)."""
    active_search_multiplier: float = attrs.field(default=5.89, validator=between(1.0, 20.0))
    """Search-rate multiplier while searching actively (dissatisfied workers; calibrated)."""
    active_search_threshold: float = attrs.field(default=0.0, validator=between(-5.0, 5.0))
    """A worker searches actively when job quality plus log(wage / market value) is below this."""
    offer_premium_mean: float = attrs.field(default=0.05, validator=between(-1.0, 1.0))
    """Mean log wage premium of an outside offer over market value (+5%; job-to-job
    moves come with wage gains)."""
    offer_premium_sd: float = attrs.field(default=0.15, validator=between(0.0, 2.0))
    """Standard deviation of that log premium (15%)."""
    amenity_sd: float = attrs.field(default=0.15, validator=between(0.0, 2.0))
    """Spread of a job's non-wage value (manager, commute, flexibility), in log-wage units."""
    offer_quality_mean: float = attrs.field(default=0.4, validator=between(-2.0, 2.0))
    """Expected job quality of a new outside job before its amenity, in log-wage units."""
    switching_cost: float = attrs.field(default=0.05, validator=between(0.0, 2.0))
    """Utility cost of changing employer, in log-wage units (about 5% of log wage; a
    starting value, not calibrated)."""
    switching_cost_per_embeddedness: float = attrs.field(default=0.027, validator=between(0.0, 2.0))
    """Extra switching cost at full embeddedness (ties make leaving costly; calibrated,
    and small: embeddedness already holds people through job quality)."""
    unemployed_offer_rate_per_year: float = attrs.field(default=5.0, validator=between(0.0, 52.0))
    """Acceptable offers per year while unemployed: a mean spell of about ten weeks
    (BLS CPS median unemployment duration was about 9-10 weeks in 2023)."""
    unemployed_wage_penalty: float = attrs.field(default=0.1, validator=between(0.0, 1.0))
    """Log wage below market value when hired out of unemployment (laid-off workers and
    entrants alike; displaced workers earn less, Jacobson, LaLonde & Sullivan 1993)."""
    external_hire_premium: float = attrs.field(default=0.18, validator=between(0.0, 1.0))
    """Log pay premium of external hires over market value (Bidwell 2011: 18-20%)."""
    layoff_rate_monthly: float = attrs.field(default=0.00216, validator=between(0.0, 1.0))
    """Layoffs and discharges per employee and month at long tenure, the rate that
    remains once the new-hire excess (below) has faded (calibrated so that all layoffs
    together make the JOLTS 1.1-1.2% a month)."""
    layoff_new_hire_excess_monthly: float = attrs.field(default=0.0307, validator=between(0.0, 1.0))
    """Extra layoffs and discharges per month at tenure zero, fading with tenure (0: the
    layoff hazard does not depend on tenure). Job loss is most likely for recent hires
    and falls with seniority, through probationary discharges and last-in-first-out
    rules (Farber 1999, Handbook of Labor Economics 3B, ch. 37). Calibrated."""
    layoff_excess_decay_years: float = attrs.field(default=2.11, validator=between(0.01, 50.0))
    """Tenure over which the new-hire excess falls by a factor e (calibrated)."""
    candidates_per_vacancy: int = attrs.field(default=5, validator=count(1, MAX_CHOICES))
    """Outside candidates approached per attempt to fill a vacancy."""
    hiring_retry_min_weeks: float = attrs.field(default=1.0, validator=between(0.0, 52.0))
    """Least mean wait before a vacancy that found no taker is tried again (the
    company's hiring delay if longer): an instant retry would meet the same people
    in the same state (assumption)."""
    offer_rate_reference_age_years: float = attrs.field(default=25.0, validator=between(14.0, 90.0))
    """Age at which the passive offer rate equals ``offer_rate_per_year``; it halves
    every ``offer_rate_halving_years`` after (and doubles before). 25 is the start of
    the prime-age band in which BLS job-count and tenure figures are reported."""
    gig_signal_log_premium: float = attrs.field(default=0.01, validator=between(0.0, 0.5))
    """Visible, portable skills: log premium of outside offers (and of other employers'
    external hires) per micro-job completed over the career, up to
    ``gig_signal_max_gigs``. A finished project is a track record other employers can
    see: on an online labour market, a first job with a public evaluation raised later
    hiring and earnings substantially (Pallais 2014, American Economic Review 104(11)).
    1% a micro-job, up to 10% for ten, about what two or three years of experience add to
    pay early in a career (assumption; swept in docs/results.md). 0 leaves only the
    skills learned to raise market value."""
    gig_signal_max_gigs: int = attrs.field(default=10, validator=count(0, MAX_CHOICES))
    """Micro-jobs beyond which a longer track record adds nothing to the signal
    (assumption: a profile shows a handful of recent projects)."""
    screening_bar: float = attrs.field(default=0.0, validator=unit_interval)
    """Least screening score an external candidate needs for a company's vacancy; a
    candidate below it is not hired. The score is ``credential_weight`` x the
    credential's cover of the role (its level x the share of the role's work in the
    credential's field) plus the rest x the candidate's demonstrated skills (their fit
    to the role on record, which micro-jobs raise). 0 (the default): employers hire
    whoever takes the job, as before screening existed."""
    credential_weight: float = attrs.field(default=0.5, validator=unit_interval)
    """How much employers' screening values credentials against demonstrated skills:
    1 is profession-first hiring (degrees only), 0 skills-first (skills only). Read only
    when ``screening_bar`` > 0 (assumption: an even mix by default)."""
    outside_roles_considered: int = attrs.field(default=3, validator=count(1, MAX_CHOICES))
    """Outside roles a job seeker compares, taking the one whose skills they most want
    to use: people look for work they want, within a limited search (assumption)."""

    def __attrs_post_init__(self) -> None:
        if self.offer_premium_sd == 0.0 and self.amenity_sd == 0.0:
            raise ValueError(
                "offer_premium_sd, amenity_sd: cannot both be 0 (every offer would be the "
                "same, and the rate of accepted offers is a normal tail over their spread)"
            )


@attrs.frozen
class JobQuality:
    """How workers value their job beyond pay (utility in log-wage units)."""

    interest_fit_weight: float = attrs.field(default=0.3, validator=between(0.0, 5.0))
    """Value of spending all working time on skills one wants to learn."""
    growth_weight: float = attrs.field(default=0.5, validator=between(0.0, 5.0))
    """Value of one unit of summed proficiency gain over the past year."""
    embeddedness_weight: float = attrs.field(default=0.15, validator=between(0.0, 5.0))
    """Value of full embeddedness: ties to colleagues and teams (Mitchell et al. 2001)."""
    embeddedness_years: float = attrs.field(default=4.0, validator=positive)
    """Tenure time constant of embeddedness, 1 - exp(-(tenure/T + ties * tie_gain))."""
    tie_gain: float = attrs.field(default=0.15, validator=between(0.0, 5.0))
    """Embeddedness from one micro-job done for another team."""
    match_sd: float = attrs.field(default=0.43, validator=between(0.0, 5.0))
    """Spread of a job's match quality, unknown at hire (Jovanovic 1979; calibrated)."""
    match_reveal_weeks: float = attrs.field(default=26.0, validator=positive)
    """Mean weeks until match quality is revealed (experience good: learnt in months)."""
    tie_preference: float = attrs.field(default=0.2, validator=between(0.0, 5.0))
    """Boost to an internal candidate's score per micro-job done for the hiring team."""
    gig_strain_weight: float = attrs.field(default=0.5, validator=between(0.0, 5.0))
    """Strain of micro-jobs on top of a full role: job quality falls by this times the
    share of the week currently spent on micro-jobs (log-wage units). Workload
    correlates about 0.16 with turnover intention across 336 samples (Bowling et al.
    2015, Work & Stress). 0.5 values the extra hours at half the wage, as the US
    Department of Transportation values personal time (Revised Departmental Guidance on
    Valuation of Travel Time, 2016: 50% of hourly income). 0 makes gig time free to the
    worker."""


@attrs.frozen
class Learning:
    """Learning by doing and forgetting (closed form between events)."""

    learning_rate_per_week: float = attrs.field(default=math.log(2) / 52, validator=positive)
    """eta in p <- 1 - (1 - p) exp(-eta e dt): full-time use halves the gap to mastery
    in a year (exponential learning curves, Heathcote, Brown & Mewhort 2000)."""
    forgetting_half_life_weeks: float = attrs.field(default=52.0, validator=positive)
    """Half-life of unused gains: meta-analyses find about half of trained gains lost
    after 6-13 months of non-use (Tatel & Ackerman 2025; Arthur et al. 1998)."""
    forgetting_floor_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Unused skills keep this share of their peak gain over the level a person entered
    the labour force with: p decays toward p0 + share x (peak - p0), not to zero."""


@attrs.frozen
class Mindset:
    """How openness to micro-jobs changes."""

    experience_rate: float = attrs.field(default=0.2, validator=unit_interval)
    """Pull of openness toward how a finished micro-job went (its interest score)."""
    peer_rate: float = attrs.field(default=0.1, validator=unit_interval)
    """Yearly rise of openness per unit of colleagues' participation share."""
    interest_reference: float = attrs.field(default=2.0, validator=positive)
    """Interest (relative to an even spread) at which interest no longer limits applying."""
    manager_rate: float = attrs.field(default=0.0, validator=unit_interval)
    """Yearly pull of openness toward 1 for a worker whose manager releases time for
    micro-jobs (0: a manager's support changes the worker's chance to take part, not
    their openness; no published estimate, so off by default and left to sweeps)."""
    openness_floor: float = attrs.field(default=0.0, validator=unit_interval)
    """Least openness anyone applies with: 0 leaves openness as drawn and as it moves;
    1 removes the mindset barrier (everyone as open as can be); a value between is a
    culture programme that lifts the sceptical."""


@attrs.frozen
class GigDesign:
    """What micro-jobs look like (the posting company's policy decides how many)."""

    duration_median_weeks: float = attrs.field(default=6.0, validator=positive)
    """Median duration (log-normal; internal gigs typically run weeks, not months)."""
    duration_log_sd: float = attrs.field(default=0.5, validator=between(0.0, 3.0))
    """Log-normal shape of durations."""
    effort_min_share: float = attrs.field(default=0.1, validator=unit_interval)
    """Least share of a week a micro-job takes (10-20%, inside a 20% time allowance)."""
    effort_max_share: float = attrs.field(default=0.2, validator=unit_interval)
    """Largest share of a week a micro-job takes."""
    required_level_min: float = attrs.field(default=0.2, validator=unit_interval)
    """Least minimum proficiency a posting asks for."""
    required_level_max: float = attrs.field(default=0.6, validator=unit_interval)
    """Largest minimum proficiency a posting asks for."""
    rejection_quit_multiplier: float = attrs.field(default=2.0, validator=between(1.0, 10.0))
    """Rejected applicants: an employee who applied for a micro-job and was not chosen
    searches this many times as hard for ``rejection_effect_weeks`` (their quit hazard
    is multiplied by it). Internal applicants turned down for a job were nearly twice as
    likely to leave as colleagues who were hired or did not apply (Dlugos & Keller 2021,
    Academy of Management Journal 64(1)); whether a turned-down micro-job stings as much
    is an open question (swept in docs/results.md). 1 switches the effect off."""
    rejection_effect_weeks: float = attrs.field(default=52.0, validator=between(0.0, 520.0))
    """How long the effect of a rejection lasts (assumption: a year)."""
    bad_experience_share: float = attrs.field(default=0.19, validator=unit_interval)
    """Share of completed micro-jobs that go badly (poorly matched, unwanted, overloaded):
    instead of adding interest fit, a bad one takes the same amount away, and openness
    moves toward 0 instead of toward the worker's interest in the work. Challenging
    assignments raise negative as well as positive feelings (Dong, Seo & Bartol 2014,
    Academy of Management Journal). No published rate exists for internal projects;
    19% is the share of IT projects that failed outright in the Standish Group's CHAOS
    2020 report (a much-criticised but widely used figure). 0 switches it off."""
    role_output_lost_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Share of the time spent on a micro-job that its worker's own role loses as output
    (the rest is made up or is worth as much to the posting team): valued at the
    worker's wage in the cost measures (assumption; it moves no result, only the
    measured cost)."""
    second_skill_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Share of postings (in teams with more than one skill) that require a second
    skill of the team besides the first: half of short projects ask for a
    combination of skills (assumption)."""

    def __attrs_post_init__(self) -> None:
        ordered("effort_min_share", "effort_max_share")(self)
        ordered("required_level_min", "required_level_max")(self)


@attrs.frozen
class Platform:
    """An open talent platform: independent work for many clients, outside any employer.

    Off by default (``projects_per_worker_year = 0``): nobody joins, nothing is
    posted, and runs are those of the model without it. Members take projects
    from the simulated companies and the outside market: a side portfolio next to a
    job, or several projects at once as freelancers between jobs. The platform keeps
    a share of every fee, and clients see ratings. ``docs/model.md`` (the open talent
    platform) describes the mechanism and what it leaves out.
    """

    projects_per_worker_year: float = attrs.field(default=0.0, validator=between(0.0, 52.0))
    """Projects posted a year per person in the labour force (0 switches the platform
    off). Clients are the companies and the outside market in proportion to their
    headcount: a company buys micro-jobs from the platform as it employs people."""
    member_share: float = attrs.field(default=0.0, validator=unit_interval)
    """Share of people who are on the platform from entry. 16% of US adults had ever
    earned money through an online gig platform, 9% in the past year (Pew Research
    Center 2021, *The State of Gig Work in 2021*)."""
    join_share: float = attrs.field(default=0.0, validator=unit_interval)
    """Share of laid-off workers not yet on the platform who join it (assumption: losing
    a job is when people try independent work; no published rate)."""
    reach: int = attrs.field(default=5, validator=count(1, MAX_CHOICES))
    """Members a project reaches (the search friction): the client considers those of
    them with room for the work. Assumption; sweep it."""
    duration_median_weeks: float = attrs.field(default=4.0, validator=positive)
    """Median length of a project (log-normal; assumption: platform projects run weeks)."""
    duration_log_sd: float = attrs.field(default=0.8, validator=between(0.0, 3.0))
    """Log-normal shape of project lengths (wider than internal micro-jobs')."""
    effort_min_share: float = attrs.field(default=0.1, validator=unit_interval)
    """Least share of a full-time week a project takes."""
    effort_max_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Largest share of a full-time week a project takes."""
    side_capacity_share: float = attrs.field(default=0.25, validator=unit_interval)
    """Most a member with a job takes on in projects at once, as a share of a week (a
    side portfolio of about ten hours; assumption). Its load strains the job as
    internal micro-jobs do (``JobQuality.gig_strain_weight``)."""
    freelance_capacity_share: float = attrs.field(default=1.0, validator=between(0.0, 2.0))
    """Most a freelancer (a member without a job) takes on at once: a full week."""
    take_rate_share: float = attrs.field(default=0.1, validator=unit_interval)
    """Share of each fee the platform keeps: Upwork's freelancer service fee has been a
    flat 10% since 2023 (before, 20% of the first $500 billed to a client); Fiverr
    keeps 20%."""
    fee_premium_share: float = attrs.field(default=0.0, validator=between(-0.9, 2.0))
    """What a client pays for a week of a member's time over the member's market wage
    (0: the going wage; assumption). A freelancer pays their own benefits, about 30% of
    an employer's compensation costs in the US (BLS, Employer Costs for Employee
    Compensation), so a positive premium is plausible; it is left at 0 so that the
    platform is not favoured by assumption."""
    reputation_weight: float = attrs.field(default=0.5, validator=unit_interval)
    """Weight a client puts on a member's rating record, against their skill fit for
    the work, when choosing among the members a project reaches (assumption). With
    weight on ratings, a newcomer without any is passed over: the cold start that
    Pallais (2014, *American Economic Review*) showed on an online labour market."""
    rating_prior_good: float = attrs.field(default=1.0, validator=between(0.01, 100.0))
    """Good ratings a newcomer's record starts with (a Beta prior, with
    ``rating_prior_bad``)."""
    rating_prior_bad: float = attrs.field(default=2.0, validator=between(0.01, 100.0))
    """Bad ratings a newcomer's record starts with: with one good, a record starts at
    1/3, below what most members earn (clients are wary of the unrated; assumption).
    A client rates an engagement good with probability equal to the member's skill fit
    for the work."""
    autonomy_value: float = attrs.field(default=0.1, validator=between(-1.0, 1.0))
    """What a freelancer values being their own boss at, in log-wage units. A freelancer
    takes a job only if its log wage plus amenity beats the log of the income they expect
    freelancing plus this; a member with a job goes freelance when that income beats
    their job (its wage and quality) by as much. The expected income is their market
    value for a freelancer's capacity, less the take, at the share of their capacity the
    platform has kept busy lately (``utilisation_memory_weeks``). Estimates range from
    small (Mas & Pallais 2017, *American Economic Review*: little willingness to pay for
    flexible hours) to large (Chen, Chevalier, Rossi & Oehlsen 2019, *Journal of
    Political Economy*: Uber drivers' surplus from flexibility); 0.1 is between."""
    utilisation_memory_weeks: float = attrs.field(default=26.0, validator=positive)
    """How far back a member judges how busy the platform keeps them: an exponential
    average of the share of their capacity in use, with this time constant (assumption:
    about half a year)."""
    newcomer_utilisation_share: float = attrs.field(default=0.5, validator=unit_interval)
    """How busy a new member expects the platform to keep them, as a share of their
    capacity, until experience replaces it (assumption: half; at 0 a newcomer without
    clients takes the first job offered, at 1 they expect to be fully booked)."""

    def __attrs_post_init__(self) -> None:
        ordered("effort_min_share", "effort_max_share")(self)

    @property
    def enabled(self) -> bool:
        """Whether the platform is on (any projects posted)."""
        return self.projects_per_worker_year > 0.0


def _check_companies(_: Any, attribute: attrs.Attribute[Any], value: tuple[Company, ...]) -> None:
    if not value:
        raise ValueError("companies: a scenario needs at least one simulated company")
    for i, c in enumerate(value):
        if not isinstance(c, Company):
            raise TypeError(f"companies[{i}]: must be a Company, got {c!r}")
    seen: set[str] = set()
    for i, c in enumerate(value):
        if c.outside_market:
            raise ValueError(
                f"companies[{i}].outside_market: simulated companies must set it false"
            )
        if c.name in seen:
            raise ValueError(f"companies[{i}].name: duplicate company name {c.name!r}")
        seen.add(c.name)


def _check_arms(_: Any, attribute: attrs.Attribute[Any], value: dict[str, Policy]) -> None:
    reserved = _reserved_names()
    for name, policy in value.items():
        if not isinstance(name, str) or not _ARM_NAME.fullmatch(name):
            raise ValueError(
                f"arms: an arm's name must be letters, digits, '-', '_' or '.' (starting with a "
                f"letter or digit), got {name!r}"
            )
        if name in reserved:
            raise ValueError(
                f"arms.{name}: the name is taken by a built-in policy; choose another name"
            )
        check_policy(policy, f"arms.{name}")


def _arm_dict(value: Mapping[str, Policy]) -> dict[str, Policy]:
    """A scenario's arms as a plain dict (any mapping is accepted)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"arms: must be a mapping of name to policy, got {value!r}")
    return dict(value)


_ARM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def policy_fit_problem(policy: Policy, scenario: Scenario) -> str | None:
    """Why ``policy`` has a lever that can never act in ``scenario`` (``lever: reason``), or None.

    A lever that is switched on but can never take effect is an error rather than a
    silent zero: micro-jobs that no worker's time allowance can hold, or a tenure
    threshold no career reaches.
    """
    if policy.gigs_per_employee_year <= 0:
        return None
    gigs = scenario.gigs
    smallest = gigs.effort_min_share
    if policy.time_share < smallest or (
        policy.time_share == smallest and gigs.effort_max_share > smallest
    ):
        return (
            f"time_share: {policy.time_share!r} leaves no room for a micro-job (efforts run "
            f"from gigs.effort_min_share = {smallest!r} to {gigs.effort_max_share!r}); raise "
            "it or set gigs_per_employee_year = 0"
        )
    pop = scenario.population
    career_weeks = (pop.retirement_age_max_years - pop.entry_age_min_years) * WEEKS_PER_YEAR
    if policy.min_tenure_weeks >= career_weeks:
        return (
            f"min_tenure_weeks: {policy.min_tenure_weeks!r} is longer than any career "
            f"({career_weeks:g} weeks), so no one could take a micro-job; lower it or set "
            "gigs_per_employee_year = 0"
        )
    return None


def check_policy_fits(policy: Policy, scenario: Scenario, where: str = "policy") -> None:
    """Raise ValueError naming ``where.lever`` if a lever of ``policy`` can never act in
    ``scenario`` (see :func:`policy_fit_problem`)."""
    problem = policy_fit_problem(policy, scenario)
    if problem is not None:
        raise ValueError(f"{where}.{problem}")


@attrs.frozen
class Scenario:
    """Everything a run needs except the seed and an optional policy override."""

    name: str
    """Short name of the scenario (presets use their own name)."""
    companies: tuple[Company, ...] = attrs.field(converter=to_tuple, validator=_check_companies)
    """The simulated companies, whose employees are measured."""
    outside: Company = attrs.field(validator=outside_market)
    """The outside market: the rest of the economy, so careers can be followed whole."""
    catalog: SkillCatalog = attrs.field(factory=SkillCatalog.default)
    """Skills and their similarity (default: the shipped catalog of 24 skills)."""
    population: Population = attrs.field(factory=Population)
    """Who is in the labour force, and entry and retirement."""
    market: Market = attrs.field(factory=Market)
    """Outside offers, wages, layoffs and external hiring."""
    quality: JobQuality = attrs.field(factory=JobQuality)
    """How workers value their job beyond pay."""
    learning: Learning = attrs.field(factory=Learning)
    """Learning by doing and forgetting."""
    mindset: Mindset = attrs.field(factory=Mindset)
    """How openness to micro-jobs changes."""
    gigs: GigDesign = attrs.field(factory=GigDesign)
    """What micro-jobs look like."""
    platform: Platform = attrs.field(factory=Platform)
    """An open talent platform outside the companies (off by default)."""
    warmup_years: float = attrs.field(default=52.0, validator=between(0.0, 200.0))
    """Burn-in: years simulated before measurement starts. 52 is a whole working life
    (entry at 18 to the latest retirement at 70): by then everyone of the starting
    population has retired, so nothing measured depends on how that population was
    drawn, and the window is stationary (``RunSummary.median_tenure_drift_years`` and
    ``quit_rate_drift_monthly`` check it). A 10-year warm-up left median tenure
    rising by about a year across a 20-year window."""
    horizon_years: float = attrs.field(default=20.0, validator=between(0.01, 200.0))
    """Length of the measurement window in years."""
    description: str = ""
    """One line saying what the scenario represents."""
    arms: dict[str, Policy] = attrs.field(
        factory=dict,
        converter=_arm_dict,
        validator=_check_arms,
        hash=False,
        metadata={"run": False},
    )
    """Named policies to compare (the arms of an experiment), written in a file as
    ``[arms.NAME]`` tables with a ``kind`` key and any levers. ``compare`` uses them
    by default and accepts their names wherever a policy name is expected. They
    change no run: a scenario's fingerprint leaves them out."""

    def __attrs_post_init__(self) -> None:
        seats = sum(c.headcount for c in self.companies)
        if seats + self.population.outside_workers > MAX_WORKERS:
            raise ValueError(
                f"companies[].roles[].positions and population.outside_workers: {seats:,} "
                f"seats and {self.population.outside_workers:,} outside workers make a labour "
                f"force larger than {MAX_WORKERS:,}, the most one run simulates"
            )
        for ci, company in enumerate(self.companies):
            check_policy_fits(company.policy, self, f"companies[{ci}].policy")
        for name, policy in self.arms.items():
            check_policy_fits(policy, self, f"arms.{name}")
        names = set(self.catalog.names)
        for ci, company in enumerate((*self.companies, self.outside)):
            where = f"companies[{ci}]" if ci < len(self.companies) else "outside"
            for ri, role in enumerate(company.roles):
                for skill in role.skills:
                    if skill not in names:
                        raise ValueError(
                            f"{where}.roles[{ri}].skills: unknown skill {skill!r} "
                            "(not in the scenario's catalog)"
                        )

    @property
    def warmup_weeks(self) -> float:
        """Warm-up length in weeks."""
        return self.warmup_years * WEEKS_PER_YEAR

    @property
    def end_weeks(self) -> float:
        """Simulation end (warm-up plus measurement window) in weeks."""
        return (self.warmup_years + self.horizon_years) * WEEKS_PER_YEAR

    def with_policy(self, policy: Policy) -> Scenario:
        """A copy in which every simulated company follows ``policy``."""
        companies = tuple(attrs.evolve(c, policy=policy) for c in self.companies)
        return attrs.evolve(self, companies=companies)

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Scenario:
        """Load a scenario file (see ``docs/scenario-files.md`` for its layout).

        Raises ``microjob.ScenarioFileError``, a ``ValueError`` whose message has
        one line per problem (TOML path and bad value), for an invalid file.
        """
        return _toml.load(path, cls)

    @classmethod
    def from_toml_string(cls, text: str) -> Scenario:
        """The scenario in TOML ``text``; errors as for :meth:`from_toml`."""
        return _toml.loads(text, cls)

    def to_toml(self, path: str | os.PathLike[str], *, full_catalog: bool = False) -> None:
        """Write this scenario to a TOML file that :meth:`from_toml` reads back exactly.

        The shipped skill catalog is written as ``catalog = "default"``; pass
        ``full_catalog=True`` to write it out in full (any other catalog always is).
        """
        _toml.scenario_to_toml(self, path, full_catalog=full_catalog)

    def to_toml_string(self, *, full_catalog: bool = False) -> str:
        """This scenario as TOML text that :meth:`from_toml_string` reads back exactly."""
        return _toml.scenario_to_toml_string(self, full_catalog=full_catalog)


def make_roles(
    catalog: SkillCatalog,
    n_roles: int,
    positions: int,
    rng: np.random.Generator,
    *,
    prefix: str = "team",
) -> tuple[Role, ...]:
    """Generate ``n_roles`` roles, each using two or three skills of one family
    and, half the time, one skill from another family (jobs mix skills)."""
    families: dict[str, list[str]] = {}
    for skill in catalog.skills:
        families.setdefault(skill.family, []).append(skill.name)
    fam_names = list(families)
    roles = []
    for i in range(n_roles):
        fam = fam_names[i % len(fam_names)]
        own = families[fam]
        k = min(len(own), int(rng.integers(2, 4)))
        chosen = list(rng.choice(own, size=k, replace=False))
        if rng.random() < 0.5 and len(fam_names) > 1:
            other = fam_names[(i + 1 + int(rng.integers(len(fam_names) - 1))) % len(fam_names)]
            chosen.append(str(rng.choice(families[other])))
        weights = {
            str(s): float(w)
            for s, w in zip(chosen, rng.integers(1, 4, size=len(chosen)), strict=True)
        }
        roles.append(Role(f"{prefix}-{i + 1}-{fam}", weights, positions))
    return tuple(roles)


def build_scenario(
    name: str,
    policies: Sequence[Policy],
    *,
    employees_per_company: int = 300,
    roles_per_company: int = 10,
    outside_workers: int = 2000,
    description: str = "",
    layout_seed: int = 20261125,
    **overrides: Any,
) -> Scenario:
    """Build a scenario with one simulated company per policy.

    Company roles are generated from the default catalog with a fixed
    ``layout_seed`` (the layout is part of the scenario, not of a run).
    """
    catalog = overrides.pop("catalog", None) or SkillCatalog.default()
    rng = np.random.default_rng(layout_seed)
    per_role = max(1, employees_per_company // roles_per_company)
    companies = tuple(
        Company(
            name=f"company-{chr(ord('A') + i)}" if i < 26 else f"company-{i + 1}",
            policy=policy,
            roles=make_roles(catalog, roles_per_company, per_role, rng),
        )
        for i, policy in enumerate(policies)
    )
    outside = Company(
        name="outside market",
        policy=TraditionalEmployment(),
        roles=make_roles(catalog, len(catalog), 1, rng, prefix="job"),
        outside_market=True,
    )
    population = overrides.pop("population", None) or Population(outside_workers=outside_workers)
    return Scenario(
        name=name,
        companies=companies,
        outside=outside,
        catalog=catalog,
        population=population,
        description=description,
        **overrides,
    )


class scenarios:
    """Preset scenarios: ``mj.scenarios.baseline()``, ``mixed()``, ``small()``,
    ``graduates()``, ``platform()``."""

    @staticmethod
    def baseline() -> Scenario:
        """Three traditional companies of 300 people and an outside market of about 2,000.

        The reference world; pass ``policy=`` to ``simulate`` to
        run every simulated company under another policy.
        """
        return build_scenario(
            "baseline",
            [TraditionalEmployment()] * 3,
            description="Three companies of 300 employees and an outside market of 2,000 workers.",
        )

    @staticmethod
    def mixed() -> Scenario:
        """Two traditional and two internal-freelance companies competing for the same people."""
        return build_scenario(
            "mixed",
            [TraditionalEmployment(), InternalFreelance()] * 2,
            description="Two traditional and two internal-freelance companies of 300 employees.",
        )

    @staticmethod
    def small() -> Scenario:
        """A small world for quick experiments and tests: 2 companies of 60, 300 outside.

        Its 5-year warm-up is far shorter than a working life, so its window is not
        stationary (the drift measures show it): use it to try things, and the
        ``baseline`` for results.
        """
        return build_scenario(
            "small",
            [TraditionalEmployment()] * 2,
            employees_per_company=60,
            roles_per_company=4,
            outside_workers=300,
            warmup_years=5.0,
            horizon_years=10.0,
            description=(
                "Two companies of 60 employees and 300 outside workers; 5 + 10 years "
                "(a short warm-up: quick, not stationary)."
            ),
        )

    @staticmethod
    def graduates() -> Scenario:
        """The baseline with credentials: 38% of people hold a degree in the field they
        care most about, and employers screen external hires on credentials and
        demonstrated skills alike.

        For the skills-first against profession-first question: vary
        ``market.credential_weight`` (1 hires on degrees, 0 on skills) and the policy.
        """
        base = scenarios.baseline()
        return attrs.evolve(
            base,
            name="graduates",
            population=attrs.evolve(base.population, graduate_share=0.38),
            market=attrs.evolve(base.market, screening_bar=0.3, credential_weight=0.5),
            description=(
                "The baseline with credentials: 38% graduates; external hires screened on "
                "credentials and demonstrated skills (bar 0.3, even weights)."
            ),
        )

    @staticmethod
    def platform() -> Scenario:
        """The baseline with an open talent platform: 16% of entrants are members, one in
        twenty of those laid off join, and half a project a year is posted per person in
        the labour force, by the companies and the outside market alike.

        For the question whether careers will be made of micro-jobs for many clients:
        vary ``platform.projects_per_worker_year`` (demand), ``take_rate_share`` and
        ``autonomy_value``, and the policy.
        """
        base = scenarios.baseline()
        return attrs.evolve(
            base,
            name="platform",
            platform=Platform(projects_per_worker_year=0.5, member_share=0.16, join_share=0.05),
            description=(
                "The baseline with an open talent platform: 16% of entrants members, 5% "
                "of the laid-off join; 0.5 projects a year per person in the labour force."
            ),
        )

    @staticmethod
    def names() -> tuple[str, ...]:
        """Names of the presets."""
        return ("baseline", "mixed", "small", "graduates", "platform")
