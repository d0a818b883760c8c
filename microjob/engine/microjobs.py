"""Micro-jobs: short internal projects, posted, matched and completed.

A company whose policy posts micro-jobs does so as a Poisson process at
``gigs_per_employee_year`` per employee (thinned from the rate at full
headcount). A posting belongs to a team (drawn with the positions), requires
one or two of the team's skills at a minimum level and teaches the team's
skills. Employees past the minimum tenure with spare capacity (micro-job
effort under ``time_share``) apply with probability openness x interest in
what it teaches, if their skills on record reach the requirements less the
``stretch_margin``; the policy's matcher picks one. On completion the worker
learns (taught skills and their neighbours, at a rate set by the effort),
gains a tie to the team if it is not their own, gains interest fit, earns the
bonus, and their openness moves toward how interesting the work was.

Each benefit has its cost beside it (``GigDesign`` and ``JobQuality``
switches, all off at 0 or 1): time on micro-jobs strains the worker while it
lasts (``gig_strain_weight``) and costs the home role output
(``role_output_lost_share``, counted in the cost measures); applicants not
chosen search harder for a while (``rejection_quit_multiplier``); a share of
micro-jobs go badly (``bad_experience_share``), taking interest fit away and
pulling openness toward 0; and a visible track record raises outside offers
(``Market.gig_signal_log_premium``, in ``careers.py``).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import attrs
import numpy as np

from microjob.model import MicroJob
from microjob.records import GigRecord
from microjob.scenario import WEEKS_PER_YEAR

from .calendar import Timer
from .careers import Careers

__all__ = ["ActiveGig", "MicroJobs", "Posting"]


@attrs.define(slots=True)
class Posting:
    """A micro-job as posted: its team, requirements and terms."""

    id: int
    company: int
    team: int
    required: list[int]
    """Skill indices required."""
    levels: list[float]
    """Minimum proficiency in each required skill."""
    teaches: np.ndarray
    duration_weeks: float
    effort_share: float


class ActiveGig:
    """A micro-job in progress: who does it, since when, and what it teaches."""

    __slots__ = (
        "company",
        "effort",
        "id",
        "learn_rate",
        "score",
        "start",
        "teach",
        "team",
        "timer",
        "worker",
    )

    def __init__(
        self, posting: Posting, start: float, worker: int, score: float, learn_rate: np.ndarray
    ) -> None:
        self.id = posting.id
        self.company = posting.company
        self.team = posting.team
        self.teach = posting.teaches
        self.effort = posting.effort_share
        self.start = start
        self.worker = worker
        self.score = score
        """The worker's interest in what the job teaches."""
        self.learn_rate = learn_rate
        """Learning rate per week over the skills the team's micro-jobs move."""
        self.timer: Timer | None = None


