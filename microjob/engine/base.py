"""What every room of the engine shares: the run's state and the transitions.

:class:`EngineBase` holds one run's state (scenario parameters, the calendar,
the random streams, the worker table, companies' roles, positions and rosters,
the tallies and the records) and declares the **transitions** through which
the rooms call one another: starting and ending a spell, drawing the next
offer, opening and closing a vacancy, moving inside a company, ending a
micro-job. Each room (a module of this package) defines the transitions of
its mechanism; :class:`microjob.engine.core.Engine` puts the rooms together.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Sequence
from typing import Any, Literal

import numpy as np

from microjob.policies import Policy
from microjob.records import EmploymentSpell, GigRecord, InternalMove, SimEvent, SpellReason
from microjob.scenario import Scenario

from .calendar import Calendar
from .state import Positions, Roles, Roster, Tally, Workers
from .streams import STREAMS, Stream, named_stream

__all__ = ["EngineBase", "MoveReason"]

MoveReason = Literal["vacancy", "redeployment"]


class EngineBase:
    """One run's state, and the transitions between the engine's rooms."""

    def __init__(
        self, scenario: Scenario, root: np.random.SeedSequence, trackers: Sequence[Any]
    ) -> None:
        self.scenario = scenario
        self.market, self.job_quality_params = scenario.market, scenario.quality
        self.learning = scenario.learning
        self.trackers = tuple(trackers)
        self.calendar = Calendar()
        self.events = 0
        """Model events handled so far."""
        self.window_start = scenario.warmup_weeks
        self.end = scenario.end_weeks
        self.streams: dict[str, Stream] = {n: named_stream(root, n) for n in STREAMS}
        self.companies = (*scenario.companies, scenario.outside)
        self.n_simulated = len(scenario.companies)
        """Number of simulated companies; company indices from 0, the outside market last."""
        self.outside = self.n_simulated
        self.policies: list[Policy] = [c.policy for c in self.companies]
        self.posts_gigs = [
            c < self.n_simulated and p.gigs_per_employee_year > 0
            for c, p in enumerate(self.policies)
        ]
        self.catalog = scenario.catalog
        self.n_skills = len(scenario.catalog)
        self.similarity = scenario.catalog.matrix()
        market = self.market
        prices = self.streams["prices"].gen.normal(
            market.skill_price_mean, market.skill_price_sd, self.n_skills
        )
        self.skill_prices = np.maximum(0.0, prices)
        """Log-wage value of full proficiency in each skill (drawn once per run)."""
        self.forget_rate = math.log(2.0) / self.learning.forgetting_half_life_weeks
        self.zeros_k = np.zeros(self.n_skills)
        self.floor_share_k = np.full(self.n_skills, self.learning.forgetting_floor_share)
        self.roles = [
            Roles(
                company,
                self.catalog,
                self.similarity,
                self.learning.learning_rate_per_week,
                self.forget_rate,
                scenario.mindset.interest_reference,
            )
            for company in self.companies
        ]
        self.positions = [Positions(company) for company in scenario.companies]
        # The outside market posts no micro-jobs and fills nothing from inside, so
        # its roster needs no per-team rows.
        self.rosters = [Roster(len(r.names)) for r in self.roles[: self.n_simulated]]
        self.rosters.append(Roster(0))
        self.tally = Tally(len(self.companies), self.window_start)
        self.role_fit_cache: dict[tuple[int, int, int], float] = {}
        """Interest fit of role r of company c for worker w, by (w, c, r)."""
        self.gig_fit_cache: dict[tuple[int, int, int], float] = {}
        """Interest fit a micro-job of team t of company c adds per unit of effort, by (w, c, t)."""
        self.spells: list[EmploymentSpell] = []
        self.gig_records: list[GigRecord] = []
        self.moves: list[InternalMove] = []
        self.next_gig_id = 0
        self.labour_force_size = 0
        self.headcount_initial: list[int] = []
        self.workers = Workers(self.n_skills, 64)

    def emit(self, kind: str, t: float, worker: int = -1, company: int = -1, **detail: Any) -> None:
        """Show an event to every tracker (callers check ``self.trackers`` first)."""
        event = SimEvent(time=t, kind=kind, worker=worker, company=company, detail=detail)
        for tracker in self.trackers:
            tracker.observe(event)

    # ---------------------------------------------------------- transitions
    # Defined by the rooms named; declared here so that every room can call them.

    def start_spell(
        self, w: int, c: int, position: int, role: int, wage: float, amenity: float, t: float
    ) -> None:
        """careers: worker ``w`` starts a job in ``role`` (at ``position``) of company ``c``."""
        raise NotImplementedError

    def end_spell(self, w: int, t: float, reason: SpellReason, *, next_job: bool = False) -> None:
        """careers: worker ``w``'s current job ends (``next_job``: a hire follows at once)."""
        raise NotImplementedError

    def quit_job(self, w: int, t: float) -> None:
        """careers: the one quit path, for a worker leaving for a job elsewhere."""
        raise NotImplementedError

    def schedule_offer(self, w: int, t: float) -> None:
        """careers: (re)draw the time of the worker's next accepted outside offer."""
        raise NotImplementedError

    def arm(self, w: int) -> None:
        """careers: keep the worker's timer at the earliest of their due events."""
        raise NotImplementedError

    def new_match(self, w: int, t: float) -> None:
        """careers: draw the hidden match quality of a new job."""
        raise NotImplementedError

    def draw_withdrawal(self, w: int, t: float) -> None:
        """population: draw when the worker will quit out of the labour force."""
        raise NotImplementedError

    def withdraw(self, w: int) -> None:
        """population: the worker quits into non-employment, out of the labour force."""
        raise NotImplementedError

    def draw_layoff(self, w: int, t: float) -> None:
        """layoffs: draw when the worker's job will be cut."""
        raise NotImplementedError

    def job_cut(self, w: int) -> None:
        """layoffs: the worker's job is cut now."""
        raise NotImplementedError

    def open_vacancy(self, c: int, position: int, t: float, wage: float) -> None:
        """vacancies: a position falls vacant; its fill is scheduled."""
        raise NotImplementedError

    def close_vacancy(self, c: int, position: int, t: float) -> None:
        """vacancies: a vacant position is filled (its pending fill cancelled)."""
        raise NotImplementedError

    def internal_move(self, w: int, c: int, position: int, t: float, via: MoveReason) -> None:
        """vacancies: worker ``w`` moves to another position of their company."""
        raise NotImplementedError

    def review_process(self, c: int) -> Generator[Any, Any, None]:
        """reviews: SimPy process of company ``c``'s annual reviews."""
        raise NotImplementedError

    def gig_process(self, c: int) -> Generator[Any, Any, None]:
        """microjobs: SimPy process of company ``c``'s micro-job postings."""
        raise NotImplementedError

    def finish_gig(self, gig: Any, t: float, *, completed: bool) -> None:
        """microjobs: a micro-job ends (completed, or cut short by its worker leaving)."""
        raise NotImplementedError
