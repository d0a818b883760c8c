"""Both forces of micro-jobs exist and can be tuned (the answer must emerge).

Micro-jobs raise fit, growth and ties, so people stay; they also raise skills
and so market value, so outside offers get better and people leave. Switching
one side off and amplifying the other must move quits in the expected
direction. Averages over fixed seeds keep the tests deterministic.
"""

from __future__ import annotations

import attrs
import numpy as np

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


def test_push_out_alone_raises_quits() -> None:
    """No retention channel, skills well paid and quickly learnt: gig workers leave more."""
    scenario = _variant(
        quality={"interest_fit_weight": 0.0, "growth_weight": 0.0, "tie_gain": 0.0},
        market={"skill_price_mean": 1.5, "skill_price_sd": 0.0},
        learning_rate_per_week=0.1,
    )
    assert _quit_difference(scenario) > 0.0


def test_retention_alone_lowers_quits() -> None:
    """Skills not paid (no push-out), fit, growth and ties valued: gig workers stay."""
    scenario = _variant(
        quality={
            "interest_fit_weight": 1.0,
            "growth_weight": 1.0,
            "tie_gain": 1.0,
            "embeddedness_weight": 0.5,
        },
        market={"skill_price_mean": 0.0, "skill_price_sd": 0.0},
    )
    assert _quit_difference(scenario) < 0.0
