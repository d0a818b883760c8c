"""Barriers to micro-jobs: the mechanisms (managers, an openness floor, managers'
encouragement) and the experiment that ranks the barriers by removing them."""

from __future__ import annotations

import math
import re
from pathlib import Path

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob.engine.core import run as reference_run
from microjob.engine.streams import root_seed
from microjob.experiment.barriers import BARRIERS, barrier_plan

from .helpers import run_digest


@pytest.fixture(scope="module")
def short() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)


def _participation(scenario: mj.Scenario, policy: mj.InternalFreelance, seed: int = 3) -> float:
    return mj.simulate(scenario, seed=seed, policy=policy).summary().gig_participation_share


# ------------------------------------------------------------------- the mechanisms


def test_barriers_at_their_defaults_leave_every_run_as_it_was(short: mj.Scenario) -> None:
    """Every new setting at its 'removed' default: not one draw moves (the reference
    runs check the presets; this checks explicit settings equal to the defaults)."""
    plain = mj.simulate(short, seed=5, policy="internal-freelance")
    explicit = attrs.evolve(
        short, mindset=attrs.evolve(short.mindset, openness_floor=0.0, manager_rate=0.0)
    )
    same = mj.simulate(explicit, seed=5, policy=mj.InternalFreelance(manager_release_share=1.0))
    assert run_digest(plain) == run_digest(same)


def test_without_any_manager_releasing_time_nobody_takes_a_micro_job(short: mj.Scenario) -> None:
    result = mj.simulate(short, seed=2, policy=mj.InternalFreelance(manager_release_share=0.0))
    summary = result.summary()
    assert summary.gigs_posted > 0
    assert summary.gigs_filled == 0
    assert not result.gigs


def test_fewer_managers_releasing_time_means_fewer_people_taking_part(
    short: mj.Scenario,
) -> None:
    shares = [0.1, 0.5, 1.0]
    taking_part = [
        _participation(short, mj.InternalFreelance(manager_release_share=s)) for s in shares
    ]
    assert taking_part == sorted(taking_part)
    assert taking_part[0] < 0.5 * taking_part[-1]


def test_an_openness_floor_of_one_lifts_a_sceptical_workforce(short: mj.Scenario) -> None:
    sceptics = attrs.evolve(
        short, population=attrs.evolve(short.population, openness_alpha=0.3, openness_beta=10.0)
    )
    opened = attrs.evolve(sceptics, mindset=attrs.evolve(sceptics.mindset, openness_floor=1.0))
    policy = mj.InternalFreelance()
    assert _participation(opened, policy) > _participation(sceptics, policy) + 0.1


def test_supportive_managers_raise_openness(short: mj.Scenario) -> None:
    encouraged = attrs.evolve(short, mindset=attrs.evolve(short.mindset, manager_rate=0.5))
    policy = mj.InternalFreelance()

    def mean_openness(result: mj.RunResult) -> float:
        arrays = result.stats.workers
        at_simulated = (arrays.employer >= 0) & (arrays.employer < len(short.companies))
        return float(np.mean(arrays.openness[at_simulated]))

    plain = mj.simulate(short, seed=4, policy=policy)
    lifted = mj.simulate(encouraged, seed=4, policy=policy)
    assert mean_openness(lifted) > mean_openness(plain) + 0.05
    for result in (plain, lifted):  # the summary measures the same distribution
        summary = result.summary()
        assert summary.openness_mean == pytest.approx(mean_openness(result), rel=1e-12)
        assert 0.0 <= summary.open_share <= 1.0
    assert lifted.summary().open_share > plain.summary().open_share
    # Under traditional employment there is no manager support to give: no change.
    trad = [mj.simulate(s, seed=4, policy="traditional") for s in (short, encouraged)]
    assert run_digest(trad[0]) == run_digest(trad[1])


def test_the_reference_engine_refuses_barriers_it_does_not_model(short: mj.Scenario) -> None:
    hoarding = short.with_policy(mj.InternalFreelance(manager_release_share=0.5))
    with pytest.raises(NotImplementedError, match=r"manager_release_share = 0\.5"):
        reference_run(hoarding, root_seed(1), None, [])


# ------------------------------------------------------------------- the experiment


