"""The check of a scenario against the calibration targets: :func:`validate`.

:func:`validate` runs a scenario over replications (every simulated company
under :class:`TraditionalEmployment` unless told otherwise) and returns a
:class:`ValidationReport`: per target, the mean over replications with its
t-based confidence interval, the target's band, and whether the mean lies
inside the band, printed as an aligned table. Beside the targets it reports
the held-out facts (never fitted) and the stationarity checks (the drift of
median tenure and of the quit rate across the window).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob._csvsafe import safe_cell
from microjob.calibration.figures import _figures
from microjob.calibration.targets import (
    HELD_OUT,
    PLAUSIBILITY,
    STATIONARITY,
    TARGETS,
    Target,
    _check_targets,
)
from microjob.experiment import Comparison, ResultStore, Seed, _seed_text, compare
from microjob.policies import Policy, TraditionalEmployment
from microjob.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


@attrs.frozen
class ValidationRow:
    """One target (or plausibility figure) against the measured mean over replications.

    Values are in the measure's own units (shares and rates as fractions);
    ``scale`` and ``decimals`` say how tables show them.
    """

    name: str
    """The target's identifier."""
    label: str
    """What is measured, in words."""
    measure: str
    """The :class:`RunSummary` field."""
    unit: str
    """Unit shown in tables (after ``scale``)."""
    target: float
    """The published value, or the middle of the published range."""
    target_low: float
    """Published value or lower end of the range."""
    target_high: float
    """Published value or upper end of the range."""
    tolerance: float
    """Relative slack added around the published figure."""
    band_low: float
    """Lower end of the band that passes."""
    band_high: float
    """Upper end of the band that passes."""
    measured: float
    """Mean over replications (NaN when no replication has a value)."""
    sd: float
    """Standard deviation over replications."""
    ci_low: float
    """Lower end of the t-based confidence interval of the mean."""
    ci_high: float
    """Upper end of that interval."""
    n: int
    """Replications with a value."""
    passed: bool
    """Whether the mean lies inside the band."""
    source: str
    """Publisher, table and year of the figure."""
    policy: str
    """Label of the policy arm the measure comes from."""
    scale: float = 1.0
    """Display factor (100 for percentages)."""
    decimals: int = 2
    """Decimals shown in tables."""


def _row(target: Target, comparison: Comparison, label: str, confidence: float) -> ValidationRow:
    est = comparison.table([target.measure], confidence=confidence).get(label, target.measure)
    lo, hi = target.band
    return ValidationRow(
        name=target.name,
        label=target.label,
        measure=target.measure,
        unit=target.unit,
        target=target.value,
        target_low=target.low,
        target_high=target.high,
        tolerance=target.tolerance,
        band_low=lo,
        band_high=hi,
        measured=est.mean,
        sd=est.sd,
        ci_low=est.ci_low,
        ci_high=est.ci_high,
        n=est.n,
        passed=target.contains(est.mean),
        source=target.source,
        policy=label,
        scale=target.scale,
        decimals=target.decimals,
    )


def _fmt(value: float, scale: float, decimals: int) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    return f"{value * scale:.{decimals}f}"


def _published(row: ValidationRow) -> str:
    if row.target_low == row.target_high:
        return _fmt(row.target, row.scale, max(row.decimals - 1, 1))
    lo = _fmt(row.target_low, row.scale, max(row.decimals - 1, 1))
    return f"{lo}-{_fmt(row.target_high, row.scale, max(row.decimals - 1, 1))}"


def _measured(row: ValidationRow) -> str:
    mean = _fmt(row.measured, row.scale, row.decimals)
    if row.n < 2 or math.isnan(row.ci_low):
        return mean
    ci_lo, ci_hi = (_fmt(x, row.scale, row.decimals) for x in (row.ci_low, row.ci_high))
    return f"{mean} [{ci_lo}, {ci_hi}]"


def _table(rows: Sequence[ValidationRow], verdicts: Sequence[str]) -> list[str]:
    header = ("measure", "target", "band", "measured [CI]", "result", "source")
    cells = [
        (
            f"{r.label} ({r.unit})" if r.unit else r.label,
            _published(r),
            f"{_fmt(r.band_low, r.scale, r.decimals)}-{_fmt(r.band_high, r.scale, r.decimals)}",
            _measured(r),
            verdict,
            r.source,
        )
        for r, verdict in zip(rows, verdicts, strict=True)
    ]
    widths = [max(len(c[i]) for c in (header, *cells)) for i in range(len(header))]

    def line(c: Sequence[str]) -> str:
        parts = [c[0].ljust(widths[0])]
        parts += [x.rjust(w) for x, w in zip(c[1:4], widths[1:4], strict=True)]
        parts += [c[4].ljust(widths[4]), c[5]]
        return "  ".join(parts).rstrip()

    out = [line(header), "-" * len(line(header))]
    out += [line(c) for c in cells]
    return out


