"""Running tasks: serially, or on any executor with a bounded number in flight.

Tasks the store already holds are not run again; each finished run is stored
at once. The task function is looked up on :mod:`microjob.experiment.tasks`
when a task runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from pathlib import Path
from typing import Any

from microjob.experiment import tasks as task_module
from microjob.experiment.progress import LineProgress, progress_style
from microjob.experiment.seeds import _seed_text
from microjob.experiment.store import ResultStore, _open_store
from microjob.experiment.tasks import RunRecord, _describe, _Task
from microjob.records import RunSummary
from microjob.scenario import Scenario

_Output = tuple[RunSummary, Mapping[str, Any]]
"""What a run gives an experiment: its summary and the extras it was asked to keep."""


def _execute(
    tasks: Sequence[_Task],
    *,
    executor: Executor | None,
    progress: bool | str,
    store: ResultStore | None,
) -> tuple[dict[str, _Output], int]:
    """Run the tasks that the store does not hold (with every extra they keep); return
    each task's summary and extras by key, and how many ran."""
    done: dict[str, _Output] = {}
    if store is not None:
        summaries = store.get(t.key for t in tasks)
        wanted = {name for t in tasks for name in t.keep}
        kept = store.get_extras(summaries, wanted) if wanted else {}
        done = {key: (summary, kept.get(key, {})) for key, summary in summaries.items()}
    todo: list[_Task] = []
    queued: set[str] = set()
    for t in tasks:
        have = done.get(t.key)
        missing = have is None or any(name not in have[1] for name in t.keep)
        if missing and t.key not in queued:
            todo.append(t)
            queued.add(t.key)
    if store is not None and todo:
        store.require_writable(len(todo))
    style = progress_style(progress)
    bar: Any = None
    lines: LineProgress | None = None
    if style == "bar":
        from tqdm.auto import tqdm

        initial = len(tasks) - len(todo)
        bar = tqdm(total=len(tasks), initial=initial, unit="run", leave=False)
    elif style == "lines":
        lines = LineProgress(len(done) + len(todo), len(done))

    def finish(task: _Task, output: _Output) -> None:
        if store is not None:
            store.put(task, *output)
        done[task.key] = output
        if bar is not None:
            bar.update(1)
        if lines is not None:
            lines.update(_describe(task))

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


def _call(task: _Task) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """The task function and its arguments: with extras to keep, the function that
    keeps them (returns summary and extras), else the plain one (returns the summary)."""
    if task.keep:
        return task_module.run_task_keeping, (task.scenario, task.policy, task.seed, task.keep)
    return task_module.run_task, (task.scenario, task.policy, task.seed)


def _output(task: _Task, value: Any) -> _Output:
    return value if task.keep else (value, {})


def _run_or_explain(task: _Task) -> _Output:
    function, args = _call(task)
    try:
        return _output(task, function(*args))
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
    executor: Executor, todo: Sequence[_Task], finish: Callable[[_Task, _Output], None]
) -> None:
    """Run ``todo`` on ``executor``, keeping a bounded number of tasks in flight.

    Results are handed to ``finish`` as they complete (each is stored at
    once), and at most ``window`` tasks wait in the executor, so memory stays
    flat however many tasks a sweep has.
    """
    window = 4 * _parallelism(executor)
    pending: dict[Future[Any], _Task] = {}
    queue = iter(todo)
    try:
        while True:
            for t in itertools.islice(queue, window - len(pending)):
                function, args = _call(t)
                pending[executor.submit(function, *args)] = t
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                task = pending.pop(future)
                try:
                    output = _output(task, future.result())
                except Exception as exc:
                    raise RuntimeError(f"{_describe(task)} failed: {exc}") from exc
                finish(task, output)
    except BaseException:
        for future in pending:
            future.cancel()
        raise


def _run_all(
    tasks: Sequence[_Task],
    scenario: Scenario,
    *,
    executor: Executor | None,
    progress: bool | str,
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
        RunRecord(
            t.point,
            t.label,
            t.replication,
            _seed_text(t.seed),
            done[t.key][0],
            {name: done[t.key][1][name] for name in t.keep},
        )
        for t in tasks
    )
    return runs, ran
