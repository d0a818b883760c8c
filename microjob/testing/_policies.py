"""Strategies for policies: the matchers, either built-in policy with its levers drawn
within their ranges, and a policy of either kind."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from microjob.policies import (
    LEVERS,
    BestFit,
    InternalFreelance,
    Matcher,
    MostInterested,
    Policy,
    RandomMatch,
    TraditionalEmployment,
    policy_kind,
)
from microjob.scenario import GigDesign
from microjob.testing._basics import (
    MAX_GIG_EFFORT,
    MAX_GIGS_PER_EMPLOYEE_YEAR,
    MAX_MIN_TENURE_WEEKS,
    _check_number,
    _unit,
)


def matchers() -> st.SearchStrategy[Matcher]:
    """One of the built-in matchers: ``BestFit()``, ``MostInterested()``, ``RandomMatch()``."""
    return st.sampled_from([BestFit(), MostInterested(), RandomMatch()])


def _shared_levers() -> dict[str, st.SearchStrategy[Any]]:
    """The levers both built-in policies set, each over its validator's range."""
    return {
        "internal_fill_share": _unit,
        # Any count >= 0 is valid; beyond the size of the companies drawn here, more
        # candidates change nothing (0 already means everyone).
        "internal_candidates_seen": st.integers(0, 100),
        "annual_raise_share": st.floats(0.0, 0.5),
        "market_matching_share": _unit,
    }


def traditional_employment() -> st.SearchStrategy[TraditionalEmployment]:
    """:class:`~microjob.TraditionalEmployment` with each of its four levers drawn over
    its whole range (``internal_candidates_seen`` up to 100)."""
    return st.builds(TraditionalEmployment, **_shared_levers())


# ---------------------------------------------------------- internal freelance

_FREELANCE_FIELDS = frozenset(f.name for f in attrs.fields(InternalFreelance) if f.init)


def _time_share_floor(gig_design: GigDesign | None) -> float:
    """Least time share for a policy that posts micro-jobs: room for the largest one."""
    return MAX_GIG_EFFORT if gig_design is None else gig_design.effort_max_share


def _check_freelance_arguments(
    gig_design: GigDesign | None, max_gigs_per_employee_year: float, fixed: dict[str, Any]
) -> float:
    """Refuse what :func:`internal_freelance` cannot draw from; return the time share floor.

    Raises ``TypeError`` for an unknown lever or a ``gig_design`` that is not one, and
    ``ValueError`` for a fixed value the policy rejects or a fixed pair of
    ``time_share`` and ``gigs_per_employee_year`` that leaves the design's micro-jobs
    no room.
    """
    unknown = sorted(set(fixed) - _FREELANCE_FIELDS)
    if unknown:
        raise TypeError(
            f"internal_freelance: unknown lever(s) {', '.join(unknown)}; "
            f"the levers are {', '.join(LEVERS)}"
        )
    if gig_design is not None and not isinstance(gig_design, GigDesign):
        raise TypeError(f"gig_design: must be a GigDesign or None, got {gig_design!r}")
    _check_number("max_gigs_per_employee_year", max_gigs_per_employee_year, 0.0, 52.0)
    InternalFreelance(**fixed)  # a bad fixed value fails here, not on the first draw
    floor = _time_share_floor(gig_design)
    if (
        gig_design is not None
        and "gigs_per_employee_year" in fixed
        and "time_share" in fixed
        and fixed["gigs_per_employee_year"] > 0
        and fixed["time_share"] < floor
    ):
        raise ValueError(
            f"time_share={fixed['time_share']!r} leaves no room for micro-jobs of effort "
            f"up to {floor!r}; raise it or fix gigs_per_employee_year=0"
        )
    return floor


def _freelance_levers(fixed: dict[str, Any]) -> dict[str, st.SearchStrategy[Any]]:
    """The strategy of every lever but ``time_share`` and ``gigs_per_employee_year``
    (drawn together, by :func:`_freelance_policy`), in the order they are drawn; a
    fixed lever is drawn as itself."""
    levers: dict[str, st.SearchStrategy[Any]] = {
        **_shared_levers(),
        "min_tenure_weeks": st.floats(0.0, MAX_MIN_TENURE_WEEKS),
        "bonus_share": _unit,
        "stretch_margin": _unit,
        "matcher": matchers(),
        "manager_release_share": _unit,
        "redeployment": st.booleans(),
        "redeployment_share": _unit,
        "redeployment_min_fit": _unit,
    }
    for name, value in fixed.items():
        levers[name] = st.just(value)
    levers.pop("time_share", None)
    levers.pop("gigs_per_employee_year", None)
    return levers


