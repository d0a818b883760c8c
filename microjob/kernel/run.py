"""One run of the compiled engine, from a scenario and a seed to a ``RunResult``.

This module is the Python side of the compiled engine: it lays the scenario out
as arrays (:mod:`~microjob.kernel.layout`), draws what is drawn in vectorised
batches (the starting population, entrants' traits), drives the event loop
(:func:`microjob.kernel.core.advance_run`) and answers its requests, and turns
the record tables back into the public records.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from microjob.engine.streams import named_stream
from microjob.model import MicroJob
from microjob.policies import LEVERS, BestFit, MostInterested, Policy, RandomMatch
from microjob.records import (
    RunResult,
    SimEvent,
)
from microjob.scenario import WEEKS_PER_YEAR, Scenario

from . import core, events, layout, marketplace, population
from .heap import N_H
from .layout import (
    CI_ENGAGEMENT_RECORDS,
    CI_ENGAGEMENT_SLOTS,
    CI_GIG_RECORDS,
    CI_LOG_LOST,
    CI_LOGGED,
    CI_PICK,
    CI_POST_COMPANY,
    CI_POST_FOUND,
    CI_SPELLS,
    CI_TRAIT,
    CI_TRAITS,
    CI_WORKERS,
    CT_HEADCOUNT,
    EV_ENGAGEMENT_END,
    EV_ENGAGEMENT_START,
    EV_ENTRY,
    EV_GIG_END,
    EV_GIG_POSTED,
    EV_GIG_START,
    EV_GIG_UNFILLED,
    EV_HIRE,
    EV_INTERNAL_MOVE,
    EV_MATCH_REVEALED,
    EV_REDEPLOY,
    EV_REVIEW,
    EV_VACANCY,
    EVENT_KINDS,
    LOG_MARGIN,
    MATCH_BEST_FIT,
    MATCH_MOST_INTERESTED,
    MATCH_PYTHON,
    MATCH_RANDOM,
    PI_COMPANY,
    PI_FILL_VERSION,
    PI_ROLE,
    R_EDUCATION,
    R_ENTRY,
    R_MATCHING,
    R_POPULATION,
    R_PRICES,
    UNEMPLOYED,
    WI_GIG_COUNT,
)
from .params import build_params, career_years
from .results import Tables, build_result
from .state import State, allocate, grown

if TYPE_CHECKING:
    from microjob.simulate import Tracker

__all__ = ["run"]

_TRAIT_BATCH = 64
"""Spell reasons by the codes of ``layout.REASON_*``."""
_BUDGET = 200_000
"""Queue entries the event loop handles between returns to Python."""
_LOG_ROWS = 16 * LOG_MARGIN
"""Rows of the event log when trackers listen (shown to them whenever it fills)."""
_MATCHER_CODES = {
    BestFit: MATCH_BEST_FIT,
    MostInterested: MATCH_MOST_INTERESTED,
    RandomMatch: MATCH_RANDOM,
}
"""Matchers the compiled engine runs itself (exactly these types: a subclass may
choose differently); any other is called from Python."""


def _roles(scenario: Scenario) -> tuple[layout.Roles, list[int], list[int]]:
    """Every company's roles in one table; offsets and counts per company."""
    catalog = scenario.catalog
    similarity = catalog.matrix()
    companies = (*scenario.companies, scenario.outside)
    k = len(catalog)
    learning = scenario.learning
    forget = np.log(2.0) / learning.forgetting_half_life_weeks
    share_rows: list[np.ndarray] = []
    offsets: list[int] = []
    counts: list[int] = []
    for company in companies:
        offsets.append(len(share_rows))
        counts.append(len(company.roles))
        for role in company.roles:
            weights = np.asarray(catalog.vector(role.skills), dtype=float)
            share_rows.append(weights / weights.sum())
    share = np.array(share_rows)
    use = np.minimum(1.0, share @ similarity)
    used = use > 0.0
    learn_rate = np.where(used, learning.learning_rate_per_week * use, forget)
    n_skills = (share > 0).sum(axis=1)
    skills = np.full((len(share), k), -1, dtype=np.int64)
    for i, row in enumerate(share):
        idx = np.flatnonzero(row)
        skills[i, : len(idx)] = idx
    team_share = (share > 0) / n_skills[:, None]
    gig_spill = np.minimum(1.0, team_share @ similarity)
    teach_score = (share > 0) / n_skills[:, None] * k / scenario.mindset.interest_reference
    field_share = share @ catalog.family_members().T
    roles = layout.Roles(
        share=share,
        used=used,
        learn_rate=learn_rate,
        skills=skills,
        n_skills=n_skills.astype(np.int64),
        team_share=team_share,
        gig_spill=gig_spill,
        teach_score=teach_score,
        field_share=np.ascontiguousarray(field_share),
    )
    return roles, offsets, counts


