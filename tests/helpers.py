"""Helpers shared by the tests: an event-logging tracker, run comparison and
reconstruction of employment histories from tracker events."""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from typing import Any

import attrs

import microjob as mj

SEPARATIONS = ("quit", "withdraw", "layoff", "retire")
"""Event kinds that end an employment spell (a ``retire`` with company -1 does not)."""


class EventLog:
    """A tracker that keeps every event it sees, in order."""

    def __init__(self) -> None:
        self.events: list[mj.SimEvent] = []

    def observe(self, event: mj.SimEvent) -> None:
        self.events.append(event)

    def of_kind(self, *kinds: str) -> list[mj.SimEvent]:
        return [e for e in self.events if e.kind in kinds]


@attrs.frozen
class TrackedRun:
    """A run together with the events its trackers saw."""

    result: mj.RunResult
    log: EventLog
    counter: mj.EventCounter


def tracked_run(scenario: mj.Scenario, *, seed: Any, policy: Any = None) -> TrackedRun:
    """Run ``scenario`` with an :class:`EventLog` and an ``EventCounter`` attached."""
    log, counter = EventLog(), mj.EventCounter()
    result = mj.simulate(scenario, seed=seed, policy=policy, trackers=[log, counter])
    return TrackedRun(result, log, counter)


def same_float(a: float, b: float) -> bool:
    """Equality that treats NaN as equal to NaN."""
    return a == b or (math.isnan(a) and math.isnan(b))


def summary_differences(a: mj.RunSummary, b: mj.RunSummary) -> dict[str, tuple[float, float]]:
    """Fields whose values differ (NaN-aware), with both values."""
    da, db = a.as_dict(), b.as_dict()
    assert da.keys() == db.keys()
    return {k: (da[k], db[k]) for k in da if not same_float(da[k], db[k])}


def record_differences(a: mj.RunResult, b: mj.RunResult) -> list[str]:
    """Human-readable list of the ways two runs differ (empty when identical)."""
    out = []
    for name in ("spells", "gigs", "moves"):
        ra, rb = getattr(a, name), getattr(b, name)
        if ra != rb:
            first = next(
                (i for i, (x, y) in enumerate(zip(ra, rb, strict=False)) if x != y),
                min(len(ra), len(rb)),
            )
            out.append(f"{name}: {len(ra)} vs {len(rb)} records, first difference at index {first}")
    for key in ("headcount_initial", "headcount_final", "hires", "separations"):
        ka = [getattr(c, key) for c in a.stats.companies]
        kb = [getattr(c, key) for c in b.stats.companies]
        if ka != kb:
            out.append(f"companies' {key}: {ka} vs {kb}")
    diff = summary_differences(a.summary(), b.summary())
    if diff:
        out.append(f"summary: {diff}")
    return out


def run_digest(result: mj.RunResult) -> str:
    """A fingerprint of a run's records and summary."""
    records = (result.spells, result.gigs, result.moves, result.engagements)
    text = repr((*records, result.summary().as_dict()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen
class Interval:
    """Employment with one company as seen by trackers (``end`` is None while open)."""

    company: int
    start: float
    end: float | None
    reason: str | None


def employment_from_events(
    events: list[mj.SimEvent],
) -> tuple[dict[int, list[Interval]], list[str]]:
    """Rebuild each worker's employment intervals from ``hire`` and separation events.

    Returns the intervals by worker and a list of inconsistencies (a hire of
    someone already employed, a separation of someone not employed there).
    """
    intervals: dict[int, list[Interval]] = defaultdict(list)
    open_: dict[int, tuple[int, float]] = {}
    problems: list[str] = []
    for e in events:
        if e.kind == "hire":
            if e.worker in open_:
                problems.append(
                    f"t={e.time}: worker {e.worker} hired by company {e.company} while employed "
                    f"by company {open_[e.worker][0]}"
                )
            open_[e.worker] = (e.company, e.time)
        elif e.kind in SEPARATIONS and not (e.kind == "retire" and e.company < 0):
            cur = open_.pop(e.worker, None)
            if cur is None or cur[0] != e.company:
                problems.append(
                    f"t={e.time}: {e.kind} of worker {e.worker} from company {e.company}, "
                    f"but the worker's open employment is {cur}"
                )
                continue
            intervals[e.worker].append(Interval(cur[0], cur[1], e.time, e.kind))
    for w, (c, start) in open_.items():
        intervals[w].append(Interval(c, start, None, None))
    return dict(intervals), problems