@attrs.frozen(eq=False)
class ValidationReport:
    """The measures of a scenario against the calibration targets.

    ``rows`` has one :class:`ValidationRow` per target; ``all_passed`` is true
    when every target's mean over replications lies inside its band.
    ``plausibility`` holds the :data:`PLAUSIBILITY` figures when they were
    asked for (measured on their own policy arm); they never count towards
    ``all_passed``. ``str(report)`` is an aligned table.
    """

    scenario: str
    """Name of the scenario."""
    policy: str
    """Label of the policy every simulated company ran under."""
    replications: int
    """Replications per policy arm."""
    seed: str
    """The root seed, as given (an int) or as ``entropy/spawn.key``."""
    confidence: float
    """Confidence level of the intervals."""
    rows: tuple[ValidationRow, ...]
    """One row per target, in the order of the targets."""
    plausibility: tuple[ValidationRow, ...] = ()
    """The plausibility figures, when a ``plausibility_policy`` was given."""
    held_out: tuple[ValidationRow, ...] = ()
    """Published facts kept out of every fit (:data:`HELD_OUT`), same arm as the targets."""
    stationarity: tuple[ValidationRow, ...] = ()
    """Drift of the measures across the window (:data:`STATIONARITY`), same arm."""
    comparison: Comparison | None = attrs.field(default=None, repr=False)
    """The runs behind the report (every measure of every replication)."""

    @property
    def all_passed(self) -> bool:
        """Whether every target passed and the window is stationary (held-out facts and
        plausibility figures do not count)."""
        return all(r.passed for r in self.rows) and self.stationary

    @property
    def stationary(self) -> bool:
        """Whether no measure drifts across the window beyond its band."""
        return all(r.passed for r in self.stationarity)

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the targets and stationarity checks that did not pass."""
        return tuple(r.name for r in (*self.rows, *self.stationarity) if not r.passed)

    def row(self, name: str) -> ValidationRow:
        """The row of the target (or plausibility figure) called ``name``."""
        every = (*self.rows, *self.held_out, *self.stationarity, *self.plausibility)
        for r in every:
            if r.name == name:
                return r
        names = [r.name for r in every]
        raise KeyError(f"no row named {name!r}; have {names}")

    def records(self) -> list[dict[str, Any]]:
        """One plain dict per row (targets, held-out facts, stationarity checks, then
        plausibility figures), in natural units."""
        out = []
        groups = (
            ("target", self.rows),
            ("held-out", self.held_out),
            ("stationarity", self.stationarity),
            ("plausibility", self.plausibility),
        )
        for kind, rows in groups:
            for r in rows:
                record: dict[str, Any] = {"kind": kind}
                record.update(attrs.asdict(r))
                del record["scale"], record["decimals"]
                out.append(record)
        return out

    def to_frame(self) -> pd.DataFrame:
        """The rows as a DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
        return pd.DataFrame(self.records())

    def write_csv(self, path: str | Path) -> Path:
        """Write :meth:`records` as CSV (floats written exactly, text a spreadsheet would
        run made inert); returns the path."""
        target = Path(path)
        records = self.records()
        with target.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(records[0]))
            writer.writeheader()
            for rec in records:
                writer.writerow(
                    {k: repr(v) if isinstance(v, float) else safe_cell(v) for k, v in rec.items()}
                )
        return target

    def figures(self) -> dict[str, Figure]:
        """The validation figures by file stem (needs matplotlib).

        ``tenure_by_age``: median elapsed tenure by age band against BLS;
        ``jobs_by_age``: jobs held by age band against the NLSY79;
        ``jolts``: monthly quits and layoffs against JOLTS. Each shows the
        mean over replications with its confidence interval and, where there
        is a target, the published figure and the band that passes.
        """
        return _figures(self)

    def save_figures(self, directory: str | Path, *, prefix: str = "") -> list[Path]:
        """Write :meth:`figures` as PNG files ``{prefix}{stem}.png``; returns the paths."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for stem, fig in self.figures().items():
            path = folder / f"{prefix}{stem}.png"
            fig.savefig(path, dpi=120)
            paths.append(path)
        return paths

    def __str__(self) -> str:
        head = (
            f"# {self.scenario}, every company {self.policy}: {self.replications} "
            f"replication{'s' if self.replications != 1 else ''}, seed {self.seed}; "
            f"mean [{self.confidence:.0%} CI] over replications"
        )
        lines = [head, "# a target passes when the mean lies inside its band", ""]
        lines += _table(self.rows, ["pass" if r.passed else "FAIL" for r in self.rows])
        passed = sum(r.passed for r in self.rows)
        lines += ["", f"{passed} of {len(self.rows)} targets pass."]
        if self.held_out:
            lines += ["", "# held-out facts (never fitted; reported, not targets)", ""]
            lines += _table(
                self.held_out, ["inside" if r.passed else "outside" for r in self.held_out]
            )
        if self.stationarity:
            lines += ["", "# stationarity: change across the window (last year - first year)", ""]
            lines += _table(
                self.stationarity, ["steady" if r.passed else "DRIFT" for r in self.stationarity]
            )
        if self.plausibility:
            arm = self.plausibility[0].policy
            lines += ["", f"# plausibility figures, {arm} arm (reported, not targets)", ""]
            lines += _table(
                self.plausibility,
                ["inside" if r.passed else "outside" for r in self.plausibility],
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"ValidationReport(scenario={self.scenario!r}, policy={self.policy!r}, "
            f"replications={self.replications}, passed={sum(r.passed for r in self.rows)}"
            f"/{len(self.rows)}, failed={list(self.failed)})"
        )


def _seed_label(seed: Seed) -> str:
    if isinstance(seed, np.random.SeedSequence):
        return _seed_text(seed)
    return str(seed)


def _report(
    comparison: Comparison,
    label: str,
    targets: Sequence[Target],
    *,
    seed: Seed,
    confidence: float,
    plausibility: Sequence[Target] = (),
    plausibility_label: str | None = None,
    held_out: Sequence[Target] = (),
    stationarity: Sequence[Target] = (),
) -> ValidationReport:
    rows = tuple(_row(t, comparison, label, confidence) for t in targets)
    held = tuple(_row(t, comparison, label, confidence) for t in held_out)
    steady = tuple(_row(t, comparison, label, confidence) for t in stationarity)
    checks: tuple[ValidationRow, ...] = ()
    if plausibility_label is not None:
        checks = tuple(_row(t, comparison, plausibility_label, confidence) for t in plausibility)
    return ValidationReport(
        scenario=comparison.scenario.name,
        policy=label,
        replications=comparison.replications,
        seed=_seed_label(seed),
        confidence=confidence,
        rows=rows,
        plausibility=checks,
        held_out=held,
        stationarity=steady,
        comparison=comparison,
    )


def validate(
    scenario: Scenario,
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    policy: Policy | None = None,
    targets: Sequence[Target] = TARGETS,
    held_out: Sequence[Target] = HELD_OUT,
    stationarity: Sequence[Target] = STATIONARITY,
    plausibility_policy: Policy | None = None,
    confidence: float = 0.95,
    progress: bool | str = False,
    store: str | Path | ResultStore | None = None,
) -> ValidationReport:
    """Check ``scenario`` against the calibration targets over ``replications`` runs.

    Every simulated company runs under ``policy`` (default
    :class:`TraditionalEmployment`: the targets describe the traditional
    baseline). The runs go through :func:`microjob.compare`, so they use
    replication seeds spawned from ``seed``, run on ``executor`` if given,
    and can be kept in (and resumed from) ``store``; ``progress`` is
    :func:`microjob.compare`'s. A target passes when
    the mean over replications lies inside its band; the confidence interval
    is reported beside it to show how firmly. The BLS and JOLTS figures are
    economy-wide, so their measures cover all employment, the outside market
    included.

    ``held_out`` facts (never fitted) and ``stationarity`` checks (drift across
    the window) are measured on the same runs and reported in
    ``report.held_out`` and ``report.stationarity``; a drift outside its band
    fails ``all_passed`` (a window still settling biases every measure), a
    held-out fact never does.

    ``plausibility_policy`` (for example :class:`InternalFreelance`) adds a
    second arm on the same seeds and reports the :data:`PLAUSIBILITY` figures
    for it in ``report.plausibility``; they never decide ``all_passed``.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    chosen = TraditionalEmployment() if policy is None else policy
    label = chosen.kind
    arms: dict[str, Policy] = {label: chosen}
    check_label = None
    if plausibility_policy is not None:
        check_label = plausibility_policy.kind
        if check_label == label:
            check_label = f"{check_label} (plausibility)"
        arms[check_label] = plausibility_policy
    comparison = compare(
        scenario,
        arms,
        replications=replications,
        seed=seed,
        executor=executor,
        progress=progress,
        store=store,
    )
    return _report(
        comparison,
        label,
        _check_targets(targets, "targets"),
        seed=seed,
        confidence=confidence,
        plausibility=PLAUSIBILITY,
        plausibility_label=check_label,
        held_out=_check_targets(held_out, "held_out"),
        stationarity=_check_targets(stationarity, "stationarity"),
    )
