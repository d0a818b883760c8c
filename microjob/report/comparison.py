"""The report of a policy comparison (``microjob compare --out DIR``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape as _e
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from microjob.experiment import Comparison
from microjob.records import RunResult
from microjob.report.estimates import (
    _DERIVED,
    CONFIDENCE,
    PEOPLE_COST,
    Measure,
    _Interval,
    _interval,
    _known,
    _measure,
    _of_row,
    _values,
)
from microjob.report.figures import (
    _FOREST_MEASURES,
    _exits_figure,
    _forest_figure,
    _hazard_figure,
    _retention_figure,
    _skills_figure,
    _style,
)
from microjob.report.files import (
    _FILE_NOTES,
    _check_command,
    _Figure,
    _figure_class,
    _pandas,
    _prepare,
    _save,
    _write_csv,
    _write_scenario,
    _write_spells,
)
from microjob.report.format import _count
from microjob.report.labels import _colour_map, _display_labels, _policy_phrase
from microjob.report.page import (
    _column,
    _finish,
    _header,
    _img,
    _measure_table,
    _policy_table,
    _scenario_facts,
    _section,
    _swatch,
)
from microjob.report.prose import _caveat, _difference_paragraph

_CARD_FIELDS = ("retention_2y", "quit_rate_monthly", "skill_gain_per_worker_year", PEOPLE_COST)


_SKILL_FIELDS = ("skill_gain_per_worker_year", "skill_breadth")

_Keyed = dict[tuple[str, str], _Interval]


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


@attrs.frozen
class _Compared:
    """What every part of the page reads: the comparison, its example runs and estimates."""

    comparison: Comparison
    examples: Mapping[str, RunResult]
    shown: Mapping[str, str]
    """The display name of each policy label."""
    colours: Mapping[str, str]
    """The colour of each display name."""
    est: _Keyed
    diff: _Keyed

    @property
    def labels(self) -> list[str]:
        return list(self.comparison.policies)

    @property
    def baseline(self) -> str:
        return self.labels[0]

    @property
    def others(self) -> list[str]:
        return self.labels[1:]

    @property
    def names(self) -> list[str]:
        """The display names, in the order of the policies."""
        return [self.shown[p] for p in self.labels]

    @property
    def n(self) -> int:
        return self.comparison.replications


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
    table = comparison.table(confidence=CONFIDENCE)
    diffs = (
        comparison.differences(baseline=labels[0], confidence=CONFIDENCE)
        if len(labels) > 1
        else None
    )
    written = _write_tables(out, comparison, examples, table, diffs)
    est, diff = _comparison_estimates(comparison, table, diffs)
    shown = _display_labels(labels)
    colours = _colour_map([shown[p] for p in labels])
    compared = _Compared(comparison, examples, shown, colours, est, diff)
    with _style():
        figures = _figures(Figure, out, compared)
    written += [f.path for f in figures]
    body = [
        _header_facts(compared, command),
        _section("findings", "What differs", _findings(compared), "findings"),
        _section("figures", "Figures", [_img(f) for f in figures]),
        _section("results", "Results", _results(compared)),
        _section("scenario", "Scenario and method", _method(compared)),
    ]
    names = compared.names
    titles = (
        f"microjob report: {comparison.scenario.name}, " + " vs ".join(names),
        "microjob · policy comparison",
        " vs ".join(names),
    )
    return _finish(out, written, _FILE_NOTES, titles, body)


def _write_tables(
    out: Path,
    comparison: Comparison,
    examples: Mapping[str, RunResult],
    table: Any,
    diffs: Any,
) -> list[Path]:
    """summary.csv, differences.csv (two or more policies), runs.csv, the spells and scenario."""
    written = [
        _write_csv(table.to_frame().rename(columns={"label": "policy"}), out / "summary.csv")
    ]
    if diffs is not None:
        frame = diffs.to_frame().rename(columns={"label": "policy"})
        written.append(_write_csv(frame, out / "differences.csv"))
    written.append(_write_csv(comparison.to_frame().drop(columns=["point"]), out / "runs.csv"))
    written += _write_spells(out, [(p, examples[p]) for p in comparison.policies])
    written += _write_scenario(out, comparison.scenario)
    return written


# ------------------------------------------------------------------ figures


def _figures(Figure: Any, out: Path, c: _Compared) -> list[_Figure]:
    """The figures of the page, in its order: differences (when any), then the curves."""
    differences = _differences_png(Figure, out, c)
    return [
        *([differences] if differences is not None else []),
        _retention_png(Figure, out, c),
        *_outcome_pngs(Figure, out, c),
    ]


def _differences_png(Figure: Any, out: Path, c: _Compared) -> _Figure | None:
    nan = _Interval(math.nan, math.nan, math.nan, 0)
    baseline, base_name = c.baseline, c.shown[c.baseline]
    forest = _forest_figure(
        Figure,
        base_name,
        {f: c.est[(baseline, f)].mean for f in _FOREST_MEASURES if (baseline, f) in c.est},
        {c.shown[p]: {f: c.diff.get((p, f), nan) for f in _FOREST_MEASURES} for p in c.others},
        c.colours,
    )
    if forest is None:
        return None
    return _save(
        forest,
        out / "figures" / "differences.png",
        "Paired differences of key measures from the baseline policy, with 95% "
        "confidence intervals",
        "<b>What differs, measure by measure.</b> Each point is the mean paired "
        f"difference from {_e(_policy_phrase(base_name))} over "
        f"{_count(c.n, 'replication')} (each replication runs both policies on the "
        "same seed), as a percentage of the baseline mean so that measures in "
        "different units share one axis; whiskers are 95% confidence intervals. "
        "Filled points: the interval excludes zero. The right-hand column gives the "
        "difference in the measure's own unit (pp: percentage points).",
    )


def _retention_png(Figure: Any, out: Path, c: _Compared) -> _Figure:
    runs = {c.shown[p]: c.examples[p] for p in c.labels}
    markers = {
        c.shown[p]: {
            t: c.est[(p, f)]
            for t, f in ((1.0, "retention_1y"), (2.0, "retention_2y"), (5.0, "retention_5y"))
            if (p, f) in c.est
        }
        for p in c.labels
    }
    return _save(
        _retention_figure(Figure, runs, c.colours, markers, c.n),
        out / "figures" / "retention.png",
        "Kaplan-Meier retention by tenure for each policy, with confidence bands",
        "<b>Retention by tenure.</b> Lines: the Kaplan–Meier share of employment "
        "spells at the simulated companies still going at each tenure, in replication 0 "
        "of each policy, with its 95% pointwise band (spells begun before the "
        "measurement window enter at the tenure they had then). Diamonds: retention at "
        f"1, 2 and 5 years, mean of {_count(c.n, 'replication')} with its 95% confidence "
        "interval.",
    )


def _outcome_pngs(Figure: Any, out: Path, c: _Compared) -> list[_Figure]:
    """When people leave (hazard), skill growth, and why people leave (exits)."""
    runs = {c.shown[p]: c.examples[p] for p in c.labels}
    skills = {
        c.shown[p]: {f: c.comparison.values(p, f) for f in _SKILL_FIELDS if _known(f)}
        for p in c.labels
    }
    hazard = _save(
        _hazard_figure(Figure, runs),
        out / "figures" / "hazard.png",
        "Separation hazard per employee-year by tenure band for each policy",
        "<b>When people leave.</b> Separations (quits, layoffs and retirements) per "
        "employee-year of exposure in each tenure band, replication 0, with 95% "
        "confidence intervals. Bands are drawn side by side whatever their width.",
    )
    skill = _save(
        _skills_figure(Figure, skills, c.colours),
        out / "figures" / "skills.png",
        "Skill gain per worker-year and skill breadth by policy, with 95% confidence intervals",
        "<b>Skill growth.</b> Left: summed proficiency gained per worker-year; right: "
        "the number of skills held at proficiency 0.5 or above; both are means over the "
        "simulated companies' employees at the end of the run. Small dots: single "
        "replications; large points: their mean with a 95% confidence interval.",
    )
    exits = _save(
        _exits_figure(Figure, [(c.shown[p], c.examples[p], None) for p in c.labels]),
        out / "figures" / "exits.png",
        "Cumulative incidence of quits, layoffs and retirements by tenure, per policy",
        "<b>Why people leave.</b> The Aalen–Johansen probability of having left for "
        "each reason by a given tenure, replication 0 of each policy.",
    )
    return [hazard, skill, exits]


# ------------------------------------------------------------------ page sections


def _header_facts(c: _Compared, command: str) -> str:
    scenario = c.comparison.scenario
    policies_html = ", ".join(f"{_swatch(c.colours[x])}{_e(x)}" for x in c.names)
    return _header(
        scenario,
        [
            ("Policies", f"{policies_html} (baseline: {_e(c.shown[c.baseline])})"),
            (
                "Design",
                _e(
                    f"{_count(c.n, 'paired replication')} per policy (common random numbers); "
                    f"{scenario.warmup_years:g}-year warm-up, then "
                    f"{scenario.horizon_years:g} years measured"
                ),
            ),
        ],
        command,
    )


def _findings(c: _Compared) -> list[str]:
    """Per policy against the baseline: the cards and the plain words; then the caveat."""
    base_name = c.shown[c.baseline]
    findings = []
    for p in c.others:
        if len(c.others) > 1:
            findings.append(
                f"<h3>{_swatch(c.colours[c.shown[p]])}{_e(c.shown[p])} compared with "
                f"{_e(_policy_phrase(base_name))}</h3>"
            )
        findings.append(_cards(c.shown[p], base_name, p, c.baseline, c.est, c.diff))
        intro = (
            f"Under {_policy_phrase(c.shown[p])}, compared with {_policy_phrase(base_name)} "
            f"({_count(c.n, 'paired replication')})"
        )
        own = {f: d for (q, f), d in c.diff.items() if q == p}
        findings.append(_difference_paragraph(intro, own, c.n))
    if not c.others:
        findings.append(
            f"<p>Only one policy ({_e(base_name)}) was run, so there is nothing to "
            "compare; the table gives its measures with 95% confidence intervals.</p>"
        )
    findings.append(_caveat(c.comparison.scenario))
    return findings


def _results(c: _Compared) -> list[str]:
    """The legend and the table: each policy's estimates, then the differences."""
    legend = (
        '<p class="legend">Means over replications, with the t-based 95% confidence interval '
        "below each. Differences are paired (replication r of every policy uses the same seed) "
        "and in the row's unit, percentage points for percentages. "
        '<span class="key">Highlighted</span>: the interval of the difference excludes zero.</p>'
    )
    header = [
        "<th>Measure</th>",
        *(f"<th>{_swatch(c.colours[x])}{_e(x)}</th>" for x in c.names),
        *(f"<th>Difference,<br>{_e(c.shown[p])}</th>" for p in c.others),
    ]
    columns: list[Callable[[Measure], str]] = [
        *(_column(c.est, p) for p in c.labels),
        *(_column(c.diff, p, difference=True) for p in c.others),
    ]
    return [legend, _measure_table(header, columns)]


