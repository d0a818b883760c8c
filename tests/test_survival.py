"""Tests of the survival estimators: Kaplan-Meier, Nelson-Aalen, log-rank, hazard by band
and cumulative incidence.

lifelines (a development dependency) serves only as an independent oracle:
its estimates on the same generated data must agree with ours to 1e-8. Where
lifelines cannot serve (delayed entries tied with exit times, the log-rank
test with delayed entry), the oracle is a brute-force computation written out
here, one risk set at a time, with the risk-set convention of the API: a
subject is at risk at time t when entry <= t <= duration.

Known differences from lifelines, each tested on its own:

* lifelines drops the subjects who enter at a time from the risk set at that
  time (except at the first time of its event table), while still counting
  their events, so its survival can fall to 0 while people are still at
  risk; see ``test_km_tied_entry_follows_the_api_risk_set``.
* lifelines computes S as exp(cumsum(log(1 - d/n))), we as a running
  product: where the exact S is 0.5, either may land 1e-16 above it and put
  the median at the next time. Comparisons with lifelines accept either
  neighbour there (``acceptable_quantiles``);
  ``test_km_median_when_survival_is_exactly_one_half`` pins the exact answer.

The log-rank tests of lifelines take no entry times, so the entry-aware
log-rank test is checked against the brute force, a hand-computed example,
and all-zero entries (which must change nothing).
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import microjob as mj
from microjob.survival import hazard_by_band

from .survival_strategies import SurvivalData, event_flags, logrank_groups, survival_data

lifelines = pytest.importorskip("lifelines")
lifelines_statistics = pytest.importorskip("lifelines.statistics")

TOL = 1e-8
"""Agreement required with lifelines and the brute-force oracles (absolute and relative)."""

Q_TOL = 1e-9
"""Survival this close to a quantile level counts as a tie (see ``acceptable_quantiles``)."""

ALPHAS = st.sampled_from([0.05, 0.1, 0.2])


# ----------------------------------------------------------------- oracles
def assert_close(actual: object, expected: object, tol: float = TOL) -> None:
    """Assert agreement to ``tol``, absolute or relative (for large values)."""
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=tol, atol=tol
    )


def fit_km(data: SurvivalData, alpha: float = 0.05) -> lifelines.KaplanMeierFitter:
    """lifelines' Kaplan-Meier fit of ``data`` (no warnings: they concern its own API)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lifelines.KaplanMeierFitter(alpha=alpha).fit(
            data.durations, data.observed, entry=data.entry
        )


def fit_na(data: SurvivalData, alpha: float = 0.05) -> lifelines.NelsonAalenFitter:
    """lifelines' Nelson-Aalen fit of ``data``, without its smoothing of ties."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lifelines.NelsonAalenFitter(alpha=alpha, nelson_aalen_smoothing=False).fit(
            data.durations, data.observed, entry=data.entry
        )


def timeline(fitted: lifelines.fitters.UnivariateFitter) -> np.ndarray:
    """The time points of a lifelines fit (0, every exit and every entry time)."""
    return fitted.timeline.astype(float)


def column(frame: object, j: int = 0) -> np.ndarray:
    """Column ``j`` of a lifelines DataFrame as a float array."""
    return frame.iloc[:, j].to_numpy(dtype=float)  # type: ignore[attr-defined]


def _step(times: np.ndarray, values: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Right-continuous step through (times, values), for t >= times[0]."""
    return values[np.maximum(np.searchsorted(times, t, side="right") - 1, 0)]


def entries(data: SurvivalData) -> np.ndarray:
    """The entry times of ``data``, zeros when it has none."""
    return np.zeros_like(data.durations) if data.entry is None else data.entry


def brute_force_km(data: SurvivalData) -> dict[str, np.ndarray]:
    """Product-limit estimate and Greenwood sum by direct counting at each distinct exit time."""
    d, o, e = data.durations.tolist(), data.observed.tolist(), entries(data).tolist()
    rows = []
    s, greenwood = 1.0, 0.0
    for t in sorted(set(d)):
        n = sum(1 for a, b in zip(e, d, strict=True) if a <= t <= b)
        deaths = sum(1 for b, x in zip(d, o, strict=True) if b == t and x)
        exits = sum(1 for b in d if b == t)
        s *= 1.0 - deaths / n
        if n > deaths:
            greenwood += deaths / (n * (n - deaths))
        rows.append((t, n, deaths, exits - deaths, s, greenwood))
    cols = list(zip(*rows, strict=True))
    return {
        "times": np.array(cols[0]),
        "at_risk": np.array(cols[1]),
        "events": np.array(cols[2]),
        "censored": np.array(cols[3]),
        "survival": np.array(cols[4]),
        "greenwood": np.array(cols[5]),
    }


