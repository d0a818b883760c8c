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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
import numpy as np

from microjob import plot
from microjob.experiment.decompose import HEADLINE_MEASURES, Decomposition
from microjob.experiment.seeds import scenario_hash
from microjob.policies import Policy, policy_label
from microjob.report import figures
from microjob.report.estimates import (
    _ROUNDING,
    CONFIDENCE,
    Measure,
    _difference,
    _Interval,
    _interval,
    _values,
    _verdict,
)
from microjob.report.files import (
    _FILE_NOTES,
    _check_command,
    _Figure,
    _figure_notes,
    _pandas,
    _prepare,
    _write_csv,
    _write_scenario,
)
from microjob.report.format import _count, _join, _number
from microjob.report.labels import _colour_map, _policy_phrase
from microjob.report.method import MEASURED, Method, _measured_facts, _per_arm, _scenario_facts
from microjob.report.page import Fact, Page, Section, _finish, _names, section
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
from microjob.scenario import Scenario
from microjob.summary import RunSummary

__all__ = ["MEASURES", "DecompositionSection", "write_decomposition"]

MEASURES = HEADLINE_MEASURES
"""The measures attributed to the levers on the page and in ``decomposition.csv``."""

_FILE_NOTES_DECOMPOSITION = {
    "decomposition.csv": "per measure: the total difference, each lever's Shapley value and "
    "one-at-a-time effect, and the interaction (mean, sd, 95% CI, n, share of the total)",
    "runs.csv": "one row per run: the levers switched, replication, seed and every measure",
}


# ------------------------------------------------------------------ the numbers


@attrs.frozen(eq=False)
class _Effects:
    """One measure's attribution: intervals over replications, in the stored unit."""

    measure: Measure
    total: _Interval
    shapley: tuple[_Interval, ...]
    one_at_a_time: tuple[_Interval, ...]
    interaction: _Interval
    shapley_values: np.ndarray
    """Levers × replications, for paired comparisons between levers."""
    magnitude: float
    """The largest value of the measure in any run (what rounding error is relative to)."""


def _effect(values: np.ndarray, magnitude: float) -> _Interval:
    """Mean and 95% interval of an attribution over replications.

    Values within rounding error of zero in every replication are exactly zero
    (a lever that changes nothing), as for paired differences.
    """
    x = values[np.isfinite(values)]
    if x.size >= 2 and bool(np.all(np.abs(x) <= _ROUNDING * magnitude)):
        return _Interval(0.0, 0.0, 0.0, int(x.size), constant=True)
    return _interval(values, magnitude=magnitude)


def _effects(dec: Decomposition, field: str) -> _Effects | None:
    """The attribution of ``field`` (None when no replication measured it)."""
    total = dec.total(field)
    if not np.isfinite(total).any():
        return None
    every = np.array([getattr(r.summary, field) for r in dec.runs], dtype=float)
    finite = every[np.isfinite(every)]
    magnitude = float(np.max(np.abs(finite))) if finite.size else 0.0
    shapley = dec.shapley(field)
    alone = dec.one_at_a_time(field)
    return _Effects(
        Measure.of(field),
        _effect(total, magnitude),
        tuple(_effect(v, magnitude) for v in shapley),
        tuple(_effect(v, magnitude) for v in alone),
        _effect(total - alone.sum(axis=0), magnitude),
        shapley,
        magnitude,
    )


def _all_effects(dec: Decomposition) -> list[_Effects]:
    return [e for e in (_effects(dec, f) for f in MEASURES) if e is not None]


def _share(part: _Interval, total: _Interval) -> float:
    """``part`` as a share of the mean total (NaN when the total is zero or unknown)."""
    if not (math.isfinite(total.mean) and total.mean != 0.0 and math.isfinite(part.mean)):
        return math.nan
    return part.mean / total.mean


def _percent_text(share: float) -> str:
    return f"{_number(100.0 * share, 0)}%" if math.isfinite(share) else "n/a"


