"""Employment policies: the ``Policy`` protocol, its levers, the built-in kinds, matchers.

A policy is any object whose attributes are the **levers** the engine reads
(:data:`LEVERS`) plus a ``kind`` that names it. The engine reads the levers and
nothing else, so a user's own class (attrs, dataclass or plain) that has them
runs like the built-in ones: see :class:`Policy`.

Two policies are built in. ``TraditionalEmployment`` has no marketplace:
vacancies are filled from inside only at the base rate of promotions and
transfers, by managers who see a few candidates; its micro-job and
redeployment levers are fixed at their "off" values. ``InternalFreelance`` adds
an internal talent marketplace: micro-jobs, a preference for internal fills
with every employee visible, and redeployment of people whose role is cut.
Every lever of ``InternalFreelance`` can be switched on its own, so
``InternalFreelance(**levers(TraditionalEmployment()))`` runs exactly like
``TraditionalEmployment()`` and ``InternalFreelance(redeployment=False)`` is
the marketplace without redeployment.

:data:`POLICY_KINDS` is the one registry of the built-in kinds: each kind's
name, class, display label and accepted aliases (``internal_freelance`` for
``internal-freelance``). The command line, ``compare``/``sweep`` policy names,
scenario files and figure legends all read it.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple, Protocol, runtime_checkable

import attrs
import numpy as np

from microjob._checks import MAX_SEATS, between, count, non_negative, unit_interval

__all__ = [
    "LEVERS",
    "LEVER_GROUPS",
    "POLICY_KINDS",
    "SCENARIO_ARM",
    "BestFit",
    "InternalFreelance",
    "Matcher",
    "MostInterested",
    "Policy",
    "PolicyKind",
    "RandomMatch",
    "TraditionalEmployment",
    "check_policy",
    "find_policy_kind",
    "levers",
    "policy_kind",
    "policy_label",
]


@runtime_checkable
class Matcher(Protocol):
    """Chooses one applicant for a micro-job.

    ``fit`` is each applicant's skill fit to the job's requirements in [0, 1];
    ``interest`` their interest in what it teaches in [0, 1]. Return the
    position (not the worker id) of the chosen applicant. ``rng`` is the
    engine's matching stream: use it for every random choice.
    """

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return the index of the chosen applicant."""
        ...


@attrs.frozen
class BestFit:
    """Pick the applicant whose skills fit best (ties broken at random)."""

    kind: str = attrs.field(default="best_fit", init=False)

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return the index of the best-fitting applicant."""
        return _argmax_random_tie(fit, rng)


@attrs.frozen
class MostInterested:
    """Pick the applicant most interested in what the job teaches (growth-first staffing)."""

    kind: str = attrs.field(default="most_interested", init=False)

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return the index of the most interested applicant."""
        return _argmax_random_tie(interest, rng)


@attrs.frozen
class RandomMatch:
    """Pick an applicant uniformly at random (a lottery; the null model)."""

    kind: str = attrs.field(default="random", init=False)

    def choose(self, fit: np.ndarray, interest: np.ndarray, rng: np.random.Generator) -> int:
        """Return a uniformly random applicant index."""
        return int(rng.integers(len(fit)))


def _argmax_random_tie(score: np.ndarray, rng: np.random.Generator) -> int:
    # Plain Python on a list: the arrays are short (tens of applicants), where
    # numpy's per-call cost dominates.
    values = score.tolist()
    top = max(values)
    if values.count(top) == 1:
        return values.index(top)
    best = [i for i, v in enumerate(values) if v == top]
    return best[int(rng.random() * len(best))]


def _check_matcher(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Matcher):
        raise TypeError(
            f"{attribute.name}: must have a choose(fit, interest, rng) method, got {value!r}"
        )


def _check_bool(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name}: must be true or false, got {value!r}")


# ------------------------------------------------------------------ the protocol


