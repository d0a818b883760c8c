"""The public records of a compiled run: its record tables turned into a ``RunResult``.

The engine keeps spells, micro-jobs, engagements and moves as rows of float and
integer tables; :class:`Tables` copies the filled rows out of the state (so that the
state can be freed first) and :func:`build_result` turns them into the frozen
records and totals that the measures read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np

from microjob.policies import Policy
from microjob.records import (
    CompanyTotals,
    EmploymentSpell,
    EngagementRecord,
    GigRecord,
    InternalMove,
    RunResult,
    RunStats,
    SpellReason,
    WorkerArrays,
)
from microjob.scenario import WEEKS_PER_YEAR, Scenario

from . import layout
from .layout import (
    CF_INACTIVE_WEEKS,
    CF_LABOUR_FORCE_WEEKS,
    CI_ENGAGEMENT_RECORDS,
    CI_EVENTS,
    CI_GIG_RECORDS,
    CI_MOVES,
    CI_PROJECTS,
    CI_PROJECTS_FILLED,
    CI_SPELLS,
    CI_WORKERS,
    CT_HEADCOUNT,
    CT_HEADCOUNT_WEEKS,
    CT_HIRES,
    CT_SEPARATIONS,
    RETIRED,
    SK_INTEREST,
    SK_PROFICIENCY,
    WF_BORN_AT,
    WF_CREDENTIAL,
    WF_ENTERED_AT,
    WF_EXITED_AT,
    WF_FIELD_SKILL_AT_ENTRY,
    WF_FIRST_JOB_AT,
    WF_HIRED_AT,
    WF_OPENNESS,
    WF_WAGE,
    WF_WINDOW_SKILL_AT,
    WF_WINDOW_SKILL_SUM,
    WF_WINDOW_WAGE,
    WI_EMPLOYER,
    WI_FIELD,
    WI_GIGS_DONE,
    WI_JOBS_HELD,
    WI_MOVER,
    WI_ROLE,
    WI_WINDOW_EMPLOYEE,
)
from .state import State

__all__ = ["Tables", "build_result"]

_REASONS: tuple[SpellReason, ...] = ("quit", "withdraw", "layoff", "retire", "censored")


class Tables(NamedTuple):
    """What the records are built from: the filled rows of the state's tables, copied
    so that the state can be freed first."""

    spf: np.ndarray
    spi: np.ndarray
    grf: np.ndarray
    gri: np.ndarray
    erf: np.ndarray
    eri: np.ndarray
    mvf: np.ndarray
    mvi: np.ndarray
    wf: np.ndarray
    wi: np.ndarray
    proficiency: np.ndarray
    interests: np.ndarray
    ct: np.ndarray
    wc: np.ndarray
    events: int
    labour_force_weeks: float
    inactive_weeks: float
    projects: tuple[int, int]

    @classmethod
    def take(cls, st: State) -> Tables:
        """Copy the filled rows out of ``st``."""
        ci = st.ci
        ns, ng, nm, n = (int(ci[i]) for i in (CI_SPELLS, CI_GIG_RECORDS, CI_MOVES, CI_WORKERS))
        ne = int(ci[CI_ENGAGEMENT_RECORDS])
        return cls(
            spf=st.spf[:ns].copy(),
            spi=st.spi[:ns].copy(),
            grf=st.grf[:ng].copy(),
            gri=st.gri[:ng].copy(),
            erf=st.erf[:ne].copy(),
            eri=st.eri[:ne].copy(),
            mvf=st.mvf[:nm].copy(),
            mvi=st.mvi[:nm].copy(),
            wf=st.wf[:n].copy(),
            wi=st.wi[:n].copy(),
            proficiency=st.sk[:n, SK_PROFICIENCY].copy(),
            interests=st.sk[:n, SK_INTEREST].copy(),
            ct=st.ct.copy(),
            wc=st.wc.copy(),
            events=int(ci[CI_EVENTS]),
            labour_force_weeks=float(st.cf[CF_LABOUR_FORCE_WEEKS]),
            inactive_weeks=float(st.cf[CF_INACTIVE_WEEKS]),
            projects=(int(ci[CI_PROJECTS]), int(ci[CI_PROJECTS_FILLED])),
        )


def _rows(floats: np.ndarray, ints: np.ndarray) -> Iterator[tuple[list[Any], list[Any]]]:
    """The rows of a record table (a float and an integer part) as Python numbers, a
    block at a time (no list of every row at once)."""
    block = 1 << 16
    for i in range(0, floats.shape[0], block):
        yield from zip(floats[i : i + block].tolist(), ints[i : i + block].tolist(), strict=True)


def build_result(
    scenario: Scenario,
    policy: Policy | None,
    root: np.random.SeedSequence,
    tables: Tables,
    fi: Any,
    headcount_initial: list[int],
) -> RunResult:
    """The ``RunResult`` of a run of ``scenario`` from its record ``tables``."""
    n_sim = len(scenario.companies)
    companies = (*scenario.companies, scenario.outside)
    names = [[r.name for r in c.roles] for c in companies]
    window_start, end = scenario.warmup_weeks, scenario.end_weeks
    spells = tuple(
        EmploymentSpell(w, c, start, stop, _REASONS[reason], bool(cens), age, bool(trunc))
        for (start, stop, age), (w, c, reason, cens, trunc) in _rows(tables.spf, tables.spi)
    )
    gig_records = tuple(
        GigRecord(job, w, c, start, stop, effort, gained, bonus, bool(done))
        for (start, stop, effort, gained, bonus), (job, w, c, done) in _rows(tables.grf, tables.gri)
    )
    engagements = tuple(
        EngagementRecord(e, w, c, start, stop, effort, fee, gained, since, bool(good), bool(done))
        for (start, stop, effort, fee, gained, since), (e, w, c, good, done) in _rows(
            tables.erf, tables.eri
        )
    )
    moves = tuple(
        InternalMove(w, c, t, names[c][a], names[c][b], "redeployment" if via else "vacancy")
        for (t,), (w, c, a, b, via) in _rows(tables.mvf, tables.mvi)
    )
    wi, ct = tables.wi, tables.ct
    stats = RunStats(
        events=tables.events,
        window_years=(end - window_start) / WEEKS_PER_YEAR,
        employee_years=float(ct[:n_sim, CT_HEADCOUNT_WEEKS].sum()) / WEEKS_PER_YEAR,
        positions=int(fi.n_positions[:n_sim].sum()),
        labour_force_years=tables.labour_force_weeks / WEEKS_PER_YEAR,
        inactive_years=tables.inactive_weeks / WEEKS_PER_YEAR,
        window_employees=int(wi[:, WI_WINDOW_EMPLOYEE].sum()),
        gig_participants=int((wi[:, layout.WI_GIG_PARTICIPANT] & wi[:, WI_WINDOW_EMPLOYEE]).sum()),
        companies=tuple(
            _company_totals(tables, c, n_sim, headcount_initial[c]) for c in range(len(companies))
        ),
        workers=_worker_arrays(tables, names, end),
        projects_posted=tables.projects[0],
        projects_filled=tables.projects[1],
    )
    return RunResult(
        scenario=scenario,
        policy=policy,
        seed_entropy=(int(root.entropy) if isinstance(root.entropy, int) else 0, *root.spawn_key),
        spells=spells,
        gigs=gig_records,
        moves=moves,
        window_start_weeks=window_start,
        window_end_weeks=end,
        company_names=tuple(c.name for c in companies),
        stats=stats,
        engagements=engagements,
    )


def _worker_arrays(tables: Tables, names: list[list[str]], end: float) -> WorkerArrays:
    """Every worker's state at the end of the run (``names``: role names by company)."""
    wf, wi = tables.wf, tables.wi
    employer = wi[:, WI_EMPLOYER].copy()
    retired = employer == RETIRED
    age_end = (end - wf[:, WF_BORN_AT]) / WEEKS_PER_YEAR
    age_end[retired] = (wf[retired, WF_EXITED_AT] - wf[retired, WF_BORN_AT]) / WEEKS_PER_YEAR
    return WorkerArrays(
        age_years=age_end,
        proficiency=tables.proficiency,
        interests=tables.interests,
        openness=wf[:, WF_OPENNESS].copy(),
        mover=wi[:, WI_MOVER].astype(bool),
        wage=wf[:, WF_WAGE].copy(),
        employer=employer,
        role=tuple(
            names[c][r] if c >= 0 else None
            for c, r in zip(employer.tolist(), wi[:, WI_ROLE].tolist(), strict=True)
        ),
        hire_time_weeks=wf[:, WF_HIRED_AT].copy(),
        jobs_held=wi[:, WI_JOBS_HELD].copy(),
        micro_jobs_done=wi[:, WI_GIGS_DONE].copy(),
        birth_weeks=wf[:, WF_BORN_AT].copy(),
        entry_weeks=wf[:, WF_ENTERED_AT].copy(),
        exit_weeks=wf[:, WF_EXITED_AT].copy(),
        wage_at_window_start=wf[:, WF_WINDOW_WAGE].copy(),
        skill_sum_at_baseline=wf[:, WF_WINDOW_SKILL_SUM].copy(),
        baseline_weeks=wf[:, WF_WINDOW_SKILL_AT].copy(),
        credential_level=wf[:, WF_CREDENTIAL].copy(),
        credential_field=wi[:, WI_FIELD].copy(),
        first_job_weeks=wf[:, WF_FIRST_JOB_AT].copy(),
        field_skill_at_entry=wf[:, WF_FIELD_SKILL_AT_ENTRY].copy(),
        platform_member=wi[:, layout.WI_PLATFORM].astype(bool),
        freelance_weeks=wf[:, layout.WF_FREELANCE_WEEKS].copy(),
        ratings=wi[:, layout.WI_RATINGS].copy(),
        good_ratings=wi[:, layout.WI_RATINGS_GOOD].copy(),
    )