def _endpoints(dec: Decomposition) -> tuple[list[RunSummary], list[RunSummary]]:
    """The summaries of the ``from_`` policy and of the ``to`` policy, by replication."""
    last = 2 ** len(dec.levers) - 1

    def of(point: int) -> list[RunSummary]:
        runs = sorted((r for r in dec.runs if r.point == point), key=lambda r: r.replication)
        return [r.summary for r in runs]

    return of(0), of(last)


# ------------------------------------------------------------------ names


@attrs.frozen
class _Names:
    """How the page names the two policies."""

    start: str
    end: str

    @property
    def start_phrase(self) -> str:
        return _policy_phrase(self.start)

    @property
    def end_phrase(self) -> str:
        return _policy_phrase(self.end)


def _policy_names(dec: Decomposition) -> _Names:
    """The display names of ``from_`` and ``to``; told apart when they are of one kind."""
    start, end = policy_label(dec.from_policy.kind), policy_label(dec.to_policy.kind)
    if start == end:
        return _Names(f"{start} (starting policy)", f"{end} (target policy)")
    return _Names(start, end)


def _quoted(name: str) -> str:
    return f"\u201c{name}\u201d"


# ------------------------------------------------------------------ plain words


def _value(m: Measure, d: _Interval) -> str:
    unit = f" {m.difference_unit}" if m.difference_unit else ""
    return f"{m.show(d.mean, signed=True)}{unit}"


def _ci(m: Measure, d: _Interval) -> str:
    return f"95% CI {m.show(d.low)} to {m.show(d.high)}"


def _ranked(e: _Effects) -> list[int]:
    """The levers by the size of their mean Shapley value, largest first (finite ones only)."""
    finite = [i for i, s in enumerate(e.shapley) if math.isfinite(s.mean)]
    return sorted(finite, key=lambda i: -abs(e.shapley[i].mean))


def _lead_clause(e: _Effects, levers: Sequence[str]) -> str:
    """Whether the largest Shapley value is clearly larger than the second (empty: not testable).

    Each lever's value is taken in the direction of its mean, so the paired difference
    compares sizes: ``|first| - |second|`` replication by replication.
    """
    order = _ranked(e)
    if len(order) < 2:
        return ""
    first, second = order[0], order[1]
    size = [math.copysign(1.0, e.shapley[i].mean) * e.shapley_values[i] for i in (first, second)]
    gap = _interval(size[0] - size[1], magnitude=e.magnitude)
    if not gap.has_ci or gap.constant:
        return ""
    name = _quoted(levers[second])
    clear = gap.low > 0.0
    return (
        f"its lead over {name} is {'clear' if clear else 'not clear'} (the 95% interval of "
        f"the paired difference {'excludes' if clear else 'includes'} zero)"
    )


def _largest(e: _Effects, levers: Sequence[str]) -> str:
    """The sentence on the lever with the largest Shapley value (empty with one lever)."""
    m, total = e.measure, e.total
    order = _ranked(e)
    if len(levers) < 2 or not order:
        return ""
    top = order[0]
    s = e.shapley[top]
    name = _quoted(levers[top])
    verdict = _verdict(m, s)
    if verdict == "identical":
        return "No lever changed it in any replication."
    size = f"a Shapley value of {_value(m, s)}"
    ci = f"; {_ci(m, s)}" if s.has_ci and not s.constant else ""
    total_clear = _verdict(m, total) == "clear"
    share = _share(s, total)
    if total_clear and verdict == "clear" and s.mean * total.mean > 0:
        most = "most of it" if share > 0.5 else "the largest part of it"
        sentence = (
            f"The lever {name} accounts for {most}: {size} ({_percent_text(share)} of the "
            f"total{ci})"
        )
    elif total_clear and s.mean * total.mean < 0:
        sentence = (
            f"The lever with the largest Shapley value, {name} ({_value(m, s)}{ci}), works "
            "against the total"
        )
    else:
        sentence = f"The lever with the largest Shapley value is {name}, at {_value(m, s)}" + (
            f" ({_ci(m, s)})" if ci else ""
        )
    lead = _lead_clause(e, levers)
    return f"{sentence}; {lead}." if lead else f"{sentence}."


