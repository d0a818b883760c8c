"""Decomposition and barriers figures: where a policy difference comes from, lever by lever.

:func:`decomposition` draws one measure of a :func:`microjob.decompose` or
:func:`microjob.barriers` result: the total difference, each lever's Shapley
value and one-at-a-time effect, and the interaction. The report draws several
measures at once with ``_decomposition_figure``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from microjob.plot.style import _axes, _Ci, _has_ci, _new_figure, _point, _pyplot, _tidy
from microjob.summary import RunSummary

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from microjob.experiment.decompose import Combinations


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


# ------------------------------------------------------------------ the numbers of a panel


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


# ------------------------------------------------------------------ drawing


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
