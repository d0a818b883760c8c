"""The output directory of an experiment: tables, figures and a one-page HTML report.

:func:`write_comparison`, :func:`write_run` and :func:`write_sweep` write
what ``microjob compare|run|sweep --out DIR`` leaves behind:

* ``summary.csv``: the estimates (a comparison: mean, sd, interval and n per
  policy and measure; ``differences.csv`` beside it holds the paired
  differences from the baseline policy), ``runs.csv`` one row per run;
* ``spells.csv`` (and ``spells.parquet`` when pyarrow is installed): the
  employment spells of the example runs, one row each;
* ``figures/*.png``: retention, hazard by tenure, exits by cause, skills and
  the paired differences;
* ``scenario.toml``: the scenario, to rerun or change it;
* ``report.html``: one self-contained page (styles inline, figures embedded,
  no scripts, nothing fetched from elsewhere) that states the question, the
  scenario and the command, shows the tables with confidence intervals and
  the figures, and says in plain words what differs between the policies.

Output is deterministic: the same inputs give byte-identical files (the
page carries no date, only the package version). The figures need matplotlib (``pip install
'microjob[plot]'``) and the tables pandas (``pip install
'microjob[pandas]'``); both are imported when a function is called, never
when this module is imported.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import io
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob import plot
from microjob._stats import t_quantile
from microjob.experiment import Comparison, SweepResult
from microjob.measures import retention_curve, tenure_hazard
from microjob.records import RunResult
from microjob.summary import MeasureInfo, RunSummary

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from microjob.scenario import Scenario

__all__ = [
    "DERIVED_INFO",
    "QUESTION",
    "SECTIONS",
    "Measure",
    "write_comparison",
    "write_run",
    "write_sweep",
]

QUESTION = (
    "Under an internal-freelance policy, do workers job-hop less, stay longer and build "
    "more skills than under traditional employment, and at what cost to the company?"
)
"""The question the library answers, as the report states it."""

CONFIDENCE = 0.95
"""Confidence level of every interval in the report."""

PEOPLE_COST = "people_cost_per_employee_year"
"""A derived measure shown in the report (not a RunSummary field): turnover cost plus
micro-job bonuses per employee-year, per run."""

_DERIVED: dict[str, tuple[str, ...]] = {
    PEOPLE_COST: ("turnover_cost_per_employee_year", "gig_bonus_per_employee_year"),
}


@attrs.frozen
class Measure:
    """How the report shows one measure: its :class:`~microjob.summary.MeasureInfo`.

    ``field`` is a RunSummary field, whose metadata says how to show it, or a
    derived measure such as :data:`PEOPLE_COST` (metadata in
    :data:`DERIVED_INFO`). Table rows and titles capitalise the label; the
    unit after ``scale`` is ``unit``, or ``short_unit`` where space is tight
    (cards and figures).
    """

    field: str
    info: MeasureInfo

    @classmethod
    def of(cls, field: str) -> Measure:
        """The measure ``field`` with its metadata."""
        info = DERIVED_INFO.get(field)
        return cls(field, RunSummary.info(field) if info is None else info)

    @property
    def label(self) -> str:
        """The label as a table row or a title starts it (capitalised)."""
        return self.info.label[:1].upper() + self.info.label[1:]

    @property
    def unit(self) -> str:
        return self.info.unit

    @property
    def short_unit(self) -> str:
        """The unit where space is tight."""
        return self.info.short_unit

    @property
    def scale(self) -> float:
        return self.info.scale

    @property
    def decimals(self) -> int:
        return self.info.decimals

    @property
    def difference_unit(self) -> str:
        """The short unit of a difference: percentage points for percentages."""
        unit = self.short_unit
        return unit.replace("%", "pp", 1) if self.info.percent else unit

    def show(self, value: float, *, signed: bool = False) -> str:
        """``value`` in this measure's unit, e.g. ``54.8`` for a share of 0.548."""
        return _number(value * self.scale, self.decimals, signed=signed)


DERIVED_INFO = {
    PEOPLE_COST: MeasureInfo(
        "turnover cost plus bonuses",
        "per employee-year",
        "Turnover cost plus micro-job bonuses per employee-year, currency of the start.",
        decimals=0,
    ),
}
"""How the report shows its derived measures (RunSummary fields carry their own)."""

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Retention and tenure (simulated companies)",
        (
            "retention_1y",
            "retention_2y",
            "retention_5y",
            "median_spell_years",
            "median_tenure_years",
            "retention_2y_internal_movers",
            "retention_2y_non_movers",
        ),
    ),
    (
        "Separations (simulated companies)",
        (
            "quit_rate_monthly",
            "layoff_rate_monthly",
            "separation_rate_monthly",
            "turnover_rate_annual",
            "vacancy_weeks_per_position_year",
        ),
    ),
    (
        "Internal mobility and micro-jobs",
        (
            "internal_moves_per_employee_year",
            "redeployments_per_employee_year",
            "gigs_posted",
            "gigs_filled",
            "gig_fill_rate",
            "gig_participation_share",
            "gig_effort_share_mean",
        ),
    ),
    (
        "Skills and pay (employees of simulated companies)",
        ("skill_breadth", "skill_gain_per_worker_year", "wage_growth_annual"),
    ),
    (
        "Company costs (currency of the start of the run)",
        ("turnover_cost_per_employee_year", "gig_bonus_per_employee_year", PEOPLE_COST),
    ),
    (
        "All workers (outside market included)",
        (
            "median_tenure_years_all",
            "median_tenure_years_age_25_34",
            "median_tenure_years_age_35_44",
            "median_tenure_years_age_45_54",
            "median_tenure_years_age_55_64",
            "share_tenure_le_1y",
            "hops_per_10_career_years",
            "jobs_started_age_25_34",
            "jobs_started_age_35_44",
            "jobs_started_age_45_54",
        ),
    ),
    ("Size of the simulation", ("mean_headcount", "worker_years")),
)


@attrs.frozen
class _Phrase:
    """A plain-words clause about a difference in one measure.

    ``text`` holds ``{value}`` (the size, unsigned) and ``{direction}``, one of
    the two words of ``directions`` ("up/down"); ``name`` is the short name for
    "no clear difference in ..." and ``unit`` follows a signed difference there.
    """

    field: str
    text: str
    directions: str
    name: str
    unit: str = ""
    theme: str = "staying"
    """Clear differences are told theme by theme: staying, skills, cost."""