def _zero_sentence(e: _Effects, levers: Sequence[str]) -> str:
    """Which levers' Shapley intervals include zero, and which changed nothing."""
    m = e.measure
    verdicts = [_verdict(m, s) for s in e.shapley]
    unclear = [_quoted(x) for x, v in zip(levers, verdicts, strict=True) if v == "unclear"]
    nothing = [_quoted(x) for x, v in zip(levers, verdicts, strict=True) if v == "identical"]
    sentences = []
    if unclear and len(unclear) == len(levers):
        sentences.append(
            "The 95% interval of every lever's Shapley value includes zero: no lever's "
            "contribution can be told apart from none."
        )
    elif len(unclear) == 1:
        sentences.append(
            f"The 95% interval of the Shapley value of {unclear[0]} includes zero: its "
            "contribution cannot be told apart from none."
        )
    elif unclear:
        sentences.append(
            f"The 95% intervals of the Shapley values of {_join(unclear)} include zero: "
            "their contributions cannot be told apart from none."
        )
    clear = [_quoted(x) for x, v in zip(levers, verdicts, strict=True) if v == "clear"]
    if unclear and clear:
        those = "The interval of" if len(clear) == 1 else "The intervals of"
        verb = "excludes" if len(clear) == 1 else "exclude"
        sentences.append(f"{those} {_join(clear)} {verb} zero.")
    if nothing:
        sentences.append(f"Switching {_join(nothing)} made no difference in any replication.")
    if all(v == "clear" for v in verdicts):
        sentences.append("The 95% interval of every lever's Shapley value excludes zero.")
    return " ".join(sentences)


def _interaction_sentence(e: _Effects) -> str:
    m, d, total = e.measure, e.interaction, e.total
    verdict = _verdict(m, d)
    what = "The interaction (the total minus the one-at-a-time effects)"
    if verdict == "missing":
        return ""
    if verdict == "identical":
        return (
            "The one-at-a-time effects add up to the total in every replication: there is no "
            "interaction."
        )
    share = ""
    if _verdict(m, total) == "clear" and math.isfinite(_share(d, total)):
        share = f", {_percent_text(_share(d, total))} of the total"
    size = ""
    if not m.rounds_to_zero(total.mean) and abs(d.mean) > abs(total.mean):
        size = ", larger in size than the total itself"
    if verdict == "clear":
        return (
            f"{what} is {_value(m, d)} ({_ci(m, d)}{share}){size}: switched together, the "
            "levers change the measure by a clearly different amount than the sum of "
            "switching each alone."
        )
    if verdict == "unclear":
        return (
            f"{what} is {_value(m, d)} ({_ci(m, d)}{share}){size}; its interval includes "
            "zero, so these replications cannot tell whether the one-at-a-time effects add "
            "up to the total."
        )
    return f"{what} is {_value(m, d)}{f' ({share[2:]})' if share else ''}{size}."


def _paragraph(e: _Effects, levers: Sequence[str], names: _Names, n: int) -> str:
    """What the numbers of one measure say, in plain words (plain text)."""
    m, total = e.measure, e.total
    label = m.info.label
    switch = f"Switching from {names.start_phrase} to {names.end_phrase}"
    verdict = _verdict(m, total)
    if verdict == "identical":
        return (
            f"{switch} left {label} the same in every replication: there is nothing to attribute."
        )
    if verdict == "single" or n < 2:
        return (
            f"{switch} changed {label} by {_value(m, total)} in the one replication run. With "
            "one replication there are no confidence intervals, so the attribution below is "
            "one draw and says nothing about chance."
        )
    if verdict == "clear":
        first = f"{switch} changed {label} by {_value(m, total)} ({_ci(m, total)})."
    elif verdict == "unclear" and m.rounds_to_zero(total.mean):
        first = (
            f"{switch} changed {label} by less than the precision shown "
            f"({_value(m, total)}), and the 95% interval ({m.show(total.low)} to "
            f"{m.show(total.high)}) includes zero: there is no clear difference to attribute."
        )
    elif verdict == "unclear":
        first = (
            f"{switch} changed {label} by {_value(m, total)}, but the 95% interval "
            f"({m.show(total.low)} to {m.show(total.high)}) includes zero: there is no clear "
            "difference to attribute."
        )
    elif verdict == "constant":
        first = f"{switch} changed {label} by {_value(m, total)} in every replication."
    else:  # small
        first = f"{switch} changed {label} by less than the precision shown."
    if len(levers) == 1:
        return (
            f"{first} With one lever, its Shapley value and its one-at-a-time effect are both "
            "the whole difference, and there is no interaction."
        )
    parts = [first, _largest(e, levers), _zero_sentence(e, levers), _interaction_sentence(e)]
    return " ".join(p for p in parts if p)


