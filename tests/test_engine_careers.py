"""The careers room (``microjob/engine/careers.py``) on a tiny hand-built state."""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microjob as mj
from microjob.engine.microjobs import Posting
from microjob.engine.rates import accepted_offer_rate
from microjob.engine.state import UNEMPLOYED
from microjob.scenario import WEEKS_PER_YEAR

from .engine_state import LEAD, add_worker, hire, make_engine, set_clock

WINDOW = WEEKS_PER_YEAR  # make_engine's default warm-up is one year

# A market in which someone looking always takes an external hire's offer.
EAGER_MARKET = {
    "offer_rate_per_year": 52.0,
    "unemployed_offer_rate_per_year": 1e-6,
    "external_hire_premium": 1.0,
    "offer_premium_sd": 1e-9,
    "amenity_sd": 1e-9,
}


def test_start_spell_places_the_worker_and_closes_the_vacancy() -> None:
    engine = make_engine(company={"hiring_delay_weeks": 6.0, "internal_delay_weeks": 3.0})
    set_clock(engine, 10.0)
    w = add_worker(engine, 0.4)
    workers, positions, roster = engine.workers, engine.positions[0], engine.rosters[0]
    engine.open_vacancy(0, 3, 10.0, 50_000.0)
    fill = positions.fill_timer[3]
    assert 3 in positions.vacant and fill is not None
    workers.embeddedness[w], workers.ties[w], workers.gig_fit[w] = 0.7, 4, 0.2
    engine.start_spell(w, 0, 3, LEAD, 45_000.0, 0.1, 10.0)
    assert (workers.employer[w], workers.position[w], workers.role[w]) == (0, 3, LEAD)
    assert workers.hired_at[w] == 10.0 and workers.wage[w] == 45_000.0
    assert workers.amenity[w] == 0.1
    assert workers.age_at_hire[w] == pytest.approx(30.0)
    assert workers.market_value[w] == engine.value_on_market(w, engine.calendar.now)
    assert (workers.embeddedness[w], workers.ties[w], workers.gig_fit[w]) == (0.0, 0, 0.0)
    assert workers.jobs_held[w] == 1
    assert positions.holder[3] == w
    assert 3 not in positions.vacant and positions.fill_timer[3] is None
    assert not fill.callbacks  # the pending fill can never fire
    pos = workers.roster_pos[w]
    assert roster.n == 1 and roster.ids[pos] == w
    assert roster.role[pos] == LEAD and roster.hired_at[pos] == 10.0
    assert roster.openness[pos] == workers.openness[w]
    assert engine.tally.hires[0] == 1 and engine.tally.headcount[0] == 1
    assert engine.tally.window_employees == set()  # before the window


def test_start_spell_in_the_window_counts_a_window_employee() -> None:
    engine = make_engine()
    set_clock(engine, WINDOW + 1.0)
    w = add_worker(engine)
    hire(engine, w, 1)
    assert engine.tally.window_employees == {w}


def test_end_spell_records_a_spell_only_in_the_window() -> None:
    engine = make_engine()
    early, late = add_worker(engine), add_worker(engine)
    hire(engine, early, 0, wage=40_000.0)
    hire(engine, late, 1, wage=60_000.0)
    set_clock(engine, 20.0)
    engine.end_spell(early, 20.0, "quit")
    assert engine.spells == []
    assert engine.tally.window["quits"][0] == 0
    assert engine.tally.separations[0] == 1
    set_clock(engine, 70.0)
    engine.end_spell(late, 70.0, "layoff")
    (spell,) = engine.spells
    assert spell == mj.EmploymentSpell(late, 0, 0.0, 70.0, "layoff", False, 30.0, True)
    window = engine.tally.window
    assert window["layoffs"][0] == 1 and window["quits"][0] == 0
    share = engine.companies[0].replacement_cost_share
    assert window["replacement_cost"][0] == pytest.approx(
        share * 60_000.0 / engine.wage_index(70.0), rel=1e-12
    )


