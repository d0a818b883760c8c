"""Hypothesis strategies for survival data: durations, event flags and delayed entries.

Samples are small (at most a few dozen subjects) so that fitting the
lifelines oracle on each stays cheap. Durations come in three flavours, so
that ties are common rather than a lucky accident:

* whole numbers 0..6 (many ties, including ties at zero);
* half-integers 0.5..5 (ties on a grid the whole numbers partly share);
* continuous floats in (0, 50] (almost never tied).

Censoring is drawn per sample at a level between none and all, so heavy
censoring (every subject or all but one censored) is as likely as light.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "SurvivalData",
    "duration_elements",
    "durations",
    "event_flags",
    "logrank_groups",
    "survival_data",
]

MAX_SUBJECTS = 30

whole_times = st.integers(min_value=0, max_value=6).map(float)
"""Whole-number durations: heavy ties, including at zero."""

half_times = st.integers(min_value=1, max_value=10).map(lambda k: k / 2.0)
"""Half-integer durations 0.5..5.0."""

continuous_times = st.floats(min_value=1e-3, max_value=50.0, allow_nan=False)
"""Continuous durations, almost never tied."""

time_flavours = st.sampled_from([whole_times, half_times, continuous_times])


class SurvivalData(NamedTuple):
    """One sample: durations, event flags and (optionally) delayed entry times."""

    durations: np.ndarray
    observed: np.ndarray
    entry: np.ndarray | None = None

    def __repr__(self) -> str:
        entry = None if self.entry is None else self.entry.tolist()
        return (
            f"SurvivalData(durations={self.durations.tolist()}, "
            f"observed={self.observed.tolist()}, entry={entry})"
        )


@st.composite
def durations(
    draw: st.DrawFn,
    min_size: int = 1,
    max_size: int = MAX_SUBJECTS,
    elements: st.SearchStrategy[float] | None = None,
) -> np.ndarray:
    """Durations of one flavour, or (one time in four) a mix of all three.

    Pass ``elements`` to fix the flavour (e.g. the same for several groups).
    """
    if elements is None:
        elements = draw(duration_elements())
    # Draw the size first: left to st.lists, most samples would have one or two subjects.
    size = draw(st.integers(min_size, max_size))
    values = draw(st.lists(elements, min_size=size, max_size=size))
    return np.array(values, dtype=np.float64)


@st.composite
def duration_elements(draw: st.DrawFn) -> st.SearchStrategy[float]:
    """One flavour of durations, or (one time in four) the mix of all three."""
    if draw(st.integers(0, 3)) == 0:
        return st.one_of(whole_times, half_times, continuous_times)
    return draw(time_flavours)


@st.composite
def event_flags(draw: st.DrawFn, n: int) -> np.ndarray:
    """``n`` event flags; the share of events is drawn first (0, 10 %, ..., 100 %)."""
    level = draw(st.integers(0, 10))
    digits = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    return np.array(digits, dtype=np.int64) < level


@st.composite
def entry_times(draw: st.DrawFn, durations: np.ndarray, untied: bool) -> np.ndarray:
    """Delayed entries, each in [0, duration].

    An entry is 0, its own duration, or a fraction of it (a quarter, a half,
    or any share). With ``untied`` every positive entry that equals some exit
    time is moved to 0: ties between entries and exits are where lifelines'
    risk set differs from ours (see test_survival.py), so oracle tests use
    untied entries and the tie convention is tested on its own.
    """
    shares = st.one_of(
        st.sampled_from([0.0, 0.0, 0.25, 0.5, 1.0]),
        st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    )
    fractions = np.array(
        draw(st.lists(shares, min_size=durations.size, max_size=durations.size)), dtype=np.float64
    )
    entry = np.minimum(durations * fractions, durations)
    if untied:
        entry[np.isin(entry, durations) & (entry > 0)] = 0.0
    return entry


@st.composite
def survival_data(
    draw: st.DrawFn,
    min_size: int = 1,
    max_size: int = MAX_SUBJECTS,
    entry: str = "none",
    elements: st.SearchStrategy[float] | None = None,
) -> SurvivalData:
    """A sample of right-censored durations.

    ``entry`` is ``"none"`` (no entry array), ``"any"`` (delayed entries with
    every kind of tie), or ``"untied"`` (delayed entries that never equal an
    exit time, plus a censored subject from 0 to beyond every other duration,
    so that the risk set never empties: the situations where lifelines'
    left-truncated Kaplan-Meier is well defined). ``elements`` fixes the
    flavour of the durations.
    """
    d = draw(durations(min_size=min_size, max_size=max_size, elements=elements))
    observed = draw(event_flags(d.size))
    if entry == "none":
        return SurvivalData(d, observed)
    if entry == "untied":
        # Durations of 0 would make the untying rule above ambiguous at time 0.
        d = np.where(d == 0.0, 0.5, d)
    e = draw(entry_times(d, untied=entry == "untied"))
    if entry == "untied":
        d = np.append(d, d.max() + 1.0)
        observed = np.append(observed, False)
        e = np.append(e, 0.0)
    return SurvivalData(d, observed, e)


@st.composite
def logrank_groups(
    draw: st.DrawFn, min_groups: int = 2, max_groups: int = 4, entry: bool = False
) -> list[SurvivalData]:
    """2-4 groups of 1-12 subjects each, with durations of one flavour (so ties across groups)."""
    k = draw(st.integers(min_groups, max_groups))
    elements = draw(duration_elements())
    mode = "any" if entry else "none"
    return [
        draw(survival_data(min_size=1, max_size=12, entry=mode, elements=elements))
        for _ in range(k)
    ]
