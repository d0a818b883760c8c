"""The published figures the traditional baseline is held to (design section 6).

The figures are data, not code: ``microjob/data/targets.toml`` lists each one
with the :class:`RunSummary` measure it is compared with, the band that
passes, where the figure comes from and how the source defines it. Cross-
sectional tenure comes from the BLS Employee Tenure release, monthly quit and
layoff rates from JOLTS, and jobs held by age from the NLSY79; each measure is
computed the way its source defines the statistic (see :mod:`microjob.bls`).
:func:`load_targets` reads that file, or another of the same shape (another
country, another year), into a :class:`TargetSet`.

:data:`TARGETS` are the calibration targets. :data:`HELD_OUT` are published
facts of the same sources kept out of every fit and reported beside them, as
an honest check of what the fit did not see. :data:`STATIONARITY` bounds the
drift of median tenure and of the quit rate across the measurement window: a
world still settling would bias every measure. :data:`PLAUSIBILITY` holds
figures reported but never used to pass or to tune anything (the LinkedIn
retention of internal movers, a check on the internal-freelance arm).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any

import attrs

from microjob.summary import MeasureInfo, RunSummary


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


_GROUPS = ("targets", "held_out", "stationarity", "plausibility")
_ENTRY_KEYS = frozenset(
    {
        "name",
        "measure",
        "value",
        "low",
        "high",
        "tolerance",
        "source",
        "reference",
        "reference_note",
        "definition",
        "definition_note",
    }
)


@attrs.frozen
class TargetSet:
    """The four groups of published figures read from one targets file.

    ``targets`` are the calibration targets; ``held_out`` are facts of the same
    sources kept out of every fit; ``stationarity`` bounds the drift of measures
    across the window; ``plausibility`` holds figures reported for the
    internal-freelance arm and never used to pass or to tune anything.
    """

    targets: tuple[Target, ...]
    held_out: tuple[Target, ...] = ()
    stationarity: tuple[Target, ...] = ()
    plausibility: tuple[Target, ...] = ()


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{where}: {key} must be a string, got {value!r}")
    return value


def _named_text(
    entry: dict[str, Any], key: str, library: dict[str, Any], table: str, where: str
) -> str:
    """The text an entry's ``reference`` or ``definition`` names, with its note."""
    name = _text(entry, key, where)
    note = _text(entry, f"{key}_note", where)
    if not name:
        if note:
            raise ValueError(f"{where}: {key}_note given without {key}")
        return ""
    if name not in library:
        known = ", ".join(sorted(library)) or "none"
        raise ValueError(f"{where}: {key} {name!r} is not in [{table}] (known: {known})")
    text = _text(library, name, f"[{table}]")
    return f"{text} {note}" if note else text


def _entry(
    entry: Any, where: str, references: dict[str, Any], definitions: dict[str, Any]
) -> Target:
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be a table, got {entry!r}")
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown field {unknown[0]!r}")
    if "name" in entry:
        where = f"{where} ({entry['name']!r})"
    for key in ("name", "measure"):
        if key not in entry:
            raise ValueError(f"{where}: missing field {key!r}")
    if "value" in entry and ("low" in entry or "high" in entry):
        raise ValueError(f"{where}: give either value or low and high, not both")
    if "value" in entry:
        low = high = entry["value"]
    elif "low" in entry and "high" in entry:
        low, high = entry["low"], entry["high"]
    else:
        raise ValueError(f"{where}: missing field 'value' (or 'low' and 'high')")
    numbers = {"low": low, "high": high, "tolerance": entry.get("tolerance", 0.15)}
    for key, number in numbers.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValueError(f"{where}: {key} must be a number, got {number!r}")
    try:
        return Target(
            name=_text(entry, "name", where),
            measure=_text(entry, "measure", where),
            low=float(low),
            high=float(high),
            tolerance=float(numbers["tolerance"]),
            source=_text(entry, "source", where),
            reference=_named_text(entry, "reference", references, "references", where),
            definition=_named_text(entry, "definition", definitions, "definitions", where),
        )
    except (TypeError, ValueError) as err:
        if str(err).startswith(where):
            raise
        raise ValueError(f"{where}: {err}") from None


def parse_targets(document: dict[str, Any], where: str = "targets file") -> TargetSet:
    """Build a :class:`TargetSet` from a parsed targets document (see :func:`load_targets`)."""
    unknown = sorted(set(document) - {*_GROUPS, "references", "definitions"})
    if unknown:
        raise ValueError(f"{where}: unknown table {unknown[0]!r}")
    references = document.get("references", {})
    definitions = document.get("definitions", {})
    groups: dict[str, tuple[Target, ...]] = {}
    for group in _GROUPS:
        entries = document.get(group, [])
        if not isinstance(entries, list):
            raise ValueError(f"{where}: {group} must be an array of tables ([[{group}]])")
        groups[group] = _check_targets(
            [
                _entry(e, f"{where}: {group}[{i}]", references, definitions)
                for i, e in enumerate(entries)
            ],
            f"{where}: {group}",
        )
    if not groups["targets"]:
        raise ValueError(f"{where}: no [[targets]] entries")
    return TargetSet(**groups)


def load_targets(path: str | os.PathLike[str] | None = None) -> TargetSet:
    """Read a targets file; with no path, the shipped ``microjob/data/targets.toml``.

    The file lists the published figures a baseline is held to, each with the
    :class:`RunSummary` measure it is compared with, its source and how the
    source defines it (the shipped file documents the format). Pass the groups
    of another file to :func:`validate` and :func:`calibrate` to hold a
    scenario to other figures. Errors name the file, the entry and the field.
    """
    if path is None:
        text = resources.files("microjob").joinpath("data/targets.toml").read_text("utf-8")
        where = "microjob/data/targets.toml"
    else:
        where = os.fspath(path)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{where}: not valid TOML: {err}") from None
    return parse_targets(document, where)


_SHIPPED = load_targets()

TARGETS: tuple[Target, ...] = _SHIPPED.targets
"""The calibration targets of the traditional baseline (design section 6)."""

HELD_OUT: tuple[Target, ...] = _SHIPPED.held_out
"""Published facts kept out of every fit and reported beside the targets (held-out checks)."""

STATIONARITY: tuple[Target, ...] = _SHIPPED.stationarity
"""Bands for the drift of the measures across the window (stationarity checks)."""

PLAUSIBILITY: tuple[Target, ...] = _SHIPPED.plausibility
"""Figures reported beside the targets for the internal-freelance arm; never pass/fail-tuned."""
