"""Strategies for whole scenarios, drawn part by part, and for the names of their arms."""

from __future__ import annotations

import string

import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from microjob.model import Company, SkillCatalog
from microjob.policies import Policy, TraditionalEmployment
from microjob.scenario import GigDesign, Scenario, make_roles
from microjob.testing._basics import (
    _MIN_OUTSIDE_WORKERS,
    MAX_GIG_EFFORT,
    _check_count,
    _check_number,
)
from microjob.testing._companies import companies, skill_catalogs
from microjob.testing._policies import policies
from microjob.testing._submodels import (
    gig_designs,
    learning_params,
    markets,
    mindsets,
    platforms,
    populations,
)


def _company_name(i: int) -> str:
    return f"company-{string.ascii_uppercase[i]}" if i < 26 else f"company-{i + 1}"


def _warmup_strategy(
    warmup_years: float | st.SearchStrategy[float] | None, max_years: float
) -> st.SearchStrategy[float]:
    """The warm-up: over 0-2 years (at most a quarter of ``max_years``), or as given."""
    if warmup_years is None:
        return st.floats(0.0, min(2.0, max_years / 4.0))
    if isinstance(warmup_years, st.SearchStrategy):
        return warmup_years
    _check_number("warmup_years", warmup_years, 0.0, max_years - 0.01)
    return st.just(float(warmup_years))


def _policies_and_design(
    draw: st.DrawFn, n: int, company_policies: st.SearchStrategy[Policy] | None
) -> tuple[list[Policy], GigDesign]:
    """The policies of ``n`` companies and the micro-job design, each fitted to the other.

    By default the design comes first and each policy is drawn to fit it; policies
    from ``company_policies`` come first and the design is fitted to them.
    """
    if company_policies is None:
        gigs = draw(gig_designs())
        chosen = [draw(policies(gig_design=gigs)) for _ in range(n)]
    else:
        chosen = [draw(company_policies) for _ in range(n)]
        shares = [p.time_share for p in chosen if p.gigs_per_employee_year > 0]
        gigs = draw(gig_designs(max_effort=min([MAX_GIG_EFFORT, *shares])))
    return chosen, gigs


def _simulated_companies(
    draw: st.DrawFn, catalog: SkillCatalog, chosen: list[Policy], max_workers: int
) -> tuple[Company, ...]:
    """A company per policy, ``company-A``, ``company-B``, ..., each with an equal share
    of the seats that ``max_workers`` leaves beside the fewest outside workers."""
    seats_each = (max_workers - _MIN_OUTSIDE_WORKERS) // len(chosen)
    return tuple(
        draw(
            companies(
                catalog=catalog,
                policy=st.just(policy),
                name=_company_name(i),
                max_positions=seats_each,
            )
        )
        for i, policy in enumerate(chosen)
    )


def _outside_market(draw: st.DrawFn, catalog: SkillCatalog) -> Company:
    """The outside market: a job per skill of ``catalog``, laid out from a drawn seed."""
    layout = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return Company(
        name="outside market",
        policy=TraditionalEmployment(),
        roles=make_roles(catalog, len(catalog), 1, layout, prefix="job"),
        outside_market=True,
    )


def _window(
    draw: st.DrawFn, warmup_strategy: st.SearchStrategy[float], max_years: float
) -> tuple[float, float]:
    """The warm-up and the measurement window (at least a year when there is room),
    together at most ``max_years``."""
    warmup = draw(warmup_strategy)
    room = max_years - warmup
    if room < 0.01:
        raise InvalidArgument(
            f"warmup_years drew {warmup!r}, which leaves less than 0.01 of max_years="
            f"{max_years!r} for the measurement window"
        )
    return warmup, draw(st.floats(min(1.0, room), room))


