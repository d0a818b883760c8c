"""The section "Companies": each company's measures and who hires whose people.

A scenario that mixes policies (``mj.scenarios.mixed()``: two traditional and
two internal-freelance companies competing for the same people) pools every
company in the run's measures. This section shows them company by company, and
pooled per policy kind (adopters against non-adopters), with the matrix of
job-to-job moves between employers (:func:`microjob.measures.company_measures`,
:func:`~microjob.measures.policy_measures`, :func:`~microjob.measures.poaching`).

It reads the extra ``"companies"`` (:mod:`microjob.experiment.extras`): each
replication's values, kept by ``compare(..., keep=("companies",))`` or
``sweep(..., keep=("companies",))``, or computed from the one run of a run's
report. The files beside the page: ``companies.csv`` (per company and per policy
kind: every measure of :data:`~microjob.measures.COMPANY_MEASURES`, one row per
run, or mean, sd, 95% interval and n over replications) and ``poaching.csv``
(moves between employers, and per 1,000 employee-years of the employer left).

:func:`print_companies` prints the per-company table of ``microjob run``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob.measures import COMPANY_MEASURES, company_measure_info
from microjob.policies import policy_label
from microjob.report.estimates import CONFIDENCE, Measure, _interval
from microjob.report.files import _pandas, _write_csv
from microjob.report.format import _count, _describe_value, _number
from microjob.report.labels import _colour_map
from microjob.report.page import Section, section
from microjob.report.tables import (
    Cell,
    Column,
    Group,
    MeasureTable,
    Row,
    _estimate_cell,
    _value_cell,
)
from microjob.summary import MeasureInfo

if TYPE_CHECKING:
    from microjob.experiment import Comparison, RunRecord, SweepResult
    from microjob.records import RunResult

EXTRA = "companies"
"""The name of the extra this section reads."""

SHOWN: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Size, retention and tenure",
        ("mean_headcount", "retention_1y", "retention_2y", "median_tenure_years"),
    ),
    (
        "Separations and hires",
        (
            "quit_rate_monthly",
            "hop_rate_monthly",
            "layoff_rate_monthly",
            "separation_rate_monthly",
            "hires_per_employee_year",
        ),
    ),
    (
        "Internal mobility and micro-jobs",
        ("internal_moves_per_employee_year", "gig_participation_share"),
    ),
    (
        "Skills and costs (currency of the start of the run)",
        (
            "skill_gain_per_worker_year",
            "turnover_cost_per_employee_year",
            "cost_per_employee_year",
        ),
    ),
)
"""The measures the page shows per company, in groups; ``companies.csv`` has them all."""

TERMINAL = (
    ("mean_headcount", "headcount"),
    ("retention_2y", "2y retention %"),
    ("quit_rate_monthly", "quits %/month"),
    ("separation_rate_monthly", "separations %/month"),
    ("median_tenure_years", "median tenure, y"),
    ("gig_participation_share", "micro-jobs, % of staff"),
    ("skill_gain_per_worker_year", "skill gain/y"),
    ("turnover_cost_per_employee_year", "turnover cost/employee-y"),
)
"""The measures ``microjob run`` prints per company, with their short headings (in the
units the report shows them in)."""

_MAX_POINTS = 8
"""Grid points of a sweep shown on the page (``companies.csv`` has every one)."""

FILE_NOTES = {
    "companies.csv": "per company and per policy kind: every per-company measure",
    "poaching.csv": "job-to-job moves between employers (quits followed at once by a hire), "
    "and per 1,000 employee-years of the employer left",
}
"""The notes of the files this section writes, in the list of files."""


def kept(records: Sequence[RunRecord]) -> list[Mapping[str, Any]] | None:
    """Each record's ``"companies"`` extra, or None when one of them lacks it."""
    values = [r.extras.get(EXTRA) for r in records]
    found = [v for v in values if v is not None]
    return found if found and len(found) == len(values) else None


def _extra(result: RunResult) -> Mapping[str, Any]:
    """The ``"companies"`` extra of one run, as the experiments keep it."""
    from microjob.experiment.extras import compute_extras

    return compute_extras(result, (EXTRA,))[EXTRA]


# ------------------------------------------------------------------ the page


@attrs.frozen
class Matrix:
    """Moves between employers: a row per employer left, a cell per employer joined."""

    title: str
    employers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]


@attrs.frozen
class Part:
    """One run, arm or grid point: the table of measures by company and the moves."""

    heading: str
    """Empty for a run's report."""
    colour: str
    table: MeasureTable
    matrices: tuple[Matrix, ...]