def _method(c: _Compared) -> list[str]:
    """The scenario's facts, the seeds, each policy's parameters and how it was measured."""
    seeds = [r.seed for r in c.comparison.runs if r.policy == c.baseline]
    seed_text = ", ".join(seeds) if len(seeds) <= 6 else f"{seeds[0]}, …, {seeds[-1]}"
    method = [
        _scenario_facts(
            c.comparison.scenario,
            policy_note=" in the scenario file; each compared policy replaces it in its runs",
            extra=[
                ("Replications", _e(f"{c.n} per policy")),
                (
                    "Seeds",
                    f'{_e(seed_text)} <span class="legend">(entropy/spawn key of each '
                    "replication; every policy uses the same seed for the same "
                    "replication)</span>",
                ),
            ],
        )
    ]
    policies = {
        c.shown[p]: c.examples[p].policy for p in c.labels if c.examples[p].policy is not None
    }
    if policies:
        method += ["<h3>Policy parameters</h3>", _policy_table(policies, c.colours)]
    method.append(
        "<p>Retention is estimated by Kaplan–Meier over the spells at the simulated companies, "
        "with delayed entry for spells that began before the measurement window; rates are per "
        "mean headcount. Every measure is computed per run, and intervals are over "
        "replications: spells are never pooled across replications for inference.</p>"
    )
    return method
