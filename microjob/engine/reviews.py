"""Annual reviews: pay, growth, embeddedness and peers' openness, company-wide.

Once a year (at a random date per company) every employee gets the general
raise plus a catch-up of part of the gap between pay and the company's pay
for their market value; their skill growth over the year, embeddedness and
the interest fit of last year's micro-jobs are taken stock of; openness to
micro-jobs moves toward 1 with the share of colleagues who did one
(``peer_rate``); and each employee's next accepted outside offer is redrawn
from their new situation. Vectorised over the roster.
"""

from __future__ import annotations

from collections.abc import Generator
from operator import itemgetter
from typing import Any

import numpy as np

from microjob.scenario import WEEKS_PER_YEAR

from .careers import Careers
from .rates import accepted_offer_rate

__all__ = ["Reviews"]


class Reviews(Careers):
    """Each company's annual review."""

    def review_process(self, c: int) -> Generator[Any, Any, None]:
        """SimPy process: company ``c``'s reviews, a year apart from a random first date."""
        first = self.streams["reviews"].uniform() * WEEKS_PER_YEAR
        yield self.calendar.timeout(first)
        while True:
            self.events += 1
            self.review(c, self.calendar.now)
            yield self.calendar.timeout(WEEKS_PER_YEAR)

    def review(self, c: int, t: float) -> None:
        """Annual review of company ``c``, vectorised over its employees."""
        roster = self.rosters[c]
        if not roster.n:
            return
        ids = roster.members().copy()
        members = ids.tolist()
        get = itemgetter(*members) if len(members) > 1 else (lambda seq: (seq[members[0]],))
        self.advance_many(ids, t)
        workers, policy, q = self.workers, self.policies[c], self.job_quality_params
        proficiency = workers.proficiency[ids]
        market_value = self.base_wage(t) * np.exp(proficiency @ self.skill_prices)
        wage = np.array(get(workers.wage)) * (1.0 + policy.annual_raise_share)
        target = market_value * self.companies[c].wage_level
        wage += policy.market_matching_share * np.maximum(target - wage, 0.0)
        years = np.maximum((t - workers.reviewed_at[ids]) / WEEKS_PER_YEAR, 1.0 / 52.0)
        gain = proficiency.sum(axis=1) - workers.reviewed_proficiency[ids].sum(axis=1)
        growth = np.maximum(0.0, gain / years)
        workers.reviewed_proficiency[ids] = proficiency
        workers.reviewed_at[ids] = t
        tenure_years = (t - roster.hired_at[: roster.n]) / WEEKS_PER_YEAR
        ties = np.array(get(workers.ties), dtype=float)
        embeddedness = 1.0 - np.exp(-(tenure_years / q.embeddedness_years + ties * q.tie_gain))
        self.peer_influence(c, members)
        for w, wage_w, value_w, growth_w, emb_w in zip(
            members,
            wage.tolist(),
            market_value.tolist(),
            growth.tolist(),
            embeddedness.tolist(),
            strict=True,
        ):
            workers.gig_fit[w] = workers.gig_fit_this_year[w]  # micro-jobs of the past year
            workers.gig_fit_this_year[w] = 0.0
            workers.wage[w] = wage_w
            workers.market_value[w] = value_w
            workers.growth[w] = growth_w
            workers.embeddedness[w] = emb_w
        quality = (
            q.interest_fit_weight
            * (np.array(get(workers.role_fit)) + np.array(get(workers.gig_fit)))
            + q.growth_weight * growth
            + q.embeddedness_weight * embeddedness
            + np.array(get(workers.amenity))
            + np.array(get(workers.match_known))
        )
        age = (t - np.array(get(workers.born_at))) / WEEKS_PER_YEAR
        movers = np.array(get(workers.mover), dtype=bool)
        log_pay = np.log(wage / market_value)
        rate = accepted_offer_rate(self.market, quality, log_pay, embeddedness, age, movers)
        with np.errstate(divide="ignore", over="ignore"):  # rate 0: never
            wait = self.streams["offers"].gen.standard_exponential(len(members)) / rate
        offer_due, arm = workers.offer_due, self.arm
        for w, when in zip(members, (t + wait).tolist(), strict=True):
            offer_due[w] = when
            arm(w)
        if self.trackers:
            self.emit("review", t, -1, c, headcount=len(members))

    def peer_influence(self, c: int, members: list[int]) -> None:
        """Openness moves toward 1 by ``peer_rate`` times the share of colleagues who
        completed a micro-job since the last review."""
        tally = self.tally
        share = len(tally.year_participants[c]) / len(members)
        tally.year_participants[c] = set()
        peer = min(1.0, self.scenario.mindset.peer_rate * share)  # share can exceed 1
        if peer > 0.0:
            roster = self.rosters[c]
            openness = roster.openness[: roster.n]
            openness = openness + peer * (1.0 - openness)
            roster.set_openness_all(openness)
            for w, o in zip(members, openness.tolist(), strict=True):
                self.workers.openness[w] = o