@st.composite
def _freelance_policy(
    draw: st.DrawFn,
    levers: dict[str, st.SearchStrategy[Any]],
    fixed: dict[str, Any],
    floor: float,
    gigs_strategy: st.SearchStrategy[float],
) -> InternalFreelance:
    """The levers first, then the micro-jobs a year, then a time share with room for them."""
    values = {name: draw(strategy) for name, strategy in levers.items()}
    share_fixed = "time_share" in fixed
    if "gigs_per_employee_year" in fixed:
        gigs = fixed["gigs_per_employee_year"]
    elif share_fixed and fixed["time_share"] < floor:
        gigs = 0.0
    else:
        gigs = draw(gigs_strategy)
    if share_fixed:
        share = fixed["time_share"]
    else:
        share = draw(st.floats(floor, 1.0) if gigs > 0 else _unit)
    return InternalFreelance(**values, time_share=share, gigs_per_employee_year=gigs)


def internal_freelance(
    *,
    gig_design: GigDesign | None = None,
    max_gigs_per_employee_year: float = MAX_GIGS_PER_EMPLOYEE_YEAR,
    **fixed: Any,
) -> st.SearchStrategy[InternalFreelance]:
    """:class:`~microjob.InternalFreelance` with every lever drawn within its range.

    Keyword arguments named after levers fix them, as in
    ``internal_freelance(redeployment=False)``; the rest are drawn. Shares are drawn over [0, 1],
    ``annual_raise_share`` over [0, 0.5], ``internal_candidates_seen`` over 0-100,
    ``min_tenure_weeks`` over [0, :data:`MAX_MIN_TENURE_WEEKS`] and
    ``gigs_per_employee_year`` over [0, ``max_gigs_per_employee_year``] (0 switches
    micro-jobs off).

    When micro-jobs are on, ``time_share`` is at least the ``effort_max_share`` of
    ``gig_design``, or :data:`MAX_GIG_EFFORT` without one, so the policy is valid in
    every scenario with that design (without one: in every scenario
    :func:`~microjob.testing.scenarios` draws, and in the presets). A fixed
    ``time_share`` below that bound comes with micro-jobs off. Fixing both ``time_share`` and
    ``gigs_per_employee_year`` keeps the pair as given; with a ``gig_design`` it must
    fit the design (``ValueError`` otherwise), and without one the policy is valid
    only where micro-jobs are small enough (``scenarios(company_policies=...)`` fits
    its micro-jobs to the policies it is given).

    Raises ``TypeError`` or ``ValueError`` at once for an unknown lever or a value
    the policy would reject.
    """
    floor = _check_freelance_arguments(gig_design, max_gigs_per_employee_year, fixed)
    gigs_strategy = st.floats(0.0, float(max_gigs_per_employee_year))
    return _freelance_policy(_freelance_levers(fixed), fixed, floor, gigs_strategy)


def policies(
    *,
    kinds: Iterable[str] | None = None,
    gig_design: GigDesign | None = None,
    max_gigs_per_employee_year: float = MAX_GIGS_PER_EMPLOYEE_YEAR,
) -> st.SearchStrategy[Policy]:
    """A built-in policy of either kind, every lever drawn within its range.

    ``kinds`` restricts the kinds drawn (``["internal-freelance"]``; aliases such as
    ``internal_freelance`` are accepted). ``gig_design`` and
    ``max_gigs_per_employee_year`` are passed to :func:`internal_freelance`; see it
    for how micro-jobs and ``time_share`` are kept valid together.
    """
    if isinstance(kinds, str):
        raise InvalidArgument(f"kinds: must be a list of kind names, not the string {kinds!r}")
    chosen = ["traditional", "internal-freelance"] if kinds is None else list(kinds)
    if not chosen:
        raise InvalidArgument("kinds: name at least one kind of policy")
    options: list[st.SearchStrategy[Any]] = []
    for name in dict.fromkeys(policy_kind(k).kind for k in chosen):
        if name == "traditional":
            options.append(traditional_employment())
        else:
            options.append(
                internal_freelance(
                    gig_design=gig_design, max_gigs_per_employee_year=max_gigs_per_employee_year
                )
            )
    return st.one_of(options)
