"""The engine: the rooms put together, one run from the first event to the records.

:class:`Engine` is the run's state (:class:`~microjob.engine.base.EngineBase`)
with every mechanism's transitions mixed in. :func:`run` builds one, creates
the starting population, lets SimPy process events until the end of the
window, closes what is still open (spells are right-censored, vacancies
counted to the end) and returns the records and totals as a ``RunResult``.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

import numpy as np

from microjob.policies import Policy
from microjob.records import (
    CompanyTotals,
    EmploymentSpell,
    RunResult,
    RunStats,
    WorkerArrays,
)
from microjob.scenario import WEEKS_PER_YEAR, Scenario

from .microjobs import MicroJobs
from .population import Lifecycle
from .reviews import Reviews
from .state import RETIRED
from .vacancies import Vacancies

__all__ = ["Engine", "run"]


class Engine(Lifecycle, Reviews, MicroJobs, Vacancies):
    """One run of the model. Private: the public interface is :func:`microjob.simulate`."""

    def run_until_end(self) -> None:
        """Process every event of the run, then close what is still open at the end."""
        self.calendar.run(until=self.end)
        t = self.end
        workers = self.workers
        for w in range(workers.n):
            c = workers.employer[w]
            if c >= 0:
                self.advance(w, t)
                start = workers.hired_at[w]
                self.spells.append(
                    EmploymentSpell(
                        w,
                        c,
                        start,
                        t,
                        "censored",
                        True,
                        workers.age_at_hire[w],
                        start < self.window_start,
                    )
                )
                for gig in workers.active_gigs[w]:
                    self.finish_gig(gig, t, completed=False)
        for c in range(len(self.companies)):
            self.tally.headcount_change(c, t, 0)
            if c < self.n_simulated:
                for position in list(self.positions[c].vacant):
                    self.close_vacancy(c, position, t)
        self.tally.labour_force_change(t, 0)
        self.tally.inactive_change(t, 0)

    def worker_arrays(self) -> WorkerArrays:
        """The end-of-run state of every worker, as arrays."""
        workers = self.workers
        n = workers.n
        employer = np.array(workers.employer)
        born = np.array(workers.born_at)
        age_end = (self.end - born) / WEEKS_PER_YEAR
        for w in range(n):
            if workers.employer[w] == RETIRED:
                age_end[w] = (workers.exited_at[w] - workers.born_at[w]) / WEEKS_PER_YEAR
        return WorkerArrays(
            age_years=age_end,
            proficiency=workers.proficiency[:n].copy(),
            interests=workers.interest[:n].copy(),
            openness=np.array(workers.openness),
            mover=np.array(workers.mover),
            wage=np.array(workers.wage),
            employer=employer,
            role=tuple(
                self.roles[c].names[r] if c >= 0 else None
                for c, r in zip(workers.employer, workers.role, strict=True)
            ),
            hire_time_weeks=np.array(workers.hired_at),
            jobs_held=np.array(workers.jobs_held),
            micro_jobs_done=np.array(workers.gigs_done),
            birth_weeks=born,
            entry_weeks=np.array(workers.entered_at),
            exit_weeks=np.array(workers.exited_at),
            wage_at_window_start=np.array(workers.window_wage),
            skill_sum_at_baseline=np.array(workers.window_skill_sum),
            baseline_weeks=np.array(workers.window_skill_at),
            # Credentials and first jobs are the compiled engine's (no graduates here).
            credential_level=np.zeros(n),
            credential_field=np.full(n, -1, dtype=np.int64),
            first_job_weeks=np.full(n, np.nan),
            field_skill_at_entry=np.zeros(n),
        )

    def company_totals(self, c: int) -> CompanyTotals:
        """Company ``c``'s totals (window counts are kept for simulated companies only)."""
        tally = self.tally
        window = tally.window
        simulated = c < self.n_simulated

        def count(name: str) -> int:
            return int(window[name][c]) if simulated else 0

        def total(name: str) -> float:
            return window[name][c] if simulated else 0.0

        return CompanyTotals(
            headcount_initial=self.headcount_initial[c],
            headcount_final=tally.headcount[c],
            hires=tally.hires[c],
            separations=tally.separations[c],
            quits=count("quits"),
            withdrawals=count("withdrawals"),
            layoffs=count("layoffs"),
            retirements=count("retires"),
            internal_moves=count("internal_moves"),
            redeployments=count("redeployments"),
            gigs_posted=count("gigs_posted"),
            gigs_filled=count("gigs_filled"),
            gig_effort=total("gig_effort"),
            gig_output_cost=total("gig_output_cost"),
            replacement_cost=total("replacement_cost"),
            vacancy_cost=total("vacancy_cost"),
            vacancy_weeks=total("vacancy_weeks"),
        )

    def result(self, policy: Policy | None, root: np.random.SeedSequence) -> RunResult:
        """The run's records and totals."""
        tally = self.tally
        stats = RunStats(
            events=self.events,
            window_years=(self.end - self.window_start) / WEEKS_PER_YEAR,
            employee_years=sum(tally.headcount_weeks[: self.n_simulated]) / WEEKS_PER_YEAR,
            positions=sum(len(p) for p in self.positions),
            labour_force_years=tally.labour_force_weeks / WEEKS_PER_YEAR,
            inactive_years=tally.inactive_weeks / WEEKS_PER_YEAR,
            window_employees=len(tally.window_employees),
            gig_participants=len(tally.gig_participants & tally.window_employees),
            companies=tuple(self.company_totals(c) for c in range(len(self.companies))),
            workers=self.worker_arrays(),
        )
        return RunResult(
            scenario=self.scenario,
            policy=policy,
            seed_entropy=(
                int(root.entropy) if isinstance(root.entropy, int) else 0,
                *root.spawn_key,
            ),
            spells=tuple(self.spells),
            gigs=tuple(self.gig_records),
            moves=tuple(self.moves),
            window_start_weeks=self.window_start,
            window_end_weeks=self.end,
            company_names=tuple(c.name for c in self.companies),
            stats=stats,
        )


