"""Hazards and exits: separation hazard by tenure band, and exits by cause over tenure.

:func:`tenure_hazard` draws :class:`~microjob.survival.HazardTable` rates as
grouped bars with whiskers; :func:`exit_incidence` draws a
:class:`~microjob.survival.CompetingRisks` estimate, one line (or stacked area)
per cause of exit.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from microjob import measures
from microjob.plot.inputs import _check_t_max, _series
from microjob.plot.labels import _EVENT_NAMES, CAUSE_LABELS, _policy_label
from microjob.plot.style import (
    _CAUSE_COLOURS,
    _PALETTE,
    _axes,
    _colours,
    _finish,
    _pyplot,
    _steps,
    _x_limit,
)
from microjob.records import RunResult
from microjob.survival import CompetingRisks, HazardTable

if TYPE_CHECKING:
    from matplotlib.axes import Axes


# ------------------------------------------------------------------ hazard by tenure band


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


# ------------------------------------------------------------------ exits by cause


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
    risks, label = _competing_risks(cr, policy)
    _check_t_max(t_max_years)
    if not risks.causes:
        raise ValueError("cr: has no exits, only censorings; there is nothing to draw")
    ax = _axes(ax)
    legend = _draw_exits(ax, risks, stacked, t_max_years)
    if title is None:
        title = "Exits by cause" + (f": {label}" if label else "")
    _finish(ax, title, "Tenure (years)", "Cumulative probability", reverse=stacked, **legend)
    return ax


def _competing_risks(
    cr: CompetingRisks | RunResult, policy: str | None
) -> tuple[CompetingRisks, str]:
    """The estimate :func:`exit_incidence` draws, and the policy that names its title
    (empty when there is none to name)."""
    label = ""
    if isinstance(cr, RunResult):
        if policy is None:
            kinds = {c.policy.kind for c in cr.scenario.companies}
            label = _policy_label(kinds.pop()) if len(kinds) == 1 else ""
        else:
            label = _policy_label(policy)
        return measures.exit_incidence(cr, policy=policy), label
    if not isinstance(cr, CompetingRisks):
        raise TypeError(f"cr: must be a CompetingRisks or a RunResult, got {type(cr).__name__}")
    if policy is not None:
        raise ValueError("policy: applies to runs only; a CompetingRisks is already one group")
    return cr, label


def _draw_exits(
    ax: Axes, cr: CompetingRisks, stacked: bool, t_max_years: float | None
) -> dict[str, Any]:
    """Each cause's cumulative incidence, known causes first, as a step line or a stacked
    area; returns the options of the legend."""
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
        return {"loc": "upper left"}
    # Rising curves fill the upper left and the right: keep a strip on top for the legend.
    top = max(float(np.max(y)) for y in ys) * 1.25 or 1.0
    ax.set_ylim(0.0, max(top, ax.get_ylim()[1]))
    return {"loc": "upper left", "ncols": len(causes)}