# ------------------------------------------------------------------ the section


@attrs.frozen
class _Lever:
    """A lever as the section names it: its name and the policy attributes it switches."""

    name: str
    attributes: tuple[str, ...]
    after: str
    """What follows it in the sentence that lists the levers ("; ", "; and ", "")."""


@attrs.frozen
class _Row:
    """A row of a measure's attribution table."""

    name: str
    kind: str
    """``total``, ``lever`` or ``interaction`` (the row's CSS class)."""
    note: str
    shapley: Cell
    share: Cell
    one_at_a_time: Cell


@attrs.frozen
class _Attribution:
    """One measure: its name, unit, plain words and table."""

    field: str
    label: str
    unit: str
    description: str
    paragraph: str
    rows: tuple[_Row, ...]


@attrs.frozen
class DecompositionSection:
    """What ``templates/sections/decomposition.html`` reads."""

    start: str
    """The display name of the policy the difference is measured from."""
    end: str
    start_phrase: str
    """The same name inside a sentence."""
    end_phrase: str
    levers: tuple[_Lever, ...]
    combinations: int
    replications: int
    measures: tuple[_Attribution, ...]
    figure: _Figure | None
    legend: str
    highlight: str
    missing: tuple[str, ...]
    """Labels of the measures no replication measured (left out)."""


_NO_SHAPLEY_ROW = Cell(
    "\u2014",
    note="Shapley values share each interaction among the levers in it, so it has no row "
    "of its own",
)


_NO_SHARE = Cell(
    "\u2014",
    note="the total's 95% interval includes zero (or there is none), so a share of it means "
    "little; decomposition.csv has it",
)


def _shares_shown(e: _Effects) -> bool:
    """Shares of the total are shown when the total clearly differs from zero."""
    return _verdict(e.measure, e.total) in ("clear", "constant") and math.isfinite(
        _share(e.total, e.total)
    )


def _row_share(part: _Interval, e: _Effects) -> Cell:
    if not _shares_shown(e):
        return _NO_SHARE
    share = _share(part, e.total)
    return Cell(_percent_text(share)) if math.isfinite(share) else Cell("n/a")


def _rows(e: _Effects, dec: Decomposition, names: _Names) -> tuple[_Row, ...]:
    m = e.measure
    total_cell = _difference_cell(m, e.total)
    rows = [
        _Row(
            "Total difference",
            "total",
            f"{names.end_phrase} minus {names.start_phrase}, paired by replication",
            total_cell,
            Cell("100%") if _shares_shown(e) else _NO_SHARE,
            total_cell,
        )
    ]
    for i, (lever, attributes) in enumerate(dec.levers.items()):
        rows.append(
            _Row(
                lever,
                "lever",
                ", ".join(attributes),
                _difference_cell(m, e.shapley[i]),
                _row_share(e.shapley[i], e),
                _difference_cell(m, e.one_at_a_time[i]),
            )
        )
    rows.append(
        _Row(
            "Interaction",
            "interaction",
            "the total minus the one-at-a-time effects",
            _NO_SHAPLEY_ROW,
            Cell(""),
            _difference_cell(m, e.interaction),
        )
    )
    return tuple(rows)


