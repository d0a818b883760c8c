"""The engine: determinism, common random numbers, known results and invariants of a run."""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import subprocess
import sys
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

import microjob as mj
from microjob.measures import wage_index
from microjob.records import RunSummary
from microjob.scenario import WEEKS_PER_YEAR
from microjob.simulate import advance_skills

from .helpers import (
    SEPARATIONS,
    EventLog,
    TrackedRun,
    employment_from_events,
    record_differences,
    run_digest,
    summary_differences,
    tracked_run,
)
from .strategies import (
    internal_freelance,
    learning_params,
    policies,
    scenarios,
    seeds,
    traditional,
    traditional_equivalent,
    with_market,
)

RETENTION_FIELDS = frozenset(mj.measures.RETENTION_MEASURES)
"""Summary fields from the survival estimators."""

GIG_FIELDS = frozenset({f for f in RunSummary.field_names() if "gig" in f})

SHARE_FIELDS = (
    "quit_rate_monthly",
    "layoff_rate_monthly",
    "separation_rate_monthly",
    "share_tenure_le_1y",
    "gig_fill_rate",
    "gig_participation_share",
    "gig_effort_share_mean",
    "graduate_hired_within_6m_share",
    "nongraduate_hired_within_6m_share",
    "openness_mean",
    "open_share",
    "projects_filled_share",
    "freelance_time_share",
    "mostly_freelance_share",
    *sorted(RETENTION_FIELDS - {"median_spell_years"}),
)
"""Summary fields that are shares or monthly rates, so in [0, 1]."""

EPS = 1e-9


def _policy_of(
    result: mj.RunResult, company: int
) -> mj.TraditionalEmployment | mj.InternalFreelance:
    comps = (*result.scenario.companies, result.scenario.outside)
    return comps[company].policy


def _spells_by_worker(result: mj.RunResult) -> dict[int, list[mj.EmploymentSpell]]:
    out: dict[int, list[mj.EmploymentSpell]] = defaultdict(list)
    for s in result.spells:
        out[s.worker].append(s)
    for spells in out.values():
        spells.sort(key=lambda s: (s.start, s.end))
    return out


def _covering_spell(
    by_worker: dict[int, list[mj.EmploymentSpell]], worker: int, company: int, t0: float, t1: float
) -> mj.EmploymentSpell | None:
    for s in by_worker.get(worker, ()):
        if s.company == company and s.start <= t0 and t1 <= s.end:
            return s
    return None


# ============================================================== determinism


@given(scenarios(), seeds)
def test_same_seed_gives_identical_runs(scenario: mj.Scenario, seed: int) -> None:
    a = mj.simulate(scenario, seed=seed)
    b = mj.simulate(scenario, seed=seed)
    assert record_differences(a, b) == []
    assert a.spells == b.spells and a.gigs == b.gigs and a.moves == b.moves
    assert summary_differences(a.summary(), b.summary()) == {}


def test_trackers_do_not_change_the_run(small_run: TrackedRun, small_scenario: mj.Scenario) -> None:
    again = mj.simulate(small_scenario, seed=1, policy=small_run.result.policy)
    assert record_differences(small_run.result, again) == []


_DIGEST_SCRIPT = """
import hashlib
import attrs
import microjob as mj

scenario = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=4.0)
policy = mj.InternalFreelance(gigs_per_employee_year=4.0, matcher=mj.MostInterested())
r = mj.simulate(scenario, seed=2024, policy=policy)
text = repr((r.spells, r.gigs, r.moves, r.engagements, r.summary().as_dict()))
digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
if __name__ == "__main__":
    print(digest)
"""


def test_results_do_not_depend_on_hash_seed() -> None:
    namespace: dict[str, object] = {"__name__": "in_process"}
    exec(_DIGEST_SCRIPT, namespace)
    in_process = namespace["digest"]
    result = namespace["r"]
    assert isinstance(result, mj.RunResult) and result.gigs, "the script must exercise micro-jobs"
    assert in_process == run_digest(result)
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=Path(__file__).resolve().parent.parent,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == in_process, f"PYTHONHASHSEED={hash_seed}"


def test_different_seeds_give_different_runs(
    small_traditional: TrackedRun, small_scenario: mj.Scenario
) -> None:
    other = mj.simulate(small_scenario, seed=2, policy=mj.TraditionalEmployment())
    assert other.spells != small_traditional.result.spells
    assert summary_differences(other.summary(), small_traditional.result.summary())


def test_seed_sequence_is_the_same_as_its_int() -> None:
    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=0.5, horizon_years=2.0)
    policy = mj.InternalFreelance()
    by_int = mj.simulate(scenario, seed=5, policy=policy)
    assert (
        record_differences(
            by_int, mj.simulate(scenario, seed=np.random.SeedSequence(5), policy=policy)
        )
        == []
    )
    assert record_differences(by_int, mj.simulate(scenario, seed=np.int64(5), policy=policy)) == []
    child = np.random.SeedSequence(5).spawn(1)[0]
    assert mj.simulate(scenario, seed=child, policy=policy).spells != by_int.spells


# ===================================================== common random numbers


