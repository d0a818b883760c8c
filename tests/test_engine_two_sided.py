"""The costs beside the benefits of micro-jobs: strain, lost output, rejection, bad
experiences and the visible track record (``microjob/engine/microjobs.py`` and
``careers.py``), each checked against its definition on the tiny engine."""

from __future__ import annotations

import math

import pytest

import microjob as mj
from microjob.engine import Engine, careers
from microjob.engine.microjobs import Posting
from microjob.engine.rates import accepted_offer_rate
from microjob.scenario import WEEKS_PER_YEAR

from .engine_state import ANALYST, STATS, add_worker, hire, make_engine, set_clock

POLICY = mj.InternalFreelance(min_tenure_weeks=0.0, time_share=0.2, stretch_margin=0.15)
T = WEEKS_PER_YEAR + 10.0
OFFERS = {"offer_rate_per_year": 1.0, "offer_premium_sd": 0.15, "amenity_sd": 0.15}


def _posting(engine: Engine, *, effort: float = 0.1, duration: float = 8.0) -> Posting:
    skills = engine.roles[0].skills[ANALYST]
    return Posting(1, 0, ANALYST, [STATS], [0.3], skills, duration, effort)


def _employee(engine: Engine, position: int = 0) -> int:
    w = add_worker(engine, 0.6, openness=1.0)
    hire(engine, w, position)
    roster = engine.rosters[0]
    pos = engine.workers.roster_pos[w]
    roster.data[roster.score_row : roster.ties_row, pos] = 1.0
    roster.set_openness(pos, 1.0)
    return w


class _FixedExp:
    """A stand-in stream whose exponential draws are given."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def exp(self) -> float:
        return self.values.pop(0)


def _base_rate(engine: Engine, w: int, t: float) -> float:
    workers = engine.workers
    return float(
        accepted_offer_rate(
            engine.market,
            engine.job_quality(w),
            engine.log_pay_ratio(w),
            workers.embeddedness[w],
            (t - workers.born_at[w]) / WEEKS_PER_YEAR,
            workers.mover[w],
        )
    )


@pytest.mark.parametrize("m", [1.5, 2.0, 4.0])
def test_a_rejected_applicant_quits_at_m_times_the_hazard_while_it_stings(m: float) -> None:
    engine = make_engine(
        policy=POLICY, market=OFFERS, gigs={"rejection_quit_multiplier": m}, horizon_years=40.0
    )
    w = _employee(engine)
    set_clock(engine, T)
    rate = _base_rate(engine, w, T)
    assert rate > 0.0
    engine.workers.rejected_until[w] = T + 52.0
    assert engine.search_boost(w, T) == m and engine.search_boost(w, T + 52.0) == 1.0
    # Inside the stinging year the cumulative hazard grows at m x rate ...
    e_inside = 0.5 * m * rate * 52.0
    engine.streams["offers"] = _FixedExp(e_inside)  # type: ignore[assignment]
    engine.schedule_offer(w, T)
    assert engine.workers.offer_due[w] == pytest.approx(T + 26.0, rel=1e-12)
    # ... and after it at the usual rate.
    e_after = m * rate * 52.0 + rate * 10.0
    engine.streams["offers"] = _FixedExp(e_after)  # type: ignore[assignment]
    engine.schedule_offer(w, T)
    assert engine.workers.offer_due[w] == pytest.approx(T + 62.0, rel=1e-12)


def test_rejected_applicants_are_the_ones_not_chosen() -> None:
    engine = make_engine(policy=POLICY, gigs={"rejection_quit_multiplier": 2.0})
    ids = [_employee(engine, position) for position in (0, 1, 2)]
    set_clock(engine, T)
    engine.post_gig(0, T)
    chosen = [w for w in ids if engine.workers.active_gigs[w]]
    assert len(chosen) == 1
    weeks = engine.scenario.gigs.rejection_effect_weeks
    for w in ids:
        expected = -math.inf if w in chosen else T + weeks
        assert engine.workers.rejected_until[w] == expected


def test_without_a_rejection_effect_nobody_is_marked() -> None:
    engine = make_engine(policy=POLICY)
    ids = [_employee(engine, position) for position in (0, 1, 2)]
    set_clock(engine, T)
    engine.post_gig(0, T)
    assert all(engine.workers.rejected_until[w] == -math.inf for w in ids)


def test_strain_lowers_job_quality_by_weight_times_load() -> None:
    engine = make_engine(policy=POLICY, quality={"gig_strain_weight": 0.8})
    w = _employee(engine)
    set_clock(engine, T)
    before = engine.job_quality(w)
    engine.assign(_posting(engine, effort=0.15), w, 0.5, T)
    assert engine.job_quality(w) == pytest.approx(before - 0.8 * 0.15, abs=1e-12)


def test_lost_output_is_effort_times_weeks_times_wage() -> None:
    engine = make_engine(policy=POLICY, gigs={"role_output_lost_share": 0.4})
    w = _employee(engine)
    set_clock(engine, T)
    engine.assign(_posting(engine, effort=0.15, duration=8.0), w, 0.5, T)
    set_clock(engine, T + 9.0)
    wage = engine.workers.wage[w] / engine.wage_index(T + 8.0)
    expected = 0.4 * 0.15 * 8.0 * wage / WEEKS_PER_YEAR
    assert engine.tally.window["gig_output_cost"][0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("bad", [False, True], ids=["went-well", "went-badly"])
def test_a_bad_micro_job_takes_interest_fit_away_and_pulls_openness_down(bad: bool) -> None:
    engine = make_engine(policy=POLICY, gigs={"bad_experience_share": 1.0 if bad else 0.0})
    w = _employee(engine)
    engine.workers.openness[w] = 0.5
    set_clock(engine, T)
    engine.assign(_posting(engine, effort=0.1), w, 0.9, T)
    set_clock(engine, T + 20.0)
    want_share = float(engine.workers.wants[w] @ engine.roles[0].team_share[ANALYST])
    sign = -1.0 if bad else 1.0
    assert engine.workers.gig_fit[w] == pytest.approx(sign * 0.1 * want_share)
    went_to = 0.0 if bad else 0.9
    rate = engine.scenario.mindset.experience_rate
    assert engine.workers.openness[w] == pytest.approx(0.5 + rate * (went_to - 0.5))


def test_the_visible_record_raises_outside_pay_and_lowers_the_bar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = make_engine(
        policy=POLICY,
        market={**OFFERS, "gig_signal_log_premium": 0.02, "gig_signal_max_gigs": 5},
    )
    w = _employee(engine)
    set_clock(engine, T)
    plain = engine.threshold(w)
    for done, signal in ((3, 0.06), (9, 0.10)):
        engine.workers.gigs_done[w] = done
        assert engine.signal(w) == pytest.approx(signal)
        assert engine.threshold(w) == pytest.approx(plain - signal)
    monkeypatch.setattr(careers, "draw_accepted_offer", lambda *_: (0.07, 0.0))
    value = engine.workers.market_value[w]  # as on record when the offer is made
    engine.accept_offer(w)
    outside = engine.workers.wage[w] / (value * engine.companies[-1].wage_level)
    assert math.log(outside) == pytest.approx(0.07 + 0.10, abs=1e-12)
    assert engine.workers.employer[w] == engine.outside
