"""Flat frozen records of a run, the run result and its summary.

Each record is one row: a list of records is a table in one call
(``RunResult.to_frames()``). Times are simulation weeks since the start of
the run (the warm-up included); ``RunResult.window_start_weeks`` and
``window_end_weeks`` bound the measurement window.

Imports flow one way: this module imports :mod:`microjob.measures` (to fill
``RunResult.summary()`` and ``RunResult.spell_table``), and the measures read
a run through its attributes alone, importing this module only for type
annotations. No module imports one that imports it back.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from microjob import measures
from microjob.summary import MeasureInfo, RunSummary

if TYPE_CHECKING:
    import pandas as pd

    from microjob.model import Worker
    from microjob.policies import Policy
    from microjob.scenario import Scenario

__all__ = [
    "EMPLOYER_INACTIVE",
    "EMPLOYER_RETIRED",
    "EMPLOYER_UNEMPLOYED",
    "CompanyTotals",
    "EmploymentSpell",
    "EngagementRecord",
    "GigRecord",
    "InternalMove",
    "MeasureInfo",
    "RunResult",
    "RunStats",
    "RunSummary",
    "SimEvent",
    "WorkerArrays",
]

SpellReason = Literal["quit", "withdraw", "layoff", "retire", "censored"]


@attrs.frozen
class EmploymentSpell:
    """A worker's time with one employer, from hire to separation.

    ``reason`` is ``quit`` (a job hop to another employer), ``withdraw`` (a
    quit into non-employment, out of the labour force for a while),
    ``layoff``, ``retire`` or ``censored`` (still employed when the run ends).
    JOLTS counts both ``quit`` and ``withdraw`` as quits.
    ``left_truncated`` marks spells begun before the measurement window, for
    survival estimates with delayed entry. Internal moves do not end a spell.
    """

    worker: int
    company: int
    start: float
    end: float
    reason: SpellReason
    censored: bool
    age_at_start: float
    left_truncated: bool

    @property
    def duration_weeks(self) -> float:
        """Spell length in weeks."""
        return self.end - self.start


@attrs.frozen
class GigRecord:
    """One micro-job as done by one worker.

    ``skills_gained`` is the summed proficiency gain from the micro-job's own
    learning, over the skills it teaches and, through similarity, their
    neighbours (the role's learning in the meantime is not counted);
    ``completed`` is false when the worker left the company before the end
    (no bonus is then paid).
    """

    job: int
    worker: int
    company: int
    start: float
    end: float
    effort: float
    skills_gained: float
    bonus: float
    completed: bool


@attrs.frozen
class EngagementRecord:
    """One project on the open talent platform, as done by one member.

    ``client`` is a company index (the outside market last: its projects come from
    many clients, one each). ``fee_per_week`` is what the client paid per week of
    the engagement (its effort included), before the platform's take, in currency of
    the start of the run; the member kept ``fee_per_week x (1 - take_rate_share)``.
    ``freelancing_since`` is when the freelancing stretch the engagement began in
    started (the member lost or left their job, or joined the platform without one);
    NaN for a side project, begun by a member with a job. ``good_rating`` is the
    client's verdict; ``completed`` is false for an engagement still running at the
    end of the run, or whose member left the labour force before it ended (neither
    rated nor learnt from).
    """

    engagement: int
    worker: int
    client: int
    start: float
    end: float
    effort: float
    fee_per_week: float
    skills_gained: float
    freelancing_since: float
    good_rating: bool
    completed: bool

    @property
    def duration_weeks(self) -> float:
        """Length in weeks."""
        return self.end - self.start

    @property
    def side(self) -> bool:
        """Whether the member had a job when the engagement began (a side project)."""
        return math.isnan(self.freelancing_since)


@attrs.frozen
class InternalMove:
    """A move to another role in the same company (retention, not a hop).

    ``via`` is ``vacancy`` (an internal fill of an open role) or
    ``redeployment`` (the worker's role was cut and they were placed elsewhere).
    """

    worker: int
    company: int
    time: float
    from_role: str
    to_role: str
    via: Literal["vacancy", "redeployment"]


@attrs.frozen
class SimEvent:
    """What trackers receive: one model event.

    ``kind`` is one of ``hire``, ``quit``, ``layoff``, ``retire``, ``entry``,
    ``redeploy``, ``internal_move``, ``match_revealed``, ``review``,
    ``gig_posted``, ``gig_unfilled``, ``gig_start``, ``gig_end``,
    ``vacancy``. ``worker`` and ``company`` are -1 when not applicable;
    ``detail`` carries event-specific values; micro-job events carry the posting
    as a :class:`~microjob.model.MicroJob` under ``micro_job`` (status ``open``,
    ``unfilled`` or ``filled``, with the bonus the chosen worker will earn).
    """

    time: float
    kind: str
    worker: int
    company: int
    detail: dict[str, Any] = attrs.field(factory=dict)


EMPLOYER_UNEMPLOYED = -1
"""``WorkerArrays.employer`` of a worker who is unemployed."""
EMPLOYER_RETIRED = -2
"""``WorkerArrays.employer`` of a worker who has retired."""
EMPLOYER_INACTIVE = -3
"""``WorkerArrays.employer`` of a worker out of the labour force for a while."""


@attrs.frozen(eq=False)
class CompanyTotals:
    """Headcount bookkeeping and window counters of one company.

    The bookkeeping (headcounts, hires, separations) covers the whole run and
    every company, the outside market included. The counters from ``quits``
    on cover the measurement window and are kept for the simulated companies
    only (zero for the outside market).
    """

    headcount_initial: int
    """Employees when the run starts (the initial population)."""
    headcount_final: int
    """Employees when the run ends."""
    hires: int
    """Hires during the run (the initial population is not hired)."""
    separations: int
    """Separations during the run: quits, layoffs and retirements."""
    quits: int
    """Quits to another employer in the window (job hops)."""
    withdrawals: int
    """Quits into non-employment, out of the labour force, in the window."""
    layoffs: int
    """Layoffs in the window (role cuts turned into redeployments are not layoffs)."""
    retirements: int
    """Retirements in the window."""
    internal_moves: int
    """Internal fills of open roles in the window (moves via a vacancy)."""
    redeployments: int
    """Role cuts turned into a move to another role, in the window."""
    gigs_posted: int
    """Micro-jobs posted in the window."""
    gigs_filled: int
    """Micro-jobs posted in the window that found a worker."""
    gig_effort: float
    """Sum of the effort shares (of a full-time week) of those filled micro-jobs."""
    gig_output_cost: float
    """Output the home roles lost to time on micro-jobs in the window (valued at the
    workers' wages), currency of the start of the run."""
    replacement_cost: float
    """Replacement cost of the window's separations, currency of the start of the run."""
    vacancy_cost: float
    """Output lost while positions stood empty in the window (valued at the last
    holder's wage), currency of the start of the run."""
    vacancy_weeks: float
    """Weeks positions stood empty in the window, summed over positions."""


@attrs.frozen(eq=False)
class WorkerArrays:
    """Every worker who entered the labour force, as arrays indexed by worker id.

    The state at the end of the run, plus the few values from the start of
    the measurement window that the measures compare it with. ``employer``
    is a company index, or :data:`EMPLOYER_UNEMPLOYED`, :data:`EMPLOYER_RETIRED`
    or :data:`EMPLOYER_INACTIVE`; values that only apply to employed workers
    (``wage``, ``role``, ``hire_time_weeks``) are meaningless otherwise.
    """

    age_years: np.ndarray
    """Age at the end of the run (at retirement for those who retired), years."""
    proficiency: np.ndarray
    """Proficiency in each skill (workers x skills), in [0, 1]."""
    interests: np.ndarray
    """Interest in each skill (workers x skills); each row sums to 1."""
    openness: np.ndarray
    """Openness to micro-jobs, in [0, 1]."""
    mover: np.ndarray
    """Whether the worker is a mover (gets more outside offers than a stayer)."""
    wage: np.ndarray
    """Annual wage in current currency units (of the last job for those not employed)."""
    employer: np.ndarray
    """Company index, or -1 (unemployed), -2 (retired) or -3 (out of the labour force)."""
    role: tuple[str | None, ...]
    """Name of the role held (None when not employed)."""
    hire_time_weeks: np.ndarray
    """Start of the current spell, weeks since the start of the run (negative for
    spells begun before it)."""
    jobs_held: np.ndarray
    """Jobs held over the career so far."""
    micro_jobs_done: np.ndarray
    """Micro-jobs done over the career so far."""
    birth_weeks: np.ndarray
    """Time of birth, weeks since the start of the run (negative for most)."""
    entry_weeks: np.ndarray
    """Entry into the labour force, weeks (0 for the initial population)."""
    exit_weeks: np.ndarray
    """Retirement, weeks (inf for those still in the labour force)."""
    wage_at_window_start: np.ndarray
    """Annual wage at the start of the window (NaN for those not employed then)."""
    skill_sum_at_baseline: np.ndarray
    """Summed proficiency at the baseline: the start of the window, or entry into the
    labour force for later entrants."""
    baseline_weeks: np.ndarray
    """Time of that baseline, weeks."""
    credential_level: np.ndarray
    """Level of the worker's credential (0: none; see ``Population.graduate_share``)."""
    credential_field: np.ndarray
    """Index of the credential's field in ``SkillCatalog.families`` (-1: none)."""
    first_job_weeks: np.ndarray
    """Start of the worker's first job, weeks (inf: none yet; NaN: not tracked)."""
    field_skill_at_entry: np.ndarray
    """Mean proficiency in the credential's field on entering the labour force (0 for
    those without a credential)."""
    platform_member: np.ndarray | None = None
    """Whether the worker is a member of the open talent platform (None: an engine
    without the platform)."""
    freelance_weeks: np.ndarray | None = None
    """Weeks of the window the worker spent freelancing (a member without a job)."""
    ratings: np.ndarray | None = None
    """Ratings on the worker's platform record, and the good ones among them."""
    good_ratings: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.employer)


@attrs.frozen(eq=False)
class RunStats:
    """What the engine counted besides the records: run totals, companies and workers.

    The measures (:mod:`microjob.measures`) read these together with the
    records; unless said otherwise, totals cover the measurement window and the
    simulated companies.
    """

    events: int
    """Model events the engine handled over the whole run (timers that fired,
    entries); the throughput benchmark's unit."""
    window_years: float
    """Length of the measurement window, years."""
    employee_years: float
    """Headcount of the simulated companies integrated over the window, years."""
    positions: int
    """Positions at the simulated companies (filled or not)."""
    labour_force_years: float
    """People between entry and retirement (in the labour force, or out of it for a
    while) integrated over the whole run, warm-up included, years."""
    inactive_years: float
    """People out of the labour force for a while (not retired) integrated over the
    window, years."""
    window_employees: int
    """Workers employed at a simulated company at some time in the window."""
    gig_participants: int
    """Of those, the workers who did at least one micro-job in the window."""
    companies: tuple[CompanyTotals, ...]
    """Per company, by company index; the outside market is last."""
    workers: WorkerArrays
    """Every worker, by worker id."""
    projects_posted: int = 0
    """Projects posted on the open talent platform in the window."""
    projects_filled: int = 0
    """Of those, the projects a member took on."""

    @property
    def simulated(self) -> tuple[CompanyTotals, ...]:
        """The simulated companies' totals (the outside market left out)."""
        return self.companies[:-1]


@attrs.frozen(eq=False)
class RunResult:
    """Everything one run produced: records, the final population and run metadata.

    ``spells`` holds every spell that overlaps the measurement window (spells
    that ended during the warm-up are dropped); ``gigs`` and ``moves`` hold
    those that started in the window.
    """

    scenario: Scenario
    policy: Policy | None
    seed_entropy: tuple[int, ...]
    spells: tuple[EmploymentSpell, ...]
    gigs: tuple[GigRecord, ...]
    moves: tuple[InternalMove, ...]
    window_start_weeks: float
    window_end_weeks: float
    company_names: tuple[str, ...]
    """Company names by index; the outside market is last."""
    stats: RunStats = attrs.field(repr=False)
    """What the engine counted besides the records (totals, companies, workers)."""
    engagements: tuple[EngagementRecord, ...] = ()
    """Projects on the open talent platform that reach into the window (empty when
    the platform is off)."""

    @functools.cached_property
    def workers(self) -> tuple[Worker, ...]:
        """Every worker who entered the labour force, as they were at the end of the run."""
        from microjob.model import Worker

        w = self.stats.workers
        states = {
            EMPLOYER_UNEMPLOYED: "unemployed",
            EMPLOYER_RETIRED: "retired",
            EMPLOYER_INACTIVE: "inactive",
        }
        return tuple(
            Worker(
                id=i,
                age_years=float(w.age_years[i]),
                proficiency=w.proficiency[i],
                interests=w.interests[i],
                openness=float(w.openness[i]),
                mover=bool(w.mover[i]),
                wage=float(w.wage[i]) if w.employer[i] >= 0 else 0.0,
                state=states.get(int(w.employer[i]), "employed"),  # type: ignore[arg-type]
                employer=int(w.employer[i]) if w.employer[i] >= 0 else None,
                role=w.role[i],
                hire_time_weeks=float(w.hire_time_weeks[i]) if w.employer[i] >= 0 else None,
                jobs_held=int(w.jobs_held[i]),
                micro_jobs_done=int(w.micro_jobs_done[i]),
            )
            for i in range(len(w))
        )

    def __repr__(self) -> str:
        policy = type(self.policy).__name__ if self.policy is not None else "as in scenario"
        return (
            f"RunResult(scenario={self.scenario.name!r}, policy={policy}, "
            f"spells={len(self.spells):,}, gigs={len(self.gigs):,}, moves={len(self.moves):,}, "
            f"window_weeks=({self.window_start_weeks:g}, {self.window_end_weeks:g}))"
        )

    @property
    def outside_index(self) -> int:
        """Company index of the outside market."""
        return len(self.company_names) - 1

    def summary(self) -> RunSummary:
        """The run's measures (computed from the records once, then kept)."""
        return self._summary

    @functools.cached_property
    def _summary(self) -> RunSummary:
        return RunSummary(**measures.measure(self))

    @functools.cached_property
    def spell_table(self) -> dict[str, np.ndarray]:
        """The spells as columns for the survival estimators (computed once, then kept).

        See :func:`microjob.measures.spell_table`, which computes it.
        """
        return measures.spell_table(self)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Records as pandas DataFrames: ``spells``, ``gigs``, ``moves``, ``workers``,
        ``engagements`` (the platform's, with ``client_name`` and ``side`` added).

        ``spells`` is in the layout survival users expect, one row per spell:
        ``duration_years``, ``event`` (1 separated, 0 censored),
        ``entry_years`` (delayed entry for spells begun before the window),
        ``reason``, ``worker``, ``company``, ``policy``, ``age_at_start``,
        then ``company_name``, ``start``/``end`` in weeks, ``censored`` and
        ``left_truncated`` (see :func:`microjob.measures.spell_table`).
        Requires pandas (``pip install 'microjob[pandas]'``).
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "RunResult.to_frames() needs pandas: pip install 'microjob[pandas]'"
            ) from exc

        def frame(cls: type, rows: tuple[Any, ...]) -> pd.DataFrame:
            names = [f.name for f in attrs.fields(cls)]
            return pd.DataFrame([attrs.astuple(r, recurse=False) for r in rows], columns=names)

        from microjob.model import Worker

        frames = {
            "spells": pd.DataFrame(self.spell_table),
            "gigs": frame(GigRecord, self.gigs),
            "moves": frame(InternalMove, self.moves),
            "workers": frame(Worker, self.workers),
            "engagements": frame(EngagementRecord, self.engagements),
        }
        names = self.company_names
        for key in ("gigs", "moves"):
            df = frames[key]
            df["company_name"] = [names[c] for c in df["company"]]
        engagements = frames["engagements"]
        engagements["client_name"] = [names[c] for c in engagements["client"]]
        engagements["side"] = engagements["freelancing_since"].isna()
        return frames
