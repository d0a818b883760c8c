"""Simulate whole careers: the public entry point to the engine.

:func:`simulate` checks its arguments, applies a policy override and hands the
run to the engine (:mod:`microjob.engine`, one module per mechanism; see
``docs/model.md`` for the model and ``docs/design-notes.md`` for how the
engine is built). Trackers are observers that see every model event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import numpy as np

from microjob.engine.rates import advance_skills, skill_rates
from microjob.engine.streams import root_seed
from microjob.kernel.run import run
from microjob.policies import Policy, check_policy
from microjob.records import RunResult, SimEvent
from microjob.scenario import Scenario

__all__ = ["EventCounter", "Tracker", "advance_skills", "simulate", "skill_rates"]


@runtime_checkable
class Tracker(Protocol):
    """An observer handed to :func:`simulate`; it sees every model event."""

    def observe(self, event: SimEvent) -> None:
        """Called once per event, in simulation order."""
        ...


class EventCounter:
    """A tracker that counts events by kind (``counter.counts``)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def observe(self, event: SimEvent) -> None:
        """Count one event."""
        self.counts[event.kind] = self.counts.get(event.kind, 0) + 1


def simulate(
    scenario: Scenario,
    *,
    seed: int | np.random.SeedSequence,
    policy: Policy | None = None,
    trackers: Iterable[Tracker] = (),
) -> RunResult:
    """Simulate whole careers in ``scenario`` and return every record of the run.

    ``seed`` (an int or a ``numpy.random.SeedSequence``) fixes every random
    draw: the same scenario, policy and seed give bit-identical results.
    ``policy``, if given, replaces the policy of every simulated company (the
    outside market keeps its own). ``trackers`` are observers whose
    ``observe(event)`` is called for every model event.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {type(scenario).__name__}")
    root = root_seed(seed)
    if policy is not None:
        check_policy(policy)
        scenario = scenario.with_policy(policy)
    tracker_list = list(trackers)
    for i, tracker in enumerate(tracker_list):
        if not isinstance(tracker, Tracker):
            raise TypeError(f"trackers[{i}]: must have an observe(event) method, got {tracker!r}")
    return run(scenario, root, policy, tracker_list)
