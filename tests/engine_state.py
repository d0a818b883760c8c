"""A tiny hand-built engine for unit tests of the engine's rooms.

:func:`make_engine` builds an :class:`~microjob.engine.Engine` for one small
simulated company (three roles of two positions each) and a three-role
outside market, over a six-skill catalog, *without* calling ``populate()``:
no process runs and nobody exists until a test adds people with
:func:`add_worker` and places them with :func:`hire`.

By default the world is **quiet**: no outside offers, no layoffs, no quits
out of the labour force, no costs of micro-jobs (strain, rejection, bad
experiences, the visible-record premium), match quality revealed only long
after the run ends and vacancies filled only long after it ends, so nothing
happens on the calendar unless a test makes it happen (override any parameter
through the keyword arguments). The clock
starts at 0; :func:`set_clock` moves it forward, firing whatever is due.

Layout (position numbers in brackets)::

    catalog   data: stats, ml, viz (similarity 0.3 within)  people: talk, lead (0.3)
              craft: weld (similar to nothing)
    acme      analyst {stats: 2, viz: 1} [0, 1]   lead {talk: 1, lead: 1} [2, 3]
              crafter {weld: 1} [4, 5]
    outside   job-data {stats: 1, ml: 1}   job-people {talk: 1}   job-craft {weld: 1}
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

import microjob as mj
from microjob.engine import Engine
from microjob.model import Company, Role, SkillCatalog
from microjob.scenario import Scenario

__all__ = [
    "ANALYST",
    "CATALOG",
    "CRAFTER",
    "LEAD",
    "LEAD_SKILL",
    "ML",
    "SKILLS",
    "STATS",
    "TALK",
    "VIZ",
    "WELD",
    "add_worker",
    "hire",
    "make_engine",
    "quiet_market",
    "set_clock",
    "traits",
]

CATALOG = SkillCatalog.from_families(
    {"data": ["stats", "ml", "viz"], "people": ["talk", "lead"], "craft": ["weld"]},
    within_family=0.3,
)
SKILLS = CATALOG.names
STATS, ML, VIZ, TALK, LEAD_SKILL, WELD = range(6)
ANALYST, LEAD, CRAFTER = range(3)
"""Role indices of the simulated company (positions 0-1, 2-3 and 4-5)."""

QUIET_MARKET: dict[str, Any] = {
    "offer_rate_per_year": 0.0,
    "unemployed_offer_rate_per_year": 0.0,
    "gig_signal_log_premium": 0.0,
    "layoff_rate_monthly": 0.0,
    "layoff_new_hire_excess_monthly": 0.0,
}
QUIET_QUALITY: dict[str, Any] = {"match_reveal_weeks": 1e9, "gig_strain_weight": 0.0}
QUIET_POPULATION: dict[str, Any] = {"outside_workers": 0, "withdrawal_rate_per_year": 0.0}
QUIET_GIGS: dict[str, Any] = {"rejection_quit_multiplier": 1.0, "bad_experience_share": 0.0}
NEVER = 1e9
"""A mean delay (weeks) far beyond the end of any run (the largest a delay may be)."""


def quiet_market(**changes: Any) -> mj.Market:
    """The default market with no offers and no layoffs, then ``changes``."""
    return mj.Market(**{**QUIET_MARKET, **changes})


def make_engine(
    *,
    policy: Any = None,
    market: dict[str, Any] | None = None,
    quality: dict[str, Any] | None = None,
    learning: dict[str, Any] | None = None,
    mindset: dict[str, Any] | None = None,
    company: dict[str, Any] | None = None,
    population: dict[str, Any] | None = None,
    gigs: dict[str, Any] | None = None,
    warmup_years: float = 1.0,
    horizon_years: float = 4.0,
    seed: int = 0,
) -> Engine:
    """The tiny engine: quiet unless told otherwise (keyword dicts override fields)."""
    if policy is None:
        policy = mj.InternalFreelance()
    roles = (
        Role("analyst", {"stats": 2, "viz": 1}, 2),
        Role("lead", {"talk": 1, "lead": 1}, 2),
        Role("crafter", {"weld": 1}, 2),
    )
    acme = Company(
        name="acme",
        policy=policy,
        roles=roles,
        **{"hiring_delay_weeks": NEVER, "internal_delay_weeks": NEVER, **(company or {})},
    )
    outside = Company(
        name="outside",
        policy=mj.TraditionalEmployment(),
        roles=(
            Role("job-data", {"stats": 1, "ml": 1}, 1),
            Role("job-people", {"talk": 1}, 1),
            Role("job-craft", {"weld": 1}, 1),
        ),
        outside_market=True,
    )
    scenario = Scenario(
        name="tiny",
        companies=(acme,),
        outside=outside,
        catalog=CATALOG,
        population=mj.Population(**{**QUIET_POPULATION, **(population or {})}),
        market=quiet_market(**(market or {})),
        quality=mj.JobQuality(**{**QUIET_QUALITY, **(quality or {})}),
        learning=attrs.evolve(mj.Learning(), **(learning or {})),
        mindset=attrs.evolve(mj.Mindset(), **(mindset or {})),
        gigs=mj.GigDesign(**{**QUIET_GIGS, **(gigs or {})}),
        warmup_years=warmup_years,
        horizon_years=horizon_years,
    )
    return Engine(scenario, np.random.SeedSequence(seed), ())


def traits(
    engine: Engine,
    proficiency: Any,
    *,
    interest: Any = None,
    openness: float = 0.5,
    mover: bool = False,
    retire_age: float = 65.0,
    late_retire: float = 0.5,
) -> dict[str, Any]:
    """One person's traits in the batch layout ``new_worker`` reads (index 0)."""
    k = engine.n_skills
    p = np.asarray(proficiency, dtype=float).reshape(1, k)
    iv = np.full(k, 1.0 / k) if interest is None else np.asarray(interest, dtype=float)
    iv = iv.reshape(1, k)
    wants = iv >= 1.0 / k
    return {
        "interest": iv,
        "wants": wants,
        "outside_role_fit": (wants @ engine.roles[engine.outside].share.T).tolist(),
        "proficiency": p,
        "retire_age": [retire_age],
        "late_retire": [late_retire],
        "mover": [mover],
        "openness": [openness],
    }


def add_worker(
    engine: Engine,
    proficiency: Any = 0.3,
    *,
    age: float = 30.0,
    **kwargs: Any,
) -> int:
    """A new worker aged ``age`` now (unemployed); ``proficiency`` a scalar or a vector."""
    p = np.broadcast_to(np.asarray(proficiency, dtype=float), (engine.n_skills,))
    return engine.new_worker(engine.calendar.now, age, traits(engine, p, **kwargs), 0)


def hire(
    engine: Engine,
    w: int,
    position: int = 0,
    *,
    company: int = 0,
    role: int | None = None,
    wage: float | None = None,
    amenity: float = 0.0,
) -> None:
    """Start worker ``w``'s job now at ``position`` of ``company`` (the outside market:
    ``company=engine.outside``, ``position=-1`` and a ``role``)."""
    if role is None:
        role = engine.positions[company].role[position]
    if wage is None:
        wage = engine.value_on_market(w, engine.calendar.now) * engine.companies[company].wage_level
    engine.start_spell(w, company, position, role, wage, amenity, engine.calendar.now)


def set_clock(engine: Engine, t: float) -> None:
    """Run the calendar up to ``t`` (events due before ``t`` fire)."""
    if t > engine.calendar.now:
        engine.calendar.run(until=t)
