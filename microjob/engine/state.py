"""The engine's state: the worker table, company positions and rosters, run tallies.

Everything a run changes lives in the classes here, with a name per column:

* :class:`Workers` -- one entry per person who ever entered the labour force.
  Skill vectors sit side by side in one (workers, vectors, skills) block, so
  the vectors one event touches share a few cache lines; scalars live in
  Python lists, which are cheaper than arrays one element at a time.
* :class:`Roles` -- what a company's roles ask and teach (constant per run).
* :class:`Positions` -- a simulated company's positions: who holds each, and
  the vacant ones with their pending fills.
* :class:`Roster` -- a company's employees as columns of one array, for
  company-wide events (reviews, micro-job postings) that read a quantity over
  all members at once.
* :class:`Tally` -- counters of the whole run and of the measurement window.

The mechanisms (the other modules of this package) read and change this
state; none keeps state of its own.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from microjob.model import Company, SkillCatalog

__all__ = [
    "INACTIVE",
    "RETIRED",
    "SKILL_VECTORS",
    "UNEMPLOYED",
    "WINDOW_COUNTS",
    "Positions",
    "Roles",
    "Roster",
    "Tally",
    "Workers",
]

UNEMPLOYED = -1
"""``Workers.employer`` of someone in the labour force without a job."""
RETIRED = -2
"""``Workers.employer`` of someone who has left the labour force."""
INACTIVE = -3
"""``Workers.employer`` of someone out of the labour force for a while (caring, studying,
between careers), who will come back as a job seeker unless they retire first."""

SKILL_VECTORS = (
    "proficiency",
    "peak",
    "rate",
    "target",
    "entry_proficiency",
    "reviewed_proficiency",
    "interest",
    "wants",
)
"""Per-worker vectors over skills: proficiency, its peak, the rate and target of its
dynamics, proficiency on entering the labour force and at the last review, interests,
and which skills the worker wants to learn (interest above an even spread)."""

WINDOW_COUNTS = (
    "quits",
    "withdrawals",
    "layoffs",
    "retires",
    "internal_moves",
    "redeployments",
    "gigs_posted",
    "gigs_filled",
    "gig_effort",
    "gig_output_cost",
    "replacement_cost",
    "vacancy_cost",
    "vacancy_weeks",
)
"""Per-company counts and sums over the measurement window."""


class Workers:
    """The worker table. Worker ids are row numbers, in order of entry.

    Skill vectors (``SKILL_VECTORS``) are (capacity, skills) views into one
    block; ``skills_at`` is when each worker's skills were last brought up to
    date (lazy updating) and ``reviewed_at`` the time of their last review.
    The block doubles when full (:meth:`grow`).
    """

    proficiency: np.ndarray
    peak: np.ndarray
    rate: np.ndarray
    target: np.ndarray
    entry_proficiency: np.ndarray
    reviewed_proficiency: np.ndarray
    interest: np.ndarray
    wants: np.ndarray

    def __init__(self, n_skills: int, capacity: int) -> None:
        self.capacity = capacity
        self.n = 0
        self._set_block(np.zeros((capacity, len(SKILL_VECTORS), n_skills)))
        self.skills_at = np.zeros(capacity)
        self.reviewed_at = np.zeros(capacity)
        # Life course (weeks).
        self.born_at: list[float] = []
        self.entered_at: list[float] = []
        self.retires_at: list[float] = []
        self.exited_at: list[float] = []
        # Traits.
        self.mover: list[bool] = []
        self.openness: list[float] = []
        self.outside_role_fit: list[list[float]] = []
        """Interest fit of each outside role (constant per worker)."""
        # The current job.
        self.employer: list[int] = []
        self.position: list[int] = []
        self.role: list[int] = []
        self.hired_at: list[float] = []
        self.age_at_hire: list[float] = []
        self.wage: list[float] = []
        self.market_value: list[float] = []
        self.roster_pos: list[int] = []
        # Job quality and its parts (log-wage units).
        self.role_fit: list[float] = []
        """Interest fit of the role: share of working time on wanted skills."""
        self.gig_fit: list[float] = []
        """Interest fit added by micro-jobs, as counted at the last review (or since)."""
        self.gig_fit_this_year: list[float] = []
        """Interest fit added by micro-jobs since the last review."""
        self.growth: list[float] = []
        self.embeddedness: list[float] = []
        self.amenity: list[float] = []
        self.match: list[float] = []
        """Match quality with the current job (hidden until revealed)."""
        self.match_known: list[float] = []
        self.ties: list[int] = []
        """Micro-jobs done for other teams in the current job."""
        # Micro-jobs in progress.
        self.gig_load: list[float] = []
        self.active_gigs: list[list[Any]] = []
        # Pending events (weeks; inf when none), served by one timer at the earliest.
        self.offer_due: list[float] = []
        self.layoff_due: list[float] = []
        self.reveal_due: list[float] = []
        self.withdraw_due: list[float] = []
        self.rejected_until: list[float] = []
        """End of the effect of the worker's last rejection for a micro-job (weeks)."""
        self.timer: list[Any] = []
        self.timer_due: list[float] = []
        # Counters and values at the start of the measurement window (or entry).
        self.jobs_held: list[int] = []
        self.gigs_done: list[int] = []
        self.window_skill_sum: list[float] = []
        self.window_skill_at: list[float] = []
        self.window_wage: list[float] = []
        # Everyone in the labour force (not retired, not out of it), for drawing candidates.
        self.active: list[int] = []
        self.active_pos: list[int] = []

    def _set_block(self, block: np.ndarray) -> None:
        self.skill_block = block
        for i, name in enumerate(SKILL_VECTORS):
            setattr(self, name, block[:, i])

    def grow(self) -> None:
        """Double the capacity of the array columns."""
        new = self.capacity * 2
        block = np.zeros((new, *self.skill_block.shape[1:]))
        block[: self.capacity] = self.skill_block
        self._set_block(block)
        for name in ("skills_at", "reviewed_at"):
            column = np.zeros(new)
            column[: self.capacity] = getattr(self, name)
            setattr(self, name, column)
        self.capacity = new

    def append_scalars(self, values: dict[str, Any]) -> int:
        """Add a row: every scalar column gets its value from ``values`` or its
        default (not employed, nothing due). Returns the new worker's id."""
        if self.n == self.capacity:
            self.grow()
        w = self.n
        self.n += 1
        for name, default in _SCALAR_DEFAULTS:
            getattr(self, name).append(values.get(name, default))
        self.active_pos.append(len(self.active))
        self.active.append(w)
        return w

    def rejoin_labour_force(self, w: int) -> None:
        """Put ``w`` back into ``active`` (after a spell out of the labour force)."""
        self.active_pos[w] = len(self.active)
        self.active.append(w)

    def leave_labour_force(self, w: int) -> None:
        """Remove ``w`` from ``active`` (swap with the last entry)."""
        pos = self.active_pos[w]
        last = self.active[-1]
        self.active[pos] = last
        self.active_pos[last] = pos
        self.active.pop()


