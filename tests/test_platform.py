"""The open talent platform: projects for many clients, side portfolios and freelancing.

Invariants (capacity, records against counters and measures), the switch (off means
the model without it), and both sides of the mechanism (income risk and the value of
autonomy) in runs of a small world.
"""

from __future__ import annotations

import math
from collections import Counter

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microjob as mj
from microjob.engine.core import run as reference_run
from microjob.engine.streams import root_seed
from microjob.measures import (
    PLATFORM_MEASURES,
    engagement_table,
    freelance_stretches,
    monthly_income,
)
from microjob.scenario import WEEKS_PER_YEAR

from .helpers import run_digest
from .reference_runs import ADDED_MEASURES
from .strategies import scenarios, seeds

BUSY = mj.Platform(projects_per_worker_year=1.0, member_share=0.3, join_share=0.3)
"""A platform with enough work and members for every measure to have data."""


@pytest.fixture(scope="module")
def short() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=2.0, horizon_years=4.0)


def _with(scenario: mj.Scenario, **platform: object) -> mj.Scenario:
    return attrs.evolve(scenario, platform=attrs.evolve(BUSY, **platform))


@pytest.fixture(scope="module")
def busy(short: mj.Scenario) -> mj.RunResult:
    return mj.simulate(_with(short), seed=5, policy="internal-freelance")


def test_without_demand_nothing_moves_and_the_platform_measures_say_so(
    short: mj.Scenario,
) -> None:
    plain = mj.simulate(short, seed=2, policy="internal-freelance")
    # Membership, fees and ratings are read only when projects are posted.
    idle = _with(short, projects_per_worker_year=0.0, member_share=0.9, take_rate_share=0.5)
    same = mj.simulate(idle, seed=2, policy="internal-freelance")
    assert run_digest(plain) == run_digest(same)
    assert plain.engagements == () and plain.stats.projects_posted == 0
    assert not plain.stats.workers.platform_member.any()
    summary = plain.summary().as_dict()
    assert all(math.isnan(summary[name]) for name in PLATFORM_MEASURES)
    assert set(PLATFORM_MEASURES) <= set(ADDED_MEASURES)


def _within_capacity(result: mj.RunResult) -> None:
    """At the start of each engagement begun in the window, the member's engagements
    then running (it included) take no more than their capacity: a side portfolio's
    if they had a job, a freelancer's if not. Every engagement running in the window
    has a record, so the sum is complete."""
    table = engagement_table(result)
    start, end, effort = table["start"], table["end"], table["effort"]
    platform = result.scenario.platform
    for i in np.flatnonzero(start >= result.window_start_weeks):
        running = (table["worker"] == table["worker"][i]) & (start <= start[i]) & (end > start[i])
        side = table["side"][i]
        cap = platform.side_capacity_share if side else platform.freelance_capacity_share
        assert effort[running].sum() <= cap + 1e-9


def test_engagements_never_exceed_the_members_capacity(busy: mj.RunResult) -> None:
    assert len(busy.engagements) > 100
    _within_capacity(busy)


def test_records_add_up_to_the_counters_and_measures(busy: mj.RunResult) -> None:
    stats, table = busy.stats, engagement_table(busy)
    window_start, window_end = busy.window_start_weeks, busy.window_end_weeks
    # Every project filled in the window has its record, and nothing else began there.
    began = table["start"] >= window_start
    assert began.sum() == stats.projects_filled <= stats.projects_posted
    assert len(set(e.engagement for e in busy.engagements)) == len(busy.engagements)
    # Ratings on record: one per engagement that ended in the labour force.
    w = stats.workers
    rated = table["completed"] & began & (table["end"] < window_end)
    assert w.ratings.sum() >= rated.sum()
    assert np.all(w.good_ratings <= w.ratings)
    assert not w.ratings[~w.platform_member].any()
    # Income: the measure is the records' income in the window per freelance-year.
    weeks = np.clip(
        np.minimum(table["end"], window_end) - np.maximum(table["start"], window_start), 0, None
    )
    freelance = ~table["side"]
    kept = (weeks * table["income_per_week"])[freelance].sum()
    years = w.freelance_weeks.sum() / WEEKS_PER_YEAR
    summary = busy.summary()
    assert summary.freelance_income_per_year == pytest.approx(kept / years, rel=1e-12)
    # ... and monthly income adds up to the same total.
    their = {k: v[freelance] for k, v in table.items()}
    assert monthly_income(their, window_start, window_end)[1].sum() == pytest.approx(kept)
    assert summary.projects_filled_share == pytest.approx(
        stats.projects_filled / stats.projects_posted
    )
    # Freelancing time: only members freelance, and never longer than the window.
    assert not w.freelance_weeks[~w.platform_member].any()
    assert np.all(w.freelance_weeks <= window_end - window_start + 1e-9)
    assert 0.0 < summary.freelance_time_share < 1.0
    for name in PLATFORM_MEASURES:
        assert math.isfinite(getattr(summary, name)), name


