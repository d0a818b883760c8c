"""The distribution functions behind the log-rank p-values and the t-based intervals.

SciPy (a development dependency) is the oracle.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from microjob._stats import chi2_sf, t_quantile


@given(
    x=st.floats(min_value=0.0, max_value=400.0, allow_nan=False),
    df=st.integers(min_value=1, max_value=60),
)
def test_chi2_sf_matches_scipy(x: float, df: int) -> None:
    assert chi2_sf(x, df) == pytest.approx(stats.chi2.sf(x, df), abs=1e-12, rel=1e-9)


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 7, 10, 11, 29, 30, 101, 1000])
@pytest.mark.parametrize("p", [1e-6, 0.025, 0.05, 0.5, 0.9, 0.95, 0.975, 0.995, 0.9995])
def test_t_quantile_matches_scipy(p: float, df: int) -> None:
    assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-12)


def test_t_quantile_is_symmetric_and_tends_to_the_normal() -> None:
    assert t_quantile(0.025, 7) == -t_quantile(0.975, 7)
    assert t_quantile(0.975, 100_000) == pytest.approx(1.959963984540054, abs=1e-4)


@pytest.mark.parametrize("df", [0, -1, 2.5, True])
def test_degrees_of_freedom_must_be_positive_integers(df: object) -> None:
    with pytest.raises(ValueError, match="df: must be a positive integer"):
        t_quantile(0.9, df)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="df: must be a positive integer"):
        chi2_sf(1.0, df)  # type: ignore[arg-type]


@pytest.mark.parametrize("p", [0.0, 1.0, -0.1, float("nan")])
def test_t_quantile_needs_an_open_unit_probability(p: float) -> None:
    with pytest.raises(ValueError, match="p: must be between 0 and 1"):
        t_quantile(p, 5)
