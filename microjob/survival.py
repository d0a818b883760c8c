"""Survival analysis on plain arrays: Kaplan-Meier, Nelson-Aalen, log-rank, hazards.

A toolkit for any duration data, not only microjob's spells: every function
takes arrays of durations, event flags and (optionally) delayed-entry times,
and knows nothing of runs or records (:mod:`microjob.measures` lays a run's
spells out for it). Estimators: :func:`kaplan_meier` (exact product-limit
with delayed entry; faster than lifelines on the same data),
:func:`nelson_aalen`, :func:`logrank`, :func:`hazard_by_band` and
:func:`cumulative_incidence` (Aalen-Johansen, competing exits).

The estimators share one risk table (:mod:`microjob._risk_table`): the
distinct exit times with the numbers at risk, events and exits at each.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import numpy as np
from numpy.typing import ArrayLike

from microjob._risk_table import counts_at, risk_table, survival_data
from microjob._stats import chi2_sf

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CENSORED",
    "CompetingRisks",
    "CumulativeHazard",
    "HazardTable",
    "LogRankResult",
    "SurvivalCurve",
    "cumulative_incidence",
    "hazard_by_band",
    "kaplan_meier",
    "logrank",
    "nelson_aalen",
]


def _z(alpha: float) -> float:
    """Two-sided standard normal quantile for a (1 - alpha) interval."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha: must be between 0 and 1 (exclusive), got {alpha!r}")
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


_QUANTILE_TOLERANCE = 1e-12
"""Slack when finding the first time at which a survival curve reaches a level."""


def _step(times: np.ndarray, values: np.ndarray, t: ArrayLike, before: float) -> Any:
    """Right-continuous step function through (times, values); ``before`` left of times[0]."""
    try:
        tt = np.asarray(t, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"t: must be a time or an array of times, got {t!r}") from None
    if np.isnan(tt).any():
        raise ValueError(f"t: must be a time (a number), got NaN in {t!r}")
    idx = np.searchsorted(times, tt, side="right") - 1
    out = np.where(idx >= 0, values[np.maximum(idx, 0)], before)
    return float(out) if out.ndim == 0 else out


def _frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
    return pd.DataFrame(columns)


def _array_repr(name: str, n: int, times: np.ndarray) -> str:
    span = f"{times[0]:g}..{times[-1]:g}" if len(times) else "none"
    return f"{name}(n={n:,}, times={len(times):,} in {span}"


@attrs.frozen(eq=False, repr=False, kw_only=True)
class _StepEstimate:
    """Fields and methods shared by estimates that are step functions of time."""

    times: np.ndarray
    """Distinct exit times (event or censoring), increasing."""
    ci_low: np.ndarray
    """Lower pointwise confidence limit."""
    ci_high: np.ndarray
    """Upper pointwise confidence limit."""
    at_risk: np.ndarray
    """Number at risk at each time (entered at or before it and not exited before it)."""
    events: np.ndarray
    """Events (separations) at each time."""
    n: int
    """Number of subjects."""
    alpha: float = 0.05
    """1 - confidence level of the limits."""

    _value: ClassVar[str]
    _before: ClassVar[float]

    def at(self, t: ArrayLike) -> Any:
        """The estimate at ``t`` (scalar or array), right-continuous between exit times."""
        return _step(self.times, getattr(self, self._value), t, self._before)

    def ci_at(self, t: ArrayLike) -> tuple[Any, Any]:
        """The pointwise confidence limits ``(low, high)`` at ``t`` (scalar or array)."""
        return (
            _step(self.times, self.ci_low, t, self._before),
            _step(self.times, self.ci_high, t, self._before),
        )

    def to_frame(self) -> pd.DataFrame:
        """The estimate as a DataFrame, one row per time (needs pandas)."""
        names = [self._value, "ci_low", "ci_high", "at_risk", "events"]
        names += [f.name for f in attrs.fields(type(self)) if f.name not in (*names, "times")]
        columns = {"time": self.times}
        columns.update({k: getattr(self, k) for k in names if k not in ("n", "alpha")})
        return _frame(columns)


