"""The calendar (``microjob/engine/calendar.py``): cancellable timers in SimPy's queue.

Timers must interleave with ordinary SimPy events exactly as ``env.timeout``
events would, so the engine's order of events is SimPy's.
"""

from __future__ import annotations

from typing import Any

import simpy
from hypothesis import given
from hypothesis import strategies as st

from microjob.engine.calendar import Calendar, Timer

# A schedule: (delay in whole weeks, so ties are common; True for a timer, False
# for an env.timeout).
schedules = st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=40)


def _run_mixed(schedule: list[tuple[int, bool]], until: float | None = None) -> list[Any]:
    """Fire a mix of timers and timeouts on a Calendar; return (label, time) in firing order."""
    calendar = Calendar()
    fired: list[Any] = []
    for i, (delay, is_timer) in enumerate(schedule):
        if is_timer:
            calendar.call_later(delay, i, lambda timer: fired.append((timer.value, calendar.now)))
        else:
            calendar.timeout(delay, i).callbacks.append(
                lambda event: fired.append((event.value, calendar.now))
            )
    calendar.run(until=until)
    return fired


def _run_simpy(schedule: list[tuple[int, bool]], until: float | None = None) -> list[Any]:
    """The same schedule with SimPy timeouts only."""
    env = simpy.Environment()
    fired: list[Any] = []
    for i, (delay, _) in enumerate(schedule):
        env.timeout(delay, i).callbacks.append(lambda event: fired.append((event.value, env.now)))
    env.run(until=until)
    return fired


@given(schedules)
def test_timers_fire_in_the_order_timeouts_would(schedule: list[tuple[int, bool]]) -> None:
    fired = _run_mixed(schedule)
    assert fired == _run_simpy(schedule)
    # That is: by time, ties in creation order.
    assert fired == sorted(((i, float(d)) for i, (d, _) in enumerate(schedule)), key=lambda x: x[1])


@given(schedules, st.integers(0, 6))
def test_run_until_stops_as_simpy_does(schedule: list[tuple[int, bool]], until: int) -> None:
    if until == 0:
        until = 1  # SimPy refuses to run until now
    assert _run_mixed(schedule, until) == _run_simpy(schedule, until)


def test_run_until_leaves_events_at_that_time_pending() -> None:
    calendar = Calendar()
    fired: list[float] = []
    calendar.call_later(2.0, None, lambda timer: fired.append(calendar.now))
    calendar.run(until=2.0)
    assert fired == [] and calendar.now == 2.0
    calendar.run(until=3.0)
    assert fired == [2.0]


@given(schedules, st.sets(st.integers(0, 39)))
def test_a_cancelled_timer_never_calls_back(
    schedule: list[tuple[int, bool]], cancelled: set[int]
) -> None:
    calendar = Calendar()
    fired: list[int] = []
    timers: dict[int, Timer] = {}
    for i, (delay, _) in enumerate(schedule):
        timers[i] = calendar.call_later(delay, i, lambda timer: fired.append(timer.value))
    for i in cancelled & set(timers):
        calendar.cancel(timers[i])
    calendar.run()
    live = [i for i in range(len(schedule)) if i not in cancelled]
    assert fired == sorted(live, key=lambda i: schedule[i][0])


def test_cancel_counts_once_and_ignores_none() -> None:
    calendar = Calendar()
    timer = calendar.call_later(1.0, "x", lambda timer: None)
    calendar.cancel(None)
    calendar.cancel(timer)
    calendar.cancel(timer)
    assert calendar.cancelled == 1 and calendar.pending == 1 and timer.callbacks == []


def test_the_sweep_after_many_cancellations_keeps_the_live_order() -> None:
    calendar = Calendar()
    fired: list[int] = []
    ordinary: list[int] = []
    timers = [
        calendar.call_later((i * 7919) % 101, i, lambda timer: fired.append(timer.value))
        for i in range(3000)
    ]
    for i in range(0, 3000, 300):  # ordinary SimPy events among them
        calendar.timeout((i * 7919) % 101, i).callbacks.append(
            lambda event: ordinary.append(event.value)
        )
    cancelled = {i for i in range(3000) if i % 5 != 0}
    for i in sorted(cancelled):
        calendar.cancel(timers[i])
    assert calendar.pending < 3000  # swept at least once
    assert calendar.cancelled < len(cancelled)
    calendar.run()
    live = [i for i in range(3000) if i not in cancelled]
    assert fired == sorted(live, key=lambda i: ((i * 7919) % 101, i))
    assert ordinary == sorted(range(0, 3000, 300), key=lambda i: ((i * 7919) % 101, i))


def test_timers_scheduled_from_a_callback_run_after_those_already_due() -> None:
    calendar = Calendar()
    env = simpy.Environment()
    on_calendar: list[str] = []
    on_simpy: list[str] = []

    def calendar_first(timer: Timer) -> None:
        on_calendar.append("first")
        calendar.call_later(0.0, "late", lambda t: on_calendar.append(t.value))

    def simpy_first(event: Any) -> None:
        on_simpy.append("first")
        env.timeout(0.0, "late").callbacks.append(lambda e: on_simpy.append(e.value))

    calendar.call_later(1.0, None, calendar_first)
    calendar.call_later(1.0, None, lambda timer: on_calendar.append("other"))
    env.timeout(1.0).callbacks.append(simpy_first)
    env.timeout(1.0).callbacks.append(lambda event: on_simpy.append("other"))
    calendar.run()
    env.run()
    assert on_calendar == on_simpy == ["first", "other", "late"]


def test_processes_and_timers_share_the_clock() -> None:
    calendar = Calendar()
    log: list[tuple[str, float]] = []

    def process() -> Any:
        for _ in range(3):
            yield calendar.timeout(2.0)
            log.append(("process", calendar.now))

    calendar.process(process())
    calendar.call_later(2.0, None, lambda timer: log.append(("timer", calendar.now)))
    calendar.call_later(5.0, None, lambda timer: log.append(("timer", calendar.now)))
    calendar.run(until=10.0)
    # The process's first timeout is created when it first runs, inside run(),
    # so after the timer at time 2 (as with SimPy timeouts).
    assert log == [
        ("timer", 2.0),
        ("process", 2.0),
        ("process", 4.0),
        ("timer", 5.0),
        ("process", 6.0),
    ]