def test_freelance_engagements_begin_within_their_freelancing_stretch(busy: mj.RunResult) -> None:
    table = engagement_table(busy)
    stretches = freelance_stretches(busy, table)
    assert len(stretches) > 5
    for w, since, until in stretches:
        mine = (table["worker"] == w) & (table["freelancing_since"] == since)
        assert np.all(table["start"][mine] >= since)
        began = table["start"][mine] >= busy.window_start_weeks
        assert np.all(table["start"][mine][began] <= until)
    summary = busy.summary()
    assert summary.weeks_between_engagements >= 0.0
    assert summary.freelance_income_cv >= 0.0


def test_fees_are_the_market_wage_for_the_time_less_nothing_but_the_take(
    busy: mj.RunResult,
) -> None:
    table = engagement_table(busy)
    take = busy.scenario.platform.take_rate_share
    assert np.allclose(table["income_per_week"], table["fee_per_week"] * (1 - take))
    # A week's fee per unit of effort is a year's wage over 52: between a tenth and ten
    # times the base wage (skills and wage growth move it, deflated to time 0).
    full_time_year = table["fee_per_week"] / table["effort"] * WEEKS_PER_YEAR
    base = busy.scenario.market.base_wage_per_year
    assert np.all((full_time_year > 0.1 * base) & (full_time_year < 10 * base))


def test_clients_are_companies_and_the_outside_market_by_headcount(busy: mj.RunResult) -> None:
    clients = Counter(e.client for e in busy.engagements)
    outside = busy.outside_index
    assert set(clients) == set(range(outside + 1))
    # The outside market employs most people, so it posts most projects.
    assert clients[outside] > max(clients[c] for c in range(outside))
    assert busy.summary().platform_spend_per_employee_year > 0.0


def test_newcomers_are_passed_over_when_clients_presume_the_worst(short: mj.Scenario) -> None:
    """The cold start: clients who choose on ratings alone spread projects over fewer
    members when an empty record reads as poor than when it reads as good."""

    def members_with_work(good: float, bad: float) -> int:
        platform = {"reputation_weight": 1.0, "rating_prior_good": good, "rating_prior_bad": bad}
        result = mj.simulate(_with(short, **platform), seed=3)
        return len({e.worker for e in result.engagements})

    assert members_with_work(0.1, 10.0) < 0.92 * members_with_work(10.0, 0.1)


def test_income_risk_and_autonomy_pull_both_ways(short: mj.Scenario) -> None:
    """Freelancing is chosen, not only fallen into: valued autonomy keeps freelancers
    freelancing; a platform that keeps the whole fee sends them back to jobs."""

    def freelancing(**platform: object) -> float:
        return mj.simulate(_with(short, **platform), seed=4).summary().freelance_time_share

    keen = {"newcomer_utilisation_share": 1.0}
    assert freelancing(autonomy_value=1.0, **keen) > 2 * freelancing(autonomy_value=-1.0, **keen)
    assert freelancing(autonomy_value=1.0, take_rate_share=1.0) < 0.7 * freelancing(
        autonomy_value=1.0, take_rate_share=0.0
    )