@attrs.frozen
class CompaniesSection:
    """What ``templates/sections/companies.html`` reads."""

    intro: str
    parts: tuple[Part, ...]
    moves_legend: str
    more: str
    """Said when some grid points are left out; empty otherwise."""


def _values(extras: Sequence[Mapping[str, Any]], key: str, i: int, field: str) -> np.ndarray:
    return np.array([e[key][i][field] for e in extras], dtype=float)


def _cell(m: Measure, values: np.ndarray) -> Cell:
    """One run's value, or a mean over replications with its interval."""
    if values.size == 1:
        return _value_cell(m, float(values[0]))
    return _estimate_cell(m, _interval(values))


def _table(extras: Sequence[Mapping[str, Any]], legend: str) -> MeasureTable:
    """Measures by company (columns), then pooled by policy kind when there are several."""
    first = extras[0]
    kinds = [str(p["policy"]) for p in first["policies"]]
    colours = _colour_map([policy_label(k) for k in kinds])
    columns = [
        Column(str(c["name"]), colours[policy_label(c["policy"])], lead=policy_label(c["policy"]))
        for c in first["companies"]
    ]
    sources = [("companies", i) for i in range(len(first["companies"]))]
    if len(kinds) > 1:
        columns += [
            Column(policy_label(k), colours[policy_label(k)], lead="All companies with")
            for k in kinds
        ]
        sources += [("policies", i) for i in range(len(kinds))]
    groups = []
    for title, fields in SHOWN:
        rows = []
        for field in fields:
            m = Measure(field, company_measure_info(field))
            cells = tuple(_cell(m, _values(extras, key, i, field)) for key, i in sources)
            rows.append(Row(m.label, m.unit, m.description, cells))
        groups.append(Group(title, tuple(rows)))
    return MeasureTable(tuple(columns), tuple(groups), legend)


_RATE = Measure(
    "per_1000_employee_years",
    MeasureInfo("moves", "per 1,000 employee-years", "Moves per 1,000 employee-years.", decimals=1),
)


def _matrix(extras: Sequence[Mapping[str, Any]], key: str, title: str) -> Matrix:
    first = extras[0][key]
    employers = tuple(str(e) for e in first["employers"])
    if key == "poaching_by_policy":
        employers = tuple(_employer_label(e) for e in employers)
    rows = []
    for i, origin in enumerate(employers):
        cells = []
        for j in range(len(employers)):
            rates = np.array([e[key]["per_1000_employee_years"][i][j] for e in extras], dtype=float)
            counts = np.array([e[key]["counts"][i][j] for e in extras], dtype=float)
            if len(extras) == 1:
                value = _RATE.show(float(rates[0]))
                cells.append(Cell(value, _count(int(counts[0]), "move")))
            else:
                cell = _estimate_cell(_RATE, _interval(rates))
                cells.append(attrs.evolve(cell, note=f"{_number(counts.mean(), 1)} moves a run"))
        rows.append((origin, tuple(cells)))
    return Matrix(title, employers, tuple(rows))


def _employer_label(kind: str) -> str:
    return "Outside market" if kind == "outside" else f"{policy_label(kind)} companies"


def _part(extras: Sequence[Mapping[str, Any]], heading: str, colour: str, legend: str) -> Part:
    matrices = [_matrix(extras, "poaching", "Between employers")]
    if len(extras[0]["policies"]) > 1:
        matrices.append(_matrix(extras, "poaching_by_policy", "Between policies"))
    return Part(heading, colour, _table(extras, legend), tuple(matrices))


_MOVES_LEGEND = (
    "Who hires whose people: quits to another job in the measurement window, from the "
    "row's employer to the column's, per 1,000 employee-years at the row's employer. "
    "The diagonal holds moves between two jobs at the same employer (for the outside "
    "market, between two outside jobs)."
)


def _legend(n: int) -> str:
    if n == 1:
        return (
            "Each simulated company's measures in this run (one draw, without intervals), "
            "and, when the companies follow several policies, each policy's companies "
            "pooled: their spells and counts together, not an average of the companies."
        )
    return (
        f"Means over {_count(n, 'replication')} with the t-based 95% confidence interval "
        "below each: per simulated company, and, when the companies follow several "
        "policies, per policy pooled over its companies' spells and counts (not an "
        "average of the companies)."
    )


def _moves_legend(n: int) -> str:
    after = (
        " Below each rate, the number of moves."
        if n == 1
        else " Means over replications with the 95% interval below; the mean number of "
        "moves a run shows when the pointer rests on a cell."
    )
    return _MOVES_LEGEND + after


