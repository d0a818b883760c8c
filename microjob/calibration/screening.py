"""One-at-a-time sensitivity screen of a policy difference, with its tornado chart.

:func:`sensitivity` runs the scenario at each parameter's low and high value
under two policies paired by seed and reports how far the mean paired
difference of one measure moves; :class:`SensitivityResult` prints it, gives
it as a DataFrame and draws it as a tornado chart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from microjob.calibration.parameters import apply_parameters
from microjob.experiment import Seed
from microjob.experiment.comparison import Comparison, _arm_tasks
from microjob.experiment.executors import _run_all
from microjob.experiment.seeds import replication_seeds
from microjob.experiment.store import ResultStore
from microjob.policies import Policy, TraditionalEmployment
from microjob.scenario import Scenario
from microjob.summary import RunSummary

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


@attrs.frozen
class SensitivityRow:
    """The policy difference at the low and high value of one parameter."""

    parameter: str
    """Dotted parameter path."""
    low: float
    high: float
    at_low: float
    """Mean paired difference (policy minus baseline) with the parameter at ``low``."""
    at_low_ci: tuple[float, float]
    at_high: float
    """Mean paired difference with the parameter at ``high``."""
    at_high_ci: tuple[float, float]

    @property
    def swing(self) -> float:
        """How much the difference moves from ``low`` to ``high``."""
        return self.at_high - self.at_low


@attrs.frozen(eq=False)
class SensitivityResult:
    """One-at-a-time screening of what moves a policy difference, largest swing first."""

    measure: str
    """The RunSummary field whose policy difference is screened."""
    reference: float
    """The difference at the scenario's own values."""
    reference_ci: tuple[float, float]
    rows: tuple[SensitivityRow, ...]
    replications: int

    def __str__(self) -> str:
        lo, hi = self.reference_ci
        lines = [
            f"# difference in {self.measure} (policy minus baseline), "
            f"{self.replications} paired replications; at the scenario's values "
            f"{self.reference:+.4g} [{lo:.4g}, {hi:.4g}]",
            f"{'parameter':<42} {'low':>9} {'high':>9} {'at low':>10} {'at high':>10} "
            f"{'swing':>10}",
        ]
        for r in self.rows:
            lines.append(
                f"{r.parameter:<42} {r.low:>9.4g} {r.high:>9.4g} {r.at_low:>+10.4g} "
                f"{r.at_high:>+10.4g} {r.swing:>+10.4g}"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per parameter (needs pandas)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "parameter": r.parameter,
                    "low": r.low,
                    "high": r.high,
                    "at_low": r.at_low,
                    "at_high": r.at_high,
                    "swing": r.swing,
                }
                for r in self.rows
            ]
        )

    def figure(self) -> Figure:
        """A tornado chart: the difference at each parameter's low and high value."""
        import matplotlib.pyplot as plt

        rows = self.rows[::-1]  # largest swing on top
        fig, ax = plt.subplots(figsize=(8.0, 0.45 * len(rows) + 1.6), layout="constrained")
        for i, r in enumerate(rows):
            ax.plot([r.at_low, r.at_high], [i, i], color="0.6", lw=3, zorder=1)
            ax.errorbar(
                r.at_low,
                i,
                xerr=[[r.at_low - r.at_low_ci[0]], [r.at_low_ci[1] - r.at_low]],
                fmt="o",
                color="#0072B2",
                capsize=2,
                label="low value" if i == 0 else None,
            )
            ax.errorbar(
                r.at_high,
                i,
                xerr=[[r.at_high - r.at_high_ci[0]], [r.at_high_ci[1] - r.at_high]],
                fmt="s",
                color="#E69F00",
                capsize=2,
                label="high value" if i == 0 else None,
            )
        ax.axvline(self.reference, color="0.2", ls="--", lw=1, label="at the scenario's values")
        ax.axvline(0.0, color="0.2", lw=0.6)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([f"{r.parameter}\n{r.low:g} to {r.high:g}" for r in rows], fontsize=8)
        ax.set_xlabel(f"Difference in {self.measure}, policy minus baseline (95% CI)")
        ax.set_title("What moves the policy difference (one parameter at a time)")
        ax.legend(frameon=False, fontsize=8, loc="best")
        return fig


def sensitivity(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float]],
    *,
    measure: str = "retention_2y",
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    baseline: Policy | None = None,
    policy: Policy | None = None,
    progress: bool | str = False,
    store: str | Path | ResultStore | None = None,
) -> SensitivityResult:
    """Screen which parameters move a policy difference most, one at a time.

    For each dotted path, the scenario is run at the path's ``low`` and
    ``high`` value (every other parameter at the scenario's value) under the
    ``baseline`` policy (default traditional) and ``policy`` (default
    internal freelance), paired by seed as in :func:`microjob.compare`, and
    the mean paired difference of ``measure`` is reported at both ends.
    Parameters come out sorted by the size of the swing. A one-at-a-time
    screen (Saltelli et al. 2008, ch. 1) misses interactions, but it shows
    cheaply which levers a conclusion leans on.

    Every run of the screen goes to ``executor`` in one batch, so a pool or a
    cluster stays busy across points. ``store`` (a SQLite file, made for
    ``scenario``) keeps each finished run, so an interrupted screen resumes
    where it stopped; ``progress`` is :func:`microjob.compare`'s.
    """
    from microjob.policies import InternalFreelance

    if measure not in RunSummary.field_names():
        raise ValueError(f"measure: {measure!r} is not a RunSummary field")
    if not parameters:
        raise ValueError("parameters: give at least one path with (low, high) values")
    policies = {
        "baseline": baseline if baseline is not None else TraditionalEmployment(),
        "policy": policy if policy is not None else InternalFreelance(),
    }
    points = [scenario]
    for path, bounds in parameters.items():
        low, high = bounds
        points += [
            apply_parameters(scenario, {path: low}),
            apply_parameters(scenario, {path: high}),
        ]
    seeds = replication_seeds(seed, replications)
    tasks = [t for i, point in enumerate(points) for t in _arm_tasks(i, point, policies, seeds)]
    runs, ran = _run_all(tasks, scenario, executor=executor, progress=progress, store=store)

    def difference(i: int) -> tuple[float, tuple[float, float]]:
        own = tuple(r for r in runs if r.point == i)
        comparison = Comparison(points[i], tuple(policies), replications, own, ran)
        d = comparison.differences(baseline="baseline", measures=[measure]).get("policy", measure)
        return d.mean, (d.ci_low, d.ci_high)

    reference, reference_ci = difference(0)
    rows = []
    for k, (path, bounds) in enumerate(parameters.items()):
        low, high = bounds
        at_low, at_low_ci = difference(1 + 2 * k)
        at_high, at_high_ci = difference(2 + 2 * k)
        rows.append(SensitivityRow(path, low, high, at_low, at_low_ci, at_high, at_high_ci))
    rows.sort(key=lambda r: -abs(r.swing) if math.isfinite(r.swing) else 0.0)
    return SensitivityResult(measure, reference, reference_ci, tuple(rows), replications)