def _firms(scenario: Scenario, role_offset: list[int], n_roles: list[int], workers: int) -> Any:
    companies = (*scenario.companies, scenario.outside)
    policies: list[Policy] = [c.policy for c in companies]
    n_sim = len(scenario.companies)
    n_positions = [c.headcount if i < n_sim else 0 for i, c in enumerate(companies)]
    position_offset = np.concatenate([[0], np.cumsum(n_positions)[:-1]]).astype(np.int64)
    capacity = [*n_positions[:n_sim], workers]
    roster_offset = np.concatenate([[0], np.cumsum(capacity)[:-1]]).astype(np.int64)

    matchers = [_MATCHER_CODES.get(type(p.matcher), MATCH_PYTHON) for p in policies]
    firms = np.rec.array(np.zeros(len(companies), layout.FIRMS_DTYPE))
    for name in (
        "wage_level",
        "hiring_delay_weeks",
        "internal_delay_weeks",
        "replacement_cost_share",
    ):
        firms[name] = [getattr(c, name) for c in companies]
    for name in LEVERS:  # every lever but the matcher, which becomes a code below
        if name != "matcher":
            firms[name] = [getattr(p, name) for p in policies]
    firms["matcher"] = matchers
    firms["posts_gigs"] = [
        i < n_sim and p.gigs_per_employee_year > 0 for i, p in enumerate(policies)
    ]
    firms["role_offset"] = role_offset
    firms["n_roles"] = n_roles
    firms["position_offset"] = position_offset
    firms["n_positions"] = n_positions
    firms["roster_offset"] = roster_offset
    firms["roster_capacity"] = capacity
    return firms


