"""Lever decomposition: how much of a policy difference each lever accounts for.

A policy is a bundle of levers (see :data:`~microjob.policies.LEVER_GROUPS`).
:func:`decompose` runs every combination of the levers in which two policies
differ, each on the same replication seeds (common random numbers), and
attributes the difference between the two policies to the levers in two ways:

* **one at a time**: the difference one lever makes when it alone is switched
  from the ``from_`` policy to the ``to`` policy. The one-at-a-time effects need
  not add up to the total; what is left is the **interaction** of the levers.
* **Shapley**: each lever's marginal effect averaged over every order in which
  the levers could be switched (Shapley 1953). The Shapley values add up to the
  total difference, replication by replication, and with one lever the value is
  the plain paired difference.

Both are computed per replication and summarised with t-based confidence
intervals over replications, as paired differences are. The combinations are
ordinary runs: they go to any executor and into the result store, keyed like
every other run.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob.experiment.arms import resolve_policy
from microjob.experiment.executors import _run_all
from microjob.experiment.seeds import Seed, replication_seeds, scenario_hash
from microjob.experiment.store import ResultStore
from microjob.experiment.tables import Table, _check_confidence, _interval, _measures
from microjob.experiment.tasks import RunRecord, _Task, _task_key
from microjob.policies import LEVER_GROUPS, LEVERS, InternalFreelance, Policy, levers
from microjob.scenario import Scenario, check_policy_fits

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "HEADLINE_MEASURES",
    "MAX_LEVERS",
    "Attribution",
    "Decomposition",
    "decompose",
    "decomposition_levers",
    "shapley_values",
]

MAX_LEVERS = 6
"""Most levers one decomposition takes: every combination is run, 2**6 = 64 per replication."""

HEADLINE_MEASURES = (
    "retention_2y",
    "quit_rate_monthly",
    "separation_rate_monthly",
    "median_tenure_years",
    "skill_gain_per_worker_year",
    "turnover_cost_per_employee_year",
)
"""Measures :func:`decompose` attributes unless told otherwise."""


@attrs.frozen
class Attribution:
    """One lever's share of a policy difference in one measure, over replications."""

    lever: str
    """Lever name (``"total"`` and ``"interaction"`` for the whole and the rest)."""
    method: str
    """``"shapley"``, ``"one-at-a-time"`` or ``"total"``."""
    measure: str
    """RunSummary field."""
    mean: float
    """Mean over replications."""
    sd: float
    """Standard deviation over replications."""
    ci_low: float
    ci_high: float
    n: int
    """Replications with a value."""
    share: float
    """``mean`` as a share of the mean total difference (NaN when the total is 0)."""

    @property
    def label(self) -> str:
        """``lever`` (so that a :class:`~microjob.experiment.Table` can look rows up)."""
        return f"{self.lever}:{self.method}"


