"""The calibration search: :func:`calibrate`, its objective :func:`distance`, SciPy optimisers.

:func:`calibrate` searches named parameters within bounds for the point
whose measures come closest to the targets (:func:`distance`), evaluating
every candidate on the same replication seeds (common random numbers), so
the search compares candidates, not luck. It uses SciPy's derivative-free
optimisers (``pip install 'microjob[calibrate]'``). :func:`evaluate` runs
one candidate, for screening or sensitivity studies of one's own.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob.calibration.parameters import _get, apply_parameters
from microjob.calibration.targets import TARGETS, Target, _check_targets
from microjob.calibration.validation import ValidationReport, _report, _seed_label
from microjob.experiment import Comparison, Seed, _parse_path, compare, replication_seeds
from microjob.policies import Policy, TraditionalEmployment
from microjob.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd


def distance(
    means: Mapping[str, float],
    targets: Sequence[Target] = TARGETS,
    weights: Mapping[str, float] | None = None,
) -> float:
    """Weighted mean of squared relative deviations of measured means from the target centres.

    ``means`` maps each target's ``measure`` to its measured mean. For target
    i with centre c_i (the published value, or the middle of a published
    range) the deviation is (m_i - c_i) / c_i, so targets in years, shares
    and rates weigh alike, and the distance is
    sum(w_i d_i^2) / sum(w_i); its square root is a root-mean-square
    relative error. A missing or NaN mean counts as a deviation of 10
    (1,000%), large but finite, so optimisers can move away from it. Centres
    rather than band edges give a smooth objective with a single best point,
    which derivative-free search needs; a point inside every band is not
    guaranteed to exist, and this one still ranks every candidate.
    """
    w = _weights(targets, weights)
    total = 0.0
    for t in targets:
        m = means.get(t.measure, math.nan)
        dev = (m - t.value) / t.value if t.value != 0 else m - t.value
        if not math.isfinite(dev):
            dev = 10.0
        total += w[t.name] * dev * dev
    return total / sum(w.values())


def _weights(targets: Sequence[Target], weights: Mapping[str, float] | None) -> dict[str, float]:
    names = [t.name for t in targets]
    if weights is None:
        return dict.fromkeys(names, 1.0)
    unknown = sorted(set(weights) - set(names))
    if unknown:
        raise ValueError(f"weights: unknown target {unknown[0]!r}; targets are {names}")
    out = {n: float(weights.get(n, 1.0)) for n in names}
    if any(not (v >= 0 and math.isfinite(v)) for v in out.values()) or sum(out.values()) <= 0:
        raise ValueError("weights: must be finite, >= 0 and not all 0")
    return out


@attrs.frozen(eq=False)
class Evaluation:
    """One candidate of a calibration: its parameter values, measured means and distance."""

    index: int
    """Order of evaluation (0 first)."""
    values: Mapping[str, float]
    """Parameter values by path."""
    means: Mapping[str, float]
    """Mean over replications of each target's measure, by measure."""
    distance: float
    """:func:`distance` of the means from the targets."""
    comparison: Comparison = attrs.field(repr=False)
    """The runs behind the means."""


def evaluate(
    scenario: Scenario,
    values: Mapping[str, Any],
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    policy: Policy | None = None,
    targets: Sequence[Target] = TARGETS,
    weights: Mapping[str, float] | None = None,
    index: int = 0,
) -> Evaluation:
    """Run ``scenario`` with ``values`` applied and measure its distance from ``targets``.

    The replications use the seeds spawned from ``seed`` (common random numbers:
    two calls with the same seed differ only through ``values``).
    """
    chosen = TraditionalEmployment() if policy is None else policy
    point = apply_parameters(scenario, values)
    comparison = compare(
        point,
        {chosen.kind: chosen},
        replications=replications,
        seed=seed,
        executor=executor,
    )
    measures = list(dict.fromkeys(t.measure for t in targets))
    table = comparison.table(measures)
    means = {m: table.get(chosen.kind, m).mean for m in measures}
    return Evaluation(
        index=index,
        values={k: float(v) for k, v in values.items()},
        means=means,
        distance=distance(means, targets, weights),
        comparison=comparison,
    )