def run(
    scenario: Scenario,
    root: np.random.SeedSequence,
    policy: Policy | None,
    trackers: Sequence[Any],
) -> RunResult:
    """Simulate ``scenario`` (policies already applied) from ``root`` and return the result.

    The engine creates no reference cycles that need collecting, but Python's
    cyclic collector would rescan the growing record lists again and again,
    making long runs slower than linear: it is paused for the run.
    """
    _check_supported(scenario)
    collecting = gc.isenabled()
    gc.disable()
    try:
        engine = Engine(scenario, root, trackers)
        engine.populate()
        engine.run_until_end()
        return engine.result(policy, root)
    finally:
        if collecting:
            gc.enable()


def _check_supported(scenario: Scenario) -> None:
    """This engine is the readable reference for the model's mechanisms up to the
    barriers to micro-jobs, credentials and the platform; a scenario that uses a later one runs only
    on the compiled engine (``microjob.simulate``)."""
    later = []
    if scenario.mindset.openness_floor > 0.0:
        later.append(f"mindset.openness_floor = {scenario.mindset.openness_floor}")
    if scenario.mindset.manager_rate > 0.0:
        later.append(f"mindset.manager_rate = {scenario.mindset.manager_rate}")
    pop, market = scenario.population, scenario.market
    if pop.graduate_share > 0.0:
        later.append(f"population.graduate_share = {pop.graduate_share}")
    if market.screening_bar > 0.0:
        later.append(f"market.screening_bar = {market.screening_bar}")
    for company in scenario.companies:
        share = company.policy.manager_release_share
        if share < 1.0:
            later.append(f"{company.name}: manager_release_share = {share}")
    if scenario.platform.enabled:
        later.append(
            f"platform.projects_per_worker_year = {scenario.platform.projects_per_worker_year}"
        )
    if later:
        raise NotImplementedError(
            "the SimPy reference engine does not model barriers to micro-jobs, credentials, "
            "screening or the open talent platform (" + "; ".join(later) + "); run the "
            "scenario with microjob.simulate"
        )
