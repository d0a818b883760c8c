"""The pure mathematics of the model: rates, thresholds and conditional draws.

Nothing here holds state. Each function takes scenario parameters and numbers
(floats, or numpy arrays where noted) and returns numbers; the draws take a
stream (anything with ``exp()``, ``uniform()`` and ``normal()``). The engine's
rooms call these; the tests check them against their definitions.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, Protocol

import numpy as np

from microjob.scenario import WEEKS_PER_MONTH, WEEKS_PER_YEAR, Learning, Market

__all__ = [
    "accepted_offer_rate",
    "advance_skills",
    "draw_accepted_offer",
    "draw_layoff_due",
    "forgetting_floor",
    "norm_sf",
    "offer_threshold",
    "relax",
    "search_rate",
    "skill_rates",
]

_SQRT2 = math.sqrt(2.0)
_STD_NORMAL = NormalDist()
_erfc_vec = np.frompyfunc(math.erfc, 1, 1)


class Draws(Protocol):
    """What the conditional draws read from a random stream."""

    def exp(self) -> float: ...
    def uniform(self) -> float: ...
    def normal(self) -> float: ...


def norm_sf(z: float) -> float:
    """Standard normal survival function ``P(Z > z)``."""
    return 0.5 * math.erfc(z / _SQRT2)


# ------------------------------------------------------------------ offers
def offer_threshold(market: Market, quality: Any, log_pay_ratio: Any, embeddedness: Any) -> Any:
    """An offer is taken when its log premium plus amenity exceeds this value:
    the switching cost (rising with embeddedness) plus what the current job
    offers beyond a typical new one, plus how well the current job pays."""
    cost = market.switching_cost + market.switching_cost_per_embeddedness * embeddedness
    return cost + quality - market.offer_quality_mean + log_pay_ratio


def search_rate(market: Market, age_years: Any, mover: Any, active: Any) -> Any:
    """Outside contacts per year of an employed worker (floats or arrays).

    The rate halves every ``offer_rate_halving_years`` of age past the
    reference age and is multiplied for movers and for active (dissatisfied)
    searchers. The same effort decides both channels of outside mobility:
    offers that arrive on their own and vacancies that reach the worker.
    """
    reference = market.offer_rate_reference_age_years
    rate = market.offer_rate_per_year * 2.0 ** (
        -(age_years - reference) / market.offer_rate_halving_years
    )
    if isinstance(age_years, float):
        return (
            rate
            * (market.mover_offer_multiplier if mover else 1.0)
            * (market.active_search_multiplier if active else 1.0)
        )
    rate = rate * np.where(mover, market.mover_offer_multiplier, 1.0)
    return rate * np.where(active, market.active_search_multiplier, 1.0)


def offer_sd(market: Market) -> float:
    """Standard deviation of an offer's premium plus amenity."""
    return math.hypot(market.offer_premium_sd, market.amenity_sd)


def accepted_offer_rate(
    market: Market, quality: Any, log_pay_ratio: Any, embeddedness: Any, age_years: Any, mover: Any
) -> Any:
    """Rate per week of outside offers that the worker would take (floats or arrays).

    Offers arrive at the worker's :func:`search_rate`. An offer brings a log
    premium over market value ~ N(offer_premium_mean, offer_premium_sd) and an
    amenity ~ N(0, amenity_sd); it is taken when premium + amenity exceeds
    :func:`offer_threshold`, so the acceptance probability is a normal tail.
    Only accepted offers are simulated (thinning), at this rate.
    """
    threshold = offer_threshold(market, quality, log_pay_ratio, embeddedness)
    z = (threshold - market.offer_premium_mean) / math.hypot(
        market.offer_premium_sd, market.amenity_sd
    )
    active = quality + log_pay_ratio < market.active_search_threshold
    rate = search_rate(market, age_years, mover, active)
    if isinstance(quality, float):
        accept = 0.5 * math.erfc(z / _SQRT2)
    else:
        accept = 0.5 * _erfc_vec(z / _SQRT2).astype(float)
    return rate * accept / WEEKS_PER_YEAR


