"""Experiments: seeds, paired comparisons, sweeps, executors and the result store."""

from __future__ import annotations

import math
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import microjob as mj
import microjob._version
from microjob import experiment

POLICIES = (mj.TraditionalEmployment(), mj.InternalFreelance())


@pytest.fixture(scope="module")
def tiny() -> mj.Scenario:
    """The small preset over a short horizon: a run takes about a tenth of a second."""
    return attrs.evolve(mj.scenarios.small(), warmup_years=2.0, horizon_years=3.0)


@pytest.fixture(scope="module")
def tiny_comparison(tiny: mj.Scenario) -> mj.Comparison:
    return mj.compare(tiny, POLICIES, replications=3, seed=11)


def _tables_equal(a: experiment.Table, b: experiment.Table) -> bool:
    """Row by row, NaN equal to NaN, every float bit for bit."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        for u, v in zip(attrs.astuple(x), attrs.astuple(y), strict=True):
            same = (u == v) or (isinstance(u, float) and math.isnan(u) and math.isnan(v))
            if not same:
                return False
    return True


def _summaries_equal(a: mj.RunSummary, b: mj.RunSummary) -> bool:
    return all(
        (x == y) or (math.isnan(x) and math.isnan(y))
        for x, y in zip(attrs.astuple(a), attrs.astuple(b), strict=True)
    )


# ------------------------------------------------------------------ seeds


def test_replication_seeds_are_the_spawned_children() -> None:
    seeds = experiment.replication_seeds(42, 5)
    spawned = np.random.SeedSequence(42).spawn(5)
    for a, b in zip(seeds, spawned, strict=True):
        assert np.array_equal(a.generate_state(8), b.generate_state(8))


def test_replication_seeds_do_not_change_a_seed_sequence_passed_in() -> None:
    root = np.random.SeedSequence(7)
    first = experiment.replication_seeds(root, 3)
    second = experiment.replication_seeds(root, 3)
    assert root.n_children_spawned == 0
    assert [s.spawn_key for s in first] == [s.spawn_key for s in second] == [(0,), (1,), (2,)]


@pytest.mark.parametrize("bad", [0, -1, 2.0, True])
def test_replications_must_be_a_positive_integer(tiny: mj.Scenario, bad: Any) -> None:
    with pytest.raises(ValueError, match=r"replications: must be a positive integer"):
        mj.compare(tiny, POLICIES, replications=bad, seed=1)


@pytest.mark.parametrize("bad", [-1, 1.5, "1", None])
def test_seed_must_be_an_integer_or_seed_sequence(tiny: mj.Scenario, bad: Any) -> None:
    with pytest.raises(ValueError, match=r"seed: must be a non-negative integer"):
        mj.compare(tiny, POLICIES, replications=2, seed=bad)


# ------------------------------------------------------------------ compare


def test_runs_are_ordered_and_each_equals_a_direct_simulation(
    tiny: mj.Scenario, tiny_comparison: mj.Comparison
) -> None:
    c = tiny_comparison
    assert [(r.policy, r.replication) for r in c.runs] == [
        (p, i) for p in ("traditional", "internal-freelance") for i in range(3)
    ]
    seeds = np.random.SeedSequence(11).spawn(3)
    for run in c.runs:
        policy = POLICIES[0] if run.policy == "traditional" else POLICIES[1]
        direct = mj.simulate(tiny, seed=seeds[run.replication], policy=policy).summary()
        assert _summaries_equal(run.summary, direct)
    # Common random numbers: replication r of both policies used the same seed.
    assert [r.seed for r in c.runs[:3]] == [r.seed for r in c.runs[3:]]
    assert c.tasks_run == 6


def test_table_gives_mean_sd_and_t_interval(tiny_comparison: mj.Comparison) -> None:
    c = tiny_comparison
    row = c.table().get("internal-freelance", "quit_rate_monthly")
    x = c.values("internal-freelance", "quit_rate_monthly")
    assert row.n == 3
    assert row.mean == pytest.approx(x.mean(), rel=1e-12)
    assert row.sd == pytest.approx(x.std(ddof=1), rel=1e-12)
    half = stats.t.ppf(0.975, 2) * x.std(ddof=1) / math.sqrt(3)
    assert (row.ci_low, row.ci_high) == pytest.approx((x.mean() - half, x.mean() + half))
    narrow = c.table(["quit_rate_monthly"], confidence=0.5).get(
        "internal-freelance", "quit_rate_monthly"
    )
    assert narrow.ci_high - narrow.ci_low < row.ci_high - row.ci_low


def test_table_leaves_out_missing_values(tiny_comparison: mj.Comparison) -> None:
    """Traditional runs post no micro-jobs: the fill rate has no value, so n is 0."""
    row = tiny_comparison.table().get("traditional", "gig_fill_rate")
    assert row.n == 0 and math.isnan(row.mean) and math.isnan(row.ci_low)


def test_differences_are_paired_per_replication(tiny_comparison: mj.Comparison) -> None:
    c = tiny_comparison
    d = c.differences(baseline="traditional").get("internal-freelance", "separation_rate_monthly")
    a = c.values("internal-freelance", "separation_rate_monthly")
    b = c.values("traditional", "separation_rate_monthly")
    diff = a - b
    assert d.baseline == "traditional" and d.n == 3
    assert d.mean == pytest.approx(diff.mean(), rel=1e-12)
    half = stats.t.ppf(0.975, 2) * diff.std(ddof=1) / math.sqrt(3)
    assert (d.ci_low, d.ci_high) == pytest.approx((diff.mean() - half, diff.mean() + half))
    unpaired = stats.ttest_ind(a, b).confidence_interval(0.95)
    assert (d.unpaired_ci_low, d.unpaired_ci_high) == pytest.approx((unpaired.low, unpaired.high))
    reduction = 1 - diff.var(ddof=1) / (a.var(ddof=1) + b.var(ddof=1))
    assert d.variance_reduction == pytest.approx(reduction)


def test_differences_reject_an_unknown_baseline_or_measure(
    tiny_comparison: mj.Comparison,
) -> None:
    with pytest.raises(ValueError, match="baseline: no policy labelled 'flex'"):
        tiny_comparison.differences(baseline="flex")
    with pytest.raises(ValueError, match="did you mean 'quit_rate_monthly'"):
        tiny_comparison.table(["quit_rate_monthy"])


def test_to_frame_has_one_row_per_run(tiny_comparison: mj.Comparison) -> None:
    df = tiny_comparison.to_frame()
    assert len(df) == 6
    assert list(df.columns[:4]) == ["point", "policy", "replication", "seed"]
    assert df["quit_rate_monthly"].tolist() == [
        r.summary.quit_rate_monthly for r in tiny_comparison.runs
    ]


def test_policies_as_mapping_allow_variants_of_one_kind(tiny: mj.Scenario) -> None:
    variants = {"ts15": mj.InternalFreelance(time_share=0.15), "ts30": mj.InternalFreelance()}
    c = mj.compare(tiny, variants, replications=1, seed=3)
    assert c.policies == ("ts15", "ts30")
    with pytest.raises(ValueError, match="two arms labelled 'internal-freelance'"):
        mj.compare(tiny, list(variants.values()), replications=1, seed=3)
    with pytest.raises(TypeError, match="policies"):
        mj.compare(tiny, [object()], replications=1, seed=3)  # type: ignore[list-item]


def test_policy_names_are_accepted(tiny: mj.Scenario, tiny_comparison: mj.Comparison) -> None:
    c = mj.compare(tiny, ["traditional", "internal-freelance"], replications=3, seed=11)
    assert c.policies == ("traditional", "internal-freelance")
    assert _tables_equal(c.table(), tiny_comparison.table())


@pytest.fixture(scope="module")
def short_baseline_comparison() -> mj.Comparison:
    """The baseline preset over a shorter window, five replications."""
    scenario = attrs.evolve(mj.scenarios.baseline(), warmup_years=5.0, horizon_years=5.0)
    with ProcessPoolExecutor(max_workers=2) as pool:
        return mj.compare(scenario, POLICIES, replications=5, seed=2026, executor=pool)


@pytest.mark.slow
@pytest.mark.parametrize(
    "measure",
    ["wage_growth_annual", "turnover_cost_per_employee_year"],
)
def test_common_random_numbers_narrow_the_interval_on_the_baseline(
    short_baseline_comparison: mj.Comparison, measure: str
) -> None:
    """Measures driven by draws the policies share (market wages, and through them
    the cost of replacing people) lose most of their noise when runs are paired by seed.

    Measures of who moves when gain less on the calibrated baseline (a third of the
    variance of job hops, none of quits, with 12 replications; see
    docs/experiments.md), too little to show reliably with the five replications a
    unit test can afford."""
    d = short_baseline_comparison.differences().get("internal-freelance", measure)
    assert d.variance_reduction > 0.3
    assert d.ci_high - d.ci_low < d.unpaired_ci_high - d.unpaired_ci_low


# ------------------------------------------------------------------ executors


def test_process_pool_gives_the_serial_tables(
    tiny: mj.Scenario, tiny_comparison: mj.Comparison
) -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        c = mj.compare(tiny, POLICIES, replications=3, seed=11, executor=pool)
    assert _tables_equal(c.table(), tiny_comparison.table())
    assert _tables_equal(c.differences(), tiny_comparison.differences())
    assert [r.seed for r in c.runs] == [r.seed for r in tiny_comparison.runs]


def test_dask_cluster_gives_the_serial_tables(
    tiny: mj.Scenario, tiny_comparison: mj.Comparison
) -> None:
    import distributed  # the dask extra, which the test environment installs

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        c = mj.compare(tiny, POLICIES, replications=3, seed=11, executor=client.get_executor())
    assert _tables_equal(c.table(), tiny_comparison.table())
    assert c.tasks_run == 6


def test_a_failing_task_names_itself(tiny: mj.Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> mj.RunSummary:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(experiment.tasks, "run_task", broken)
    with pytest.raises(RuntimeError, match="replication 0 of policy 'traditional' failed: boom"):
        mj.compare(tiny, POLICIES, replications=2, seed=1)


# ------------------------------------------------------------------ store


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def test_store_resumes_without_recomputing(
    tiny: mj.Scenario, tiny_comparison: mj.Comparison, tmp_path: Path
) -> None:
    store = tmp_path / "results.sqlite"
    first = mj.compare(tiny, POLICIES, replications=2, seed=11, store=store)
    assert first.tasks_run == 4 and _rows(store) == 4
    more = mj.compare(tiny, POLICIES, replications=3, seed=11, store=store)
    assert more.tasks_run == 2, "only the third replication of each policy is new"
    again = mj.compare(tiny, POLICIES, replications=3, seed=11, store=store)
    assert again.tasks_run == 0 and _rows(store) == 6
    assert _tables_equal(again.table(), tiny_comparison.table())


def test_store_refuses_another_scenario(tiny: mj.Scenario, tmp_path: Path) -> None:
    store = tmp_path / "results.sqlite"
    mj.compare(tiny, POLICIES[:1], replications=1, seed=1, store=store)
    other = attrs.evolve(tiny, horizon_years=4.0)
    with pytest.raises(mj.StoreMismatchError, match="holds results of another scenario"):
        mj.compare(other, POLICIES[:1], replications=1, seed=1, store=store)
    assert _rows(store) == 1


def test_store_refuses_another_version(
    tiny: mj.Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "results.sqlite"
    mj.compare(tiny, POLICIES[:1], replications=1, seed=1, store=store)
    monkeypatch.setattr(microjob._version, "__version__", "99.0")
    with pytest.raises(mj.StoreMismatchError, match=r"made by microjob 0\.1\.0, this is 99\.0"):
        mj.compare(tiny, POLICIES[:1], replications=1, seed=1, store=store)


def test_store_refuses_a_file_that_is_not_a_store(tiny: mj.Scenario, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database, just text " * 100)
    with pytest.raises(mj.StoreMismatchError, match="is not a microjob result store"):
        mj.compare(tiny, POLICIES[:1], replications=1, seed=1, store=junk)


_KILLABLE = textwrap.dedent(
    """
    import sys
    import attrs
    import microjob as mj

    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=2.0, horizon_years=3.0)
    mj.compare(scenario, ["traditional", "internal-freelance"], replications=12, seed=5,
               store=sys.argv[1])
    """
)


@pytest.mark.slow
def test_a_killed_run_resumes_from_the_store(tiny: mj.Scenario, tmp_path: Path) -> None:
    store = tmp_path / "results.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(store)])
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if store.exists():
                try:
                    if _rows(store) >= 3:
                        break
                except sqlite3.OperationalError:
                    pass  # the table is being created, or a write holds the lock
            if proc.poll() is not None:
                break
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    stored = _rows(store)
    assert 3 <= stored < 24, "the run must have been killed partway"
    resumed = mj.compare(tiny, POLICIES, replications=12, seed=5, store=store)
    assert resumed.tasks_run == 24 - stored
    assert _rows(store) == 24
    fresh = mj.compare(tiny, POLICIES, replications=12, seed=5)
    assert _tables_equal(resumed.table(), fresh.table())


# ------------------------------------------------------------------ sweep


def test_sweep_runs_the_full_factorial(tiny: mj.Scenario) -> None:
    grid = {"market.offer_rate_per_year": [0.2, 0.4], "policy": ["traditional", POLICIES[1]]}
    res = mj.sweep(tiny, grid, replications=2, seed=4)
    assert len(res.points) == 4 and len(res.runs) == 8
    assert [p["market.offer_rate_per_year"] for p in res.points] == [0.2, 0.2, 0.4, 0.4]
    assert [r.policy for r in res.runs[:4]] == ["traditional"] * 2 + ["internal-freelance"] * 2
    seeds = np.random.SeedSequence(4).spawn(2)
    changed = attrs.evolve(tiny, market=attrs.evolve(tiny.market, offer_rate_per_year=0.4))
    direct = mj.simulate(changed, seed=seeds[1], policy=POLICIES[1]).summary()
    assert _summaries_equal(res.runs[7].summary, direct)
    df = res.to_frame()
    assert len(df) == 8
    assert df["policy"].tolist()[:2] == ["traditional"] * 2
    agg = res.aggregate(["quit_rate_monthly"])
    assert len(agg) == 4
    frame = agg.to_frame()
    assert frame["market.offer_rate_per_year"].tolist() == [0.2, 0.2, 0.4, 0.4]
    assert frame["n"].tolist() == [2, 2, 2, 2]


def test_sweep_sets_every_company_with_a_star(tiny: mj.Scenario) -> None:
    flex = attrs.evolve(
        tiny, companies=tuple(attrs.evolve(c, policy=POLICIES[1]) for c in tiny.companies)
    )
    res = mj.sweep(flex, {"companies[*].policy.time_share": [0.15]}, replications=1, seed=1)
    shares = [c.policy.time_share for c in flex.companies]
    assert shares != [0.15] * len(shares)
    changed = attrs.evolve(
        flex,
        companies=tuple(
            attrs.evolve(c, policy=attrs.evolve(c.policy, time_share=0.15)) for c in flex.companies
        ),
    )
    direct = mj.simulate(changed, seed=np.random.SeedSequence(1).spawn(1)[0]).summary()
    assert _summaries_equal(res.runs[0].summary, direct)


@pytest.mark.parametrize(
    ("grid", "error", "message"),
    [
        ({"market.offer_rat": [0.1]}, ValueError, "did you mean 'offer_rate_per_year'"),
        ({"markets.offer_rate_per_year": [0.1]}, ValueError, "unknown parameter 'markets'"),
        ({"companies[9].name": ["x"]}, ValueError, r"index 9 out of range"),
        ({"market.offer_rate_per_year": ["fast"]}, TypeError, "must be a number, got 'fast'"),
        ({"market.offer_rate_per_year": [-1.0]}, ValueError, "market.offer_rate_per_year"),
        ({"companies[0].policy.time_share": [0.1]}, ValueError, "in TraditionalEmployment"),
        ({"policy": ["gig-economy"]}, ValueError, "grid 'policy': unknown policy"),
        ({"market..x": [1]}, ValueError, "cannot read path"),
        ({"market.offer_rate_per_year": []}, ValueError, "needs at least one value"),
    ],
)
def test_sweep_rejects_bad_grids_before_running(
    tiny: mj.Scenario,
    monkeypatch: pytest.MonkeyPatch,
    grid: dict[str, list[Any]],
    error: type[Exception],
    message: str,
) -> None:
    ran: list[object] = []
    monkeypatch.setattr(experiment.tasks, "run_task", lambda *a: ran.append(a))
    full = {"market.layoff_rate_monthly": [0.01], **grid}
    with pytest.raises(error, match=message):
        mj.sweep(tiny, full, replications=1, seed=1)
    assert ran == [], "nothing runs when the grid is invalid"


_PATHS = {
    "market.offer_rate_per_year": [0.2, 0.3, 0.5],
    "market.layoff_rate_monthly": [0.005, 0.01],
    "companies[0].wage_level": [0.9, 1.0, 1.1],
    "policy": ["traditional", "internal-freelance"],
}


def _fake_run(scenario: mj.Scenario, policy: Any, seed: np.random.SeedSequence) -> mj.RunSummary:
    """A stand-in for a simulation: a summary that identifies its inputs."""
    return mj.RunSummary(
        quit_rate_monthly=scenario.market.offer_rate_per_year,
        layoff_rate_monthly=scenario.market.layoff_rate_monthly,
        mean_headcount=float(seed.spawn_key[-1]),
        worker_years=0.0 if policy is None else float(policy.kind == "traditional"),
    )


@given(
    chosen=st.lists(st.sampled_from(sorted(_PATHS)), min_size=1, max_size=3, unique=True),
    sizes=st.lists(st.integers(1, 3), min_size=3, max_size=3),
    replications=st.integers(1, 3),
)
def test_sweep_rows_are_points_times_replications_with_unique_keys(
    tiny: mj.Scenario, chosen: list[str], sizes: list[int], replications: int
) -> None:
    grid = {p: _PATHS[p][:n] for p, n in zip(chosen, sizes, strict=False)}
    points = math.prod(len(v) for v in grid.values())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(experiment.tasks, "run_task", _fake_run)
        res = mj.sweep(tiny, grid, replications=replications, seed=9)
    assert len(res.runs) == points * replications
    keys = {(r.point, r.replication) for r in res.runs}
    assert len(keys) == len(res.runs)
    for r in res.runs:
        point = res.points[r.point]
        assert r.summary.mean_headcount == r.replication
        if "market.offer_rate_per_year" in point:
            assert r.summary.quit_rate_monthly == point["market.offer_rate_per_year"]
        if "policy" in point:
            assert r.summary.worker_years == float(point["policy"].kind == "traditional")