@attrs.frozen(eq=False, repr=False, kw_only=True)
class SurvivalCurve(_StepEstimate):
    """A Kaplan-Meier estimate of the survival function, with pointwise confidence limits.

    Arrays are aligned on :attr:`times`, the distinct exit times (events and
    censorings) in increasing order; :meth:`at` evaluates the step function
    anywhere (1 before the first exit). The limits use Greenwood's variance on
    the log(-log) scale.
    """

    survival: np.ndarray
    """Estimated probability of surviving beyond each time (product-limit)."""
    censored: np.ndarray
    """Censorings at each time."""

    _value = "survival"
    _before = 1.0

    def quantile(self, q: float) -> float | None:
        """The first time at which survival is at most ``q``; None if it never gets there."""
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"q: must be between 0 and 1, got {q!r}")
        # Survival is a product of many factors, so a value that is exactly q in
        # exact arithmetic can come out a few ulps above it; a tolerance far below
        # any real difference keeps such ties on the earlier time.
        hit = np.flatnonzero(self.survival <= q + _QUANTILE_TOLERANCE)
        return float(self.times[hit[0]]) if hit.size else None

    @property
    def median(self) -> float | None:
        """Median survival time (survival first at or below one half); None if never reached."""
        return self.quantile(0.5)

    def restricted_mean(self, t_max: float) -> float:
        """Mean survival time restricted to ``[0, t_max]``: the area under the curve."""
        if not (t_max >= 0 and math.isfinite(t_max)):
            raise ValueError(f"t_max: must be finite and >= 0, got {t_max!r}")
        inside = self.times < t_max
        edges = np.concatenate(([0.0], self.times[inside], [t_max]))
        heights = np.concatenate(([1.0], self.survival[inside]))
        return float(np.dot(heights, np.diff(edges)))

    def __repr__(self) -> str:
        med = self.median
        return (
            _array_repr("SurvivalCurve", self.n, self.times)
            + f", median={'not reached' if med is None else format(med, 'g')})"
        )


def kaplan_meier(
    durations: ArrayLike,
    observed: ArrayLike | None = None,
    entry: ArrayLike | None = None,
    *,
    alpha: float = 0.05,
) -> SurvivalCurve:
    """Kaplan-Meier (product-limit) estimate of survival with right censoring and delayed entry.

    ``durations`` are times to exit, ``observed`` says whether each exit is an
    event (True) or a censoring (False; default all events), and ``entry``
    the time each subject came under observation (left truncation: a spell
    that began before the measurement window enters the risk set at its
    tenure when the window opened). Confidence limits use Greenwood's
    variance on the log(-log) scale (Kalbfleisch & Prentice 2002, sec. 1.4),
    which keeps them inside [0, 1].
    """
    z = _z(alpha)
    d, e, t0 = survival_data(durations, observed, entry)
    times, at_risk, events, exits = risk_table(d, e, t0)
    n_ = at_risk.astype(np.float64)
    dd = events.astype(np.float64)
    frac = dd / n_
    survival = np.cumprod(1.0 - frac)
    # Greenwood's sum; a time at which everyone at risk fails adds no term (survival is 0 then).
    # The log(-log) limits exp(-exp(log(-log S) -+ z sigma / log S)) are written as
    # S ** exp(-+ z sigma / log S), which needs two fewer transcendental calls per time.
    with np.errstate(divide="ignore", invalid="ignore"):
        term = frac / (n_ - dd)  # d / (n (n - d))
        term[at_risk == events] = 0.0
        log_s = np.log(survival)
        spread = np.exp(z * np.sqrt(np.cumsum(term)) / log_s)
        low = np.exp(log_s / spread)
        high = np.exp(log_s * spread)
    one, zero = survival == 1.0, survival == 0.0
    low[one], high[one] = 1.0, 1.0
    low[zero], high[zero] = 0.0, 0.0
    return SurvivalCurve(
        times=times,
        survival=survival,
        ci_low=low,
        ci_high=high,
        at_risk=at_risk,
        events=events,
        censored=exits - events,
        n=int(d.size),
        alpha=alpha,
    )


