"""Calibration targets, their measures, validation and the calibration search.

The measures are checked on hand-built data whose answer is known, and on a
real run against an independent loop over its records; ``validate`` on the
real baseline; ``calibrate`` on a stand-in simulation (exact and fast) and on
a small real scenario whose answer is known because it was made from a known
parameter value.
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob import calibration, experiment
from microjob.bls import (
    elapsed_tenure,
    jobs_held_in_band,
    jobs_held_per_person,
    median_elapsed_tenure,
    monthly_rate,
    share_at_most,
    survey_dates,
)
from microjob.calibration import PLAUSIBILITY, TARGETS, Target
from microjob.cli import main
from microjob.scenario import WEEKS_PER_YEAR

from .helpers import TrackedRun

Y = WEEKS_PER_YEAR


# ================================================================= measures on known data


def test_median_elapsed_tenure_of_1_to_9_years_is_5() -> None:
    assert median_elapsed_tenure(np.arange(1.0, 10.0)) == 5.0
    assert median_elapsed_tenure([9.0, 1.0, 4.0, 2.0]) == 3.0  # even count: mean of the middle
    assert math.isnan(median_elapsed_tenure([]))


def test_share_at_most_counts_the_limit_itself() -> None:
    assert share_at_most([0.25, 1.0, 1.5, 3.0], 1.0) == 0.5
    assert share_at_most(np.arange(1.0, 10.0), 1.0) == pytest.approx(1 / 9)
    assert math.isnan(share_at_most([], 1.0))


def test_survey_dates_are_the_window_end_and_each_year_back_to_its_start() -> None:
    assert survey_dates(10 * Y, 13 * Y).tolist() == [13 * Y, 12 * Y, 11 * Y, 10 * Y]
    assert survey_dates(10 * Y, 12.5 * Y).tolist() == [12.5 * Y, 11.5 * Y, 10.5 * Y]
    assert survey_dates(0.0, 0.5 * Y).tolist() == [0.5 * Y]


def test_elapsed_tenure_pools_everyone_employed_at_each_date() -> None:
    # Spells in years: [0, 3) ended, [1, 5) ended, [2, 5] still running at the end (5).
    start = np.array([0.0, 1.0, 2.0]) * Y
    end = np.array([3.0, 5.0, 5.0]) * Y
    running = np.array([False, False, True])
    tenure, spell = elapsed_tenure(start, end, running, [5 * Y, 4 * Y, 2 * Y])
    # At 5: only the running spell (the one ending at 5 no longer counts), tenure 3.
    # At 4: spells 1 and 2 (tenures 3 and 2). At 2: all three (2, 1, 0).
    assert spell.tolist() == [2, 1, 2, 0, 1, 2]
    assert tenure.tolist() == pytest.approx([3.0, 3.0, 2.0, 2.0, 1.0, 0.0])
    assert median_elapsed_tenure(tenure) == 2.0
    empty, none = elapsed_tenure([], [], [], [1.0])
    assert empty.size == 0 and none.size == 0


def test_monthly_rate_is_count_over_employee_months() -> None:
    # 24 quits over 100 employee-years (1,200 employee-months): 2% a month.
    assert monthly_rate(24, 100.0) == pytest.approx(0.02)
    assert monthly_rate(0, 5.0) == 0.0
    assert math.isnan(monthly_rate(3, 0.0))


def test_jobs_held_adds_the_job_held_on_entering_the_band() -> None:
    # 30 jobs started in 100 person-years of a ten-year band: 3 per person;
    # 45 of 50 people were employed on reaching the band: + 0.9.
    assert jobs_held_per_person(30, 100.0, 45, 50) == pytest.approx(3.9)
    assert jobs_held_per_person(6, 30.0, 1, 2, band_years=5.0) == pytest.approx(1.5)


def _worker_spells(
    birth: float, ages: list[tuple[float, float]]
) -> list[tuple[float, float, float]]:
    """(start, end, age at start) in weeks for spells given as (age at start, age at end)."""
    return [(birth + a * Y, birth + b * Y, a) for a, b in ages]


def _band_inputs(
    people: list[tuple[float, float, list[tuple[float, float]]]],
) -> dict[str, Any]:
    """Arrays for :func:`jobs_held_in_band` from (birth, entry age, spells by age) per person."""
    worker, start, end, age0 = [], [], [], []
    birth, entry, exit_ = [], [], []
    for w, (b, entry_age, spells) in enumerate(people):
        birth.append(b)
        entry.append(b + entry_age * Y)
        exit_.append(math.inf)
        for s, e, a in _worker_spells(b, spells):
            worker.append(w)
            start.append(s)
            end.append(e)
            age0.append(a)
    return {
        "spell_worker": worker,
        "spell_start": start,
        "spell_end": end,
        "spell_age_at_start": age0,
        "birth_weeks": birth,
        "entry_weeks": entry,
        "exit_weeks": exit_,
    }


def test_a_job_spanning_two_age_bands_counts_in_each() -> None:
    # Someone who turns 25 when the window opens, followed to 45:
    # jobs at ages [20, 27), [27, 30), [30, 40), [40, 45). NLSY counts jobs held
    # in a band, so 3 at 25-34 (the first began before 25) and 2 at 35-44
    # (the job begun at 30 counts in both bands).
    person = (-25 * Y, 20.0, [(20, 27), (27, 30), (30, 40), (40, 45)])
    args = _band_inputs([person])
    window = (0.0, 20 * Y)
    started, held = jobs_held_in_band(**args, window=window, band=(25, 35))
    assert (started, held) == (pytest.approx(2.0), pytest.approx(3.0))
    started, held = jobs_held_in_band(**args, window=window, band=(35, 45))
    assert (started, held) == (pytest.approx(1.0), pytest.approx(2.0))


def test_someone_not_employed_on_reaching_the_band_adds_no_held_job() -> None:
    # The second person lost their first job at 24.5 and was hired again at 26:
    # one job held at 25-34. The mean over both people is (3 + 1) / 2.
    first = (-25 * Y, 20.0, [(20, 27), (27, 30), (30, 40), (40, 45)])
    second = (-25 * Y, 20.0, [(20, 24.5), (26, 45)])
    args = _band_inputs([first, second])
    started, held = jobs_held_in_band(**args, window=(0.0, 20 * Y), band=(25, 35))
    assert started == pytest.approx(1.5)
    assert held == pytest.approx(2.0)


def test_a_job_begun_exactly_on_reaching_the_band_counts_once() -> None:
    person = (-25 * Y, 20.0, [(20, 25), (25, 45)])
    args = _band_inputs([person])
    started, held = jobs_held_in_band(**args, window=(0.0, 20 * Y), band=(25, 35))
    assert (started, held) == (pytest.approx(1.0), pytest.approx(1.0))


def test_jobs_held_without_anyone_in_the_band_is_nan() -> None:
    person = (-60 * Y, 20.0, [(20, 65)])
    args = _band_inputs([person])
    started, held = jobs_held_in_band(**args, window=(0.0, 5 * Y), band=(25, 35))
    assert math.isnan(started) and math.isnan(held)


# ================================================================= measures on a real run


def _independent_measures(r: mj.RunResult, run: TrackedRun) -> dict[str, float]:
    """The calibration measures recomputed with plain loops over records and events."""
    ws, we = r.window_start_weeks, r.window_end_weeks
    # JOLTS: separations from the tracker's events (any employer, in the window),
    # employment from the spells' overlap with the window.
    # JOLTS quits: to another job ("quit") or into non-employment ("withdraw").
    quit_events = [*run.log.of_kind("quit"), *run.log.of_kind("withdraw")]
    quits = sum(1 for e in quit_events if ws <= e.time <= we)
    layoffs = sum(1 for e in run.log.of_kind("layoff") if ws <= e.time <= we)
    retires = sum(1 for e in run.log.of_kind("retire") if ws <= e.time <= we and e.company >= 0)
    hires = sum(1 for e in run.log.of_kind("hire") if ws <= e.time <= we)
    months = sum(max(0.0, min(s.end, we) - max(s.start, ws)) for s in r.spells) / Y * 12.0
    out = {
        "quit_rate_monthly_all": quits / months,
        "layoff_rate_monthly_all": layoffs / months,
        "hire_rate_monthly_all": hires / months,
        "separation_rate_monthly_all": (quits + layoffs + retires) / months,
    }

    def quit_rate(a: float, b: float) -> float:
        n = sum(1 for e in quit_events if a <= e.time < b)
        return n / (sum(max(0.0, min(s.end, b) - max(s.start, a)) for s in r.spells) / Y * 12.0)

    out["quit_rate_drift_monthly"] = quit_rate(we - Y, we) - quit_rate(ws, ws + Y)
    # BLS: everyone employed on each anniversary of the window's end back to its start,
    # tenure to that date and age then, pooled over the dates.
    employed = []
    d = we
    while d >= ws - 1e-6:
        for s in r.spells:
            if s.start <= d and (s.end > d or s.censored):
                employed.append(((d - s.start) / Y, s.age_at_start + (d - s.start) / Y))
        d -= Y
    tenures = [t for t, _ in employed]
    out["median_tenure_years_all"] = statistics.median(tenures)
    out["share_tenure_ge_10y_age_25_plus"] = sum(t >= 10.0 for t, a in employed if a >= 25) / sum(
        1 for _, a in employed if a >= 25
    )

    def median_at(d: float) -> float:
        return statistics.median(
            (d - s.start) / Y for s in r.spells if s.start <= d and (s.end > d or s.censored)
        )

    out["median_tenure_drift_years"] = median_at(we) - median_at(ws)
    out["share_tenure_le_1y"] = sum(t <= 1.0 for t in tenures) / len(tenures)
    for lo, hi in ((25, 35), (55, 65)):
        out[f"median_tenure_years_age_{lo}_{hi - 1}"] = statistics.median(
            t for t, a in employed if lo <= a < hi
        )
    # NLSY: per worker, jobs started in the band and employment on reaching it.
    people = r.stats.workers
    birth, entry, exit_ = people.birth_weeks, people.entry_weeks, people.exit_weeks
    by_worker: dict[int, list[mj.EmploymentSpell]] = defaultdict(list)
    for s in r.spells:
        by_worker[s.worker].append(s)
    for lo, hi in ((25, 35), (35, 45), (45, 55)):
        started = 0
        person_years = reaching = held = 0.0
        for w in range(len(birth)):
            a, b = max(entry[w], birth[w] + lo * Y, ws), min(exit_[w], birth[w] + hi * Y, we)
            person_years += max(0.0, b - a) / Y
            started += sum(ws <= s.start and lo <= s.age_at_start < hi for s in by_worker[w])
            t = birth[w] + lo * Y
            if ws <= t < we and entry[w] <= t < exit_[w]:
                reaching += 1
                held += any(s.start < t < s.end for s in by_worker[w])
        out[f"jobs_held_age_{lo}_{hi - 1}"] = 10.0 * started / person_years + held / reaching
    return out


def test_calibration_measures_match_an_independent_count(small_traditional: TrackedRun) -> None:
    r = small_traditional.result
    summary = r.summary().as_dict()
    expected = _independent_measures(r, small_traditional)
    for name, value in expected.items():
        assert summary[name] == pytest.approx(value, rel=1e-9), name


def test_without_spells_out_of_the_labour_force_nobody_is_out(small: mj.Scenario) -> None:
    pop = attrs.evolve(small.population, withdrawal_rate_per_year=0.0)
    s = mj.simulate(attrs.evolve(small, population=pop), seed=4).summary()
    assert s.out_of_labour_force_share == 0.0
    assert s.hop_rate_monthly == s.quit_rate_monthly  # every quit is a job hop
    assert 0.0 < s.share_jobs_ended_within_1y_age_35_44 < s.share_jobs_ended_within_1y_age_25_34


def test_quits_into_non_employment_are_quits_but_not_hops(small: mj.Scenario) -> None:
    pop = attrs.evolve(small.population, withdrawal_rate_per_year=0.1, withdrawal_mean_years=2.0)
    r = mj.simulate(attrs.evolve(small, population=pop), seed=4)
    s = r.summary()
    sim = r.stats.simulated
    hops = sum(c.quits for c in sim)
    withdrawals = sum(c.withdrawals for c in sim)
    assert withdrawals > 0
    assert s.quit_rate_monthly == pytest.approx(s.hop_rate_monthly * (hops + withdrawals) / hops)
    # Out of the labour force: r D / (1 + r D) of the time of people who would be employed,
    # 1/6 here; a little less over whole careers (unemployment, time before a first job).
    assert 0.08 < s.out_of_labour_force_share < 1.0 / 6.0 + 0.02
    reasons = {spell.reason for spell in r.spells}
    assert "withdraw" in reasons and {w.state for w in r.workers} >= {"inactive"}


def test_economy_wide_rates_include_the_outside_market(small_traditional: TrackedRun) -> None:
    s = small_traditional.result.summary()
    # The outside market is most of employment; its rates differ from the companies'.
    assert s.quit_rate_monthly_all != s.quit_rate_monthly
    assert 0.0 < s.layoff_rate_monthly_all < 0.05
    for lo, hi in ((25, 34), (35, 44), (45, 54)):
        gap = getattr(s, f"jobs_held_age_{lo}_{hi}") - getattr(s, f"jobs_started_age_{lo}_{hi}")
        assert -1e-12 <= gap <= 1.0 + 1e-12  # the share employed on reaching the band


def test_every_target_names_a_summary_field_and_a_source() -> None:
    for t in (*TARGETS, *PLAUSIBILITY):
        assert t.measure in mj.RunSummary.field_names()
        assert t.source and t.reference and t.definition
        lo, hi = t.band
        assert lo <= t.low <= t.value <= t.high <= hi
    assert {t.name for t in TARGETS}.isdisjoint({t.name for t in PLAUSIBILITY})


def test_target_bands() -> None:
    point = Target(name="x", measure="median_tenure_years_all", low=4.0, high=4.0)
    assert point.band == pytest.approx((3.4, 4.6))
    assert point.contains(3.4) and point.contains(4.6)
    assert not point.contains(3.39) and not point.contains(math.nan)
    ranged = Target(name="y", measure="quit_rate_monthly_all", low=0.02, high=0.03, tolerance=0.0)
    assert ranged.value == pytest.approx(0.025)
    assert ranged.band == (0.02, 0.03)
    with pytest.raises(ValueError, match="not a RunSummary field"):
        Target(name="z", measure="no_such_measure", low=1.0, high=1.0)
    with pytest.raises(ValueError, match="low <= high"):
        Target(name="z", measure="mean_headcount", low=2.0, high=1.0)


# ================================================================= validate


@pytest.fixture(scope="module")
def baseline_report() -> calibration.ValidationReport:
    """The real baseline, 4 replications on a 2-process pool (about 10 s on 2 cores)."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        return calibration.validate(
            mj.scenarios.baseline(), replications=4, seed=2026, executor=pool
        )


