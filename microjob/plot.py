"""Figures of retention: survival curves, hazard by tenure and exits by cause.

Each function draws one estimate from :mod:`microjob.survival` on a matplotlib
``Axes`` and returns it, so a figure can be composed, restyled or saved by
the caller. Pass ``ax=`` to draw into an existing axes; without it a new
figure is created with :mod:`matplotlib.pyplot`.

Estimates come in as a mapping from label to estimate (``{"Before":
curve_a, "After": curve_b}``), or as runs: a mapping from label to
:class:`~microjob.records.RunResult`, or a sequence of runs, each labelled by
the policy of its simulated companies ("Traditional employment", "Internal
freelance"). A run whose companies follow several policies (the ``mixed``
preset) gives one series per policy. Each policy keeps its colour in every
panel.

:func:`pooled_retention` draws retention over the replications of a
comparison (:func:`microjob.compare` with ``keep=("retention_curve",)``): each
arm's mean Kaplan-Meier curve with a band over replications.
:func:`decomposition` draws where a policy difference comes from: the
levers' Shapley values and one-at-a-time effects from
:func:`microjob.decompose`.

matplotlib is an optional dependency (``pip install 'microjob[plot]'``). It
is imported when a function is called, never when this module is imported.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, TypeVar

import numpy as np

from microjob import measures
from microjob.policies import POLICY_KINDS, find_policy_kind, policy_label
from microjob.records import RunResult
from microjob.summary import RunSummary
from microjob.survival import CompetingRisks, HazardTable, SurvivalCurve

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from microjob.experiment.comparison import Comparison
    from microjob.experiment.decompose import Combinations

__all__ = [
    "CAUSE_LABELS",
    "POLICY_LABELS",
    "decomposition",
    "exit_incidence",
    "pooled_retention",
    "retention",
    "retention_figure",
    "tenure_hazard",
]

POLICY_LABELS = {entry.kind: entry.label for entry in POLICY_KINDS}
"""Legend labels of the built-in policy kinds (from :data:`microjob.policies.POLICY_KINDS`)."""

CAUSE_LABELS = {
    "quit": "Quit (job hop)",
    "withdraw": "Quit to non-employment",
    "layoff": "Layoff",
    "retire": "Retirement",
}
"""Legend labels of the causes of exit."""

_EVENT_NAMES = {
    None: "Separations",
    "quit": "Quits",
    "withdraw": "Quits to non-employment",
    "layoff": "Layoffs",
    "retire": "Retirements",
}

# The Okabe-Ito palette, which stays distinguishable with the common colour-vision deficiencies.
_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_FIXED_COLOURS = {
    POLICY_LABELS["traditional"]: "#0072B2",
    POLICY_LABELS["internal-freelance"]: "#E69F00",
}
# Causes get colours that no policy uses, so a combined figure never mixes the two meanings.
_CAUSE_COLOURS = {
    "quit": "#CC79A7",
    "withdraw": "#D55E00",
    "layoff": "#009E73",
    "retire": "#7F7F7F",
}
_BAND_ALPHA = 0.2

_Estimate = TypeVar("_Estimate", SurvivalCurve, HazardTable, CompetingRisks)


def _pyplot() -> Any:
    """matplotlib.pyplot, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "microjob.plot needs matplotlib, which is an optional dependency: "
            "pip install 'microjob[plot]'"
        ) from exc
    return plt


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    _, new = _pyplot().subplots(figsize=(6.4, 4.2), layout="constrained")
    return new


def _policy_label(kind: str) -> str:
    return policy_label(kind)


def _run_series(run: RunResult) -> list[tuple[str, str | None]]:
    """(label, policy filter) of each policy kind among a run's simulated companies."""
    kinds = list(dict.fromkeys(c.policy.kind for c in run.scenario.companies))
    if len(kinds) == 1:
        return [(_policy_label(kinds[0]), None)]
    return [(_policy_label(k), k) for k in kinds]


