"""Empirical targets, the check of a scenario against them, and calibration.

The traditional baseline is held to published facts about the US labour
market (design section 6): cross-sectional tenure from the BLS Employee
Tenure release, monthly quit and layoff rates from JOLTS, and jobs held by
age from the NLSY79. Each :class:`Target` names the :class:`RunSummary`
measure it is compared with, and that measure is computed the way the source
defines its statistic (see :mod:`microjob.bls`: elapsed tenure of the
employed at one date, events per employee-month, jobs held per person in an
age band).

* :func:`validate` runs a scenario over replications (every simulated company
  under :class:`TraditionalEmployment` unless told otherwise) and returns a
  :class:`ValidationReport`: per target, the mean over replications with its
  t-based confidence interval, the target's band, and whether the mean lies
  inside the band.
* :func:`calibrate` searches named parameters within bounds for the point
  whose measures come closest to the targets (:func:`distance`), evaluating
  every candidate on the same replication seeds (common random numbers), so
  the search compares candidates, not luck. It uses SciPy's derivative-free
  optimisers (``pip install 'microjob[calibrate]'``).
* :func:`evaluate` and :func:`apply_parameters` are the pieces both use, for
  screening or sensitivity studies of one's own.

``PLAUSIBILITY`` holds figures that are reported beside the targets but never
used to pass or to tune anything (the LinkedIn retention of internal movers,
a check on the internal-freelance arm).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob.experiment import (
    Comparison,
    ResultStore,
    Seed,
    _parse_path,
    _seed_text,
    _set,
    compare,
    replication_seeds,
)
from microjob.policies import Policy, TraditionalEmployment
from microjob.scenario import Scenario
from microjob.summary import MeasureInfo, RunSummary

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "METHODS",
    "PLAUSIBILITY",
    "TARGETS",
    "CalibrationResult",
    "Evaluation",
    "SensitivityResult",
    "SensitivityRow",
    "Target",
    "ValidationReport",
    "ValidationRow",
    "apply_parameters",
    "calibrate",
    "distance",
    "evaluate",
    "sensitivity",
    "validate",
]


# ------------------------------------------------------------------ targets


def _check_measure(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in RunSummary.field_names():
        raise ValueError(f"measure: {value!r} is not a RunSummary field")


@attrs.frozen
class Target:
    """A published figure, the measure of a run it is compared with, and the band that passes.

    ``low`` and ``high`` are the published figure (equal for a single value)
    or range, in the measure's own units (years, shares, rates per month,
    jobs per person). The band that passes widens them by the relative
    ``tolerance``: ``[low (1 - tolerance), high (1 + tolerance)]``. Published
    ranges carry their own width and get no extra tolerance.
    """

    name: str
    """Short identifier, used for weights in :func:`calibrate`."""
    measure: str = attrs.field(validator=_check_measure)
    """The :class:`RunSummary` field compared with the figure."""
    low: float
    """Published value, or the lower end of a published range."""
    high: float
    """Published value, or the upper end of a published range."""
    tolerance: float = attrs.field(default=0.15)
    """Relative slack around ``[low, high]``; about 15% for single values (design section 6)."""
    source: str = ""
    """Publisher, table and year of the figure."""
    reference: str = ""
    """The full reference: release, date, series, where to find it."""
    definition: str = ""
    """How the source defines the statistic, how the model's measure matches it, and
    what differs."""

    def __attrs_post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.high):
            raise ValueError(f"{self.name}: low and high must be finite with low <= high")
        if not 0.0 <= self.tolerance < 1.0:
            raise ValueError(f"{self.name}: tolerance must be in [0, 1), got {self.tolerance!r}")

    @property
    def value(self) -> float:
        """The centre of the published figure: the value, or the middle of the range."""
        return 0.5 * (self.low + self.high)

    @property
    def info(self) -> MeasureInfo:
        """How the measure is shown (label, unit, scale, decimals): its RunSummary metadata."""
        return RunSummary.info(self.measure)

    @property
    def label(self) -> str:
        """What is measured, in words (the measure's label)."""
        return self.info.label

    @property
    def unit(self) -> str:
        """Unit shown in tables, after ``scale`` (the measure's unit)."""
        return self.info.unit

    @property
    def scale(self) -> float:
        """Display factor (100 for shares and rates shown in percent)."""
        return self.info.scale

    @property
    def decimals(self) -> int:
        """Decimals shown in tables."""
        return self.info.decimals

    @property
    def band(self) -> tuple[float, float]:
        """The interval a measured mean must lie in to pass."""
        return self.low * (1.0 - self.tolerance), self.high * (1.0 + self.tolerance)

    def contains(self, measured: float) -> bool:
        """Whether ``measured`` lies inside the band (False for NaN)."""
        lo, hi = self.band
        return bool(lo <= measured <= hi)


_TENURE = (
    "U.S. Bureau of Labor Statistics, Employee Tenure in 2024, news release USDL-24-1971, "
    "26 September 2024 (supplement to the Current Population Survey, January 2024): median "
    "tenure 3.9 years (4.1 in January 2022), 2.7 at ages 25-34 and 9.6 at 55-64 (Table 1); "
    "22% with 12 months or less (24% in January 2022; Table 3); "
    "https://www.bls.gov/news.release/tenure.htm"
)
_TENURE_DEFINITION = (
    "BLS: years with the current employer of employed wage and salary workers at the survey "
    "date (elapsed tenure of those employed then, not the length of completed spells). "
    "Model: everyone employed, at a simulated company or the outside market, on each "
    "anniversary of the end of the measurement window back to its start, pooled; the "
    "tenure of each spell running on that date."
)
_JOLTS_DEFINITION = (
    "JOLTS: {what} during the month as a percent of that month's employment, total nonfarm. "
    "Model: {model} at any employer (simulated companies and the outside market) over "
    "employee-months in the window, which is the employment-weighted mean of monthly rates."
)
_NLSY = (
    "U.S. Bureau of Labor Statistics, Number of Jobs, Labor Market Experience, Marital "
    "Status, and Health for Those Born 1957-1964: Results from a National Longitudinal "
    "Survey (NLSY79), news release USDL-25-1322, 26 August 2025, Tables 1 and 8; "
    "https://www.bls.gov/news.release/nlsoy.nr0.htm"
)
_NLSY_DEFINITION = (
    "NLSY79: average number of jobs held at ages {band} by people born 1957-64; a job is an "
    "uninterrupted period of work with one employer, and a job that spans two age bands is "
    "counted in each; the average is over everyone in the cohort, whether in the labour "
    "force or not. Model: jobs_held_nlsy_age_{field}, that is jobs_held_age_{field} (jobs "
    "started in the band per ten person-years in the labour force plus the share employed "
    "on reaching the band, the synthetic-cohort form of the same count) times the share of "
    "weeks the cohort spent in the labour force (Table 8, about 82%)."
)


def _tenure_at_age(low: int, high: int, years: float) -> Target:
    """BLS median tenure in one age band (Table 1)."""
    return Target(
        name=f"median_tenure_{low}_{high}",
        measure=f"median_tenure_years_age_{low}_{high}",
        low=years,
        high=years,
        source="BLS Employee Tenure 2024, Table 1 (January 2024)",
        reference=_TENURE,
        definition=_TENURE_DEFINITION + " Age at the survey date.",
    )


def _jobs_held(low: int, high: int, jobs: float) -> Target:
    """NLSY79 jobs held in one age band (Table 1)."""
    return Target(
        name=f"jobs_held_{low}_{high}",
        measure=f"jobs_held_nlsy_age_{low}_{high}",
        low=jobs,
        high=jobs,
        source="BLS NLSY79 release USDL-25-1322 (2025), Table 1",
        reference=_NLSY,
        definition=_NLSY_DEFINITION.format(band=f"{low}-{high}", field=f"{low}_{high}"),
    )


TARGETS: tuple[Target, ...] = (
    Target(
        name="median_tenure_all",
        measure="median_tenure_years_all",
        low=3.9,
        high=3.9,
        source="BLS Employee Tenure 2024, Table 1 (January 2024)",
        reference=_TENURE,
        definition=_TENURE_DEFINITION
        + " BLS counts workers aged 16 and over; the model has nobody under 20.",
    ),
    _tenure_at_age(25, 34, 2.7),
    _tenure_at_age(55, 64, 9.6),
    Target(
        name="share_tenure_le_1y",
        measure="share_tenure_le_1y",
        low=0.22,
        high=0.22,
        source="BLS Employee Tenure 2024, Table 3 (January 2024)",
        reference=_TENURE,
        definition=_TENURE_DEFINITION + " Tenure of at most 12 months.",
    ),
    Target(
        name="quits_monthly",
        measure="quit_rate_monthly_all",
        low=0.019,
        high=0.023,
        tolerance=0.0,
        source="BLS JOLTS, quits rate, total nonfarm (monthly)",
        reference=(
            "U.S. Bureau of Labor Statistics, Job Openings and Labor Turnover Survey, series "
            "JTS000000000000000QUR (monthly, seasonally adjusted). The band is the design's "
            "range for years without recession or boom; for example, 2019 had 42.1 million "
            "quits (Monthly Labor Review, June 2020, 'Job openings, hires, and quits set "
            "record highs in 2019'), about 2.3% of nonfarm employment a month."
        ),
        definition=_JOLTS_DEFINITION.format(
            what="quits (voluntary separations other than retirements)",
            model="quits (all of them moves to another employer)",
        )
        + " JOLTS quits also include quits into unemployment or out of the labour force, "
        "which the model does not have.",
    ),
    Target(
        name="layoffs_monthly",
        measure="layoff_rate_monthly_all",
        low=0.011,
        high=0.012,
        tolerance=0.0,
        source="BLS JOLTS, layoffs and discharges rate, total nonfarm (monthly)",
        reference=(
            "U.S. Bureau of Labor Statistics, Job Openings and Labor Turnover Survey, series "
            "JTS000000000000000LDR (monthly, seasonally adjusted). In 2019 there were 21.7 "
            "million layoffs and discharges (Monthly Labor Review, June 2020), about 1.2% of "
            "nonfarm employment a month."
        ),
        definition=_JOLTS_DEFINITION.format(
            what="layoffs and discharges (separations initiated by the employer)",
            model="layoffs",
        ),
    ),
    _jobs_held(25, 34, 4.5),
    _jobs_held(35, 44, 2.9),
    _jobs_held(45, 54, 2.2),
)
"""The calibration targets of the traditional baseline (design section 6)."""

_LINKEDIN = (
    "LinkedIn Learning, 2023 Workplace Learning Report, chapter 2 (LinkedIn member data): "
    "employees who made an internal move within their first two years at a company had a "
    "75% chance of staying, against 56% for those who did not."
)
_LINKEDIN_DEFINITION = (
    "LinkedIn: share still at the company among employees who made an internal move in "
    "their first two years, against those who did not (real firms, mixed practices). "
    "Model: Kaplan-Meier two-year retention after a first internal move in the window, and "
    "of non-movers at the same tenures, simulated companies only. A plausibility check on "
    "the internal-freelance arm: reported, never fitted."
)

PLAUSIBILITY: tuple[Target, ...] = (
    Target(
        name="retention_2y_internal_movers",
        measure="retention_2y_internal_movers",
        low=0.75,
        high=0.75,
        source="LinkedIn Workplace Learning Report 2023",
        reference=_LINKEDIN,
        definition=_LINKEDIN_DEFINITION,
    ),
    Target(
        name="retention_2y_non_movers",
        measure="retention_2y_non_movers",
        low=0.56,
        high=0.56,
        source="LinkedIn Workplace Learning Report 2023",
        reference=_LINKEDIN,
        definition=_LINKEDIN_DEFINITION,
    ),
)
"""Figures reported beside the targets for the internal-freelance arm; never pass/fail-tuned."""


# ------------------------------------------------------------------ the report


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
    comparison: Comparison | None = attrs.field(default=None, repr=False)
    """The runs behind the report (every measure of every replication)."""

    @property
    def all_passed(self) -> bool:
        """Whether every target passed (plausibility figures do not count)."""
        return all(r.passed for r in self.rows)

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the targets that did not pass."""
        return tuple(r.name for r in self.rows if not r.passed)

    def row(self, name: str) -> ValidationRow:
        """The row of the target (or plausibility figure) called ``name``."""
        for r in (*self.rows, *self.plausibility):
            if r.name == name:
                return r
        names = [r.name for r in (*self.rows, *self.plausibility)]
        raise KeyError(f"no row named {name!r}; have {names}")

    def records(self) -> list[dict[str, Any]]:
        """One plain dict per row (targets, then plausibility figures), in natural units."""
        out = []
        for kind, rows in (("target", self.rows), ("plausibility", self.plausibility)):
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
        """Write :meth:`records` as CSV (floats written exactly); returns the path."""
        target = Path(path)
        records = self.records()
        with target.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(records[0]))
            writer.writeheader()
            for rec in records:
                writer.writerow({k: repr(v) if isinstance(v, float) else v for k, v in rec.items()})
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


def _check_targets(targets: Sequence[Target], what: str) -> tuple[Target, ...]:
    out = tuple(targets)
    for t in out:
        if not isinstance(t, Target):
            raise TypeError(f"{what}: must be Target objects, got {t!r}")
    names = [t.name for t in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"{what}: two targets named {dupes[0]!r}")
    return out


def _report(
    comparison: Comparison,
    label: str,
    targets: Sequence[Target],
    *,
    seed: Seed,
    confidence: float,
    plausibility: Sequence[Target] = (),
    plausibility_label: str | None = None,
) -> ValidationReport:
    rows = tuple(_row(t, comparison, label, confidence) for t in targets)
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
    plausibility_policy: Policy | None = None,
    confidence: float = 0.95,
    progress: bool = False,
    store: str | Path | ResultStore | None = None,
) -> ValidationReport:
    """Check ``scenario`` against the calibration targets over ``replications`` runs.

    Every simulated company runs under ``policy`` (default
    :class:`TraditionalEmployment`: the targets describe the traditional
    baseline). The runs go through :func:`microjob.compare`, so they use
    replication seeds spawned from ``seed``, run on ``executor`` if given,
    and can be kept in (and resumed from) ``store``. A target passes when
    the mean over replications lies inside its band; the confidence interval
    is reported beside it to show how firmly. The BLS and JOLTS figures are
    economy-wide, so their measures cover all employment, the outside market
    included.

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
    )


