"""The validation figures: the model's measures beside the published figures, by age and kind.

:meth:`ValidationReport.figures` draws them: median tenure by age band
against BLS, jobs held by age band against the NLSY79, and monthly quits and
layoffs against JOLTS (needs matplotlib).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from microjob.summary import RunSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from microjob.calibration.validation import ValidationReport


_MODEL = "#1f5f99"
_BAND = "#d9d9d9"
_PUBLISHED = "#222222"
_PUBLISHED_LABEL = "published value (or range)"


def _estimate(report: ValidationReport, measure: str) -> tuple[float, float, float]:
    if report.comparison is None:
        raise ValueError("report: the figures need the runs (report.comparison)")
    est = report.comparison.table([measure], confidence=report.confidence).get(
        report.policy, measure
    )
    return est.mean, est.ci_low, est.ci_high


def _panel(
    ax: Any,
    report: ValidationReport,
    items: Sequence[tuple[str, str]],
    *,
    scale: float,
    extra: Sequence[str] = (),
    extra_label: str = "",
) -> None:
    """Model means with CIs at each category; the published figure and its band where targeted.

    ``items`` is (category label, measure); ``extra`` optionally the measures of a
    second, lighter series drawn beside it, one per category, called ``extra_label``.
    """
    by_measure = {r.measure: r for r in report.rows}
    xs = np.arange(len(items), dtype=float)
    for x, (_, measure) in zip(xs, items, strict=True):
        row = by_measure.get(measure)
        if row is None:
            continue
        ax.bar(
            x,
            (row.band_high - row.band_low) * scale,
            bottom=row.band_low * scale,
            width=0.55,
            color=_BAND,
            zorder=1,
            label="band that passes" if "band that passes" not in _labels(ax) else None,
        )
        ax.hlines(
            [row.target_low * scale, row.target_high * scale],
            x - 0.275,
            x + 0.275,
            colors=_PUBLISHED,
            linewidth=2.0,
            zorder=2,
            label=_PUBLISHED_LABEL if _PUBLISHED_LABEL not in _labels(ax) else None,
        )
    shift = 0.12 if extra else 0.0
    means, lows, highs = zip(*(_estimate(report, m) for _, m in items), strict=True)
    _points(ax, xs - shift, means, lows, highs, scale, _MODEL, "model (mean, 95% CI)", "o")
    if extra:
        e_means, e_lows, e_highs = zip(*(_estimate(report, m) for m in extra), strict=True)
        _points(ax, xs + shift, e_means, e_lows, e_highs, scale, "#7fa7cc", extra_label, "s")
    ax.set_xticks(xs, [label for label, _ in items])
    ax.set_xlim(-0.6, len(items) - 0.4)
    ax.set_ylim(bottom=0.0)
    ax.grid(axis="y", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, fontsize=8, loc="best")


def _labels(ax: Any) -> set[str]:
    return set(ax.get_legend_handles_labels()[1])


def _points(
    ax: Any,
    xs: np.ndarray,
    means: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    scale: float,
    color: str,
    label: str,
    marker: str,
) -> None:
    m = np.asarray(means, dtype=float) * scale
    lo = np.asarray(lows, dtype=float) * scale
    hi = np.asarray(highs, dtype=float) * scale
    err = np.vstack([np.where(np.isnan(lo), 0.0, m - lo), np.where(np.isnan(hi), 0.0, hi - m)])
    ax.errorbar(
        xs,
        m,
        yerr=err,
        fmt=marker,
        color=color,
        markersize=6,
        capsize=4,
        zorder=3,
        label=label,
    )


def _figures(report: ValidationReport) -> dict[str, Figure]:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(
            "the validation figures need matplotlib: pip install 'microjob[plot]'"
        ) from exc
    subtitle = (
        f"{report.scenario}, every company {report.policy}, {report.replications} replications"
    )

    def figure(
        items: Sequence[tuple[str, str]],
        title: str,
        xlabel: str,
        ylabel: str,
        *,
        width: float = 7.0,
        scale: float = 1.0,
        extra: Sequence[str] = (),
        extra_label: str = "",
    ) -> Figure:
        fig = Figure(figsize=(width, 4.2), layout="constrained")
        ax = fig.add_subplot()
        _panel(ax, report, items, scale=scale, extra=extra, extra_label=extra_label)
        ax.set_title(title)
        ax.set_xlabel(f"{xlabel}\n{subtitle}")
        ax.set_ylabel(ylabel)
        return fig

    bands = ("25-34", "35-44", "45-54", "55-64")
    field = {band: band.replace("-", "_") for band in bands}
    return {
        "tenure_by_age": figure(
            [("all", "median_tenure_years_all")]
            + [(b, f"median_tenure_years_age_{field[b]}") for b in bands],
            "Median tenure with the current employer, by age",
            "age at the survey date (BLS Employee Tenure, January 2024)",
            "years (elapsed tenure of the employed)",
        ),
        "jobs_by_age": figure(
            [(b, f"jobs_held_age_{field[b]}") for b in bands[:3]],
            "Jobs held per person in each ten-year age band",
            "age band (NLSY79, people born 1957-64; BLS release of 2025)",
            "jobs per person in the band",
        ),
        "jolts": figure(
            [
                (RunSummary.info(field).label, field)
                for field in ("quit_rate_monthly_all", "layoff_rate_monthly_all")
            ],
            "Monthly separations, all employment",
            "JOLTS, total nonfarm",
            "% of employment per month",
            width=6.0,
            scale=RunSummary.info("quit_rate_monthly_all").scale,
        ),
    }
