"""The report of one run (``microjob run --out DIR``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape as _e
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microjob import plot
from microjob.measures import retention_curve, tenure_hazard
from microjob.records import RunResult
from microjob.report.estimates import Measure, _values
from microjob.report.figures import (
    _T_MAX_YEARS,
    _exits_figure,
    _hazard_figure,
    _new_figure,
    _skill_breadth_figure,
    _style,
)
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
    _write_spells,
)
from microjob.report.format import _seed_text
from microjob.report.labels import _colour_map
from microjob.report.page import (
    _finish,
    _header,
    _img,
    _measure_table,
    _policy_table,
    _scenario_facts,
    _section,
    _swatch,
)
from microjob.report.prose import _caveat, _run_paragraph
from microjob.summary import RunSummary

if TYPE_CHECKING:
    from microjob.scenario import Scenario


def _run_series(result: RunResult) -> list[tuple[str, RunResult, str | None]]:
    """(legend name, run, policy filter) per policy kind of the run's simulated companies."""
    kinds = list(dict.fromkeys(c.policy.kind for c in result.scenario.companies))
    if len(kinds) == 1:
        return [(plot.POLICY_LABELS.get(kinds[0], kinds[0]), result, None)]
    return [(plot.POLICY_LABELS.get(k, k), result, k) for k in kinds]


def write_run(out: Path, result: RunResult, *, command: str) -> list[Path]:
    """Write the report of one run into the directory ``out``.

    Writes ``summary.csv`` (one row: the policy label and every measure),
    ``spells.csv`` (and ``spells.parquet`` with pyarrow), ``figures/*.png``
    (retention, hazard by tenure, exits by cause, skill breadth),
    ``scenario.toml`` (when the scenario can write itself) and
    ``report.html``. A single run has no confidence intervals across
    replications; the page says so and points to ``microjob compare``.
    Returns the paths written, the page last.
    """
    if not isinstance(result, RunResult):
        raise TypeError(f"result: must be a RunResult, got {type(result).__name__}")
    _check_command(command)
    pd = _pandas()
    Figure = _figure_class()
    out = _prepare(out)
    label = result.policy.kind if result.policy is not None else "as in scenario"
    summary = result.summary()
    scenario = result.scenario
    row = {"policy": label, **summary.as_dict()}
    written = [_write_csv(pd.DataFrame([row]), out / "summary.csv")]
    written += _write_spells(out, [(label, result)])
    written += _write_scenario(out, scenario)

    series = _run_series(result)
    names = [s[0] for s in series]
    colours = _colour_map(names)
    with _style():
        figures = _figures(Figure, out, series, colours)
    written += [f.path for f in figures]

    policy_html = ", ".join(f"{_swatch(colours[x])}{_e(x)}" for x in names)
    if result.policy is None:
        policy_html += " (as in the scenario)"
    seed = _e(_seed_text(result.seed_entropy))
    findings = _findings(summary, scenario, len(series))
    body = [
        _header(scenario, [("Policy", policy_html), ("Seed", seed)], command),
        _section("findings", "What this run shows", findings, "findings"),
        _section("figures", "Figures", [_img(f) for f in figures]),
        _section("results", "Measures", [_measures(summary, names)]),
        _section("scenario", "Scenario", _scenario_parts(result, names, colours)),
    ]
    notes = {
        **_FILE_NOTES,
        "summary.csv": "every measure of the run, one row",
        "spells.csv": "the employment spells of the run, one per row",
    }
    titles = (
        f"microjob report: {scenario.name}, one run",
        "microjob · one run",
        f"One run of scenario {scenario.name}",
    )
    return _finish(out, written, notes, titles, body)


def _figures(
    Figure: Any,
    out: Path,
    series: Sequence[tuple[str, RunResult, str | None]],
    colours: Mapping[str, str],
) -> list[_Figure]:
    """Retention, hazard by tenure, exits by cause and (when there are employees) skill breadth."""
    fig = _new_figure(Figure, 7.2, 4.4)
    curves = {x: retention_curve(r, policy=k) for x, r, k in series}
    plot.retention(curves, ax=fig.add_subplot(), t_max_years=_T_MAX_YEARS, median=True)
    figures = [
        _save(
            fig,
            out / "figures" / "retention.png",
            "Kaplan-Meier retention by tenure, with a confidence band",
            "<b>Retention by tenure.</b> The Kaplan–Meier share of employment spells at the "
            "simulated companies still going at each tenure, with its 95% pointwise band; "
            "dotted lines mark the median.",
        )
    ]
    tables = {x: tenure_hazard(r, policy=k) for x, r, k in series}
    figures.append(
        _save(
            _hazard_figure(Figure, tables),
            out / "figures" / "hazard.png",
            "Separation hazard per employee-year by tenure band",
            "<b>When people leave.</b> Separations per employee-year of exposure in each "
            "tenure band, with 95% confidence intervals.",
        )
    )
    figures.append(
        _save(
            _exits_figure(Figure, series),
            out / "figures" / "exits.png",
            "Cumulative incidence of quits, layoffs and retirements by tenure",
            "<b>Why people leave.</b> The Aalen–Johansen probability of having left for "
            "each reason by a given tenure.",
        )
    )
    breadth = _skill_breadth_figure(Figure, series, colours)
    if breadth is not None:
        figures.append(
            _save(
                breadth,
                out / "figures" / "skills.png",
                "Distribution of skill breadth among employees at the end of the run",
                "<b>Skill breadth.</b> The simulated companies' employees at the end of the "
                "run, by the number of skills they hold at proficiency 0.5 or above.",
            )
        )
    return figures


def _findings(summary: RunSummary, scenario: Scenario, n_series: int) -> list[str]:
    """What the run's numbers say, what one run cannot say, and the caveat."""
    facts = _run_paragraph(summary)
    findings = [facts] if facts else []
    if n_series > 1:
        findings.append(
            "<p>The measures pool every simulated company, whatever its policy; the figures "
            "show each policy's companies separately.</p>"
        )
    findings += [
        "<p>One run is one draw of a random world: it has no confidence intervals and cannot "
        "tell a policy effect from chance. To compare policies, run <code>microjob "
        "compare</code>, which gives means over replications with 95% intervals and paired "
        "differences.</p>",
        _caveat(scenario),
    ]
    return findings


def _measures(summary: RunSummary, names: Sequence[str]) -> str:
    """The table of every measure of the run, in one column."""

    def value_cell(m: Measure) -> str:
        v = _values([summary], m.field)[0]
        return f'<td class="num"><span class="v">{m.show(v)}</span></td>'

    column = names[0] if len(names) == 1 else "All simulated companies"
    header = ["<th>Measure</th>", f"<th>{_e(column)}</th>"]
    return _measure_table(header, [value_cell])


def _scenario_parts(
    result: RunResult, names: Sequence[str], colours: Mapping[str, str]
) -> list[str]:
    """The scenario's facts and the parameters of the run's policy (or each company's)."""
    scenario = result.scenario
    policies = (
        {names[0]: result.policy}
        if result.policy is not None
        else {c.name: c.policy for c in scenario.companies}
    )
    return [
        _scenario_facts(
            scenario,
            [],
            policy_note="" if result.policy is None else f"; this run used {result.policy.kind}",
        ),
        "<h3>Policy parameters</h3>",
        _policy_table(policies, colours if result.policy is not None else None),
    ]
