"""Shared drawing helpers: matplotlib on demand, colours, step functions, axes and whiskers.

Every module of :mod:`microjob.plot` draws through these, so that a policy keeps
its colour in every panel and every figure is finished the same way. matplotlib
is imported inside the functions, never when this module is imported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from microjob.plot.labels import POLICY_LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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


# ------------------------------------------------------------------ matplotlib on demand


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


# ------------------------------------------------------------------ colours


def _colours(labels: Sequence[str]) -> list[str]:
    """One colour per label: the policies' own colours, then the palette in order."""
    taken = {_FIXED_COLOURS[x] for x in labels if x in _FIXED_COLOURS}
    free = iter([c for c in _PALETTE if c not in taken] * (len(labels) // len(_PALETTE) + 1))
    return [_FIXED_COLOURS[x] if x in _FIXED_COLOURS else next(free) for x in labels]


# ------------------------------------------------------------------ step functions


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


# ------------------------------------------------------------------ axes


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


# ------------------------------------------------------------------ means with whiskers


class _Ci(Protocol):
    """A mean with a confidence interval (``low``/``high`` NaN when there is none)."""

    @property
    def mean(self) -> float: ...

    @property
    def low(self) -> float: ...

    @property
    def high(self) -> float: ...


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
