"""Running tasks: serially, or on any executor with a bounded number in flight.

Tasks the store already holds are not run again; each finished run is stored
at once. The task function is looked up on :mod:`microjob.experiment.tasks`
when a task runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
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


def _execute(
    tasks: Sequence[_Task],
    *,
    executor: Executor | None,
    progress: bool | str,
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
    style = progress_style(progress)
    bar: Any = None
    lines: LineProgress | None = None
    if style == "bar":
        from tqdm.auto import tqdm

        bar = tqdm(total=len(done) + len(todo), initial=len(done), unit="run", leave=False)
    elif style == "lines":
        lines = LineProgress(len(done) + len(todo), len(done))

    def finish(task: _Task, summary: RunSummary) -> None:
        if store is not None:
            store.put(task, summary)
        done[task.key] = summary
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


def _run_or_explain(task: _Task) -> RunSummary:
    try:
        return task_module.run_task(task.scenario, task.policy, task.seed)
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
                pending[executor.submit(task_module.run_task, t.scenario, t.policy, t.seed)] = t
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
        RunRecord(t.point, t.label, t.replication, _seed_text(t.seed), done[t.key]) for t in tasks
    )
    return runs, ran
