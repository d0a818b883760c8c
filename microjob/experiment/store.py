"""The result store: finished runs in a SQLite file, so an experiment resumes."""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from microjob.experiment.seeds import _seed_text, _version, scenario_hash
from microjob.experiment.tasks import _Task
from microjob.records import RunSummary
from microjob.scenario import Scenario


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
CREATE TABLE IF NOT EXISTS extras (
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (key, name)
);
"""


class ResultStore:
    """A SQLite file of finished runs, one row per task, each committed on its own.

    The store remembers the scenario it was made for and the package version;
    opening it for another scenario or version raises
    :class:`StoreMismatchError` rather than mixing results.
    """

    def __init__(self, path: str | Path, scenario: Scenario) -> None:
        if not str(path).strip():
            raise ValueError(f"store: must be a file path, got {str(path)!r}")
        self.path = Path(path)
        if self.path.is_dir():
            raise ValueError(f"store: {str(self.path)!r} is a directory, not a store file")
        if not self.path.parent.is_dir():
            raise ValueError(
                f"store: the directory of {str(self.path)!r} does not exist; create it first"
            )
        self._version = _version()
        digest = scenario_hash(scenario)
        try:
            self._db = sqlite3.connect(self.path)
        except sqlite3.Error as exc:
            raise ValueError(f"store: {str(self.path)!r} cannot be opened ({exc})") from None
        self._unwritable = self._write_problem()
        try:
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

    def _write_problem(self) -> str:
        """Why the file cannot take new runs (``""`` if it can): a write, rolled back."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("CREATE TABLE _write_probe (x INTEGER)")
        except sqlite3.DatabaseError as exc:  # not writable, or not a database (told below)
            return str(exc)
        finally:
            if self._db.in_transaction:
                self._db.rollback()
        return ""

    def require_writable(self, missing: int) -> None:
        """Raise ``ValueError`` if the store cannot keep the ``missing`` runs about to be
        computed: checked before the first of them runs, so none is computed and lost.
        A store that cannot be written still serves the runs it holds."""
        if self._unwritable:
            raise ValueError(
                f"store: {str(self.path)!r} cannot be written ({self._unwritable}); the "
                f"{missing} run(s) it lacks would be computed and then lost. Use a file you "
                "can write, or ask only for the runs it holds."
            )

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
                found[key] = self._summary(key, text)
        return found

    def _summary(self, key: str, text: str) -> RunSummary:
        """The stored summary of run ``key``, checked against the measures of this
        version; a row that does not hold exactly them is an error naming store and run."""
        try:
            values = json.loads(text)
            if not isinstance(values, dict):
                raise ValueError(f"a JSON object was expected, got {type(values).__name__}")
            names = set(RunSummary.field_names())
            if set(values) != names:
                missing, extra = sorted(names - set(values)), sorted(set(values) - names)
                raise ValueError(f"measures missing {missing[:3]}, unknown {extra[:3]}")
            numbers = {}
            for name, value in values.items():
                if value is None:  # strict JSON has no NaN: a measure without data
                    value = math.nan
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"{name} is {value!r}, not a number")
                numbers[name] = float(value)
        except (ValueError, TypeError, RecursionError) as exc:  # JSONDecodeError: a ValueError
            raise self._corrupt(key, "summary", exc) from None
        return RunSummary(**numbers)

    def _corrupt(self, key: str, what: str, exc: BaseException) -> StoreMismatchError:
        reason = str(exc) or type(exc).__name__
        return StoreMismatchError(
            f"store: {str(self.path)!r}, run {key!r}: the stored {what} is not valid "
            f"({reason}); delete that row or use a new store file"
        )

    def get_extras(self, keys: Iterable[str], names: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored extras named in ``names`` of the runs ``keys``: key → name → value."""
        wanted, wanted_names = list(keys), list(names)
        found: dict[str, dict[str, Any]] = {}
        marks = ",".join("?" * len(wanted_names))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self._db.execute(
                f"SELECT key, name, value FROM extras WHERE key IN "
                f"({','.join('?' * len(chunk))}) AND name IN ({marks})",
                [*chunk, *wanted_names],
            )
            for key, name, text in rows:
                try:
                    value = json.loads(text)
                except (ValueError, TypeError, RecursionError) as exc:
                    raise self._corrupt(key, f"extra {name!r}", exc) from None
                found.setdefault(key, {})[name] = value
        return found

    def put(
        self, task: _Task, summary: RunSummary, extras: Mapping[str, Any] | None = None
    ) -> None:
        """Store one finished run, and any extras kept of it, in its own transaction
        (durable once this returns)."""
        with self._db:
            for name, value in (extras or {}).items():
                self._db.execute(
                    "INSERT OR REPLACE INTO extras VALUES (?, ?, ?)",
                    (task.key, name, json.dumps(value, allow_nan=True)),
                )
            self._db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    task.key,
                    task.point,
                    task.label,
                    task.replication,
                    _seed_text(task.seed),
                    self._version,
                    json.dumps(
                        {k: v if math.isfinite(v) else None for k, v in summary.as_dict().items()},
                        allow_nan=False,
                    ),
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


def _open_store(store: str | Path | ResultStore | None, scenario: Scenario) -> ResultStore | None:
    if store is None:
        return None
    if isinstance(store, ResultStore):
        store.check(scenario)
        return store
    if not isinstance(store, str | Path):
        raise TypeError(f"store: must be a file path or a ResultStore, got {store!r}")
    return ResultStore(store, scenario)
