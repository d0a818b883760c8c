"""The figures of the report, drawn on matplotlib figures made without pyplot."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from microjob import plot
from microjob.records import RunResult
from microjob.report.estimates import PEOPLE_COST, _Interval, _interval, _known, _measure
from microjob.report.format import _count, _show_value, _wrap
from microjob.report.labels import _policy_phrase, _series_colours

if TYPE_CHECKING:
    from matplotlib.figure import Figure


_T_MAX_YEARS = 10.0


_HAZARD_T_MAX_YEARS = 20.0


_FOREST_MEASURES = (
    "retention_2y",
    "retention_5y",
    "median_spell_years",
    "quit_rate_monthly",
    "layoff_rate_monthly",
    "hops_per_10_career_years",
    "internal_moves_per_employee_year",
    "skill_breadth",
    "skill_gain_per_worker_year",
    "wage_growth_annual",
    "turnover_cost_per_employee_year",
    PEOPLE_COST,
)
"""Measures in the figure of paired differences (those whose baseline mean is not zero)."""


_SWEEP_MEASURES = (
    "retention_2y",
    "quit_rate_monthly",
    "median_spell_years",
    "gig_participation_share",
    "skill_gain_per_worker_year",
    PEOPLE_COST,
)
"""Measures drawn against the swept parameter."""


def _style() -> Any:
    import matplotlib

    return matplotlib.rc_context(
        {
            "font.size": 10.0,
            "axes.titlesize": 11.0,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelcolor": "#333333",
            "xtick.color": "#444444",
            "ytick.color": "#444444",
            "savefig.facecolor": "white",
        }
    )


def _new_figure(Figure: Any, width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _tidy(ax: Any, *, grid: str | None = None) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    if grid:
        ax.grid(axis=grid, color="0.91", linewidth=0.8)
        ax.set_axisbelow(True)


def _point(
    ax: Any,
    x: float,
    est: _Interval,
    colour: str,
    *,
    marker: str = "o",
    size: float = 7.0,
    whisker: str | None = None,
    filled: bool = True,
    horizontal: bool = False,
    label: str | None = None,
) -> None:
    """A mean with its confidence interval as whiskers (none when it has no interval)."""
    err = [[est.mean - est.low], [est.high - est.mean]] if est.has_ci else None
    xy = ([est.mean], [x]) if horizontal else ([x], [est.mean])
    ax.errorbar(
        *xy,
        **{"xerr" if horizontal else "yerr": err},
        fmt=marker,
        ms=size,
        color=colour,
        mfc=colour if filled else "white",
        mec=colour,
        mew=1.2,
        ecolor=whisker or colour,
        elinewidth=1.4,
        capsize=3,
        zorder=5,
        label=label,
    )


def _retention_figure(
    Figure: Any,
    runs: Mapping[str, RunResult],
    colours: Mapping[str, str],
    markers: Mapping[str, Mapping[float, _Interval]],
    replications: int,
) -> Figure:
    """Kaplan-Meier curves of the example runs, with replication means at 1, 2 and 5 years."""
    from matplotlib.lines import Line2D

    fig = _new_figure(Figure, 7.2, 4.4)
    ax = fig.add_subplot()
    plot.retention(dict(runs), ax=ax, t_max_years=_T_MAX_YEARS, title="Retention by tenure")
    k = len(markers)
    for i, (name, points) in enumerate(markers.items()):
        for t, est in points.items():
            if math.isfinite(est.mean) and t <= _T_MAX_YEARS:
                x = t + (i - (k - 1) / 2) * 0.14
                _point(ax, x, est, colours[name], marker="D", size=5.5, whisker="0.25")
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], marker="D", color="0.35", linestyle="none", mec="white"))
    labels.append(f"Mean of {_count(replications, 'replication')}, 95% CI")
    ax.legend(handles, labels, frameon=False)
    return fig


def _hazard_figure(Figure: Any, tables: Mapping[str, Any]) -> Figure:
    fig = _new_figure(Figure, 7.2, 4.4)
    plot.tenure_hazard(dict(tables), ax=fig.add_subplot(), t_max_years=_HAZARD_T_MAX_YEARS)
    return fig


def _exits_figure(Figure: Any, series: Sequence[tuple[str, RunResult, str | None]]) -> Figure:
    """One exit-by-cause panel per series, on a shared probability axis."""
    k = len(series)
    fig = _new_figure(Figure, max(7.2, 4.2 * k), 3.9)
    axes = fig.subplots(1, k, sharey=True, squeeze=False)[0]
    for i, (ax, (name, run, kind)) in enumerate(zip(axes, series, strict=True)):
        plot.exit_incidence(run, ax=ax, policy=kind, t_max_years=_T_MAX_YEARS, title=name)
        ax.legend(frameon=False, loc="upper left", fontsize=8.5)
        if i:
            ax.set_ylabel("")
    return fig


def _skills_figure(
    Figure: Any, values: Mapping[str, Mapping[str, np.ndarray]], colours: Mapping[str, str]
) -> Figure:
    """Per policy: each replication's value (small dots) and the mean with its 95% CI."""
    fields = ("skill_gain_per_worker_year", "skill_breadth")
    fig = _new_figure(Figure, 7.2, 3.8)
    names = list(values)
    for ax, field in zip(fig.subplots(1, len(fields)), fields, strict=True):
        m = _measure(field)
        for i, name in enumerate(names):
            v = values[name][field]
            v = v[np.isfinite(v)]
            jitter = np.linspace(-0.12, 0.12, v.size) if v.size > 1 else np.zeros(v.size)
            ax.scatter(i - 0.1 + jitter, v, s=16, color=colours[name], alpha=0.5, linewidths=0)
            est = _interval(values[name][field])
            if math.isfinite(est.mean):
                _point(ax, i + 0.25, est, colours[name])
        ax.set_xticks(range(len(names)), [_wrap(n) for n in names])
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(m.label)
        ax.set_ylabel(m.unit[:1].upper() + m.unit[1:])
        _tidy(ax, grid="y")
    return fig


