"""Barriers to micro-jobs, ranked: what keeps people from taking part, removed one by one.

Advocates of internal marketplaces often name *mindset* as the biggest barrier
to micro-jobs. In microjob that is a result, not an assumption. A worker takes
part in a micro-job only when every barrier on the way lets them through:

* **mindset**: they apply with probability openness × interest
  (``mindset.openness_floor`` = 1 removes it: everyone as open as can be);
* **manager**: their manager releases their time
  (``manager_release_share`` = 1 removes it);
* **skills**: their skills on record reach the requirements less the stretch
  margin (``stretch_margin`` = 1 removes it: every applicant qualifies);
* **tenure**: they have served the probation period
  (``min_tenure_weeks`` = 0 removes it);
* **interest**: the posting team's work is in a field they care about
  (``mindset.interest_reference`` tiny removes it: any interest is enough).

:func:`barriers` runs every combination of the barriers removed, on common random
numbers, and attributes the change in participation (and retention, quits, skill
gain) to each barrier as :func:`~microjob.experiment.decompose` does to levers:
removed alone (one at a time), and its Shapley value. :meth:`BarrierExperiment.ranking`
orders the barriers by how much removing each alone raises participation.
Whether mindset comes first depends on the parameters, which is the point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from microjob.experiment.arms import resolve_policy
from microjob.experiment.decompose import (
    MAX_LEVERS,
    Combinations,
    _combination_label,
    _subsets,
)
from microjob.experiment.executors import _run_all
from microjob.experiment.seeds import Seed, replication_seeds, scenario_hash
from microjob.experiment.store import ResultStore
from microjob.experiment.tasks import RunRecord, _Task, _task_key
from microjob.policies import InternalFreelance, Policy
from microjob.scenario import Scenario, check_policy_fits

__all__ = [
    "BARRIERS",
    "BARRIER_MEASURES",
    "Barrier",
    "BarrierExperiment",
    "barriers",
]

BARRIER_MEASURES = (
    "gig_participation_share",
    "gig_fill_rate",
    "retention_2y",
    "quit_rate_monthly",
    "skill_gain_per_worker_year",
)
"""Measures :meth:`BarrierExperiment.table` reports unless told otherwise."""

_NO_INTEREST_LIMIT = 1e-9
"""``interest_reference`` that makes any interest at all enough to apply."""

Removal = Callable[[Scenario, Policy], tuple[Scenario, Policy]]


@attrs.frozen
class Barrier:
    """One barrier between a worker and a micro-job, and how to remove it."""

    name: str
    """Short name (``"mindset"``)."""
    description: str
    """What it is, in a phrase."""
    remove: Removal = attrs.field(repr=False)
    """The scenario and policy without it."""
    strength: Callable[[Scenario, Policy], str] = attrs.field(repr=False)
    """How high it stands in a scenario and policy, in words."""

    def present(self, scenario: Scenario, policy: Policy) -> bool:
        """Whether removing it changes anything (it stands in this scenario and policy)."""
        return self.remove(scenario, policy) != (scenario, policy)


def _policy_with(policy: Policy, **changes: Any) -> Policy:
    if all(getattr(policy, k) == v for k, v in changes.items()):
        return policy
    return InternalFreelance.from_levers(policy, **changes)


def _scenario_with(scenario: Scenario, group: str, **changes: Any) -> Scenario:
    part = getattr(scenario, group)
    if all(getattr(part, k) == v for k, v in changes.items()):
        return scenario
    return attrs.evolve(scenario, **{group: attrs.evolve(part, **changes)})


BARRIERS: dict[str, Barrier] = {
    b.name: b
    for b in (
        Barrier(
            "mindset",
            "openness to micro-jobs: a sceptic applies less often",
            lambda s, p: (_scenario_with(s, "mindset", openness_floor=1.0), p),
            lambda s, p: (
                f"openness Beta({s.population.openness_alpha:g}, "
                f"{s.population.openness_beta:g}), floor {s.mindset.openness_floor:g}"
            ),
        ),
        Barrier(
            "manager",
            "managers who do not release their people's time",
            lambda s, p: (s, _policy_with(p, manager_release_share=1.0)),
            lambda s, p: f"{p.manager_release_share:.0%} of managers release time",
        ),
        Barrier(
            "skills",
            "skill requirements an applicant must meet",
            lambda s, p: (s, _policy_with(p, stretch_margin=1.0)),
            lambda s, p: (
                f"levels {s.gigs.required_level_min:g}-{s.gigs.required_level_max:g}, "
                f"less a margin of {p.stretch_margin:g}"
            ),
        ),
        Barrier(
            "tenure",
            "the probation period before a first micro-job",
            lambda s, p: (s, _policy_with(p, min_tenure_weeks=0.0)),
            lambda s, p: f"{p.min_tenure_weeks:g} weeks",
        ),
        Barrier(
            "interest",
            "work in fields the worker cares little about",
            lambda s, p: (
                _scenario_with(s, "mindset", interest_reference=_NO_INTEREST_LIMIT),
                p,
            ),
            lambda s, p: f"interest reference {s.mindset.interest_reference:g}",
        ),
    )
}
"""The built-in barriers by name (see the module docstring)."""


@attrs.frozen(eq=False)
class BarrierExperiment(Combinations):
    """The result of :func:`barriers`: runs of every combination of barriers removed."""

    scenario: Scenario
    """The scenario with every barrier standing."""
    policy: Policy
    """The policy of every simulated company, every barrier standing."""
    removed: tuple[Barrier, ...]
    """The barriers removed, in the order given."""
    replications: int
    runs: tuple[RunRecord, ...]
    """One record per combination and replication; a combination's label lists the
    barriers it removes (``"none"``: all standing)."""
    tasks_run: int
    """Runs computed by this call (the rest came from the store)."""
    seed: Seed
    default_measures: tuple[str, ...] = attrs.field(default=BARRIER_MEASURES, init=False)

    @property
    def lever_names(self) -> tuple[str, ...]:
        """The barriers' names, in the order given."""
        return tuple(b.name for b in self.removed)

    def setting(self, removed: Sequence[str]) -> tuple[Scenario, Policy]:
        """The scenario and policy with the barriers ``removed`` taken away."""
        return _without(self.scenario, self.policy, self.removed, frozenset(removed))

    def ranking(
        self, measure: str = "gig_participation_share", *, method: str = "one-at-a-time"
    ) -> list[tuple[str, float]]:
        """The barriers by how much removing them raises ``measure`` (mean over
        replications), largest first, as ``(name, mean change)``.

        ``method="one-at-a-time"`` ranks by the effect of removing each barrier alone
        (the question "which one barrier would you remove?"); ``"shapley"`` by its
        Shapley value (its share of removing them all, averaged over every order).
        """
        if method == "one-at-a-time":
            effects = self.one_at_a_time(measure)
        elif method == "shapley":
            effects = self.shapley(measure)
        else:
            raise ValueError(f"method: must be 'one-at-a-time' or 'shapley', got {method!r}")
        means = [_mean(row) for row in effects]
        ranked = sorted(zip(self.lever_names, means, strict=True), key=_largest_first)
        return list(ranked)

    def __repr__(self) -> str:
        return (
            f"BarrierExperiment(scenario={self.scenario.name!r}, policy={self.policy.kind!r}, "
            f"barriers={list(self.lever_names)}, replications={self.replications}, "
            f"runs={len(self.runs)}, tasks_run={self.tasks_run})"
        )


