"""The layoffs room (``microjob/engine/layoffs.py``) on a tiny hand-built state."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import microjob as mj
from microjob.engine.state import UNEMPLOYED
from microjob.scenario import WEEKS_PER_YEAR

from .engine_state import (
    CRAFTER,
    LEAD,
    LEAD_SKILL,
    TALK,
    WELD,
    add_worker,
    hire,
    make_engine,
    set_clock,
)

T = WEEKS_PER_YEAR + 10.0  # inside the window
REDEPLOYS = mj.InternalFreelance(
    redeployment=True, redeployment_share=1.0, redeployment_min_fit=0.3
)


def _cut_setup(policy: Any, vacant: tuple[int, ...] = (2,), **skills: float) -> tuple[Any, int]:
    """An analyst (position 0) whose job is about to be cut, with ``vacant`` positions."""
    engine = make_engine(policy=policy)
    p = np.full(engine.n_skills, 0.2)
    p[[TALK, LEAD_SKILL]] = skills.get("lead", 0.5)
    p[WELD] = skills.get("weld", 0.2)
    w = add_worker(engine, p)
    hire(engine, w, 0)
    set_clock(engine, T)
    for position in vacant:
        engine.positions[0].vacant[position] = None
    return engine, w


def _assert_laid_off(engine: Any, w: int) -> None:
    (spell,) = engine.spells
    assert (spell.worker, spell.reason) == (w, "layoff")
    assert engine.workers.employer[w] == UNEMPLOYED
    assert engine.moves == []
    assert engine.tally.window["layoffs"][0] == 1
    assert engine.tally.window["redeployments"][0] == 0
    assert 0 in engine.positions[0].vacant


def test_a_job_cut_under_traditional_employment_is_a_layoff() -> None:
    engine, w = _cut_setup(mj.TraditionalEmployment())
    engine.job_cut(w)
    _assert_laid_off(engine, w)


@pytest.mark.parametrize(
    "policy",
    [
        mj.InternalFreelance(redeployment=False, redeployment_share=1.0, redeployment_min_fit=0.0),
        mj.InternalFreelance(redeployment=True, redeployment_share=0.0, redeployment_min_fit=0.0),
    ],
    ids=["redeployment-off", "share-0"],
)
def test_a_job_cut_without_redeployment_is_a_layoff(policy: Any) -> None:
    engine, w = _cut_setup(policy)
    engine.job_cut(w)
    _assert_laid_off(engine, w)


def test_a_role_cut_with_a_fitting_vacancy_is_a_redeployment() -> None:
    engine, w = _cut_setup(REDEPLOYS)
    workers = engine.workers
    hired_at = workers.hired_at[w]
    engine.job_cut(w)
    assert engine.spells == []
    assert engine.moves == [mj.InternalMove(w, 0, T, "analyst", "lead", "redeployment")]
    assert (workers.employer[w], workers.position[w], workers.role[w]) == (0, 2, LEAD)
    assert workers.hired_at[w] == hired_at  # tenure with the company goes on
    positions = engine.positions[0]
    assert positions.holder[2] == w and positions.holder[0] == -1
    assert list(positions.vacant) == [0]  # the old position falls vacant
    assert engine.rosters[0].role[workers.roster_pos[w]] == LEAD
    window = engine.tally.window
    assert (window["redeployments"][0], window["layoffs"][0], window["internal_moves"][0]) == (
        1,
        0,
        0,
    )
    assert engine.tally.headcount[0] == 1


def test_redeployment_picks_the_vacancy_the_skills_fit_best() -> None:
    engine, w = _cut_setup(REDEPLOYS, vacant=(2, 4), lead=0.5, weld=0.9)
    engine.job_cut(w)
    assert engine.workers.role[w] == CRAFTER and engine.workers.position[w] == 4
    assert engine.moves[0].to_role == "crafter"


def test_a_role_cut_below_the_minimum_fit_is_a_layoff() -> None:
    policy = mj.InternalFreelance(redeployment_share=1.0, redeployment_min_fit=0.9)
    engine, w = _cut_setup(policy, lead=0.5)  # fit 0.5 to the lead role
    engine.job_cut(w)
    _assert_laid_off(engine, w)


@pytest.mark.parametrize("vacant", [(), (1,)], ids=["no-vacancy", "own-role-only"])
def test_a_role_cut_without_a_vacancy_in_another_role_is_a_layoff(vacant: tuple[int, ...]) -> None:
    engine, w = _cut_setup(REDEPLOYS, vacant=vacant)
    engine.job_cut(w)
    _assert_laid_off(engine, w)
    assert engine.workers.role[w] == -1 and engine.positions[0].holder[1] == -1


def test_a_fit_equal_to_the_minimum_is_enough() -> None:
    # Analysts use neither talk nor lead, so the fit is still 0.5 when the job is cut.
    policy = mj.InternalFreelance(redeployment_share=1.0, redeployment_min_fit=0.5)
    engine, w = _cut_setup(policy, lead=0.5)
    engine.job_cut(w)  # fit exactly 0.5 >= 0.5
    assert engine.workers.role[w] == LEAD


def test_an_outside_market_job_cut_is_a_layoff() -> None:
    engine = make_engine(policy=REDEPLOYS)
    w = add_worker(engine)
    hire(engine, w, company=engine.outside, position=-1, role=0)
    set_clock(engine, T)
    engine.positions[0].vacant[2] = None
    engine.job_cut(w)
    (spell,) = engine.spells
    assert (spell.company, spell.reason) == (engine.outside, "layoff")
    assert engine.tally.window["layoffs"][0] == 0  # window counts: simulated companies only


def test_draw_layoff_sets_the_due_time_and_a_redeployed_worker_gets_a_new_one() -> None:
    quiet = make_engine()
    w = add_worker(quiet)
    hire(quiet, w)
    assert quiet.workers.layoff_due[w] == math.inf
    engine = make_engine(policy=REDEPLOYS, market={"layoff_rate_monthly": 0.5})
    v = add_worker(engine, [0.2, 0.2, 0.2, 0.9, 0.9, 0.2])
    hire(engine, v, 0)
    first = engine.workers.layoff_due[v]
    assert 0.0 < first < math.inf
    set_clock(engine, min(first, 1.0) / 2)
    engine.positions[0].vacant[3] = None
    engine.job_cut(v)
    assert engine.workers.role[v] == LEAD
    assert engine.calendar.now < engine.workers.layoff_due[v] < math.inf
    assert engine.workers.layoff_due[v] != first
    assert engine.workers.timer_due[v] <= engine.workers.layoff_due[v]