def _runs(data: Any, argument: str) -> list[tuple[str, RunResult, str | None]]:
    """Runs as (label, run, policy filter): from a mapping label -> run, or a sequence of runs."""
    if isinstance(data, RunResult):
        data = [data]
    out: list[tuple[str, RunResult, str | None]] = []
    if isinstance(data, Mapping):
        for label, run in data.items():
            if not isinstance(label, str):
                raise TypeError(f"{argument}: labels must be strings, got {label!r}")
            if not isinstance(run, RunResult):
                raise TypeError(
                    f"{argument}[{label!r}]: must be a RunResult, got {type(run).__name__}"
                )
            out.append((label, run, None))
    elif isinstance(data, Sequence) and not isinstance(data, str):
        for i, run in enumerate(data):
            if not isinstance(run, RunResult):
                raise TypeError(f"{argument}[{i}]: must be a RunResult, got {type(run).__name__}")
            out.extend((label, run, kind) for label, kind in _run_series(run))
        labels = [label for label, _, _ in out]
        for label in labels:
            if labels.count(label) > 1:
                raise ValueError(
                    f"{argument}: two runs would both be labelled {label!r}; "
                    "pass a mapping from label to run to name them"
                )
    else:
        raise TypeError(
            f"{argument}: must be a mapping from label to RunResult or a sequence of "
            f"RunResults, got {type(data).__name__}"
        )
    if not out:
        raise ValueError(f"{argument}: is empty; pass at least one run")
    return out


def _series(
    data: Any,
    argument: str,
    estimate: type[_Estimate],
    of_run: Callable[[RunResult, str | None], _Estimate],
) -> list[tuple[str, _Estimate]]:
    """Labelled estimates from a mapping label -> estimate or run, or from runs."""
    what = f"a mapping from label to {estimate.__name__} or RunResult, or a sequence of RunResults"
    if isinstance(data, estimate):
        raise TypeError(
            f"{argument}: must be {what}, got a single {estimate.__name__}; "
            f"pass {{'label': {argument}}} to name it in the legend"
        )
    if isinstance(data, Mapping):
        if not data:
            raise ValueError(f"{argument}: is empty; pass at least one {estimate.__name__}")
        out = []
        for label, value in data.items():
            if not isinstance(label, str):
                raise TypeError(f"{argument}: labels must be strings, got {label!r}")
            if isinstance(value, estimate):
                out.append((label, value))
            elif isinstance(value, RunResult):
                out.append((label, of_run(value, None)))
            else:
                raise TypeError(
                    f"{argument}[{label!r}]: must be a {estimate.__name__} or a RunResult, "
                    f"got {type(value).__name__}"
                )
        return out
    if isinstance(data, RunResult) or (
        isinstance(data, Sequence) and not isinstance(data, str | bytes)
    ):
        return [(label, of_run(run, kind)) for label, run, kind in _runs(data, argument)]
    raise TypeError(f"{argument}: must be {what}, got {type(data).__name__}")


