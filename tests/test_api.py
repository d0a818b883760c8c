"""The public API: what ``import microjob as mj`` offers."""

from __future__ import annotations

import inspect

import microjob as mj

# Names the design promises at this stage (more arrive with later modules).
PROMISED = {
    "Skill",
    "SkillCatalog",
    "Worker",
    "MicroJob",
    "Company",
    "TraditionalEmployment",
    "InternalFreelance",
    "Scenario",
    "scenarios",
    "simulate",
    "RunResult",
    "RunSummary",
    "EmploymentSpell",
    "GigRecord",
    "InternalMove",
}


def test_all_lists_every_promised_name() -> None:
    missing = PROMISED - set(mj.__all__)
    assert not missing, f"missing from microjob.__all__: {sorted(missing)}"


def test_all_names_exist_and_are_documented() -> None:
    for name in mj.__all__:
        obj = getattr(mj, name)
        if name == "__version__":
            assert isinstance(obj, str) and obj
            continue
        assert inspect.getdoc(obj), f"mj.{name} has no docstring"


def test_no_public_name_is_left_out_of_all() -> None:
    public = {
        name
        for name, obj in vars(mj).items()
        if not name.startswith("_") and not inspect.ismodule(obj)
    }
    assert public <= set(mj.__all__), sorted(public - set(mj.__all__))


def test_all_is_sorted_and_unique() -> None:
    assert len(set(mj.__all__)) == len(mj.__all__)
    assert list(mj.__all__) == sorted(mj.__all__, key=str)


def test_reprs_are_short_enough_for_a_notebook() -> None:
    result = mj.simulate(mj.scenarios.small(), seed=1, policy=mj.InternalFreelance())
    text = repr(result)
    assert len(text) < 300
    assert f"spells={len(result.spells):,}" in text
    assert "InternalFreelance" in text
    assert repr(mj.SkillCatalog.default()) == "SkillCatalog(24 skills in 6 families)"