def test_end_spell_frees_the_position_and_keeps_the_roster_consistent() -> None:
    engine = make_engine()
    ws = [add_worker(engine) for _ in range(3)]
    for w, position in zip(ws, (0, 2, 4), strict=True):
        hire(engine, w, position, wage=50_000.0 + w)
    set_clock(engine, 5.0)
    engine.end_spell(ws[0], 5.0, "quit")
    workers, roster, positions = engine.workers, engine.rosters[0], engine.positions[0]
    assert workers.employer[ws[0]] == UNEMPLOYED
    assert workers.position[ws[0]] == workers.role[ws[0]] == -1
    assert workers.roster_pos[ws[0]] == -1
    assert positions.holder[0] == -1
    assert list(positions.vacant) == [0]
    assert positions.vacant_since[0] == 5.0 and positions.last_wage[0] == 50_000.0 + ws[0]
    assert roster.n == 2
    for w in ws[1:]:  # the last member moved into the gap
        assert roster.ids[workers.roster_pos[w]] == w
        assert roster.role[workers.roster_pos[w]] == workers.role[w]
    assert engine.tally.headcount[0] == 2


def test_end_spell_cancels_the_timer_and_ends_micro_jobs_unfinished() -> None:
    engine = make_engine()
    w = add_worker(engine, 0.5)
    hire(engine, w, 0)
    workers = engine.workers
    workers.offer_due[w] = 200.0
    engine.arm(w)
    timer = workers.timer[w]
    assert timer is not None and timer.callbacks
    teaches = engine.roles[0].skills[LEAD]
    posting = Posting(7, 0, LEAD, [int(teaches[0])], [0.1], teaches, 10.0, 0.1)
    set_clock(engine, WINDOW + 2.0)
    engine.assign(posting, w, 0.8, engine.calendar.now)
    gig_timer = workers.active_gigs[w][0].timer
    set_clock(engine, WINDOW + 5.0)
    engine.end_spell(w, engine.calendar.now, "quit")
    assert workers.timer[w] is None and workers.timer_due[w] == math.inf
    assert not timer.callbacks and not gig_timer.callbacks
    assert workers.offer_due[w] == workers.layoff_due[w] == workers.reveal_due[w] == math.inf
    assert workers.active_gigs[w] == [] and workers.gig_load[w] == 0.0
    (record,) = engine.gig_records
    assert (record.job, record.completed, record.bonus) == (7, False, 0.0)
    assert record.end == WINDOW + 5.0


def _record_quits(engine: Any) -> list[int]:
    calls: list[int] = []
    original = engine.quit_job

    def quit_job(w: int, t: float) -> None:
        calls.append(w)
        original(w, t)

    engine.quit_job = quit_job
    return calls


def test_accepting_an_outside_offer_goes_through_quit_job() -> None:
    engine = make_engine()
    w = add_worker(engine, 0.4)
    hire(engine, w, 2)
    calls = _record_quits(engine)
    set_clock(engine, WINDOW + 3.0)
    engine.accept_offer(w)
    assert calls == [w]
    (spell,) = engine.spells
    assert (spell.worker, spell.company, spell.reason) == (w, 0, "quit")
    workers = engine.workers
    assert workers.employer[w] == engine.outside
    assert workers.hired_at[w] == WINDOW + 3.0 and workers.jobs_held[w] == 2
    assert 2 in engine.positions[0].vacant
    assert engine.tally.window["quits"][0] == 1


def test_being_hired_away_into_a_vacancy_goes_through_quit_job() -> None:
    engine = make_engine(market=EAGER_MARKET)
    set_clock(engine, WINDOW + 3.0)
    w = add_worker(engine, 0.4, mover=True)
    hire(engine, w, company=engine.outside, position=-1, role=0)
    workers = engine.workers
    workers.wage[w] = 0.5 * workers.market_value[w]  # underpaid: takes the job
    calls = _record_quits(engine)
    engine.positions[0].vacant[1] = None
    engine.fill_externally(0, 1, engine.calendar.now)
    assert calls == [w]
    (spell,) = engine.spells
    assert (spell.worker, spell.company, spell.reason) == (w, engine.outside, "quit")
    assert workers.employer[w] == 0 and workers.position[w] == 1
    assert engine.positions[0].holder[1] == w


def test_arm_keeps_one_live_timer_at_the_earliest_due_time() -> None:
    engine = make_engine()
    w = add_worker(engine)
    hire(engine, w)
    workers = engine.workers
    workers.offer_due[w], workers.layoff_due[w], workers.reveal_due[w] = 100.0, 50.0, 80.0
    engine.arm(w)
    first = workers.timer[w]
    assert workers.timer_due[w] == 50.0 and first.value == w
    engine.arm(w)  # nothing changed: the same timer
    assert workers.timer[w] is first and first.callbacks
    workers.layoff_due[w] = math.inf
    engine.arm(w)
    second = workers.timer[w]
    assert second is not first and not first.callbacks and second.callbacks
    assert workers.timer_due[w] == 80.0
    workers.reveal_due[w] = workers.offer_due[w] = engine.end + 1.0  # past the end
    engine.arm(w)
    assert workers.timer[w] is None and workers.timer_due[w] == math.inf
    assert not second.callbacks


