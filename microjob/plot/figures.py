"""The report's figures of retention and careers: curves, hazards, exits and skill breadth.

:mod:`microjob.report` arranges these figures on its pages; they are drawn
here, on matplotlib Figure objects made without pyplot (no global state,
nothing left open). Each takes plain numbers and labels: what to show and how
to name it is the report's business, how to draw it is this package's. The
report's figures of experiments are in :mod:`microjob.plot.experiments` and
:mod:`microjob.plot.levers`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from microjob.plot.curves import retention
from microjob.plot.hazards import exit_incidence, tenure_hazard
from microjob.plot.pooled import _draw_pooled, _pooled_series, _replications_title
from microjob.plot.style import _Ci, _colours, _new_figure, _point, _tidy
from microjob.records import RunResult
from microjob.survival import HazardTable, SurvivalCurve

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from microjob.experiment.comparison import Comparison

_REPORT_T_MAX_YEARS = 10.0
"""Tenure axis of the report's retention and exit figures (few spells are at risk later)."""

_REPORT_HAZARD_T_MAX_YEARS = 20.0
"""Last tenure band of the report's hazard figure."""


# ------------------------------------------------------------------ retention


def _retention_means_figure(
    runs: Mapping[str, RunResult],
    means: Mapping[str, Mapping[float, _Ci]],
    means_label: str,
    *,
    t_max_years: float = _REPORT_T_MAX_YEARS,
) -> Figure:
    """Kaplan-Meier curves of one run per label, with means over replications as diamonds.

    ``means`` gives, per label, estimates of retention at some tenures (years);
    ``means_label`` names them in the legend.
    """
    fig = _new_figure(7.2, 4.4)
    ax = fig.add_subplot()
    retention(dict(runs), ax=ax, t_max_years=t_max_years, title="Retention by tenure")
    colours = dict(zip(runs, _colours(list(runs)), strict=True))
    handles, labels = ax.get_legend_handles_labels()
    _mean_diamonds(ax, means, colours, t_max_years, handles, labels, means_label)
    ax.legend(handles, labels, frameon=False)
    return fig


def _mean_diamonds(
    ax: Axes,
    means: Mapping[str, Mapping[float, _Ci]],
    colours: Mapping[str, str],
    t_max_years: float,
    handles: list[Any],
    labels: list[str],
    means_label: str,
) -> None:
    """Estimates at some tenures as diamonds with whiskers, side by side, and their legend
    entry (appended to ``handles`` and ``labels``)."""
    from matplotlib.lines import Line2D

    if not any(means.values()):
        return
    k = len(means)
    for i, (name, points) in enumerate(means.items()):
        for t, est in points.items():
            if math.isfinite(est.mean) and t <= t_max_years:
                x = t + (i - (k - 1) / 2) * 0.14
                _point(ax, x, est, colours[name], marker="D", size=5.5, whisker="0.25")
    handles.append(Line2D([], [], marker="D", color="0.35", linestyle="none", mec="white"))
    labels.append(means_label)


def _pooled_retention_figure(
    comparison: Comparison,
    names: Mapping[str, str],
    means: Mapping[str, Mapping[float, _Ci]],
    means_label: str,
    *,
    by_kind: bool,
    each_replication: bool,
    t_max_years: float = _REPORT_T_MAX_YEARS,
) -> Figure:
    """Each arm's retention curve pooled over replications (:func:`pooled_retention`),
    with estimates at some tenures as diamonds; ``by_kind`` adds a panel of the curves by
    policy kind. ``names`` maps each arm's label to its name, ``means`` is keyed by name."""
    fig = _new_figure(12.8 if by_kind else 7.2, 4.6 if by_kind else 4.4)
    axes = fig.subplots(1, 2 if by_kind else 1, sharey=True, squeeze=False)[0]
    colours = dict(zip(names.values(), _colours(list(names.values())), strict=True))
    panels = [(axes[0], False, "Retention by tenure")]
    if by_kind:
        panels.append((axes[1], True, "By the policy of the company"))
    for i, (ax, kinds, title) in enumerate(panels):
        series = _pooled_series(comparison, names, "all", kinds, 0.95)
        handles, labels = _draw_pooled(ax, series, 0.95, each_replication, t_max_years)
        if not kinds:
            _mean_diamonds(ax, means, colours, t_max_years, handles, labels, means_label)
        ax.set_title(title)
        size = 8.5 if by_kind else None
        ax.legend(
            handles,
            labels,
            title=_replications_title(series),
            frameon=False,
            fontsize=size,
            title_fontsize=size,
        )
        if i:
            ax.set_ylabel("")
    return fig