def _section(parts: Sequence[Part], n: int, more: str = "") -> Section:
    intro = (
        "The run's measures pool every simulated company. Here they are company by "
        "company, each meaning what the pooled measure means for that company alone, "
        "with who hires whose people."
    )
    return section("companies", CompaniesSection(intro, tuple(parts), _moves_legend(n), more))


# ------------------------------------------------------------------ the files


def _company_frame(label_columns: Mapping[str, Any], extra: Mapping[str, Any]) -> Any:
    """One run's companies (then policy kinds) as rows, every measure as a column."""
    pd = _pandas()
    records = []
    for c in extra["companies"]:
        records.append(
            {
                **label_columns,
                "level": "company",
                "company": c["name"],
                "company_index": c["index"],
                "policy_kind": c["policy"],
                **{m: c[m] for m in COMPANY_MEASURES},
            }
        )
    for p in extra["policies"]:
        records.append(
            {
                **label_columns,
                "level": "policy",
                "company": ", ".join(p["companies"]),
                "company_index": None,
                "policy_kind": p["policy"],
                **{m: p[m] for m in COMPANY_MEASURES},
            }
        )
    frame = pd.DataFrame(records)
    frame["company_index"] = frame["company_index"].astype("Int64")
    return frame


def _estimate_frame(
    label_columns: Mapping[str, Any], extras: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Per company and policy kind, per measure: mean, sd, t interval and n over ``extras``
    (as :meth:`~microjob.experiment.Comparison.companies` computes them)."""
    from microjob.experiment.tables import _interval as _table_interval

    records = []
    for level, key in (("company", "companies"), ("policy", "policies")):
        for i, entry in enumerate(extras[0][key]):
            head = {
                **label_columns,
                "level": level,
                "company": entry["name"] if level == "company" else ", ".join(entry["companies"]),
                "company_index": entry["index"] if level == "company" else None,
                "policy_kind": entry["policy"],
            }
            for m in COMPANY_MEASURES:
                mean, sd, lo, hi, n = _table_interval(_values(extras, key, i, m), CONFIDENCE)
                records.append(
                    {**head, "measure": m, "mean": mean, "sd": sd, "ci_low": lo, "ci_high": hi}
                    | {"n": n}
                )
    return records


def _moves_records(
    label_columns: Mapping[str, Any], extras: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Per pair of employers (then of policy kinds): the moves, and per 1,000
    employee-years of the employer left; over replications, their means and the
    rate's t interval."""
    from microjob.experiment.tables import _interval as _table_interval

    records = []
    for level, key in (("company", "poaching"), ("policy", "poaching_by_policy")):
        first = extras[0][key]
        for i, origin in enumerate(first["employers"]):
            for j, destination in enumerate(first["employers"]):
                head = {
                    **label_columns,
                    "level": level,
                    "from": origin,
                    "to": destination,
                    "from_policy": first["policies"][i],
                    "to_policy": first["policies"][j],
                }
                counts = np.array([e[key]["counts"][i][j] for e in extras], dtype=float)
                years = np.array([e[key]["employee_years"][i] for e in extras], dtype=float)
                rates = np.array(
                    [e[key]["per_1000_employee_years"][i][j] for e in extras], dtype=float
                )
                if len(extras) == 1:
                    head |= {
                        "moves": int(counts[0]),
                        "origin_employee_years": float(years[0]),
                        "per_1000_employee_years": float(rates[0]),
                    }
                else:
                    mean, _, lo, hi, n = _table_interval(rates, CONFIDENCE)
                    head |= {
                        "moves_mean": float(counts.mean()),
                        "per_1000_employee_years": mean,
                        "ci_low": lo,
                        "ci_high": hi,
                        "n": n,
                    }
                records.append(head)
    return records


def _write(out: Path, companies: Any, moves: list[dict[str, Any]]) -> list[Path]:
    pd = _pandas()
    return [
        _write_csv(companies, out / "companies.csv"),
        _write_csv(pd.DataFrame(moves), out / "poaching.csv"),
    ]


def _estimates_frame(records: list[dict[str, Any]]) -> Any:
    frame = _pandas().DataFrame(records)
    frame["company_index"] = frame["company_index"].astype("Int64")
    return frame


# ------------------------------------------------------------------ per report


@attrs.frozen
class CompaniesPart:
    """The section (None when not shown), the files written and their notes."""

    sections: tuple[Section, ...]
    written: list[Path]
    notes: dict[str, str]


_NOTHING = CompaniesPart((), [], {})


def for_run(out: Path, label: str, result: RunResult, show: bool | None = None) -> CompaniesPart:
    """``companies.csv`` and ``poaching.csv`` of one run, and the section.

    ``show``: None shows the section when the simulated companies follow more than
    one policy (a mixed scenario), True whenever there is more than one simulated
    company, False never.
    """
    extra = _extra(result)
    written = _write(
        out,
        _company_frame({"policy": label}, extra),
        _moves_records({"policy": label}, [extra]),
    )
    several = len(extra["companies"]) > 1
    mixed = len(extra["policies"]) > 1
    shown = several and (mixed if show is None else show)
    sections = (_section([_part([extra], "", "", _legend(1))], 1),) if shown else ()
    return CompaniesPart(sections, written, dict(FILE_NOTES))


def for_comparison(
    out: Path, comparison: Comparison, shown: Mapping[str, str], colours: Mapping[str, str]
) -> CompaniesPart:
    """The files and section of a comparison whose runs kept ``"companies"`` (else nothing).

    The section shows when the scenario has more than one simulated company; the
    files are written whenever the extra was kept.
    """
    by_arm = {p: kept([r for r in comparison.runs if r.policy == p]) for p in comparison.policies}
    if any(v is None for v in by_arm.values()):
        return _NOTHING
    arms: dict[str, list[Mapping[str, Any]]] = {p: v for p, v in by_arm.items() if v is not None}
    frames, moves = [], []
    for p, extras in arms.items():
        frames += _estimate_frame({"policy": p}, extras)
        moves += _moves_records({"policy": p}, extras)
    written = _write(out, _estimates_frame(frames), moves)
    sections: tuple[Section, ...] = ()
    if len(comparison.scenario.companies) > 1:
        n = comparison.replications
        parts = [
            _part(extras, shown.get(p, p), colours.get(shown.get(p, p), ""), _legend(n))
            for p, extras in arms.items()
        ]
        sections = (_section(parts, n),)
    return CompaniesPart(sections, written, dict(FILE_NOTES))


def for_sweep(out: Path, sweep: SweepResult) -> CompaniesPart:
    """The files and section of a sweep whose runs kept ``"companies"`` (else nothing)."""
    by_point = [kept([r for r in sweep.runs if r.point == i]) for i in range(len(sweep.points))]
    if any(v is None for v in by_point):
        return _NOTHING
    points: list[list[Mapping[str, Any]]] = [v for v in by_point if v is not None]
    frames, moves = [], []
    headings = []
    for i, (point, extras) in enumerate(zip(sweep.points, points, strict=True)):
        values = {k: _describe_value(v) for k, v in point.items()}
        frames += _estimate_frame({"point": i, **values}, extras)
        moves += _moves_records({"point": i, **values}, extras)
        headings.append(f"Point {i}: " + ", ".join(f"{k} = {v}" for k, v in values.items()))
    written = _write(out, _estimates_frame(frames), moves)
    sections: tuple[Section, ...] = ()
    if len(sweep.scenario.companies) > 1:
        n = sweep.replications
        parts = [
            _part(extras, heading, "", _legend(n))
            for heading, extras in list(zip(headings, points, strict=True))[:_MAX_POINTS]
        ]
        more = ""
        if len(points) > _MAX_POINTS:
            more = (
                f"The other {len(points) - _MAX_POINTS} grid points are in companies.csv "
                "and poaching.csv."
            )
        sections = (_section(parts, n, more),)
    return CompaniesPart(sections, written, dict(FILE_NOTES))


# ------------------------------------------------------------------ the terminal


def company_lines(result: RunResult) -> list[str]:
    """The per-company table ``microjob run`` prints: a line per simulated company (then
    per policy kind, when there are several), key measures in their display units.
    Empty for a scenario of one simulated company."""
    extra = _extra(result)
    if len(extra["companies"]) < 2:
        return []
    entries = [(f"{c['name']} ({c['policy']})", c) for c in extra["companies"]]
    if len(extra["policies"]) > 1:
        entries += [(f"all {p['policy']}", p) for p in extra["policies"]]
    header = ["company", *(heading for _, heading in TERMINAL)]
    rows = [[name, *(_shown(f, e[f]) for f, _ in TERMINAL)] for name, e in entries]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join((first, *rest)).rstrip()

    return ["", "per company:", line(header), "-" * len(line(header)), *map(line, rows)]


def print_companies(result: RunResult) -> None:
    """Print :func:`company_lines` (nothing for a scenario of one simulated company)."""
    for text in company_lines(result):
        print(text)


def _shown(field: str, value: float) -> str:
    info = company_measure_info(field)
    return _number(value * info.scale, info.decimals) if math.isfinite(value) else "n/a"
