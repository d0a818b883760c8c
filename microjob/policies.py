"""Employment policies and micro-job matchers.

A policy is a frozen attrs class whose fields are the levers a company
controls. ``TraditionalEmployment`` has no marketplace: vacancies are filled
from inside only at the base rate of promotions and transfers, by managers who
see a few candidates. ``InternalFreelance`` adds an internal talent
marketplace: micro-jobs, a preference for internal fills with every employee
visible, and redeployment of people whose role is cut.

``InternalFreelance`` with no micro-jobs, no redeployment and the traditional
values of the shared fields behaves exactly like ``TraditionalEmployment``: the
simulator runs one code path for both.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import attrs
import numpy as np

from microjob._checks import between, count, non_negative, unit_interval

__all__ = [
    "BestFit",
    "InternalFreelance",
    "Matcher",
    "MostInterested",
    "Policy",
    "RandomMatch",
    "TraditionalEmployment",
]


@runtime_checkable
class Matcher(Protocol):
    """Chooses one applicant for a micro-job.

    ``fit`` is each applicant's skill fit to the job's requirements in [0, 1];
    ``interest`` their interest in what it teaches in [0, 1]. Return the
    position (not the worker id) of the chosen applicant. ``rng`` is the
    engine's matching stream: use it for every random choice.
    """

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return the index of the chosen applicant."""
        ...


@attrs.frozen
class BestFit:
    """Pick the applicant whose skills fit best (ties broken at random)."""

    kind: str = attrs.field(default="best_fit", init=False)

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return the index of the best-fitting applicant."""
        return _argmax_random_tie(fit, rng)


@attrs.frozen
class MostInterested:
    """Pick the applicant most interested in what the job teaches (growth-first staffing)."""

    kind: str = attrs.field(default="most_interested", init=False)

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return the index of the most interested applicant."""
        return _argmax_random_tie(interest, rng)


@attrs.frozen
class RandomMatch:
    """Pick an applicant uniformly at random (a lottery; the null model)."""

    kind: str = attrs.field(default="random", init=False)

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return a uniformly random applicant index."""
        return int(rng.integers(len(fit)))


def _argmax_random_tie(score: np.ndarray, rng: np.random.Generator) -> int:
    # Plain Python on a list: the arrays are short (tens of applicants), where
    # numpy's per-call cost dominates.
    values = score.tolist()
    top = max(values)
    if values.count(top) == 1:
        return values.index(top)
    best = [i for i, v in enumerate(values) if v == top]
    return best[int(rng.random() * len(best))]


def _check_matcher(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Matcher):
        raise TypeError(
            f"{attribute.name}: must have a choose(fit, interest, rng) method, got {value!r}"
        )


@attrs.frozen
class TraditionalEmployment:
    """Employment without a marketplace: no micro-jobs, no redeployment.

    Internal moves happen only as occasional promotions or transfers: a share
    of vacancies is filled from inside by managers who know a few candidates.
    """

    internal_fill_share: float = attrs.field(default=0.33, validator=unit_interval)
    """Share of vacancies filled from inside. About a third today (Cappelli 2019,
    'Your approach to hiring is all wrong', HBR), down from 90% in the 1950s."""
    internal_candidates_seen: int = attrs.field(default=5, validator=count(0))
    """How many employees a hiring manager considers for an internal fill (0 = all)."""
    annual_raise_share: float = attrs.field(default=0.03, validator=between(0.0, 0.5))
    """Across-the-board raise at the annual review (about 3%, typical US merit budgets)."""
    market_matching_share: float = attrs.field(default=0.3, validator=unit_interval)
    """Share of the gap between pay and market value closed at each review."""

    kind: str = attrs.field(default="traditional", init=False)

    @property
    def gigs_per_employee_year(self) -> float:
        """Traditional employment posts no micro-jobs."""
        return 0.0

    @property
    def redeployment(self) -> bool:
        """Traditional employment does not redeploy people whose role is cut."""
        return False


@attrs.frozen
class InternalFreelance:
    """An internal talent marketplace: micro-jobs, internal fills, redeployment.

    Defaults are starting values from common practice: 20% of time for
    micro-jobs (the classic '20% time'), about two postings per employee-year,
    median six-week gigs at 10-20% effort, a bonus of about 1.5% of annual pay.
    """

    internal_fill_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Share of vacancies filled from inside; the marketplace makes internal
    candidates visible, so more vacancies go to insiders than the traditional third."""
    internal_candidates_seen: int = attrs.field(default=0, validator=count(0))
    """Employees considered for an internal fill (0 = everyone: the marketplace shows all)."""
    annual_raise_share: float = attrs.field(default=0.03, validator=between(0.0, 0.5))
    """Across-the-board raise at the annual review."""
    market_matching_share: float = attrs.field(default=0.3, validator=unit_interval)
    """Share of the gap between pay and market value closed at each review."""
    time_share: float = attrs.field(default=0.2, validator=unit_interval)
    """Largest share of working time a worker may spend on micro-jobs at once."""
    gigs_per_employee_year: float = attrs.field(default=2.0, validator=between(0.0, 52.0))
    """Micro-jobs posted per employee and year."""
    min_tenure_weeks: float = attrs.field(default=26.0, validator=non_negative)
    """Tenure needed before a worker may take micro-jobs (a probation period)."""
    bonus_share: float = attrs.field(default=0.015, validator=between(0.0, 1.0))
    """Completion bonus as a share of the worker's annual wage (about 1-2%)."""
    stretch_margin: float = attrs.field(default=0.15, validator=unit_interval)
    """How far below a requirement an applicant may be and still be eligible."""
    matcher: Matcher = attrs.field(factory=BestFit, validator=_check_matcher)
    """Who gets the job among applicants: BestFit, MostInterested, RandomMatch or your own."""
    redeployment: bool = attrs.field(default=True)
    """Move a worker whose role is cut into an open role that fits, instead of a layoff."""
    redeployment_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Share of layoffs that are role cuts and so open to redeployment; the rest are
    discharges for cause or performance, which JOLTS counts with layoffs (assumption).
    A redeployed worker moves to an open position; the position left behind is
    refilled in time, since companies keep their target headcount."""
    redeployment_min_fit: float = attrs.field(default=0.4, validator=unit_interval)
    """Least skill fit to an open role for a redeployment."""

    kind: str = attrs.field(default="internal_freelance", init=False)

    @redeployment.validator
    def _check_redeployment(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"redeployment: must be true or false, got {value!r}")


Policy = TraditionalEmployment | InternalFreelance
