"""The report of one run (``microjob run --out DIR``).

The page's sections, in order: findings, figures, measures, policy levers,
scenario and method, files (see :mod:`microjob.report.page`).
"""

from __future__ import annotations

from pathlib import Path

import attrs

from microjob import plot
from microjob.measures import retention_curve, tenure_hazard
from microjob.policies import Policy, policy_label
from microjob.records import RunResult
from microjob.report import companies as per_company
from microjob.report import figures
from microjob.report.estimates import _values
from microjob.report.files import (
    _FILE_NOTES,
    _check_command,
    _Figure,
    _figure_notes,
    _pandas,
    _prepare,
    _write_csv,
    _write_scenario,
    _write_spells,
)
from microjob.report.format import _seed_text
from microjob.report.labels import SCENARIO_POLICIES, _colour_map, _policy_phrase
from microjob.report.method import (
    MEASURED,
    Method,
    _measured_facts,
    _per_arm,
    _scenario_facts,
)
from microjob.report.page import Fact, Page, _finish, _names, section
from microjob.report.prose import _run_paragraph
from microjob.report.tables import (
    Column,
    LeverTable,
    MeasureTable,
    _lever_table,
    _measure_table,
    _value_cell,
)
from microjob.summary import RunSummary

_Series = list[tuple[str, RunResult, str | None]]


def _run_series(result: RunResult) -> _Series:
    """(legend name, run, policy filter) per policy kind of the run's simulated companies."""
    kinds = list(dict.fromkeys(c.policy.kind for c in result.scenario.companies))
    if len(kinds) == 1:
        return [(policy_label(kinds[0]), result, None)]
    return [(policy_label(k), result, k) for k in kinds]


@attrs.frozen
class _Findings:
    """What ``sections/findings_run.html`` reads."""

    paragraph: str
    mixed: bool
    """The simulated companies follow several policies."""
    scenario: str


def write_run(
    out: Path, result: RunResult, *, command: str, companies: bool | None = None
) -> list[Path]:
    """Write the report of one run into the directory ``out``.

    Writes ``summary.csv`` (one row: the policy label and every measure),
    ``spells.csv`` (and ``spells.parquet`` with pyarrow), ``figures/*.png``
    (retention, hazard by tenure, exits by cause, skill breadth),
    ``scenario.toml`` (when the scenario can write itself),
    ``engagements.csv`` (when the run has an open talent platform) and
    ``report.html``. A single run has no confidence intervals across
    replications; the page says so and points to ``microjob compare``.
    Returns the paths written, the page last.

    ``companies.csv`` and ``poaching.csv`` hold the measures of each company
    and policy kind and the moves between employers
    (:mod:`microjob.report.companies`); the section "Company by company" shows
    them when the simulated companies follow more than one policy, or, with
    ``companies=True``, whenever there is more than one simulated company
    (``False``: never).
    """
    if not isinstance(result, RunResult):
        raise TypeError(f"result: must be a RunResult, got {type(result).__name__}")
    _check_command(command)
    pd = _pandas()
    plot._figure_class()
    out = _prepare(out)
    label = result.policy.kind if result.policy is not None else "as in scenario"
    summary = result.summary()
    scenario = result.scenario
    row = {"policy": label, **summary.as_dict()}
    written = [_write_csv(pd.DataFrame([row]), out / "summary.csv")]
    written += _write_spells(out, [(label, result)])
    if result.engagements:
        engagements = result.to_frames()["engagements"]
        written.append(_write_csv(engagements, out / "engagements.csv"))
    written += _write_scenario(out, scenario)
    part = per_company.for_run(out, label, result, companies)
    written += part.written

    series = _run_series(result)
    names = [s[0] for s in series]
    colours = _colour_map(names)
    with plot._style():
        drawn = _figures(out, series)
    written += [f.path for f in drawn]

    policy_note = "" if result.policy is not None else "each company's, as in the scenario"
    header = (
        Fact("Scenario", scenario.description, strong=scenario.name),
        Fact("Policy", names=_names(names, colours), note=policy_note),
        Fact("Seed", _seed_text(result.seed_entropy)),
        Fact("Command", code=command),
    )
    findings = _Findings(_run_paragraph(summary), len(series) > 1, scenario.name)
    page = Page(
        title=f"microjob report: {scenario.name}, one run",
        kicker="microjob · one run",
        heading=f"One run of scenario {scenario.name}",
        facts=header,
        sections=(
            section("findings", findings, "sections/findings_run.html"),
            section("figures", tuple(drawn)),
            section("measures", _measures(summary, names)),
            *part.sections,
            section("levers", _levers(result, names, colours)),
            section("method", _method(result, names)),
        ),
    )
    notes = {
        **_FILE_NOTES,
        **_figure_notes(drawn),
        "summary.csv": "every measure of the run, one row",
        "spells.csv": "the employment spells of the run, one per row",
        "engagements.csv": "the platform engagements of the run, one per row",
        **part.notes,
    }
    return _finish(out, written, notes, page)


def _figures(out: Path, series: _Series) -> list[_Figure]:
    """Retention, hazard by tenure, exits by cause and (when there are employees) skill breadth."""
    curves = {x: retention_curve(r, policy=k) for x, r, k in series}
    tables = {x: tenure_hazard(r, policy=k) for x, r, k in series}
    drawn = [
        figures._retention_with_medians(out, curves),
        figures._hazard(out, tables, ""),
        figures._exits(out, series, ""),
    ]
    breadth = figures._skill_breadth(out, series)
    return drawn if breadth is None else [*drawn, breadth]


def _measures(summary: RunSummary, names: list[str]) -> MeasureTable:
    """Every measure of the run, in one column."""
    column = names[0] if len(names) == 1 else "All simulated companies"
    return _measure_table(
        [Column(column)],
        [lambda m: _value_cell(m, _values([summary], m.field)[0])],
        "The measures of this run: one draw, without confidence intervals.",
    )


def _levers(result: RunResult, names: list[str], colours: dict[str, str]) -> LeverTable:
    arms: dict[str, Policy | None]
    if result.policy is not None:
        arms = {names[0]: result.policy}
        note = "Every lever of the policy this run used at every simulated company."
    else:
        arms = {SCENARIO_POLICIES: None}
        note = "Every lever of each simulated company's policy, as written in the scenario."
    return _lever_table(arms, result.scenario, colours=colours, note=note)


def _method(result: RunResult, names: list[str]) -> Method:
    scenario = result.scenario
    summary = result.summary()
    where = _policy_phrase(names[0]) if len(names) == 1 else "all simulated companies"
    note = "" if result.policy is None else "set for this run, in place of the scenario file's"
    facts = [
        *_scenario_facts(scenario, policy_note=note),
        *_measured_facts(
            _per_arm("layoff_rate_monthly", [(where, summary.layoff_rate_monthly)]),
            _per_arm(
                "redeployments_per_employee_year",
                [(where, summary.redeployments_per_employee_year)],
                positive=True,
            ),
        ),
        Fact("Seed", _seed_text(result.seed_entropy)),
    ]
    return Method(tuple(facts), (MEASURED,))
