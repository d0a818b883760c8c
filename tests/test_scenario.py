"""Scenarios: presets, with_policy, building and validation of the parameter classes."""

from __future__ import annotations

import math
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj
from microjob.scenario import WEEKS_PER_YEAR, build_scenario

from .strategies import outside_unit, policies, scenarios

PRESETS = ("baseline", "mixed", "small", "graduates", "platform")


def _raises_naming(exc: type[Exception], *parts: str) -> pytest.RaisesExc:
    return pytest.raises(exc, match=".*".join(re.escape(p) for p in parts))


# ------------------------------------------------------------------ presets


def test_preset_names() -> None:
    assert mj.scenarios.names() == PRESETS
    for name in PRESETS:
        assert isinstance(getattr(mj.scenarios, name)(), mj.Scenario)


@pytest.mark.parametrize("name", PRESETS)
def test_presets_build_and_are_consistent(name: str) -> None:
    s = getattr(mj.scenarios, name)()
    assert s.name == name
    assert s.description
    assert s.companies and all(not c.outside_market for c in s.companies)
    assert s.outside.outside_market
    assert isinstance(s.outside.policy, mj.TraditionalEmployment)
    assert len({c.name for c in s.companies}) == len(s.companies)
    skills = set(s.catalog.names)
    for c in (*s.companies, s.outside):
        for role in c.roles:
            assert set(role.skills) <= skills
    assert s == getattr(mj.scenarios, name)(), "presets must be reproducible"
    assert s.end_weeks == pytest.approx((s.warmup_years + s.horizon_years) * WEEKS_PER_YEAR)
    assert s.warmup_weeks == pytest.approx(s.warmup_years * WEEKS_PER_YEAR)


def test_baseline_matches_design() -> None:
    s = mj.scenarios.baseline()
    assert len(s.companies) == 3
    assert [c.headcount for c in s.companies] == [300, 300, 300]
    assert all(isinstance(c.policy, mj.TraditionalEmployment) for c in s.companies)
    assert s.population.outside_workers == 2000
    assert s.warmup_years == 52.0  # a whole working life: 18 to the latest retirement, 70
    assert s.warmup_years >= s.population.retirement_age_max_years - s.population.age_min_years


def test_mixed_has_both_policies() -> None:
    kinds = [c.policy.kind for c in mj.scenarios.mixed().companies]
    assert kinds.count("traditional") == 2
    assert kinds.count("internal-freelance") == 2


def test_small_preset_size() -> None:
    s = mj.scenarios.small()
    assert [c.headcount for c in s.companies] == [60, 60]
    assert s.population.outside_workers == 300
    assert (s.warmup_years, s.horizon_years) == (5.0, 10.0)


# -------------------------------------------------------------- with_policy


@given(scenarios(), policies)
def test_with_policy_replaces_every_simulated_policy(s: mj.Scenario, policy) -> None:
    t = s.with_policy(policy)
    assert all(c.policy == policy for c in t.companies)
    assert t.outside == s.outside
    assert [attrs.evolve(c, policy=policy) for c in s.companies] == list(t.companies)
    for field in ("catalog", "population", "market", "quality", "learning", "gigs"):
        assert getattr(t, field) == getattr(s, field)
    assert (t.warmup_years, t.horizon_years, t.name) == (s.warmup_years, s.horizon_years, s.name)


def test_with_policy_leaves_the_original_alone() -> None:
    s = mj.scenarios.small()
    t = s.with_policy(mj.InternalFreelance())
    assert all(isinstance(c.policy, mj.TraditionalEmployment) for c in s.companies)
    assert s == mj.scenarios.small()
    assert t != s


# ----------------------------------------------------------- build_scenario


