"""Both forces of micro-jobs exist and can be tuned (the answer must emerge).

Micro-jobs raise fit, growth and ties, so people stay; they also raise skills
and so market value, so outside offers get better and people leave. Switching
one side off and amplifying the other must move quits in the expected
direction. Averages over fixed seeds keep the tests deterministic.
"""

from __future__ import annotations

import attrs
import numpy as np
import pytest

import microjob as mj

SEEDS = range(8)
TRADITIONAL = mj.TraditionalEmployment()
# Micro-jobs only: the internal-fill and redeployment levers at traditional values.
MICRO_JOBS_ONLY = mj.InternalFreelance(
    internal_fill_share=TRADITIONAL.internal_fill_share,
    internal_candidates_seen=TRADITIONAL.internal_candidates_seen,
    redeployment=False,
    gigs_per_employee_year=6.0,
)


def _variant(quality: dict[str, float], market: dict[str, float], **learning: float) -> mj.Scenario:
    s = mj.scenarios.small()
    return attrs.evolve(
        s,
        quality=attrs.evolve(s.quality, **quality),
        market=attrs.evolve(s.market, **market),
        learning=attrs.evolve(s.learning, **learning),
    )


def _quit_difference(scenario: mj.Scenario) -> float:
    """Mean over seeds of micro-jobs-only minus traditional monthly quit rate."""
    diffs = [
        mj.simulate(scenario, seed=seed, policy=MICRO_JOBS_ONLY).summary().quit_rate_monthly
        - mj.simulate(scenario, seed=seed, policy=TRADITIONAL).summary().quit_rate_monthly
        for seed in SEEDS
    ]
    return float(np.mean(diffs))


@pytest.mark.slow
def test_push_out_alone_raises_quits() -> None:
    """No retention channel, skills well paid and quickly learnt: gig workers leave more."""
    scenario = _variant(
        quality={"interest_fit_weight": 0.0, "growth_weight": 0.0, "tie_gain": 0.0},
        market={"skill_price_mean": 1.5, "skill_price_sd": 0.0},
        learning_rate_per_week=0.1,
    )
    assert _quit_difference(scenario) > 0.0


@pytest.mark.slow
def test_retention_alone_lowers_quits() -> None:
    """Every push-out channel off (skills and a micro-job record not paid, no search
    after a rejection, no strain, no micro-job going badly); fit, growth and ties
    valued: gig workers stay. (With the costs on at their defaults the two sides
    nearly cancel on this preset, which is the point of the costs.)"""
    scenario = _variant(
        quality={
            "interest_fit_weight": 1.0,
            "growth_weight": 1.0,
            "tie_gain": 1.0,
            "embeddedness_weight": 0.5,
            "gig_strain_weight": 0.0,
        },
        market={"skill_price_mean": 0.0, "skill_price_sd": 0.0, "gig_signal_log_premium": 0.0},
    )
    scenario = attrs.evolve(
        scenario,
        gigs=attrs.evolve(scenario.gigs, rejection_quit_multiplier=1.0, bad_experience_share=0.0),
    )
    assert _quit_difference(scenario) < 0.0


# ------------------------------------------------------------------ layoffs by tenure


def _layoffs_only(**market: float) -> mj.Scenario:
    """The small preset where only layoffs end jobs: no offers, retirement beyond the run."""
    s = mj.scenarios.small()
    population = attrs.evolve(
        s.population,
        age_max_years=40.0,
        retirement_age_min_years=88.0,
        retirement_age_mode_years=89.0,
        retirement_age_max_years=90.0,
    )
    return attrs.evolve(
        s,
        population=population,
        market=attrs.evolve(s.market, offer_rate_per_year=0.0, **market),
    )


def test_new_hire_layoff_hazard_follows_its_closed_form() -> None:
    """Layoff times drawn for a fading new-hire hazard have the survival function
    exp(-A (1 - exp(-a / s))), A = excess x s, whatever the tenure a job is drawn at."""
    excess_monthly, decay_years = 0.05, 1.0
    scenario = _layoffs_only(
        layoff_rate_monthly=0.0,
        layoff_new_hire_excess_monthly=excess_monthly,
        layoff_excess_decay_years=decay_years,
    )
    t = mj.measures.spell_table(mj.simulate(scenario, seed=3, policy=TRADITIONAL))
    # Other employers still hire people away to fill the vacancies layoffs leave; the
    # layoff clock runs independently of that, so those quits censor it.
    laid_off = t["reason"] == "layoff"
    assert laid_off.sum() > 80
    km = mj.kaplan_meier(t["duration_years"], laid_off, t["entry_years"], alpha=0.001)
    reach = excess_monthly * 12.0 * decay_years
    for years in (0.5, 1.0, 2.0, 4.0):
        expected = np.exp(-reach * (1.0 - np.exp(-years / decay_years)))
        low, high = km.ci_at(years)
        assert low <= expected <= high, (years, expected, low, high)
    # Long tenure is safe: the hazard beyond four years is small.
    late = mj.hazard_by_band(
        t["duration_years"], laid_off, t["entry_years"], edges=[0.0, 0.5, 4.0, 50.0]
    )
    assert late.rate[0] > 5 * late.rate[2]


def test_without_the_new_hire_excess_the_layoff_hazard_is_flat() -> None:
    """0.03 a month is 0.36 a year at every tenure (99.9% intervals over three bands)."""
    scenario = _layoffs_only(layoff_rate_monthly=0.03, layoff_new_hire_excess_monthly=0.0)
    t = mj.measures.spell_table(mj.simulate(scenario, seed=3, policy=TRADITIONAL))
    laid_off = t["reason"] == "layoff"
    bands = mj.hazard_by_band(
        t["duration_years"], laid_off, t["entry_years"], edges=[0.0, 1.0, 3.0, 10.0], alpha=0.001
    )
    assert np.all(bands.ci_low <= 0.36) and np.all(bands.ci_high >= 0.36), bands
