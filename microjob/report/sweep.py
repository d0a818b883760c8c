"""The report of a parameter sweep (``microjob sweep --out DIR``).

The page's sections, in order: findings, figures, measures, policy levers,
scenario and method, files (see :mod:`microjob.report.page`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs

from microjob import plot
from microjob.experiment import SweepResult
from microjob.report import companies as per_company
from microjob.report import figures
from microjob.report.estimates import (
    CONFIDENCE,
    Measure,
    _difference,
    _fields,
    _Interval,
    _interval,
    _known,
    _values,
)
from microjob.report.files import (
    _FILE_NOTES,
    _check_command,
    _figure_notes,
    _pandas,
    _prepare,
    _write_csv,
    _write_scenario,
)
from microjob.report.format import _count, _describe_value
from microjob.report.labels import SCENARIO_POLICIES
from microjob.report.method import MEASURED, Method, _across, _measured_facts, _scenario_facts
from microjob.report.page import Fact, Page, _finish, section
from microjob.report.prose import _PHRASES, _difference_paragraph
from microjob.report.tables import (
    Cell,
    Column,
    LeverTable,
    MeasureTable,
    _estimate_cell,
    _lever_table,
    _measure_table,
)
from microjob.summary import RunSummary

_MAX_SERIES_DESCRIBED = 6

_ByPoint = dict[int, dict[int, RunSummary]]


@attrs.frozen
class _Findings:
    """What ``sections/findings_sweep.html`` reads."""

    paragraphs: tuple[str, ...]
    x_name: str
    flat: bool
    """The grid has one value of the first parameter: nothing changes along it."""
    more: int
    """Combinations of the other parameters not described."""
    scenario: str


def write_sweep(out: Path, sweep: SweepResult, *, command: str) -> list[Path]:
    """Write the report of a parameter sweep into the directory ``out``.

    Writes ``summary.csv`` (per grid point and measure: the point's index and
    parameter values, mean, sd, 95% CI and n), ``runs.csv`` (one row per
    run), ``figures/sweep.png`` (key measures against the first swept
    parameter, one line per combination of the others), ``scenario.toml``
    (the base scenario, when it can write itself) and ``report.html``, whose
    plain-words paragraph compares the last value of the first parameter
    with its first value by paired differences (every point uses the same
    seeds). Returns the paths written, the page last.

    A sweep run with ``keep=("companies",)`` also writes ``companies.csv`` and
    ``poaching.csv`` (per grid point, company and policy kind) and, for a
    scenario of several simulated companies, the section "Company by company"
    (:mod:`microjob.report.companies`).
    """
    if not isinstance(sweep, SweepResult):
        raise TypeError(f"sweep: must be a SweepResult, got {type(sweep).__name__}")
    _check_command(command)
    _pandas()
    plot._figure_class()
    out = _prepare(out)
    written = _write_tables(out, sweep)
    part = per_company.for_sweep(out, sweep)
    written += part.written
    by_point = _by_point(sweep)
    est = _estimates(by_point)
    series = _series(sweep)
    x_name = next(iter(sweep.parameters))
    xs = [p[x_name] for p in sweep.points]
    with plot._style():
        figure = figures._sweep(
            out,
            xs,
            [_describe_value(x) for x in xs],
            series,
            est,
            [f for f in figures.SWEEP_MEASURES if _known(f)],
            x_name,
            sweep.replications,
        )
    written.append(figure.path)

    params = list(sweep.parameters)
    page = Page(
        title=f"microjob report: {sweep.scenario.name}, sweep over " + ", ".join(params),
        kicker="microjob · parameter sweep",
        heading="Sweep over " + ", ".join(params),
        facts=_header_facts(sweep, command),
        sections=(
            section("findings", _findings(sweep, by_point, series), "sections/findings_sweep.html"),
            section("figures", (figure,)),
            section("measures", _measures(sweep, est)),
            *part.sections,
            section("levers", _levers(sweep)),
            section("method", _method(sweep, est)),
        ),
    )
    notes = {
        **_FILE_NOTES,
        **_figure_notes([figure]),
        "summary.csv": "per grid point and measure: parameter values, mean, sd, 95% CI, n",
        "runs.csv": "one row per run: grid point, parameter values, replication and measures",
        "scenario.toml": "the base scenario, before the grid's changes",
        **part.notes,
    }
    return _finish(out, written, notes, page)


def _write_tables(out: Path, sweep: SweepResult) -> list[Path]:
    """summary.csv (with each row's grid point), runs.csv and the base scenario."""
    summary = sweep.aggregate(confidence=CONFIDENCE).to_frame()
    summary.insert(0, "point", [int(str(x).rsplit(" ", 1)[-1]) for x in summary["label"]])
    written = [_write_csv(summary.drop(columns=["label"]), out / "summary.csv")]
    written.append(_write_csv(sweep.to_frame(), out / "runs.csv"))
    written += _write_scenario(out, sweep.scenario)
    return written


# ------------------------------------------------------------------ estimates


def _by_point(sweep: SweepResult) -> _ByPoint:
    """The summaries of each grid point by replication."""
    by_point: _ByPoint = {i: {} for i in range(len(sweep.points))}
    for r in sweep.runs:
        by_point[r.point][r.replication] = r.summary
    return by_point


def _estimates(
    by_point: Mapping[int, Mapping[int, RunSummary]],
) -> dict[tuple[int, str], _Interval]:
    """Estimates by (grid point, measure), derived measures included, as the CSV has them."""
    est: dict[tuple[int, str], _Interval] = {}
    for i, runs in by_point.items():
        summaries = [runs[r] for r in sorted(runs)]
        for f in _fields():
            est[(i, f)] = _interval(_values(summaries, f))
    return est


def _paired(
    by_point: Mapping[int, Mapping[int, RunSummary]], first: int, last: int, field: str
) -> _Interval:
    """The paired difference of ``field`` between two grid points (same seeds)."""
    common = sorted(set(by_point[first]) & set(by_point[last]))
    a = _values([by_point[last][r] for r in common], field)
    b = _values([by_point[first][r] for r in common], field)
    return _difference(a, b)


def _series(sweep: SweepResult) -> dict[str, list[int]]:
    """The grid points of each combination of the parameters after the first, by its name."""
    params = list(sweep.parameters)
    series: dict[str, list[int]] = {}
    for i, point in enumerate(sweep.points):
        rest = ", ".join(f"{k} = {_describe_value(point[k])}" for k in params[1:])
        series.setdefault(rest, []).append(i)
    return series


# ------------------------------------------------------------------ page sections


def _header_facts(sweep: SweepResult, command: str) -> tuple[Fact, ...]:
    scenario, n, params = sweep.scenario, sweep.replications, list(sweep.parameters)
    grid = "; ".join(
        f"{k}: " + ", ".join(dict.fromkeys(_describe_value(p[k]) for p in sweep.points))
        for k in params
    )
    return (
        Fact("Scenario", scenario.description, strong=scenario.name),
        Fact("Grid", f"{grid} ({len(sweep.points)} points)"),
        Fact(
            "Design",
            f"{_count(n, 'replication')} per point; every point uses the same seeds (common "
            f"random numbers); {scenario.warmup_years:g}-year warm-up, then "
            f"{scenario.horizon_years:g} years measured",
        ),
        Fact("Command", code=command),
    )


def _findings(
    sweep: SweepResult,
    by_point: Mapping[int, Mapping[int, RunSummary]],
    series: Mapping[str, Sequence[int]],
) -> _Findings:
    """Per series: the last value of the first parameter against its first."""
    n = sweep.replications
    x_name = next(iter(sweep.parameters))
    xs = [p[x_name] for p in sweep.points]
    paragraphs = []
    described = [(rest, points) for rest, points in series.items() if len(points) > 1]
    for rest, points in described[:_MAX_SERIES_DESCRIBED]:
        first, last = points[0], points[-1]
        where = f" (with {rest})" if rest else ""
        intro = (
            f"At {x_name} = {_describe_value(xs[last])}, compared with {x_name} = "
            f"{_describe_value(xs[first])}{where}, over {_count(n, 'paired replication')}"
        )
        differences = {
            ph.field: _paired(by_point, first, last, ph.field)
            for ph in _PHRASES
            if _known(ph.field)
        }
        paragraphs.append(_difference_paragraph(intro, differences, n))
    return _Findings(
        tuple(paragraphs),
        x_name,
        not described,
        max(0, len(described) - _MAX_SERIES_DESCRIBED),
        sweep.scenario.name,
    )


def _measures(sweep: SweepResult, est: Mapping[tuple[int, str], _Interval]) -> MeasureTable:
    """One column per grid point, headed by its parameter values."""
    params = list(sweep.parameters)
    columns = [
        Column("", params=tuple((k, _describe_value(p[k])) for k in params)) for p in sweep.points
    ]

    def estimate(i: int) -> Callable[[Measure], Cell]:
        return lambda m: _estimate_cell(m, est.get((i, m.field)))

    return _measure_table(
        columns,
        [estimate(i) for i in range(len(sweep.points))],
        "Means over replications at each grid point, with the t-based 95% confidence "
        "interval below each.",
    )


def _levers(sweep: SweepResult) -> LeverTable:
    changed = [k for k in sweep.parameters if "polic" in k]
    note = "Every lever of each simulated company's policy in the base scenario"
    note += ", before the grid's changes." if changed else "."
    return _lever_table({SCENARIO_POLICIES: None}, sweep.scenario, note=note)


def _method(sweep: SweepResult, est: Mapping[tuple[int, str], _Interval]) -> Method:
    scenario, params = sweep.scenario, list(sweep.parameters)
    note = "before the grid's changes" if any("polic" in k for k in params) else ""

    def across(field: str) -> list[float]:
        return [est[(i, field)].mean for i in range(len(sweep.points))]

    facts = _scenario_facts(scenario, policy_note=note)
    market = [k for k in params if k.startswith("market.")]
    if market:
        facts.append(
            Fact(
                "Changed by the grid",
                ", ".join(market),
                note="the market parameters above are the base scenario's",
            )
        )
    facts += _measured_facts(
        _across("layoff_rate_monthly", across("layoff_rate_monthly")),
        _across(
            "redeployments_per_employee_year",
            across("redeployments_per_employee_year"),
            positive=True,
        ),
    )
    facts.append(Fact("Replications", f"{sweep.replications} per point"))
    return Method(tuple(facts), (MEASURED,))