@runtime_checkable
class Policy(Protocol):
    """What the engine reads from a company's employment policy: a name and the levers.

    Any object with these attributes is a policy; it need not subclass
    anything. The two built-in classes are frozen attrs classes; a user's own
    class may be an attrs class, a dataclass or a plain class (frozen and
    hashable is best: results are keyed by what a run computes). A policy
    of another class is checked against the same ranges as
    :class:`InternalFreelance` when a :class:`~microjob.model.Company` is built.

    The levers, their values under the two built-in policies and what each
    changes are listed in the docs page "Policy levers".
    """

    @property
    def kind(self) -> str:
        """Short name, used as the policy's label in comparisons and figures."""
        ...

    @property
    def internal_fill_share(self) -> float:
        """Share of vacancies filled from inside, in [0, 1]."""
        ...

    @property
    def internal_candidates_seen(self) -> int:
        """How many employees are considered for an internal fill (0 = everyone)."""
        ...

    @property
    def annual_raise_share(self) -> float:
        """Across-the-board raise at the annual review, in [0, 0.5]."""
        ...

    @property
    def market_matching_share(self) -> float:
        """Share of the gap between pay and market value closed at each review, in [0, 1]."""
        ...

    @property
    def gigs_per_employee_year(self) -> float:
        """Micro-jobs posted per employee and year, in [0, 52]; 0 switches micro-jobs off."""
        ...

    @property
    def time_share(self) -> float:
        """Largest share of working time a worker may spend on micro-jobs at once."""
        ...

    @property
    def min_tenure_weeks(self) -> float:
        """Tenure needed before a worker may take micro-jobs."""
        ...

    @property
    def bonus_share(self) -> float:
        """Micro-job completion bonus as a share of the worker's annual wage, in [0, 1]."""
        ...

    @property
    def stretch_margin(self) -> float:
        """How far below a micro-job's requirement an applicant may be and still apply."""
        ...

    @property
    def matcher(self) -> Matcher:
        """Who gets a micro-job among its applicants."""
        ...

    @property
    def manager_release_share(self) -> float:
        """Share of managers who release time for micro-jobs, in [0, 1]."""
        ...

    @property
    def redeployment(self) -> bool:
        """Whether a worker whose role is cut may be moved into an open role instead."""
        ...

    @property
    def redeployment_share(self) -> float:
        """Share of layoffs that are role cuts and so open to redeployment, in [0, 1]."""
        ...

    @property
    def redeployment_min_fit(self) -> float:
        """Least skill fit to an open role for a redeployment, in [0, 1]."""
        ...


LEVERS: tuple[str, ...] = (
    "internal_fill_share",
    "internal_candidates_seen",
    "annual_raise_share",
    "market_matching_share",
    "gigs_per_employee_year",
    "time_share",
    "min_tenure_weeks",
    "bonus_share",
    "stretch_margin",
    "matcher",
    "manager_release_share",
    "redeployment",
    "redeployment_share",
    "redeployment_min_fit",
)
"""Names of the levers, the attributes of a policy the engine reads (``kind`` aside)."""


LEVER_GROUPS: dict[str, tuple[str, ...]] = {
    "internal-fills": ("internal_fill_share", "internal_candidates_seen"),
    "redeployment": ("redeployment", "redeployment_share", "redeployment_min_fit"),
    "micro-jobs": (
        "gigs_per_employee_year",
        "time_share",
        "min_tenure_weeks",
        "bonus_share",
        "stretch_margin",
        "matcher",
        "manager_release_share",
    ),
    "pay": ("annual_raise_share", "market_matching_share"),
}
"""The levers grouped by mechanism, as a policy's parts are switched on and off:
vacancies filled from inside, redeployment of role cuts, micro-jobs, pay reviews.
Every lever belongs to exactly one group; ``decompose`` attributes a policy
difference to these groups by default."""


def levers(policy: Policy) -> dict[str, Any]:
    """Every lever of ``policy`` by name, in the order of :data:`LEVERS`.

    ``InternalFreelance(**levers(p))`` is an ``InternalFreelance`` that runs
    exactly like ``p``.
    """
    return {name: getattr(policy, name) for name in LEVERS}


# ------------------------------------------------------------------ built-in policies


@attrs.frozen
class TraditionalEmployment:
    """Employment without a marketplace: no micro-jobs, no redeployment.

    Internal moves happen only as occasional promotions or transfers: a share
    of vacancies is filled from inside by managers who know a few candidates.
    The micro-job and redeployment levers are fixed class attributes at their
    "off" values (not parameters); use ``InternalFreelance`` to switch any of
    them on.
    """

    internal_fill_share: float = attrs.field(default=0.33, validator=unit_interval)
    """Share of vacancies filled from inside. About a third today (Cappelli 2019,
    'Your approach to hiring is all wrong', HBR), down from 90% in the 1950s."""
    internal_candidates_seen: int = attrs.field(default=5, validator=count(0, MAX_SEATS))
    """How many employees a hiring manager considers for an internal fill (0 = all)."""
    annual_raise_share: float = attrs.field(default=0.03, validator=between(0.0, 0.5))
    """Across-the-board raise at the annual review (about 3%, typical US merit budgets)."""
    market_matching_share: float = attrs.field(default=0.3, validator=unit_interval)
    """Share of the gap between pay and market value closed at each review."""

    kind: str = attrs.field(default="traditional", init=False)

    gigs_per_employee_year: ClassVar[float] = 0.0
    """Fixed: no micro-jobs are posted."""
    time_share: ClassVar[float] = 0.0
    """Fixed: no working time is set aside for micro-jobs."""
    min_tenure_weeks: ClassVar[float] = 0.0
    """Fixed; read only when micro-jobs are posted, which they never are here."""
    bonus_share: ClassVar[float] = 0.0
    """Fixed: no micro-job bonus."""
    stretch_margin: ClassVar[float] = 0.0
    """Fixed; read only when micro-jobs are posted."""
    matcher: ClassVar[Matcher] = BestFit()
    """Fixed; read only when micro-jobs are posted."""
    manager_release_share: ClassVar[float] = 1.0
    """Fixed; read only when micro-jobs are posted."""
    redeployment: ClassVar[bool] = False
    """Fixed: a worker whose role is cut is laid off."""
    redeployment_share: ClassVar[float] = 0.0
    """Fixed: no layoff is open to redeployment."""
    redeployment_min_fit: ClassVar[float] = 1.0
    """Fixed; read only when redeployment is on."""


