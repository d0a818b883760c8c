"""The reviews room (``microjob/engine/reviews.py``) on a tiny hand-built state."""

from __future__ import annotations

import math

import numpy as np
import pytest

import microjob as mj
from microjob.engine import Engine
from microjob.scenario import WEEKS_PER_YEAR

from .engine_state import add_worker, hire, make_engine, set_clock

POLICY = mj.InternalFreelance(annual_raise_share=0.03, market_matching_share=0.3)
T = 1.5 * WEEKS_PER_YEAR


def _staff(**market: float) -> tuple[Engine, list[int]]:
    engine = make_engine(policy=POLICY, market=market)
    ids = []
    for position, (p, pay) in enumerate([(0.3, 0.5), (0.5, 1.0), (0.7, 2.0), (0.4, 0.9)]):
        w = add_worker(engine, p, age=30.0 + position)
        hire(engine, w, position)
        engine.workers.wage[w] = pay * engine.workers.market_value[w]
        engine.workers.offer_due[w] = math.inf  # no offer before the review
        engine.arm(w)
        ids.append(w)
    set_clock(engine, T)
    return engine, ids


def test_wages_rise_by_the_raise_plus_a_catch_up_share_of_the_gap() -> None:
    engine, ids = _staff()
    workers = engine.workers
    old = [workers.wage[w] for w in ids]
    engine.review(0, T)
    level = engine.companies[0].wage_level
    for w, before in zip(ids, old, strict=True):
        value = engine.base_wage(T) * math.exp(workers.proficiency[w] @ engine.skill_prices)
        assert workers.market_value[w] == pytest.approx(value, rel=1e-12)
        raised = before * 1.03
        expected = raised + 0.3 * max(value * level - raised, 0.0)
        assert workers.wage[w] == pytest.approx(expected, rel=1e-12)
    assert workers.wage[ids[2]] == pytest.approx(old[2] * 1.03)  # overpaid: the raise only


def test_growth_is_the_proficiency_gain_per_year_since_the_last_review() -> None:
    engine, ids = _staff()
    workers = engine.workers
    before = workers.proficiency[ids].sum(axis=1)  # at hire (time 0), on record
    engine.review(0, T)
    after = workers.proficiency[ids].sum(axis=1)
    np.testing.assert_allclose(workers.growth[ids[0] : ids[-1] + 1], (after - before) / 1.5)
    np.testing.assert_array_equal(workers.reviewed_at[ids], T)
    np.testing.assert_array_equal(workers.reviewed_proficiency[ids], workers.proficiency[ids])
    np.testing.assert_array_equal(workers.skills_at[ids], T)
    # A second review right after: at most one week counted, no gain.
    engine.review(0, T)
    assert [workers.growth[w] for w in ids] == [0.0] * 4


def test_embeddedness_and_micro_job_fit_are_taken_stock_of() -> None:
    engine, ids = _staff()
    workers, q = engine.workers, engine.job_quality_params
    workers.ties[ids[1]] = 3
    workers.gig_fit[ids[1]], workers.gig_fit_this_year[ids[1]] = 0.5, 0.05
    engine.review(0, T)
    for w in ids:
        expected = 1 - math.exp(-(1.5 / q.embeddedness_years + workers.ties[w] * q.tie_gain))
        assert workers.embeddedness[w] == pytest.approx(expected, rel=1e-12)
    assert workers.gig_fit[ids[1]] == 0.05 and workers.gig_fit_this_year[ids[1]] == 0.0


def test_peer_influence_moves_openness_toward_one() -> None:
    engine, ids = _staff()
    workers, roster = engine.workers, engine.rosters[0]
    before = [workers.openness[w] for w in ids]
    engine.tally.year_participants[0] = {ids[0]}
    engine.review(0, T)
    peer = engine.scenario.mindset.peer_rate * 1 / 4
    for w, o in zip(ids, before, strict=True):
        expected = o + peer * (1 - o)
        assert workers.openness[w] == pytest.approx(expected, rel=1e-12)
        pos = workers.roster_pos[w]
        assert roster.openness[pos] == pytest.approx(expected, rel=1e-12)
        score = roster.score[pos]
        np.testing.assert_allclose(roster.data[roster.apply_row :, pos], expected * score)
    assert engine.tally.year_participants[0] == set()
    engine.review(0, T + WEEKS_PER_YEAR)  # nobody took part since: no change
    assert [workers.openness[w] for w in ids] == pytest.approx([o + peer * (1 - o) for o in before])


def test_offers_are_redrawn_for_every_member() -> None:
    engine, ids = _staff(offer_rate_per_year=2.0)
    workers = engine.workers
    assert all(workers.offer_due[w] == math.inf for w in ids)
    engine.review(0, T)
    for w in ids:
        assert T < workers.offer_due[w] < math.inf
        due = min(workers.offer_due[w], workers.layoff_due[w], workers.reveal_due[w])
        if due < engine.end:
            assert workers.timer_due[w] == due and workers.timer[w].callbacks
        else:
            assert workers.timer[w] is None


def test_a_review_of_an_empty_company_does_nothing() -> None:
    engine = make_engine()
    engine.review(0, 10.0)
    assert engine.tally.year_participants[0] == set()


def test_the_review_process_runs_once_a_year() -> None:
    engine, _ = _staff()
    calls: list[tuple[int, float]] = []
    engine.review = lambda c, t: calls.append((c, t))  # type: ignore[method-assign]
    engine.calendar.process(engine.review_process(0))
    set_clock(engine, T + 3 * WEEKS_PER_YEAR + 1e-9)
    times = [t for _, t in calls]
    assert len(times) == 3 and all(c == 0 for c, _ in calls)
    assert T <= times[0] < T + WEEKS_PER_YEAR
    np.testing.assert_allclose(np.diff(times), WEEKS_PER_YEAR)
