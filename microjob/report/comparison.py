"""The report of a policy comparison (``microjob compare --out DIR``).

The page's sections, in order: findings, figures, measures, policy levers,
scenario and method, files. Each is built by one function below from
:class:`_Compared` and drawn by its template; a new section is one more
function and template (see :mod:`microjob.report.page`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from microjob import plot
from microjob.experiment import Comparison, Decomposition
from microjob.policies import Policy
from microjob.records import RunResult
from microjob.report import companies as per_company
from microjob.report import decomposition as decomposed
from microjob.report import figures
from microjob.report.estimates import (
    CONFIDENCE,
    PEOPLE_COST,
    VERDICTS,
    Measure,
    _difference,
    _fields,
    _Interval,
    _interval,
    _values,
    _verdict,
)
from microjob.report.files import (
    _FILE_NOTES,
    _check_command,
    _Figure,
    _figure_notes,
    _kept_curves,
    _pandas,
    _prepare,
    _write_csv,
    _write_retention_curves,
    _write_scenario,
    _write_spells,
)
from microjob.report.format import _count
from microjob.report.labels import _colour_map, _display_labels, _policy_phrase
from microjob.report.method import (
    MEASURED,
    Method,
    _measured_facts,
    _per_arm,
    _scenario_facts,
)
from microjob.report.page import Fact, Page, _finish, _names, section
from microjob.report.prose import _difference_paragraph
from microjob.report.tables import (
    HIGHLIGHT,
    Cell,
    Column,
    LeverTable,
    MeasureTable,
    _difference_cell,
    _estimate_cell,
    _lever_table,
    _measure_table,
)

_CARD_FIELDS = ("retention_2y", "quit_rate_monthly", "skill_gain_per_worker_year", PEOPLE_COST)

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


def _arms(comparison: Comparison, examples: Mapping[str, RunResult]) -> dict[str, Policy | None]:
    """Each arm's policy by label (None: each company's policy as in the scenario).

    From ``comparison.arms`` where the comparison has it, else from the example runs.
    """
    arms: Mapping[str, Policy | None] = getattr(comparison, "arms", None) or {}
    return {p: arms[p] if p in arms else examples[p].policy for p in comparison.policies}


def _comparison_estimates(comparison: Comparison) -> tuple[_Keyed, _Keyed]:
    """Estimates and paired differences from the first policy, by (label, measure).

    Computed from the replications' values as :meth:`Comparison.table` and
    :meth:`Comparison.differences` compute them, for every measure the page shows
    (derived ones included), with what can be said of each (constant, identical).
    """
    labels = comparison.policies
    values = {p: {f: _values(comparison.summaries(p), f) for f in _fields()} for p in labels}
    est: _Keyed = {}
    diff: _Keyed = {}
    for p in labels:
        for f, v in values[p].items():
            est[(p, f)] = _interval(v)
            if p != labels[0]:
                diff[(p, f)] = _difference(v, values[labels[0]][f])
    return est, diff


@attrs.frozen
class _Compared:
    """What every part of the page reads: the comparison, its example runs and estimates."""

    comparison: Comparison
    examples: Mapping[str, RunResult]
    arms: Mapping[str, Policy | None]
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

    def phrase(self, label: str) -> str:
        """A policy's name inside a sentence."""
        return _policy_phrase(self.shown[label])


