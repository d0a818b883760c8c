"""The micro-jobs room (``microjob/engine/microjobs.py``) on a tiny hand-built state."""

from __future__ import annotations

import math

import numpy as np
import pytest

import microjob as mj
from microjob.engine import Engine
from microjob.engine.microjobs import Posting
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

ETA = math.log(2) / 52
POLICY = mj.InternalFreelance(
    min_tenure_weeks=26.0, time_share=0.2, stretch_margin=0.15, bonus_share=0.015
)
T = WEEKS_PER_YEAR + 10.0  # inside the window, past the minimum tenure


def _posting(
    engine: Engine,
    team: int = ANALYST,
    required: tuple[int, ...] = (STATS,),
    *,
    levels: tuple[float, ...] | None = None,
    id: int = 1,
    duration: float = 8.0,
    effort: float = 0.1,
) -> Posting:
    """A posting of ``team`` by company 0 (levels 0.5 unless given)."""
    if levels is None:
        levels = (0.5,) * len(required)
    skills = engine.roles[0].skills[team]
    return Posting(id, 0, team, list(required), list(levels), skills, duration, effort)


def _eager(engine: Engine, w: int) -> None:
    """Worker ``w`` applies for every team's micro-jobs (openness 1, full interest)."""
    roster = engine.rosters[0]
    pos = engine.workers.roster_pos[w]
    roster.data[roster.score_row : roster.ties_row, pos] = 1.0
    roster.set_openness(pos, 1.0)
    engine.workers.openness[w] = 1.0


def _staff(
    stats_levels: list[float], *, policy: mj.InternalFreelance = POLICY
) -> tuple[Engine, list[int]]:
    engine = make_engine(policy=policy)
    ids = []
    for position, level in zip((2, 3, 4, 5, 0, 1), stats_levels, strict=False):
        p = np.full(engine.n_skills, 0.3)
        p[STATS] = level
        w = add_worker(engine, p)
        hire(engine, w, position)
        _eager(engine, w)
        ids.append(w)
    return engine, ids


def test_applicants_need_the_minimum_tenure() -> None:
    engine, (a, b) = _staff([0.9, 0.9])
    roster = engine.rosters[0]
    roster.hired_at[engine.workers.roster_pos[b]] = T - 20.0
    ids, _, _ = engine.applicants(_posting(engine), T)
    assert ids.tolist() == [a]
    roster.hired_at[engine.workers.roster_pos[b]] = T - 26.0  # exactly the minimum
    ids, _, _ = engine.applicants(_posting(engine), T)
    assert sorted(ids.tolist()) == [a, b]


def test_applicants_need_spare_capacity() -> None:
    engine, (a, b, c) = _staff([0.9, 0.9, 0.9])
    roster, pos = engine.rosters[0], engine.workers.roster_pos
    roster.load[pos[a]] = 0.15  # 0.15 + 0.1 > 0.2
    roster.load[pos[b]] = 0.1  # 0.1 + 0.1 = 0.2: just fits
    ids, _, _ = engine.applicants(_posting(engine, effort=0.1), T)
    assert sorted(ids.tolist()) == [b, c]


def test_applicants_need_the_requirement_less_the_stretch_margin() -> None:
    engine, (low, stretch, high) = _staff([0.3, 0.4, 0.8])
    ids, fit, interest = engine.applicants(_posting(engine, levels=(0.5,)), T)
    assert ids.tolist() == [stretch, high]  # 0.3 < 0.5 - 0.15 <= 0.4
    np.testing.assert_allclose(fit, [0.4 / 0.5, 1.0])
    np.testing.assert_array_equal(interest, [1.0, 1.0])
    assert low not in ids


def test_fit_is_the_mean_over_requirements() -> None:
    engine, (w,) = _staff([0.4])
    engine.workers.proficiency[w, VIZ] = 0.2
    posting = _posting(engine, required=(STATS, VIZ), levels=(0.5, 0.3))
    ids, fit, _ = engine.applicants(posting, T)
    assert ids.tolist() == [w]
    assert fit[0] == pytest.approx((0.4 / 0.5 + 0.2 / 0.3) / 2)
    engine.workers.proficiency[w, VIZ] = 0.1  # below 0.3 - 0.15
    assert len(engine.applicants(posting, T)[0]) == 0