def test_traditional_equivalent_freelance_is_identical_on_small_preset(
    small_traditional: TrackedRun, small_scenario: mj.Scenario
) -> None:
    equivalent = mj.InternalFreelance(
        gigs_per_employee_year=0,
        redeployment=False,
        internal_fill_share=0.33,
        internal_candidates_seen=5,
    )
    assert traditional_equivalent(mj.TraditionalEmployment()) == equivalent
    run = tracked_run(small_scenario, seed=1, policy=equivalent)
    assert record_differences(small_traditional.result, run.result) == []
    assert run.log.events == small_traditional.log.events


@given(scenarios(), seeds)
def test_traditional_equivalent_freelance_is_identical_in_any_scenario(
    scenario: mj.Scenario, seed: int
) -> None:
    """Replacing every traditional company's policy by its no-marketplace
    InternalFreelance twin changes nothing, other companies included."""
    assume(any(isinstance(c.policy, mj.TraditionalEmployment) for c in scenario.companies))
    twin = attrs.evolve(
        scenario,
        companies=tuple(
            attrs.evolve(c, policy=traditional_equivalent(c.policy))
            if isinstance(c.policy, mj.TraditionalEmployment)
            else c
            for c in scenario.companies
        ),
    )
    a = mj.simulate(scenario, seed=seed)
    b = mj.simulate(twin, seed=seed)
    assert record_differences(a, b) == []


@given(scenarios(), traditional, seeds)
def test_policy_override_with_equivalent_policies(scenario, policy, seed: int) -> None:
    a = mj.simulate(scenario, seed=seed, policy=policy)
    b = mj.simulate(scenario, seed=seed, policy=traditional_equivalent(policy))
    assert record_differences(a, b) == []
    assert a.policy == policy
    assert all(c.policy == policy for c in a.scenario.companies)


@given(scenarios(), internal_freelance, seeds)
def test_policies_share_population_entries_and_retirements(scenario, flex, seed: int) -> None:
    """Common random numbers: under any two policies the same seed gives the same
    starting population, the same entrants and the same retirement dates."""
    a = tracked_run(scenario, seed=seed, policy=mj.TraditionalEmployment())
    b = tracked_run(scenario, seed=seed, policy=flex)

    def placements(run: TrackedRun) -> list[tuple[int, int, str, float]]:
        return [
            (e.worker, e.company, e.detail["role"], e.detail["wage"])
            for e in run.log.of_kind("hire")
            if e.time == 0.0
        ]

    def entries(run: TrackedRun) -> list[tuple[float, int, float]]:
        return [(e.time, e.worker, e.detail["age"]) for e in run.log.of_kind("entry")]

    def retirements(run: TrackedRun) -> list[tuple[float, int]]:
        return [(e.time, e.worker) for e in run.log.of_kind("retire")]

    assert placements(a) == placements(b)
    assert entries(a) == entries(b)
    assert retirements(a) == retirements(b)
    wa, wb = a.result.workers, b.result.workers
    assert len(wa) == len(wb)
    for x, y in zip(wa, wb, strict=True):
        assert (x.interests, x.mover, x.age_years) == (y.interests, y.mover, y.age_years)


# ============================================================ known results


def _frozen_world() -> mj.Scenario:
    """Nobody can leave: no offers, no layoffs, no quits out of the labour force,
    retirement far beyond the run."""
    base = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=4.0)
    population = mj.Population(
        outside_workers=base.population.outside_workers,
        withdrawal_rate_per_year=0.0,
        age_max_years=40.0,
        retirement_age_min_years=88.0,
        retirement_age_mode_years=89.0,
        retirement_age_max_years=90.0,
    )
    return attrs.evolve(
        with_market(
            base,
            offer_rate_per_year=0.0,
            unemployed_offer_rate_per_year=0.0,
            layoff_rate_monthly=0.0,
            layoff_new_hire_excess_monthly=0.0,
        ),
        population=population,
    )


@pytest.mark.parametrize(
    "policy", [mj.TraditionalEmployment(), mj.InternalFreelance()], ids=["traditional", "freelance"]
)
def test_nobody_separates_without_offers_layoffs_or_retirement(policy) -> None:
    scenario = _frozen_world()
    run = tracked_run(scenario, seed=3, policy=policy)
    r = run.result
    st_ = r.stats
    n_employed_at_start = sum(c.headcount for c in scenario.companies) + (
        scenario.population.outside_workers
    )
    assert all(s.censored and s.reason == "censored" for s in r.spells)
    assert len(r.spells) == n_employed_at_start == sum(c.headcount_initial for c in st_.companies)
    assert all(c.headcount_final == c.headcount_initial for c in st_.companies)
    assert sum(c.separations for c in st_.companies) == 0
    assert sum(c.hires for c in st_.companies) == 0
    assert not run.log.of_kind(*SEPARATIONS, "internal_move", "redeploy")
    assert r.moves == ()
    workers = {w.id: w for w in r.workers}
    for s in r.spells:
        w = workers[s.worker]
        assert w.state == "employed" and w.employer == s.company
        assert s.end == r.window_end_weeks
        assert s.end - s.start == pytest.approx(r.window_end_weeks - w.hire_time_weeks, abs=1e-9)
        assert s.end - s.start >= scenario.end_weeks - EPS, "tenure covers at least the whole run"
    assert not [w for w in r.workers if w.state == "retired"]
    summary = r.summary()
    assert summary.quit_rate_monthly == 0.0
    assert summary.separation_rate_monthly == 0.0
    assert summary.hops_per_10_career_years == 0.0
    assert summary.mean_headcount == pytest.approx(sum(c.headcount for c in scenario.companies))
    assert summary.retention_1y == summary.retention_2y == summary.retention_5y == 1.0
    assert math.isnan(summary.median_spell_years), "survival never reaches one half"
    if isinstance(policy, mj.InternalFreelance):
        assert r.gigs, "micro-jobs still run when nobody leaves"


