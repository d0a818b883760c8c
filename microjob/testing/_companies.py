"""Strategies for skill catalogs and the simulated companies that use them."""

from __future__ import annotations

from hypothesis import strategies as st

from microjob.model import Company, Role, SkillCatalog
from microjob.policies import Policy
from microjob.testing._basics import _MAX_ROLES, _check_count, _names, _unit
from microjob.testing._policies import policies


def skill_catalogs(
    *,
    min_skills: int = 1,
    max_skills: int = 8,
    names: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[SkillCatalog]:
    """A :class:`~microjob.SkillCatalog` of ``min_skills`` to ``max_skills`` skills.

    Skills fall into one or more families; the within- and between-family
    similarities and a few pair overrides are drawn over [0, 1]. Skill and family
    names come from ``names`` (default: any non-blank text of up to 12 characters
    without NUL, so names with spaces, quotes and non-Latin letters turn up).
    """
    _check_count("min_skills", min_skills, 1)
    _check_count("max_skills", max_skills, min_skills)
    name_strategy = _names if names is None else names

    @st.composite
    def draw_catalog(draw: st.DrawFn) -> SkillCatalog:
        skills = draw(
            st.lists(name_strategy, min_size=min_skills, max_size=max_skills, unique=True)
        )
        families = draw(st.lists(name_strategy, min_size=1, max_size=len(skills), unique=True))
        grouping: dict[str, list[str]] = {}
        for skill in skills:
            grouping.setdefault(draw(st.sampled_from(families)), []).append(skill)
        pairs = []
        if len(skills) > 1:
            index = st.integers(0, len(skills) - 1)
            for i, j in draw(st.lists(st.tuples(index, index), max_size=3)):
                if i != j:
                    pairs.append((skills[i], skills[j], draw(_unit)))
        return SkillCatalog.from_families(
            grouping,
            within_family=draw(_unit),
            between_families=draw(_unit),
            pairs=pairs,
        )

    return draw_catalog()


def _roles(catalog: SkillCatalog, max_positions: int) -> st.SearchStrategy[tuple[Role, ...]]:
    """One to four roles using skills of ``catalog``, with at most ``max_positions`` seats."""

    @st.composite
    def draw_roles(draw: st.DrawFn) -> tuple[Role, ...]:
        n = draw(st.integers(1, min(_MAX_ROLES, max_positions)))
        skill = st.sampled_from(catalog.names)
        out = []
        for i in range(n):
            chosen = draw(st.lists(skill, min_size=1, max_size=min(3, len(catalog)), unique=True))
            weights = {s: draw(st.floats(0.1, 3.0)) for s in chosen}
            seats = draw(st.integers(1, max_positions // n))
            out.append(Role(f"team-{i + 1}", weights, seats))
        return tuple(out)

    return draw_roles()


def companies(
    *,
    catalog: SkillCatalog | None = None,
    policy: st.SearchStrategy[Policy] | None = None,
    name: str | st.SearchStrategy[str] | None = None,
    max_positions: int = 40,
) -> st.SearchStrategy[Company]:
    """A simulated :class:`~microjob.Company` (not the outside market).

    It has one to four roles using skills of ``catalog`` (default: the shipped catalog)
    and at most ``max_positions`` seats in all. Its policy comes from ``policy``
    (default :func:`policies`), its name from ``name`` (a fixed string or a strategy;
    default: any non-blank text). Pay level (0.5-2 times the market), mean hiring
    delays (0.5-26 weeks from outside, 1-13 from inside) and replacement cost (0-5
    annual wages) are drawn too. The delays have positive floors for speed: with an
    internal delay near zero and every vacancy filled from inside, a vacancy passes
    from role to role thousands of times a year.
    """
    cat = SkillCatalog.default() if catalog is None else catalog
    if not isinstance(cat, SkillCatalog):
        raise TypeError(f"catalog: must be a SkillCatalog or None, got {catalog!r}")
    _check_count("max_positions", max_positions, 1)
    policy_strategy = policies() if policy is None else policy
    if name is None:
        name_strategy: st.SearchStrategy[str] = _names
    elif isinstance(name, str):
        name_strategy = st.just(name)
    else:
        name_strategy = name
    return st.builds(
        Company,
        name=name_strategy,
        policy=policy_strategy,
        roles=_roles(cat, max_positions),
        wage_level=st.floats(0.5, 2.0),
        hiring_delay_weeks=st.floats(0.5, 26.0),
        internal_delay_weeks=st.floats(1.0, 13.0),
        replacement_cost_share=st.floats(0.0, 5.0),
    )