def test_nobody_applies_without_openness_or_interest() -> None:
    engine, (a, b) = _staff([0.9, 0.9])
    roster, pos = engine.rosters[0], engine.workers.roster_pos
    roster.set_openness(pos[a], 0.0)
    roster.data[roster.score_row + ANALYST, pos[b]] = 0.0
    roster.set_openness(pos[b], 1.0)
    for _ in range(20):
        assert len(engine.applicants(_posting(engine), T)[0]) == 0


def test_assign_adds_the_effort_to_the_load() -> None:
    engine, (w,) = _staff([0.9])
    set_clock(engine, T)
    engine.assign(_posting(engine, effort=0.12, duration=5.0), w, 0.7, T)
    engine.assign(_posting(engine, id=2, effort=0.05, duration=9.0), w, 0.7, T)
    workers, roster = engine.workers, engine.rosters[0]
    assert workers.gig_load[w] == pytest.approx(0.17)
    assert roster.load[workers.roster_pos[w]] == pytest.approx(0.17)
    assert [g.id for g in workers.active_gigs[w]] == [1, 2]
    window = engine.tally.window
    assert window["gigs_filled"][0] == 2 and window["gig_effort"][0] == pytest.approx(0.17)
    set_clock(engine, T + 6.0)  # the first one is over
    assert [g.id for g in workers.active_gigs[w]] == [2]
    assert workers.gig_load[w] == pytest.approx(0.05)
    assert roster.load[workers.roster_pos[w]] == pytest.approx(0.05)


def test_gig_learning_spillover_per_team() -> None:
    engine = make_engine()
    roles = engine.roles[0]
    # Analysts' micro-jobs teach stats and viz equally; ml is a neighbour of both.
    assert roles.gig_skills[ANALYST].tolist() == [STATS, ML, VIZ]
    np.testing.assert_allclose(roles.gig_spill[ANALYST], [0.65, 0.3, 0.65])
    assert roles.gig_skills[CRAFTER].tolist() == [WELD]
    assert roles.gig_covered[ANALYST][ANALYST] and not roles.gig_covered[LEAD][ANALYST]


@pytest.mark.parametrize("own_team", [True, False], ids=["own-team", "other-team"])
def test_a_completed_micro_job_teaches_ties_and_moves_openness(own_team: bool) -> None:
    engine = make_engine(policy=POLICY)
    interest = np.array([0.5, 0.0, 0.3, 0.1, 0.1, 0.0])  # wants stats and viz
    w, twin = (add_worker(engine, 0.3, interest=interest, openness=0.4) for _ in range(2))
    position = 0 if own_team else 2
    hire(engine, w, position)
    hire(engine, twin, position + 1)
    set_clock(engine, T)
    score, effort, duration = 0.9, 0.15, 8.0
    engine.assign(_posting(engine, effort=effort, duration=duration), w, score, T)
    set_clock(engine, T + 20.0)  # the micro-job ends at T + 8
    engine.advance(twin, T + duration)
    workers, roster = engine.workers, engine.rosters[0]
    moved = [STATS, ML, VIZ]
    spill = np.array([0.65, 0.3, 0.65])
    expected = 1 - (1 - workers.proficiency[twin, moved]) * np.exp(-spill * effort * ETA * duration)
    np.testing.assert_allclose(workers.proficiency[w, moved], expected, rtol=1e-12)
    others = [TALK, LEAD_SKILL, WELD]
    np.testing.assert_allclose(workers.proficiency[w, others], workers.proficiency[twin, others])
    gained = float((expected - workers.proficiency[twin, moved]).sum())
    (record,) = engine.gig_records
    assert (record.job, record.worker, record.company, record.completed) == (1, w, 0, True)
    assert (record.start, record.end, record.effort) == (T, T + duration, effort)
    assert record.skills_gained == pytest.approx(gained, rel=1e-12)
    assert record.bonus == pytest.approx(0.015 * workers.wage[w], rel=1e-12)
    assert workers.growth[w] == pytest.approx(gained)
    pos = workers.roster_pos[w]
    ties = 0 if own_team else 1
    assert workers.ties[w] == ties
    assert roster.ties[pos, ANALYST] == ties
    assert workers.embeddedness[w] == pytest.approx(engine.embeddedness_of(w, T + duration))
    openness = 0.4 + 0.2 * (score - 0.4)
    assert workers.openness[w] == pytest.approx(openness)
    assert roster.openness[pos] == pytest.approx(openness)
    assert workers.gig_fit[w] == workers.gig_fit_this_year[w] == pytest.approx(effort * 1.0)
    assert workers.gigs_done[w] == 1 and workers.gig_load[w] == 0.0
    assert engine.tally.year_participants[0] == {w}
    assert engine.tally.gig_participants == {w}
    if not own_team:  # new peaks in skills the lead role does not use: their floors rise
        base = workers.entry_proficiency[w, moved]
        floor = base + 0.5 * (workers.peak[w, moved] - base)
        np.testing.assert_allclose(workers.target[w, moved], floor)
        assert (workers.target[w, moved] > 0.3).all()


