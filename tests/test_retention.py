"""Retention measures of a run: the summary fields and the run-level survival helpers.

The survival estimators themselves are tested against lifelines in
``test_survival.py``; here lifelines and plain loops over the records check
that a run's spells reach the estimators the way the documentation says.
"""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest
from lifelines import KaplanMeierFitter

import microjob as mj
from microjob import measures

from .helpers import TrackedRun

WEEKS = 52.0


def _simulated_spells(r: mj.RunResult) -> list[mj.EmploymentSpell]:
    return [s for s in r.spells if s.company != r.outside_index]


def _lifelines_km(
    durations: list[float], events: list[bool], entry: list[float]
) -> KaplanMeierFitter:
    return KaplanMeierFitter().fit(durations, events, entry=entry)


def test_summary_retention_is_kaplan_meier_with_delayed_entry(small_run: TrackedRun) -> None:
    r = small_run.result
    spells = _simulated_spells(r)
    assert any(s.left_truncated for s in spells), "the check needs left-truncated spells"
    km = _lifelines_km(
        [(s.end - s.start) / WEEKS for s in spells],
        [not s.censored for s in spells],
        [max(0.0, r.window_start_weeks - s.start) / WEEKS for s in spells],
    )
    summary = r.summary()
    for years, field in ((1.0, "retention_1y"), (2.0, "retention_2y"), (5.0, "retention_5y")):
        expected = float(km.survival_function_at_times(years).iloc[0])
        assert getattr(summary, field) == pytest.approx(expected, abs=1e-10), field
    median = km.median_survival_time_
    if math.isinf(median):
        assert math.isnan(summary.median_spell_years)
    else:
        assert summary.median_spell_years == pytest.approx(median, abs=1e-10)


def test_ignoring_delayed_entry_would_change_retention(small_traditional: TrackedRun) -> None:
    """Left truncation matters: without it the estimate differs (so the test above has teeth)."""
    r = small_traditional.result
    t = measures.spell_table(r)
    sim = t["company"] < r.outside_index
    naive = mj.kaplan_meier(t["duration_years"][sim], t["event"][sim])
    assert naive.at(2.0) != pytest.approx(r.summary().retention_2y, abs=1e-6)


def _first_moves(r: mj.RunResult) -> dict[tuple[int, float], float]:
    """(worker, spell start) -> time of the spell's first in-window move, by plain loops."""
    out: dict[tuple[int, float], float] = {}
    for s in _simulated_spells(r):
        times = [m.time for m in r.moves if m.worker == s.worker and s.start <= m.time <= s.end]
        if times:
            out[(s.worker, s.start)] = min(times)
    return out


def test_first_move_weeks_matches_a_loop_over_the_moves(small_freelance: TrackedRun) -> None:
    r = small_freelance.result
    t = measures.spell_table(r)
    first = measures.first_move_weeks(r)
    found = {
        (int(t["worker"][i]), float(t["start"][i])): float(first[i])
        for i in np.flatnonzero(np.isfinite(first))
    }
    assert found == _first_moves(r) and len(found) >= 5


def test_movers_retention_follows_spells_from_their_first_move(small_freelance: TrackedRun) -> None:
    r = small_freelance.result
    firsts = _first_moves(r)
    assert len(firsts) >= 5, "the check needs internal movers"
    spells = {(s.worker, s.start): s for s in _simulated_spells(r)}
    durations = [(spells[k].end - t) / WEEKS for k, t in firsts.items()]
    events = [not spells[k].censored for k in firsts]
    km = KaplanMeierFitter().fit(durations, events)
    expected = float(km.survival_function_at_times(2.0).iloc[0])
    assert r.summary().retention_2y_internal_movers == pytest.approx(expected, abs=1e-10)


def test_non_movers_are_censored_at_the_move_and_compared_at_the_same_tenure(
    small_freelance: TrackedRun,
) -> None:
    r = small_freelance.result
    firsts = _first_moves(r)
    durations, events, entry = [], [], []
    for s in _simulated_spells(r):
        moved = firsts.get((s.worker, s.start))
        end = s.end if moved is None else moved
        durations.append((end - s.start) / WEEKS)
        events.append(moved is None and not s.censored)
        entry.append(max(0.0, r.window_start_weeks - s.start) / WEEKS)
    km = _lifelines_km(durations, events, entry)
    starts = {(s.worker, s.start) for s in _simulated_spells(r)}
    assert set(firsts) <= starts
    ratios = []
    for (_, start), t in firsts.items():
        tau = (t - start) / WEEKS
        before = float(km.survival_function_at_times(tau).iloc[0])
        if before > 0:
            ratios.append(float(km.survival_function_at_times(tau + 2.0).iloc[0]) / before)
    assert r.summary().retention_2y_non_movers == pytest.approx(float(np.mean(ratios)), abs=1e-10)