@st.composite
def _scenario(
    draw: st.DrawFn,
    *,
    catalog_strategy: st.SearchStrategy[SkillCatalog],
    max_companies: int,
    max_workers: int,
    max_years: float,
    company_policies: st.SearchStrategy[Policy] | None,
    warmup_strategy: st.SearchStrategy[float],
    max_arms: int,
) -> Scenario:
    """A scenario drawn in a fixed order: catalog, number of companies, policies and
    micro-job design, companies, population, outside market, warm-up and window, market,
    learning, mindset, platform, arms."""
    catalog = draw(catalog_strategy)
    n = draw(st.integers(1, max_companies))
    chosen, gigs = _policies_and_design(draw, n, company_policies)
    simulated = _simulated_companies(draw, catalog, chosen, max_workers)
    seats = sum(c.headcount for c in simulated)
    population = draw(populations(max_outside_workers=max_workers - seats))
    outside = _outside_market(draw, catalog)
    warmup, horizon = _window(draw, warmup_strategy, max_years)
    return Scenario(
        name="generated",
        companies=simulated,
        outside=outside,
        catalog=catalog,
        population=population,
        market=draw(markets()),
        learning=draw(learning_params()),
        mindset=draw(mindsets()),
        gigs=gigs,
        platform=draw(platforms()),
        warmup_years=warmup,
        horizon_years=horizon,
        description="Drawn by microjob.testing.scenarios.",
        arms=draw(st.dictionaries(arm_names(), policies(gig_design=gigs), max_size=max_arms)),
    )


def scenarios(
    *,
    max_companies: int = 3,
    max_workers: int = 200,
    max_years: float = 8.0,
    company_policies: st.SearchStrategy[Policy] | None = None,
    catalogs: st.SearchStrategy[SkillCatalog] | None = None,
    warmup_years: float | st.SearchStrategy[float] | None = None,
    max_arms: int = 0,
) -> st.SearchStrategy[Scenario]:
    """A small, valid :class:`~microjob.Scenario` that simulates in a fraction of a second.

    * ``max_companies``: one to this many simulated companies, each drawn by
      :func:`companies` and named ``company-A``, ``company-B``, ...
    * ``max_workers``: the seats of the simulated companies plus the outside workers
      at the start add up to at most this (at least 10 are outside workers).
    * ``max_years``: warm-up plus measurement window, in years, at most this. The
      warm-up is drawn over 0-2 years (at most a quarter of ``max_years``) unless
      ``warmup_years`` fixes it (a number or a strategy; it must leave room for the
      window); the window is at least a year when there is room for one.
    * ``company_policies``: the strategy each company's policy is drawn from. By
      default the micro-job design is drawn first and each policy is drawn to fit it
      (:func:`policies` with ``gig_design=``), so small time shares with micro-jobs
      on turn up. With a strategy of your own the policies are drawn first and the
      design is fitted to them: its micro-jobs take no more than the smallest
      ``time_share`` of a company that posts micro-jobs (and never more than
      :data:`MAX_GIG_EFFORT`).
    * ``catalogs``: the skill catalog; by default the shipped catalog half the time
      and a small drawn one (:func:`skill_catalogs`) otherwise.
    * ``max_arms``: up to this many named arms (``Scenario.arms``, names from
      :func:`arm_names`), each a policy fitted to the drawn micro-job design.

    Whatever is drawn, the micro-job design takes at most :data:`MAX_GIG_EFFORT` of a
    week, so a policy from :func:`policies` (without ``gig_design``) is valid in the
    scenario, as ``simulate(scenario, seed=..., policy=...)`` requires. Population,
    market, learning, mindset, micro-job and platform parameters are drawn by
    :func:`populations`, :func:`markets`, :func:`learning_params`, :func:`mindsets`,
    :func:`gig_designs` and :func:`platforms`.
    """
    _check_count("max_companies", max_companies, 1)
    _check_count("max_arms", max_arms, 0)
    _check_count("max_workers", max_workers, max_companies + _MIN_OUTSIDE_WORKERS)
    _check_number("max_years", max_years, 0.02, 200.0)
    warmup_strategy = _warmup_strategy(warmup_years, max_years)
    catalog_strategy = (
        st.just(SkillCatalog.default()) | skill_catalogs() if catalogs is None else catalogs
    )
    return _scenario(
        catalog_strategy=catalog_strategy,
        max_companies=max_companies,
        max_workers=max_workers,
        max_years=max_years,
        company_policies=company_policies,
        warmup_strategy=warmup_strategy,
        max_arms=max_arms,
    )


def arm_names() -> st.SearchStrategy[str]:
    """Valid names for a scenario's arms: letters, digits, ``-``, ``_`` and ``.``,
    starting with a letter or digit, never a built-in policy's name."""
    from microjob.policies import _reserved_names

    first = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    rest = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.", max_size=15)
    reserved = _reserved_names()
    return st.builds(lambda a, b: a + b, first, rest).filter(lambda n: n not in reserved)