def test_zero_offer_rate_runs_without_numpy_warnings() -> None:
    """A valid scenario (no outside offers) must not raise numpy floating-point warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        r = mj.simulate(_frozen_world(), seed=3, policy=mj.TraditionalEmployment())
    assert not any(sp.reason == "quit" for sp in r.spells), "no offers, so nobody quits"
    assert r.summary().quit_rate_monthly == 0.0


def test_tiny_gig_rate_does_not_crash() -> None:
    """The smallest positive rate the validator accepts must not break the engine."""
    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=0.0, horizon_years=1.0)
    r = mj.simulate(scenario, seed=1, policy=mj.InternalFreelance(gigs_per_employee_year=5e-324))
    assert r.gigs == ()
    assert r.summary().gigs_posted == 0.0


# ==================================================== learning / forgetting


def _floor(peak: np.ndarray, base: np.ndarray | None, learning: mj.Learning) -> np.ndarray:
    """Where forgetting stops: the entry level plus the kept share of the peak gain."""
    b = np.zeros_like(peak) if base is None else base
    return b + learning.forgetting_floor_share * (peak - b)


@st.composite
def _skill_states(draw: st.DrawFn, *, floor_reachable: bool = False):
    """(p, peak, use, learning, base) with p <= peak and base (entry level, or None) <= peak."""
    k = draw(st.integers(1, 8))
    learning = draw(learning_params)

    def vector() -> np.ndarray:
        return np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=k, max_size=k)))

    p, u, v = vector(), vector(), vector()
    peak = p + (1.0 - p) * u
    base = draw(st.none() | st.just(peak * v))
    if floor_reachable:
        # States the engine can reach: p between the forgetting floor and the peak.
        floor = _floor(peak, base, learning)
        p = np.clip(floor + (peak - floor) * u[::-1], floor, peak)
    use = np.array(draw(st.lists(st.just(0.0) | st.floats(0.0, 1.0), min_size=k, max_size=k)))
    return p, peak, use, learning, base


@given(
    _skill_states(), st.floats(0.0, 520.0), st.lists(st.floats(0.01, 1.0), min_size=2, max_size=30)
)
def test_advance_skills_composes(state, dt: float, weights: list[float]) -> None:
    """Lazy updating is exact: one step of dt equals many small steps summing to dt."""
    p, peak, use, learning, base = state
    one_p, one_peak = advance_skills(p, peak, use, dt, learning, base)
    steps = np.array(weights) / sum(weights) * dt
    q, q_peak = p.copy(), peak.copy()
    for h in steps:
        q, q_peak = advance_skills(q, q_peak, use, float(h), learning, base)
    np.testing.assert_allclose(q, one_p, rtol=0, atol=1e-12)
    np.testing.assert_allclose(q_peak, one_peak, rtol=0, atol=1e-12)


@given(_skill_states(), st.floats(0.0, 2000.0))
def test_advance_skills_stays_in_unit_interval(state, dt: float) -> None:
    p, peak, use, learning, base = state
    new, new_peak = advance_skills(p, peak, use, dt, learning, base)
    assert new.shape == new_peak.shape == p.shape
    assert ((new >= 0.0) & (new <= 1.0)).all()
    assert ((new_peak >= 0.0) & (new_peak <= 1.0)).all()
    assert (new_peak >= new).all() and (new_peak >= peak).all()


@given(_skill_states(floor_reachable=True), st.floats(0.0, 2000.0))
def test_learning_moves_up_and_forgetting_stops_at_the_floor(state, dt: float) -> None:
    p, peak, use, learning, base = state
    new, new_peak = advance_skills(p, peak, use, dt, learning, base)
    used = use > 0
    floor = _floor(peak, base, learning)
    assert (new[used] >= p[used] - 1e-15).all(), "use never lowers proficiency"
    assert (new[used] <= 1.0).all()
    assert (new[~used] <= p[~used] + 1e-15).all(), "no use never raises proficiency"
    assert (new[~used] >= floor[~used] - 1e-15).all(), "forgetting stops at the floor"
    np.testing.assert_array_equal(new_peak[~used], peak[~used])
    more_use = np.where(used, np.minimum(1.0, use * 2), 0.0)
    more = advance_skills(p, peak, more_use, dt, learning, base)[0]
    assert (more[used] >= new[used] - 1e-15).all(), "more use, more learning"


def test_learning_and_forgetting_half_lives() -> None:
    learning = mj.Learning(
        learning_rate_per_week=math.log(2) / 52,
        forgetting_half_life_weeks=52.0,
        forgetting_floor_share=0.5,
    )
    p, peak = np.array([0.2, 0.8]), np.array([0.2, 0.8])
    use = np.array([1.0, 0.0])
    new, _ = advance_skills(p, peak, use, 52.0, learning)
    assert new[0] == pytest.approx(1.0 - 0.8 / 2), "a year of full use halves the gap to 1"
    assert new[1] == pytest.approx(0.4 + 0.4 / 2), "a half-life halves the distance to the floor"
    entry = np.array([0.2, 0.2])
    new, _ = advance_skills(p, peak, use, 52.0, learning, entry)
    assert new[1] == pytest.approx(0.5 + 0.3 / 2), "the floor keeps half the gain over entry"
    same, _ = advance_skills(p, peak, use, 0.0, learning)
    np.testing.assert_allclose(same, p, rtol=0, atol=1e-15)


# ====================================================== invariants of a run


def _check_spell_sanity(r: mj.RunResult) -> None:
    n_companies = len(r.company_names)
    for s in r.spells:
        assert s.end >= s.start, s
        assert 0 <= s.company < n_companies, s
        assert s.reason in (*mj.measures.EXIT_REASONS, "censored"), s
        assert s.censored == (s.reason == "censored"), s
        assert s.end <= r.window_end_weeks + EPS, s
        assert s.end >= r.window_start_weeks - EPS, "spells ending before the window are dropped"
        if s.censored:
            assert s.end == r.window_end_weeks, s
        else:
            assert s.end < r.window_end_weeks, s
        assert s.left_truncated == (s.start < r.window_start_weeks), s
        assert 14.0 - EPS <= s.age_at_start <= 90.0 + EPS, s


@given(scenarios(), seeds)
def test_spells_are_well_formed_and_one_employer_at_a_time(scenario, seed: int) -> None:
    r = mj.simulate(scenario, seed=seed)
    _check_spell_sanity(r)
    pop = scenario.population
    for w, spells in _spells_by_worker(r).items():
        assert sum(s.censored for s in spells) <= 1, f"worker {w} has two open spells"
        births = [s.start - s.age_at_start * WEEKS_PER_YEAR for s in spells]
        assert max(births) - min(births) < 1e-6, f"worker {w}: ages at start disagree"
        for s in spells:
            if s.reason == "retire":
                age = s.age_at_start + s.duration_weeks / WEEKS_PER_YEAR
                oldest = max(pop.retirement_age_max_years, pop.age_max_years + 0.5)
                assert pop.retirement_age_min_years - EPS <= age <= oldest + EPS, (w, age)
        for prev, nxt in itertools.pairwise(spells):
            assert nxt.start >= prev.end, f"worker {w}: {prev} overlaps {nxt}"
            assert not prev.censored, f"worker {w}: a spell follows a censored spell"
        for s in spells:
            if s.reason == "quit":
                hop = [x for x in spells if x.start == s.end and x is not s]
                assert hop, f"worker {w}: a quit is a job hop, but no spell starts at {s.end}"


@given(scenarios(warmup_years=st.just(0.0)), seeds)
def test_spells_tile_employment_seen_by_trackers(scenario, seed: int) -> None:
    run = tracked_run(scenario, seed=seed)
    r = run.result
    intervals, problems = employment_from_events(run.log.events)
    assert problems == []
    expected = {
        w: sorted(
            (
                iv.company,
                iv.start,
                r.window_end_weeks if iv.end is None else iv.end,
                iv.reason or "censored",
            )
            for iv in ivs
        )
        for w, ivs in intervals.items()
    }
    incumbents_hired_at = {e.worker: e.time for e in run.log.of_kind("hire")}
    actual: dict[int, list[tuple[int, float, float, str]]] = defaultdict(list)
    for s in r.spells:
        if s.left_truncated:
            # An incumbent: the tracker saw the placement at time 0.
            assert incumbents_hired_at.get(s.worker) is not None
            start = 0.0
        else:
            start = s.start
        actual[s.worker].append((s.company, start, s.end, s.reason))
    actual = {w: sorted(v) for w, v in actual.items()}
    assert actual.keys() == expected.keys()
    for w in expected:
        assert actual[w] == expected[w], f"worker {w}"


@given(scenarios(), seeds)
def test_life_course_is_consistent(scenario, seed: int) -> None:
    """Entrants start unemployed, retirement is final, and the final snapshot agrees."""
    run = tracked_run(scenario, seed=seed)
    r = run.result
    entered: dict[int, float] = {}
    retired: dict[int, float] = {}
    for e in run.log.events:
        if e.kind == "entry":
            assert e.worker not in entered, f"worker {e.worker} enters twice"
            assert e.company == -1
            entered[e.worker] = e.time
        elif e.worker >= 0 and e.kind not in ("vacancy", "review", "gig_posted", "gig_unfilled"):
            assert e.worker not in retired, f"t={e.time}: {e.kind} of retired worker {e.worker}"
            if e.kind == "hire" and e.worker in entered:
                assert e.time >= entered[e.worker]
            if e.kind == "retire":
                retired[e.worker] = e.time
    workers = r.workers
    n_initial = len(workers) - len(entered)
    assert sorted(entered) == list(range(n_initial, len(workers))), "entrants get the next ids"
    pop = scenario.population
    for w in workers:
        if w.id in retired:
            assert w.state == "retired", w.id
            assert w.age_years >= pop.retirement_age_min_years - EPS
        else:
            assert w.state != "retired", w.id
            assert w.age_years <= pop.retirement_age_max_years + EPS or w.id < n_initial
        if w.id in entered:
            assert pop.entry_age_min_years - EPS <= w.age_years
    assert sum(w.state == "employed" for w in workers) == sum(
        c.headcount_final for c in r.stats.companies
    )


@given(scenarios(), seeds)
def test_headcount_bookkeeping(scenario, seed: int) -> None:
    run = tracked_run(scenario, seed=seed)
    r, totals = run.result, run.result.stats.companies
    n = len(r.company_names)
    assert len(totals) == n
    for c, tc in enumerate(totals):
        grew = tc.headcount_final - tc.headcount_initial
        assert grew == tc.hires - tc.separations, f"company {c}"
        assert tc.hires >= 0 and tc.separations >= 0
    employed_at = defaultdict(int)
    for w in r.workers:
        if w.state == "employed":
            employed_at[w.employer] += 1
    censored_at = defaultdict(int)
    for s in r.spells:
        if s.censored:
            censored_at[s.company] += 1
    for c in range(n):
        assert totals[c].headcount_final == employed_at[c] == censored_at[c], f"company {c}"
    for c, company in enumerate(scenario.companies):
        assert totals[c].headcount_initial == company.headcount
        assert totals[c].headcount_final <= company.headcount, "never more than its positions"
    counts = run.counter.counts
    assert counts.get("hire", 0) == sum(tc.hires + tc.headcount_initial for tc in totals)
    separations = [e for e in run.log.of_kind(*SEPARATIONS) if e.company >= 0]
    assert len(separations) == sum(tc.separations for tc in totals)


@given(scenarios(), seeds)
def test_final_workers_are_consistent(scenario, seed: int) -> None:
    r = mj.simulate(scenario, seed=seed)
    workers = r.workers
    assert [w.id for w in workers] == list(range(len(workers)))
    k = len(scenario.catalog)
    open_spell = {s.worker: s for s in r.spells if s.censored}
    for w in workers:
        assert len(w.proficiency) == k
        assert all(0.0 <= x <= 1.0 for x in w.proficiency), w.id
        assert abs(sum(w.interests) - 1.0) < 1e-6
        assert 0.0 <= w.openness <= 1.0
        if w.state == "employed":
            assert math.isfinite(w.wage) and w.wage > 0.0, (
                f"worker {w.id} employed at wage {w.wage}"
            )
            s = open_spell[w.id]
            assert s.company == w.employer
            assert s.start == w.hire_time_weeks
            assert w.role in {
                role.name for role in (*scenario.companies, scenario.outside)[w.employer].roles
            }
        else:
            assert w.id not in open_spell
            assert w.wage == 0.0 and w.role is None and w.hire_time_weeks is None


_freelance_heavy = st.builds(
    mj.InternalFreelance,
    time_share=st.floats(0.05, 1.0),
    gigs_per_employee_year=st.floats(1.0, 6.0),
    min_tenure_weeks=st.floats(0.0, 30.0),
    stretch_margin=st.floats(0.1, 0.6),
    matcher=st.sampled_from([mj.BestFit(), mj.MostInterested(), mj.RandomMatch()]),
    redeployment=st.booleans(),
)
"""Freelance policies under which micro-jobs actually happen."""


@given(scenarios(policy_strategy=_freelance_heavy | policies), seeds)
def test_micro_jobs_respect_the_policy(scenario, seed: int) -> None:
    r = mj.simulate(scenario, seed=seed)
    event(f"micro-jobs on record: {bool(r.gigs)}")
    event(f"unfinished micro-jobs: {any(not g.completed for g in r.gigs)}")
    by_worker = _spells_by_worker(r)
    gd = scenario.gigs
    gigs_by_worker: dict[int, list[mj.GigRecord]] = defaultdict(list)
    assert len({g.job for g in r.gigs}) == len(r.gigs), "one record per micro-job"
    for g in r.gigs:
        policy = _policy_of(r, g.company)
        assert g.company < len(scenario.companies), "the outside market posts no micro-jobs"
        assert isinstance(policy, mj.InternalFreelance) and policy.gigs_per_employee_year > 0
        assert g.start >= r.window_start_weeks and g.end >= g.start
        assert gd.effort_min_share - EPS <= g.effort <= gd.effort_max_share + EPS
        assert g.effort <= policy.time_share + EPS
        assert g.skills_gained >= -EPS, "doing a micro-job never lowers the skills it teaches"
        assert g.bonus >= 0.0
        if not g.completed:
            assert g.bonus == 0.0, "no bonus for an unfinished micro-job"
        spell = _covering_spell(by_worker, g.worker, g.company, g.start, g.end)
        assert spell is not None, f"gig {g.job}: worker {g.worker} not employed by {g.company}"
        assert g.start - spell.start >= policy.min_tenure_weeks - EPS, "probation not respected"
        if not g.completed:
            assert g.end == r.window_end_weeks or g.end == spell.end
        gigs_by_worker[g.worker].append(g)
    for w, gigs in gigs_by_worker.items():
        for g in gigs:
            at = g.start
            load = sum(x.effort for x in gigs if x.start <= at < x.end)
            limit = _policy_of(r, g.company).time_share
            assert load <= limit + EPS, f"worker {w} at t={at}: effort {load} > time share {limit}"


@given(scenarios(policy_strategy=_freelance_heavy | policies), seeds)
def test_internal_moves_keep_the_worker(scenario, seed: int) -> None:
    r = mj.simulate(scenario, seed=seed)
    event(f"internal moves on record: {bool(r.moves)}")
    event(f"redeployments on record: {any(m.via == 'redeployment' for m in r.moves)}")
    by_worker = _spells_by_worker(r)
    for m in r.moves:
        assert m.company < len(scenario.companies)
        assert r.window_start_weeks <= m.time <= r.window_end_weeks
        spell = _covering_spell(by_worker, m.worker, m.company, m.time, m.time)
        assert spell is not None, f"move {m}: no spell at company {m.company} covers it"
        roles = {role.name for role in scenario.companies[m.company].roles}
        assert m.from_role in roles and m.to_role in roles
        policy = _policy_of(r, m.company)
        if m.via == "vacancy":
            assert m.from_role != m.to_role, "an internal fill moves someone from another role"
            assert policy.internal_fill_share > 0.0
        else:
            assert m.via == "redeployment"
            assert isinstance(policy, mj.InternalFreelance) and policy.redeployment
            # A redeployment replaces a layoff, at the base rate or the new-hire excess.
            market = scenario.market
            assert market.layoff_rate_monthly > 0.0 or market.layoff_new_hire_excess_monthly > 0.0
    # Within one spell the moves chain: each starts in the role the last one ended in.
    workers = r.workers
    chains: dict[tuple[int, float], list[mj.InternalMove]] = defaultdict(list)
    for m in sorted(r.moves, key=lambda m: m.time):
        spell = _covering_spell(by_worker, m.worker, m.company, m.time, m.time)
        assert spell is not None
        chains[m.worker, spell.start].append(m)
    for (w, start), moves in chains.items():
        for prev, nxt in itertools.pairwise(moves):
            assert nxt.from_role == prev.to_role, f"worker {w}: {prev} then {nxt}"
        final = workers[w]
        if final.state == "employed" and final.hire_time_weeks == start:
            assert final.role == moves[-1].to_role, f"worker {w} ends in another role"


# ========================================================== invalid inputs


@pytest.mark.parametrize(
    ("seed", "exc"),
    [(-1, ValueError), ("x", TypeError), (1.5, TypeError), (True, TypeError), (None, TypeError)],
)
def test_bad_seed_is_rejected(small_scenario: mj.Scenario, seed: object, exc: type) -> None:
    with pytest.raises(exc, match="seed"):
        mj.simulate(small_scenario, seed=seed)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("policy", "exc"), [(mj.BestFit(), TypeError), (mj.Market(), TypeError), ("gig", ValueError)]
)
def test_bad_policy_is_rejected(small_scenario: mj.Scenario, policy: object, exc: type) -> None:
    with pytest.raises(exc, match="policy"):
        mj.simulate(small_scenario, seed=1, policy=policy)  # type: ignore[arg-type]


def test_bad_scenario_is_rejected() -> None:
    with pytest.raises(TypeError, match="scenario"):
        mj.simulate("small", seed=1)  # type: ignore[arg-type]


def test_seed_is_keyword_only(small_scenario: mj.Scenario) -> None:
    with pytest.raises(TypeError):
        mj.simulate(small_scenario, 1)  # type: ignore[misc]


# ================================================================ trackers


def test_event_counter_counts_the_main_events(small_run: TrackedRun) -> None:
    counts = small_run.counter.counts
    for kind in ("hire", "quit", "layoff", "retire", "entry", "vacancy", "review"):
        assert counts.get(kind, 0) > 0, kind
    assert sum(counts.values()) == len(small_run.log.events)
    for kind, n in counts.items():
        assert n == len(small_run.log.of_kind(kind)), kind
    if isinstance(small_run.result.policy, mj.InternalFreelance):
        for kind in ("gig_posted", "gig_start", "gig_end"):
            assert counts.get(kind, 0) > 0, kind
        assert counts["gig_start"] == counts["gig_end"]
    else:
        assert not {"gig_posted", "gig_start", "gig_end", "redeploy"} & counts.keys()


def test_events_arrive_in_time_order(small_run: TrackedRun) -> None:
    times = [e.time for e in small_run.log.events]
    assert times == sorted(times)
    assert times[0] >= 0.0 and times[-1] <= small_run.result.window_end_weeks
    kinds = {
        "hire",
        "quit",
        "withdraw",
        "return",
        "layoff",
        "retire",
        "entry",
        "redeploy",
        "internal_move",
        "match_revealed",
        "review",
        "gig_posted",
        "gig_unfilled",
        "gig_start",
        "gig_end",
        "vacancy",
    }
    assert {e.kind for e in small_run.log.events} <= kinds


def test_gig_events_match_records(small_freelance: TrackedRun) -> None:
    r = small_freelance.result
    ws = r.window_start_weeks
    starts = {e.detail["job"]: e for e in small_freelance.log.of_kind("gig_start")}
    ends = {e.detail["job"]: e for e in small_freelance.log.of_kind("gig_end")}
    in_window = {job for job, e in starts.items() if e.time >= ws}
    assert in_window == {g.job for g in r.gigs}
    for g in r.gigs:
        assert starts[g.job].time == g.start and starts[g.job].worker == g.worker
        assert ends[g.job].time == g.end and ends[g.job].detail["completed"] == g.completed


class _UserBestFit:
    """``BestFit`` as a user would write it: not a built-in type, so run from Python."""

    def __init__(self) -> None:
        self.calls = 0

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        self.calls += 1
        return mj.BestFit().choose(fit, interest, rng)


def test_a_python_matcher_runs_like_its_compiled_twin(small_scenario: mj.Scenario) -> None:
    """The engine hands applicants to a Python matcher with the matching stream itself:
    the same choices and draws give the very same run."""
    mine = _UserBestFit()
    scenario = attrs.evolve(small_scenario, warmup_years=4.0, horizon_years=4.0)
    a = mj.simulate(scenario, seed=4, policy=mj.InternalFreelance())
    b = mj.simulate(scenario, seed=4, policy=mj.InternalFreelance(matcher=mine))
    assert mine.calls > 0
    assert record_differences(a, b) == []


@pytest.mark.parametrize("pick", [-1, 10**6, 0.5, True, None])
def test_a_matcher_that_picks_nobody_is_named(small_scenario: mj.Scenario, pick: object) -> None:
    class Broken:
        def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> Any:
            return pick

    with pytest.raises(ValueError, match=rf"matcher: .*got {re.escape(repr(pick))}"):
        mj.simulate(small_scenario, seed=1, policy=mj.InternalFreelance(matcher=Broken()))


def test_trackers_see_every_event_of_a_long_run() -> None:
    """Far more events than the engine's log holds: it is shown to trackers whenever
    it fills, none lost, in time order, and hires and separations add up to the
    companies' totals."""
    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=2.0, horizon_years=30.0)
    log = EventLog()
    result = mj.simulate(scenario, seed=2, policy=mj.InternalFreelance(), trackers=[log])
    times = [e.time for e in log.events]
    assert len(times) > 2 * 16 * 1024  # the log holds 16 Ki rows after the incumbents
    assert times == sorted(times)
    hires = [e for e in log.of_kind("hire") if e.time > 0.0]  # not the incumbents
    ends = [e for e in log.of_kind(*SEPARATIONS) if e.company >= 0]
    assert len(hires) == sum(c.hires for c in result.stats.companies)
    assert len(ends) == sum(c.separations for c in result.stats.companies)


