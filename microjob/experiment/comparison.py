"""Paired policy comparisons: every policy on the same replication seeds."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob._stats import t_quantile
from microjob.experiment.arms import Arms, resolve_arms
from microjob.experiment.executors import _run_all
from microjob.experiment.precision import PrecisionResult, _check_targets, _next_replications
from microjob.experiment.seeds import Seed, replication_seeds, scenario_hash
from microjob.experiment.store import ResultStore
from microjob.experiment.tables import (
    Difference,
    Estimate,
    Table,
    _check_confidence,
    _estimates,
    _interval,
    _measures,
    _runs_frame,
    _spellings,
)
from microjob.experiment.tasks import RunRecord, _Task, _task_key
from microjob.policies import Policy
from microjob.records import RunResult, RunSummary
from microjob.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd


@attrs.frozen(eq=False)
class Comparison:
    """The result of :func:`compare`: every run, and tables of estimates and differences."""

    scenario: Scenario
    policies: tuple[str, ...]
    """Policy labels, in the order given."""
    replications: int
    runs: tuple[RunRecord, ...]
    """One record per policy and replication, ordered by (policy, replication)."""
    tasks_run: int
    """Runs computed by this call (the rest came from the store)."""
    arms: Mapping[str, Policy | None] = attrs.field(factory=dict)
    """Each label's policy (``None``: each company's policy as written in the scenario)."""
    seed: Seed | None = None
    """The root seed the replication seeds came from."""
    precision: PrecisionResult | None = None
    """How the precision target was met (with ``compare(..., precision=...)``)."""

    def _label(self, name: str) -> str | None:
        """The label ``name`` stands for (a kind's alias stands for the kind), or None."""
        return next((x for x in _spellings(name) if x in self.policies), None)

    def summaries(self, policy: str) -> tuple[RunSummary, ...]:
        """The summaries of one policy, by replication."""
        label = self._label(policy)
        if label is None:
            raise KeyError(f"policy: no policy labelled {policy!r}; have {list(self.policies)}")
        return tuple(r.summary for r in self.runs if r.policy == label)

    def values(self, policy: str, measure: str) -> np.ndarray:
        """One measure of one policy, by replication."""
        (m,) = _measures([measure])
        return np.array([getattr(s, m) for s in self.summaries(policy)], dtype=float)

    def table(self, measures: Sequence[str] | None = None, *, confidence: float = 0.95) -> Table:
        """Per policy and measure: mean, standard deviation, t-based interval and n."""
        _check_confidence(confidence)
        names = _measures(measures)
        rows: list[Estimate] = []
        for p in self.policies:
            rows += _estimates(p, self.summaries(p), names, confidence)
        return Table(tuple(rows))

    def differences(
        self,
        baseline: str | None = None,
        measures: Sequence[str] | None = None,
        *,
        confidence: float = 0.95,
    ) -> Table:
        """Paired differences of every other policy from ``baseline`` (default: the first).

        Each replication's difference uses the same seed for both policies, so
        most of the noise the two runs share cancels; the table also gives the
        interval an unpaired comparison would have and the variance removed.
        """
        _check_confidence(confidence)
        base = self.policies[0] if baseline is None else self._label(baseline)
        if base is None:
            raise ValueError(
                f"baseline: no policy labelled {baseline!r}; have {list(self.policies)}"
            )
        names = _measures(measures)
        rows = [
            _paired(p, base, m, self.values(p, m), self.values(base, m), confidence)
            for p in self.policies
            if p != base
            for m in names
        ]
        return Table(tuple(rows))

    def to_frame(self) -> pd.DataFrame:
        """One row per run: policy, replication, seed and every measure (needs pandas)."""
        return _runs_frame(self.runs, {})

    def retention_curves(self, policy: str, group: str = "all") -> np.ndarray:
        """Each replication's retention curve, one row each, at the tenures of
        :func:`~microjob.experiment.extras.curve_years`.

        Needs ``compare(..., keep=("retention_curve",))``. ``group`` is ``"all"``
        (every simulated company) or, in a scenario that mixes policies, a policy
        kind present in it.
        """
        rows = []
        for s in self._records(policy):
            if "retention_curve" not in s.extras:
                raise ValueError(
                    "retention curves were not kept; run compare(..., keep=('retention_curve',))"
                )
            curves = s.extras["retention_curve"]
            if group not in curves:
                raise KeyError(f"group: no curve {group!r}; have {sorted(curves)}")
            rows.append(curves[group])
        return np.array(rows, dtype=float)

    def pooled_retention(
        self, policy: str, group: str = "all", *, confidence: float = 0.95
    ) -> PooledCurve:
        """The mean retention curve over replications, with a pointwise t interval.

        The band reflects replication (run-to-run) variation, not the sampling
        error of one run's Kaplan-Meier estimate.
        """
        from microjob.experiment.extras import curve_years

        _check_confidence(confidence)
        curves = self.retention_curves(policy, group)
        columns = [_interval(curves[:, j], confidence) for j in range(curves.shape[1])]
        mean, _, lo, hi, _ = (np.array(c, dtype=float) for c in zip(*columns, strict=True))
        label = policy if group == "all" else f"{policy}/{group}"
        return PooledCurve(label, curve_years(), mean, lo, hi, len(curves))

    def companies(
        self,
        policy: str,
        measures: Sequence[str] | None = None,
        *,
        by: str = "company",
        confidence: float = 0.95,
    ) -> Table:
        """One policy's measures per company: mean over replications, sd, t interval, n.

        Needs ``compare(..., keep=("companies",))``. Rows are labelled
        ``"company-A (traditional)"`` (the company's name and its policy kind
        under this arm); ``by="policy"`` gives one row group per policy kind
        instead (``"traditional"``, ``"internal-freelance"``), each pooled over
        the spells of its companies, not averaged over them: adopters against
        non-adopters in a mixed scenario. ``measures`` are names of
        :data:`~microjob.measures.COMPANY_MEASURES` (default all). ``to_frame()``
        of the table adds the company's name, index and policy kind as columns.
        """
        _check_confidence(confidence)
        names = _company_measure_names(measures)
        rows, columns = _company_estimates(self._records(policy), by, names, confidence)
        return Table(tuple(rows), columns)

    def company_differences(
        self,
        policy: str,
        baseline: str | None = None,
        measures: Sequence[str] | None = None,
        *,
        confidence: float = 0.95,
    ) -> Table:
        """Paired differences per company between two policies (default baseline: the first).

        Company ``c`` under ``policy`` against the same company under
        ``baseline``, replication by replication (common random numbers), as
        :meth:`differences` computes them for the pooled measures. Rows are
        labelled ``"policy: company-A (kind)"``, their baseline
        ``"baseline: company-A (kind)"``. Needs ``compare(..., keep=("companies",))``.
        """
        _check_confidence(confidence)
        label = self._label(policy)
        if label is None:
            raise KeyError(f"policy: no policy labelled {policy!r}; have {list(self.policies)}")
        base = self.policies[0] if baseline is None else self._label(baseline)
        if base is None:
            raise ValueError(
                f"baseline: no policy labelled {baseline!r}; have {list(self.policies)}"
            )
        names = _company_measure_names(measures)
        ours = _by_company(self._records(label))
        theirs = _by_company(self._records(base))
        rows: list[Difference] = []
        for c, (entry, reps) in ours.items():
            if c not in theirs:
                continue
            other, base_reps = theirs[c]
            common = sorted(set(reps) & set(base_reps))
            for m in names:
                a = np.array([reps[r][m] for r in common], dtype=float)
                b = np.array([base_reps[r][m] for r in common], dtype=float)
                rows.append(
                    _paired(
                        f"{label}: {_company_label(entry)}",
                        f"{base}: {_company_label(other)}",
                        m,
                        a,
                        b,
                        confidence,
                    )
                )
        return Table(tuple(rows))

    def _records(self, policy: str) -> tuple[RunRecord, ...]:
        label = self._label(policy)
        if label is None:
            raise KeyError(f"policy: no policy labelled {policy!r}; have {list(self.policies)}")
        return tuple(r for r in self.runs if r.policy == label)

    def rerun(self, policy: str, replication: int, **options: Any) -> RunResult:
        """The full run (every record) behind one policy's replication, simulated again.

        Equal, bit for bit, to the run whose summary this comparison holds:
        ``simulate(scenario, seed=seed, replication=replication, policy=...)``.
        ``options`` go to :func:`~microjob.simulate.simulate` (e.g. ``trackers``).
        """
        from microjob.simulate import simulate

        label = self._label(policy)
        if label is None:
            raise KeyError(f"policy: no policy labelled {policy!r}; have {list(self.policies)}")
        if self.seed is None or label not in self.arms:
            raise ValueError("rerun: this comparison does not know its seed and policies")
        if not 0 <= replication < self.replications:
            raise ValueError(
                f"replication: must be in 0..{self.replications - 1}, got {replication!r}"
            )
        return simulate(
            self.scenario,
            seed=self.seed,
            replication=replication,
            policy=self.arms.get(label),
            **options,
        )

    def __repr__(self) -> str:
        return (
            f"Comparison(scenario={self.scenario.name!r}, policies={list(self.policies)}, "
            f"replications={self.replications}, runs={len(self.runs)}, "
            f"tasks_run={self.tasks_run})"
        )


_NOT_KEPT = "per-company measures were not kept; run {}(..., keep=('companies',))"


def _company_measure_names(measures: Sequence[str] | None) -> tuple[str, ...]:
    """``measures`` checked against :data:`~microjob.measures.COMPANY_MEASURES` (None: all)."""
    from microjob.measures import COMPANY_MEASURES

    return _measures(measures, COMPANY_MEASURES, "per-company measure")


def _company_label(entry: Mapping[str, Any]) -> str:
    """``"company-A (traditional)"``: a company's name and its policy kind."""
    return f"{entry['name']} ({entry['policy']})"


def _kept_companies(record: RunRecord, command: str = "compare") -> Mapping[str, Any]:
    kept: Mapping[str, Any] | None = record.extras.get("companies")
    if kept is None:
        raise ValueError(_NOT_KEPT.format(command))
    return kept


def _by_company(
    records: Sequence[RunRecord],
) -> dict[int, tuple[Mapping[str, Any], dict[int, Mapping[str, Any]]]]:
    """Company index → (its entry in the first record, its entry by replication)."""
    out: dict[int, tuple[Mapping[str, Any], dict[int, Mapping[str, Any]]]] = {}
    for record in records:
        for entry in _kept_companies(record)["companies"]:
            out.setdefault(int(entry["index"]), (entry, {}))[1][record.replication] = entry
    return out


def _company_estimates(
    records: Sequence[RunRecord],
    by: str,
    measures: Sequence[str],
    confidence: float,
    *,
    prefix: str = "",
    columns: Mapping[str, Any] | None = None,
    command: str = "compare",
) -> tuple[list[Estimate], dict[str, Mapping[str, Any]]]:
    """Estimates per company (``by="policy"``: per policy kind) over ``records``, and each
    row label's columns for ``to_frame()`` (``columns`` first, then the company's)."""
    if by not in ("company", "policy"):
        raise ValueError(f"by: must be 'company' or 'policy', got {by!r}")
    groups: dict[str, tuple[dict[str, Any], list[Mapping[str, Any]]]] = {}
    for record in records:
        kept = _kept_companies(record, command)
        for entry in kept["companies" if by == "company" else "policies"]:
            if by == "company":
                label = _company_label(entry)
                own = {"company": entry["name"], "company_index": entry["index"]}
                own["policy_kind"] = entry["policy"]
            else:
                label = str(entry["policy"])
                own = {"policy_kind": entry["policy"], "companies": ", ".join(entry["companies"])}
            groups.setdefault(prefix + label, ({**(columns or {}), **own}, []))[1].append(entry)
    rows: list[Estimate] = []
    for label, (_, entries) in groups.items():
        for m in measures:
            values = np.array([e[m] for e in entries], dtype=float)
            mean, sd, lo, hi, n = _interval(values, confidence)
            rows.append(Estimate(label, m, mean, sd, lo, hi, n))
    return rows, {label: cols for label, (cols, _) in groups.items()}


def _paired(
    label: str, base: str, measure: str, a: np.ndarray, b: np.ndarray, confidence: float
) -> Difference:
    """The paired difference ``a - b`` with the unpaired interval and the variance removed,
    as :meth:`Comparison.differences` gives them."""
    both = np.isfinite(a) & np.isfinite(b)
    a, b = a[both], b[both]
    mean, sd, lo, hi, n = _interval(a - b, confidence)
    ulo = uhi = reduction = math.nan
    if n >= 2:
        va, vb = float(a.var(ddof=1)), float(b.var(ddof=1))
        half = t_quantile(0.5 + confidence / 2.0, 2 * (n - 1)) * math.sqrt((va + vb) / n)
        ulo, uhi = mean - half, mean + half
        if va + vb > 0:
            reduction = 1.0 - sd * sd / (va + vb)
    return Difference(label, base, measure, mean, sd, lo, hi, n, ulo, uhi, reduction)


def _arm_tasks(
    point: int,
    scenario: Scenario,
    policies: Mapping[str, Policy | None],
    seeds: Sequence[np.random.SeedSequence],
    keep: tuple[str, ...] = (),
) -> list[_Task]:
    """One task per policy and replication on ``scenario``, labelled as grid ``point``."""
    digest = scenario_hash(scenario)
    return [
        _Task(point, label, r, scenario, policy, s, _task_key(digest, policy, s), keep)
        for label, policy in policies.items()
        for r, s in enumerate(seeds)
    ]


@attrs.frozen(eq=False)
class PooledCurve:
    """A retention curve over replications: the mean of each replication's Kaplan-Meier
    curve at each tenure, with a t-based interval that reflects replication."""

    label: str
    """Policy label (and, for a mixed scenario's policy kind, ``label/kind``)."""
    years: np.ndarray
    """Tenures (years) of the curve's points."""
    mean: np.ndarray
    """Mean over replications of the share still employed at each tenure."""
    ci_low: np.ndarray
    ci_high: np.ndarray
    n: int
    """Replications pooled."""


def compare(
    scenario: Scenario,
    policies: Arms | None = None,
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    progress: bool | str = False,
    store: str | Path | ResultStore | None = None,
    keep: Sequence[str] = (),
    precision: Mapping[str, float] | None = None,
    max_replications: int = 100,
) -> Comparison:
    """Run each policy ``replications`` times on common random numbers and compare them.

    ``policies`` are the arms: a sequence of policies and policy names, or a
    mapping of label to policy or name. A name is a built-in kind
    (``"traditional"``, ``"internal-freelance"``, or an alias such as
    ``"internal_freelance"``), one of the scenario's own arms
    (``scenario.arms``, ``[arms.NAME]`` in a file), or ``"scenario"`` for each
    company's policy as written. Each policy replaces every simulated company's
    policy. Left out, the arms are the scenario's own, or else traditional
    employment against the scenario as written (or against the default
    internal-freelance policy when the scenario is all traditional):
    :func:`~microjob.experiment.default_arms`.

    Replication ``r`` of every arm uses the same seed, the one
    ``simulate(scenario, seed=seed, replication=r)`` uses, so
    :meth:`Comparison.rerun` gives any replication's full records.
    ``executor`` is any :class:`concurrent.futures.Executor` (``None`` runs
    serially here); ``store`` a SQLite file that keeps each finished run, so a
    repeated call computes only what is missing. ``progress`` reports on
    standard error as runs finish: ``True`` draws a bar on a terminal and prints
    one line per finished run (with an estimate of the time left) elsewhere;
    ``"bar"`` or ``"lines"`` chooses.

    ``keep`` names what to keep of each run besides its summary
    (:mod:`microjob.experiment.extras`): ``"retention_curve"`` keeps each
    replication's retention curve (121 numbers), streamed to the store as runs
    finish, for :meth:`Comparison.pooled_retention`; ``"companies"`` keeps the
    measures of each company and policy kind and the moves between employers,
    for :meth:`Comparison.companies` and :meth:`Comparison.company_differences`.

    ``precision`` maps measures to the largest 95% interval half-width wanted
    for their paired differences from the first arm (in the measure's stored
    unit: ``{"retention_2y": 0.005}`` is ±0.5 percentage points); replications
    are then added in rounds, beyond ``replications``, until every target is
    met or ``max_replications`` is reached (:mod:`microjob.experiment.precision`;
    ``Comparison.precision`` says how it went).
    """
    from microjob.experiment.extras import check_keep

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    kept = check_keep(keep)
    arms = resolve_arms(scenario, policies)
    seeds = replication_seeds(seed, replications)
    if precision is not None:
        _check_targets(precision, max_replications, replications)
    runs, ran = _run_all(
        _arm_tasks(0, scenario, arms, seeds, kept),
        scenario,
        executor=executor,
        progress=progress,
        store=store,
    )
    result = Comparison(scenario, tuple(arms), replications, runs, ran, arms, seed)
    if precision is None:
        return result
    more = _more_replications(
        scenario, arms, kept, executor=executor, progress=progress, store=store
    )
    return _until_precise(result, precision, max_replications, more)


def _more_replications(
    scenario: Scenario,
    arms: Mapping[str, Policy | None],
    kept: tuple[str, ...],
    *,
    executor: Executor | None,
    progress: bool | str,
    store: str | Path | ResultStore | None,
) -> Callable[[Sequence[np.random.SeedSequence], int], tuple[list[RunRecord], int]]:
    """How :func:`compare` runs the further rounds of :func:`_until_precise`: run the
    ``arms`` as the first round did, for replications numbered from a given one."""

    def more(seeds: Sequence[np.random.SeedSequence], first: int) -> tuple[list[RunRecord], int]:
        """Replications ``first``, ``first + 1``, ... of every arm, on ``seeds``."""
        tasks = [
            attrs.evolve(t, replication=t.replication + first)
            for t in _arm_tasks(0, scenario, arms, seeds, kept)
        ]
        found, ran_now = _run_all(
            tasks, scenario, executor=executor, progress=progress, store=store
        )
        return list(found), ran_now

    return more


def _until_precise(
    result: Comparison,
    precision: Mapping[str, float],
    max_replications: int,
    more: Callable[[Sequence[np.random.SeedSequence], int], tuple[list[RunRecord], int]],
) -> Comparison:
    """``result`` with replications added in rounds until every precision target is
    met or ``max_replications`` is reached (:mod:`microjob.experiment.precision`)."""
    assert result.seed is not None
    order = {label: i for i, label in enumerate(result.policies)}
    rounds = 1
    while True:
        halves = _half_widths(result, precision)
        short = [m for m, t in precision.items() if not halves[m] <= t]
        n = result.replications
        if not short or n >= max_replications:
            outcome = PrecisionResult(dict(precision), halves, n, rounds, not short)
            return attrs.evolve(result, precision=outcome)
        wanted = max(
            _next_replications(n, halves[m], precision[m], max_replications) for m in short
        )
        extra, ran_now = more(replication_seeds(result.seed, wanted)[n:], n)
        runs = tuple(sorted((*result.runs, *extra), key=lambda r: (order[r.policy], r.replication)))
        result = attrs.evolve(
            result, replications=wanted, runs=runs, tasks_run=result.tasks_run + ran_now
        )
        rounds += 1


def _half_widths(result: Comparison, precision: Mapping[str, float]) -> dict[str, float]:
    """Per measure, the widest interval half-width over the arms' paired differences
    from the first arm (or over the arms' means, with one arm)."""
    names = list(precision)
    table = result.table(names) if len(result.policies) == 1 else result.differences(None, names)
    out: dict[str, float] = {}
    for m in names:
        rows = [r for r in table.rows if r.measure == m]
        halves = [(r.ci_high - r.ci_low) / 2.0 for r in rows]
        out[m] = max(halves) if halves and all(h == h for h in halves) else math.nan
    return out
