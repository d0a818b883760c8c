"""Hypothesis strategies for microjob scenarios and policies.

For property-testing code that embeds microjob: a report generator, a web form that
builds scenarios, a wrapper around :func:`microjob.simulate`. Each function here
returns a Hypothesis ``SearchStrategy``; every object it draws is valid (building it
raises nothing), and every scenario it draws is small enough that a run takes a small
fraction of a second once the engine is compiled::

    from hypothesis import given
    import microjob as mj
    from microjob import testing as mjst

    @given(mjst.scenarios(), mjst.policies(), mjst.seeds())
    def test_my_report(scenario, policy, seed):
        result = mj.simulate(scenario, seed=seed, policy=policy)
        my_report(result)  # must not raise, whatever the scenario

Hypothesis is not a dependency of microjob itself: install it with
``pip install 'microjob[testing]'``. ``import microjob`` never imports this module.

Micro-jobs and time shares. A policy that posts micro-jobs
(``gigs_per_employee_year > 0``) is valid in a scenario only if its ``time_share``
leaves room for them (see :class:`microjob.GigDesign`). The strategies keep every
micro-job within the time share: a policy drawn for a known
:class:`~microjob.GigDesign` (``gig_design=``) has ``time_share`` at least that
design's ``effort_max_share`` whenever micro-jobs are on, and a policy drawn without
one has ``time_share`` at least :data:`MAX_GIG_EFFORT`, the largest effort of any
micro-job design drawn here or used by the presets, so it fits every scenario these
strategies draw and every preset. A small time share comes with micro-jobs off.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np

from microjob.model import Company, Role, SkillCatalog
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
from microjob.scenario import (
    GigDesign,
    Learning,
    Market,
    Mindset,
    Platform,
    Population,
    Scenario,
    make_roles,
)

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "microjob.testing needs Hypothesis, which microjob does not install by itself; "
        "install it with: pip install 'microjob[testing]'"
    ) from exc

__all__ = [
    "MAX_GIGS_PER_EMPLOYEE_YEAR",
    "MAX_GIG_EFFORT",
    "MAX_MIN_TENURE_WEEKS",
    "arm_names",
    "companies",
    "gig_designs",
    "internal_freelance",
    "learning_params",
    "markets",
    "matchers",
    "mindsets",
    "platforms",
    "policies",
    "populations",
    "scenarios",
    "seeds",
    "skill_catalogs",
    "traditional_employment",
]

MAX_GIG_EFFORT: float = 0.5
"""Largest share of a week a micro-job takes in any :class:`~microjob.GigDesign` drawn
here (``effort_max_share``); the presets' 0.2 is below it. Policies drawn without a
``gig_design`` that post micro-jobs have ``time_share`` at least this."""

MAX_GIGS_PER_EMPLOYEE_YEAR: float = 10.0
"""Default upper bound for ``gigs_per_employee_year``. The lever allows up to 52, but
postings grow faster than linearly with it, and at 52 a run of the largest scenario
drawn here takes about a second; pass ``max_gigs_per_employee_year=52`` to draw the
whole range."""

MAX_MIN_TENURE_WEEKS: float = 104.0
"""Upper bound for ``min_tenure_weeks`` (two years; the lever has no upper bound, but a
probation longer than every career in a scenario makes the policy invalid there)."""

_MIN_OUTSIDE_WORKERS = 10
_MAX_ROLES = 4

_NAME_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")

_names = st.text(_NAME_CHARACTERS, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
"""Any non-blank text without NUL (NUL is dropped by numpy's string arrays)."""

_unit = st.floats(0.0, 1.0)


def _check_number(name: str, value: Any, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidArgument(
            f"{name}: must be a number between {low:g} and {high:g}, got {value!r}"
        )


def _check_count(name: str, value: Any, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidArgument(f"{name}: must be a whole number >= {low}, got {value!r}")


# ---------------------------------------------------------------------- seeds


def seeds(*, max_value: int = 2**32 - 1) -> st.SearchStrategy[int]:
    """Valid ``seed`` values for :func:`microjob.simulate`: whole numbers from 0 to
    ``max_value`` (default ``2**32 - 1``)."""
    _check_count("max_value", max_value, 0)
    return st.integers(min_value=0, max_value=max_value)


# ------------------------------------------------------------------- policies


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


_FREELANCE_FIELDS = frozenset(f.name for f in attrs.fields(InternalFreelance) if f.init)


def _time_share_floor(gig_design: GigDesign | None) -> float:
    """Least time share for a policy that posts micro-jobs: room for the largest one."""
    return MAX_GIG_EFFORT if gig_design is None else gig_design.effort_max_share


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
    :func:`scenarios` draws, and in the presets). A fixed ``time_share`` below that
    bound comes with micro-jobs off. Fixing both ``time_share`` and
    ``gigs_per_employee_year`` keeps the pair as given; with a ``gig_design`` it must
    fit the design (``ValueError`` otherwise), and without one the policy is valid
    only where micro-jobs are small enough (``scenarios(company_policies=...)`` fits
    its micro-jobs to the policies it is given).

    Raises ``TypeError`` or ``ValueError`` at once for an unknown lever or a value
    the policy would reject.
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
    gigs_fixed = "gigs_per_employee_year" in fixed
    share_fixed = "time_share" in fixed
    if (
        gig_design is not None
        and gigs_fixed
        and share_fixed
        and fixed["gigs_per_employee_year"] > 0
        and fixed["time_share"] < floor
    ):
        raise ValueError(
            f"time_share={fixed['time_share']!r} leaves no room for micro-jobs of effort "
            f"up to {floor!r}; raise it or fix gigs_per_employee_year=0"
        )

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
    # time_share and gigs_per_employee_year are drawn together, below.
    levers.pop("time_share", None)
    levers.pop("gigs_per_employee_year", None)
    gigs_strategy = st.floats(0.0, float(max_gigs_per_employee_year))

    @st.composite
    def draw_policy(draw: st.DrawFn) -> InternalFreelance:
        values = {name: draw(strategy) for name, strategy in levers.items()}
        if gigs_fixed:
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

    return draw_policy()


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


# --------------------------------------------------------- catalogs, companies


def skill_catalogs(
    *,
    min_skills: int = 1,
    max_skills: int = 8,
    names: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[SkillCatalog]:
    """A :class:`~microjob.SkillCatalog` of ``min_skills`` to ``max_skills`` skills.

    Skills fall into one or more families; the within- and between-family
    similarities and a few pair overrides are drawn over [0, 1]. Skill and family
    names come from ``names`` (default: any non-blank text of up to 12 characters
    without NUL, so names with spaces, quotes and non-Latin letters turn up).
    """
    _check_count("min_skills", min_skills, 1)
    _check_count("max_skills", max_skills, min_skills)
    name_strategy = _names if names is None else names

    @st.composite
    def draw_catalog(draw: st.DrawFn) -> SkillCatalog:
        skills = draw(
            st.lists(name_strategy, min_size=min_skills, max_size=max_skills, unique=True)
        )
        families = draw(st.lists(name_strategy, min_size=1, max_size=len(skills), unique=True))
        grouping: dict[str, list[str]] = {}
        for skill in skills:
            grouping.setdefault(draw(st.sampled_from(families)), []).append(skill)
        pairs = []
        if len(skills) > 1:
            index = st.integers(0, len(skills) - 1)
            for i, j in draw(st.lists(st.tuples(index, index), max_size=3)):
                if i != j:
                    pairs.append((skills[i], skills[j], draw(_unit)))
        return SkillCatalog.from_families(
            grouping,
            within_family=draw(_unit),
            between_families=draw(_unit),
            pairs=pairs,
        )

    return draw_catalog()


def _roles(catalog: SkillCatalog, max_positions: int) -> st.SearchStrategy[tuple[Role, ...]]:
    """One to four roles using skills of ``catalog``, with at most ``max_positions`` seats."""

    @st.composite
    def draw_roles(draw: st.DrawFn) -> tuple[Role, ...]:
        n = draw(st.integers(1, min(_MAX_ROLES, max_positions)))
        skill = st.sampled_from(catalog.names)
        out = []
        for i in range(n):
            chosen = draw(st.lists(skill, min_size=1, max_size=min(3, len(catalog)), unique=True))
            weights = {s: draw(st.floats(0.1, 3.0)) for s in chosen}
            seats = draw(st.integers(1, max_positions // n))
            out.append(Role(f"team-{i + 1}", weights, seats))
        return tuple(out)

    return draw_roles()


def companies(
    *,
    catalog: SkillCatalog | None = None,
    policy: st.SearchStrategy[Policy] | None = None,
    name: str | st.SearchStrategy[str] | None = None,
    max_positions: int = 40,
) -> st.SearchStrategy[Company]:
    """A simulated :class:`~microjob.Company` (not the outside market).

    It has one to four roles using skills of ``catalog`` (default: the shipped catalog)
    and at most ``max_positions`` seats in all. Its policy comes from ``policy``
    (default :func:`policies`), its name from ``name`` (a fixed string or a strategy;
    default: any non-blank text). Pay level (0.5-2 times the market), mean hiring
    delays (0.5-26 weeks from outside, 1-13 from inside) and replacement cost (0-5
    annual wages) are drawn too. The delays have positive floors for speed: with an
    internal delay near zero and every vacancy filled from inside, a vacancy passes
    from role to role thousands of times a year.
    """
    cat = SkillCatalog.default() if catalog is None else catalog
    if not isinstance(cat, SkillCatalog):
        raise TypeError(f"catalog: must be a SkillCatalog or None, got {catalog!r}")
    _check_count("max_positions", max_positions, 1)
    policy_strategy = policies() if policy is None else policy
    if name is None:
        name_strategy: st.SearchStrategy[str] = _names
    elif isinstance(name, str):
        name_strategy = st.just(name)
    else:
        name_strategy = name
    return st.builds(
        Company,
        name=name_strategy,
        policy=policy_strategy,
        roles=_roles(cat, max_positions),
        wage_level=st.floats(0.5, 2.0),
        hiring_delay_weeks=st.floats(0.5, 26.0),
        internal_delay_weeks=st.floats(1.0, 13.0),
        replacement_cost_share=st.floats(0.0, 5.0),
    )


# ------------------------------------------------------------------ submodels


def gig_designs(*, max_effort: float = MAX_GIG_EFFORT) -> st.SearchStrategy[GigDesign]:
    """A :class:`~microjob.GigDesign` whose micro-jobs take at most ``max_effort`` of a week.

    Durations (median 0.5-12 weeks), effort and required-level ranges and the
    other design parameters are drawn; ``effort_min_share`` is at least 0.01
    unless ``max_effort`` is smaller.
    """
    _check_number("max_effort", max_effort, 0.0, 1.0)

    @st.composite
    def draw_design(draw: st.DrawFn) -> GigDesign:
        lo_effort = draw(st.floats(min(0.01, max_effort), max_effort))
        hi_effort = draw(st.floats(lo_effort, min(max_effort, lo_effort + 0.3)))
        lo_level = draw(st.floats(0.0, 0.6))
        hi_level = draw(st.floats(lo_level, 0.9))
        return GigDesign(
            duration_median_weeks=draw(st.floats(0.5, 12.0)),
            duration_log_sd=draw(st.floats(0.0, 1.0)),
            effort_min_share=lo_effort,
            effort_max_share=hi_effort,
            required_level_min=lo_level,
            required_level_max=hi_level,
            rejection_quit_multiplier=draw(st.floats(1.0, 10.0)),
            rejection_effect_weeks=draw(st.floats(0.0, 104.0)),
            bad_experience_share=draw(_unit),
            second_skill_share=draw(_unit),
        )

    return draw_design()


def markets() -> st.SearchStrategy[Market]:
    """A :class:`~microjob.Market` with both parts of the layoff rate, offer rates,
    switching cost, wage growth, candidates per vacancy and the screening of external
    hires (bar and credential weight; no screening half the time) drawn (the rest at
    their defaults)."""
    return st.builds(
        Market,
        layoff_rate_monthly=st.floats(0.0, 0.05),
        layoff_new_hire_excess_monthly=st.floats(0.0, 0.05),
        offer_rate_per_year=st.floats(0.0, 3.0),
        unemployed_offer_rate_per_year=st.floats(0.0, 10.0),
        switching_cost=st.floats(0.0, 0.3),
        wage_growth_per_year=st.floats(-0.05, 0.1),
        candidates_per_vacancy=st.integers(1, 8),
        screening_bar=st.just(0.0) | _unit,
        credential_weight=_unit,
    )


def learning_params() -> st.SearchStrategy[Learning]:
    """A :class:`~microjob.Learning`: learning rate, forgetting half-life and floor drawn."""
    return st.builds(
        Learning,
        learning_rate_per_week=st.floats(1e-4, 0.2),
        forgetting_half_life_weeks=st.floats(4.0, 520.0),
        forgetting_floor_share=_unit,
    )


def populations(
    *, min_outside_workers: int = _MIN_OUTSIDE_WORKERS, max_outside_workers: int = 80
) -> st.SearchStrategy[Population]:
    """A :class:`~microjob.Population` of ``min_outside_workers`` to
    ``max_outside_workers`` outside workers, with the unemployed share (up to 20%),
    movers, openness to micro-jobs and credentials (none half the time) drawn (ages at
    their defaults)."""
    _check_count("min_outside_workers", min_outside_workers, 0)
    _check_count("max_outside_workers", max_outside_workers, min_outside_workers)
    return st.builds(
        Population,
        outside_workers=st.integers(min_outside_workers, max_outside_workers),
        unemployed_share=st.floats(0.0, 0.2),
        mover_share=_unit,
        openness_alpha=st.floats(0.5, 5.0),
        openness_beta=st.floats(0.5, 5.0),
        graduate_share=st.just(0.0) | _unit,
        credential_level=_unit,
        credential_practical_share=_unit,
    )


def mindsets() -> st.SearchStrategy[Mindset]:
    """A :class:`~microjob.Mindset`: how openness moves (experience, peers, managers),
    the interest reference and the openness floor drawn."""
    return st.builds(
        Mindset,
        experience_rate=_unit,
        peer_rate=_unit,
        interest_reference=st.floats(0.1, 10.0),
        manager_rate=_unit,
        openness_floor=st.just(0.0) | _unit,
    )


def platforms() -> st.SearchStrategy[Platform]:
    """A :class:`~microjob.Platform`: off half the time; otherwise demand, membership,
    reach, project sizes, capacities, fees, ratings and the value of autonomy drawn."""

    @st.composite
    def draw_platform(draw: st.DrawFn) -> Platform:
        if draw(st.booleans()):
            return Platform()
        low, high = sorted((draw(_unit), draw(_unit)))
        return Platform(
            projects_per_worker_year=draw(st.floats(0.01, 4.0)),
            member_share=draw(_unit),
            join_share=draw(_unit),
            reach=draw(st.integers(1, 10)),
            duration_median_weeks=draw(st.floats(0.5, 20.0)),
            duration_log_sd=draw(st.floats(0.0, 1.5)),
            effort_min_share=low,
            effort_max_share=high,
            side_capacity_share=draw(_unit),
            freelance_capacity_share=draw(st.floats(0.0, 2.0)),
            take_rate_share=draw(_unit),
            fee_premium_share=draw(st.floats(-0.5, 1.0)),
            reputation_weight=draw(_unit),
            rating_prior_good=draw(st.floats(0.1, 10.0)),
            rating_prior_bad=draw(st.floats(0.1, 10.0)),
            autonomy_value=draw(st.floats(-1.0, 1.0)),
            utilisation_memory_weeks=draw(st.floats(1.0, 104.0)),
            newcomer_utilisation_share=draw(_unit),
        )

    return draw_platform()


# ------------------------------------------------------------------ scenarios


def _company_name(i: int) -> str:
    return f"company-{string.ascii_uppercase[i]}" if i < 26 else f"company-{i + 1}"


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
    warmup_strategy: st.SearchStrategy[float]
    if warmup_years is None:
        warmup_strategy = st.floats(0.0, min(2.0, max_years / 4.0))
    elif isinstance(warmup_years, st.SearchStrategy):
        warmup_strategy = warmup_years
    else:
        _check_number("warmup_years", warmup_years, 0.0, max_years - 0.01)
        warmup_strategy = st.just(float(warmup_years))
    catalog_strategy = (
        st.just(SkillCatalog.default()) | skill_catalogs() if catalogs is None else catalogs
    )

    @st.composite
    def draw_scenario(draw: st.DrawFn) -> Scenario:
        catalog = draw(catalog_strategy)
        n = draw(st.integers(1, max_companies))
        if company_policies is None:
            gigs = draw(gig_designs())
            chosen = [draw(policies(gig_design=gigs)) for _ in range(n)]
        else:
            chosen = [draw(company_policies) for _ in range(n)]
            shares = [p.time_share for p in chosen if p.gigs_per_employee_year > 0]
            gigs = draw(gig_designs(max_effort=min([MAX_GIG_EFFORT, *shares])))
        seats_each = (max_workers - _MIN_OUTSIDE_WORKERS) // n
        simulated = tuple(
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
        seats = sum(c.headcount for c in simulated)
        population = draw(populations(max_outside_workers=max_workers - seats))
        layout = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        outside = Company(
            name="outside market",
            policy=TraditionalEmployment(),
            roles=make_roles(catalog, len(catalog), 1, layout, prefix="job"),
            outside_market=True,
        )
        warmup = draw(warmup_strategy)
        room = max_years - warmup
        if room < 0.01:
            raise InvalidArgument(
                f"warmup_years drew {warmup!r}, which leaves less than 0.01 of max_years="
                f"{max_years!r} for the measurement window"
            )
        horizon = draw(st.floats(min(1.0, room), room))
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

    return draw_scenario()


def arm_names() -> st.SearchStrategy[str]:
    """Valid names for a scenario's arms: letters, digits, ``-``, ``_`` and ``.``,
    starting with a letter or digit, never a built-in policy's name."""
    from microjob.policies import _reserved_names

    first = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    rest = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.", max_size=15)
    reserved = _reserved_names()
    return st.builds(lambda a, b: a + b, first, rest).filter(lambda n: n not in reserved)