class Combinations:
    """What :class:`Decomposition` and :class:`~microjob.experiment.barriers.BarrierExperiment`
    share: runs of every combination of some switches (``lever_names``), each labelled
    with the switches it has on, and the attributions computed from them."""

    runs: tuple[RunRecord, ...]
    default_measures: tuple[str, ...] = HEADLINE_MEASURES

    @property
    def lever_names(self) -> tuple[str, ...]:
        """The switches, in the order given."""
        raise NotImplementedError

    def values(self, switched: Sequence[str], measure: str) -> np.ndarray:
        """One measure of one combination of levers, by replication."""
        (m,) = _measures([measure])
        label = _combination_label(self.lever_names, frozenset(switched))
        found = [r for r in self.runs if r.policy == label]
        if not found:
            raise KeyError(f"switched: no combination {sorted(switched)!r}")
        return np.array([getattr(r.summary, m) for r in found], dtype=float)

    def total(self, measure: str) -> np.ndarray:
        """Every lever switched minus none switched (``to - from_``), by replication."""
        return self.values(self.lever_names, measure) - self.values((), measure)

    def shapley(self, measure: str) -> np.ndarray:
        """Shapley values, one row per lever and one column per replication.

        Each column adds up to :meth:`total` of that replication (to rounding).
        """
        names = self.lever_names
        return shapley_values(names, {s: self.values(sorted(s), measure) for s in _subsets(names)})

    def one_at_a_time(self, measure: str) -> np.ndarray:
        """Each lever switched alone, minus the combination with none switched:
        levers × replications."""
        base = self.values((), measure)
        return np.array([self.values((lever,), measure) - base for lever in self.lever_names])

    def table(self, measures: Sequence[str] | None = None, *, confidence: float = 0.95) -> Table:
        """Per measure: the total, each lever's Shapley value and one-at-a-time effect,
        and the interaction (total minus the one-at-a-time effects), with intervals."""
        _check_confidence(confidence)
        names = _measures(self.default_measures if measures is None else measures)
        rows: list[Attribution] = []
        for m in names:
            total = self.total(m)
            total_mean = _interval(total, confidence)[0]
            found = [("total", "total", total)]
            shap, oat = self.shapley(m), self.one_at_a_time(m)
            found += [(lever, "shapley", shap[i]) for i, lever in enumerate(self.lever_names)]
            found += [(lever, "one-at-a-time", oat[i]) for i, lever in enumerate(self.lever_names)]
            found.append(("interaction", "one-at-a-time", total - oat.sum(axis=0)))
            for lever, method, values in found:
                mean, sd, lo, hi, n = _interval(values, confidence)
                share = mean / total_mean if total_mean and math.isfinite(total_mean) else math.nan
                rows.append(Attribution(lever, method, m, mean, sd, lo, hi, n, share))
        return Table(tuple(rows))

    def to_frame(self) -> pd.DataFrame:
        """One row per run: the switches it has on, replication, seed and every measure
        (needs pandas)."""
        from microjob.experiment.tables import _runs_frame

        columns = {
            i: {lever: lever in switched for lever in self.lever_names}
            for i, switched in enumerate(_subsets(self.lever_names))
        }
        return _runs_frame(self.runs, columns)


@attrs.frozen(eq=False)
class Decomposition(Combinations):
    """The result of :func:`decompose`: the runs of every lever combination, and attributions."""

    scenario: Scenario
    from_policy: Policy
    """The policy the difference is measured from."""
    to_policy: Policy
    """The policy the difference is measured to."""
    levers: Mapping[str, tuple[str, ...]]
    """Each lever's name and the policy attributes it switches."""
    replications: int
    runs: tuple[RunRecord, ...]
    """One record per combination and replication; a combination's label lists its levers."""
    tasks_run: int
    """Runs computed by this call (the rest came from the store)."""
    seed: Seed

    @property
    def lever_names(self) -> tuple[str, ...]:
        """The levers, in the order given."""
        return tuple(self.levers)

    def policy(self, switched: Sequence[str]) -> Policy:
        """The policy with the levers ``switched`` as in ``to`` and the rest as in ``from_``."""
        return _combination(self.from_policy, self.to_policy, self.levers, frozenset(switched))

    def __repr__(self) -> str:
        return (
            f"Decomposition(scenario={self.scenario.name!r}, from={self.from_policy.kind!r}, "
            f"to={self.to_policy.kind!r}, levers={list(self.levers)}, "
            f"replications={self.replications}, runs={len(self.runs)}, "
            f"tasks_run={self.tasks_run})"
        )