def _colours(labels: Sequence[str]) -> list[str]:
    """One colour per label: the policies' own colours, then the palette in order."""
    taken = {_FIXED_COLOURS[x] for x in labels if x in _FIXED_COLOURS}
    free = iter([c for c in _PALETTE if c not in taken] * (len(labels) // len(_PALETTE) + 1))
    return [_FIXED_COLOURS[x] if x in _FIXED_COLOURS else next(free) for x in labels]


def _check_t_max(t_max_years: float | None) -> None:
    if t_max_years is not None and not (
        isinstance(t_max_years, int | float)
        and not isinstance(t_max_years, bool)
        and t_max_years > 0
        and math.isfinite(t_max_years)
    ):
        raise ValueError(f"t_max_years: must be a finite number > 0, got {t_max_years!r}")


def _steps(
    times: np.ndarray, columns: Sequence[np.ndarray], start: float, t_max: float | None
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Step-function vertices from (0, start), cut at ``t_max``.

    A cut inside the data holds the last level up to ``t_max``; the steps never
    run past the last observed time, where the estimate is unknown.
    """
    x = np.concatenate(([0.0], times))
    ys = [np.concatenate(([start], col)) for col in columns]
    if t_max is not None and t_max <= x[-1]:
        keep = x < t_max
        x = np.append(x[keep], t_max)
        ys = [np.append(y[keep], y[keep][-1]) for y in ys]
    return x, ys


def _x_limit(last_times: Sequence[float], t_max: float | None) -> float:
    if t_max is not None:
        return t_max
    return max([*last_times, 0.0]) or 1.0


def _finish(
    ax: Axes, title: str, xlabel: str, ylabel: str, *, reverse: bool = False, **legend: Any
) -> None:
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    if reverse:  # stacked areas: the top layer first, as the eye reads them
        handles, labels = handles[::-1], labels[::-1]
    ax.legend(handles, labels, frameon=False, **legend)


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


def _band_label(lo: float, hi: float) -> str:
    return f"{lo:g}–{hi:g}"


def tenure_hazard(
    tables: Mapping[str, HazardTable | RunResult] | Sequence[RunResult] | RunResult,
    *,
    ax: Axes | None = None,
    reason: str | None = None,
    edges: Sequence[float] | None = None,
    t_max_years: float | None = None,
    title: str | None = None,
) -> Axes:
    """Separation hazard per employee-year by tenure band: grouped bars with CI whiskers.

    ``tables`` maps labels to :class:`~microjob.survival.HazardTable` (or to
    runs), or is a sequence of runs labelled by policy. Runs are turned into
    tables by :func:`microjob.measures.tenure_hazard` with ``reason`` (count
    only quits, layoffs or retirements) and ``edges`` (default
    :data:`~microjob.measures.TENURE_BANDS_YEARS`); both apply to runs only.
    Bands are drawn side by side whatever their width, so that the short
    early bands, where hazards rise and fall, stay readable. Bands with no
    exposure in any table, and bands from ``t_max_years`` on (where few
    spells are at risk and the whiskers grow long), are left out.
    """
    _pyplot()
    series = _hazard_series(tables, reason, edges)
    _check_t_max(t_max_years)
    shown = _bands_shown(series, t_max_years)
    ax = _axes(ax)
    _hazard_bars(ax, series, shown)
    name = _EVENT_NAMES[reason]
    default = (
        f"{name[:-1]} hazard by tenure" if name != "Separations" else "Separation hazard by tenure"
    )
    _finish(
        ax, default if title is None else title, "Tenure band (years)", f"{name} per employee-year"
    )
    return ax


def _hazard_series(
    tables: Mapping[str, HazardTable | RunResult] | Sequence[RunResult] | RunResult,
    reason: str | None,
    edges: Sequence[float] | None,
) -> list[tuple[str, HazardTable]]:
    """The labelled hazard tables to draw, checked to share their tenure bands."""
    if reason not in _EVENT_NAMES:
        choices = ", ".join(r for r in _EVENT_NAMES if r)
        raise ValueError(f"reason: must be {choices} or None, got {reason!r}")
    band_edges = measures.TENURE_BANDS_YEARS if edges is None else edges

    def of_run(run: RunResult, kind: str | None) -> HazardTable:
        return measures.tenure_hazard(run, policy=kind, reason=reason, edges=band_edges)

    series = _series(tables, "tables", HazardTable, of_run)
    given = isinstance(tables, Mapping) and any(isinstance(v, HazardTable) for v in tables.values())
    if given and (reason is not None or edges is not None):
        raise ValueError(
            "reason, edges: apply to runs only; a HazardTable already has its events and bands"
        )
    first = series[0][1]
    for label, table in series[1:]:
        if not (
            np.array_equal(table.lower, first.lower) and np.array_equal(table.upper, first.upper)
        ):
            raise ValueError(
                f"tables[{label!r}]: has other tenure bands than {series[0][0]!r}; "
                "every table must use the same edges"
            )
    return series


def _bands_shown(
    series: Sequence[tuple[str, HazardTable]], t_max_years: float | None
) -> np.ndarray:
    """Indices of the bands with exposure in some table and starting before ``t_max_years``."""
    first = series[0][1]
    shown = np.any([t.exposure > 0 for _, t in series], axis=0)
    if t_max_years is not None:
        shown &= first.lower < t_max_years
    shown = np.flatnonzero(shown)
    if not shown.size:
        raise ValueError(
            f"tables: no band with exposure below t_max_years={t_max_years!r}; nothing to draw"
        )
    return shown


def _hazard_bars(ax: Axes, series: Sequence[tuple[str, HazardTable]], shown: np.ndarray) -> None:
    """Grouped bars of each table's rate in the ``shown`` bands, with CI whiskers."""
    first = series[0][1]
    width = 0.8 / len(series)
    x = np.arange(shown.size, dtype=np.float64)
    for i, ((label, table), colour) in enumerate(
        zip(series, _colours([s[0] for s in series]), strict=True)
    ):
        rate, low, high = (
            np.asarray(a, dtype=float)[shown] for a in (table.rate, table.ci_low, table.ci_high)
        )
        ax.bar(
            x + (i - (len(series) - 1) / 2) * width,
            rate,
            width,
            color=colour,
            label=label,
            yerr=np.vstack((rate - low, high - rate)),
            error_kw={"ecolor": "0.3", "elinewidth": 0.8, "capsize": 2.0},
        )
    ax.set_xticks(
        x,
        [_band_label(first.lower[j], first.upper[j]) for j in shown],
        rotation=30,
        ha="right",
        rotation_mode="anchor",
    )
    ax.set_xlim(-0.5, shown.size - 0.5)
    ax.set_ylim(bottom=0.0)


def exit_incidence(
    cr: CompetingRisks | RunResult,
    *,
    ax: Axes | None = None,
    policy: str | None = None,
    stacked: bool = False,
    t_max_years: float | None = None,
    title: str | None = None,
) -> Axes:
    """Cumulative incidence of each cause of exit by tenure (Aalen-Johansen), one line per cause.

    ``cr`` is a :class:`~microjob.survival.CompetingRisks` or a run, whose
    simulated companies (those with policy kind ``policy``, if given) give it
    through :func:`microjob.measures.exit_incidence`. With ``stacked`` the
    causes are stacked areas: their top edge is then the share who left for
    any reason, one minus overall retention.
    """
    _pyplot()
    label = ""
    if isinstance(cr, RunResult):
        if policy is None:
            kinds = {c.policy.kind for c in cr.scenario.companies}
            label = _policy_label(kinds.pop()) if len(kinds) == 1 else ""
        else:
            label = _policy_label(policy)
        cr = measures.exit_incidence(cr, policy=policy)
    elif not isinstance(cr, CompetingRisks):
        raise TypeError(f"cr: must be a CompetingRisks or a RunResult, got {type(cr).__name__}")
    elif policy is not None:
        raise ValueError("policy: applies to runs only; a CompetingRisks is already one group")
    _check_t_max(t_max_years)
    if not cr.causes:
        raise ValueError("cr: has no exits, only censorings; there is nothing to draw")
    ax = _axes(ax)
    known = list(CAUSE_LABELS)
    order = sorted(
        range(len(cr.causes)),
        key=lambda j: (known.index(cr.causes[j]) if cr.causes[j] in known else len(known), j),
    )
    causes = [cr.causes[j] for j in order]
    x, ys = _steps(cr.times, [cr.incidence[:, j] for j in order], 0.0, t_max_years)
    palette = itertools.cycle([c for c in _PALETTE if c not in _CAUSE_COLOURS.values()])
    base = np.zeros_like(x)
    for cause, y in zip(causes, ys, strict=True):
        colour = _CAUSE_COLOURS.get(cause) or next(palette)
        name = CAUSE_LABELS.get(cause, str(cause))
        if stacked:
            ax.fill_between(
                x, base, base + y, step="post", color=colour, alpha=0.75, lw=0, label=name
            )
            base = base + y
        else:
            ax.step(x, y, where="post", color=colour, linewidth=1.6, label=name)
    ax.set_xlim(0.0, _x_limit([float(x[-1])], t_max_years))
    if stacked:
        ax.set_ylim(0.0, 1.02)
        legend: dict[str, Any] = {"loc": "upper left"}
    else:
        # Rising curves fill the upper left and the right: keep a strip on top for the legend.
        top = max(float(np.max(y)) for y in ys) * 1.25 or 1.0
        ax.set_ylim(0.0, max(top, ax.get_ylim()[1]))
        legend = {"loc": "upper left", "ncols": len(causes)}
    if title is None:
        title = "Exits by cause" + (f": {label}" if label else "")
    _finish(ax, title, "Tenure (years)", "Cumulative probability", reverse=stacked, **legend)
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


def decomposition(
    dec: Combinations,
    measure: str = "retention_2y",
    *,
    ax: Axes | None = None,
    confidence: float = 0.95,
    title: str | None = None,
) -> Axes:
    """Where a policy difference comes from: each lever's Shapley value and one-at-a-time effect.

    ``dec`` is a :class:`~microjob.experiment.Decomposition` (from
    :func:`microjob.decompose`) or a
    :class:`~microjob.experiment.BarrierExperiment` (from :func:`microjob.barriers`,
    whose "levers" are the barriers removed), and ``measure`` a
    :class:`~microjob.summary.RunSummary` field. One row per lever, between the
    total difference (top) and the interaction (bottom): bars are the total and
    each lever's Shapley value, diamonds each lever's one-at-a-time effect, an open
    diamond the interaction (the total minus the one-at-a-time effects); whiskers
    are ``confidence`` intervals over replications. Values are in the measure's unit
    (:meth:`RunSummary.info <microjob.summary.RunSummary.info>`), percentage
    points for percentages. The title defaults to the measure's label.
    """
    from microjob.experiment.decompose import Combinations

    _pyplot()
    if not isinstance(dec, Combinations):
        raise TypeError(
            f"dec: must be a Decomposition or BarrierExperiment, got {type(dec).__name__}"
        )
    if not isinstance(measure, str):
        raise TypeError(f"measure: must be a RunSummary field name, got {measure!r}")
    panel = _decomposition_panel(dec, measure, confidence)
    ax = _axes(ax)
    _draw_decomposition(ax, panel if title is None else panel._replace(title=title))
    ax.legend(frameon=False, fontsize=8.5, loc="best")
    return ax


# ------------------------------------------------------------------ retention over replications

_FAINT_MAX = 30
"""The most replications whose own curves :func:`pooled_retention` draws by default."""
_FAINT_ALPHA = 0.3
_KIND_STYLES = ("-", "--", ":", "-.")
"""Line styles of the policy kinds in :func:`pooled_retention` with ``by_kind=True``."""


class _PooledSeries(NamedTuple):
    """One curve of :func:`pooled_retention`: an arm's (or one policy kind's) replications."""

    name: str
    """Its legend entry."""
    colour: str
    style: str
    curves: np.ndarray
    """Each replication's curve, one row each."""
    pooled: Any
    """Their :class:`~microjob.experiment.PooledCurve`."""


def _arm_name(label: str) -> str:
    """A comparison arm in a legend: a policy kind by its display label, else as given."""
    return policy_label(label) if find_policy_kind(label) is not None else label


def _arm_names(comparison: Comparison, policies: Any) -> dict[str, str]:
    """Each arm's label -> its legend name, from ``policies`` (labels, or label -> name)."""
    if policies is None:
        policies = list(comparison.policies)
    elif isinstance(policies, str):
        policies = [policies]
    if isinstance(policies, Mapping):
        pairs = list(policies.items())
    elif isinstance(policies, Sequence):
        pairs = [(p, _arm_name(p) if isinstance(p, str) else "") for p in policies]
    else:
        raise TypeError(
            "policies: must be arm labels or a mapping from arm label to legend name, "
            f"got {type(policies).__name__}"
        )
    out: dict[str, str] = {}
    for label, name in pairs:
        if not isinstance(label, str) or not isinstance(name, str):
            raise TypeError(f"policies: labels and names must be strings, got {label!r}: {name!r}")
        resolved = comparison._label(label)
        if resolved is None:
            raise KeyError(f"policies: no arm labelled {label!r}; have {list(comparison.policies)}")
        out[resolved] = name
    if not out:
        raise ValueError("policies: is empty; pass at least one arm")
    return out


def _curve_kinds(comparison: Comparison, label: str) -> list[str]:
    """The policy kinds whose own retention curves every replication of arm ``label``
    kept, in the order of the scenario's companies: none unless its companies mix policies."""
    kept: set[str] | None = None
    for record in comparison.runs:
        if record.policy != label:
            continue
        curves = record.extras.get("retention_curve")
        keys = set(curves) - {"all"} if curves is not None else set()
        kept = keys if kept is None else kept & keys
    if not kept:
        return []
    order = list(dict.fromkeys(c.policy.kind for c in comparison.scenario.companies))
    return [k for k in order if k in kept] + sorted(kept - set(order))


def _kind_styles(comparison: Comparison, labels: Sequence[str]) -> dict[str, str]:
    """The line style of each policy kind kept by any of the arms ``labels``."""
    kinds = list(dict.fromkeys(k for p in labels for k in _curve_kinds(comparison, p)))
    styles = itertools.cycle(_KIND_STYLES)
    return {k: next(styles) for k in kinds}


def _pooled_series(
    comparison: Comparison,
    names: Mapping[str, str],
    group: str,
    by_kind: bool,
    confidence: float,
) -> list[_PooledSeries]:
    """The curves to draw, each arm in its colour (and, by kind, each kind in its style)."""
    colours = dict(zip(names, _colours(list(names.values())), strict=True))
    styles = _kind_styles(comparison, list(names)) if by_kind else {}
    out = []
    for label, name in names.items():
        kinds = _curve_kinds(comparison, label) if by_kind else []
        for kind in kinds or [group]:
            curves = comparison.retention_curves(label, kind)
            pooled = comparison.pooled_retention(label, kind, confidence=confidence)
            shown = f"{name}: {_policy_label(kind)}" if kinds else name
            out.append(_PooledSeries(shown, colours[label], styles.get(kind, "-"), curves, pooled))
    return out


def _draw_pooled(
    ax: Axes,
    series: Sequence[_PooledSeries],
    confidence: float,
    each_replication: bool,
    t_max_years: float,
) -> tuple[list[Any], list[str]]:
    """Each series' replications (faint), band and mean; the legend's handles and labels."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    labels: list[str] = []
    for s in series:
        years = s.pooled.years
        if each_replication:
            for row in s.curves:
                ax.plot(years, row, color=s.colour, ls=s.style, lw=0.6, alpha=_FAINT_ALPHA)
        ax.fill_between(
            years, s.pooled.ci_low, s.pooled.ci_high, color=s.colour, alpha=_BAND_ALPHA, lw=0
        )
        (line,) = ax.plot(years, s.pooled.mean, color=s.colour, ls=s.style, lw=1.8, zorder=3)
        handles.append(line)
        labels.append(s.name)
    if any(s.pooled.n >= 2 for s in series):
        handles.append(Patch(facecolor="0.45", alpha=_BAND_ALPHA * 1.5, lw=0))
        labels.append(f"{confidence * 100:g}% interval over replications")
    if each_replication:
        handles.append(Line2D([], [], color="0.45", lw=0.6, alpha=_FAINT_ALPHA * 1.5))
        labels.append("One replication")
    ax.set_xlim(0.0, t_max_years)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("Tenure (years)")
    ax.set_ylabel("Share still employed")
    ax.spines[["top", "right"]].set_visible(False)
    return handles, labels


def _replications_title(series: Sequence[_PooledSeries]) -> str:
    n = max(s.pooled.n for s in series)
    return f"Mean of {n} replication{'' if n == 1 else 's'}"


def pooled_retention(
    comparison: Comparison,
    policies: Mapping[str, str] | Sequence[str] | None = None,
    *,
    ax: Axes | None = None,
    group: str = "all",
    by_kind: bool = False,
    confidence: float = 0.95,
    each_replication: bool | None = None,
    t_max_years: float | None = None,
    title: str = "Retention by tenure",
) -> Axes:
    """Retention curves pooled over replications: each arm's mean Kaplan-Meier curve,
    with a band over replications.

    ``comparison`` is a :class:`~microjob.experiment.Comparison` run with
    ``keep=("retention_curve",)``. Each arm (``policies``: labels, or a mapping
    from label to legend name; default every arm) is drawn as
    :meth:`Comparison.pooled_retention <microjob.experiment.Comparison.pooled_retention>`
    gives it: the mean of the replications' curves at each month of tenure,
    shaded with the pointwise ``confidence`` interval over replications (it
    shows how much the curve varies from run to run, not the sampling error of
    one run's estimate). ``each_replication`` draws every replication's own
    curve faintly behind it (default: when there are at most 30).

    ``group`` is ``"all"`` (every simulated company) or, in a scenario whose
    companies follow different policies, a policy kind. ``by_kind=True`` draws,
    for each arm whose companies mix policies, one curve per policy kind (line
    style by kind: adopters against non-adopters), and the other arms whole.
    ``t_max_years`` cuts the tenure axis (the curves run to 10 years).
    """
    from microjob.experiment import Comparison
    from microjob.experiment.extras import CURVE_YEARS

    _pyplot()
    if not isinstance(comparison, Comparison):
        raise TypeError(f"comparison: must be a Comparison, got {type(comparison).__name__}")
    if not isinstance(group, str):
        raise TypeError(f"group: must be 'all' or a policy kind, got {group!r}")
    if by_kind and group != "all":
        raise ValueError(f"group: must be 'all' with by_kind=True, got {group!r}")
    _check_t_max(t_max_years)
    names = _arm_names(comparison, policies)
    series = _pooled_series(comparison, names, group, by_kind, confidence)
    if each_replication is None:
        each_replication = comparison.replications <= _FAINT_MAX
    ax = _axes(ax)
    t_max = CURVE_YEARS if t_max_years is None else min(t_max_years, CURVE_YEARS)
    handles, labels = _draw_pooled(ax, series, confidence, each_replication, t_max)
    ax.set_title(title)
    ax.legend(handles, labels, title=_replications_title(series), frameon=False)
    return ax


# ------------------------------------------------------------------ the figures of the report
#
# microjob.report arranges these figures on its pages; they are drawn here, on
# matplotlib Figure objects made without pyplot (no global state, nothing left
# open). Each takes plain numbers and labels: what to show and how to name it
# is the report's business, how to draw it is this module's.

_REPORT_T_MAX_YEARS = 10.0
"""Tenure axis of the report's retention and exit figures (few spells are at risk later)."""

_REPORT_HAZARD_T_MAX_YEARS = 20.0
"""Last tenure band of the report's hazard figure."""


class _Ci(Protocol):
    """A mean with a confidence interval (``low``/``high`` NaN when there is none)."""

    @property
    def mean(self) -> float: ...

    @property
    def low(self) -> float: ...

    @property
    def high(self) -> float: ...


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


def _figure_class() -> Any:
    """matplotlib's Figure class (no pyplot), or an ImportError that says how to install it."""
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(
            "microjob draws its figures with matplotlib, an optional dependency: "
            "pip install 'microjob[plot]'"
        ) from exc
    return Figure


def _new_figure(width: float, height: float) -> Figure:
    figure: Figure = _figure_class()(figsize=(width, height), layout="constrained")
    return figure


def _style() -> Any:
    """The report's matplotlib style, as a context manager."""
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


def _wrap(text: str, width: int = 16) -> str:
    """Break a tick label on spaces into lines of about ``width`` characters."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _tidy(ax: Axes, *, grid: Literal["both", "x", "y"] | None = None) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    if grid:
        ax.grid(axis=grid, color="0.91", linewidth=0.8)
        ax.set_axisbelow(True)


def _has_ci(est: _Ci) -> bool:
    return math.isfinite(est.low) and math.isfinite(est.high)


def _point(
    ax: Axes,
    x: float,
    est: _Ci,
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
    err = [[est.mean - est.low], [est.high - est.mean]] if _has_ci(est) else None
    xy = ([est.mean], [x]) if horizontal else ([x], [est.mean])
    ax.errorbar(
        *xy,
        xerr=err if horizontal else None,
        yerr=None if horizontal else err,
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


# ------------------------------------------------------------------ a lever decomposition


_SHAPLEY_COLOUR = "#56B4E9"
_ONE_AT_A_TIME_COLOUR = "#D55E00"
_TOTAL_COLOUR = "#4D4D4D"


class _Mean(NamedTuple):
    """A mean with its interval, in the unit of an axis (``low``/``high`` NaN: none)."""

    mean: float
    low: float
    high: float


class _DecompositionPanel(NamedTuple):
    """One measure of a lever decomposition, every value in the unit of the axis."""

    title: str
    unit: str
    """The unit of a difference (``pp`` for percentages), for the axis label; may be empty."""
    levers: Sequence[str]
    shapley: Sequence[_Ci]
    """Each lever's Shapley value, in the order of ``levers``."""
    one_at_a_time: Sequence[_Ci]
    """Each lever's one-at-a-time effect, in the same order."""
    total: _Ci
    interaction: _Ci
    """The total minus the one-at-a-time effects."""


def _difference_unit(measure: str) -> str:
    """The short unit of a difference in ``measure``: percentage points for percentages."""
    info = RunSummary.info(measure)
    return info.short_unit.replace("%", "pp", 1) if info.percent else info.short_unit


def _decomposition_panel(dec: Combinations, measure: str, confidence: float) -> _DecompositionPanel:
    """The panel of ``measure`` from :meth:`Decomposition.table`, scaled as the measure is shown."""
    # The rows by position (a lever may be named "total"): the total, the Shapley values,
    # the one-at-a-time effects, the interaction.
    rows = list(dec.table([measure], confidence=confidence))
    info = RunSummary.info(measure)
    scaled = [
        _Mean(r.mean * info.scale, r.ci_low * info.scale, r.ci_high * info.scale) for r in rows
    ]
    k = len(dec.lever_names)
    return _DecompositionPanel(
        info.label[:1].upper() + info.label[1:],
        _difference_unit(measure),
        dec.lever_names,
        scaled[1 : k + 1],
        scaled[k + 1 : 2 * k + 1],
        scaled[0],
        scaled[-1],
    )


def _plain(text: str) -> str:
    """``text`` drawn as written (a dollar sign would start mathtext)."""
    return text.replace("$", r"\$")


def _bar(ax: Axes, y: float, est: _Ci, colour: str, label: str | None) -> bool:
    """A horizontal bar to ``est.mean`` with its interval as whiskers; False if not finite."""
    if not math.isfinite(est.mean):
        return False
    ax.barh([y], [est.mean], height=0.42, color=colour, label=label, zorder=3)
    if _has_ci(est):
        ax.errorbar(
            [est.mean], [y], xerr=[[est.mean - est.low], [est.high - est.mean]], fmt="none",
            ecolor="0.15", elinewidth=1.2, capsize=3, zorder=4,
        )  # fmt: skip
    return True


def _draw_decomposition(ax: Axes, panel: _DecompositionPanel) -> None:
    """The total (top), a row per lever and the interaction (bottom) of one measure."""
    k = len(panel.levers)
    ys = np.arange(k + 2, dtype=float)[::-1]
    _bar(ax, ys[0], panel.total, _TOTAL_COLOUR, "Total difference")
    shapley = oat = False
    for y, s, o in zip(ys[1:-1], panel.shapley, panel.one_at_a_time, strict=True):
        shapley |= _bar(ax, y + 0.1, s, _SHAPLEY_COLOUR, None if shapley else "Shapley value")
        if math.isfinite(o.mean):
            label = None if oat else "One at a time"
            _point(ax, y - 0.24, o, _ONE_AT_A_TIME_COLOUR, marker="D", size=5.0,
                   horizontal=True, label=label)  # fmt: skip
            oat = True
    if math.isfinite(panel.interaction.mean):
        _point(ax, ys[-1], panel.interaction, _ONE_AT_A_TIME_COLOUR, marker="D", size=5.5,
               filled=False, horizontal=True, label="Interaction (the rest)")  # fmt: skip
    for y in (ys[0] - 0.5, ys[-1] + 0.5):
        ax.axhline(y, color="0.82", linewidth=0.8)
    ax.axvline(0.0, color="0.3", linewidth=0.9)
    ax.set_yticks(ys, ["Total", *(_plain(x) for x in panel.levers), "Interaction"])
    ax.set_ylim(-0.6, k + 1.6)
    ax.locator_params(axis="x", nbins=6)
    unit = f", {panel.unit}" if panel.unit else ""
    ax.set_xlabel(f"Difference{unit} (whiskers: 95% CI)")
    ax.set_title(_plain(panel.title))
    _tidy(ax, grid="x")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _decomposition_figure(panels: Sequence[_DecompositionPanel]) -> Figure:
    """One panel per measure (two columns when there are several), one legend below them."""
    n = len(panels)
    cols = 1 if n == 1 else 2
    n_rows = math.ceil(n / cols)
    k = max(len(p.levers) for p in panels)
    fig = _new_figure(7.2 if cols == 1 else 10.0, n_rows * (1.1 + 0.34 * (k + 2)) + 0.4)
    axes = fig.subplots(n_rows, cols, squeeze=False).ravel()
    legend: dict[str, Any] = {}
    for i, (ax, panel) in enumerate(zip(axes, panels, strict=False)):
        _draw_decomposition(ax, panel)
        if i % cols and list(panel.levers) == list(panels[i - 1].levers):
            ax.tick_params(axis="y", labelleft=False)
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            legend.setdefault(label, handle)
    for ax in axes[n:]:
        ax.set_axis_off()
    order = ["Total difference", "Shapley value", "One at a time", "Interaction (the rest)"]
    shown = [x for x in order if x in legend]
    fig.legend(
        [legend[x] for x in shown], shown, loc="outside lower center", ncols=len(shown) or 1,
        frameon=False,
    )  # fmt: skip
    return fig
