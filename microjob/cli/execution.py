"""Where replications run: in this process, on a pool of processes (whose workers exit
with their parent) or on a Dask cluster."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from microjob.cli.common import UsageError


def _progress(args: argparse.Namespace) -> bool:
    # A bar on a terminal, one line per finished run elsewhere (logs, batch jobs).
    return not getattr(args, "quiet", False)


@contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    if getattr(args, "dask", None):
        try:
            from dask.distributed import Client
        except ImportError:
            raise UsageError("--dask needs Dask: pip install 'microjob[dask]'") from None
        try:
            client = Client(args.dask, timeout=30)
        except OSError as exc:
            raise UsageError(f"--dask: cannot reach a scheduler at {args.dask!r}: {exc}") from None
        with client:
            yield client.get_executor()
        return
    from microjob.kernel.warm import probably_cached, warm_up

    if not probably_cached() and _progress(args):
        note = "compiling the engine for this machine (once, about 3 minutes)"
        print(f"microjob: {note}", file=sys.stderr)
    warm_up()  # compile here once if needed, not in every process of a pool
    workers = args.workers or os.cpu_count() or 1
    if workers == 1:
        yield None
        return
    parent = os.getpid()
    with ProcessPoolExecutor(
        max_workers=workers, initializer=exit_with_parent, initargs=(parent,)
    ) as pool:
        yield pool


def exit_with_parent(parent: int, every_seconds: float = 1.0) -> None:
    """In a pool worker: exit as soon as the process ``parent`` is gone. A worker whose
    parent was killed (SIGKILL leaves it no time to stop its pool) would otherwise wait
    for work forever; a daemon thread checks the parent once a second."""
    import threading

    def alive() -> bool:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # pragma: no cover - a process we may not signal exists
            return True
        return True

    def watch() -> None:
        first = os.getppid()  # the parent, or a fork server that the parent started
        while os.getppid() == first and alive():
            time.sleep(every_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _repeat_options(args: argparse.Namespace, executor: Executor | None) -> dict[str, Any]:
    """The keyword arguments every replicated command passes on (compare, sweep, validate)."""
    return {
        "replications": args.replications,
        "seed": args.seed,
        "executor": executor,
        "progress": _progress(args),
        "store": args.store,
    }