def test_tracker_without_observe_is_rejected(small_scenario: mj.Scenario) -> None:
    with pytest.raises(TypeError, match="trackers"):
        mj.simulate(small_scenario, seed=1, trackers=[mj.EventCounter(), object()])


def test_tracker_protocol() -> None:
    assert isinstance(mj.EventCounter(), mj.Tracker)
    assert not isinstance(object(), mj.Tracker)


# ================================================================== frames


def test_to_frames(small_run: TrackedRun) -> None:
    r = small_run.result
    frames = r.to_frames()
    assert {"spells", "gigs", "moves", "workers"} <= frames.keys()
    for key, cls, records in (
        ("spells", mj.EmploymentSpell, r.spells),
        ("gigs", mj.GigRecord, r.gigs),
        ("moves", mj.InternalMove, r.moves),
    ):
        df = frames[key]
        assert isinstance(df, pd.DataFrame)
        names = [f.name for f in attrs.fields(cls)]
        assert set(names) <= set(df.columns), key
        assert len(df) == len(records), key
        if records:
            first = attrs.astuple(records[0], recurse=False)
            assert tuple(df.iloc[0][names]) == first
            assert list(df["company_name"]) == [r.company_names[x.company] for x in records]
    assert len(frames["workers"]) == len(r.workers)