def test_retention_measures_are_shares(small_run: TrackedRun) -> None:
    d = small_run.result.summary().as_dict()
    one, two, five = d["retention_1y"], d["retention_2y"], d["retention_5y"]
    assert 0.0 <= five <= two <= one <= 1.0
    assert 0.0 <= d["retention_2y_non_movers"] <= 1.0
    if d["median_spell_years"] == d["median_spell_years"]:
        assert (d["median_spell_years"] <= 2.0) == (two <= 0.5)


# --------------------------------------------------------------- run helpers


def test_retention_curve_by_policy_splits_a_mixed_run() -> None:
    s = mj.scenarios.small()
    flex_company = attrs.evolve(s.companies[1], policy=mj.InternalFreelance())
    mixed = attrs.evolve(s, companies=(s.companies[0], flex_company))
    r = mj.simulate(mixed, seed=2)
    trad = measures.retention_curve(r, policy="traditional")
    flex = measures.retention_curve(r, policy="internal_freelance")
    both = measures.retention_curve(r)
    assert trad.n + flex.n == both.n
    t = measures.spell_table(r)
    assert trad.n == int(np.count_nonzero(t["company"] == 0))
    assert flex.n == int(np.count_nonzero(t["company"] == 1))


def test_retention_curve_rejects_an_absent_policy(small_traditional: TrackedRun) -> None:
    with pytest.raises(ValueError, match=r"policy: no spells .*'internal[-_]freelance'"):
        measures.retention_curve(small_traditional.result, policy="internal_freelance")


def test_tenure_hazard_by_reason_adds_up(small_run: TrackedRun) -> None:
    r = small_run.result
    total = measures.tenure_hazard(r)
    parts = [measures.tenure_hazard(r, reason=k) for k in measures.EXIT_REASONS]
    assert np.array_equal(sum(p.events for p in parts), total.events)
    for p in parts:
        assert np.array_equal(p.exposure, total.exposure)
    choices = "quit, withdraw, layoff, retire"
    with pytest.raises(ValueError, match=f"reason: must be one of {choices}, got 'hop'"):
        measures.tenure_hazard(r, reason="hop")


def test_exit_incidence_splits_separations_by_reason(small_run: TrackedRun) -> None:
    r = small_run.result
    cr = measures.exit_incidence(r)
    assert set(cr.causes) <= set(measures.EXIT_REASONS)
    km = measures.retention_curve(r)
    assert np.allclose(cr.survival, km.survival, atol=1e-12)
    assert np.allclose(cr.incidence.sum(axis=1) + cr.survival, 1.0, atol=1e-12)


def test_spell_table_is_cached_and_matches_the_records(small_run: TrackedRun) -> None:
    r = small_run.result
    t = r.spell_table
    assert r.spell_table is t
    fresh = measures.spell_table(r)
    assert fresh.keys() == t.keys()
    assert all(np.array_equal(fresh[k], t[k]) for k in t)
    assert len(t["worker"]) == len(r.spells)
    assert list(t["reason"]) == [s.reason for s in r.spells]
    assert np.array_equal(t["event"] == 0, [s.censored for s in r.spells])


def test_survival_data_is_the_simulated_companies_spells(small_freelance: TrackedRun) -> None:
    r = small_freelance.result
    spells = _simulated_spells(r)
    durations, observed, entry = measures.survival_data(r)
    assert durations.tolist() == [(s.end - s.start) / WEEKS for s in spells]
    assert observed.tolist() == [not s.censored for s in spells]
    assert entry.tolist() == [max(0.0, r.window_start_weeks - s.start) / WEEKS for s in spells]
    _, quits, _ = measures.survival_data(r, reason="quit")
    assert quits.tolist() == [s.reason == "quit" for s in spells]


def test_curve_confidence_limits_at_any_time() -> None:
    km = mj.kaplan_meier([1.0, 2.0, 3.0, 4.0], [1, 1, 0, 1])
    assert km.ci_at(0.5) == (1.0, 1.0)
    low, high = km.ci_at([2.0, 2.5])
    assert low.tolist() == [km.ci_low[1]] * 2 and high.tolist() == [km.ci_high[1]] * 2
    na = mj.nelson_aalen([1.0, 2.0])
    assert na.ci_at(0.0) == (0.0, 0.0)