_SCALAR_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("born_at", math.nan),
    ("entered_at", math.nan),
    ("retires_at", math.inf),
    ("exited_at", math.inf),
    ("mover", False),
    ("openness", 0.0),
    ("outside_role_fit", None),
    ("employer", UNEMPLOYED),
    ("position", -1),
    ("role", -1),
    ("hired_at", math.nan),
    ("age_at_hire", math.nan),
    ("wage", 0.0),
    ("market_value", math.nan),
    ("roster_pos", -1),
    ("role_fit", 0.0),
    ("gig_fit", 0.0),
    ("gig_fit_this_year", 0.0),
    ("growth", 0.0),
    ("embeddedness", 0.0),
    ("amenity", 0.0),
    ("match", 0.0),
    ("match_known", 0.0),
    ("ties", 0),
    ("gig_load", 0.0),
    ("active_gigs", None),
    ("offer_due", math.inf),
    ("layoff_due", math.inf),
    ("reveal_due", math.inf),
    ("withdraw_due", math.inf),
    ("rejected_until", -math.inf),
    ("timer", None),
    ("timer_due", math.inf),
    ("jobs_held", 0),
    ("gigs_done", 0),
    ("window_skill_sum", math.nan),
    ("window_skill_at", math.nan),
    ("window_wage", math.nan),
)


