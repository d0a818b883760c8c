"""The engine's state (``microjob/engine/state.py``): rosters, the worker table, tallies."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from microjob.engine.state import SKILL_VECTORS, UNEMPLOYED, Roster, Tally, Workers

N_TEAMS = 2

# An operation: ("add", hired_at, openness, role, score pair) or ("remove", index seed).
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            st.floats(-100, 100),
            st.floats(0, 1),
            st.integers(0, N_TEAMS - 1),
            st.tuples(st.floats(0, 1), st.floats(0, 1)),
        ),
        st.tuples(st.just("remove"), st.integers(0, 10**6)),
    ),
    max_size=120,
)


@given(operations)
def test_roster_add_and_remove_agree_with_a_dict(ops: list[tuple]) -> None:
    roster = Roster(N_TEAMS, capacity=2)
    model: dict[int, tuple[float, float, int, tuple[float, float]]] = {}
    where: dict[int, int] = {}  # worker -> roster position, kept as the engine does
    next_id = 0
    for op in ops:
        if op[0] == "add":
            _, hired_at, openness, role, score = op
            pos = roster.add(next_id, hired_at, openness, role, np.array(score))
            where[next_id] = pos
            model[next_id] = (hired_at, openness, role, score)
            next_id += 1
        elif model:
            w = sorted(model)[op[1] % len(model)]
            gap = where.pop(w)
            moved = roster.remove(gap)
            if moved >= 0:  # the last member moved into the gap
                where[moved] = gap
            del model[w]
        assert len(roster) == roster.n == len(model)
        assert sorted(roster.members().tolist()) == sorted(model)
        for w, (hired_at, openness, role, score) in model.items():
            i = int(np.flatnonzero(roster.members() == w)[0])
            assert where[w] == i
            assert roster.hired_at[i] == hired_at and roster.openness[i] == openness
            assert roster.role[i] == role and roster.load[i] == 0.0
            np.testing.assert_array_equal(roster.score[i], score)
            np.testing.assert_array_equal(roster.ties[i], 0.0)
            np.testing.assert_array_equal(
                roster.data[roster.apply_row :, i], openness * np.array(score)
            )


def test_roster_remove_moves_the_last_member_into_the_gap() -> None:
    roster = Roster(1)
    for w in (10, 11, 12):
        roster.add(w, float(w), 0.5, 0, np.array([0.4]))
    roster.ties[2, 0] = 3.0
    assert roster.remove(0) == 12
    assert roster.members().tolist() == [12, 11]
    assert roster.hired_at[0] == 12.0 and roster.ties[0, 0] == 3.0
    assert roster.remove(1) == -1  # the last one: nothing moves
    assert roster.members().tolist() == [12]


def test_roster_set_openness_keeps_the_apply_rows() -> None:
    roster = Roster(2)
    roster.add(1, 0.0, 0.5, 0, np.array([0.2, 0.8]))
    roster.add(2, 0.0, 0.5, 1, np.array([1.0, 0.5]))
    roster.set_openness(0, 0.25)
    np.testing.assert_allclose(roster.data[roster.apply_row :, 0], [0.05, 0.2])
    roster.set_openness_all(np.array([1.0, 0.5]))
    np.testing.assert_allclose(roster.data[roster.apply_row :, :2], [[0.2, 0.5], [0.8, 0.25]])
    np.testing.assert_allclose(roster.openness[:2], [1.0, 0.5])


def test_workers_grow_keeps_every_column() -> None:
    workers = Workers(3, 2)
    rng = np.random.default_rng(0)
    values: dict[tuple[str, int], Any] = {}
    for _ in range(5):  # grows from 2 to 4 to 8
        w = workers.append_scalars({"wage": 100.0 + workers.n})
        for name in SKILL_VECTORS:
            getattr(workers, name)[w] = values[name, w] = rng.random(3)
        workers.skills_at[w] = values["skills_at", w] = rng.random()
        workers.reviewed_at[w] = values["reviewed_at", w] = rng.random()
    assert workers.capacity == 8 and workers.n == 5
    for (name, w), value in values.items():
        np.testing.assert_array_equal(getattr(workers, name)[w], value)
    assert workers.wage == [100.0, 101.0, 102.0, 103.0, 104.0]
    # The named vectors are views into the one block.
    workers.proficiency[4, 1] = 0.123
    assert workers.skill_block[4, SKILL_VECTORS.index("proficiency"), 1] == 0.123
    assert workers.skills_at.shape == workers.reviewed_at.shape == (8,)


def test_append_scalars_fills_defaults() -> None:
    workers = Workers(2, 4)
    w = workers.append_scalars({"openness": 0.7})
    assert workers.openness[w] == 0.7 and workers.employer[w] == UNEMPLOYED
    assert workers.offer_due[w] == workers.layoff_due[w] == workers.reveal_due[w] == math.inf
    assert workers.timer[w] is None and workers.position[w] == -1
    assert math.isnan(workers.born_at[w])
    lengths = {len(getattr(workers, name)) for name in ("employer", "wage", "timer", "ties")}
    assert lengths == {1}


@given(st.lists(st.integers(0, 10**6), max_size=30), st.integers(1, 40))
def test_leave_labour_force_keeps_active_and_its_index(leavers: list[int], n: int) -> None:
    workers = Workers(1, 4)
    for _ in range(n):
        workers.append_scalars({})
    gone: set[int] = set()
    for seed in leavers:
        if len(gone) == n:
            break
        w = sorted(set(range(n)) - gone)[seed % (n - len(gone))]
        workers.leave_labour_force(w)
        gone.add(w)
        assert sorted(workers.active) == sorted(set(range(n)) - gone)
        assert all(workers.active[workers.active_pos[v]] == v for v in workers.active)


changes = st.lists(
    st.tuples(st.floats(0, 100, allow_nan=False), st.integers(-3, 3)), max_size=30
).map(sorted)


@given(changes, st.floats(0, 100), st.floats(0, 100))
def test_headcount_is_integrated_only_inside_the_window(
    steps: list[tuple[float, int]], start: float, end_after: float
) -> None:
    tally = Tally(1, start)
    end = (steps[-1][0] if steps else 0.0) + end_after
    for t, delta in steps:
        tally.headcount_change(0, t, delta)
    tally.headcount_change(0, end, 0)
    # Reference: headcount is piecewise constant; integrate over [start, end].
    expected, level, at = 0.0, 0, 0.0
    for t, delta in [*steps, (end, 0)]:
        expected += level * max(0.0, min(t, end) - max(at, start))
        level, at = level + delta, t
    assert math.isclose(tally.headcount_weeks[0], expected, rel_tol=1e-9, abs_tol=1e-9)
    assert tally.headcount[0] == sum(d for _, d in steps)


@given(changes, st.floats(0, 100))
def test_labour_force_is_integrated_from_time_zero(
    steps: list[tuple[float, int]], end_after: float
) -> None:
    tally = Tally(1, 50.0)
    end = (steps[-1][0] if steps else 0.0) + end_after
    for t, delta in steps:
        tally.labour_force_change(t, delta)
    tally.labour_force_change(end, 0)
    expected, level, at = 0.0, 0, 0.0
    for t, delta in [*steps, (end, 0)]:
        expected += level * (t - at)
        level, at = level + delta, t
    assert math.isclose(tally.labour_force_weeks, expected, rel_tol=1e-9, abs_tol=1e-9)