def test_spells_frame_has_the_survival_layout(small_run: TrackedRun) -> None:
    r = small_run.result
    df = r.to_frames()["spells"]
    survival_columns = [
        "duration_years",
        "event",
        "entry_years",
        "reason",
        "worker",
        "company",
        "policy",
        "age_at_start",
    ]
    assert list(df.columns[: len(survival_columns)]) == survival_columns
    assert (df["duration_years"] == (df["end"] - df["start"]) / 52).all()
    assert (df["event"] == (~df["censored"]).astype(int)).all()
    assert set(df["event"]) <= {0, 1}
    truncated = df["left_truncated"]
    expected_entry = (r.window_start_weeks - df["start"]) / 52
    assert np.allclose(df.loc[truncated, "entry_years"], expected_entry[truncated])
    assert (df.loc[~truncated, "entry_years"] == 0).all()
    assert (df["entry_years"] <= df["duration_years"]).all()
    kinds = ["outside" if c == r.outside_index else _policy_of(r, c).kind for c in df["company"]]
    assert list(df["policy"]) == kinds


# ================================================================= summary


def test_summary_fields_are_floats_in_range(small_run: TrackedRun) -> None:
    r = small_run.result
    d = r.summary().as_dict()
    assert tuple(d) == RunSummary.field_names()
    for name, value in d.items():
        assert isinstance(value, float), f"{name} is {type(value).__name__}"
    nan = {k for k, v in d.items() if math.isnan(v)}
    # Retention after an internal move has no data when nobody moved.
    movers = {"retention_2y_internal_movers"} if not r.moves else set()
    allowed = movers | (GIG_FIELDS if r.policy.kind == "traditional" else frozenset())
    if r.scenario.population.graduate_share == 0.0:  # graduates' measures need graduates
        allowed |= {"graduate_hired_within_6m_share", "graduate_gap_closed_per_year"}
    if not r.scenario.platform.enabled:  # the platform's measures need the platform
        allowed |= set(mj.measures.PLATFORM_MEASURES)
    assert nan <= allowed, f"unexpected NaN: {sorted(nan - allowed)}"
    for name in SHARE_FIELDS:
        if not math.isnan(d[name]):
            assert 0.0 <= d[name] <= 1.0, name
    for name, value in d.items():
        signed = (
            "wage_growth_annual",
            "skill_gain_per_worker_year",
            "graduate_gap_closed_per_year",
        )
        if name not in signed and "drift" not in name and not math.isnan(value):
            assert value >= 0.0, name
    positions = sum(c.headcount for c in r.scenario.companies)
    assert 0.0 < d["mean_headcount"] <= positions * (1.0 + 1e-12)
    assert d["skill_breadth"] <= len(r.scenario.catalog)
    if isinstance(r.policy, mj.InternalFreelance):
        assert d["gigs_posted"] > 0
        assert 0.0 < d["gig_participation_share"] <= 1.0
        assert d["gigs_filled"] <= d["gigs_posted"]
    else:
        assert d["gigs_posted"] == 0.0 and d["gigs_filled"] == 0.0
        assert d["redeployments_per_employee_year"] == 0.0