class Roles:
    """What one company's roles ask and teach, as arrays (constant during a run).

    A role's skills, with their weights normalised to time shares, are also
    what its team's micro-jobs teach (equal shares over the team's skills).
    ``similarity`` spreads learning to neighbouring skills ("spillover").
    """

    def __init__(
        self,
        company: Company,
        catalog: SkillCatalog,
        similarity: np.ndarray,
        learning_rate_per_week: float,
        forget_rate_per_week: float,
        interest_reference: float,
    ) -> None:
        weights = np.array([catalog.vector(r.skills) for r in company.roles])
        self.names = [r.name for r in company.roles]
        self.share = weights / weights.sum(axis=1, keepdims=True)
        """Time shares over skills, (roles, skills); rows sum to 1."""
        self.use = np.minimum(1.0, self.share @ similarity)
        """Effective use of each skill, spillover included, (roles, skills)."""
        self.used = self.use > 0.0
        self.learn_rate = np.where(
            self.used, learning_rate_per_week * self.use, forget_rate_per_week
        )
        """Rate of the skill dynamics in the role (per week): learning or forgetting."""
        self.skills = [np.flatnonzero(row) for row in self.share]
        """The skills each role (and its team's micro-jobs) works with."""
        self.team_share = (self.share > 0) / (self.share > 0).sum(axis=1, keepdims=True)
        """Equal time shares over each team's skills: what its micro-jobs teach."""
        spill = np.minimum(1.0, self.team_share @ similarity)
        self.gig_skills = [np.flatnonzero(row) for row in spill]
        """The skills a team's micro-jobs move at all (taught ones and their neighbours)."""
        self.gig_spill = [row[idx] for row, idx in zip(spill, self.gig_skills, strict=True)]
        """Spillover of a team's micro-job over ``gig_skills`` (per unit of effort)."""
        self.gig_covered = [[bool(u[idx].all()) for idx in self.gig_skills] for u in self.used]
        """``gig_covered[r][t]``: role r uses every skill team t's micro-jobs move, so
        a micro-job of team t moves no forgetting floor of someone in role r."""
        mask = (self.share > 0).T.astype(float)
        self.teach_score = mask / mask.sum(axis=0) * len(catalog) / interest_reference
        """Interest score of an interest vector for each team's teachings (skills x teams)."""


class Positions:
    """A simulated company's positions: the role of each, who holds it, and vacancies.

    ``vacant`` maps each vacant position to nothing (a dict keeps insertion
    order, which decides the order candidates for redeployment are seen).
    """

    def __init__(self, company: Company) -> None:
        self.role = [ri for ri, r in enumerate(company.roles) for _ in range(r.positions)]
        n = len(self.role)
        self.holder = [-1] * n
        self.fill_timer: list[Any] = [None] * n
        self.vacant_since = [0.0] * n
        self.last_wage = [0.0] * n
        """Wage of a position's last holder: values the output lost while it is vacant."""
        self.vacant: dict[int, None] = {}

    def __len__(self) -> int:
        return len(self.role)