@pytest.mark.slow
def test_validate_reports_every_target(baseline_report: calibration.ValidationReport) -> None:
    report = baseline_report
    assert [r.name for r in report.rows] == [t.name for t in TARGETS]
    assert report.policy == "traditional" and report.replications == 4
    for row, target in zip(report.rows, TARGETS, strict=True):
        assert row.n == 4
        assert row.ci_low <= row.measured <= row.ci_high
        assert row.passed == target.contains(row.measured)
        assert (row.band_low, row.band_high) == target.band
        values = report.comparison.values("traditional", target.measure)
        assert row.measured == pytest.approx(float(np.mean(values)))
    assert report.all_passed == all(r.passed for r in report.rows)
    text = str(report)
    for t in TARGETS:
        assert t.label in text and t.source in text
    assert f"{sum(r.passed for r in report.rows)} of {len(TARGETS)} targets pass" in text
    frame = report.to_frame()
    groups = (report.rows, report.held_out, report.stationarity)
    assert len(frame) == sum(map(len, groups))
    assert set(frame["kind"]) == {"target", "held-out", "stationarity"}
    assert [r.name for r in report.held_out] == [t.name for t in calibration.HELD_OUT]
    assert [r.name for r in report.stationarity] == [t.name for t in calibration.STATIONARITY]
    assert report.stationary == all(r.passed for r in report.stationarity)
    assert "held-out facts" in text and "stationarity" in text