def loglog_limits(
    survival: np.ndarray, greenwood: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Greenwood limits on the log(-log) scale, 1 where S == 1 and 0 where S == 0."""
    z = math.sqrt(2.0) * _erfinv(1.0 - alpha)
    low, high = np.ones_like(survival), np.ones_like(survival)
    for i, (s, g) in enumerate(zip(survival, greenwood, strict=True)):
        if s == 0.0:
            low[i] = high[i] = 0.0
        elif s < 1.0:
            v = math.log(s)
            low[i] = math.exp(-math.exp(math.log(-v) - z * math.sqrt(g) / v))
            high[i] = math.exp(-math.exp(math.log(-v) + z * math.sqrt(g) / v))
    return low, high


def _erfinv(y: float) -> float:
    """Inverse error function via scipy (a lifelines dependency)."""
    from scipy.special import erfinv

    return float(erfinv(y))


def brute_force_logrank(groups: Sequence[SurvivalData]) -> dict[str, object]:
    """Observed, expected, covariance and statistic of the k-sample log-rank test."""
    k = len(groups)
    event_times = sorted(
        {t for g in groups for t, x in zip(g.durations, g.observed, strict=True) if x}
    )
    observed, expected = np.zeros(k), np.zeros(k)
    cov = np.zeros((k, k))
    for t in event_times:
        n_j = np.array(
            [
                sum(1 for a, b in zip(entries(g), g.durations, strict=True) if a <= t <= b)
                for g in groups
            ],
            dtype=float,
        )
        d_j = np.array(
            [
                sum(1 for b, x in zip(g.durations, g.observed, strict=True) if b == t and x)
                for g in groups
            ],
            dtype=float,
        )
        n, d = n_j.sum(), d_j.sum()
        observed += d_j
        expected += d * n_j / n
        if n > 1:
            share = n_j / n
            cov += d * (n - d) / (n - 1) * (np.diag(share) - np.outer(share, share))
    diff = (observed - expected)[:-1]
    statistic = float(diff @ np.linalg.pinv(cov[:-1, :-1]) @ diff)
    return {"observed": observed, "expected": expected, "statistic": statistic}


def chi2_sf(x: float, df: int) -> float:
    """Upper tail of the chi-squared distribution, from scipy (a lifelines dependency)."""
    from scipy.stats import chi2

    return float(chi2.sf(x, df))


def acceptable_quantiles(times: np.ndarray, survival: np.ndarray, q: float) -> set[float | None]:
    """The answers "first time with S <= q" may give when S is within ``Q_TOL`` of q.

    lifelines' S is exp(cumsum(log(1 - d/n))) and ours a product, so where
    the true S equals q exactly (say 0.5 at the median) one side may be
    q + 1e-16: it then picks the next time. Either neighbour is accepted.
    """

    def first(level: float) -> float | None:
        hit = np.flatnonzero(survival <= level)
        return float(times[hit[0]]) if hit.size else None

    return {first(q + Q_TOL), first(q - Q_TOL)}


def lifelines_quantile(kmf: lifelines.KaplanMeierFitter, q: float) -> float | None:
    """lifelines' survival quantile in our convention (None, not inf, when never reached)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns that it reads the step function
        value = kmf.percentile(q) if q != 0.5 else kmf.median_survival_time_
    return None if math.isinf(value) else float(value)


# ----------------------------------------------------- Kaplan-Meier vs lifelines
@given(data=survival_data(), alpha=ALPHAS)
@example(data=SurvivalData(np.array([2.0]), np.array([True])), alpha=0.05)
@example(data=SurvivalData(np.array([2.0]), np.array([False])), alpha=0.05)
@example(data=SurvivalData(np.array([3.0, 3.0, 3.0]), np.array([True] * 3)), alpha=0.05)
@example(data=SurvivalData(np.array([0.0, 0.0, 1.0]), np.array([True, False, True])), alpha=0.1)
@settings(deadline=None)
def test_km_survival_matches_lifelines_at_every_time(data: SurvivalData, alpha: float) -> None:
    kmf = fit_km(data, alpha)
    curve = mj.kaplan_meier(data.durations, data.observed, alpha=alpha)
    assert_close(curve.at(timeline(kmf)), column(kmf.survival_function_))


@given(data=survival_data(), alpha=ALPHAS)
@example(data=SurvivalData(np.array([1.0, 2.0, 2.0, 3.0]), np.array([True] * 4)), alpha=0.05)
@settings(deadline=None)
def test_km_confidence_limits_match_lifelines(data: SurvivalData, alpha: float) -> None:
    kmf = fit_km(data, alpha)
    curve = mj.kaplan_meier(data.durations, data.observed, alpha=alpha)
    t = timeline(kmf)
    ci = kmf.confidence_interval_
    # Before the first exit (lifelines' time 0 row) our limits are those of S = 1.
    low = np.where(t < curve.times[0], 1.0, _step(curve.times, curve.ci_low, t))
    high = np.where(t < curve.times[0], 1.0, _step(curve.times, curve.ci_high, t))
    assert_close(low, column(ci, 0))
    assert_close(high, column(ci, 1))


@given(data=survival_data(), q=st.sampled_from([0.25, 0.5, 0.75]))
@example(data=SurvivalData(np.arange(1.0, 7.0), np.ones(6, dtype=bool)), q=0.5)
@example(data=SurvivalData(np.array([1.0, 2.0]), np.array([False, False])), q=0.5)
@settings(deadline=None)
def test_km_median_and_quantiles_match_lifelines(data: SurvivalData, q: float) -> None:
    kmf = fit_km(data)
    curve = mj.kaplan_meier(data.durations, data.observed)
    ok = acceptable_quantiles(curve.times, curve.survival, q)
    assert curve.quantile(q) in ok
    assert lifelines_quantile(kmf, q) in ok
    if q == 0.5:
        assert curve.median == curve.quantile(0.5)


@pytest.mark.parametrize("n", [2, 4, 6, 8, 14, 24, 28, 30, 40, 44, 96])
def test_km_median_when_survival_is_exactly_one_half(n: int) -> None:
    # With n events at 1..n, the true S(n/2) is exactly 1/2, so the median is n/2.
    # A rounding error of 1e-16 above 1/2 moves "the first time with S <= 1/2" to
    # n/2 + 1: lifelines 0.30 does so for n = 6, 8, 14, 44, 96 (among others).
    curve = mj.kaplan_meier(np.arange(1.0, n + 1.0))
    assert curve.at(n / 2) == pytest.approx(0.5, abs=1e-15)
    assert curve.median == n / 2


def test_km_quantile_is_the_first_time_at_or_below_q() -> None:
    # Events at 1, 2, 3, 4: S = 3/4, 1/2, 1/4, 0, each exact in binary.
    curve = mj.kaplan_meier([4.0, 2.0, 3.0, 1.0])
    np.testing.assert_array_equal(curve.survival, [0.75, 0.5, 0.25, 0.0])
    assert curve.quantile(0.75) == 1.0
    assert curve.quantile(0.6) == 2.0
    assert curve.quantile(0.5) == 2.0
    assert curve.quantile(0.25) == 3.0
    assert curve.quantile(0.0) == 4.0
    # Censored last: S never reaches 0.
    assert mj.kaplan_meier([1.0, 2.0], [1, 0]).quantile(0.25) is None


@given(data=survival_data(entry="untied"), alpha=ALPHAS)
@settings(deadline=None)
def test_km_with_delayed_entry_matches_lifelines(data: SurvivalData, alpha: float) -> None:
    kmf = fit_km(data, alpha)
    curve = mj.kaplan_meier(data.durations, data.observed, data.entry, alpha=alpha)
    t = timeline(kmf)
    assert_close(curve.at(t), column(kmf.survival_function_))
    inside = t >= curve.times[0]
    assert_close(
        _step(curve.times, curve.ci_low, t[inside]), column(kmf.confidence_interval_, 0)[inside]
    )
    assert_close(
        _step(curve.times, curve.ci_high, t[inside]), column(kmf.confidence_interval_, 1)[inside]
    )
    assert curve.median in acceptable_quantiles(curve.times, curve.survival, 0.5)
    assert lifelines_quantile(kmf, 0.5) in acceptable_quantiles(curve.times, curve.survival, 0.5)


@given(data=survival_data(entry="any"), alpha=ALPHAS)
@example(
    data=SurvivalData(np.array([2.0, 3.0, 1.0, 1.0]), np.ones(4, bool), np.array([0, 1, 0, 1.0])),
    alpha=0.05,
)
def test_km_with_any_entry_matches_brute_force(data: SurvivalData, alpha: float) -> None:
    # Entries tied with exit times included: the oracle counts entry <= t <= duration.
    expected = brute_force_km(data)
    curve = mj.kaplan_meier(data.durations, data.observed, data.entry, alpha=alpha)
    np.testing.assert_array_equal(curve.times, expected["times"])
    np.testing.assert_array_equal(curve.at_risk, expected["at_risk"])
    np.testing.assert_array_equal(curve.events, expected["events"])
    np.testing.assert_array_equal(curve.censored, expected["censored"])
    assert_close(curve.survival, expected["survival"], 1e-12)
    low, high = loglog_limits(expected["survival"], expected["greenwood"], alpha)
    assert_close(curve.ci_low, low)
    assert_close(curve.ci_high, high)


def test_km_tied_entry_follows_the_api_risk_set() -> None:
    # Subjects: (entry, exit) = (0, 2), (1, 3), (0, 1), (1, 1), all events.
    # At t = 1 all four are at risk (entry <= 1 <= exit) and two exit: S = 1/2.
    # At t = 2: (0, 2) and (1, 3) at risk, one exits: S = 1/4. At t = 3: S = 0.
    # lifelines 0.30 gives S(1) = 0: it leaves the two entering at 1 out of the
    # risk set at 1 but counts the exit of (1, 1), so 2 deaths among 2 at risk.
    curve = mj.kaplan_meier([2.0, 3.0, 1.0, 1.0], [1, 1, 1, 1], [0.0, 1.0, 0.0, 1.0])
    np.testing.assert_array_equal(curve.times, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(curve.at_risk, [4, 2, 1])
    np.testing.assert_array_equal(curve.survival, [0.5, 0.25, 0.0])


@given(data=survival_data())
@settings(deadline=None)
def test_km_with_zero_entries_equals_km_without_entry(data: SurvivalData) -> None:
    plain = mj.kaplan_meier(data.durations, data.observed)
    zero = mj.kaplan_meier(data.durations, data.observed, np.zeros_like(data.durations))
    for name in ("times", "survival", "ci_low", "ci_high", "at_risk", "events", "censored"):
        np.testing.assert_array_equal(getattr(zero, name), getattr(plain, name))


@given(data=survival_data(entry="any"))
def test_km_counts_match_brute_force(data: SurvivalData) -> None:
    curve = mj.kaplan_meier(data.durations, data.observed, data.entry)
    np.testing.assert_array_equal(curve.times, np.unique(data.durations))
    assert curve.events.sum() == data.observed.sum()
    assert curve.censored.sum() == (~data.observed).sum()
    assert curve.n == data.durations.size
    for name in ("at_risk", "events", "censored"):
        assert getattr(curve, name).dtype == np.int64


# ------------------------------------------------- Nelson-Aalen vs lifelines
# lifelines' discrete Nelson-Aalen variance is sum d (n - d) / n^3 (Klein 1991,
# _variance_f_discrete) and its limits H exp(+-z sqrt(var) / H); ours uses the
# same, so estimate, variance and limits are all compared.
@given(data=survival_data(), alpha=ALPHAS)
@example(data=SurvivalData(np.array([2.0]), np.array([False])), alpha=0.05)
@example(data=SurvivalData(np.array([3.0, 3.0]), np.array([True, True])), alpha=0.05)
@settings(deadline=None)
def test_nelson_aalen_matches_lifelines(data: SurvivalData, alpha: float) -> None:
    naf = fit_na(data, alpha)
    hazard = mj.nelson_aalen(data.durations, data.observed, alpha=alpha)
    t = timeline(naf)
    assert_close(hazard.at(t), column(naf.cumulative_hazard_))
    inside = t >= hazard.times[0]
    assert_close(
        _step(hazard.times, hazard.variance, t[inside]), naf._cumulative_sq.to_numpy()[inside]
    )
    ci = naf.confidence_interval_
    assert_close(_step(hazard.times, hazard.ci_low, t[inside]), column(ci, 0)[inside])
    assert_close(_step(hazard.times, hazard.ci_high, t[inside]), column(ci, 1)[inside])


@given(data=survival_data(entry="untied"))
@settings(deadline=None)
def test_nelson_aalen_with_delayed_entry_matches_lifelines(data: SurvivalData) -> None:
    naf = fit_na(data)
    hazard = mj.nelson_aalen(data.durations, data.observed, data.entry)
    assert_close(hazard.at(timeline(naf)), column(naf.cumulative_hazard_))


@given(data=survival_data(entry="any"))
def test_nelson_aalen_is_sum_of_d_over_n(data: SurvivalData) -> None:
    expected = brute_force_km(data)
    hazard = mj.nelson_aalen(data.durations, data.observed, data.entry)
    np.testing.assert_array_equal(hazard.times, expected["times"])
    np.testing.assert_array_equal(hazard.at_risk, expected["at_risk"])
    assert_close(
        hazard.cumulative_hazard, np.cumsum(expected["events"] / expected["at_risk"]), 1e-12
    )
    assert np.all(np.diff(hazard.cumulative_hazard) >= 0)
    assert np.all(hazard.ci_low <= hazard.cumulative_hazard)
    assert np.all(hazard.cumulative_hazard <= hazard.ci_high)
    # exp(-H) >= product of (1 - d/n): each factor exp(-x) >= 1 - x.
    curve = mj.kaplan_meier(data.durations, data.observed, data.entry)
    assert np.all(np.exp(-hazard.cumulative_hazard) >= curve.survival - 1e-12)


# ------------------------------------------------------ log-rank vs lifelines
def _lifelines_groups(groups: Sequence[SurvivalData]) -> tuple[np.ndarray, ...]:
    durations = np.concatenate([g.durations for g in groups])
    observed = np.concatenate([g.observed for g in groups])
    labels = np.concatenate([np.full(g.durations.size, j) for j, g in enumerate(groups)])
    return durations, labels, observed


@given(groups=logrank_groups(2, 2))
@example(
    groups=[
        SurvivalData(np.array([1.0, 2.0]), np.array([False, False])),
        SurvivalData(np.array([3.0]), np.array([False])),
    ]
)
@settings(deadline=None)
def test_logrank_two_groups_matches_lifelines(groups: list[SurvivalData]) -> None:
    a, b = groups
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = lifelines_statistics.logrank_test(a.durations, b.durations, a.observed, b.observed)
    ours = mj.logrank((a.durations, a.observed), (b.durations, b.observed))
    assert ours.df == 1
    assert_close(ours.statistic, theirs.test_statistic)
    assert_close(ours.p_value, theirs.p_value)


@given(groups=logrank_groups(2, 4))
@settings(deadline=None)
def test_multivariate_logrank_matches_lifelines(groups: list[SurvivalData]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = lifelines_statistics.multivariate_logrank_test(*_lifelines_groups(groups))
    ours = mj.logrank(*((g.durations, g.observed) for g in groups))
    assert ours.df == len(groups) - 1
    assert ours.df == theirs.degrees_of_freedom
    assert_close(ours.statistic, theirs.test_statistic)
    assert_close(ours.p_value, theirs.p_value)


@given(groups=logrank_groups(2, 4))
def test_logrank_observed_and_expected_match_brute_force(groups: list[SurvivalData]) -> None:
    expected = brute_force_logrank(groups)
    ours = mj.logrank(*((g.durations, g.observed) for g in groups))
    assert_close(ours.observed, expected["observed"])
    assert_close(ours.expected, expected["expected"])
    assert_close(sum(ours.observed), sum(ours.expected))
    assert ours.observed == tuple(float(g.observed.sum()) for g in groups)


@given(groups=logrank_groups(2, 4, entry=True))
def test_logrank_with_delayed_entry_matches_brute_force(groups: list[SurvivalData]) -> None:
    # lifelines' log-rank tests take no entry times, so the oracle is the brute force.
    expected = brute_force_logrank(groups)
    ours = mj.logrank(*((g.durations, g.observed, g.entry) for g in groups))
    assert_close(ours.observed, expected["observed"])
    assert_close(ours.expected, expected["expected"])
    assert_close(ours.statistic, expected["statistic"])
    assert_close(ours.p_value, chi2_sf(expected["statistic"], len(groups) - 1))


@given(groups=logrank_groups(2, 4))
def test_logrank_with_zero_entries_equals_logrank_without(groups: list[SurvivalData]) -> None:
    plain = mj.logrank(*((g.durations, g.observed) for g in groups))
    zero = mj.logrank(*((g.durations, g.observed, np.zeros_like(g.durations)) for g in groups))
    assert zero == plain


def test_logrank_with_delayed_entry_by_hand() -> None:
    # A: (entry, exit) = (0, 2) event, (1, 3) event. B: (0, 1) event, (2, 4) censored.
    # t = 1: A 2 at risk, B 1; B exits. E_A = 2/3, V = 1 * 2/2 * (2/3)(1/3) = 2/9.
    # t = 2: A 2, B 1 (entered at 2); A exits. E_A = 2/3, V = 2/9.
    # t = 3: A 1, B 1; A exits. E_A = 1/2, V = 1/4.
    # O_A - E_A = 2 - 11/6 = 1/6, V = 25/36, statistic = (1/36) / (25/36) = 1/25.
    ours = mj.logrank(
        ([2.0, 3.0], [1, 1], [0.0, 1.0]),
        ([1.0, 4.0], [1, 0], [0.0, 2.0]),
    )
    assert_close(ours.observed, [2.0, 1.0])
    assert_close(ours.expected, [11 / 6, 7 / 6])
    assert_close(ours.statistic, 1 / 25)
    assert_close(ours.p_value, chi2_sf(1 / 25, 1))


def test_logrank_by_hand_without_entry() -> None:
    # A: events at 1, 2. B: event at 3. t=1: n=(2, 1); t=2: (1, 1); t=3: (0, 1).
    # E_A = 2/3 + 1/2 + 0 = 7/6; V = 2/9 + 1/4 + 0 = 17/36.
    # statistic = (2 - 7/6)^2 / (17/36) = (25/36) / (17/36) = 25/17.
    ours = mj.logrank(([1.0, 2.0], [1, 1]), ([3.0], [1]))
    assert_close(ours.statistic, 25 / 17)
    assert_close(ours.p_value, chi2_sf(25 / 17, 1))


# ------------------------------------------------------------------ edge cases
@pytest.mark.parametrize(
    "estimator",
    [
        lambda: mj.kaplan_meier([]),
        lambda: mj.kaplan_meier([], []),
        lambda: mj.nelson_aalen([]),
        lambda: mj.cumulative_incidence([], []),
        lambda: hazard_by_band([], [], edges=[0.0, 1.0]),
    ],
    ids=["kaplan_meier", "kaplan_meier_observed", "nelson_aalen", "incidence", "hazard_by_band"],
)
def test_empty_input_raises_naming_durations(estimator: object) -> None:
    with pytest.raises(ValueError, match="durations"):
        estimator()  # type: ignore[operator]


BAD_INPUTS = [
    pytest.param(([1.0, -2.0], None, None), "durations", "-2", id="negative-duration"),
    pytest.param(([1.0, math.nan], None, None), "durations", "nan", id="nan-duration"),
    pytest.param(([1.0, math.inf], None, None), "durations", "inf", id="inf-duration"),
    pytest.param(([1.0, 2.0], [1], None), "observed", "", id="short-observed"),
    pytest.param(([1.0, 2.0], [1, 1, 0], None), "observed", "", id="long-observed"),
    pytest.param(([1.0, 2.0], [1, 1], [0.0]), "entry", "", id="short-entry"),
    pytest.param(([1.0, 2.0], [1, 1], [0.0, 2.5]), "entry", "2.5", id="entry-after-exit"),
    pytest.param(([1.0, 2.0], [1, 1], [0.0, -1.0]), "entry", "-1", id="negative-entry"),
    pytest.param(([1.0, 2.0], [1, 1], [0.0, math.nan]), "entry", "nan", id="nan-entry"),
]


@pytest.mark.parametrize(("args", "name", "value"), BAD_INPUTS)
@pytest.mark.parametrize("estimator", [mj.kaplan_meier, mj.nelson_aalen], ids=["km", "na"])
def test_invalid_input_raises_naming_the_argument(
    estimator: object, args: tuple[object, ...], name: str, value: str
) -> None:
    with pytest.raises(ValueError, match=name) as info:
        estimator(*args)  # type: ignore[operator]
    assert value in str(info.value)


@pytest.mark.parametrize(("args", "name", "value"), BAD_INPUTS)
def test_logrank_rejects_invalid_groups_naming_the_argument(
    args: tuple[object, ...], name: str, value: str
) -> None:
    durations, observed, entry = args
    observed = [1] * len(durations) if observed is None else observed  # type: ignore[arg-type]
    bad = (durations, observed) if entry is None else (durations, observed, entry)
    with pytest.raises(ValueError, match=name):
        mj.logrank(([1.0, 2.0], [1, 0]), bad)


def test_logrank_needs_two_groups() -> None:
    with pytest.raises(ValueError, match="groups"):
        mj.logrank(([1.0, 2.0], [1, 1]))


@given(data=survival_data())
def test_all_censored_gives_survival_one_and_no_median(data: SurvivalData) -> None:
    observed = np.zeros_like(data.observed)
    curve = mj.kaplan_meier(data.durations, observed)
    assert np.all(curve.survival == 1.0)
    assert np.all(curve.ci_low == 1.0)
    assert np.all(curve.ci_high == 1.0)
    assert curve.median is None
    assert curve.quantile(0.9) is None
    assert curve.at(data.durations.max() + 1.0) == 1.0
    t_max = float(data.durations.max()) + 1.0
    assert curve.restricted_mean(t_max) == pytest.approx(t_max, rel=1e-12)
    hazard = mj.nelson_aalen(data.durations, observed)
    assert np.all(hazard.cumulative_hazard == 0.0)


def test_all_events_at_one_time() -> None:
    curve = mj.kaplan_meier([3.0, 3.0, 3.0], [1, 1, 1])
    np.testing.assert_array_equal(curve.times, [3.0])
    np.testing.assert_array_equal(curve.survival, [0.0])
    np.testing.assert_array_equal(curve.ci_low, [0.0])
    np.testing.assert_array_equal(curve.ci_high, [0.0])
    assert curve.at(math.nextafter(3.0, 0.0)) == 1.0
    assert curve.at(3.0) == 0.0
    assert curve.median == 3.0
    assert curve.restricted_mean(5.0) == 3.0
    hazard = mj.nelson_aalen([3.0, 3.0, 3.0], [1, 1, 1])
    np.testing.assert_array_equal(hazard.cumulative_hazard, [1.0])


@pytest.mark.parametrize("observed", [True, False])
def test_single_observation(observed: bool) -> None:
    curve = mj.kaplan_meier([2.5], [observed])
    np.testing.assert_array_equal(curve.times, [2.5])
    np.testing.assert_array_equal(curve.at_risk, [1])
    expected = 0.0 if observed else 1.0
    np.testing.assert_array_equal(curve.survival, [expected])
    assert curve.at(2.4) == 1.0
    assert curve.at(2.5) == expected
    assert curve.median == (2.5 if observed else None)
    assert curve.n == 1


def test_zero_durations_count_at_time_zero() -> None:
    # A real exit at 0 is a time of the curve (no artificial 0 is added otherwise).
    curve = mj.kaplan_meier([0.0, 0.0, 1.0, 2.0], [1, 0, 1, 1])
    np.testing.assert_array_equal(curve.times, [0.0, 1.0, 2.0])
    assert_close(curve.survival, [0.75, 0.375, 0.0])
    assert curve.at(-1e-9) == 1.0
    assert mj.kaplan_meier([1.0, 2.0]).times[0] == 1.0


# ------------------------------------------------------------------ properties
@given(data=survival_data(entry="any"), alpha=ALPHAS)
def test_km_is_a_non_increasing_curve_inside_its_limits(data: SurvivalData, alpha: float) -> None:
    curve = mj.kaplan_meier(data.durations, data.observed, data.entry, alpha=alpha)
    assert np.all(np.diff(curve.times) > 0)
    assert np.all(np.diff(curve.survival) <= 0)
    assert np.all((curve.survival >= 0) & (curve.survival <= 1))
    assert np.all(curve.ci_low <= curve.survival)
    assert np.all(curve.survival <= curve.ci_high)
    assert np.all((curve.ci_low >= 0) & (curve.ci_high <= 1))
    assert curve.alpha == alpha


@given(data=survival_data(entry="any"))
def test_km_at_is_a_right_continuous_step(data: SurvivalData) -> None:
    curve = mj.kaplan_meier(data.durations, data.observed, data.entry)
    times = curve.times
    np.testing.assert_array_equal(curve.at(times), curve.survival)
    for i, t in enumerate(times.tolist()):
        assert curve.at(t) == curve.survival[i]
        assert isinstance(curve.at(t), float)
        just_before = math.nextafter(t, -math.inf)
        assert curve.at(just_before) == (1.0 if i == 0 else curve.survival[i - 1])
    assert curve.at(times[-1] + 1.0) == curve.survival[-1]
    assert curve.at(-1.0) == 1.0
    midpoints = (times[:-1] + times[1:]) / 2
    np.testing.assert_array_equal(curve.at(midpoints), curve.survival[:-1])


def _integral_of_step(times: np.ndarray, survival: np.ndarray, t_max: float) -> float:
    """Area under 1 on [0, times[0]) and survival[i] on [times[i], times[i+1]), cut at t_max."""
    area, level, left = 0.0, 1.0, 0.0
    for t, s in zip(times.tolist(), survival.tolist(), strict=True):
        if t >= t_max:
            break
        area += level * (t - left)
        level, left = s, t
    return area + level * (t_max - left)


@given(
    data=survival_data(entry="any"),
    where=st.sampled_from(["zero", "first", "inside", "at_a_time", "beyond"]),
)
def test_restricted_mean_is_the_area_under_the_curve(data: SurvivalData, where: str) -> None:
    curve = mj.kaplan_meier(data.durations, data.observed, data.entry)
    times = curve.times
    t_max = {
        "zero": 0.0,
        "first": float(times[0]) / 2,
        "inside": float(times[len(times) // 2]) + 0.1,
        "at_a_time": float(times[-1]),
        "beyond": float(times[-1]) + 3.0,
    }[where]
    area = curve.restricted_mean(t_max)
    assert_close(area, _integral_of_step(times, curve.survival, t_max), 1e-12)
    assert 0.0 <= area <= t_max + 1e-12


def test_restricted_mean_by_hand() -> None:
    # S = 1 on [0, 1), 2/3 on [1, 3), 0 from 3: area to 4 is 1 + 2 * 2/3 = 7/3.
    curve = mj.kaplan_meier([1.0, 3.0, 3.0], [1, 1, 1])
    assert_close(curve.restricted_mean(4.0), 7 / 3)
    assert_close(curve.restricted_mean(2.0), 1 + 2 / 3)
    assert_close(curve.restricted_mean(0.5), 0.5)


def test_to_frame_has_one_row_per_time() -> None:
    pytest.importorskip("pandas")
    curve = mj.kaplan_meier([1.0, 2.0, 2.0, 5.0], [1, 0, 1, 1])
    frame = curve.to_frame()
    assert len(frame) == len(curve.times)
    np.testing.assert_array_equal(frame["survival"].to_numpy(), curve.survival)


# ------------------------------------------------------- cumulative incidence
CAUSES = ["quit", "layoff", "retire"]


@st.composite
def competing_data(draw: st.DrawFn, entry: str = "none", max_causes: int = 3) -> tuple:
    """Survival data with a cause label per exit ("censored" or None when censored)."""
    data = draw(survival_data(entry=entry))
    k = draw(st.integers(1, max_causes))
    picks = draw(st.lists(st.sampled_from(CAUSES[:k]), min_size=data.durations.size,
                          max_size=data.durations.size))  # fmt: skip
    censor_label = draw(st.sampled_from(["censored", None]))
    causes = np.array(
        [c if x else censor_label for c, x in zip(picks, data.observed, strict=True)],
        dtype=object,
    )
    return data, causes


@given(sample=competing_data(entry="any"))
def test_incidence_plus_survival_is_one(sample: tuple) -> None:
    data, causes = sample
    cr = mj.cumulative_incidence(data.durations, causes, data.entry)
    km = mj.kaplan_meier(data.durations, data.observed, data.entry)
    np.testing.assert_array_equal(cr.times, km.times)
    assert_close(cr.survival, km.survival, 1e-12)
    assert cr.incidence.shape == (cr.times.size, len(cr.causes))
    np.testing.assert_allclose(cr.incidence.sum(axis=1) + cr.survival, 1.0, rtol=0, atol=1e-12)
    assert np.all(np.diff(cr.incidence, axis=0) >= -1e-15)
    assert np.all(cr.incidence >= 0)
    present = {c for c in causes.tolist() if c not in ("censored", None)}
    assert set(cr.causes) == present


@given(data=survival_data(entry="any"))
def test_incidence_of_a_single_cause_is_one_minus_km(data: SurvivalData) -> None:
    causes = np.where(data.observed, "quit", "censored")
    cr = mj.cumulative_incidence(data.durations, causes, data.entry)
    km = mj.kaplan_meier(data.durations, data.observed, data.entry)
    if not data.observed.any():
        assert cr.causes == ()
        return
    assert cr.causes == ("quit",)
    assert_close(cr.incidence[:, 0], 1.0 - km.survival, 1e-12)
    t = float(km.times[-1])
    assert cr.at(t)["quit"] == pytest.approx(1.0 - km.at(t), abs=1e-12)


@given(
    values=st.lists(
        st.floats(min_value=0.01, max_value=50.0, allow_nan=False), min_size=1, max_size=25,
        unique=True,
    ),
    data=st.data(),
)  # fmt: skip
@settings(deadline=None)
def test_incidence_matches_lifelines_aalen_johansen_without_ties(
    values: list[float], data: st.DataObject
) -> None:
    # lifelines' Aalen-Johansen jitters tied times at random, so only distinct times compare.
    durations = np.array(values)
    codes = np.array(
        data.draw(st.lists(st.integers(0, 2), min_size=len(values), max_size=len(values)))
    )
    causes = np.array([{0: "censored", 1: "quit", 2: "layoff"}[c] for c in codes], dtype=object)
    cr = mj.cumulative_incidence(durations, causes)
    for code, name in ((1, "quit"), (2, "layoff")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ajf = lifelines.AalenJohansenFitter(calculate_variance=False).fit(
                durations, codes, event_of_interest=code
            )
        t = ajf.cumulative_density_.index.to_numpy(dtype=float)
        ours = np.array([cr.at(x).get(name, 0.0) for x in t])
        assert_close(ours, column(ajf.cumulative_density_))


def test_incidence_by_hand_with_tied_causes() -> None:
    # Four subjects: quit at 1, layoff at 1, censored at 2, quit at 3.
    # t = 1: n = 4, S- = 1: quit 1/4, layoff 1/4; S = 1/2.
    # t = 2: censoring only. t = 3: n = 1, S- = 1/2: quit += 1/2; S = 0.
    cr = mj.cumulative_incidence([1.0, 1.0, 2.0, 3.0], ["quit", "layoff", None, "quit"])
    assert set(cr.causes) == {"quit", "layoff"}
    at = cr.at(1.0)
    assert_close([at["quit"], at["layoff"]], [0.25, 0.25])
    at = cr.at(3.0)
    assert_close([at["quit"], at["layoff"]], [0.75, 0.25])
    assert cr.at(0.5) == {"quit": 0.0, "layoff": 0.0}
    assert_close(cr.survival, [0.5, 0.5, 0.0])


def test_incidence_rejects_mismatched_causes() -> None:
    with pytest.raises(ValueError, match="causes"):
        mj.cumulative_incidence([1.0, 2.0], ["quit"])


# -------------------------------------------------------------- hazard by band
def test_hazard_by_band_recovers_an_exponential_rate() -> None:
    rng = np.random.default_rng(20240601)
    rate, n = 0.4, 200_000
    life = rng.exponential(1.0 / rate, n)
    censor = rng.uniform(0.0, 10.0, n)
    durations = np.minimum(life, censor)
    observed = life <= censor
    # Left truncation keeps the rate of a memoryless law: enter at a uniform time, if still there.
    entry = rng.uniform(0.0, 2.0, n)
    keep = entry <= durations
    table = hazard_by_band(
        durations[keep], observed[keep], entry[keep], edges=[0.0, 0.5, 1.0, 2.0, 4.0, 8.0]
    )
    np.testing.assert_allclose(table.rate, rate, rtol=0.05)
    assert np.all((table.ci_low <= table.rate) & (table.rate <= table.ci_high))
    assert np.all(table.ci_low < rate * 1.05) and np.all(table.ci_high > rate * 0.95)


@given(data=survival_data(entry="any"), cut=st.sampled_from([0.5, 1.0, 2.5]))
def test_hazard_by_band_exposure_is_the_time_at_risk(data: SurvivalData, cut: float) -> None:
    start = entries(data)
    top = float(data.durations.max()) + 1.0
    edges = [0.0, cut, top] if cut < top else [0.0, top]
    table = hazard_by_band(data.durations, data.observed, data.entry, edges=edges)
    assert_close(table.exposure.sum(), (data.durations - start).sum(), 1e-12)
    assert table.events.sum() == data.observed.sum()
    np.testing.assert_array_equal(table.lower, edges[:-1])
    np.testing.assert_array_equal(table.upper, edges[1:])
    # Exposure of each band, subject by subject.
    for i, (lo, hi) in enumerate(itertools.pairwise(edges)):
        expected = sum(
            max(0.0, min(b, hi) - max(a, lo)) for a, b in zip(start, data.durations, strict=True)
        )
        assert_close(table.exposure[i], expected, 1e-12)
        # Events close the exposure they end: band (lo, hi], the first band from its edge.
        events = sum(
            1
            for b, x in zip(data.durations, data.observed, strict=True)
            if x and (lo < b <= hi or (i == 0 and b == lo))
        )
        assert table.events[i] == events


def test_hazard_by_band_by_hand() -> None:
    # (entry, exit, event): (0, 0.5, yes), (0, 1.5, no), (1, 3, yes).
    # [0, 1): exposure 0.5 + 1 + 0 = 1.5, 1 event. [1, 2): 0 + 0.5 + 1 = 1.5, none.
    # [2, 4): 1, 1 event.
    table = hazard_by_band([0.5, 1.5, 3.0], [1, 0, 1], [0.0, 0.0, 1.0], edges=[0.0, 1.0, 2.0, 4.0])
    assert_close(table.exposure, [1.5, 1.5, 1.0])
    np.testing.assert_array_equal(table.events, [1, 0, 1])
    assert_close(table.rate, [2 / 3, 0.0, 1.0])


def test_hazard_by_band_events_belong_to_the_band_whose_exposure_they_end() -> None:
    # An exit exactly at an edge ends exposure in the band below it; an exit at the
    # first edge itself counts in the first band; exits beyond the last edge in none.
    table = hazard_by_band([1.0, 1.5, 2.0, 2.5], [1, 1, 1, 1], edges=[0.0, 1.0, 2.0])
    np.testing.assert_array_equal(table.events, [1, 2])
    assert_close(table.exposure, [4.0, 2.5])
    at_zero = hazard_by_band([0.0, 1.0], [1, 0], edges=[0.0, 1.0])
    np.testing.assert_array_equal(at_zero.events, [1])


@given(flags=event_flags(12))
def test_hazard_by_band_counts_events_before_the_first_edge_nowhere(flags: np.ndarray) -> None:
    durations = np.linspace(0.25, 3.0, 12)
    table = hazard_by_band(durations, flags, edges=[1.0, 2.0])
    inside = (durations >= 1.0) & (durations <= 2.0)
    assert table.events.sum() == (flags & inside).sum()
    assert_close(table.exposure.sum(), np.clip(durations, 1.0, 2.0).sum() - 12 * 1.0, 1e-12)


def test_cumulative_incidence_keeps_the_cause_labels_as_given() -> None:
    cr = mj.cumulative_incidence([1.0, 2.0, 3.0, 4.0], [2, 1, float("nan"), None])
    assert cr.causes == (1, 2), "integer labels stay integers; NaN and None are censorings"
    assert cr.at(1.5) == {1: 0.0, 2: 0.25}
    assert cr.at(4.0)[1] == pytest.approx(0.25)
    assert list(cr.to_frame().columns[-2:]) == ["1", "2"]