class Roster:
    """A company's employees as columns of one array, for company-wide events.

    Position ``i < n`` holds worker ``ids[i]``; its column of ``data`` holds
    (rows named by the properties below) the hire week, the micro-job effort
    in progress, openness and role, then one row per team for the interest in
    what that team's micro-jobs teach (``score``), for the micro-jobs done for
    it (``ties``) and for openness x score (``apply``: the chance to apply for
    that team's micro-jobs, kept up to date so a posting reads one row).
    Removal moves the last member into the gap.
    """

    __slots__ = ("apply_row", "data", "ids", "n", "n_teams", "score_row", "ties_row")
    HIRED_AT, LOAD, OPENNESS, ROLE = 0, 1, 2, 3

    def __init__(self, n_teams: int, capacity: int = 64) -> None:
        self.n = 0
        self.n_teams = n_teams
        self.score_row = 4
        self.ties_row = 4 + n_teams
        self.apply_row = 4 + 2 * n_teams
        self.ids = np.zeros(capacity, dtype=np.int64)
        self.data = np.zeros((4 + 3 * n_teams, capacity))

    def __len__(self) -> int:
        return self.n

    @property
    def hired_at(self) -> np.ndarray:
        """Hire week by roster position (the whole row, capacity long)."""
        return self.data[self.HIRED_AT]

    @property
    def load(self) -> np.ndarray:
        """Micro-job effort in progress by roster position."""
        return self.data[self.LOAD]

    @property
    def openness(self) -> np.ndarray:
        """Openness to micro-jobs by roster position."""
        return self.data[self.OPENNESS]

    @property
    def role(self) -> np.ndarray:
        """Role index by roster position (as float)."""
        return self.data[self.ROLE]

    @property
    def score(self) -> np.ndarray:
        """Interest in each team's micro-jobs: a (capacity, teams) view."""
        return self.data[self.score_row : self.ties_row].T

    @property
    def ties(self) -> np.ndarray:
        """Micro-jobs done for each team: a (capacity, teams) view."""
        return self.data[self.ties_row : self.apply_row].T

    def set_openness(self, i: int, openness: float) -> None:
        """Set the openness of position ``i`` (and its chances to apply)."""
        column = self.data[:, i]
        column[self.OPENNESS] = openness
        column[self.apply_row :] = openness * column[self.score_row : self.ties_row]

    def set_openness_all(self, openness: np.ndarray) -> None:
        """Set the openness of all members (and their chances to apply)."""
        data = self.data[:, : self.n]
        data[self.OPENNESS] = openness
        data[self.apply_row :] = openness * data[self.score_row : self.ties_row]

    def members(self) -> np.ndarray:
        """Worker ids of current members (a view; copy before changing the roster)."""
        return self.ids[: self.n]

    def add(
        self, w: int, hired_at: float, openness: float, role: int, score: np.ndarray | None
    ) -> int:
        """Add worker ``w``; ``score`` is only needed where micro-jobs are posted.
        Returns the worker's roster position."""
        i = self.n
        if i == len(self.ids):
            self.ids = np.concatenate([self.ids, np.zeros_like(self.ids)])
            self.data = np.concatenate([self.data, np.zeros_like(self.data)], axis=1)
        self.ids[i] = w
        column = self.data[:, i]
        column[self.HIRED_AT] = hired_at
        column[self.LOAD] = 0.0
        column[self.OPENNESS] = openness
        column[self.ROLE] = role
        if score is not None:
            column[self.score_row : self.ties_row] = score
            column[self.apply_row :] = openness * score
        column[self.ties_row : self.apply_row] = 0.0
        self.n = i + 1
        return i

    def remove(self, i: int) -> int:
        """Remove position ``i``; return the worker moved into it (or -1)."""
        last = self.n - 1
        self.n = last
        if i == last:
            return -1
        self.ids[i] = self.ids[last]
        self.data[:, i] = self.data[:, last]
        return int(self.ids[i])


class Tally:
    """Counters of a run: headcounts and their integrals, hires, separations, and
    per-company sums over the measurement window (``window[name][company]``)."""

    def __init__(self, n_companies: int, window_start_weeks: float) -> None:
        self.window_start_weeks = window_start_weeks
        self.headcount = [0] * n_companies
        self.headcount_weeks = [0.0] * n_companies
        """Integral of headcount over the window (employee-weeks)."""
        self.headcount_at = [0.0] * n_companies
        self.hires = [0] * n_companies
        self.separations = [0] * n_companies
        self.window: dict[str, list[float]] = {k: [0.0] * n_companies for k in WINDOW_COUNTS}
        self.labour_force = 0
        self.labour_force_weeks = 0.0
        self.labour_force_at = 0.0
        self.inactive = 0
        """People out of the labour force for a while (not retired)."""
        self.inactive_weeks = 0.0
        """Integral of ``inactive`` over the window (person-weeks)."""
        self.inactive_at = 0.0
        self.gig_participants: set[int] = set()
        self.window_employees: set[int] = set()
        self.year_participants: list[set[int]] = [set() for _ in range(n_companies)]
        """Workers who completed a micro-job in each company since its last review."""

    def headcount_change(self, c: int, t: float, delta: int) -> None:
        """Company ``c`` gains ``delta`` employees at ``t`` (0 closes the integral)."""
        start = self.window_start_weeks
        if t > start:
            self.headcount_weeks[c] += self.headcount[c] * (t - max(self.headcount_at[c], start))
        self.headcount_at[c] = t
        self.headcount[c] += delta

    def inactive_change(self, t: float, delta: int) -> None:
        """``delta`` more people are out of the labour force from ``t`` (0 closes the integral)."""
        start = self.window_start_weeks
        if t > start:
            self.inactive_weeks += self.inactive * (t - max(self.inactive_at, start))
        self.inactive_at = t
        self.inactive += delta

    def labour_force_change(self, t: float, delta: int) -> None:
        """The labour force gains ``delta`` people at ``t`` (0 closes the integral)."""
        self.labour_force_weeks += self.labour_force * (t - self.labour_force_at)
        self.labour_force_at = t
        self.labour_force += delta