@pytest.mark.parametrize(
    ("reveal", "layoff", "offer", "order"),
    [
        (30.0, 50.0, 70.0, ["reveal", "job_cut", "accept_offer"]),
        (70.0, 30.0, 50.0, ["job_cut", "accept_offer", "reveal"]),
        (50.0, 70.0, 30.0, ["accept_offer", "reveal", "job_cut"]),
        (40.0, 40.0, 40.0, ["reveal", "job_cut", "accept_offer"]),  # ties: this order
    ],
)
def test_on_due_dispatches_by_the_earliest_due_time(
    reveal: float, layoff: float, offer: float, order: list[str]
) -> None:
    engine = make_engine()
    w = add_worker(engine)
    hire(engine, w)
    calls: list[tuple[str, float, float, float, float]] = []
    workers = engine.workers

    def recorder(name: str) -> Any:
        def handle(v: int) -> None:
            assert v == w
            due = (workers.reveal_due[w], workers.layoff_due[w], workers.offer_due[w])
            calls.append((name, engine.calendar.now, *due))

        return handle

    for name in ("reveal", "job_cut", "accept_offer"):
        setattr(engine, name, recorder(name))
    workers.reveal_due[w], workers.layoff_due[w], workers.offer_due[w] = reveal, layoff, offer
    engine.arm(w)
    set_clock(engine, 100.0)
    assert [c[0] for c in calls] == order
    assert [c[1] for c in calls] == sorted((reveal, layoff, offer))
    # The event handled is no longer due when its handler runs; the others still are.
    for name, _, *due in calls:
        index = ["reveal", "job_cut", "accept_offer"].index(name)
        assert due[index] == math.inf
    assert workers.timer[w] is None
    assert engine.events == 3


def test_schedule_offer_draws_nothing_without_a_rate_and_for_the_retired() -> None:
    engine = make_engine()
    w = add_worker(engine)
    engine.schedule_offer(w, 0.0)  # unemployed, no offers in a quiet market
    assert engine.workers.offer_due[w] == math.inf
    busy = make_engine(market={"unemployed_offer_rate_per_year": 52.0})
    v = add_worker(busy)
    busy.schedule_offer(v, 0.0)
    assert 0.0 < busy.workers.offer_due[v] < math.inf
    assert busy.workers.timer_due[v] == busy.workers.offer_due[v]
    busy.workers.employer[v] = -2  # retired
    busy.schedule_offer(v, 0.0)
    assert busy.workers.offer_due[v] == math.inf and busy.workers.timer[v] is None


def test_unemployed_offers_arrive_at_the_unemployed_rate() -> None:
    rate = 5.0
    engine = make_engine(market={"unemployed_offer_rate_per_year": rate})
    w = add_worker(engine)
    waits = []
    for _ in range(2000):
        engine.schedule_offer(w, 0.0)
        waits.append(engine.workers.offer_due[w])
    mean = WEEKS_PER_YEAR / rate
    assert np.mean(waits) == pytest.approx(mean, rel=4 / math.sqrt(2000))


def test_job_quality_threshold_and_embeddedness_follow_their_formulas() -> None:
    engine = make_engine()
    w = add_worker(engine)
    hire(engine, w, 0, wage=40_000.0, amenity=0.05)
    workers, q, market = engine.workers, engine.job_quality_params, engine.market
    workers.gig_fit[w], workers.growth[w], workers.embeddedness[w] = 0.1, 0.2, 0.3
    workers.match_known[w] = -0.1
    quality = (
        q.interest_fit_weight * (workers.role_fit[w] + 0.1)
        + q.growth_weight * 0.2
        + q.embeddedness_weight * 0.3
        + 0.05
        - 0.1
    )
    assert engine.job_quality(w) == pytest.approx(quality, rel=1e-12)
    log_pay = math.log(40_000.0 / workers.market_value[w])
    threshold = (
        market.switching_cost
        + market.switching_cost_per_embeddedness * 0.3
        + quality
        - market.offer_quality_mean
        + log_pay
    )
    assert engine.threshold(w) == pytest.approx(threshold, rel=1e-12)
    workers.ties[w] = 2
    t = 3 * WEEKS_PER_YEAR
    expected = 1 - math.exp(-(3 / q.embeddedness_years + 2 * q.tie_gain))
    assert engine.embeddedness_of(w, t) == pytest.approx(expected, rel=1e-12)


