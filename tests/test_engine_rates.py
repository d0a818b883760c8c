"""The pure maths of the engine (``microjob/engine/rates.py``) against plain references."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm, truncnorm

import microjob as mj
from microjob.engine import rates
from microjob.engine.streams import Stream
from microjob.scenario import WEEKS_PER_MONTH, WEEKS_PER_YEAR

positive_sd = st.floats(0.01, 1.0)
markets = st.builds(
    mj.Market,
    offer_rate_per_year=st.floats(0.0, 5.0),
    offer_rate_halving_years=st.floats(1.0, 20.0),
    mover_offer_multiplier=st.floats(1.0, 10.0),
    active_search_multiplier=st.floats(1.0, 10.0),
    active_search_threshold=st.floats(-1.0, 1.0),
    offer_premium_mean=st.floats(-0.5, 0.5),
    offer_premium_sd=positive_sd,
    amenity_sd=positive_sd,
    offer_quality_mean=st.floats(-1.0, 1.0),
    switching_cost=st.floats(0.0, 0.5),
    switching_cost_per_embeddedness=st.floats(0.0, 0.5),
    offer_rate_reference_age_years=st.floats(18.0, 40.0),
)
worker_states = st.tuples(
    st.floats(-1.0, 1.5),  # quality
    st.floats(-1.0, 1.0),  # log pay ratio
    st.floats(0.0, 1.0),  # embeddedness
    st.floats(18.0, 70.0),  # age
    st.booleans(),  # mover
)


def reference_accepted_rate(
    m: mj.Market, quality: float, log_pay: float, emb: float, age: float, mover: bool
) -> float:
    threshold = (
        m.switching_cost
        + m.switching_cost_per_embeddedness * emb
        + quality
        - m.offer_quality_mean
        + log_pay
    )
    searching = m.offer_rate_per_year * 2 ** (
        -(age - m.offer_rate_reference_age_years) / m.offer_rate_halving_years
    )
    searching *= m.mover_offer_multiplier if mover else 1.0
    searching *= m.active_search_multiplier if quality + log_pay < m.active_search_threshold else 1
    sd = math.sqrt(m.offer_premium_sd**2 + m.amenity_sd**2)
    accept = norm.sf(threshold, loc=m.offer_premium_mean, scale=sd)
    return searching * accept / 52.0


@given(markets, worker_states)
def test_accepted_offer_rate_is_search_rate_times_acceptance(
    market: mj.Market, state: tuple[float, float, float, float, bool]
) -> None:
    got = rates.accepted_offer_rate(market, *state)
    assert isinstance(got, float)
    assert math.isclose(got, reference_accepted_rate(market, *state), rel_tol=1e-9, abs_tol=1e-300)


@given(markets, st.lists(worker_states, min_size=1, max_size=8))
def test_accepted_offer_rate_array_and_float_paths_agree(
    market: mj.Market, states: list[tuple[float, float, float, float, bool]]
) -> None:
    columns = [np.array(c) for c in zip(*states, strict=True)]
    got = rates.accepted_offer_rate(market, *columns)
    assert got.shape == (len(states),)
    for value, state in zip(got, states, strict=True):
        assert math.isclose(
            value, rates.accepted_offer_rate(market, *state), rel_tol=1e-12, abs_tol=1e-300
        )


@given(markets, st.floats(18.0, 70.0), st.booleans(), st.booleans())
def test_search_rate_paths_agree(market: mj.Market, age: float, mover: bool, active: bool) -> None:
    one = rates.search_rate(market, age, mover, active)
    many = rates.search_rate(market, np.array([age, age]), np.array([mover]), np.array([active]))
    np.testing.assert_allclose(many, one, rtol=1e-12)


@given(st.floats(-40.0, 40.0))
def test_norm_sf_matches_scipy(z: float) -> None:
    assert math.isclose(rates.norm_sf(z), norm.sf(z), rel_tol=1e-12, abs_tol=1e-300)


# --------------------------------------------------------- conditional offer draws
MARKET = mj.Market(offer_premium_mean=0.05, offer_premium_sd=0.15, amenity_sd=0.1)
SD = math.hypot(0.15, 0.1)
N = 20_000


@pytest.mark.parametrize("z0", [-3.0, -0.5, 0.0, 1.0, 2.5, 4.0, 5.9, 6.01, 7.0, 10.0])
def test_accepted_offers_are_truncated_normals(z0: float) -> None:
    threshold = MARKET.offer_premium_mean + SD * z0
    stream = Stream(np.random.default_rng(int(100 * (z0 + 10))))
    draws = np.array([rates.draw_accepted_offer(MARKET, threshold, stream) for _ in range(N)])
    x = draws.sum(axis=1)
    assert (x >= threshold - 1e-12).all()
    mean = truncnorm.mean(z0, math.inf, loc=MARKET.offer_premium_mean, scale=SD)
    se = truncnorm.std(z0, math.inf, loc=MARKET.offer_premium_mean, scale=SD) / math.sqrt(N)
    # Beyond 6 sd the tail is drawn from its exponential approximation, whose mean
    # overshoots the truncated normal's by about 2 / z0^3 sd.
    bias = 2.5 / z0**3 * SD if z0 > 6.0 else 0.0
    assert abs(x.mean() - mean) < 4 * se + bias
    # The premium given the sum: its regression on x (variance shares 0.15^2 : 0.1^2).
    share = 0.15**2 / SD**2
    expected_premium = MARKET.offer_premium_mean + share * (x.mean() - MARKET.offer_premium_mean)
    residual_sd = math.sqrt(0.15**2 * 0.1**2 / SD**2)
    assert abs(draws[:, 0].mean() - expected_premium) < 4 * residual_sd / math.sqrt(N)
    resid = draws[:, 0] - (MARKET.offer_premium_mean + share * (x - MARKET.offer_premium_mean))
    assert resid.std() == pytest.approx(residual_sd, rel=0.03)


def test_offer_sd() -> None:
    assert rates.offer_sd(MARKET) == pytest.approx(SD)


# -------------------------------------------------------------------- layoffs
class Fixed:
    """A stand-in stream that returns preset exponential draws."""

    def __init__(self, *exps: float) -> None:
        self._exps: Iterator[float] = iter(exps)

    def exp(self) -> float:
        return next(self._exps)

    def uniform(self) -> float:  # pragma: no cover - not read by the layoff draw
        raise AssertionError

    def normal(self) -> float:  # pragma: no cover
        raise AssertionError


def test_layoffs_without_new_hire_excess_are_exponential() -> None:
    market = mj.Market(layoff_rate_monthly=0.02, layoff_new_hire_excess_monthly=0.0)
    stream = Stream(np.random.default_rng(11))
    waits = np.array([rates.draw_layoff_due(market, 100.0, 50.0, stream) - 100.0 for _ in range(N)])
    mean = WEEKS_PER_MONTH / 0.02
    assert abs(waits.mean() - mean) < 4 * mean / math.sqrt(N)
    assert (waits > 0).all()
    assert np.median(waits) == pytest.approx(mean * math.log(2), rel=0.05)


def test_no_layoff_rates_mean_no_layoff() -> None:
    market = mj.Market(layoff_rate_monthly=0.0, layoff_new_hire_excess_monthly=0.0)
    assert rates.draw_layoff_due(market, 10.0, 0.0, Fixed()) == math.inf


@given(
    st.floats(0.001, 0.5),  # excess per month
    st.floats(0.05, 10.0),  # decay years
    st.floats(0.0, 500.0),  # tenure (weeks)
    st.floats(1e-6, 20.0),  # the exponential draw
)
def test_the_fading_part_inverts_its_cumulative_hazard(
    excess: float, decay: float, tenure: float, e: float
) -> None:
    market = mj.Market(
        layoff_rate_monthly=0.0,
        layoff_new_hire_excess_monthly=excess,
        layoff_excess_decay_years=decay,
    )
    t = 1000.0
    due = rates.draw_layoff_due(market, t, t - tenure, Fixed(e))
    s = decay * WEEKS_PER_YEAR
    reach = excess / WEEKS_PER_MONTH * s * math.exp(-tenure / s)  # A
    if e >= reach:
        assert due == math.inf
    else:
        u = due - t
        assert u >= 0
        # The cumulative hazard of the fading part over the wait equals the draw.
        cumulative = (
            excess / WEEKS_PER_MONTH * s * (math.exp(-tenure / s) - math.exp(-(tenure + u) / s))
        )
        assert math.isclose(cumulative, e, rel_tol=1e-7, abs_tol=1e-12)


def test_both_parts_give_the_earlier_time() -> None:
    market = mj.Market(layoff_rate_monthly=0.01, layoff_new_hire_excess_monthly=0.05)
    base_wait = 0.5 / (0.01 / WEEKS_PER_MONTH)
    assert rates.draw_layoff_due(market, 0.0, 0.0, Fixed(0.5, 100.0)) == pytest.approx(base_wait)
    early = rates.draw_layoff_due(market, 0.0, 0.0, Fixed(0.5, 1e-3))
    assert 0.0 < early < base_wait


def test_the_chance_of_no_layoff_from_the_fading_part_is_exp_minus_a() -> None:
    market = mj.Market(
        layoff_rate_monthly=0.0,
        layoff_new_hire_excess_monthly=0.03,
        layoff_excess_decay_years=1.0,
    )
    stream = Stream(np.random.default_rng(5))
    tenure = 20.0
    never = np.mean(
        [rates.draw_layoff_due(market, 0.0, -tenure, stream) == math.inf for _ in range(N)]
    )
    reach = 0.03 / WEEKS_PER_MONTH * WEEKS_PER_YEAR * math.exp(-tenure / WEEKS_PER_YEAR)
    p = math.exp(-reach)
    assert abs(never - p) < 4 * math.sqrt(p * (1 - p) / N)


# --------------------------------------------------------------------- skills
LEARNING = mj.Learning()
ETA = LEARNING.learning_rate_per_week
FORGET = math.log(2) / LEARNING.forgetting_half_life_weeks
SHARE = LEARNING.forgetting_floor_share


@st.composite
def skill_states(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    """Consistent vectors: entry <= proficiency <= peak, and use shares (some 0)."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    k = draw(st.integers(1, 8))
    base = rng.random(k) * 0.5
    p = base + rng.random(k) * (1 - base)
    peak = p + rng.random(k) * (1 - p)
    use = np.where(rng.random(k) < 0.5, 0.0, rng.random(k))
    return base, p, peak, use


