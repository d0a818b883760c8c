"""Vacancies: positions falling vacant and being filled, from inside or outside.

A simulated company keeps its positions: when one falls vacant, the company
decides (``internal_fill_share``) whether to fill it from inside, and tries
after a random delay (mean ``internal_delay_weeks`` or ``hiring_delay_weeks``).
An internal fill picks the employee in another role whose skills on record
fit the role best, with a bonus for micro-jobs done for that team
(``tie_preference``); the position they leave falls vacant in its turn
(vacancy chains). An external fill approaches ``candidates_per_vacancy``
people drawn from the whole labour force: the unemployed take it, employees
(of the outside market or of another simulated company) take it if they are
looking and it beats their current job -- simulated companies compete for
people. Lost output while a position is vacant is valued at the last
holder's wage.
"""

from __future__ import annotations

import math

import numpy as np

from microjob.records import InternalMove
from microjob.scenario import WEEKS_PER_YEAR

from .base import MoveReason
from .calendar import Timer
from .layoffs import Layoffs
from .state import UNEMPLOYED
from .streams import sample_distinct

__all__ = ["Vacancies"]


class Vacancies(Layoffs):
    """Vacant positions, internal moves and external hires."""

    def open_vacancy(self, c: int, position: int, t: float, wage: float) -> None:
        """``position`` of company ``c`` falls vacant; ``wage`` (of its last holder)
        values the output lost while it stays empty."""
        positions = self.positions[c]
        positions.vacant_since[position] = t
        positions.last_wage[position] = wage
        positions.vacant[position] = None
        company = self.companies[c]
        draws = self.streams["hiring"]
        internal = draws.uniform() < self.policies[c].internal_fill_share
        mean = company.internal_delay_weeks if internal else company.hiring_delay_weeks
        self.schedule_fill(c, position, t, mean * draws.exp(), internal)
        if self.trackers:
            self.emit("vacancy", t, -1, c, slot=position, internal=internal)

    def schedule_fill(self, c: int, position: int, t: float, delay: float, internal: bool) -> None:
        """Try to fill the position in ``delay`` weeks (if before the end of the run)."""
        if t + delay < self.end:
            timer = self.calendar.call_later(delay, (c, position, internal), self.on_fill)
            self.positions[c].fill_timer[position] = timer

    def close_vacancy(self, c: int, position: int, t: float) -> None:
        """The position is filled (or the run ends): count its vacant weeks and their cost."""
        positions = self.positions[c]
        if position not in positions.vacant:
            return
        del positions.vacant[position]
        self.calendar.cancel(positions.fill_timer[position])
        positions.fill_timer[position] = None
        since = max(positions.vacant_since[position], self.window_start)
        if t > since:
            weeks = t - since
            window = self.tally.window
            window["vacancy_weeks"][c] += weeks
            # Lost output valued at the last holder's wage, in time-0 currency.
            wage = positions.last_wage[position] / self.wage_index(positions.vacant_since[position])
            window["vacancy_cost"][c] += weeks * wage / WEEKS_PER_YEAR

    def on_fill(self, timer: Timer) -> None:
        """A vacancy's fill is due: from inside if so decided and possible, else outside."""
        self.events += 1
        c, position, internal = timer.value
        self.positions[c].fill_timer[position] = None
        t = self.calendar.now
        if internal and self.fill_internally(c, position, t):
            return
        self.fill_externally(c, position, t)

    def fill_internally(self, c: int, position: int, t: float) -> bool:
        """Fill the position from inside: the candidate whose skill profile on record
        fits the role best, boosted by micro-jobs done for that team. Returns
        whether anyone (in another role) was there to move."""
        r = self.positions[c].role[position]
        roster = self.rosters[c]
        pos = np.flatnonzero(roster.role[: roster.n] != r)
        if not len(pos):
            return False
        seen = self.policies[c].internal_candidates_seen
        if 0 < seen < len(pos):
            pos = pos[sorted(sample_distinct(self.streams["hiring"], len(pos), seen))]
        ids = roster.ids[pos]
        score = self.workers.proficiency[ids] @ self.roles[c].share[r]
        tie_preference = self.job_quality_params.tie_preference
        if tie_preference > 0.0:
            score = score + tie_preference * roster.data[roster.ties_row + r][pos]
        w = int(ids[int(np.argmax(score))])
        self.internal_move(w, c, position, t, "vacancy")
        return True

    def fill_externally(self, c: int, position: int, t: float) -> None:
        """Approach candidates from the labour force until one takes the job; if
        nobody does, try again later."""
        draws = self.streams["hiring"]
        market, workers = self.market, self.workers
        company = self.companies[c]
        role = self.positions[c].role[position]
        active = workers.active
        for _ in range(market.candidates_per_vacancy if active else 0):
            w = active[int(draws.uniform() * len(active))]
            current = workers.employer[w]
            if current == c:
                continue
            premium = market.external_hire_premium + math.log(company.wage_level)
            premium += market.offer_premium_sd * draws.normal()
            amenity = market.amenity_sd * draws.normal()
            if current == UNEMPLOYED:
                self.advance(w, t)
                workers.market_value[w] = self.value_on_market(w, t)
            elif not self.looking(w, t, draws.uniform()) or premium + amenity <= self.threshold(w):
                continue
            else:
                self.quit_job(w, t)
            workers.offer_due[w] = math.inf  # an unemployed candidate stops searching
            wage = workers.market_value[w] * math.exp(premium + self.signal(w))
            self.start_spell(w, c, position, role, wage, amenity, t)
            return
        retry_weeks = max(company.hiring_delay_weeks, market.hiring_retry_min_weeks)
        self.schedule_fill(c, position, t, retry_weeks * draws.exp(), False)

    def internal_move(self, w: int, c: int, position: int, t: float, via: MoveReason) -> None:
        """Worker ``w`` moves to ``position`` of their company ``c``: a new role and
        match, and the position they leave falls vacant."""
        self.advance(w, t)
        workers, positions = self.workers, self.positions[c]
        old_position, old_role = workers.position[w], workers.role[w]
        r = positions.role[position]
        positions.holder[position] = w
        self.close_vacancy(c, position, t)
        workers.position[w] = position
        workers.role[w] = r
        self.rosters[c].role[workers.roster_pos[w]] = r
        positions.holder[old_position] = -1
        self.open_vacancy(c, old_position, t, workers.wage[w])
        self.new_match(w, t)
        self.set_use(w)
        if t >= self.window_start:
            count = "redeployments" if via == "redeployment" else "internal_moves"
            self.tally.window[count][c] += 1
            names = self.roles[c].names
            self.moves.append(InternalMove(w, c, t, names[old_role], names[r], via))
        self.schedule_offer(w, t)
        if self.trackers:
            kind = "redeploy" if via == "redeployment" else "internal_move"
            self.emit(kind, t, w, c, from_role=old_role, to_role=r)
