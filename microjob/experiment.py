"""Experiments: replications, paired policy comparisons and parameter sweeps.

One run is an anecdote. :func:`compare` runs every policy on the same
replication seeds (common random numbers) and reports means with t-based
confidence intervals and paired differences; :func:`sweep` does the same over
a full-factorial grid of parameter values. Both run on any
:class:`concurrent.futures.Executor` and can keep every finished run in a
SQLite store, so an interrupted experiment resumes where it stopped.

Seeds: replication ``r`` uses the ``r``-th child of ``SeedSequence(seed)``,
the same children ``SeedSequence(seed).spawn(replications)`` gives, for
every policy and every grid point. Tasks are keyed by what they compute
(scenario, policy, seed), never by the order in which they finish, so serial
and parallel runs give identical tables.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from microjob._stats import t_quantile
from microjob.policies import (
    LEVERS,
    POLICY_KINDS,
    Policy,
    check_policy,
    find_policy_kind,
)
from microjob.records import RunSummary
from microjob.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Comparison",
    "Difference",
    "Estimate",
    "ResultStore",
    "RunRecord",
    "StoreMismatchError",
    "SweepResult",
    "Table",
    "compare",
    "replication_seeds",
    "run_task",
    "scenario_hash",
    "sweep",
]

Seed = int | np.random.SeedSequence

POLICY_NAMES: Mapping[str, Callable[[], Policy]] = {
    name: entry.policy_class for entry in POLICY_KINDS for name in entry.names
}
"""Policy names accepted where a policy is expected (default parameters), aliases included."""


# ------------------------------------------------------------------ seeds and hashing


def replication_seeds(seed: Seed, replications: int) -> tuple[np.random.SeedSequence, ...]:
    """The seeds of replications ``0 .. replications - 1``.

    They equal ``SeedSequence(seed).spawn(replications)`` but are built
    without spawning, so a ``SeedSequence`` passed in is not changed and the
    same call always gives the same seeds.
    """
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ValueError(f"replications: must be a positive integer, got {replications!r}")
    if isinstance(seed, np.random.SeedSequence):
        root = seed
    elif isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0:
        root = np.random.SeedSequence(int(seed))
    else:
        raise ValueError(
            f"seed: must be a non-negative integer or a numpy SeedSequence, got {seed!r}"
        )
    return tuple(
        np.random.SeedSequence(
            entropy=root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size
        )
        for i in range(replications)
    )


def _seed_text(seed: np.random.SeedSequence) -> str:
    return f"{seed.entropy}/{'.'.join(str(k) for k in seed.spawn_key)}"


def _canonical(obj: Any) -> Any:
    """A JSON-able form of ``obj`` that is equal exactly when the objects are.

    Floats are written in hexadecimal, so no digit is lost and NaN is a value.
    """
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return {"float": float(obj).hex()}
    if attrs.has(type(obj)):
        fields = {f.name: _canonical(getattr(obj, f.name)) for f in attrs.fields(type(obj))}
        return {"class": type(obj).__qualname__, "fields": fields}
    if isinstance(obj, Policy):
        # A user's policy that is not an attrs class: the engine reads only its levers.
        levers = {name: _canonical(getattr(obj, name)) for name in ("kind", *LEVERS)}
        return {"class": type(obj).__qualname__, "levers": levers}
    if isinstance(obj, np.ndarray):
        return {"array": str(obj.dtype), "shape": list(obj.shape), "data": _canonical(obj.tolist())}
    if isinstance(obj, list | tuple):
        return [_canonical(x) for x in obj]
    if isinstance(obj, Mapping):
        return {"map": sorted((json.dumps(_canonical(k)), _canonical(v)) for k, v in obj.items())}
    raise TypeError(f"cannot fingerprint a {type(obj).__name__}: {obj!r}")


def _digest(obj: Any) -> str:
    text = json.dumps(_canonical(obj), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def scenario_hash(scenario: Scenario) -> str:
    """A fingerprint of everything in ``scenario`` (hex SHA-256): equal scenarios, equal hash."""
    return _digest(scenario)


def _version() -> str:
    from microjob._version import __version__

    return __version__


# ------------------------------------------------------------------ tasks


def run_task(scenario: Scenario, policy: Policy | None, seed: np.random.SeedSequence) -> RunSummary:
    """Simulate one run and return its summary (the unit of work sent to executors).

    A top-level function of picklable arguments, so any executor can run it;
    it returns the small summary, not the run's records.
    """
    from microjob.simulate import simulate

    return simulate(scenario, seed=seed, policy=policy).summary()


@attrs.frozen
class _Task:
    point: int
    label: str
    replication: int
    scenario: Scenario
    policy: Policy | None
    seed: np.random.SeedSequence = attrs.field(eq=False)
    key: str


def _task_key(scenario_digest: str, policy: Policy | None, seed: np.random.SeedSequence) -> str:
    return _digest([scenario_digest, policy, _seed_text(seed), _version()])


@attrs.frozen
class RunRecord:
    """One finished run of an experiment: where it sits and its summary."""

    point: int
    """Grid point (0 for a comparison)."""
    policy: str
    """Label of the policy (a comparison's key, or the policy kind)."""
    replication: int
    """Replication index; equal indices share a seed across policies and points."""
    seed: str
    """The replication's seed as ``entropy/spawn.key``."""
    summary: RunSummary
    """The run's measures."""


# ------------------------------------------------------------------ the store


class StoreMismatchError(ValueError):
    """A result store holds results of another scenario or package version."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    key TEXT PRIMARY KEY,
    point INTEGER NOT NULL,
    policy TEXT NOT NULL,
    replication INTEGER NOT NULL,
    seed TEXT NOT NULL,
    version TEXT NOT NULL,
    summary TEXT NOT NULL
);
"""


class ResultStore:
    """A SQLite file of finished runs, one row per task, each committed on its own.

    The store remembers the scenario it was made for and the package version;
    opening it for another scenario or version raises
    :class:`StoreMismatchError` rather than mixing results.
    """

    def __init__(self, path: str | Path, scenario: Scenario) -> None:
        self.path = Path(path)
        self._version = _version()
        digest = scenario_hash(scenario)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.executescript(_SCHEMA)
            meta = dict(self._db.execute("SELECT name, value FROM meta").fetchall())
            if not meta:
                meta = {"scenario_hash": digest, "scenario_name": scenario.name}
                meta["version"] = self._version
                with self._db:
                    self._db.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        except sqlite3.DatabaseError as exc:
            raise StoreMismatchError(
                f"store: {str(self.path)!r} is not a microjob result store ({exc})"
            ) from None
        self._meta = meta
        self._digest = meta.get("scenario_hash", "")
        try:
            if meta.get("version") != self._version:
                raise StoreMismatchError(
                    f"store: {str(self.path)!r} was made by microjob {meta.get('version')}, "
                    f"this is {self._version}; results of different versions are not mixed. "
                    "Use a new store file."
                )
            self.check(scenario)
        except StoreMismatchError:
            self._db.close()
            raise

    def check(self, scenario: Scenario) -> None:
        """Raise :class:`StoreMismatchError` unless the store was made for ``scenario``."""
        digest = scenario_hash(scenario)
        if digest != self._digest:
            raise StoreMismatchError(
                f"store: {str(self.path)!r} holds results of another scenario "
                f"({self._meta.get('scenario_name')!r}, hash {self._digest[:12]}); "
                f"this experiment's scenario {scenario.name!r} has hash {digest[:12]}. "
                "Use a new store file for a changed scenario."
            )

    def get(self, keys: Iterable[str]) -> dict[str, RunSummary]:
        """The stored summaries of those of ``keys`` that are present."""
        wanted = list(keys)
        found: dict[str, RunSummary] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self._db.execute(
                f"SELECT key, summary FROM runs WHERE key IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for key, text in rows:
                found[key] = RunSummary(**json.loads(text))
        return found

    def put(self, task: _Task, summary: RunSummary) -> None:
        """Store one finished run in its own transaction (durable once this returns)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    task.key,
                    task.point,
                    task.label,
                    task.replication,
                    _seed_text(task.seed),
                    self._version,
                    json.dumps(summary.as_dict()),
                ),
            )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ------------------------------------------------------------------ running tasks


def _describe(task: _Task) -> str:
    where = f" at grid point {task.point}" if task.point else ""
    return f"replication {task.replication} of policy {task.label!r}{where}"


def _execute(
    tasks: Sequence[_Task],
    *,
    executor: Executor | None,
    progress: bool,
    store: ResultStore | None,
) -> tuple[dict[str, RunSummary], int]:
    """Run the tasks that the store does not hold; return every summary and how many ran."""
    done = store.get(t.key for t in tasks) if store is not None else {}
    todo: list[_Task] = []
    queued: set[str] = set()
    for t in tasks:
        if t.key not in done and t.key not in queued:
            todo.append(t)
            queued.add(t.key)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(done) + len(todo), initial=len(done), unit="run", leave=False)

    def finish(task: _Task, summary: RunSummary) -> None:
        if store is not None:
            store.put(task, summary)
        done[task.key] = summary
        if bar is not None:
            bar.update(1)

    try:
        if executor is None:
            for t in todo:
                finish(t, _run_or_explain(t))
        else:
            _run_on(executor, todo, finish)
    finally:
        if bar is not None:
            bar.close()
    return done, len(todo)


def _run_or_explain(task: _Task) -> RunSummary:
    try:
        return run_task(task.scenario, task.policy, task.seed)
    except Exception as exc:
        raise RuntimeError(f"{_describe(task)} failed: {exc}") from exc


def _parallelism(executor: Executor) -> int:
    """How many tasks ``executor`` runs at once, as far as it tells (at least 2)."""
    workers = getattr(executor, "_max_workers", None)
    client = getattr(executor, "_client", None)  # Dask's Client.get_executor()
    if workers is None and client is not None:
        try:
            workers = sum(client.nthreads().values())
        except Exception:  # a client without a live cluster: fall back
            workers = None
    return max(2, int(workers or 8))


def _run_on(
    executor: Executor, todo: Sequence[_Task], finish: Callable[[_Task, RunSummary], None]
) -> None:
    """Run ``todo`` on ``executor``, keeping a bounded number of tasks in flight.

    Results are handed to ``finish`` as they complete (each is stored at
    once), and at most ``window`` tasks wait in the executor, so memory stays
    flat however many tasks a sweep has.
    """
    window = 4 * _parallelism(executor)
    pending: dict[Future[RunSummary], _Task] = {}
    queue = iter(todo)
    try:
        while True:
            for t in itertools.islice(queue, window - len(pending)):
                pending[executor.submit(run_task, t.scenario, t.policy, t.seed)] = t
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                task = pending.pop(future)
                try:
                    summary = future.result()
                except Exception as exc:
                    raise RuntimeError(f"{_describe(task)} failed: {exc}") from exc
                finish(task, summary)
    except BaseException:
        for future in pending:
            future.cancel()
        raise


# ------------------------------------------------------------------ statistics


@attrs.frozen
class Estimate:
    """Mean of one measure over replications, with a t-based confidence interval."""

    label: str
    """Policy (or grid point) label."""
    measure: str
    """RunSummary field."""
    mean: float
    sd: float
    """Sample standard deviation over replications."""
    ci_low: float
    ci_high: float
    n: int
    """Replications with a value (NaN values are left out)."""


@attrs.frozen
class Difference:
    """Paired difference of one measure between a policy and the baseline policy.

    ``mean``, ``sd`` and the interval are over the per-replication differences
    (common random numbers); ``unpaired_ci_low``/``high`` is the interval an
    unpaired two-sample comparison would give, and ``variance_reduction`` is
    1 - var(paired differences) / (var(policy) + var(baseline)).
    """

    label: str
    baseline: str
    measure: str
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    n: int
    unpaired_ci_low: float
    unpaired_ci_high: float
    variance_reduction: float


def _interval(values: np.ndarray, confidence: float) -> tuple[float, float, float, float, int]:
    """Mean, sd, and the t interval of the finite ``values``."""
    x = values[np.isfinite(values)]
    n = int(x.size)
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan, 0
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan, math.nan, math.nan, n
    sd = float(x.std(ddof=1))
    half = t_quantile(0.5 + confidence / 2.0, n - 1) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half, n


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence: must be between 0 and 1, got {confidence!r}")


def _measures(measures: Sequence[str] | None) -> tuple[str, ...]:
    names = RunSummary.field_names()
    if measures is None:
        return names
    for m in measures:
        if m not in names:
            close = difflib.get_close_matches(m, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"measures: unknown measure {m!r}{hint}")
    return tuple(measures)


@attrs.frozen(eq=False)
class Table:
    """Rows of :class:`Estimate` or :class:`Difference`, with text and pandas views.

    ``columns`` optionally adds, per label, columns to :meth:`to_frame`
    (a sweep's parameter values).
    """

    rows: tuple[Any, ...]
    columns: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)

    def get(self, label: str, measure: str) -> Any:
        """The row for ``label`` and ``measure`` (a policy kind's alias finds the kind's row)."""
        for name in _spellings(label):
            for row in self.rows:
                if row.label == name and row.measure == measure:
                    return row
        raise KeyError(f"no row for label {label!r} and measure {measure!r}")

    def to_frame(self) -> pd.DataFrame:
        """One row per (label, measure) as a DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
        records = []
        for row in self.rows:
            record = dict(self.columns.get(row.label, {}))
            record.update(attrs.asdict(row))
            records.append(record)
        return pd.DataFrame(records)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __str__(self) -> str:
        lines = []
        for row in self.rows:
            ci = f"[{row.ci_low:.4g}, {row.ci_high:.4g}]"
            extra = f" vs {row.baseline}" if isinstance(row, Difference) else ""
            lines.append(
                f"{row.label + extra:<28} {row.measure:<36} {row.mean:>11.4g} {ci:>24} n={row.n}"
            )
        return "\n".join(lines)


def _spellings(label: str) -> tuple[str, ...]:
    """``label``, then the kind it spells if it is a built-in kind's alias."""
    entry = find_policy_kind(label) if isinstance(label, str) else None
    return (label,) if entry is None or entry.kind == label else (label, entry.kind)


def _estimates(
    label: str, summaries: Sequence[RunSummary], measures: Sequence[str], confidence: float
) -> list[Estimate]:
    rows = []
    for m in measures:
        values = np.array([getattr(s, m) for s in summaries], dtype=float)
        mean, sd, lo, hi, n = _interval(values, confidence)
        rows.append(Estimate(label, m, mean, sd, lo, hi, n))
    return rows


# ------------------------------------------------------------------ compare


def _policies(policies: Mapping[str, Policy] | Sequence[Policy | str]) -> dict[str, Policy]:
    if isinstance(policies, Mapping):
        items = list(policies.items())
        for label, _ in items:
            if not isinstance(label, str) or not label:
                raise ValueError(f"policies: labels must be non-empty strings, got {label!r}")
    elif isinstance(policies, str | bytes) or not isinstance(policies, Sequence):
        raise TypeError(
            "policies: must be a sequence of policies or a mapping of label to policy, "
            f"got {policies!r}"
        )
    else:
        items = []
        for p in policies:
            policy = _policy(p, "policies")
            items.append((policy.kind, policy))
        labels = [label for label, _ in items]
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        if dupes:
            raise ValueError(
                f"policies: two policies of kind {dupes[0]!r}; give a mapping of label to "
                "policy to compare variants of one kind"
            )
    out: dict[str, Policy] = {}
    for label, p in items:
        out[label] = _policy(p, f"policies[{label!r}]")
    if not out:
        raise ValueError("policies: need at least one policy")
    return out


def _policy(value: Any, where: str) -> Policy:
    """A policy object, or the default policy of a kind named by a string (aliases too)."""
    if isinstance(value, str):
        entry = find_policy_kind(value)
        if entry is None:
            kinds = ", ".join(repr(k.kind) for k in POLICY_KINDS)
            raise TypeError(f"{where}: unknown policy {value!r}; choose from {kinds}")
        return entry.policy_class()
    check_policy(value, where)
    policy: Policy = value
    return policy


def _run_all(
    tasks: Sequence[_Task],
    scenario: Scenario,
    *,
    executor: Executor | None,
    progress: bool,
    store: str | Path | ResultStore | None,
) -> tuple[tuple[RunRecord, ...], int]:
    """Run (or read from the store) every task; records in task order, and how many ran."""
    opened = _open_store(store, scenario)
    try:
        done, ran = _execute(tasks, executor=executor, progress=progress, store=opened)
    finally:
        if opened is not None and opened is not store:
            opened.close()
    runs = tuple(
        RunRecord(t.point, t.label, t.replication, _seed_text(t.seed), done[t.key]) for t in tasks
    )
    return runs, ran


def _open_store(store: str | Path | ResultStore | None, scenario: Scenario) -> ResultStore | None:
    if store is None:
        return None
    if isinstance(store, ResultStore):
        store.check(scenario)
        return store
    if not isinstance(store, str | Path):
        raise TypeError(f"store: must be a file path or a ResultStore, got {store!r}")
    return ResultStore(store, scenario)


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
        rows: list[Difference] = []
        for p in self.policies:
            if p == base:
                continue
            for m in names:
                a, b = self.values(p, m), self.values(base, m)
                both = np.isfinite(a) & np.isfinite(b)
                a, b = a[both], b[both]
                mean, sd, lo, hi, n = _interval(a - b, confidence)
                ulo = uhi = reduction = math.nan
                if n >= 2:
                    va, vb = float(a.var(ddof=1)), float(b.var(ddof=1))
                    # Equal group sizes: the pooled two-sample t interval with 2(n - 1) df.
                    half = t_quantile(0.5 + confidence / 2.0, 2 * (n - 1)) * math.sqrt(
                        (va + vb) / n
                    )
                    ulo, uhi = mean - half, mean + half
                    if va + vb > 0:
                        reduction = 1.0 - sd * sd / (va + vb)
                rows.append(Difference(p, base, m, mean, sd, lo, hi, n, ulo, uhi, reduction))
        return Table(tuple(rows))

    def to_frame(self) -> pd.DataFrame:
        """One row per run: policy, replication, seed and every measure (needs pandas)."""
        return _runs_frame(self.runs, {})

    def __repr__(self) -> str:
        return (
            f"Comparison(scenario={self.scenario.name!r}, policies={list(self.policies)}, "
            f"replications={self.replications}, runs={len(self.runs)}, "
            f"tasks_run={self.tasks_run})"
        )


def _runs_frame(runs: Sequence[RunRecord], columns: Mapping[int, Mapping[str, Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame() needs pandas: pip install 'microjob[pandas]'") from exc
    records = []
    for r in runs:
        record: dict[str, Any] = {"point": r.point}
        record.update(columns.get(r.point, {}))
        record.update(policy=r.policy, replication=r.replication, seed=r.seed)
        record.update(r.summary.as_dict())
        records.append(record)
    return pd.DataFrame(records)


def compare(
    scenario: Scenario,
    policies: Mapping[str, Policy] | Sequence[Policy | str],
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    progress: bool = False,
    store: str | Path | ResultStore | None = None,
) -> Comparison:
    """Run each policy ``replications`` times on common random numbers and compare them.

    ``policies`` is a sequence of policies (labelled by kind, e.g.
    ``traditional``) or a mapping of label to policy; each replaces every
    simulated company's policy. Replication ``r`` of every policy uses the
    same seed. ``executor`` is any :class:`concurrent.futures.Executor`
    (``None`` runs serially here); ``store`` a SQLite file that keeps each
    finished run, so a repeated call computes only what is missing.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    named = _policies(policies)
    seeds = replication_seeds(seed, replications)
    digest = scenario_hash(scenario)
    tasks = [
        _Task(0, label, r, scenario, policy, s, _task_key(digest, policy, s))
        for label, policy in named.items()
        for r, s in enumerate(seeds)
    ]
    runs, ran = _run_all(tasks, scenario, executor=executor, progress=progress, store=store)
    return Comparison(scenario, tuple(named), replications, runs, ran)


# ------------------------------------------------------------------ sweep

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+|\*)\])?")


def _parse_path(path: str) -> list[tuple[str, str | None]]:
    if not isinstance(path, str) or not path:
        raise ValueError(f"grid: keys must be dotted parameter paths, got {path!r}")
    steps = []
    for part in path.split("."):
        m = _STEP.fullmatch(part)
        if m is None:
            raise ValueError(
                f"grid: cannot read path {path!r} (at {part!r}); write e.g. "
                "'market.offer_rate_per_year' or 'companies[0].policy.time_share'"
            )
        steps.append((m.group(1), m.group(2)))
    return steps


def _coerce(path: str, old: Any, value: Any) -> Any:
    """``value`` converted to the kind of ``old``, or a TypeError naming the path."""

    def bad(kind: str) -> TypeError:
        return TypeError(f"grid {path!r}: must be {kind}, got {value!r}")

    if isinstance(old, bool):
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if isinstance(old, float):
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise bad("a number")
        return float(value)
    if isinstance(old, int):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise bad("an integer")
        return int(value)
    if isinstance(old, str):
        if not isinstance(value, str):
            raise bad("a string")
        return value
    if isinstance(old, Policy):
        return _policy(value, f"grid {path!r}")
    if attrs.has(type(old)) and not isinstance(value, type(old)):
        raise bad(f"a {type(old).__name__}")
    return value


def _set(obj: Any, steps: Sequence[tuple[str, str | None]], value: Any, path: str) -> Any:
    """A copy of ``obj`` with the value at ``steps`` replaced (validators run)."""
    name, index = steps[0]
    if not attrs.has(type(obj)):
        raise ValueError(f"grid {path!r}: {type(obj).__name__} has no parameters")
    names = [f.name for f in attrs.fields(type(obj)) if f.init]
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        if name in LEVERS and isinstance(obj, Policy):
            hint = f"; it is fixed at {getattr(obj, name)!r} there (InternalFreelance sets it)"
        raise ValueError(f"grid {path!r}: unknown parameter {name!r} in {type(obj).__name__}{hint}")
    current = getattr(obj, name)
    if index is not None:
        if not isinstance(current, tuple):
            raise ValueError(f"grid {path!r}: {name} is not a list and cannot be indexed")
        if index == "*":
            positions = range(len(current))
        else:
            if int(index) >= len(current):
                raise ValueError(
                    f"grid {path!r}: index {index} out of range ({name} has {len(current)})"
                )
            positions = range(int(index), int(index) + 1)
        items = list(current)
        for i in positions:
            items[i] = (
                _set(items[i], steps[1:], value, path)
                if len(steps) > 1
                else _coerce(path, items[i], value)
            )
        new: Any = tuple(items)
    elif len(steps) > 1:
        new = _set(current, steps[1:], value, path)
    else:
        new = _coerce(path, current, value)
    try:
        return attrs.evolve(obj, **{name: new})
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"grid {path!r} = {value!r}: {exc}") from None


@attrs.frozen(eq=False)
class SweepResult:
    """The result of :func:`sweep`: one record per grid point, policy and replication."""

    scenario: Scenario
    """The base scenario."""
    parameters: tuple[str, ...]
    """The grid's paths, in the order given."""
    points: tuple[Mapping[str, Any], ...]
    """Each grid point's values by path (full factorial, last path varying fastest)."""
    replications: int
    runs: tuple[RunRecord, ...]
    """Ordered by (point, replication)."""
    tasks_run: int
    """Runs computed by this call (the rest came from the store)."""

    def to_frame(self) -> pd.DataFrame:
        """The long table: one row per point and replication, parameters then measures."""
        return _runs_frame(self.runs, dict(enumerate(self._display())))

    def _display(self) -> list[dict[str, Any]]:
        return [
            {k: (v.kind if attrs.has(type(v)) and hasattr(v, "kind") else v) for k, v in p.items()}
            for p in self.points
        ]

    def aggregate(
        self, measures: Sequence[str] | None = None, *, confidence: float = 0.95
    ) -> Table:
        """Per grid point and measure: mean, standard deviation, t interval and n.

        Rows are labelled ``point 0``, ``point 1``, ...; ``to_frame()`` of the
        table adds the parameter values as columns.
        """
        _check_confidence(confidence)
        names = _measures(measures)
        rows: list[Estimate] = []
        columns: dict[str, Mapping[str, Any]] = {}
        for i, shown in enumerate(self._display()):
            label = f"point {i}"
            columns[label] = shown
            summaries = [r.summary for r in self.runs if r.point == i]
            rows += _estimates(label, summaries, names, confidence)
        return Table(tuple(rows), columns)

    def __repr__(self) -> str:
        return (
            f"SweepResult(scenario={self.scenario.name!r}, parameters={list(self.parameters)}, "
            f"points={len(self.points)}, replications={self.replications}, "
            f"runs={len(self.runs)}, tasks_run={self.tasks_run})"
        )


def sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence[Any]],
    *,
    replications: int,
    seed: Seed,
    executor: Executor | None = None,
    progress: bool = False,
    store: str | Path | ResultStore | None = None,
) -> SweepResult:
    """Run the full-factorial grid of parameter values, ``replications`` times each.

    ``grid`` maps dotted paths into the scenario to lists of values:
    ``"market.offer_rate_per_year"``, ``"companies[0].policy.time_share"``,
    ``"companies[*].policy.time_share"`` (every company), and the special
    path ``"policy"`` (a policy, or ``"traditional"`` / ``"internal-freelance"``,
    that replaces every simulated company's policy). Every point is built and
    validated before anything runs; an unknown path or a value of the wrong
    type raises an error naming the path. Replication ``r`` uses the same
    seed at every point (common random numbers across the grid).
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {scenario!r}")
    if not isinstance(grid, Mapping) or not grid:
        raise ValueError(f"grid: must be a non-empty mapping of path to values, got {grid!r}")
    axes: list[tuple[str, tuple[Any, ...]]] = []
    for path, values in grid.items():
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            raise ValueError(f"grid {path!r}: values must be a list, got {values!r}")
        vals = tuple(values)
        if not vals:
            raise ValueError(f"grid {path!r}: needs at least one value")
        if path != "policy":
            _parse_path(path)
        axes.append((path, vals))
    seeds = replication_seeds(seed, replications)

    points: list[dict[str, Any]] = []
    tasks: list[_Task] = []
    for i, combo in enumerate(itertools.product(*(v for _, v in axes))):
        point_scenario = scenario
        policy: Policy | None = None
        point: dict[str, Any] = {}
        for (path, _), value in zip(axes, combo, strict=True):
            if path == "policy":
                policy = _policy(value, "grid 'policy'")
                point[path] = policy
            else:
                point_scenario = _set(point_scenario, _parse_path(path), value, path)
                point[path] = value
        points.append(point)
        digest = scenario_hash(point_scenario)
        label = policy.kind if policy is not None else "as in scenario"
        tasks += [
            _Task(i, label, r, point_scenario, policy, s, _task_key(digest, policy, s))
            for r, s in enumerate(seeds)
        ]
    runs, ran = _run_all(tasks, scenario, executor=executor, progress=progress, store=store)
    return SweepResult(scenario, tuple(p for p, _ in axes), tuple(points), replications, runs, ran)
