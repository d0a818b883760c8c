"""The population room (``microjob/engine/population.py``) on a tiny hand-built state."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob.engine.state import INACTIVE, RETIRED, UNEMPLOYED

from .engine_state import add_worker, hire, make_engine, set_clock

WEEKS = 52.0


def test_new_worker_starts_unemployed_with_entry_skills() -> None:
    engine = make_engine()
    set_clock(engine, 10.0)
    p = np.linspace(0.1, 0.6, engine.n_skills)
    w = add_worker(engine, p, age=40.0, retire_age=66.0, openness=0.3, mover=True)
    workers = engine.workers
    for vector in (workers.proficiency, workers.entry_proficiency, workers.peak):
        np.testing.assert_array_equal(vector[w], p)
    np.testing.assert_array_equal(workers.target[w], p)
    np.testing.assert_array_equal(workers.rate[w], engine.forget_rate)
    assert workers.employer[w] == UNEMPLOYED and workers.active == [w]
    assert workers.born_at[w] == 10.0 - 40.0 * WEEKS and workers.entered_at[w] == 10.0
    assert workers.retires_at[w] == pytest.approx(10.0 + 26.0 * WEEKS)
    assert workers.mover[w] is True and workers.openness[w] == 0.3
    assert workers.market_value[w] == engine.value_on_market(w, engine.calendar.now)
    assert workers.window_skill_sum[w] == pytest.approx(p.sum())
    assert workers.window_skill_at[w] == engine.window_start  # entered before the window
    assert engine.tally.labour_force == 1


@pytest.mark.parametrize(
    ("age", "late_retire"), [(68.0, 0.0), (68.0, 1.0), (75.0, 0.5), (69.9, 1.0)]
)
def test_someone_past_the_drawn_age_retires_within_the_years_left(
    age: float, late_retire: float
) -> None:
    engine = make_engine()
    pop = engine.scenario.population
    w = add_worker(engine, age=age, retire_age=64.0, late_retire=late_retire)
    years_left = max(pop.late_retirement_min_years, pop.retirement_age_max_years - age)
    expected = late_retire * years_left * WEEKS
    assert engine.workers.retires_at[w] == pytest.approx(expected)
    assert 0.0 <= engine.workers.retires_at[w] <= years_left * WEEKS


def test_retiring_from_a_job_ends_the_spell_and_leaves_the_labour_force() -> None:
    engine = make_engine()
    a = add_worker(engine, age=30.0)
    b = add_worker(engine, age=64.0, retire_age=65.0)  # retires after a year
    c = add_worker(engine, age=30.0)
    hire(engine, b, 2)
    for w in (a, b, c):
        engine.schedule_retirement(w)
    set_clock(engine, 2 * WEEKS)
    workers = engine.workers
    assert workers.employer[b] == RETIRED and workers.exited_at[b] == pytest.approx(WEEKS)
    (spell,) = engine.spells
    assert (spell.worker, spell.reason, spell.end) == (b, "retire", pytest.approx(WEEKS))
    assert sorted(workers.active) == [a, c]
    assert all(workers.active[workers.active_pos[w]] == w for w in workers.active)
    assert engine.tally.labour_force == 2 and engine.tally.headcount[0] == 0
    assert 2 in engine.positions[0].vacant
    assert engine.tally.window["retires"][0] == 1


def test_retiring_while_unemployed_cancels_the_search() -> None:
    engine = make_engine(market={"unemployed_offer_rate_per_year": 0.01})
    w = add_worker(engine, age=64.5, retire_age=65.0)
    engine.schedule_offer(w, 0.0)
    engine.workers.offer_due[w] = engine.end - 1.0  # pending, after retirement
    engine.arm(w)
    timer = engine.workers.timer[w]
    engine.schedule_retirement(w)
    set_clock(engine, WEEKS)
    workers = engine.workers
    assert workers.employer[w] == RETIRED and engine.spells == []
    assert workers.offer_due[w] == math.inf and workers.timer[w] is None
    assert not timer.callbacks and workers.active == []


def test_no_retirement_is_scheduled_past_the_end() -> None:
    engine = make_engine()
    w = add_worker(engine, age=30.0)
    engine.schedule_retirement(w)
    assert engine.calendar.pending == 0


def test_career_years_is_mean_retirement_minus_mean_entry_age() -> None:
    engine = make_engine()
    pop = engine.scenario.population
    expected = (
        pop.retirement_age_min_years + pop.retirement_age_mode_years + pop.retirement_age_max_years
    ) / 3 - (pop.entry_age_min_years + pop.entry_age_max_years) / 2
    assert engine.career_years() == pytest.approx(expected)
    assert engine.career_years() == pytest.approx((62 + 65 + 70) / 3 - 20)


def test_draw_traits_are_consistent() -> None:
    engine = make_engine()
    traits = engine.draw_traits(np.random.default_rng(1), 50)
    k = engine.n_skills
    assert traits["interest"].shape == traits["proficiency"].shape == (50, k)
    np.testing.assert_allclose(traits["interest"].sum(axis=1), 1.0)
    np.testing.assert_array_equal(traits["wants"], traits["interest"] >= 1.0 / k)
    assert ((traits["proficiency"] > 0) & (traits["proficiency"] < 1)).all()
    pop = engine.scenario.population
    assert all(
        pop.retirement_age_min_years <= a <= pop.retirement_age_max_years
        for a in traits["retire_age"]
    )
    assert len(traits["outside_role_fit"]) == 50 and len(traits["outside_role_fit"][0]) == 3


def test_place_incumbents_hires_without_counting_hires() -> None:
    engine = make_engine()
    gen = np.random.default_rng(5)
    engine.place_incumbents(
        gen, [(0, 0, 0), (0, 3, 1), (engine.outside, -1, -1), (UNEMPLOYED, -1, -1)]
    )
    workers, tally = engine.workers, engine.tally
    assert workers.n == 4
    assert [workers.employer[w] for w in range(4)] == [0, 0, engine.outside, UNEMPLOYED]
    assert tally.hires == [0, 0] and tally.headcount == [2, 1]
    pop = engine.scenario.population
    for w in range(3):
        assert workers.hired_at[w] <= 0.0
        age = -workers.born_at[w] / WEEKS
        assert workers.age_at_hire[w] >= min(age, pop.entry_age_min_years) - 1e-9
        assert (
            engine.rosters[workers.employer[w]].hired_at[workers.roster_pos[w]]
            == (workers.hired_at[w])
        )
        assert workers.embeddedness[w] == pytest.approx(engine.embeddedness_of(w, 0.0))
    assert engine.positions[0].holder[:4] == [0, -1, -1, 1]


def test_entry_process_adds_people_at_the_stationary_rate() -> None:
    engine = make_engine()
    engine.labour_force_size = 400
    engine.calendar.process(engine.entry_process())
    set_clock(engine, 10 * WEEKS)
    expected = 400 / engine.career_years() * 10
    entrants = engine.workers.n
    assert abs(entrants - expected) < 4 * math.sqrt(expected)
    pop = engine.scenario.population
    for w in range(entrants):
        age = (engine.workers.entered_at[w] - engine.workers.born_at[w]) / WEEKS
        assert pop.entry_age_min_years <= age <= pop.entry_age_max_years
    assert engine.tally.labour_force == entrants


def test_degenerate_ages_still_give_a_finite_career() -> None:
    pop = mj.Population(
        outside_workers=0,
        entry_age_min_years=40.0,
        entry_age_max_years=40.0,
        retirement_age_min_years=40.0,
        retirement_age_mode_years=40.0,
        retirement_age_max_years=40.0,
    )
    engine = make_engine()
    # No career here is long enough for a micro-job policy's tenure threshold, which a
    # scenario refuses; the career length does not depend on the policy.
    traditional = engine.scenario.with_policy(mj.TraditionalEmployment())
    engine.scenario = attrs.evolve(traditional, population=pop)
    assert engine.career_years() == 0.5


def test_a_quit_into_non_employment_ends_the_spell_and_the_person_comes_back_later() -> None:
    engine = make_engine(
        population={"withdrawal_rate_per_year": 1.0, "withdrawal_mean_years": 1.0},
        warmup_years=0.0,
        horizon_years=50.0,
    )
    w = add_worker(engine, age=30.0, retire_age=70.0)
    other = add_worker(engine, age=30.0, retire_age=70.0)
    hire(engine, w, 2)
    workers, tally = engine.workers, engine.tally
    due = workers.withdraw_due[w]
    assert 0.0 < due < math.inf and workers.timer_due[w] == due
    set_clock(engine, due + 1e-9)
    (spell,) = engine.spells
    assert (spell.worker, spell.reason, spell.end) == (w, "withdraw", pytest.approx(due))
    assert workers.employer[w] == INACTIVE and workers.active == [other]
    assert workers.withdraw_due[w] == math.inf and workers.offer_due[w] == math.inf
    assert tally.inactive == 1 and tally.labour_force == 2  # still in their career
    assert tally.window["withdrawals"][0] == 1 and tally.window["quits"][0] == 0
    assert 2 in engine.positions[0].vacant
    returns = [e for e in engine.calendar._queue if getattr(e[-1], "callbacks", None)]
    assert len(returns) == 1  # the return (the worker's own timer was cancelled)
    set_clock(engine, engine.end - 1.0)
    assert workers.employer[w] == UNEMPLOYED and sorted(workers.active) == [w, other]
    assert tally.inactive == 0
    tally.inactive_change(engine.calendar.now, 0)
    assert tally.inactive_weeks > 0.0


def test_retiring_while_out_of_the_labour_force_ends_the_absence() -> None:
    engine = make_engine(
        population={"withdrawal_rate_per_year": 1.0, "withdrawal_mean_years": 50.0},
        warmup_years=0.0,
        horizon_years=10.0,
    )
    w = add_worker(engine, age=63.0, retire_age=65.0)
    hire(engine, w, 0)
    engine.workers.withdraw_due[w] = 10.0
    engine.arm(w)
    engine.schedule_retirement(w)
    set_clock(engine, 11.0)
    workers, tally = engine.workers, engine.tally
    assert workers.employer[w] == INACTIVE and tally.inactive == 1
    set_clock(engine, 3 * WEEKS)
    assert workers.employer[w] == RETIRED and workers.exited_at[w] == pytest.approx(2 * WEEKS)
    assert tally.inactive == 0 and tally.labour_force == 0 and workers.active == []
    live = [e for e in engine.calendar._queue if getattr(e[-1], "callbacks", None)]
    assert live == []  # no return was scheduled past retirement


def test_withdrawal_times_are_exponential_with_the_given_rate() -> None:
    engine = make_engine(population={"withdrawal_rate_per_year": 0.5})
    w = add_worker(engine, age=30.0)
    draws = []
    for _ in range(4000):
        engine.draw_withdrawal(w, 5.0)
        draws.append(engine.workers.withdraw_due[w] - 5.0)
    mean_years = np.mean(draws) / WEEKS
    assert mean_years == pytest.approx(2.0, rel=0.06)  # 1 / rate; sd of the mean 1.6%


def test_no_withdrawal_rate_draws_nothing() -> None:
    engine = make_engine()
    w = add_worker(engine, age=30.0)
    hire(engine, w, 0)
    assert engine.workers.withdraw_due[w] == math.inf
    assert engine.streams["withdrawal"]._exp is not None
    assert list(engine.streams["withdrawal"]._exp) == []  # the stream was never read
