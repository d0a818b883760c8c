"""Population: the starting labour force, entry, spells out of it, retirement, the window.

At time 0 every position of every simulated company is held, the outside
market employs ``outside_workers`` people and a share of the labour force is
unemployed; incumbents have skills boosted in their role's skills and an
elapsed tenure drawn from an exponential distribution. Entrants arrive as a
Poisson process at the rate that keeps the labour force stationary (its size
over the mean career length), at ages between the entry ages; each person
retires at an age drawn from a triangular distribution. An employed person
quits into non-employment at ``withdrawal_rate_per_year`` (caring, study,
health, a break between jobs) and stays out of the labour force for an
exponential time of mean ``withdrawal_mean_years``; they then look for work
as unemployed job seekers, unless they retire first.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import numpy as np

from microjob.scenario import WEEKS_PER_YEAR

from .calendar import Timer
from .careers import Careers
from .state import INACTIVE, RETIRED, UNEMPLOYED, Workers

__all__ = ["Lifecycle"]


class Lifecycle(Careers):
    """People entering and leaving the labour force."""

    def career_years(self) -> float:
        """Mean years from entry to retirement: entrants arrive at the rate that
        keeps the labour force stationary (size / mean career length)."""
        pop = self.scenario.population
        mean_retirement = (
            pop.retirement_age_min_years
            + pop.retirement_age_mode_years
            + pop.retirement_age_max_years
        ) / 3.0
        mean_entry = (pop.entry_age_min_years + pop.entry_age_max_years) / 2.0
        return max(mean_retirement - mean_entry, 0.5)  # degenerate ages: still finite

    def draw_traits(self, gen: np.random.Generator, n: int) -> dict[str, Any]:
        """Personal traits of ``n`` people, drawn in one go (vectorised)."""
        pop, k = self.scenario.population, self.n_skills
        mean, concentration = pop.background_proficiency_mean, pop.proficiency_concentration
        interest = gen.dirichlet(np.full(k, pop.interest_concentration), size=n)
        wants = interest >= 1.0 / k
        return {
            "interest": interest,
            "wants": wants,
            "outside_role_fit": (wants @ self.roles[self.outside].share.T).tolist(),
            "proficiency": gen.beta(mean * concentration, (1.0 - mean) * concentration, (n, k)),
            "retire_age": gen.triangular(
                pop.retirement_age_min_years,
                pop.retirement_age_mode_years,
                pop.retirement_age_max_years,
                n,
            ).tolist(),
            "late_retire": gen.random(n).tolist(),
            "mover": (gen.random(n) < pop.mover_share).tolist(),
            "openness": gen.beta(pop.openness_alpha, pop.openness_beta, n).tolist(),
        }

    def new_worker(self, t: float, age: float, traits: dict[str, Any], i: int) -> int:
        """Create a worker aged ``age`` at time ``t`` (not yet employed) with the
        ``i``-th of a batch of drawn traits."""
        pop, workers = self.scenario.population, self.workers
        retire_age = traits["retire_age"][i]
        if retire_age <= age:  # already past the drawn age: retire within the remaining range
            years_left = max(pop.late_retirement_min_years, pop.retirement_age_max_years - age)
            retire_age = age + traits["late_retire"][i] * years_left
        p = traits["proficiency"][i]
        w = workers.append_scalars(
            {
                "born_at": t - age * WEEKS_PER_YEAR,
                "entered_at": t,
                "retires_at": t + (retire_age - age) * WEEKS_PER_YEAR,
                "mover": traits["mover"][i],
                "openness": traits["openness"][i],
                "outside_role_fit": traits["outside_role_fit"][i],
                "hired_at": t,
                "age_at_hire": age,
                "active_gigs": [],
                "window_skill_sum": float(p.sum()),
                "window_skill_at": max(t, self.window_start),
            },
        )
        workers.interest[w] = traits["interest"][i]
        workers.wants[w] = traits["wants"][i]
        for vector in (workers.proficiency, workers.entry_proficiency, workers.peak):
            vector[w] = p
        workers.rate[w] = self.forget_rate  # not working yet: nothing in use
        workers.target[w] = p
        workers.reviewed_proficiency[w] = p
        workers.skills_at[w] = t
        workers.reviewed_at[w] = t
        workers.market_value[w] = self.value_on_market(w, t)
        self.tally.labour_force_change(t, +1)
        return w

    def entry_process(self) -> Generator[Any, Any, None]:
        """SimPy process: entrants into the labour force."""
        pop = self.scenario.population
        draws = self.streams["entry"]
        rate = self.labour_force_size / self.career_years() / WEEKS_PER_YEAR
        batch: dict[str, Any] = {"openness": []}
        batch_i = 0
        while True:
            yield self.calendar.timeout(draws.exp() / rate)
            self.events += 1
            t = self.calendar.now
            span = pop.entry_age_max_years - pop.entry_age_min_years
            age = pop.entry_age_min_years + draws.uniform() * span
            if batch_i == len(batch["openness"]):
                batch, batch_i = self.draw_traits(draws.gen, 64), 0
            w = self.new_worker(t, age, batch, batch_i)
            batch_i += 1
            self.schedule_retirement(w)
            self.schedule_offer(w, t)
            if self.trackers:
                self.emit("entry", t, w, -1, age=age)

    def schedule_retirement(self, w: int) -> None:
        """Set the worker's retirement (if before the end of the run)."""
        retires_at = self.workers.retires_at[w]
        if retires_at < self.end:
            delay = max(0.0, retires_at - self.calendar.now)
            self.calendar.call_later(delay, w, self.on_retire)

    def draw_withdrawal(self, w: int, t: float) -> None:
        """Draw when the worker, employed from ``t``, would quit out of the labour
        force (a constant hazard; the caller arms the timer)."""
        rate = self.scenario.population.withdrawal_rate_per_year / WEEKS_PER_YEAR
        if rate > 0.0:
            self.workers.withdraw_due[w] = t + self.streams["withdrawal"].exp() / rate

    def withdraw(self, w: int) -> None:
        """The worker quits into non-employment and leaves the labour force for a while."""
        t = self.calendar.now
        workers = self.workers
        self.end_spell(w, t, "withdraw")
        workers.employer[w] = INACTIVE
        workers.leave_labour_force(w)
        self.tally.inactive_change(t, +1)
        away = self.scenario.population.withdrawal_mean_years * WEEKS_PER_YEAR
        back = t + away * self.streams["withdrawal"].exp()
        if back < min(self.end, workers.retires_at[w]):
            self.calendar.call_later(back - t, w, self.on_return)

    def on_return(self, timer: Timer) -> None:
        """The worker comes back to the labour force and looks for work."""
        self.events += 1
        w = timer.value
        t = self.calendar.now
        workers = self.workers
        workers.employer[w] = UNEMPLOYED
        workers.rejoin_labour_force(w)
        self.tally.inactive_change(t, -1)
        self.schedule_offer(w, t)
        if self.trackers:
            self.emit("return", t, w, -1)

    def on_retire(self, timer: Timer) -> None:
        """The worker retires: their job (if any) ends, and they leave the labour force."""
        self.events += 1
        w = timer.value
        t = self.calendar.now
        workers = self.workers
        if workers.employer[w] >= 0:
            self.end_spell(w, t, "retire")
        elif workers.employer[w] == INACTIVE:  # already out of ``active``
            self.tally.inactive_change(t, -1)
            workers.employer[w] = RETIRED
            workers.exited_at[w] = t
            self.tally.labour_force_change(t, -1)
            if self.trackers:
                self.emit("retire", t, w, -1)
            return
        else:
            workers.offer_due[w] = math.inf
            self.arm(w)
            if self.trackers:
                self.emit("retire", t, w, -1)
        workers.employer[w] = RETIRED
        workers.exited_at[w] = t
        workers.leave_labour_force(w)
        self.tally.labour_force_change(t, -1)

    def window_start_process(self) -> Generator[Any, Any, None]:
        """SimPy process: at the start of the measurement window, note each worker's
        skills and wage (the baselines of skill and wage growth)."""
        yield self.calendar.timeout(self.window_start)
        t = self.calendar.now
        workers = self.workers
        alive = [w for w in range(workers.n) if workers.employer[w] != RETIRED]
        if alive:
            ids = np.array(alive)
            self.advance_many(ids, t)
            sums = workers.proficiency[ids].sum(axis=1)
            for i, w in enumerate(alive):
                workers.window_skill_sum[w] = float(sums[i])
                workers.window_skill_at[w] = t
                if workers.employer[w] >= 0:
                    workers.window_wage[w] = workers.wage[w]
        for c in range(self.n_simulated):
            self.tally.window_employees.update(self.rosters[c].members().tolist())

    def populate(self) -> None:
        """Create the starting labour force and start the run's processes."""
        pop = self.scenario.population
        gen = self.streams["population"].gen
        n_positions = sum(len(p) for p in self.positions)
        n_employed = n_positions + pop.outside_workers
        n_unemployed = round(n_employed * pop.unemployed_share / (1.0 - pop.unemployed_share))
        self.labour_force_size = n_employed + n_unemployed
        # Room for the starting labour force and the entrants expected over the
        # run (with a margin); the arrays double if a run needs more.
        years = self.end / WEEKS_PER_YEAR
        entrants = self.labour_force_size * years / self.career_years()
        self.workers = Workers(self.n_skills, int(self.labour_force_size + 1.2 * entrants) + 64)
        placements: list[tuple[int, int, int]] = [
            (c, s, r) for c in range(self.n_simulated) for s, r in enumerate(self.positions[c].role)
        ]
        placements += [(self.outside, -1, -1)] * pop.outside_workers
        placements += [(UNEMPLOYED, -1, -1)] * n_unemployed
        self.place_incumbents(gen, placements)
        self.headcount_initial = list(self.tally.headcount)
        for w in range(self.workers.n):
            self.schedule_retirement(w)
            if self.workers.employer[w] == UNEMPLOYED:
                self.schedule_offer(w, 0.0)
        self.start_processes()

    def place_incumbents(
        self, gen: np.random.Generator, placements: list[tuple[int, int, int]]
    ) -> None:
        """Create one worker per placement (company, position, role) and hire them there."""
        pop, workers = self.scenario.population, self.workers
        n = len(placements)
        mean, concentration = pop.role_proficiency_mean, pop.proficiency_concentration
        ages = gen.uniform(pop.age_min_years, pop.age_max_years, n).tolist()
        traits = self.draw_traits(gen, n)
        boost = gen.beta(mean * concentration, (1.0 - mean) * concentration, (n, self.n_skills))
        tenure = gen.exponential(pop.initial_tenure_mean_years, n).tolist()
        pay_noise = np.exp(pop.initial_pay_log_sd * gen.standard_normal(n)).tolist()
        amenity = (self.market.amenity_sd * gen.standard_normal(n)).tolist()
        for i, (c, s, r) in enumerate(placements):
            age = ages[i]
            w = self.new_worker(0.0, age, traits, i)
            if c == UNEMPLOYED:
                continue
            if c == self.outside:
                r = self.pick_outside_role(w)
            skills = self.roles[c].skills[r]
            proficiency = workers.proficiency
            proficiency[w, skills] = np.maximum(proficiency[w, skills], boost[i, skills])
            workers.peak[w] = proficiency[w]
            workers.reviewed_proficiency[w] = proficiency[w]
            workers.window_skill_sum[w] = float(proficiency[w].sum())
            workers.market_value[w] = self.value_on_market(w, 0.0)
            wage = workers.market_value[w] * self.companies[c].wage_level * pay_noise[i]
            self.start_spell(w, c, s, r, wage, amenity[i], 0.0)
            self.tally.hires[c] -= 1  # incumbents were not hired during the run
            years = min(tenure[i], max(0.0, age - pop.entry_age_min_years))
            workers.hired_at[w] = -years * WEEKS_PER_YEAR
            self.rosters[c].hired_at[workers.roster_pos[w]] = workers.hired_at[w]
            workers.age_at_hire[w] = age - years
            workers.embeddedness[w] = self.embeddedness_of(w, 0.0)
            self.schedule_offer(w, 0.0)

    def start_processes(self) -> None:
        """Start entry, every company's reviews and micro-job postings, and the window."""
        calendar = self.calendar
        calendar.process(self.entry_process())
        for c in range(len(self.companies)):
            calendar.process(self.review_process(c))
            if self.posts_gigs[c]:
                calendar.process(self.gig_process(c))
        calendar.process(self.window_start_process())
