"""The SimPy engine: whole careers as discrete events.

Design notes (see ``docs/model.md`` for the model itself):

* **Events, not ticks.** Every change of state is an event scheduled on a
  SimPy environment; nothing happens weekly. Skills, which change
  continuously, are advanced in closed form between a worker's events
  (:func:`advance_skills`), so cost grows with events, not with time.
* **Thinned offers.** Whether a worker takes an outside offer depends only on
  state that is constant between that worker's events, so declined offers are
  never simulated: the engine samples the time of the next *accepted* offer
  from a Poisson process with rate ``offer rate x P(accept)`` and draws the
  accepted offer from its conditional distribution. When the worker's state
  changes, the pending timer is cancelled and redrawn (exact, by
  memorylessness). Timers that would fire after the end of the run are not
  scheduled at all.
* **Cancelled timers.** The engine's timers are light events in SimPy's queue
  (:meth:`_Environment.call_later`: the entry ``env.timeout`` would make,
  without a ``Timeout`` object); a cancelled one has its callbacks removed,
  so no model code runs for it, and :class:`_Environment` sweeps them out of
  the queue once they outnumber the live ones. The cyclic garbage collector
  is paused during a run (the engine makes no cycles that need it).
* **Hot state in arrays.** Skill vectors live in numpy arrays; scalar
  per-worker state lives in Python lists (faster for one element at a time);
  company-wide events (annual reviews, micro-job postings) are vectorised.
* **Named random streams.** One root ``SeedSequence`` per run is split by
  purpose (``offers``, ``layoffs``, ``gigs``, ...); two policies run with the
  same seed draw the same numbers for the same purpose (common random numbers).
"""

from __future__ import annotations

import gc
import heapq
import math
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from statistics import NormalDist
from typing import Any, Protocol, cast, runtime_checkable

import attrs
import numpy as np
import simpy

from microjob.model import MicroJob
from microjob.policies import InternalFreelance, Policy
from microjob.records import (
    CompanyTotals,
    EmploymentSpell,
    GigRecord,
    InternalMove,
    RunResult,
    RunStats,
    SimEvent,
    SpellReason,
    WorkerArrays,
)
from microjob.scenario import WEEKS_PER_MONTH, WEEKS_PER_YEAR, Learning, Market, Scenario

__all__ = ["EventCounter", "Tracker", "advance_skills", "simulate", "skill_rates"]

STREAMS = (
    "population",
    "prices",
    "offers",
    "unemployment",
    "layoffs",
    "entry",
    "match",
    "hiring",
    "reviews",
    "gigs",
    "applications",
    "matching",
    "roles",
)
"""Named random streams, one per purpose (common random numbers across policies)."""

UNEMPLOYED = -1
RETIRED = -2
_SQRT2 = math.sqrt(2.0)
_STD_NORMAL = NormalDist()


@runtime_checkable
class Tracker(Protocol):
    """An observer handed to :func:`simulate`; it sees every model event."""

    def observe(self, event: SimEvent) -> None:
        """Called once per event, in simulation order."""
        ...


class EventCounter:
    """A tracker that counts events by kind (``counter.counts``)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def observe(self, event: SimEvent) -> None:
        """Count one event."""
        self.counts[event.kind] = self.counts.get(event.kind, 0) + 1


def skill_rates(
    use: np.ndarray, peak: np.ndarray, learning: Learning, base: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per-skill rate (per week) and target of the linear skill dynamics at given use.

    Used skills (use share ``u > 0``, spillover included) move toward 1 at
    rate ``eta u``; unused skills decay at rate ``ln 2 / half-life`` toward a
    floor that keeps ``forgetting_floor_share`` of the peak gain over ``base``
    (the proficiency the worker entered the labour force with; 0 if omitted).
    """
    used = use > 0.0
    forget_rate = math.log(2.0) / learning.forgetting_half_life_weeks
    rate = np.where(used, learning.learning_rate_per_week * use, forget_rate)
    return rate, np.where(used, 1.0, _floor(peak, base, learning.forgetting_floor_share))


def _floor(
    peak: np.ndarray, base: np.ndarray | None, share: float, out: np.ndarray | None = None
) -> np.ndarray:
    """Forgetting floor: ``base`` plus ``share`` of the peak gain over it
    (written into ``out`` if given, which saves temporaries on the hot path)."""
    if base is None:
        return np.multiply(share, peak, out=out)
    out = np.subtract(peak, base, out=out)
    np.maximum(out, 0.0, out=out)
    out *= share
    out += base
    return out


