"""Progress of a batch of runs: a bar on a terminal, one line per run elsewhere.

A comparison or sweep on the baseline takes minutes, and often runs where
nobody watches a terminal (a batch job, a CI log, ``nohup``). A progress bar
redrawn with carriage returns turns such logs into noise, so off a terminal
each finished run prints one line: how many are done, what finished, the
time elapsed and an estimate of the time left. The estimate is the mean wall
time per run finished so far times the runs left, which already accounts for
runs in parallel (they finish that much faster); runs read from a result
store cost nothing and are not counted in it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Literal, TextIO

ProgressStyle = Literal["bar", "lines"]
"""How progress is shown: a tqdm bar, or one line per finished run."""


def _duration(seconds: float) -> str:
    """``42s``, ``3m05s`` or ``1h02m``: short enough for a log line."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def progress_style(progress: bool | str, stream: TextIO | None = None) -> ProgressStyle | None:
    """The style for ``progress``: ``True`` means a bar on a terminal, lines elsewhere."""
    if progress is False or progress is None:
        return None
    if progress is True:
        out = sys.stderr if stream is None else stream
        isatty = getattr(out, "isatty", None)
        return "bar" if isatty is not None and isatty() else "lines"
    if progress in ("bar", "lines"):
        return progress  # type: ignore[return-value]
    raise ValueError(f"progress: must be True, False, 'bar' or 'lines', got {progress!r}")


class LineProgress:
    """One line on ``stream`` per finished run, with the elapsed time and an ETA."""

    def __init__(
        self,
        total: int,
        initial: int = 0,
        stream: TextIO | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.done, self.from_store = total, initial, initial
        self.stream = sys.stderr if stream is None else stream
        self.clock = clock
        self.started = clock()
        if initial:
            self._write(f"{initial} of {total} runs already in the store")

    def _write(self, text: str) -> None:
        print(f"microjob: {text}", file=self.stream, flush=True)

    def update(self, what: str) -> None:
        """Count one more finished run, described by ``what``."""
        self.done += 1
        elapsed = self.clock() - self.started
        ran = self.done - self.from_store
        left = self.total - self.done
        eta = f", about {_duration(elapsed / ran * left)} left" if left else ""
        self._write(
            f"run {self.done}/{self.total} done ({what}); {_duration(elapsed)} elapsed{eta}"
        )

    def close(self) -> None:
        """Nothing to clean up; here so a bar and lines are used alike."""