@given(skill_states(), st.floats(0.0, 1000.0))
def test_advance_skills_matches_its_formulas(state: tuple[np.ndarray, ...], dt: float) -> None:
    base, p, peak, use = state
    new, new_peak = rates.advance_skills(p, peak, use, dt, LEARNING, base)
    for i in range(len(p)):
        if use[i] > 0:
            expected = 1 - (1 - p[i]) * math.exp(-ETA * use[i] * dt)
        else:
            floor = base[i] + SHARE * max(0.0, peak[i] - base[i])
            expected = floor + (p[i] - floor) * math.exp(-FORGET * dt)
        assert math.isclose(new[i], expected, rel_tol=1e-12, abs_tol=1e-15)
        assert new_peak[i] == max(peak[i], new[i])
        assert new[i] >= base[i] - 1e-15


@given(skill_states(), st.floats(0.0, 500.0), st.floats(0.0, 500.0))
def test_advance_skills_composes(state: tuple[np.ndarray, ...], a: float, b: float) -> None:
    base, p, peak, use = state
    mid, mid_peak = rates.advance_skills(p, peak, use, a, LEARNING, base)
    two, two_peak = rates.advance_skills(mid, mid_peak, use, b, LEARNING, base)
    one, one_peak = rates.advance_skills(p, peak, use, a + b, LEARNING, base)
    np.testing.assert_allclose(two, one, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(two_peak, one_peak, rtol=1e-10, atol=1e-13)


@given(skill_states())
def test_skill_rates_and_floor(state: tuple[np.ndarray, ...]) -> None:
    base, _, peak, use = state
    rate, target = rates.skill_rates(use, peak, LEARNING, base)
    floor = base + SHARE * np.maximum(peak - base, 0)
    np.testing.assert_allclose(rate, np.where(use > 0, ETA * use, FORGET), rtol=1e-15)
    np.testing.assert_allclose(target, np.where(use > 0, 1.0, floor), rtol=1e-15)
    np.testing.assert_allclose(rates.forgetting_floor(peak, None, 0.3), 0.3 * peak)
    out = np.empty_like(peak)
    result = rates.forgetting_floor(peak, base, SHARE, out=out)
    assert result is out
    np.testing.assert_allclose(out, floor, rtol=1e-15)
    # A peak below the entry level (never reached in a run) leaves the floor at the entry.
    np.testing.assert_array_equal(rates.forgetting_floor(base * 0.5, base, SHARE), base)


@given(skill_states(), st.floats(0.0, 100.0))
def test_relax_in_place_and_not(state: tuple[np.ndarray, ...], dt: float) -> None:
    base, p, _, use = state
    rate = use + 0.01
    expected = base + (p - base) * np.exp(-rate * dt)
    np.testing.assert_allclose(rates.relax(p, base, rate, dt), expected, rtol=1e-12)
    q = p.copy()
    assert rates.relax(q, base, rate, dt, out=q) is q
    np.testing.assert_allclose(q, expected, rtol=1e-12)


@given(markets, st.floats(-1, 1), st.floats(-1, 1), st.floats(0, 1))
def test_offer_threshold_formula(market: mj.Market, q: float, lp: float, emb: float) -> None:
    expected = (
        market.switching_cost
        + market.switching_cost_per_embeddedness * emb
        + q
        - market.offer_quality_mean
        + lp
    )
    assert math.isclose(rates.offer_threshold(market, q, lp, emb), expected, abs_tol=1e-12)


def test_offers_without_any_spread_are_rejected_by_the_scenario() -> None:
    # The acceptance probability is a normal tail over the spread of premium + amenity;
    # with no spread at all every offer is identical, so the market refuses it by name.
    with pytest.raises(ValueError, match="offer_premium_sd, amenity_sd: cannot both be 0"):
        mj.Market(offer_premium_sd=0.0, amenity_sd=0.0)
    assert mj.Market(offer_premium_sd=0.0, amenity_sd=0.1).amenity_sd == 0.1
