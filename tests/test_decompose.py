"""Lever decomposition: Shapley values and one-at-a-time effects of a policy's levers."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj
from microjob.experiment.decompose import _subsets, shapley_values


@pytest.fixture(scope="module")
def short() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)


@pytest.fixture(scope="module")
def full(short: mj.Scenario) -> mj.Decomposition:
    return mj.decompose(short, replications=3, seed=7)


# ------------------------------------------------------------------ the Shapley maths


def _game(names: list[str], values: st.DataObject, replications: int) -> dict:
    floats = st.floats(-1e6, 1e6, allow_nan=False)
    return {
        s: np.array(values.draw(st.lists(floats, min_size=replications, max_size=replications)))
        for s in _subsets(names)
    }


@given(st.integers(1, 4), st.integers(1, 3), st.data())
def test_shapley_values_add_up_to_the_total(k: int, reps: int, data: st.DataObject) -> None:
    names = [f"l{i}" for i in range(k)]
    game = _game(names, data, reps)
    shares = shapley_values(names, game)
    total = game[frozenset(names)] - game[frozenset()]
    for r in range(reps):
        assert math.fsum(shares[:, r]) == pytest.approx(total[r], rel=1e-12, abs=1e-6)
    if k == 1:  # one lever: the plain paired difference, exactly
        assert shares[0].tolist() == total.tolist()


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=4), st.data())
def test_an_additive_game_gives_each_lever_its_own_effect(
    effects: list[float], data: st.DataObject
) -> None:
    names = [f"l{i}" for i in range(len(effects))]
    base = data.draw(st.floats(-100, 100, allow_nan=False))
    game = {
        s: np.array([base + sum(e for n, e in zip(names, effects, strict=True) if n in s)])
        for s in _subsets(names)
    }
    shares = shapley_values(names, game)
    assert shares[:, 0] == pytest.approx(effects, abs=1e-9)


def test_a_lever_that_changes_nothing_gets_nothing_and_nan_stays_nan() -> None:
    names = ["a", "null"]
    game = {s: np.array([3.0 if "a" in s else 1.0, math.nan]) for s in _subsets(names)}
    shares = shapley_values(names, game)
    assert shares[:, 0].tolist() == [2.0, 0.0]
    assert np.isnan(shares[:, 1]).all()


# ------------------------------------------------------------------ decompose on runs


def test_default_levers_are_the_groups_in_which_the_policies_differ(
    full: mj.Decomposition,
) -> None:
    assert full.lever_names == ("internal-fills", "redeployment", "micro-jobs")
    assert len(full.runs) == 8 * 3
    assert full.policy(()) == mj.TraditionalEmployment()
    assert full.policy(full.lever_names) == mj.InternalFreelance()
    assert full.policy(["redeployment"]) == attrs.evolve(
        mj.InternalFreelance.redeployment_only(),
        time_share=0.0,
        min_tenure_weeks=0.0,
        bonus_share=0.0,
        stretch_margin=0.0,
    )


def test_the_total_is_the_paired_difference_of_compare(
    short: mj.Scenario, full: mj.Decomposition
) -> None:
    c = mj.compare(short, ["traditional", "internal-freelance"], replications=3, seed=7)
    for m in ("retention_2y", "quit_rate_monthly", "skill_gain_per_worker_year"):
        paired = c.values("internal-freelance", m) - c.values("traditional", m)
        assert full.total(m).tolist() == paired.tolist()
        shares = full.shapley(m)
        for r in range(3):
            assert math.fsum(shares[:, r]) == pytest.approx(paired[r], rel=1e-12, abs=1e-15)
    diff = c.differences(measures=["retention_2y"]).get("internal-freelance", "retention_2y")
    total = full.table(["retention_2y"]).get("total:total", "retention_2y")
    assert (total.mean, total.ci_low, total.ci_high) == pytest.approx(
        (diff.mean, diff.ci_low, diff.ci_high)
    )


def test_one_at_a_time_effects_and_interaction_add_up(full: mj.Decomposition) -> None:
    table = full.table(["quit_rate_monthly"])
    total = table.get("total:total", "quit_rate_monthly").mean
    oat = [table.get(f"{x}:one-at-a-time", "quit_rate_monthly").mean for x in full.lever_names]
    interaction = table.get("interaction:one-at-a-time", "quit_rate_monthly").mean
    assert sum(oat) + interaction == pytest.approx(total, abs=1e-12)
    shares = [table.get(f"{x}:shapley", "quit_rate_monthly").share for x in full.lever_names]
    assert sum(shares) == pytest.approx(1.0, abs=1e-9)


def test_a_single_lever_is_the_plain_paired_difference(short: mj.Scenario) -> None:
    d = mj.decompose(short, to=mj.InternalFreelance.redeployment_only(), replications=2, seed=3)
    assert d.lever_names == ("redeployment",)  # dormant micro-job details do not count
    for m in ("retention_2y", "quit_rate_monthly"):
        assert d.shapley(m)[0].tolist() == d.total(m).tolist()


def test_decompose_resumes_from_the_store(short: mj.Scenario, tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    first = mj.decompose(
        short,
        levers=["redeployment", "micro-jobs"],
        to=mj.InternalFreelance.micro_jobs_only(redeployment=True),
        replications=2,
        seed=5,
        store=store,
    )
    again = mj.decompose(
        short,
        levers=["redeployment", "micro-jobs"],
        to=mj.InternalFreelance.micro_jobs_only(redeployment=True),
        replications=2,
        seed=5,
        store=store,
    )
    assert first.tasks_run == 8 and again.tasks_run == 0
    assert [repr(r.summary) for r in again.runs] == [repr(r.summary) for r in first.runs]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"levers": ["gig"]}, "levers: unknown lever 'gig'"),
        ({"levers": ["micro-jobs"]}, "also differ in internal_fill_share"),
        ({"levers": {"a": ["time_share"], "b": ["time_share"]}}, "belongs to both 'a' and 'b'"),
        ({"levers": {"a": ["speed"]}}, "'speed' is not a policy lever"),
        ({"to": "traditional"}, "nothing to decompose"),
        ({"from_": "scenario"}, "from_: 'scenario' is not one policy"),
        (
            {
                "levers": {"pay": ["annual_raise_share"]},
                "to": mj.TraditionalEmployment(annual_raise_share=0.05),
            },
            None,
        ),
        (
            {
                "levers": {
                    "gigs": ["gigs_per_employee_year"],
                    "rest": [
                        "time_share",
                        "min_tenure_weeks",
                        "bonus_share",
                        "stretch_margin",
                        "internal_fill_share",
                        "internal_candidates_seen",
                        "redeployment",
                        "redeployment_share",
                        "redeployment_min_fit",
                    ],
                }
            },
            "combination 'gigs'.time_share: 0.0 leaves no room",
        ),
    ],
)
def test_bad_levers_are_errors_naming_what_is_wrong(
    short: mj.Scenario, kwargs: dict, message: str | None
) -> None:
    if message is None:  # a lever of the traditional policy itself
        d = mj.decompose(short, replications=1, seed=1, **kwargs)
        assert d.lever_names == ("pay",)
        return
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        mj.decompose(short, replications=1, seed=1, **kwargs)


def test_every_combination_is_a_distinct_policy(full: mj.Decomposition) -> None:
    policies = [full.policy(sorted(s)) for s in _subsets(full.lever_names)]
    assert len({repr(p) for p in policies}) == len(policies)
    for a, b in itertools.combinations(full.lever_names, 2):
        both = full.policy([a, b])
        assert both.redeployment == ("redeployment" in (a, b))


# ------------------------------------------------------------------ the command line


def test_cli_decompose_runs_exactly_the_api_decomposition(
    short: mj.Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from microjob import cli

    file = tmp_path / "short.toml"
    short.to_toml(file)
    store = tmp_path / "runs.sqlite"
    argv = ["decompose", str(file), "--replications", "2", "--workers", "1", "--quiet"]
    assert cli.main([*argv, "--store", str(store)]) == 0
    out = capsys.readouterr().out
    for lever in ("internal-fills", "redeployment", "micro-jobs", "interaction", "total"):
        assert lever in out
    api = mj.decompose(short, replications=2, seed=1, store=store)
    assert api.tasks_run == 0  # the command computed every run the API asks for


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--levers", "gig"], "--levers: unknown lever 'gig'"),
        (["--to", "traditional"], "nothing to decompose"),
        (["--from", "nope"], "--from: unknown policy 'nope'"),
    ],
)
def test_cli_decompose_bad_levers_exit_2_before_running(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    from microjob import cli

    assert cli.main(["decompose", "--preset", "small", "--quiet", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_writes_the_decomposition_report_and_compare_can_add_it(
    short: mj.Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from microjob import cli

    file = tmp_path / "short.toml"
    short.to_toml(file)
    store = tmp_path / "runs.sqlite"
    common = [str(file), "--replications", "2", "--workers", "1", "--quiet", "--store", str(store)]
    assert cli.main(["decompose", *common, "--out", str(tmp_path / "dec")]) == 0
    page = (tmp_path / "dec" / "report.html").read_text("utf-8")
    assert "Where the effect comes from" in page
    assert (tmp_path / "dec" / "decomposition.csv").exists()
    capsys.readouterr()
    out_dir = tmp_path / "cmp"
    assert cli.main(["compare", *common, "--decompose", "--out", str(out_dir)]) == 0
    out = capsys.readouterr().out
    assert "# where the difference internal-freelance - traditional comes from" in out
    assert "Where the effect comes from" in (out_dir / "report.html").read_text("utf-8")


def test_cli_compare_decompose_needs_two_policies(capsys: pytest.CaptureFixture[str]) -> None:
    from microjob import cli

    argv = ["compare", "--quiet", "--decompose"]
    assert cli.main([*argv, "--preset", "small", "--arms", "traditional"]) == 2
    assert "--decompose: needs two arms" in capsys.readouterr().err
    assert cli.main([*argv, "--preset", "mixed", "--arms", "scenario,traditional"]) == 2
    assert "--decompose: the 'scenario' arm mixes policies" in capsys.readouterr().err