@attrs.frozen(eq=False)
class CalibrationResult:
    """The outcome of :func:`calibrate`: the best point found, its report, and the search."""

    parameters: tuple[str, ...]
    """The searched paths, in the order given."""
    bounds: tuple[tuple[float, float], ...]
    """Their bounds."""
    best: Mapping[str, float]
    """The best parameter values found, by path."""
    distance: float
    """Their :func:`distance` from the targets."""
    scenario: Scenario = attrs.field(repr=False)
    """The input scenario with ``best`` applied."""
    report: ValidationReport = attrs.field(repr=False)
    """The validation report at ``best`` (same runs as its evaluation)."""
    history: tuple[Evaluation, ...] = attrs.field(repr=False)
    """Every distinct point evaluated, in order."""
    method: str
    """The optimiser used."""
    converged: bool
    """Whether the optimiser met its tolerances within the budget."""
    message: str
    """The optimiser's own account of why it stopped."""
    replications: int
    """Replications per candidate."""
    seed: str
    """The root seed of every candidate's replications."""

    def to_frame(self) -> pd.DataFrame:
        """The search history: one row per evaluation, parameters, measures and distance."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
        return pd.DataFrame(
            [
                {"evaluation": e.index, **e.values, **e.means, "distance": e.distance}
                for e in self.history
            ]
        )

    def __str__(self) -> str:
        lines = [
            f"# calibration of {self.report.scenario} by {self.method}: "
            f"{len(self.history)} evaluations x {self.replications} replications, "
            f"seed {self.seed}; {'converged' if self.converged else 'stopped'}: {self.message}",
            "",
        ]
        width = max(len(p) for p in self.parameters)
        for p, (lo, hi) in zip(self.parameters, self.bounds, strict=True):
            lines.append(f"{p:<{width}}  {self.best[p]:.6g}  (bounds {lo:g} to {hi:g})")
        lines += [
            f"distance {self.distance:.4g} (RMS relative error {math.sqrt(self.distance):.1%})",
            "",
            str(self.report),
        ]
        return "\n".join(lines)


def _optimize() -> Any:
    try:
        from scipy import optimize
    except ImportError as exc:
        raise ImportError(
            "calibrate() uses SciPy's optimisers, an optional dependency: "
            "pip install 'microjob[calibrate]'"
        ) from exc
    return optimize


METHODS = ("Nelder-Mead", "Powell")
"""The optimisers :func:`calibrate` accepts: SciPy's derivative-free methods with bounds."""


def calibrate(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float]],
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    policy: Policy | None = None,
    targets: Sequence[Target] = TARGETS,
    weights: Mapping[str, float] | None = None,
    start: Mapping[str, float] | None = None,
    method: str = "Nelder-Mead",
    max_evaluations: int = 60,
    xtol: float = 0.01,
    ftol: float | None = None,
    callback: Callable[[Evaluation], None] | None = None,
) -> CalibrationResult:
    """Search the parameters within their bounds for the point closest to the targets.

    ``parameters`` maps dotted paths (as in :func:`microjob.sweep`) of float
    parameters to ``(low, high)`` bounds. Every candidate is run with
    ``replications`` replications on the same seeds spawned from ``seed``
    (common random numbers), under ``policy`` (default traditional), and
    scored by :func:`distance` with ``weights`` by target name. The search
    runs in the unit cube (each parameter rescaled to [0, 1] by its bounds)
    with SciPy's Nelder-Mead simplex (or Powell's method), both derivative-free
    and deterministic: the start is ``start`` or the scenario's own values
    (clipped into the bounds), and the initial simplex steps a quarter of
    each range from it, so the same arguments always give the same result.
    ``max_evaluations`` caps the optimiser's calls of the objective; points
    it asks for twice are not run again. ``xtol`` (a share of each range) is
    the stopping tolerance on the parameters; ``ftol`` one on the distance,
    by default none for Nelder-Mead (it stops when the simplex is smaller than
    ``xtol``: the objective is jagged at small scales, so waiting for its
    values to agree would spend the budget on noise) and 1e-4 (relative) for
    Powell. ``callback`` receives each new :class:`Evaluation`, for progress
    reports.

    With common random numbers the objective is a deterministic function of
    the parameters, but it is not smooth (a small change moves discrete
    events), so treat the result as a good point, not a proven optimum; more
    replications make the surface smoother. Needs SciPy
    (``pip install 'microjob[calibrate]'``).
    """
    chosen = _check_arguments(scenario, parameters, targets, weights, method, max_evaluations)
    replication_seeds(seed, replications)  # checks both before anything runs
    paths, bounds, start_u = _search_space(scenario, parameters, start)
    optimize = _optimize()
    run = functools.partial(
        evaluate,
        scenario,
        replications=replications,
        seed=seed,
        executor=executor,
        policy=policy,
        targets=chosen,
        weights=weights,
    )
    objective = _Objective(paths, tuple(bounds), run, callback)
    bounds_u = [(0.0, 1.0)] * len(paths)
    options = _options(method, start_u, max_evaluations=max_evaluations, xtol=xtol, ftol=ftol)
    result = optimize.minimize(objective, start_u, method=method, bounds=bounds_u, options=options)
    best = min(objective.history, key=lambda e: (e.distance, e.index))
    kind = (TraditionalEmployment() if policy is None else policy).kind
    return CalibrationResult(
        parameters=paths,
        bounds=tuple(bounds),
        best=dict(best.values),
        distance=best.distance,
        scenario=apply_parameters(scenario, best.values),
        report=_report(best.comparison, kind, chosen, seed=seed, confidence=0.95),
        history=tuple(objective.history),
        method=method,
        converged=bool(result.success),
        message=str(result.message),
        replications=replications,
        seed=_seed_label(seed),
    )


