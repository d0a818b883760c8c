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
from microjob.kernel.run import check_memory, run
from microjob.policies import Policy
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
    policy: Policy | str | None = None,
    replication: int | None = None,
    trackers: Iterable[Tracker] = (),
) -> RunResult:
    """Simulate whole careers in ``scenario`` and return every record of the run.

    ``seed`` (an int or a ``numpy.random.SeedSequence``) fixes every random
    draw: the same scenario, policy and seed give bit-identical results.
    ``replication=r`` runs replication ``r`` of an experiment with root seed
    ``seed`` instead: ``simulate(s, seed=42, replication=3, policy=p)`` is,
    record for record, the run behind replication 3 of policy ``p`` in
    ``compare(s, ..., seed=42)`` (and at every point of a ``sweep``).
    ``policy``, if given, replaces the policy of every simulated company (the
    outside market keeps its own); it may be a policy object or a name, as in
    ``compare``: ``"traditional"``, ``"internal-freelance"`` (or
    ``"internal_freelance"``), one of ``scenario.arms``, or ``"scenario"`` (no
    override). ``trackers`` are observers whose ``observe(event)`` is called
    for every model event.
    """
    from microjob.experiment.arms import resolve_policy
    from microjob.experiment.seeds import replication_seed

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {type(scenario).__name__}")
    if replication is not None:
        seed = replication_seed(seed, replication)
    root = root_seed(seed)
    if policy is not None:
        policy = resolve_policy(policy, scenario, "policy")
    if policy is not None:
        scenario = scenario.with_policy(policy)
    if isinstance(trackers, (str, bytes, Tracker)):
        hint = "; pass a list: trackers=[tracker]" if isinstance(trackers, Tracker) else ""
        raise TypeError(f"trackers: must be a list of trackers, got {trackers!r}{hint}")
    try:
        tracker_list = list(trackers)
    except TypeError:
        raise TypeError(
            f"trackers: must be a list of trackers (objects with observe(event)), got {trackers!r}"
        ) from None
    for i, tracker in enumerate(tracker_list):
        if not isinstance(tracker, Tracker):
            raise TypeError(f"trackers[{i}]: must have an observe(event) method, got {tracker!r}")
    check_memory(scenario)
    return run(scenario, root, policy, tracker_list)
