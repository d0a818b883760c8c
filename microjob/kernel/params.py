"""The scenario's scalars as one tuple the compiled engine can read.

:data:`Params` has a field for every scalar parameter of the scenario's
groups, named ``<group>_<field>`` (``market_offer_rate_per_year``), plus a few
derived values the engine would otherwise recompute at every event. It is a
named tuple, so compiled code reads a field at a fixed offset.
"""

from __future__ import annotations

import math
from collections import namedtuple
from typing import Any

import attrs

from microjob.scenario import (
    WEEKS_PER_YEAR,
    GigDesign,
    JobQuality,
    Learning,
    Market,
    Mindset,
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
}
"""Scenario attribute -> parameter class, whose scalar fields become ``Params`` fields."""

DERIVED = (
    "window_start",
    "end",
    "forget_rate",
    "offer_sd",
    "career_years",
)
"""Values computed once per run: window start and end (weeks), the forgetting rate
(per week), the sd of an offer's premium plus amenity, the mean career length (years)."""

_FIELDS = (
    tuple(f"{group}_{field.name}" for group, cls in GROUPS.items() for field in attrs.fields(cls))
    + DERIVED
)

Params: Any = namedtuple("Params", _FIELDS)  # type: ignore[misc]  # built from attrs fields
"""Every scalar the engine reads (see the module docstring)."""


def career_years(population: Population) -> float:
    """Mean years from entry to retirement: entrants arrive at the rate that keeps the
    labour force stationary (size / mean career length)."""
    pop = population
    mean_retirement = (
        pop.retirement_age_min_years + pop.retirement_age_mode_years + pop.retirement_age_max_years
    ) / 3.0
    mean_entry = (pop.entry_age_min_years + pop.entry_age_max_years) / 2.0
    return max(mean_retirement - mean_entry, 0.5)  # degenerate ages: still finite


def build_params(scenario: Scenario) -> Any:
    """The :data:`Params` of ``scenario`` (numbers as floats, counts as ints)."""
    values: dict[str, float | int] = {}
    for group in GROUPS:
        obj = getattr(scenario, group)
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            values[f"{group}_{field.name}"] = int(value) if isinstance(value, int) else float(value)
    market = scenario.market
    values["window_start"] = float(scenario.warmup_weeks)
    values["end"] = float(scenario.end_weeks)
    values["forget_rate"] = math.log(2.0) / scenario.learning.forgetting_half_life_weeks
    values["offer_sd"] = math.hypot(market.offer_premium_sd, market.amenity_sd)
    values["career_years"] = career_years(scenario.population)
    return Params(**values)


__all__ = ["DERIVED", "GROUPS", "WEEKS_PER_YEAR", "Params", "build_params", "career_years"]