@pytest.mark.slow
def test_the_baseline_meets_every_calibration_target(
    baseline_report: calibration.ValidationReport,
) -> None:
    # Seeds the calibration search never saw; docs/validation.md shows seed 1.
    assert baseline_report.all_passed, str(baseline_report)


@pytest.mark.slow
def test_the_baseline_window_is_stationary(
    baseline_report: calibration.ValidationReport,
) -> None:
    # A warm-up shorter than a working life left median tenure rising by about a year
    # across the window; after the burn-in neither it nor the quit rate drifts beyond
    # sampling noise: each mean is inside its band and its interval covers 0.
    assert baseline_report.stationary, str(baseline_report)
    for row in baseline_report.stationarity:
        assert row.ci_low <= 0.0 <= row.ci_high, row


def test_nlsy_job_counts_are_compared_unscaled() -> None:
    assert not hasattr(mj.bls, "NLSY79_LABOUR_FORCE_SHARE")
    jobs = [t for t in TARGETS if t.name.startswith("jobs_held_")]
    assert [t.measure for t in jobs] == [f"jobs_held_age_{b}" for b in ("25_34", "35_44", "45_54")]
    assert not any("nlsy" in name for name in mj.RunSummary.field_names())


@pytest.fixture(scope="module")
def small() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=3.0, horizon_years=6.0)


