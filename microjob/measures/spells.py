"""A run's spells laid out for survival analysis: the spell table and, from it, the
retention curve, the hazard by tenure band and the cumulative incidence of each kind of
exit, on the tenure scale of the simulated companies' spells."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from microjob.policies import find_policy_kind
from microjob.scenario import WEEKS_PER_YEAR
from microjob.survival import (
    CompetingRisks,
    HazardTable,
    SurvivalCurve,
    cumulative_incidence,
    hazard_by_band,
    kaplan_meier,
)

if TYPE_CHECKING:
    from microjob.records import RunResult


EXIT_REASONS = ("quit", "withdraw", "layoff", "retire")
"""The kinds of separation a spell can end in: a quit to another job (a job hop), a quit
into non-employment, a layoff, a retirement (``EmploymentSpell.reason``)."""


def spell_table(result: RunResult) -> dict[str, np.ndarray]:
    """A run's spells as columns in the layout survival estimators take.

    One entry per spell that overlaps the measurement window:
    ``duration_years`` (tenure at separation or at the end of the run),
    ``event`` (1 separated, 0 censored), ``entry_years`` (the tenure at which
    the spell came under observation: 0 for spells begun in the window, the
    tenure at the window's start for left-truncated ones), ``reason``,
    ``worker``, ``company``, ``policy`` (the company's policy kind, or
    ``outside`` for the outside market), ``age_at_start``, then
    ``company_name``, ``start`` and ``end`` (weeks), ``censored`` and
    ``left_truncated``.
    """
    sp = result.spells
    n = len(sp)

    def column(name: str, dtype: Any) -> np.ndarray:
        return np.fromiter((getattr(x, name) for x in sp), dtype=dtype, count=n)

    start, end = column("start", np.float64), column("end", np.float64)
    censored = column("censored", bool)
    company = column("company", np.int64)
    companies = (*result.scenario.companies, result.scenario.outside)
    kinds = np.array(
        [c.policy.kind if not c.outside_market else "outside" for c in companies], dtype=object
    )
    return {
        "duration_years": (end - start) / WEEKS_PER_YEAR,
        "event": (~censored).astype(np.int64),
        "entry_years": np.maximum(0.0, result.window_start_weeks - start) / WEEKS_PER_YEAR,
        "reason": np.array([x.reason for x in sp], dtype=object),
        "worker": column("worker", np.int64),
        "company": company,
        "policy": kinds[company],
        "age_at_start": column("age_at_start", np.float64),
        "company_name": np.array(result.company_names, dtype=object)[company],
        "start": start,
        "end": end,
        "censored": censored,
        "left_truncated": column("left_truncated", bool),
    }


TENURE_BANDS_YEARS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0)
"""Default tenure bands (years) for :func:`tenure_hazard`: fine over the first two years,
where separation hazards rise and then fall (Farber 1994), coarse after."""


def _spells_of(result: RunResult, policy: str | None) -> dict[str, np.ndarray]:
    """Columns of :func:`spell_table` for the simulated companies (of one policy kind)."""
    table = result.spell_table
    keep = table["company"] < result.outside_index
    if policy is not None:
        entry = find_policy_kind(policy)  # an alias such as "internal_freelance" means its kind
        policy = entry.kind if entry is not None else policy
        kinds = set(table["policy"][keep].tolist())
        if policy not in kinds:
            raise ValueError(
                f"policy: no spells at companies with policy {policy!r}; "
                f"this run has {sorted(kinds)}"
            )
        keep &= table["policy"] == policy
    if not keep.any():
        raise ValueError("result: no spells at simulated companies in the measurement window")
    return {k: v[keep] for k, v in table.items()}


def retention_curve(
    result: RunResult, *, policy: str | None = None, alpha: float = 0.05
) -> SurvivalCurve:
    """Kaplan-Meier retention on the tenure scale (years) of a run's simulated companies.

    Spells overlapping the measurement window, censored at the end of the run,
    with delayed entry for spells begun before the window. ``policy`` (a
    policy ``kind`` such as ``"internal-freelance"``) restricts it to the
    companies with that policy, for scenarios that mix policies.
    """
    return kaplan_meier(*survival_data(result, policy=policy), alpha=alpha)


def survival_data(
    result: RunResult, *, policy: str | None = None, reason: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(durations, observed, entry)`` in years of a run's simulated companies' spells.

    The arguments every estimator here takes: tenure at exit, whether the
    spell ended in a separation (``reason``, one of :data:`EXIT_REASONS`, counts
    only that kind, the others then end exposure as censorings do), and the
    tenure at which the spell came under observation.
    ``policy`` keeps only companies with that policy kind. For example
    ``mj.logrank(*(survival_data(run) for run in runs))``.
    """
    t = _spells_of(result, policy)
    event = t["event"].astype(bool)
    if reason is not None:
        if reason not in EXIT_REASONS:
            raise ValueError(f"reason: must be one of {', '.join(EXIT_REASONS)}, got {reason!r}")
        event &= t["reason"] == reason
    return t["duration_years"], event, t["entry_years"]


def tenure_hazard(
    result: RunResult,
    *,
    policy: str | None = None,
    reason: str | None = None,
    edges: Sequence[float] = TENURE_BANDS_YEARS,
    alpha: float = 0.05,
) -> HazardTable:
    """Separation hazard per year by tenure band for a run's simulated companies.

    ``reason`` (one of :data:`EXIT_REASONS`) counts only that kind of
    separation as an event (the others then end exposure, as censorings do).
    """
    durations, event, entry = survival_data(result, policy=policy, reason=reason)
    return hazard_by_band(durations, event, entry, edges=edges, alpha=alpha)


def exit_incidence(result: RunResult, *, policy: str | None = None) -> CompetingRisks:
    """Cumulative incidence of each kind of exit by tenure (Aalen-Johansen)."""
    t = _spells_of(result, policy)
    return cumulative_incidence(t["duration_years"], t["reason"], t["entry_years"])
