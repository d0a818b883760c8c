"""Retention over replications: each comparison arm's mean Kaplan-Meier curve with its band.

:func:`pooled_retention` draws the curves a :class:`~microjob.experiment.Comparison`
kept (``keep=("retention_curve",)``), pooled over replications, each
replication's own curve faintly behind; the helpers here also serve the
report's retention figure.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from microjob.plot.inputs import _check_t_max
from microjob.plot.labels import _policy_label
from microjob.plot.style import _BAND_ALPHA, _axes, _colours, _pyplot
from microjob.policies import find_policy_kind, policy_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from microjob.experiment.comparison import Comparison

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


# ------------------------------------------------------------------ arms and policy kinds


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


# ------------------------------------------------------------------ drawing


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