def test_validate_is_deterministic_and_serial_equals_parallel(small: mj.Scenario) -> None:
    a = calibration.validate(small, replications=2, seed=3)
    with ProcessPoolExecutor(max_workers=2) as pool:
        b = calibration.validate(small, replications=2, seed=3, executor=pool)
    assert str(a) == str(b)
    assert [attrs.astuple(r) for r in a.rows] == [attrs.astuple(r) for r in b.rows]


def test_plausibility_figures_never_decide_the_verdict(small: mj.Scenario) -> None:
    report = calibration.validate(
        small, replications=2, seed=3, plausibility_policy=mj.InternalFreelance()
    )
    assert [r.name for r in report.plausibility] == [t.name for t in PLAUSIBILITY]
    assert {r.policy for r in report.plausibility} == {"internal-freelance"}
    assert report.all_passed == all(r.passed for r in report.rows)
    assert "plausibility figures, internal-freelance arm" in str(report)
    plain = calibration.validate(small, replications=2, seed=3)
    assert plain.plausibility == ()
    # The traditional arm is the same runs with or without the extra arm (common seeds).
    assert [r.measured for r in plain.rows] == [r.measured for r in report.rows]


def test_report_writes_csv_and_figures(small: mj.Scenario, tmp_path: Path) -> None:
    report = calibration.validate(small, replications=2, seed=3)
    path = report.write_csv(tmp_path / "validation.csv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    groups = (TARGETS, calibration.HELD_OUT, calibration.STATIONARITY)
    assert [r["name"] for r in rows] == [t.name for g in groups for t in g]
    assert float(rows[0]["measured"]) == report.rows[0].measured  # written exactly
    paths = report.save_figures(tmp_path / "figures", prefix="validation_")
    assert sorted(p.name for p in paths) == [
        "validation_jobs_by_age.png",
        "validation_jolts.png",
        "validation_tenure_by_age.png",
    ]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in paths)


