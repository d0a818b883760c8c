"""Pieces of the compiled engine (``microjob.kernel``) against plain references.

Whole runs (determinism, the invariants of a career history, trackers, Python
matchers, running uncompiled) are tested through ``simulate`` in ``test_simulate``.
"""

from __future__ import annotations

import heapq
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj
from microjob.engine import rates
from microjob.kernel import heap, layout
from microjob.kernel.draws import layoff_due, norm_ppf, norm_sf
from microjob.kernel.params import build_params


@given(st.floats(min_value=1e-300, max_value=1.0 - 1e-16, exclude_max=True))
def test_normal_quantile_matches_the_standard_library(p: float) -> None:
    expected = NormalDist().inv_cdf(p)
    assert norm_ppf(p) == pytest.approx(expected, rel=1e-14, abs=1e-14)


@given(st.floats(min_value=-40.0, max_value=40.0))
def test_normal_tail_matches_the_python_engine(z: float) -> None:
    assert norm_sf(z) == rates.norm_sf(z)


@given(
    st.lists(
        st.tuples(st.floats(0.0, 100.0), st.integers(0, 1)),
        min_size=1,
        max_size=200,
    )
)
def test_queue_pops_in_time_priority_creation_order(entries: list[tuple[float, int]]) -> None:
    """The heap gives entries back as ``heapq`` orders (time, priority, sequence)."""
    n = len(entries)
    ht, hi = np.zeros(n), np.zeros((n, heap.N_H), dtype=np.int64)
    ci = np.zeros(layout.N_CI, dtype=np.int64)
    for i, (t, priority) in enumerate(entries):
        heap.push(ht, hi, ci, t, priority, 0, i, 0, 0)
    popped = []
    while ci[layout.CI_QUEUED]:
        popped.append(int(hi[0, heap.H_A]))
        heap.pop(ht, hi, ci)
    reference = [(t, p, i) for i, (t, p) in enumerate(entries)]
    heapq.heapify(reference)
    expected = [heapq.heappop(reference)[2] for _ in range(n)]
    assert popped == expected


def test_layoff_times_follow_the_hazard() -> None:
    """The compiled layoff draw has the mean the Python engine's draw has (same law)."""
    market = mj.Market()
    prm = build_params(mj.scenarios.small())
    gen_a, gen_b = np.random.default_rng(1), np.random.default_rng(2)
    compiled = np.array([min(layoff_due(prm, 0.0, 0.0, gen_a), 2000.0) for _ in range(20000)])

    class Draws:
        def exp(self) -> float:
            return float(gen_b.standard_exponential())

        def uniform(self) -> float:
            return float(gen_b.random())

        def normal(self) -> float:
            return float(gen_b.standard_normal())

    python = np.array(
        [min(rates.draw_layoff_due(market, 0.0, 0.0, Draws()), 2000.0) for _ in range(20000)]
    )
    se = math.hypot(compiled.std(), python.std()) / math.sqrt(20000)
    assert abs(compiled.mean() - python.mean()) < 4 * se


unit = st.floats(0.0, 1.0)


@given(
    st.lists(st.tuples(unit, unit, unit, st.floats(0.0, 0.2)), min_size=1, max_size=30),
    st.floats(0.0, 500.0),
)
def test_skills_advance_as_the_closed_form(
    skills: list[tuple[float, float, float, float]], dt: float
) -> None:
    """``learning.advance`` moves every skill toward its target as ``rates.relax``
    (plain NumPy) does, and keeps the peak."""
    from microjob.kernel.learning import advance
    from microjob.kernel.state import allocate

    k = len(skills)
    state = allocate(
        workers=1,
        n_skills=k,
        n_outside_roles=1,
        n_companies=1,
        positions=1,
        roster_rows=1,
        max_teams=1,
        traits=1,
    )
    p, target, peak, rate = (np.array(column) for column in zip(*skills, strict=True))
    peak = np.maximum(peak, p)  # the engine's invariant: the peak is never below the skill
    vectors = state.sk[0]
    vectors[layout.SK_PROFICIENCY] = p
    vectors[layout.SK_TARGET] = target
    vectors[layout.SK_PEAK] = peak
    vectors[layout.SK_RATE] = rate
    state.wf[0, layout.WF_SKILLS_AT] = 10.0
    advance(state, 0, 10.0 + dt)
    expected = rates.relax(p, target, rate, dt)
    np.testing.assert_allclose(vectors[layout.SK_PROFICIENCY], expected, rtol=1e-13, atol=1e-15)
    assert (vectors[layout.SK_PEAK] == np.maximum(peak, vectors[layout.SK_PROFICIENCY])).all()
    assert state.wf[0, layout.WF_SKILLS_AT] == (10.0 + dt if dt > 0 else 10.0)


def test_a_stale_compiled_cache_is_dropped_whole(tmp_path: Path) -> None:
    """A caller's cached machine code holds its callees: when any source of the engine
    changes, every cached function goes, not only those of the changed module."""
    from microjob.kernel.jit import drop_stale_cache, source_digest

    cache = tmp_path / "__pycache__"
    cache.mkdir()
    for name in ("core.advance_run-1.py311.nbi", "core.advance_run-1.py311.1.nbc", "x.pyc"):
        (cache / name).write_bytes(b"old")
    assert drop_stale_cache(cache, "digest-1")
    assert sorted(p.name for p in cache.iterdir()) == ["microjob-kernel.sha256", "x.pyc"]
    (cache / "core.advance_run-1.py311.nbi").write_bytes(b"new")
    assert not drop_stale_cache(cache, "digest-1")  # same sources: kept
    assert (cache / "core.advance_run-1.py311.nbi").exists()
    assert drop_stale_cache(cache, "digest-2")  # a source changed: dropped
    assert not (cache / "core.advance_run-1.py311.nbi").exists()
    sources = [tmp_path / "a.py", tmp_path / "b.py"]
    for path in sources:
        path.write_text("x = 1\n")
    before = source_digest(sources)
    sources[1].write_text("x = 2\n")
    assert source_digest(sources) != before
