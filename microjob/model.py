"""Domain types: skills, the skill catalog, workers, micro-jobs and companies.

These classes are the public vocabulary of microjob. They are plain frozen
attrs classes that know nothing of the simulation engine; the engine keeps its
hot per-worker state in numpy arrays and speaks these types at its boundary.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from microjob._checks import (
    MAX_MAGNITUDE,
    MAX_SEATS,
    between,
    count,
    floats_in_unit,
    non_empty_str,
    non_negative,
    positive,
    to_dict,
    to_float_tuple,
    to_tuple,
    unit_interval,
)

if TYPE_CHECKING:
    from microjob.policies import Policy

__all__ = ["Company", "MicroJob", "Role", "Skill", "SkillCatalog", "Worker"]


@attrs.frozen
class Skill:
    """A skill people can learn, such as ``statistics``; ``family`` groups related skills."""

    name: str = attrs.field(validator=non_empty_str)
    """Skill name, unique within a catalog (``statistics``)."""
    family: str = attrs.field(validator=non_empty_str)
    """Family of related skills (``data``); skills of one family are more similar."""


def _to_matrix(value: Any) -> tuple[tuple[float, ...], ...]:
    return tuple(to_float_tuple(row) for row in value)


@attrs.frozen
class SkillCatalog:
    """All skills of a scenario with a symmetric similarity matrix.

    ``similarity[i][j]`` in [0, 1] is the share of learning on skill ``j`` that
    spills over to skill ``i``; the diagonal is 1. Related skills (same family)
    are more similar, so learning statistics helps a little with machine
    learning but not with negotiation.
    """

    skills: tuple[Skill, ...] = attrs.field(converter=to_tuple)
    """The skills, in the order of every skill vector (proficiency, interests)."""
    similarity: tuple[tuple[float, ...], ...] = attrs.field(converter=_to_matrix)
    """Symmetric matrix, one row per skill: share of learning that spills over (1 on the
    diagonal, each entry in [0, 1])."""

    @skills.validator
    def _check_skills(self, attribute: attrs.Attribute[Any], value: tuple[Skill, ...]) -> None:
        if not value:
            raise ValueError("skills: the catalog needs at least one skill, got none")
        seen: set[str] = set()
        for i, skill in enumerate(value):
            if not isinstance(skill, Skill):
                raise TypeError(f"skills[{i}]: must be a Skill, got {skill!r}")
            if skill.name in seen:
                raise ValueError(f"skills[{i}].name: duplicate skill name {skill.name!r}")
            seen.add(skill.name)

    @similarity.validator
    def _check_similarity(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        k = len(self.skills)
        if len(value) != k or any(len(row) != k for row in value):
            raise ValueError(f"similarity: must be a {k}x{k} matrix (one row per skill)")
        for i in range(k):
            if value[i][i] != 1.0:
                raise ValueError(f"similarity[{i}][{i}]: diagonal must be 1, got {value[i][i]!r}")
            for j in range(k):
                x = value[i][j]
                if not 0.0 <= x <= 1.0:
                    raise ValueError(f"similarity[{i}][{j}]: must be between 0 and 1, got {x!r}")
                if x != value[j][i]:
                    raise ValueError(
                        f"similarity[{i}][{j}]: matrix must be symmetric, got {x!r} "
                        f"but similarity[{j}][{i}] is {value[j][i]!r}"
                    )

    def __len__(self) -> int:
        return len(self.skills)

    def __repr__(self) -> str:
        return f"SkillCatalog({len(self.skills)} skills in {len(self.families)} families)"

    @property
    def names(self) -> tuple[str, ...]:
        """Skill names in catalog order."""
        return tuple(s.name for s in self.skills)

    @property
    def families(self) -> tuple[str, ...]:
        """Distinct family names in order of first appearance."""
        return tuple(dict.fromkeys(s.family for s in self.skills))

    def family_members(self) -> np.ndarray:
        """Families x skills: True where the skill belongs to the family (rows in the
        order of :attr:`families`)."""
        families = self.families
        out = np.zeros((len(families), len(self.skills)), dtype=bool)
        for k, skill in enumerate(self.skills):
            out[families.index(skill.family), k] = True
        return out

    def index(self, name: str) -> int:
        """Position of skill ``name``; raises ``KeyError`` naming the skill."""
        for i, skill in enumerate(self.skills):
            if skill.name == name:
                return i
        raise KeyError(f"unknown skill {name!r}; the catalog has {', '.join(self.names)}")

    def matrix(self) -> np.ndarray:
        """The similarity matrix as a float64 array of shape (K, K)."""
        return np.array(self.similarity, dtype=np.float64)

    def vector(self, weights: Mapping[str, float]) -> np.ndarray:
        """A length-K vector from a mapping of skill name to value (others are 0)."""
        out = np.zeros(len(self.skills))
        for name, w in weights.items():
            out[self.index(name)] = w
        return out

    @classmethod
    def from_families(
        cls,
        families: Mapping[str, Iterable[str]],
        *,
        within_family: float = 0.3,
        between_families: float = 0.0,
        pairs: Iterable[tuple[str, str, float]] = (),
    ) -> SkillCatalog:
        """Build a catalog from ``{family: [skill, ...]}`` and a similarity rule.

        Skills in the same family get ``within_family`` similarity, others
        ``between_families``; ``pairs`` overrides single pairs (symmetrically).
        """
        for name, x in (("within_family", within_family), ("between_families", between_families)):
            if not 0.0 <= x <= 1.0:
                raise ValueError(f"{name}: must be between 0 and 1, got {x!r}")
        skills = [Skill(s, fam) for fam, names in families.items() for s in names]
        k = len(skills)
        sim = np.full((k, k), float(between_families))
        fam = np.array([s.family for s in skills])
        sim[fam[:, None] == fam[None, :]] = within_family
        np.fill_diagonal(sim, 1.0)
        catalog = cls(tuple(skills), np.eye(k))
        for a, b, value in pairs:
            i, j = catalog.index(a), catalog.index(b)
            if i == j:
                raise ValueError(f"pairs: a skill cannot be paired with itself, got {a!r}")
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"pairs[{a!r}, {b!r}]: must be between 0 and 1, got {value!r}")
            sim[i, j] = sim[j, i] = value
        return cls(tuple(skills), sim)

    @classmethod
    def from_toml(cls, path: Any) -> SkillCatalog:
        """Load a catalog file in the format of the shipped ``data/skills.toml``."""
        with open(path, "rb") as fh:
            return cls._from_document(tomllib.load(fh))

    @classmethod
    def default(cls) -> SkillCatalog:
        """The shipped catalog: 24 skills in 6 families (``microjob/data/skills.toml``)."""
        text = resources.files("microjob").joinpath("data/skills.toml").read_text("utf-8")
        return cls._from_document(tomllib.loads(text))

    @classmethod
    def _from_document(cls, doc: Mapping[str, Any]) -> SkillCatalog:
        sim = doc.get("similarity", {})
        return cls.from_families(
            {f["name"]: f["skills"] for f in doc["families"]},
            within_family=sim.get("within_family", 0.3),
            between_families=sim.get("between_families", 0.0),
            pairs=[(p["a"], p["b"], p["value"]) for p in sim.get("pairs", [])],
        )


@attrs.frozen
class Role:
    """A kind of position in a company: the skills the job uses and how many seats it has.

    ``skills`` maps skill names to weights; the weights are normalised to
    time shares, so ``{"statistics": 2, "visualisation": 1}`` means two thirds
    of the working week on statistics.
    """

    name: str = attrs.field(validator=non_empty_str)
    """Role name, unique within its company."""
    skills: Mapping[str, float] = attrs.field(converter=to_dict)
    """Skill name to weight (> 0); weights are normalised to shares of working time."""
    positions: int = attrs.field(default=10, validator=count(1, MAX_SEATS))
    """Number of seats of this role; a company's headcount is the sum over its roles."""

    @skills.validator
    def _check_skills(self, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
        if not value:
            raise ValueError(f"skills: role {self.name!r} must use at least one skill")
        for skill, w in value.items():
            if isinstance(w, bool) or not isinstance(w, int | float) or not 0 < w <= MAX_MAGNITUDE:
                raise ValueError(
                    f"skills.{skill}: weight must be a number > 0 and <= {MAX_MAGNITUDE:g}, "
                    f"got {w!r}"
                )

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.skills.items())), self.positions))


