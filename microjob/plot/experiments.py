"""Experiment figures of the report: replications, paired differences and parameter sweeps.

Each takes plain numbers and labels (what to show and how to name it is the
report's business) and draws on a matplotlib Figure made without pyplot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from microjob.plot.labels import POLICY_LABELS
from microjob.plot.style import _PALETTE, _Ci, _colours, _has_ci, _new_figure, _point, _tidy, _wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


class _DifferencePoint(NamedTuple):
    """One point of the figure of paired differences."""

    mean: float
    """Mean difference, in % of the baseline's mean."""
    low: float
    """Lower end of its interval, same unit (NaN: no interval)."""
    high: float
    """Upper end."""
    clear: bool
    """Drawn filled: a clear difference (the report decides what is clear)."""
    text: str
    """The difference in the measure's own unit, written beside the point."""


# ------------------------------------------------------------------ replications


def _replications_figure(
    panels: Sequence[tuple[str, str]],
    values: Mapping[str, Sequence[np.ndarray]],
    means: Mapping[str, Sequence[_Ci]],
) -> Figure:
    """Per panel (title, axis label) and label: each replication's value and the mean with its CI.

    ``values[label][i]`` are the replications' values in panel ``i``, ``means[label][i]``
    their mean with its interval (both already in the unit of the axis).
    """
    fig = _new_figure(7.2, 3.8)
    names = list(values)
    colours = dict(zip(names, _colours(names), strict=True))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for j, (ax, (title, ylabel)) in enumerate(zip(axes, panels, strict=True)):
        for i, name in enumerate(names):
            v = np.asarray(values[name][j], dtype=float)
            v = v[np.isfinite(v)]
            jitter = np.linspace(-0.12, 0.12, v.size) if v.size > 1 else np.zeros(v.size)
            ax.scatter(i - 0.1 + jitter, v, s=16, color=colours[name], alpha=0.5, linewidths=0)
            est = means[name][j]
            if math.isfinite(est.mean):
                _point(ax, i + 0.25, est, colours[name])
        ax.set_xticks(range(len(names)), [_wrap(n) for n in names])
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        _tidy(ax, grid="y")
    return fig


# ------------------------------------------------------------------ paired differences


def _differences_figure(
    rows: Sequence[str],
    series: Mapping[str, Sequence[_DifferencePoint | None]],
    baseline: str,
) -> Figure:
    """Paired differences from ``baseline`` as % of its mean, one row per measure.

    ``rows`` are the measures' labels, top first; ``series[name][i]`` the point of
    ``name`` in row ``i`` (None: nothing to draw). A column of text beside the axis
    gives each difference in the measure's own unit; clear differences are filled.
    """
    names = list(series)
    k = len(names)
    colours = dict(zip(names, _colours(names), strict=True))
    fig = _new_figure(9.0, 1.1 + 0.36 * len(rows) * (1 + 0.5 * (k - 1)))
    ax, text_ax = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": (3.0, 2.0)})
    ys = np.arange(len(rows), dtype=float)[::-1]
    for j, name in enumerate(names):
        offset = ((k - 1) / 2 - j) * 0.6 / k  # the first series on top
        labelled = False
        for y, point in zip(ys, series[name], strict=True):
            if point is None or not math.isfinite(point.mean):
                continue
            _point(
                ax, y + offset, point, colours[name], size=6.5, filled=point.clear,
                horizontal=True, label=None if labelled else name,
            )  # fmt: skip
            labelled = True
            text_ax.text(
                0.0, y + offset, point.text, va="center", fontsize=8.5,
                color="0.1" if point.clear else "0.45",
            )  # fmt: skip
    ax.axvline(0.0, color="0.3", linewidth=0.9)
    ax.set_yticks(ys, list(rows))
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel(f"Difference from {baseline}, % of its mean")
    ax.set_title("Paired differences, 95% CI")
    _tidy(ax, grid="x")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if k > 1:
        ax.legend(frameon=False, loc="lower right", fontsize=8.5)
    text_ax.set_axis_off()
    text_ax.set_xlim(0.0, 1.0)
    text_ax.set_title("In the measure's unit", fontweight="normal", color="0.35")
    return fig


# ------------------------------------------------------------------ sweeps


def _series_colours(names: Sequence[str]) -> list[str]:
    """Colours of sweep series: a policy's own colour for "policy = KIND" (or its label)."""
    fixed = {}
    for kind, label in POLICY_LABELS.items():
        fixed[f"policy = {kind}"] = fixed[f"policy = {label}"] = _colours([label])[0]
    if all(x in fixed for x in names):
        return [fixed[x] for x in names]
    spare = [c for c in _PALETTE if c not in fixed.values()]
    return [spare[i % len(spare)] for i in range(len(names))]


def _sweep_figure(
    xs: Sequence[Any],
    tick_labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    panels: Sequence[tuple[str, str, Sequence[_Ci]]],
    x_name: str,
) -> Figure:
    """Measures against a swept parameter, one series per combination of the others.

    ``xs`` are the parameter's values at each grid point (``tick_labels`` their
    names), ``series`` the grid points of each series by its name, and ``panels``
    (title, axis label, estimate at each grid point) one panel per measure.
    Numeric values give lines with 95% bands; other values (policies) points with
    whiskers.
    """
    cols = 3
    n_rows = math.ceil(len(panels) / cols)
    fig = _new_figure(10.0, 3.1 * n_rows + (0.5 if len(series) > 1 else 0.0))
    axes = fig.subplots(n_rows, cols, squeeze=False).ravel()
    numeric = all(isinstance(x, int | float) and not isinstance(x, bool) for x in xs)
    colours = _series_colours(list(series))
    k = len(series)
    for ax, (title, ylabel, estimates) in zip(axes, panels, strict=False):
        _sweep_panel(ax, xs, tick_labels, series, colours, estimates, numeric=numeric)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.set_xlabel(x_name)
        _tidy(ax, grid="y" if not numeric else "both")
    for ax in axes[len(panels) :]:
        ax.set_axis_off()
    if k > 1:
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=min(3, k), frameon=False)
    return fig


def _sweep_panel(
    ax: Axes,
    xs: Sequence[Any],
    tick_labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    colours: Sequence[str],
    estimates: Sequence[_Ci],
    *,
    numeric: bool,
) -> None:
    """One measure of :func:`_sweep_figure`: per series, a line with its band over numeric
    values, or else points with whiskers side by side at one tick per value."""
    k = len(series)
    for j, ((name, points), colour) in enumerate(zip(series.items(), colours, strict=True)):
        est = [estimates[p] for p in points]
        if numeric:
            x = [float(xs[p]) for p in points]
            low = [e.low if _has_ci(e) else e.mean for e in est]
            high = [e.high if _has_ci(e) else e.mean for e in est]
            ax.fill_between(x, low, high, color=colour, alpha=0.18, lw=0)
            mean = [e.mean for e in est]
            ax.plot(x, mean, marker="o", ms=4, color=colour, lw=1.6, label=name or None)
        else:
            for i, e in enumerate(est):
                if math.isfinite(e.mean):
                    x0 = i + (j - (k - 1) / 2) * 0.5 / k
                    label = (name or None) if i == 0 else None
                    _point(ax, x0, e, colour, size=5.5, label=label)
    if not numeric:
        first = next(iter(series.values()))
        ax.set_xticks(range(len(first)), [_wrap(tick_labels[p]) for p in first])
        ax.set_xlim(-0.5, len(first) - 0.5)
