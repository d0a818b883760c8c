"""The vacancies room (``microjob/engine/vacancies.py``) on a tiny hand-built state."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import microjob as mj
from microjob.engine.state import UNEMPLOYED
from microjob.scenario import WEEKS_PER_YEAR

from .engine_state import (
    ANALYST,
    CRAFTER,
    LEAD,
    STATS,
    VIZ,
    add_worker,
    hire,
    make_engine,
    set_clock,
)

WINDOW = WEEKS_PER_YEAR
SURE_HIRE = {  # someone looking always takes an external hire's offer
    "offer_rate_per_year": 52.0,
    "unemployed_offer_rate_per_year": 1e-6,
    "external_hire_premium": 1.0,
    "offer_premium_sd": 1e-9,
    "amenity_sd": 1e-9,
}


@pytest.mark.parametrize(
    ("opened", "closed", "weeks"),
    [(10.0, 30.0, 0.0), (10.0, 80.0, 80.0 - WINDOW), (60.0, 75.0, 15.0), (60.0, 60.0, 0.0)],
)
def test_vacancy_weeks_and_cost_count_only_inside_the_window(
    opened: float, closed: float, weeks: float
) -> None:
    engine = make_engine()
    set_clock(engine, opened)
    engine.open_vacancy(0, 1, opened, 52_000.0)
    positions = engine.positions[0]
    assert list(positions.vacant) == [1]
    assert positions.vacant_since[1] == opened and positions.last_wage[1] == 52_000.0
    engine.close_vacancy(0, 1, closed)
    assert positions.vacant == {}
    window = engine.tally.window
    assert window["vacancy_weeks"][0] == pytest.approx(weeks, abs=1e-12)
    # Lost output at the last holder's wage, deflated to time-0 currency.
    cost = weeks * 52_000.0 / engine.wage_index(opened) / WEEKS_PER_YEAR
    assert window["vacancy_cost"][0] == pytest.approx(cost, rel=1e-12, abs=1e-12)
    engine.close_vacancy(0, 1, closed + 10.0)  # not vacant any more: nothing
    assert window["vacancy_weeks"][0] == pytest.approx(weeks, abs=1e-12)


@pytest.mark.parametrize("internal_fill_share", [0.0, 1.0])
def test_open_vacancy_schedules_one_fill_of_the_decided_kind(internal_fill_share: float) -> None:
    engine = make_engine(
        policy=mj.InternalFreelance(internal_fill_share=internal_fill_share),
        company={"hiring_delay_weeks": 6.0, "internal_delay_weeks": 3.0},
    )
    engine.open_vacancy(0, 4, 0.0, 40_000.0)
    timer = engine.positions[0].fill_timer[4]
    assert timer is not None and timer.value == (0, 4, internal_fill_share == 1.0)
    engine.close_vacancy(0, 4, 1.0)
    assert not timer.callbacks and engine.positions[0].fill_timer[4] is None


def test_no_fill_is_scheduled_past_the_end() -> None:
    engine = make_engine()  # fills take "forever"
    engine.open_vacancy(0, 4, 0.0, 40_000.0)
    assert engine.positions[0].fill_timer[4] is None and 4 in engine.positions[0].vacant


def _company(engine: Any, skills: list[tuple[int, float, float]]) -> list[int]:
    """Hire one worker per (position, stats, viz) with those skills (others 0.2)."""
    ids = []
    for position, stats, viz in skills:
        p = np.full(engine.n_skills, 0.2)
        p[STATS], p[VIZ] = stats, viz
        w = add_worker(engine, p)
        hire(engine, w, position)
        ids.append(w)
    return ids


def test_fill_internally_picks_the_best_fit_in_another_role_and_chains_the_vacancy() -> None:
    engine = make_engine(quality={"tie_preference": 0.0})
    # The analyst in position 0 fits best but is in the role itself.
    analyst, lead_a, lead_b, crafter = _company(
        engine, [(0, 0.9, 0.9), (2, 0.5, 0.2), (3, 0.3, 0.9), (4, 0.6, 0.6)]
    )
    set_clock(engine, WINDOW + 1.0)
    positions = engine.positions[0]
    positions.vacant[1] = None
    # Fits to the analyst role {stats: 2/3, viz: 1/3}: 0.4, 0.5, 0.6.
    assert engine.fill_internally(0, 1, engine.calendar.now)
    workers = engine.workers
    assert (workers.position[crafter], workers.role[crafter]) == (1, ANALYST)
    assert positions.holder[1] == crafter and positions.holder[4] == -1
    assert list(positions.vacant) == [4]  # the vacancy chain
    assert engine.moves == [
        mj.InternalMove(crafter, 0, WINDOW + 1.0, "crafter", "analyst", "vacancy")
    ]
    assert engine.tally.window["internal_moves"][0] == 1
    assert engine.rosters[0].role[workers.roster_pos[crafter]] == ANALYST
    assert (workers.role[analyst], workers.role[lead_a], workers.role[lead_b]) == (
        ANALYST,
        LEAD,
        LEAD,
    )


def test_fill_internally_prefers_people_who_did_micro_jobs_for_the_team() -> None:
    engine = make_engine(quality={"tie_preference": 0.2})
    _, lead_b, crafter = _company(engine, [(0, 0.9, 0.9), (3, 0.3, 0.9), (4, 0.6, 0.6)])
    roster = engine.rosters[0]
    # lead_b fits 0.5 against crafter's 0.6; one micro-job for analysts adds 0.2.
    roster.data[roster.ties_row + ANALYST, engine.workers.roster_pos[lead_b]] = 1.0
    engine.positions[0].vacant[1] = None
    assert engine.fill_internally(0, 1, 0.0)
    assert engine.workers.role[lead_b] == ANALYST and engine.workers.role[crafter] == CRAFTER


def test_fill_internally_fails_without_anyone_in_another_role() -> None:
    engine = make_engine()
    (analyst,) = _company(engine, [(0, 0.9, 0.9)])
    engine.positions[0].vacant[1] = None
    assert not engine.fill_internally(0, 1, 0.0)
    assert engine.moves == [] and engine.workers.position[analyst] == 0
    assert engine.fill_internally(0, 1, 0.0) is False


def test_fill_internally_sees_only_the_policys_number_of_candidates() -> None:
    """With one candidate seen, the pick is random among the others: over many
    draws everyone in another role is picked at times, the best fit included."""
    picked = set()
    for seed in range(30):
        engine = make_engine(policy=mj.InternalFreelance(internal_candidates_seen=1), seed=seed)
        ids = _company(engine, [(2, 0.5, 0.2), (3, 0.3, 0.9), (4, 0.6, 0.6)])
        engine.positions[0].vacant[1] = None
        engine.fill_internally(0, 1, 0.0)
        picked.add(ids.index(engine.positions[0].holder[1]))
    assert picked == {0, 1, 2}


def test_fill_externally_hires_an_unemployed_candidate() -> None:
    engine = make_engine(market={"offer_premium_sd": 1e-9, "amenity_sd": 1e-9})
    staff = _company(engine, [(0, 0.5, 0.5), (2, 0.5, 0.5)])
    set_clock(engine, 30.0)
    w = add_worker(engine, 0.4)
    engine.positions[0].vacant[3] = None
    engine.fill_externally(0, 3, 30.0)
    workers = engine.workers
    assert (workers.employer[w], workers.position[w], workers.role[w]) == (0, 3, LEAD)
    premium = engine.market.external_hire_premium + math.log(engine.companies[0].wage_level)
    assert workers.wage[w] == pytest.approx(
        engine.value_on_market(w, engine.calendar.now) * math.exp(premium)
    )
    assert engine.positions[0].vacant == {}
    assert all(workers.position[s] in (0, 2) for s in staff)  # own staff are skipped


def test_fill_externally_skips_employees_who_are_not_looking_and_retries() -> None:
    # A quiet market: nobody employed is looking (their search rate is 0).
    engine = make_engine(company={"hiring_delay_weeks": 6.0})
    w = add_worker(engine, 0.4)
    hire(engine, w, company=engine.outside, position=-1, role=0)
    engine.workers.wage[w] = 0.1 * engine.workers.market_value[w]  # however underpaid
    engine.positions[0].vacant[3] = None
    engine.fill_externally(0, 3, 0.0)
    assert engine.workers.employer[w] == engine.outside
    assert 3 in engine.positions[0].vacant
    retry = engine.positions[0].fill_timer[3]
    assert retry is not None and retry.value == (0, 3, False)  # later, from outside


def test_fill_externally_hires_employees_who_are_looking_from_elsewhere() -> None:
    engine = make_engine(market=SURE_HIRE)
    w = add_worker(engine, 0.4, mover=True)
    hire(engine, w, company=engine.outside, position=-1, role=0)
    engine.workers.wage[w] = 0.5 * engine.workers.market_value[w]
    engine.positions[0].vacant[3] = None
    engine.fill_externally(0, 3, 0.0)
    assert engine.workers.employer[w] == 0 and engine.positions[0].holder[3] == w
    assert engine.tally.headcount[engine.outside] == 0


def test_fill_externally_with_nobody_in_the_labour_force_retries() -> None:
    engine = make_engine(company={"hiring_delay_weeks": 6.0})
    engine.positions[0].vacant[5] = None
    engine.fill_externally(0, 5, 0.0)
    assert engine.positions[0].fill_timer[5] is not None


def test_on_fill_falls_back_to_outside_when_nobody_inside_can_move() -> None:
    engine = make_engine(
        policy=mj.InternalFreelance(internal_fill_share=1.0),
        company={"hiring_delay_weeks": 6.0, "internal_delay_weeks": 3.0},
    )
    w = add_worker(engine, 0.4)  # unemployed: the only candidate
    engine.open_vacancy(0, 2, 0.0, 40_000.0)
    due = engine.positions[0].fill_timer[2]
    set_clock(engine, 1e6)
    assert engine.workers.employer[w] == 0 and engine.workers.role[w] == LEAD
    assert engine.events == 1 and not due.callbacks
    assert engine.workers.employer[w] != UNEMPLOYED
