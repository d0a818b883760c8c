"""The unit of work: one simulation run, and the record an experiment keeps of it.

:func:`run_task` is a top-level function of picklable arguments, so process
pools and Dask can send it to workers by its module path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from microjob.experiment.seeds import _digest, _seed_text, _version
from microjob.policies import Policy
from microjob.records import RunSummary
from microjob.scenario import Scenario


def run_task(scenario: Scenario, policy: Policy | None, seed: np.random.SeedSequence) -> RunSummary:
    """Simulate one run and return its summary (the unit of work sent to executors).

    A top-level function of picklable arguments, so any executor can run it;
    it returns the small summary, not the run's records.
    """
    from microjob.simulate import simulate

    return simulate(scenario, seed=seed, policy=policy).summary()


def run_task_keeping(
    scenario: Scenario,
    policy: Policy | None,
    seed: np.random.SeedSequence,
    keep: tuple[str, ...],
) -> tuple[RunSummary, Mapping[str, Any]]:
    """Simulate one run; return its summary and the extras named in ``keep``
    (:mod:`microjob.experiment.extras`), computed here, in the worker."""
    from microjob.experiment.extras import compute_extras
    from microjob.simulate import simulate

    result = simulate(scenario, seed=seed, policy=policy)
    return result.summary(), compute_extras(result, keep)


@attrs.frozen
class _Task:
    point: int
    label: str
    replication: int
    scenario: Scenario
    policy: Policy | None
    seed: np.random.SeedSequence = attrs.field(eq=False)
    key: str
    keep: tuple[str, ...] = ()


def _task_key(scenario_digest: str, policy: Policy | None, seed: np.random.SeedSequence) -> str:
    return _digest([scenario_digest, policy, _seed_text(seed), _version()])


@attrs.frozen
class RunRecord:
    """One finished run of an experiment: where it sits and its summary."""

    point: int
    """Grid point (0 for a comparison)."""
    policy: str
    """Label of the policy (a comparison's key, or the policy kind)."""
    replication: int
    """Replication index; equal indices share a seed across policies and points."""
    seed: str
    """The replication's seed as ``entropy/spawn.key``."""
    summary: RunSummary
    """The run's measures."""
    extras: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    """What the experiment kept of the run besides its summary, by name (see
    :mod:`microjob.experiment.extras`); empty unless asked for with ``keep``."""


def _describe(task: _Task) -> str:
    where = f" at grid point {task.point}" if task.point else ""
    return f"replication {task.replication} of policy {task.label!r}{where}"
