"""Domain types: validation messages, the skill catalog and the records of a worker."""

from __future__ import annotations

import re

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj

from .strategies import bad_numbers, outside_unit, unit


def _raises_naming(exc: type[Exception], *parts: str) -> pytest.RaisesExc:
    """``pytest.raises`` that also requires every part in the message."""
    return pytest.raises(exc, match=".*".join(re.escape(p) for p in parts))


def _role(**changes: object) -> mj.Role:
    kw: dict[str, object] = {"name": "analyst", "skills": {"statistics": 2, "visualisation": 1}}
    kw.update(changes)
    return mj.Role(**kw)  # type: ignore[arg-type]


def _worker(**changes: object) -> mj.Worker:
    kw: dict[str, object] = {
        "id": 0,
        "age_years": 30.0,
        "proficiency": (0.2, 0.5),
        "interests": (0.25, 0.75),
        "openness": 0.4,
        "mover": False,
        "wage": 50000.0,
        "state": "employed",
        "employer": 0,
        "role": "analyst",
        "hire_time_weeks": 0.0,
    }
    kw.update(changes)
    return mj.Worker(**kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------ catalog


@pytest.fixture(scope="module")
def catalog() -> mj.SkillCatalog:
    return mj.SkillCatalog.default()


def test_default_catalog_size(catalog: mj.SkillCatalog) -> None:
    assert len(catalog) >= 20
    assert len(catalog.families) >= 5
    assert len(set(catalog.names)) == len(catalog)
    for family in catalog.families:
        assert sum(s.family == family for s in catalog.skills) >= 2, family


def test_default_catalog_similarity(catalog: mj.SkillCatalog) -> None:
    m = catalog.matrix()
    k = len(catalog)
    assert m.shape == (k, k)
    assert m.dtype == np.float64
    np.testing.assert_array_equal(m, m.T)
    np.testing.assert_array_equal(np.diag(m), np.ones(k))
    assert ((m >= 0.0) & (m <= 1.0)).all()
    assert np.array_equal(m, np.array(catalog.similarity))
    # Related skills are more alike: every skill has some neighbour in its family.
    fam = np.array([s.family for s in catalog.skills])
    same = fam[:, None] == fam[None, :]
    off_diag = ~np.eye(k, dtype=bool)
    assert m[same & off_diag].min() > 0.0
    assert m[same & off_diag].mean() > m[~same].mean()


def test_catalog_index_and_vector(catalog: mj.SkillCatalog) -> None:
    for i, name in enumerate(catalog.names):
        assert catalog.index(name) == i
    v = catalog.vector({catalog.names[3]: 0.5, catalog.names[0]: 2.0})
    assert v.shape == (len(catalog),)
    assert v[3] == 0.5 and v[0] == 2.0 and v.sum() == 2.5
    with pytest.raises(KeyError, match="no_such_skill"):
        catalog.index("no_such_skill")
    with pytest.raises(KeyError, match="no_such_skill"):
        catalog.vector({"no_such_skill": 1.0})


def test_catalog_from_toml_round_trips_default(catalog: mj.SkillCatalog, tmp_path) -> None:
    path = tmp_path / "skills.toml"
    path.write_text(
        "[similarity]\nwithin_family = 0.5\nbetween_families = 0.1\n"
        '[[similarity.pairs]]\na = "x1"\nb = "y1"\nvalue = 0.9\n'
        '[[families]]\nname = "x"\nskills = ["x1", "x2"]\n'
        '[[families]]\nname = "y"\nskills = ["y1"]\n',
        encoding="utf-8",
    )
    c = mj.SkillCatalog.from_toml(path)
    assert c.names == ("x1", "x2", "y1")
    assert c.families == ("x", "y")
    assert c.similarity == ((1.0, 0.5, 0.9), (0.5, 1.0, 0.1), (0.9, 0.1, 1.0))


@st.composite
def _families(draw: st.DrawFn) -> dict[str, list[str]]:
    n_fam = draw(st.integers(1, 4))
    sizes = [draw(st.integers(1, 4)) for _ in range(n_fam)]
    return {f"f{i}": [f"s{i}_{j}" for j in range(n)] for i, n in enumerate(sizes)}


@given(_families(), unit, unit)
def test_from_families_builds_valid_catalog(families, within: float, between: float) -> None:
    c = mj.SkillCatalog.from_families(families, within_family=within, between_families=between)
    m = c.matrix()
    assert len(c) == sum(len(v) for v in families.values())
    np.testing.assert_array_equal(m, m.T)
    np.testing.assert_array_equal(np.diag(m), 1.0)
    for i, a in enumerate(c.skills):
        for j, b in enumerate(c.skills):
            if i != j:
                assert m[i, j] == (within if a.family == b.family else between)


def test_from_families_pairs_override_both_ways() -> None:
    c = mj.SkillCatalog.from_families({"a": ["a1", "a2"], "b": ["b1"]}, pairs=[("b1", "a1", 0.7)])
    assert c.similarity[0][2] == c.similarity[2][0] == 0.7
    with pytest.raises(ValueError, match="pairs"):
        mj.SkillCatalog.from_families({"a": ["a1"]}, pairs=[("a1", "a1", 0.5)])
    with _raises_naming(ValueError, "pairs", "1.5"):
        mj.SkillCatalog.from_families({"a": ["a1", "a2"]}, pairs=[("a1", "a2", 1.5)])
    with pytest.raises(KeyError, match="zz"):
        mj.SkillCatalog.from_families({"a": ["a1"]}, pairs=[("a1", "zz", 0.5)])


@given(outside_unit)
def test_from_families_rejects_bad_similarity(value: float) -> None:
    with _raises_naming(ValueError, "within_family", repr(value)):
        mj.SkillCatalog.from_families({"a": ["a1", "a2"]}, within_family=value)
    with _raises_naming(ValueError, "between_families", repr(value)):
        mj.SkillCatalog.from_families({"a": ["a1"], "b": ["b1"]}, between_families=value)


def test_catalog_validation() -> None:
    a, b = mj.Skill("a", "f"), mj.Skill("b", "f")
    with _raises_naming(ValueError, "skills"):
        mj.SkillCatalog((), ())
    with _raises_naming(ValueError, "skills[1].name", "'a'"):
        mj.SkillCatalog((a, mj.Skill("a", "g")), np.eye(2))
    with _raises_naming(TypeError, "skills[1]"):
        mj.SkillCatalog((a, "b"), np.eye(2))
    with _raises_naming(ValueError, "similarity", "2x2"):
        mj.SkillCatalog((a, b), np.eye(3))
    with _raises_naming(ValueError, "similarity[1][1]", "0.5"):
        mj.SkillCatalog((a, b), [[1.0, 0.0], [0.0, 0.5]])
    with _raises_naming(ValueError, "similarity[0][1]", "symmetric"):
        mj.SkillCatalog((a, b), [[1.0, 0.2], [0.3, 1.0]])
    with _raises_naming(ValueError, "similarity[0][1]", "1.5"):
        mj.SkillCatalog((a, b), [[1.0, 1.5], [1.5, 1.0]])


def test_skill_validation() -> None:
    assert mj.Skill("statistics", "data").family == "data"
    with _raises_naming(ValueError, "name"):
        mj.Skill("  ", "data")
    with _raises_naming(TypeError, "family", "3"):
        mj.Skill("statistics", 3)  # type: ignore[arg-type]


def test_records_are_frozen(catalog: mj.SkillCatalog) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        catalog.skills[0].name = "renamed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        _worker().wage = 1.0  # type: ignore[misc]


# -------------------------------------------------------------------- roles


def test_role_validation() -> None:
    r = _role()
    assert r.positions == 10
    assert hash(r) == hash(_role())
    with _raises_naming(ValueError, "skills", "analyst"):
        _role(skills={})
    with _raises_naming(ValueError, "skills.statistics", "0"):
        _role(skills={"statistics": 0})
    with _raises_naming(ValueError, "skills.statistics", "True"):
        _role(skills={"statistics": True})
    with _raises_naming(ValueError, "positions", "0"):
        _role(positions=0)
    with _raises_naming(TypeError, "positions", "2.5"):
        _role(positions=2.5)
    with _raises_naming(ValueError, "name"):
        _role(name="")


def test_unknown_skill_in_role_is_rejected_by_the_scenario() -> None:
    s = mj.scenarios.small()
    bad = mj.Role("odd-job", {"statistics": 1.0, "basket_weaving": 1.0}, 3)
    company = attrs.evolve(s.companies[1], roles=(*s.companies[1].roles, bad))
    with _raises_naming(ValueError, "companies[1].roles[", "basket_weaving"):
        attrs.evolve(s, companies=(s.companies[0], company))
    outside = attrs.evolve(s.outside, roles=(bad,))
    with _raises_naming(ValueError, "outside.roles[0]", "basket_weaving"):
        attrs.evolve(s, outside=outside)


# ---------------------------------------------------------------- companies


def test_company_validation() -> None:
    pol = mj.TraditionalEmployment()
    c = mj.Company("acme", pol, (_role(positions=3), _role(name="dev", positions=4)))
    assert c.headcount == 7
    with _raises_naming(TypeError, "policy", "'traditional'"):
        mj.Company("acme", "traditional", (_role(),))  # type: ignore[arg-type]
    with _raises_naming(ValueError, "roles", "acme"):
        mj.Company("acme", pol, ())
    with _raises_naming(ValueError, "].name", "duplicate", "analyst"):
        mj.Company("acme", pol, (_role(), _role()))
    with _raises_naming(ValueError, "wage_level", "0"):
        mj.Company("acme", pol, (_role(),), wage_level=0)
    with _raises_naming(ValueError, "hiring_delay_weeks", "-1"):
        mj.Company("acme", pol, (_role(),), hiring_delay_weeks=-1)
    with _raises_naming(ValueError, "replacement_cost_share", "6"):
        mj.Company("acme", pol, (_role(),), replacement_cost_share=6)


def test_company_rejects_non_role_entries() -> None:
    with _raises_naming(TypeError, "roles[1]", "'analyst'"):
        mj.Company("acme", mj.TraditionalEmployment(), (_role(), "analyst"))  # type: ignore[arg-type]


@given(st.one_of(st.floats(max_value=0.0), st.just(float("inf")), st.just(float("nan"))))
def test_company_wage_level_must_be_positive_and_finite(value: float) -> None:
    with pytest.raises(ValueError, match="wage_level"):
        mj.Company("acme", mj.TraditionalEmployment(), (_role(),), wage_level=value)


# --------------------------------------------------------------- micro-jobs


def _gig(**changes: object) -> mj.MicroJob:
    kw: dict[str, object] = {
        "id": 1,
        "company": 0,
        "required": {"statistics": 0.4},
        "teaches": ("statistics",),
        "duration_weeks": 6.0,
        "effort_share": 0.15,
        "bonus": 900.0,
    }
    kw.update(changes)
    return mj.MicroJob(**kw)  # type: ignore[arg-type]


def test_microjob_validation() -> None:
    g = _gig()
    assert g.status == "open"
    assert g.teaches == ("statistics",)
    assert _gig(company=None).company is None
    with _raises_naming(ValueError, "required.statistics", "1.2"):
        _gig(required={"statistics": 1.2})
    with _raises_naming(ValueError, "status", "'lost'"):
        _gig(status="lost")
    with _raises_naming(ValueError, "duration_weeks", "0"):
        _gig(duration_weeks=0)
    with _raises_naming(ValueError, "bonus", "-5"):
        _gig(bonus=-5)
    with _raises_naming(ValueError, "id", "-1"):
        _gig(id=-1)


@given(bad_numbers)
def test_microjob_effort_share_is_a_share(value: float) -> None:
    with pytest.raises(ValueError, match="effort_share"):
        _gig(effort_share=value)


# ------------------------------------------------------------------ workers


def test_worker_validation() -> None:
    w = _worker()
    assert w.proficiency == (0.2, 0.5) and w.state == "employed"
    unemployed = _worker(state="unemployed", employer=None, role=None, wage=0.0)
    assert unemployed.employer is None
    with _raises_naming(ValueError, "interests", "sum to 1"):
        _worker(interests=(0.5, 0.6))
    with _raises_naming(ValueError, "interests", "2", "3"):
        _worker(interests=(0.2, 0.3, 0.5))
    with _raises_naming(ValueError, "proficiency[1]", "1.5"):
        _worker(proficiency=(0.2, 1.5))
    with _raises_naming(ValueError, "employer", "None"):
        _worker(employer=None)
    with _raises_naming(ValueError, "employer", "2"):
        _worker(state="retired", employer=2)
    with _raises_naming(ValueError, "state", "'asleep'"):
        _worker(state="asleep")
    with _raises_naming(ValueError, "openness", "1.1"):
        _worker(openness=1.1)
    with _raises_naming(ValueError, "age_years", "130"):
        _worker(age_years=130)
    with _raises_naming(ValueError, "wage", "-1"):
        _worker(wage=-1)


@given(st.lists(unit, min_size=1, max_size=6))
def test_worker_accepts_any_proficiency_in_unit_interval(p: list[float]) -> None:
    k = len(p)
    w = _worker(proficiency=p, interests=[1.0 / k] * k)
    assert w.proficiency == tuple(float(x) for x in p)


def test_family_members_put_each_skill_in_exactly_its_family() -> None:
    catalog = mj.SkillCatalog.default()
    members = catalog.family_members()
    assert members.shape == (len(catalog.families), len(catalog))
    assert (members.sum(axis=0) == 1).all()
    for k, skill in enumerate(catalog.skills):
        assert members[catalog.families.index(skill.family), k]
