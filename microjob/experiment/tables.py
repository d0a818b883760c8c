"""Estimates, paired differences and the tables that hold them.

Means over replications with t-based confidence intervals; paired
differences between policies that share seeds.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob._stats import t_quantile
from microjob.experiment.tasks import RunRecord
from microjob.policies import find_policy_kind
from microjob.records import RunSummary

if TYPE_CHECKING:
    import pandas as pd


@attrs.frozen
class Estimate:
    """Mean of one measure over replications, with a t-based confidence interval."""

    label: str
    """Policy (or grid point) label."""
    measure: str
    """RunSummary field."""
    mean: float
    sd: float
    """Sample standard deviation over replications."""
    ci_low: float
    ci_high: float
    n: int
    """Replications with a value (NaN values are left out)."""


@attrs.frozen
class Difference:
    """Paired difference of one measure between a policy and the baseline policy.

    ``mean``, ``sd`` and the interval are over the per-replication differences
    (common random numbers); ``unpaired_ci_low``/``high`` is the interval an
    unpaired two-sample comparison would give, and ``variance_reduction`` is
    1 - var(paired differences) / (var(policy) + var(baseline)).
    """

    label: str
    baseline: str
    measure: str
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    n: int
    unpaired_ci_low: float
    unpaired_ci_high: float
    variance_reduction: float


def _interval(values: np.ndarray, confidence: float) -> tuple[float, float, float, float, int]:
    """Mean, sd, and the t interval of the finite ``values``."""
    x = values[np.isfinite(values)]
    n = int(x.size)
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan, 0
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan, math.nan, math.nan, n
    sd = float(x.std(ddof=1))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half, n


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence: must be between 0 and 1, got {confidence!r}")


def _measures(
    measures: Sequence[str] | None,
    names: tuple[str, ...] | None = None,
    kind: str = "measure",
) -> tuple[str, ...]:
    """``measures`` checked against ``names`` (default: every RunSummary field; None
    asks for all of them); an unknown one is a ValueError with the closest name."""
    names = RunSummary.field_names() if names is None else names
    if measures is None:
        return names
    for m in measures:
        if m not in names:
            close = difflib.get_close_matches(m, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"measures: unknown {kind} {m!r}{hint}")
    return tuple(measures)


@attrs.frozen(eq=False)
class Table:
    """Rows of :class:`Estimate` or :class:`Difference`, with text and pandas views.

    ``columns`` optionally adds, per label, columns to :meth:`to_frame`
    (a sweep's parameter values).
    """

    rows: tuple[Any, ...]
    columns: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)

    def get(self, label: str, measure: str) -> Any:
        """The row for ``label`` and ``measure`` (a policy kind's alias finds the kind's row)."""
        for name in _spellings(label):
            for row in self.rows:
                if row.label == name and row.measure == measure:
                    return row
        raise KeyError(f"no row for label {label!r} and measure {measure!r}")

    def to_frame(self) -> pd.DataFrame:
        """One row per (label, measure) as a DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
        records = []
        for row in self.rows:
            record = dict(self.columns.get(row.label, {}))
            record.update(attrs.asdict(row))
            records.append(record)
        return pd.DataFrame(records)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __str__(self) -> str:
        lines = []
        for row in self.rows:
            ci = f"[{row.ci_low:.4g}, {row.ci_high:.4g}]"
            extra = f" vs {row.baseline}" if isinstance(row, Difference) else ""
            lines.append(
                f"{row.label + extra:<28} {row.measure:<36} {row.mean:>11.4g} {ci:>24} n={row.n}"
            )
        return "\n".join(lines)


def _spellings(label: str) -> tuple[str, ...]:
    """``label``, then the kind it spells if it is a built-in kind's alias."""
    entry = find_policy_kind(label) if isinstance(label, str) else None
    return (label,) if entry is None or entry.kind == label else (label, entry.kind)


def _estimates(
    label: str, summaries: Sequence[RunSummary], measures: Sequence[str], confidence: float
) -> list[Estimate]:
    rows = []
    for m in measures:
        values = np.array([getattr(s, m) for s in summaries], dtype=float)
        mean, sd, lo, hi, n = _interval(values, confidence)
        rows.append(Estimate(label, m, mean, sd, lo, hi, n))
    return rows


def _runs_frame(runs: Sequence[RunRecord], columns: Mapping[int, Mapping[str, Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
    records = []
    for r in runs:
        record: dict[str, Any] = {"point": r.point}
        record.update(columns.get(r.point, {}))
        record.update(policy=r.policy, replication=r.replication, seed=r.seed)
        record.update(r.summary.as_dict())
        records.append(record)
    return pd.DataFrame(records)
