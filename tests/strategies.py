"""Shared hypothesis strategies for the microjob test suite.

Generated scenarios are deliberately small (at most three companies of 40
people and 80 outside workers over at most eight simulated years) so that one
run stays well under a second.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
from hypothesis import strategies as st

import microjob as mj
from microjob.scenario import build_scenario

__all__ = [
    "bad_counts",
    "bad_numbers",
    "gig_designs",
    "internal_freelance",
    "learning_params",
    "markets",
    "matchers",
    "not_a_number",
    "outside_unit",
    "policies",
    "scenarios",
    "seeds",
    "traditional",
    "traditional_equivalent",
    "unit",
]

# ----------------------------------------------------------------- numbers

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
"""A valid share in [0, 1]."""

outside_unit = st.one_of(
    st.floats(max_value=-1e-6, allow_nan=False, allow_infinity=True),
    st.floats(min_value=1.0 + 1e-6, allow_nan=False, allow_infinity=True),
)
"""A float that is not a share (below 0 or above 1, infinities included)."""

not_a_number = st.one_of(st.text(max_size=3), st.none(), st.booleans(), st.lists(st.integers()))
"""Values of the wrong type for a numeric field (bools are not numbers here)."""

bad_numbers = st.one_of(outside_unit, st.just(math.nan))
"""Values outside [0, 1] for a share, NaN included."""

bad_counts = st.one_of(st.integers(max_value=-1), st.floats(allow_nan=False), st.booleans())
"""Values that are not a whole number >= 0 (floats and bools are rejected too)."""

seeds = st.integers(min_value=0, max_value=2**32 - 1)
"""Valid integer seeds."""

# ---------------------------------------------------------------- policies

matchers = st.sampled_from([mj.BestFit(), mj.MostInterested(), mj.RandomMatch()])

# Fields both policies have, drawn the same way for each.
_shared_policy_fields = {
    "internal_fill_share": unit,
    "internal_candidates_seen": st.integers(0, 10),
    "annual_raise_share": st.floats(0.0, 0.1),
    "market_matching_share": unit,
}

traditional = st.builds(mj.TraditionalEmployment, **_shared_policy_fields)

internal_freelance = st.builds(
    mj.InternalFreelance,
    **_shared_policy_fields,
    time_share=st.floats(0.0, 1.0),
    gigs_per_employee_year=st.floats(0.0, 6.0),
    min_tenure_weeks=st.floats(0.0, 52.0),
    bonus_share=st.floats(0.0, 0.05),
    stretch_margin=st.floats(0.0, 0.5),
    matcher=matchers,
    redeployment=st.booleans(),
    redeployment_share=unit,
    redeployment_min_fit=unit,
)

policies = st.one_of(traditional, internal_freelance)


def traditional_equivalent(policy: mj.TraditionalEmployment) -> mj.InternalFreelance:
    """The InternalFreelance policy that must run exactly like ``policy``:
    no micro-jobs, no redeployment, and the traditional values of the shared fields."""
    return mj.InternalFreelance(
        internal_fill_share=policy.internal_fill_share,
        internal_candidates_seen=policy.internal_candidates_seen,
        annual_raise_share=policy.annual_raise_share,
        market_matching_share=policy.market_matching_share,
        gigs_per_employee_year=0,
        redeployment=False,
    )


# --------------------------------------------------------------- submodels

markets = st.builds(
    mj.Market,
    layoff_rate_monthly=st.floats(0.0, 0.05),
    offer_rate_per_year=st.floats(0.0, 3.0),
    unemployed_offer_rate_per_year=st.floats(0.0, 10.0),
    switching_cost=st.floats(0.0, 0.3),
    wage_growth_per_year=st.floats(-0.05, 0.1),
    candidates_per_vacancy=st.integers(1, 8),
)


@st.composite
def gig_designs(draw: st.DrawFn) -> mj.GigDesign:
    lo_effort = draw(st.floats(0.01, 0.5))
    hi_effort = draw(st.floats(lo_effort, min(1.0, lo_effort + 0.3)))
    lo_req = draw(st.floats(0.0, 0.6))
    hi_req = draw(st.floats(lo_req, 0.9))
    return mj.GigDesign(
        duration_median_weeks=draw(st.floats(0.5, 12.0)),
        duration_log_sd=draw(st.floats(0.0, 1.0)),
        effort_min_share=lo_effort,
        effort_max_share=hi_effort,
        required_level_min=lo_req,
        required_level_max=hi_req,
    )


learning_params = st.builds(
    mj.Learning,
    learning_rate_per_week=st.floats(1e-4, 0.2),
    forgetting_half_life_weeks=st.floats(4.0, 520.0),
    forgetting_floor_share=unit,
)

# --------------------------------------------------------------- scenarios


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    policy_strategy: st.SearchStrategy[Any] = policies,
    warmup_years: st.SearchStrategy[float] | None = None,
    max_companies: int = 3,
) -> mj.Scenario:
    """A small valid scenario with 1-``max_companies`` simulated companies.

    ``warmup_years`` defaults to 0-2 years; pass ``st.just(0.0)`` for
    properties that need every spell of the run on record.
    """
    n_companies = draw(st.integers(1, max_companies))
    company_policies = [draw(policy_strategy) for _ in range(n_companies)]
    warmup = draw(warmup_years if warmup_years is not None else st.floats(0.0, 2.0))
    population = mj.Population(
        outside_workers=draw(st.integers(20, 80)),
        unemployed_share=draw(st.floats(0.0, 0.2)),
        mover_share=draw(unit),
        openness_alpha=draw(st.floats(0.5, 5.0)),
        openness_beta=draw(st.floats(0.5, 5.0)),
    )
    return build_scenario(
        "generated",
        company_policies,
        employees_per_company=draw(st.integers(10, 40)),
        roles_per_company=draw(st.integers(1, 4)),
        layout_seed=draw(st.integers(0, 2**31 - 1)),
        population=population,
        market=draw(markets),
        gigs=draw(gig_designs()),
        learning=draw(learning_params),
        warmup_years=warmup,
        horizon_years=draw(st.floats(1.0, 6.0)),
    )


def with_market(scenario: mj.Scenario, **changes: Any) -> mj.Scenario:
    """``scenario`` with some market parameters changed."""
    return attrs.evolve(scenario, market=attrs.evolve(scenario.market, **changes))