# ================================================================= distance and parameters


def test_distance_is_the_weighted_mean_squared_relative_deviation() -> None:
    a = Target(name="a", measure="quit_rate_monthly_all", low=0.02, high=0.02)
    b = Target(name="b", measure="median_tenure_years_all", low=4.0, high=4.0)
    exact = {"quit_rate_monthly_all": 0.02, "median_tenure_years_all": 4.0}
    assert calibration.distance(exact, [a, b]) == 0.0
    off = {"quit_rate_monthly_all": 0.022, "median_tenure_years_all": 4.0}  # 10% off
    assert calibration.distance(off, [a, b]) == pytest.approx(0.01 / 2)
    assert calibration.distance(off, [a, b], {"a": 3.0}) == pytest.approx(0.03 / 4)
    missing = {"median_tenure_years_all": 4.0}
    assert calibration.distance(missing, [a, b]) == pytest.approx(100.0 / 2)
    with pytest.raises(ValueError, match="unknown target 'c'"):
        calibration.distance(exact, [a, b], {"c": 1.0})


def test_apply_parameters_uses_sweep_paths(small: mj.Scenario) -> None:
    s = calibration.apply_parameters(
        small, {"market.offer_rate_per_year": 0.7, "companies[*].hiring_delay_weeks": 4.0}
    )
    assert s.market.offer_rate_per_year == 0.7
    assert all(c.hiring_delay_weeks == 4.0 for c in s.companies)
    with pytest.raises(ValueError, match="did you mean 'offer_rate_per_year'"):
        calibration.apply_parameters(small, {"market.offer_rate_per_yer": 0.7})
    with pytest.raises(ValueError, match="not a numeric parameter"):
        calibration.apply_parameters(small, {"policy": "traditional"})


# ================================================================= calibrate

QUITS_PER_OFFER = 0.02
LAYOFF_SCALE = 1.1


