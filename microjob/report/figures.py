"""The figures of the reports: which are drawn, their files and captions.

Everything is drawn by :mod:`microjob.plot`; this module chooses what goes in
each figure, saves it under ``figures/`` and writes its caption. A figure that
appears in several reports (retention, hazard, exits) has one caption here, so
it reads the same everywhere. Captions are plain text: the page escapes them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from microjob import plot
from microjob.experiment import Comparison
from microjob.records import RunResult
from microjob.report.estimates import PEOPLE_COST, Measure, _Interval
from microjob.report.files import _Figure, _save
from microjob.report.format import _count
from microjob.survival import HazardTable, SurvivalCurve

RETENTION = "Retention by tenure."
HAZARD = "When people leave."
EXITS = "Why people leave."
SKILLS = "Skill growth."
DIFFERENCES = "What differs, measure by measure."
DECOMPOSITION = "Where the effect comes from."

DIFFERENCE_MEASURES = (
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

SKILL_MEASURES = ("skill_gain_per_worker_year", "skill_breadth")
"""The panels of the comparison's skills figure."""

SWEEP_MEASURES = (
    "retention_2y",
    "quit_rate_monthly",
    "median_spell_years",
    "gig_participation_share",
    "skill_gain_per_worker_year",
    PEOPLE_COST,
)
"""Measures drawn against the swept parameter."""

_EXITS_TEXT = (
    "The Aalen–Johansen cumulative incidence of each cause of exit: the probability that "
    "an employment spell at the simulated companies has ended for that cause by a given "
    "tenure, with the other causes competing. The curves add up to one minus retention. "
    "Because the causes compete for the same people, a curve can rise while that cause's "
    "rate falls: when another exit becomes rarer (fewer layoffs, for instance because "
    "role cuts are redeployed instead), more people stay employed and at risk of "
    "quitting, so the cumulative incidence of quits can rise even though the quit "
    "hazard fell. The rates themselves are the separations in the table of measures "
    "(per employee and month)."
)


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _scaled(m: Measure, est: _Interval) -> _Interval:
    """An estimate in the unit the measure is shown in."""
    return _Interval(est.mean * m.scale, est.low * m.scale, est.high * m.scale, est.n)


# ------------------------------------------------------------------ shared by the reports


def _hazard(out: Path, tables: Mapping[str, HazardTable | RunResult], which: str) -> _Figure:
    """Separations per employee-year by tenure band; ``which`` says which runs are shown."""
    return _save(
        plot._hazard_figure(tables),
        out / "figures" / "hazard.png",
        "Separation hazard per employee-year by tenure band",
        HAZARD,
        "Separations (quits, layoffs and retirements) per employee-year of exposure in each "
        f"tenure band{which}, with 95% confidence intervals. Bands are drawn side by side "
        "whatever their width.",
    )


def _exits(out: Path, series: Sequence[tuple[str, RunResult, str | None]], which: str) -> _Figure:
    """Cumulative incidence of each cause of exit, one panel per series."""
    return _save(
        plot._exits_figure(series),
        out / "figures" / "exits.png",
        "Cumulative incidence of quits, layoffs and retirements by tenure",
        EXITS,
        _EXITS_TEXT + (f" Runs shown: {which}." if which else ""),
    )


# ------------------------------------------------------------------ a comparison


def _differences(
    out: Path,
    baseline: str,
    base_means: Mapping[str, float],
    differences: Mapping[str, Mapping[str, _Interval]],
    clear: Mapping[str, Mapping[str, bool]],
    replications: int,
) -> _Figure | None:
    """Paired differences from ``baseline`` as % of its mean (None when nothing can be drawn).

    ``differences[name][field]`` is the difference of the arm shown as ``name``;
    ``clear[name][field]`` whether the report calls it clear.
    """
    rows = [
        f
        for f in DIFFERENCE_MEASURES
        if math.isfinite(base_means.get(f, math.nan))
        and base_means[f] != 0.0
        and any(f in d and math.isfinite(d[f].mean) for d in differences.values())
    ]
    if not rows:
        return None
    series: dict[str, list[plot._DifferencePoint | None]] = {}
    for name, diffs in differences.items():
        points: list[plot._DifferencePoint | None] = []
        for field in rows:
            d = diffs.get(field)
            if d is None or not math.isfinite(d.mean):
                points.append(None)
                continue
            m = Measure.of(field)
            scale = 100.0 / abs(base_means[field])
            unit = f" {m.difference_unit}" if m.difference_unit else ""
            ci = f"   {m.show(d.low)} to {m.show(d.high)}" if d.has_ci else ""
            points.append(
                plot._DifferencePoint(
                    d.mean * scale,
                    d.low * scale,
                    d.high * scale,
                    clear[name].get(field, False),
                    f"{m.show(d.mean, signed=True)}{unit}{ci}",
                )
            )
        series[name] = points
    phrase = baseline[:1].lower() + baseline[1:]
    return _save(
        plot._differences_figure([Measure.of(f).label for f in rows], series, phrase),
        out / "figures" / "differences.png",
        "Paired differences of key measures from the baseline policy, with 95% "
        "confidence intervals",
        DIFFERENCES,
        f"Each point is the mean paired difference from {phrase} over "
        f"{_count(replications, 'replication')} (each replication runs every policy on the "
        "same seed), as a percentage of the baseline mean so that measures in different "
        "units share one axis; whiskers are 95% confidence intervals. Filled points are "
        "clear differences (as highlighted in the table of measures). The right-hand column "
        "gives the difference in the measure's own unit (pp: percentage points).",
    )