def write_comparison(
    out: Path,
    comparison: Comparison,
    examples: Mapping[str, RunResult],
    *,
    command: str,
    decomposition: Decomposition | None = None,
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

    A comparison run with ``keep=("retention_curve",)`` (as ``microjob compare --out``
    runs it) draws the retention figure from every replication: each policy's mean
    Kaplan-Meier curve with a 95% band over replications; it also writes
    ``retention_curves.csv`` (arm, replication, years, retention) and
    ``retention_pooled.csv`` (arm, years, mean, ci_low, ci_high, n), and the same by
    policy kind when an arm's companies follow different policies. Without them the
    figure shows replication 0's curves and its caption says so.

    A comparison run with ``keep=("companies",)`` also writes ``companies.csv``
    and ``poaching.csv`` (per policy, company and policy kind) and, for a
    scenario of several simulated companies, the section "Company by company"
    (:mod:`microjob.report.companies`).

    ``decomposition`` (from :func:`microjob.decompose`, on the same scenario)
    adds the section "Where the effect comes from" after the findings, with
    ``decomposition.csv`` and ``figures/decomposition.png``.
    """
    if not isinstance(comparison, Comparison):
        raise TypeError(f"comparison: must be a Comparison, got {type(comparison).__name__}")
    _check_examples(comparison, examples)
    _check_command(command)
    if decomposition is not None:
        decomposed._check_same_scenario(
            decomposed._check_decomposition(decomposition), comparison.scenario
        )
    _pandas()
    plot._figure_class()
    out = _prepare(out)
    written = _write_tables(out, comparison, examples)
    est, diff = _comparison_estimates(comparison)
    shown = _display_labels(list(comparison.policies))
    colours = _colour_map([shown[p] for p in comparison.policies])
    c = _Compared(comparison, examples, _arms(comparison, examples), shown, colours, est, diff)
    companies = per_company.for_comparison(out, comparison, shown, colours)
    written += companies.written
    with plot._style():
        drawn = _figures(out, c)
        part = decomposed._part(out, decomposition) if decomposition is not None else None
    written += [f.path for f in drawn] + (part.written if part else [])
    names = " vs ".join(c.names)
    page = Page(
        title=f"microjob report: {comparison.scenario.name}, {names}",
        kicker="microjob · policy comparison",
        heading=names,
        facts=_header_facts(c, command),
        sections=(
            section("findings", _findings(c), "sections/findings_comparison.html"),
            *([part.section] if part else []),
            section("figures", tuple(drawn)),
            section("measures", _measures(c)),
            *companies.sections,
            section("levers", _levers(c)),
            section("method", _method(c)),
        ),
    )
    notes = {**_FILE_NOTES, **_figure_notes(drawn), **(part.notes if part else {})}
    notes |= companies.notes
    return _finish(out, written, notes, page)


def _write_tables(
    out: Path, comparison: Comparison, examples: Mapping[str, RunResult]
) -> list[Path]:
    """summary.csv, differences.csv (two or more policies), runs.csv, the spells and scenario."""
    labels = comparison.policies
    table = comparison.table(confidence=CONFIDENCE)
    written = [
        _write_csv(table.to_frame().rename(columns={"label": "policy"}), out / "summary.csv")
    ]
    if len(labels) > 1:
        diffs = comparison.differences(baseline=labels[0], confidence=CONFIDENCE)
        frame = diffs.to_frame().rename(columns={"label": "policy"})
        written.append(_write_csv(frame, out / "differences.csv"))
    written.append(_write_csv(comparison.to_frame().drop(columns=["point"]), out / "runs.csv"))
    written += _write_retention_curves(out, comparison, CONFIDENCE)
    written += _write_spells(out, [(p, examples[p]) for p in labels])
    written += _write_scenario(out, comparison.scenario)
    return written


# ------------------------------------------------------------------ figures


def _clear(c: _Compared, label: str, field: str) -> bool:
    return _verdict(Measure.of(field), c.diff.get((label, field))) == "clear"


def _figures(out: Path, c: _Compared) -> list[_Figure]:
    """The figures of the page, in its order: differences (when any), then the curves."""
    baseline = c.baseline
    fields = figures.DIFFERENCE_MEASURES
    differences = figures._differences(
        out,
        c.shown[baseline],
        {f: c.est[(baseline, f)].mean for f in fields if (baseline, f) in c.est},
        {c.shown[p]: {f: c.diff[(p, f)] for f in fields if (p, f) in c.diff} for p in c.others},
        {c.shown[p]: {f: _clear(c, p, f) for f in fields} for p in c.others},
        c.n,
    )
    runs = {c.shown[p]: c.examples[p] for p in c.labels}
    years = ((1.0, "retention_1y"), (2.0, "retention_2y"), (5.0, "retention_5y"))
    means = {c.shown[p]: {t: c.est[(p, f)] for t, f in years if (p, f) in c.est} for p in c.labels}
    skills = {
        c.shown[p]: {f: _values(c.comparison.summaries(p), f) for f in figures.SKILL_MEASURES}
        for p in c.labels
    }
    skill_means = {c.shown[p]: {f: c.est[(p, f)] for f in figures.SKILL_MEASURES} for p in c.labels}
    retention = (
        figures._pooled_retention(out, c.comparison, dict(c.shown), means)
        if _kept_curves(c.comparison)
        else figures._retention_with_means(out, runs, means, c.n)
    )
    return [
        *([differences] if differences is not None else []),
        retention,
        figures._hazard(out, runs, ", replication 0 of each policy"),
        figures._skills(out, skills, skill_means),
        figures._exits(
            out,
            [(c.shown[p], c.examples[p], None) for p in c.labels],
            "replication 0 of each policy",
        ),
    ]


# ------------------------------------------------------------------ page sections


def _header_facts(c: _Compared, command: str) -> tuple[Fact, ...]:
    scenario = c.comparison.scenario
    return (
        Fact("Scenario", scenario.description, strong=scenario.name),
        Fact(
            "Policies",
            f"(baseline: {c.shown[c.baseline]})",
            names=_names(c.names, dict(c.colours)),
        ),
        Fact(
            "Design",
            f"{_count(c.n, 'paired replication')} per policy (common random numbers); "
            f"{scenario.warmup_years:g}-year warm-up, then {scenario.horizon_years:g} years "
            "measured",
        ),
        Fact("Command", code=command),
    )


@attrs.frozen
class _Card:
    """A headline number: the paired difference in one key measure, with both means."""

    name: str
    unit: str
    value: str
    ci: str
    means: tuple[tuple[str, str], ...]
    """(policy, its mean) for the policy and the baseline."""
    verdict: str
    """A key of :data:`~microjob.report.estimates.VERDICTS`."""

    @property
    def verdict_text(self) -> str:
        return VERDICTS[self.verdict]


@attrs.frozen
class _ArmFindings:
    """One policy against the baseline: cards and plain words."""

    heading: str
    """Empty when there is only one policy to compare."""
    colour: str
    cards: tuple[_Card, ...]
    paragraph: str


@attrs.frozen
class _Findings:
    """What ``sections/findings_comparison.html`` reads."""

    arms: tuple[_ArmFindings, ...]
    alone: str
    """Said when only one policy was run; empty otherwise."""
    scenario: str
    """The scenario's name, for the caveat."""


def _cards(c: _Compared, label: str) -> tuple[_Card, ...]:
    cards = []
    for field in _CARD_FIELDS:
        d = c.diff.get((label, field))
        m = Measure.of(field)
        verdict = _verdict(m, d)
        if d is None or verdict == "missing":
            continue
        a, b = c.est[(label, field)], c.est[(c.baseline, field)]
        if verdict in ("identical", "constant"):
            ci = "the same in every replication"
        else:
            ci = f"95% CI {m.show(d.low)} to {m.show(d.high)}" if d.has_ci else "one replication"
        cards.append(
            _Card(
                m.label,
                m.difference_unit,
                m.show(d.mean, signed=True),
                ci,
                ((c.shown[label], m.show(a.mean)), (c.shown[c.baseline], m.show(b.mean))),
                verdict,
            )
        )
    return tuple(cards)


def _findings(c: _Compared) -> _Findings:
    """Per policy against the baseline: the cards and the plain words."""
    base = c.phrase(c.baseline)
    arms = []
    for p in c.others:
        heading = f"{c.shown[p]} compared with {base}" if len(c.others) > 1 else ""
        intro = f"Under {c.phrase(p)}, compared with {base} ({_count(c.n, 'paired replication')})"
        own = {f: d for (q, f), d in c.diff.items() if q == p}
        arms.append(
            _ArmFindings(
                heading,
                c.colours[c.shown[p]],
                _cards(c, p),
                _difference_paragraph(intro, own, c.n),
            )
        )
    alone = (
        ""
        if c.others
        else f"Only one policy ({c.shown[c.baseline]}) was run, so there is nothing to "
        "compare; the table gives its measures with 95% confidence intervals."
    )
    return _Findings(tuple(arms), alone, c.comparison.scenario.name)


def _measures(c: _Compared) -> MeasureTable:
    """Each policy's estimates, then each one's paired difference from the baseline."""
    columns = [Column(x, c.colours[x]) for x in c.names]
    columns += [Column(c.shown[p], lead="Difference,") for p in c.others]

    def estimate(p: str) -> Callable[[Measure], Cell]:
        return lambda m: _estimate_cell(m, c.est.get((p, m.field)))

    def difference(p: str) -> Callable[[Measure], Cell]:
        return lambda m: _difference_cell(m, c.diff.get((p, m.field)))

    cells = [estimate(p) for p in c.labels] + [difference(p) for p in c.others]
    legend = (
        "Means over replications, with the t-based 95% confidence interval below each. "
        "Differences are paired (replication r of every policy uses the same seed) and in "
        "the row's unit, percentage points for percentages."
    )
    return _measure_table(columns, cells, legend, HIGHLIGHT if c.others else "")


def _levers(c: _Compared) -> LeverTable:
    note = (
        "Every lever of each policy compared, as the engine reads it; levers whose values "
        "differ are marked."
    )
    if any(policy is None for policy in c.arms.values()):
        note += " A policy kept as written in the scenario has a column for each company."
    return _lever_table(c.arms, c.comparison.scenario, c.shown, c.colours, note=note)


def _method(c: _Compared) -> Method:
    """The scenario's facts, what the runs measured of layoffs, the seeds, how it was measured."""
    runs = [r for r in c.comparison.runs if r.policy == c.baseline]
    seeds = [r.seed for r in runs]
    seed_text = ", ".join(seeds) if len(seeds) <= 6 else f"{seeds[0]}, …, {seeds[-1]}"
    replaced = [p for p in c.labels if c.arms.get(p) is not None]
    note = (
        "each compared policy replaces it in its runs"
        if len(replaced) == len(c.labels)
        else "policies other than the scenario's own replace it in their runs"
    )

    def measured(field: str) -> list[tuple[str, float]]:
        return [(c.phrase(p), c.est[(p, field)].mean) for p in c.labels if (p, field) in c.est]

    facts = [
        *_scenario_facts(c.comparison.scenario, policy_note=note),
        *_measured_facts(
            _per_arm("layoff_rate_monthly", measured("layoff_rate_monthly")),
            _per_arm(
                "redeployments_per_employee_year",
                measured("redeployments_per_employee_year"),
                positive=True,
            ),
        ),
        Fact("Replications", f"{c.n} per policy", note=_precision_note(c.comparison)),
        Fact(
            "Seeds",
            seed_text,
            note="entropy/spawn key of each replication; every policy uses the same seed "
            "for the same replication",
        ),
    ]
    paragraphs = (
        MEASURED + " Every measure is computed per run, and intervals are over replications: "
        "spells are never pooled across replications for inference.",
    )
    return Method(tuple(facts), paragraphs)


def _precision_note(comparison: Comparison) -> str:
    """How a precision target decided the number of replications, if one did."""
    outcome = comparison.precision
    return "" if outcome is None else f"set by a precision target: {outcome}"