def _fake_run(scenario: mj.Scenario, policy: Any, seed: np.random.SeedSequence) -> mj.RunSummary:
    """A stand-in simulation whose measures are known functions of two parameters."""
    noise = 1e-4 * seed.spawn_key[-1]  # replications differ a little; means are exact
    return mj.RunSummary(
        quit_rate_monthly_all=QUITS_PER_OFFER * scenario.market.offer_rate_per_year + noise,
        layoff_rate_monthly_all=LAYOFF_SCALE * scenario.market.layoff_rate_monthly,
    )


TWO_TARGETS = (
    Target(name="q", measure="quit_rate_monthly_all", low=0.021, high=0.021),
    Target(name="l", measure="layoff_rate_monthly_all", low=0.0132, high=0.0132),
)


def _fake_calibration(**kwargs: Any) -> calibration.CalibrationResult:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(experiment.tasks, "run_task", _fake_run)
        return calibration.calibrate(
            mj.scenarios.small(),
            {"market.offer_rate_per_year": (0.2, 3.0), "market.layoff_rate_monthly": (0.0, 0.05)},
            replications=3,
            seed=4,
            targets=TWO_TARGETS,
            **kwargs,
        )


@pytest.mark.parametrize("method", calibration.METHODS)
def test_calibrate_recovers_known_parameters(method: str) -> None:
    seen: list[calibration.Evaluation] = []
    res = _fake_calibration(method=method, max_evaluations=200, xtol=1e-4, callback=seen.append)
    # Mean quits = 0.02 x offer rate + 1e-4 (the mean of the noise 0, 1, 2 x 1e-4).
    assert res.best["market.offer_rate_per_year"] == pytest.approx(1.045, rel=1e-2)
    assert res.best["market.layoff_rate_monthly"] == pytest.approx(0.012, rel=1e-2)
    assert res.report.all_passed and res.distance < 1e-4
    assert res.converged
    assert list(res.history) == seen
    assert [e.index for e in res.history] == list(range(len(res.history)))
    for e in res.history:
        assert 0.2 <= e.values["market.offer_rate_per_year"] <= 3.0
        assert 0.0 <= e.values["market.layoff_rate_monthly"] <= 0.05
    assert res.scenario.market.offer_rate_per_year == res.best["market.offer_rate_per_year"]
    assert "market.offer_rate_per_year" in str(res)
    assert len(res.to_frame()) == len(res.history)


def test_calibrate_is_deterministic_and_respects_its_budget() -> None:
    a = _fake_calibration(max_evaluations=12)
    b = _fake_calibration(max_evaluations=12)
    assert [(e.values, e.distance) for e in a.history] == [
        (e.values, e.distance) for e in b.history
    ]
    assert len(a.history) <= 12 and not a.converged
    start = a.history[0].values  # the scenario's own values (inside the bounds here)
    market = mj.scenarios.small().market
    assert start == pytest.approx(  # through the unit cube and back: the last bit may move
        {
            "market.offer_rate_per_year": market.offer_rate_per_year,
            "market.layoff_rate_monthly": market.layoff_rate_monthly,
        },
        rel=1e-12,
    )


@pytest.mark.slow
def test_calibrate_finds_the_offer_rate_behind_a_real_quit_rate() -> None:
    """A real (small) scenario: the target is the quit rate that offer rate 0.6 produces
    (job hops only: without quits into non-employment, which do not depend on it)."""
    small = mj.scenarios.small()
    pop = attrs.evolve(small.population, withdrawal_rate_per_year=0.0)
    scenario = attrs.evolve(small, population=pop)
    truth = calibration.evaluate(
        scenario, {"market.offer_rate_per_year": 0.6}, replications=2, seed=5
    )
    quits = truth.means["quit_rate_monthly_all"]
    target = Target(
        name="q",
        measure="quit_rate_monthly_all",
        low=quits,
        high=quits,
        tolerance=0.03,
    )
    res = calibration.calibrate(
        scenario,
        {"market.offer_rate_per_year": (0.2, 2.0)},
        replications=2,
        seed=5,
        targets=[target],
        start={"market.offer_rate_per_year": 1.5},
        max_evaluations=30,
    )
    assert res.best["market.offer_rate_per_year"] == pytest.approx(0.6, abs=0.05)
    assert all(row.passed for row in res.report.rows)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "BFGS"}, "method: must be one of"),
        ({"max_evaluations": 0}, "max_evaluations"),
        ({"parameters": {}}, "at least one dotted path"),
        ({"parameters": {"market.offer_rate_per_year": (2.0, 1.0)}}, "low < high"),
        ({"parameters": {"market.candidates_per_vacancy": (1.0, 9.0)}}, "only float parameters"),
        ({"parameters": {"market.offer_rate_per_year": (0.1, 99.0)}}, "parameters 'market.off"),
        ({"start": {"market.switching_cost": 0.1}}, "not one of the parameters"),
        ({"weights": {"nope": 1.0}}, "unknown target 'nope'"),
        ({"replications": 0}, "replications"),
    ],
)
def test_calibrate_rejects_bad_arguments_before_running(
    kwargs: dict[str, Any], message: str
) -> None:
    args: dict[str, Any] = {
        "parameters": {"market.offer_rate_per_year": (0.2, 2.0)},
        "replications": 1,
        "seed": 1,
    }
    args.update(kwargs)
    ran: list[Any] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(experiment.tasks, "run_task", lambda *a: ran.append(a))
        with pytest.raises(ValueError, match=message):
            calibration.calibrate(mj.scenarios.small(), **args)
    assert ran == []