_PHRASES = (
    _Phrase(
        "retention_2y",
        "two-year retention was {value} percentage points {direction}",
        "higher/lower",
        "two-year retention",
        " pp",
    ),
    _Phrase(
        "retention_5y",
        "five-year retention was {value} percentage points {direction}",
        "higher/lower",
        "five-year retention",
        " pp",
    ),
    _Phrase(
        "quit_rate_monthly",
        "the monthly quit rate was {value} percentage points {direction}",
        "higher/lower",
        "the quit rate",
        " pp a month",
    ),
    _Phrase(
        "median_spell_years",
        "the median employment spell was {value} years {direction}",
        "longer/shorter",
        "the median employment spell",
        " years",
    ),
    _Phrase(
        "hops_per_10_career_years",
        "workers made {value} {direction} job hops per 10 career-years",
        "more/fewer",
        "job hops per career-year",
    ),
    _Phrase(
        "internal_moves_per_employee_year",
        "there were {value} {direction} internal moves per employee-year",
        "more/fewer",
        "internal moves",
    ),
    _Phrase(
        "skill_gain_per_worker_year",
        "employees' summed skill proficiency grew by {value} {direction} per worker-year",
        "more/less",
        "skill gain",
        theme="skills",
    ),
    _Phrase(
        "skill_breadth",
        "employees ended with {value} {direction} skills at proficiency 0.5 or above",
        "more/fewer",
        "skill breadth",
        " skills",
        "skills",
    ),
    _Phrase(
        "turnover_cost_per_employee_year",
        "turnover cost the companies {value} {direction} per employee-year",
        "more/less",
        "turnover cost",
        theme="cost",
    ),
    _Phrase(
        "gig_bonus_per_employee_year",
        "micro-job bonuses cost {value} {direction} per employee-year",
        "more/less",
        "micro-job bonuses",
        theme="cost",
    ),
    _Phrase(
        PEOPLE_COST,
        "turnover and bonuses together cost {value} {direction} per employee-year",
        "more/less",
        "turnover and bonus costs together",
        theme="cost",
    ),
)

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

_RUN_SENTENCES = (
    ("retention_2y", "an estimated {}% of employment spells lasted two years or more"),
    ("quit_rate_monthly", "{}% of employees quit each month"),
    ("median_spell_years", "the median employment spell was {} years"),
    ("gig_participation_share", "{}% of employees did at least one micro-job"),
    ("skill_gain_per_worker_year", "summed skill proficiency grew by {} per worker-year"),
    ("turnover_cost_per_employee_year", "turnover cost {} per employee-year"),
    ("gig_bonus_per_employee_year", "micro-job bonuses cost {} per employee-year"),
)
"""Clauses of the plain-words summary of one run: (measure, text with the value)."""

_DPI = 150
_T_MAX_YEARS = 10.0
_HAZARD_T_MAX_YEARS = 20.0
_MINUS = "\u2212"


# ------------------------------------------------------------------ numbers


def _number(value: float, decimals: int, *, signed: bool = False) -> str:
    """``value`` with thousands separators and a true minus sign; ``n/a`` when not finite."""
    if not math.isfinite(value):
        return "n/a"
    if round(value, decimals) == 0:
        value, signed = 0.0, False
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    return text.replace("-", _MINUS)


@attrs.frozen
class _Interval:
    """A mean with its confidence interval over replications."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def has_ci(self) -> bool:
        return self.n >= 2 and math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def excludes_zero(self) -> bool:
        """True when the interval lies wholly above or below zero."""
        return self.has_ci and (self.low > 0.0 or self.high < 0.0)


def _interval(values: np.ndarray) -> _Interval:
    """Mean and t-based interval of the finite ``values`` (as the experiment tables compute it)."""
    x = values[np.isfinite(values)]
    n = int(x.size)
    if n == 0:
        return _Interval(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n < 2:
        return _Interval(mean, math.nan, math.nan, n)
    half = t_quantile(0.5 + CONFIDENCE / 2.0, n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return _Interval(mean, mean - half, mean + half, n)


def _of_row(row: Any) -> _Interval:
    return _Interval(row.mean, row.ci_low, row.ci_high, row.n)


def _values(summaries: Sequence[RunSummary], field: str) -> np.ndarray:
    """One measure (or a derived one) of each summary."""
    parts = _DERIVED.get(field, (field,))
    total = np.zeros(len(summaries))
    for part in parts:
        total = total + np.array([getattr(s, part) for s in summaries], dtype=float)
    return total


def _sections() -> list[tuple[str, tuple[Measure, ...]]]:
    """:data:`SECTIONS` restricted to known measures, plus any RunSummary field not listed."""
    names = RunSummary.field_names()
    known = set(names) | set(_DERIVED)
    out = []
    listed: set[str] = set()
    for title, fields in SECTIONS:
        kept = tuple(Measure.of(f) for f in fields if f in known)
        listed |= {m.field for m in kept}
        if kept:
            out.append((title, kept))
    rest = tuple(Measure.of(n) for n in names if n not in listed)
    if rest:
        out.append(("Other measures", rest))
    return out


def _measure(field: str) -> Measure:
    return Measure.of(field)


def _known(field: str) -> bool:
    return field in RunSummary.field_names() or field in _DERIVED


# ------------------------------------------------------------------ optional dependencies


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(
            "microjob.report writes its tables with pandas, an optional dependency: "
            "pip install 'microjob[pandas]'"
        ) from exc
    return pd


def _figure_class() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(
            "microjob.report draws its figures with matplotlib, an optional dependency: "
            "pip install 'microjob[plot]'"
        ) from exc
    return Figure


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


# ------------------------------------------------------------------ writing files


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def _spells_frame(runs: Sequence[tuple[str, RunResult]]) -> pd.DataFrame:
    """The spells of each run (:func:`microjob.measures.spell_table`) with a ``policy_label``."""
    pd = _pandas()
    frames = []
    for label, run in runs:
        frame = pd.DataFrame(run.spell_table)
        frame.insert(0, "policy_label", label)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _write_spells(out: Path, runs: Sequence[tuple[str, RunResult]]) -> list[Path]:
    frame = _spells_frame(runs)
    written = [_write_csv(frame, out / "spells.csv")]
    if importlib.util.find_spec("pyarrow") is not None:
        path = out / "spells.parquet"
        frame.to_parquet(path, index=False)
        written.append(path)
    return written


def _write_scenario(out: Path, scenario: Scenario) -> list[Path]:
    """``scenario.toml`` when the scenario can write itself (``Scenario.to_toml``)."""
    to_toml = getattr(scenario, "to_toml", None)
    if not callable(to_toml):
        return []
    path = out / "scenario.toml"
    to_toml(path)
    return [path]


@attrs.frozen
class _Figure:
    """A figure saved as a PNG: its file, bytes and caption."""

    path: Path
    png: bytes
    alt: str
    caption: str


def _save(fig: Figure, path: Path, alt: str, caption: str) -> _Figure:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    png = buffer.getvalue()
    path.write_bytes(png)
    return _Figure(path, png, alt, caption)


def _prepare(out: Path) -> Path:
    if not isinstance(out, str | Path):
        raise TypeError(f"out: must be a directory path, got {out!r}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"out: {str(out)!r} exists and is not a directory")
    (out / "figures").mkdir(parents=True, exist_ok=True)
    return out


def _check_command(command: str) -> None:
    if not isinstance(command, str):
        raise TypeError(f"command: must be a string, got {command!r}")


# ------------------------------------------------------------------ labels and colours


def _kind_label(name: str) -> str:
    """The plot label of a policy kind, spelt with hyphens or underscores; else ``name``."""
    for key in (name, name.replace("-", "_"), name.replace("_", "-")):
        if key in plot.POLICY_LABELS:
            return plot.POLICY_LABELS[key]
    return name


def _display_labels(labels: Sequence[str]) -> dict[str, str]:
    """Legend names: policy kinds become their plot labels; other labels are kept."""
    shown = {x: _kind_label(x) for x in labels}
    if len(set(shown.values())) < len(shown):
        return {x: x for x in labels}
    return shown


def _colour_map(names: Sequence[str]) -> dict[str, str]:
    return dict(zip(names, plot._colours(list(names)), strict=True))


def _policy_phrase(name: str) -> str:
    """A display name inside a sentence: "internal freelance", or a user's label as given."""
    if name in plot.POLICY_LABELS.values():
        return name[0].lower() + name[1:]
    return name