def draw_accepted_offer(market: Market, threshold: float, draws: Draws) -> tuple[float, float]:
    """Log premium and amenity of an offer, conditional on being accepted.

    Their sum ``x`` is normal with mean ``offer_premium_mean`` and sd
    :func:`offer_sd`, truncated below at ``threshold``: drawn by inverting the
    normal CDF over the tail (or, beyond 6 sd, from the exponential
    approximation of the tail, where the inversion loses precision). The
    premium is then drawn from its normal distribution given ``x``; the
    amenity is the rest.
    """
    s = offer_sd(market)
    mu = market.offer_premium_mean
    z0 = (threshold - mu) / s
    if z0 > 6.0:
        z = z0 + draws.exp() / z0
    else:
        u0 = 1.0 - norm_sf(z0)
        u = min(u0 + (1.0 - u0) * draws.uniform(), 1.0 - 1e-16)
        z = max(_STD_NORMAL.inv_cdf(u), z0)
    x = mu + s * z
    var_p, var_a = market.offer_premium_sd**2, market.amenity_sd**2
    mean_p = mu + var_p / (var_p + var_a) * (x - mu)
    sd_p = math.sqrt(var_p * var_a / (var_p + var_a))
    premium = mean_p + sd_p * draws.normal()
    return premium, x - premium


# ----------------------------------------------------------------- layoffs
def draw_layoff_due(market: Market, t: float, hired_at: float, draws: Draws) -> float:
    """When the worker's job will be cut, drawn at time ``t`` (``inf``: never).

    The hazard at tenure a is ``base + excess * exp(-a / s)``: a constant
    part and a new-hire part that fades with tenure. The job ends at the
    earlier of two independent times, one per part. The fading part has
    cumulative hazard ``A (1 - exp(-u / s))`` over the next u weeks, with
    ``A = excess * s * exp(-a0 / s)`` at the current tenure a0, so a unit
    exponential draw E either exceeds A (that part never strikes) or inverts
    in closed form to ``u = -s ln(1 - E / A)``. Without the new-hire part
    only the first draw is made.
    """
    base_weekly = market.layoff_rate_monthly / WEEKS_PER_MONTH
    due = t + draws.exp() / base_weekly if base_weekly > 0.0 else math.inf
    excess_weekly = market.layoff_new_hire_excess_monthly / WEEKS_PER_MONTH
    if excess_weekly > 0.0:
        s = market.layoff_excess_decay_years * WEEKS_PER_YEAR
        reach = excess_weekly * s * math.exp(-(t - hired_at) / s)
        e = draws.exp()
        if e < reach:
            due = min(due, t - s * math.log1p(-e / reach))
    return due


# ------------------------------------------------------------------ skills
def skill_rates(
    use: np.ndarray, peak: np.ndarray, learning: Learning, base: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per-skill rate (per week) and target of the linear skill dynamics at given use.

    Used skills (use share ``u > 0``, spillover included) move toward 1 at
    rate ``eta u``; unused skills decay at rate ``ln 2 / half-life`` toward a
    floor that keeps ``forgetting_floor_share`` of the peak gain over ``base``
    (the proficiency the worker entered the labour force with; 0 if omitted).
    """
    used = use > 0.0
    forget_rate = math.log(2.0) / learning.forgetting_half_life_weeks
    rate = np.where(used, learning.learning_rate_per_week * use, forget_rate)
    floor = forgetting_floor(peak, base, learning.forgetting_floor_share)
    return rate, np.where(used, 1.0, floor)


def forgetting_floor(
    peak: np.ndarray, base: np.ndarray | None, share: float, out: np.ndarray | None = None
) -> np.ndarray:
    """Forgetting floor: ``base`` plus ``share`` of the peak gain over it
    (written into ``out`` if given)."""
    if base is None:
        return np.multiply(share, peak, out=out)
    out = np.subtract(peak, base, out=out)
    np.maximum(out, 0.0, out=out)
    out *= share
    out += base
    return out


def relax(
    p: np.ndarray, target: np.ndarray, rate: np.ndarray, dt: Any, out: np.ndarray | None = None
) -> np.ndarray:
    """The one skill-dynamics step: ``target + (p - target) exp(-rate dt)``
    (written into ``out`` if given, e.g. ``out=p`` to update in place)."""
    out = np.subtract(p, target, out=out)
    out *= np.exp(rate * -dt)
    out += target
    return out


def advance_skills(
    p: np.ndarray,
    peak: np.ndarray,
    use: np.ndarray,
    dt_weeks: float,
    learning: Learning,
    base: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Proficiency and peak after ``dt_weeks`` at constant use shares (closed form).

    A skill with use share ``u > 0`` learns, ``p <- 1 - (1 - p) exp(-eta u dt)``;
    an unused skill decays toward its floor ``f``, ``p <- f + (p - f) exp(-dt ln2 / H)``.
    Both are ``target + (p - target) exp(-rate dt)`` (:func:`skill_rates`).
    Composing two steps equals one step of the summed length, which is what
    makes lazy updating exact.
    """
    rate, target = skill_rates(use, peak, learning, base)
    new = relax(p, target, rate, dt_weeks)
    return new, np.maximum(peak, new)