def advance_skills(
    p: np.ndarray,
    peak: np.ndarray,
    use: np.ndarray,
    dt_weeks: float,
    learning: Learning,
    base: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Proficiency and peak after ``dt_weeks`` at constant use shares (closed form).

    A skill with use share ``u > 0`` learns, ``p <- 1 - (1 - p) exp(-eta u dt)``;
    an unused skill decays toward its floor ``f``, ``p <- f + (p - f) exp(-dt ln2 / H)``.
    Both are ``target + (p - target) exp(-rate dt)`` (:func:`skill_rates`).
    Composing two steps equals one step of the summed length, which is what
    makes lazy updating exact.
    """
    rate, target = skill_rates(use, peak, learning, base)
    new = _relax(p, target, rate, dt_weeks)
    return new, np.maximum(peak, new)


def _relax(
    p: np.ndarray, target: np.ndarray, rate: np.ndarray, dt: Any, out: np.ndarray | None = None
) -> np.ndarray:
    """The one skill-dynamics step: ``target + (p - target) exp(-rate dt)``
    (written into ``out`` if given, e.g. ``out=p`` to update in place)."""
    out = np.subtract(p, target, out=out)
    out *= np.exp(rate * -dt)
    out += target
    return out


class _Stream:
    """A named random stream with buffered scalar draws (cheap one at a time).

    Each kind of scalar draw reads an iterator over a buffer of ``_SIZE``
    draws, refilled from the generator when a draw finds it exhausted.
    """

    __slots__ = ("_arr", "_exp", "_ia", "_nor", "_uni", "gen")
    _SIZE = 512
    _ARRAY_SIZE = 65536

    def __init__(self, gen: np.random.Generator) -> None:
        self.gen = gen
        self._exp: Iterator[float] = iter(())
        self._uni: Iterator[float] = iter(())
        self._nor: Iterator[float] = iter(())
        self._arr = np.zeros(0)
        self._ia = 0

    def exp(self) -> float:
        """A standard exponential draw."""
        try:
            return next(self._exp)
        except StopIteration:
            self._exp = iter(self.gen.standard_exponential(self._SIZE).tolist())
            return next(self._exp)

    def uniform(self) -> float:
        """A uniform draw on [0, 1)."""
        try:
            return next(self._uni)
        except StopIteration:
            self._uni = iter(self.gen.random(self._SIZE).tolist())
            return next(self._uni)

    def normal(self) -> float:
        """A standard normal draw."""
        try:
            return next(self._nor)
        except StopIteration:
            self._nor = iter(self.gen.standard_normal(self._SIZE).tolist())
            return next(self._nor)

    def uniforms(self, n: int) -> np.ndarray:
        """``n`` uniform draws on [0, 1) as a read-only view into a buffer.

        The same numbers as ``gen.random(n)`` called again and again (each
        draw takes one output of the bit generator, so cutting one long
        sequence into pieces changes nothing), for a fraction of the cost per
        call. A stream used this way must not also use :meth:`uniform`.
        """
        i = self._ia
        if i + n > len(self._arr):
            fresh = self.gen.random(max(self._ARRAY_SIZE, n))
            self._arr = np.concatenate([self._arr[i:], fresh])
            self._arr.flags.writeable = False
            i = 0
        self._ia = i + n
        return self._arr[i : i + n]


def _sample_distinct(stream: _Stream, n: int, k: int) -> list[int]:
    """``k`` distinct indices from ``range(n)``, uniformly (Floyd's algorithm).

    Exact sampling without replacement in k draws, where numpy's
    ``choice(replace=False)`` would permute all n items.
    """
    chosen: set[int] = set()
    for j in range(n - k, n):
        i = int(stream.uniform() * (j + 1))
        chosen.add(j if i in chosen else i)
    return list(chosen)


def _root_seed(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed: must be an int or numpy.random.SeedSequence, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed: must be >= 0, got {seed!r}")
    return np.random.SeedSequence(int(seed))


def _named_stream(root: np.random.SeedSequence, name: str) -> _Stream:
    """A child stream keyed by purpose name (stable, independent of creation order)."""
    key = zlib.crc32(name.encode("utf-8"))
    child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, key))
    return _Stream(np.random.Generator(np.random.PCG64(child)))


def _norm_sf(z: float) -> float:
    return 0.5 * math.erfc(z / _SQRT2)


_erfc_vec = np.frompyfunc(math.erfc, 1, 1)


def _offer_threshold(mk: Market, quality: Any, log_pay_ratio: Any, emb: Any) -> Any:
    """An offer is taken when its log premium plus amenity exceeds this value:
    the switching cost (rising with embeddedness) plus what the current job
    offers beyond a typical new one, plus how well the current job pays."""
    cost = mk.switching_cost + mk.switching_cost_per_embeddedness * emb
    return cost + quality - mk.offer_quality_mean + log_pay_ratio


def _search_rate(mk: Market, age: Any, mover: Any, active: Any) -> Any:
    """Outside contacts per year of an employed worker (floats or arrays).

    The rate halves every ``offer_rate_halving_years`` of age past 25 and is
    multiplied for movers and for active (dissatisfied) searchers. The same
    effort decides both channels of outside mobility: offers that arrive on
    their own and vacancies that reach the worker (``_fill_externally``).
    """
    lam = mk.offer_rate_per_year * 2.0 ** (-(age - 25.0) / mk.offer_rate_halving_years)
    if isinstance(age, float):
        return (
            lam
            * (mk.mover_offer_multiplier if mover else 1.0)
            * (mk.active_search_multiplier if active else 1.0)
        )
    lam = lam * np.where(mover, mk.mover_offer_multiplier, 1.0)
    return lam * np.where(active, mk.active_search_multiplier, 1.0)


def _accepted_offer_rate(
    mk: Market, quality: Any, log_pay_ratio: Any, emb: Any, age: Any, mover: Any
) -> Any:
    """Rate per week of outside offers that the worker would take (floats or arrays).

    Offers arrive at the worker's search rate (``_search_rate``). An offer
    brings a log premium over market value ~ N(offer_premium_mean,
    offer_premium_sd) and an amenity ~ N(0, amenity_sd); it is taken when
    premium + amenity exceeds the threshold below, so the acceptance
    probability is a normal tail.
    """
    threshold = _offer_threshold(mk, quality, log_pay_ratio, emb)
    z = (threshold - mk.offer_premium_mean) / math.hypot(mk.offer_premium_sd, mk.amenity_sd)
    active = quality + log_pay_ratio < mk.active_search_threshold
    lam = _search_rate(mk, age, mover, active)
    if isinstance(quality, float):
        accept = 0.5 * math.erfc(z / _SQRT2)
    else:
        accept = 0.5 * _erfc_vec(z / _SQRT2).astype(float)
    return lam * accept / WEEKS_PER_YEAR


_SKILL_ROWS = ("P", "PEAK", "RATE", "TARGET", "P0", "P_REVIEW", "INTEREST", "WANT")
"""Per-worker vectors over skills: proficiency, its peak, the rate and target of
its dynamics, proficiency at entry and at the last review, interests, and which
skills the worker wants to learn (interest above an even spread)."""


_NORMAL = simpy.events.NORMAL


class _Timer:
    """A timer event for :meth:`_Environment.call_later`: just what SimPy's
    ``Environment.step`` reads (``callbacks`` and ``_ok``) and the ``_value``
    the engine's callbacks read."""

    __slots__ = ("_value", "callbacks")
    _ok = True  # it never fails

    def __init__(self, value: Any, callback: Callable[[Any], None]) -> None:
        self._value = value
        self.callbacks: list[Callable[[Any], None]] | None = [callback]


class _Environment(simpy.Environment):
    """A SimPy environment whose cancelled timers can be swept out of its queue.

    The engine cancels a timer by removing its callbacks; SimPy would still
    keep it queued until its time comes. Offer timers are redrawn every year
    and usually lie years ahead, so cancelled ones would pile up and make every
    queue operation slower (and cost grow faster than the number of workers).
    ``cancelled`` counts them; once they outnumber the live entries the queue
    is rebuilt without them. Entries keep their (time, priority, id) keys, so
    the order of events, and therefore the run, is unchanged.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = 0

    def call_later(self, delay: float, value: Any, callback: Callable[[Any], None]) -> _Timer:
        """Schedule ``callback(timer)`` in ``delay`` weeks (``delay >= 0``).

        What ``env.timeout(delay, value)`` with the callback appended does, the
        same queue entry (time, priority, event id), without the cost of a
        SimPy ``Timeout`` (an event that only ever calls back needs less).
        """
        timer = _Timer(value, callback)
        # (SimPy's queue is typed for its Event; a _Timer has what step() reads.)
        entry = (self._now + delay, _NORMAL, next(self._eid), cast(simpy.Event, timer))
        heapq.heappush(self._queue, entry)
        return timer

    def cancel(self, event: _Timer) -> None:
        """Cancel a pending timer: it will never call back."""
        if event.callbacks:
            event.callbacks.clear()
            self.cancelled += 1
            if 2 * self.cancelled > len(self._queue) + 1024:
                self._queue = [item for item in self._queue if item[3].callbacks != []]
                heapq.heapify(self._queue)
                self.cancelled = 0


class _Gig:
    """An active micro-job assignment (engine-private)."""

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
        self,
        id: int,
        company: int,
        team: int,
        teach: np.ndarray,
        effort: float,
        start: float,
        worker: int,
        score: float,
        learn_rate: np.ndarray,
    ) -> None:
        self.id = id
        self.company = company
        self.team = team
        self.teach = teach
        self.effort = effort
        self.start = start
        self.worker = worker
        self.score = score
        self.learn_rate = learn_rate  # per week, over the skills the team's jobs move
        self.timer: Any = None


class _Roster:
    """A company's employees as parallel arrays, for vectorised company-wide events.

    Position ``i < n`` holds worker ``ids[i]``; its column of ``data`` holds
    the rows ``start`` (hire week), ``load`` (micro-job effort in progress),
    ``open`` (openness), ``role``, then one ``score`` row per team (interest in
    what that team's micro-jobs teach), one ``ties`` row per team (micro-jobs
    done for it) and one ``apply`` row per team (openness x score, the chance
    to apply for that team's micro-jobs, kept up to date so that a posting
    reads one row). Each quantity is contiguous over members, which is what
    company-wide events read. Removal moves the last member into the gap.
    """

    __slots__ = ("apply_row", "data", "ids", "n", "n_teams", "score_row", "ties_row")

    def __init__(self, n_teams: int, cap: int = 64) -> None:
        self.n = 0
        self.n_teams = n_teams
        self.score_row = 4
        self.ties_row = 4 + n_teams
        self.apply_row = 4 + 2 * n_teams
        self.ids = np.zeros(cap, dtype=np.int64)
        self.data = np.zeros((4 + 3 * n_teams, cap))

    def __len__(self) -> int:
        return self.n

    @property
    def start(self) -> np.ndarray:
        return self.data[0]

    @property
    def load(self) -> np.ndarray:
        return self.data[1]

    @property
    def open(self) -> np.ndarray:
        return self.data[2]

    @property
    def role(self) -> np.ndarray:
        return self.data[3]

    @property
    def score(self) -> np.ndarray:
        """(members, teams) view."""
        return self.data[4 : 4 + self.n_teams].T

    @property
    def ties(self) -> np.ndarray:
        """(members, teams) view."""
        return self.data[4 + self.n_teams : self.apply_row].T

    def set_open(self, i: int, openness: float) -> None:
        """Set the openness of position ``i`` (and its chances to apply)."""
        col = self.data[:, i]
        col[2] = openness
        col[self.apply_row :] = openness * col[4 : 4 + self.n_teams]

    def set_open_all(self, openness: np.ndarray) -> None:
        """Set the openness of all members (and their chances to apply)."""
        data = self.data[:, : self.n]
        data[2] = openness
        data[self.apply_row :] = openness * data[4 : 4 + self.n_teams]

    def view(self) -> np.ndarray:
        """Worker ids of current members (a view; copy before mutating the roster)."""
        return self.ids[: self.n]

    def add(
        self, w: int, start: float, openness: float, role: int, score: np.ndarray | None
    ) -> int:
        i = self.n
        if i == len(self.ids):
            self.ids = np.concatenate([self.ids, np.zeros_like(self.ids)])
            self.data = np.concatenate([self.data, np.zeros_like(self.data)], axis=1)
        self.ids[i] = w
        col = self.data[:, i]
        col[0] = start
        col[1] = 0.0
        col[2] = openness
        col[3] = role
        if score is not None:  # interest scores matter only where micro-jobs are posted
            col[4 : 4 + self.n_teams] = score
            col[self.apply_row :] = openness * score
        col[4 + self.n_teams : self.apply_row] = 0.0
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


class _Engine:
    """Engine state for one run. Private: the public interface is :func:`simulate`."""

    # Views into ``skill_block`` (see ``_SKILL_ROWS``), each of shape (workers, K).
    P: np.ndarray
    PEAK: np.ndarray
    RATE: np.ndarray
    TARGET: np.ndarray
    P0: np.ndarray
    P_REVIEW: np.ndarray
    INTEREST: np.ndarray
    WANT: np.ndarray

    def __init__(
        self,
        scenario: Scenario,
        root: np.random.SeedSequence,
        trackers: Sequence[Tracker],
    ) -> None:
        self.sc = scenario
        self.trackers = tuple(trackers)
        self.env = _Environment()
        self.n_events = 0
        self.ws = scenario.warmup_weeks
        self.end = scenario.end_weeks
        self.rs = {n: _named_stream(root, n) for n in STREAMS}
        mk, q, ln = scenario.market, scenario.quality, scenario.learning
        self.mk, self.q, self.ln = mk, q, ln
        self.companies = (*scenario.companies, scenario.outside)
        self.C = len(scenario.companies)
        self.OUT = self.C
        self.policies: list[Policy] = [c.policy for c in self.companies]
        self.has_gigs = [
            i < len(scenario.companies)
            and isinstance(p, InternalFreelance)
            and p.gigs_per_employee_year > 0
            for i, p in enumerate(self.policies)
        ]
        self.catalog = scenario.catalog
        self.K = K = len(scenario.catalog)
        self.S = scenario.catalog.matrix()
        g = self.rs["prices"].gen
        self.prices = np.maximum(0.0, g.normal(mk.skill_price_mean, mk.skill_price_sd, K))
        # Role time shares per company: array (n_roles, K), rows sum to 1.
        self.role_share: list[np.ndarray] = []
        self.role_names: list[list[str]] = []
        for comp in self.companies:
            shares = np.array([self.catalog.vector(r.skills) for r in comp.roles])
            self.role_share.append(shares / shares.sum(axis=1, keepdims=True))
            self.role_names.append([r.name for r in comp.roles])
        self.forget_rate = math.log(2.0) / scenario.learning.forgetting_half_life_weeks
        self.zeros_k = np.zeros(K)  # constants over skills for _set_floor
        self.floor_share_k = np.full(K, ln.forgetting_floor_share)
        # Interest fit of a role, ``WANT[w] @ role_share[c][r]``, by (w, c, r).
        self.want_fit: dict[tuple[int, int, int], float] = {}
        # Effective use (spillover included), its mask and learning rates per role.
        self.role_use = [np.minimum(1.0, shares @ self.S) for shares in self.role_share]
        self.role_used = [u > 0.0 for u in self.role_use]
        self.role_rate = [
            np.where(u > 0.0, ln.learning_rate_per_week * u, self.forget_rate)
            for u in self.role_use
        ]
        # Equal time shares over each team's skills (what its micro-jobs teach).
        self.team_share = [
            (shares > 0) / (shares > 0).sum(axis=1, keepdims=True) for shares in self.role_share
        ]
        # Spillover of a micro-job teaching a team's skills (per unit of effort).
        self.team_spill = [np.minimum(1.0, share @ self.S) for share in self.team_share]
        # The skills a team's micro-jobs move at all (taught ones and their neighbours).
        self.team_spill_idx = [[np.flatnonzero(row) for row in spill] for spill in self.team_spill]
        # ... and the spillover over just those skills (per unit of effort).
        self.team_spill_vals = [
            [row[idx] for row, idx in zip(spill, idxs, strict=True)]
            for spill, idxs in zip(self.team_spill, self.team_spill_idx, strict=True)
        ]
        # Whether role r uses every skill that team t's micro-jobs move
        # (``team_covered[c][r][t]``): then a micro-job moves no forgetting floor.
        self.team_covered = [
            [[bool(used[idx].all()) for idx in idxs] for used in role_used]
            for role_used, idxs in zip(self.role_used, self.team_spill_idx, strict=True)
        ]
        # The interest fit a micro-job adds per unit of effort, by (worker,
        # company, team): ``WANT[w] @ team_share[c][t]``, constant per worker.
        self.want_share: dict[tuple[int, int, int], float] = {}
        self.team_skills = [[np.flatnonzero(row) for row in rs] for rs in self.role_share]
        # Slots (positions) of simulated companies.
        self.slot_role: list[list[int]] = []
        self.slot_worker: list[list[int]] = []
        self.slot_timer: list[list[Any]] = []
        self.slot_since: list[list[float]] = []
        self.slot_wage: list[list[float]] = []
        """Wage of a slot's last holder: lost output while it stands vacant."""
        self.open_slots: list[dict[int, None]] = []
        for comp in scenario.companies:
            roles = [ri for ri, r in enumerate(comp.roles) for _ in range(r.positions)]
            self.slot_role.append(roles)
            self.slot_worker.append([-1] * len(roles))
            self.slot_timer.append([None] * len(roles))
            self.slot_since.append([0.0] * len(roles))
            self.slot_wage.append([0.0] * len(roles))
            self.open_slots.append({})
        # The outside market posts no micro-jobs and fills nothing from inside, so
        # its roster needs no per-team rows. (It is the largest: hires and quits
        # there write a whole column of the roster, one cache line per row.)
        self.members = [_Roster(len(r)) for r in self.role_names[: self.C]] + [_Roster(0)]
        # Interest score of a skill vector for each team's teachings (K x teams).
        self.team_teach: list[np.ndarray] = []
        for shares in self.role_share:
            mask = (shares > 0).T.astype(float)
            self.team_teach.append(
                mask / mask.sum(axis=0) * self.K / scenario.mindset.interest_reference
            )
        # Per-company counters (whole run and window).
        nC = len(self.companies)
        self.hc = [0] * nC
        self.hc_area = [0.0] * nC
        self.hc_t = [0.0] * nC
        self.hires_total = [0] * nC
        self.seps_total = [0] * nC
        self.win = {
            k: [0.0] * nC
            for k in (
                "quits",
                "layoffs",
                "retires",
                "internal_moves",
                "redeployments",
                "gigs_posted",
                "gigs_filled",
                "gig_effort",
                "bonus",
                "replacement_cost",
                "vacancy_cost",
                "vacancy_weeks",
            )
        }
        self.gig_participants: set[int] = set()
        self.window_employees: set[int] = set()
        self.year_participants: list[set[int]] = [set() for _ in self.companies]
        self.lf_area = 0.0
        self.lf_t = 0.0
        self.lf = 0
        self.spells: list[EmploymentSpell] = []
        self.gig_records: list[GigRecord] = []
        self.moves: list[InternalMove] = []
        self.next_gig_id = 0
        self._init_worker_arrays(64)

    # ------------------------------------------------------------------ workers
    def _init_worker_arrays(self, cap: int) -> None:
        K = self.K
        self.cap = cap
        self.n = 0
        self._set_skill_block(np.zeros((cap, len(_SKILL_ROWS), K)))
        self.last = np.zeros(cap)
        self.review_t = np.zeros(cap)
        # Scalars (Python lists: cheaper one element at a time).
        self.birth: list[float] = []
        self.retire_t: list[float] = []
        self.entry_t: list[float] = []
        self.exit_t: list[float] = []
        self.mover: list[bool] = []
        self.openness: list[float] = []
        self.employer: list[int] = []
        self.slot: list[int] = []
        self.role: list[int] = []
        self.spell_start: list[float] = []
        self.spell_age: list[float] = []
        self.wage: list[float] = []
        self.mv: list[float] = []
        self.fit: list[float] = []
        self.gig_fit: list[float] = []
        self.gig_fit_acc: list[float] = []
        self.growth: list[float] = []
        self.emb: list[float] = []
        self.amenity: list[float] = []
        self.match_true: list[float] = []
        self.match_known: list[float] = []
        self.gig_load: list[float] = []
        self.gigs_active: list[list[_Gig]] = []
        self.n_ties: list[int] = []
        self.outside_fit: list[list[float]] = []
        # A worker's pending events: the next accepted offer, layoff and revelation
        # of match quality (weeks; inf when none), served by one timer at the earliest.
        self.due_offer: list[float] = []
        self.due_layoff: list[float] = []
        self.due_reveal: list[float] = []
        self.timer: list[Any] = []
        self.timer_t: list[float] = []
        self.member_pos: list[int] = []
        self.pool_pos: list[int] = []
        self.jobs_held: list[int] = []
        self.gigs_done: list[int] = []
        self.base_sum: list[float] = []
        self.base_t: list[float] = []
        self.base_wage: list[float] = []
        self.pool: list[int] = []

    def _set_skill_block(self, block: np.ndarray) -> None:
        """Per-worker skill vectors live side by side in one (workers, rows, K)
        block, so the vectors one event touches share a few cache lines."""
        self.skill_block = block
        for i, name in enumerate(_SKILL_ROWS):
            setattr(self, name, block[:, i])

    def _grow(self) -> None:
        new = self.cap * 2
        block = np.zeros((new, *self.skill_block.shape[1:]))
        block[: self.cap] = self.skill_block
        self._set_skill_block(block)
        for name in ("last", "review_t"):
            old = getattr(self, name)
            arr1 = np.zeros(new)
            arr1[: self.cap] = old
            setattr(self, name, arr1)
        self.cap = new

    def _draw_traits(self, gen: np.random.Generator, n: int) -> dict[str, Any]:
        """Personal traits of ``n`` people, drawn in one go (vectorised)."""
        pop, K = self.sc.population, self.K
        m = pop.background_proficiency_mean
        interest = gen.dirichlet(np.full(K, pop.interest_concentration), size=n)
        want = interest >= 1.0 / K
        return {
            "interest": interest,
            "want": want,
            "outside_fit": (want @ self.role_share[self.OUT].T).tolist(),
            "p": gen.beta(m * 5.0, (1.0 - m) * 5.0, (n, K)),
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

    def _new_worker(self, t: float, age: float, traits: dict[str, Any], i: int) -> int:
        """Create a worker aged ``age`` at time ``t`` (not yet employed) with the
        ``i``-th of a batch of drawn traits."""
        if self.n == self.cap:
            self._grow()
        w = self.n
        self.n += 1
        pop = self.sc.population
        self.INTEREST[w] = traits["interest"][i]
        self.WANT[w] = traits["want"][i]
        self.outside_fit.append(traits["outside_fit"][i])
        p = traits["p"][i]
        self.P[w] = p
        self.P0[w] = p
        self.PEAK[w] = p
        self.RATE[w] = self.forget_rate  # not working yet: nothing in use
        self.TARGET[w] = p
        self.P_REVIEW[w] = p
        self.last[w] = t
        self.review_t[w] = t
        ret_age = traits["retire_age"][i]
        if ret_age <= age:  # already past the drawn age: retire within the remaining range
            ret_age = age + traits["late_retire"][i] * max(0.5, pop.retirement_age_max_years - age)
        self.birth.append(t - age * WEEKS_PER_YEAR)
        self.retire_t.append(t + (ret_age - age) * WEEKS_PER_YEAR)
        self.entry_t.append(t)
        self.exit_t.append(math.inf)
        self.mover.append(traits["mover"][i])
        self.openness.append(traits["openness"][i])
        self.employer.append(UNEMPLOYED)
        self.slot.append(-1)
        self.role.append(-1)
        self.spell_start.append(t)
        self.spell_age.append(age)
        self.wage.append(0.0)
        self.mv.append(self._market_value(w))
        self.fit.append(0.0)
        self.gig_fit.append(0.0)
        self.gig_fit_acc.append(0.0)
        self.growth.append(0.0)
        self.emb.append(0.0)
        self.amenity.append(0.0)
        self.match_true.append(0.0)
        self.match_known.append(0.0)
        self.gig_load.append(0.0)
        self.gigs_active.append([])
        self.n_ties.append(0)
        self.due_offer.append(math.inf)
        self.due_layoff.append(math.inf)
        self.due_reveal.append(math.inf)
        self.timer.append(None)
        self.timer_t.append(math.inf)
        self.member_pos.append(-1)
        self.pool_pos.append(len(self.pool))
        self.pool.append(w)
        self.jobs_held.append(0)
        self.gigs_done.append(0)
        self.base_sum.append(float(p.sum()))
        self.base_t.append(max(t, self.ws))
        self.base_wage.append(math.nan)
        self._lf_change(t, +1)
        return w

    def _lf_change(self, t: float, delta: int) -> None:
        self.lf_area += self.lf * (t - self.lf_t)
        self.lf_t = t
        self.lf += delta

    def _market_value(self, w: int) -> float:
        return self._base_wage(self.env.now) * math.exp(float(self.P[w] @ self.prices))

    def _wage_index(self, t: float) -> float:
        """Market wage level at ``t`` relative to time 0 (deflates costs to time-0 currency)."""
        return math.exp(self.mk.wage_growth_per_year * t / WEEKS_PER_YEAR)

    def _base_wage(self, t: float) -> float:
        """W0 at time ``t``: market wages grow at ``wage_growth_per_year``."""
        return self.mk.base_wage_per_year * math.exp(
            self.mk.wage_growth_per_year * t / WEEKS_PER_YEAR
        )

    def _advance(self, w: int, t: float) -> None:
        """Bring worker ``w``'s skills to time ``t`` (closed form, see advance_skills)."""
        dt = t - self.last[w]
        if dt > 0.0:
            p = self.P[w]
            _relax(p, self.TARGET[w], self.RATE[w], dt, out=p)
            np.maximum(self.PEAK[w], p, out=self.PEAK[w])
            self.last[w] = t

    def _advance_many(self, ws: np.ndarray, t: float) -> None:
        dt = (t - self.last[ws])[:, None]
        new = _relax(self.P[ws], self.TARGET[ws], self.RATE[ws], dt)
        self.P[ws] = new
        self.PEAK[ws] = np.maximum(self.PEAK[ws], new)
        self.last[ws] = t

    def _set_use(self, w: int) -> None:
        """Set skill use (the role's time shares with spillover), the resulting
        learning rates and targets, and interest fit. Micro-jobs add their
        learning on completion (see ``_finish_gig``), so they do not enter here."""
        c = self.employer[w]
        if c < 0:  # nothing in use: every skill decays toward its floor
            self.fit[w] = 0.0
            self.RATE[w] = self.forget_rate
            self._set_floor(w)
            return
        r = self.role[w]
        self.RATE[w] = self.role_rate[c][r]
        self._refresh_target(w, c, r)
        # Interest fit of the role, constant per (worker, company, role): cached.
        key = (w, c, r)
        fit = self.want_fit.get(key)
        if fit is None:
            fit = self.want_fit[key] = float(self.WANT[w] @ self.role_share[c][r])
        self.fit[w] = fit

    def _set_floor(self, w: int) -> np.ndarray:
        """Set every target of worker ``w`` to its forgetting floor and return them.

        ``_floor(PEAK[w], P0[w], forgetting_floor_share, out=TARGET[w])`` with
        its two scalars as constant arrays over skills, which numpy handles
        faster (and positional ``out`` where numpy allows it): the same
        operations on the same numbers.
        """
        target, base = self.TARGET[w], self.P0[w]
        np.subtract(self.PEAK[w], base, target)
        np.maximum(target, self.zeros_k, out=target)
        np.multiply(target, self.floor_share_k, target)
        np.add(target, base, target)
        return target

    def _refresh_target(self, w: int, c: int, r: int) -> None:
        """Targets of the skill dynamics: 1 for skills role ``r`` uses, the
        forgetting floor (which moves with the peak) for the others."""
        self._set_floor(w)[self.role_used[c][r]] = 1.0

    # ---------------------------------------------------------- utilities
    def _emit(
        self, kind: str, t: float, worker: int = -1, company: int = -1, **detail: Any
    ) -> None:
        event = SimEvent(time=t, kind=kind, worker=worker, company=company, detail=detail)
        for tracker in self.trackers:
            tracker.observe(event)

    def _timer(self, delay: float, value: Any, callback: Callable[[Any], None]) -> _Timer:
        return self.env.call_later(delay, value, callback)

    def _cancel(self, ev: Any) -> None:
        if ev is not None:
            self.env.cancel(ev)

    def _quality(self, w: int) -> float:
        q = self.q
        return (
            q.interest_fit_weight * (self.fit[w] + self.gig_fit[w])
            + q.growth_weight * self.growth[w]
            + q.embeddedness_weight * self.emb[w]
            + self.amenity[w]
            + self.match_known[w]
        )

    def _threshold(self, w: int) -> float:
        """Offers are taken when premium + amenity exceeds this (log-wage units)."""
        log_pay = math.log(self.wage[w] / self.mv[w])
        return _offer_threshold(self.mk, self._quality(w), log_pay, self.emb[w])

    def _looking(self, w: int, t: float, u: float) -> bool:
        """Whether an employed worker a vacancy reaches is looking (``u`` uniform).

        They are with probability equal to their search rate over the
        unemployed's offer rate (at most 1): the unemployed look full time, and
        people who search less (older, settled, content) rarely see vacancies.
        """
        mk = self.mk
        bar = u * mk.unemployed_offer_rate_per_year
        passive = _search_rate(mk, (t - self.birth[w]) / WEEKS_PER_YEAR, self.mover[w], False)
        if bar < passive:  # looking even without searching actively
            return True
        if bar >= passive * mk.active_search_multiplier:  # not looking even if active
            return False
        log_pay = math.log(self.wage[w] / self.mv[w])
        return bool(self._quality(w) + log_pay < mk.active_search_threshold)

    def _offer_sd(self) -> float:
        return math.hypot(self.mk.offer_premium_sd, self.mk.amenity_sd)

    def _schedule_offer(self, w: int, t: float) -> None:
        """(Re)draw the time of the worker's next accepted outside offer."""
        self.due_offer[w] = math.inf
        c = self.employer[w]
        if c == RETIRED:
            self._arm(w)
            return
        if c == UNEMPLOYED:
            rate = self.mk.unemployed_offer_rate_per_year / WEEKS_PER_YEAR
            stream = self.rs["unemployment"]
        else:
            rate = _accepted_offer_rate(
                self.mk,
                self._quality(w),
                math.log(self.wage[w] / self.mv[w]),
                self.emb[w],
                (t - self.birth[w]) / WEEKS_PER_YEAR,
                self.mover[w],
            )
            stream = self.rs["offers"]
        if rate > 0.0:
            self.due_offer[w] = t + stream.exp() / rate
        self._arm(w)

    def _arm(self, w: int) -> None:
        """Keep the worker's one timer at the earliest of their due times.

        A timer is replaced only when that earliest time changes, so no timer
        ever fires with nothing to do, and none is set past the end of the run.
        """
        due = self.due_offer[w]  # min() of the three, without the call
        layoff, reveal = self.due_layoff[w], self.due_reveal[w]
        if layoff < due:
            due = layoff
        if reveal < due:
            due = reveal
        if due == self.timer_t[w]:
            return
        env = self.env
        old = self.timer[w]
        if old is not None:
            env.cancel(old)
        if due < self.end:
            self.timer[w] = env.call_later(max(0.0, due - env.now), w, self._on_due)
            self.timer_t[w] = due
        else:
            self.timer[w] = None
            self.timer_t[w] = math.inf

    def _on_due(self, ev: Any) -> None:
        """The worker's timer fired: handle whichever of their events is due."""
        self.n_events += 1
        w = ev._value
        self.timer[w] = None
        self.timer_t[w] = math.inf
        offer, layoff, reveal = self.due_offer[w], self.due_layoff[w], self.due_reveal[w]
        if reveal <= layoff and reveal <= offer:
            self.due_reveal[w] = math.inf
            self._reveal(w)
        elif layoff <= offer:
            self.due_layoff[w] = math.inf
            self._layoff(w)
        else:
            self.due_offer[w] = math.inf
            self._accept_offer(w)
        self._arm(w)

    def _draw_accepted_offer(self, w: int) -> tuple[float, float]:
        """Log premium and amenity of an offer, conditional on being accepted."""
        mk = self.mk
        rs = self.rs["offers"]
        s = self._offer_sd()
        mu = mk.offer_premium_mean
        z0 = (self._threshold(w) - mu) / s
        if z0 > 6.0:  # far tail: exponential approximation of the truncated normal
            z = z0 + rs.exp() / z0
        else:
            u0 = 1.0 - _norm_sf(z0)
            u = min(u0 + (1.0 - u0) * rs.uniform(), 1.0 - 1e-16)
            z = max(_STD_NORMAL.inv_cdf(u), z0)
        x = mu + s * z
        var_p, var_a = mk.offer_premium_sd**2, mk.amenity_sd**2
        if var_p + var_a == 0.0:
            return x, 0.0
        mean_p = mu + var_p / (var_p + var_a) * (x - mu)
        sd_p = math.sqrt(var_p * var_a / (var_p + var_a))
        premium = mean_p + sd_p * rs.normal()
        return premium, x - premium

    def _pick_outside_role(self, w: int) -> int:
        """People look for work they want: best interest fit of three outside roles."""
        rs = self.rs["roles"]
        fits = self.outside_fit[w]
        n = len(fits)
        best, best_fit = 0, -1.0
        for _ in range(3):
            r = int(rs.uniform() * n)
            if fits[r] > best_fit:
                best, best_fit = r, fits[r]
        return best

    def _embeddedness(self, w: int, t: float) -> float:
        q = self.q
        tenure_years = (t - self.spell_start[w]) / WEEKS_PER_YEAR
        return 1.0 - math.exp(-(tenure_years / q.embeddedness_years + self.n_ties[w] * q.tie_gain))

    # ------------------------------------------------------------- spells
    def _hc_change(self, c: int, t: float, delta: int) -> None:
        if t > self.ws:
            self.hc_area[c] += self.hc[c] * (t - max(self.hc_t[c], self.ws))
        self.hc_t[c] = t
        self.hc[c] += delta

    def _start_spell(
        self, w: int, c: int, slot: int, role: int, wage: float, amenity: float, t: float
    ) -> None:
        self._advance(w, t)
        self.employer[w] = c
        self.slot[w] = slot
        self.role[w] = role
        self.spell_start[w] = t
        self.spell_age[w] = (t - self.birth[w]) / WEEKS_PER_YEAR
        self.wage[w] = wage
        self.amenity[w] = amenity
        self.mv[w] = self._market_value(w)
        self.emb[w] = 0.0
        self.n_ties[w] = 0
        self.gig_fit[w] = self.gig_fit_acc[w] = 0.0
        self.jobs_held[w] += 1
        score = np.minimum(1.0, self.INTEREST[w] @ self.team_teach[c]) if self.has_gigs[c] else None
        self.member_pos[w] = self.members[c].add(w, t, self.openness[w], role, score)
        self.hires_total[c] += 1
        self._hc_change(c, t, +1)
        if c < self.C:
            self.slot_worker[c][slot] = w
            self._close_vacancy(c, slot, t)
            if t >= self.ws:
                self.window_employees.add(w)
        self._new_match(w, t)
        self._set_use(w)
        self._draw_layoff(w, t)
        self._schedule_offer(w, t)  # also arms the worker's timer
        if self.trackers:
            self._emit("hire", t, w, c, role=self.role_names[c][role], wage=wage)

    def _draw_layoff(self, w: int, t: float) -> None:
        """Draw when the worker's job will be cut (armed by the caller).

        The hazard at tenure a is ``base + excess * exp(-a / s)``: a constant
        part and a new-hire part that fades with tenure. The job ends at the
        earlier of two independent times, one per part. The fading part has
        cumulative hazard ``A (1 - exp(-u / s))`` over the next u weeks, with
        ``A = excess * s * exp(-a0 / s)`` at the current tenure a0, so a unit
        exponential draw E either exceeds A (that part never strikes) or
        inverts in closed form to ``u = -s ln(1 - E / A)``. Without the
        new-hire part only the first draw is made.
        """
        mk = self.mk
        layoffs = self.rs["layoffs"]
        base_weekly = mk.layoff_rate_monthly / WEEKS_PER_MONTH
        due = t + layoffs.exp() / base_weekly if base_weekly > 0.0 else math.inf
        excess_weekly = mk.layoff_new_hire_excess_monthly / WEEKS_PER_MONTH
        if excess_weekly > 0.0:
            s = mk.layoff_excess_decay_years * WEEKS_PER_YEAR
            reach = excess_weekly * s * math.exp(-(t - self.spell_start[w]) / s)
            e = layoffs.exp()
            if e < reach:
                due = min(due, t - s * math.log1p(-e / reach))
        self.due_layoff[w] = due

    def _new_match(self, w: int, t: float) -> None:
        """Draw the (hidden) match quality of a new job; it is revealed later."""
        rs = self.rs["match"]
        self.match_true[w] = self.q.match_sd * rs.normal()
        self.match_known[w] = 0.0
        self.due_reveal[w] = t + rs.exp() * self.q.match_reveal_weeks  # armed by the caller

    def _end_spell(self, w: int, t: float, reason: SpellReason, *, next_job: bool = False) -> None:
        """Close the worker's current spell; ``next_job`` when a hire follows at once."""
        c = self.employer[w]
        self._advance(w, t)
        self.due_offer[w] = self.due_layoff[w] = self.due_reveal[w] = math.inf
        self._arm(w)
        for gig in self.gigs_active[w]:
            self._cancel(gig.timer)
            self._finish_gig(gig, t, completed=False)
        self.gigs_active[w] = []
        self.gig_load[w] = 0.0
        start = self.spell_start[w]
        if t >= self.ws:
            self.spells.append(
                EmploymentSpell(
                    w,
                    c,
                    start,
                    t,
                    reason,
                    False,
                    self.spell_age[w],
                    start < self.ws,
                )
            )
            if c < self.C:
                key = {"quit": "quits", "layoff": "layoffs", "retire": "retires"}[reason]
                self.win[key][c] += 1
                self.win["replacement_cost"][c] += (
                    self.companies[c].replacement_cost_share * self.wage[w] / self._wage_index(t)
                )
        # Leave the company.
        moved = self.members[c].remove(self.member_pos[w])
        if moved >= 0:
            self.member_pos[moved] = self.member_pos[w]
        self.member_pos[w] = -1
        self.seps_total[c] += 1
        self._hc_change(c, t, -1)
        if c < self.C:
            s = self.slot[w]
            self.slot_worker[c][s] = -1
            self._open_vacancy(c, s, t, self.wage[w])
        self.employer[w] = UNEMPLOYED
        self.slot[w] = self.role[w] = -1
        self.n_ties[w] = 0
        self.emb[w] = 0.0
        if not next_job:
            self._set_use(w)
        if self.trackers:
            self._emit(reason, t, w, c)

    # ---------------------------------------------------------- vacancies
    def _open_vacancy(self, c: int, s: int, t: float, wage: float) -> None:
        """Slot ``s`` of company ``c`` falls vacant; ``wage`` (of its last holder)
        values the output lost while it stays empty."""
        self.slot_since[c][s] = t
        self.slot_wage[c][s] = wage
        self.open_slots[c][s] = None
        comp = self.companies[c]
        rs = self.rs["hiring"]
        internal = rs.uniform() < self.policies[c].internal_fill_share
        mean = comp.internal_delay_weeks if internal else comp.hiring_delay_weeks
        self._schedule_fill(c, s, t, mean * rs.exp(), internal)
        if self.trackers:
            self._emit("vacancy", t, -1, c, slot=s, internal=internal)

    def _schedule_fill(self, c: int, s: int, t: float, delay: float, internal: bool) -> None:
        if t + delay < self.end:
            self.slot_timer[c][s] = self._timer(delay, (c, s, internal), self._on_fill)

    def _close_vacancy(self, c: int, s: int, t: float) -> None:
        if s in self.open_slots[c]:
            del self.open_slots[c][s]
            self._cancel(self.slot_timer[c][s])
            self.slot_timer[c][s] = None
            since = max(self.slot_since[c][s], self.ws)
            if t > since:
                weeks = t - since
                self.win["vacancy_weeks"][c] += weeks
                # Lost output valued at the last holder's wage, in time-0 currency.
                wage = self.slot_wage[c][s] / self._wage_index(self.slot_since[c][s])
                self.win["vacancy_cost"][c] += weeks * wage / WEEKS_PER_YEAR

    def _on_fill(self, ev: Any) -> None:
        self.n_events += 1
        c, s, internal = ev._value
        self.slot_timer[c][s] = None
        t = self.env.now
        if internal and self._fill_internally(c, s, t):
            return
        self._fill_externally(c, s, t)

    def _fill_internally(self, c: int, s: int, t: float) -> bool:
        """Fill slot ``s`` from inside: the candidate whose skill profile on record
        fits the role best, boosted by micro-jobs done for that team."""
        r = self.slot_role[c][s]
        roster = self.members[c]
        pos = np.flatnonzero(roster.data[3, : roster.n] != r)  # roster.role
        if not len(pos):
            return False
        seen = self.policies[c].internal_candidates_seen
        if 0 < seen < len(pos):
            pos = pos[sorted(_sample_distinct(self.rs["hiring"], len(pos), seen))]
        ids = roster.ids[pos]
        score = self.P[ids] @ self.role_share[c][r]
        tp = self.q.tie_preference
        if tp > 0.0:
            score = score + tp * roster.data[roster.ties_row + r][pos]  # roster.ties[pos, r]
        w = int(ids[int(np.argmax(score))])
        self._internal_move(w, c, s, t, "vacancy")
        return True

    def _set_role(self, w: int, role: int) -> None:
        self.role[w] = role
        self.members[self.employer[w]].role[self.member_pos[w]] = role

    def _fill_externally(self, c: int, s: int, t: float) -> None:
        rs = self.rs["hiring"]
        mk = self.mk
        comp = self.companies[c]
        role = self.slot_role[c][s]
        for _ in range(mk.candidates_per_vacancy if self.pool else 0):
            w = self.pool[int(rs.uniform() * len(self.pool))]
            cur = self.employer[w]
            if cur == c:
                continue
            premium = mk.external_hire_premium + math.log(comp.wage_level)
            premium += mk.offer_premium_sd * rs.normal()
            amenity = mk.amenity_sd * rs.normal()
            if cur == UNEMPLOYED:
                self._advance(w, t)
                self.mv[w] = self._market_value(w)
            elif not self._looking(w, t, rs.uniform()) or premium + amenity <= self._threshold(w):
                continue
            else:
                self._end_spell(w, t, "quit", next_job=True)
            self.due_offer[w] = math.inf  # an unemployed candidate stops searching
            self._start_spell(w, c, s, role, self.mv[w] * math.exp(premium), amenity, t)
            return
        # A failed round waits at least a week on average: an instant retry would meet
        # the same people in the same state.
        retry_weeks = max(comp.hiring_delay_weeks, 1.0)
        self._schedule_fill(c, s, t, retry_weeks * rs.exp(), False)

    def _internal_move(self, w: int, c: int, s_new: int, t: float, via: str) -> None:
        self._advance(w, t)
        old_slot, old_role = self.slot[w], self.role[w]
        r = self.slot_role[c][s_new]
        self.slot_worker[c][s_new] = w
        self._close_vacancy(c, s_new, t)
        self.slot[w] = s_new
        self._set_role(w, r)
        self.slot_worker[c][old_slot] = -1
        self._open_vacancy(c, old_slot, t, self.wage[w])
        self._new_match(w, t)
        self._set_use(w)
        if t >= self.ws:
            key = "redeployments" if via == "redeployment" else "internal_moves"
            self.win[key][c] += 1
            self.moves.append(
                InternalMove(
                    w,
                    c,
                    t,
                    self.role_names[c][old_role],
                    self.role_names[c][r],
                    via,  # type: ignore[arg-type]
                )
            )
        self._schedule_offer(w, t)
        if self.trackers:
            kind = "redeploy" if via == "redeployment" else "internal_move"
            self._emit(kind, t, w, c, from_role=old_role, to_role=r)

    # ------------------------------------------------------------- events
    def _accept_offer(self, w: int) -> None:
        """The worker's next accepted outside offer has come: they take it."""
        t = self.env.now
        if self.employer[w] == UNEMPLOYED:
            self._advance(w, t)
            self.mv[w] = self._market_value(w)
            premium = (
                -self.mk.unemployed_wage_penalty
                + self.mk.offer_premium_sd * self.rs["unemployment"].normal()
            )
            amenity = self.mk.amenity_sd * self.rs["unemployment"].normal()
        else:
            premium, amenity = self._draw_accepted_offer(w)
            self._end_spell(w, t, "quit", next_job=True)
        role = self._pick_outside_role(w)
        wage = self.mv[w] * self.companies[self.OUT].wage_level * math.exp(premium)
        self._start_spell(w, self.OUT, -1, role, wage, amenity, t)

    def _layoff(self, w: int) -> None:
        """The worker's job is cut: redeployment where the policy allows, else a layoff."""
        t = self.env.now
        c = self.employer[w]
        policy = self.policies[c]
        if (
            c < self.C
            and isinstance(policy, InternalFreelance)
            and policy.redeployment
            and self.open_slots[c]
            and self.rs["layoffs"].uniform() < policy.redeployment_share
        ):
            # The worker's role is cut: look for an open position in another role.
            own = self.role[w]
            slots = [s for s in self.open_slots[c] if self.slot_role[c][s] != own]
            self._advance(w, t)
            fits = np.array([self.P[w] @ self.role_share[c][self.slot_role[c][s]] for s in slots])
            best = int(np.argmax(fits)) if slots else -1
            if slots and fits[best] >= policy.redeployment_min_fit:
                self._draw_layoff(w, t)  # the new position can be cut in its turn
                self._internal_move(w, c, slots[best], t, "redeployment")
                return
        self._end_spell(w, t, "layoff")
        self._schedule_offer(w, t)

    def _reveal(self, w: int) -> None:
        """The worker learns how good the match with their job is."""
        self.match_known[w] = self.match_true[w]
        t = self.env.now
        self._schedule_offer(w, t)
        if self.trackers:
            self._emit("match_revealed", t, w, self.employer[w], match=self.match_true[w])

    def _on_retire(self, ev: Any) -> None:
        self.n_events += 1
        w = ev._value
        t = self.env.now
        if self.employer[w] >= 0:
            self._end_spell(w, t, "retire")
        else:
            self.due_offer[w] = math.inf
            self._arm(w)
            if self.trackers:
                self._emit("retire", t, w, -1)
        self.employer[w] = RETIRED
        self.exit_t[w] = t
        pos = self.pool_pos[w]
        last = self.pool[-1]
        self.pool[pos] = last
        self.pool_pos[last] = pos
        self.pool.pop()
        self._lf_change(t, -1)

    def _schedule_retirement(self, w: int) -> None:
        t_ret = self.retire_t[w]
        if t_ret < self.end:
            self._timer(max(0.0, t_ret - self.env.now), w, self._on_retire)

    # ------------------------------------------------------------ processes
    def _career_years(self) -> float:
        """Mean years from entry to retirement: entrants arrive at the rate that
        keeps the labour force stationary (size / mean career length)."""
        pop = self.sc.population
        mean_retirement = (
            pop.retirement_age_min_years
            + pop.retirement_age_mode_years
            + pop.retirement_age_max_years
        ) / 3.0
        mean_entry = (pop.entry_age_min_years + pop.entry_age_max_years) / 2.0
        return max(mean_retirement - mean_entry, 0.5)  # degenerate ages: still finite

    def _entry_process(self) -> Any:
        pop = self.sc.population
        rs = self.rs["entry"]
        rate = self.labour_force_size / self._career_years() / WEEKS_PER_YEAR
        batch: dict[str, Any] = {"openness": []}
        batch_i = 0
        while True:
            yield self.env.timeout(rs.exp() / rate)
            self.n_events += 1
            t = self.env.now
            age = pop.entry_age_min_years + rs.uniform() * (
                pop.entry_age_max_years - pop.entry_age_min_years
            )
            if batch_i == len(batch["openness"]):
                batch, batch_i = self._draw_traits(rs.gen, 64), 0
            w = self._new_worker(t, age, batch, batch_i)
            batch_i += 1
            self._schedule_retirement(w)
            self._schedule_offer(w, t)
            if self.trackers:
                self._emit("entry", t, w, -1, age=age)

    def _review_process(self, c: int) -> Any:
        first = self.rs["reviews"].uniform() * WEEKS_PER_YEAR
        yield self.env.timeout(first)
        while True:
            self.n_events += 1
            self._review(c, self.env.now)
            yield self.env.timeout(WEEKS_PER_YEAR)

    def _review(self, c: int, t: float) -> None:
        """Annual review of company ``c``, vectorised over its employees."""
        roster = self.members[c]
        if not roster.n:
            return
        ws = roster.view().copy()
        members = ws.tolist()
        get = itemgetter(*members) if len(members) > 1 else (lambda seq: (seq[members[0]],))
        self._advance_many(ws, t)
        pol = self.policies[c]
        mv = self._base_wage(t) * np.exp(self.P[ws] @ self.prices)
        wage = np.array(get(self.wage)) * (1.0 + pol.annual_raise_share)
        target = mv * self.companies[c].wage_level
        wage += pol.market_matching_share * np.maximum(target - wage, 0.0)
        years = np.maximum((t - self.review_t[ws]) / WEEKS_PER_YEAR, 1.0 / 52.0)
        psum = self.P[ws].sum(axis=1)
        growth = np.maximum(0.0, (psum - self.P_REVIEW[ws].sum(axis=1)) / years)
        self.P_REVIEW[ws] = self.P[ws]
        self.review_t[ws] = t
        q = self.q
        tenure_years = (t - roster.start[: roster.n]) / WEEKS_PER_YEAR
        ties = np.array(get(self.n_ties), dtype=float)
        emb = 1.0 - np.exp(-(tenure_years / q.embeddedness_years + ties * q.tie_gain))
        participants = self.year_participants[c]
        share = len(participants) / len(members)
        self.year_participants[c] = set()
        peer = self.sc.mindset.peer_rate * share
        if peer > 0.0:
            openness = roster.open[: roster.n]
            openness = openness + peer * (1.0 - openness)
            roster.set_open_all(openness)
            for w, o in zip(members, openness.tolist(), strict=True):
                self.openness[w] = o
        for w, wage_w, mv_w, growth_w, emb_w in zip(
            members, wage.tolist(), mv.tolist(), growth.tolist(), emb.tolist(), strict=True
        ):
            self.gig_fit[w] = self.gig_fit_acc[w]  # micro-jobs of the past review year
            self.gig_fit_acc[w] = 0.0
            self.wage[w] = wage_w
            self.mv[w] = mv_w
            self.growth[w] = growth_w
            self.emb[w] = emb_w
        quality = (
            q.interest_fit_weight * (np.array(get(self.fit)) + np.array(get(self.gig_fit)))
            + q.growth_weight * growth
            + q.embeddedness_weight * emb
            + np.array(get(self.amenity))
            + np.array(get(self.match_known))
        )
        age = (t - np.array(get(self.birth))) / WEEKS_PER_YEAR
        movers = np.array(get(self.mover), dtype=bool)
        rate = _accepted_offer_rate(self.mk, quality, np.log(wage / mv), emb, age, movers)
        with np.errstate(divide="ignore", over="ignore"):  # rate 0: never
            dt = self.rs["offers"].gen.standard_exponential(len(members)) / rate
        due_offer, arm = self.due_offer, self._arm
        for w, when in zip(members, (t + dt).tolist(), strict=True):
            due_offer[w] = when
            arm(w)
        if self.trackers:
            self._emit("review", t, -1, c, headcount=len(members))

    def _gig_process(self, c: int, policy: InternalFreelance) -> Any:
        rs = self.rs["gigs"]
        positions = len(self.slot_role[c])
        rate_max = policy.gigs_per_employee_year / WEEKS_PER_YEAR * positions
        if not rate_max > 0.0:  # a rate that underflows to zero posts nothing
            return
        while True:
            yield self.env.timeout(rs.exp() / rate_max)
            # Thinning: postings are proportional to current headcount (<= positions).
            if rs.uniform() * positions < self.hc[c]:
                self.n_events += 1
                self._post_gig(c, policy, self.env.now)

    def _post_gig(self, c: int, policy: InternalFreelance, t: float) -> None:
        rs = self.rs["gigs"]
        gd = self.sc.gigs
        slots = self.slot_role[c]
        team = slots[int(rs.uniform() * len(slots))]
        teach = self.team_skills[c][team]
        k = len(teach)
        first = int(rs.uniform() * k)
        req = [int(teach[first])]
        if k > 1 and rs.uniform() >= 0.5:
            req.append(int(teach[(first + 1 + int(rs.uniform() * (k - 1))) % k]))
        span = gd.required_level_max - gd.required_level_min
        levels = [gd.required_level_min + span * rs.uniform() for _ in req]
        duration = gd.duration_median_weeks * math.exp(gd.duration_log_sd * rs.normal())
        effort = gd.effort_min_share + rs.uniform() * (gd.effort_max_share - gd.effort_min_share)
        gid = self.next_gig_id
        self.next_gig_id += 1
        in_window = t >= self.ws
        if in_window:
            self.win["gigs_posted"][c] += 1
        if self.trackers:
            posted = self._micro_job(gid, c, req, levels, teach, duration, effort, 0.0, "open")
            self._emit("gig_posted", t, -1, c, job=gid, team=team, effort=effort, micro_job=posted)
        # Who applies: every employee past the minimum tenure with spare capacity,
        # with probability openness x interest in what the job teaches. Skill
        # requirements (minus the stretch margin) are checked against the skill
        # profile on record, i.e. as of each worker's last event. (Boolean masks
        # on the whole roster: fewer numpy calls than narrowing step by step.)
        r = self.members[c]
        n = r.n
        d = r.data[:, :n]
        applied = self.rs["applications"].uniforms(n) < d[r.apply_row + team]
        applied &= d[0] <= t - policy.min_tenure_weeks
        applied &= d[1] <= policy.time_share - effort + 1e-12
        ids = r.ids[:n][applied]
        sm = policy.stretch_margin
        P = self.P
        have = [P[:, skill][ids] for skill in req]  # faster than P[ids, skill], same values
        ok = have[0] >= levels[0] - sm
        for skill_have, level in zip(have[1:], levels[1:], strict=True):
            ok &= skill_have >= level - sm
        ids = ids[ok]
        if not len(ids):
            if self.trackers:
                unfilled = attrs.evolve(posted, status="unfilled")
                self._emit("gig_unfilled", t, -1, c, job=gid, micro_job=unfilled)
            return
        # Skill fit: the mean over requirements of min(1, proficiency / level).
        fit = np.minimum(1.0, have[0][ok] / max(levels[0], 1e-9))
        for skill_have, level in zip(have[1:], levels[1:], strict=True):
            fit = (fit + np.minimum(1.0, skill_have[ok] / max(level, 1e-9))) * 0.5
        interest = d[r.score_row + team][applied][ok]
        pick = policy.matcher.choose(fit, interest, self.rs["matching"].gen)
        w = int(ids[pick])
        if in_window:
            self.win["gigs_filled"][c] += 1
            self.win["gig_effort"][c] += effort
        learn_rate = self.team_spill_vals[c][team] * (effort * self.ln.learning_rate_per_week)
        gig = _Gig(gid, c, team, teach, effort, t, w, float(interest[pick]), learn_rate)
        self.gig_load[w] += effort
        d[1, self.member_pos[w]] = self.gig_load[w]
        self.gigs_active[w].append(gig)
        if t + duration < self.end:
            gig.timer = self._timer(duration, gig, self._on_gig_end)
        if self.trackers:
            bonus = policy.bonus_share * self.wage[w]
            filled = attrs.evolve(posted, bonus=bonus, status="filled")
            self._emit("gig_start", t, w, c, job=gid, duration=duration, micro_job=filled)

    def _micro_job(
        self,
        gid: int,
        c: int,
        req: list[int],
        levels: list[float],
        teach: np.ndarray,
        duration: float,
        effort: float,
        bonus: float,
        status: str,
    ) -> MicroJob:
        """The public description of a posting, built only for trackers."""
        names = self.catalog.names
        return MicroJob(
            id=gid,
            company=c,
            required={names[k]: level for k, level in zip(req, levels, strict=True)},
            teaches=tuple(names[k] for k in teach),
            duration_weeks=duration,
            effort_share=effort,
            bonus=bonus,
            status=status,  # type: ignore[arg-type]
        )

    def _on_gig_end(self, ev: Any) -> None:
        self.n_events += 1
        gig: _Gig = ev._value
        w, c, team, t = gig.worker, gig.company, gig.team, self.env.now
        self.gigs_active[w].remove(gig)
        load = self.gig_load[w] = max(0.0, self.gig_load[w] - gig.effort)
        roster = self.members[c]
        pos = self.member_pos[w]
        roster.data[1, pos] = load  # roster.load[pos]
        self._finish_gig(gig, t, completed=True)
        if team != self.role[w]:
            roster.data[roster.ties_row + team, pos] += 1.0  # roster.ties[pos, team]
            self.n_ties[w] += 1
        self.emb[w] = self._embeddedness(w, t)
        # Interest fit: the share of working time spent on wanted skills rises by
        # the micro-job's effort times the share of its skills the worker wants.
        key = (w, c, team)
        want_share = self.want_share.get(key)
        if want_share is None:
            want_share = self.want_share[key] = float(self.WANT[w] @ self.team_share[c][team])
        fit_gain = gig.effort * want_share
        self.gig_fit[w] += fit_gain
        self.gig_fit_acc[w] += fit_gain
        openness = self.openness[w]
        openness += self.sc.mindset.experience_rate * (gig.score - openness)
        self.openness[w] = openness
        roster.set_open(pos, openness)
        self.mv[w] = self._market_value(w)
        self.gigs_done[w] += 1
        self.year_participants[c].add(w)
        self._schedule_offer(w, t)

    def _finish_gig(self, gig: _Gig, t: float, *, completed: bool) -> None:
        w, c = gig.worker, gig.company
        self._advance(w, t)
        # The micro-job's own learning, applied on completion (or when the worker
        # leaves): taught skills (and their neighbours) move toward 1 at rate
        # eta x effort share for the weeks worked, on top of the role's learning.
        # Only the skills the job moves are touched (``learn_rate`` is over them).
        team = gig.team
        spill = self.team_spill_idx[c][team]
        p = self.P[w]
        old = p[spill]  # (P[w][spill] is faster than P[w, spill])
        new = 1.0 - (1.0 - old) * np.exp(gig.learn_rate * -(t - gig.start))
        gained = float(np.add.reduce(new - old))  # (new - old).sum() without its wrapper
        p[spill] = new
        peak = self.PEAK[w]
        peak[spill] = np.maximum(peak[spill], new)
        self.growth[w] += gained
        c_now, r = self.employer[w], self.role[w]
        if c_now == c:  # always so far: micro-jobs end before their worker leaves
            covered = self.team_covered[c][r][team]
        else:
            covered = c_now < 0 or bool(self.role_used[c_now][r][spill].all())
        if not covered:
            # A skill the role does not use has a new peak: its forgetting floor moves.
            self._refresh_target(w, c_now, r)
        bonus = self.policies[c].bonus_share * self.wage[w] if completed else 0.0  # type: ignore[union-attr]
        if gig.start >= self.ws:
            self.gig_participants.add(w)
            self.gig_records.append(
                GigRecord(gig.id, w, c, gig.start, t, gig.effort, gained, bonus, completed)
            )
        if self.trackers:
            self._emit("gig_end", t, w, c, job=gig.id, completed=completed, bonus=bonus)

    def _window_start(self) -> Any:
        """Snapshot at the start of the measurement window (wages, skills)."""
        yield self.env.timeout(self.ws)
        t = self.env.now
        alive = [w for w in range(self.n) if self.employer[w] != RETIRED]
        if alive:
            arr = np.array(alive)
            self._advance_many(arr, t)
            sums = self.P[arr].sum(axis=1)
            for i, w in enumerate(alive):
                self.base_sum[w] = float(sums[i])
                self.base_t[w] = t
                if self.employer[w] >= 0:
                    self.base_wage[w] = self.wage[w]
        for c in range(self.C):
            self.window_employees.update(self.members[c].view().tolist())

    # --------------------------------------------------------------- setup
    def populate(self) -> None:
        pop = self.sc.population
        rs = self.rs["population"]
        g = rs.gen
        n_slots = sum(len(s) for s in self.slot_role)
        n_emp = n_slots + pop.outside_workers
        n_unemp = round(n_emp * pop.unemployed_share / (1.0 - pop.unemployed_share))
        self.labour_force_size = n_emp + n_unemp
        # Room for the starting labour force and the entrants expected over the
        # run (with a margin); the arrays double if a run needs more.
        entrants = self.labour_force_size * self.end / WEEKS_PER_YEAR / self._career_years()
        self._init_worker_arrays(int(self.labour_force_size + 1.2 * entrants) + 64)
        m = pop.role_proficiency_mean
        placements: list[tuple[int, int, int]] = [
            (c, s, r) for c in range(self.C) for s, r in enumerate(self.slot_role[c])
        ]
        placements += [(self.OUT, -1, -1)] * pop.outside_workers
        placements += [(UNEMPLOYED, -1, -1)] * n_unemp
        n = len(placements)
        ages = g.uniform(pop.age_min_years, pop.age_max_years, n).tolist()
        traits = self._draw_traits(g, n)
        boost = g.beta(m * 5.0, (1.0 - m) * 5.0, (n, self.K))
        tenure = g.exponential(pop.initial_tenure_mean_years, n).tolist()
        pay_noise = np.exp(0.1 * g.standard_normal(n)).tolist()
        amenity = (self.mk.amenity_sd * g.standard_normal(n)).tolist()
        for i, (c, s, r) in enumerate(placements):
            age = ages[i]
            w = self._new_worker(0.0, age, traits, i)
            if c == UNEMPLOYED:
                continue
            if c == self.OUT:
                r = self._pick_outside_role(w)
            skills = self.team_skills[c][r]
            self.P[w, skills] = np.maximum(self.P[w, skills], boost[i, skills])
            self.PEAK[w] = self.P[w]
            self.P_REVIEW[w] = self.P[w]
            self.base_sum[w] = float(self.P[w].sum())
            self.mv[w] = self._market_value(w)
            wage = self.mv[w] * self.companies[c].wage_level * pay_noise[i]
            self._start_spell(w, c, s, r, wage, amenity[i], 0.0)
            self.hires_total[c] -= 1  # incumbents were not hired during the run
            years = min(tenure[i], max(0.0, age - pop.entry_age_min_years))
            self.spell_start[w] = -years * WEEKS_PER_YEAR
            self.members[c].start[self.member_pos[w]] = self.spell_start[w]
            self.spell_age[w] = age - years
            self.emb[w] = self._embeddedness(w, 0.0)
            self._schedule_offer(w, 0.0)
        self.hc_initial = list(self.hc)
        for w in range(self.n):
            self._schedule_retirement(w)
            if self.employer[w] == UNEMPLOYED:
                self._schedule_offer(w, 0.0)
        self.env.process(self._entry_process())
        for c in range(len(self.companies)):
            self.env.process(self._review_process(c))
            pol = self.policies[c]
            if c < self.C and isinstance(pol, InternalFreelance) and pol.gigs_per_employee_year > 0:
                self.env.process(self._gig_process(c, pol))
        self.env.process(self._window_start())

    def run(self) -> None:
        self.env.run(until=self.end)
        t = self.end
        for w in range(self.n):
            c = self.employer[w]
            if c >= 0:
                self._advance(w, t)
                self.spells.append(
                    EmploymentSpell(
                        w,
                        c,
                        self.spell_start[w],
                        t,
                        "censored",
                        True,
                        self.spell_age[w],
                        self.spell_start[w] < self.ws,
                    )
                )
                for gig in self.gigs_active[w]:
                    self._finish_gig(gig, t, completed=False)
        for c in range(len(self.companies)):
            self._hc_change(c, t, 0)
            if c < self.C:
                for s in list(self.open_slots[c]):
                    self._close_vacancy(c, s, t)
        self._lf_change(t, 0)

    def result(self, policy: Policy | None, root: np.random.SeedSequence) -> RunResult:
        n = self.n
        employer = np.array(self.employer)
        age_end = (self.end - np.array(self.birth)) / WEEKS_PER_YEAR
        for w in range(n):
            if self.employer[w] == RETIRED:
                age_end[w] = (self.exit_t[w] - self.birth[w]) / WEEKS_PER_YEAR
        workers = WorkerArrays(
            age_years=age_end,
            proficiency=self.P[:n].copy(),
            interests=self.INTEREST[:n].copy(),
            openness=np.array(self.openness),
            mover=np.array(self.mover),
            wage=np.array(self.wage),
            employer=employer,
            role=tuple(
                self.role_names[c][r] if c >= 0 else None
                for c, r in zip(self.employer, self.role, strict=True)
            ),
            hire_time_weeks=np.array(self.spell_start),
            jobs_held=np.array(self.jobs_held),
            micro_jobs_done=np.array(self.gigs_done),
            birth_weeks=np.array(self.birth),
            entry_weeks=np.array(self.entry_t),
            exit_weeks=np.array(self.exit_t),
            wage_at_window_start=np.array(self.base_wage),
            skill_sum_at_baseline=np.array(self.base_sum),
            baseline_weeks=np.array(self.base_t),
        )
        win = self.win
        companies = tuple(
            CompanyTotals(
                headcount_initial=self.hc_initial[c],
                headcount_final=self.hc[c],
                hires=self.hires_total[c],
                separations=self.seps_total[c],
                # The window counters are kept for the simulated companies only.
                quits=int(win["quits"][c]) if c < self.C else 0,
                layoffs=int(win["layoffs"][c]) if c < self.C else 0,
                retirements=int(win["retires"][c]) if c < self.C else 0,
                internal_moves=int(win["internal_moves"][c]) if c < self.C else 0,
                redeployments=int(win["redeployments"][c]) if c < self.C else 0,
                gigs_posted=int(win["gigs_posted"][c]) if c < self.C else 0,
                gigs_filled=int(win["gigs_filled"][c]) if c < self.C else 0,
                gig_effort=win["gig_effort"][c] if c < self.C else 0.0,
                replacement_cost=win["replacement_cost"][c] if c < self.C else 0.0,
                vacancy_cost=win["vacancy_cost"][c] if c < self.C else 0.0,
                vacancy_weeks=win["vacancy_weeks"][c] if c < self.C else 0.0,
            )
            for c in range(len(self.companies))
        )
        stats = RunStats(
            events=self.n_events,
            window_years=(self.end - self.ws) / WEEKS_PER_YEAR,
            employee_years=sum(self.hc_area[: self.C]) / WEEKS_PER_YEAR,
            positions=sum(len(s) for s in self.slot_role),
            labour_force_years=self.lf_area / WEEKS_PER_YEAR,
            window_employees=len(self.window_employees),
            gig_participants=len(self.gig_participants & self.window_employees),
            companies=companies,
            workers=workers,
        )
        return RunResult(
            scenario=self.sc,
            policy=policy,
            seed_entropy=(
                int(root.entropy) if isinstance(root.entropy, int) else 0,
                *root.spawn_key,
            ),
            spells=tuple(self.spells),
            gigs=tuple(self.gig_records),
            moves=tuple(self.moves),
            window_start_weeks=self.ws,
            window_end_weeks=self.end,
            company_names=tuple(c.name for c in self.companies),
            stats=stats,
        )


def simulate(
    scenario: Scenario,
    *,
    seed: int | np.random.SeedSequence,
    policy: Policy | None = None,
    trackers: Iterable[Tracker] = (),
) -> RunResult:
    """Simulate whole careers in ``scenario`` and return every record of the run.

    ``seed`` (an int or a ``numpy.random.SeedSequence``) fixes every random
    draw: the same scenario, policy and seed give bit-identical results.
    ``policy``, if given, replaces the policy of every simulated company (the
    outside market keeps its own). ``trackers`` are observers whose
    ``observe(event)`` is called for every model event.
    """
    from microjob.scenario import Scenario as _Scenario

    if not isinstance(scenario, _Scenario):
        raise TypeError(f"scenario: must be a Scenario, got {type(scenario).__name__}")
    root = _root_seed(seed)
    if policy is not None:
        from microjob.policies import TraditionalEmployment

        if not isinstance(policy, TraditionalEmployment | InternalFreelance):
            raise TypeError(
                f"policy: must be TraditionalEmployment or InternalFreelance, got {policy!r}"
            )
        scenario = scenario.with_policy(policy)
    tracker_list = list(trackers)
    for i, tr in enumerate(tracker_list):
        if not isinstance(tr, Tracker):
            raise TypeError(f"trackers[{i}]: must have an observe(event) method, got {tr!r}")
    # The engine creates no reference cycles that need collecting, but Python's
    # cyclic collector would rescan the growing record lists again and again,
    # making long runs slower than linear. Pause it for the run only.
    collecting = gc.isenabled()
    gc.disable()
    try:
        engine = _Engine(scenario, root, tracker_list)
        engine.populate()
        engine.run()
        return engine.result(policy, root)
    finally:
        if collecting:
            gc.enable()