def _company_totals(tables: Tables, c: int, n_sim: int, headcount_initial: int) -> CompanyTotals:
    """Company ``c``'s bookkeeping; window counts are kept for simulated companies only."""
    ct = tables.ct
    row = tables.wc[c] if c < n_sim else np.zeros(layout.N_WC)
    return CompanyTotals(
        headcount_initial=headcount_initial,
        headcount_final=int(ct[c, CT_HEADCOUNT]),
        hires=int(ct[c, CT_HIRES]),
        separations=int(ct[c, CT_SEPARATIONS]),
        quits=int(row[layout.WC_QUITS]),
        withdrawals=int(row[layout.WC_WITHDRAWALS]),
        layoffs=int(row[layout.WC_LAYOFFS]),
        retirements=int(row[layout.WC_RETIRES]),
        internal_moves=int(row[layout.WC_INTERNAL_MOVES]),
        redeployments=int(row[layout.WC_REDEPLOYMENTS]),
        gigs_posted=int(row[layout.WC_GIGS_POSTED]),
        gigs_filled=int(row[layout.WC_GIGS_FILLED]),
        gig_effort=float(row[layout.WC_GIG_EFFORT]),
        gig_output_cost=float(row[layout.WC_GIG_OUTPUT_COST]),
        replacement_cost=float(row[layout.WC_REPLACEMENT_COST]),
        vacancy_cost=float(row[layout.WC_VACANCY_COST]),
        vacancy_weeks=float(row[layout.WC_VACANCY_WEEKS]),
    )