def _retention_with_means(
    out: Path,
    runs: Mapping[str, RunResult],
    means: Mapping[str, Mapping[float, _Interval]],
    replications: int,
) -> _Figure:
    """Kaplan-Meier curves of replication 0, with the replications' mean retention.

    For a comparison that did not keep each replication's curve; the caption says
    the curves are of one replication."""
    # Drawn as shares, on the curves' axis.
    return _save(
        plot._retention_means_figure(
            runs, means, f"Mean of {_count(replications, 'replication')}, 95% CI"
        ),
        out / "figures" / "retention.png",
        "Kaplan-Meier retention by tenure for each policy in one replication, with "
        "confidence bands",
        RETENTION,
        "Lines: one replication only (replication 0 of each policy, simulated again in "
        "full), not a mean over replications: the Kaplan–Meier share of employment spells "
        "at the simulated companies still going at each tenure in that run, with its 95% "
        "pointwise band, which shows the sampling error of that one run's estimate and not "
        "how runs differ from one another (spells begun before the measurement window enter "
        "at the tenure they had then). Diamonds: retention at 1, 2 and 5 years as in the "
        f"table of measures, mean of {_count(replications, 'replication')} with its 95% "
        "confidence interval. Curves pooled over every replication need the comparison "
        "to keep each replication's curve: compare(..., keep=('retention_curve',)), as "
        "microjob compare --out does.",
    )


def _pooled_retention(
    out: Path,
    comparison: Comparison,
    names: Mapping[str, str],
    means: Mapping[str, Mapping[float, _Interval]],
) -> _Figure:
    """Each arm's retention curve pooled over replications, with a band over replications
    and the table's retention at 1, 2 and 5 years (``means``, keyed by display name).

    ``names`` gives the display name of each arm's label. A comparison whose arms mix
    policies across companies gets a second panel, by policy kind.
    """
    n = comparison.replications
    replications = _count(n, "replication")
    by_kind = any(plot._curve_kinds(comparison, p) for p in names)
    faint = 1 < n <= plot._FAINT_MAX
    band = (
        "band: 95% interval over replications (pointwise, t-based), which shows how much "
        "the curve varies from run to run rather than the sampling error of one run's "
        "estimate"
        if n >= 2
        else "no band: one replication gives no interval over replications"
    )
    lines = (
        f"mean of {replications}' Kaplan–Meier curves"
        if n >= 2
        else "the one replication's Kaplan–Meier curve"
    )
    text = (
        f"Lines: {lines}; {band}. Each replication's "
        "curve is the share of employment spells at the simulated companies still going "
        "at each tenure in that run, read every month to 10 years (spells begun before the "
        "measurement window enter at the tenure they had then)."
    )
    if faint:
        text += " Thin faint lines: each replication's own curve."
    text += (
        " Diamonds: retention at 1, 2 and 5 years as in the table of measures (mean of "
        f"{replications}, with its 95% confidence interval). A replication's retention at "
        "2 years is its own curve read at 2 years, so the diamonds are points of the mean "
        "curve and their whiskers span its band there."
    )
    if by_kind:
        styles = plot._kind_styles(comparison, list(names))
        style_names = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dotted"}
        kinds = ", ".join(
            f"{style_names[style]}: {_lower(plot._policy_label(kind))}"
            for kind, style in styles.items()
        )
        text += (
            " Right: the same curves for the spells at each policy kind's companies, in "
            "the arms whose companies follow different policies (adopters against "
            f"non-adopters; line style by the companies' policy, {kinds}); the other arms "
            "are drawn whole, for reference."
        )
    return _save(
        plot._pooled_retention_figure(
            comparison,
            names,
            means,
            f"Table of measures: mean of {replications}, 95% CI",
            by_kind=by_kind,
            each_replication=faint,
        ),
        out / "figures" / "retention.png",
        f"Mean Kaplan-Meier retention by tenure for each policy over {replications}, "
        "with 95% bands over replications",
        RETENTION,
        text,
    )