def test_a_micro_job_cut_short_pays_no_bonus_and_changes_no_mindset() -> None:
    engine, (w,) = _staff([0.9])
    set_clock(engine, T)
    openness, ties = engine.workers.openness[w], engine.workers.ties[w]
    engine.assign(_posting(engine, team=CRAFTER, duration=8.0), w, 0.1, T)
    set_clock(engine, T + 3.0)
    engine.end_spell(w, T + 3.0, "quit")
    (record,) = engine.gig_records
    assert (record.completed, record.bonus, record.end) == (False, 0.0, T + 3.0)
    assert record.skills_gained > 0.0
    assert engine.workers.openness[w] == openness and engine.workers.ties[w] == ties
    assert engine.tally.year_participants[0] == set()
    assert engine.workers.gigs_done[w] == 0


def test_a_micro_job_started_before_the_window_is_not_recorded() -> None:
    engine, (w,) = _staff([0.9])
    before = engine.workers.proficiency[w, WELD]
    set_clock(engine, 10.0)
    engine.assign(_posting(engine, team=CRAFTER), w, 0.5, 10.0)
    set_clock(engine, 30.0)
    assert engine.gig_records == [] and engine.tally.gig_participants == set()
    assert engine.workers.proficiency[w, WELD] > before  # still learnt
    assert engine.tally.window["gigs_filled"][0] == 0


def test_post_gig_assigns_the_best_fit_among_applicants() -> None:
    engine, ids = _staff([0.9, 0.6, 0.7, 0.9, 0.5, 0.9])
    for w in ids:
        engine.workers.proficiency[w] = np.maximum(engine.workers.proficiency[w], 0.95)
    engine.workers.proficiency[ids[1]] = 0.2  # below every requirement
    set_clock(engine, T)
    engine.post_gig(0, T)
    window = engine.tally.window
    assert window["gigs_posted"][0] == 1 and window["gigs_filled"][0] == 1
    busy = [w for w in ids if engine.workers.active_gigs[w]]
    assert len(busy) == 1 and busy[0] != ids[1]


def test_post_gig_without_applicants_is_unfilled() -> None:
    engine = make_engine(policy=POLICY)
    set_clock(engine, T)
    engine.post_gig(0, T)
    window = engine.tally.window
    assert window["gigs_posted"][0] == 1 and window["gigs_filled"][0] == 0


def test_draw_posting_follows_the_design() -> None:
    engine = make_engine(policy=POLICY)
    design = engine.scenario.gigs
    teams = set()
    for i in range(300):
        posting = engine.draw_posting(0)
        assert posting.id == i and posting.company == 0
        teams.add(posting.team)
        teaches = engine.roles[0].skills[posting.team].tolist()
        assert posting.teaches.tolist() == teaches
        assert set(posting.required) <= set(teaches)
        assert len(set(posting.required)) == len(posting.required) <= min(2, len(teaches))
        assert all(
            design.required_level_min <= x <= design.required_level_max for x in posting.levels
        )
        assert design.effort_min_share <= posting.effort_share <= design.effort_max_share
        assert posting.duration_weeks > 0
    assert teams == {ANALYST, LEAD, CRAFTER}


def test_postings_follow_headcount() -> None:
    engine, _ = _staff([0.9, 0.9, 0.9])
    posted: list[float] = []
    engine.post_gig = lambda c, t: posted.append(t)  # type: ignore[method-assign]
    engine.calendar.process(engine.gig_process(0))
    set_clock(engine, 200 * WEEKS_PER_YEAR / 10)  # 20 years
    # 2 per employee-year x 3 employees x 20 years = 120 on average.
    assert 120 - 4 * math.sqrt(120) < len(posted) < 120 + 4 * math.sqrt(120)