def test_a_new_match_is_hidden_until_revealed() -> None:
    engine = make_engine(quality={"match_reveal_weeks": 10.0})
    w = add_worker(engine)
    hire(engine, w)  # draws a match, armed at its revelation
    workers = engine.workers
    assert workers.match_known[w] == 0.0 and workers.match[w] != 0.0
    due = workers.reveal_due[w]
    assert workers.timer_due[w] == due
    set_clock(engine, due + 1e-9)
    assert workers.match_known[w] == workers.match[w]
    assert workers.reveal_due[w] == math.inf


def test_pick_outside_role_prefers_the_best_interest_fit() -> None:
    engine = make_engine(market={"outside_roles_considered": 50})
    # Interest only in weld: the craft job fits best, and 50 looks find it.
    w = add_worker(engine, interest=[0.0, 0.0, 0.0, 0.0, 0.0, 1.0])
    assert engine.pick_outside_role(w) == 2
    one = make_engine(market={"outside_roles_considered": 1})
    v = add_worker(one, interest=[0.0, 0.0, 0.0, 0.0, 0.0, 1.0])
    picks = {one.pick_outside_role(v) for _ in range(60)}
    assert picks == {0, 1, 2}  # one look: any role


def test_looking_depends_on_the_search_rate() -> None:
    engine = make_engine(market={"unemployed_offer_rate_per_year": 5.0, "offer_rate_per_year": 1.0})
    w = add_worker(engine, age=25.0)
    hire(engine, w, company=engine.outside, position=-1, role=0)
    workers = engine.workers
    workers.wage[w] = 10 * workers.market_value[w]  # content: not searching actively
    share = np.mean([engine.looking(w, 0.0, u) for u in np.linspace(0, 1, 1001)[:-1]])
    assert share == pytest.approx(1.0 / 5.0, abs=2e-3)  # passive rate over the unemployed's
    workers.wage[w] = 0.01 * workers.market_value[w]  # dissatisfied: searching actively
    share = np.mean([engine.looking(w, 0.0, u) for u in np.linspace(0, 1, 1001)[:-1]])
    assert share == pytest.approx(1.0, abs=2e-3)  # min(1, 5.6 x 1 / 5)


# The fused offer rate is the reference composition, to the last bit.
_state = st.fixed_dictionaries(
    {
        "role_fit": st.floats(0.0, 1.0),
        "gig_fit": st.floats(-0.5, 0.5),
        "growth": st.floats(0.0, 5.0),
        "embeddedness": st.floats(0.0, 1.0),
        "amenity": st.floats(-0.5, 0.5),
        "match_known": st.floats(-1.0, 1.0),
        "gig_load": st.floats(0.0, 0.5),
        "gigs_done": st.integers(0, 40),
        "wage": st.floats(1e4, 3e5),
        "market_value": st.floats(1e4, 3e5),
        "mover": st.booleans(),
    }
)


@settings(max_examples=200, deadline=None)
@given(
    _state,
    st.floats(0.0, 60.0 * WEEKS_PER_YEAR),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.1),
    st.integers(0, 20),
    st.floats(0.5, 10.0),
)
def test_offer_rate_is_the_reference_rate_to_the_last_bit(
    state: dict[str, Any],
    t: float,
    strain: float,
    premium: float,
    max_gigs: int,
    halving: float,
) -> None:
    engine = _RATE_ENGINE
    engine.job_quality_params = attrs.evolve(engine.job_quality_params, gig_strain_weight=strain)
    engine.market = attrs.evolve(
        engine.market,
        gig_signal_log_premium=premium,
        gig_signal_max_gigs=max_gigs,
        offer_rate_halving_years=halving,
    )
    engine.__dict__.pop("_offer_terms", None)  # parameters changed: read them again
    w = 0
    for name, value in state.items():
        getattr(engine.workers, name)[w] = value
    engine.workers.born_at[w] = -20.0 * WEEKS_PER_YEAR
    expected = accepted_offer_rate(
        engine.market,
        engine.job_quality(w),
        engine.log_pay_ratio(w),
        state["embeddedness"],
        (t - engine.workers.born_at[w]) / WEEKS_PER_YEAR,
        state["mover"],
    )
    assert engine.offer_rate(w, t) == expected


_RATE_ENGINE = make_engine(market={"offer_rate_per_year": 0.6})
add_worker(_RATE_ENGINE, 0.3)