# ------------------------------------------------------------------ figures


_MODEL = "#1f5f99"
_BAND = "#d9d9d9"
_PUBLISHED = "#222222"
_PUBLISHED_LABEL = "published value (or range)"


def _estimate(report: ValidationReport, measure: str) -> tuple[float, float, float]:
    if report.comparison is None:
        raise ValueError("report: the figures need the runs (report.comparison)")
    est = report.comparison.table([measure], confidence=report.confidence).get(
        report.policy, measure
    )
    return est.mean, est.ci_low, est.ci_high


def _panel(
    ax: Any,
    report: ValidationReport,
    items: Sequence[tuple[str, str]],
    *,
    scale: float,
    extra: Sequence[str] = (),
    extra_label: str = "",
) -> None:
    """Model means with CIs at each category; the published figure and its band where targeted.

    ``items`` is (category label, measure); ``extra`` optionally the measures of a
    second, lighter series drawn beside it, one per category, called ``extra_label``.
    """
    by_measure = {r.measure: r for r in report.rows}
    xs = np.arange(len(items), dtype=float)
    for x, (_, measure) in zip(xs, items, strict=True):
        row = by_measure.get(measure)
        if row is None:
            continue
        ax.bar(
            x,
            (row.band_high - row.band_low) * scale,
            bottom=row.band_low * scale,
            width=0.55,
            color=_BAND,
            zorder=1,
            label="band that passes" if "band that passes" not in _labels(ax) else None,
        )
        ax.hlines(
            [row.target_low * scale, row.target_high * scale],
            x - 0.275,
            x + 0.275,
            colors=_PUBLISHED,
            linewidth=2.0,
            zorder=2,
            label=_PUBLISHED_LABEL if _PUBLISHED_LABEL not in _labels(ax) else None,
        )
    shift = 0.12 if extra else 0.0
    means, lows, highs = zip(*(_estimate(report, m) for _, m in items), strict=True)
    _points(ax, xs - shift, means, lows, highs, scale, _MODEL, "model (mean, 95% CI)", "o")
    if extra:
        e_means, e_lows, e_highs = zip(*(_estimate(report, m) for m in extra), strict=True)
        _points(ax, xs + shift, e_means, e_lows, e_highs, scale, "#7fa7cc", extra_label, "s")
    ax.set_xticks(xs, [label for label, _ in items])
    ax.set_xlim(-0.6, len(items) - 0.4)
    ax.set_ylim(bottom=0.0)
    ax.grid(axis="y", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, fontsize=8, loc="best")


