"""The numbers of a lever decomposition and what they say in plain words.

Each measure's attribution to the levers (:class:`_Effects`) is summarised over
replications by a mean and a 95% t interval, as paired differences are; the
sentences about it (:func:`_paragraph`) state only what those intervals support.
:mod:`microjob.report.decomposition_section` shows them in the section "Where
the effect comes from".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs
import numpy as np

from microjob.experiment.decompose import HEADLINE_MEASURES, Decomposition
from microjob.policies import policy_label
from microjob.report.estimates import _ROUNDING, Measure, _Interval, _interval, _verdict
from microjob.report.format import _join, _number
from microjob.report.labels import _policy_phrase
from microjob.summary import RunSummary

MEASURES = HEADLINE_MEASURES
"""The measures attributed to the levers on the page and in ``decomposition.csv``."""


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