def _skills(
    out: Path,
    values: Mapping[str, Mapping[str, np.ndarray]],
    means: Mapping[str, Mapping[str, _Interval]],
) -> _Figure:
    """Each replication's skill measures and their mean, per policy."""
    measures = [Measure.of(f) for f in SKILL_MEASURES]
    panels = [(m.label, _upper(m.short_unit)) for m in measures]
    return _save(
        plot._replications_figure(
            panels,
            {n: [v[m.field] * m.scale for m in measures] for n, v in values.items()},
            {n: [_scaled(m, e[m.field]) for m in measures] for n, e in means.items()},
        ),
        out / "figures" / "skills.png",
        "Skill gain per worker-year and skill breadth by policy, with 95% confidence intervals",
        SKILLS,
        f"Left: {measures[0].description[:1].lower()}{measures[0].description[1:-1]}; "
        f"right: {measures[1].description[:1].lower()}{measures[1].description[1:]} "
        "Small dots: single replications; large points: their mean with a 95% confidence "
        "interval.",
    )


# ------------------------------------------------------------------ one run


def _retention_with_medians(out: Path, curves: Mapping[str, SurvivalCurve]) -> _Figure:
    return _save(
        plot._retention_median_figure(curves),
        out / "figures" / "retention.png",
        "Kaplan-Meier retention by tenure, with a confidence band",
        RETENTION,
        "The Kaplan–Meier share of employment spells at the simulated companies still "
        "going at each tenure, with its 95% pointwise band; dotted lines mark the median.",
    )


def _skill_breadth(
    out: Path, series: Sequence[tuple[str, RunResult, str | None]]
) -> _Figure | None:
    figure = plot._skill_breadth_figure(series)
    if figure is None:
        return None
    return _save(
        figure,
        out / "figures" / "skills.png",
        "Distribution of skill breadth among employees at the end of the run",
        SKILLS,
        "The simulated companies' employees at the end of the run, by the number of skills "
        "they hold at proficiency 0.5 or above (the measure “Skill breadth” is their mean).",
    )


# ------------------------------------------------------------------ a sweep


def _sweep(
    out: Path,
    xs: Sequence[object],
    tick_labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    estimates: Mapping[tuple[int, str], _Interval],
    fields: Sequence[str],
    x_name: str,
    replications: int,
) -> _Figure:
    """Key measures against the first swept parameter, with 95% intervals."""
    panels = []
    for field in fields:
        m = Measure.of(field)
        est = [_scaled(m, estimates[(i, field)]) for i in range(len(xs))]
        panels.append((m.label, m.short_unit, est))
    several = len(series) > 1
    return _save(
        plot._sweep_figure(list(xs), list(tick_labels), series, panels, x_name),
        out / "figures" / "sweep.png",
        f"Key measures against {x_name}, with 95% confidence bands",
        f"Key measures against {x_name}.",
        f"Mean over {_count(replications, 'replication')} at each grid point, with 95% "
        "confidence intervals"
        + (", one series per combination of the other parameters." if several else "."),
    )


# ------------------------------------------------------------------ a lever decomposition


def _decomposition(
    out: Path,
    levers: Sequence[str],
    effects: Sequence[
        tuple[Measure, _Interval, Sequence[_Interval], Sequence[_Interval], _Interval]
    ],
    from_phrase: str,
    to_phrase: str,
    replications: int,
) -> _Figure:
    """One panel per measure: the total, each lever's Shapley value and one-at-a-time effect,
    and the interaction; ``effects`` holds (measure, total, Shapley values, one-at-a-time
    effects, interaction) in the measure's stored unit."""
    panels = [
        plot._DecompositionPanel(
            m.label,
            m.difference_unit,
            list(levers),
            [_scaled(m, e) for e in shapley],
            [_scaled(m, e) for e in alone],
            _scaled(m, total),
            _scaled(m, interaction),
        )
        for m, total, shapley, alone, interaction in effects
    ]
    return _save(
        plot._decomposition_figure(panels),
        out / "figures" / "decomposition.png",
        "Each lever's Shapley value and one-at-a-time effect, with the total difference and "
        "the interaction, with 95% confidence intervals",
        DECOMPOSITION,
        f"One panel per measure. Bars: the total difference from {from_phrase} to "
        f"{to_phrase} (top row) and each lever's Shapley value; filled diamonds: each lever's "
        "one-at-a-time effect; open diamond (bottom row): the interaction, the total minus "
        "the one-at-a-time effects. Whiskers are 95% confidence intervals over "
        f"{_count(replications, 'replication')}. Values are in each measure's unit, "
        "percentage points (pp) for percentages.",
    )