@attrs.frozen(eq=False, repr=False, kw_only=True)
class CumulativeHazard(_StepEstimate):
    """A Nelson-Aalen estimate of the cumulative hazard, with pointwise confidence limits.

    Arrays are aligned on :attr:`times`; :meth:`at` is 0 before the first
    exit. The limits are on the log scale.
    """

    cumulative_hazard: np.ndarray
    """Sum over event times up to t of events / number at risk."""
    variance: np.ndarray
    """Variance estimate: sum of d (n - d) / n^3 (Klein 1991)."""

    _value = "cumulative_hazard"
    _before = 0.0

    def __repr__(self) -> str:
        final = self.cumulative_hazard[-1] if len(self.times) else 0.0
        return _array_repr("CumulativeHazard", self.n, self.times) + f", final={final:.4g})"


def nelson_aalen(
    durations: ArrayLike,
    observed: ArrayLike | None = None,
    entry: ArrayLike | None = None,
    *,
    alpha: float = 0.05,
) -> CumulativeHazard:
    """Nelson-Aalen estimate of the cumulative hazard (right censoring, delayed entry).

    The estimate is the classic sum of d/n over event times (ties counted
    together, not split). The confidence limits are H exp(+-z sigma / H) with
    the variance of Klein (1991), as lifelines computes them without smoothing.
    """
    z = _z(alpha)
    d, e, t0 = survival_data(durations, observed, entry)
    times, at_risk, events, _ = risk_table(d, e, t0)
    n_ = at_risk.astype(np.float64)
    frac = events / n_
    hazard = np.cumsum(frac)
    variance = np.cumsum((1.0 - frac) * frac / n_)
    spread = np.exp(z * np.sqrt(variance) / np.where(hazard == 0.0, 1.0, hazard))
    return CumulativeHazard(
        times=times,
        cumulative_hazard=hazard,
        variance=variance,
        ci_low=hazard / spread,
        ci_high=hazard * spread,
        at_risk=at_risk,
        events=events,
        n=int(d.size),
        alpha=alpha,
    )


@attrs.frozen
class LogRankResult:
    """Result of a log-rank test: the chi-squared statistic, its degrees of freedom, the p-value.

    ``observed`` and ``expected`` are the events per group and their
    expectation under the null hypothesis of one common hazard.
    """

    statistic: float
    df: int
    p_value: float
    observed: tuple[float, ...]
    expected: tuple[float, ...]


def logrank(*groups: Sequence[ArrayLike | None]) -> LogRankResult:
    """Log-rank test that two or more groups of spells share one survival function.

    Each group is ``(durations, observed)`` or ``(durations, observed,
    entry)``. With k groups the statistic is the quadratic form of observed
    minus expected events over the first k - 1 groups with the
    hypergeometric covariance (Mantel 1966; Klein & Moeschberger 2003, sec.
    7.3), chi-squared with k - 1 degrees of freedom. Delayed entries join the
    risk sets at their entry times.
    """
    if len(groups) < 2:
        raise ValueError(f"groups: the log-rank test needs at least 2 groups, got {len(groups)}")
    data = []
    for g, group in enumerate(groups):
        if isinstance(group, np.ndarray | str | bytes | dict) or not (
            isinstance(group, Sequence) and 2 <= len(group) <= 3
        ):
            raise ValueError(
                f"groups[{g}]: must be (durations, observed) or (durations, observed, entry), "
                f"got {type(group).__name__}"
            )
        entry = group[2] if len(group) == 3 else None
        data.append(survival_data(group[0], group[1], entry, where=f"groups[{g}]."))  # type: ignore[arg-type]
    all_events = np.concatenate([d[e] for d, e, _ in data])
    times = np.unique(all_events)
    k = len(data)
    at_risk = np.empty((k, times.size))
    deaths = np.empty((k, times.size))
    for j, (d, e, t0) in enumerate(data):
        exited_before = np.searchsorted(np.sort(d), times, side="left")
        entered = d.size if t0 is None else np.searchsorted(np.sort(t0), times, side="right")
        at_risk[j] = entered - exited_before
        deaths[j] = counts_at(times, np.sort(d[e]))
    n = at_risk.sum(axis=0)
    dt = deaths.sum(axis=0)
    share = at_risk / n
    expected = (share * dt).sum(axis=1)
    observed = deaths.sum(axis=1)
    # Hypergeometric covariance: d (n - d) / (n - 1) * share_j (delta_jl - share_l);
    # with one at risk the factor is 0/0 but the shares make every term vanish.
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(n > 1, dt * (n - dt) / (n - 1), 0.0)
    weighted = share * factor
    cov = np.diag(weighted.sum(axis=1)) - (weighted @ share.T)
    diff = (observed - expected)[:-1]
    statistic = float(diff @ np.linalg.pinv(cov[:-1, :-1]) @ diff)
    return LogRankResult(
        statistic=statistic,
        df=k - 1,
        p_value=chi2_sf(statistic, k - 1),
        observed=tuple(float(v) for v in observed),
        expected=tuple(float(v) for v in expected),
    )


