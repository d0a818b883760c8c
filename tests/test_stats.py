"""The distribution functions behind the log-rank p-values and the t-based intervals.

They call SciPy; the tests pin the values the library gave before it did
(confidence intervals may move only below a relative 1e-12) and the checks of
their arguments.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from microjob._stats import chi2_sf, t_quantile

# Values of the closed-form series (Abramowitz & Stegun 26.7.3-4 and 26.4.4-5)
# that _stats used before it called SciPy, at the quantiles intervals use.
T_BEFORE_SCIPY = (
    (0.9, 1, 3.077683537175253),
    (0.9, 2, 1.8856180831641272),
    (0.9, 3, 1.6377443536962093),
    (0.9, 4, 1.5332062740589438),
    (0.9, 5, 1.47588404882448),
    (0.9, 9, 1.383028738396632),
    (0.9, 19, 1.3277282090267981),
    (0.9, 29, 1.3114336473015509),
    (0.9, 58, 1.2963188904044194),
    (0.9, 99, 1.2901614420344818),
    (0.9, 999, 1.2823995700373994),
    (0.95, 1, 6.3137515146750225),
    (0.95, 2, 2.919985580353723),
    (0.95, 3, 2.3533634348018206),
    (0.95, 4, 2.131846786326649),
    (0.95, 5, 2.015048373333023),
    (0.95, 9, 1.8331129326562356),
    (0.95, 19, 1.7291328115213693),
    (0.95, 29, 1.6991270265334955),
    (0.95, 58, 1.6715527624548607),
    (0.95, 99, 1.6603911560169868),
    (0.95, 999, 1.6463803454275432),
    (0.975, 1, 12.706204736174696),
    (0.975, 2, 4.302652729749458),
    (0.975, 3, 3.182446305283707),
    (0.975, 4, 2.776445105197791),
    (0.975, 5, 2.570581835636314),
    (0.975, 9, 2.2621571627982044),
    (0.975, 19, 2.093024054408311),
    (0.975, 29, 2.0452296421327043),
    (0.975, 58, 2.001717484145238),
    (0.975, 99, 1.9842169515864205),
    (0.975, 999, 1.9623414611335175),
    (0.995, 1, 63.6567411628717),
    (0.995, 2, 9.924843200918268),
    (0.995, 3, 5.8409093097333225),
    (0.995, 4, 4.604094871349981),
    (0.995, 5, 4.032142983555212),
    (0.995, 9, 3.249835541592118),
    (0.995, 19, 2.86093460646497),
    (0.995, 29, 2.7563859036705898),
    (0.995, 58, 2.6632869535376504),
    (0.995, 99, 2.6264054572808075),
    (0.995, 999, 2.5807596372675654),
)
CHI2_SF_BEFORE_SCIPY = (
    (0.5, 1, 0.4795001221869535),
    (3.84, 1, 0.05004352124870509),
    (12.0, 1, 0.0005320055051392503),
    (0.5, 2, 0.7788007830714049),
    (3.84, 2, 0.14660696213035015),
    (12.0, 2, 0.0024787521766663585),
    (0.5, 3, 0.9188914116546758),
    (3.84, 3, 0.27926761711861015),
    (12.0, 3, 0.007383160505359769),
    (0.5, 4, 0.9735009788392561),
    (3.84, 4, 0.4280923294206224),
    (12.0, 4, 0.01735126523666451),
    (0.5, 5, 0.9921232932326295),
    (3.84, 5, 0.5726744598320886),
    (12.0, 5, 0.034787780506241844),
    (0.5, 10, 0.9999933882894391),
    (3.84, 10, 0.9542763043207358),
    (12.0, 10, 0.2850565003166312),
)


@pytest.mark.parametrize(("p", "df", "before"), T_BEFORE_SCIPY)
def test_t_quantile_moved_less_than_1e_12(p: float, df: int, before: float) -> None:
    assert abs(t_quantile(p, df) - before) <= 1e-12 * abs(before)
    assert abs(t_quantile(1.0 - p, df) + before) <= 1e-12 * abs(before)


@pytest.mark.parametrize(("x", "df", "before"), CHI2_SF_BEFORE_SCIPY)
def test_chi2_sf_moved_less_than_1e_12(x: float, df: int, before: float) -> None:
    assert abs(chi2_sf(x, df) - before) <= 1e-12 * before


@given(
    x=st.floats(min_value=-1.0, max_value=400.0, allow_nan=False),
    df=st.integers(min_value=1, max_value=60),
)
def test_chi2_sf_is_scipys(x: float, df: int) -> None:
    assert chi2_sf(x, df) == pytest.approx(stats.chi2.sf(x, df), abs=1e-15, rel=1e-14)


@pytest.mark.parametrize("df", [1, 2, 3, 7, 30, 101, 1000])
@pytest.mark.parametrize("p", [1e-6, 0.025, 0.5, 0.9, 0.975, 0.9995])
def test_t_quantile_is_scipys(p: float, df: int) -> None:
    assert t_quantile(p, df) == stats.t.ppf(p, df)


def test_t_quantile_is_symmetric_and_tends_to_the_normal() -> None:
    assert t_quantile(0.5, 3) == 0.0
    assert t_quantile(0.025, 7) == pytest.approx(-t_quantile(0.975, 7), rel=1e-15)
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
