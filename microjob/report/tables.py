"""The tables of the page: every measure by group, and the levers of each policy.

Both are built here as plain data (:class:`MeasureTable`, :class:`LeverTable`)
and drawn by the macros of ``templates/macros.html``.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from microjob.policies import LEVERS, Policy, levers, policy_label
from microjob.report.estimates import VERDICTS, Measure, _Interval, _sections, _verdict
from microjob.report.format import _describe_value

if TYPE_CHECKING:
    from microjob.scenario import Scenario


@attrs.frozen
class Column:
    """A column head: a title, with a colour swatch, a small line above it, or parameters."""

    title: str
    colour: str = ""
    lead: str = ""
    """A small line above the title ("Difference from ...", an arm's name)."""
    params: tuple[tuple[str, str], ...] = ()
    """(parameter, value) lines instead of a title: a grid point of a sweep."""


@attrs.frozen
class Cell:
    """A number with, below it, its interval (or a remark), and its verdict as a CSS class."""

    value: str
    ci: str = ""
    verdict: str = ""
    """A key of :data:`~microjob.report.estimates.VERDICTS`; ``clear`` is highlighted."""
    note: str = ""
    """Shown when the pointer rests on the cell."""


@attrs.frozen
class Row:
    """A measure: its label, unit and meaning (from its metadata), and a cell per column."""

    label: str
    unit: str
    description: str
    cells: tuple[Cell, ...]


@attrs.frozen
class Group:
    title: str
    rows: tuple[Row, ...]


@attrs.frozen
class MeasureTable:
    """Every measure, in the groups of :data:`~microjob.report.estimates.SECTIONS`."""

    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    legend: str
    """What the numbers are (plain text)."""
    highlight: str = ""
    """What a highlighted cell means; empty when no column holds differences."""


_MISSING = Cell("n/a")


def _estimate_cell(m: Measure, est: _Interval | None) -> Cell:
    """A mean over replications with its interval below."""
    if est is None or not math.isfinite(est.mean):
        return _MISSING
    if est.constant:
        return Cell(m.show(est.mean), "same in every replication")
    ci = f"{m.show(est.low)} to {m.show(est.high)}" if est.has_ci else ""
    return Cell(m.show(est.mean), ci)


def _difference_cell(m: Measure, d: _Interval | None) -> Cell:
    """A paired difference with its interval, marked by what can be said of it."""
    verdict = _verdict(m, d)
    if d is None or verdict == "missing":
        return _MISSING
    note = VERDICTS[verdict]
    if verdict == "identical":
        return Cell(m.show(0.0), "identical in every replication", verdict, note)
    if verdict == "constant":
        return Cell(m.show(d.mean, signed=True), "same in every replication", verdict, note)
    ci = f"{m.show(d.low)} to {m.show(d.high)}" if d.has_ci else ""
    return Cell(m.show(d.mean, signed=True), ci, verdict, note)


def _value_cell(m: Measure, value: float) -> Cell:
    """One run's value."""
    return Cell(m.show(value)) if math.isfinite(value) else _MISSING


def _measure_table(
    columns: Sequence[Column],
    cells: Sequence[Callable[[Measure], Cell]],
    legend: str,
    highlight: str = "",
) -> MeasureTable:
    """One row per measure (label, unit, meaning), one cell per column from ``cells``."""
    groups = tuple(
        Group(
            title,
            tuple(
                Row(m.label, m.unit, m.description, tuple(cell(m) for cell in cells))
                for m in measures
            ),
        )
        for title, measures in _sections()
    )
    return MeasureTable(tuple(columns), groups, legend, highlight)


HIGHLIGHT = (
    "the 95% interval of the difference excludes zero. A difference is never "
    "highlighted when both sides were identical in every replication, when it was the "
    "same in every replication (an interval of no width says nothing about chance), or "
    "when it rounds to zero at the precision shown."
)
"""What a highlighted difference means, after "Highlighted: "."""


# ------------------------------------------------------------------ levers


@attrs.frozen
class LeverRow:
    """One lever: its name, what it does, its value in each column, and whether they differ."""

    name: str
    description: str
    values: tuple[str, ...]
    differs: bool


@attrs.frozen
class LeverTable:
    """The full lever settings of each arm, one column per arm (per company for the scenario's)."""

    columns: tuple[Column, ...]
    rows: tuple[LeverRow, ...]
    note: str
    """What the table shows (plain text)."""


def _lever_description(name: str) -> str:
    """What a lever does: the docstring of its property on :class:`~microjob.policies.Policy`."""
    doc = inspect.getdoc(Policy.__dict__.get(name)) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ")


def _arm_columns(
    arms: Mapping[str, Policy | None],
    scenario: Scenario,
    shown: Mapping[str, str],
    colours: Mapping[str, str],
) -> list[tuple[Column, Policy]]:
    """A column per arm with a policy; per company for an arm that keeps the scenario's."""
    columns: list[tuple[Column, Policy]] = []
    for label, policy in arms.items():
        name = shown.get(label, label)
        colour = colours.get(name, "")
        if policy is not None:
            columns.append((Column(name, colour), policy))
        else:
            columns += [(Column(c.name, colour, lead=name), c.policy) for c in scenario.companies]
    return columns


def _lever_table(
    arms: Mapping[str, Policy | None],
    scenario: Scenario,
    shown: Mapping[str, str] | None = None,
    colours: Mapping[str, str] | None = None,
    *,
    note: str = "",
) -> LeverTable:
    """Every lever (:data:`~microjob.policies.LEVERS`) of each arm, in their order.

    ``arms`` maps an arm's label to its policy, or to None for "each company's
    policy as written in the scenario", which gives one column per company.
    ``shown`` gives display names and ``colours`` their swatches.
    """
    columns = _arm_columns(arms, scenario, shown or {}, colours or {})
    kinds = tuple(policy_label(p.kind) for _, p in columns)
    rows = [LeverRow("kind", "The kind of policy.", kinds, len(set(kinds)) > 1)]
    settings = [levers(p) for _, p in columns]
    for name in LEVERS:
        values = tuple(_describe_value(s[name]) for s in settings)
        rows.append(LeverRow(name, _lever_description(name), values, len(set(values)) > 1))
    return LeverTable(tuple(c for c, _ in columns), tuple(rows), note)