def decompose(
    scenario: Scenario,
    *,
    from_: Policy | str = "traditional",
    to: Policy | str = "internal-freelance",
    levers: Sequence[str] | Mapping[str, Sequence[str]] | None = None,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    progress: bool | str = False,
    store: str | Path | ResultStore | None = None,
) -> Decomposition:
    """Attribute the difference between two policies to their levers.

    ``from_`` and ``to`` are policies or policy names (as for ``compare``).
    ``levers`` names the levers: lever groups of
    :data:`~microjob.policies.LEVER_GROUPS` (``"internal-fills"``,
    ``"redeployment"``, ``"micro-jobs"``, ``"pay"``), single policy attributes
    (``"bonus_share"``), or a mapping of your own names to attributes. Left out,
    they are the groups in which the two policies differ. Every attribute in
    which the policies differ must belong to a lever, and no attribute to two;
    attributes neither policy reads (micro-job details when neither posts
    micro-jobs, redeployment details when neither redeploys) do not count.

    Every combination of levers (``2 ** len(levers)``, at most
    ``2 ** MAX_LEVERS``) runs ``replications`` times on common random numbers:
    a combination is the ``from_`` policy with the levers in it switched to
    their ``to`` values, as an :class:`~microjob.policies.InternalFreelance`.
    Each combination must be a valid policy for the scenario (a lever that can
    never act, say micro-jobs without time for them, is an error naming the
    combination). ``executor``, ``progress`` and ``store`` work as in ``compare``.
    """
    start, end, groups = _plan(scenario, from_, to, levers)
    names = tuple(groups)
    seeds = replication_seeds(seed, replications)
    digest = scenario_hash(scenario)
    tasks: list[_Task] = []
    for point, switched in enumerate(_subsets(names)):
        policy = _combination(start, end, groups, switched)
        label = _combination_label(names, switched)
        tasks += [
            _Task(point, label, r, scenario, policy, s, _task_key(digest, policy, s))
            for r, s in enumerate(seeds)
        ]
    runs, ran = _run_all(tasks, scenario, executor=executor, progress=progress, store=store)
    return Decomposition(scenario, start, end, groups, replications, runs, ran, seed)