def _check_arguments(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float]],
    targets: Sequence[Target],
    weights: Mapping[str, float] | None,
    method: str,
    max_evaluations: int,
) -> tuple[Target, ...]:
    """The arguments of :func:`calibrate` checked (all but the seeds); the targets as a tuple."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    if method not in METHODS:
        raise ValueError(f"method: must be one of {list(METHODS)}, got {method!r}")
    if isinstance(max_evaluations, bool) or not isinstance(max_evaluations, int):
        raise ValueError(f"max_evaluations: must be a positive integer, got {max_evaluations!r}")
    if max_evaluations < 1:
        raise ValueError(f"max_evaluations: must be a positive integer, got {max_evaluations!r}")
    if not isinstance(parameters, Mapping) or not parameters:
        raise ValueError("parameters: give at least one dotted path with (low, high) bounds")
    chosen_targets = _check_targets(targets, "targets")
    if not chosen_targets:
        raise ValueError("targets: need at least one target")
    _weights(chosen_targets, weights)
    return chosen_targets


def _search_space(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float]],
    start: Mapping[str, float] | None,
) -> tuple[tuple[str, ...], list[tuple[float, float]], np.ndarray]:
    """The paths, their checked bounds, and the start in the unit cube (clipped into it)."""
    paths = tuple(parameters)
    bounds: list[tuple[float, float]] = []
    x0: list[float] = []
    given = dict(start or {})
    unknown = sorted(set(given) - set(paths))
    if unknown:
        raise ValueError(f"start: {unknown[0]!r} is not one of the parameters")
    for path in paths:
        lo, hi, current = _bounds(scenario, path, parameters[path])
        first = float(given.get(path, current))
        bounds.append((lo, hi))
        x0.append(min(max((first - lo) / (hi - lo), 0.0), 1.0))
    return paths, bounds, np.array(x0)


def _bounds(scenario: Scenario, path: str, pair: tuple[float, float]) -> tuple[float, float, float]:
    """A path's bounds ``(low, high)`` and its current value, checked: a float parameter,
    finite bounds ``low < high``, and both ends giving a valid scenario."""
    try:
        lo, hi = (float(v) for v in pair)
    except (TypeError, ValueError):
        raise ValueError(f"parameters {path!r}: bounds must be (low, high), got {pair!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"parameters {path!r}: need finite bounds low < high, got {pair!r}")
    current = _get(scenario, _parse_path(path), path)
    if isinstance(current, bool) or not isinstance(current, float):
        raise ValueError(
            f"parameters {path!r}: only float parameters can be calibrated, this one is {current!r}"
        )
    for end in (lo, hi):  # both ends must make a valid scenario
        apply_parameters(scenario, {path: end})
    return lo, hi, current


@attrs.define
class _Objective:
    """The distance at a point ``u`` of the unit cube, each distinct point run once.

    ``run(values, index=...)`` evaluates a candidate (:func:`evaluate` with
    everything but the values fixed); ``history`` keeps every distinct point
    in the order the optimiser asked for it.
    """

    paths: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    run: Callable[..., Evaluation]
    callback: Callable[[Evaluation], None] | None = None
    history: list[Evaluation] = attrs.Factory(list)
    seen: dict[tuple[float, ...], Evaluation] = attrs.Factory(dict)

    def values_at(self, u: np.ndarray) -> dict[str, float]:
        """Parameter values by path at ``u`` (clipped into the cube, scaled to the bounds)."""
        clipped = np.clip(u, 0.0, 1.0)
        return {
            p: lo + float(c) * (hi - lo)
            for p, (lo, hi), c in zip(self.paths, self.bounds, clipped, strict=True)
        }

    def __call__(self, u: np.ndarray) -> float:
        values = self.values_at(u)
        key = tuple(np.round(np.clip(u, 0.0, 1.0), 12).tolist())  # one run per point
        done = self.seen.get(key)
        if done is None:
            done = self.run(values, index=len(self.history))
            self.seen[key] = done
            self.history.append(done)
            if self.callback is not None:
                self.callback(done)
        return done.distance


def _options(
    method: str, start_u: np.ndarray, *, max_evaluations: int, xtol: float, ftol: float | None
) -> dict[str, Any]:
    """SciPy's options for ``method``: the budget, the tolerances, Nelder-Mead's first simplex.

    The simplex steps a quarter of each range from the start (back, where
    forward would leave the cube).
    """
    if method == "Nelder-Mead":
        simplex = [start_u]
        for i in range(len(start_u)):
            vertex = start_u.copy()
            vertex[i] += 0.25 if vertex[i] + 0.25 <= 1.0 else -0.25
            simplex.append(vertex)
        return {
            "maxfev": max_evaluations,
            "xatol": xtol,
            "fatol": math.inf if ftol is None else ftol,
            "initial_simplex": np.array(simplex),
        }
    return {"maxfev": max_evaluations, "xtol": xtol, "ftol": 1e-4 if ftol is None else ftol}
