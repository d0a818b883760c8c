"""What a comparison keeps of each run besides its summary: retention curves over
replications, streamed to the store."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob.experiment.extras import CURVE_POINTS, curve_years


@pytest.fixture(scope="module")
def short() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)


@pytest.fixture(scope="module")
def kept(short: mj.Scenario) -> mj.Comparison:
    return mj.compare(short, replications=3, seed=4, keep=["retention_curve"])


def test_each_replication_keeps_the_curve_of_its_own_run(
    short: mj.Scenario, kept: mj.Comparison
) -> None:
    curves = kept.retention_curves("internal-freelance")
    assert curves.shape == (3, CURVE_POINTS)
    run = mj.simulate(short, seed=4, replication=2, policy="internal-freelance")
    expected = mj.measures.retention_curve(run).at(curve_years())
    assert curves[2].tolist() == np.asarray(expected, dtype=float).tolist()
    # Keeping extras changes no summary.
    plain = mj.compare(short, replications=3, seed=4)
    assert [repr(r.summary) for r in plain.runs] == [repr(r.summary) for r in kept.runs]


def test_the_pooled_curve_is_monotone_with_a_band_around_the_mean(kept: mj.Comparison) -> None:
    pooled = kept.pooled_retention("traditional")
    assert pooled.n == 3 and pooled.mean[0] == 1.0
    assert np.all(np.diff(pooled.mean) <= 1e-12)  # each replication's curve falls
    inside = np.isfinite(pooled.ci_low)
    assert np.all(pooled.ci_low[inside] <= pooled.mean[inside] + 1e-12)
    assert np.all(pooled.mean[inside] <= pooled.ci_high[inside] + 1e-12)
    curves = kept.retention_curves("traditional")
    assert pooled.mean.tolist() == pytest.approx(curves.mean(axis=0).tolist())


def test_curves_are_streamed_to_the_store_and_added_when_missing(
    short: mj.Scenario, kept: mj.Comparison, tmp_path: Path
) -> None:
    store = tmp_path / "runs.sqlite"
    plain = mj.compare(short, replications=2, seed=4, store=store)
    assert plain.tasks_run == 4
    with pytest.raises(ValueError, match="retention curves were not kept"):
        plain.retention_curves("traditional")
    # The summaries are there but not the curves: the two runs are made again.
    with_curves = mj.compare(short, replications=3, seed=4, store=store, keep=["retention_curve"])
    assert with_curves.tasks_run == 6
    again = mj.compare(short, replications=3, seed=4, store=store, keep=["retention_curve"])
    assert again.tasks_run == 0
    assert np.array_equal(
        again.retention_curves("internal-freelance"),
        kept.retention_curves("internal-freelance"),
        equal_nan=True,
    )


def test_a_pool_keeps_the_same_curves(short: mj.Scenario, kept: mj.Comparison) -> None:
    with ProcessPoolExecutor(2) as pool:
        parallel = mj.compare(
            short, replications=3, seed=4, keep=["retention_curve"], executor=pool
        )
    for label in kept.policies:
        assert np.array_equal(
            parallel.retention_curves(label), kept.retention_curves(label), equal_nan=True
        )


def test_mixed_scenarios_keep_a_curve_per_policy_kind() -> None:
    mixed = attrs.evolve(mj.scenarios.mixed(), warmup_years=1.0, horizon_years=2.0)
    c = mj.compare(mixed, ["scenario"], replications=2, seed=1, keep=["retention_curve"])
    for group in ("all", "traditional", "internal-freelance"):
        assert c.retention_curves("scenario", group).shape == (2, CURVE_POINTS)
    with pytest.raises(KeyError, match="group: no curve 'gig'"):
        c.retention_curves("scenario", "gig")


def test_unknown_extras_are_errors(short: mj.Scenario) -> None:
    with pytest.raises(ValueError, match="keep: unknown extra 'curves'"):
        mj.compare(short, replications=1, seed=1, keep=["curves"])