def test_the_barriers_that_stand_by_default(short: mj.Scenario) -> None:
    _, chosen = barrier_plan(short)
    assert [b.name for b in chosen] == ["mindset", "skills", "tenure", "interest"]
    _, chosen = barrier_plan(short, policy=mj.InternalFreelance(manager_release_share=0.6))
    assert [b.name for b in chosen][:2] == ["mindset", "manager"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"removed": ["hope"]}, "unknown barrier 'hope'"),
        ({"removed": ["manager"]}, "'manager' does not stand"),
        ({"removed": ["tenure", "tenure"]}, "names a barrier twice"),
        ({"removed": "mindset"}, "must be a list"),
        ({"removed": []}, "at least one barrier"),
        ({"policy": "traditional"}, "posts no micro-jobs"),
        ({"policy": "scenario"}, "not one policy"),
    ],
)
def test_bad_plans_name_what_is_wrong(short: mj.Scenario, kwargs: dict, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        barrier_plan(short, **kwargs)


def test_each_barrier_removal_changes_the_setting_it_names(short: mj.Scenario) -> None:
    policy = mj.InternalFreelance(manager_release_share=0.4)
    for barrier in BARRIERS.values():
        s, p = barrier.remove(short, policy)
        assert (s, p) != (short, policy)
        assert barrier.remove(s, p) == (s, p)  # removing twice changes nothing more
        assert not barrier.present(s, p)
        assert barrier.strength(short, policy)


@pytest.fixture(scope="module")
def hoarding_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("barriers") / "runs.sqlite"


def _hoarding(short: mj.Scenario, store: Path) -> mj.BarrierExperiment:
    """Managers who mostly keep their people: one in five releases time."""
    return mj.barriers(
        short,
        policy=mj.InternalFreelance(manager_release_share=0.2),
        removed=["mindset", "manager"],
        replications=2,
        seed=11,
        store=store,
    )


@pytest.fixture(scope="module")
def hoarding(short: mj.Scenario, hoarding_store: Path) -> mj.BarrierExperiment:
    return _hoarding(short, hoarding_store)


def test_every_combination_runs_on_the_same_seeds(hoarding: mj.BarrierExperiment) -> None:
    labels = [r.policy for r in hoarding.runs]
    assert sorted(set(labels)) == ["manager", "mindset", "mindset+manager", "none"]
    assert len(labels) == 4 * 2
    seeds = {label: [r.seed for r in hoarding.runs if r.policy == label] for label in labels}
    assert len({tuple(v) for v in seeds.values()}) == 1


def test_shapley_values_of_barriers_add_up(hoarding: mj.BarrierExperiment) -> None:
    measure = "gig_participation_share"
    shap, total = hoarding.shapley(measure), hoarding.total(measure)
    for r in range(hoarding.replications):
        assert math.fsum(shap[:, r]) == pytest.approx(total[r], abs=1e-12)
    table = hoarding.table([measure])
    assert table.get("manager:shapley", measure).n == 2


def test_mindset_can_rank_below_another_barrier(short: mj.Scenario, hoarding) -> None:
    """With talent-hoarding managers, releasing time opens micro-jobs to far more
    people than lifting everyone's openness does: mindset is not the biggest barrier."""
    ranking = hoarding.ranking()
    assert [name for name, _ in ranking] == ["manager", "mindset"]
    gains = dict(ranking)
    assert gains["manager"] > 0.2
    assert gains["manager"] > 3 * gains["mindset"]


def test_rankings_by_shapley_value_and_alone_hold_the_same_barriers(
    hoarding: mj.BarrierExperiment,
) -> None:
    alone = dict(hoarding.ranking())
    shapley = dict(hoarding.ranking(method="shapley"))
    assert set(alone) == set(shapley) == {"mindset", "manager"}
    assert math.fsum(shapley.values()) == pytest.approx(
        float(np.mean(hoarding.total("gig_participation_share"))), abs=1e-12
    )
    assert next(iter(shapley)) == "manager"
    with pytest.raises(ValueError, match="method: must be"):
        hoarding.ranking(method="best")


def test_mindset_can_also_rank_first(short: mj.Scenario) -> None:
    """A sceptical workforce (openness Beta(0.3, 10), mean 0.03) with managers who all
    release time: now openness is what holds people back."""
    sceptics = attrs.evolve(
        short, population=attrs.evolve(short.population, openness_alpha=0.3, openness_beta=10.0)
    )
    result = mj.barriers(
        sceptics,
        policy=mj.InternalFreelance(manager_release_share=0.9),
        removed=["manager", "mindset"],
        replications=2,
        seed=11,
    )
    assert result.ranking()[0][0] == "mindset"


def test_a_stored_experiment_is_read_back_not_rerun(
    short: mj.Scenario, hoarding: mj.BarrierExperiment, hoarding_store: Path
) -> None:
    assert hoarding.tasks_run == 8
    again = _hoarding(short, hoarding_store)
    assert again.tasks_run == 0
    assert [repr(r.summary) for r in again.runs] == [repr(r.summary) for r in hoarding.runs]


def test_setting_gives_the_scenario_and_policy_of_a_combination(
    hoarding: mj.BarrierExperiment,
) -> None:
    s, p = hoarding.setting(["manager"])
    assert p.manager_release_share == 1.0 and s == hoarding.scenario
    s, p = hoarding.setting(["mindset"])
    assert s.mindset.openness_floor == 1.0 and p.manager_release_share == 0.2
    with pytest.raises(KeyError, match="unknown barriers"):
        hoarding.setting(["skills"])


# ------------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--barriers", "hope"], "--barriers: unknown barrier 'hope'"),
        (["--barriers", ","], "--barriers: give at least one barrier"),
        (["--barriers", "manager"], "'manager' does not stand"),
        (["--policy", "traditional"], "--policy: 'traditional' posts no micro-jobs"),
    ],
)
def test_the_command_checks_before_it_runs(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from microjob import cli

    assert cli.main(["barriers", "--preset", "small", "--quiet", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_the_command_ranks_and_writes_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd

    from microjob import cli

    argv = ["barriers", "--preset", "small", "--replications", "2", "--workers", "1"]
    argv += ["--barriers", "mindset,tenure", "--quiet", "--out", str(tmp_path / "b")]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "2 barriers (4 combinations) x 2 replications" in out
    assert re.search(r"^1\. (mindset|tenure) ", out, re.MULTILINE)
    assert "all removed" in out
    table = pd.read_csv(tmp_path / "b" / "barriers.csv")
    assert set(table["lever"]) == {"total", "mindset", "tenure", "interaction"}
    assert (tmp_path / "b" / "figures" / "barriers.png").stat().st_size > 10_000
    runs = pd.read_csv(tmp_path / "b" / "runs.csv")
    assert len(runs) == 8 and set(runs["policy"]) == {"none", "mindset", "tenure", "mindset+tenure"}