def decomposition_levers(
    scenario: Scenario,
    *,
    from_: Policy | str = "traditional",
    to: Policy | str = "internal-freelance",
    levers: Sequence[str] | Mapping[str, Sequence[str]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """The levers :func:`decompose` would switch (name → policy attributes), checked,
    without running anything: every error ``decompose`` would raise is raised here."""
    return _plan(scenario, from_, to, levers)[2]


def _plan(
    scenario: Scenario,
    from_: Any,
    to: Any,
    levers: Sequence[str] | Mapping[str, Sequence[str]] | None,
) -> tuple[Policy, Policy, dict[str, tuple[str, ...]]]:
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    start = _named(from_, scenario, "from_")
    end = _named(to, scenario, "to")
    groups = _lever_groups(start, end, levers)
    for switched in _subsets(tuple(groups)):
        label = _combination_label(tuple(groups), switched)
        check_policy_fits(
            _combination(start, end, groups, switched), scenario, f"combination {label!r}"
        )
    return start, end, groups


def shapley_values(names: Sequence[str], value: Mapping[frozenset[str], np.ndarray]) -> np.ndarray:
    """Shapley values of the levers ``names`` in the game ``value`` (subset → values by
    replication): one row per lever, one column per replication.

    Computed in exact rational arithmetic from the float values, so each column
    adds up to ``value[all] - value[none]`` before the final rounding to floats;
    a replication in which some combination has no value (NaN) gets NaN.
    """
    k = len(names)
    weights = _shapley_weights(k)
    columns = len(next(iter(value.values())))
    finite = np.all([np.isfinite(v) for v in value.values()], axis=0)
    out = np.full((k, columns), math.nan)
    for r in np.flatnonzero(finite):
        exact = {s: Fraction(float(v[r])) for s, v in value.items()}
        for i, lever in enumerate(names):
            others = [x for x in names if x != lever]
            acc = Fraction(0)
            for size in range(k):
                for rest in itertools.combinations(others, size):
                    acc += weights[size] * (
                        exact[frozenset((*rest, lever))] - exact[frozenset(rest)]
                    )
            out[i, r] = float(acc)
    return out


def _named(value: Any, scenario: Scenario, where: str) -> Policy:
    policy = resolve_policy(value, scenario, where)
    if policy is None:
        raise ValueError(
            f"{where}: 'scenario' is not one policy; name a policy or one of the scenario's arms"
        )
    return policy


def _lever_groups(
    start: Policy, end: Policy, chosen: Sequence[str] | Mapping[str, Sequence[str]] | None
) -> dict[str, tuple[str, ...]]:
    a, b = levers(start), levers(end)
    asleep = _dormant(a) & _dormant(b)
    differ = [name for name in LEVERS if a[name] != b[name] and name not in asleep]
    if not differ:
        raise ValueError("levers: from_ and to have the same levers; there is nothing to decompose")
    if chosen is None:
        groups = {g: attrs_ for g, attrs_ in LEVER_GROUPS.items() if set(attrs_) & set(differ)}
    elif isinstance(chosen, Mapping):
        groups = {str(k): tuple(v) for k, v in chosen.items()}
    elif isinstance(chosen, str) or not isinstance(chosen, Sequence):
        raise TypeError(f"levers: must be a list of lever names or a mapping, got {chosen!r}")
    else:
        groups = {}
        for name in chosen:
            if name in LEVER_GROUPS:
                groups[name] = LEVER_GROUPS[name]
            elif name in LEVERS:
                groups[name] = (name,)
            else:
                options = ", ".join([*LEVER_GROUPS, "or a policy attribute"])
                raise ValueError(f"levers: unknown lever {name!r}; choose from {options}")
    if not groups:
        raise ValueError("levers: need at least one lever")
    if len(groups) > MAX_LEVERS:
        raise ValueError(
            f"levers: at most {MAX_LEVERS} levers (every combination is run), got {len(groups)}"
        )
    owner: dict[str, str] = {}
    for group, members in groups.items():
        if not members:
            raise ValueError(f"levers[{group!r}]: names no policy attribute")
        for attribute in members:
            if attribute not in LEVERS:
                raise ValueError(f"levers[{group!r}]: {attribute!r} is not a policy lever")
            if attribute in owner:
                raise ValueError(
                    f"levers: {attribute!r} belongs to both {owner[attribute]!r} and {group!r}"
                )
            owner[attribute] = group
        if not set(members) & set(differ):
            raise ValueError(
                f"levers[{group!r}]: from_ and to agree on {', '.join(members)}, so the lever "
                "switches nothing"
            )
    left = [name for name in differ if name not in owner]
    if left:
        raise ValueError(
            f"levers: from_ and to also differ in {', '.join(left)}; add them to a lever "
            "(or set them equal in both policies)"
        )
    return groups


def _dormant(values: Mapping[str, Any]) -> set[str]:
    """Levers a policy never reads: micro-job details without micro-jobs, redeployment
    details without redeployment, who is seen for internal fills without any."""
    out: set[str] = set()
    if values["gigs_per_employee_year"] == 0:
        out |= set(LEVER_GROUPS["micro-jobs"]) - {"gigs_per_employee_year"}
    if not values["redeployment"]:
        out |= {"redeployment_share", "redeployment_min_fit"}
    if values["internal_fill_share"] == 0:
        out.add("internal_candidates_seen")
    return out


def _subsets(names: Sequence[str]) -> list[frozenset[str]]:
    """Every subset of ``names``, by size and then in the order of ``names``."""
    return [
        frozenset(c) for size in range(len(names) + 1) for c in itertools.combinations(names, size)
    ]


def _combination_label(names: Sequence[str], switched: frozenset[str]) -> str:
    unknown = switched - set(names)
    if unknown:
        raise KeyError(f"switched: unknown levers {sorted(unknown)!r}; have {list(names)}")
    inside = [n for n in names if n in switched]
    return "+".join(inside) if inside else "none"


def _combination(
    start: Policy, end: Policy, groups: Mapping[str, tuple[str, ...]], switched: frozenset[str]
) -> Policy:
    if not switched:
        return start
    if switched == frozenset(groups):
        return end
    target = levers(end)
    changes = {a: target[a] for g in switched for a in groups[g]}
    return InternalFreelance.from_levers(start, **changes)


def _shapley_weights(k: int) -> list[Fraction]:
    """The Shapley weight of a coalition of ``size`` other levers, for ``size`` in 0..k-1."""
    return [
        Fraction(math.factorial(size) * math.factorial(k - size - 1), math.factorial(k))
        for size in range(k)
    ]
