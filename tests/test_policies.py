"""Policies and matchers: defaults, validation messages and how matchers choose."""

from __future__ import annotations

import math
import re

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj

from .strategies import bad_counts, bad_numbers, internal_freelance, not_a_number, traditional

UNIT_FIELDS = {
    mj.TraditionalEmployment: ("internal_fill_share", "market_matching_share"),
    mj.InternalFreelance: (
        "internal_fill_share",
        "market_matching_share",
        "time_share",
        "stretch_margin",
        "redeployment_share",
        "redeployment_min_fit",
    ),
}
"""Fields that are shares in [0, 1]."""

RANGED_FIELDS = {
    (mj.TraditionalEmployment, "annual_raise_share"): (0.0, 0.5),
    (mj.InternalFreelance, "annual_raise_share"): (0.0, 0.5),
    (mj.InternalFreelance, "gigs_per_employee_year"): (0.0, 52.0),
    (mj.InternalFreelance, "bonus_share"): (0.0, 1.0),
}
"""Numeric fields with a documented closed range."""

POLICY_CLASSES = (mj.TraditionalEmployment, mj.InternalFreelance)

unit_field_cases = st.sampled_from(
    [(cls, name) for cls, names in UNIT_FIELDS.items() for name in names]
)


def test_traditional_defaults_and_derived_fields() -> None:
    p = mj.TraditionalEmployment()
    assert p.kind == "traditional"
    assert p.gigs_per_employee_year == 0.0
    assert p.redeployment is False
    assert 0.0 < p.internal_fill_share < 0.5
    assert p.internal_candidates_seen > 0


def test_internal_freelance_defaults_follow_design() -> None:
    p = mj.InternalFreelance()
    assert p.kind == "internal_freelance"
    assert p.time_share == pytest.approx(0.2)
    assert 1.0 <= p.gigs_per_employee_year <= 3.0
    assert 0.01 <= p.bonus_share <= 0.02
    assert p.redeployment is True
    assert p.internal_candidates_seen == 0
    assert isinstance(p.matcher, mj.BestFit)
    assert p.internal_fill_share > mj.TraditionalEmployment().internal_fill_share


@pytest.mark.parametrize("cls", POLICY_CLASSES)
def test_kind_is_not_an_argument(cls: type) -> None:
    with pytest.raises(TypeError):
        cls(kind="other")


def test_time_share_message_names_field_and_value() -> None:
    with pytest.raises(ValueError, match=r"time_share.*1\.5"):
        mj.InternalFreelance(time_share=1.5)


@given(unit_field_cases, bad_numbers)
def test_shares_outside_unit_interval_are_rejected(case, value: float) -> None:
    cls, name = case
    with pytest.raises(ValueError) as info:
        cls(**{name: value})
    message = str(info.value)
    assert name in message
    if not math.isnan(value):
        assert repr(value) in message


@given(unit_field_cases, not_a_number)
def test_non_numbers_are_rejected_with_type_error(case, value: object) -> None:
    cls, name = case
    with pytest.raises(TypeError, match=re.escape(name)):
        cls(**{name: value})


@given(st.sampled_from(sorted(RANGED_FIELDS, key=repr)), st.data())
def test_ranged_fields(case, data: st.DataObject) -> None:
    cls, name = case
    lo, hi = RANGED_FIELDS[case]
    good = data.draw(st.floats(lo, hi), label="good")
    assert getattr(cls(**{name: good}), name) == good
    bad = data.draw(
        st.one_of(
            st.floats(max_value=lo, exclude_max=True), st.floats(min_value=hi, exclude_min=True)
        ),
        label="bad",
    )
    with pytest.raises(ValueError) as info:
        cls(**{name: bad})
    assert name in str(info.value) and repr(bad) in str(info.value)


