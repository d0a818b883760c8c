"""Arms as data: named policies in files, one way of naming a policy everywhere,
replication r of a comparison as a single run, and levers that can never act."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import microjob as mj
from microjob import cli
from microjob.experiment import default_arms, resolve_arms

CUSTOM = mj.InternalFreelance(time_share=0.3, gigs_per_employee_year=3.0)


@pytest.fixture(scope="module")
def short() -> mj.Scenario:
    """The small preset cut to a 1 + 2 year run: quick, and enough for equality checks."""
    return attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)


def _summaries(c: mj.Comparison, label: str) -> list[str]:
    """The summaries of one arm, as exact text (NaN measures compare equal as text)."""
    return [repr(s) for s in c.summaries(label)]


# ------------------------------------------------------------------ arms in files


def test_arms_round_trip_through_a_file_and_change_no_fingerprint(short: mj.Scenario) -> None:
    with_arms = attrs.evolve(short, arms={"mk-30": CUSTOM, "micro.only": CUSTOM})
    text = with_arms.to_toml_string()
    assert "[arms.mk-30]" in text and "\n[arms]\n" not in text
    assert mj.Scenario.from_toml_string(text) == with_arms
    assert mj.Scenario.from_toml_string(mj._toml.template(with_arms)) == with_arms
    # Arms change no run, so no stored run is keyed by them.
    assert mj.experiment.scenario_hash(with_arms) == mj.experiment.scenario_hash(short)
    # A scenario without arms is written exactly as before arms existed.
    assert "arms" not in short.to_toml_string().split("[arms.")[0].split("# ")[-1]


@pytest.mark.parametrize(
    ("arms", "message"),
    [
        ({"traditional": CUSTOM}, "arms.traditional: the name is taken"),
        ({"scenario": CUSTOM}, "arms.scenario: the name is taken"),
        ({"a,b": CUSTOM}, "arms: an arm's name must be"),
        ({"ok": object()}, "arms.ok: must be TraditionalEmployment"),
        ({"ok": mj.InternalFreelance(time_share=0.1)}, "arms.ok.time_share: 0.1 leaves no room"),
    ],
)
def test_bad_arms_are_errors_naming_the_arm(
    short: mj.Scenario, arms: dict[str, object], message: str
) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        attrs.evolve(short, arms=arms)


def test_a_bad_arm_in_a_file_names_its_toml_path(short: mj.Scenario) -> None:
    text = attrs.evolve(short, arms={"mk": CUSTOM}).to_toml_string()
    bad = text.replace("time_share = 0.3", "time_share = 0.05")
    with pytest.raises(mj.ScenarioFileError, match=r"arms\.mk\.time_share: 0\.05 leaves no room"):
        mj.Scenario.from_toml_string(bad)


def test_default_arms_follow_the_scenario(short: mj.Scenario) -> None:
    assert default_arms(short) == ("traditional", "internal-freelance")
    custom = short.with_policy(CUSTOM)
    assert default_arms(custom) == ("traditional", "scenario")
    assert resolve_arms(custom) == {"traditional": mj.TraditionalEmployment(), "scenario": None}
    with_arms = attrs.evolve(short, arms={"b": CUSTOM, "a": mj.TraditionalEmployment()})
    assert default_arms(with_arms) == ("b", "a")


# ------------------------------------------------------------------ one spelling everywhere


def test_policy_names_mean_the_same_in_simulate_compare_and_sweep(short: mj.Scenario) -> None:
    with_arms = attrs.evolve(short, arms={"mk": CUSTOM})
    by_object = repr(mj.simulate(with_arms, seed=5, policy=CUSTOM).summary())
    assert repr(mj.simulate(with_arms, seed=5, policy="mk").summary()) == by_object
    as_written = mj.simulate(with_arms.with_policy(CUSTOM), seed=5, policy="scenario")
    assert repr(as_written.summary()) == by_object
    default = repr(mj.simulate(short, seed=5, policy=mj.InternalFreelance()).summary())
    for name in ("internal-freelance", "internal_freelance"):
        assert repr(mj.simulate(short, seed=5, policy=name).summary()) == default
    swept = mj.sweep(with_arms, {"policy": ["mk", "scenario"]}, replications=1, seed=5)
    compared = mj.compare(with_arms, ["mk", "scenario"], replications=1, seed=5)
    # repr compares NaN measures too (a run with no gigs has NaN gig measures).
    assert [repr(r.summary) for r in swept.runs] == [repr(r.summary) for r in compared.runs]
    assert compared.arms == {"mk": CUSTOM, "scenario": None}


def test_unknown_policy_names_list_every_choice(short: mj.Scenario) -> None:
    with_arms = attrs.evolve(short, arms={"mk": CUSTOM})
    with pytest.raises(ValueError, match=r"unknown policy 'gig'; choose from .*'scenario', 'mk'"):
        mj.simulate(with_arms, seed=1, policy="gig")
    with pytest.raises(ValueError, match="unknown policy 'gig'"):
        mj.compare(with_arms, ["traditional", "gig"], replications=1, seed=1)


# ------------------------------------------------------------------ levers that can never act


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_share": 0.1}, "time_share: 0.1 leaves no room for a micro-job"),
        ({"time_share": 0.0}, "time_share: 0.0 leaves no room"),
        ({"min_tenure_weeks": 5000.0}, "min_tenure_weeks: 5000.0 is longer than any career"),
    ],
)
def test_levers_that_can_never_act_are_errors(
    short: mj.Scenario, changes: dict[str, float], field: str
) -> None:
    policy = mj.InternalFreelance(**changes)
    with pytest.raises(ValueError, match=f"policy.{field}"):
        mj.simulate(short, seed=1, policy=policy)
    with pytest.raises(ValueError, match=f"policies\\['x'\\].{field}"):
        mj.compare(short, {"x": policy}, replications=1, seed=1)
    with pytest.raises(ValueError, match=f"companies\\[0\\].policy.{field}"):
        short.with_policy(policy)
    # Switched off, the same value is no error: nothing is asked of it.
    short.with_policy(attrs.evolve(policy, gigs_per_employee_year=0.0))


def test_a_sweep_checks_each_point_against_its_own_gig_design(short: mj.Scenario) -> None:
    narrow = mj.InternalFreelance(time_share=0.12)
    with pytest.raises(ValueError, match=r"grid point 1: policy.time_share: 0.12"):
        mj.sweep(
            short,
            {"gigs.effort_min_share": [0.1, 0.15], "policy": [narrow]},
            replications=1,
            seed=1,
        )


# ------------------------------------------------------------------ replication r


def test_replication_r_of_compare_is_the_documented_single_run(short: mj.Scenario) -> None:
    c = mj.compare(short, ["traditional", "internal-freelance"], replications=3, seed=42)
    for label in c.policies:
        for r in range(3):
            alone = mj.simulate(short, seed=42, replication=r, policy=label)
            assert repr(alone.summary()) == repr(c.summaries(label)[r])
    again = c.rerun("internal_freelance", 2)
    alone = mj.simulate(short, seed=42, replication=2, policy=mj.InternalFreelance())
    assert again.spells == alone.spells and again.gigs == alone.gigs
    # Replication 0 is not the plain seed: the plain seed is the root, not a child.
    plain = mj.simulate(short, seed=42, policy="internal-freelance").summary()
    assert repr(plain) != repr(c.summaries("internal-freelance")[0])
    with pytest.raises(ValueError, match=r"replication: must be in 0\.\.2"):
        c.rerun("traditional", 3)
    with pytest.raises(ValueError, match="replication: must be a non-negative integer"):
        mj.simulate(short, seed=42, replication=-1)


# ------------------------------------------------------------------ the command line


def _write(path: Path, scenario: mj.Scenario) -> Path:
    scenario.to_toml(path)
    return path


def test_cli_compare_from_a_file_uses_its_policies_as_written(
    short: mj.Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write(tmp_path / "my-firm.toml", short.with_policy(CUSTOM))
    store = tmp_path / "runs.sqlite"
    argv = ["compare", str(file), "--replications", "2", "--workers", "1", "--quiet"]
    assert cli.main([*argv, "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "traditional" in out and "scenario" in out
    # Exactly the API comparison of traditional against the custom policy object.
    scenario = mj.Scenario.from_toml(file)
    api = mj.compare(
        scenario,
        {"traditional": mj.TraditionalEmployment(), "scenario": CUSTOM},
        replications=2,
        seed=1,
    )
    from_store = mj.compare(scenario, replications=2, seed=1, store=store)
    assert from_store.tasks_run == 0  # every run the API asks for, the CLI computed
    for label in ("traditional", "scenario"):
        assert _summaries(from_store, label) == _summaries(api, label)
    assert api.summaries("scenario")[0].gig_participation_share > 0


def test_cli_compare_runs_the_arms_a_file_defines(
    short: mj.Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write(tmp_path / "arms.toml", attrs.evolve(short, arms={"mk-30": CUSTOM}))
    store = tmp_path / "runs.sqlite"
    argv = ["compare", str(file), "--arms", "traditional,mk-30", "--replications", "1"]
    assert cli.main([*argv, "--workers", "1", "--quiet", "--store", str(store)]) == 0
    assert "mk-30 - traditional" in capsys.readouterr().out
    api = mj.compare(
        short,
        {"traditional": "traditional", "mk-30": CUSTOM},
        replications=1,
        seed=1,
        store=store,
    )
    assert api.tasks_run == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--arms", "traditional,gig"], "--arms: unknown policy 'gig'"),
        (["--arms", " , "], "--arms: give at least one policy"),
    ],
)
def test_cli_bad_arms_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert cli.main(["compare", "--preset", "small", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_names_files_as_init_does(
    short: mj.Scenario,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "my-firm.toml", short)
    assert cli.main(["run", "my-firm", "--policy", "internal_freelance"]) == 0
    assert "policy internal-freelance" in capsys.readouterr().out
    (tmp_path / "folder").mkdir()
    assert cli.main(["run", "folder"]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert cli.main(["run", "nothing-here"]) == 2
    assert "does not exist" in capsys.readouterr().err