def barriers(
    scenario: Scenario,
    *,
    policy: Policy | str = "internal-freelance",
    removed: Sequence[str] | None = None,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    progress: bool | str = False,
    store: str | Path | ResultStore | None = None,
) -> BarrierExperiment:
    """Rank the barriers to micro-jobs by removing them, alone and in every combination.

    ``policy`` (a policy or a policy name, as for ``compare``) runs at every
    simulated company; it must post micro-jobs. ``removed`` names the barriers of
    :data:`BARRIERS` to remove; left out, every barrier that stands in the scenario
    and policy (one whose removal changes something). Every combination
    (``2 ** len(removed)``, at most ``2 ** MAX_LEVERS``) runs ``replications``
    times on the same seeds. ``executor``, ``progress`` and ``store`` work as in
    ``compare``.
    """
    start, chosen = barrier_plan(scenario, policy=policy, removed=removed)
    names = tuple(b.name for b in chosen)
    seeds = replication_seeds(seed, replications)
    tasks: list[_Task] = []
    for point, subset in enumerate(_subsets(names)):
        s, p = _without(scenario, start, chosen, subset)
        label = _combination_label(names, subset)
        digest = scenario_hash(s)
        tasks += [
            _Task(point, label, r, s, p, sd, _task_key(digest, p, sd)) for r, sd in enumerate(seeds)
        ]
    runs, ran = _run_all(tasks, scenario, executor=executor, progress=progress, store=store)
    return BarrierExperiment(scenario, start, chosen, replications, runs, ran, seed)


