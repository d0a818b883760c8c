"""The learning room (``microjob/engine/learning.py``) on a tiny hand-built state."""

from __future__ import annotations

import math

import numpy as np
import pytest

from microjob.scenario import WEEKS_PER_YEAR

from .engine_state import (
    ANALYST,
    CRAFTER,
    LEAD,
    LEAD_SKILL,
    ML,
    STATS,
    TALK,
    VIZ,
    WELD,
    add_worker,
    hire,
    make_engine,
    set_clock,
)

ETA = math.log(2) / 52  # default learning rate per week
FORGET = math.log(2) / 52  # default forgetting rate (half-life 52 weeks)
# Effective use of each skill in the analyst role {stats: 2, viz: 1} with
# within-family similarity 0.3: stats 2/3 + 0.3/3, ml 0.3, viz 1/3 + 0.3 * 2/3.
ANALYST_USE = np.array([2 / 3 + 0.1, 0.3, 1 / 3 + 0.2, 0.0, 0.0, 0.0])
START = np.array([0.2, 0.3, 0.4, 0.5, 0.1, 0.2])


def test_roles_use_spills_over_to_similar_skills() -> None:
    engine = make_engine()
    roles = engine.roles[0]
    np.testing.assert_allclose(roles.use[ANALYST], ANALYST_USE, rtol=1e-12)
    np.testing.assert_allclose(roles.share[ANALYST], [2 / 3, 0, 1 / 3, 0, 0, 0], rtol=1e-12)
    expected_rate = np.where(ANALYST_USE > 0, ETA * ANALYST_USE, FORGET)
    np.testing.assert_allclose(roles.learn_rate[ANALYST], expected_rate, rtol=1e-12)
    assert roles.used[CRAFTER].tolist() == [False] * 5 + [True]


def test_advance_composes() -> None:
    """Two steps equal one step of the summed length (lazy updating is exact)."""
    engine = make_engine()
    a, b = add_worker(engine, START), add_worker(engine, START)
    for w, position in ((a, 0), (b, 1)):
        hire(engine, w, position)
        # A gain in an unused skill above the entry level, so its floor is not its start.
        engine.workers.proficiency[w, WELD] = engine.workers.peak[w, WELD] = 0.8
        engine.set_use(w)
    engine.advance(a, 30.0)
    engine.advance(a, 100.0)
    engine.advance(b, 100.0)
    workers = engine.workers
    np.testing.assert_allclose(workers.proficiency[a], workers.proficiency[b], rtol=1e-12)
    np.testing.assert_allclose(workers.peak[a], workers.peak[b], rtol=1e-12)
    assert workers.skills_at[a] == workers.skills_at[b] == 100.0


def test_advance_backwards_or_to_now_changes_nothing() -> None:
    engine = make_engine()
    w = add_worker(engine, START)
    hire(engine, w)
    engine.advance(w, 50.0)
    before = engine.workers.proficiency[w].copy()
    engine.advance(w, 50.0)
    engine.advance(w, 20.0)
    np.testing.assert_array_equal(engine.workers.proficiency[w], before)
    assert engine.workers.skills_at[w] == 50.0


def test_used_skills_rise_toward_one_and_unused_fall_toward_the_floor() -> None:
    engine = make_engine()
    w = add_worker(engine, START)
    hire(engine, w)
    workers = engine.workers
    # A past gain in weld (unused by analysts): entry 0.2, now and at peak 0.8.
    workers.proficiency[w, WELD] = workers.peak[w, WELD] = 0.8
    engine.set_use(w)
    dt = 80.0
    engine.advance(w, dt)
    p = workers.proficiency[w]
    used = ANALYST_USE > 0
    np.testing.assert_allclose(
        p[used], 1.0 - (1.0 - START[used]) * np.exp(-ETA * ANALYST_USE[used] * dt), rtol=1e-12
    )
    floor = 0.2 + 0.5 * (0.8 - 0.2)  # entry + floor share x peak gain
    assert p[WELD] == pytest.approx(floor + (0.8 - floor) * math.exp(-FORGET * dt), rel=1e-12)
    # Skills never above their entry level do not decay at all.
    np.testing.assert_allclose(p[[TALK, LEAD_SKILL]], START[[TALK, LEAD_SKILL]], rtol=1e-12)
    assert (workers.peak[w] >= p).all()
    engine.advance(w, 1e5)
    np.testing.assert_allclose(p[used], 1.0, atol=1e-9)
    assert p[WELD] == pytest.approx(floor, abs=1e-9)