def _levers_in_sentence(dec: Decomposition) -> tuple[_Lever, ...]:
    items = list(dec.levers.items())
    out = []
    for i, (name, attributes) in enumerate(items):
        rest = len(items) - 1 - i
        after = (
            "" if rest == 0 else (("; and " if len(items) > 2 else " and ") if rest == 1 else "; ")
        )
        out.append(_Lever(name, tuple(attributes), after))
    return tuple(out)


def _section_data(
    dec: Decomposition, names: _Names, effects: Sequence[_Effects], figure: _Figure | None
) -> DecompositionSection:
    n = dec.replications
    levers = dec.lever_names
    measured = {e.measure.field for e in effects}
    legend = (
        f"Means over {_count(n, 'replication')}, with the 95% confidence interval below each, "
        "in the measure's unit (pp: percentage points). Reading down a column, the Shapley "
        "values add up to the total, and so do the one-at-a-time effects with the "
        "interaction. Shares are of the mean total, given only when its interval excludes "
        "zero: a share of a total that may be zero means little."
    )
    return DecompositionSection(
        names.start,
        names.end,
        names.start_phrase,
        names.end_phrase,
        _levers_in_sentence(dec),
        2 ** len(levers),
        n,
        tuple(
            _Attribution(
                e.measure.field,
                e.measure.label,
                e.measure.difference_unit,
                e.measure.description,
                _paragraph(e, levers, names, n),
                _rows(e, dec, names),
            )
            for e in effects
        ),
        figure,
        legend,
        HIGHLIGHT,
        tuple(Measure.of(f).label for f in MEASURES if f not in measured),
    )


@attrs.frozen
class _Part:
    """The section, with the files written for it and their notes in the list of files."""

    section: Section
    csv: Path
    """``decomposition.csv``."""
    figure: _Figure | None
    """``figures/decomposition.png`` (None when no attributed measure was measured)."""
    effects: list[_Effects]

    @property
    def written(self) -> list[Path]:
        """The files written for the section."""
        return [self.csv] + ([self.figure.path] if self.figure is not None else [])

    @property
    def notes(self) -> dict[str, str]:
        """Their notes in the list of files."""
        figures = [self.figure] if self.figure is not None else []
        return {
            "decomposition.csv": _FILE_NOTES_DECOMPOSITION["decomposition.csv"],
            **_figure_notes(figures),
        }


def _check_decomposition(dec: object) -> Decomposition:
    if not isinstance(dec, Decomposition):
        raise TypeError(f"decomposition: must be a Decomposition, got {type(dec).__name__}")
    return dec


def _check_same_scenario(dec: Decomposition, scenario: Scenario) -> None:
    """A decomposition shown in another report must come from the same scenario."""
    if scenario_hash(dec.scenario) != scenario_hash(scenario):
        raise ValueError(
            f"decomposition: was run on another scenario ({dec.scenario.name!r}) than the "
            "report's; decompose the same scenario"
        )


def _write_attribution(out: Path, dec: Decomposition) -> Path:
    """``decomposition.csv``: :meth:`Decomposition.table` of :data:`MEASURES`, every method."""
    table = dec.table(list(MEASURES), confidence=CONFIDENCE)
    return _write_csv(table.to_frame(), out / "decomposition.csv")


def _part(out: Path, dec: Decomposition) -> _Part:
    """Write ``decomposition.csv`` and the figure, and build the section.

    Called inside ``plot._style()``, as the other figures are drawn.
    """
    names = _policy_names(dec)
    effects = _all_effects(dec)
    csv = _write_attribution(out, dec)
    figure = None
    if effects:
        figure = figures._decomposition(
            out,
            dec.lever_names,
            [(e.measure, e.total, e.shapley, e.one_at_a_time, e.interaction) for e in effects],
            names.start_phrase,
            names.end_phrase,
            dec.replications,
        )
    data = _section_data(dec, names, effects, figure)
    return _Part(section("decomposition", data), csv, figure, effects)


# ------------------------------------------------------------------ the report of a decomposition


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