def test_summary_agrees_with_records(small_run: TrackedRun) -> None:
    """Recompute the count-based measures from the records."""
    _check_summary_against_records(small_run.result)
    assert small_run.result.summary().hops_per_10_career_years > 0.0


@given(scenarios(), seeds)
def test_summary_agrees_with_records_in_any_scenario(scenario, seed: int) -> None:
    r = mj.simulate(scenario, seed=seed)
    _check_summary_against_records(r)
    d = r.summary().as_dict()
    for name in SHARE_FIELDS:
        assert math.isnan(d[name]) or 0.0 <= d[name] <= 1.0, name
    positions = sum(c.headcount for c in scenario.companies)
    assert 0.0 < d["mean_headcount"] <= positions * (1.0 + 1e-12)


def _check_summary_against_records(r: mj.RunResult) -> None:
    s = r.summary()
    n_sim = len(r.scenario.companies)
    years = (r.window_end_weeks - r.window_start_weeks) / WEEKS_PER_YEAR
    employee_years = s.mean_headcount * years
    months = employee_years * 12.0
    sim_spells = [x for x in r.spells if x.company < n_sim]
    count = {k: sum(x.reason == k for x in sim_spells) for k in SEPARATIONS}
    approx = pytest.approx
    assert s.quit_rate_monthly * months == approx(count["quit"] + count["withdraw"])
    assert s.hop_rate_monthly * months == approx(count["quit"])
    assert s.layoff_rate_monthly * months == approx(count["layoff"])
    assert s.separation_rate_monthly * months == approx(sum(count.values()))
    assert s.turnover_rate_annual == approx(12.0 * s.separation_rate_monthly)
    assert s.internal_moves_per_employee_year * employee_years == approx(len(r.moves))
    redeployments = sum(m.via == "redeployment" for m in r.moves)
    assert s.redeployments_per_employee_year * employee_years == approx(redeployments)
    assert s.gigs_filled == len(r.gigs)
    deflated = sum(g.bonus / float(wage_index(r, g.end)) for g in r.gigs)
    assert s.gig_bonus_per_employee_year * employee_years == approx(deflated)
    if r.gigs:
        assert s.gig_effort_share_mean == approx(np.mean([g.effort for g in r.gigs]))
        employees = {x.worker for x in sim_spells}
        participants = {g.worker for g in r.gigs} & employees
        assert s.gig_participation_share == approx(len(participants) / len(employees))
    # Tenure: everyone employed on each anniversary of the window's end, pooled.
    dates = [r.window_end_weeks - k * WEEKS_PER_YEAR for k in range(int(years + 1e-9) + 1)]
    surveyed = [
        (x, (d - x.start) / WEEKS_PER_YEAR)
        for d in dates
        for x in r.spells
        if x.start <= d and (x.end > d or x.censored)
    ]
    tenure = np.array([te for x, te in surveyed if x.company < n_sim])
    assert s.median_tenure_years == approx(float(np.median(tenure)))
    everyone = np.array([te for _, te in surveyed])
    assert s.median_tenure_years_all == approx(float(np.median(everyone)))
    assert s.share_tenure_le_1y == approx(float(np.mean(everyone <= 1.0)))