def _quits_to_freelance(result: mj.RunResult) -> int:
    """Quits after which no job started at once: into freelancing (the model has no
    other quit into unemployment; quits out of the labour force are withdrawals)."""
    starts = {(s.worker, s.start) for s in result.spells}
    return sum(s.reason == "quit" and (s.worker, s.end) not in starts for s in result.spells)


def test_members_quit_jobs_to_freelance_only_when_freelancing_can_beat_the_job(
    short: mj.Scenario,
) -> None:
    keen = {"autonomy_value": 1.0, "newcomer_utilisation_share": 1.0}
    # A platform that keeps the whole fee leaves nothing to expect: nobody quits for it.
    assert _quits_to_freelance(mj.simulate(_with(short, take_rate_share=1.0, **keen), seed=6)) == 0
    assert _quits_to_freelance(mj.simulate(_with(short, take_rate_share=0.0, **keen), seed=6)) > 0
    # Without the platform every quit is to another job.
    assert _quits_to_freelance(mj.simulate(short, seed=6)) == 0


def test_engagement_events_match_the_records(short: mj.Scenario) -> None:
    counter = mj.EventCounter()
    result = mj.simulate(_with(short, projects_per_worker_year=2.0), seed=7, trackers=[counter])
    starts, ends = counter.counts["engagement_start"], counter.counts["engagement_end"]
    assert starts >= len([e for e in result.engagements if e.start >= result.window_start_weeks])
    in_progress = sum(
        e.end >= result.window_end_weeks and not e.completed for e in result.engagements
    )
    assert 0 < ends <= starts and starts - ends >= in_progress - 1


def test_the_reference_engine_refuses_the_platform(short: mj.Scenario) -> None:
    with pytest.raises(NotImplementedError, match=r"projects_per_worker_year = 1\.0"):
        reference_run(_with(short), root_seed(1), None, ())


def test_the_platform_preset_runs_a_platform() -> None:
    preset = mj.scenarios.platform()
    assert preset.platform.enabled and preset.name == "platform"
    base = mj.scenarios.baseline()
    assert (
        attrs.evolve(preset, platform=base.platform, name=base.name, description=base.description)
        == base
    )


@settings(max_examples=25, deadline=None)
@given(scenarios(), seeds, st.floats(0.1, 4.0))
def test_capacity_and_records_hold_in_any_world(
    scenario: mj.Scenario, seed: int, demand: float
) -> None:
    platform = attrs.evolve(BUSY, projects_per_worker_year=demand)
    result = mj.simulate(attrs.evolve(scenario, platform=platform), seed=seed)
    table = engagement_table(result)
    began = table["start"] >= result.window_start_weeks
    assert began.sum() == result.stats.projects_filled <= result.stats.projects_posted
    assert np.all(table["end"] >= table["start"])
    effort = table["effort"]
    assert np.all((effort >= platform.effort_min_share) & (effort <= platform.effort_max_share))
    _within_capacity(result)
    w = result.stats.workers
    assert np.all(w.freelance_weeks >= 0.0)
    assert not w.freelance_weeks[~w.platform_member].any()


def test_the_run_report_writes_the_engagements(tmp_path, busy: mj.RunResult) -> None:
    pd = pytest.importorskip("pandas")
    written = mj.report.write_run(tmp_path / "run", busy, command="microjob run")
    frame = pd.read_csv(tmp_path / "run" / "engagements.csv")
    assert len(frame) == len(busy.engagements)
    assert frame["side"].tolist() == [e.side for e in busy.engagements]
    assert set(frame["client_name"]) <= set(busy.company_names)
    assert tmp_path / "run" / "engagements.csv" in written
    page = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "engagements.csv" in page and "time freelancing" in page.lower()


def _digest_of(scenario: mj.Scenario, seed: int) -> str:
    return run_digest(mj.simulate(scenario, seed=seed))


def test_platform_runs_are_bit_identical_serially_and_in_a_process_pool(
    short: mj.Scenario,
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    scenario = _with(short)
    here = _digest_of(scenario, 5)
    assert here == _digest_of(scenario, 5)
    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(_digest_of, scenario, 5).result() == here
    assert here != _digest_of(scenario, 6)