def _labels(ax: Any) -> set[str]:
    return set(ax.get_legend_handles_labels()[1])


def _points(
    ax: Any,
    xs: np.ndarray,
    means: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    scale: float,
    color: str,
    label: str,
    marker: str,
) -> None:
    m = np.asarray(means, dtype=float) * scale
    lo = np.asarray(lows, dtype=float) * scale
    hi = np.asarray(highs, dtype=float) * scale
    err = np.vstack([np.where(np.isnan(lo), 0.0, m - lo), np.where(np.isnan(hi), 0.0, hi - m)])
    ax.errorbar(
        xs,
        m,
        yerr=err,
        fmt=marker,
        color=color,
        markersize=6,
        capsize=4,
        zorder=3,
        label=label,
    )


def _figures(report: ValidationReport) -> dict[str, Figure]:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(
            "the validation figures need matplotlib: pip install 'microjob[plot]'"
        ) from exc
    subtitle = (
        f"{report.scenario}, every company {report.policy}, {report.replications} replications"
    )

    def figure(
        items: Sequence[tuple[str, str]],
        title: str,
        xlabel: str,
        ylabel: str,
        *,
        width: float = 7.0,
        scale: float = 1.0,
        extra: Sequence[str] = (),
        extra_label: str = "",
    ) -> Figure:
        fig = Figure(figsize=(width, 4.2), layout="constrained")
        ax = fig.add_subplot()
        _panel(ax, report, items, scale=scale, extra=extra, extra_label=extra_label)
        ax.set_title(title)
        ax.set_xlabel(f"{xlabel}\n{subtitle}")
        ax.set_ylabel(ylabel)
        return fig

    bands = ("25-34", "35-44", "45-54", "55-64")
    field = {band: band.replace("-", "_") for band in bands}
    return {
        "tenure_by_age": figure(
            [("all", "median_tenure_years_all")]
            + [(b, f"median_tenure_years_age_{field[b]}") for b in bands],
            "Median tenure with the current employer, by age",
            "age at the survey date (BLS Employee Tenure, January 2024)",
            "years (elapsed tenure of the employed)",
        ),
        "jobs_by_age": figure(
            [(b, f"jobs_held_nlsy_age_{field[b]}") for b in bands[:3]],
            "Jobs held per person in each ten-year age band",
            "age band (NLSY79, people born 1957-64; BLS release of 2025)",
            "jobs per person in the band",
            extra=[f"jobs_held_age_{field[b]}" for b in bands[:3]],
            extra_label="model, per person in the labour force (before the NLSY79 scaling)",
        ),
        "jolts": figure(
            [
                (RunSummary.info(field).label, field)
                for field in ("quit_rate_monthly_all", "layoff_rate_monthly_all")
            ],
            "Monthly separations, all employment",
            "JOLTS, total nonfarm",
            "% of employment per month",
            width=6.0,
            scale=RunSummary.info("quit_rate_monthly_all").scale,
        ),
    }


