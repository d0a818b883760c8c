"""The report of a parameter sweep (``microjob sweep --out DIR``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape as _e
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microjob.experiment import SweepResult
from microjob.report.estimates import (
    _DERIVED,
    CONFIDENCE,
    Measure,
    _Interval,
    _interval,
    _known,
    _of_row,
    _values,
)
from microjob.report.figures import _style, _sweep_figure
from microjob.report.files import (
    _FILE_NOTES,
    _check_command,
    _Figure,
    _figure_class,
    _pandas,
    _prepare,
    _save,
    _write_csv,
    _write_scenario,
)
from microjob.report.format import _count, _show_value
from microjob.report.page import (
    _breakable,
    _column,
    _finish,
    _header,
    _img,
    _measure_table,
    _policy_table,
    _scenario_facts,
    _section,
)
from microjob.report.prose import _PHRASES, _caveat, _difference_paragraph
from microjob.summary import RunSummary

if TYPE_CHECKING:
    pass


_MAX_SERIES_DESCRIBED = 6


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
    """
    if not isinstance(sweep, SweepResult):
        raise TypeError(f"sweep: must be a SweepResult, got {type(sweep).__name__}")
    _check_command(command)
    _pandas()
    Figure = _figure_class()
    out = _prepare(out)
    aggregate = sweep.aggregate(confidence=CONFIDENCE)
    written = _write_tables(out, sweep, aggregate)
    by_point = _by_point(sweep)
    est = _estimates(aggregate, by_point)
    series = _series(sweep)
    with _style():
        figure = _figure_png(Figure, out, sweep, series, est)
    written.append(figure.path)

    findings = _findings(sweep, by_point, series)
    body = [
        _header_facts(sweep, command),
        _section("findings", "What changes along the grid", findings, "findings"),
        _section("figures", "Figures", [_img(figure)]),
        _section("results", "Results", _results(sweep, est)),
        _section("scenario", "Base scenario", _scenario_parts(sweep)),
    ]
    notes = {
        **_FILE_NOTES,
        "summary.csv": "per grid point and measure: parameter values, mean, sd, 95% CI, n",
        "runs.csv": "one row per run: grid point, parameter values, replication and measures",
        "scenario.toml": "the base scenario, before the grid's changes",
    }
    params = list(sweep.parameters)
    titles = (
        f"microjob report: {sweep.scenario.name}, sweep over " + ", ".join(params),
        "microjob · parameter sweep",
        "Sweep over " + ", ".join(params),
    )
    return _finish(out, written, notes, titles, body)


def _write_tables(out: Path, sweep: SweepResult, aggregate: Any) -> list[Path]:
    """summary.csv (with each row's grid point), runs.csv and the base scenario."""
    summary = aggregate.to_frame()
    summary.insert(0, "point", [int(str(x).rsplit(" ", 1)[-1]) for x in summary["label"]])
    written = [_write_csv(summary.drop(columns=["label"]), out / "summary.csv")]
    written.append(_write_csv(sweep.to_frame(), out / "runs.csv"))
    written += _write_scenario(out, sweep.scenario)
    return written


# ------------------------------------------------------------------ estimates


def _by_point(sweep: SweepResult) -> dict[int, dict[int, RunSummary]]:
    """The summaries of each grid point by replication."""
    by_point: dict[int, dict[int, RunSummary]] = {i: {} for i in range(len(sweep.points))}
    for r in sweep.runs:
        by_point[r.point][r.replication] = r.summary
    return by_point


def _estimates(
    aggregate: Any, by_point: Mapping[int, Mapping[int, RunSummary]]
) -> dict[tuple[int, str], _Interval]:
    """Estimates by (grid point, measure), derived measures included."""
    est: dict[tuple[int, str], _Interval] = {
        (int(row.label.rsplit(" ", 1)[-1]), row.measure): _of_row(row) for row in aggregate
    }
    for i in range(len(by_point)):
        for f in _DERIVED:
            est[(i, f)] = _interval(_values(list(by_point[i].values()), f))
    return est


def _paired(
    by_point: Mapping[int, Mapping[int, RunSummary]], first: int, last: int, field: str
) -> _Interval:
    """The paired difference of ``field`` between two grid points (same seeds)."""
    common = sorted(set(by_point[first]) & set(by_point[last]))
    a = _values([by_point[last][r] for r in common], field)
    b = _values([by_point[first][r] for r in common], field)
    return _interval(a - b)


