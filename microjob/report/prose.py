"""The plain words of the report: the question and what the differences say (plain text)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from microjob.report.estimates import (
    PEOPLE_COST,
    _Interval,
    _known,
    _measure,
    _values,
    _verdict,
)
from microjob.report.format import _count, _join

if TYPE_CHECKING:
    from microjob.summary import RunSummary


QUESTION = (
    "Under an internal-freelance policy, do workers job-hop less, stay longer and build "
    "more skills than under traditional employment, and at what cost to the company?"
)
"""The question the library answers, as the report states it."""


@attrs.frozen
class _Phrase:
    """A plain-words clause about a difference in one measure.

    ``text`` holds ``{value}`` (the size, unsigned) and ``{direction}``, one of
    the two words of ``directions`` ("up/down"); ``name`` is the short name for
    "no clear difference in ..." and ``unit`` follows a signed difference there.
    """

    field: str
    text: str
    directions: str
    name: str
    unit: str = ""
    theme: str = "staying"
    """Clear differences are told theme by theme: staying, skills, cost."""


_PHRASES = (
    _Phrase(
        "retention_2y",
        "two-year retention was {value} percentage points {direction}",
        "higher/lower",
        "two-year retention",
        " pp",
    ),
    _Phrase(
        "retention_5y",
        "five-year retention was {value} percentage points {direction}",
        "higher/lower",
        "five-year retention",
        " pp",
    ),
    _Phrase(
        "quit_rate_monthly",
        "the monthly quit rate was {value} percentage points {direction}",
        "higher/lower",
        "the quit rate",
        " pp a month",
    ),
    _Phrase(
        "median_spell_years",
        "the median employment spell was {value} years {direction}",
        "longer/shorter",
        "the median employment spell",
        " years",
    ),
    _Phrase(
        "hops_per_10_career_years",
        "workers made {value} {direction} job hops per 10 career-years",
        "more/fewer",
        "job hops per career-year",
    ),
    _Phrase(
        "internal_moves_per_employee_year",
        "there were {value} {direction} internal moves per employee-year",
        "more/fewer",
        "internal moves",
    ),
    _Phrase(
        "skill_gain_per_worker_year",
        "employees' summed skill proficiency grew by {value} {direction} per worker-year",
        "more/less",
        "skill gain",
        theme="skills",
    ),
    _Phrase(
        "skill_breadth",
        "employees ended with {value} {direction} skills at proficiency 0.5 or above",
        "more/fewer",
        "skill breadth",
        " skills",
        "skills",
    ),
    _Phrase(
        "turnover_cost_per_employee_year",
        "turnover cost the companies {value} {direction} per employee-year",
        "more/less",
        "turnover cost",
        theme="cost",
    ),
    _Phrase(
        "gig_bonus_per_employee_year",
        "micro-job bonuses cost {value} {direction} per employee-year",
        "more/less",
        "micro-job bonuses",
        theme="cost",
    ),
    _Phrase(
        PEOPLE_COST,
        "turnover and bonuses together cost {value} {direction} per employee-year",
        "more/less",
        "turnover and bonus costs together",
        theme="cost",
    ),
)


_THEME_LEADS = {"skills": "As for skills", "cost": "On costs"}


_RUN_SENTENCES = (
    ("retention_2y", "an estimated {}% of employment spells lasted two years or more"),
    ("quit_rate_monthly", "{}% of employees quit each month"),
    ("median_spell_years", "the median employment spell was {} years"),
    ("gig_participation_share", "{}% of employees did at least one micro-job"),
    ("skill_gain_per_worker_year", "summed skill proficiency grew by {} per worker-year"),
    ("turnover_cost_per_employee_year", "turnover cost {} per employee-year"),
    ("gig_bonus_per_employee_year", "micro-job bonuses cost {} per employee-year"),
)
"""Clauses of the plain-words summary of one run: (measure, text with the value)."""


@attrs.define
class _Parts:
    """The clauses of a plain-words paragraph, sorted by what can be said of each difference."""

    clear: dict[str, list[str]]
    """Clear differences, by theme."""
    unclear: list[str]
    """Intervals that include zero."""
    constant: list[str]
    """The same difference in every replication."""
    small: list[str]
    """Intervals that exclude zero around a difference that rounds to zero."""
    any_ci: bool
    """Some difference came from two or more replications."""


def _sentence_parts(differences: Mapping[str, _Interval]) -> _Parts:
    """The clauses of each key measure's difference, by the report's verdict on it.

    Measures whose values were identical in every replication say nothing and are
    left out.
    """
    parts = _Parts({}, [], [], [], any_ci=False)
    for phrase in _PHRASES:
        d = differences.get(phrase.field)
        verdict = _verdict(_measure(phrase.field), d)
        if d is None or verdict in ("missing", "single"):
            continue
        m = _measure(phrase.field)
        parts.any_ci = True
        signed = f"{m.show(d.mean, signed=True)}{phrase.unit}"
        if verdict == "clear":
            up, down = phrase.directions.split("/")
            text = phrase.text.format(
                value=m.show(abs(d.mean)), direction=up if d.mean > 0 else down
            )
            parts.clear.setdefault(phrase.theme, []).append(
                f"{text} (95% CI {m.show(d.low)} to {m.show(d.high)})"
            )
        elif verdict == "unclear":
            parts.unclear.append(
                f"{phrase.name} ({signed}, 95% CI {m.show(d.low)} to {m.show(d.high)})"
            )
        elif verdict == "constant":
            parts.constant.append(f"{phrase.name} ({signed})")
        elif verdict == "small":
            parts.small.append(phrase.name)
    return parts


def _difference_paragraph(intro: str, differences: Mapping[str, _Interval], n: int) -> str:
    """Plain words: the clear differences theme by theme, then those with no clear difference.

    Plain text; the page escapes it.
    """
    parts = _sentence_parts(differences)
    if not parts.any_ci:
        return (
            f"{intro}: with {_count(n, 'replication')} there are no confidence intervals, "
            "so no difference can be stated. Run at least two replications (more narrow "
            "the intervals)."
        )
    sentences: list[str] = []
    for theme, clauses in parts.clear.items():
        lead = _THEME_LEADS.get(theme, "") if sentences else intro
        sentences.append(f"{lead}, {_join(clauses)}." if lead else f"{_join(clauses)}.")
    if not sentences:
        sentences.append(f"{intro}, none of the key measures differed clearly.")
    if parts.unclear:
        sentences.append(
            "There was no clear difference (the 95% interval includes zero) in "
            + _join(parts.unclear, "or")
            + "."
        )
    if parts.constant:
        sentences.append(
            "The difference was the same in every replication, so it has no interval, in "
            + _join(parts.constant)
            + "."
        )
    if parts.small:
        sentences.append(
            "The difference in "
            + _join(parts.small)
            + " was too small to show at the precision of the table."
        )
    return " ".join(x[:1].upper() + x[1:] for x in sentences)


def _run_paragraph(summary: RunSummary) -> str:
    """The plain-words summary of one run, as text; empty when no measure is known."""
    facts = []
    for field, text in _RUN_SENTENCES:
        value = _values([summary], field)[0] if _known(field) else math.nan
        if math.isfinite(value):
            facts.append(text.format(_measure(field).show(value)))
    return "In this run, " + _join(facts) + "." if facts else ""
