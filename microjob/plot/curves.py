"""Retention curves: Kaplan-Meier survival by tenure, alone or with hazards and exits.

:func:`retention` draws one step curve per label with its confidence band;
:func:`retention_figure` puts the curves, the hazard by tenure band and the
exits by cause of several runs in one figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from microjob import measures
from microjob.plot.hazards import exit_incidence, tenure_hazard
from microjob.plot.inputs import _check_t_max, _runs, _series
from microjob.plot.style import _BAND_ALPHA, _axes, _colours, _finish, _pyplot, _steps, _x_limit
from microjob.records import RunResult
from microjob.survival import SurvivalCurve

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _retention_of(run: RunResult, kind: str | None) -> SurvivalCurve:
    return measures.retention_curve(run, policy=kind)


def retention(
    curves: Mapping[str, SurvivalCurve | RunResult] | Sequence[RunResult] | RunResult,
    *,
    ax: Axes | None = None,
    ci: bool = True,
    t_max_years: float | None = None,
    median: bool = False,
    title: str = "Retention by tenure",
) -> Axes:
    """Kaplan-Meier retention curves, one per label, with shaded confidence bands.

    ``curves`` maps labels to :class:`~microjob.survival.SurvivalCurve` (or to
    runs, whose simulated companies' spells give the curve through
    :func:`microjob.measures.retention_curve`), or is a sequence of runs
    labelled by policy. Each curve is drawn as a right-continuous step
    function from (0, 1); the band is the curve's own pointwise interval
    (Greenwood, log-log). ``t_max_years`` cuts the tenure axis, where late
    tenures have few spells at risk; ``median`` marks where each curve falls
    to one half.
    """
    _pyplot()
    series = _series(curves, "curves", SurvivalCurve, _retention_of)
    _check_t_max(t_max_years)
    ax = _axes(ax)
    last = []
    for (label, curve), colour in zip(series, _colours([s[0] for s in series]), strict=True):
        x, (y, low, high) = _steps(
            curve.times, (curve.survival, curve.ci_low, curve.ci_high), 1.0, t_max_years
        )
        last.append(float(x[-1]))
        ax.step(x, y, where="post", color=colour, linewidth=1.6, label=label)
        if ci:
            ax.fill_between(x, low, high, step="post", color=colour, alpha=_BAND_ALPHA, lw=0)
        med = curve.median
        if median and med is not None and (t_max_years is None or med <= t_max_years):
            ax.plot([med, med], [0.0, 0.5], color=colour, linestyle=":", linewidth=1.0)
    if median:
        ax.axhline(0.5, color="0.6", linestyle=":", linewidth=0.8)
    ax.set_xlim(0.0, _x_limit(last, t_max_years))
    ax.set_ylim(0.0, 1.02)
    _finish(ax, title, "Tenure (years)", "Share still employed")
    return ax


def retention_figure(
    results: Mapping[str, RunResult] | Sequence[RunResult] | RunResult,
    *,
    t_max_years: float | None = None,
    title: str | None = None,
) -> Figure:
    """Retention, hazard by tenure and exits by cause of several runs, in one figure.

    The top row holds the retention curves and the hazard by tenure band of
    every series; the bottom row one exit-incidence panel per series, on a
    shared probability axis. ``results`` is a sequence of runs (labelled by
    policy) or a mapping from label to run.
    """
    plt = _pyplot()
    runs = _runs(results, "results")
    _check_t_max(t_max_years)
    k = len(runs)
    cols = math.lcm(2, k)
    fig = plt.figure(figsize=(max(10.0, 4.2 * k), 8.0), layout="constrained")
    grid = fig.add_gridspec(2, cols)
    left = fig.add_subplot(grid[0, : cols // 2])
    right = fig.add_subplot(grid[0, cols // 2 :])
    named = {label: run for label, run, _ in runs}
    kinds = {label: kind for label, _, kind in runs}
    retention(
        {label: measures.retention_curve(run, policy=kinds[label]) for label, run in named.items()},
        ax=left,
        t_max_years=t_max_years,
    )
    tenure_hazard(
        {label: measures.tenure_hazard(run, policy=kinds[label]) for label, run in named.items()},
        ax=right,
        t_max_years=t_max_years,
    )
    share = None
    for i, (label, run, kind) in enumerate(runs):
        panel = fig.add_subplot(grid[1, i * (cols // k) : (i + 1) * (cols // k)], sharey=share)
        share = share or panel
        exit_incidence(
            measures.exit_incidence(run, policy=kind),
            ax=panel,
            t_max_years=t_max_years,
            title=f"Exits by cause: {label}",
        )
    if title is not None:
        fig.suptitle(title)
    return fig