def test_calibrate_without_scipy_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(ImportError, match=r"pip install 'microjob\[calibrate\]'"):
        calibration.calibrate(
            mj.scenarios.small(),
            {"market.offer_rate_per_year": (0.2, 2.0)},
            replications=1,
            seed=1,
        )


# ================================================================= the command line


def test_cli_validate_prints_the_table_and_exits_1_when_a_target_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    argv = ["validate", "--preset", "small", "--replications", "2", "--workers", "1"]
    assert main([*argv, "--out", str(out), "--quiet"]) == 1
    text = capsys.readouterr().out
    assert text.startswith("# small, every company traditional: 2 replications, seed 1")
    for t in TARGETS:
        assert t.label in text
    assert "FAIL" in text
    assert (out / "validation.csv").is_file() and (out / "scenario.toml").is_file()
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "jobs_by_age.png",
        "jolts.png",
        "tenure_by_age.png",
    ]
    assert mj.Scenario.from_toml(out / "scenario.toml") == mj.scenarios.small()


def test_cli_validate_exits_0_when_every_target_passes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = Target(name="w", measure="mean_headcount", low=1.0, high=1e9)
    real = calibration.validate

    def with_a_wide_target(*args: Any, **kwargs: Any) -> calibration.ValidationReport:
        # The small preset's short warm-up is not stationary: no drift checks here.
        return real(*args, **kwargs, targets=[wide], stationarity=())

    monkeypatch.setattr(calibration, "validate", with_a_wide_target)
    assert main(["validate", "--preset", "small", "--replications", "2", "--workers", "1"]) == 0
    assert "1 of 1 targets pass." in capsys.readouterr().out


def test_cli_validate_bad_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-file.toml"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["validate", "--replications", "0"]) == 2


# ------------------------------------------------------------------ sensitivity


def test_sensitivity_reports_the_paired_difference_at_each_end() -> None:
    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)
    grid = {"market.offer_rate_per_year": (0.2, 2.0), "market.layoff_rate_monthly": (0.005, 0.02)}
    result = calibration.sensitivity(
        scenario, grid, measure="quit_rate_monthly", replications=2, seed=5
    )
    assert {r.parameter for r in result.rows} == set(grid)
    swings = [abs(r.swing) for r in result.rows]
    assert swings == sorted(swings, reverse=True)
    row = next(r for r in result.rows if r.parameter == "market.offer_rate_per_year")
    direct = mj.compare(
        calibration.apply_parameters(scenario, {"market.offer_rate_per_year": 2.0}),
        {"baseline": mj.TraditionalEmployment(), "policy": mj.InternalFreelance()},
        replications=2,
        seed=5,
    )
    expected = direct.differences(measures=["quit_rate_monthly"]).get("policy", "quit_rate_monthly")
    assert row.at_high == expected.mean
    assert row.at_high_ci == (expected.ci_low, expected.ci_high)
    assert "quit_rate_monthly" in str(result)
    assert list(result.to_frame().columns) == [
        "parameter",
        "low",
        "high",
        "at_low",
        "at_high",
        "swing",
    ]
    fig = result.figure()
    assert len(fig.axes[0].get_yticklabels()) == 2