# ------------------------------------------------------------------ calibration


def _get(obj: Any, steps: Sequence[tuple[str, str | None]], path: str) -> Any:
    """The value at ``steps`` (the first element where a path says ``[*]``)."""
    name, index = steps[0]
    if not attrs.has(type(obj)) or name not in attrs.fields_dict(type(obj)):
        raise ValueError(f"parameters {path!r}: unknown parameter {name!r}")
    value = getattr(obj, name)
    if index is not None:
        if not isinstance(value, tuple) or not value:
            raise ValueError(f"parameters {path!r}: {name} is not a list and cannot be indexed")
        value = value[0 if index == "*" else int(index)]
    return _get(value, steps[1:], path) if len(steps) > 1 else value


def apply_parameters(scenario: Scenario, values: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with each dotted path set to its value (validators run).

    Paths are those of :func:`microjob.sweep`: ``"market.offer_rate_per_year"``,
    ``"companies[0].hiring_delay_weeks"``, ``"companies[*].hiring_delay_weeks"``
    (every company). An unknown path or an invalid value raises an error
    naming the path.
    """
    out = scenario
    for path, value in values.items():
        if path == "policy":
            raise ValueError("parameters: 'policy' is not a numeric parameter")
        try:
            out = _set(out, _parse_path(path), value, path)
        except (ValueError, TypeError) as exc:  # the sweep's messages say "grid"
            text = str(exc)
            if text.startswith("grid"):
                raise type(exc)("parameters" + text[len("grid") :]) from None
            raise
    return out


def distance(
    means: Mapping[str, float],
    targets: Sequence[Target] = TARGETS,
    weights: Mapping[str, float] | None = None,
) -> float:
    """Weighted mean of squared relative deviations of measured means from the target centres.

    ``means`` maps each target's ``measure`` to its measured mean. For target
    i with centre c_i (the published value, or the middle of a published
    range) the deviation is (m_i - c_i) / c_i, so targets in years, shares
    and rates weigh alike, and the distance is
    sum(w_i d_i^2) / sum(w_i); its square root is a root-mean-square
    relative error. A missing or NaN mean counts as a deviation of 10
    (1,000%), large but finite, so optimisers can move away from it. Centres
    rather than band edges give a smooth objective with a single best point,
    which derivative-free search needs; a point inside every band is not
    guaranteed to exist, and this one still ranks every candidate.
    """
    w = _weights(targets, weights)
    total = 0.0
    for t in targets:
        m = means.get(t.measure, math.nan)
        dev = (m - t.value) / t.value if t.value != 0 else m - t.value
        if not math.isfinite(dev):
            dev = 10.0
        total += w[t.name] * dev * dev
    return total / sum(w.values())


def _weights(targets: Sequence[Target], weights: Mapping[str, float] | None) -> dict[str, float]:
    names = [t.name for t in targets]
    if weights is None:
        return dict.fromkeys(names, 1.0)
    unknown = sorted(set(weights) - set(names))
    if unknown:
        raise ValueError(f"weights: unknown target {unknown[0]!r}; targets are {names}")
    out = {n: float(weights.get(n, 1.0)) for n in names}
    if any(not (v >= 0 and math.isfinite(v)) for v in out.values()) or sum(out.values()) <= 0:
        raise ValueError("weights: must be finite, >= 0 and not all 0")
    return out


@attrs.frozen(eq=False)
class Evaluation:
    """One candidate of a calibration: its parameter values, measured means and distance."""

    index: int
    """Order of evaluation (0 first)."""
    values: Mapping[str, float]
    """Parameter values by path."""
    means: Mapping[str, float]
    """Mean over replications of each target's measure, by measure."""
    distance: float
    """:func:`distance` of the means from the targets."""
    comparison: Comparison = attrs.field(repr=False)
    """The runs behind the means."""


def evaluate(
    scenario: Scenario,
    values: Mapping[str, Any],
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    policy: Policy | None = None,
    targets: Sequence[Target] = TARGETS,
    weights: Mapping[str, float] | None = None,
    index: int = 0,
) -> Evaluation:
    """Run ``scenario`` with ``values`` applied and measure its distance from ``targets``.

    The replications use the seeds spawned from ``seed`` (common random numbers:
    two calls with the same seed differ only through ``values``).
    """
    chosen = TraditionalEmployment() if policy is None else policy
    point = apply_parameters(scenario, values)
    comparison = compare(
        point,
        {chosen.kind: chosen},
        replications=replications,
        seed=seed,
        executor=executor,
    )
    measures = list(dict.fromkeys(t.measure for t in targets))
    table = comparison.table(measures)
    means = {m: table.get(chosen.kind, m).mean for m in measures}
    return Evaluation(
        index=index,
        values={k: float(v) for k, v in values.items()},
        means=means,
        distance=distance(means, targets, weights),
        comparison=comparison,
    )


@attrs.frozen(eq=False)
class CalibrationResult:
    """The outcome of :func:`calibrate`: the best point found, its report, and the search."""

    parameters: tuple[str, ...]
    """The searched paths, in the order given."""
    bounds: tuple[tuple[float, float], ...]
    """Their bounds."""
    best: Mapping[str, float]
    """The best parameter values found, by path."""
    distance: float
    """Their :func:`distance` from the targets."""
    scenario: Scenario = attrs.field(repr=False)
    """The input scenario with ``best`` applied."""
    report: ValidationReport = attrs.field(repr=False)
    """The validation report at ``best`` (same runs as its evaluation)."""
    history: tuple[Evaluation, ...] = attrs.field(repr=False)
    """Every distinct point evaluated, in order."""
    method: str
    """The optimiser used."""
    converged: bool
    """Whether the optimiser met its tolerances within the budget."""
    message: str
    """The optimiser's own account of why it stopped."""
    replications: int
    """Replications per candidate."""
    seed: str
    """The root seed of every candidate's replications."""

    def to_frame(self) -> pd.DataFrame:
        """The search history: one row per evaluation, parameters, measures and distance."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
        return pd.DataFrame(
            [
                {"evaluation": e.index, **e.values, **e.means, "distance": e.distance}
                for e in self.history
            ]
        )

    def __str__(self) -> str:
        lines = [
            f"# calibration of {self.report.scenario} by {self.method}: "
            f"{len(self.history)} evaluations x {self.replications} replications, "
            f"seed {self.seed}; {'converged' if self.converged else 'stopped'}: {self.message}",
            "",
        ]
        width = max(len(p) for p in self.parameters)
        for p, (lo, hi) in zip(self.parameters, self.bounds, strict=True):
            lines.append(f"{p:<{width}}  {self.best[p]:.6g}  (bounds {lo:g} to {hi:g})")
        lines += [
            f"distance {self.distance:.4g} (RMS relative error {math.sqrt(self.distance):.1%})",
            "",
            str(self.report),
        ]
        return "\n".join(lines)


def _optimize() -> Any:
    try:
        from scipy import optimize
    except ImportError as exc:
        raise ImportError(
            "calibrate() uses SciPy's optimisers, an optional dependency: "
            "pip install 'microjob[calibrate]'"
        ) from exc
    return optimize


METHODS = ("Nelder-Mead", "Powell")
"""The optimisers :func:`calibrate` accepts: SciPy's derivative-free methods with bounds."""


def calibrate(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float]],
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    policy: Policy | None = None,
    targets: Sequence[Target] = TARGETS,
    weights: Mapping[str, float] | None = None,
    start: Mapping[str, float] | None = None,
    method: str = "Nelder-Mead",
    max_evaluations: int = 60,
    xtol: float = 0.01,
    ftol: float | None = None,
    callback: Callable[[Evaluation], None] | None = None,
) -> CalibrationResult:
    """Search the parameters within their bounds for the point closest to the targets.

    ``parameters`` maps dotted paths (as in :func:`microjob.sweep`) of float
    parameters to ``(low, high)`` bounds. Every candidate is run with
    ``replications`` replications on the same seeds spawned from ``seed``
    (common random numbers), under ``policy`` (default traditional), and
    scored by :func:`distance` with ``weights`` by target name. The search
    runs in the unit cube (each parameter rescaled to [0, 1] by its bounds)
    with SciPy's Nelder-Mead simplex (or Powell's method), both derivative-free
    and deterministic: the start is ``start`` or the scenario's own values
    (clipped into the bounds), and the initial simplex steps a quarter of
    each range from it, so the same arguments always give the same result.
    ``max_evaluations`` caps the optimiser's calls of the objective; points
    it asks for twice are not run again. ``xtol`` (a share of each range) is
    the stopping tolerance on the parameters; ``ftol`` one on the distance,
    by default none for Nelder-Mead (it stops when the simplex is smaller than
    ``xtol``: the objective is jagged at small scales, so waiting for its
    values to agree would spend the budget on noise) and 1e-4 (relative) for
    Powell. ``callback`` receives each new :class:`Evaluation`, for progress
    reports.

    With common random numbers the objective is a deterministic function of
    the parameters, but it is not smooth (a small change moves discrete
    events), so treat the result as a good point, not a proven optimum; more
    replications make the surface smoother. Needs SciPy
    (``pip install 'microjob[calibrate]'``).
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    if method not in METHODS:
        raise ValueError(f"method: must be one of {list(METHODS)}, got {method!r}")
    if isinstance(max_evaluations, bool) or not isinstance(max_evaluations, int):
        raise ValueError(f"max_evaluations: must be a positive integer, got {max_evaluations!r}")
    if max_evaluations < 1:
        raise ValueError(f"max_evaluations: must be a positive integer, got {max_evaluations!r}")
    if not isinstance(parameters, Mapping) or not parameters:
        raise ValueError("parameters: give at least one dotted path with (low, high) bounds")
    chosen_targets = _check_targets(targets, "targets")
    if not chosen_targets:
        raise ValueError("targets: need at least one target")
    _weights(chosen_targets, weights)
    replication_seeds(seed, replications)  # checks both before anything runs

    paths = tuple(parameters)
    bounds: list[tuple[float, float]] = []
    x0: list[float] = []
    given = dict(start or {})
    unknown = sorted(set(given) - set(paths))
    if unknown:
        raise ValueError(f"start: {unknown[0]!r} is not one of the parameters")
    for path in paths:
        pair = parameters[path]
        try:
            lo, hi = (float(v) for v in pair)
        except (TypeError, ValueError):
            raise ValueError(
                f"parameters {path!r}: bounds must be (low, high), got {pair!r}"
            ) from None
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise ValueError(f"parameters {path!r}: need finite bounds low < high, got {pair!r}")
        current = _get(scenario, _parse_path(path), path)
        if isinstance(current, bool) or not isinstance(current, float):
            raise ValueError(
                f"parameters {path!r}: only float parameters can be calibrated, "
                f"this one is {current!r}"
            )
        for end in (lo, hi):  # both ends must make a valid scenario
            apply_parameters(scenario, {path: end})
        first = float(given.get(path, current))
        bounds.append((lo, hi))
        x0.append(min(max((first - lo) / (hi - lo), 0.0), 1.0))
    optimize = _optimize()

    history: list[Evaluation] = []
    seen: dict[tuple[float, ...], Evaluation] = {}

    def values_at(u: np.ndarray) -> dict[str, float]:
        clipped = np.clip(u, 0.0, 1.0)
        return {
            p: lo + float(c) * (hi - lo)
            for p, (lo, hi), c in zip(paths, bounds, clipped, strict=True)
        }

    def objective(u: np.ndarray) -> float:
        values = values_at(u)
        key = tuple(np.round(np.clip(u, 0.0, 1.0), 12).tolist())  # one run per point
        done = seen.get(key)
        if done is None:
            done = evaluate(
                scenario,
                values,
                replications=replications,
                seed=seed,
                executor=executor,
                policy=policy,
                targets=chosen_targets,
                weights=weights,
                index=len(history),
            )
            seen[key] = done
            history.append(done)
            if callback is not None:
                callback(done)
        return done.distance

    start_u = np.array(x0)
    bounds_u = [(0.0, 1.0)] * len(paths)
    if method == "Nelder-Mead":
        simplex = [start_u]
        for i in range(len(paths)):
            vertex = start_u.copy()
            vertex[i] += 0.25 if vertex[i] + 0.25 <= 1.0 else -0.25
            simplex.append(vertex)
        options: dict[str, Any] = {
            "maxfev": max_evaluations,
            "xatol": xtol,
            "fatol": math.inf if ftol is None else ftol,
            "initial_simplex": np.array(simplex),
        }
    else:
        options = {"maxfev": max_evaluations, "xtol": xtol, "ftol": 1e-4 if ftol is None else ftol}
    result = optimize.minimize(objective, start_u, method=method, bounds=bounds_u, options=options)
    best = min(history, key=lambda e: (e.distance, e.index))
    chosen = TraditionalEmployment() if policy is None else policy
    report = _report(best.comparison, chosen.kind, chosen_targets, seed=seed, confidence=0.95)
    return CalibrationResult(
        parameters=paths,
        bounds=tuple(bounds),
        best=dict(best.values),
        distance=best.distance,
        scenario=apply_parameters(scenario, best.values),
        report=report,
        history=tuple(history),
        method=method,
        converged=bool(result.success),
        message=str(result.message),
        replications=replications,
        seed=_seed_label(seed),
    )


# ------------------------------------------------------------------ sensitivity


@attrs.frozen
class SensitivityRow:
    """The policy difference at the low and high value of one parameter."""

    parameter: str
    """Dotted parameter path."""
    low: float
    high: float
    at_low: float
    """Mean paired difference (policy minus baseline) with the parameter at ``low``."""
    at_low_ci: tuple[float, float]
    at_high: float
    """Mean paired difference with the parameter at ``high``."""
    at_high_ci: tuple[float, float]

    @property
    def swing(self) -> float:
        """How much the difference moves from ``low`` to ``high``."""
        return self.at_high - self.at_low


@attrs.frozen(eq=False)
class SensitivityResult:
    """One-at-a-time screening of what moves a policy difference, largest swing first."""

    measure: str
    """The RunSummary field whose policy difference is screened."""
    reference: float
    """The difference at the scenario's own values."""
    reference_ci: tuple[float, float]
    rows: tuple[SensitivityRow, ...]
    replications: int

    def __str__(self) -> str:
        lo, hi = self.reference_ci
        lines = [
            f"# difference in {self.measure} (policy minus baseline), "
            f"{self.replications} paired replications; at the scenario's values "
            f"{self.reference:+.4g} [{lo:.4g}, {hi:.4g}]",
            f"{'parameter':<42} {'low':>9} {'high':>9} {'at low':>10} {'at high':>10} "
            f"{'swing':>10}",
        ]
        for r in self.rows:
            lines.append(
                f"{r.parameter:<42} {r.low:>9.4g} {r.high:>9.4g} {r.at_low:>+10.4g} "
                f"{r.at_high:>+10.4g} {r.swing:>+10.4g}"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per parameter (needs pandas)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "parameter": r.parameter,
                    "low": r.low,
                    "high": r.high,
                    "at_low": r.at_low,
                    "at_high": r.at_high,
                    "swing": r.swing,
                }
                for r in self.rows
            ]
        )

    def figure(self) -> Figure:
        """A tornado chart: the difference at each parameter's low and high value."""
        import matplotlib.pyplot as plt

        rows = self.rows[::-1]  # largest swing on top
        fig, ax = plt.subplots(figsize=(8.0, 0.45 * len(rows) + 1.6), layout="constrained")
        for i, r in enumerate(rows):
            ax.plot([r.at_low, r.at_high], [i, i], color="0.6", lw=3, zorder=1)
            ax.errorbar(
                r.at_low,
                i,
                xerr=[[r.at_low - r.at_low_ci[0]], [r.at_low_ci[1] - r.at_low]],
                fmt="o",
                color="#0072B2",
                capsize=2,
                label="low value" if i == 0 else None,
            )
            ax.errorbar(
                r.at_high,
                i,
                xerr=[[r.at_high - r.at_high_ci[0]], [r.at_high_ci[1] - r.at_high]],
                fmt="s",
                color="#E69F00",
                capsize=2,
                label="high value" if i == 0 else None,
            )
        ax.axvline(self.reference, color="0.2", ls="--", lw=1, label="at the scenario's values")
        ax.axvline(0.0, color="0.2", lw=0.6)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([f"{r.parameter}\n{r.low:g} to {r.high:g}" for r in rows], fontsize=8)
        ax.set_xlabel(f"Difference in {self.measure}, policy minus baseline (95% CI)")
        ax.set_title("What moves the policy difference (one parameter at a time)")
        ax.legend(frameon=False, fontsize=8, loc="best")
        return fig