@attrs.frozen
class InternalFreelance:
    """An internal talent marketplace: micro-jobs, internal fills, redeployment.

    Defaults are starting values from common practice: 20% of time for
    micro-jobs (the classic '20% time'), about two postings per employee-year,
    median six-week gigs at 10-20% effort, a bonus of about 1.5% of annual pay.

    Every lever can be set on its own: ``gigs_per_employee_year=0`` switches
    micro-jobs off, ``redeployment=False`` switches redeployment off, and the
    traditional ``internal_fill_share=0.33, internal_candidates_seen=5`` gives
    vacancies filled as without a marketplace. The class methods
    ``micro_jobs_only``, ``redeployment_only`` and ``from_levers`` build the
    common variants.
    """

    internal_fill_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Share of vacancies filled from inside; the marketplace makes internal
    candidates visible, so more vacancies go to insiders than the traditional third."""
    internal_candidates_seen: int = attrs.field(default=0, validator=count(0, MAX_SEATS))
    """Employees considered for an internal fill (0 = everyone: the marketplace shows all)."""
    annual_raise_share: float = attrs.field(default=0.03, validator=between(0.0, 0.5))
    """Across-the-board raise at the annual review."""
    market_matching_share: float = attrs.field(default=0.3, validator=unit_interval)
    """Share of the gap between pay and market value closed at each review."""
    time_share: float = attrs.field(default=0.2, validator=unit_interval)
    """Largest share of working time a worker may spend on micro-jobs at once."""
    gigs_per_employee_year: float = attrs.field(default=2.0, validator=between(0.0, 52.0))
    """Micro-jobs posted per employee and year (0 = no micro-jobs)."""
    min_tenure_weeks: float = attrs.field(default=26.0, validator=non_negative)
    """Tenure needed before a worker may take micro-jobs (a probation period)."""
    bonus_share: float = attrs.field(default=0.015, validator=between(0.0, 1.0))
    """Completion bonus as a share of the worker's annual wage (about 1-2%)."""
    stretch_margin: float = attrs.field(default=0.15, validator=unit_interval)
    """How far below a requirement an applicant may be and still be eligible."""
    matcher: Matcher = attrs.field(factory=BestFit, validator=_check_matcher)
    """Who gets the job among applicants: BestFit, MostInterested, RandomMatch or your own."""
    manager_release_share: float = attrs.field(default=1.0, validator=unit_interval)
    """Share of managers who release their people's time for micro-jobs. A new hire's
    manager releases it or not, for the whole spell; without release the worker cannot
    apply (1: every manager releases time, no approval barrier). Managers who keep
    their best people from other teams' work ('talent hoarding') are a commonly named
    barrier of internal marketplaces; no published share exists, so the default leaves
    the barrier out and the barrier experiment (``mj.barriers``) sweeps it."""
    redeployment: bool = attrs.field(default=True)
    """Move a worker whose role is cut into an open role that fits, instead of a layoff."""
    redeployment_share: float = attrs.field(default=0.5, validator=unit_interval)
    """Share of layoffs that are role cuts and so open to redeployment; the rest are
    discharges for cause or performance, which JOLTS counts with layoffs (assumption).
    A redeployed worker moves to an open position; the position left behind is
    refilled in time, since companies keep their target headcount."""
    redeployment_min_fit: float = attrs.field(default=0.4, validator=unit_interval)
    """Least skill fit to an open role for a redeployment."""

    kind: str = attrs.field(default="internal-freelance", init=False)

    @redeployment.validator
    def _check_redeployment(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        _check_bool(self, attribute, value)

    @classmethod
    def from_levers(cls, policy: Policy, **changes: Any) -> InternalFreelance:
        """Every lever of ``policy``, then ``changes``.

        ``InternalFreelance.from_levers(TraditionalEmployment())`` runs exactly
        like traditional employment; add one lever in ``changes`` to measure
        what that lever alone does.
        """
        return cls(**{**levers(policy), **changes})

    @classmethod
    def micro_jobs_only(cls, **changes: Any) -> InternalFreelance:
        """Micro-jobs as by default; vacancies filled as without a marketplace; no redeployment."""
        trad = TraditionalEmployment()
        return cls(
            **{
                "internal_fill_share": trad.internal_fill_share,
                "internal_candidates_seen": trad.internal_candidates_seen,
                "redeployment": False,
                **changes,
            }
        )

    @classmethod
    def redeployment_only(cls, **changes: Any) -> InternalFreelance:
        """Redeployment as by default; vacancies filled as without a marketplace; no micro-jobs."""
        trad = TraditionalEmployment()
        return cls(
            **{
                "internal_fill_share": trad.internal_fill_share,
                "internal_candidates_seen": trad.internal_candidates_seen,
                "gigs_per_employee_year": 0.0,
                **changes,
            }
        )


# ------------------------------------------------------------------ the kind registry


class PolicyKind(NamedTuple):
    """One built-in kind of policy: its name, class, display label and other spellings."""

    kind: str
    """The name scenario files, the command line and comparisons use."""
    policy_class: type
    """The class; calling it with no arguments gives the default policy of this kind."""
    label: str
    """The name shown in figure legends and reports."""
    aliases: tuple[str, ...] = ()
    """Other spellings accepted wherever a kind is read."""

    @property
    def names(self) -> tuple[str, ...]:
        """The kind and its aliases."""
        return (self.kind, *self.aliases)


POLICY_KINDS: tuple[PolicyKind, ...] = (
    PolicyKind("traditional", TraditionalEmployment, "Traditional employment"),
    PolicyKind(
        "internal-freelance",
        InternalFreelance,
        "Internal freelance",
        aliases=("internal_freelance",),
    ),
)
"""The built-in policy kinds, in the order the command line and docs list them."""


SCENARIO_ARM = "scenario"
"""The policy name that stands for each company's policy as written in the scenario.

Accepted wherever a policy name is (``compare``, ``sweep``'s ``policy`` axis,
``simulate``, the command line); a scenario's own arms may not use it.
"""


def _reserved_names() -> frozenset[str]:
    """Names a scenario's arms may not take: the built-in kinds, their aliases, ``scenario``."""
    return frozenset({SCENARIO_ARM, *(n for entry in POLICY_KINDS for n in entry.names)})


def find_policy_kind(name: str) -> PolicyKind | None:
    """The built-in kind named ``name`` (or one of its aliases), or ``None``."""
    for entry in POLICY_KINDS:
        if name in entry.names:
            return entry
    return None


def policy_kind(name: str) -> PolicyKind:
    """The built-in kind named ``name`` (or one of its aliases); ValueError if none is."""
    entry = find_policy_kind(name) if isinstance(name, str) else None
    if entry is None:
        kinds = ", ".join(repr(k.kind) for k in POLICY_KINDS)
        raise ValueError(f"unknown policy {name!r}; choose from {kinds}")
    return entry


def policy_label(kind: str) -> str:
    """The display label of a kind; a kind that is not built in is shown in words."""
    entry = find_policy_kind(kind)
    if entry is not None:
        return entry.label
    return kind.replace("_", " ").replace("-", " ").capitalize()


# ------------------------------------------------------------------ checking a policy


def check_policy(value: Any, where: str = "policy") -> None:
    """Raise TypeError or ValueError, naming ``where``, unless ``value`` is a usable policy.

    The built-in classes check their own fields. Any other object must have
    a non-empty string ``kind`` and every lever, each within the range
    :class:`InternalFreelance` allows.
    """
    if isinstance(value, TraditionalEmployment | InternalFreelance):
        return
    missing = [name for name in ("kind", *LEVERS) if not hasattr(value, name)]
    if missing:
        if len(missing) > 5:
            missing = [*missing[:5], "..."]
        raise TypeError(
            f"{where}: must be TraditionalEmployment, InternalFreelance or an object with "
            f"every policy lever (missing {', '.join(missing)}), got {value!r}"
        )
    kind = value.kind
    if not isinstance(kind, str) or not kind.strip():
        raise TypeError(f"{where}.kind: must be a non-empty string, got {kind!r}")
    for field in attrs.fields(InternalFreelance):
        if field.name in LEVERS and field.validator is not None:
            try:
                field.validator(value, field, getattr(value, field.name))
            except (TypeError, ValueError) as exc:
                raise type(exc)(f"{where}.{exc}") from None