def _credentials(
    scenario: Scenario, interest: np.ndarray, proficiency: np.ndarray, gen: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who holds a credential, in which field, and their mean proficiency in it.

    A graduate's field is the skill family they are most interested in; their
    proficiency in its skills is raised (in place) to at least the practical share of
    the certified level. Returns level (0: none), field (-1: none) and the mean
    proficiency in the field, for ``n`` people; draws nothing without graduates.
    """
    pop = scenario.population
    n = len(interest)
    level, field, skill = np.zeros(n), np.full(n, -1.0), np.zeros(n)
    if pop.graduate_share <= 0.0:
        return level, field, skill
    members = scenario.catalog.family_members()  # families x skills
    graduate = gen.random(n) < pop.graduate_share
    chosen = np.argmax(interest @ members.T, axis=1)
    in_field = members[chosen]  # people x skills
    floor = pop.credential_level * pop.credential_practical_share
    raise_to = graduate[:, None] & in_field
    proficiency[raise_to] = np.maximum(proficiency[raise_to], floor)
    level[graduate] = pop.credential_level
    field[graduate] = chosen[graduate]
    mean_in_field = (proficiency * in_field).sum(axis=1) / in_field.sum(axis=1)
    skill[graduate] = mean_in_field[graduate]
    return level, field, skill


def _traits(
    st: State,
    scenario: Scenario,
    outside_share: np.ndarray,
    gen: np.random.Generator,
    n: int,
    education: np.random.Generator,
) -> State:
    """``st`` with the traits of ``n`` people drawn into its batch (vectorised)."""
    pop = scenario.population
    k = len(scenario.catalog)
    mean, concentration = pop.background_proficiency_mean, pop.proficiency_concentration
    interest = gen.dirichlet(np.full(k, pop.interest_concentration), size=n)
    wants = interest >= 1.0 / k
    outfit = wants @ outside_share.T
    proficiency = gen.beta(mean * concentration, (1.0 - mean) * concentration, (n, k))
    retire = gen.triangular(
        pop.retirement_age_min_years, pop.retirement_age_mode_years, pop.retirement_age_max_years, n
    )
    late = gen.random(n)
    mover = gen.random(n) < pop.mover_share
    openness = gen.beta(pop.openness_alpha, pop.openness_beta, n)
    level, field, field_skill = _credentials(scenario, interest, proficiency, education)
    st.ci[CI_TRAIT] = 0
    st.ci[CI_TRAITS] = n
    return st._replace(
        tr_interest=interest,
        tr_wants=wants.astype(float),
        tr_proficiency=proficiency,
        tr_outfit=np.ascontiguousarray(outfit),
        tr_scalars=np.column_stack(
            [retire, late, mover.astype(float), openness, level, field, field_skill]
        ),
    )


def run(
    scenario: Scenario,
    root: np.random.SeedSequence,
    policy: Policy | None,
    trackers: Sequence[Tracker] = (),
) -> RunResult:
    """Simulate ``scenario`` (policies already applied) from ``root``; ``trackers``
    see every event, in order."""
    prm = build_params(scenario)
    gens = tuple(named_stream(root, name).gen for name in layout.STREAMS)
    roles, role_offset, n_roles = _roles(scenario)
    n_sim = len(scenario.companies)
    labour_force = _labour_force(scenario)
    capacity = worker_capacity(scenario)
    fi = _firms(scenario, role_offset, n_roles, capacity)
    st = allocate(
        workers=capacity,
        n_skills=len(scenario.catalog),
        n_outside_roles=n_roles[n_sim],
        n_companies=n_sim + 1,
        positions=int(fi.n_positions[:n_sim].sum()),
        roster_rows=int(fi.roster_capacity.sum()),
        max_teams=max(n_roles[:n_sim], default=1),
        traits=labour_force,
        log_rows=_LOG_ROWS + labour_force if trackers else 0,  # incumbents' hires first
    )
    outside_share = roles.share[role_offset[n_sim] : role_offset[n_sim] + n_roles[n_sim]]
    st = _populate(st, scenario, prm, fi, roles, gens, outside_share)
    headcount_initial = st.ct[:, CT_HEADCOUNT].astype(int).tolist()
    narrator = _Narrator(scenario, roles, role_offset, trackers)
    entry_rate = labour_force / prm.career_years / WEEKS_PER_YEAR
    core.start_processes(st, prm, fi, gens, entry_rate)
    while True:
        status = core.advance_run(st, prm, fi, roles, gens, entry_rate, _BUDGET)
        what = core.STATUSES[status]
        if what == "done":
            break
        if what == "traits":
            st = _traits(
                st, scenario, outside_share, gens[R_ENTRY], _TRAIT_BATCH, gens[R_EDUCATION]
            )
        elif what == "match":
            _ask_matcher(st, scenario, gens[R_MATCHING])
            marketplace.resume_post(st, prm, fi, gens)
        elif what == "events":
            narrator.show(st)
        elif what != "paused":
            st = grown(st, what)
    st = _room_to_close(st, narrator)
    core.close_run(st, prm, fi, roles)
    narrator.show(st)
    tables = Tables.take(st)
    del st  # the state is most of a run's memory: free it before the records are built
    return build_result(scenario, policy, root, tables, fi, headcount_initial)


def worker_capacity(scenario: Scenario) -> int:
    """Rows the worker table starts with: the starting labour force and the entrants
    expected over the run, with a margin (the table doubles if it runs short)."""
    labour_force = _labour_force(scenario)
    entrants = (
        labour_force * scenario.end_weeks / WEEKS_PER_YEAR / career_years(scenario.population)
    )
    return int(labour_force + 1.2 * entrants) + 64


MEMORY_LIMIT_VARIABLE = "MICROJOB_MEMORY_LIMIT_GB"
"""Environment variable that sets the memory a run may need (gigabytes; default 8)."""


def memory_estimate_bytes(scenario: Scenario) -> int:
    """About how much memory a run of ``scenario`` needs at its peak: its tables, sized
    from the people who will pass through it, and the records built from them."""
    k = len(scenario.catalog)
    outside_roles = len(scenario.outside.roles)
    teams = max((len(c.roles) for c in scenario.companies), default=1)
    per_worker = (
        layout.N_WF
        + layout.N_WI
        + layout.N_SK * k
        + 2 * outside_roles  # interest fits of the outside roles, and the entrants' batch
        + 4  # the labour-force list and three scratch columns
        + 4 * (1 + N_H)  # event-queue entries
        + layout.RD_TEAMS
        + 3 * teams  # roster rows
        + 3 * (layout.N_SPF + layout.N_SPI)  # spell records
    )
    tables = 8 * per_worker * worker_capacity(scenario)
    records = 600 * 3 * worker_capacity(scenario)  # public records: a few per person
    return tables + records


def check_memory(scenario: Scenario) -> None:
    """Raise ``ValueError`` if a run of ``scenario`` would need more memory than the
    limit (``MICROJOB_MEMORY_LIMIT_GB``, default 8), before anything is allocated."""
    raw = os.environ.get(MEMORY_LIMIT_VARIABLE, "8")
    try:
        limit_gb = float(raw)
    except ValueError:
        raise ValueError(
            f"{MEMORY_LIMIT_VARIABLE}: must be a number of gigabytes, got {raw!r}"
        ) from None
    need_gb = memory_estimate_bytes(scenario) / 1e9
    if need_gb > limit_gb:
        raise ValueError(
            f"population.outside_workers and companies[].roles[].positions: a run of this "
            f"scenario needs about {need_gb:,.1f} GB, more than the {limit_gb:g} GB allowed; "
            f"make it smaller, or raise the limit with {MEMORY_LIMIT_VARIABLE}"
        )


def _labour_force(scenario: Scenario) -> int:
    """Everyone in the labour force at the start: every position held, the outside
    market's workers, and the unemployed."""
    pop = scenario.population
    n_employed = sum(c.headcount for c in scenario.companies) + pop.outside_workers
    n_unemployed = round(n_employed * pop.unemployed_share / (1.0 - pop.unemployed_share))
    return n_employed + n_unemployed


def _populate(
    st: State,
    scenario: Scenario,
    prm: Any,
    fi: Any,
    roles: layout.Roles,
    gens: tuple[np.random.Generator, ...],
    outside_share: np.ndarray,
) -> State:
    """Skill prices, the positions, and the starting labour force in place."""
    pop = scenario.population
    n_sim = len(scenario.companies)
    k = len(scenario.catalog)
    spread = abs(scenario.market.skill_price_sd)  # -0.0 is 0, but NumPy refuses it as a scale
    prices = gens[R_PRICES].normal(scenario.market.skill_price_mean, spread, k)
    st.prices[:] = np.maximum(0.0, prices)
    for c in range(n_sim):
        o = fi.position_offset[c]
        rs = [ri for ri, r in enumerate(scenario.companies[c].roles) for _ in range(r.positions)]
        st.pi[o : o + len(rs), PI_ROLE] = rs
        st.pi[o : o + len(rs), PI_COMPANY] = c
    st.pi[:, PI_FILL_VERSION] = 0
    gen = gens[R_POPULATION]
    company = [c for c in range(n_sim) for _ in range(fi.n_positions[c])]
    slot = [s for c in range(n_sim) for s in range(fi.n_positions[c])]
    role = [
        int(st.pi[fi.position_offset[c] + s, PI_ROLE]) for c, s in zip(company, slot, strict=True)
    ]
    n_unemployed = _labour_force(scenario) - len(company) - pop.outside_workers
    company += [n_sim] * pop.outside_workers + [UNEMPLOYED] * n_unemployed
    slot += [-1] * (pop.outside_workers + n_unemployed)
    role += [-1] * (pop.outside_workers + n_unemployed)
    n = len(company)
    mean, concentration = pop.role_proficiency_mean, pop.proficiency_concentration
    ages = gen.uniform(pop.age_min_years, pop.age_max_years, n)
    st = _traits(st, scenario, outside_share, gen, n, gens[R_EDUCATION])
    boost = gen.beta(mean * concentration, (1.0 - mean) * concentration, (n, k))
    tenure = gen.exponential(pop.initial_tenure_mean_years, n)
    pay_noise = np.exp(pop.initial_pay_log_sd * gen.standard_normal(n))
    amenity = scenario.market.amenity_sd * gen.standard_normal(n)
    population.place_incumbents(
        st,
        prm,
        fi,
        roles,
        gens,
        np.array(company, dtype=np.int64),
        np.array(slot, dtype=np.int64),
        np.array(role, dtype=np.int64),
        ages,
        boost,
        tenure,
        pay_noise,
        amenity,
    )
    st.ci[CI_TRAIT] = st.ci[CI_TRAITS] = 0
    return st


def _room_to_close(st: State, narrator: _Narrator) -> State:
    """``st`` with room for what closing the run writes: a censored spell per
    employee, a record and an event per micro-job in progress."""
    while st.ci[CI_SPELLS] + st.ci[CI_WORKERS] > st.spf.shape[0]:
        st = grown(st, "spells")
    open_gigs = int(st.wi[: st.ci[CI_WORKERS], WI_GIG_COUNT].sum())
    while st.ci[CI_GIG_RECORDS] + open_gigs > st.grf.shape[0]:
        st = grown(st, "gig_records")
    while st.ci[CI_ENGAGEMENT_RECORDS] + st.ci[CI_ENGAGEMENT_SLOTS] > st.erf.shape[0]:
        st = grown(st, "engagement_records")
    if events.tracked(st):
        narrator.show(st)
        if open_gigs > st.evi.shape[0]:
            st = st._replace(
                evf=np.zeros((open_gigs, st.evf.shape[1])),
                evi=np.zeros((open_gigs, st.evi.shape[1]), dtype=np.int64),
            )
    return st


def _ask_matcher(st: State, scenario: Scenario, gen: np.random.Generator) -> None:
    """Call the Python matcher of the company whose posting waits, with copies of the
    applicants' fit and interest and the matching stream; store its pick."""
    c, found = int(st.ci[CI_POST_COMPANY]), int(st.ci[CI_POST_FOUND])
    matcher = scenario.companies[c].policy.matcher
    pick = matcher.choose(st.sc_fit[:found].copy(), st.sc_interest[:found].copy(), gen)
    if isinstance(pick, bool) or not isinstance(pick, int | np.integer) or not 0 <= pick < found:
        raise ValueError(
            f"companies[{c}].policy.matcher: choose() must return an applicant index "
            f"in [0, {found}), got {pick!r}"
        )
    st.ci[CI_PICK] = int(pick)


class _Narrator:
    """Turns rows of the event log into ``SimEvent``s for the trackers."""

    def __init__(
        self,
        scenario: Scenario,
        roles: layout.Roles,
        role_offset: list[int],
        trackers: Sequence[Tracker],
    ) -> None:
        self.trackers = tuple(trackers)
        self.skills = scenario.catalog.names
        self.role_names = [
            [r.name for r in c.roles] for c in (*scenario.companies, scenario.outside)
        ]
        self.role_offset = role_offset
        self.teaches = [
            tuple(self.skills[k] for k in row[:n])
            for row, n in zip(roles.skills.tolist(), roles.n_skills.tolist(), strict=True)
        ]

    def show(self, st: State) -> None:
        """Show every logged event to every tracker, in order; empty the log."""
        n = int(st.ci[CI_LOGGED])
        if st.ci[CI_LOG_LOST]:
            raise RuntimeError(f"the event log overflowed ({int(st.ci[CI_LOG_LOST])} lost)")
        st.ci[CI_LOGGED] = 0
        for floats, ints in zip(st.evf[:n].tolist(), st.evi[:n].tolist(), strict=True):
            event = self.event(floats, ints)
            for tracker in self.trackers:
                tracker.observe(event)

    def event(self, floats: list[float], ints: list[int]) -> SimEvent:
        """One row of the log as the public event."""
        t, x0, x1, x2, x3, x4 = floats
        code, w, c, i0, i1, i2, i3 = ints
        kind = EVENT_KINDS[code]
        detail: dict[str, Any] = {}
        if code == EV_HIRE:
            detail = {"role": self.role_names[c][i0], "wage": x0}
        elif code == EV_ENTRY:
            detail = {"age": x0}
        elif code == EV_MATCH_REVEALED:
            detail = {"match": x0}
        elif code == EV_REVIEW:
            detail = {"headcount": i0}
        elif code == EV_VACANCY:
            detail = {"slot": i0, "internal": bool(i1)}
        elif code in (EV_INTERNAL_MOVE, EV_REDEPLOY):
            detail = {"from_role": i0, "to_role": i1}
        elif code == EV_GIG_END:
            detail = {"job": i0, "completed": bool(i1), "bonus": x0}
        elif code == EV_ENGAGEMENT_START:
            detail = {
                "engagement": i0,
                "role": self.role_names[c][i1 - self.role_offset[c]],
                "duration": x0,
                "effort": x1,
                "fee_per_week": x2,
            }
        elif code == EV_ENGAGEMENT_END:
            detail = {
                "engagement": i0,
                "good_rating": bool(i1),
                "completed": bool(i2),
                "skills_gained": x0,
            }
        elif code in (EV_GIG_POSTED, EV_GIG_UNFILLED, EV_GIG_START):
            required = {self.skills[i2]: x0}
            if i3 >= 0:
                required[self.skills[i3]] = x1
            job = MicroJob(
                id=i0,
                company=c,
                required=required,
                teaches=self.teaches[self.role_offset[c] + i1],
                duration_weeks=x2,
                effort_share=x3,
                bonus=x4,
                status=_GIG_STATUS[code],
            )
            if code == EV_GIG_POSTED:
                detail = {"job": i0, "team": i1, "effort": x3, "micro_job": job}
            elif code == EV_GIG_START:
                detail = {"job": i0, "duration": x2, "micro_job": job}
            else:
                detail = {"job": i0, "micro_job": job}
        return SimEvent(time=t, kind=kind, worker=w, company=c, detail=detail)


_GIG_STATUS: dict[int, Literal["open", "filled", "unfilled"]] = {
    EV_GIG_POSTED: "open",
    EV_GIG_START: "filled",
    EV_GIG_UNFILLED: "unfilled",
}
