"""The engine's calendar: a SimPy environment with cheap, cancellable timers.

This is the only module that touches SimPy's internals. A model timer is the
entry ``env.timeout(delay)`` would push onto SimPy's event queue (time,
priority, event id, event), holding a light :class:`Timer` instead of a
``Timeout`` object; SimPy's ``Environment.step`` reads just ``callbacks`` and
``_ok`` from it. Going through the private ``_queue``, ``_eid`` and ``_now``
ties the engine to SimPy 4's layout, so the dependency is pinned below
SimPy 5 and ``tests/test_engine_calendar.py`` checks that timers interleave
with ordinary SimPy events exactly as timeouts would. See
``docs/design-notes.md`` for why we keep SimPy rather than own a calendar.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any, cast

import simpy

__all__ = ["Calendar", "Timer"]

_NORMAL = simpy.events.NORMAL


class Timer:
    """A pending callback: ``value`` is what the callback reads (``timer.value``)."""

    __slots__ = ("callbacks", "value")
    _ok = True  # it never fails, so SimPy never reads a failure value from it

    def __init__(self, value: Any, callback: Callable[[Any], None]) -> None:
        self.value = value
        self.callbacks: list[Callable[[Any], None]] | None = [callback]


class Calendar(simpy.Environment):
    """A SimPy environment whose timers can be cancelled and swept out of its queue.

    A cancelled timer loses its callbacks, so it fires into nothing; SimPy
    would still keep it queued until its time comes. Offer timers are redrawn
    at every change of a worker's situation and usually lie years ahead, so
    cancelled ones would pile up and slow every queue operation (making cost
    grow faster than the number of workers). ``cancelled`` counts them; once
    they outnumber the live entries the queue is rebuilt without them. Entries
    keep their (time, priority, id) keys, so the order of events is unchanged.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = 0

    def call_later(self, delay: float, value: Any, callback: Callable[[Any], None]) -> Timer:
        """Schedule ``callback(timer)`` in ``delay`` weeks (``delay >= 0``).

        The queue entry is the one ``env.timeout(delay, value)`` would make,
        so timers and SimPy events at the same time fire in creation order.
        """
        timer = Timer(value, callback)
        # (SimPy's queue is typed for its Event; a Timer has what step() reads.)
        entry = (self._now + delay, _NORMAL, next(self._eid), cast(simpy.Event, timer))
        heapq.heappush(self._queue, entry)
        return timer

    def cancel(self, timer: Timer | None) -> None:
        """Cancel a pending timer (``None`` is ignored): it will never call back."""
        if timer is not None and timer.callbacks:
            timer.callbacks.clear()
            self.cancelled += 1
            if 2 * self.cancelled > len(self._queue) + 1024:
                self._queue = [item for item in self._queue if item[3].callbacks != []]
                heapq.heapify(self._queue)
                self.cancelled = 0

    @property
    def pending(self) -> int:
        """Entries in the queue, cancelled timers not yet swept included."""
        return len(self._queue)