def _seed_text(entropy: Sequence[int]) -> str:
    return "/".join(str(x) for x in entropy)


# ------------------------------------------------------------------ figures


def _new_figure(Figure: Any, width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


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


def _tidy(ax: Any, *, grid: str | None = None) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    if grid:
        ax.grid(axis=grid, color="0.91", linewidth=0.8)
        ax.set_axisbelow(True)


def _wrap(text: str, width: int = 16) -> str:
    """Break a tick label on spaces into lines of about ``width`` characters."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


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


def _series_colours(names: Sequence[str]) -> list[str]:
    """Colours of sweep series: a policy's own colour for "policy = KIND", others after."""
    fixed = {
        f"policy = {kind}": plot._colours([label])[0] for kind, label in plot.POLICY_LABELS.items()
    }
    if all(x in fixed for x in names):
        return [fixed[x] for x in names]
    spare = [c for c in plot._PALETTE if c not in fixed.values()]
    return [spare[i % len(spare)] for i in range(len(names))]


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


# ------------------------------------------------------------------ HTML pieces

_CSS = """
:root { --ink: #1d2127; --muted: #5b6570; --rule: #dde2e8; --soft: #f5f7f9;
  --accent: #0b5cad; --mark: #fff1b8; --warn-bg: #fff8e8; --warn-rule: #ecd49a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", sans-serif; }
main { max-width: 66rem; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .3rem 0 1rem; letter-spacing: -.01em; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.8rem 0 .8rem; padding-bottom: .35rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
p, li { max-width: 48rem; }
a { color: var(--accent); }
.kicker { margin: 0; font-size: .78rem; font-weight: 600; letter-spacing: .09em;
  text-transform: uppercase; color: var(--muted); }
.question { margin: 1rem 0 1.4rem; padding: .3rem 0 .3rem 1rem; font-size: 1.15rem;
  border-left: 4px solid var(--accent); color: #2b3138; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.4rem;
  margin: 1rem 0; font-size: .95rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono",
  monospace; font-size: .86em; }
pre { margin: 0; padding: .55rem .75rem; background: var(--soft); border: 1px solid var(--rule);
  border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(13.5rem, 1fr));
  gap: .9rem; margin: 1rem 0 1.4rem; }
.card { border: 1px solid var(--rule); border-top: 4px solid var(--rule); border-radius: 8px;
  padding: .8rem 1rem .9rem; }
.card.clear { border-top-color: var(--accent); }
.card .name { font-size: .85rem; color: var(--muted); }
.card .big { font-size: 1.65rem; font-weight: 650; line-height: 1.25;
  font-variant-numeric: tabular-nums; margin: .2rem 0; }
.card .name small { font-size: .78rem; white-space: nowrap; }
.card .sub { font-size: .82rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.verdict { display: inline-block; margin-top: .35rem; padding: .05rem .45rem; border-radius: 999px;
  font-size: .75rem; font-weight: 600; background: var(--soft); color: var(--muted); }
.clear .verdict { background: #e3eefa; color: var(--accent); }
.findings p { font-size: 1.02rem; }
.caveat { max-width: 48rem; margin: 1.2rem 0; padding: .8rem 1rem; background: var(--warn-bg);
  border: 1px solid var(--warn-rule); border-radius: 6px; font-size: .95rem; }
figure { margin: 1.6rem 0 2.2rem; }
figure img { display: block; width: 100%; max-width: 56rem; height: auto;
  border: 1px solid var(--rule); border-radius: 6px; }
figcaption { max-width: 48rem; margin-top: .55rem; font-size: .9rem; color: var(--muted); }
figcaption b { color: var(--ink); }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { padding: .42rem .65rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { text-align: right; font-weight: 600; border-bottom: 2px solid var(--ink);
  vertical-align: bottom; }
thead th:first-child, tbody th { text-align: left; }
tbody th { font-weight: 500; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num .ci { display: block; color: var(--muted); font-size: .8rem; }
td.clear { background: var(--mark); }
td.clear .v { font-weight: 650; }
tr.section th { padding-top: 1.1rem; background: #fff; border-bottom: 1px solid var(--ink);
  font-size: .8rem; font-weight: 650; letter-spacing: .05em; text-transform: uppercase;
  color: var(--muted); }
.unit { display: block; font-size: .8rem; color: var(--muted); }
thead .param { display: block; font-size: .72rem; font-weight: 500; color: var(--muted); }
tbody th { min-width: 13rem; }
table.params { width: auto; min-width: 60%; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .4em;
  border-radius: 2px; vertical-align: -.05em; }
.legend { font-size: .88rem; color: var(--muted); }
.legend .key { display: inline-block; padding: 0 .35rem; background: var(--mark);
  font-weight: 650; color: var(--ink); }
table.params td, table.params th { font-size: .88rem; }
table.params td { font-variant-numeric: tabular-nums; }
ul.files { padding-left: 1.2rem; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule);
  font-size: .85rem; color: var(--muted); }
@media (max-width: 40rem) {
  main { padding: 1.5rem 1rem 2rem; }
  h1 { font-size: 1.6rem; }
  dl.facts { grid-template-columns: 1fr; gap: 0 0; }
  dl.facts dd { margin-bottom: .5rem; }
}
@media print {
  main { max-width: none; padding: 0; }
  figure, table, .card { break-inside: avoid; }
}
"""

_e = html.escape


def _img(fig: _Figure) -> str:
    data = base64.b64encode(fig.png).decode("ascii")
    return (
        f'<figure id="fig-{_e(fig.path.stem)}">'
        f'<img src="data:image/png;base64,{data}" alt="{_e(fig.alt)}">'
        f"<figcaption>{fig.caption}</figcaption></figure>"
    )


def _facts(items: Sequence[tuple[str, str]]) -> str:
    """A definition list; values are HTML already."""
    body = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
    return f'<dl class="facts">{body}</dl>'


def _swatch(colour: str) -> str:
    return f'<span class="swatch" style="background:{_e(colour)}"></span>'


def _cell(m: Measure, est: _Interval | None, *, signed: bool = False, mark: bool = False) -> str:
    if est is None or not math.isfinite(est.mean):
        return '<td class="num">n/a</td>'
    ci = f'<span class="ci">{m.show(est.low)} to {m.show(est.high)}</span>' if est.has_ci else ""
    cls = "num clear" if mark and est.excludes_zero else "num"
    return f'<td class="{cls}"><span class="v">{m.show(est.mean, signed=signed)}</span>{ci}</td>'


def _column(
    lookup: Mapping[tuple[Any, str], _Interval], key: Any, *, difference: bool = False
) -> Callable[[Measure], str]:
    """A table column: the cell of each measure's estimate under ``key``."""

    def cell(m: Measure) -> str:
        return _cell(m, lookup.get((key, m.field)), signed=difference, mark=difference)

    return cell


def _measure_head(m: Measure) -> str:
    unit = f'<span class="unit">{_e(m.unit)}</span>' if m.unit else ""
    return f'<th scope="row">{_e(m.label)}{unit}</th>'


def _table(header: Sequence[str], body: Sequence[str]) -> str:
    head = "".join(header)
    return (
        f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _breakable(name: str) -> str:
    """``name`` escaped, with line-break opportunities after dots and underscores."""
    return _e(name).replace(".", ".<wbr>").replace("_", "_<wbr>")


def _section_row(title: str, span: int) -> str:
    return f'<tr class="section"><th colspan="{span}">{_e(title)}</th></tr>'


def _show_value(value: Any) -> str:
    if attrs.has(type(value)) and hasattr(value, "kind"):
        return str(value.kind)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _describe_value(value: Any) -> str:
    if attrs.has(type(value)) and hasattr(value, "kind"):
        return str(value.kind)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _policy_table(policies: Mapping[str, Any], colours: Mapping[str, str] | None = None) -> str:
    """The parameters of each policy, side by side (missing ones shown as a dash)."""
    if not policies:
        return ""
    fields: list[str] = []
    for p in policies.values():
        for f in attrs.fields(type(p)):
            if f.name != "kind" and f.name not in fields:
                fields.append(f.name)
    header = ["<th>Parameter</th>"] + [
        f"<th>{_swatch(colours[n]) if colours and n in colours else ''}{_e(n)}</th>"
        for n in policies
    ]
    body = []
    for name in fields:
        cells = "".join(
            f'<td class="num">{_e(_describe_value(getattr(p, name)))}</td>'
            if hasattr(p, name)
            else '<td class="num">—</td>'
            for p in policies.values()
        )
        body.append(f'<tr><th scope="row"><code>{_e(name)}</code></th>{cells}</tr>')
    return _table(header, body).replace("<table>", '<table class="params">', 1)


def _scenario_facts(
    scenario: Scenario, extra: Sequence[tuple[str, str]], *, policy_note: str = ""
) -> str:
    """The scenario's key parameters as a definition list (the full set is in scenario.toml)."""
    companies = ", ".join(
        f"{c.name} ({sum(r.positions for r in c.roles):,} positions)" for c in scenario.companies
    )
    kinds = ", ".join(dict.fromkeys(c.policy.kind for c in scenario.companies))
    market = scenario.market
    items = [("Scenario", f"<strong>{_e(scenario.name)}</strong>")]
    if scenario.description:
        items.append(("Description", _e(scenario.description)))
    items += [
        ("Simulated companies", _e(companies)),
        ("Their policy", _e(kinds + policy_note)),
        ("Outside market", _e(f"{scenario.population.outside_workers:,} workers")),
        (
            "Time",
            _e(f"{scenario.warmup_years:g}-year warm-up, then {scenario.horizon_years:g} years"),
        ),
        (
            "Labour market",
            _e(
                f"outside offers {market.offer_rate_per_year:g} a year at age 25; layoffs "
                f"{100 * market.layoff_rate_monthly:g}% of employees a month; switching cost "
                f"{market.switching_cost:g} of log wage; market wages grow "
                f"{100 * market.wage_growth_per_year:g}% a year"
            ),
        ),
        *extra,
    ]
    return _facts(items)


def _files_list(out: Path, written: Sequence[Path], descriptions: Mapping[str, str]) -> str:
    items = []
    for path in written:
        rel = path.relative_to(out).as_posix()
        what = descriptions.get(rel) or descriptions.get(path.parent.name + "/", "")
        items.append(
            f'<li><a href="{_e(rel)}"><code>{_e(rel)}</code></a>'
            + (f": {_e(what)}" if what else "")
            + "</li>"
        )
    items.append("<li><code>report.html</code>: this page</li>")
    return f'<ul class="files">{"".join(items)}</ul>'


_FILE_NOTES = {
    "summary.csv": "the estimates shown in the table (mean, sd, 95% CI, n)",
    "differences.csv": "paired differences from the baseline policy, with unpaired intervals "
    "and the variance removed by common random numbers",
    "runs.csv": "one row per run: policy, replication, seed and every measure",
    "spells.csv": "employment spells of the example runs, one per row",
    "spells.parquet": "the same spells as a Parquet file",
    "scenario.toml": "the scenario, to rerun or change it",
    "figures/": "the figures of this page as PNG files",
}


def _caveat(scenario: Scenario) -> str:
    return (
        '<p class="caveat"><strong>These numbers describe the model, not real firms.</strong> '
        f"They come from one scenario (<em>{_e(scenario.name)}</em>) with the parameters listed "
        "below. The traditional baseline is calibrated to published facts (BLS tenure, "
        "JOLTS quit and layoff rates, NLSY job counts), but the internal-freelance policy "
        "is not: its parameters are starting values, not estimates from any firm. Read the "
        "direction and rough size of a difference, and check how it moves when the "
        "parameters change (<code>microjob sweep</code>), before drawing conclusions about "
        "real organisations.</p>"
    )


def _page(title: str, kicker: str, heading: str, body: Sequence[str]) -> str:
    from microjob._version import __version__

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="microjob {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<p class="kicker">{_e(kicker)}</p>\n<h1>{_e(heading)}</h1>\n'
        f'<p class="question"><strong>The question.</strong> {_e(QUESTION)}</p>\n'
        + "\n".join(body)
        + f"\n<footer>Written by microjob {_e(__version__)}. Figures and tables were made from "
        "the files in this directory; the same command gives the same numbers.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


# ------------------------------------------------------------------ plain words


def _sentence_parts(
    differences: Mapping[str, _Interval],
) -> tuple[dict[str, list[str]], list[str], bool]:
    """Clauses for clear differences by theme, notes for unclear ones, and whether any had a CI.

    Measures whose values were identical in every replication (an interval of
    exactly zero width at zero) say nothing and are left out.
    """
    clear: dict[str, list[str]] = {}
    unclear: list[str] = []
    any_ci = False
    for phrase in _PHRASES:
        d = differences.get(phrase.field)
        if d is None or not math.isfinite(d.mean):
            continue
        m = _measure(phrase.field)
        any_ci = any_ci or d.has_ci
        if d.excludes_zero:
            up, down = phrase.directions.split("/")
            text = phrase.text.format(
                value=m.show(abs(d.mean)), direction=up if d.mean > 0 else down
            )
            clear.setdefault(phrase.theme, []).append(
                f"{text} (95% CI {m.show(d.low)} to {m.show(d.high)})"
            )
        elif d.has_ci and not d.low == d.high == 0.0:
            unclear.append(
                f"{phrase.name} ({m.show(d.mean, signed=True)}{phrase.unit}, "
                f"95% CI {m.show(d.low)} to {m.show(d.high)})"
            )
    return clear, unclear, any_ci


_THEME_LEADS = {"skills": "As for skills", "cost": "On costs"}


def _count(n: int, noun: str) -> str:
    """``3 replications``, ``1 replication``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _join(items: Sequence[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {last} {items[1]}"
    return "; ".join(items[:-1]) + f"; {last} " + items[-1]


def _difference_paragraph(intro: str, differences: Mapping[str, _Interval], n: int) -> str:
    """Plain words: the clear differences theme by theme, then those with no clear difference."""
    clear, unclear, any_ci = _sentence_parts(differences)
    if not any_ci:
        return (
            f"<p>{_e(intro)}: with {_count(n, 'replication')} there are no "
            "confidence intervals, so no difference can be stated. Run at least two "
            "replications (more narrow the intervals).</p>"
        )
    sentences: list[str] = []
    for theme, clauses in clear.items():
        lead = _THEME_LEADS.get(theme, "") if sentences else intro
        sentences.append(f"{lead}, {_join(clauses)}." if lead else f"{_join(clauses)}.")
    if not sentences:
        sentences.append(f"{intro}, none of the key measures differed clearly.")
    if unclear:
        sentences.append(
            "There was no clear difference (the 95% interval includes zero) in "
            + _join(unclear, "or")
            + "."
        )
    return "<p>" + " ".join(_e(x[:1].upper() + x[1:]) for x in sentences) + "</p>"


# ------------------------------------------------------------------ page assembly


def _header(scenario: Scenario, rows: Sequence[tuple[str, str]], command: str) -> str:
    """The facts under the title: scenario, the given rows (HTML), and the command."""
    described = f": {_e(scenario.description)}" if scenario.description else ""
    return _facts(
        [
            ("Scenario", f"<strong>{_e(scenario.name)}</strong>{described}"),
            *rows,
            ("Command", f"<pre><code>{_e(command)}</code></pre>"),
        ]
    )


def _section(ident: str, title: str, parts: Sequence[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<section id="{ident}"{attr}><h2>{_e(title)}</h2>\n' + "\n".join(parts) + "</section>"


def _measure_table(header: Sequence[str], columns: Sequence[Callable[[Measure], str]]) -> str:
    """The grouped table of every measure: one row per measure, cells from ``columns``."""
    rows = []
    for title, measures in _sections():
        rows.append(_section_row(title, 1 + len(columns)))
        for m in measures:
            rows.append(f"<tr>{_measure_head(m)}{''.join(c(m) for c in columns)}</tr>")
    return _table(header, rows)


def _finish(
    out: Path,
    written: list[Path],
    notes: Mapping[str, str],
    titles: tuple[str, str, str],
    body: list[str],
) -> list[Path]:
    """Add the list of files, write ``report.html`` and return every path written."""
    body.append(_section("files", "Files", [_files_list(out, written, notes)]))
    path = out / "report.html"
    path.write_text(_page(*titles, body), encoding="utf-8")
    return [*written, path]


# ------------------------------------------------------------------ compare


def _check_examples(comparison: Comparison, examples: Mapping[str, RunResult]) -> None:
    if not isinstance(examples, Mapping):
        raise TypeError(
            f"examples: must be a mapping from policy label to RunResult, got {examples!r}"
        )
    missing = [p for p in comparison.policies if p not in examples]
    extra = [p for p in examples if p not in comparison.policies]
    if missing or extra:
        raise ValueError(
            f"examples: needs one run for each policy of the comparison "
            f"{list(comparison.policies)}; missing {missing}, unknown {extra}"
        )
    for label, run in examples.items():
        if not isinstance(run, RunResult):
            raise TypeError(f"examples[{label!r}]: must be a RunResult, got {type(run).__name__}")


_Keyed = dict[tuple[str, str], _Interval]


def _comparison_estimates(comparison: Comparison, table: Any, diffs: Any) -> tuple[_Keyed, _Keyed]:
    """Estimates and paired differences by (label, measure), derived measures included."""
    labels = comparison.policies
    est: _Keyed = {(r.label, r.measure): _of_row(r) for r in table}
    diff: _Keyed = {(r.label, r.measure): _of_row(r) for r in diffs} if diffs is not None else {}
    for field in _DERIVED:
        values = {p: _values(comparison.summaries(p), field) for p in labels}
        base = values[labels[0]]
        for p in labels:
            est[(p, field)] = _interval(values[p])
            if p != labels[0]:
                both = np.isfinite(values[p]) & np.isfinite(base)
                diff[(p, field)] = _interval(values[p][both] - base[both])
    return est, diff


def _cards(name: str, base_name: str, label: str, baseline: str, est: _Keyed, diff: _Keyed) -> str:
    """Headline numbers: the paired difference in a few key measures, with both means."""
    cards = []
    for field in _CARD_FIELDS:
        d = diff.get((label, field))
        if d is None or not math.isfinite(d.mean):
            continue
        m = _measure(field)
        a, b = est[(label, field)], est[(baseline, field)]
        ci = f"95% CI {m.show(d.low)} to {m.show(d.high)}" if d.has_ci else "one replication"
        verdict = (
            "clear difference"
            if d.excludes_zero
            else "no clear difference"
            if d.has_ci
            else "no interval"
        )
        unit = f" <small>({_e(m.difference_unit)})</small>" if m.difference_unit else ""
        cards.append(
            f'<div class="card{" clear" if d.excludes_zero else ""}">'
            f'<div class="name">{_e(m.label)}{unit}</div>'
            f'<div class="big">{m.show(d.mean, signed=True)}</div>'
            f'<div class="sub">{_e(ci)}</div>'
            f'<div class="sub">{_e(name)}: {m.show(a.mean)}<br>'
            f"{_e(base_name)}: {m.show(b.mean)}</div>"
            f'<span class="verdict">{verdict}</span></div>'
        )
    return f'<div class="cards">{"".join(cards)}</div>' if cards else ""


def write_comparison(
    out: Path, comparison: Comparison, examples: Mapping[str, RunResult], *, command: str
) -> list[Path]:
    """Write the report of a policy comparison into the directory ``out``.

    ``examples`` maps each policy label of ``comparison`` to one full run
    (replication 0, with its records), which gives the curves and the spells;
    ``command`` is the command line that produced the comparison, shown on the
    page. Writes ``summary.csv`` (per policy and measure: mean, sd, 95% CI,
    n), ``differences.csv`` (paired differences from the first policy, when
    there are two or more), ``runs.csv`` (one row per run), ``spells.csv``
    (and ``spells.parquet`` with pyarrow), ``figures/*.png``,
    ``scenario.toml`` (when the scenario can write itself) and
    ``report.html``. Existing files of these names are overwritten; other
    files in ``out`` are left alone. Returns the paths written, the page last.
    """
    if not isinstance(comparison, Comparison):
        raise TypeError(f"comparison: must be a Comparison, got {type(comparison).__name__}")
    _check_examples(comparison, examples)
    _check_command(command)
    _pandas()
    Figure = _figure_class()
    out = _prepare(out)
    labels = list(comparison.policies)
    baseline, others = labels[0], labels[1:]
    scenario, n = comparison.scenario, comparison.replications

    table = comparison.table(confidence=CONFIDENCE)
    diffs = comparison.differences(baseline=baseline, confidence=CONFIDENCE) if others else None
    written = [
        _write_csv(table.to_frame().rename(columns={"label": "policy"}), out / "summary.csv")
    ]
    if diffs is not None:
        frame = diffs.to_frame().rename(columns={"label": "policy"})
        written.append(_write_csv(frame, out / "differences.csv"))
    written.append(_write_csv(comparison.to_frame().drop(columns=["point"]), out / "runs.csv"))
    written += _write_spells(out, [(p, examples[p]) for p in labels])
    written += _write_scenario(out, scenario)

    est, diff = _comparison_estimates(comparison, table, diffs)
    shown = _display_labels(labels)
    names = [shown[p] for p in labels]
    colours = _colour_map(names)
    runs = {shown[p]: examples[p] for p in labels}
    nan = _Interval(math.nan, math.nan, math.nan, 0)
    figures: list[_Figure] = []
    with _style():
        forest = _forest_figure(
            Figure,
            shown[baseline],
            {f: est[(baseline, f)].mean for f in _FOREST_MEASURES if (baseline, f) in est},
            {shown[p]: {f: diff.get((p, f), nan) for f in _FOREST_MEASURES} for p in others},
            colours,
        )
        if forest is not None:
            figures.append(
                _save(
                    forest,
                    out / "figures" / "differences.png",
                    "Paired differences of key measures from the baseline policy, with 95% "
                    "confidence intervals",
                    "<b>What differs, measure by measure.</b> Each point is the mean paired "
                    f"difference from {_e(_policy_phrase(shown[baseline]))} over "
                    f"{_count(n, 'replication')} (each replication runs both policies on the "
                    "same seed), as a percentage of the baseline mean so that measures in "
                    "different units share one axis; whiskers are 95% confidence intervals. "
                    "Filled points: the interval excludes zero. The right-hand column gives the "
                    "difference in the measure's own unit (pp: percentage points).",
                )
            )
        markers = {
            shown[p]: {
                t: est[(p, f)]
                for t, f in ((1.0, "retention_1y"), (2.0, "retention_2y"), (5.0, "retention_5y"))
                if (p, f) in est
            }
            for p in labels
        }
        figures.append(
            _save(
                _retention_figure(Figure, runs, colours, markers, n),
                out / "figures" / "retention.png",
                "Kaplan-Meier retention by tenure for each policy, with confidence bands",
                "<b>Retention by tenure.</b> Lines: the Kaplan–Meier share of employment "
                "spells at the simulated companies still going at each tenure, in replication 0 "
                "of each policy, with its 95% pointwise band (spells begun before the "
                "measurement window enter at the tenure they had then). Diamonds: retention at "
                f"1, 2 and 5 years, mean of {_count(n, 'replication')} with its 95% confidence "
                "interval.",
            )
        )
        figures.append(
            _save(
                _hazard_figure(Figure, runs),
                out / "figures" / "hazard.png",
                "Separation hazard per employee-year by tenure band for each policy",
                "<b>When people leave.</b> Separations (quits, layoffs and retirements) per "
                "employee-year of exposure in each tenure band, replication 0, with 95% "
                "confidence intervals. Bands are drawn side by side whatever their width.",
            )
        )
        skills = {
            shown[p]: {f: comparison.values(p, f) for f in _SKILL_FIELDS if _known(f)}
            for p in labels
        }
        figures.append(
            _save(
                _skills_figure(Figure, skills, colours),
                out / "figures" / "skills.png",
                "Skill gain per worker-year and skill breadth by policy, with 95% confidence "
                "intervals",
                "<b>Skill growth.</b> Left: summed proficiency gained per worker-year; right: "
                "the number of skills held at proficiency 0.5 or above; both are means over the "
                "simulated companies' employees at the end of the run. Small dots: single "
                "replications; large points: their mean with a 95% confidence interval.",
            )
        )
        figures.append(
            _save(
                _exits_figure(Figure, [(shown[p], examples[p], None) for p in labels]),
                out / "figures" / "exits.png",
                "Cumulative incidence of quits, layoffs and retirements by tenure, per policy",
                "<b>Why people leave.</b> The Aalen–Johansen probability of having left for "
                "each reason by a given tenure, replication 0 of each policy.",
            )
        )
    written += [f.path for f in figures]

    seeds = [r.seed for r in comparison.runs if r.policy == baseline]
    seed_text = ", ".join(seeds) if len(seeds) <= 6 else f"{seeds[0]}, …, {seeds[-1]}"
    policies_html = ", ".join(f"{_swatch(colours[x])}{_e(x)}" for x in names)
    body = [
        _header(
            scenario,
            [
                ("Policies", f"{policies_html} (baseline: {_e(shown[baseline])})"),
                (
                    "Design",
                    _e(
                        f"{_count(n, 'paired replication')} per policy (common random numbers); "
                        f"{scenario.warmup_years:g}-year warm-up, then "
                        f"{scenario.horizon_years:g} years measured"
                    ),
                ),
            ],
            command,
        )
    ]
    findings = []
    for p in others:
        if len(others) > 1:
            findings.append(
                f"<h3>{_swatch(colours[shown[p]])}{_e(shown[p])} compared with "
                f"{_e(_policy_phrase(shown[baseline]))}</h3>"
            )
        findings.append(_cards(shown[p], shown[baseline], p, baseline, est, diff))
        intro = (
            f"Under {_policy_phrase(shown[p])}, compared with {_policy_phrase(shown[baseline])} "
            f"({_count(n, 'paired replication')})"
        )
        own = {f: d for (q, f), d in diff.items() if q == p}
        findings.append(_difference_paragraph(intro, own, n))
    if not others:
        findings.append(
            f"<p>Only one policy ({_e(shown[baseline])}) was run, so there is nothing to "
            "compare; the table gives its measures with 95% confidence intervals.</p>"
        )
    findings.append(_caveat(scenario))
    body.append(_section("findings", "What differs", findings, "findings"))
    body.append(_section("figures", "Figures", [_img(f) for f in figures]))

    legend = (
        '<p class="legend">Means over replications, with the t-based 95% confidence interval '
        "below each. Differences are paired (replication r of every policy uses the same seed) "
        "and in the row's unit, percentage points for percentages. "
        '<span class="key">Highlighted</span>: the interval of the difference excludes zero.</p>'
    )
    header = [
        "<th>Measure</th>",
        *(f"<th>{_swatch(colours[x])}{_e(x)}</th>" for x in names),
        *(f"<th>Difference,<br>{_e(shown[p])}</th>" for p in others),
    ]
    columns: list[Callable[[Measure], str]] = [
        *(_column(est, p) for p in labels),
        *(_column(diff, p, difference=True) for p in others),
    ]
    body.append(_section("results", "Results", [legend, _measure_table(header, columns)]))

    method = [
        _scenario_facts(
            scenario,
            policy_note=" in the scenario file; each compared policy replaces it in its runs",
            extra=[
                ("Replications", _e(f"{n} per policy")),
                (
                    "Seeds",
                    f'{_e(seed_text)} <span class="legend">(entropy/spawn key of each '
                    "replication; every policy uses the same seed for the same "
                    "replication)</span>",
                ),
            ],
        )
    ]
    policies = {shown[p]: examples[p].policy for p in labels if examples[p].policy is not None}
    if policies:
        method += ["<h3>Policy parameters</h3>", _policy_table(policies, colours)]
    method.append(
        "<p>Retention is estimated by Kaplan–Meier over the spells at the simulated companies, "
        "with delayed entry for spells that began before the measurement window; rates are per "
        "mean headcount. Every measure is computed per run, and intervals are over "
        "replications: spells are never pooled across replications for inference.</p>"
    )
    body.append(_section("scenario", "Scenario and method", method))
    titles = (
        f"microjob report: {scenario.name}, " + " vs ".join(names),
        "microjob · policy comparison",
        " vs ".join(names),
    )
    return _finish(out, written, _FILE_NOTES, titles, body)


_CARD_FIELDS = ("retention_2y", "quit_rate_monthly", "skill_gain_per_worker_year", PEOPLE_COST)
_SKILL_FIELDS = ("skill_gain_per_worker_year", "skill_breadth")


# ------------------------------------------------------------------ one run


def _run_series(result: RunResult) -> list[tuple[str, RunResult, str | None]]:
    """(legend name, run, policy filter) per policy kind of the run's simulated companies."""
    kinds = list(dict.fromkeys(c.policy.kind for c in result.scenario.companies))
    if len(kinds) == 1:
        return [(plot.POLICY_LABELS.get(kinds[0], kinds[0]), result, None)]
    return [(plot.POLICY_LABELS.get(k, k), result, k) for k in kinds]


def write_run(out: Path, result: RunResult, *, command: str) -> list[Path]:
    """Write the report of one run into the directory ``out``.

    Writes ``summary.csv`` (one row: the policy label and every measure),
    ``spells.csv`` (and ``spells.parquet`` with pyarrow), ``figures/*.png``
    (retention, hazard by tenure, exits by cause, skill breadth),
    ``scenario.toml`` (when the scenario can write itself) and
    ``report.html``. A single run has no confidence intervals across
    replications; the page says so and points to ``microjob compare``.
    Returns the paths written, the page last.
    """
    if not isinstance(result, RunResult):
        raise TypeError(f"result: must be a RunResult, got {type(result).__name__}")
    _check_command(command)
    pd = _pandas()
    Figure = _figure_class()
    out = _prepare(out)
    label = result.policy.kind if result.policy is not None else "as in scenario"
    summary = result.summary()
    scenario = result.scenario
    row = {"policy": label, **summary.as_dict()}
    written = [_write_csv(pd.DataFrame([row]), out / "summary.csv")]
    written += _write_spells(out, [(label, result)])
    written += _write_scenario(out, scenario)

    series = _run_series(result)
    names = [s[0] for s in series]
    colours = _colour_map(names)
    figures: list[_Figure] = []
    with _style():
        fig = _new_figure(Figure, 7.2, 4.4)
        curves = {x: retention_curve(r, policy=k) for x, r, k in series}
        plot.retention(curves, ax=fig.add_subplot(), t_max_years=_T_MAX_YEARS, median=True)
        figures.append(
            _save(
                fig,
                out / "figures" / "retention.png",
                "Kaplan-Meier retention by tenure, with a confidence band",
                "<b>Retention by tenure.</b> The Kaplan–Meier share of employment spells at the "
                "simulated companies still going at each tenure, with its 95% pointwise band; "
                "dotted lines mark the median.",
            )
        )
        tables = {x: tenure_hazard(r, policy=k) for x, r, k in series}
        figures.append(
            _save(
                _hazard_figure(Figure, tables),
                out / "figures" / "hazard.png",
                "Separation hazard per employee-year by tenure band",
                "<b>When people leave.</b> Separations per employee-year of exposure in each "
                "tenure band, with 95% confidence intervals.",
            )
        )
        figures.append(
            _save(
                _exits_figure(Figure, series),
                out / "figures" / "exits.png",
                "Cumulative incidence of quits, layoffs and retirements by tenure",
                "<b>Why people leave.</b> The Aalen–Johansen probability of having left for "
                "each reason by a given tenure.",
            )
        )
        breadth = _skill_breadth_figure(Figure, series, colours)
        if breadth is not None:
            figures.append(
                _save(
                    breadth,
                    out / "figures" / "skills.png",
                    "Distribution of skill breadth among employees at the end of the run",
                    "<b>Skill breadth.</b> The simulated companies' employees at the end of the "
                    "run, by the number of skills they hold at proficiency 0.5 or above.",
                )
            )
    written += [f.path for f in figures]

    policy_html = ", ".join(f"{_swatch(colours[x])}{_e(x)}" for x in names)
    if result.policy is None:
        policy_html += " (as in the scenario)"
    body = [
        _header(
            scenario,
            [("Policy", policy_html), ("Seed", _e(_seed_text(result.seed_entropy)))],
            command,
        )
    ]
    facts = []
    for field, text in _RUN_SENTENCES:
        value = _values([summary], field)[0] if _known(field) else math.nan
        if math.isfinite(value):
            facts.append(text.format(_measure(field).show(value)))
    findings = [f"<p>{_e('In this run, ' + _join(facts) + '.')}</p>"] if facts else []
    if len(series) > 1:
        findings.append(
            "<p>The measures pool every simulated company, whatever its policy; the figures "
            "show each policy's companies separately.</p>"
        )
    findings += [
        "<p>One run is one draw of a random world: it has no confidence intervals and cannot "
        "tell a policy effect from chance. To compare policies, run <code>microjob "
        "compare</code>, which gives means over replications with 95% intervals and paired "
        "differences.</p>",
        _caveat(scenario),
    ]
    body.append(_section("findings", "What this run shows", findings, "findings"))
    body.append(_section("figures", "Figures", [_img(f) for f in figures]))

    def value_cell(m: Measure) -> str:
        v = _values([summary], m.field)[0]
        return f'<td class="num"><span class="v">{m.show(v)}</span></td>'

    column = names[0] if len(names) == 1 else "All simulated companies"
    header = ["<th>Measure</th>", f"<th>{_e(column)}</th>"]
    body.append(_section("results", "Measures", [_measure_table(header, [value_cell])]))
    policies = (
        {names[0]: result.policy}
        if result.policy is not None
        else {c.name: c.policy for c in scenario.companies}
    )
    scenario_parts = [
        _scenario_facts(
            scenario,
            [],
            policy_note="" if result.policy is None else f"; this run used {result.policy.kind}",
        ),
        "<h3>Policy parameters</h3>",
        _policy_table(policies, colours if result.policy is not None else None),
    ]
    body.append(_section("scenario", "Scenario", scenario_parts))
    notes = {
        **_FILE_NOTES,
        "summary.csv": "every measure of the run, one row",
        "spells.csv": "the employment spells of the run, one per row",
    }
    titles = (
        f"microjob report: {scenario.name}, one run",
        "microjob · one run",
        f"One run of scenario {scenario.name}",
    )
    return _finish(out, written, notes, titles, body)


# ------------------------------------------------------------------ sweep


def write_sweep(out: Path, sweep: SweepResult, *, command: str) -> list[Path]:
    """Write the report of a parameter sweep into the directory ``out``.

    Writes ``summary.csv`` (per grid point and measure: the point's index and
    parameter values, mean, sd, 95% CI and n), ``runs.csv`` (one row per
    run), ``figures/sweep.png`` (key measures against the first swept
    parameter, one line per combination of the others), ``scenario.toml``
    (the base scenario, when it can write itself) and ``report.html``, whose
    plain-words paragraph compares the last value of the first parameter
    with its first value by paired differences (every point uses the same
    seeds). Returns the paths written, the page last.
    """
    if not isinstance(sweep, SweepResult):
        raise TypeError(f"sweep: must be a SweepResult, got {type(sweep).__name__}")
    _check_command(command)
    _pandas()
    Figure = _figure_class()
    out = _prepare(out)
    scenario, n = sweep.scenario, sweep.replications
    aggregate = sweep.aggregate(confidence=CONFIDENCE)
    summary = aggregate.to_frame()
    summary.insert(0, "point", [int(str(x).rsplit(" ", 1)[-1]) for x in summary["label"]])
    written = [_write_csv(summary.drop(columns=["label"]), out / "summary.csv")]
    written.append(_write_csv(sweep.to_frame(), out / "runs.csv"))
    written += _write_scenario(out, scenario)

    n_points = len(sweep.points)
    by_point: dict[int, dict[int, RunSummary]] = {i: {} for i in range(n_points)}
    for r in sweep.runs:
        by_point[r.point][r.replication] = r.summary
    est: dict[tuple[int, str], _Interval] = {
        (int(row.label.rsplit(" ", 1)[-1]), row.measure): _of_row(row) for row in aggregate
    }
    for i in range(n_points):
        for f in _DERIVED:
            est[(i, f)] = _interval(_values(list(by_point[i].values()), f))

    params = list(sweep.parameters)
    x_name = params[0]
    xs = [p[x_name] for p in sweep.points]
    series: dict[str, list[int]] = {}
    for i, point in enumerate(sweep.points):
        rest = ", ".join(f"{k} = {_show_value(point[k])}" for k in params[1:])
        series.setdefault(rest, []).append(i)

    with _style():
        figure = _save(
            _sweep_figure(Figure, xs, series, est, x_name),
            out / "figures" / "sweep.png",
            f"Key measures against {x_name}, with 95% confidence bands",
            f"<b>Key measures against <code>{_e(x_name)}</code>.</b> Mean over "
            f"{_count(n, 'replication')} at each grid point, with 95% confidence intervals"
            + (", one series per combination of the other parameters." if len(series) > 1 else "."),
        )
    written.append(figure.path)

    def paired(first: int, last: int, field: str) -> _Interval:
        common = sorted(set(by_point[first]) & set(by_point[last]))
        a = _values([by_point[last][r] for r in common], field)
        b = _values([by_point[first][r] for r in common], field)
        return _interval(a - b)

    grid = "; ".join(
        f"{k}: " + ", ".join(dict.fromkeys(_show_value(p[k]) for p in sweep.points)) for k in params
    )
    body = [
        _header(
            scenario,
            [
                ("Grid", _e(f"{grid} ({n_points} points)")),
                (
                    "Design",
                    _e(
                        f"{_count(n, 'replication')} per point; every point uses the same "
                        "seeds (common random numbers); "
                        f"{scenario.warmup_years:g}-year warm-up, then "
                        f"{scenario.horizon_years:g} years measured"
                    ),
                ),
            ],
            command,
        )
    ]
    findings = []
    described = [(rest, points) for rest, points in series.items() if len(points) > 1]
    for rest, points in described[:_MAX_SERIES_DESCRIBED]:
        first, last = points[0], points[-1]
        where = f" (with {rest})" if rest else ""
        intro = (
            f"At {x_name} = {_show_value(xs[last])}, compared with {x_name} = "
            f"{_show_value(xs[first])}{where}, over {_count(n, 'paired replication')}"
        )
        differences = {
            ph.field: paired(first, last, ph.field) for ph in _PHRASES if _known(ph.field)
        }
        findings.append(_difference_paragraph(intro, differences, n))
    if not described:
        findings.append(
            f"<p>The grid has one value of <code>{_e(x_name)}</code>, so there is no change "
            "along it to describe; the table gives each point's measures.</p>"
        )
    elif len(described) > _MAX_SERIES_DESCRIBED:
        findings.append(
            f"<p>({len(described) - _MAX_SERIES_DESCRIBED} more combinations of the other "
            "parameters are in the table and the CSV files.)</p>"
        )
    findings.append(_caveat(scenario))
    body.append(_section("findings", "What changes along the grid", findings, "findings"))
    body.append(_section("figures", "Figures", [_img(figure)]))

    legend = (
        '<p class="legend">Means over replications at each grid point, with the t-based 95% '
        "confidence interval below each.</p>"
    )
    header = ["<th>Measure</th>"] + [
        "<th>"
        + "".join(
            f'<span class="param">{_breakable(k)}</span>{_e(_show_value(p[k]))}' for k in params
        )
        + "</th>"
        for p in sweep.points
    ]
    columns: list[Callable[[Measure], str]] = [_column(est, i) for i in range(n_points)]
    body.append(_section("results", "Results", [legend, _measure_table(header, columns)]))
    pnote = " (before the grid's changes)" if any("policy" in k for k in params) else ""
    scenario_parts = [
        _scenario_facts(scenario, [("Replications", _e(f"{n} per point"))], policy_note=pnote),
        "<h3>Policy parameters (before the grid's changes)</h3>",
        _policy_table({c.name: c.policy for c in scenario.companies}),
    ]
    body.append(_section("scenario", "Base scenario", scenario_parts))
    notes = {
        **_FILE_NOTES,
        "summary.csv": "per grid point and measure: parameter values, mean, sd, 95% CI, n",
        "runs.csv": "one row per run: grid point, parameter values, replication and measures",
        "scenario.toml": "the base scenario, before the grid's changes",
    }
    titles = (
        f"microjob report: {scenario.name}, sweep over " + ", ".join(params),
        "microjob · parameter sweep",
        "Sweep over " + ", ".join(params),
    )
    return _finish(out, written, notes, titles, body)


_MAX_SERIES_DESCRIBED = 6
