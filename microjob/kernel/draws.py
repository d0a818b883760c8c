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
def _horner(r: float, c: tuple[float, float, float, float, float, float, float, float]) -> float:
    """``c[0] + c[1] r + ... + c[7] r**7``, evaluated from the highest power down (the
    order AS 241 writes it in, so the floats are AS 241's)."""
    return (
        (((((c[7] * r + c[6]) * r + c[5]) * r + c[4]) * r + c[3]) * r + c[2]) * r + c[1]
    ) * r + c[0]


# AS 241's coefficients, lowest power first: the central region |p - 0.5| <= 0.425,
# the tail up to 5 standard deviations of sqrt(-log(p)), and beyond.
_CENTRAL_NUM = (
    3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
    13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
    33430.575583588128105, 2509.0809287301226727,
)  # fmt: skip
_CENTRAL_DEN = (
    1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
    21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
    5226.495278852545925,
)  # fmt: skip
_NEAR_NUM = (
    1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
    3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
    0.0227238449892691845833, 7.7454501427834140764e-4,
)  # fmt: skip
_NEAR_DEN = (
    1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
    0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
    1.05075007164441684324e-9,
)  # fmt: skip
_FAR_NUM = (
    6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358,
    0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
    2.71155556874348757815e-5, 2.01033439929228813265e-7,
)  # fmt: skip
_FAR_DEN = (
    1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
    7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
    2.04426310338993978564e-15,
)  # fmt: skip


@kernel
def norm_ppf(p: float) -> float:
    """Standard normal quantile for ``0 < p < 1`` (AS 241)."""
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        return q * _horner(r, _CENTRAL_NUM) / _horner(r, _CENTRAL_DEN)
    r = math.sqrt(-math.log(p if q < 0.0 else 1.0 - p))
    if r <= 5.0:
        x = _horner(r - 1.6, _NEAR_NUM) / _horner(r - 1.6, _NEAR_DEN)
    else:
        x = _horner(r - 5.0, _FAR_NUM) / _horner(r - 5.0, _FAR_DEN)
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