def sensitivity(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float]],
    *,
    measure: str = "retention_2y",
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    baseline: Policy | None = None,
    policy: Policy | None = None,
) -> SensitivityResult:
    """Screen which parameters move a policy difference most, one at a time.

    For each dotted path, the scenario is run at the path's ``low`` and
    ``high`` value (every other parameter at the scenario's value) under the
    ``baseline`` policy (default traditional) and ``policy`` (default
    internal freelance), paired by seed as in :func:`microjob.compare`, and
    the mean paired difference of ``measure`` is reported at both ends.
    Parameters come out sorted by the size of the swing. A one-at-a-time
    screen (Saltelli et al. 2008, ch. 1) misses interactions, but it shows
    cheaply which levers a conclusion leans on.
    """
    from microjob.policies import InternalFreelance

    if measure not in RunSummary.field_names():
        raise ValueError(f"measure: {measure!r} is not a RunSummary field")
    if not parameters:
        raise ValueError("parameters: give at least one path with (low, high) values")
    policies = {
        "baseline": baseline if baseline is not None else TraditionalEmployment(),
        "policy": policy if policy is not None else InternalFreelance(),
    }

    def difference(s: Scenario) -> tuple[float, tuple[float, float]]:
        comparison = compare(s, policies, replications=replications, seed=seed, executor=executor)
        d = comparison.differences(baseline="baseline", measures=[measure]).get("policy", measure)
        return d.mean, (d.ci_low, d.ci_high)

    reference, reference_ci = difference(scenario)
    rows = []
    for path, bounds in parameters.items():
        low, high = bounds
        at_low, at_low_ci = difference(apply_parameters(scenario, {path: low}))
        at_high, at_high_ci = difference(apply_parameters(scenario, {path: high}))
        rows.append(SensitivityRow(path, low, high, at_low, at_low_ci, at_high, at_high_ci))
    rows.sort(key=lambda r: -abs(r.swing) if math.isfinite(r.swing) else 0.0)
    return SensitivityResult(measure, reference, reference_ci, tuple(rows), replications)
