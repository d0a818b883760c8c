"""Careers: jobs starting and ending, outside offers, quits and match learning.

Each worker has at most four pending events -- the next outside offer they
would accept, the cut of their job, the revelation of their match quality and
a quit out of the labour force -- served by one timer at the earliest
(:meth:`Careers.arm`).

Outside offers are *thinned*: whether a worker takes an offer depends only on
state that is constant between that worker's events, so declined offers are
never simulated. The engine samples the time of the next accepted offer from
a Poisson process with rate ``offer rate x P(accept)``
(:func:`~microjob.engine.rates.accepted_offer_rate`) and draws the accepted
offer from its conditional distribution. Whenever the worker's state changes,
the time is redrawn, which is exact by memorylessness.

A worker quits for another job in two ways -- by taking an outside offer, or
by being hired away into another company's vacancy (``vacancies.py``) -- and
both go through :meth:`Careers.quit_job`. A worker can also quit into
non-employment, out of the labour force for a while (``population.py``).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from microjob.records import EmploymentSpell, SpellReason
from microjob.scenario import WEEKS_PER_YEAR

from .calendar import Timer
from .learning import SkillDynamics
from .rates import _SQRT2, draw_accepted_offer, offer_threshold, search_rate
from .state import UNEMPLOYED

__all__ = ["Careers"]

_WINDOW_COUNT = {
    "quit": "quits",
    "withdraw": "withdrawals",
    "layoff": "layoffs",
    "retire": "retires",
}


class Careers(SkillDynamics):
    """Spells of employment, outside offers and the quits they cause."""

    # ------------------------------------------------------------ job quality
    def job_quality(self, w: int) -> float:
        """How the worker values their job beyond pay (log-wage units)."""
        q, workers = self.job_quality_params, self.workers
        return (
            q.interest_fit_weight * (workers.role_fit[w] + workers.gig_fit[w])
            + q.growth_weight * workers.growth[w]
            + q.embeddedness_weight * workers.embeddedness[w]
            + workers.amenity[w]
            + workers.match_known[w]
            - q.gig_strain_weight * workers.gig_load[w]
        )

    def signal(self, w: int) -> float:
        """Log premium other employers pay for the worker's visible micro-job record."""
        market = self.market
        done = min(self.workers.gigs_done[w], market.gig_signal_max_gigs)
        return market.gig_signal_log_premium * done

    def log_pay_ratio(self, w: int) -> float:
        """Log of pay over what outside employers offer: market value plus the signal."""
        workers = self.workers
        return math.log(workers.wage[w] / workers.market_value[w]) - self.signal(w)

    def threshold(self, w: int) -> float:
        """Offers are taken when premium + amenity exceeds this (log-wage units)."""
        return offer_threshold(
            self.market, self.job_quality(w), self.log_pay_ratio(w), self.workers.embeddedness[w]
        )

    def search_boost(self, w: int, t: float) -> float:
        """Multiplier on the worker's search while a micro-job rejection still stings."""
        if self.workers.rejected_until[w] > t:
            return self.scenario.gigs.rejection_quit_multiplier
        return 1.0

    def embeddedness_of(self, w: int, t: float) -> float:
        """Ties to the company: rise with tenure and with micro-jobs for other teams."""
        q, workers = self.job_quality_params, self.workers
        tenure_years = (t - workers.hired_at[w]) / WEEKS_PER_YEAR
        return 1.0 - math.exp(-(tenure_years / q.embeddedness_years + workers.ties[w] * q.tie_gain))

    def looking(self, w: int, t: float, u: float) -> bool:
        """Whether an employed worker a vacancy reaches is looking (``u`` uniform).

        They are with probability equal to their search rate over the
        unemployed's offer rate (at most 1): the unemployed look full time, and
        people who search less (older, settled, content) rarely see vacancies.
        """
        market, workers = self.market, self.workers
        bar = u * market.unemployed_offer_rate_per_year
        age = (t - workers.born_at[w]) / WEEKS_PER_YEAR
        passive = search_rate(market, age, workers.mover[w], False) * self.search_boost(w, t)
        if bar < passive:  # looking even without searching actively
            return True
        if bar >= passive * market.active_search_multiplier:  # not looking even if active
            return False
        log_pay = self.log_pay_ratio(w)
        return bool(self.job_quality(w) + log_pay < market.active_search_threshold)

    # ---------------------------------------------------------- pending events
    @functools.cached_property
    def _offer_terms(self) -> tuple[float, ...]:
        """The parameters :meth:`offer_rate` reads, in the order it reads them."""
        q, market = self.job_quality_params, self.market
        return (
            q.interest_fit_weight,
            q.growth_weight,
            q.embeddedness_weight,
            q.gig_strain_weight,
            market.gig_signal_log_premium,
            float(market.gig_signal_max_gigs),
            market.switching_cost,
            market.switching_cost_per_embeddedness,
            market.offer_quality_mean,
            market.offer_premium_mean,
            math.hypot(market.offer_premium_sd, market.amenity_sd),
            market.active_search_threshold,
            market.offer_rate_per_year,
            market.offer_rate_reference_age_years,
            market.offer_rate_halving_years,
            market.mover_offer_multiplier,
            market.active_search_multiplier,
        )

    def offer_rate(self, w: int, t: float) -> float:
        """Rate per week of outside offers the employed worker ``w`` would take.

        This is :func:`~microjob.engine.rates.accepted_offer_rate` of the
        worker's :meth:`job_quality`, :meth:`log_pay_ratio`, embeddedness, age
        and mover trait, written out in one function because it runs at every
        change of anyone's situation. Every operation is the same, in the same
        order, so the result is the same float (the tests hold it to that).
        """
        (
            interest_w,
            growth_w,
            embedded_w,
            strain_w,
            signal_premium,
            signal_max,
            switching,
            switching_per_emb,
            quality_mean,
            premium_mean,
            offer_sd,
            active_threshold,
            base_rate,
            reference_age,
            halving,
            mover_mult,
            active_mult,
        ) = self._offer_terms
        workers = self.workers
        emb = workers.embeddedness[w]
        quality = (
            interest_w * (workers.role_fit[w] + workers.gig_fit[w])
            + growth_w * workers.growth[w]
            + embedded_w * emb
            + workers.amenity[w]
            + workers.match_known[w]
            - strain_w * workers.gig_load[w]
        )
        done = workers.gigs_done[w]
        log_pay = math.log(workers.wage[w] / workers.market_value[w]) - signal_premium * (
            done if done < signal_max else signal_max
        )
        threshold = switching + switching_per_emb * emb + quality - quality_mean + log_pay
        z = (threshold - premium_mean) / offer_sd
        age = (t - workers.born_at[w]) / WEEKS_PER_YEAR
        rate = base_rate * 2.0 ** (-(age - reference_age) / halving)
        rate = rate * (mover_mult if workers.mover[w] else 1.0)
        if quality + log_pay < active_threshold:
            rate = rate * active_mult
        return rate * (0.5 * math.erfc(z / _SQRT2)) / WEEKS_PER_YEAR

    def schedule_offer(self, w: int, t: float) -> None:
        """(Re)draw the time of the worker's next accepted outside offer."""
        workers = self.workers
        workers.offer_due[w] = math.inf
        c = workers.employer[w]
        if c < UNEMPLOYED:  # retired, or out of the labour force: no search
            self.arm(w)
            return
        if c == UNEMPLOYED:
            rate = self.market.unemployed_offer_rate_per_year / WEEKS_PER_YEAR
            stream = self.streams["unemployment"]
        else:
            rate = self.offer_rate(w, t)
            stream = self.streams["offers"]
        if rate > 0.0:
            e = stream.exp()
            until = workers.rejected_until[w]
            if until > t:  # a higher hazard until ``until``, then the usual one
                boosted = rate * self.scenario.gigs.rejection_quit_multiplier
                if e < boosted * (until - t):
                    workers.offer_due[w] = t + e / boosted
                else:
                    workers.offer_due[w] = until + (e - boosted * (until - t)) / rate
            else:
                workers.offer_due[w] = t + e / rate
        self.arm(w)

    def arm(self, w: int) -> None:
        """Keep the worker's one timer at the earliest of their due times.

        A timer is replaced only when that earliest time changes, so no timer
        ever fires with nothing to do, and none is set past the end of the run.
        """
        workers = self.workers
        due = workers.offer_due[w]
        layoff, reveal = workers.layoff_due[w], workers.reveal_due[w]
        withdraw = workers.withdraw_due[w]
        if layoff < due:
            due = layoff
        if reveal < due:
            due = reveal
        if withdraw < due:
            due = withdraw
        if due == workers.timer_due[w]:
            return
        calendar = self.calendar
        calendar.cancel(workers.timer[w])
        if due < self.end:
            workers.timer[w] = calendar.call_later(max(0.0, due - calendar.now), w, self.on_due)
            workers.timer_due[w] = due
        else:
            workers.timer[w] = None
            workers.timer_due[w] = math.inf

    def on_due(self, timer: Timer) -> None:
        """The worker's timer fired: handle whichever of their events is due."""
        self.events += 1
        w = timer.value
        workers = self.workers
        workers.timer[w] = None
        workers.timer_due[w] = math.inf
        offer, layoff, reveal = workers.offer_due[w], workers.layoff_due[w], workers.reveal_due[w]
        withdraw = workers.withdraw_due[w]
        if withdraw < offer and withdraw < layoff and withdraw < reveal:
            workers.withdraw_due[w] = math.inf
            self.withdraw(w)
        elif reveal <= layoff and reveal <= offer:
            workers.reveal_due[w] = math.inf
            self.reveal(w)
        elif layoff <= offer:
            workers.layoff_due[w] = math.inf
            self.job_cut(w)
        else:
            workers.offer_due[w] = math.inf
            self.accept_offer(w)
        self.arm(w)

    # ------------------------------------------------------------------ offers
    def accept_offer(self, w: int) -> None:
        """The worker's next accepted outside offer has come: they take it."""
        t = self.calendar.now
        market, workers = self.market, self.workers
        if workers.employer[w] == UNEMPLOYED:
            self.advance(w, t)
            workers.market_value[w] = self.value_on_market(w, t)
            draws = self.streams["unemployment"]
            premium = -market.unemployed_wage_penalty + market.offer_premium_sd * draws.normal()
            amenity = market.amenity_sd * draws.normal()
        else:
            premium, amenity = draw_accepted_offer(
                market, self.threshold(w), self.streams["offers"]
            )
            self.quit_job(w, t)
        role = self.pick_outside_role(w)
        premium += self.signal(w)
        wage = workers.market_value[w] * self.companies[self.outside].wage_level * math.exp(premium)
        self.start_spell(w, self.outside, -1, role, wage, amenity, t)

    def pick_outside_role(self, w: int) -> int:
        """People look for work they want: the best interest fit among a few
        outside roles drawn at random (``outside_roles_considered``)."""
        draws = self.streams["roles"]
        fits = self.workers.outside_role_fit[w]
        n = len(fits)
        best, best_fit = 0, -1.0
        for _ in range(self.market.outside_roles_considered):
            r = int(draws.uniform() * n)
            if fits[r] > best_fit:
                best, best_fit = r, fits[r]
        return best

    def quit_job(self, w: int, t: float) -> None:
        """The worker quits for a job elsewhere, which the caller starts at once."""
        self.end_spell(w, t, "quit", next_job=True)

    # ------------------------------------------------------------ match quality
    def new_match(self, w: int, t: float) -> None:
        """Draw the (hidden) match quality of a new job; it is revealed later
        (Jovanovic 1979), which is armed by the caller."""
        draws = self.streams["match"]
        q, workers = self.job_quality_params, self.workers
        workers.match[w] = q.match_sd * draws.normal()
        workers.match_known[w] = 0.0
        workers.reveal_due[w] = t + draws.exp() * q.match_reveal_weeks

    def reveal(self, w: int) -> None:
        """The worker learns how good the match with their job is."""
        workers = self.workers
        workers.match_known[w] = workers.match[w]
        t = self.calendar.now
        self.schedule_offer(w, t)
        if self.trackers:
            self.emit("match_revealed", t, w, workers.employer[w], match=workers.match[w])

    # ------------------------------------------------------------------ spells
    def start_spell(
        self, w: int, c: int, position: int, role: int, wage: float, amenity: float, t: float
    ) -> None:
        """Worker ``w`` starts a job in ``role`` (at ``position``) of company ``c``."""
        self.advance(w, t)
        workers = self.workers
        workers.employer[w] = c
        workers.position[w] = position
        workers.role[w] = role
        workers.hired_at[w] = t
        workers.age_at_hire[w] = (t - workers.born_at[w]) / WEEKS_PER_YEAR
        workers.wage[w] = wage
        workers.amenity[w] = amenity
        workers.market_value[w] = self.value_on_market(w, t)
        workers.embeddedness[w] = 0.0
        workers.ties[w] = 0
        workers.gig_fit[w] = workers.gig_fit_this_year[w] = 0.0
        workers.jobs_held[w] += 1
        score = None
        if self.posts_gigs[c]:  # interest in each team's micro-jobs
            score = np.minimum(1.0, workers.interest[w] @ self.roles[c].teach_score)
        workers.roster_pos[w] = self.rosters[c].add(w, t, workers.openness[w], role, score)
        tally = self.tally
        tally.hires[c] += 1
        tally.headcount_change(c, t, +1)
        if c < self.n_simulated:
            self.positions[c].holder[position] = w
            self.close_vacancy(c, position, t)
            if t >= self.window_start:
                tally.window_employees.add(w)
        self.new_match(w, t)
        self.set_use(w)
        self.draw_layoff(w, t)
        self.draw_withdrawal(w, t)
        self.schedule_offer(w, t)  # also arms the worker's timer
        if self.trackers:
            self.emit("hire", t, w, c, role=self.roles[c].names[role], wage=wage)

    def end_spell(self, w: int, t: float, reason: SpellReason, *, next_job: bool = False) -> None:
        """Close the worker's current spell; ``next_job`` when a hire follows at once.

        Micro-jobs in progress end unfinished, the spell is recorded if it
        reaches into the window, and the worker's position falls vacant.
        """
        workers, tally = self.workers, self.tally
        c = workers.employer[w]
        self.advance(w, t)
        workers.offer_due[w] = workers.layoff_due[w] = workers.reveal_due[w] = math.inf
        workers.withdraw_due[w] = math.inf
        self.arm(w)
        for gig in workers.active_gigs[w]:
            self.calendar.cancel(gig.timer)
            self.finish_gig(gig, t, completed=False)
        workers.active_gigs[w] = []
        workers.gig_load[w] = 0.0
        start = workers.hired_at[w]
        window_start = self.window_start
        if t >= window_start:
            self.spells.append(
                EmploymentSpell(
                    w, c, start, t, reason, False, workers.age_at_hire[w], start < window_start
                )
            )
            if c < self.n_simulated:
                window = tally.window
                window[_WINDOW_COUNT[reason]][c] += 1
                window["replacement_cost"][c] += (
                    self.companies[c].replacement_cost_share * workers.wage[w] / self.wage_index(t)
                )
        moved = self.rosters[c].remove(workers.roster_pos[w])
        if moved >= 0:
            workers.roster_pos[moved] = workers.roster_pos[w]
        workers.roster_pos[w] = -1
        tally.separations[c] += 1
        tally.headcount_change(c, t, -1)
        if c < self.n_simulated:
            position = workers.position[w]
            self.positions[c].holder[position] = -1
            self.open_vacancy(c, position, t, workers.wage[w])
        workers.employer[w] = UNEMPLOYED
        workers.position[w] = workers.role[w] = -1
        workers.ties[w] = 0
        workers.embeddedness[w] = 0.0
        if not next_job:
            self.set_use(w)
        if self.trackers:
            self.emit(reason, t, w, c)