@attrs.frozen
class Company:
    """An employer: its policy, roles (and so its target headcount) and pay level.

    The special *outside market* (``outside_market=True``) stands for the rest
    of the economy: it has unlimited capacity, is always hiring and follows the
    traditional policy; its roles are the kinds of outside jobs workers take.
    """

    name: str = attrs.field(validator=non_empty_str)
    """Company name, unique within a scenario."""
    policy: Policy = attrs.field()
    """Employment policy: TraditionalEmployment or InternalFreelance."""
    roles: tuple[Role, ...] = attrs.field(converter=to_tuple)
    """Kinds of positions (skills used, number of seats); seats add up to the headcount."""
    wage_level: float = attrs.field(default=1.0, validator=positive)
    """Multiplier on market value for this employer's offers (1 = pays the market)."""
    hiring_delay_weeks: float = attrs.field(default=6.0, validator=non_negative)
    """Mean weeks to fill a vacancy from outside (about 6; a starting value, not calibrated)."""
    internal_delay_weeks: float = attrs.field(default=3.0, validator=non_negative)
    """Mean weeks to fill a vacancy from inside (about 3: insiders are known, so faster)."""
    replacement_cost_share: float = attrs.field(default=0.21, validator=between(0.0, 5.0))
    """Cost of a separation as a share of annual wage (median 21%, Boushey & Glynn 2012)."""
    outside_market: bool = attrs.field(default=False)
    """True only for the scenario's outside market."""

    @policy.validator
    def _check_policy(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        from microjob.policies import check_policy

        check_policy(value, attribute.name)

    @roles.validator
    def _check_roles(self, attribute: attrs.Attribute[Any], value: tuple[Role, ...]) -> None:
        if not value:
            raise ValueError(f"roles: company {self.name!r} needs at least one role")
        for i, r in enumerate(value):
            if not isinstance(r, Role):
                raise TypeError(f"roles[{i}]: must be a Role, got {r!r}")
        seen: set[str] = set()
        for i, r in enumerate(value):
            if r.name in seen:
                raise ValueError(f"roles[{i}].name: duplicate role name {r.name!r}")
            seen.add(r.name)

    @property
    def headcount(self) -> int:
        """Target headcount: the total number of positions over all roles."""
        return sum(r.positions for r in self.roles)


@attrs.frozen
class MicroJob:
    """A short internal project or gig posted by a company (``company=None``: external).

    ``required`` maps skills to the minimum proficiency an applicant needs
    (before the policy's stretch margin); ``teaches`` lists the skills that
    the work exercises, so doing it moves proficiency in them.
    """

    id: int = attrs.field(validator=count(0))
    company: int | None
    required: Mapping[str, float] = attrs.field(converter=to_dict)
    teaches: tuple[str, ...] = attrs.field(converter=to_tuple)
    duration_weeks: float = attrs.field(validator=positive)
    effort_share: float = attrs.field(validator=between(0.0, 1.0))
    """Share of a full-time week the micro-job takes."""
    bonus: float = attrs.field(validator=non_negative)
    """Bonus paid on completion, in currency units."""
    status: Literal["open", "filled", "unfilled", "done"] = attrs.field(default="open")

    @required.validator
    def _check_required(self, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
        for skill, level in value.items():
            if isinstance(level, bool) or not isinstance(level, int | float) or not 0 <= level <= 1:
                raise ValueError(f"required.{skill}: must be between 0 and 1, got {level!r}")

    @status.validator
    def _check_status(self, attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in ("open", "filled", "unfilled", "done"):
            raise ValueError(f"status: must be open, filled, unfilled or done, got {value!r}")

    def __hash__(self) -> int:
        return hash(self.id)


EmploymentState = Literal["employed", "unemployed", "inactive", "retired"]


@attrs.frozen
class Worker:
    """A snapshot of one worker: who they are, what they can do and where they work.

    ``proficiency`` and ``interests`` are vectors over the catalog's skills;
    interests sum to 1 (what this person wants to learn). ``employer`` is the
    company index (the outside market has the last index) or ``None`` when
    unemployed, out of the labour force for a while (``inactive``) or retired.
    """

    id: int = attrs.field(validator=count(0))
    age_years: float = attrs.field(validator=between(0.0, 120.0))
    proficiency: tuple[float, ...] = attrs.field(converter=to_float_tuple, validator=floats_in_unit)
    interests: tuple[float, ...] = attrs.field(converter=to_float_tuple, validator=floats_in_unit)
    openness: float = attrs.field(validator=unit_interval)
    """Openness to micro-jobs in [0, 1] (mindset)."""
    mover: bool = attrs.field()
    """Movers receive more outside offers than stayers (mover/stayer heterogeneity)."""
    wage: float = attrs.field(validator=non_negative)
    """Annual wage in currency units (0 when not employed)."""
    state: EmploymentState = attrs.field()
    employer: int | None = attrs.field(default=None)
    role: str | None = attrs.field(default=None)
    hire_time_weeks: float | None = attrs.field(default=None)
    jobs_held: int = attrs.field(default=0, validator=count(0))
    micro_jobs_done: int = attrs.field(default=0, validator=count(0))

    @interests.validator
    def _check_interests(self, attribute: attrs.Attribute[Any], value: tuple[float, ...]) -> None:
        if len(value) != len(self.proficiency):
            raise ValueError(
                f"interests: must have one entry per skill ({len(self.proficiency)}), "
                f"got {len(value)}"
            )
        if abs(sum(value) - 1.0) > 1e-6:
            raise ValueError(f"interests: must sum to 1, got {sum(value)!r}")

    @state.validator
    def _check_state(self, attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in ("employed", "unemployed", "inactive", "retired"):
            raise ValueError(
                f"state: must be employed, unemployed, inactive or retired, got {value!r}"
            )
        if (value == "employed") != (self.employer is not None):
            raise ValueError(
                f"employer: must be set exactly when state is 'employed', got {self.employer!r}"
            )