@attrs.frozen(eq=False, repr=False)
class HazardTable:
    """Occurrence/exposure hazard rates in bands of time (e.g. tenure bands).

    Band i collects the time at risk between ``lower[i]`` and ``upper[i]``
    and the events that end it, those at times in ``(lower[i], upper[i]]``;
    ``rate`` is events per unit of time at risk in the band.
    """

    lower: np.ndarray
    """Band lower edges."""
    upper: np.ndarray
    """Band upper edges."""
    events: np.ndarray
    """Events at times in (lower, upper]."""
    exposure: np.ndarray
    """Total time at risk spent between lower and upper."""
    rate: np.ndarray
    """Events / exposure (NaN without exposure)."""
    ci_low: np.ndarray
    """Lower confidence limit of the rate."""
    ci_high: np.ndarray
    """Upper confidence limit of the rate."""
    alpha: float = 0.05
    """1 - confidence level of the limits."""

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame, one row per band (needs pandas)."""
        return _frame({f.name: getattr(self, f.name) for f in attrs.fields(HazardTable)[:-1]})

    def __repr__(self) -> str:
        rows = ", ".join(
            f"[{lo:g}, {hi:g}): {r:.3g}"
            for lo, hi, r in zip(self.lower, self.upper, self.rate, strict=True)
        )
        return f"HazardTable({rows})"


def hazard_by_band(
    durations: ArrayLike,
    observed: ArrayLike | None = None,
    entry: ArrayLike | None = None,
    *,
    edges: ArrayLike,
    alpha: float = 0.05,
) -> HazardTable:
    """Hazard of exit by band of time: events in the band over time at risk in the band.

    With tenure as the time scale this is the separation hazard by tenure
    band, whose rise then fall over the first year or two is the signature of
    match quality learned on the job (Jovanovic 1979; Farber 1994).
    Confidence limits are rate x exp(+-z / sqrt(events)) (the log-scale Wald
    interval of a Poisson rate); a band without events gets the exact upper
    limit -ln(alpha / 2) / exposure.
    """
    z = _z(alpha)
    d, e, t0 = survival_data(durations, observed, entry)
    b = np.asarray(edges, dtype=np.float64)
    if b.ndim != 1 or b.size < 2 or not np.all(np.diff(b) > 0) or not np.isfinite(b[0]):
        raise ValueError(f"edges: must be at least two increasing numbers, got {edges!r}")
    start = np.zeros_like(d) if t0 is None else t0
    lower, upper = b[:-1], b[1:]
    exposure = np.empty(lower.size)
    for i, (lo, hi) in enumerate(
        zip(lower, upper, strict=True)
    ):  # a loop over bands, not observations
        exposure[i] = np.maximum(0.0, np.minimum(d, hi) - np.maximum(start, lo)).sum()
    # An event at time t ends exposure at t, so it belongs to the band whose
    # exposure it closes: (lower, upper] (an event at the very first edge goes
    # to the first band).
    band = np.searchsorted(b, d[e], side="left") - 1
    band[(band < 0) & (d[e] == b[0])] = 0
    inside = (band >= 0) & (band < lower.size)
    events = np.bincount(band[inside], minlength=lower.size).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(exposure > 0, events / exposure, np.nan)
        spread = np.exp(z / np.sqrt(events))
        low = np.where(events > 0, rate / spread, 0.0)
        high = np.where(events > 0, rate * spread, -math.log(alpha / 2.0) / exposure)
    none = exposure <= 0
    low[none], high[none] = np.nan, np.nan
    return HazardTable(
        lower=lower,
        upper=upper,
        events=events,
        exposure=exposure,
        rate=rate,
        ci_low=low,
        ci_high=high,
        alpha=alpha,
    )


@attrs.frozen(eq=False, repr=False)
class CompetingRisks:
    """Aalen-Johansen cumulative incidence of competing exits (e.g. quit, layoff, retire).

    ``incidence[:, j]`` is the probability of having exited by cause
    ``causes[j]`` by each time; ``survival`` is the overall Kaplan-Meier
    survival, and the rows of ``incidence`` plus ``survival`` sum to one.
    """

    times: np.ndarray
    """Distinct exit times, increasing."""
    causes: tuple[Any, ...]
    """The causes of exit (the labels as given), in column order."""
    incidence: np.ndarray
    """Cumulative incidence, one column per cause."""
    survival: np.ndarray
    """Overall survival (no exit of any cause)."""
    at_risk: np.ndarray
    """Number at risk just before each time."""
    n: int
    """Number of subjects."""

    def at(self, t: float) -> dict[Any, float]:
        """Cumulative incidence of each cause at time ``t``."""
        return {
            c: float(_step(self.times, self.incidence[:, j], t, 0.0))
            for j, c in enumerate(self.causes)
        }

    def to_frame(self) -> pd.DataFrame:
        """Times, survival and one incidence column per cause (needs pandas)."""
        columns = {"time": self.times, "survival": self.survival, "at_risk": self.at_risk}
        columns.update({str(c): self.incidence[:, j] for j, c in enumerate(self.causes)})
        return _frame(columns)

    def __repr__(self) -> str:
        final = ", ".join(f"{c}={self.incidence[-1, j]:.3g}" for j, c in enumerate(self.causes))
        return _array_repr("CompetingRisks", self.n, self.times) + f", final: {final})"


CENSORED = "censored"
"""The cause label that marks a censored observation in :func:`cumulative_incidence`."""


def cumulative_incidence(
    durations: ArrayLike, causes: ArrayLike, entry: ArrayLike | None = None
) -> CompetingRisks:
    """Aalen-Johansen estimate of the cumulative incidence of each cause of exit.

    ``causes`` labels each exit (strings, numbers, any hashable values);
    ``"censored"``, None or NaN marks a censored observation. The incidence
    of cause k at time t sums S(s-) d_k(s) / n(s) over exit times s <= t,
    with S the overall Kaplan-Meier survival: unlike 1 - KM of one cause with
    the others censored, it does not pretend that people laid off could still
    have quit (Aalen & Johansen 1978; Putter et
    al. 2007).
    """
    labels = np.asarray(causes, dtype=object)
    if labels.ndim != 1:
        raise ValueError(f"causes: must be one-dimensional, got shape {labels.shape}")
    d, _, t0 = survival_data(durations, None, entry)
    if labels.size != d.size:
        raise ValueError(f"causes: must have the length of durations ({d.size}), got {labels.size}")
    censored = np.array(
        [c is None or c == CENSORED or (isinstance(c, float) and c != c) for c in labels],
        dtype=bool,
    )
    times, at_risk, events, _ = risk_table(d, ~censored, t0)
    names = tuple(sorted(set(labels[~censored].tolist()), key=str))
    survival = np.cumprod(1.0 - events / at_risk)
    before = np.concatenate(([1.0], survival[:-1]))
    incidence = np.empty((times.size, len(names)))
    for j, name in enumerate(names):  # a loop over causes, not observations
        of_cause = ~censored & np.array([c == name for c in labels], dtype=bool)
        hits = counts_at(times, np.sort(d[of_cause]))
        incidence[:, j] = np.cumsum(before * hits / at_risk)
    return CompetingRisks(
        times=times,
        causes=names,
        incidence=incidence,
        survival=survival,
        at_risk=at_risk,
        n=int(d.size),
    )
