"""The two distribution functions the library needs, from SciPy.

:func:`t_quantile` gives the t-based confidence intervals of experiments and
reports, :func:`chi2_sf` the p-value of the log-rank test. Both call the Cephes
routines in :mod:`scipy.special` (``stdtrit`` and ``chdtrc``), which are what
``scipy.stats.t.ppf`` and ``scipy.stats.chi2.sf`` call, without importing
:mod:`scipy.stats`. SciPy is imported on first use: ``import microjob`` (and so
the command line) does not pay its start-up cost unless a quantile is needed.

They replace closed-form series (Abramowitz & Stegun 26.4.4-5, 26.7.3-4) that
the library used to carry; on the grid of ``tests/test_stats.py`` the two agree
to a relative 1e-12, so confidence intervals moved by less than that.
"""

from __future__ import annotations

__all__ = ["chi2_sf", "t_quantile"]


def _check_df(df: int) -> None:
    if isinstance(df, bool) or not isinstance(df, int) or df < 1:
        raise ValueError(f"df: must be a positive integer, got {df!r}")


def chi2_sf(x: float, df: int) -> float:
    """Upper tail probability P(X > x) of the chi-squared distribution with ``df`` degrees."""
    _check_df(df)
    if not x > 0:
        return 1.0
    from scipy.special import chdtrc

    return float(chdtrc(df, x))


def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile of Student's t distribution with ``df`` degrees of freedom.

    For a 95% interval use ``t_quantile(0.975, n - 1)``. The value is
    ``scipy.stats.t.ppf(p, df)`` exactly.
    """
    _check_df(df)
    if not 0.0 < p < 1.0:
        raise ValueError(f"p: must be between 0 and 1 (exclusive), got {p!r}")
    if p == 0.5:
        return 0.0
    from scipy.special import stdtrit

    return float(stdtrit(df, p))