def test_sensitivity_resumes_from_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=1.0)
    grid = {"market.offer_rate_per_year": (0.2, 2.0)}
    options = {"measure": "quit_rate_monthly", "replications": 2, "seed": 3}
    store = tmp_path / "screen.sqlite"
    first = calibration.sensitivity(scenario, grid, store=store, **options)
    with mj.ResultStore(store, scenario) as kept:
        assert len(kept) == 3 * 2 * 2  # (reference, low, high) x 2 policies x 2 replications
    capsys.readouterr()
    again = calibration.sensitivity(scenario, grid, store=store, progress="lines", **options)
    assert (again.reference, again.reference_ci, again.rows) == (
        first.reference,
        first.reference_ci,
        first.rows,
    )
    assert capsys.readouterr().err == "microjob: 12 of 12 runs already in the store\n"


def test_sensitivity_rejects_bad_input() -> None:
    scenario = mj.scenarios.small()
    with pytest.raises(ValueError, match="measure: 'quits' is not a RunSummary field"):
        calibration.sensitivity(
            scenario,
            {"market.offer_rate_per_year": (0.1, 1.0)},
            measure="quits",
            replications=1,
            seed=1,
        )
    with pytest.raises(ValueError, match="parameters: give at least one path"):
        calibration.sensitivity(scenario, {}, replications=1, seed=1)


# ================================================================= targets as data


def test_the_shipped_targets_file_is_what_the_package_exports() -> None:
    shipped = calibration.load_targets()
    assert shipped.targets == TARGETS and shipped.plausibility == PLAUSIBILITY
    assert shipped.held_out == calibration.HELD_OUT
    assert shipped.stationarity == calibration.STATIONARITY
    quits = next(t for t in TARGETS if t.name == "quits_monthly")
    assert (quits.low, quits.high, quits.tolerance) == (0.019, 0.023, 0.0)
    # A note is appended to the shared text it names.
    overall = next(t for t in TARGETS if t.name == "median_tenure_all")
    assert overall.definition.endswith("the model has nobody under 20.")
    assert overall.definition.startswith("BLS: years with the current employer")


def test_a_targets_file_of_ones_own(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[references]\nsurvey = "A national survey, 2030."\n\n'
        '[[targets]]\nname = "tenure"\nmeasure = "median_tenure_years_all"\nvalue = 5\n'
        'reference = "survey"\nreference_note = "Table 2."\n\n'
        '[[held_out]]\nname = "quits"\nmeasure = "quit_rate_monthly_all"\n'
        "low = 0.01\nhigh = 0.02\ntolerance = 0\n",
        encoding="utf-8",
    )
    got = calibration.load_targets(path)
    assert got.targets == (
        Target(
            name="tenure",
            measure="median_tenure_years_all",
            low=5.0,
            high=5.0,
            reference="A national survey, 2030. Table 2.",
        ),
    )
    assert got.held_out[0].band == (0.01, 0.02)
    assert got.stationarity == () and got.plausibility == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('measure = "median_tenure_years_all"\nvalue = 1', "targets\\[0\\]: missing field 'name'"),
        ('name = "a"\nmeasure = "tenure"\nvalue = 1', "'a'.*'tenure' is not a RunSummary field"),
        ('name = "a"\nmeasure = "median_tenure_years_all"', "missing field 'value'"),
        ('name = "a"\nmeasure = "median_tenure_years_all"\nvalue = "4"', "low must be a number"),
        (
            'name = "a"\nmeasure = "median_tenure_years_all"\nvalue = 1\nreference = "nope"',
            "reference 'nope' is not in \\[references\\]",
        ),
        ('name = "a"\nmeasure = "median_tenure_years_all"\nvalue = 1\nunits = 2', "'units'"),
        (
            'name = "a"\nmeasure = "median_tenure_years_all"\nvalue = 1\ntolerance = 2',
            "'a'.*tolerance must be in \\[0, 1\\)",
        ),
    ],
)
def test_a_bad_targets_file_names_the_entry_and_field(
    tmp_path: Path, entry: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"[[targets]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        calibration.load_targets(path)
    assert str(info.value).startswith(str(path))


def test_a_targets_file_needs_targets_and_valid_toml(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("[references]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no \\[\\[targets\\]\\] entries"):
        calibration.load_targets(empty)
    broken = tmp_path / "broken.toml"
    broken.write_text("[[targets]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        calibration.load_targets(broken)
    twice = tmp_path / "twice.toml"
    entry = '[[targets]]\nname = "a"\nmeasure = "median_tenure_years_all"\nvalue = 1\n'
    twice.write_text(entry * 2, encoding="utf-8")
    with pytest.raises(ValueError, match="two targets named 'a'"):
        calibration.load_targets(twice)