def _series(sweep: SweepResult) -> dict[str, list[int]]:
    """The grid points of each combination of the parameters after the first, by its name."""
    params = list(sweep.parameters)
    series: dict[str, list[int]] = {}
    for i, point in enumerate(sweep.points):
        rest = ", ".join(f"{k} = {_show_value(point[k])}" for k in params[1:])
        series.setdefault(rest, []).append(i)
    return series


# ------------------------------------------------------------------ figure and page sections


def _figure_png(
    Figure: Any,
    out: Path,
    sweep: SweepResult,
    series: Mapping[str, Sequence[int]],
    est: Mapping[tuple[int, str], _Interval],
) -> _Figure:
    x_name = next(iter(sweep.parameters))
    xs = [p[x_name] for p in sweep.points]
    return _save(
        _sweep_figure(Figure, xs, series, est, x_name),
        out / "figures" / "sweep.png",
        f"Key measures against {x_name}, with 95% confidence bands",
        f"<b>Key measures against <code>{_e(x_name)}</code>.</b> Mean over "
        f"{_count(sweep.replications, 'replication')} at each grid point, with 95% confidence "
        "intervals"
        + (", one series per combination of the other parameters." if len(series) > 1 else "."),
    )


def _header_facts(sweep: SweepResult, command: str) -> str:
    scenario, n, params = sweep.scenario, sweep.replications, list(sweep.parameters)
    grid = "; ".join(
        f"{k}: " + ", ".join(dict.fromkeys(_show_value(p[k]) for p in sweep.points)) for k in params
    )
    return _header(
        scenario,
        [
            ("Grid", _e(f"{grid} ({len(sweep.points)} points)")),
            (
                "Design",
                _e(
                    f"{_count(n, 'replication')} per point; every point uses the same "
                    "seeds (common random numbers); "
                    f"{scenario.warmup_years:g}-year warm-up, then "
                    f"{scenario.horizon_years:g} years measured"
                ),
            ),
        ],
        command,
    )


def _findings(
    sweep: SweepResult,
    by_point: Mapping[int, Mapping[int, RunSummary]],
    series: Mapping[str, Sequence[int]],
) -> list[str]:
    """Per series: the last value of the first parameter against its first; then the caveat."""
    n = sweep.replications
    x_name = next(iter(sweep.parameters))
    xs = [p[x_name] for p in sweep.points]
    findings = []
    described = [(rest, points) for rest, points in series.items() if len(points) > 1]
    for rest, points in described[:_MAX_SERIES_DESCRIBED]:
        first, last = points[0], points[-1]
        where = f" (with {rest})" if rest else ""
        intro = (
            f"At {x_name} = {_show_value(xs[last])}, compared with {x_name} = "
            f"{_show_value(xs[first])}{where}, over {_count(n, 'paired replication')}"
        )
        differences = {
            ph.field: _paired(by_point, first, last, ph.field)
            for ph in _PHRASES
            if _known(ph.field)
        }
        findings.append(_difference_paragraph(intro, differences, n))
    if not described:
        findings.append(
            f"<p>The grid has one value of <code>{_e(x_name)}</code>, so there is no change "
            "along it to describe; the table gives each point's measures.</p>"
        )
    elif len(described) > _MAX_SERIES_DESCRIBED:
        findings.append(
            f"<p>({len(described) - _MAX_SERIES_DESCRIBED} more combinations of the other "
            "parameters are in the table and the CSV files.)</p>"
        )
    findings.append(_caveat(sweep.scenario))
    return findings


def _results(sweep: SweepResult, est: Mapping[tuple[int, str], _Interval]) -> list[str]:
    """The legend and the table, one column per grid point headed by its parameter values."""
    params = list(sweep.parameters)
    legend = (
        '<p class="legend">Means over replications at each grid point, with the t-based 95% '
        "confidence interval below each.</p>"
    )
    header = ["<th>Measure</th>"] + [
        "<th>"
        + "".join(
            f'<span class="param">{_breakable(k)}</span>{_e(_show_value(p[k]))}' for k in params
        )
        + "</th>"
        for p in sweep.points
    ]
    columns: list[Callable[[Measure], str]] = [_column(est, i) for i in range(len(sweep.points))]
    return [legend, _measure_table(header, columns)]


def _scenario_parts(sweep: SweepResult) -> list[str]:
    scenario, params = sweep.scenario, list(sweep.parameters)
    pnote = " (before the grid's changes)" if any("policy" in k for k in params) else ""
    return [
        _scenario_facts(
            scenario, [("Replications", _e(f"{sweep.replications} per point"))], policy_note=pnote
        ),
        "<h3>Policy parameters (before the grid's changes)</h3>",
        _policy_table({c.name: c.policy for c in scenario.companies}),
    ]