def test_set_use_sets_the_roles_rates_and_interest_fit() -> None:
    engine = make_engine()
    interest = np.array([0.4, 0.0, 0.1, 0.3, 0.2, 0.0])  # wants: >= 1/6
    w = add_worker(engine, START, interest=interest)
    hire(engine, w, 2)  # lead {talk: 1, lead: 1}
    workers, roles = engine.workers, engine.roles[0]
    np.testing.assert_array_equal(workers.rate[w], roles.learn_rate[LEAD])
    assert workers.role_fit[w] == pytest.approx(0.5 * 1 + 0.5 * 1)  # wants talk and lead
    np.testing.assert_array_equal(workers.target[w][roles.used[LEAD]], 1.0)
    np.testing.assert_allclose(workers.target[w][~roles.used[LEAD]], START[~roles.used[LEAD]])
    workers.role[w] = ANALYST  # (as an internal move would)
    engine.set_use(w)
    np.testing.assert_array_equal(workers.rate[w], roles.learn_rate[ANALYST])
    assert workers.role_fit[w] == pytest.approx(2 / 3)  # wants stats (2/3), not viz (0.1 < 1/6)


def test_an_unemployed_workers_skills_only_decay() -> None:
    engine = make_engine()
    w = add_worker(engine, START)
    hire(engine, w)
    set_clock(engine, 2 * WEEKS_PER_YEAR)
    engine.end_spell(w, engine.calendar.now, "layoff")
    workers = engine.workers
    assert workers.role_fit[w] == 0.0
    np.testing.assert_array_equal(workers.rate[w], FORGET)
    after_job = workers.proficiency[w].copy()
    assert (after_job[ANALYST_USE > 0] > START[ANALYST_USE > 0]).all()
    engine.advance(w, 4 * WEEKS_PER_YEAR)
    p = workers.proficiency[w]
    assert (p <= after_job).all()
    assert (p[ANALYST_USE > 0] < after_job[ANALYST_USE > 0]).all()
    assert (p >= workers.entry_proficiency[w]).all()
    floor = START + 0.5 * (workers.peak[w] - START)
    np.testing.assert_allclose(workers.target[w], floor, rtol=1e-12)


def test_advance_many_matches_advance() -> None:
    engine = make_engine()
    ids = [add_worker(engine, START * (1 + i / 10)) for i in range(4)]
    twins = [add_worker(engine, START * (1 + i / 10)) for i in range(4)]
    for i, (w, v) in enumerate(zip(ids, twins, strict=True)):
        position = [0, 2, 4, 1][i]
        hire(engine, w, position)
        engine.workers.role[v] = engine.positions[0].role[position]
        engine.workers.employer[v] = 0
        engine.set_use(v)
    engine.advance_many(np.array(ids), 70.0)
    for v in twins:
        engine.advance(v, 70.0)
    workers = engine.workers
    np.testing.assert_allclose(workers.proficiency[ids], workers.proficiency[twins], rtol=1e-12)
    np.testing.assert_allclose(workers.peak[ids], workers.peak[twins], rtol=1e-12)


def test_value_on_market_is_base_wage_times_exp_prices_dot_proficiency() -> None:
    engine = make_engine()
    w = add_worker(engine, START)
    market = engine.market
    assert engine.value_on_market(w, engine.calendar.now) == pytest.approx(
        market.base_wage_per_year * math.exp(START @ engine.skill_prices), rel=1e-12
    )
    set_clock(engine, 130.0)
    growth = math.exp(market.wage_growth_per_year * 130.0 / WEEKS_PER_YEAR)
    assert engine.wage_index(130.0) == pytest.approx(growth, rel=1e-12)
    assert engine.base_wage(130.0) == pytest.approx(market.base_wage_per_year * growth, rel=1e-12)
    assert engine.value_on_market(w, engine.calendar.now) == pytest.approx(
        market.base_wage_per_year * growth * math.exp(START @ engine.skill_prices), rel=1e-12
    )


def test_skill_prices_are_non_negative_and_fixed_by_the_seed() -> None:
    a, b, c = make_engine(seed=3), make_engine(seed=3), make_engine(seed=4)
    assert (a.skill_prices >= 0).all()
    np.testing.assert_array_equal(a.skill_prices, b.skill_prices)
    assert not np.array_equal(a.skill_prices, c.skill_prices)


def test_refresh_target_follows_a_new_peak_in_an_unused_skill() -> None:
    engine = make_engine()
    w = add_worker(engine, START)
    hire(engine, w)
    workers = engine.workers
    assert workers.target[w, ML] == 1.0 and workers.target[w, VIZ] == 1.0
    assert workers.target[w, STATS] == 1.0
    workers.peak[w, WELD] = 0.6
    engine.refresh_target(w, 0, ANALYST)
    assert workers.target[w, WELD] == pytest.approx(0.2 + 0.5 * 0.4)
