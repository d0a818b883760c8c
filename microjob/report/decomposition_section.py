"""The section "Where the effect comes from" (``templates/sections/decomposition.html``).

:func:`_part` writes ``decomposition.csv`` and ``figures/decomposition.png`` and
builds the section, with a table and a plain-words paragraph per measure, that
the report of a decomposition and, when given one, the comparison report show.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import attrs

from microjob.experiment.decompose import Decomposition
from microjob.experiment.seeds import scenario_hash
from microjob.report import figures
from microjob.report.decomposition_effects import (
    MEASURES,
    _all_effects,
    _Effects,
    _Names,
    _paragraph,
    _percent_text,
    _policy_names,
    _share,
)
from microjob.report.estimates import CONFIDENCE, Measure, _Interval, _verdict
from microjob.report.files import _Figure, _figure_notes, _write_csv
from microjob.report.format import _count
from microjob.report.page import Section, section
from microjob.report.tables import HIGHLIGHT, Cell, _difference_cell
from microjob.scenario import Scenario

_FILE_NOTES_DECOMPOSITION = {
    "decomposition.csv": "per measure: the total difference, each lever's Shapley value and "
    "one-at-a-time effect, and the interaction (mean, sd, 95% CI, n, share of the total)",
    "runs.csv": "one row per run: the levers switched, replication, seed and every measure",
}


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
