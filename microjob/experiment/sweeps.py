"""Parameter sweeps: a full-factorial grid of scenario values, on common seeds."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from microjob.experiment.arms import resolve_policy
from microjob.experiment.comparison import _company_estimates, _company_measure_names
from microjob.experiment.executors import _run_all
from microjob.experiment.grid import _parse_path, _set
from microjob.experiment.seeds import Seed, replication_seeds, scenario_hash
from microjob.experiment.store import ResultStore
from microjob.experiment.tables import (
    Estimate,
    Table,
    _check_confidence,
    _estimates,
    _measures,
    _runs_frame,
)
from microjob.experiment.tasks import RunRecord, _Task, _task_key
from microjob.policies import SCENARIO_ARM, Policy
from microjob.scenario import Scenario, check_policy_fits

if TYPE_CHECKING:
    import pandas as pd


@attrs.frozen(eq=False)
class SweepResult:
    """The result of :func:`sweep`: one record per grid point, policy and replication."""

    scenario: Scenario
    """The base scenario."""
    parameters: tuple[str, ...]
    """The grid's paths, in the order given."""
    points: tuple[Mapping[str, Any], ...]
    """Each grid point's values by path (full factorial, last path varying fastest)."""
    replications: int
    runs: tuple[RunRecord, ...]
    """Ordered by (point, replication)."""
    tasks_run: int
    """Runs computed by this call (the rest came from the store)."""

    def to_frame(self) -> pd.DataFrame:
        """The long table: one row per point and replication, parameters then measures."""
        return _runs_frame(self.runs, dict(enumerate(self._display())))

    def _display(self) -> list[dict[str, Any]]:
        return [
            {k: (v.kind if attrs.has(type(v)) and hasattr(v, "kind") else v) for k, v in p.items()}
            for p in self.points
        ]

    def aggregate(
        self, measures: Sequence[str] | None = None, *, confidence: float = 0.95
    ) -> Table:
        """Per grid point and measure: mean, standard deviation, t interval and n.

        Rows are labelled ``point 0``, ``point 1``, ...; ``to_frame()`` of the
        table adds the parameter values as columns.
        """
        _check_confidence(confidence)
        names = _measures(measures)
        rows: list[Estimate] = []
        columns: dict[str, Mapping[str, Any]] = {}
        for i, shown in enumerate(self._display()):
            label = f"point {i}"
            columns[label] = shown
            summaries = [r.summary for r in self.runs if r.point == i]
            rows += _estimates(label, summaries, names, confidence)
        return Table(tuple(rows), columns)

    def companies(
        self,
        measures: Sequence[str] | None = None,
        *,
        by: str = "company",
        confidence: float = 0.95,
    ) -> Table:
        """Per grid point and company: each measure's mean over replications, sd, t
        interval and n.

        Needs ``sweep(..., keep=("companies",))``. Rows are labelled
        ``"point 0: company-A (traditional)"``; ``by="policy"`` gives one row
        group per point and policy kind instead (``"point 0: traditional"``),
        pooled over the spells of the kind's companies. ``measures`` are names
        of :data:`~microjob.measures.COMPANY_MEASURES` (default all);
        ``to_frame()`` of the table adds the point, its parameter values and
        the company's name, index and policy kind as columns.
        """
        _check_confidence(confidence)
        names = _company_measure_names(measures)
        rows: list[Estimate] = []
        columns: dict[str, Mapping[str, Any]] = {}
        for i, shown in enumerate(self._display()):
            at_point = [r for r in self.runs if r.point == i]
            found, cols = _company_estimates(
                at_point,
                by,
                names,
                confidence,
                prefix=f"point {i}: ",
                columns={"point": i, **shown},
                command="sweep",
            )
            rows += found
            columns.update(cols)
        return Table(tuple(rows), columns)

    def __repr__(self) -> str:
        return (
            f"SweepResult(scenario={self.scenario.name!r}, parameters={list(self.parameters)}, "
            f"points={len(self.points)}, replications={self.replications}, "
            f"runs={len(self.runs)}, tasks_run={self.tasks_run})"
        )


def sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence[Any]],
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    progress: bool | str = False,
    store: str | Path | ResultStore | None = None,
    keep: Sequence[str] = (),
) -> SweepResult:
    """Run the full-factorial grid of parameter values, ``replications`` times each.

    ``grid`` maps dotted paths into the scenario to lists of values:
    ``"market.offer_rate_per_year"``, ``"companies[0].policy.time_share"``,
    ``"companies[*].policy.time_share"`` (every company), and the special
    path ``"policy"`` (a policy, or a policy name: ``"traditional"``,
    ``"internal-freelance"``, one of the scenario's arms, or ``"scenario"`` for
    the policies as written), which replaces every simulated company's policy.
    Every point is built and validated before anything runs; an unknown path or a value of the wrong
    type raises an error naming the path. Replication ``r`` uses the same
    seed at every point (common random numbers across the grid).
    ``progress`` reports on standard error as runs finish: ``True`` draws a
    bar on a terminal and prints one line per finished run (with an estimate
    of the time left) elsewhere; ``"bar"`` or ``"lines"`` chooses.

    ``keep`` names what to keep of each run besides its summary, as
    :func:`~microjob.experiment.compare` does
    (:mod:`microjob.experiment.extras`): ``"companies"`` keeps the measures of
    each company and policy kind and the moves between employers, streamed to
    the store, for :meth:`SweepResult.companies`.
    """
    from microjob.experiment.extras import check_keep

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    kept = check_keep(keep)
    if not isinstance(grid, Mapping) or not grid:
        raise ValueError(f"grid: must be a non-empty mapping of path to values, got {grid!r}")
    axes: list[tuple[str, tuple[Any, ...]]] = []
    for path, values in grid.items():
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            raise ValueError(f"grid {path!r}: values must be a list, got {values!r}")
        vals = tuple(values)
        if not vals:
            raise ValueError(f"grid {path!r}: needs at least one value")
        if path != "policy":
            _parse_path(path)
        axes.append((path, vals))
    seeds = replication_seeds(seed, replications)

    points: list[dict[str, Any]] = []
    tasks: list[_Task] = []
    for i, combo in enumerate(itertools.product(*(v for _, v in axes))):
        point_scenario = scenario
        policy: Policy | None = None
        point: dict[str, Any] = {}
        for (path, _), value in zip(axes, combo, strict=True):
            if path == "policy":
                policy = resolve_policy(value, scenario, "grid 'policy'", check_fit=False)
                point[path] = policy if policy is not None else SCENARIO_ARM
            else:
                point_scenario = _set(point_scenario, _parse_path(path), value, path)
                point[path] = value
        if policy is not None:
            check_policy_fits(policy, point_scenario, f"grid point {i}: policy")
        points.append(point)
        digest = scenario_hash(point_scenario)
        label = policy.kind if policy is not None else SCENARIO_ARM
        tasks += [
            _Task(i, label, r, point_scenario, policy, s, _task_key(digest, policy, s), kept)
            for r, s in enumerate(seeds)
        ]
    runs, ran = _run_all(tasks, scenario, executor=executor, progress=progress, store=store)
    return SweepResult(scenario, tuple(p for p, _ in axes), tuple(points), replications, runs, ran)