class MicroJobs(Careers):
    """The internal micro-job marketplace of companies whose policy has one."""

    def gig_process(self, c: int) -> Generator[Any, Any, None]:
        """SimPy process: company ``c``'s postings, proportional to its headcount."""
        draws = self.streams["gigs"]
        n_positions = len(self.positions[c])
        rate_max = self.policies[c].gigs_per_employee_year / WEEKS_PER_YEAR * n_positions
        if not rate_max > 0.0:  # a rate that underflows to zero posts nothing
            return
        while True:
            yield self.calendar.timeout(draws.exp() / rate_max)
            # Thinning: postings are proportional to current headcount (<= positions).
            if draws.uniform() * n_positions < self.tally.headcount[c]:
                self.events += 1
                self.post_gig(c, self.calendar.now)

    def draw_posting(self, c: int) -> Posting:
        """Draw a posting of company ``c``: team, required skills and levels, terms."""
        draws = self.streams["gigs"]
        design = self.scenario.gigs
        roles = self.positions[c].role
        team = roles[int(draws.uniform() * len(roles))]
        teaches = self.roles[c].skills[team]
        k = len(teaches)
        first = int(draws.uniform() * k)
        required = [int(teaches[first])]
        if k > 1 and draws.uniform() >= 1.0 - design.second_skill_share:
            required.append(int(teaches[(first + 1 + int(draws.uniform() * (k - 1))) % k]))
        span = design.required_level_max - design.required_level_min
        levels = [design.required_level_min + span * draws.uniform() for _ in required]
        duration = design.duration_median_weeks * math.exp(design.duration_log_sd * draws.normal())
        effort_span = design.effort_max_share - design.effort_min_share
        effort = design.effort_min_share + draws.uniform() * effort_span
        gid = self.next_gig_id
        self.next_gig_id += 1
        return Posting(gid, c, team, required, levels, teaches, duration, effort)

    def post_gig(self, c: int, t: float) -> None:
        """Company ``c`` posts a micro-job: who applies, who gets it."""
        posting = self.draw_posting(c)
        in_window = t >= self.window_start
        if in_window:
            self.tally.window["gigs_posted"][c] += 1
        if self.trackers:
            posted = self.public_micro_job(posting, 0.0, "open")
            self.emit(
                "gig_posted",
                t,
                -1,
                c,
                job=posting.id,
                team=posting.team,
                effort=posting.effort_share,
                micro_job=posted,
            )
        ids, fit, interest = self.applicants(posting, t)
        if not len(ids):
            if self.trackers:
                unfilled = attrs.evolve(posted, status="unfilled")
                self.emit("gig_unfilled", t, -1, c, job=posting.id, micro_job=unfilled)
            return
        pick = self.policies[c].matcher.choose(fit, interest, self.streams["matching"].gen)
        self.assign(posting, int(ids[pick]), float(interest[pick]), t)
        if self.scenario.gigs.rejection_quit_multiplier > 1.0 and len(ids) > 1:
            self.reject(np.delete(ids, pick).tolist(), t)
        if self.trackers:
            w = int(ids[pick])
            bonus = self.policies[c].bonus_share * self.workers.wage[w]
            filled = attrs.evolve(posted, bonus=bonus, status="filled")
            self.emit(
                "gig_start",
                t,
                w,
                c,
                job=posting.id,
                duration=posting.duration_weeks,
                micro_job=filled,
            )

    def applicants(self, posting: Posting, t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Eligible applicants for a posting: worker ids, skill fit and interest.

        Every employee past the minimum tenure with spare capacity applies with
        probability openness x interest in what the job teaches. Requirements
        (less the stretch margin) are checked against the skill profile on
        record, i.e. as of each worker's last event. Skill fit is the mean over
        requirements of min(1, proficiency / level).
        """
        policy = self.policies[posting.company]
        roster = self.rosters[posting.company]
        n = roster.n
        data = roster.data[:, :n]
        applied = self.streams["applications"].uniforms(n) < data[roster.apply_row + posting.team]
        applied &= data[roster.HIRED_AT] <= t - policy.min_tenure_weeks
        applied &= data[roster.LOAD] <= policy.time_share - posting.effort_share + 1e-12
        ids = roster.ids[:n][applied]
        margin = policy.stretch_margin
        proficiency = self.workers.proficiency
        levels = posting.levels
        have = [proficiency[:, skill][ids] for skill in posting.required]
        ok = have[0] >= levels[0] - margin
        for skill_have, level in zip(have[1:], levels[1:], strict=True):
            ok &= skill_have >= level - margin
        ids = ids[ok]
        if not len(ids):
            return ids, ids, ids
        fit = np.minimum(1.0, have[0][ok] / max(levels[0], 1e-9))
        for skill_have, level in zip(have[1:], levels[1:], strict=True):
            fit = (fit + np.minimum(1.0, skill_have[ok] / max(level, 1e-9))) * 0.5
        interest = data[roster.score_row + posting.team][applied][ok]
        return ids, fit, interest

    def reject(self, rejected: list[int], t: float) -> None:
        """Applicants not chosen search harder for ``rejection_effect_weeks``."""
        until = t + self.scenario.gigs.rejection_effect_weeks
        workers = self.workers
        for w in rejected:
            workers.rejected_until[w] = until
            self.schedule_offer(w, t)

    def assign(self, posting: Posting, w: int, score: float, t: float) -> None:
        """Worker ``w`` starts the micro-job; it ends after its duration."""
        c, effort = posting.company, posting.effort_share
        if t >= self.window_start:
            window = self.tally.window
            window["gigs_filled"][c] += 1
            window["gig_effort"][c] += effort
        spill = self.roles[c].gig_spill[posting.team]
        learn_rate = spill * (effort * self.learning.learning_rate_per_week)
        gig = ActiveGig(posting, t, w, score, learn_rate)
        workers = self.workers
        workers.gig_load[w] += effort
        self.rosters[c].load[workers.roster_pos[w]] = workers.gig_load[w]
        workers.active_gigs[w].append(gig)
        if t + posting.duration_weeks < self.end:
            gig.timer = self.calendar.call_later(posting.duration_weeks, gig, self.on_gig_end)
        if self.job_quality_params.gig_strain_weight > 0.0:  # job quality fell: redraw
            self.schedule_offer(w, t)

    def public_micro_job(self, posting: Posting, bonus: float, status: str) -> MicroJob:
        """The public description of a posting, built only for trackers."""
        names = self.catalog.names
        required = zip(posting.required, posting.levels, strict=True)
        return MicroJob(
            id=posting.id,
            company=posting.company,
            required={names[k]: level for k, level in required},
            teaches=tuple(names[k] for k in posting.teaches),
            duration_weeks=posting.duration_weeks,
            effort_share=posting.effort_share,
            bonus=bonus,
            status=status,  # type: ignore[arg-type]
        )

    def on_gig_end(self, timer: Timer) -> None:
        """A micro-job is completed: ties, interest fit, openness, then a new offer draw."""
        self.events += 1
        gig: ActiveGig = timer.value
        w, c, team, t = gig.worker, gig.company, gig.team, self.calendar.now
        workers = self.workers
        workers.active_gigs[w].remove(gig)
        load = workers.gig_load[w] = max(0.0, workers.gig_load[w] - gig.effort)
        roster = self.rosters[c]
        pos = workers.roster_pos[w]
        roster.data[roster.LOAD, pos] = load
        self.finish_gig(gig, t, completed=True)
        if team != workers.role[w]:
            roster.data[roster.ties_row + team, pos] += 1.0
            workers.ties[w] += 1
        workers.embeddedness[w] = self.embeddedness_of(w, t)
        # Interest fit: the share of working time spent on wanted skills rises by
        # the micro-job's effort times the share of its skills the worker wants.
        key = (w, c, team)
        want_share = self.gig_fit_cache.get(key)
        if want_share is None:
            want_share = float(workers.wants[w] @ self.roles[c].team_share[team])
            self.gig_fit_cache[key] = want_share
        fit_gain = gig.effort * want_share
        went_to = gig.score
        bad_share = self.scenario.gigs.bad_experience_share
        if bad_share > 0.0 and self.streams["experience"].uniform() < bad_share:
            fit_gain, went_to = -fit_gain, 0.0  # it went badly
        workers.gig_fit[w] += fit_gain
        workers.gig_fit_this_year[w] += fit_gain
        openness = workers.openness[w]
        openness += self.scenario.mindset.experience_rate * (went_to - openness)
        workers.openness[w] = openness
        roster.set_openness(pos, openness)
        workers.market_value[w] = self.value_on_market(w, t)
        workers.gigs_done[w] += 1
        self.tally.year_participants[c].add(w)
        self.schedule_offer(w, t)

    def finish_gig(self, gig: ActiveGig, t: float, *, completed: bool) -> None:
        """The micro-job's own learning, applied when it ends (or its worker leaves):
        taught skills and their neighbours move toward 1 at rate eta x effort for
        the weeks worked, on top of the role's learning; then the record."""
        w, c = gig.worker, gig.company
        self.advance(w, t)
        workers = self.workers
        team = gig.team
        moved = self.roles[c].gig_skills[team]
        p = workers.proficiency[w]
        old = p[moved]
        new = 1.0 - (1.0 - old) * np.exp(gig.learn_rate * -(t - gig.start))
        gained = float(np.add.reduce(new - old))
        p[moved] = new
        peak = workers.peak[w]
        peak[moved] = np.maximum(peak[moved], new)
        workers.growth[w] += gained
        c_now, r = workers.employer[w], workers.role[w]
        if c_now == c:  # always so far: micro-jobs end before their worker leaves
            covered = self.roles[c].gig_covered[r][team]
        else:
            covered = c_now < 0 or bool(self.roles[c_now].used[r][moved].all())
        if not covered:  # a skill the role does not use has a new peak: its floor moves
            self.refresh_target(w, c_now, r)
        bonus = self.policies[c].bonus_share * workers.wage[w] if completed else 0.0
        weeks_in_window = t - max(gig.start, self.window_start)
        if weeks_in_window > 0.0:  # output the home role lost, in time-0 currency
            lost = self.scenario.gigs.role_output_lost_share * gig.effort * weeks_in_window
            weekly_wage = workers.wage[w] / WEEKS_PER_YEAR / self.wage_index(t)
            self.tally.window["gig_output_cost"][c] += lost * weekly_wage
        if gig.start >= self.window_start:
            self.tally.gig_participants.add(w)
            self.gig_records.append(
                GigRecord(gig.id, w, c, gig.start, t, gig.effort, gained, bonus, completed)
            )
        if self.trackers:
            self.emit("gig_end", t, w, c, job=gig.id, completed=completed, bonus=bonus)