@pytest.mark.parametrize("cls", POLICY_CLASSES)
@given(value=bad_counts)
def test_internal_candidates_seen_must_be_a_count(cls: type, value: object) -> None:
    exc = ValueError if isinstance(value, int) and not isinstance(value, bool) else TypeError
    with pytest.raises(exc) as info:
        cls(internal_candidates_seen=value)
    assert "internal_candidates_seen" in str(info.value)
    assert repr(value) in str(info.value)


@given(st.floats(max_value=0.0, exclude_max=True) | st.just(math.inf) | st.just(math.nan))
def test_min_tenure_must_be_finite_and_non_negative(value: float) -> None:
    with pytest.raises(ValueError, match="min_tenure_weeks"):
        mj.InternalFreelance(min_tenure_weeks=value)


@pytest.mark.parametrize("value", [1, 0, "yes", None, 1.0])
def test_redeployment_must_be_a_bool(value: object) -> None:
    with pytest.raises(TypeError, match=rf"redeployment.*{re.escape(repr(value))}"):
        mj.InternalFreelance(redeployment=value)


def test_matcher_must_have_choose() -> None:
    with pytest.raises(TypeError, match="matcher"):
        mj.InternalFreelance(matcher="best_fit")  # type: ignore[arg-type]

    class FirstApplicant:
        def choose(self, fit, interest, rng) -> int:
            return 0

    assert isinstance(mj.InternalFreelance(matcher=FirstApplicant()).matcher, FirstApplicant)


@given(traditional, internal_freelance)
def test_policies_are_frozen_and_hashable(trad, flex) -> None:
    for p in (trad, flex):
        assert p == attrs.evolve(p)
        assert hash(p) == hash(attrs.evolve(p))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            p.internal_fill_share = 0.1  # type: ignore[misc]
    assert trad != flex


@given(traditional)
def test_traditional_exposes_no_marketplace(p: mj.TraditionalEmployment) -> None:
    assert p.gigs_per_employee_year == 0.0
    assert p.redeployment is False


# ----------------------------------------------------------------- matchers

scores = st.lists(
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0.0, 1.0), min_size=1, max_size=12
).map(np.array)


@given(scores, scores, st.integers(0, 2**32 - 1))
def test_best_fit_and_most_interested_pick_a_maximum(fit, interest, seed: int) -> None:
    n = min(len(fit), len(interest))
    fit, interest = fit[:n], interest[:n]
    rng = np.random.default_rng(seed)
    i = mj.BestFit().choose(fit, interest, rng)
    assert 0 <= i < n and fit[i] == fit.max()
    j = mj.MostInterested().choose(fit, interest, rng)
    assert 0 <= j < n and interest[j] == interest.max()
    k = mj.RandomMatch().choose(fit, interest, rng)
    assert 0 <= k < n
    for idx in (i, j, k):
        assert isinstance(idx, int)


@pytest.mark.parametrize("matcher", [mj.BestFit(), mj.MostInterested()])
def test_ties_are_broken_at_random(matcher: mj.Matcher) -> None:
    score = np.array([0.2, 0.9, 0.1, 0.9, 0.9])
    rng = np.random.default_rng(7)
    picks = {matcher.choose(score, score, rng) for _ in range(200)}
    assert picks == {1, 3, 4}


def test_random_match_reaches_every_applicant() -> None:
    rng = np.random.default_rng(3)
    fit = np.array([1.0, 0.0, 0.0, 0.0])
    counts = np.bincount([mj.RandomMatch().choose(fit, fit, rng) for _ in range(4000)], minlength=4)
    assert (counts > 800).all(), counts


@pytest.mark.parametrize("matcher", [mj.BestFit(), mj.MostInterested(), mj.RandomMatch()])
def test_matchers_use_only_the_given_rng(matcher: mj.Matcher) -> None:
    score = np.array([0.5, 0.5, 0.5, 0.1])
    a = [matcher.choose(score, score, np.random.default_rng(11)) for _ in range(20)]
    b = [matcher.choose(score, score, np.random.default_rng(11)) for _ in range(20)]
    assert a == b
    assert isinstance(matcher, mj.Matcher)