def _retention_median_figure(
    curves: Mapping[str, SurvivalCurve | RunResult], *, t_max_years: float = _REPORT_T_MAX_YEARS
) -> Figure:
    """Kaplan-Meier curves with their medians marked."""
    fig = _new_figure(7.2, 4.4)
    retention(dict(curves), ax=fig.add_subplot(), t_max_years=t_max_years, median=True)
    return fig


# ------------------------------------------------------------------ hazards and exits


def _hazard_figure(
    tables: Mapping[str, HazardTable | RunResult],
    *,
    t_max_years: float = _REPORT_HAZARD_T_MAX_YEARS,
) -> Figure:
    """Separation hazard by tenure band, one series of bars per label."""
    fig = _new_figure(7.2, 4.4)
    tenure_hazard(dict(tables), ax=fig.add_subplot(), t_max_years=t_max_years)
    return fig


def _exits_figure(
    series: Sequence[tuple[str, RunResult, str | None]],
    *,
    t_max_years: float = _REPORT_T_MAX_YEARS,
) -> Figure:
    """One exit-by-cause panel per (title, run, policy filter), on a shared probability axis."""
    k = len(series)
    fig = _new_figure(max(7.2, 4.2 * k), 3.9)
    axes = fig.subplots(1, k, sharey=True, squeeze=False)[0]
    for i, (ax, (name, run, kind)) in enumerate(zip(axes, series, strict=True)):
        exit_incidence(run, ax=ax, policy=kind, t_max_years=t_max_years, title=name)
        ax.legend(frameon=False, loc="upper left", fontsize=8.5)
        if i:
            ax.set_ylabel("")
    return fig


# ------------------------------------------------------------------ skills


def _skill_breadth_figure(
    series: Sequence[tuple[str, RunResult, str | None]], *, threshold: float = 0.5
) -> Figure | None:
    """Skill breadth among the simulated companies' employees at the end of a run.

    One set of bars per (label, run, policy filter): the share of employees by the
    number of skills they hold at proficiency ``threshold`` or above. None when no
    series has employees.
    """
    counts: dict[str, np.ndarray] = {}
    for name, run, kind in series:
        kinds = {i: c.policy.kind for i, c in enumerate(run.scenario.companies)}
        breadth = [
            int(np.count_nonzero(np.asarray(w.proficiency) >= threshold))
            for w in run.workers
            if w.employer in kinds and (kind is None or kinds[w.employer] == kind)
        ]
        if breadth:
            counts[name] = np.array(breadth)
    if not counts:
        return None
    colours = dict(zip(counts, _colours(list(counts)), strict=True))
    fig = _new_figure(7.2, 3.8)
    ax = fig.add_subplot()
    top = max(int(c.max()) for c in counts.values())
    width = 0.8 / len(counts)
    for i, (name, c) in enumerate(counts.items()):
        share = np.bincount(c, minlength=top + 1) / c.size
        x = np.arange(top + 1) + (i - (len(counts) - 1) / 2) * width
        ax.bar(x, 100.0 * share, width, color=colours[name], label=f"{name} (mean {c.mean():.2f})")
    ax.set_title("Skill breadth at the end of the run")
    ax.set_xlabel(f"Skills at proficiency ≥ {threshold:g}")
    ax.set_ylabel("% of employees")
    _tidy(ax, grid="y")
    ax.legend(frameon=False)
    return fig
