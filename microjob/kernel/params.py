"""The scenario's scalars as one record the compiled engine can read.

:data:`PARAMS_DTYPE` has a field for every scalar parameter of the scenario's
groups, named ``<group>_<field>`` (``market_offer_rate_per_year``), plus a few
derived values the engine would otherwise recompute at every event. A record is
handed to compiled code by reference (a tuple of a hundred numbers would be
copied at every call) and reads like a named tuple, in compiled code and in
Python alike.
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from microjob.scenario import (
    GigDesign,
    JobQuality,
    Learning,
    Market,
    Mindset,
    Platform,
    Population,
    Scenario,
)

GROUPS: dict[str, type] = {
    "population": Population,
    "market": Market,
    "quality": JobQuality,
    "learning": Learning,
    "mindset": Mindset,
    "gigs": GigDesign,
    "platform": Platform,
}
"""Scenario attribute -> parameter class, whose scalar fields become record fields."""

DERIVED = (
    "window_start",
    "end",
    "forget_rate",
    "offer_sd",
    "career_years",
)
"""Values computed once per run: window start and end (weeks), the forgetting rate
(per week), the sd of an offer's premium plus amenity, the mean career length (years)."""


def _numpy_type(annotation: object) -> str:
    """Counts and switches as 64-bit integers, everything else as doubles."""
    return "i8" if str(annotation) in ("int", "bool") else "f8"


PARAMS_DTYPE = np.dtype(
    [
        (f"{group}_{field.name}", _numpy_type(field.type))
        for group, cls in GROUPS.items()
        for field in attrs.fields(cls)
    ]
    + [(name, "f8") for name in DERIVED]
)
"""One field per scalar the engine reads (see the module docstring)."""


def career_years(population: Population) -> float:
    """Mean years from entry to retirement: entrants arrive at the rate that keeps the
    labour force stationary (size / mean career length)."""
    pop = population
    mean_retirement = (
        pop.retirement_age_min_years + pop.retirement_age_mode_years + pop.retirement_age_max_years
    ) / 3.0
    mean_entry = (pop.entry_age_min_years + pop.entry_age_max_years) / 2.0
    return max(mean_retirement - mean_entry, 0.5)  # degenerate ages: still finite


def build_params(scenario: Scenario) -> np.record:
    """The parameters of ``scenario`` as one record of :data:`PARAMS_DTYPE`."""
    record = np.rec.array(np.zeros(1, PARAMS_DTYPE))[0]
    for group in GROUPS:
        obj = getattr(scenario, group)
        for field in attrs.fields(type(obj)):
            record[f"{group}_{field.name}"] = getattr(obj, field.name)
    market = scenario.market
    record["window_start"] = scenario.warmup_weeks
    record["end"] = scenario.end_weeks
    record["forget_rate"] = math.log(2.0) / scenario.learning.forgetting_half_life_weeks
    record["offer_sd"] = math.hypot(market.offer_premium_sd, market.amenity_sd)
    record["career_years"] = career_years(scenario.population)
    return record


__all__ = ["DERIVED", "GROUPS", "PARAMS_DTYPE", "build_params", "career_years"]
