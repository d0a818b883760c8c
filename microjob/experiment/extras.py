"""What an experiment may keep of each run besides its summary: small, named outputs.

A run's :class:`~microjob.records.RunSummary` is a few dozen numbers; its records
(every spell, micro-job and move) are far too large to keep for hundreds of
runs. Between the two, an experiment can keep **extras**: named, small, JSON-able
outputs computed from the full run in the worker that ran it, streamed to the
result store as each run finishes and returned with its record. Memory stays
bounded by the number of runs times the size of an extra (a retention curve is
:data:`CURVE_POINTS` numbers).

Each extra is registered here by name with the function that computes it from a
:class:`~microjob.records.RunResult`. ``compare(..., keep=("retention_curve",))``
keeps one (``"companies"`` keeps the measures of each company and policy kind
and the moves between employers, for
:meth:`~microjob.experiment.Comparison.companies`); a store that holds a run's
summary but not a requested extra runs that task again (the run is the same, bit
for bit) and adds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from microjob.records import RunResult

__all__ = ["CURVE_POINTS", "CURVE_YEARS", "EXTRAS", "check_keep", "compute_extras", "register"]

CURVE_YEARS = 10.0
"""Tenure span of a kept retention curve, in years."""
CURVE_POINTS = 121
"""Points of a kept retention curve: every month from tenure 0 to :data:`CURVE_YEARS`."""

EXTRAS: dict[str, Callable[[RunResult], Any]] = {}
"""Name → function of a finished run that returns the extra (JSON-able: numbers,
strings, lists and dicts of them)."""


def register(name: str) -> Callable[[Callable[[RunResult], Any]], Callable[[RunResult], Any]]:
    """Register a function as the extra ``name`` (a decorator)."""

    def add(function: Callable[[RunResult], Any]) -> Callable[[RunResult], Any]:
        EXTRAS[name] = function
        return function

    return add


def curve_years() -> np.ndarray:
    """The tenures (years) at which a kept retention curve is given."""
    return np.linspace(0.0, CURVE_YEARS, CURVE_POINTS)


@register("retention_curve")
def _retention_curve(result: RunResult) -> dict[str, Any]:
    """Kaplan-Meier retention of the simulated companies' spells, monthly over 10 years,
    overall and per policy kind present (for mixed scenarios)."""
    from microjob.measures import retention_curve

    grid = curve_years()
    out: dict[str, Any] = {"all": _at(retention_curve(result), grid)}
    kinds = sorted({str(k) for k in result.spell_table["policy"][_simulated(result)]})
    if len(kinds) > 1:
        for kind in kinds:
            out[kind] = _at(retention_curve(result, policy=kind), grid)
    return out


@register("companies")
def _companies(result: RunResult) -> dict[str, Any]:
    """Per company and per policy kind measures, and who hires whose people.

    ``companies``: :func:`~microjob.measures.company_measures`; ``policies``:
    :func:`~microjob.measures.policy_measures`; ``poaching`` and
    ``poaching_by_policy``: :func:`~microjob.measures.poaching` by employer and by
    policy kind. About 30 numbers per company and one per pair of employers.
    """
    from microjob.measures import company_measures, poaching, policy_measures

    return {
        "companies": company_measures(result),
        "policies": policy_measures(result),
        "poaching": poaching(result),
        "poaching_by_policy": poaching(result, by="policy"),
    }


def _simulated(result: RunResult) -> np.ndarray:
    company: np.ndarray = result.spell_table["company"]
    return company < result.outside_index


def _at(curve: Any, grid: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(curve.at(grid), dtype=float)]


def check_keep(keep: Iterable[str]) -> tuple[str, ...]:
    """``keep`` as a tuple of registered extra names, or ValueError naming the bad one."""
    if isinstance(keep, str):
        keep = (keep,)
    names = tuple(keep)
    for name in names:
        if name not in EXTRAS:
            raise ValueError(
                f"keep: unknown extra {name!r}; choose from {', '.join(sorted(EXTRAS))}"
            )
    return names


def compute_extras(result: RunResult, keep: Iterable[str]) -> Mapping[str, Any]:
    """Each extra in ``keep``, computed from ``result``."""
    return {name: EXTRAS[name](result) for name in keep}