def barrier_plan(
    scenario: Scenario,
    *,
    policy: Policy | str = "internal-freelance",
    removed: Sequence[str] | None = None,
) -> tuple[Policy, tuple[Barrier, ...]]:
    """The policy and the barriers :func:`barriers` would remove, checked, without
    running anything: every error ``barriers`` would raise is raised here."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    start = resolve_policy(policy, scenario, "policy")
    if start is None:
        raise ValueError("policy: 'scenario' is not one policy; name a policy or an arm")
    if start.gigs_per_employee_year <= 0:
        raise ValueError(
            f"policy: {start.kind!r} posts no micro-jobs, so nothing bars anyone from them"
        )
    check_policy_fits(start, scenario, "policy")
    if removed is None:
        chosen = tuple(b for b in BARRIERS.values() if b.present(scenario, start))
        if not chosen:
            raise ValueError("removed: no barrier stands in this scenario and policy")
    else:
        if isinstance(removed, str) or not isinstance(removed, Sequence):
            raise TypeError(f"removed: must be a list of barrier names, got {removed!r}")
        unknown = [n for n in removed if n not in BARRIERS]
        if unknown:
            raise ValueError(
                f"removed: unknown barrier {unknown[0]!r}; choose from {', '.join(BARRIERS)}"
            )
        if len(set(removed)) != len(removed):
            raise ValueError(f"removed: names a barrier twice: {list(removed)!r}")
        chosen = tuple(BARRIERS[n] for n in removed)
        if not chosen:
            raise ValueError("removed: need at least one barrier")
        absent = [b.name for b in chosen if not b.present(scenario, start)]
        if absent:
            raise ValueError(
                f"removed: {absent[0]!r} does not stand in this scenario and policy "
                f"({BARRIERS[absent[0]].strength(scenario, start)}), so removing it "
                "changes nothing"
            )
    if len(chosen) > MAX_LEVERS:
        raise ValueError(
            f"removed: at most {MAX_LEVERS} barriers (every combination is run), got {len(chosen)}"
        )
    return start, chosen


def _mean(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else math.nan


def _largest_first(item: tuple[str, float]) -> float:
    """Sort key: larger means first, undefined ones last."""
    return -item[1] if math.isfinite(item[1]) else math.inf


def _without(
    scenario: Scenario,
    policy: Policy,
    chosen: Sequence[Barrier],
    subset: frozenset[str],
) -> tuple[Scenario, Policy]:
    known = {b.name for b in chosen}
    unknown = subset - known
    if unknown:
        raise KeyError(f"removed: unknown barriers {sorted(unknown)!r}; have {sorted(known)}")
    for b in chosen:
        if b.name in subset:
            scenario, policy = b.remove(scenario, policy)
    return scenario, policy
