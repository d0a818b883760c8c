"""Small engine helpers whose correctness the model relies on."""

from __future__ import annotations

import collections
import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from microjob.engine.streams import Stream as _Stream
from microjob.engine.streams import sample_distinct as _sample_distinct


@given(st.integers(1, 400), st.data(), st.integers(0, 2**32 - 1))
def test_sample_distinct_gives_k_distinct_indices(n: int, data: st.DataObject, seed: int) -> None:
    k = data.draw(st.integers(0, n))
    picked = _sample_distinct(_Stream(np.random.default_rng(seed)), n, k)
    assert len(picked) == k
    assert len(set(picked)) == k
    assert all(0 <= i < n for i in picked)


def test_sample_distinct_is_uniform_over_subsets() -> None:
    stream = _Stream(np.random.default_rng(2026))
    draws = 30_000
    counts = collections.Counter(
        tuple(sorted(_sample_distinct(stream, 5, 2))) for _ in range(draws)
    )
    subsets = list(itertools.combinations(range(5), 2))
    assert set(counts) == set(subsets)
    expected = draws / len(subsets)
    chi2 = sum((counts[s] - expected) ** 2 / expected for s in subsets)
    assert chi2 < 27.9  # 99.9% quantile of chi-square with 9 degrees of freedom
