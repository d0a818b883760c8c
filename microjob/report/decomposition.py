"""Where the effect comes from: a policy difference attributed to its levers.

:func:`write_decomposition` writes the report of :func:`microjob.decompose`
(``microjob decompose --out DIR``); :func:`_part` builds the section "Where
the effect comes from" (``templates/sections/decomposition.html``) that the
decomposition report and, when given a decomposition, the comparison report
show. The section says what was decomposed, explains Shapley values and
one-at-a-time effects, draws them, and gives a table and a plain-words
paragraph per measure.

The numbers are those of :meth:`Decomposition.table
<microjob.experiment.Decomposition.table>` (written to ``decomposition.csv``):
every attribution is computed replication by replication and summarised by
its mean and t interval over replications. The plain words state only what
the intervals support: the lever with the largest Shapley value is said to
account for the difference only when its interval excludes zero, and the
order of the two largest only when the interval of their paired difference
excludes zero.

This module writes the report; the numbers and their plain words are in
:mod:`~microjob.report.decomposition_effects` and the section in
:mod:`~microjob.report.decomposition_section`, whose names are importable from
here too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from microjob import plot
from microjob.experiment.decompose import Decomposition
from microjob.policies import Policy
from microjob.report.decomposition_effects import (
    _Effects,
    _endpoints,
    _Names,
    _percent_text,
    _policy_names,
    _quoted,
    _ranked,
    _share,
    _value,
)
from microjob.report.decomposition_section import (
    _FILE_NOTES_DECOMPOSITION,
    _check_decomposition,
    _part,
)
from microjob.report.estimates import Measure, _difference, _interval, _values, _verdict
from microjob.report.files import (
    _FILE_NOTES,
    _check_command,
    _pandas,
    _prepare,
    _write_csv,
    _write_scenario,
)
from microjob.report.format import _count, _join
from microjob.report.labels import _colour_map
from microjob.report.method import MEASURED, Method, _measured_facts, _per_arm, _scenario_facts
from microjob.report.page import Fact, Page, _finish, _names, section
from microjob.report.prose import _PHRASES, _difference_paragraph
from microjob.report.tables import (
    HIGHLIGHT,
    Cell,
    Column,
    LeverTable,
    MeasureTable,
    _difference_cell,
    _estimate_cell,
    _lever_table,
    _measure_table,
)
from microjob.summary import RunSummary

# What was defined here before the split into decomposition_effects and
# decomposition_section, and not used above, stays importable from this module.
# isort: split
from microjob.report.decomposition_effects import MEASURES
from microjob.report.decomposition_effects import _all_effects as _all_effects
from microjob.report.decomposition_effects import _ci as _ci
from microjob.report.decomposition_effects import _effect as _effect
from microjob.report.decomposition_effects import _effects as _effects
from microjob.report.decomposition_effects import _interaction_sentence as _interaction_sentence
from microjob.report.decomposition_effects import _largest as _largest
from microjob.report.decomposition_effects import _lead_clause as _lead_clause
from microjob.report.decomposition_effects import _paragraph as _paragraph
from microjob.report.decomposition_effects import _zero_sentence as _zero_sentence
from microjob.report.decomposition_section import _NO_SHAPLEY_ROW as _NO_SHAPLEY_ROW
from microjob.report.decomposition_section import _NO_SHARE as _NO_SHARE
from microjob.report.decomposition_section import DecompositionSection
from microjob.report.decomposition_section import _Attribution as _Attribution
from microjob.report.decomposition_section import _check_same_scenario as _check_same_scenario
from microjob.report.decomposition_section import _Lever as _Lever
from microjob.report.decomposition_section import _levers_in_sentence as _levers_in_sentence
from microjob.report.decomposition_section import _Part as _Part
from microjob.report.decomposition_section import _Row as _Row
from microjob.report.decomposition_section import _row_share as _row_share
from microjob.report.decomposition_section import _rows as _rows
from microjob.report.decomposition_section import _section_data as _section_data
from microjob.report.decomposition_section import _shares_shown as _shares_shown
from microjob.report.decomposition_section import _write_attribution as _write_attribution

__all__ = ["MEASURES", "DecompositionSection", "write_decomposition"]


@attrs.frozen
class _Findings:
    """What ``sections/findings_decomposition.html`` reads."""

    paragraphs: tuple[str, ...]
    scenario: str


def write_decomposition(out: Path, decomposition: Decomposition, *, command: str) -> list[Path]:
    """Write the report of a lever decomposition into the directory ``out``.

    ``decomposition`` comes from :func:`microjob.decompose`; ``command`` is the
    command line that produced it, shown on the page. Writes
    ``decomposition.csv`` (:meth:`Decomposition.table
    <microjob.experiment.Decomposition.table>` of the headline measures: the
    total, each lever's Shapley value and one-at-a-time effect and the
    interaction, with 95% intervals and shares of the total), ``runs.csv``
    (:meth:`Decomposition.to_frame <microjob.experiment.Decomposition.to_frame>`,
    one row per run), ``figures/decomposition.png``, ``scenario.toml`` (when
    the scenario can write itself) and ``report.html``. The page states the
    question, what differs between the two policies, where the difference
    comes from, every measure of both, their levers, and the scenario and
    method. Output is deterministic; existing files of these names are
    overwritten. Returns the paths written, the page last.
    """
    dec = _check_decomposition(decomposition)
    _check_command(command)
    _pandas()
    plot._figure_class()
    out = _prepare(out)
    with plot._style():
        part = _part(out, dec)
    written = [part.csv, _write_csv(dec.to_frame(), out / "runs.csv")]
    written += _write_scenario(out, dec.scenario)
    written += [part.figure.path] if part.figure is not None else []

    names = _policy_names(dec)
    colours = _colour_map([names.start, names.end])
    start, end = _endpoints(dec)
    page = Page(
        title=f"microjob report: {dec.scenario.name}, {names.start} to {names.end_phrase} "
        "lever by lever",
        kicker="microjob · lever decomposition",
        heading=f"{names.start} to {names.end_phrase}: where the effect comes from",
        facts=_header_facts(dec, names, colours, command),
        sections=(
            section(
                "findings",
                _findings(dec, names, part.effects, start, end),
                "sections/findings_decomposition.html",
            ),
            part.section,
            section("measures", _measures(names, colours, start, end)),
            section("levers", _levers(dec, names, colours)),
            section("method", _method(dec, names, start, end)),
        ),
    )
    notes = {**_FILE_NOTES, **_FILE_NOTES_DECOMPOSITION, **part.notes}
    return _finish(out, written, notes, page)


def _header_facts(
    dec: Decomposition, names: _Names, colours: dict[str, str], command: str
) -> tuple[Fact, ...]:
    scenario = dec.scenario
    k = len(dec.levers)
    return (
        Fact("Scenario", scenario.description, strong=scenario.name),
        Fact(
            "Policies",
            "(the difference is measured from the first to the second)",
            names=_names([names.start, names.end], colours),
        ),
        Fact("Levers", ", ".join(dec.lever_names)),
        Fact(
            "Design",
            f"{_count(dec.replications, 'replication')} of each of the {2**k} combinations "
            f"of {_count(k, 'lever')} (common random numbers); {scenario.warmup_years:g}-year "
            f"warm-up, then {scenario.horizon_years:g} years measured",
        ),
        Fact("Command", code=command),
    )


def _lead_sentence(e: _Effects, levers: Sequence[str]) -> str:
    """One sentence of the findings on a measure whose total differs clearly."""
    m = e.measure
    head = f"Of the difference in {m.info.label} ({_value(m, e.total)})"
    order = _ranked(e)
    if len(levers) == 1:
        return f"{head}, all comes from the one lever, {_quoted(levers[0])}."
    if not order:
        return ""
    top = order[0]
    s = e.shapley[top]
    share = _share(s, e.total)
    name = _quoted(levers[top])
    if _verdict(m, s) == "clear" and s.mean * e.total.mean > 0:
        most = "most" if share > 0.5 else "the largest part"
        return (
            f"{head}, the lever {name} accounts for {most} (a Shapley value of {_value(m, s)}, "
            f"{_percent_text(share)} of the total)."
        )
    return (
        f"{head}, no lever's part is clear: the largest Shapley value, {name}'s "
        f"({_value(m, s)}), has a 95% interval that includes zero or works against the total."
    )


def _findings(
    dec: Decomposition,
    names: _Names,
    effects: Sequence[_Effects],
    start: Sequence[RunSummary],
    end: Sequence[RunSummary],
) -> _Findings:
    n = dec.replications
    intro = (
        f"Under {names.end_phrase}, compared with {names.start_phrase} "
        f"({_count(n, 'paired replication')})"
    )
    differences = {
        p.field: _difference(_values(end, p.field), _values(start, p.field)) for p in _PHRASES
    }
    paragraphs = [_difference_paragraph(intro, differences, n)]
    clear = [e for e in effects if _verdict(e.measure, e.total) == "clear"]
    levers = dec.lever_names
    if clear:
        paragraphs.append(" ".join(_lead_sentence(e, levers) for e in clear))
    elif n >= 2:
        attributed = _join([e.measure.info.label for e in effects])
        paragraphs.append(
            f"No attributed measure ({attributed}) differed clearly between the two "
            "policies, so the decomposition cannot say which lever a difference comes "
            "from; the next section gives each lever's part with its interval."
        )
    return _Findings(tuple(p for p in paragraphs if p), dec.scenario.name)


def _measures(
    names: _Names,
    colours: dict[str, str],
    start: Sequence[RunSummary],
    end: Sequence[RunSummary],
) -> MeasureTable:
    """Both policies' estimates and the paired difference, for every measure."""
    columns = [
        Column(names.start, colours[names.start]),
        Column(names.end, colours[names.end]),
        Column(names.end, lead="Difference,"),
    ]
    cells: list[Callable[[Measure], Cell]] = [
        lambda m: _estimate_cell(m, _interval(_values(start, m.field))),
        lambda m: _estimate_cell(m, _interval(_values(end, m.field))),
        lambda m: _difference_cell(m, _difference(_values(end, m.field), _values(start, m.field))),
    ]
    legend = (
        "The two ends of the decomposition: means over replications, with the t-based 95% "
        "confidence interval below each. Differences are paired (replication r of every "
        "combination uses the same seed) and in the row's unit, percentage points for "
        "percentages."
    )
    return _measure_table(columns, cells, legend, HIGHLIGHT)