def test_summary_is_cached_and_stable(small_run: TrackedRun) -> None:
    r = small_run.result
    assert r.summary() is r.summary()
    assert summary_differences(r.summary(), attrs.evolve(r.summary())) == {}


_NO_JIT_SCRIPT = """
import json, attrs, microjob as mj
scenario = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)
result = mj.simulate(scenario, seed=5, policy=mj.InternalFreelance())
counts = [len(result.spells), len(result.gigs), len(result.moves)]
print(json.dumps([counts, result.summary().as_dict()]))
"""


def test_the_engine_runs_uncompiled_for_debugging() -> None:
    """With ``NUMBA_DISABLE_JIT=1`` the engine's functions run as plain Python (for a
    debugger): the same run, up to the last bits of a float."""

    def run(disable: str) -> tuple[Any, dict[str, float]]:
        env = {**os.environ, "NUMBA_DISABLE_JIT": disable}
        proc = subprocess.run(
            [sys.executable, "-c", _NO_JIT_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        counts, summary = json.loads(proc.stdout)
        return counts, summary

    compiled, plain = run("0"), run("1")
    assert compiled[0] == plain[0] and compiled[0][1] > 0
    for key, value in compiled[1].items():
        assert plain[1][key] == pytest.approx(value, rel=1e-9, nan_ok=True), key