@given(
    st.lists(policies, min_size=1, max_size=4),
    st.integers(1, 80),
    st.integers(1, 6),
    st.integers(0, 200),
)
def test_build_scenario_layout(pols, employees: int, roles: int, outside: int) -> None:
    s = build_scenario(
        "t", pols, employees_per_company=employees, roles_per_company=roles, outside_workers=outside
    )
    assert len(s.companies) == len(pols)
    assert [c.policy for c in s.companies] == pols
    for c in s.companies:
        assert len(c.roles) == roles
        assert c.headcount == roles * max(1, employees // roles)
        for role in c.roles:
            assert 2 <= len(role.skills) <= 4
    assert s.population.outside_workers == outside
    assert len(s.outside.roles) == len(s.catalog)


def test_layout_seed_fixes_the_layout() -> None:
    pols = [mj.TraditionalEmployment()] * 2
    a = build_scenario("t", pols, employees_per_company=30, roles_per_company=3, layout_seed=4)
    b = build_scenario("t", pols, employees_per_company=30, roles_per_company=3, layout_seed=4)
    c = build_scenario("t", pols, employees_per_company=30, roles_per_company=3, layout_seed=5)
    assert a == b
    assert [r.skills for r in a.companies[0].roles] != [r.skills for r in c.companies[0].roles]


# --------------------------------------------------------------- validation


def test_scenario_validation() -> None:
    s = mj.scenarios.small()
    with _raises_naming(ValueError, "companies", "at least one"):
        attrs.evolve(s, companies=())
    with _raises_naming(ValueError, "].name", "duplicate", "company-A"):
        attrs.evolve(s, companies=(s.companies[0], s.companies[0]))
    with _raises_naming(ValueError, "companies[0].outside_market"):
        attrs.evolve(s, companies=(s.outside,))
    with _raises_naming(ValueError, "outside"):
        attrs.evolve(s, outside=s.companies[0])
    with _raises_naming(ValueError, "horizon_years", "0"):
        attrs.evolve(s, horizon_years=0)
    with _raises_naming(ValueError, "warmup_years", "-1"):
        attrs.evolve(s, warmup_years=-1)
    with _raises_naming(TypeError, "horizon_years", "'10'"):
        attrs.evolve(s, horizon_years="10")


def test_scenario_rejects_non_company_entries() -> None:
    s = mj.scenarios.small()
    with _raises_naming(TypeError, "companies[1]", "'company-B'"):
        attrs.evolve(s, companies=(s.companies[0], "company-B"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"age_min_years": 50.0, "age_max_years": 40.0}, "age_min_years"),
        ({"entry_age_min_years": 30.0, "entry_age_max_years": 25.0}, "entry_age_min_years"),
        ({"retirement_age_min_years": 66.0}, "retirement_age_min_years"),
        ({"retirement_age_mode_years": 71.0}, "retirement_age_mode_years"),
        (
            {
                "entry_age_max_years": 40.0,
                "retirement_age_min_years": 40.0,
                "retirement_age_mode_years": 40.0,
                "retirement_age_max_years": 40.0,
                "entry_age_min_years": 40.5,
            },
            "entry_age_min_years",
        ),
    ],
)
def test_population_orderings(changes: dict[str, float], field: str) -> None:
    with pytest.raises(ValueError, match=re.escape(field)):
        mj.Population(**changes)


@pytest.mark.parametrize(
    ("cls", "field", "value", "exc"),
    [
        (mj.Population, "outside_workers", -1, ValueError),
        (mj.Population, "outside_workers", 10.5, TypeError),
        (mj.Population, "unemployed_share", 0.95, ValueError),
        (mj.Population, "mover_share", 1.5, ValueError),
        (mj.Population, "openness_alpha", 0.0, ValueError),
        (mj.Population, "age_min_years", 10.0, ValueError),
        (mj.Market, "layoff_rate_monthly", 1.5, ValueError),
        (mj.Market, "offer_rate_per_year", -0.5, ValueError),
        (mj.Market, "offer_rate_per_year", 60.0, ValueError),
        (mj.Market, "candidates_per_vacancy", 0, ValueError),
        (mj.Market, "base_wage_per_year", 0.0, ValueError),
        (mj.Market, "mover_offer_multiplier", 0.5, ValueError),
        (mj.Market, "switching_cost", "5%", TypeError),
        (mj.JobQuality, "match_reveal_weeks", 0.0, ValueError),
        (mj.JobQuality, "growth_weight", -0.1, ValueError),
        (mj.Learning, "learning_rate_per_week", -0.01, ValueError),
        (mj.Learning, "forgetting_half_life_weeks", 0.0, ValueError),
        (mj.Learning, "forgetting_floor_share", 1.5, ValueError),
        (mj.Mindset, "experience_rate", 2.0, ValueError),
        (mj.Mindset, "interest_reference", 0.0, ValueError),
        (mj.GigDesign, "duration_median_weeks", 0.0, ValueError),
        (mj.GigDesign, "duration_log_sd", 4.0, ValueError),
        (mj.GigDesign, "effort_max_share", 1.5, ValueError),
    ],
)
def test_parameter_validation_names_field_and_value(cls, field, value, exc) -> None:
    with pytest.raises(exc) as info:
        cls(**{field: value})
    assert field in str(info.value)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (mj.Market, "layoff_rate_monthly"),
        (mj.Population, "mover_share"),
        (mj.Learning, "forgetting_floor_share"),
        (mj.Mindset, "peer_rate"),
        (mj.GigDesign, "effort_min_share"),
    ],
)
@given(value=outside_unit)
def test_shares_reject_values_outside_unit_interval(cls, field: str, value: float) -> None:
    with pytest.raises(ValueError) as info:
        cls(**{field: value})
    assert field in str(info.value) and repr(value) in str(info.value)


@pytest.mark.parametrize("cls", [mj.Market, mj.JobQuality, mj.Learning])
def test_nan_is_rejected_everywhere(cls: type) -> None:
    for f in attrs.fields(cls):
        if isinstance(f.default, float):
            with pytest.raises(ValueError, match=re.escape(f.name)):
                cls(**{f.name: math.nan})


def test_gig_design_orderings() -> None:
    with _raises_naming(ValueError, "effort_min_share", "0.2"):
        mj.GigDesign(effort_min_share=0.3, effort_max_share=0.2)
    with _raises_naming(ValueError, "required_level_min", "0.5"):
        mj.GigDesign(required_level_min=0.7, required_level_max=0.5)


@given(scenarios())
def test_generated_scenarios_are_valid_and_hashable(s: mj.Scenario) -> None:
    assert 1 <= len(s.companies) <= 3
    assert hash(s) == hash(attrs.evolve(s))
    assert s.end_weeks > s.warmup_weeks >= 0.0