def _forest_figure(
    Figure: Any,
    baseline: str,
    base_means: Mapping[str, float],
    differences: Mapping[str, Mapping[str, _Interval]],
    colours: Mapping[str, str],
) -> Figure | None:
    """Paired differences from the baseline as % of the baseline mean, one row per measure.

    A text column gives each difference in the measure's own unit. None when no
    measure has a difference and a non-zero baseline mean.
    """
    rows = [
        f
        for f in _FOREST_MEASURES
        if math.isfinite(base_means.get(f, math.nan))
        and base_means[f] != 0.0
        and any(math.isfinite(d[f].mean) for d in differences.values() if f in d)
    ]
    if not rows:
        return None
    names = list(differences)
    k = len(names)
    fig = _new_figure(Figure, 9.0, 1.1 + 0.36 * len(rows) * (1 + 0.5 * (k - 1)))
    ax, text_ax = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": (3.0, 2.0)})
    ys = np.arange(len(rows), dtype=float)[::-1]
    for j, name in enumerate(names):
        offset = ((k - 1) / 2 - j) * 0.6 / k  # the first policy on top
        for y, field in zip(ys, rows, strict=True):
            d = differences[name].get(field)
            if d is None or not math.isfinite(d.mean):
                continue
            m = _measure(field)
            scale = 100.0 / abs(base_means[field])
            rel = _Interval(d.mean * scale, d.low * scale, d.high * scale, d.n)
            first = field == rows[0]
            _point(
                ax, y + offset, rel, colours[name], size=6.5, filled=d.excludes_zero,
                horizontal=True, label=name if first else None,
            )  # fmt: skip
            unit = f" {m.difference_unit}" if m.difference_unit else ""
            ci = f"   {m.show(d.low)} to {m.show(d.high)}" if d.has_ci else ""
            text_ax.text(
                0.0, y + offset, f"{m.show(d.mean, signed=True)}{unit}{ci}", va="center",
                fontsize=8.5, color="0.1" if d.excludes_zero else "0.45",
            )  # fmt: skip
    ax.axvline(0.0, color="0.3", linewidth=0.9)
    ax.set_yticks(ys, [_measure(f).label for f in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel(f"Difference from {_policy_phrase(baseline)}, % of its mean")
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


def _sweep_figure(
    Figure: Any,
    xs: Sequence[Any],
    series: Mapping[str, Sequence[int]],
    estimates: Mapping[tuple[int, str], _Interval],
    x_name: str,
) -> Figure:
    """Each key measure against the first swept parameter, one series per other combination.

    Numeric values give lines with 95% bands; other values (policies) points with whiskers.
    """
    fields = [f for f in _SWEEP_MEASURES if _known(f)]
    cols = 3
    n_rows = math.ceil(len(fields) / cols)
    fig = _new_figure(Figure, 10.0, 3.1 * n_rows + (0.5 if len(series) > 1 else 0.0))
    axes = fig.subplots(n_rows, cols, squeeze=False).ravel()
    numeric = all(isinstance(x, int | float) and not isinstance(x, bool) for x in xs)
    colours = _series_colours(list(series))
    k = len(series)
    for ax, field in zip(axes, fields, strict=False):
        m = _measure(field)
        for j, ((name, points), colour) in enumerate(zip(series.items(), colours, strict=True)):
            est = [estimates[(p, field)] for p in points]
            scaled = [
                _Interval(e.mean * m.scale, e.low * m.scale, e.high * m.scale, e.n) for e in est
            ]
            if numeric:
                x = [float(xs[p]) for p in points]
                low = [e.low if e.has_ci else e.mean for e in scaled]
                high = [e.high if e.has_ci else e.mean for e in scaled]
                ax.fill_between(x, low, high, color=colour, alpha=0.18, lw=0)
                mean = [e.mean for e in scaled]
                ax.plot(x, mean, marker="o", ms=4, color=colour, lw=1.6, label=name or None)
            else:
                for i, e in enumerate(scaled):
                    if math.isfinite(e.mean):
                        x0 = i + (j - (k - 1) / 2) * 0.5 / k
                        label = (name or None) if i == 0 else None
                        _point(ax, x0, e, colour, size=5.5, label=label)
        if not numeric:
            first = next(iter(series.values()))
            ax.set_xticks(range(len(first)), [_wrap(_show_value(xs[p])) for p in first])
            ax.set_xlim(-0.5, len(first) - 0.5)
        ax.set_title(m.label)
        ax.set_ylabel(m.short_unit)
        ax.set_xlabel(x_name)
        _tidy(ax, grid="y" if not numeric else "both")
    for ax in axes[len(fields) :]:
        ax.set_axis_off()
    if k > 1:
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=min(3, k), frameon=False)
    return fig


def _skill_breadth_figure(
    Figure: Any, series: Sequence[tuple[str, RunResult, str | None]], colours: Mapping[str, str]
) -> Figure | None:
    """Distribution of skill breadth among the simulated companies' employees at the end."""
    run = series[0][1]
    kinds = {i: c.policy.kind for i, c in enumerate(run.scenario.companies)}
    counts: dict[str, np.ndarray] = {}
    for name, _, kind in series:
        breadth = [
            int(np.count_nonzero(np.asarray(w.proficiency) >= 0.5))
            for w in run.workers
            if w.employer in kinds and (kind is None or kinds[w.employer] == kind)
        ]
        if breadth:
            counts[name] = np.array(breadth)
    if not counts:
        return None
    fig = _new_figure(Figure, 7.2, 3.8)
    ax = fig.add_subplot()
    top = max(int(c.max()) for c in counts.values())
    width = 0.8 / len(counts)
    for i, (name, c) in enumerate(counts.items()):
        share = np.bincount(c, minlength=top + 1) / c.size
        x = np.arange(top + 1) + (i - (len(counts) - 1) / 2) * width
        ax.bar(x, 100.0 * share, width, color=colours[name], label=f"{name} (mean {c.mean():.2f})")
    ax.set_title("Skill breadth at the end of the run")
    ax.set_xlabel("Skills at proficiency ≥ 0.5")
    ax.set_ylabel("% of employees")
    _tidy(ax, grid="y")
    ax.legend(frameon=False)
    return fig
