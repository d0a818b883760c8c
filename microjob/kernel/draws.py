"""Conditional draws of the model, compiled: accepted offers, layoff times, withdrawals.

These are the compiled twins of :mod:`microjob.engine.rates`' draws, reading
a numpy ``Generator`` directly. The normal quantile is Wichura's algorithm
AS 241 (``PPND16``, *Applied Statistics* 37, 1988), accurate to about 1e-16,
the method Python's ``statistics.NormalDist.inv_cdf`` also uses.
"""

from __future__ import annotations

import math

from microjob.scenario import WEEKS_PER_MONTH, WEEKS_PER_YEAR

from .jit import kernel

_SQRT2 = math.sqrt(2.0)


@kernel
def norm_sf(z: float) -> float:
    """Standard normal survival function ``P(Z > z)``."""
    return 0.5 * math.erfc(z / _SQRT2)


@kernel
def norm_ppf(p: float) -> float:
    """Standard normal quantile for ``0 < p < 1`` (AS 241)."""
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        num = (
            (
                (
                    (
                        (
                            (2509.0809287301226727 * r + 33430.575583588128105) * r
                            + 67265.770927008700853
                        )
                        * r
                        + 45921.953931549871457
                    )
                    * r
                    + 13731.693765509461125
                )
                * r
                + 1971.5909503065514427
            )
            * r
            + 133.14166789178437745
        ) * r + 3.387132872796366608
        den = (
            (
                (
                    (
                        (
                            (5226.495278852545925 * r + 28729.085735721942674) * r
                            + 39307.89580009271061
                        )
                        * r
                        + 21213.794301586595867
                    )
                    * r
                    + 5394.1960214247511077
                )
                * r
                + 687.1870074920579083
            )
            * r
            + 42.313330701600911252
        ) * r + 1.0
        return q * num / den
    r = p if q < 0.0 else 1.0 - p
    r = math.sqrt(-math.log(r))
    if r <= 5.0:
        r = r - 1.6
        num = (
            (
                (
                    (
                        (
                            (7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r
                            + 0.24178072517745061177
                        )
                        * r
                        + 1.27045825245236838258
                    )
                    * r
                    + 3.64784832476320460504
                )
                * r
                + 5.7694972214606914055
            )
            * r
            + 4.6303378461565452959
        ) * r + 1.42343711074968357734
        den = (
            (
                (
                    (
                        (
                            (1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r
                            + 0.0151986665636164571966
                        )
                        * r
                        + 0.14810397642748007459
                    )
                    * r
                    + 0.68976733498510000455
                )
                * r
                + 1.6763848301838038494
            )
            * r
            + 2.05319162663775882187
        ) * r + 1.0
    else:
        r = r - 5.0
        num = (
            (
                (
                    (
                        (
                            (2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                            + 0.0012426609473880784386
                        )
                        * r
                        + 0.026532189526576123093
                    )
                    * r
                    + 0.29656057182850489123
                )
                * r
                + 1.7848265399172913358
            )
            * r
            + 5.4637849111641143699
        ) * r + 6.6579046435011037772
        den = (
            (
                (
                    (
                        (
                            (2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                            + 1.8463183175100546818e-5
                        )
                        * r
                        + 7.868691311456132591e-4
                    )
                    * r
                    + 0.0148753612908506148525
                )
                * r
                + 0.13692988092273580531
            )
            * r
            + 0.59983220655588793769
        ) * r + 1.0
    x = num / den
    return -x if q < 0.0 else x


@kernel
def accepted_offer(prm, threshold: float, gen):  # type: ignore[no-untyped-def]
    """Log premium and amenity of an offer, conditional on being accepted.

    Their sum is normal (mean ``offer_premium_mean``, sd ``offer_sd``) truncated
    below at ``threshold``: drawn by inverting the normal CDF over the tail (or,
    beyond 6 sd, from the exponential approximation of the tail); the premium is
    then drawn given the sum and the amenity is the rest.
    """
    s = prm.offer_sd
    mu = prm.market_offer_premium_mean
    z0 = (threshold - mu) / s
    if z0 > 6.0:
        z = z0 + gen.standard_exponential() / z0
    else:
        u0 = 1.0 - norm_sf(z0)
        u = min(u0 + (1.0 - u0) * gen.random(), 1.0 - 1e-16)
        z = max(norm_ppf(u), z0)
    x = mu + s * z
    var_p = prm.market_offer_premium_sd * prm.market_offer_premium_sd
    var_a = prm.market_amenity_sd * prm.market_amenity_sd
    mean_p = mu + var_p / (var_p + var_a) * (x - mu)
    sd_p = math.sqrt(var_p * var_a / (var_p + var_a))
    premium = mean_p + sd_p * gen.standard_normal()
    return premium, x - premium


@kernel
def layoff_due(prm, t: float, hired_at: float, gen) -> float:  # type: ignore[no-untyped-def]
    """When the job will be cut, drawn at ``t`` (``inf``: never).

    The hazard at tenure a is ``base + excess exp(-a / s)``; the job ends at the
    earlier of two independent times, one per part, the fading one inverted in
    closed form (see :func:`microjob.engine.rates.draw_layoff_due`).
    """
    base_weekly = prm.market_layoff_rate_monthly / WEEKS_PER_MONTH
    due = t + gen.standard_exponential() / base_weekly if base_weekly > 0.0 else math.inf
    excess_weekly = prm.market_layoff_new_hire_excess_monthly / WEEKS_PER_MONTH
    if excess_weekly > 0.0:
        s = prm.market_layoff_excess_decay_years * WEEKS_PER_YEAR
        reach = excess_weekly * s * math.exp(-(t - hired_at) / s)
        e = gen.standard_exponential()
        if e < reach:
            due = min(due, t - s * math.log1p(-e / reach))
    return due


__all__ = ["accepted_offer", "layoff_due", "norm_ppf", "norm_sf"]
