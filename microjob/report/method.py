"""The section "Scenario and method": the scenario's parameters and what the runs measured.

A parameter is named as the scenario defines it (``market.layoff_rate_monthly``
is the layoff hazard at long tenure, not the layoff rate), and where the page
also shows a measured rate of the same kind, the measured value is given
beside it, from the same estimates as the table of measures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from microjob.policies import policy_label
from microjob.report.estimates import Measure
from microjob.report.format import _percent
from microjob.report.page import Fact

if TYPE_CHECKING:
    from microjob.scenario import Scenario


@attrs.frozen
class Method:
    """What ``templates/sections/method.html`` reads."""

    facts: tuple[Fact, ...]
    paragraphs: tuple[str, ...] = ()


MEASURED = (
    "Retention is estimated by Kaplan–Meier over the spells at the simulated companies, "
    "with delayed entry for spells that began before the measurement window; rates are "
    "per mean headcount of the simulated companies over the window."
)


def _scenario_facts(scenario: Scenario, *, policy_note: str = "") -> list[Fact]:
    """The scenario's key parameters (the full set is in ``scenario.toml``)."""
    companies = ", ".join(
        f"{c.name} ({sum(r.positions for r in c.roles):,} positions)" for c in scenario.companies
    )
    kinds = ", ".join(dict.fromkeys(policy_label(c.policy.kind) for c in scenario.companies))
    market = scenario.market
    return [
        Fact("Scenario", scenario.description, strong=scenario.name),
        Fact("Simulated companies", companies),
        Fact("Their policy in the scenario", kinds, note=policy_note),
        Fact("Outside market", f"{scenario.population.outside_workers:,} workers"),
        Fact(
            "Time",
            f"{scenario.warmup_years:g}-year warm-up, then {scenario.horizon_years:g} years "
            "measured",
        ),
        Fact(
            "Outside offers",
            f"{market.offer_rate_per_year:g} a year to an employee aged "
            f"{market.offer_rate_reference_age_years:g} who is not searching; the rate halves "
            f"every {market.offer_rate_halving_years:g} years of age",
            note="market.offer_rate_per_year",
        ),
        Fact(
            "Layoff hazard (parameters)",
            f"{_percent(market.layoff_rate_monthly)} of employees a month at long tenure, "
            f"plus {_percent(market.layoff_new_hire_excess_monthly)} a month at tenure zero, "
            "an excess for new hires that falls by a factor e every "
            f"{market.layoff_excess_decay_years:g} years of tenure",
            note="market.layoff_rate_monthly, market.layoff_new_hire_excess_monthly, "
            "market.layoff_excess_decay_years: the hazard a worker faces, before any "
            "redeployment",
        ),
        Fact(
            "Changing employer",
            f"costs {market.switching_cost:g} of log wage",
            note="market.switching_cost",
        ),
        Fact("Market wages", f"grow {_percent(market.wage_growth_per_year)} a year"),
    ]


def _with_unit(m: Measure, value: float) -> str:
    sep = "" if m.short_unit.startswith("%") else " "
    return f"{m.show(value)}{sep}{m.short_unit}"


def _per_arm(field: str, values: Sequence[tuple[str, float]], *, positive: bool = False) -> str:
    """``1.39% a month under traditional employment; 1.48% a month under internal freelance``.

    ``values`` are (policy phrase, mean); non-finite means, and with ``positive``
    means of zero, are left out.
    """
    m = Measure.of(field)
    return "; ".join(
        f"{_with_unit(m, v)} under {name}"
        for name, v in values
        if math.isfinite(v) and (v > 0.0 or not positive)
    )


def _across(field: str, values: Sequence[float], *, positive: bool = False) -> str:
    """``from 1.21% a month to 1.40% a month across the grid points`` (empty if none is finite)."""
    m = Measure.of(field)
    finite = [v for v in values if math.isfinite(v)]
    if not finite or (positive and max(finite) <= 0.0):
        return ""
    low, high = min(finite), max(finite)
    if m.show(low) == m.show(high):
        return f"{_with_unit(m, low)} at every grid point"
    return f"from {_with_unit(m, low)} to {_with_unit(m, high)} across the grid points"


def _measured_facts(layoffs: str, redeployments: str = "") -> list[Fact]:
    """What the runs measured of layoffs and redeployments (each text from :func:`_per_arm`
    or :func:`_across`; an empty one is left out)."""
    facts = []
    if layoffs:
        facts.append(
            Fact(
                "Layoffs (measured)",
                layoffs,
                note="all layoffs at the simulated companies, at every tenure: the row "
                "“Layoffs” of the measures. New hires' excess hazard is included, so this is "
                "not the long-tenure parameter above",
            )
        )
    if redeployments:
        facts.append(
            Fact(
                "Redeployments (measured)",
                redeployments,
                note="role cuts turned into a move to another role instead of a layoff; "
                "they are not counted as layoffs",
            )
        )
    return facts