def _levers(dec: Decomposition, names: _Names, colours: dict[str, str]) -> LeverTable:
    groups = "; ".join(f"{name}: {', '.join(a)}" for name, a in dec.levers.items())
    note = (
        "Every lever of the two policies, as the engine reads it; levers whose values "
        "differ are marked. Each combination of the decomposition takes the attributes of a "
        f"lever from one policy or the other, lever by lever ({groups})."
    )
    arms: dict[str, Policy | None] = {names.start: dec.from_policy, names.end: dec.to_policy}
    return _lever_table(arms, dec.scenario, colours=colours, note=note)


def _method(
    dec: Decomposition, names: _Names, start: Sequence[RunSummary], end: Sequence[RunSummary]
) -> Method:
    n = dec.replications
    k = len(dec.levers)
    seeds = [r.seed for r in sorted(dec.runs, key=lambda r: r.replication) if r.point == 0]
    seed_text = ", ".join(seeds) if len(seeds) <= 6 else f"{seeds[0]}, …, {seeds[-1]}"

    def measured(field: str) -> list[tuple[str, float]]:
        return [
            (names.start_phrase, _interval(_values(start, field)).mean),
            (names.end_phrase, _interval(_values(end, field)).mean),
        ]

    facts = [
        *_scenario_facts(
            dec.scenario, policy_note="each combination of levers replaces it in its runs"
        ),
        *_measured_facts(
            _per_arm("layoff_rate_monthly", measured("layoff_rate_monthly")),
            _per_arm(
                "redeployments_per_employee_year",
                measured("redeployments_per_employee_year"),
                positive=True,
            ),
        ),
        Fact(
            "Combinations",
            f"{2**k}: {names.start_phrase} with every subset of the {_count(k, 'lever')} "
            f"switched to {names.end_phrase}",
        ),
        Fact("Replications", f"{n} per combination ({_count(len(dec.runs), 'run')})"),
        Fact(
            "Seeds",
            seed_text,
            note="entropy/spawn key of each replication; every combination uses the same "
            "seed for the same replication",
        ),
    ]
    paragraphs = (
        MEASURED + " Every measure is computed per run.",
        "Shapley values and one-at-a-time effects are computed replication by replication "
        "(Shapley values in exact rational arithmetic, so that they add up to the "
        "replication's total difference), and their 95% intervals are t intervals over "
        "replications, as for paired differences.",
    )
    return Method(tuple(facts), paragraphs)
