"""Hypothesis strategies for the microjob test suite.

The scenario and policy strategies are the public ones of :mod:`microjob.testing`,
bound here to the names the tests use; what stays here is private to the tests:
invalid values for validation tests, the no-marketplace twin of a traditional
policy, and a helper that changes market parameters.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
from hypothesis import strategies as st

import microjob as mj
from microjob import testing

__all__ = [
    "bad_counts",
    "bad_numbers",
    "internal_freelance",
    "learning_params",
    "not_a_number",
    "outside_unit",
    "policies",
    "scenarios",
    "seeds",
    "traditional",
    "traditional_equivalent",
    "unit",
    "with_market",
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

seeds = testing.seeds()
"""Valid integer seeds."""

# ---------------------------------------------------------------- policies

traditional = testing.traditional_employment()

internal_freelance = testing.internal_freelance()
"""Valid in every scenario drawn here and in the presets (see microjob.testing)."""

policies = testing.policies()


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

learning_params = testing.learning_params()

# --------------------------------------------------------------- scenarios


def scenarios(
    *,
    policy_strategy: st.SearchStrategy[Any] | None = None,
    warmup_years: st.SearchStrategy[float] | None = None,
    max_companies: int = 3,
) -> st.SearchStrategy[mj.Scenario]:
    """A small valid scenario with 1-``max_companies`` simulated companies
    (:func:`microjob.testing.scenarios`, whose ``company_policies`` is
    ``policy_strategy`` here).

    ``warmup_years`` defaults to 0-2 years; pass ``st.just(0.0)`` for
    properties that need every spell of the run on record.
    """
    return testing.scenarios(
        max_companies=max_companies,
        company_policies=policy_strategy,
        warmup_years=warmup_years,
    )


def with_market(scenario: mj.Scenario, **changes: Any) -> mj.Scenario:
    """``scenario`` with some market parameters changed."""
    return attrs.evolve(scenario, market=attrs.evolve(scenario.market, **changes))
